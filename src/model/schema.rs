//! The one declaration of the contract format: every field, its type, and when it is required.
//!
//! The validator walks files against these tables; the JSON Schema and the templates are
//! generated from them too, so the three cannot disagree.

/// The two kinds of contract.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Kind {
    Strategic,
    Experience,
}

impl Kind {
    pub const ALL: [Kind; 2] = [Kind::Strategic, Kind::Experience];

    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Strategic => "strategic",
            Kind::Experience => "experience",
        }
    }

    pub fn parse(word: &str) -> Option<Kind> {
        Kind::ALL.into_iter().find(|k| k.as_str() == word)
    }

    /// The top-level shape of a contract of this kind.
    pub fn shape(self) -> &'static Shape {
        match self {
            Kind::Strategic => &STRATEGIC_CONTRACT,
            Kind::Experience => &EXPERIENCE_CONTRACT,
        }
    }
}

/// What a field holds.
#[derive(Debug)]
pub enum Ty {
    /// The format version: the plain integer `1`.
    Version,
    Text,
    Id,
    Date,
    Person,
    Owner,
    Money,
    /// A plain non-negative number.
    Number,
    /// One word of a fixed list.
    Word(&'static [&'static str]),
    /// A method type (a word of `METHOD_GROUPS`).
    MethodType,
    List(&'static Ty),
    Map(&'static Shape),
}

/// When a field must be present (and not empty).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Need {
    /// In every status, drafts included.
    Always,
    /// For `agreed`, `active` and `closed` contracts.
    OnceNotDraft,
    /// Once not draft, when the sibling field `field` holds the word `is`.
    When {
        field: &'static str,
        is: &'static str,
    },
    Optional,
}

#[derive(Debug)]
pub struct Field {
    pub name: &'static str,
    pub ty: Ty,
    pub need: Need,
    /// Only in contracts of this kind (`supports[].for`).
    pub only: Option<Kind>,
    /// The value when absent, as written in a file.
    pub default: Option<&'static str>,
    /// What the field means (the JSON Schema's description).
    pub about: &'static str,
    /// What to write when it is missing.
    pub help: &'static str,
}

impl Field {
    const fn new(
        name: &'static str,
        ty: Ty,
        need: Need,
        about: &'static str,
        help: &'static str,
    ) -> Field {
        Field {
            name,
            ty,
            need,
            only: None,
            default: None,
            about,
            help,
        }
    }

    const fn default(mut self, value: &'static str) -> Field {
        self.default = Some(value);
        self
    }

    const fn only(mut self, kind: Kind) -> Field {
        self.only = Some(kind);
        self
    }
}

/// A mapping: its fields, in the order a template lists them.
#[derive(Debug)]
pub struct Shape {
    /// How an item of this shape is named in messages: "objective", "follow-up".
    pub name: &'static str,
    /// The fields, as parts to be read in order (a contract is the common part plus its kind's).
    pub parts: &'static [&'static [Field]],
    /// Once not draft, at least one field must be present (`links`).
    pub needs_one: bool,
}

impl Shape {
    pub fn fields(&self) -> impl Iterator<Item = &'static Field> + use<> {
        self.parts.iter().flat_map(|part| part.iter())
    }

    pub fn field(&self, name: &str) -> Option<&'static Field> {
        self.fields().find(|f| f.name == name)
    }
}

use Need::{Always, OnceNotDraft, Optional};

pub const STATUSES: &[&str] = &["draft", "agreed", "active", "closed", "cancelled"];
pub const KINDS: &[&str] = &["strategic", "experience"];
pub const OBJECTIVE_STATUSES: &[&str] = &["planned", "in-progress", "achieved", "dropped"];
pub const SUPPORT_STATUSES: &[&str] = &["needed", "provided", "declined"];
pub const PHASES: &[&str] = &["before", "during", "after"];
pub const ACTION_KINDS: &[&str] = &["share", "apply", "summary", "teach", "other"];
/// A transfer check-in's answer: is the learning being used on the job?
pub const APPLIED: &[&str] = &["none", "partly", "fully"];

/// The method types by group, for the 70:20:10 mix; `other` is in no group.
pub const METHOD_GROUPS: &[(&str, &[&str])] = &[
    (
        "formal",
        &[
            "training",
            "course",
            "e-learning",
            "seminar",
            "conference",
            "workshop",
            "certification",
        ],
    ),
    (
        "social",
        &[
            "mentoring",
            "coaching",
            "community-of-practice",
            "peer-learning",
            "action-learning",
            "job-exchange",
        ],
    ),
    (
        "experiential",
        &[
            "on-the-job",
            "stretch-assignment",
            "secondment",
            "job-rotation",
            "performance-support",
            "self-study",
            "reading",
        ],
    ),
    ("other", &["other"]),
];

/// The group of a method type, `None` for a word that is no method type.
pub fn method_group(method_type: &str) -> Option<&'static str> {
    METHOD_GROUPS
        .iter()
        .find(|(_, types)| types.contains(&method_type))
        .map(|(group, _)| *group)
}

pub fn method_types() -> impl Iterator<Item = &'static str> {
    METHOD_GROUPS
        .iter()
        .flat_map(|(_, types)| types.iter().copied())
}

/// The list items' types, named so that the tables can point at them.
static PARTNER_ITEM: Ty = Ty::Map(&PARTNER);
static SUPPORT_ITEM: Ty = Ty::Map(&SUPPORT);
static FOLLOW_UP_ITEM: Ty = Ty::Map(&FOLLOW_UP);
static GOAL_ITEM: Ty = Ty::Map(&GOAL);
static OBJECTIVE_ITEM: Ty = Ty::Map(&OBJECTIVE);
static ACTION_ITEM: Ty = Ty::Map(&ACTION);
static METHOD_ITEM: Ty = Ty::Map(&METHOD);
static HANDOVER_ITEM: Ty = Ty::Map(&HANDOVER);

static COMMON: &[Field] = &[
    Field::new(
        "lc",
        Ty::Version,
        Always,
        "format version",
        "add `lc: 1` as the first line",
    ),
    Field::new(
        "kind",
        Ty::Word(KINDS),
        Always,
        "strategic (yearly) or experience (one event)",
        "say `kind: strategic` or `kind: experience`",
    ),
    Field::new(
        "id",
        Ty::Id,
        Always,
        "unique across the repo",
        "give the contract an id such as `2026-jane-doe`",
    ),
    Field::new(
        "status",
        Ty::Word(STATUSES),
        Always,
        "draft, agreed, active, closed or cancelled",
        "start with `status: draft`",
    ),
    Field::new(
        "learner",
        Ty::Person,
        Always,
        "the staff member the contract is for",
        "name the learner: `Name <email>`",
    ),
    Field::new(
        "manager",
        Ty::Person,
        Always,
        "the learner's manager",
        "name the manager: `Name <email>`",
    ),
    Field::new("team", Ty::Text, Optional, "for grouping reports", ""),
    Field::new(
        "handovers",
        Ty::List(&HANDOVER_ITEM),
        Optional,
        "changes of manager: each follow-up counts for the manager on its due date (lc handover)",
        "",
    ),
    Field::new(
        "partners",
        Ty::List(&PARTNER_ITEM),
        Optional,
        "HR, L&D, mentor, coach…",
        "",
    ),
    Field::new(
        "agreed",
        Ty::Map(&AGREED),
        OnceNotDraft,
        "when each party agreed: the dialogue happened",
        "record when both agreed: `agreed: {learner: YYYY-MM-DD, manager: YYYY-MM-DD}`",
    ),
    Field::new(
        "closed_on",
        Ty::Date,
        Optional,
        "when it was closed (lc close): before that day it was still under way, and items due after it are no longer owed",
        "",
    ),
    Field::new(
        "cancelled_on",
        Ty::Date,
        Optional,
        "when it was cancelled (lc cancel): before that day it still stood",
        "",
    ),
    Field::new(
        "supports",
        Ty::List(&SUPPORT_ITEM),
        OnceNotDraft,
        "what the workplace owes the learner",
        "list what the workplace will do so the learning can be used",
    ),
    Field::new(
        "follow_ups",
        Ty::List(&FOLLOW_UP_ITEM),
        Optional,
        "dated check-ins",
        "",
    ),
    Field::new("notes", Ty::Text, Optional, "", ""),
];

static STRATEGIC: &[Field] = &[
    Field::new(
        "period",
        Ty::Map(&PERIOD),
        Always,
        "the period the contract covers, usually a year",
        "add `period: {start: YYYY-MM-DD, end: YYYY-MM-DD}`",
    ),
    Field::new(
        "goals",
        Ty::List(&GOAL_ITEM),
        OnceNotDraft,
        "the job goals for the period",
        "list the job goals agreed for the period",
    ),
    Field::new(
        "objectives",
        Ty::List(&OBJECTIVE_ITEM),
        OnceNotDraft,
        "the learning that serves the goals",
        "list what the learner needs to learn to reach the goals",
    ),
    Field::new(
        "career",
        Ty::Text,
        Optional,
        "link to career, succession or promotion plans",
        "",
    ),
];

static EXPERIENCE: &[Field] = &[
    Field::new(
        "strategic",
        Ty::Id,
        Optional,
        "the strategic contract this serves",
        "",
    ),
    Field::new(
        "experience",
        Ty::Map(&EVENT),
        Always,
        "the event itself",
        "describe the event: `experience: {title: …, type: course, start: YYYY-MM-DD}`",
    ),
    Field::new(
        "learning",
        Ty::List(&Ty::Text),
        OnceNotDraft,
        "what is to be learned",
        "list what is to be learned",
    ),
    Field::new(
        "links",
        Ty::Map(&LINKS),
        OnceNotDraft,
        "why it matters: to the job, the organisation, the career",
        "say how it links to the job, the organisation or the career",
    ),
    Field::new(
        "application",
        Ty::List(&ACTION_ITEM),
        OnceNotDraft,
        "how the learning will be applied",
        "list how the learning will be applied, each with a due date",
    ),
];

pub static STRATEGIC_CONTRACT: Shape = Shape {
    name: "contract",
    parts: &[COMMON, STRATEGIC],
    needs_one: false,
};
pub static EXPERIENCE_CONTRACT: Shape = Shape {
    name: "contract",
    parts: &[COMMON, EXPERIENCE],
    needs_one: false,
};
/// The fields every contract has, used when the kind cannot be read.
pub static COMMON_CONTRACT: Shape = Shape {
    name: "contract",
    parts: &[COMMON],
    needs_one: false,
};

static PARTNER: Shape = Shape {
    name: "partner",
    parts: &[&[
        Field::new(
            "who",
            Ty::Person,
            Always,
            "the partner",
            "name the partner: `Name <email>`",
        ),
        Field::new(
            "role",
            Ty::Word(crate::model::scalar::PARTNER_ROLES),
            Always,
            "the partner's role",
            "give a role: hr, l&d, mentor, coach, sponsor or peer",
        ),
    ]],
    needs_one: false,
};

static HANDOVER: Shape = Shape {
    name: "handover",
    parts: &[&[
        Field::new(
            "on",
            Ty::Date,
            Always,
            "the first day the new manager is the manager",
            "add the day of the handover: `on: YYYY-MM-DD`",
        ),
        Field::new(
            "from",
            Ty::Person,
            Always,
            "the manager until that day",
            "name the manager before the handover: `from: Name <email>`",
        ),
        Field::new(
            "to",
            Ty::Person,
            Always,
            "the manager from that day on (the contract's `manager`)",
            "name the manager after the handover: `to: Name <email>`",
        ),
    ]],
    needs_one: false,
};

static AGREED: Shape = Shape {
    name: "agreed",
    parts: &[&[
        Field::new(
            "learner",
            Ty::Date,
            OnceNotDraft,
            "when the learner agreed",
            "add the day the learner agreed",
        ),
        Field::new(
            "manager",
            Ty::Date,
            OnceNotDraft,
            "when the manager agreed",
            "add the day the manager agreed",
        ),
    ]],
    needs_one: false,
};

static SUPPORT: Shape = Shape {
    name: "support",
    parts: &[&[
        Field::new("id", Ty::Id, Optional, "unique in the contract", ""),
        Field::new(
            "text",
            Ty::Text,
            Always,
            "what the workplace will provide",
            "say what the workplace will provide",
        ),
        Field::new("owner", Ty::Owner, Optional, "who must provide it", "").default("manager"),
        Field::new(
            "due",
            Ty::Date,
            OnceNotDraft,
            "when it is needed",
            "say by when it is needed",
        ),
        Field::new(
            "status",
            Ty::Word(SUPPORT_STATUSES),
            Optional,
            "needed, provided or declined",
            "",
        )
        .default("needed"),
        Field::new(
            "provided_on",
            Ty::Date,
            Need::When {
                field: "status",
                is: "provided",
            },
            "when it was provided",
            "add the day it was provided",
        ),
        Field::new(
            "for",
            Ty::List(&Ty::Id),
            Optional,
            "the objectives it serves",
            "",
        )
        .only(Kind::Strategic),
        Field::new(
            "phase",
            Ty::Word(PHASES),
            Optional,
            "when it is needed relative to the learning",
            "",
        ),
        Field::new(
            "notes",
            Ty::Text,
            Optional,
            "remarks, such as why it was declined",
            "",
        ),
    ]],
    needs_one: false,
};

static FOLLOW_UP: Shape = Shape {
    name: "follow-up",
    parts: &[&[
        Field::new(
            "id",
            Ty::Id,
            Optional,
            "unique among the contract's follow-ups; commands and calendars use it",
            "",
        ),
        Field::new(
            "due",
            Ty::Date,
            Always,
            "when the check-in is due",
            "give the follow-up a due date",
        ),
        Field::new(
            "first_due",
            Ty::Date,
            Optional,
            "the due date first promised, when it was moved after it had passed (lc reschedule): follow-through judges the check-in by it",
            "",
        ),
        Field::new("owner", Ty::Owner, Optional, "who must hold it", "").default("manager"),
        Field::new("done", Ty::Date, Optional, "when it happened", ""),
        Field::new("notes", Ty::Text, Optional, "", ""),
        Field::new("outcome", Ty::Text, Optional, "what came of it", ""),
        Field::new(
            "applied",
            Ty::Word(APPLIED),
            Optional,
            "at a check-in after the experience: is the learning being used on the job (none, partly or fully)?",
            "",
        )
        .only(Kind::Experience),
        Field::new(
            "evidence",
            Ty::Text,
            Optional,
            "what shows the learning is used, or why it is not",
            "",
        )
        .only(Kind::Experience),
    ]],
    needs_one: false,
};

static PERIOD: Shape = Shape {
    name: "period",
    parts: &[&[
        Field::new(
            "start",
            Ty::Date,
            Always,
            "first day",
            "add the first day of the period",
        ),
        Field::new(
            "end",
            Ty::Date,
            Always,
            "last day",
            "add the last day of the period",
        ),
    ]],
    needs_one: false,
};

static GOAL: Shape = Shape {
    name: "goal",
    parts: &[&[
        Field::new(
            "id",
            Ty::Id,
            Always,
            "unique in the contract",
            "give the goal an id such as `g1`",
        ),
        Field::new(
            "text",
            Ty::Text,
            Always,
            "the job goal",
            "say what the goal is",
        ),
        Field::new(
            "metric",
            Ty::Map(&METRIC),
            Optional,
            "how the goal is measured",
            "",
        ),
    ]],
    needs_one: false,
};

static METRIC: Shape = Shape {
    name: "metric",
    parts: &[&[
        Field::new(
            "name",
            Ty::Text,
            Always,
            "what is measured",
            "name what is measured, e.g. claim error rate",
        ),
        Field::new(
            "baseline",
            Ty::Text,
            Always,
            "where it stands now",
            "say where it stands now",
        ),
        Field::new(
            "target",
            Ty::Text,
            Always,
            "where it should get to",
            "say where it should get to",
        ),
    ]],
    needs_one: false,
};

static OBJECTIVE: Shape = Shape {
    name: "objective",
    parts: &[&[
        Field::new(
            "id",
            Ty::Id,
            Always,
            "unique in the contract",
            "give the objective an id such as `o1`",
        ),
        Field::new(
            "text",
            Ty::Text,
            Always,
            "what is to be learned",
            "say what is to be learned",
        ),
        Field::new(
            "serves",
            Ty::List(&Ty::Id),
            OnceNotDraft,
            "the goals it serves",
            "name the goals it serves: `serves: [g1]`",
        ),
        Field::new(
            "methods",
            Ty::List(&METHOD_ITEM),
            OnceNotDraft,
            "how it will be learned",
            "say how it will be learned: training, mentoring, on-the-job…",
        ),
        Field::new(
            "application",
            Ty::Text,
            OnceNotDraft,
            "how it will be applied on the job",
            "say how the learning will be applied on the job",
        ),
        Field::new(
            "evidence",
            Ty::Text,
            OnceNotDraft,
            "how we will know it was worth it",
            "say how you will know the learning was worth it",
        ),
        Field::new(
            "due",
            Ty::Date,
            OnceNotDraft,
            "target date",
            "give a target date",
        ),
        Field::new(
            "status",
            Ty::Word(OBJECTIVE_STATUSES),
            Always,
            "planned, in-progress, achieved or dropped",
            "start with `status: planned`",
        ),
        Field::new(
            "achieved_on",
            Ty::Date,
            Need::When {
                field: "status",
                is: "achieved",
            },
            "when it was achieved",
            "add the day it was achieved",
        ),
        Field::new(
            "notes",
            Ty::Text,
            Optional,
            "remarks, such as why it was dropped",
            "",
        ),
    ]],
    needs_one: false,
};

static METHOD: Shape = Shape {
    name: "method",
    parts: &[&[
        Field::new(
            "type",
            Ty::MethodType,
            Always,
            "the kind of learning",
            "give a method type: training, mentoring, on-the-job…",
        ),
        Field::new(
            "detail",
            Ty::Text,
            Need::When {
                field: "type",
                is: "other",
            },
            "what it is",
            "say what the method is",
        ),
        Field::new("cost", Ty::Money, Optional, "what it costs", ""),
        Field::new(
            "experience",
            Ty::Id,
            Optional,
            "the experience contract for it",
            "",
        ),
    ]],
    needs_one: false,
};

static EVENT: Shape = Shape {
    name: "experience",
    parts: &[&[
        Field::new(
            "title",
            Ty::Text,
            Always,
            "the event's title",
            "give the event's title",
        ),
        Field::new(
            "type",
            Ty::MethodType,
            Always,
            "the kind of event, a method type",
            "give the event's type: course, seminar, secondment…",
        ),
        Field::new("provider", Ty::Text, Optional, "who runs it", ""),
        Field::new(
            "start",
            Ty::Date,
            Always,
            "first day",
            "give the first day of the event",
        ),
        Field::new("end", Ty::Date, Optional, "last day", ""),
        Field::new("hours", Ty::Number, Optional, "how long it takes", ""),
        Field::new("cost", Ty::Money, Optional, "what it costs", ""),
    ]],
    needs_one: false,
};

static LINKS: Shape = Shape {
    name: "links",
    parts: &[&[
        Field::new("job", Ty::Text, Optional, "how it links to the job", ""),
        Field::new(
            "organisation",
            Ty::Text,
            Optional,
            "how it links to the organisation's success",
            "",
        ),
        Field::new(
            "career",
            Ty::Text,
            Optional,
            "how it links to the career",
            "",
        ),
    ]],
    needs_one: true,
};

static ACTION: Shape = Shape {
    name: "action",
    parts: &[&[
        Field::new(
            "id",
            Ty::Id,
            Optional,
            "unique among the contract's application actions; commands and calendars use it",
            "",
        ),
        Field::new(
            "text",
            Ty::Text,
            Always,
            "what will be done",
            "say what will be done",
        ),
        Field::new(
            "kind",
            Ty::Word(ACTION_KINDS),
            Always,
            "share, apply, summary, teach or other",
            "give a kind: share, apply, summary, teach or other",
        ),
        Field::new(
            "due",
            Ty::Date,
            Always,
            "when it is due",
            "give the action a due date",
        ),
        Field::new("owner", Ty::Owner, Optional, "who must do it", "").default("learner"),
        Field::new("done", Ty::Date, Optional, "when it was done", ""),
        Field::new("evidence", Ty::Text, Optional, "what shows it was done", ""),
        Field::new(
            "notes",
            Ty::Text,
            Optional,
            "remarks, such as earlier due dates",
            "",
        ),
    ]],
    needs_one: false,
};

#[cfg(test)]
mod tests {
    use super::*;

    fn all_shapes() -> Vec<&'static Shape> {
        let mut shapes = vec![&STRATEGIC_CONTRACT, &EXPERIENCE_CONTRACT];
        let mut i = 0;
        while i < shapes.len() {
            for field in shapes[i].fields() {
                let mut ty = &field.ty;
                while let Ty::List(inner) = ty {
                    ty = inner;
                }
                if let Ty::Map(shape) = ty
                    && !shapes.iter().any(|s| std::ptr::eq(*s, *shape))
                {
                    shapes.push(shape);
                }
            }
            i += 1;
        }
        shapes
    }

    #[test]
    fn field_names_are_unique_within_a_shape() {
        for shape in all_shapes() {
            let mut names: Vec<_> = shape.fields().map(|f| f.name).collect();
            names.sort_unstable();
            let len = names.len();
            names.dedup();
            assert_eq!(names.len(), len, "{}", shape.name);
        }
    }

    #[test]
    fn shapes_have_at_most_64_fields() {
        // The walk keeps which fields are present in a 64-bit mask.
        for shape in all_shapes() {
            assert!(shape.fields().count() <= 64, "{}", shape.name);
        }
    }

    #[test]
    fn conditions_name_a_sibling_word_field() {
        for shape in all_shapes() {
            for field in shape.fields() {
                if let Need::When { field: sibling, .. } = field.need {
                    assert!(
                        shape.field(sibling).is_some(),
                        "{}.{}",
                        shape.name,
                        field.name
                    );
                }
            }
        }
    }

    #[test]
    fn required_fields_say_what_to_write() {
        for shape in all_shapes() {
            for field in shape.fields().filter(|f| f.need != Optional) {
                assert!(!field.help.is_empty(), "{}.{}", shape.name, field.name);
            }
        }
    }

    #[test]
    fn every_method_type_has_one_group() {
        let types: Vec<_> = method_types().collect();
        assert_eq!(types.len(), 21);
        assert_eq!(method_group("mentoring"), Some("social"));
        assert_eq!(method_group("lecture"), None);
    }
}
