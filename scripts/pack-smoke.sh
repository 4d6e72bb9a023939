#!/usr/bin/env bash
# Packs solominer as npm would publish it, installs the tarball into a throw-away prefix (as on another
# machine), and runs the installed binary. Needs the npm registry for the dependencies.
set -euo pipefail
cd "$(dirname "$0")/.."
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
tarball=$(npm pack --silent --pack-destination "$work" | tail -n 1)
npm install --silent --no-audit --no-fund --global --prefix "$work/prefix" "$work/$tarball"
bin="$work/prefix/bin/solominer"
version=$(env -i HOME="$work" PATH="$PATH" "$bin" --version)
echo "installed: $version"
odds=$(env -i HOME="$work" PATH="$PATH" "$bin" odds --difficulty 1e14 --hashrate 1TH --json)
node -e '
const odds = JSON.parse(process.argv[1])
const expected = 1e14 * 2 ** 32 / 1e12
if (odds.hashrate !== 1e12 || odds.difficulty !== 1e14 || Math.abs(odds.expectedSecondsToBlock - expected) > 1e-6 * expected) {
  console.error("unexpected odds output", odds); process.exit(1)
}
console.log("packed odds ok: expected", odds.expectedSecondsToBlock, "s")
' "$odds"
