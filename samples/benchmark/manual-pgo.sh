#!/usr/bin/env bash
# manual-pgo.sh: what a user without RustPgo.Sdk does by hand to ship the
# BytecodeVm sample profile-guided: the four PGO steps (instrumented cargo
# build, training run, llvm-profdata merge, optimized cargo build) plus the
# one thing the SDK's build also does, compiling the C# app (PlainApp, the
# same sources without the SDK, from a clean obj/). This is the baseline the
# SDK's `dotnet build -p:RustPgo=true` time (also from a clean obj/) is
# compared against.
#
#   samples/benchmark/manual-pgo.sh [OUT_DIR]
#
# OUT_DIR  work folder, emptied first. Default: artifacts/manual-pgo.
#          The PGO-optimized app ends up in OUT_DIR/app.
#
# LLVM_PROFDATA may name the llvm-profdata to use; it must match the LLVM
# major version of rustc (`rustc -vV`). Both cargo builds use fat LTO and one
# codegen unit, as the SDK's PGO builds do by default (RustPgoLto=auto);
# RUSTPGO_LTO=off leaves the release profile as it is (RustPgoLto=off).
set -euo pipefail

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
out=$(realpath -m "${1:-$repo/artifacts/manual-pgo}")
manifest="$repo/samples/BytecodeVm/native/vm/Cargo.toml"
plain_app="$repo/samples/benchmark/PlainApp"
lib=libvm.so

# llvm-profdata must come from the same LLVM major version as rustc.
llvm_major=$(rustc -vV | sed -n 's/^LLVM version: \([0-9]*\).*/\1/p')
profdata=${LLVM_PROFDATA:-$(command -v "llvm-profdata-$llvm_major" || command -v llvm-profdata || true)}
[[ -n "$profdata" ]] || { echo "manual-pgo: llvm-profdata-$llvm_major not found (apt-get install llvm-$llvm_major)" >&2; exit 1; }
# An explicit --target keeps RUSTFLAGS away from build scripts and proc macros.
target=$(rustc -vV | sed -n 's/^host: //p')
codegen=(--config 'profile.release.lto="fat"' --config 'profile.release.codegen-units=1')
[[ "${RUSTPGO_LTO:-auto}" == off ]] && codegen=()

rm -rf "$out"
mkdir -p "$out/profraw"
step() { printf '\n== %s\n' "$*"; }

step "1/4 instrumented build"
RUSTFLAGS="-Cprofile-generate=$out/profraw" \
    cargo build --release --quiet --manifest-path "$manifest" --target "$target" --target-dir "$out/target-instrumented" "${codegen[@]}"

step "2/4 build the app around the instrumented $lib, then the training run"
rm -rf "$plain_app/obj" "$plain_app/bin"
dotnet build "$plain_app" -c Release -nologo -v:q -o "$out/app" \
    "-p:NativeLib=$out/target-instrumented/$target/release/$lib"
dotnet "$out/app/BytecodeVm.dll" train

step "3/4 merge profiles"
"$profdata" merge -o "$out/merged.profdata" "$out/profraw"
ls -l "$out/merged.profdata"

step "4/4 optimized build"
RUSTFLAGS="-Cprofile-use=$out/merged.profdata" \
    cargo build --release --quiet --manifest-path "$manifest" --target "$target" --target-dir "$out/target-optimized" "${codegen[@]}"

cp "$out/target-optimized/$target/release/$lib" "$out/app/$lib"
echo "manual-pgo: PGO app in $out/app"
