//! Hostile input never wins: each case gets a clear diagnostic (or is skipped with one), the run
//! goes on to the other files, and nothing panics.

mod common;

use common::{Repo, STRATEGIC, valid_repo};

/// Checks a repo that holds the valid contracts plus `path` written by `make`, and returns the
/// run; the valid contracts must still have been read.
fn check_beside(path: &str, make: impl FnOnce(&Repo, &std::path::Path)) -> common::Run {
    let repo = valid_repo();
    make(&repo, &repo.path().join(path));
    let run = repo.check_json(&[]);
    assert_eq!(
        run.json()["contracts"],
        2,
        "the other files are still read: {}",
        run.stdout
    );
    run
}

#[track_caller]
fn assert_one(run: &common::Run, code: &str, file: &str, needle: &str) {
    let d = run.only(code);
    assert_eq!(d["file"], file);
    assert!(d["message"].as_str().unwrap().contains(needle), "{d}");
}

#[test]
fn alias_bomb() {
    let mut text = String::from("lc: 1\na0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
    for i in 1..12 {
        let p = i - 1;
        text += &format!(
            "a{i}: &a{i} [*a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}]\n"
        );
    }
    let run = check_beside("contracts/bomb.yaml", |r, _| {
        r.file("contracts/bomb.yaml", &text);
    });
    assert_one(&run, "yaml-syntax", "contracts/bomb.yaml", "aliases expand");
}

#[test]
fn deep_nesting() {
    let run = check_beside("contracts/deep.yaml", |r, _| {
        r.file("contracts/deep.yaml", "[".repeat(1_000_000));
    });
    // The parser stops flow nesting itself; block nesting is stopped by our own limit.
    assert_one(
        &run,
        "yaml-syntax",
        "contracts/deep.yaml",
        "recursion limit",
    );
    let run = check_beside("contracts/deep.yaml", |r, _| {
        let block: String = (0..1000)
            .map(|i| format!("{}a:\n", "  ".repeat(i)))
            .collect();
        r.file("contracts/deep.yaml", block);
    });
    assert_one(&run, "yaml-syntax", "contracts/deep.yaml", "deeper than");
    let run = check_beside("contracts/deep.yaml", |r, _| {
        r.file("contracts/deep.yaml", "- ".repeat(100_000));
    });
    assert_one(&run, "yaml-syntax", "contracts/deep.yaml", "deeper than");
}

#[test]
fn a_40_megabyte_file_is_refused_unread() {
    let run = check_beside("contracts/huge.yaml", |r, _| {
        let line = "notes: xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx\n";
        r.file("contracts/huge.yaml", line.repeat(40_000_000 / line.len()));
    });
    assert_one(
        &run,
        "unreadable-file",
        "contracts/huge.yaml",
        "over the limit of 10.0 MB",
    );
}

#[test]
fn the_size_limit_is_set_in_lc_toml() {
    let repo = valid_repo();
    repo.file("lc.toml", "[limits]\nmax_file_bytes = 100\n");
    let run = repo.check_json(&[]);
    assert_eq!(run.codes(), ["unreadable-file", "unreadable-file"]);
}

#[test]
fn binary_and_invalid_utf8() {
    let run = check_beside("contracts/binary.yaml", |r, _| {
        r.file(
            "contracts/binary.yaml",
            b"lc: 1\nkind: \xff\xfe\x00\x01 strategic\n",
        );
    });
    let d = run.only("yaml-syntax");
    assert_eq!(
        (d["line"].as_u64(), d["column"].as_u64()),
        (Some(2), Some(7))
    );
    let run = check_beside("contracts/nul.yaml", |r, _| {
        r.file("contracts/nul.yaml", b"\x00\x01\x02\x03garbage\x00");
    });
    assert_eq!(
        run.diagnostics()
            .iter()
            .filter(|d| d.1 == "contracts/nul.yaml")
            .count(),
        1,
        "{}",
        run.stdout
    );
}

#[test]
fn utf16_is_named() {
    let run = check_beside("contracts/notepad.yaml", |r, _| {
        let utf16: Vec<u8> = [0xff, 0xfe]
            .into_iter()
            .chain("lc: 1\n".encode_utf16().flat_map(u16::to_le_bytes))
            .collect();
        r.file("contracts/notepad.yaml", utf16);
    });
    let d = run.only("yaml-syntax");
    assert!(d["message"].as_str().unwrap().contains("UTF-16"), "{d}");
    assert_eq!(
        (d["line"].as_u64(), d["column"].as_u64()),
        (Some(1), Some(1))
    );
}

#[test]
fn several_documents() {
    let run = check_beside("contracts/two.yaml", |r, _| {
        r.file(
            "contracts/two.yaml",
            format!("{STRATEGIC}---\nlc: 1\n").replace("2026-jane-doe\n", "other\n"),
        );
    });
    assert_one(
        &run,
        "yaml-syntax",
        "contracts/two.yaml",
        "several YAML documents",
    );
}

#[test]
fn empty_files_and_files_that_are_not_mappings() {
    for (name, text) in [
        ("empty.yaml", ""),
        ("list.yml", "- a\n- b\n"),
        ("comment.yaml", "# nothing yet\n"),
    ] {
        let path = format!("contracts/{name}");
        let run = check_beside(&path, |r, _| {
            r.file(&path, text);
        });
        assert_one(&run, "invalid-value", &path, "a contract is a mapping");
    }
}

#[cfg(unix)]
#[test]
fn a_fifo_is_not_read() {
    let run = check_beside("contracts/pipe.yaml", |_, path| {
        let status = std::process::Command::new("mkfifo")
            .arg(path)
            .status()
            .unwrap();
        assert!(status.success());
    });
    assert_one(&run, "unreadable-file", "contracts/pipe.yaml", "a FIFO");
}

#[cfg(unix)]
#[test]
fn a_symlink_out_of_the_repo_is_not_followed_and_its_target_never_printed() {
    let outside = tempfile::tempdir().unwrap();
    let secret = outside.path().join("secret.yaml");
    std::fs::write(&secret, "lc: 1\nsalary: TOP-SECRET-42\n").unwrap();
    let repo = valid_repo();
    std::os::unix::fs::symlink(&secret, repo.path().join("contracts/link.yaml")).unwrap();
    for format in ["human", "json", "github"] {
        let run = repo.lc(&["check", "--as-of", "2026-03-01", "--format", format]);
        assert!(
            !run.stdout.contains("TOP-SECRET") && !run.stderr.contains("TOP-SECRET"),
            "{format}"
        );
        assert!(
            run.stdout.contains("symlink-skipped"),
            "{format}: {}",
            run.stdout
        );
        assert_eq!(run.code, 0, "a skipped link is a warning");
    }
}

#[cfg(unix)]
#[test]
fn a_directory_symlink_loop() {
    let run = check_beside("contracts/loop", |r, path| {
        std::os::unix::fs::symlink(r.path().join("contracts"), path).unwrap();
    });
    assert_one(&run, "symlink-skipped", "contracts/loop", "symbolic link");
}

#[test]
fn hidden_folders_and_other_files_are_ignored() {
    let repo = valid_repo();
    repo.file("contracts/.drafts/x.yaml", "garbage: [");
    repo.file("contracts/README.md", "# contracts");
    repo.file("contracts/2026/.#jane.yaml", "garbage: [");
    let run = repo.check_json(&[]);
    assert_eq!(run.json()["files"], 2);
    assert!(run.codes().is_empty());
}

#[test]
fn every_problem_of_a_file_in_one_run() {
    let repo = valid_repo();
    let text = STRATEGIC
        .replace("team: Claims", "teem: Claims")
        .replacen("due: 2026-06-30", "due: someday", 1)
        .replace("serves: [g1]", "serves: [g2]")
        .replace("end: 2026-12-31}", "end: 2025-12-31}")
        .replace("type: mentoring", "type: mentorship");
    repo.file("contracts/2026/2026-jane-doe.yaml", text);
    let mut codes = repo.check_json(&[]).codes();
    codes.sort();
    assert_eq!(
        codes,
        [
            "dangling-reference",
            "date-order",
            "invalid-value",
            "invalid-value",
            "unknown-field"
        ]
    );
}

#[test]
fn random_bytes_never_panic() {
    // A cheap deterministic generator: the property tests of issue 6 go further.
    let mut state: u64 = 0x9e37_79b9_7f4a_7c15;
    let mut next = || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state
    };
    let repo = Repo::plain();
    let alphabet = b"lc: 1\nkind-[]{}&*!|>'\"#%@`,?: \t\r\n-ab0";
    for i in 0..40 {
        let len = (next() % 400) as usize;
        let bytes: Vec<u8> = (0..len)
            .map(|_| alphabet[(next() % alphabet.len() as u64) as usize])
            .collect();
        repo.file(&format!("contracts/r{i}.yaml"), bytes);
    }
    let run = repo.check_json(&[]);
    assert!(run.code == 0 || run.code == 1, "{}", run.stderr);
}

const S: &str = "contracts/2026/2026-jane-doe.yaml";

/// The findings of `code` in a `--format json` run, as JSON.
fn of_code(run: &common::Run, code: &str) -> Vec<serde_json::Value> {
    run.json()["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["code"] == code)
        .cloned()
        .collect()
}

#[test]
fn many_keys_are_checked_and_print_a_bounded_list() {
    // 40,000 unknown keys took 5 s when each key was compared with every earlier one.
    let mut text = STRATEGIC.to_string();
    let first_line = text.lines().count() + 1;
    for i in 0..40_000 {
        text += &format!("k{i:06}: x\n");
    }
    text += "k000005: again\n";
    let repo = valid_repo();
    repo.file(S, &text);
    let run = repo.check_json(&[]);
    let duplicate = run.only("yaml-syntax");
    assert_eq!(duplicate["line"], text.lines().count());
    assert!(
        duplicate["message"]
            .as_str()
            .unwrap()
            .contains(&format!("first at line {}", first_line + 5)),
        "{duplicate}"
    );
    let unknown = of_code(&run, "unknown-field");
    assert_eq!(unknown.len(), 101);
    assert_eq!(
        unknown[100]["message"],
        "39,900 more `unknown-field` findings in this file are not shown"
    );
    assert_eq!(unknown[100]["line"], first_line + 100);
    assert!(run.stdout.len() < 100_000, "{} bytes", run.stdout.len());
}

#[test]
fn a_huge_key_is_cut_in_the_message_and_not_compared() {
    let key = "k".repeat(2_000_000);
    let repo = valid_repo();
    repo.file(S, format!("{STRATEGIC}? {key}\n: x\n"));
    for format in ["json", "human", "github", "sarif"] {
        let run = repo.lc(&["check", "--as-of", "2026-03-01", "--format", format]);
        assert!(
            run.stdout.len() < 5_000,
            "{format}: {} bytes",
            run.stdout.len()
        );
        assert!(
            run.stdout
                .contains(&format!("unknown field `{}…`", "k".repeat(60))),
            "{format}: {}",
            run.stdout
        );
    }
    let run = repo.check_json(&[]);
    let d = run.only("unknown-field");
    assert!(
        d["help"].as_str().unwrap().starts_with("the fields of"),
        "{d}"
    );
}

#[test]
fn a_file_of_many_follow_ups_prints_a_bounded_list_in_every_format() {
    let mut text = STRATEGIC.to_string();
    for i in 0..2_000 {
        text += &format!("  - due: 2026-01-{:02}\n", 1 + i % 28);
    }
    let repo = valid_repo();
    repo.file(S, &text);
    let as_of = ["check", "--as-of", "2026-03-01", "--format"];
    let run = repo.lc(&[&as_of[..], &["json"]].concat());
    let overdue = of_code(&run, "overdue-follow-up");
    assert_eq!(overdue.len(), 101);
    let more = overdue
        .iter()
        .find(|d| d["message"].as_str().unwrap().contains("more"))
        .expect("a finding that counts the rest");
    assert_eq!(
        more["message"],
        "1,900 more `overdue-follow-up` findings in this file are not shown"
    );
    let human = repo.lc(&[&as_of[..], &["human"]].concat()).stdout;
    assert_eq!(human.matches("[overdue-follow-up]").count(), 101);
    assert!(human.contains("1,900 more `overdue-follow-up` findings"));
    let github = repo.lc(&[&as_of[..], &["github"]].concat()).stdout;
    assert_eq!(
        github.matches("lc overdue-follow-up").count()
            + github.matches("[overdue-follow-up]").count(),
        101
    );
    let sarif = repo.lc(&[&as_of[..], &["sarif"]].concat()).json();
    let results = sarif["runs"][0]["results"].as_array().unwrap();
    let in_sarif = results
        .iter()
        .filter(|r| r["ruleId"] == "overdue-follow-up")
        .count();
    assert_eq!(in_sarif, 101);
    for out in [&run.stdout, &human, &github] {
        assert!(out.len() < 100_000, "{} bytes", out.len());
    }
}

#[test]
fn not_utf8_is_placed_as_every_other_finding() {
    for (bytes, line, column) in [
        (&b"lc: 1\rkind: x\rid: \xff\r"[..], 3, 5),
        (b"lc: 1\r\nkind: \xff", 2, 7),
        (b"\xef\xbb\xbflc: \xff", 1, 5),
        (b"\xef\xbb\xbfa: 1\n\xff", 2, 1),
    ] {
        let run = check_beside("contracts/latin1.yaml", |r, _| {
            r.file("contracts/latin1.yaml", bytes);
        });
        let d = run.only("yaml-syntax");
        assert!(d["message"].as_str().unwrap().contains("not UTF-8"), "{d}");
        assert_eq!(
            (d["line"].as_u64(), d["column"].as_u64()),
            (Some(line), Some(column)),
            "{bytes:?}"
        );
    }
}

#[test]
fn a_recursive_alias_says_so() {
    let run = check_beside("contracts/loop.yaml", |r, _| {
        r.file("contracts/loop.yaml", "lc: 1\nitems:\n  - &a [*a]\n");
    });
    let d = run.only("yaml-syntax");
    assert!(
        d["message"].as_str().unwrap().contains("recursive alias"),
        "{d}"
    );
    assert_eq!(
        (d["line"].as_u64(), d["column"].as_u64()),
        (Some(3), Some(9))
    );
    // An alias to an anchor that comes later is still an unknown anchor.
    let run = check_beside("contracts/later.yaml", |r, _| {
        r.file("contracts/later.yaml", "lc: 1\na: *b\nc: &b x\n");
    });
    assert_one(
        &run,
        "yaml-syntax",
        "contracts/later.yaml",
        "unknown anchor",
    );
}

#[test]
fn a_nul_is_named_where_it_is() {
    let text = STRATEGIC.replace("team: Claims", "team: \"Cla\0ims\"");
    let repo = valid_repo();
    repo.file(S, &text);
    let run = repo.check_json(&[]);
    assert_eq!(
        run.codes(),
        ["yaml-syntax"],
        "no dangling link: {}",
        run.stdout
    );
    let d = run.only("yaml-syntax");
    assert!(d["message"].as_str().unwrap().contains("NUL"), "{d}");
    assert!(
        !d["message"].as_str().unwrap().contains("end of stream"),
        "{d}"
    );
    assert_eq!(
        (d["line"].as_u64(), d["column"].as_u64()),
        (Some(7), Some(11))
    );
}
