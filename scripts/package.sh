#!/usr/bin/env bash
# The crate as crates.io would get it, proven from the `.crate` alone: `cargo package`, check
# what it ships, unpack it into a new HR repo, let `lc init --install-from PATH` write the CI
# workflow, run that workflow's install step as it stands (`cargo install --locked --path …`,
# into a temporary root, with a target dir of its own so nothing is borrowed from this
# checkout's builds), and run the README's command with the installed `lc`: its output must be
# the same as this checkout's. The release profile is built without optimisation here
# (CARGO_PROFILE_RELEASE_OPT_LEVEL=0): what is proven is that the crate alone builds and runs,
# and an optimised build of every dependency would cost minutes more of CI.
#
#   bash scripts/package.sh        (.ci/run runs it; the first run builds lc's dependencies once
#                                   under target/package-check, later runs only lc itself)
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
version=$(sed -n 's/^version = "\(.*\)"$/\1/p' Cargo.toml | head -n 1)
crate=target/package/learning-contracts-$version.crate
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
start=$SECONDS

# 1. Package. Offline when every dependency is already fetched (cargo test fetched them).
cargo package --quiet --allow-dirty --no-verify --offline 2>/dev/null ||
  cargo package --quiet --allow-dirty --no-verify
files=$(tar -tzf "$crate" | sed "s|^learning-contracts-$version/||")
for needed in Cargo.toml Cargo.lock README.md src/main.rs src/lib.rs contracts-template/strategic.yaml; do
  grep -qx "$needed" <<<"$files" || { echo "package: $needed is missing from the crate" >&2; exit 1; }
done
if grep -E '^(tests|examples|target|scripts|\.ci|\.github)/' <<<"$files" >&2; then
  echo "package: the crate ships files it should not (above)" >&2
  exit 1
fi
bytes=$(wc -c <"$crate")
if [ "$bytes" -gt 1000000 ]; then
  echo "package: the crate is $bytes bytes; keep it under 1 MB" >&2
  exit 1
fi
echo "package: $(wc -l <<<"$files") files, $bytes bytes"

# 2. An HR repo whose CI installs lc from the unpacked crate.
mkdir -p "$work/hr/tools"
tar -xzf "$crate" -C "$work/hr/tools"
# Newer than any earlier build: lc itself is always compiled from the crate's files.
find "$work/hr/tools" -type f -exec touch {} +
cargo run --quiet --offline -- init "$work/hr" --install-from "tools/learning-contracts-$version" >/dev/null
install=$(sed -n 's/^ *run: \(cargo install .*\)$/\1/p' "$work/hr/.github/workflows/learning-contracts.yml" | head -n 1)
expected="cargo install --locked --path tools/learning-contracts-$version"
if [ "$install" != "$expected" ]; then
  echo "package: the workflow installs with \`$install\`, expected \`$expected\`" >&2
  exit 1
fi

# 3. The workflow's install step, as it stands.
installed=$SECONDS
(
  cd "$work/hr"
  CARGO_INSTALL_ROOT="$work/root" CARGO_TARGET_DIR="$root/target/package-check" \
    CARGO_PROFILE_RELEASE_OPT_LEVEL=0 CARGO_PROFILE_RELEASE_DEBUG=false \
    CARGO_NET_OFFLINE=${CARGO_NET_OFFLINE:-true} bash -c "$install --quiet"
)
echo "package: \`$install\` took $((SECONDS - installed)) s"

# 4. The README's command, with the installed lc, from this checkout's root.
[ "$("$work/root/bin/lc" --version)" = "lc $version" ] || { echo "package: wrong version" >&2; exit 1; }
readme_command="report --repo examples/acme --as-of 2026-09-30"
grep -qF -- "$readme_command" README.md || { echo "package: the README no longer shows \`lc $readme_command\`" >&2; exit 1; }
# shellcheck disable=SC2086
"$work/root/bin/lc" $readme_command >"$work/packaged.txt"
# shellcheck disable=SC2086
cargo run --quiet --offline -- $readme_command >"$work/checkout.txt"
if ! cmp -s "$work/packaged.txt" "$work/checkout.txt"; then
  diff "$work/checkout.txt" "$work/packaged.txt" >&2 || true
  echo "package: the installed lc reports differently from this checkout" >&2
  exit 1
fi
grep -q "Overdue follow-ups" "$work/packaged.txt" || { echo "package: the report lacks its sections" >&2; exit 1; }
echo "package: the installed lc ran \`lc $readme_command\` ($(wc -l <"$work/packaged.txt") lines, as this checkout does); $((SECONDS - start)) s in all"
