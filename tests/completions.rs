//! Contract ids complete in bash, zsh and fish: the generated scripts ask `lc __contract-ids`
//! for the ids of the repo the command line is in.

mod common;

use std::process::Command;

use common::{EXPERIENCE, Repo, STRATEGIC};

fn repo() -> Repo {
    let repo = Repo::plain();
    repo.file("contracts/2026/2026-jane-doe.yaml", STRATEGIC)
        .file(
            "contracts/2026/2026-03-10-jane-doe-claims-workshop.yaml",
            EXPERIENCE,
        )
        .file("contracts/2026/broken.yaml", "lc: [1\n");
    repo
}

/// Runs `shell -c script` in the repo with the `lc` under test first on PATH.
fn shell(repo: &Repo, shell: &str, script: &str) -> Option<String> {
    let bin = std::path::Path::new(env!("CARGO_BIN_EXE_lc"))
        .parent()
        .unwrap();
    let path = format!(
        "{}:{}",
        bin.display(),
        std::env::var("PATH").unwrap_or_default()
    );
    let output = Command::new(shell)
        .args(["-c", script])
        .current_dir(repo.path())
        .env("PATH", path)
        .output();
    match output {
        Ok(output) => {
            assert!(
                output.status.success(),
                "{shell}: {}",
                String::from_utf8_lossy(&output.stderr)
            );
            Some(String::from_utf8_lossy(&output.stdout).into_owned())
        }
        Err(_) => {
            eprintln!(
                "note: {shell} is not installed, so its completion is not tested here (.ci/run installs it)"
            );
            None
        }
    }
}

#[test]
fn contract_ids_are_listed_sorted_and_quietly() {
    let repo = repo();
    let run = repo.lc(&["__contract-ids"]);
    assert_eq!((run.code, run.stderr.as_str()), (0, ""));
    assert_eq!(
        run.stdout,
        "2026-03-10-jane-doe-claims-workshop\n2026-jane-doe\n"
    );
    let outside = Repo::plain();
    let run = outside.lc(&["__contract-ids"]);
    assert_eq!(
        (run.code, run.stdout.as_str(), run.stderr.as_str()),
        (0, "", "")
    );
}

#[test]
fn bash_completes_the_contract_argument_of_each_record_command() {
    let repo = repo();
    repo.file("lc.bash", repo.lc(&["completions", "bash"]).stdout);
    let complete = |words: &str| {
        let script = format!(
            "source ./lc.bash; COMP_WORDS=({words}); COMP_CWORD=$((${{#COMP_WORDS[@]}} - 1)); _lc_with_contract_ids lc \"${{COMP_WORDS[COMP_CWORD]}}\" \"${{COMP_WORDS[COMP_CWORD-1]}}\"; printf '%s\\n' \"${{COMPREPLY[@]}}\""
        );
        shell(&repo, "bash", &script).unwrap()
    };
    assert_eq!(complete("lc done 2026-j"), "2026-jane-doe\n");
    assert_eq!(
        complete("lc --as-of 2026-04-01 provide 2026-0"),
        "2026-03-10-jane-doe-claims-workshop\n"
    );
    assert_eq!(complete("lc follow-up add 2026-ja"), "2026-jane-doe\n");
    assert_eq!(complete("lc support add 2026-ja"), "2026-jane-doe\n");
    // Elsewhere the generated completion answers: subcommands, not ids.
    assert!(complete("lc do").contains("done"));
}

#[test]
fn fish_completes_contract_ids() {
    let repo = repo();
    repo.file("lc.fish", repo.lc(&["completions", "fish"]).stdout);
    let Some(out) = shell(
        &repo,
        "fish",
        "source lc.fish; complete -C 'lc close 2026-j'; echo ---; complete -C 'lc follow-up add 2026-0'; echo ---; complete -C 'lc support add 2026-j'",
    ) else {
        return;
    };
    assert_eq!(
        out,
        "2026-jane-doe\n---\n2026-03-10-jane-doe-claims-workshop\n---\n2026-jane-doe\n"
    );
}

#[test]
fn zsh_completes_contract_ids() {
    let repo = repo();
    let script = repo.lc(&["completions", "zsh"]).stdout;
    let positions = script.matches(":_lc_contract_ids'").count();
    assert_eq!(positions, 14, "every command taking a contract");
    repo.file("_lc", &script);
    // `_describe` stands in for zsh's completion system: it prints the candidates it is given.
    let Some(out) = shell(
        &repo,
        "zsh",
        "autoload -Uz compinit && compinit -u -D; source ./_lc; _describe() { print -l -- ${(P)${4}} }; _lc_contract_ids",
    ) else {
        return;
    };
    assert_eq!(out, "2026-03-10-jane-doe-claims-workshop\n2026-jane-doe\n");
}
