//! Findings about contract files: a code, a severity, a place, a message and an optional help.

use std::fmt;

use serde::Serialize;

use crate::text::yaml::Pos;

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
        }
    }
}

macro_rules! codes {
    ($($variant:ident = $name:literal, $severity:expr, $about:literal, $fix:literal;)*) => {
        /// Every diagnostic code `lc check` can give (cli.md's table, plus the file-level ones).
        #[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub enum Code { $($variant,)* }

        impl Code {
            pub const ALL: &'static [Code] = &[$(Code::$variant,)*];

            pub fn as_str(self) -> &'static str {
                match self { $(Code::$variant => $name,)* }
            }

            /// The severity, or `None` when the policy (`overdue`) decides it.
            pub fn fixed_severity(self) -> Option<Severity> {
                match self { $(Code::$variant => $severity,)* }
            }

            /// One line saying when the code is given.
            pub fn about(self) -> &'static str {
                match self { $(Code::$variant => $about,)* }
            }

            /// What to do about it, in general (each finding's own help is more precise).
            pub fn fix(self) -> &'static str {
                match self { $(Code::$variant => $fix,)* }
            }
        }
    };
}

const ERROR: Option<Severity> = Some(Severity::Error);
const WARNING: Option<Severity> = Some(Severity::Warning);
const POLICY: Option<Severity> = None;

codes! {
    YamlSyntax = "yaml-syntax", ERROR, "the file is not valid YAML, or holds several documents", "Correct the YAML at the place shown: indentation with spaces, a space after `:`, quotes around text holding `: `, one document per file.";
    UnsupportedVersion = "unsupported-version", ERROR, "`lc` is missing or not `1`", "Start the file with `lc: 1`, the format version this lc reads.";
    MissingField = "missing-field", ERROR, "a required field is absent or empty (for its status)", "Add the field, or keep the contract in `status: draft` until the dialogue has answered it.";
    UnknownField = "unknown-field", ERROR, "a key the schema does not know", "Correct the key's spelling (the help names the nearest known one) or remove it.";
    InvalidValue = "invalid-value", ERROR, "wrong type, unknown enum word, malformed date, id, person or money", "Write the value in the form the format asks for: dates YYYY-MM-DD, persons `Name <email>`, money `1500 EUR`, ids in lowercase with `-`.";
    DuplicateId = "duplicate-id", ERROR, "a contract id used twice in the repo, or an item id twice in a contract", "Give each contract, goal, objective and support an id of its own.";
    DanglingReference = "dangling-reference", ERROR, "a reference or role owner names nothing", "Use the id of something that exists, or add the partner with that role to the contract.";
    LearnerMismatch = "learner-mismatch", ERROR, "an experience contract links a strategic contract of another learner", "Link the learner's own strategic contract, or correct the learner.";
    DateOrder = "date-order", ERROR, "an end before its start", "Swap the dates, or correct the one that is wrong.";
    FutureDate = "future-date", ERROR, "a date of something done lies after the as-of date", "Correct the date: nothing can have happened after the day the check is about.";
    MissingFollowUp = "missing-follow-up", WARNING, "the follow-up policy of lc.toml is not met", "Add follow-ups so that the policy of lc.toml is met.";
    MissingTransferCheckin = "missing-transfer-checkin", WARNING, "an agreed, active or closed experience contract has no follow-up near a transfer check-in day of lc.toml", "Add a follow-up due on the check-in day with `lc follow-up add CONTRACT --due DATE` (or run `lc check --fix`), so that someone asks whether the learning is being used.";
    ClosedWithOpenItems = "closed-with-open-items", WARNING, "a closed contract still has open items", "Record `done` or `provided_on` for what happened, or set the contract active again.";
    OverdueFollowUp = "overdue-follow-up", POLICY, "a follow-up is overdue", "Hold the follow-up and record it with `lc done CONTRACT follow-up N`, or agree a new date with `lc reschedule`.";
    OverdueApplication = "overdue-application", POLICY, "an application action is overdue", "Record it with `lc done CONTRACT action N` once the learning is applied, or agree a new date with `lc reschedule`.";
    UnmetSupport = "unmet-support", POLICY, "a workplace support is declined, or still needed after its due date", "Provide the support and record it with `lc provide CONTRACT SUPPORT`, or record `lc decline` and agree another.";
    UnlinkedExperience = "unlinked-experience", WARNING, "an experience contract names a strategic contract none of whose methods links it back, so its cost may be counted twice", "Link it from the objective it serves with `lc link EXPERIENCE --objective OID` (the method of its type gets `experience: <id>`).";
    OpenLinkedExperience = "open-linked-experience", WARNING, "a cancelled or closed strategic contract has linked experience contracts still agreed or active", "Cancel them with it (`lc cancel STRATEGIC --with-linked`), or close each experience contract once it is finished (`lc close`).";
    UntrackedFile = "untracked-file", WARNING, "a contract file that git does not track", "`git add` the file so that the contract is kept in the repo's history.";
    UnreadableFile = "unreadable-file", ERROR, "a contract file that cannot be read: not a regular file, too large, or an I/O error", "Replace it by a regular UTF-8 text file under the size limit.";
    UnsafeCharacter = "unsafe-character", WARNING, "a character written raw that other YAML readers refuse or read as a line break, or a bidirectional control that makes a line display in another order than it is stored", "Remove it, or write it escaped inside double quotes (`\\u202e`); lc's own edits write it so.";
    LeftoverTempFile = "leftover-temp-file", WARNING, "a temporary copy (`.lc-tmp-*`) that an interrupted write left under the contracts directory", "Remove it: the contract files are whole, and the copy may hold an old text and personal data.";
    SymlinkSkipped = "symlink-skipped", WARNING, "a symbolic link under the contracts directory, not followed", "Replace the link by the file itself, or remove it.";
}

impl fmt::Display for Code {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl Serialize for Code {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

/// The most characters of a value from a file that a message quotes.
pub const SHOWN_CHARS: usize = 60;

/// The most characters of a quoted text in a help, which may be a whole corrected line.
const SHOWN_IN_HELP: usize = 200;

/// A value from a file as a message quotes it: whole up to `SHOWN_CHARS` characters, else cut
/// there with "…", so that a 10 MB key does not make a 10 MB message.
pub fn shown(text: &str) -> std::borrow::Cow<'_, str> {
    cut(text, SHOWN_CHARS)
}

/// `text` whole up to `max` characters, else cut there with "…".
fn cut(text: &str, max: usize) -> std::borrow::Cow<'_, str> {
    match text.char_indices().nth(max) {
        None => text.into(),
        Some((at, _)) => format!("{}…", &text[..at]).into(),
    }
}

/// One finding. `file` is repo-relative with `/` separators.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Diagnostic {
    pub code: Code,
    pub severity: Severity,
    pub file: String,
    pub line: u32,
    pub column: u32,
    pub message: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub help: Option<String>,
    /// How many characters the node spans on its line, for the caret under it.
    #[serde(skip)]
    pub width: u32,
    /// The edit that fixes it, when one is certain (`lc check --fix` applies it).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub fix: Option<Fix>,
}

/// A fix `lc check --fix` may apply without asking: only attached where the intended value is
/// certain (a date or money spelt another common way, a word in the wrong case, a key with one
/// close known spelling, tabs used as indentation). Ambiguous cases get none.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Fix {
    /// Replaces the scalar that starts at the diagnostic's place.
    Replace { from: String, to: String },
    /// Renames the key that starts at the diagnostic's place.
    Rename { from: String, to: String },
    /// Replaces tabs in the indentation of every line by spaces.
    Retab,
    /// Appends a follow-up due on `due` to the contract's `follow_ups`.
    AddFollowUp { due: String },
}

impl fmt::Display for Fix {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Fix::Replace { from, to } => write!(f, "`{from}` → `{to}`"),
            Fix::Rename { from, to } => write!(f, "key `{from}` → `{to}`"),
            Fix::Retab => f.write_str("tabs in the indentation → spaces"),
            Fix::AddFollowUp { due } => write!(f, "a follow-up due {due} added"),
        }
    }
}

impl Diagnostic {
    /// The sort order of cli.md: file, line, column, code.
    pub fn sort_key(&self) -> (&str, u32, u32, &str) {
        (&self.file, self.line, self.column, self.code.as_str())
    }
}

/// At most this many findings of one code are kept for a file; past it, one finding says how
/// many more there are (docs/commands.md), so that what one file prints stays bounded.
pub const MAX_PER_CODE: usize = 100;

/// The longest message or help kept whole: a safety net behind `shown`.
const MAX_MESSAGE_CHARS: usize = 1_000;

/// Collects the diagnostics of one file, with the severity of policy-driven codes applied.
#[derive(Debug)]
pub struct Sink<'a> {
    pub file: &'a str,
    pub overdue: Option<Severity>,
    pub found: Vec<Diagnostic>,
    /// Per code: how many findings were given, and where in `found` the one saying how many
    /// more there are stands, once there are more than `MAX_PER_CODE`.
    counts: Vec<(Code, usize, Option<usize>)>,
    /// Whether the last `add` was kept as given (not switched off, not past the cap), so that
    /// `fix_last` never attaches a fix to another finding.
    last_kept: bool,
}

impl<'a> Sink<'a> {
    pub fn new(file: &'a str, overdue: Option<Severity>) -> Sink<'a> {
        Sink {
            file,
            overdue,
            found: Vec::new(),
            counts: Vec::new(),
            last_kept: false,
        }
    }

    /// Adds a diagnostic at `pos`, spanning `width` characters; policy codes may be switched off.
    pub fn add(&mut self, code: Code, pos: Pos, width: u32, message: String, help: Option<String>) {
        self.last_kept = false;
        let Some(severity) = code.fixed_severity().or(self.overdue) else {
            return;
        };
        let count = match self.counts.iter().position(|c| c.0 == code) {
            Some(i) => &mut self.counts[i],
            None => {
                self.counts.push((code, 0, None));
                self.counts.last_mut().expect("just pushed")
            }
        };
        count.1 += 1;
        if count.1 > MAX_PER_CODE {
            let more = count.1 - MAX_PER_CODE;
            match count.2 {
                Some(i) => self.found[i].message = more_message(more, code),
                None => {
                    count.2 = Some(self.found.len());
                    let help = format!(
                        "lc shows the first {MAX_PER_CODE} findings of each code in a file: correct those and check again"
                    );
                    self.push(code, severity, pos, 1, more_message(more, code), Some(help));
                }
            }
            return;
        }
        self.push(code, severity, pos, width, message, help);
        self.last_kept = true;
    }

    fn push(
        &mut self,
        code: Code,
        severity: Severity,
        pos: Pos,
        width: u32,
        message: String,
        help: Option<String>,
    ) {
        self.found.push(Diagnostic {
            code,
            severity,
            file: self.file.to_string(),
            line: pos.line,
            column: pos.col,
            message: bounded(message, SHOWN_CHARS),
            help: help.map(|help| bounded(help, SHOWN_IN_HELP)),
            width: width.max(1),
            fix: None,
        });
    }

    /// Attaches a fix to the finding just added, when it was kept.
    pub fn fix_last(&mut self, fix: Fix) {
        if !self.last_kept {
            return;
        }
        if let Some(last) = self.found.last_mut() {
            last.fix = Some(fix);
        }
    }
}

/// "366,546 more `overdue-follow-up` findings in this file are not shown".
fn more_message(more: usize, code: Code) -> String {
    let (count, are) = if more == 1 {
        ("1 more".to_string(), "finding in this file is")
    } else {
        (
            format!("{} more", thousands(more)),
            "findings in this file are",
        )
    };
    format!("{count} `{code}` {are} not shown")
}

/// `366546` as `366,546`.
fn thousands(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// A message with every quoted text cut to `max_quoted` characters, and the whole at most
/// `MAX_MESSAGE_CHARS`: values reach messages in many places, and none may make a message as
/// large as the file.
fn bounded(message: String, max_quoted: usize) -> String {
    let long_quote = message
        .split('`')
        .skip(1)
        .step_by(2)
        .any(|quoted| quoted.chars().nth(max_quoted).is_some());
    let message = if long_quote {
        message
            .split('`')
            .enumerate()
            .map(|(i, part)| {
                if i % 2 == 1 {
                    cut(part, max_quoted)
                } else {
                    part.into()
                }
            })
            .collect::<Vec<_>>()
            .join("`")
    } else {
        message
    };
    match message.char_indices().nth(MAX_MESSAGE_CHARS) {
        None => message,
        Some((at, _)) => format!("{}…", &message[..at]),
    }
}

/// Adds the findings a sink collected to `out`.
pub(crate) fn extend(out: &mut Vec<Diagnostic>, sink: Sink<'_>) {
    out.extend(sink.found);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_values_are_cut_in_messages() {
        let long = "k".repeat(10_000);
        let message = bounded(format!("unknown field `{long}` in contract"), SHOWN_CHARS);
        assert_eq!(
            message,
            format!("unknown field `{}…` in contract", "k".repeat(60))
        );
        let many = "`a`".repeat(10_000);
        assert_eq!(
            bounded(many, SHOWN_CHARS).chars().count(),
            MAX_MESSAGE_CHARS + 1
        );
        assert_eq!(bounded("short `x`".into(), SHOWN_CHARS), "short `x`");
    }

    #[test]
    fn findings_past_the_cap_are_counted_in_one() {
        let mut sink = Sink::new("f.yaml", Some(Severity::Warning));
        for line in 1..=250 {
            let pos = Pos { line, col: 1 };
            sink.add(Code::OverdueFollowUp, pos, 1, "late".into(), None);
        }
        sink.add(Code::DateOrder, Pos::START, 1, "x".into(), None);
        assert_eq!(sink.found.len(), MAX_PER_CODE + 2);
        let more = &sink.found[MAX_PER_CODE];
        assert_eq!(more.line, 101);
        assert_eq!(
            more.message,
            "150 more `overdue-follow-up` findings in this file are not shown"
        );
        // A fix for a finding past the cap is not attached to another one.
        sink.add(Code::OverdueFollowUp, Pos::START, 1, "late".into(), None);
        sink.fix_last(Fix::Retab);
        assert!(sink.found.iter().all(|d| d.fix.is_none()));
        assert_eq!(thousands(366_546), "366,546");
        assert_eq!(thousands(999), "999");
    }
}
