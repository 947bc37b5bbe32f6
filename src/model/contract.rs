//! The typed contract model, built from a file's tree once the schema walk has checked it.
//!
//! Values that did not pass the walk are simply absent here (`None`): their diagnostics were
//! already given, and the rules and the report work on what could be read.

use chrono::NaiveDate;

use crate::model::scalar::{self, Money, Owner, Person};
use crate::model::schema::{self, Kind, Shape, Ty};
use crate::text::yaml::{Node, Pos, Value};
use crate::text::yaml::{first_entry_width, width};

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
    pub id: At<String>,
    pub status: At<Status>,
    /// The root mapping's first key: where a rule about the whole contract points.
    pub first_key: Pos,
    pub learner: Option<Person>,
    pub manager: Option<Person>,
    pub team: Option<String>,
    /// Readable `handovers`, by date: who was the manager before `manager`.
    pub handovers: Vec<Handover>,
    pub partners: Vec<Partner>,
    pub agreed_learner: Option<At<NaiveDate>>,
    pub agreed_manager: Option<At<NaiveDate>>,
    /// When it was closed (`lc close`); read only while `status` is `closed`.
    pub closed_on: Option<At<NaiveDate>>,
    /// When it was cancelled (`lc cancel`); read only while `status` is `cancelled`.
    pub cancelled_on: Option<At<NaiveDate>>,
    pub supports: Vec<Support>,
    pub follow_ups: Vec<FollowUp>,
    /// The `follow_ups` key, where `missing-follow-up` points.
    pub follow_ups_key: Option<Pos>,
    pub notes: Option<String>,
    pub body: Body,
}

#[derive(Clone, Debug)]
pub enum Body {
    Strategic(Strategic),
    Experience(Experience),
    /// The kind (or the status) cannot be read: only the common fields are known.
    Unknown,
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
    pub provider: Option<String>,
    pub start: Option<At<NaiveDate>>,
    pub end: Option<At<NaiveDate>>,
    pub cost: Option<Money>,
    pub application: Vec<Action>,
}

/// How many days a follow-up's due date may lie either side of a transfer check-in day and
/// still be that check-in (`missing-transfer-checkin`, the reminders' question).
pub const CHECK_IN_WINDOW: i64 = 30;

impl Experience {
    /// The day the experience ends, or starts when it has no end: what follow-ups and transfer
    /// check-ins count from.
    pub fn end_or_start(&self) -> Option<NaiveDate> {
        self.end.as_ref().or(self.start.as_ref()).map(|d| d.value)
    }

    /// The day `days` after the end (or start), when the calendar has it.
    pub fn day_after_end(&self, days: i64) -> Option<NaiveDate> {
        let end = self.end_or_start()?;
        end.checked_add_signed(chrono::Duration::try_days(days)?)
    }

    /// Which check-in (of `check_ins`, days after the end) a follow-up due on `due` is: the
    /// nearest check-in day within `CHECK_IN_WINDOW` days either side, if any.
    pub fn check_in_for(&self, due: NaiveDate, check_ins: &[i64]) -> Option<i64> {
        check_ins
            .iter()
            .filter_map(|&days| {
                let day = self.day_after_end(days)?;
                let off = (due - day).num_days().abs();
                (off <= CHECK_IN_WINDOW).then_some((off, days))
            })
            .min()
            .map(|(_, days)| days)
    }
}

/// A change of manager: `to` is the manager from `on` on, `from` was before.
#[derive(Clone, Debug)]
pub struct Handover {
    pub on: NaiveDate,
    pub from: Person,
    pub to: Person,
}

#[derive(Clone, Debug)]
pub struct Partner {
    pub who: Option<Person>,
    pub role: Option<String>,
}

#[derive(Clone, Debug)]
pub struct Goal {
    /// The item's 0-based position in its list.
    pub index: usize,
    /// The item's first key, and the width of its first line.
    pub pos: Pos,
    pub width: u32,
    pub id: Option<At<String>>,
    pub has_metric: bool,
}

#[derive(Clone, Debug)]
pub struct Objective {
    /// The item's 0-based position in its list.
    pub index: usize,
    /// The item's first key, and the width of its first line.
    pub pos: Pos,
    pub width: u32,
    pub id: Option<At<String>>,
    pub text: Option<String>,
    pub serves: Vec<At<String>>,
    pub methods: Vec<Method>,
    pub due: Option<At<NaiveDate>>,
    pub status: Option<String>,
    pub achieved_on: Option<At<NaiveDate>>,
    pub notes: Option<String>,
}

#[derive(Clone, Debug)]
pub struct Method {
    /// The item's 0-based position in its list.
    pub index: usize,
    pub method_type: Option<String>,
    pub cost: Option<Money>,
    pub experience: Option<At<String>>,
}

#[derive(Clone, Debug)]
pub struct Support {
    /// Every field the derived facts use (dates, status) is absent or valid: an item with a
    /// bad `done` is not taken as open.
    pub readable: bool,
    /// The item's 0-based position in its list.
    pub index: usize,
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
    pub notes: Option<String>,
}

#[derive(Clone, Debug)]
pub struct FollowUp {
    pub id: Option<At<String>>,
    pub notes: Option<String>,
    /// Every field the derived facts use (dates, status) is absent or valid: an item with a
    /// bad `done` is not taken as open.
    pub readable: bool,
    /// The item's 0-based position in its list.
    pub index: usize,
    /// The item's first key, and the width of its first line.
    pub pos: Pos,
    pub width: u32,
    pub due: Option<At<NaiveDate>>,
    /// The due date first promised, when it was moved after it had passed.
    pub first_due: Option<At<NaiveDate>>,
    pub owner: At<Owner>,
    pub done: Option<At<NaiveDate>>,
    pub outcome: Option<String>,
    /// A transfer check-in's answer (experience contracts only): is the learning being used?
    pub applied: Option<Applied>,
    /// What shows it is used, or why it is not.
    pub evidence: Option<String>,
}

/// The answer of a transfer check-in: is the learning being used on the job?
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Applied {
    None,
    Partly,
    Fully,
}

impl Applied {
    pub const ALL: [Applied; 3] = [Applied::None, Applied::Partly, Applied::Fully];

    pub fn as_str(self) -> &'static str {
        match self {
            Applied::None => "none",
            Applied::Partly => "partly",
            Applied::Fully => "fully",
        }
    }

    pub fn parse(word: &str) -> Option<Applied> {
        Applied::ALL.into_iter().find(|a| a.as_str() == word)
    }

    /// `partly` and `fully` count as applied, `none` as not applied.
    pub fn is_applied(self) -> bool {
        self != Applied::None
    }
}

impl FollowUp {
    /// The day follow-through judges it by: the first promised `first_due` when a late
    /// reschedule moved it, else `due`.
    pub fn deadline(&self) -> Option<NaiveDate> {
        self.first_due
            .as_ref()
            .or(self.due.as_ref())
            .map(|d| d.value)
    }
}

#[derive(Clone, Debug)]
pub struct Action {
    pub id: Option<At<String>>,
    /// Every field the derived facts use (dates, status) is absent or valid: an item with a
    /// bad `done` is not taken as open.
    pub readable: bool,
    /// The item's 0-based position in its list.
    pub index: usize,
    /// The item's first key, and the width of its first line.
    pub pos: Pos,
    pub width: u32,
    pub text: Option<String>,
    pub due: Option<At<NaiveDate>>,
    pub owner: At<Owner>,
    pub done: Option<At<NaiveDate>>,
    pub evidence: Option<String>,
    pub notes: Option<String>,
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

    /// Whether the field is absent or holds a value `parse` accepts.
    fn absent_or_valid<T>(self, name: &str, parse: impl Fn(&str) -> Result<T, String>) -> bool {
        self.node(name).is_none() || self.parsed(name, parse).is_some()
    }

    fn text(self, name: &str) -> Option<String> {
        let text = &self.node(name)?.as_scalar()?.text;
        (!text.trim().is_empty()).then(|| text.clone())
    }

    fn date(self, name: &str) -> Option<At<NaiveDate>> {
        self.parsed(name, scalar::parse_date)
    }

    fn dates_readable(self, names: &[&str]) -> bool {
        names
            .iter()
            .all(|name| self.absent_or_valid(name, scalar::parse_date))
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

    /// The owner, or the schema's default for `shape` at the item's first key.
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

    /// A word of the field's list, or the schema's default; `None` when absent without a
    /// default, or not a word of the list.
    fn word(self, name: &str, shape: &Shape) -> Option<String> {
        let field = shape.field(name)?;
        let text = match self.node(name) {
            Some(node) => node.as_scalar()?.text.clone(),
            None => field.default?.to_string(),
        };
        let known = match &field.ty {
            Ty::Word(words) => words.contains(&text.as_str()),
            Ty::MethodType => schema::method_group(&text).is_some(),
            _ => false,
        };
        known.then_some(text)
    }

    fn map(self, name: &str) -> Option<Fields<'a>> {
        self.node(name)
            .filter(|n| n.entries().is_some())
            .map(Fields)
    }

    fn list(self, name: &str) -> &'a [Node] {
        match self.node(name).map(|n| &n.value) {
            Some(Value::Seq(items)) => items,
            _ => &[],
        }
    }

    /// The mappings of a list field, each with its position in the list.
    fn items(self, name: &str) -> impl Iterator<Item = (usize, Fields<'a>)> + use<'a> {
        self.list(name)
            .iter()
            .enumerate()
            .filter(|(_, n)| n.entries().is_some())
            .map(|(i, n)| (i, Fields(n)))
    }

    /// The ids of a list-of-ids field.
    fn ids(self, name: &str) -> Vec<At<String>> {
        self.list(name)
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

    fn pos(self) -> Pos {
        self.0.first_key_pos()
    }

    fn width(self) -> u32 {
        first_entry_width(self.0)
    }
}

/// The `kind`, `id` and `status` of a file, when each can be read.
pub fn header(root: &Node) -> (Option<Kind>, Option<At<String>>, Option<At<Status>>) {
    let fields = Fields(root);
    let kind = fields.text("kind").and_then(|k| Kind::parse(&k));
    let id = fields.id("id");
    let status = fields.parsed("status", |t| Status::parse(t).ok_or_else(String::new));
    (kind, id, status)
}

/// Builds the model of a file's root mapping. With `kind` `None` (the kind or the status could
/// not be read) only the common fields are read, and the contract counts as a draft.
pub fn build(
    file: &str,
    root: &Node,
    kind: Option<Kind>,
    id: At<String>,
    status: At<Status>,
    currency: &str,
) -> Contract {
    let fields = Fields(root);
    let agreed = fields.map("agreed");
    let body = match kind {
        Some(Kind::Strategic) => Body::Strategic(strategic(fields, currency)),
        Some(Kind::Experience) => Body::Experience(experience(fields, currency)),
        None => Body::Unknown,
    };
    Contract {
        file: file.to_string(),
        id,
        status,
        first_key: root.first_key_pos(),
        learner: fields.person("learner"),
        manager: fields.person("manager"),
        team: fields.text("team"),
        handovers: handovers(fields),
        partners: fields
            .items("partners")
            .map(|(_, p)| Partner {
                who: p.person("who"),
                role: p.text("role"),
            })
            .collect(),
        agreed_learner: agreed.and_then(|a| a.date("learner")),
        agreed_manager: agreed.and_then(|a| a.date("manager")),
        closed_on: fields.date("closed_on"),
        cancelled_on: fields.date("cancelled_on"),
        supports: fields
            .items("supports")
            .map(|(index, s)| support(index, s))
            .collect(),
        follow_ups: fields
            .items("follow_ups")
            .map(|(index, f)| follow_up(index, f))
            .collect(),
        follow_ups_key: root.entries().and_then(|e| {
            e.iter()
                .find(|e| e.key.as_scalar().is_some_and(|k| k.text == "follow_ups"))
                .map(|e| e.key.start)
        }),
        notes: fields.text("notes"),
        body,
    }
}

/// The handovers whose three fields can be read, in date order.
fn handovers(fields: Fields<'_>) -> Vec<Handover> {
    let mut all: Vec<Handover> = fields
        .items("handovers")
        .filter_map(|(_, h)| {
            Some(Handover {
                on: h.date("on")?.value,
                from: h.person("from")?,
                to: h.person("to")?,
            })
        })
        .collect();
    all.sort_by_key(|h| h.on);
    all
}

/// The shape of the items of a list field, where the model reads its defaults.
fn item_shape(list: &str) -> &'static Shape {
    let field = schema::STRATEGIC_CONTRACT
        .field(list)
        .or_else(|| schema::EXPERIENCE_CONTRACT.field(list));
    match field.map(|f| &f.ty) {
        Some(Ty::List(Ty::Map(shape))) => shape,
        _ => &schema::COMMON_CONTRACT,
    }
}

fn support(index: usize, s: Fields<'_>) -> Support {
    let shape = item_shape("supports");
    Support {
        readable: s.dates_readable(&["due", "provided_on"]) && s.word("status", shape).is_some(),
        index,
        pos: s.pos(),
        width: s.width(),
        id: s.id("id"),
        text: s.text("text"),
        owner: s.owner(shape),
        due: s.date("due"),
        status: s.word("status", shape).unwrap_or_else(|| "needed".into()),
        provided_on: s.date("provided_on"),
        for_objectives: s.ids("for"),
        phase: s.word("phase", shape),
        notes: s.text("notes"),
    }
}

fn follow_up(index: usize, f: Fields<'_>) -> FollowUp {
    FollowUp {
        readable: f.dates_readable(&["due", "first_due", "done"]),
        index,
        pos: f.pos(),
        width: f.width(),
        id: f.id("id"),
        notes: f.text("notes"),
        due: f.date("due"),
        first_due: f.date("first_due"),
        owner: f.owner(item_shape("follow_ups")),
        done: f.date("done"),
        outcome: f.text("outcome"),
        applied: f.text("applied").and_then(|a| Applied::parse(&a)),
        evidence: f.text("evidence"),
    }
}

fn strategic(fields: Fields<'_>, currency: &str) -> Strategic {
    let period = fields.map("period");
    let objective_shape = item_shape("objectives");
    Strategic {
        period_start: period.and_then(|p| p.date("start")),
        period_end: period.and_then(|p| p.date("end")),
        goals: fields
            .items("goals")
            .map(|(index, g)| Goal {
                index,
                pos: g.pos(),
                width: g.width(),
                id: g.id("id"),
                has_metric: g.map("metric").is_some(),
            })
            .collect(),
        objectives: fields
            .items("objectives")
            .map(|(index, o)| Objective {
                index,
                pos: o.pos(),
                width: o.width(),
                id: o.id("id"),
                text: o.text("text"),
                serves: o.ids("serves"),
                methods: o
                    .items("methods")
                    .map(|(index, m)| Method {
                        index,
                        method_type: m.text("type").filter(|t| schema::method_group(t).is_some()),
                        cost: m.money("cost", currency),
                        experience: m.id("experience"),
                    })
                    .collect(),
                due: o.date("due"),
                status: o.word("status", objective_shape),
                achieved_on: o.date("achieved_on"),
                notes: o.text("notes"),
            })
            .collect(),
    }
}

fn experience(fields: Fields<'_>, currency: &str) -> Experience {
    let event = fields.map("experience");
    let action_shape = item_shape("application");
    Experience {
        strategic: fields.id("strategic"),
        title: event.and_then(|e| e.text("title")),
        event_type: event
            .and_then(|e| e.text("type"))
            .filter(|t| schema::method_group(t).is_some()),
        provider: event.and_then(|e| e.text("provider")),
        start: event.and_then(|e| e.date("start")),
        end: event.and_then(|e| e.date("end")),
        cost: event.and_then(|e| e.money("cost", currency)),
        application: fields
            .items("application")
            .map(|(index, a)| Action {
                id: a.id("id"),
                readable: a.dates_readable(&["due", "done"]),
                index,
                pos: a.pos(),
                width: a.width(),
                text: a.text("text"),
                due: a.date("due"),
                owner: a.owner(action_shape),
                done: a.date("done"),
                evidence: a.text("evidence"),
                notes: a.text("notes"),
            })
            .collect(),
    }
}

impl Contract {
    pub fn kind(&self) -> Option<Kind> {
        match self.body {
            Body::Strategic(_) => Some(Kind::Strategic),
            Body::Experience(_) => Some(Kind::Experience),
            Body::Unknown => None,
        }
    }

    pub fn strategic(&self) -> Option<&Strategic> {
        match &self.body {
            Body::Strategic(s) => Some(s),
            _ => None,
        }
    }

    pub fn experience(&self) -> Option<&Experience> {
        match &self.body {
            Body::Experience(e) => Some(e),
            _ => None,
        }
    }

    /// The first and last day of a strategic contract's `period`, when both can be read.
    pub fn own_period(&self) -> Option<(NaiveDate, NaiveDate)> {
        let s = self.strategic()?;
        Some((s.period_start.as_ref()?.value, s.period_end.as_ref()?.value))
    }

    /// The days the contract is for: a strategic contract's `period`; an experience contract's
    /// is that of the strategic contract it serves (`period_of` finds it by id), else the
    /// calendar year of the event's first day. `None` when it cannot be read.
    pub fn period(
        &self,
        period_of: impl Fn(&str) -> Option<(NaiveDate, NaiveDate)>,
    ) -> Option<(NaiveDate, NaiveDate)> {
        match &self.body {
            Body::Strategic(_) => self.own_period(),
            Body::Experience(e) => e
                .strategic
                .as_ref()
                .and_then(|s| period_of(&s.value))
                .or_else(|| {
                    use chrono::Datelike;
                    let year = e.start.as_ref()?.value.year();
                    Some((
                        NaiveDate::from_ymd_opt(year, 1, 1)?,
                        NaiveDate::from_ymd_opt(year, 12, 31)?,
                    ))
                }),
            Body::Unknown => None,
        }
    }

    /// The manager on `day`: the `from` of the first handover after it, else `manager`.
    pub fn manager_on(&self, day: NaiveDate) -> Option<&Person> {
        self.handovers
            .iter()
            .find(|h| day < h.on)
            .map(|h| &h.from)
            .or(self.manager.as_ref())
    }

    /// Whether `needle` (a name or an email) names the manager on some day of the contract:
    /// the manager now, or one before a handover.
    pub fn ever_managed_by(&self, needle: &str) -> bool {
        self.manager.as_ref().is_some_and(|m| m.matches(needle))
            || self.handovers.iter().any(|h| h.from.matches(needle))
    }

    /// The day the contract ended, when its status says it did and the file says when:
    /// `closed_on` of a closed contract, `cancelled_on` of a cancelled one.
    pub fn ended_on(&self) -> Option<NaiveDate> {
        match self.status.value {
            Status::Closed => self.closed_on.as_ref().map(|d| d.value),
            Status::Cancelled => self.cancelled_on.as_ref().map(|d| d.value),
            _ => None,
        }
    }

    /// Whether an item due on `due` is still owed: not when the contract was closed before
    /// that day (`closed_on`), as when its learner left (docs/format.md, "Status").
    pub fn owes(&self, due: Option<NaiveDate>) -> bool {
        match (self.status.value, &self.closed_on, due) {
            (Status::Closed, Some(closed), Some(due)) => due <= closed.value,
            _ => true,
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

/// How commands name an item of a list: its `id` when it has one, else its 1-based position
/// (`lc done 2026-jane-doe follow-up 2`).
pub fn item_key(id: Option<&str>, index: usize) -> String {
    id.map_or_else(|| (index + 1).to_string(), str::to_string)
}

/// The command that records an item of `list` (`follow_ups`, `application`, `supports`) as
/// done or provided: what a reader types to act on it.
pub fn record_command(contract: &str, list: &str, id: Option<&str>, index: usize) -> String {
    let key = item_key(id, index);
    match list {
        "follow_ups" => format!("lc done {contract} follow-up {key}"),
        "application" => format!("lc done {contract} action {key}"),
        _ => format!("lc provide {contract} {key}"),
    }
}

impl OpenItem<'_> {
    /// The command that records this item as done (or provided), for a contract `id`.
    pub fn record_command(&self, contract: &str) -> String {
        record_command(contract, self.list, self.id, self.index)
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

/// An item still to do: a follow-up or application action without `done`, or a support whose
/// status is `needed`. Items whose dates cannot be read are left out (format.md decisions).
#[derive(Clone, Copy, Debug)]
pub struct OpenItem<'a> {
    /// `follow_ups`, `application` or `supports`.
    pub list: &'static str,
    pub index: usize,
    /// The item's `id`, when it has one.
    pub id: Option<&'a str>,
    pub owner: &'a Owner,
    /// The item's text: an action's or a support's `text`, a follow-up's `notes`.
    pub text: Option<&'a str>,
    pub due: Option<NaiveDate>,
}

impl Contract {
    /// Every open item, in list order: follow-ups, application actions, supports. Items a
    /// closed contract no longer owes (due after its `closed_on`) are not open.
    pub fn open_items(&self) -> impl Iterator<Item = OpenItem<'_>> {
        let date = |d: &Option<At<NaiveDate>>| d.as_ref().map(|d| d.value);
        let follow_ups = self
            .follow_ups
            .iter()
            .filter(move |f| f.readable && f.done.is_none() && self.owes(date(&f.due)))
            .map(|f| OpenItem {
                list: "follow_ups",
                index: f.index,
                id: f.id.as_ref().map(|id| id.value.as_str()),
                owner: &f.owner.value,
                text: f.notes.as_deref(),
                due: f.due.as_ref().map(|d| d.value),
            });
        let actions = self.experience().map_or(&[][..], |e| &e.application);
        let actions = actions
            .iter()
            .filter(move |a| a.readable && a.done.is_none() && self.owes(date(&a.due)))
            .map(|a| OpenItem {
                list: "application",
                index: a.index,
                id: a.id.as_ref().map(|id| id.value.as_str()),
                owner: &a.owner.value,
                text: a.text.as_deref(),
                due: a.due.as_ref().map(|d| d.value),
            });
        let supports = self
            .supports
            .iter()
            .filter(move |s| s.readable && s.status == "needed" && self.owes(date(&s.due)))
            .map(|s| OpenItem {
                list: "supports",
                index: s.index,
                id: s.id.as_ref().map(|id| id.value.as_str()),
                owner: &s.owner.value,
                text: s.text.as_deref(),
                due: s.due.as_ref().map(|d| d.value),
            });
        follow_ups.chain(actions).chain(supports)
    }
}

impl Contract {
    /// Whether any fact `set_aside_after` would set aside is dated after `as_of`: a cheap test
    /// so that only those contracts are copied before their later facts are set aside.
    pub fn has_facts_after(&self, as_of: NaiveDate) -> bool {
        let later = |date: &Option<At<NaiveDate>>| date.as_ref().is_some_and(|d| d.value > as_of);
        let body = match &self.body {
            Body::Strategic(s) => s.objectives.iter().any(|o| later(&o.achieved_on)),
            Body::Experience(e) => e.application.iter().any(|a| later(&a.done)),
            Body::Unknown => false,
        };
        body || self.follow_ups.iter().any(|f| later(&f.done))
            || self.supports.iter().any(|s| later(&s.provided_on))
            || later(&self.agreed_learner)
            || later(&self.agreed_manager)
            || self.ended_on().is_some_and(|d| d > as_of)
            || self.handovers.iter().any(|h| h.on > as_of)
    }

    /// The contract as it stood on `as_of`: every fact dated after it is set aside, as not yet
    /// happened (a `done`, a `provided_on`, an `achieved_on`, a party's `agreed` date, a
    /// `closed_on` or `cancelled_on`: the contract was then still active). Returns
    /// how many facts were set aside. `lc check` does not use this: it reports such dates as
    /// `future-date`; the report, list, calendar and reminders do (docs/format.md).
    pub fn set_aside_after(&mut self, as_of: NaiveDate) -> usize {
        let later = |date: &Option<At<NaiveDate>>| date.as_ref().is_some_and(|d| d.value > as_of);
        let mut count = 0;
        // Closed or cancelled later: it still stood that day.
        if self.ended_on().is_some_and(|d| d > as_of) {
            let agreed = self.agreed_learner.is_some() && self.agreed_manager.is_some();
            self.status.value = match self.status.value {
                Status::Closed => Status::Active,
                _ if agreed => Status::Active,
                _ => Status::Draft,
            };
            count += 1;
        }
        for f in &mut self.follow_ups {
            if later(&f.done) {
                // The answer was given at the check-in: not yet either.
                f.done = None;
                f.applied = None;
                f.evidence = None;
                count += 1;
            }
        }
        for s in &mut self.supports {
            if later(&s.provided_on) {
                s.provided_on = None;
                if s.status == "provided" {
                    s.status = "needed".into();
                }
                count += 1;
            }
        }
        // A handover dated later has not happened yet: the manager is still the one before it.
        if let Some(at) = self.handovers.iter().position(|h| h.on > as_of) {
            self.manager = Some(self.handovers[at].from.clone());
            count += self.handovers.len() - at;
            self.handovers.truncate(at);
        }
        for party in [&mut self.agreed_learner, &mut self.agreed_manager] {
            if later(party) {
                *party = None;
                count += 1;
                // Not yet agreed by both on that day: it was still a draft then.
                if !matches!(self.status.value, Status::Cancelled) {
                    self.status.value = Status::Draft;
                }
            }
        }
        match &mut self.body {
            Body::Strategic(s) => {
                for o in &mut s.objectives {
                    if later(&o.achieved_on) {
                        o.achieved_on = None;
                        if o.status.as_deref() == Some("achieved") {
                            o.status = Some("in-progress".into());
                        }
                        count += 1;
                    }
                }
            }
            Body::Experience(e) => {
                for a in &mut e.application {
                    if later(&a.done) {
                        a.done = None;
                        count += 1;
                    }
                }
            }
            Body::Unknown => {}
        }
        count
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::yaml;

    fn model(text: &str) -> Contract {
        let root = yaml::parse(text).root.unwrap();
        let (kind, id, status) = header(&root);
        build("c.yaml", &root, kind, id.unwrap(), status.unwrap(), "EUR")
    }

    fn date(text: &str) -> NaiveDate {
        NaiveDate::parse_from_str(text, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn facts_after_the_as_of_date_are_set_aside() {
        let mut c = model(
            "lc: 1\nkind: strategic\nid: x\nstatus: active\n\
             agreed: {learner: 2026-01-10, manager: 2026-01-12}\n\
             objectives:\n  - {id: o1, status: achieved, achieved_on: 2026-11-01}\n\
             supports:\n  - {text: t, status: provided, provided_on: 2026-11-27}\n\
             follow_ups:\n  - {due: 2026-09-01, done: 2026-09-01}\n  - {due: 2026-09-20, done: 2026-10-02}\n",
        );
        assert_eq!(c.clone().set_aside_after(date("2026-12-31")), 0);
        assert!(!c.has_facts_after(date("2026-12-31")));
        assert!(c.has_facts_after(date("2026-09-30")));
        assert!(c.has_facts_after(date("2026-11-26")));
        assert_eq!(c.set_aside_after(date("2026-09-30")), 3);
        assert!(c.follow_ups[0].done.is_some());
        assert!(c.follow_ups[1].done.is_none());
        assert_eq!(c.supports[0].status, "needed");
        assert_eq!(
            c.strategic().unwrap().objectives[0].status.as_deref(),
            Some("in-progress")
        );
        assert_eq!(c.status.value, Status::Active);
        assert_eq!(c.set_aside_after(date("2026-01-11")), 2);
        assert_eq!(c.status.value, Status::Draft);
        assert!(c.agreed_learner.is_some() && c.agreed_manager.is_none());
    }
}
