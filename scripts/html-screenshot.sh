#!/usr/bin/env bash
# Renders the demo repo's quarterly review as HTML and photographs it with headless Chromium:
# a PNG of the screen (1280 px wide) and an A4 PDF of the print view.
#
# Needs Chromium (and, for a PNG of the PDF's first page, poppler's pdftoppm):
#   sudo apt-get update && sudo apt-get install -y chromium poppler-utils
# (on Ubuntu the package may be `chromium-browser`; set CHROMIUM=/path/to/binary if it is not
# on PATH as `chromium`).
#
# Usage, from anywhere in the source tree:
#   scripts/html-screenshot.sh              # writes to $OUT (default: target/html-report)
#   OUT=/tmp/shots scripts/html-screenshot.sh
#   scripts/html-screenshot.sh page.html    # photograph an existing HTML file instead
#
# Output: $OUT/report.html, $OUT/report.png, $OUT/report.pdf and, with pdftoppm,
# $OUT/report-print-1.png (page 1 of the PDF). Chromium runs with a throwaway profile and no
# network features; the page itself loads nothing (inline CSS and SVG only).
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
OUT="${OUT:-$root/target/html-report}"
CHROMIUM="${CHROMIUM:-chromium}"
mkdir -p "$OUT"
OUT="$(cd "$OUT" && pwd)"

if ! command -v "$CHROMIUM" >/dev/null 2>&1; then
    echo "error: \`$CHROMIUM\` not found: install it with \`apt-get install -y chromium\`, or set CHROMIUM" >&2
    exit 2
fi

if [[ $# -ge 1 ]]; then
    cp "$1" "$OUT/report.html"
else
    cd "$root"
    cargo build --quiet --bin lc
    target_dir="${CARGO_TARGET_DIR:-$root/target}"
    "$target_dir/debug/lc" report --repo examples/acme --as-of 2026-09-30 --format html \
        >"$OUT/report.html"
fi

profile="$(mktemp -d)"
trap 'rm -rf "$profile"' EXIT
chromium_flags=(
    --headless --no-sandbox --disable-gpu --disable-quic --no-first-run
    --disable-background-networking --disable-component-update --disable-sync
    --hide-scrollbars --user-data-dir="$profile"
)

"$CHROMIUM" "${chromium_flags[@]}" --window-size=1280,2400 \
    --screenshot="$OUT/report.png" "file://$OUT/report.html" 2>/dev/null
"$CHROMIUM" "${chromium_flags[@]}" --no-pdf-header-footer \
    --print-to-pdf="$OUT/report.pdf" "file://$OUT/report.html" 2>/dev/null

if command -v pdftoppm >/dev/null 2>&1; then
    pdftoppm -png -r 80 -f 1 -l 1 "$OUT/report.pdf" "$OUT/report-print"
fi

echo "wrote $OUT/report.html, $OUT/report.png and $OUT/report.pdf"
