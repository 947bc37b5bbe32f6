#!/usr/bin/env bash
# Benchmarks `lc check`, `lc report`, `lc report --quarter` and `lc remind --dry-run` on generated HR repos, beside the
# floor (reading and parsing every file with the same YAML parser and nothing else) and, for
# reference, check-jsonschema validating a sample of the same files against `lc schema`.
#
#   scripts/bench.sh                         # 1,000, 10,000 and 100,000 learners
#   SIZES="1000 10000" RUNS=3 scripts/bench.sh
#   SIZES= TREND_SIZES=10000 PAIRS=7 scripts/bench.sh    # only lc trend against report --quarter
#
# Needs hyperfine (Debian: `apt-get install hyperfine`) and python3 with venv; installs what is
# missing when it can. Corpora are generated once into $WORK (default target/bench), each with
# a git history of 2,000 commits over 2026. Prints a Markdown table: median wall time and peak
# RSS per command, and the ratios the targets in docs/performance.md are about.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
SIZES="${SIZES-1000 10000 100000}"
RUNS="${RUNS:-5}"
COMMITS="${COMMITS:-2000}"
WORK="${WORK:-$root/target/bench}"
AS_OF=2026-09-30
mkdir -p "$WORK"

if [ -n "$SIZES" ] && ! command -v hyperfine >/dev/null; then
    (apt-get install -y -qq hyperfine || (apt-get update -qq && apt-get install -y -qq hyperfine)) >/dev/null
fi
if [ -n "$SIZES" ] && [ ! -x "$WORK/venv/bin/check-jsonschema" ]; then
    python3 -m venv "$WORK/venv" && "$WORK/venv/bin/pip" install -q check-jsonschema
fi

cargo build --release --quiet --bin lc --example corpus --example floor
lc="$root/target/release/lc"
floor="$root/target/release/examples/floor"
corpus="$root/target/release/examples/corpus"

echo "| learners | files | command | median s | peak RSS MB | ratio |"
echo "|---:|---:|---|---:|---:|---|"
for n in $SIZES; do
    dir="$WORK/corpus-$n"
    if [ ! -f "$dir/.done" ]; then
        rm -rf "$dir"
        "$corpus" --learners "$n" --seed 7 --out "$dir" --commits "$COMMITS" >/dev/null
        touch "$dir/.done"
    fi
    files=$(find "$dir/contracts" -name '*.yaml' | wc -l)
    commands=(
        "floor|$floor $dir/contracts"
        "lc check|$lc check --repo $dir --as-of $AS_OF --format json"
        "lc report|$lc report --repo $dir --as-of $AS_OF --format json"
        "lc report --quarter|$lc report --repo $dir --quarter 2026Q3 --format json"
    )
    declare -A median=() rss=()
    for entry in "${commands[@]}"; do
        name="${entry%%|*}"
        cmd="${entry#*|}"
        hyperfine -N -w 1 -r "$RUNS" --export-json "$WORK/run.json" "$cmd" >/dev/null 2>&1
        median[$name]=$(python3 -c "import json;print(round(json.load(open('$WORK/run.json'))['results'][0]['median'],3))")
        /usr/bin/time -f '%M' -o "$WORK/rss.txt" $cmd >/dev/null 2>&1 || true
        rss[$name]=$(( $(tail -1 "$WORK/rss.txt") / 1024 ))
    done
    ratio() { python3 -c "print(f'{$1/$2:.2f}× $3')"; }
    echo "| $n | $files | floor | ${median[floor]} | ${rss[floor]} | |"
    echo "| $n | $files | lc check | ${median[lc check]} | ${rss[lc check]} | $(ratio "${median[lc check]}" "${median[floor]}" 'the floor') |"
    echo "| $n | $files | lc report | ${median[lc report]} | ${rss[lc report]} | $(ratio "${median[lc report]}" "${median[lc check]}" 'lc check') |"
    echo "| $n | $files | lc report --quarter | ${median[lc report --quarter]} | ${rss[lc report --quarter]} | $(ratio "${median[lc report --quarter]}" "${median[lc report]}" 'lc report') |"
    # One edit: `lc done` on a strategic contract moved (once, committed) to its default path
    # `contracts/2026/<id>.yaml`, and on one left in its team folder (the id is then found by
    # reading every file's id). The file and git's index are restored before each run.
    pick() { find "$dir/contracts/2026/$1" -name '2026-[a-z]*.yaml' | sort | head -1; }
    moved=$(basename "$(pick claims)" .yaml)
    if [ ! -f "$dir/contracts/2026/$moved.yaml" ]; then
        git -C "$dir" mv "$(pick claims | sed "s|^$dir/||")" "contracts/2026/$moved.yaml"
        git -C "$dir" -c user.name=bench -c user.email=bench@example.org commit -qm "bench: one contract at its default path"
    fi
    far=$(pick finance | sed "s|^$dir/||")
    for entry in "lc done (default path)|$moved|contracts/2026/$moved.yaml" "lc done (found by scan)|$(basename "$far" .yaml)|$far"; do
        IFS='|' read -r name id rel <<<"$entry"
        hyperfine -N -w 1 -r "$RUNS" --prepare "git -C $dir checkout -q HEAD -- $rel" \
            --export-json "$WORK/run.json" \
            "$lc --repo $dir --as-of $AS_OF done $id follow-up 4 --on $AS_OF" >/dev/null 2>&1
        t=$(python3 -c "import json;print(round(json.load(open('$WORK/run.json'))['results'][0]['median'],3))")
        git -C "$dir" checkout -q HEAD -- "$rel"
        echo "| $n | $files | $name | $t | | |"
    done
    git -C "$dir" checkout -q HEAD -- contracts
    # lc remind --dry-run against lc report, run alternately (report, remind, report, remind…) so
    # that both see the same load on the machine; the median of the pairwise ratios.
    remind_ratios=()
    for _ in $(seq "$RUNS"); do
        a=$(python3 -c "import subprocess,time;t=time.perf_counter();subprocess.run('$lc report --repo $dir --as-of $AS_OF --format json'.split(),stdout=subprocess.DEVNULL,stderr=subprocess.DEVNULL);print(time.perf_counter()-t)")
        b=$(python3 -c "import subprocess,time;t=time.perf_counter();subprocess.run('$lc remind --repo $dir --as-of $AS_OF --dry-run'.split(),stdout=subprocess.DEVNULL,stderr=subprocess.DEVNULL);print(time.perf_counter()-t)")
        remind_ratios+=("$b/$a")
    done
    remind_ratio=$(python3 -c "import statistics;print(f'{statistics.median([$(IFS=,; echo "${remind_ratios[*]}")]):.2f}')")
    remind_time=$(python3 -c "import statistics;print(round(statistics.median([float(r.split('/')[0]) for r in '${remind_ratios[*]}'.split()]),3))")
    /usr/bin/time -f '%M' -o "$WORK/rss.txt" "$lc" remind --repo "$dir" --as-of "$AS_OF" --dry-run >/dev/null 2>&1 || true
    echo "| $n | $files | lc remind --dry-run | $remind_time | $(( $(tail -1 "$WORK/rss.txt") / 1024 )) | ${remind_ratio}× lc report (median of $RUNS alternated pairs) |"
    # check-jsonschema on a sample: it is far slower, so 1,000 files stand for the rest.
    "$lc" schema >"$WORK/schema.json"
    find "$dir/contracts" -name '*.yaml' | sort >"$WORK/all.txt"
    sed -n '1,1000p' "$WORK/all.txt" >"$WORK/sample.txt"
    sample=$(wc -l <"$WORK/sample.txt")
    start=$(date +%s.%N)
    xargs "$WORK/venv/bin/check-jsonschema" --schemafile "$WORK/schema.json" <"$WORK/sample.txt" >/dev/null || true
    end=$(date +%s.%N)
    echo "| $n | $sample (sample) | check-jsonschema | $(python3 -c "print(round($end-$start,3))") | | reference only |"
done

# lc trend over eight quarters against one `lc report --quarter`, on a history of COMMITS commits
# over 2025 and 2026: runs alternate (A B A B …) so that both see the same machine, and the
# figure is the median of the pairwise ratios.
TREND_SIZES="${TREND_SIZES:-10000}"
PAIRS="${PAIRS:-7}"
for n in $TREND_SIZES; do
    dir="$WORK/corpus-$n-2y"
    if [ ! -f "$dir/.done" ]; then
        rm -rf "$dir"
        "$corpus" --learners "$n" --seed 7 --out "$dir" --commits "$COMMITS" --years 2 >/dev/null
        touch "$dir/.done"
    fi
    trend=("$lc" trend --repo "$dir" --from 2025Q1 --to 2026Q4 --format json)
    quarter=("$lc" report --repo "$dir" --quarter 2026Q4 --format json)
    "${trend[@]}" >/dev/null 2>&1 # warm-up
    "${quarter[@]}" >/dev/null 2>&1
    ratios=()
    for _ in $(seq "$PAIRS"); do
        a=$(python3 -c 'import subprocess,sys,time;t=time.perf_counter();subprocess.run(sys.argv[1:],stdout=subprocess.DEVNULL,stderr=subprocess.DEVNULL);print(time.perf_counter()-t)' "${trend[@]}")
        b=$(python3 -c 'import subprocess,sys,time;t=time.perf_counter();subprocess.run(sys.argv[1:],stdout=subprocess.DEVNULL,stderr=subprocess.DEVNULL);print(time.perf_counter()-t)' "${quarter[@]}")
        echo "  pair: lc trend (8 quarters) $a s, lc report --quarter $b s" >&2
        ratios+=("$(python3 -c "print($a/$b)")")
    done
    python3 - "$n" "${ratios[@]}" <<'PY'
import statistics, sys
n, ratios = sys.argv[1], [float(r) for r in sys.argv[2:]]
print(f"\nlc trend, 8 quarters, {n} learners: {statistics.median(ratios):.2f}× one lc report --quarter "
      f"(median of {len(ratios)} alternating pairs; min {min(ratios):.2f}×, max {max(ratios):.2f}×; target ≤ 3×)")
PY
done
