//! The command line (clap), converted once into a plain `Config`. No other module sees clap.

use std::path::PathBuf;

use anyhow::{Result, bail};
use chrono::NaiveDate;
use clap::{Args, Parser, Subcommand, ValueEnum};

/// Keep learning contracts as YAML in git: check them in CI, and make the follow-up
/// impossible to forget.
#[derive(Debug, Parser)]
#[command(name = "lc", version, about, max_term_width = 100)]
pub struct Cli {
    #[command(flatten)]
    global: Global,
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Args)]
struct Global {
    /// The HR repo [default: the nearest directory with lc.toml, else the git work tree's root,
    /// else the current directory]
    #[arg(long, global = true, value_name = "DIR")]
    repo: Option<PathBuf>,

    /// The day the check or report is about, as YYYY-MM-DD [default: today]
    #[arg(long, global = true, value_name = "DATE", value_parser = parse_date)]
    as_of: Option<NaiveDate>,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Check every contract against the format and the repo's policy
    Check(CheckArgs),
    /// The quarterly review: overdue follow-ups, unmet supports, learning not applied, and more
    Report(ReportArgs),
    /// One row per contract
    List(ListArgs),
    /// Start a contract from the repo's template: a draft that asks the right questions
    New {
        #[command(subcommand)]
        kind: NewKind,
    },
    /// Turn a directory into an HR repo that checks itself in CI
    Init {
        /// The directory [default: the current one]
        dir: Option<PathBuf>,
        /// Where the CI workflow installs lc from: `crates.io` (this version), `git+URL@TAG`,
        /// an `https://` URL of a release asset or binary, or a path in the repo (lc's source
        /// or an lc binary)
        #[arg(long, value_name = "SOURCE", value_parser = parse_install_from)]
        install_from: Option<crate::render::workflow::InstallFrom>,
        /// Replace a CI workflow that differs from the one this lc writes (without this flag
        /// `lc init` only shows the difference)
        #[arg(long)]
        update_workflow: bool,
        /// With an `https://` URL: install what it gives without checking it against
        /// `URL.sha256` (without this flag the job fails when that file is missing)
        #[arg(long)]
        no_verify: bool,
    },
    /// Write the open items of agreed and active contracts as an iCalendar file (to-dos)
    Calendar(CalendarArgs),
    #[command(flatten)]
    Record(RecordCommand),
    /// Quarter over quarter: each quarter's headline figures from its last commit, and their change
    Trend(TrendArgs),
    /// Hand a contract, or every agreed and active contract of a manager, to another manager
    Handover(HandoverArgs),
    /// Link an experience contract back from an objective of its strategic contract
    Link(LinkArgs),
    /// Someone leaves: cancel or close their contracts, list what still names them, and
    /// replace their name and email by a pseudonym
    Offboard(OffboardArgs),
    /// Remind each person of what they must act on: overdue, or due within `remind_days`
    Remind(RemindArgs),
    /// Print a shell's completion script
    Completions {
        /// The shell
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
    /// Print the ids of the repo's contracts, one a line (for shell completion)
    #[command(name = "__contract-ids", hide = true)]
    ContractIds,
    /// Print the manual page (roff), or write one page per command
    Man {
        /// Write lc.1 and one page per command (lc-check.1, lc-new-strategic.1, …) into DIR
        #[arg(long, value_name = "DIR")]
        dir: Option<PathBuf>,
    },
    /// Print the JSON Schema of contracts, for editors and other tools
    Schema {
        /// One kind only [default: one schema for both, chosen by `kind`]
        #[arg(value_enum)]
        kind: Option<KindArg>,
    },
}

/// The commands that record what happened in one contract, through the edit layer.
#[derive(Debug, Subcommand)]
enum RecordCommand {
    /// Record that follow-ups or application actions happened
    Done(DoneArgs),
    /// Record that supports were provided
    Provide(ProvideArgs),
    /// Record that supports were declined (they count as unmet)
    Decline(DeclineArgs),
    /// Record that objectives were achieved
    Achieve(AchieveArgs),
    /// Record that objectives were dropped
    Drop(DropArgs),
    /// Record a party's agreement; a draft agreed by both becomes `agreed`
    Agree(AgreeArgs),
    /// Start an agreed contract (status `active`), or objectives of it (status `in-progress`)
    Start(StartArgs),
    /// Close a finished contract (refused while items are open, unless --force)
    Close(CloseArgs),
    /// Cancel a contract that will not go ahead
    Cancel(CancelArgs),
    /// Add a follow-up to a contract
    #[command(name = "follow-up", subcommand)]
    FollowUp(FollowUpCommand),
    /// Add a support to a contract
    #[command(subcommand)]
    Support(SupportCommand),
    /// Move the due date of a follow-up, an action, a support or an objective (the old one is
    /// kept in its notes)
    Reschedule(RescheduleArgs),
}

/// What every command that records something shares.
#[derive(Debug, Args)]
struct WriteArgs {
    /// The contract: its id, or the path of its file
    #[arg(value_name = "CONTRACT")]
    contract: String,
    /// Also commit the file, with a message that says what was recorded
    #[arg(long)]
    commit: bool,
}

#[derive(Debug, Args)]
struct DoneArgs {
    #[command(flatten)]
    write: WriteArgs,
    /// Which list: a follow-up, or an application action of an experience contract
    #[arg(value_enum)]
    list: DoneList,
    /// The items: each one's id, or its number as `lc check` shows it (follow-up #2 is 2)
    #[arg(value_name = "N|ID", required = true)]
    items: Vec<String>,
    /// The day it happened [default: the as-of date, today]
    #[arg(long, value_name = "DATE", value_parser = parse_date)]
    on: Option<NaiveDate>,
    /// What came of a follow-up
    #[arg(long, value_name = "TEXT")]
    outcome: Option<String>,
    /// Notes to add to the item (kept with what it already holds)
    #[arg(long, value_name = "TEXT")]
    notes: Option<String>,
    /// What shows an application action was done, or at a check-in what shows the learning
    /// is used (or why not)
    #[arg(long, value_name = "TEXT")]
    evidence: Option<String>,
    /// At a transfer check-in of an experience contract: is the learning being used on the job?
    #[arg(long, value_enum, value_name = "ANSWER")]
    applied: Option<AppliedArg>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
enum AppliedArg {
    /// Not used on the job
    None,
    /// Used in part
    Partly,
    /// Used fully
    Fully,
}

impl AppliedArg {
    fn applied(self) -> crate::model::contract::Applied {
        use crate::model::contract::Applied;
        match self {
            AppliedArg::None => Applied::None,
            AppliedArg::Partly => Applied::Partly,
            AppliedArg::Fully => Applied::Fully,
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
enum DoneList {
    FollowUp,
    Action,
}

impl DoneList {
    fn list(self) -> crate::store::record::List {
        match self {
            DoneList::FollowUp => crate::store::record::List::FollowUp,
            DoneList::Action => crate::store::record::List::Action,
        }
    }
}

#[derive(Debug, Args)]
struct ProvideArgs {
    #[command(flatten)]
    write: WriteArgs,
    /// The supports: each one's id, or its number
    #[arg(value_name = "SUPPORT", required = true)]
    supports: Vec<String>,
    /// The day it was provided [default: the as-of date, today]
    #[arg(long, value_name = "DATE", value_parser = parse_date)]
    on: Option<NaiveDate>,
}

#[derive(Debug, Args)]
struct DeclineArgs {
    #[command(flatten)]
    write: WriteArgs,
    /// The supports: each one's id, or its number
    #[arg(value_name = "SUPPORT", required = true)]
    supports: Vec<String>,
    /// Why, kept in the support's notes
    #[arg(long, value_name = "TEXT")]
    reason: Option<String>,
}

#[derive(Debug, Args)]
struct AchieveArgs {
    #[command(flatten)]
    write: WriteArgs,
    /// The objectives: each one's id, or its number
    #[arg(value_name = "OBJECTIVE", required = true)]
    objectives: Vec<String>,
    /// The day it was achieved [default: the as-of date, today]
    #[arg(long, value_name = "DATE", value_parser = parse_date)]
    on: Option<NaiveDate>,
}

#[derive(Debug, Args)]
struct DropArgs {
    #[command(flatten)]
    write: WriteArgs,
    /// The objectives: each one's id, or its number
    #[arg(value_name = "OBJECTIVE", required = true)]
    objectives: Vec<String>,
    /// Why, kept in the objective's notes
    #[arg(long, value_name = "TEXT")]
    reason: Option<String>,
}

#[derive(Debug, Args)]
struct AgreeArgs {
    #[command(flatten)]
    write: WriteArgs,
    /// Who agreed: the learner, the manager, or both on the same day
    #[arg(long, value_enum)]
    by: PartyArg,
    /// The day they agreed [default: the as-of date, today]
    #[arg(long, value_name = "DATE", value_parser = parse_date)]
    on: Option<NaiveDate>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
enum PartyArg {
    Learner,
    Manager,
    Both,
}

#[derive(Debug, Args)]
struct StartArgs {
    #[command(flatten)]
    write: WriteArgs,
    /// Objectives now under way instead (status `in-progress`): each one's id, or its number
    #[arg(value_name = "OBJECTIVE")]
    objectives: Vec<String>,
}

#[derive(Debug, Args)]
struct CloseArgs {
    #[command(flatten)]
    write: WriteArgs,
    /// Close it even with items still open
    #[arg(long)]
    force: bool,
}

#[derive(Debug, Args)]
struct CancelArgs {
    #[command(flatten)]
    write: WriteArgs,
    /// Why, kept in the contract's notes
    #[arg(long, value_name = "TEXT")]
    reason: Option<String>,
    /// Also cancel the experience contracts linked to this strategic contract that are not yet
    /// closed or cancelled, in the same call
    #[arg(long)]
    with_linked: bool,
}

#[derive(Debug, Args)]
struct HandoverArgs {
    /// The contract: its id, or the path of its file
    #[arg(
        value_name = "CONTRACT",
        required_unless_present = "manager",
        conflicts_with = "manager"
    )]
    contract: Option<String>,
    /// Every agreed and active contract of this manager (name or email) instead
    #[arg(long, value_name = "OLD")]
    manager: Option<String>,
    /// The new manager, as `Name <email>`
    #[arg(long, value_name = "PERSON", value_parser = parse_person)]
    to: String,
    /// The first day the new manager is the manager [default: the as-of date]
    #[arg(long, value_name = "DATE", value_parser = parse_date)]
    on: Option<NaiveDate>,
    /// Also commit the files, with a message that says what was recorded
    #[arg(long)]
    commit: bool,
}

#[derive(Debug, Args)]
struct LinkArgs {
    /// The contract: its id, or the path of its file
    #[arg(value_name = "EXPERIENCE")]
    contract: String,
    /// The objective of its strategic contract that it serves: its id, or its number
    #[arg(long, value_name = "OID")]
    objective: String,
    /// Also commit the strategic contract, with a message that says what was recorded
    #[arg(long)]
    commit: bool,
}

#[derive(Debug, Subcommand)]
enum FollowUpCommand {
    /// Add a dated check-in to a contract
    Add {
        #[command(flatten)]
        write: WriteArgs,
        /// When it is due
        #[arg(long, value_name = "DATE", value_parser = parse_date)]
        due: NaiveDate,
        /// Who must hold it: a role word or `Name <email>` [default: manager]
        #[arg(long, value_name = "OWNER", value_parser = parse_owner)]
        owner: Option<String>,
        /// Notes for it
        #[arg(long, value_name = "TEXT")]
        notes: Option<String>,
        /// An id for it, for commands and calendars
        #[arg(long, value_parser = parse_id)]
        id: Option<String>,
    },
}

#[derive(Debug, Subcommand)]
enum SupportCommand {
    /// Add what the workplace will do for the learner, such as one agreed in place of a
    /// declined support
    Add {
        #[command(flatten)]
        write: WriteArgs,
        /// What the workplace will provide
        #[arg(long, value_name = "TEXT")]
        text: String,
        /// By when it is needed (required once the contract is agreed)
        #[arg(long, value_name = "DATE", value_parser = parse_date)]
        due: Option<NaiveDate>,
        /// Who must provide it: a role word or `Name <email>` [default: manager]
        #[arg(long, value_name = "OWNER", value_parser = parse_owner)]
        owner: Option<String>,
        /// An objective it serves (strategic contracts), by id; repeat for several
        #[arg(long = "for", value_name = "OID", value_parser = parse_id)]
        for_objectives: Vec<String>,
        /// When it is needed, relative to the learning
        #[arg(long, value_enum)]
        phase: Option<PhaseArg>,
        /// An id for it, for commands
        #[arg(long, value_parser = parse_id)]
        id: Option<String>,
    },
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
enum PhaseArg {
    Before,
    During,
    After,
}

impl PhaseArg {
    fn as_str(self) -> &'static str {
        match self {
            PhaseArg::Before => "before",
            PhaseArg::During => "during",
            PhaseArg::After => "after",
        }
    }
}

/// The lists whose items have a due date to move.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
enum RescheduleList {
    FollowUp,
    Action,
    Support,
    Objective,
}

impl RescheduleList {
    fn list(self) -> crate::store::record::List {
        use crate::store::record::List;
        match self {
            RescheduleList::FollowUp => List::FollowUp,
            RescheduleList::Action => List::Action,
            RescheduleList::Support => List::Support,
            RescheduleList::Objective => List::Objective,
        }
    }
}

#[derive(Debug, Args)]
struct RescheduleArgs {
    #[command(flatten)]
    write: WriteArgs,
    /// Which list: a follow-up, an application action, a support or an objective
    #[arg(value_enum)]
    list: RescheduleList,
    /// The item: its id, or its number
    #[arg(value_name = "N|ID")]
    item: String,
    /// The new due date
    #[arg(long, value_name = "DATE", value_parser = parse_date)]
    due: NaiveDate,
}

#[derive(Debug, Args)]
struct ReportArgs {
    /// Output format
    #[arg(long, value_enum, default_value_t = ReportFormat::Table)]
    format: ReportFormat,
    /// Read the contracts as committed at this git revision, not the working tree
    #[arg(long, value_name = "REV", conflicts_with = "quarter")]
    rev: Option<String>,
    /// Report on a quarter: as of its last day, contracts as committed on the current branch
    /// at the end of that day, plus what happened during it
    #[arg(long, value_name = "YYYYQn", value_parser = parse_quarter)]
    quarter: Option<crate::model::quarter::Quarter>,
    #[command(flatten)]
    filter: FilterArgs,
    /// Which contracts the review counts: `current` (those whose period covers the as-of date,
    /// and earlier ones still agreed or active), a year (`2027`: those whose period overlaps
    /// it), or `all`
    #[arg(long, value_name = "PERIOD", default_value = "current", value_parser = parse_period)]
    period: crate::review::Period,
    /// No names: figures by team, and figures counting fewer than `privacy.min_group` people
    /// withheld (shown as <5)
    #[arg(long, conflicts_with = "split")]
    aggregate: bool,
    /// Write one review per manager (the contracts they manage) or per team into --out, with
    /// an index
    #[arg(long, value_enum, requires = "out")]
    split: Option<SplitBy>,
    /// The directory --split writes into (made if missing)
    #[arg(long, value_name = "DIR", requires = "split")]
    out: Option<PathBuf>,
}

#[derive(Debug, Args)]
struct OffboardArgs {
    /// The person who leaves: their name or email, as the contracts write it
    #[arg(value_name = "PERSON")]
    person: String,
    /// The day they leave [default: the as-of date, today]
    #[arg(long, value_name = "DATE", value_parser = parse_date)]
    on: Option<NaiveDate>,
    /// Close their agreed and active contracts (even with items open); drafts are cancelled
    #[arg(long, conflicts_with = "cancel")]
    close: bool,
    /// Cancel their draft, agreed and active contracts
    #[arg(long)]
    cancel: bool,
    /// Replace their name and email in every contract by a stable pseudonym
    /// (`Leaver 3f2a9c <leaver-3f2a9c@invalid>`)
    #[arg(long)]
    pseudonymise: bool,
    /// Also give their own contracts whose id or file name is made from their name a
    /// pseudonymous one (`2026-zoe-angstrom` → `2026-leaver-3f2a9c`), links in other contracts
    /// updated
    #[arg(long, requires = "pseudonymise")]
    rename: bool,
}

/// What `lc offboard` does with the contracts of the person who leaves.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LeaverContracts {
    /// Left as they are, and listed.
    Keep,
    Close,
    Cancel,
}

/// `lc offboard`.
#[derive(Debug)]
pub struct OffboardConfig {
    pub person: String,
    pub on: NaiveDate,
    pub contracts: LeaverContracts,
    pub pseudonymise: bool,
    /// `--rename`: ids and file names made from their name pseudonymised too.
    pub rename: bool,
}

/// Whose reviews `lc report --split` writes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum SplitBy {
    Manager,
    Team,
}

#[derive(Debug, Args)]
struct TrendArgs {
    /// Output format
    #[arg(long, value_enum, default_value_t = ReportFormat::Table)]
    format: ReportFormat,
    /// The first quarter [default: three before --to, or the history's first]
    #[arg(long, value_name = "YYYYQn", value_parser = parse_quarter)]
    from: Option<crate::model::quarter::Quarter>,
    /// The last quarter [default: the newest the history covers that has ended by --as-of]
    #[arg(long, value_name = "YYYYQn", value_parser = parse_quarter)]
    to: Option<crate::model::quarter::Quarter>,
    #[command(flatten)]
    filter: FilterArgs,
    /// Which contracts each quarter counts: `current` (those whose period covers the quarter's
    /// last day, and earlier ones still agreed or active or ended in the quarter), a year, or
    /// `all`
    #[arg(long, value_name = "PERIOD", default_value = "current", value_parser = parse_period)]
    period: crate::review::Period,
    /// No names: each quarter's aggregate review (figures by team, small figures withheld),
    /// without changes between quarters
    #[arg(long)]
    aggregate: bool,
}

#[derive(Debug, Args)]
struct ListArgs {
    /// Output format
    #[arg(long, value_enum, default_value_t = ListFormat::Table)]
    format: ListFormat,
    #[command(flatten)]
    filter: FilterArgs,
}

#[derive(Debug, Args)]
struct CalendarArgs {
    /// Only items this person must act on (name or email; roles resolve to their person)
    #[arg(long, value_name = "PERSON")]
    owner: Option<String>,
    /// Only items of this manager's contracts (name or email)
    #[arg(long, value_name = "PERSON")]
    manager: Option<String>,
    /// Only items of this team's contracts
    #[arg(long)]
    team: Option<String>,
}

#[derive(Debug, Args)]
struct RemindArgs {
    /// Show who would get what, and send nothing [default without --smtp or --out]
    #[arg(long, conflicts_with_all = ["smtp", "out"])]
    dry_run: bool,
    /// Write one message per person into DIR, as `<address>.eml`
    #[arg(long, value_name = "DIR", conflicts_with = "smtp")]
    out: Option<PathBuf>,
    /// Send through this server: smtp://[user@]host[:port] (STARTTLS when offered, port 587)
    /// or smtps://[user@]host[:port] (TLS, port 465); the password is read from LC_SMTP_PASSWORD
    #[arg(long, value_name = "URL", requires = "from")]
    smtp: Option<String>,
    /// The sender, as `address` or `Name <address>` [default with --out: lc@localhost]
    #[arg(long, value_name = "ADDRESS")]
    from: Option<String>,
    /// A PEM certificate to trust besides the system's, e.g. a test server's
    #[arg(long, value_name = "FILE", requires = "smtp")]
    smtp_ca: Option<PathBuf>,
    /// Seconds to wait to connect to the server and for its greeting [default: 10]
    #[arg(long, value_name = "SECONDS", requires = "smtp", value_parser = clap::value_parser!(u64).range(1..=3600))]
    smtp_connect_timeout: Option<u64>,
    /// Seconds to wait for the server's answer to each command, the message's included
    /// [default: 30]
    #[arg(long, value_name = "SECONDS", requires = "smtp", value_parser = clap::value_parser!(u64).range(1..=3600))]
    smtp_timeout: Option<u64>,
    /// Seconds for all the sending: a digest not sent by then is not tried [default: 300]
    #[arg(long, value_name = "SECONDS", requires = "smtp", value_parser = clap::value_parser!(u64).range(1..=86400))]
    smtp_deadline: Option<u64>,
    #[command(flatten)]
    filter: FilterArgs,
}

#[derive(Debug, Args)]
struct FilterArgs {
    /// Only contracts of this manager (name or email)
    #[arg(long, value_name = "PERSON")]
    manager: Option<String>,
    /// Only contracts of this team
    #[arg(long)]
    team: Option<String>,
    /// Only contracts of this learner (name or email)
    #[arg(long, value_name = "PERSON")]
    learner: Option<String>,
    /// Only contracts of this kind
    #[arg(long, value_enum)]
    kind: Option<KindArg>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum ReportFormat {
    /// Aligned tables that fit the terminal
    Table,
    /// Markdown, to paste into a wiki or a pull request
    Markdown,
    /// The item lists as one CSV table with a `section` column
    Csv,
    /// One JSON document
    Json,
    /// One self-contained HTML page with charts, for a review meeting (prints on A4)
    Html,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum ListFormat {
    Table,
    Csv,
    Json,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum KindArg {
    Strategic,
    Experience,
}

#[derive(Debug, Subcommand)]
enum NewKind {
    /// A yearly contract: the job goals, the learning that serves them, and the support needed
    Strategic {
        #[command(flatten)]
        common: NewCommon,
        /// The calendar year the contract covers [default: the year of --as-of]
        #[arg(long, value_name = "YYYY", value_parser = clap::value_parser!(i32).range(1900..=9999), conflicts_with_all = ["start", "end"])]
        year: Option<i32>,
        /// The first day of the period (with --end), instead of --year
        #[arg(long, value_name = "DATE", value_parser = parse_date, requires = "end")]
        start: Option<NaiveDate>,
        /// The last day of the period (with --start)
        #[arg(long, value_name = "DATE", value_parser = parse_date, requires = "start")]
        end: Option<NaiveDate>,
        /// Next period from this strategic contract: its learner, manager, team, partners,
        /// goals and the objectives not achieved or dropped, without dates
        #[arg(long, value_name = "ID", value_parser = parse_id)]
        from: Option<String>,
    },
    /// A contract for one seminar, course or secondment
    Experience {
        #[command(flatten)]
        common: NewCommon,
        /// The event's title
        #[arg(long)]
        title: Option<String>,
        /// The event's method type: course, seminar, secondment, mentoring… (see `lc schema`)
        #[arg(long = "type", value_name = "TYPE", value_parser = parse_method_type)]
        method_type: Option<String>,
        /// The event's first day
        #[arg(long, value_name = "DATE", value_parser = parse_date)]
        start: Option<NaiveDate>,
        /// The event's last day
        #[arg(long, value_name = "DATE", value_parser = parse_date)]
        end: Option<NaiveDate>,
        /// The strategic contract this serves; learner, manager and team default to its own
        #[arg(long, value_name = "ID", value_parser = parse_id)]
        strategic: Option<String>,
        /// The objective of --strategic it serves: that objective's method of this type links
        /// the new contract (or a new method does)
        #[arg(long, value_name = "OID", conflicts_with = "stdout")]
        objective: Option<String>,
        /// Repeat an earlier experience contract: its learner, manager, team, partners, event
        /// (title, type, provider, hours, cost), learning, links and application, without dates
        #[arg(long, value_name = "ID", value_parser = parse_id)]
        from: Option<String>,
    },
}

#[derive(Debug, Args)]
struct NewCommon {
    /// The learner, as `Name <email>`
    #[arg(long, value_name = "PERSON", value_parser = parse_person)]
    learner: Option<String>,
    /// The learner's manager, as `Name <email>`
    #[arg(long, value_name = "PERSON", value_parser = parse_person)]
    manager: Option<String>,
    /// The team, for grouping reports
    #[arg(long)]
    team: Option<String>,
    /// The contract's id [default: derived from the year or date, the learner and the title]
    #[arg(long, value_parser = parse_id)]
    id: Option<String>,
    /// Where to write the contract [default: <contracts>/<year>/<id>.yaml]
    #[arg(long, value_name = "PATH", conflicts_with = "stdout")]
    output: Option<PathBuf>,
    /// Print the contract instead of writing a file
    #[arg(long)]
    stdout: bool,
    /// Also commit the new file (with the strategic contract that --objective links it from),
    /// in one commit
    #[arg(long, conflicts_with = "stdout")]
    commit: bool,
}

#[derive(Debug, Args)]
struct CheckArgs {
    /// Report only on these files or directories (cross-file rules still read the whole repo)
    #[arg(value_name = "PATH")]
    paths: Vec<PathBuf>,

    /// Output format [default: human, or github when GITHUB_ACTIONS=true]
    #[arg(long, value_enum)]
    format: Option<CheckFormat>,

    /// Warnings also make the exit code 1
    #[arg(long)]
    deny_warnings: bool,

    /// Apply the safe fixes (dates, money and words spelt another way, a misspelt key, tabs
    /// used as indentation), print each, then check
    #[arg(long, conflicts_with = "diff")]
    fix: bool,

    /// Print the safe fixes as a diff, without writing them (exit 1 when there are any)
    #[arg(long)]
    diff: bool,

    /// Also list, for each draft, what agreeing it needs: the errors `lc agree --by both`
    /// would refuse it for
    #[arg(long, conflicts_with_all = ["fix", "diff"])]
    ready: bool,

    /// Report only on files changed against BASE [default: the merge base with origin/HEAD, else HEAD]
    #[arg(long, value_name = "BASE", num_args = 0..=1, require_equals = true)]
    changed: Option<Option<String>>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum CheckFormat {
    /// Excerpts with a caret under each problem, for people
    Human,
    /// One JSON document
    Json,
    /// GitHub Actions workflow commands (annotations)
    Github,
    /// SARIF 2.1.0, for code-scanning upload (exit 0 whatever is found)
    Sarif,
}

fn parse_date(text: &str) -> Result<NaiveDate, String> {
    crate::model::scalar::parse_date(text).map_err(|e| format!("{e}: write it as YYYY-MM-DD"))
}

fn parse_install_from(text: &str) -> Result<crate::render::workflow::InstallFrom, String> {
    crate::render::workflow::InstallFrom::parse(text)
}

fn parse_quarter(text: &str) -> Result<crate::model::quarter::Quarter, String> {
    crate::model::quarter::Quarter::parse(text)
}

fn parse_person(text: &str) -> Result<String, String> {
    crate::model::scalar::parse_person(text)
        .map(|p| p.to_string())
        .map_err(|e| format!("{e}: write `Name <email>`"))
}

fn parse_period(text: &str) -> Result<crate::review::Period, String> {
    crate::review::Period::parse(text)
}

fn parse_owner(text: &str) -> Result<String, String> {
    crate::model::scalar::parse_owner(text)
        .map(|_| text.trim().to_string())
        .map_err(|e| format!("{e}: give a role word (manager, learner, hr, l&d, mentor, coach, sponsor, peer) or `Name <email>`"))
}

fn parse_id(text: &str) -> Result<String, String> {
    crate::model::scalar::parse_id(text)
        .map_err(|e| format!("{e}: use lowercase letters, digits and `-`"))
}

fn parse_method_type(text: &str) -> Result<String, String> {
    match crate::model::schema::method_group(text) {
        Some(_) => Ok(text.to_string()),
        None => {
            let types: Vec<&str> = crate::model::schema::method_types().collect();
            let near = crate::text::closest::closest(text, types.iter().copied());
            let hint = near.map_or(String::new(), |n| format!(" (did you mean `{n}`?)"));
            Err(format!(
                "`{text}` is not a method type{hint}; the types are {}",
                types.join(", ")
            ))
        }
    }
}

/// Everything a command needs, with defaults resolved; no clap types.
#[derive(Debug)]
pub struct Config {
    /// `--repo` as given; the root is found from it (or the current directory) when run.
    pub repo: Option<PathBuf>,
    pub as_of: NaiveDate,
    pub command: Action,
}

#[derive(Debug)]
pub enum Action {
    Check(CheckConfig),
    New(NewConfig),
    Init(InitConfig),
    Report(ReportConfig),
    Trend(TrendConfig),
    Calendar {
        owner: Option<String>,
        filter: crate::review::Filter,
    },
    Remind(RemindConfig),
    Completions {
        shell: clap_complete::Shell,
    },
    Man {
        dir: Option<PathBuf>,
    },
    List {
        format: ListFormat,
        filter: crate::review::Filter,
    },
    Schema {
        kind: Option<crate::model::schema::Kind>,
    },
    Record(RecordConfig),
    ContractIds,
    Handover(HandoverConfig),
    Link(LinkConfig),
    Offboard(OffboardConfig),
}

/// `lc handover`: a contract, or every agreed and active one of a manager, to another manager.
#[derive(Debug)]
pub struct HandoverConfig {
    pub contract: Option<String>,
    pub manager: Option<String>,
    pub to: String,
    pub on: NaiveDate,
    pub commit: bool,
}

/// `lc link`: an experience contract linked back from an objective of its strategic contract.
#[derive(Debug)]
pub struct LinkConfig {
    pub experience: String,
    pub objective: String,
    pub commit: bool,
}

/// A record command: what to record in one contract.
#[derive(Debug)]
pub struct RecordConfig {
    /// The contract's id, or the path of its file.
    pub contract: String,
    pub records: Vec<crate::store::record::Record>,
    pub commit: bool,
    /// `lc cancel --with-linked`: the linked experience contracts too.
    pub with_linked: bool,
}

/// `lc remind`: whose items, and where the digests go.
#[derive(Debug)]
pub struct RemindConfig {
    pub filter: crate::review::Filter,
    pub delivery: Delivery,
    /// `--from` as given.
    pub from: Option<String>,
}

#[derive(Debug)]
pub enum Delivery {
    DryRun,
    Out(PathBuf),
    Smtp(crate::mail::SmtpConfig),
}

#[derive(Debug)]
pub struct InitConfig {
    pub dir: Option<PathBuf>,
    /// `None`: as the existing workflow does, else from crates.io.
    pub install_from: Option<crate::render::workflow::InstallFrom>,
    pub update_workflow: bool,
    /// `--no-verify`: a download is not checked against a checksum.
    pub no_verify: bool,
}

#[derive(Debug)]
pub struct ReportConfig {
    pub format: ReportFormat,
    pub rev: Option<String>,
    pub quarter: Option<crate::model::quarter::Quarter>,
    pub filter: crate::review::Filter,
    /// Whether `--as-of` was given (it may not be, with `--quarter`).
    pub as_of_given: bool,
    pub aggregate: bool,
    /// `--split` and `--out`.
    pub split: Option<(SplitBy, PathBuf)>,
}

/// `lc new`: the values given as flags, each already well-formed; missing ones are asked for
/// or named by the command.
#[derive(Debug)]
pub struct TrendConfig {
    pub format: ReportFormat,
    pub from: Option<crate::model::quarter::Quarter>,
    pub to: Option<crate::model::quarter::Quarter>,
    pub filter: crate::review::Filter,
    pub aggregate: bool,
}

#[derive(Clone, Debug, Default)]
pub struct NewConfig {
    pub kind: Option<crate::model::schema::Kind>,
    pub learner: Option<String>,
    pub manager: Option<String>,
    pub team: Option<String>,
    pub id: Option<String>,
    pub output: Option<PathBuf>,
    pub stdout: bool,
    pub year: Option<i32>,
    pub start: Option<NaiveDate>,
    pub end: Option<NaiveDate>,
    pub title: Option<String>,
    pub method_type: Option<String>,
    pub strategic: Option<String>,
    /// `--objective`: the objective of `strategic` that links the new experience.
    pub objective: Option<String>,
    /// `--from`: the contract this one repeats.
    pub from: Option<String>,
    /// `--commit`: the new file (and the linked strategic contract) committed together.
    pub commit: bool,
}

/// What `lc check` does with the safe fixes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FixMode {
    Off,
    Write,
    Diff,
}

#[derive(Debug)]
pub struct CheckConfig {
    pub paths: Vec<PathBuf>,
    pub format: CheckFormat,
    pub deny_warnings: bool,
    pub fix: FixMode,
    /// `--ready`: drafts checked as `lc agree` would check them.
    pub ready: bool,
    /// `Some(None)`: changed against the default base.
    pub changed: Option<Option<String>>,
}

impl Cli {
    /// Resolves defaults from the environment: today's date, `GITHUB_ACTIONS`.
    pub fn into_config(self) -> Result<Config> {
        let as_of = self
            .global
            .as_of
            .unwrap_or_else(|| chrono::Local::now().date_naive());
        let in_github = std::env::var("GITHUB_ACTIONS").is_ok_and(|v| v == "true");
        let command = match self.command {
            Command::Check(args) => {
                if args
                    .changed
                    .as_ref()
                    .is_some_and(|base| base.as_deref() == Some(""))
                {
                    bail!("--changed= needs a revision after `=`, or no `=` for the default base");
                }
                Action::Check(CheckConfig {
                    paths: args.paths,
                    format: args.format.unwrap_or(if in_github {
                        CheckFormat::Github
                    } else {
                        CheckFormat::Human
                    }),
                    deny_warnings: args.deny_warnings,
                    fix: match (args.fix, args.diff) {
                        (true, _) => FixMode::Write,
                        (_, true) => FixMode::Diff,
                        _ => FixMode::Off,
                    },
                    ready: args.ready,
                    changed: args.changed,
                })
            }
            Command::New { kind } => Action::New(new_config(kind)),
            Command::Report(args) => {
                if args.quarter.is_some() && self.global.as_of.is_some() {
                    bail!(
                        "--quarter sets the as-of date to the quarter's last day: give one or the other"
                    );
                }
                Action::Report(ReportConfig {
                    format: args.format,
                    rev: args.rev,
                    quarter: args.quarter,
                    filter: crate::review::Filter {
                        period: args.period,
                        ..args.filter.into_filter()
                    },
                    as_of_given: self.global.as_of.is_some(),
                    aggregate: args.aggregate,
                    split: args.split.zip(args.out),
                })
            }
            Command::Trend(args) => Action::Trend(TrendConfig {
                format: args.format,
                from: args.from,
                to: args.to,
                filter: crate::review::Filter {
                    period: args.period,
                    ..args.filter.into_filter()
                },
                aggregate: args.aggregate,
            }),
            Command::Calendar(args) => Action::Calendar {
                owner: args.owner,
                filter: crate::review::Filter {
                    manager: args.manager,
                    team: args.team,
                    ..crate::review::Filter::default()
                },
            },
            Command::Remind(args) => Action::Remind(remind_config(args)),
            Command::Completions { shell } => Action::Completions { shell },
            Command::Man { dir } => Action::Man { dir },
            Command::List(args) => Action::List {
                format: args.format,
                filter: args.filter.into_filter(),
            },
            Command::Init {
                dir,
                install_from,
                update_workflow,
                no_verify,
            } => Action::Init(InitConfig {
                dir,
                install_from,
                update_workflow,
                no_verify,
            }),
            Command::Schema { kind } => Action::Schema {
                kind: kind.map(KindArg::kind),
            },
            Command::Record(command) => Action::Record(record_config(command, as_of)),
            Command::ContractIds => Action::ContractIds,
            Command::Handover(args) => Action::Handover(HandoverConfig {
                contract: args.contract,
                manager: args.manager,
                to: args.to,
                on: args.on.unwrap_or(as_of),
                commit: args.commit,
            }),
            Command::Link(args) => Action::Link(LinkConfig {
                experience: args.contract,
                objective: args.objective,
                commit: args.commit,
            }),
            Command::Offboard(args) => Action::Offboard(OffboardConfig {
                person: args.person,
                on: args.on.unwrap_or(as_of),
                contracts: match (args.close, args.cancel) {
                    (true, _) => LeaverContracts::Close,
                    (_, true) => LeaverContracts::Cancel,
                    _ => LeaverContracts::Keep,
                },
                pseudonymise: args.pseudonymise,
                rename: args.rename,
            }),
        };
        Ok(Config {
            repo: self.global.repo,
            as_of,
            command,
        })
    }
}

impl FilterArgs {
    fn into_filter(self) -> crate::review::Filter {
        crate::review::Filter {
            manager: self.manager,
            team: self.team,
            learner: self.learner,
            kind: self.kind.map(KindArg::kind),
            period: crate::review::Period::All,
        }
    }
}

impl KindArg {
    fn kind(self) -> crate::model::schema::Kind {
        match self {
            KindArg::Strategic => crate::model::schema::Kind::Strategic,
            KindArg::Experience => crate::model::schema::Kind::Experience,
        }
    }
}

/// The record commands, each as a list of records for one contract.
fn record_config(command: RecordCommand, as_of: NaiveDate) -> RecordConfig {
    use crate::store::record::{List, Party, Record};
    let with_linked = matches!(&command, RecordCommand::Cancel(a) if a.with_linked);
    let (write, records) = match command {
        RecordCommand::Done(a) => {
            let records = a
                .items
                .into_iter()
                .map(|item| Record::Done {
                    list: a.list.list(),
                    item,
                    on: a.on.unwrap_or(as_of),
                    outcome: a.outcome.clone(),
                    notes: a.notes.clone(),
                    evidence: a.evidence.clone(),
                    applied: a.applied.map(AppliedArg::applied),
                })
                .collect();
            (a.write, records)
        }
        RecordCommand::Provide(a) => {
            let on = a.on.unwrap_or(as_of);
            let records = a
                .supports
                .into_iter()
                .map(|item| Record::Provide { item, on })
                .collect();
            (a.write, records)
        }
        RecordCommand::Decline(a) => {
            let records = a
                .supports
                .into_iter()
                .map(|item| Record::Decline {
                    item,
                    reason: a.reason.clone(),
                })
                .collect();
            (a.write, records)
        }
        RecordCommand::Achieve(a) => {
            let on = a.on.unwrap_or(as_of);
            let records = a
                .objectives
                .into_iter()
                .map(|item| Record::Achieve { item, on })
                .collect();
            (a.write, records)
        }
        RecordCommand::Drop(a) => {
            let records = a
                .objectives
                .into_iter()
                .map(|item| Record::Drop {
                    item,
                    reason: a.reason.clone(),
                })
                .collect();
            (a.write, records)
        }
        RecordCommand::Agree(a) => {
            let by = match a.by {
                PartyArg::Learner => vec![Party::Learner],
                PartyArg::Manager => vec![Party::Manager],
                PartyArg::Both => vec![Party::Learner, Party::Manager],
            };
            let on = a.on.unwrap_or(as_of);
            let records = by.into_iter().map(|by| Record::Agree { by, on }).collect();
            (a.write, records)
        }
        RecordCommand::Start(a) if a.objectives.is_empty() => (a.write, vec![Record::Start]),
        RecordCommand::Start(a) => {
            let records = a
                .objectives
                .into_iter()
                .map(|item| Record::StartObjective { item })
                .collect();
            (a.write, records)
        }
        RecordCommand::Support(SupportCommand::Add {
            write,
            text,
            due,
            owner,
            for_objectives,
            phase,
            id,
        }) => (
            write,
            vec![Record::AddSupport {
                text,
                due,
                owner,
                for_objectives,
                phase: phase.map(|p| p.as_str().to_string()),
                id,
            }],
        ),
        RecordCommand::Close(a) => (a.write, vec![Record::Close { force: a.force }]),
        RecordCommand::Cancel(a) => (a.write, vec![Record::Cancel { reason: a.reason }]),
        RecordCommand::FollowUp(FollowUpCommand::Add {
            write,
            due,
            owner,
            notes,
            id,
        }) => (
            write,
            vec![Record::AddFollowUp {
                due,
                owner,
                notes,
                id,
            }],
        ),
        RecordCommand::Reschedule(a) => {
            let list: List = a.list.list();
            (
                a.write,
                vec![Record::Reschedule {
                    list,
                    item: a.item,
                    due: a.due,
                }],
            )
        }
    };
    RecordConfig {
        contract: write.contract,
        records,
        commit: write.commit,
        with_linked,
    }
}

/// Reads `LC_SMTP_PASSWORD` for `--smtp`.
fn remind_config(args: RemindArgs) -> RemindConfig {
    let delivery = match (args.out, args.smtp) {
        (Some(dir), _) => Delivery::Out(dir),
        (None, Some(url)) => {
            let default = crate::mail::Deadlines::default();
            let seconds = |given: Option<u64>, default: std::time::Duration| {
                given.map_or(default, std::time::Duration::from_secs)
            };
            Delivery::Smtp(crate::mail::SmtpConfig {
                url,
                ca: args.smtp_ca,
                password: std::env::var("LC_SMTP_PASSWORD").ok(),
                deadlines: crate::mail::Deadlines {
                    connect: seconds(args.smtp_connect_timeout, default.connect),
                    command: seconds(args.smtp_timeout, default.command),
                    overall: seconds(args.smtp_deadline, default.overall),
                },
            })
        }
        (None, None) => Delivery::DryRun,
    };
    RemindConfig {
        filter: args.filter.into_filter(),
        delivery,
        from: args.from,
    }
}

fn new_config(kind: NewKind) -> NewConfig {
    let (kind, common, rest) = match kind {
        NewKind::Strategic {
            common,
            year,
            start,
            end,
            from,
        } => (
            crate::model::schema::Kind::Strategic,
            common,
            NewConfig {
                year,
                start,
                end,
                from,
                ..NewConfig::default()
            },
        ),
        NewKind::Experience {
            common,
            title,
            method_type,
            start,
            end,
            strategic,
            objective,
            from,
        } => (
            crate::model::schema::Kind::Experience,
            common,
            NewConfig {
                title,
                method_type,
                start,
                end,
                strategic,
                objective,
                from,
                ..NewConfig::default()
            },
        ),
    };
    NewConfig {
        kind: Some(kind),
        learner: common.learner,
        manager: common.manager,
        team: common.team,
        id: common.id,
        output: common.output,
        stdout: common.stdout,
        commit: common.commit,
        ..rest
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn the_definition_is_consistent() {
        Cli::command().debug_assert();
    }

    #[test]
    fn changed_takes_an_optional_base() {
        let cli = Cli::try_parse_from(["lc", "check", "--changed"]).unwrap();
        let Command::Check(args) = cli.command else {
            panic!("check")
        };
        assert_eq!(args.changed, Some(None));
        let cli = Cli::try_parse_from(["lc", "check", "--changed=main", "a.yaml"]).unwrap();
        let Command::Check(args) = cli.command else {
            panic!("check")
        };
        assert_eq!(args.changed, Some(Some("main".into())));
        assert_eq!(args.paths, vec![PathBuf::from("a.yaml")]);
    }

    #[test]
    fn bad_dates_are_usage_errors() {
        let err = Cli::try_parse_from(["lc", "check", "--as-of", "2026-13-01"]).unwrap_err();
        assert_eq!(err.exit_code(), 2);
    }
}
