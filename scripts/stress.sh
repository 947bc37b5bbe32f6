#!/usr/bin/env bash
# Many lc writers at once, as `lc serve` will make them: WRITERS processes, each recording
# ROUNDS facts one after another (`lc done`, `lc provide` and `lc follow-up add` in turn), all
# on one contract and then each on a contract of its own, without and with --commit. Counts
#   lost       facts recorded (exit 0) that the working tree does not hold
#   unstaged   facts in the working tree that git's index does not hold
#   foreign    --commit commits whose change is not exactly the fact their message names
#   missing    facts reported committed that HEAD does not hold
#   failed     runs that did not exit 0
# prints them as a Markdown table, and exits 1 when any count is not 0.
#
#   scripts/stress.sh                        # 32 writers, 20 rounds, lc built in release mode
#   LC=target/debug/lc scripts/stress.sh     # another build
#   WRITERS=8 ROUNDS=5 scripts/stress.sh     # smaller numbers
#   WORK=/tmp/stress scripts/stress.sh       # where the repos go (default target/stress)
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
WRITERS="${WRITERS:-32}"
ROUNDS="${ROUNDS:-20}"
WORK="${WORK:-$root/target/stress}"
if [ -z "${LC:-}" ]; then
    cargo build --release --quiet --bin lc
    LC="$root/target/release/lc"
fi
LC="$(cd "$(dirname "$LC")" && pwd)/$(basename "$LC")"
AS_OF=2026-03-01

# The fact writer K records in round R, as lc's arguments, and its id.
id_of() { # K R -> the item's id
    case $(( ($1 + $2) % 3 )) in
        0) echo "w$1r$2" ;;
        1) echo "d$1r$2" ;;
        2) echo "p$1r$2" ;;
    esac
}
command_of() { # CONTRACT K R
    local id
    id=$(id_of "$2" "$3")
    case $id in
        w*) echo "follow-up add $1 --id $id --due 2026-0$(( $3 % 9 + 1 ))-15" ;;
        d*) echo "done $1 follow-up $id --on 2026-02-2$(( $3 % 9 ))" ;;
        p*) echo "provide $1 $id --on 2026-02-2$(( $3 % 9 ))" ;;
    esac
}

# Python that reads the facts a contract's text holds: `add wKrR`, `done dKrR`, `provide pKrR`.
FACTS='
import re
def facts(text):
    out, item = set(), None
    for line in text.splitlines():
        m = re.match(r"^  - id: (\S+)$", line)
        if m:
            item = m.group(1)
            if item[0] == "w":
                out.add("add " + item)
            continue
        if line.startswith("  - "):
            item = None
        elif item and item[0] == "d" and line.startswith("    done: "):
            out.add("done " + item)
        elif item and item[0] == "p" and line.strip() == "status: provided":
            out.add("provide " + item)
    return out
'

# The facts of a text on stdin, one a line, sorted.
facts() {
    # shellcheck disable=SC2016 # Python, not shell
    python3 -c "$FACTS"'
import sys
print("\n".join(sorted(facts(sys.stdin.read()))))
' | sed '/^$/d'
}

# How many commits after BASE do not add exactly the one fact their message names (or take
# one away).
foreign_commits() { # DIR BASE
    # shellcheck disable=SC2016 # Python, not shell
    python3 -c "$FACTS"'
import re, subprocess, sys
dir, base = sys.argv[1], sys.argv[2]
git = lambda *a: subprocess.run(["git", "-C", dir, *a], capture_output=True, text=True, check=True).stdout
foreign = 0
for commit in git("rev-list", base + "..HEAD").split():
    subject, _, rel = git("show", "--name-only", "--format=%s", commit).strip().partition("\n\n")
    named = re.search(r"`([wdp][0-9]+r[0-9]+)`", subject)
    before = facts(git("show", commit + "^:" + rel.strip()))
    after = facts(git("show", commit + ":" + rel.strip()))
    added = after - before
    if not named or len(added) != 1 or added.pop().split()[1] != named.group(1) or not before <= after:
        foreign += 1
print(foreign)
' "$1" "$2"
}

# A repo with `files` contracts, contract F holding the items of the writers K with K % files == F.
setup() { # DIR FILES
    local dir=$1 files=$2
    rm -rf "$dir"
    mkdir -p "$dir/contracts/2026"
    git -C "$dir" init -q -b main
    git -C "$dir" config user.name Stress
    git -C "$dir" config user.email stress@example.org
    git -C "$dir" config commit.gpgsign false
    # Waiting for the lock is not what is measured here: 32 writers of a debug build may queue
    # for longer than the default 10 s.
    printf '[limits]\nwrite_wait_seconds = 600\n' >"$dir/lc.toml"
    WRITERS="$WRITERS" ROUNDS="$ROUNDS" FILES="$files" DIR="$dir" python3 -c '
import os
writers, rounds, files = (int(os.environ[k]) for k in ("WRITERS", "ROUNDS", "FILES"))
for f in range(files):
    follow_ups, supports = [], []
    for k in range(f, writers, files):
        for r in range(rounds):
            kind = (k + r) % 3
            if kind == 1:
                follow_ups.append(f"  - id: d{k}r{r}\n    due: 2026-06-{r % 28 + 1:02}\n")
            elif kind == 2:
                supports.append(f"  - id: p{k}r{r}\n    text: Support {k}/{r}\n    due: 2026-06-{r % 28 + 1:02}\n")
    text = f"""lc: 1
kind: strategic
id: 2026-stress-{f:02}
status: active
learner: Learner {f} <learner{f}@example.org>
manager: Sam Lee <sam@example.org>
period: {{start: 2026-01-01, end: 2026-12-31}}
agreed: {{learner: 2026-01-10, manager: 2026-01-11}}
goals:
  - id: g1
    text: Stay whole under load
objectives:
  - id: o1
    text: Record every fact
    serves: [g1]
    methods:
      - type: course
    application: Every day
    evidence: Nothing lost
    due: 2026-12-31
    status: in-progress
supports:
  - id: s0
    text: Time
    due: 2026-06-30
{"".join(supports)}follow_ups:
  - due: 2026-03-31
  - due: 2026-06-30
  - due: 2026-09-30
  - due: 2026-12-15
{"".join(follow_ups)}"""
    open(os.path.join(os.environ["DIR"], f"contracts/2026/2026-stress-{f:02}.yaml"), "w").write(text)
'
    git -C "$dir" add -A
    git -C "$dir" commit -q -m "stress contracts"
}

# One scenario: every writer's rounds at once; then the counts, as one table row.
run() { # NAME FILES COMMIT(0|1)
    local name=$1 files=$2 commit=$3 dir="$WORK/$1"
    setup "$dir" "$files"
    local base
    base=$(git -C "$dir" rev-parse HEAD)
    local flag=""
    [ "$commit" = 1 ] && flag="--commit"
    local started=$SECONDS
    for k in $(seq 0 $((WRITERS - 1))); do
        (
            contract=$(printf '2026-stress-%02d' $((k % files)))
            for r in $(seq 0 $((ROUNDS - 1))); do
                # shellcheck disable=SC2046
                if "$LC" --repo "$dir" --as-of "$AS_OF" $(command_of "$contract" "$k" "$r") $flag \
                    >"$dir/out-$k-$r" 2>"$dir/err-$k-$r"; then
                    echo "ok $k $r" >>"$dir/runs-$k"
                else
                    echo "failed $k $r" >>"$dir/runs-$k"
                fi
            done
        ) &
    done
    wait
    local took=$((SECONDS - started))
    local expected="$dir/expected" have="$dir/have" staged="$dir/staged" head="$dir/head"
    : >"$expected"; : >"$have"; : >"$staged"; : >"$head"
    local failed=0
    for k in $(seq 0 $((WRITERS - 1))); do
        while read -r outcome kk r; do
            if [ "$outcome" = ok ]; then
                id=$(id_of "$kk" "$r")
                case $id in w*) echo "add $id" ;; d*) echo "done $id" ;; p*) echo "provide $id" ;; esac >>"$expected"
            else
                failed=$((failed + 1))
            fi
        done <"$dir/runs-$k"
    done
    for f in $(seq 0 $((files - 1))); do
        rel=$(printf 'contracts/2026/2026-stress-%02d.yaml' "$f")
        facts <"$dir/$rel" >>"$have"
        git -C "$dir" show ":$rel" | facts >>"$staged"
        git -C "$dir" show "HEAD:$rel" | facts >>"$head"
    done
    sort -o "$expected" "$expected"; sort -o "$have" "$have"
    sort -o "$staged" "$staged"; sort -o "$head" "$head"
    local lost unstaged foreign=0 missing=0
    lost=$(comm -23 "$expected" "$have" | wc -l)
    unstaged=$(comm -23 "$have" "$staged" | wc -l)
    if [ "$commit" = 1 ]; then
        missing=$(comm -23 "$expected" "$head" | wc -l)
        foreign=$(foreign_commits "$dir" "$base")
    fi
    local edits=$((WRITERS * ROUNDS))
    echo "| $name | $WRITERS × $ROUNDS | $edits | $took | $failed | $lost | $unstaged | $foreign | $missing |"
    [ $((failed + lost + unstaged + foreign + missing)) = 0 ]
}

mkdir -p "$WORK"
echo "| scenario | writers × rounds | edits | s | failed | lost | unstaged | foreign | missing |"
echo "|---|---|---:|---:|---:|---:|---:|---:|---:|"
status=0
run one-contract 1 0 || status=1
run one-contract-commit 1 1 || status=1
run own-contracts "$WRITERS" 0 || status=1
run own-contracts-commit "$WRITERS" 1 || status=1
exit $status
