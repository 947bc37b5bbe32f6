#!/usr/bin/env bash
# Measures `lc check` on single contracts built to be as costly as a file under the 10 MB limit
# can be: many keys, one huge key, a huge file of short keys, many follow-ups. Prints a
# Markdown table of wall time, CPU time (user + system), peak RSS and the size of what was
# printed, per file.
#
#   scripts/hostile.sh                 # builds lc in release mode, files in target/hostile
#   LC=/path/to/lc scripts/hostile.sh  # another build (e.g. an older one, for comparison)
#   TIMEOUT=600 scripts/hostile.sh     # seconds before a run is stopped (default 600)
#   ONLY='keys' scripts/hostile.sh     # only the cases whose name matches this regex
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
WORK="${WORK:-$root/target/hostile}"
TIMEOUT="${TIMEOUT:-600}"
if [ -z "${LC:-}" ]; then
    cargo build --release --quiet --bin lc
    LC="$root/target/release/lc"
fi
mkdir -p "$WORK"

header='lc: 1
kind: strategic
id: 2026-jane-doe
status: active
learner: Jane Doe <jane@example.org>
manager: Sam Lee <sam@example.org>
period: {start: 2026-01-01, end: 2026-12-31}
agreed: {learner: 2026-01-10, manager: 2026-01-11}
'

# Each case is one repo holding one contract: `name|python that prints the file's tail`.
cases=(
    "40,000 keys|for i in range(40_000): print(f'k{i:06}: x')"
    "160,000 keys|for i in range(160_000): print(f'k{i:06}: x')"
    "9.9 MB of short keys|for i in range(1_100_000): print(f'{i:x}: x')"
    "a 9.9 MB key|print('? ' + 'k' * 9_900_000 + '\\n: x')"
    "366,646 follow-ups (9.9 MB)|print('follow_ups:'); [print('  - due: 2026-01-01 # late') for _ in range(366_646)]"
)

echo "| file | bytes | wall s | CPU s | peak RSS MB | printed bytes |"
echo "|---|---:|---:|---:|---:|---:|"
for entry in "${cases[@]}"; do
    name="${entry%%|*}"
    code="${entry#*|}"
    if [ -n "${ONLY:-}" ] && ! [[ "$name" =~ $ONLY ]]; then
        continue
    fi
    dir="$WORK/$(echo "$name" | tr 'A-Z' 'a-z' | tr -c 'a-z0-9\n' '-')"
    file="$dir/contracts/2026/2026-jane-doe.yaml"
    if [ ! -f "$file" ]; then
        mkdir -p "$(dirname "$file")"
        { printf '%s' "$header"; python3 -c "$code"; } >"$file"
    fi
    bytes=$(stat -c %s "$file")
    /usr/bin/time -f '%e %U %S %M' -o "$WORK/time.txt" \
        timeout "$TIMEOUT" "$LC" check --repo "$dir" --as-of 2026-09-30 --format json \
        >"$WORK/out.json" 2>/dev/null || true
    # time(1) writes "Command exited with non-zero status N" first when lc exits 1.
    read -r wall user sys rss < <(tail -1 "$WORK/time.txt")
    cpu=$(python3 -c "print(round($user + $sys, 2))")
    if grep -q 'non-zero status 124' "$WORK/time.txt"; then
        wall=">$TIMEOUT (stopped)"
    fi
    printed=$(stat -c %s "$WORK/out.json")
    echo "| $name | $bytes | $wall | $cpu | $(( ${rss:-0} / 1024 )) | $printed |"
done
