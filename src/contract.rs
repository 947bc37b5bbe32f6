//! The typed contract model, built from a file's tree once the schema walk has checked it.
//!
//! Values that did not pass the walk are simply absent here (`None`): their diagnostics were
//! already given, and the rules and the report work on what could be read.

use chrono::NaiveDate;

use crate::scalar::{self, Money, Owner, Person};
use crate::schema::{Kind, Shape};
use crate::validate::{first_entry_width, width};
use crate::yaml::{Node, Pos, Value};

/// A value with the place of its node.
#[derive(Clone, Debug, PartialEq)]
pub struct At<T> {
    pub value: T,
    pub pos: Pos,
    pub width: u32,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Status {
    Draft,
    Agreed,
    Active,
    Closed,
    Cancelled,
}

impl Status {
    pub const ALL: [Status; 5] = [
        Status::Draft,
        Status::Agreed,
        Status::Active,
        Status::Closed,
        Status::Cancelled,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Status::Draft => "draft",
            Status::Agreed => "agreed",
            Status::Active => "active",
            Status::Closed => "closed",
            Status::Cancelled => "cancelled",
        }
    }

    pub fn parse(word: &str) -> Option<Status> {
        Status::ALL.into_iter().find(|s| s.as_str() == word)
    }

    /// Only the fields marked "always" are required (format.md, "Status").
    pub fn is_draft_like(self) -> bool {
        matches!(self, Status::Draft | Status::Cancelled)
    }

    /// Items of `agreed` and `active` contracts can be overdue or unmet.
    pub fn is_live(self) -> bool {
        matches!(self, Status::Agreed | Status::Active)
    }
}

#[derive(Clone, Debug)]
pub struct Contract {
    /// Repo-relative path, `/`-separated.
    pub file: String,
    pub kind: Kind,
    pub id: At<String>,
    pub status: At<Status>,
    /// The root mapping's first key: where a rule about the whole contract points.
    pub first_key: Pos,
    pub learner: Option<Person>,
    pub manager: Option<Person>,
    pub team: Option<String>,
    pub partners: Vec<Partner>,
    pub agreed_learner: Option<At<NaiveDate>>,
    pub agreed_manager: Option<At<NaiveDate>>,
    pub supports: Vec<Support>,
    pub follow_ups: Vec<FollowUp>,
    /// The `follow_ups` key, where `missing-follow-up` points.
    pub follow_ups_key: Option<Pos>,
    pub body: Body,
}

#[derive(Clone, Debug)]
pub enum Body {
    Strategic(Strategic),
    Experience(Experience),
}

#[derive(Clone, Debug, Default)]
pub struct Strategic {
    pub period_start: Option<At<NaiveDate>>,
    pub period_end: Option<At<NaiveDate>>,
    pub goals: Vec<Goal>,
    pub objectives: Vec<Objective>,
}

#[derive(Clone, Debug, Default)]
pub struct Experience {
    pub strategic: Option<At<String>>,
    pub title: Option<String>,
    pub event_type: Option<String>,
    pub start: Option<At<NaiveDate>>,
    pub end: Option<At<NaiveDate>>,
    pub cost: Option<Money>,
    pub application: Vec<Action>,
}

#[derive(Clone, Debug)]
pub struct Partner {
    pub who: Option<Person>,
    pub role: Option<String>,
}

#[derive(Clone, Debug)]
pub struct Goal {
    /// The item's first key, and the width of its first line.
    pub pos: Pos,
    pub width: u32,
    pub id: Option<At<String>>,
    pub has_metric: bool,
}

#[derive(Clone, Debug)]
pub struct Objective {
    /// The item's first key, and the width of its first line.
    pub pos: Pos,
    pub width: u32,
    pub id: Option<At<String>>,
    pub serves: Vec<At<String>>,
    pub methods: Vec<Method>,
    pub status: Option<String>,
    pub achieved_on: Option<At<NaiveDate>>,
}

#[derive(Clone, Debug)]
pub struct Method {
    pub method_type: Option<String>,
    pub cost: Option<Money>,
    pub experience: Option<At<String>>,
}

#[derive(Clone, Debug)]
pub struct Support {
    /// The item's first key, and the width of its first line.
    pub pos: Pos,
    pub width: u32,
    pub id: Option<At<String>>,
    pub text: Option<String>,
    /// The owner as written, or the default `manager`.
    pub owner: At<Owner>,
    pub due: Option<At<NaiveDate>>,
    pub status: String,
    pub provided_on: Option<At<NaiveDate>>,
    pub for_objectives: Vec<At<String>>,
    pub phase: Option<String>,
}

#[derive(Clone, Debug)]
pub struct FollowUp {
    /// The item's first key, and the width of its first line.
    pub pos: Pos,
    pub width: u32,
    pub due: Option<At<NaiveDate>>,
    pub owner: At<Owner>,
    pub done: Option<At<NaiveDate>>,
}

#[derive(Clone, Debug)]
pub struct Action {
    /// The item's first key, and the width of its first line.
    pub pos: Pos,
    pub width: u32,
    pub text: Option<String>,
    pub due: Option<At<NaiveDate>>,
    pub owner: At<Owner>,
    pub done: Option<At<NaiveDate>>,
}

/// Reads the typed fields of a mapping node.
#[derive(Clone, Copy)]
struct Fields<'a>(&'a Node);

impl<'a> Fields<'a> {
    fn node(self, name: &str) -> Option<&'a Node> {
        self.0.get(name).filter(|n| !n.is_null())
    }

    fn parsed<T>(self, name: &str, parse: impl Fn(&str) -> Result<T, String>) -> Option<At<T>> {
        let node = self.node(name)?;
        let value = parse(&node.as_scalar()?.text).ok()?;
        Some(At {
            value,
            pos: node.start,
            width: width(node),
        })
    }

    fn text(self, name: &str) -> Option<String> {
        let text = &self.node(name)?.as_scalar()?.text;
        (!text.trim().is_empty()).then(|| text.clone())
    }

    fn date(self, name: &str) -> Option<At<NaiveDate>> {
        self.parsed(name, scalar::parse_date)
    }

    fn id(self, name: &str) -> Option<At<String>> {
        self.parsed(name, scalar::parse_id)
    }

    fn person(self, name: &str) -> Option<Person> {
        self.parsed(name, scalar::parse_person).map(|at| at.value)
    }

    fn money(self, name: &str, currency: &str) -> Option<Money> {
        self.parsed(name, |t| scalar::parse_money(t, currency))
            .map(|at| at.value)
    }

    /// The owner, or the field's declared default at the item's first key.
    fn owner(self, shape: &Shape) -> At<Owner> {
        self.parsed("owner", scalar::parse_owner)
            .unwrap_or_else(|| {
                let default = shape
                    .field("owner")
                    .and_then(|f| f.default)
                    .unwrap_or("manager");
                At {
                    value: Owner::Role(default.into()),
                    pos: self.0.first_key_pos(),
                    width: 1,
                }
            })
    }

    /// A word of a fixed list, or the field's declared default.
    fn word(self, name: &str, shape: &Shape) -> Option<String> {
        let field = shape.field(name)?;
        let text = self
            .text(name)
            .or_else(|| field.default.map(str::to_string))?;
        match &field.ty {
            crate::schema::Ty::Word(words) if words.contains(&text.as_str()) => Some(text),
            crate::schema::Ty::MethodType if crate::schema::method_group(&text).is_some() => {
                Some(text)
            }
            _ => None,
        }
    }

    fn map(self, name: &str) -> Option<Fields<'a>> {
        self.node(name)
            .filter(|n| n.entries().is_some())
            .map(Fields)
    }

    /// The mappings of a list field.
    fn items(self, name: &str) -> impl Iterator<Item = Fields<'a>> + use<'a> {
        let items = match self.node(name).map(|n| &n.value) {
            Some(Value::Seq(items)) => items.as_slice(),
            _ => &[],
        };
        items.iter().filter(|n| n.entries().is_some()).map(Fields)
    }

    /// The ids of a list-of-ids field.
    fn ids(self, name: &str) -> Vec<At<String>> {
        let items = match self.node(name).map(|n| &n.value) {
            Some(Value::Seq(items)) => items.as_slice(),
            _ => &[],
        };
        items
            .iter()
            .filter_map(|n| {
                let value = scalar::parse_id(&n.as_scalar()?.text).ok()?;
                Some(At {
                    value,
                    pos: n.start,
                    width: width(n),
                })
            })
            .collect()
    }
}

/// The `kind`, `id` and `status` of a file, when all three can be read.
pub fn header(root: &Node) -> (Option<Kind>, Option<At<String>>, Option<At<Status>>) {
    let fields = Fields(root);
    let kind = fields.text("kind").and_then(|k| Kind::parse(&k));
    let id = fields.id("id");
    let status = fields.parsed("status", |t| Status::parse(t).ok_or_else(String::new));
    (kind, id, status)
}

/// Builds the model of a file whose kind, id and status could be read.
pub fn build(
    file: &str,
    root: &Node,
    kind: Kind,
    id: At<String>,
    status: At<Status>,
    currency: &str,
) -> Contract {
    let fields = Fields(root);
    let agreed = fields.map("agreed");
    let shapes = Shapes::get();
    let body = match kind {
        Kind::Strategic => Body::Strategic(strategic(fields, currency)),
        Kind::Experience => Body::Experience(experience(fields, currency, shapes)),
    };
    Contract {
        file: file.to_string(),
        kind,
        id,
        status,
        first_key: root.first_key_pos(),
        learner: fields.person("learner"),
        manager: fields.person("manager"),
        team: fields.text("team"),
        partners: fields
            .items("partners")
            .map(|p| Partner {
                who: p.person("who"),
                role: p.text("role"),
            })
            .collect(),
        agreed_learner: agreed.and_then(|a| a.date("learner")),
        agreed_manager: agreed.and_then(|a| a.date("manager")),
        supports: fields
            .items("supports")
            .map(|s| support(s, shapes.support))
            .collect(),
        follow_ups: fields
            .items("follow_ups")
            .map(|f| FollowUp {
                pos: f.0.first_key_pos(),
                width: first_entry_width(f.0),
                due: f.date("due"),
                owner: f.owner(shapes.follow_up),
                done: f.date("done"),
            })
            .collect(),
        follow_ups_key: root.entries().and_then(|e| {
            e.iter()
                .find(|e| e.key.as_scalar().is_some_and(|k| k.text == "follow_ups"))
                .map(|e| e.key.start)
        }),
        body,
    }
}

/// The item shapes the model reads defaults from.
#[derive(Clone, Copy)]
struct Shapes {
    support: &'static Shape,
    follow_up: &'static Shape,
    action: &'static Shape,
    objective: &'static Shape,
}

impl Shapes {
    fn get() -> Shapes {
        let item = |shape: &'static Shape, list: &str| -> &'static Shape {
            match shape.field(list).map(|f| &f.ty) {
                Some(crate::schema::Ty::List(crate::schema::Ty::Map(item))) => item,
                _ => shape,
            }
        };
        let strategic = &crate::schema::STRATEGIC_CONTRACT;
        let experience = &crate::schema::EXPERIENCE_CONTRACT;
        Shapes {
            support: item(strategic, "supports"),
            follow_up: item(strategic, "follow_ups"),
            action: item(experience, "application"),
            objective: item(strategic, "objectives"),
        }
    }
}

fn support(s: Fields<'_>, shape: &Shape) -> Support {
    Support {
        pos: s.0.first_key_pos(),
        width: first_entry_width(s.0),
        id: s.id("id"),
        text: s.text("text"),
        owner: s.owner(shape),
        due: s.date("due"),
        status: s.word("status", shape).unwrap_or_else(|| "needed".into()),
        provided_on: s.date("provided_on"),
        for_objectives: s.ids("for"),
        phase: s.word("phase", shape),
    }
}

fn strategic(fields: Fields<'_>, currency: &str) -> Strategic {
    let period = fields.map("period");
    let objective_shape = Shapes::get().objective;
    Strategic {
        period_start: period.and_then(|p| p.date("start")),
        period_end: period.and_then(|p| p.date("end")),
        goals: fields
            .items("goals")
            .map(|g| Goal {
                pos: g.0.first_key_pos(),
                width: first_entry_width(g.0),
                id: g.id("id"),
                has_metric: g.map("metric").is_some(),
            })
            .collect(),
        objectives: fields
            .items("objectives")
            .map(|o| Objective {
                pos: o.0.first_key_pos(),
                width: first_entry_width(o.0),
                id: o.id("id"),
                serves: o.ids("serves"),
                methods: o
                    .items("methods")
                    .map(|m| Method {
                        method_type: m
                            .text("type")
                            .filter(|t| crate::schema::method_group(t).is_some()),
                        cost: m.money("cost", currency),
                        experience: m.id("experience"),
                    })
                    .collect(),
                status: o.word("status", objective_shape),
                achieved_on: o.date("achieved_on"),
            })
            .collect(),
    }
}

fn experience(fields: Fields<'_>, currency: &str, shapes: Shapes) -> Experience {
    let event = fields.map("experience");
    Experience {
        strategic: fields.id("strategic"),
        title: event.and_then(|e| e.text("title")),
        event_type: event
            .and_then(|e| e.text("type"))
            .filter(|t| crate::schema::method_group(t).is_some()),
        start: event.and_then(|e| e.date("start")),
        end: event.and_then(|e| e.date("end")),
        cost: event.and_then(|e| e.money("cost", currency)),
        application: fields
            .items("application")
            .map(|a| Action {
                pos: a.0.first_key_pos(),
                width: first_entry_width(a.0),
                text: a.text("text"),
                due: a.date("due"),
                owner: a.owner(shapes.action),
                done: a.date("done"),
            })
            .collect(),
    }
}

impl Contract {
    pub fn strategic(&self) -> Option<&Strategic> {
        match &self.body {
            Body::Strategic(s) => Some(s),
            Body::Experience(_) => None,
        }
    }

    pub fn experience(&self) -> Option<&Experience> {
        match &self.body {
            Body::Experience(e) => Some(e),
            Body::Strategic(_) => None,
        }
    }

    /// The person a role word names in this contract, if anyone.
    pub fn resolve_role(&self, role: &str) -> Option<&Person> {
        match role {
            "learner" => self.learner.as_ref(),
            "manager" => self.manager.as_ref(),
            _ => self
                .partners
                .iter()
                .find(|p| p.role.as_deref() == Some(role))
                .and_then(|p| p.who.as_ref()),
        }
    }
}

/// Days an open item is overdue: its contract is `agreed` or `active`, it has no `done`, and
/// `due` < `as_of` (format.md, "Derived facts").
pub fn days_overdue(
    status: Status,
    due: Option<&At<NaiveDate>>,
    done: Option<&At<NaiveDate>>,
    as_of: NaiveDate,
) -> Option<i64> {
    let due = due?.value;
    (status.is_live() && done.is_none() && due < as_of).then(|| (as_of - due).num_days())
}

impl Support {
    /// Days late of an unmet support: declined (0 when not yet due), or needed after its due date.
    pub fn days_unmet(&self, status: Status, as_of: NaiveDate) -> Option<i64> {
        if !status.is_live() {
            return None;
        }
        let late = self
            .due
            .as_ref()
            .map_or(0, |d| (as_of - d.value).num_days().max(0));
        match self.status.as_str() {
            "declined" => Some(late),
            "needed" if late > 0 => Some(late),
            _ => None,
        }
    }

    /// How to name the support in a message: its id, else its text.
    pub fn label(&self) -> String {
        match (&self.id, &self.text) {
            (Some(id), _) => format!("support `{}`", id.value),
            (None, Some(text)) => format!("support \"{}\"", short(text)),
            (None, None) => "a support".into(),
        }
    }
}

/// The first line of a text, cut to 40 characters, for messages.
pub fn short(text: &str) -> String {
    let line = text.lines().next().unwrap_or("").trim();
    if line.chars().count() > 40 {
        format!("{}…", line.chars().take(39).collect::<String>())
    } else {
        line.to_string()
    }
}
