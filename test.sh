#!/usr/bin/env bash
# Runs every test project under tests/ and ends with one line: "N passed, N failed, N skipped".
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")"
repo=$(pwd)

export MSBUILDDISABLENODEREUSE=1
export DOTNET_CLI_USE_MSBUILD_SERVER=0
export MSBUILDTERMINALLOGGER=off
export DOTNET_NOLOGO=1
export DOTNET_CLI_TELEMETRY_OPTOUT=1
export DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

# Prerequisites: dotnet, cargo/rustc (rustup puts them in ~/.cargo/bin, which comes first: a
# distribution's /usr/bin/cargo is used only by the tests that name it), python3 for the summary.
if [ -d "$HOME/.cargo/bin" ]; then
  export PATH="$HOME/.cargo/bin:$PATH"
fi
missing=()
for tool in dotnet cargo rustc python3; do
  command -v "$tool" >/dev/null 2>&1 || missing+=("$tool")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "test.sh: missing prerequisites: ${missing[*]}" >&2
  echo "0 passed, 1 failed"
  exit 1
fi
echo "dotnet $(dotnet --version), $(cargo --version), $(rustc --version)"

# Results stay in artifacts/test-results/ (CI uploads them).
results="$repo/artifacts/test-results"
rm -rf "$results"
mkdir -p "$results"
status=0
projects=()
# Test projects only (benchmarks and tools under tests/ are not run).
for project in tests/*/*.csproj; do
  [ -f "$project" ] || continue
  if grep -q -E 'Microsoft\.NET\.Test\.Sdk|<IsTestProject>true' "$project"; then projects+=("$project"); fi
done
if [ ${#projects[@]} -eq 0 ]; then
  echo "test.sh: no test projects under tests/" >&2
  echo "0 passed, 1 failed"
  exit 1
fi

start=$(date +%s)
for project in "${projects[@]}"; do
  name=$(basename "$project" .csproj)
  echo "=== $name"
  if ! dotnet test "$project" \
      --logger "console;verbosity=normal" \
      --logger "trx;LogFileName=$name.trx" \
      --results-directory "$results" \
      --blame-hang-timeout 10m; then
    status=1
  fi
done
echo "test.sh: $(( $(date +%s) - start ))s for ${#projects[@]} test project(s)"

summary=$(python3 - "$results" "${projects[@]}" <<'PY'
import os, sys, xml.etree.ElementTree as ET
results, projects = sys.argv[1], sys.argv[2:]
ns = "{http://microsoft.com/schemas/VisualStudio/TeamTest/2010}"
passed = failed = skipped = 0
for project in projects:
    name = os.path.splitext(os.path.basename(project))[0]
    trx = os.path.join(results, name + ".trx")
    if not os.path.exists(trx):
        # The project did not build or its test host crashed before writing results.
        print(f"test.sh: no results from {name}", file=sys.stderr)
        failed += 1
        continue
    for result in ET.parse(trx).getroot().iter(ns + "UnitTestResult"):
        outcome = result.get("outcome")
        if outcome == "Passed":
            passed += 1
        elif outcome == "NotExecuted":
            skipped += 1
        else:
            failed += 1
line = f"{passed} passed, {failed} failed"
if skipped:
    line += f", {skipped} skipped"
print(line)
PY
)
echo "$summary"
case "$summary" in
  *" 0 failed"*) exit "$status" ;;
  *) exit 1 ;;
esac
