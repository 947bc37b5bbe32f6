#!/usr/bin/env bash
# Checks the HTML review and the trend page with axe-core (WCAG 2.x A and AA rules, contrast
# included) in headless Chromium, offline: the pages load nothing, and axe-core is injected from
# its npm package. Prints one line per page with the number of rules passed and violated, and
# the violations in full; exits 1 when there is any.
#
# Needs Chromium and Node with axe-core and puppeteer-core (npm packages, no browser download):
#   apt-get install -y chromium nodejs npm
#   npm install --prefix "$AXE_DIR" axe-core puppeteer-core      # AXE_DIR default: target/axe
#
# Usage:
#   scripts/axe.sh                  # the demo repo's review, and its trend over a short history
#   scripts/axe.sh page.html ...    # these files instead
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
AXE_DIR="${AXE_DIR:-$root/target/axe}"
CHROMIUM="${CHROMIUM:-$(command -v chromium || command -v chromium-browser || true)}"
OUT="${OUT:-$root/target/axe/pages}"
mkdir -p "$OUT"

if [[ -z "$CHROMIUM" ]]; then
    echo "error: chromium not found: \`apt-get install -y chromium\`, or set CHROMIUM" >&2
    exit 2
fi
if [[ ! -d "$AXE_DIR/node_modules/axe-core" || ! -d "$AXE_DIR/node_modules/puppeteer-core" ]]; then
    mkdir -p "$AXE_DIR"
    PUPPETEER_SKIP_DOWNLOAD=1 npm install --prefix "$AXE_DIR" --no-audit --no-fund \
        axe-core puppeteer-core >/dev/null
fi

pages=("$@")
if [[ ${#pages[@]} -eq 0 ]]; then
    cd "$root"
    cargo build --quiet --bin lc
    lc="${CARGO_TARGET_DIR:-$root/target}/debug/lc"
    "$lc" report --repo examples/acme --as-of 2026-09-30 --format html >"$OUT/report.html"
    # The demo repo given a short history: half its files in May, the rest in September.
    repo="$(mktemp -d)"
    trap 'rm -rf "$repo"' EXIT
    cp -r examples/acme/. "$repo/"
    git -C "$repo" init -q -b main
    mapfile -t files < <(cd "$repo" && find contracts -name '*.yaml' | sort)
    half=$(( ${#files[@]} / 2 ))
    commit() {
        GIT_AUTHOR_DATE="$1" GIT_COMMITTER_DATE="$1" git -C "$repo" -c user.name=axe \
            -c user.email=axe@example.org -c commit.gpgsign=false commit -q -m "$2"
    }
    git -C "$repo" add lc.toml "${files[@]:0:$half}"
    commit 2026-05-04T09:00:00+02:00 "first half"
    git -C "$repo" add -A
    commit 2026-09-14T09:00:00+02:00 "the rest"
    "$lc" report --repo "$repo" --quarter 2026Q3 --format html >"$OUT/report-quarter.html"
    "$lc" trend --repo "$repo" --from 2026Q2 --to 2026Q3 --format html >"$OUT/trend.html"
    pages=("$OUT/report.html" "$OUT/report-quarter.html" "$OUT/trend.html")
fi

NODE_PATH="$AXE_DIR/node_modules" CHROMIUM="$CHROMIUM" node - "${pages[@]}" <<'JS'
const fs = require("fs");
const path = require("path");
const puppeteer = require("puppeteer-core");
const axeSource = fs.readFileSync(require.resolve("axe-core/axe.min.js"), "utf8");
(async () => {
  const browser = await puppeteer.launch({
    executablePath: process.env.CHROMIUM,
    headless: true,
    args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking"],
  });
  let violations = 0;
  for (const file of process.argv.slice(2)) {
    const page = await browser.newPage();
    await page.setViewport({ width: 1280, height: 900 });
    await page.goto("file://" + path.resolve(file), { waitUntil: "load" });
    // The page's CSP allows no script: axe runs in the page's isolated world through CDP.
    await page.setBypassCSP(true);
    await page.evaluate(axeSource);
    const result = await page.evaluate(() =>
      axe.run(document, { runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"] } }));
    const charts = await page.$$eval("svg[role=img]", (s) => s.length);
    const pdf = Buffer.from(await page.pdf({ format: "A4", printBackground: true }));
    const counts = [...pdf.toString("latin1").matchAll(/\/Count (\d+)/g)].map((m) => Number(m[1]));
    const pages = counts.length ? Math.max(...counts) : "?";
    // In print, at A4's width within its 15 mm margins (180 mm, 680 px): the sections whose
    // tables or charts do not fit, and would be cut.
    await page.emulateMediaType("print");
    await page.setViewport({ width: 680, height: 900 });
    const wide = await page.$$eval("section[id] .table-wrap, section[id] svg", (els) => [...new Set(els
      .filter((e) => e.scrollWidth > e.clientWidth + 1 || e.getBoundingClientRect().right > 681)
      .map((e) => e.closest("section[id]").id))]);
    console.log(`${path.basename(file)}: ${result.passes.length} rules passed, ${result.violations.length} violated, ` +
      `${result.incomplete.length} to check by hand; ${charts} charts; ${pages} A4 pages in print; ` +
      `wider than A4 in print: ${wide.length ? wide.join(" ") : "none"}`);
    for (const v of result.violations) {
      violations += 1;
      console.log(`  ${v.id} (${v.impact}): ${v.help}`);
      for (const n of v.nodes.slice(0, 5)) console.log(`    ${n.target.join(" ")}: ${n.failureSummary.split("\n").join(" ")}`);
    }
    await page.close();
  }
  await browser.close();
  process.exit(violations > 0 ? 1 : 0);
})().catch((e) => { console.error(e); process.exit(2); });
JS
