#!/usr/bin/env bash
# Regenerates the golden fixtures in this folder. Needs rustc 1.95 (LLVM 22) and llvm-profdata-22.
# The checked-in outputs were made with exactly these commands; rerunning changes the raw profiles
# (addresses, build ids), so rerun the whole script, never single steps.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
target=x86_64-unknown-linux-gnu
cd "$here/crate"

build() { # $1 = target dir, $2 = extra rustflags
  RUSTFLAGS="-Cprofile-generate=$work/unused $2" CARGO_TARGET_DIR="$1" \
    cargo build --release --target "$target" --quiet
}
build "$work/t1" ""
build "$work/t2" "--cfg variant"
bin1="$work/t1/$target/release/pgofixture"
bin2="$work/t2/$target/release/pgofixture"

cd "$here"
LLVM_PROFILE_FILE="$here/math.profraw"   "$bin1" math 200 >/dev/null
LLVM_PROFILE_FILE="$here/shapes.profraw" "$bin1" shapes 500 >/dev/null
LLVM_PROFILE_FILE="$here/copy.profraw"   "$bin1" copy 300 >/dev/null
LLVM_PROFILE_FILE="$here/all.profraw"    "$bin1" all 50 >/dev/null
LLVM_PROFILE_FILE="$here/never.profraw"  "$bin1" never 1 >/dev/null
LLVM_PROFILE_FILE="$here/variant.profraw" "$bin2" all 40 >/dev/null

P=llvm-profdata-22
$P merge -o merged.profdata math.profraw shapes.profraw copy.profraw all.profraw never.profraw
$P merge -o weighted.profdata --weighted-input=3,shapes.profraw --weighted-input=2,all.profraw math.profraw
$P merge -o mixed.profdata merged.profdata --weighted-input=7,merged.profdata copy.profraw
$P merge -o variant.profdata all.profraw variant.profraw shapes.profraw
$P merge -o single.profdata math.profraw
for f in math.profraw shapes.profraw variant.profraw merged.profdata weighted.profdata mixed.profdata variant.profdata; do
  $P show --all-functions --counts "$f" > "$f.show.txt"
  $P show --all-functions --counts --ic-targets --memop-sizes "$f" > "$f.show-values.txt"
  $P show --topn=5 "$f" > "$f.topn.txt"
done

# Version 12, as LLVM 19-21 write it (Debian's llvm-19 package).
llvm-profdata-19 merge -o v12.profdata --weighted-input=3,shapes.profraw math.profraw all.profraw variant.profraw copy.profraw
