//! A small builder that lays out an HR repo in a temp dir and runs the `lc` binary on it.
#![allow(dead_code, unreachable_pub)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use serde_json::Value;

pub struct Repo {
    dir: tempfile::TempDir,
}

/// The result of one run of `lc`.
pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

impl Run {
    fn from(output: Output) -> Run {
        Run {
            code: output.status.code().unwrap_or(-1),
            stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
        }
    }

    pub fn json(&self) -> Value {
        serde_json::from_str(&self.stdout)
            .unwrap_or_else(|e| panic!("not JSON ({e}):\n{}\n{}", self.stdout, self.stderr))
    }

    /// `(code, file, line)` of each diagnostic of a `--format json` run.
    pub fn diagnostics(&self) -> Vec<(String, String, u64)> {
        self.json()["diagnostics"]
            .as_array()
            .expect("diagnostics")
            .iter()
            .map(|d| {
                (
                    d["code"].as_str().unwrap().to_string(),
                    d["file"].as_str().unwrap().to_string(),
                    d["line"].as_u64().unwrap(),
                )
            })
            .collect()
    }

    /// The codes of a `--format json` run, in order.
    pub fn codes(&self) -> Vec<String> {
        self.diagnostics().into_iter().map(|d| d.0).collect()
    }

    /// The one diagnostic with `code`, as JSON.
    #[track_caller]
    pub fn only(&self, code: &str) -> Value {
        let json = self.json();
        let found: Vec<&Value> = json["diagnostics"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|d| d["code"] == code)
            .collect();
        assert_eq!(found.len(), 1, "expected one `{code}` in:\n{}", self.stdout);
        found[0].clone()
    }
}

impl Repo {
    /// An empty directory, not in git.
    pub fn plain() -> Repo {
        Repo {
            dir: tempfile::tempdir().expect("a temp dir"),
        }
    }

    /// A directory with `git init` run in it, and a user to commit as.
    pub fn git() -> Repo {
        let repo = Repo::plain();
        repo.git_cmd(&["init", "-q", "-b", "main"]);
        repo.git_cmd(&["config", "user.name", "Test"]);
        repo.git_cmd(&["config", "user.email", "test@example.org"]);
        repo.git_cmd(&["config", "commit.gpgsign", "false"]);
        repo
    }

    pub fn path(&self) -> &Path {
        self.dir.path()
    }

    /// Writes a file, creating its directories.
    pub fn file(&self, rel: &str, content: impl AsRef<[u8]>) -> &Repo {
        let path = self.path().join(rel);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, content).unwrap();
        self
    }

    pub fn git_cmd(&self, args: &[&str]) -> String {
        let output = Command::new("git")
            .args(args)
            .current_dir(self.path())
            .output()
            .expect("git runs");
        assert!(
            output.status.success(),
            "git {args:?}: {}",
            String::from_utf8_lossy(&output.stderr)
        );
        String::from_utf8_lossy(&output.stdout).into_owned()
    }

    /// `git add -A && git commit`.
    pub fn commit(&self, message: &str) -> &Repo {
        self.git_cmd(&["add", "-A"]);
        self.git_cmd(&["commit", "-q", "-m", message]);
        self
    }

    /// `git add -A && git commit` with author and committer dates set (ISO 8601 with offset).
    pub fn commit_at(&self, message: &str, date: &str) -> String {
        self.git_cmd(&["add", "-A"]);
        let output = Command::new("git")
            .args(["commit", "-q", "--allow-empty", "-m", message])
            .env("GIT_AUTHOR_DATE", date)
            .env("GIT_COMMITTER_DATE", date)
            .current_dir(self.path())
            .output()
            .expect("git runs");
        assert!(
            output.status.success(),
            "{}",
            String::from_utf8_lossy(&output.stderr)
        );
        self.git_cmd(&["rev-parse", "HEAD"]).trim().to_string()
    }

    /// A file of the repo, as text.
    pub fn read(&self, rel: &str) -> String {
        std::fs::read_to_string(self.path().join(rel)).unwrap()
    }

    /// Runs `lc --as-of DATE ARGS` in the repo.
    pub fn lc_at(&self, as_of: &str, args: &[&str]) -> Run {
        let mut all = vec!["--as-of", as_of];
        all.extend_from_slice(args);
        self.lc(&all)
    }

    /// Runs `lc ARGS` in the repo, with no colour and no CI environment.
    pub fn lc(&self, args: &[&str]) -> Run {
        self.lc_in(self.path(), args)
    }

    pub fn lc_in(&self, dir: &Path, args: &[&str]) -> Run {
        let output = lc_command(dir).args(args).output().expect("lc runs");
        let run = Run::from(output);
        assert_ne!(run.code, 101, "lc panicked:\n{}", run.stderr);
        run
    }

    /// `lc check --as-of 2026-03-01 --format json ARGS`.
    pub fn check_json(&self, args: &[&str]) -> Run {
        let mut all = vec!["check", "--as-of", "2026-03-01", "--format", "json"];
        all.extend_from_slice(args);
        self.lc(&all)
    }
}

pub fn lc_command(dir: &Path) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_lc"));
    command
        .current_dir(dir)
        .env_remove("GITHUB_ACTIONS")
        .env_remove("GITHUB_STEP_SUMMARY")
        .env_remove("NO_COLOR")
        .env_remove("SOURCE_DATE_EPOCH")
        .env("COLUMNS", "100")
        .env("TZ", "Pacific/Kiritimati");
    command
}

pub fn examples_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("examples")
}

/// Where the two valid contracts stand in a repo.
pub const STRATEGIC_PATH: &str = "contracts/2026/2026-jane-doe.yaml";
pub const EXPERIENCE_PATH: &str = "contracts/2026/2026-03-10-jane-doe-claims-workshop.yaml";

/// A git repo with these two contracts committed at their paths.
pub fn committed(strategic: &str, experience: &str) -> Repo {
    let repo = Repo::git();
    repo.file(STRATEGIC_PATH, strategic)
        .file(EXPERIENCE_PATH, experience)
        .commit("contracts");
    repo
}

/// A complete, valid, active strategic contract with no finding as of 2026-03-01.
pub const STRATEGIC: &str = "\
lc: 1
kind: strategic
id: 2026-jane-doe
status: active
learner: Jane Doe <jane@example.org>
manager: Sam Lee <sam@example.org>
team: Claims
partners:
  - {who: Ana Ruiz <ana@example.org>, role: mentor}
period: {start: 2026-01-01, end: 2026-12-31}
agreed: {learner: 2026-01-10, manager: 2026-01-11}
goals:
  - id: g1
    text: Cut the claim error rate
    metric: {name: claim error rate, baseline: 4.2 %, target: 2 %}
objectives:
  - id: o1
    text: Master the new claims rules
    serves: [g1]
    methods:
      - type: course
        cost: 1200 EUR
      - type: mentoring
        experience: 2026-03-10-jane-doe-claims-workshop
    application: Apply them to every claim I handle
    evidence: Error rate under 2 % by the fourth quarter
    due: 2026-06-30
    status: in-progress
supports:
  - id: s1
    text: Two hours a week to practise
    owner: manager
    due: 2026-02-01
    status: provided
    provided_on: 2026-01-20
    for: [o1]
    phase: during
  - id: s2
    text: Weekly session with the mentor
    owner: mentor
    due: 2026-04-01
follow_ups:
  - due: 2026-03-31
  - due: 2026-06-30
  - due: 2026-09-30
  - due: 2026-12-15
";

/// A complete, valid, active experience contract linked to `STRATEGIC`.
pub const EXPERIENCE: &str = "\
lc: 1
kind: experience
id: 2026-03-10-jane-doe-claims-workshop
status: active
learner: Jane Doe <jane@example.org>
manager: Sam Lee <sam@example.org>
strategic: 2026-jane-doe
experience:
  title: Claims accuracy workshop
  type: workshop
  provider: Acme Academy
  start: 2026-03-10
  end: 2026-03-11
  hours: 14
  cost: 900 EUR
learning:
  - The new claims rules
links:
  job: Fewer errors in my claims
application:
  - text: Share the checklist with the team
    kind: share
    due: 2026-04-15
agreed: {learner: 2026-02-01, manager: 2026-02-02}
supports:
  - text: A slot in the team meeting
    due: 2026-04-10
follow_ups:
  - due: 2026-04-01
  - due: 2026-06-09
  - due: 2026-09-07
";

/// A repo (not in git) with the two valid contracts.
pub fn valid_repo() -> Repo {
    let repo = Repo::plain();
    repo.file("contracts/2026/2026-jane-doe.yaml", STRATEGIC);
    repo.file(
        "contracts/2026/2026-03-10-jane-doe-claims-workshop.yaml",
        EXPERIENCE,
    );
    repo
}

/// `text` with `from` replaced by `to`, which must occur.
#[track_caller]
pub fn edit(text: &str, from: &str, to: &str) -> String {
    assert!(text.contains(from), "`{from}` is not in the text");
    text.replacen(from, to, 1)
}

/// The 1-based line of the first line of `text` containing `needle`.
#[track_caller]
pub fn line_of(text: &str, needle: &str) -> u64 {
    text.lines()
        .position(|l| l.contains(needle))
        .unwrap_or_else(|| panic!("`{needle}` not found")) as u64
        + 1
}

/// A copy of the demo repo `examples/acme`, committed in a git repo of its own.
pub fn demo() -> Repo {
    let repo = demo_files();
    repo.commit("acme");
    repo
}

/// The demo repo committed at `date` (ISO 8601 with offset), for reviews of its history.
pub fn demo_committed_at(date: &str) -> Repo {
    let repo = demo_files();
    repo.commit_at("acme", date);
    repo
}

/// The demo repo's files in a new git repo, not committed.
fn demo_files() -> Repo {
    fn copy(root: &Path, dir: &Path, repo: &Repo) {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                copy(root, &path, repo);
            } else {
                let rel = path.strip_prefix(root).unwrap().to_str().unwrap();
                repo.file(rel, std::fs::read(&path).unwrap());
            }
        }
    }
    let repo = Repo::git();
    let acme = examples_dir().join("acme");
    copy(&acme, &acme, &repo);
    repo
}
