//! `lc remind`: digests through the binary, and delivery to a real SMTP server (aiosmtpd) on a
//! loopback port. The SMTP tests skip with a loud note when python3 or aiosmtpd is missing,
//! except under CI (`CI` set), where `.ci/run` installs them and a missing one is a failure.

mod common;

use std::collections::BTreeMap;
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};

use common::{EXPERIENCE, Repo, Run, STRATEGIC, edit, examples_dir, lc_command};
use serde_json::Value;

const SCRIPT: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/smtp_server.py");

fn python() -> String {
    std::env::var("LC_TEST_PYTHON").unwrap_or_else(|_| "python3".into())
}

/// Whether python3 with `modules` can run; a loud note when not (a failure under CI).
fn have_python(modules: &str) -> bool {
    let ok = Command::new(python())
        .args(["-c", &format!("import {modules}")])
        .output()
        .is_ok_and(|o| o.status.success());
    if !ok {
        let note = format!(
            "\n!!! SKIPPED: `{} -c 'import {modules}'` fails; install python3 and aiosmtpd \
             (`.ci/run` does) to run the SMTP tests !!!\n",
            python()
        );
        assert!(std::env::var_os("CI").is_none(), "{note}");
        eprintln!("{note}");
    }
    ok
}

/// aiosmtpd, serving on a free loopback port until dropped.
struct Server {
    child: Child,
    port: u16,
    dir: tempfile::TempDir,
}

impl Server {
    fn start(args: &[&str]) -> Option<Server> {
        if !have_python("aiosmtpd") {
            return None;
        }
        let dir = tempfile::tempdir().unwrap();
        let mut child = Command::new(python())
            .arg(SCRIPT)
            .arg("--dir")
            .arg(dir.path())
            .args(args)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .spawn()
            .expect("python3 runs");
        let mut line = String::new();
        BufReader::new(child.stdout.take().unwrap())
            .read_line(&mut line)
            .unwrap();
        let port = line
            .strip_prefix("READY ")
            .and_then(|p| p.trim().parse().ok())
            .unwrap_or_else(|| panic!("the test server did not start: {line:?}"));
        Some(Server { child, port, dir })
    }

    /// What arrived, in order.
    fn messages(&self) -> Vec<Value> {
        let mut paths: Vec<PathBuf> = std::fs::read_dir(self.dir.path())
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.extension().is_some_and(|e| e == "json"))
            .collect();
        paths.sort();
        paths
            .iter()
            .map(|p| serde_json::from_str(&std::fs::read_to_string(p).unwrap()).unwrap())
            .collect()
    }

    /// What arrived, by recipient.
    fn by_recipient(&self) -> BTreeMap<String, Value> {
        self.messages()
            .into_iter()
            .map(|m| {
                let to = m["rcpt_tos"].as_array().unwrap();
                assert_eq!(to.len(), 1, "one recipient per message: {m}");
                (to[0].as_str().unwrap().to_string(), m)
            })
            .collect()
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn header<'a>(message: &'a Value, name: &str) -> &'a str {
    message["headers"]
        .as_array()
        .unwrap()
        .iter()
        .find(|h| h[0].as_str().unwrap().eq_ignore_ascii_case(name))
        .and_then(|h| h[1].as_str())
        .unwrap_or_else(|| panic!("no {name} header in {message}"))
}

fn acme() -> PathBuf {
    examples_dir().join("acme")
}

/// `lc remind` on examples/acme as of its demo date, with `args`.
fn remind_acme(args: &[&str], password: Option<&str>) -> Run {
    let acme = acme();
    let mut command = lc_command(&acme);
    command.args(["remind", "--as-of", "2026-09-30"]).args(args);
    command.env_remove("LC_SMTP_PASSWORD").env("COLUMNS", "220");
    if let Some(password) = password {
        command.env("LC_SMTP_PASSWORD", password);
    }
    let output = command.output().unwrap();
    let run = Run {
        code: output.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
    };
    assert_ne!(run.code, 101, "lc panicked:\n{}", run.stderr);
    run
}

/// The twelve people of examples/acme with something to act on as of 2026-09-30, and how many
/// items each digest holds (their own, then their reports').
const ACME: [(&str, usize, usize); 12] = [
    ("amelia.osei@acme.example", 2, 0),
    ("daniel.okafor@acme.example", 1, 0),
    ("elena.petrova@acme.example", 1, 0),
    ("hannah.schulz@acme.example", 1, 0),
    ("it.servicedesk@acme.example", 1, 0),
    ("jonas.weber@acme.example", 1, 0),
    ("lars.eriksen@acme.example", 5, 1),
    ("maria.keller@acme.example", 1, 3),
    ("priya.nair@acme.example", 1, 4),
    ("sofia.lindqvist@acme.example", 3, 0),
    ("tom.brennan@acme.example", 1, 3),
    ("zoe.angstrom@acme.example", 1, 0),
];

fn smtp_url(server: &Server, scheme: &str, user: &str) -> String {
    format!("{scheme}://{user}127.0.0.1:{}", server.port)
}

#[test]
fn dry_run_lists_who_gets_what() {
    let run = remind_acme(&[], None);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stdout.contains("12 people, 30 items"), "{}", run.stdout);
    // Maria Keller's own item, and one of her reports' items owned by someone else.
    let maria = run
        .stdout
        .lines()
        .find(|l| l.contains("Maria Keller <maria.keller@acme.example>"))
        .expect("Maria's row");
    assert!(maria.contains("2026-10-19-aisling-o-brien-cii-claims-certificate"));
    assert!(maria.contains("2026-10-05"));
    assert!(
        run.stdout
            .lines()
            .any(|l| l.contains("manager") && l.contains("2026-03-10-zoe-angstrom-claims"))
    );
    // --dry-run says the same, and a draft's or a closed contract's items are never there.
    let explicit = remind_acme(&["--dry-run"], None);
    assert_eq!(explicit.stdout, run.stdout);
    assert!(!run.stdout.contains("2026-ben-carter"));
    assert!(!run.stdout.contains("2025-jonas-weber"));
}

#[test]
fn items_are_sorted_by_urgency_with_the_command_that_records_them() {
    let Some(out) = tempdir_with_out(&[]) else {
        return;
    };
    let lars = parse_eml(&out.path().join("lars.eriksen@acme.example.eml"));
    let text = lars["text"].as_str().unwrap();
    let dues: Vec<&str> = text
        .lines()
        .filter_map(|l| l.trim().strip_prefix("due "))
        .map(|l| &l[..10])
        .collect();
    // His own five, most days overdue first; then his report's one (Noah's job exchange was
    // handed over to Maria Keller on 2026-09-01, so its support is in her digest).
    assert_eq!(
        dues,
        [
            "2026-08-14",
            "2026-08-15",
            "2026-09-01",
            "2026-09-01",
            "2026-09-18",
            "2026-09-10"
        ]
    );
    assert!(text.contains("due 2026-08-14, 47 days late"), "{text}");
    assert!(text.contains("record it: lc done 2026-jonas-weber follow-up "));
    assert!(text.contains("record it: lc provide 2026-jonas-weber "));
    assert!(text.contains("record it: lc done 2026-05-04-jonas-weber-siu-secondment action "));
    assert!(text.contains("owner: Jonas Weber"));
}

/// `lc remind --out DIR` on examples/acme, when python3 can parse what it wrote.
fn tempdir_with_out(args: &[&str]) -> Option<tempfile::TempDir> {
    if !have_python("email") {
        return None;
    }
    let out = tempfile::tempdir().unwrap();
    let dir = out.path().to_str().unwrap();
    let mut all = vec!["--out", dir];
    all.extend_from_slice(args);
    let run = remind_acme(&all, None);
    assert_eq!(run.code, 0, "{}", run.stderr);
    Some(out)
}

fn parse_eml(path: &Path) -> Value {
    let output = Command::new(python())
        .args([SCRIPT, "--parse"])
        .arg(path)
        .output()
        .unwrap();
    assert!(output.status.success(), "{output:?}");
    serde_json::from_slice(&output.stdout).unwrap()
}

#[test]
fn out_writes_one_reproducible_message_per_person() {
    let out = tempfile::tempdir().unwrap();
    let dir = out.path().to_str().unwrap();
    let run = remind_acme(&["--out", dir, "--from", "HR <hr@acme.example>"], None);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let mut names: Vec<String> = std::fs::read_dir(out.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    let expected: Vec<String> = ACME.iter().map(|(a, _, _)| format!("{a}.eml")).collect();
    assert_eq!(names, expected);
    let maria = std::fs::read_to_string(out.path().join("maria.keller@acme.example.eml")).unwrap();
    for needle in [
        "From: HR <hr@acme.example>\r\n",
        "To: \"Maria Keller\" <maria.keller@acme.example>\r\n",
        "Date: Wed, 30 Sep 2026 00:00:00 +0000\r\n",
        "Content-Type: multipart/alternative;",
        "Content-Type: text/plain; charset=utf-8",
        "Content-Type: text/html; charset=utf-8",
    ] {
        assert!(maria.contains(needle), "{needle:?} not in\n{maria}");
    }
    let id = maria
        .lines()
        .find_map(|l| l.strip_prefix("Message-ID: <remind."))
        .expect("a Message-ID");
    assert!(id.ends_with("@acme.example>") && id.len() == 40 + "@acme.example>".len());
    // Nothing of this machine: no absolute path, no user or host name.
    assert!(!maria.contains(&acme().display().to_string()));
    for var in ["USER", "HOSTNAME"] {
        if let Some(value) = std::env::var(var).ok().filter(|v| v.len() > 3) {
            assert!(!maria.contains(&value), "{var} in the message");
        }
    }
    if let Ok(host) = std::fs::read_to_string("/etc/hostname") {
        let host = host.trim();
        assert!(
            host.len() < 4 || !maria.contains(host),
            "the host name in the message"
        );
    }
    // The same day and sender give the same bytes.
    let again = tempfile::tempdir().unwrap();
    let dir = again.path().to_str().unwrap();
    remind_acme(&["--out", dir, "--from", "HR <hr@acme.example>"], None);
    let second =
        std::fs::read_to_string(again.path().join("maria.keller@acme.example.eml")).unwrap();
    assert_eq!(maria, second);
}

#[test]
fn smtp_delivers_one_digest_per_person_of_acme() {
    let Some(server) = Server::start(&[]) else {
        return;
    };
    let url = smtp_url(&server, "smtp", "");
    let run = remind_acme(&["--smtp", &url, "--from", "HR <hr@acme.example>"], None);
    assert_eq!(run.code, 0, "{}\n{}", run.stdout, run.stderr);
    assert!(run.stdout.contains("12 of 12 sent"), "{}", run.stdout);
    let messages = server.by_recipient();
    let recipients: Vec<&str> = messages.keys().map(String::as_str).collect();
    let expected: Vec<&str> = ACME.iter().map(|(a, _, _)| *a).collect();
    assert_eq!(recipients, expected);
    let dry = remind_acme(&[], None);
    for (address, own, reports) in ACME {
        let m = &messages[address];
        assert_eq!(m["mail_from"], "hr@acme.example");
        assert_eq!(m["content_type"], "multipart/alternative");
        assert_eq!(header(m, "Date"), "Wed, 30 Sep 2026 00:00:00 +0000");
        assert!(header(m, "Subject").ends_with("(as of 2026-09-30)"));
        assert!(header(m, "To").contains(address));
        let text = m["text"].as_str().expect("a text part");
        let html = m["html"].as_str().expect("an HTML part");
        let records = text.matches("record it: ").count();
        assert_eq!(records, own + reports, "{address}:\n{text}");
        assert_eq!(
            html.matches("<code>lc ").count(),
            own + reports,
            "{address}"
        );
        assert_eq!(
            text.contains("Your reports' items"),
            reports > 0,
            "{address}"
        );
        // Every command in the text is in the HTML too, and the dry run named this person.
        for line in text
            .lines()
            .filter_map(|l| l.trim().strip_prefix("record it: "))
        {
            assert!(html.contains(line), "{line} not in the HTML of {address}");
        }
        assert!(dry.stdout.contains(address));
    }
    let maria = &messages["maria.keller@acme.example"];
    assert_eq!(
        header(maria, "Subject"),
        "Learning contracts: 1 item to act on; 3 open items of your reports (as of 2026-09-30)"
    );
    let text = maria["text"].as_str().unwrap();
    assert!(text.starts_with("Hello Maria Keller,"));
    assert!(text.contains(
        "record it: lc provide 2026-10-19-aisling-o-brien-cii-claims-certificate study-leave"
    ));
    assert!(text.contains("due 2026-10-05, due in 5 days"));
    assert!(text.contains("owner: Elena Petrova"));
    // Noah's job exchange was handed over to her on 2026-09-01: its support is hers to follow.
    assert!(text.contains("contract: 2026-07-06-noah-fischer-motor-claims-job-exchange"));
    assert!(text.contains("due 2026-09-15, 15 days late"));
}

#[test]
fn a_refused_recipient_is_reported_and_the_others_are_delivered() {
    let Some(server) = Server::start(&["--refuse", "maria.keller@acme.example"]) else {
        return;
    };
    let url = smtp_url(&server, "smtp", "");
    let run = remind_acme(&["--smtp", &url, "--from", "hr@acme.example"], None);
    assert_eq!(run.code, 1, "{}\n{}", run.stdout, run.stderr);
    assert!(run.stdout.contains("11 of 12 sent"), "{}", run.stdout);
    assert!(run.stdout.contains(", 1 not sent"));
    let refused: Vec<&str> = run
        .stderr
        .lines()
        .filter(|l| l.starts_with("not sent: "))
        .collect();
    assert_eq!(refused.len(), 1, "{}", run.stderr);
    assert!(refused[0].starts_with("not sent: Maria Keller <maria.keller@acme.example> (4 items)"));
    assert!(refused[0].contains("550"), "{}", refused[0]);
    assert!(!run.stdout.contains("sent: Maria Keller"));
    assert_eq!(run.stdout.matches("\nsent: ").count() + 1, 11);
    let messages = server.by_recipient();
    assert_eq!(messages.len(), 11);
    assert!(!messages.contains_key("maria.keller@acme.example"));
}

#[test]
fn a_server_that_is_not_there_sends_nothing_and_says_so_for_each() {
    // A port that was free a moment ago, on loopback: nothing listens there.
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let url = format!("smtp://127.0.0.1:{port}");
    let run = remind_acme(&["--smtp", &url, "--from", "hr@acme.example"], None);
    assert_eq!(run.code, 2, "{}\n{}", run.stdout, run.stderr);
    assert!(run.stdout.contains("0 of 12 sent"), "{}", run.stdout);
    assert!(!run.stdout.contains("sent: "));
    let not_sent = run
        .stderr
        .lines()
        .filter(|l| l.starts_with("not sent: "))
        .count();
    assert_eq!(not_sent, 12, "{}", run.stderr);
    for (address, _, _) in ACME {
        assert!(run.stderr.contains(address), "{address}");
    }
}

#[test]
fn a_login_is_used_and_a_refused_one_sends_nothing() {
    let Some(server) = Server::start(&["--auth", "hr@acme.example:s3cret"]) else {
        return;
    };
    let url = smtp_url(&server, "smtp", "hr%40acme.example@");
    let run = remind_acme(
        &[
            "--smtp",
            &url,
            "--from",
            "hr@acme.example",
            "--manager",
            "Maria Keller",
        ],
        Some("s3cret"),
    );
    assert_eq!(run.code, 0, "{}\n{}", run.stdout, run.stderr);
    let messages = server.messages();
    assert!(!messages.is_empty());
    for m in &messages {
        assert_eq!(m["login"], "hr@acme.example");
    }
    let before = messages.len();
    let wrong = remind_acme(
        &[
            "--smtp",
            &url,
            "--from",
            "hr@acme.example",
            "--manager",
            "Maria Keller",
        ],
        Some("wrong"),
    );
    assert_eq!(wrong.code, 2, "{}\n{}", wrong.stdout, wrong.stderr);
    assert!(wrong.stderr.contains("535"), "{}", wrong.stderr);
    assert!(
        wrong.stdout.contains(&format!("0 of {before} sent")),
        "{}",
        wrong.stdout
    );
    assert_eq!(server.messages().len(), before);
    // Without the password nothing is tried at all.
    let missing = remind_acme(&["--smtp", &url, "--from", "hr@acme.example"], None);
    assert_eq!(missing.code, 2);
    assert!(
        missing.stderr.contains("LC_SMTP_PASSWORD"),
        "{}",
        missing.stderr
    );
}

/// A self-signed certificate for 127.0.0.1 and localhost, as PEM files in `dir`.
fn certificate(dir: &Path) -> (PathBuf, PathBuf) {
    let key =
        rcgen::generate_simple_self_signed(vec!["127.0.0.1".into(), "localhost".into()]).unwrap();
    let cert = dir.join("cert.pem");
    let private = dir.join("key.pem");
    std::fs::write(&cert, key.cert.pem()).unwrap();
    std::fs::write(&private, key.signing_key.serialize_pem()).unwrap();
    (cert, private)
}

#[test]
fn starttls_with_a_trusted_test_certificate() {
    let certs = tempfile::tempdir().unwrap();
    let (cert, key) = certificate(certs.path());
    let (cert, key) = (cert.to_str().unwrap(), key.to_str().unwrap());
    let Some(server) = Server::start(&["--starttls", cert, key, "--auth", "hr:pw"]) else {
        return;
    };
    let url = smtp_url(&server, "smtp", "hr@");
    let args = [
        "--smtp",
        &url,
        "--from",
        "hr@acme.example",
        "--team",
        "Sales",
    ];
    // Not trusted without --smtp-ca: nothing is sent.
    let untrusted = remind_acme(&args, Some("pw"));
    assert_eq!(
        untrusted.code, 2,
        "{}\n{}",
        untrusted.stdout, untrusted.stderr
    );
    assert!(server.messages().is_empty());
    let mut trusted = args.to_vec();
    trusted.extend(["--smtp-ca", cert]);
    let run = remind_acme(&trusted, Some("pw"));
    assert_eq!(run.code, 0, "{}\n{}", run.stdout, run.stderr);
    let messages = server.by_recipient();
    assert_eq!(
        messages.keys().collect::<Vec<_>>(),
        [
            "amelia.osei@acme.example",
            "hannah.schulz@acme.example",
            "tom.brennan@acme.example"
        ]
    );
    for m in messages.values() {
        assert_eq!(m["tls"], true);
        assert_eq!(m["login"], "hr");
    }
}

#[test]
fn smtps_with_a_trusted_test_certificate() {
    let certs = tempfile::tempdir().unwrap();
    let (cert, key) = certificate(certs.path());
    let (cert, key) = (cert.to_str().unwrap(), key.to_str().unwrap());
    let Some(server) = Server::start(&["--tls", cert, key]) else {
        return;
    };
    let url = smtp_url(&server, "smtps", "");
    let run = remind_acme(
        &[
            "--smtp",
            &url,
            "--from",
            "hr@acme.example",
            "--learner",
            "Zoë Ångström",
            "--smtp-ca",
            cert,
        ],
        None,
    );
    assert_eq!(run.code, 0, "{}\n{}", run.stdout, run.stderr);
    let messages = server.by_recipient();
    assert!(messages.contains_key("zoe.angstrom@acme.example"));
    assert!(messages.values().all(|m| m["tls"] == true));
}

/// A repo with one contract whose owners are a learner without e-mail, a mentor with one, and
/// a text that tries to add markup.
fn unreachable_repo() -> Repo {
    let repo = Repo::plain();
    let contract = edit(
        STRATEGIC,
        "learner: Jane Doe <jane@example.org>",
        "learner: Jane Doe",
    );
    let contract = edit(
        &contract,
        "text: Weekly session with the mentor",
        "text: \"<script>alert('x')</script> & <b>bold</b>\"",
    );
    let contract = edit(
        &contract,
        "  - due: 2026-03-31\n",
        "  - due: 2026-03-31\n    owner: learner\n",
    );
    repo.file("contracts/2026/2026-jane-doe.yaml", contract);
    repo
}

#[test]
fn people_without_an_email_are_named_on_stderr() {
    let repo = unreachable_repo();
    let run = repo.lc(&["remind", "--as-of", "2026-04-05"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stderr
            .contains("unreachable: Jane Doe has 1 item to act on and no e-mail address"),
        "{}",
        run.stderr
    );
    assert!(run.stdout.contains("Jane Doe"), "{}", run.stdout);
    assert!(run.stdout.contains("1 without an e-mail address"));
    let out = tempfile::tempdir().unwrap();
    let run = repo.lc(&[
        "remind",
        "--as-of",
        "2026-04-05",
        "--out",
        out.path().to_str().unwrap(),
    ]);
    assert_eq!(run.code, 0);
    assert!(run.stderr.contains("unreachable: Jane Doe"));
    let mut files: Vec<String> = std::fs::read_dir(out.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    files.sort();
    assert_eq!(files, ["ana@example.org.eml", "sam@example.org.eml"]);
}

#[test]
fn html_escapes_every_text() {
    if !have_python("email") {
        return;
    }
    let repo = unreachable_repo();
    let out = tempfile::tempdir().unwrap();
    let run = repo.lc(&[
        "remind",
        "--as-of",
        "2026-04-05",
        "--out",
        out.path().to_str().unwrap(),
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let ana = parse_eml(&out.path().join("ana@example.org.eml"));
    let html = ana["html"].as_str().unwrap();
    assert!(
        !html.contains("<script>") && !html.contains("<b>bold"),
        "{html}"
    );
    assert!(html.contains("&lt;script&gt;"), "{html}");
    assert!(html.contains("&amp; &lt;b&gt;bold"), "{html}");
    let text = ana["text"].as_str().unwrap();
    assert!(
        text.contains("<script>alert('x')</script> & <b>bold</b>"),
        "{text}"
    );
}

#[test]
fn point_in_time_filters_and_remind_days() {
    let repo = Repo::plain();
    // The follow-up due 2026-03-31 is done on 2026-04-02: as of 2026-04-01 it is still open.
    let done_later = edit(
        STRATEGIC,
        "  - due: 2026-03-31\n",
        "  - due: 2026-03-31\n    done: 2026-04-02\n",
    );
    repo.file("contracts/2026/2026-jane-doe.yaml", done_later);
    repo.file("contracts/2026/exp.yaml", EXPERIENCE);
    let wide = |args: &[&str]| {
        let mut all = vec!["remind"];
        all.extend_from_slice(args);
        if !args.contains(&"--as-of") {
            all.extend(["--as-of", "2026-04-01"]);
        }
        let output = lc_command(repo.path())
            .env("COLUMNS", "220")
            .args(&all)
            .output()
            .unwrap();
        assert_eq!(output.status.code(), Some(0));
        String::from_utf8_lossy(&output.stdout).into_owned()
    };
    let all = wide(&[]);
    assert!(all.contains("Follow-up with Jane Doe"), "{all}");
    assert!(all.contains("2026-03-31"), "{all}");
    // Due within 7 days (the default): the mentor's session due 2026-04-01 and the support
    // due 2026-04-10 of the experience is 9 days ahead, so not yet.
    assert!(all.contains("Weekly session with the mentor"));
    assert!(!all.contains("A slot in the team meeting"), "{all}");
    assert!(wide(&["--as-of", "2026-04-03"]).contains("A slot in the team meeting"));
    // As of a day after the done date, the follow-up is no longer there.
    assert!(!wide(&["--as-of", "2026-04-03"]).contains("2026-03-31"));
    // Filters as in lc report.
    assert!(!wide(&["--kind", "experience"]).contains("Weekly session"));
    // A filter that matches nobody is an error, as in lc report.
    let nobody = lc_command(repo.path())
        .args(["remind", "--as-of", "2026-04-01", "--manager", "nobody"])
        .output()
        .unwrap();
    assert_eq!(nobody.status.code(), Some(2));
    // A day when nobody has anything to act on.
    assert!(wide(&["--as-of", "2026-01-02"]).contains("Nobody has anything to act on."));
    // remind_days from lc.toml.
    repo.file("lc.toml", "[policy]\nremind_days = 14\n");
    assert!(wide(&[]).contains("A slot in the team meeting"));
}

#[test]
fn bad_delivery_settings_are_usage_errors() {
    let cases: &[&[&str]] = &[
        &["--smtp", "smtp://127.0.0.1:1"],
        &["--smtp", "http://127.0.0.1:1", "--from", "hr@acme.example"],
        &[
            "--smtp",
            "smtp://hr:pw@127.0.0.1:1",
            "--from",
            "hr@acme.example",
        ],
        &["--smtp", "smtp://127.0.0.1:1", "--from", "not an address"],
        &[
            "--smtp",
            "smtp://127.0.0.1:1",
            "--from",
            "hr@acme.example",
            "--smtp-ca",
            "/nonexistent.pem",
        ],
        &["--dry-run", "--out", "x"],
        &["--smtp-timeout", "5"],
        &["--dry-run", "--smtp-deadline", "60"],
        &[
            "--smtp",
            "smtp://127.0.0.1:1",
            "--from",
            "hr@acme.example",
            "--smtp-connect-timeout",
            "0",
        ],
    ];
    for args in cases {
        let run = remind_acme(args, None);
        assert_eq!(run.code, 2, "{args:?}: {}", run.stderr);
        assert!(!run.stdout.contains("sent"), "{args:?}");
    }
    let run = remind_acme(
        &[
            "--smtp",
            "smtp://hr:pw@127.0.0.1:1",
            "--from",
            "hr@acme.example",
        ],
        None,
    );
    assert!(run.stderr.contains("LC_SMTP_PASSWORD"), "{}", run.stderr);
}

/// Copies a directory tree (the demo repo) into `to`.
fn copy_tree(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_tree(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
}

#[test]
fn each_command_in_a_digest_records_its_item() {
    if !have_python("email") {
        return;
    }
    let repo = tempfile::tempdir().unwrap();
    copy_tree(&acme(), repo.path());
    let root = repo.path().to_str().unwrap();
    let out = tempfile::tempdir().unwrap();
    let digest = |who: &str| {
        let dir = out.path().join(who);
        let run = lc_command(repo.path())
            .args(["remind", "--as-of", "2026-09-30", "--out"])
            .arg(&dir)
            .output()
            .unwrap();
        assert!(run.status.success(), "{run:?}");
        let parsed = parse_eml(&dir.join("lars.eriksen@acme.example.eml"));
        parsed["text"].as_str().unwrap().to_string()
    };
    let before = digest("before");
    let commands: Vec<String> = before
        .lines()
        .filter_map(|l| l.trim().strip_prefix("record it: "))
        .map(str::to_string)
        .collect();
    assert_eq!(commands.len(), 6);
    // Lars's own five, as he would run them: the command as written, on that day.
    for command in &commands[..5] {
        let words: Vec<&str> = command.split(' ').collect();
        assert_eq!(words[0], "lc");
        let run = lc_command(repo.path())
            .args(&words[1..])
            .args(["--repo", root, "--as-of", "2026-09-30"])
            .output()
            .unwrap();
        assert!(
            run.status.success(),
            "{command}: {}",
            String::from_utf8_lossy(&run.stderr)
        );
    }
    let after = digest("after");
    assert_eq!(after.matches("record it: ").count(), 1, "{after}");
    assert!(!after.contains("These learning-contract items are yours"));
    for command in &commands[5..] {
        assert!(after.contains(command.as_str()));
    }
}

/// The experience with a note on its 90-day check-in, and a title that tries to add markup.
fn check_in_repo() -> Repo {
    let repo = Repo::plain();
    let experience = edit(
        EXPERIENCE,
        "  - due: 2026-06-09\n",
        "  - due: 2026-06-09\n    notes: Bring the QA sample\n",
    );
    let experience = edit(
        &experience,
        "title: Claims accuracy workshop",
        "title: \"Claims <b>accuracy</b> workshop\"",
    );
    repo.file("contracts/2026/2026-jane-doe.yaml", STRATEGIC);
    repo.file(common::EXPERIENCE_PATH, experience);
    repo
}

#[test]
fn a_transfer_check_in_is_reminded_with_what_it_asks() {
    let repo = check_in_repo();
    // 4 June: the 90-day check-in (9 June) is due within the week; the 180-day one is not.
    let wide = |repo: &Repo| {
        let output = lc_command(repo.path())
            .args(["remind", "--as-of", "2026-06-04"])
            .env("COLUMNS", "250")
            .output()
            .unwrap();
        Run {
            code: output.status.code().unwrap_or(-1),
            stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
        }
    };
    let run = wide(&repo);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stdout
            .contains("90-day check-in with Jane Doe: is the learning from *Claims…"),
        "{}",
        run.stdout
    );
    assert!(!run.stdout.contains("180-day"), "{}", run.stdout);
    // `transfer_checkins = []`: the same follow-up is an ordinary one.
    repo.file("lc.toml", "[policy]\ntransfer_checkins = []\n");
    let plain = wide(&repo);
    assert!(
        plain
            .stdout
            .contains("Follow-up with Jane Doe: Bring the QA sample")
            && !plain.stdout.contains("check-in"),
        "{}",
        plain.stdout
    );
    std::fs::remove_file(repo.path().join("lc.toml")).unwrap();
    if !have_python("email") {
        return;
    }
    let out = tempfile::tempdir().unwrap();
    let run = repo.lc(&[
        "remind",
        "--as-of",
        "2026-06-04",
        "--out",
        out.path().to_str().unwrap(),
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let sam = parse_eml(&out.path().join("sam@example.org.eml"));
    let text = sam["text"].as_str().unwrap().replace("\r\n", "\n");
    assert!(
        text.contains(
            "90-day check-in with Jane Doe: is the learning from *Claims <b>accuracy</b> workshop* being used? (Bring the QA sample)\n   due 2026-06-09, due in 5 days\n"
        ),
        "{text}"
    );
    assert!(
        text.contains(
            "   record it: lc done 2026-03-10-jane-doe-claims-workshop follow-up 2\n   with the answer: --applied none, partly or fully, and --evidence TEXT for what shows it\n"
        ),
        "{text}"
    );
    let html = sam["html"].as_str().unwrap();
    assert!(
        html.contains(
            "90-day check-in with Jane Doe: is the learning from <em>Claims &lt;b&gt;accuracy&lt;&#x2f;b&gt; workshop</em> being used? (Bring the QA sample)"
        ),
        "{html}"
    );
    assert!(html.contains("<code>--applied none</code>"), "{html}");
}

#[test]
fn the_calendar_names_a_check_in_and_what_it_asks() {
    let repo = check_in_repo();
    let run = repo.lc(&["calendar", "--as-of", "2026-06-04"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    // Unfolded: a content line continues on the next after CRLF and a space.
    let text = run.stdout.replace("\r\n ", "");
    for summary in [
        "SUMMARY:Follow-up with Jane Doe\r\n",
        "SUMMARY:90-day check-in with Jane Doe\r\n",
        "SUMMARY:180-day check-in with Jane Doe\r\n",
    ] {
        assert!(text.contains(summary), "{summary}\n{text}");
    }
    assert!(
        text.contains(
            "\\nAsks: is the learning from *Claims <b>accuracy</b> workshop* being used?\\nRecord the answer: lc done 2026-03-10-jane-doe-claims-workshop follow-up 3 --applied none\\, partly or fully\r\n"
        ),
        "{text}"
    );
}

const STALLING: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/stalling_smtp.py");

/// A server of tests/stalling_smtp.py that stops answering in the way `mode` says.
struct Stalling {
    child: Child,
    port: u16,
    stdout: BufReader<std::process::ChildStdout>,
}

impl Stalling {
    fn start(mode: &str) -> Option<Stalling> {
        if !have_python("socket") {
            return None;
        }
        let mut child = Command::new(python())
            .args([STALLING, mode])
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .spawn()
            .expect("python3 runs");
        let mut stdout = BufReader::new(child.stdout.take().unwrap());
        let mut line = String::new();
        stdout.read_line(&mut line).unwrap();
        let port = line
            .strip_prefix("READY ")
            .and_then(|p| p.trim().parse().ok())
            .unwrap_or_else(|| panic!("the stalling server did not start: {line:?}"));
        Some(Stalling {
            child,
            port,
            stdout,
        })
    }

    /// How many connections it took and how many messages it accepted, once it stopped.
    fn finish(mut self) -> (u32, u32) {
        drop(self.child.stdin.take());
        let mut line = String::new();
        self.stdout.read_line(&mut line).unwrap();
        let _ = self.child.wait();
        let words: Vec<&str> = line.split_whitespace().collect();
        match words[..] {
            ["CONNECTIONS", c, "MESSAGES", m] => (c.parse().unwrap(), m.parse().unwrap()),
            _ => panic!("{line:?}"),
        }
    }
}

impl Drop for Stalling {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// `lc remind --smtp` of acme against the server, with `flags`; the run and how long it took.
fn remind_stalling(server: &Stalling, flags: &[&str]) -> (Run, std::time::Duration) {
    let url = format!("smtp://127.0.0.1:{}", server.port);
    let mut args = vec!["--smtp", &url, "--from", "hr@acme.example"];
    args.extend_from_slice(flags);
    let started = std::time::Instant::now();
    let run = remind_acme(&args, None);
    (run, started.elapsed())
}

const QUICK: [&str; 6] = [
    "--smtp-connect-timeout",
    "1",
    "--smtp-timeout",
    "1",
    "--smtp-deadline",
    "60",
];

/// A run against a server that stopped answering: nothing sent, one digest timed out at
/// `waiting` (in words, after `seconds`), the eleven others not tried, one connection.
#[track_caller]
fn gave_up(mode: &str, flags: &[&str], waiting: &str, seconds: u64) -> std::time::Duration {
    let Some(server) = Stalling::start(mode) else {
        return std::time::Duration::ZERO;
    };
    let (run, took) = remind_stalling(&server, flags);
    let port = server.port;
    assert_eq!(run.code, 2, "{mode}: {}\n{}", run.stdout, run.stderr);
    assert!(
        run.stdout.contains("0 of 12 sent through 127.0.0.1:"),
        "{}",
        run.stdout
    );
    let timed_out: Vec<&str> = run
        .stderr
        .lines()
        .filter(|l| l.contains("timed out after"))
        .collect();
    assert_eq!(timed_out.len(), 1, "{mode}: {}", run.stderr);
    assert!(
        timed_out[0].ends_with(&format!(
            ": timed out after {seconds} s waiting for 127.0.0.1:{port}{waiting}"
        )),
        "{mode}: {}",
        timed_out[0]
    );
    let not_tried = run
        .stderr
        .lines()
        .filter(|l| {
            l.ends_with(&format!(
                "not tried: 127.0.0.1:{port} had timed out, so lc stopped trying it"
            ))
        })
        .count();
    assert_eq!(not_tried, 11, "{mode}: {}", run.stderr);
    assert!(!run.stderr.contains("os error"), "{mode}: {}", run.stderr);
    assert_eq!(
        server.finish(),
        (1, 0),
        "{mode}: one connection, then lc stopped trying"
    );
    took
}

#[test]
fn a_server_that_accepts_and_stays_silent_times_out_at_the_connect_deadline() {
    let took = gave_up("silent", &QUICK, " to connect, greet and answer EHLO", 1);
    assert!(took.as_secs() < 10, "{took:?}");
}

#[test]
fn a_server_that_stalls_in_data_or_after_the_final_dot_times_out_once() {
    let took = gave_up("data", &QUICK, "'s answer to DATA", 1);
    assert!(took.as_secs() < 10, "{took:?}");
    let took = gave_up(
        "dot",
        &QUICK,
        "'s answer to the end of the message; the message had gone, so the server may have delivered it",
        1,
    );
    assert!(took.as_secs() < 10, "{took:?}");
}

#[test]
fn a_server_that_drips_its_answer_a_byte_at_a_time_is_held_to_the_deadline() {
    let took = gave_up(
        "drip",
        &["--smtp-timeout", "2"],
        "'s answer to MAIL FROM",
        2,
    );
    assert!(took.as_secs() < 10, "{took:?}");
}

#[test]
fn the_default_deadlines_give_up_on_a_silent_server_within_a_minute() {
    let took = gave_up("silent", &[], " to connect, greet and answer EHLO", 10);
    assert!(took.as_secs() < 60, "{took:?}");
}

#[test]
fn the_overall_deadline_stops_a_slow_server_that_answers_every_command() {
    let Some(server) = Stalling::start("slow") else {
        return;
    };
    let (run, took) = remind_stalling(&server, &["--smtp-timeout", "5", "--smtp-deadline", "4"]);
    assert!(took.as_secs() < 10, "{took:?}");
    assert!(matches!(run.code, 1 | 2), "{}\n{}", run.stdout, run.stderr);
    assert!(
        run.stderr
            .contains("not sent within the overall deadline of 4 s (--smtp-deadline)"),
        "{}",
        run.stderr
    );
    let sent = run
        .stdout
        .lines()
        .filter(|l| l.starts_with("sent: "))
        .count() as u32;
    let (_, accepted) = server.finish();
    // Each message said sent was accepted; the one cut short at its final dot may have been.
    let maybe = u32::from(run.stderr.contains("the server may have delivered it"));
    assert!(
        sent <= accepted && accepted <= sent + maybe,
        "{sent} {accepted}: {}",
        run.stderr
    );
    assert!(sent < 12);
}
