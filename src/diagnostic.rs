//! Findings about contract files: a code, a severity, a place, a message and an optional help.

use std::fmt;

use serde::Serialize;

use crate::yaml::Pos;

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
    ($($variant:ident = $name:literal, $severity:expr, $about:literal;)*) => {
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
        }
    };
}

const ERROR: Option<Severity> = Some(Severity::Error);
const WARNING: Option<Severity> = Some(Severity::Warning);
const POLICY: Option<Severity> = None;

codes! {
    YamlSyntax = "yaml-syntax", ERROR, "the file is not valid YAML, or holds several documents";
    UnsupportedVersion = "unsupported-version", ERROR, "`lc` is missing or not `1`";
    MissingField = "missing-field", ERROR, "a required field is absent or empty (for its status)";
    UnknownField = "unknown-field", ERROR, "a key the schema does not know";
    InvalidValue = "invalid-value", ERROR, "wrong type, unknown enum word, malformed date, id, person or money";
    DuplicateId = "duplicate-id", ERROR, "a contract id used twice in the repo, or an item id twice in a contract";
    DanglingReference = "dangling-reference", ERROR, "a reference or role owner names nothing";
    LearnerMismatch = "learner-mismatch", ERROR, "an experience contract links a strategic contract of another learner";
    DateOrder = "date-order", ERROR, "an end before its start";
    FutureDate = "future-date", ERROR, "a date of something done lies after the as-of date";
    MissingFollowUp = "missing-follow-up", WARNING, "the follow-up policy of lc.toml is not met";
    ClosedWithOpenItems = "closed-with-open-items", WARNING, "a closed contract still has open items";
    OverdueFollowUp = "overdue-follow-up", POLICY, "a follow-up is overdue";
    OverdueApplication = "overdue-application", POLICY, "an application action is overdue";
    UnmetSupport = "unmet-support", POLICY, "a workplace support is declined, or still needed after its due date";
    UntrackedFile = "untracked-file", WARNING, "a contract file that git does not track";
    UnreadableFile = "unreadable-file", ERROR, "a contract file that cannot be read: not a regular file, too large, or an I/O error";
    SymlinkSkipped = "symlink-skipped", WARNING, "a symbolic link under the contracts directory, not followed";
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
}

impl Diagnostic {
    /// The sort order of cli.md: file, line, column, code.
    pub fn sort_key(&self) -> (&str, u32, u32, &str) {
        (&self.file, self.line, self.column, self.code.as_str())
    }
}

/// Collects the diagnostics of one file, with the severity of policy-driven codes applied.
#[derive(Debug)]
pub struct Sink<'a> {
    pub file: &'a str,
    pub overdue: Option<Severity>,
    pub found: Vec<Diagnostic>,
}

impl<'a> Sink<'a> {
    pub fn new(file: &'a str, overdue: Option<Severity>) -> Sink<'a> {
        Sink {
            file,
            overdue,
            found: Vec::new(),
        }
    }

    /// Adds a diagnostic at `pos`, spanning `width` characters; policy codes may be switched off.
    pub fn add(&mut self, code: Code, pos: Pos, width: u32, message: String, help: Option<String>) {
        let Some(severity) = code.fixed_severity().or(self.overdue) else {
            return;
        };
        self.found.push(Diagnostic {
            code,
            severity,
            file: self.file.to_string(),
            line: pos.line,
            column: pos.col,
            message,
            help,
            width: width.max(1),
        });
    }
}
