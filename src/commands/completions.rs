//! `lc completions SHELL`: generated from the clap definition, never kept by hand.

use std::process::ExitCode;

use anyhow::Result;
use clap::CommandFactory;

use crate::cli::Cli;

pub fn completions(shell: clap_complete::Shell) -> Result<ExitCode> {
    let mut out = Vec::new();
    clap_complete::generate(shell, &mut Cli::command(), "lc", &mut out);
    let script = with_contract_ids(shell, &String::from_utf8_lossy(&out));
    crate::render::write_out(&mut std::io::stdout().lock(), &script)?;
    Ok(ExitCode::SUCCESS)
}

/// The commands whose first argument is a contract (`follow-up add` takes it after `add`).
const CONTRACT_COMMANDS: &[&str] = &[
    "done",
    "provide",
    "decline",
    "achieve",
    "drop",
    "agree",
    "start",
    "close",
    "cancel",
    "reschedule",
    "handover",
    "link",
];

/// clap's generated script, taught to complete a contract argument with the repo's contract
/// ids (`lc __contract-ids`, run when Tab is pressed) in bash, zsh and fish.
fn with_contract_ids(shell: clap_complete::Shell, script: &str) -> String {
    let commands = CONTRACT_COMMANDS.join(" ");
    match shell {
        clap_complete::Shell::Bash => format!(
            "{script}
# Contract ids, from the repo the command line is in.
_lc_with_contract_ids() {{
    local cur=\"${{COMP_WORDS[COMP_CWORD]}}\" i at=0
    for ((i = 1; i < COMP_CWORD; i++)); do
        case \" {commands} \" in *\" ${{COMP_WORDS[i]}} \"*) at=$((i + 1)); break ;; esac
        if [[ ( \"${{COMP_WORDS[i]}}\" == follow-up || \"${{COMP_WORDS[i]}}\" == support ) && \"${{COMP_WORDS[i + 1]}}\" == add ]]; then at=$((i + 2)); break; fi
    done
    if [[ $at -gt 0 && $COMP_CWORD -eq $at && \"$cur\" != -* ]]; then
        COMPREPLY=( $(compgen -W \"$(lc __contract-ids 2>/dev/null)\" -- \"$cur\") )
        return 0
    fi
    _lc \"$@\"
}}
complete -F _lc_with_contract_ids -o bashdefault -o default lc
"
        ),
        clap_complete::Shell::Zsh => {
            let taught = script.replace(
                ":contract -- The contract\\: its id, or the path of its file:_default'",
                ":contract -- The contract\\: its id, or the path of its file:_lc_contract_ids'",
            );
            format!(
                "{taught}
# Contract ids, from the repo the command line is in.
_lc_contract_ids() {{
    local -a ids
    ids=(${{(f)\"$(lc __contract-ids 2>/dev/null)\"}})
    _describe -t contracts 'contract' ids
}}
"
            )
        }
        clap_complete::Shell::Fish => format!(
            "{script}
# Contract ids, from the repo the command line is in.
complete -c lc -n \"__fish_seen_subcommand_from {commands}; and test (count (commandline -opc)) -eq 2\" -f -a \"(lc __contract-ids 2>/dev/null)\"
complete -c lc -n \"__fish_seen_subcommand_from add; and __fish_seen_subcommand_from follow-up support; and test (count (commandline -opc)) -eq 3\" -f -a \"(lc __contract-ids 2>/dev/null)\"
"
        ),
        _ => script.to_string(),
    }
}
