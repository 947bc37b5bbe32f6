//! The GitHub Actions workflow `lc init` writes: the check on each push and pull request, the
//! weekly reminders, and the steps that install `lc` from where the team says.

use std::fmt::Write;

/// The version of lc that the workflow installs from crates.io.
const VERSION: &str = env!("CARGO_PKG_VERSION");

/// Where the workflow gets `lc` from (`lc init --install-from`).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub enum InstallFrom {
    /// `cargo install` from crates.io, this lc's version.
    #[default]
    CratesIo,
    /// `git+URL@TAG`: `cargo install --git URL --tag TAG`.
    Git { url: String, tag: String },
    /// `https://…`: a prebuilt binary, or a `.tar.gz`/`.zip` holding one (a release asset),
    /// checked against `URL.sha256` unless `lc init --no-verify` said not to.
    Download { url: String, verify: bool },
    /// A path in the HR repo: lc's source (a directory with `Cargo.toml`) or an `lc` binary.
    Path(String),
}

/// Where the workflow's comment records `--install-from`, so that an update keeps it.
const INSTALLED_WITH: &str = "(--install-from ";
/// After the URL in that comment, when the download is not checked.
const NO_VERIFY: &str = " --no-verify";

/// Where `lc init` writes the workflow, relative to the HR repo.
pub const PATH: &str = ".github/workflows/learning-contracts.yml";

impl InstallFrom {
    /// Reads `crates.io`, `git+URL@TAG`, `https://…` or a relative path; the error says what
    /// is wrong with it.
    pub fn parse(text: &str) -> Result<InstallFrom, String> {
        if text == "crates.io" {
            return Ok(InstallFrom::CratesIo);
        }
        if let Some(rest) = text.strip_prefix("git+") {
            return parse_git(rest);
        }
        if text.starts_with("https://") || text.starts_with("http://") {
            check_url(text)?;
            return Ok(InstallFrom::Download {
                url: text.to_string(),
                verify: true,
            });
        }
        if text.contains("://") {
            return Err(format!(
                "`{text}`: lc can be installed from `crates.io`, `git+URL@TAG`, an `https://` \
                 URL or a path in the repo"
            ));
        }
        check_path(text)?;
        Ok(InstallFrom::Path(text.trim_end_matches('/').to_string()))
    }

    /// The text `--install-from` takes for it.
    pub fn source(&self) -> String {
        match self {
            InstallFrom::CratesIo => "crates.io".into(),
            InstallFrom::Git { url, tag } => format!("git+{url}@{tag}"),
            InstallFrom::Download { url, .. } => url.clone(),
            InstallFrom::Path(path) => path.clone(),
        }
    }

    /// The source a workflow written by `lc init` records in its comment, if it reads.
    pub fn recorded_in(workflow: &str) -> Option<InstallFrom> {
        let line = workflow
            .lines()
            .take_while(|l| l.starts_with('#'))
            .find(|l| l.starts_with("# lc is installed "))?;
        let start = line.rfind(INSTALLED_WITH)? + INSTALLED_WITH.len();
        let source = line[start..].strip_suffix(").")?;
        match source.strip_suffix(NO_VERIFY) {
            Some(url) => InstallFrom::parse(url).ok()?.unverified(),
            None => InstallFrom::parse(source).ok(),
        }
    }

    /// The same download, not checked against a checksum (`lc init --no-verify`); `None` for
    /// any other source, which has no checksum to skip.
    pub fn unverified(self) -> Option<InstallFrom> {
        match self {
            InstallFrom::Download { url, .. } => Some(InstallFrom::Download { url, verify: false }),
            _ => None,
        }
    }

    /// What `lc init` takes to write it again: `--install-from URL`, and `--no-verify`.
    fn flags(&self) -> String {
        match self {
            InstallFrom::Download { verify: false, .. } => format!("{}{NO_VERIFY}", self.source()),
            _ => self.source(),
        }
    }

    /// What the workflow's comment says about where lc comes from.
    pub fn describe(&self) -> String {
        match self {
            InstallFrom::CratesIo => {
                format!("from crates.io (version {VERSION}), built once and then cached")
            }
            InstallFrom::Git { url, tag } => {
                format!("from git ({url} at tag {tag}), built once and then cached")
            }
            InstallFrom::Download { url, verify: true } => format!(
                "as a prebuilt binary, downloaded by each job and checked against {url}.sha256 \
                 (the job fails when that is missing or differs)"
            ),
            InstallFrom::Download { verify: false, .. } => {
                "as a prebuilt binary, downloaded by each job without a checksum (--no-verify)"
                    .into()
            }
            InstallFrom::Path(path) => format!("from `{path}` in this repository"),
        }
    }
}

fn parse_git(rest: &str) -> Result<InstallFrom, String> {
    let usage = || {
        format!(
            "`git+{rest}`: write `git+URL@TAG`, e.g. `git+https://example.org/you/lc@v{VERSION}`"
        )
    };
    let scheme_end = rest.find("://").ok_or_else(usage)? + 3;
    // The tag follows the last `@` of the path: one in the host part is a user (`git@host`).
    let path_start = rest[scheme_end..]
        .find('/')
        .map_or(rest.len(), |i| scheme_end + i);
    let at = rest[path_start..]
        .rfind('@')
        .map(|i| path_start + i)
        .ok_or_else(usage)?;
    let (url, tag) = (&rest[..at], &rest[at + 1..]);
    let schemes = ["https://", "http://", "ssh://", "git://", "file://"];
    if !schemes.iter().any(|s| url.starts_with(s)) {
        return Err(format!(
            "`{url}`: a git URL starts with https://, http://, ssh://, git:// or file://"
        ));
    }
    // The URL goes into a shell command as it is: nothing the shell would read as syntax.
    let url_ok = |c: char| c.is_ascii_alphanumeric() || "-._~:/@%+=".contains(c);
    if let Some(c) = url.chars().find(|c| !url_ok(*c)) {
        return Err(format!(
            "`{}`: a git URL to install lc from cannot hold {c:?}",
            url.escape_debug()
        ));
    }
    let tag_ok = |c: char| c.is_ascii_alphanumeric() || "._-/+".contains(c);
    if tag.is_empty() || !tag.chars().all(tag_ok) || tag.starts_with('-') {
        return Err(usage());
    }
    Ok(InstallFrom::Git {
        url: url.to_string(),
        tag: tag.to_string(),
    })
}

/// A URL goes into YAML and a shell command: nothing that either would read as syntax.
fn check_url(url: &str) -> Result<(), String> {
    let bad = |c: char| c.is_whitespace() || c.is_control() || "'\"`$\\{}<>".contains(c);
    match url.chars().find(|c| bad(*c)) {
        Some(c) => Err(format!(
            "`{}`: a URL to install lc from cannot hold {c:?}",
            url.escape_debug()
        )),
        None => Ok(()),
    }
}

/// A path in the repo: relative, inside it, and plain enough for YAML, a shell and a glob.
fn check_path(path: &str) -> Result<(), String> {
    let plain = |c: char| c.is_ascii_alphanumeric() || "._-/".contains(c);
    if path.is_empty() || !path.chars().all(plain) {
        return Err(format!(
            "`{}`: a path to install lc from holds only letters, digits, `.`, `_`, `-` and `/`",
            path.escape_debug()
        ));
    }
    if path.starts_with('/') || path.split('/').any(|part| part == "..") {
        return Err(format!(
            "`{path}`: a path to install lc from is relative to the HR repo and inside it"
        ));
    }
    Ok(())
}

/// What a path in the repo holds, as `lc init` finds it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PathKind {
    /// lc's source: a directory with `Cargo.toml`.
    Source,
    /// A prebuilt `lc` binary.
    Binary,
}

/// The workflow for this way of installing lc (`path_kind` only matters for `Path`).
pub fn workflow(install: &InstallFrom, path_kind: PathKind) -> String {
    let steps = install_steps(install, path_kind);
    let mut text = String::new();
    let _ = write!(
        text,
        "\
# Learning contracts: checks them on every push and pull request, and each Monday e-mails every
# person what they have due or overdue. `lc init` wrote this file; `lc init --update-workflow`
# rewrites it (and shows the difference) for a newer lc or another way to install it.
#
# lc is installed {describe} (--install-from {source}).
# To install it from elsewhere, run one of these in the repository and commit the result:
#   lc init --update-workflow --install-from crates.io
#   lc init --update-workflow --install-from git+https://example.org/you/lc@v{VERSION}
#   lc init --update-workflow --install-from https://example.org/lc-{VERSION}-x86_64-unknown-linux-gnu.tar.gz
#   lc init --update-workflow --install-from tools/lc   (lc's source, or an lc binary, in this repo)
#
# The reminders need three repository secrets (Settings > Secrets and variables > Actions):
#   LC_SMTP_URL       the mail server, e.g. smtps://hr@mail.example.org or smtp://hr@mail.example.org:587
#   LC_SMTP_FROM      the sender, e.g. Learning contracts <hr@example.org>
#   LC_SMTP_PASSWORD  the password of the user in LC_SMTP_URL
# Until LC_SMTP_URL is set, the weekly job only lists who would be reminded of what.
name: learning contracts
on:
  push:
  pull_request:
  schedule:
    - cron: \"0 6 * * 1\" # Mondays at 06:00 UTC
  workflow_dispatch: # \"Run workflow\" in the Actions tab sends the reminders now
permissions:
  contents: read
jobs:
  check:
    if: github.event_name == 'push' || github.event_name == 'pull_request'
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
        with:
          fetch-depth: 0 # full history, for `lc report --quarter`
{steps}      - name: Check the contracts
        run: lc check --format github # findings as annotations, and a summary on the run's page
  remind:
    if: github.event_name == 'schedule' || github.event_name == 'workflow_dispatch'
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
{steps}      - name: Remind each person of what is due or overdue
        env:
          LC_SMTP_URL: ${{{{ secrets.LC_SMTP_URL }}}}
          LC_SMTP_FROM: ${{{{ secrets.LC_SMTP_FROM }}}}
          LC_SMTP_PASSWORD: ${{{{ secrets.LC_SMTP_PASSWORD }}}}
        run: |
          if [ -z \"$LC_SMTP_URL\" ]; then
            echo \"::notice title=No reminders sent::create the repository secrets LC_SMTP_URL, LC_SMTP_FROM and LC_SMTP_PASSWORD to send them; this is who would get what\"
            lc remind --dry-run
          else
            lc remind --smtp \"$LC_SMTP_URL\" --from \"$LC_SMTP_FROM\"
          fi
",
        describe = install.describe(),
        source = install.flags(),
    );
    text
}

/// The steps that put `lc` on the PATH, indented for a job's `steps:`.
fn install_steps(install: &InstallFrom, path_kind: PathKind) -> String {
    match install {
        InstallFrom::CratesIo => cached_cargo_install(
            &format!("crates.io-{VERSION}"),
            "",
            &format!("cargo install --locked learning-contracts --version {VERSION}"),
        ),
        InstallFrom::Git { url, tag } => cached_cargo_install(
            &format!("git-{url}-{tag}"),
            "",
            &format!("cargo install --locked --git {url} --tag {tag} learning-contracts"),
        ),
        InstallFrom::Path(path) if path_kind == PathKind::Source => cached_cargo_install(
            "path-",
            &format!(
                "${{{{ hashFiles('{path}/Cargo.lock', '{path}/Cargo.toml', '{path}/src/**') }}}}"
            ),
            &format!("cargo install --locked --path {path}"),
        ),
        InstallFrom::Path(path) => format!(
            "      - name: Install lc
        run: |
          mkdir -p \"$HOME/.local/bin\"
          install -m 755 {path} \"$HOME/.local/bin/lc\"
          echo \"$HOME/.local/bin\" >> \"$GITHUB_PATH\"
"
        ),
        InstallFrom::Download { url, verify } => format!(
            "      - name: Install lc
        env:
          LC_URL: '{url}'
        run: |
{}{DOWNLOAD}",
            if *verify { VERIFY } else { UNVERIFIED }
        ),
    }
}

/// Downloads `$LC_URL` into the runner's temp dir and checks it against `$LC_URL.sha256` (lc's
/// own releases have one): a missing checksum fails the step, saying how to go on.
const VERIFY: &str = r#"          set -eu
          cd "$RUNNER_TEMP"
          curl -fsSL -o lc-download "$LC_URL"
          if ! curl -fsSL -o lc-download.sha256 "$LC_URL.sha256"; then
            echo "::error title=No checksum::$LC_URL.sha256 cannot be fetched, so the download cannot be checked: publish it beside the file, or install without a checksum with lc init --update-workflow --install-from URL --no-verify"
            exit 1
          fi
          echo "$(cut -d ' ' -f 1 lc-download.sha256)  lc-download" | sha256sum -c -
"#;

/// Downloads `$LC_URL` without a checksum (`lc init --no-verify`), and says so in the log.
const UNVERIFIED: &str = r#"          set -eu
          cd "$RUNNER_TEMP"
          curl -fsSL -o lc-download "$LC_URL"
          echo "::warning title=Not verified::lc is downloaded without a checksum (lc init --no-verify)"
"#;

/// Puts the `lc` that the download holds on the PATH.
const DOWNLOAD: &str = r#"          mkdir -p lc-unpacked "$HOME/.local/bin"
          case "$LC_URL" in
            *.tar.gz | *.tgz) tar -xzf lc-download -C lc-unpacked ;;
            *.zip) unzip -q lc-download -d lc-unpacked ;;
            *) cp lc-download lc-unpacked/lc ;;
          esac
          install -m 755 "$(find lc-unpacked -type f -name lc | head -n 1)" "$HOME/.local/bin/lc"
          echo "$HOME/.local/bin" >> "$GITHUB_PATH"
"#;

/// A cache step keyed on what is installed (`key` is literal text, `expression` is added as
/// it is), then `cargo install` only when the cache missed.
fn cached_cargo_install(key: &str, expression: &str, command: &str) -> String {
    // A key holds no commas, and stays well within the 512 characters the cache allows.
    let key: String = key
        .chars()
        .map(|c| {
            if c == ',' || c.is_whitespace() {
                '-'
            } else {
                c
            }
        })
        .take(300)
        .collect();
    format!(
        "      - name: Restore lc from the cache
        id: cache-lc
        uses: actions/cache@v4
        with:
          path: ~/.cargo/bin/lc
          key: lc-${{{{ runner.os }}}}-{key}{expression}
      - name: Install lc
        if: steps.cache-lc.outputs.cache-hit != 'true'
        run: {command}
"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[track_caller]
    fn case(text: &str, expected: Result<InstallFrom, &str>) {
        let got = InstallFrom::parse(text);
        match expected {
            Ok(want) => assert_eq!(got, Ok(want), "{text}"),
            Err(part) => {
                let err = got.expect_err(text);
                assert!(err.contains(part), "{text}: {err}");
            }
        }
    }

    fn git(url: &str, tag: &str) -> InstallFrom {
        InstallFrom::Git {
            url: url.into(),
            tag: tag.into(),
        }
    }

    #[test]
    fn install_from() {
        case("crates.io", Ok(InstallFrom::CratesIo));
        case(
            "git+https://example.org/hr/lc@v0.1.0",
            Ok(git("https://example.org/hr/lc", "v0.1.0")),
        );
        case(
            "git+ssh://git@example.org/hr/lc.git@release/1.0",
            Ok(git("ssh://git@example.org/hr/lc.git", "release/1.0")),
        );
        case("git+ssh://git@example.org/hr/lc.git", Err("git+URL@TAG"));
        case("git+https://example.org/hr/lc@", Err("git+URL@TAG"));
        case("git+https://example.org/hr/lc@-x", Err("git+URL@TAG"));
        case("git+example.org/lc@v1", Err("git+URL@TAG"));
        case("git+ftp://example.org/lc@v1", Err("starts with"));
        case("git+https://example.org/a;id@v1", Err("cannot hold ';'"));
        case(
            "https://example.org/lc.tar.gz",
            Ok(InstallFrom::Download {
                url: "https://example.org/lc.tar.gz".into(),
                verify: true,
            }),
        );
        case("https://example.org/a b", Err("cannot hold ' '"));
        case("https://example.org/$(id)", Err("cannot hold '$'"));
        case("https://example.org/'", Err("cannot hold"));
        case("ftp://example.org/lc", Err("crates.io"));
        case("tools/lc/", Ok(InstallFrom::Path("tools/lc".into())));
        case("/opt/lc", Err("relative"));
        case("tools/../../lc", Err("inside"));
        case("tools/l c", Err("only letters"));
        case("", Err("only letters"));
    }

    #[test]
    fn an_unverified_download_is_recorded_and_read_back() {
        let url = "https://example.org/lc.tar.gz";
        for verify in [true, false] {
            let install = InstallFrom::Download {
                url: url.into(),
                verify,
            };
            let text = workflow(&install, PathKind::Binary);
            assert_eq!(InstallFrom::recorded_in(&text), Some(install), "{text}");
        }
        assert_eq!(InstallFrom::CratesIo.unverified(), None);
    }
}
