#!/usr/bin/env bash
# build.sh: pack RustPgo.Sdk, build the BytecodeVm sample with it (plain
# release, profile-guided with RustPgoLto=off and with the default, each also
# published as Native AOT, and profile-guided from field profiles), time the builds against the hand-made and the
# SDK-less baselines, and benchmark them, JIT and AOT.
#
#   ./build.sh            everything; results in artifacts/bench/sample.json
#                         and docs/benchmark.svg
#
# Environment: ROUNDS (bench rounds, default 15), ITERATIONS (bench iterations
# per run, default 10), NOOP_REPEATS (alternating no-op rebuilds of the sample,
# its PGO copy, PackageReferenceApp, EmptySdkApp and PlainApp, default 15), BUILD_ROUNDS (alternating
# clean PGO builds, SDK vs by hand, default 7), FIELD_RUNS (processes whose field profiles are merged, default 3).
set -euo pipefail

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
cd "$repo"

rounds=${ROUNDS:-15}
iterations=${ITERATIONS:-10}
noop_repeats=${NOOP_REPEATS:-15}
build_rounds=${BUILD_ROUNDS:-7}
field_runs=${FIELD_RUNS:-3}

sample=samples/BytecodeVm
plain=samples/benchmark/PlainApp
pkgref=samples/benchmark/PackageReferenceApp
emptysdk=samples/benchmark/EmptySdkApp
logs=artifacts/logs
mkdir -p "$logs" artifacts/bench

# A private package cache: the SDK is always version 0.1.0, so a shared cache
# would keep serving the first copy it ever restored. Drop that copy too.
export NUGET_PACKAGES="$repo/artifacts/nuget-packages"
rm -rf "$NUGET_PACKAGES/rustpgo.sdk"
# No long-lived MSBuild nodes: they would keep an old SDK's tasks loaded.
export MSBUILDDISABLENODEREUSE=1
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

step() { printf '\n==> %s\n' "$*"; }

# run LOG CMD...: runs CMD with its output in $logs/LOG.log; shows the end of
# the log if it fails.
run() {
    local log="$logs/$1.log"
    shift
    if ! "$@" >"$log" 2>&1; then
        echo "FAILED: $* (last lines of $log):" >&2
        tail -n 40 "$log" >&2
        exit 1
    fi
}

# timed VAR LOG CMD...: like run, and stores the wall time in seconds in VAR.
timed() {
    local var=$1 start end
    shift
    start=$EPOCHREALTIME
    run "$@"
    end=$EPOCHREALTIME
    printf -v "$var" '%s' "$(awk -v s="$start" -v e="$end" 'BEGIN { printf "%.3f", e - s }')"
    echo "    ${!var} s"
}

median() { python3 -c 'import statistics, sys; print(f"{statistics.median(map(float, sys.argv[1:])):.3f}")' "$@"; }

# cost_json SDK_TIMES BASELINE_TIMES: the ratio of the medians and the spread of the per-pair ratios.
cost_json() {
    python3 - "$1" "$2" <<'PY2'
import json, statistics, sys
sdk, base = (list(map(float, a.split())) for a in sys.argv[1:3])
pairs = [s / b for s, b in zip(sdk, base)]
print(json.dumps({"sdk_s": statistics.median(sdk), "baseline_s": statistics.median(base),
                  "ratio": round(statistics.median(sdk) / statistics.median(base), 4),
                  "pair_ratio_median": round(statistics.median(pairs), 4),
                  "pair_ratio_min": round(min(pairs), 4), "pair_ratio_max": round(max(pairs), 4),
                  "pairs": len(pairs), "sdk_samples_s": sdk, "baseline_samples_s": base}))
PY2
}

clean_sample() { rm -rf "$sample/bin" "$sample/obj"; }

step "1. pack the SDK and RustPgo.Runtime (artifacts/packages/)"
run pack dotnet pack sdk/RustPgo.Sdk.Pack.csproj -c Release
run pack-runtime dotnet pack src/RustPgo.Runtime -c Release
ls -l artifacts/packages/RustPgo.Sdk.0.1.0.nupkg artifacts/packages/RustPgo.Runtime.0.1.0.nupkg

step "2a. PGO build of the sample from a clean obj/ -> artifacts/sample/pgo"
clean_sample
rm -rf artifacts/sample
timed first_pgo_build_s build-pgo dotnet build "$sample" -c Release -p:RustPgo=true -o artifacts/sample/pgo

step "2b. PGO build with RustPgoLto=off (the release profile as it is) from a clean obj/ -> artifacts/sample/pgo-nolto"
clean_sample
timed pgo_nolto_build_s build-pgo-nolto dotnet build "$sample" -c Release -p:RustPgo=true -p:RustPgoLto=off -o artifacts/sample/pgo-nolto

step "2c. release build of the sample from a clean obj/ -> artifacts/sample/release"
clean_sample
timed release_build_s build-release dotnet build "$sample" -c Release -o artifacts/sample/release

step "2d. PGO from field profiles: the instrumented build shipped (RustPgoInstrumented), run as the benchmark runs it in $field_runs processes each writing where LLVM_PROFILE_FILE says, their raw profiles merged with rustpgo merge, the optimized build from the merge -> artifacts/sample/pgo-field"
clean_sample
rm -rf artifacts/field
run build-instrumented dotnet build "$sample" -c Release -p:RustPgoInstrumented=true -o artifacts/field/app
for run_no in $(seq "$field_runs"); do
    LLVM_PROFILE_FILE="$repo/artifacts/field/run-$run_no/%h-%p-%m.profraw" run "field-run-$run_no" dotnet artifacts/field/app/BytecodeVm.dll bench --iterations 2
done
run build-rustpgo dotnet build src/RustPgo.Tool -c Release
run field-merge dotnet src/RustPgo.Tool/bin/Release/net10.0/rustpgo.dll merge -o artifacts/field/field.profdata artifacts/field/run-*
clean_sample
timed pgo_field_build_s build-pgo-field dotnet build "$sample" -c Release -p:RustPgoProfdata="$repo/artifacts/field/field.profdata" -o artifacts/sample/pgo-field
grep -h "PGO-optimized" "$logs/build-pgo-field.log" | sed 's/^ */    /'

# Every build must carry the native library and compute the same thing.
for flavor in release pgo-nolto pgo pgo-field; do
    [[ -f artifacts/sample/$flavor/libvm.so ]] || { echo "no libvm.so in artifacts/sample/$flavor" >&2; exit 1; }
    echo "    $flavor: $(dotnet artifacts/sample/$flavor/BytecodeVm.dll train | tail -n 1)"
done

step "3. no-op rebuilds, alternating (order rotating), median of $noop_repeats: the sample (<Sdk> element), a copy of it built with -p:RustPgo=true, the same app with the SDK as a PackageReference (samples/benchmark/PackageReferenceApp), with an empty SDK's <Sdk> element (samples/benchmark/EmptySdkApp) and without any (samples/benchmark/PlainApp)"
# EmptySdkApp is PlainApp plus an <Sdk> element for an empty SDK package: it pays NuGet's SDK resolver
# and nothing else, which separates the resolver's cost from RustPgo.Sdk's own.
run pack-empty-sdk dotnet pack samples/benchmark/EmptySdk -c Release
rm -rf "$NUGET_PACKAGES/rustpgo.benchmark.emptysdk"
# PlainApp and EmptySdkApp copy the library the sample's release build made.
native_lib="-p:NativeLib=$repo/artifacts/sample/release/libvm.so"
noop_sample() { dotnet build "$sample" -c Release -o artifacts/sample/release; }
# The PGO no-op is measured on a copy of the sample: builds of one project that alternate between plain
# and PGO switch the library they ship each time, which is no no-op.
pgo_copy=artifacts/noop-pgo/BytecodeVm
rm -rf artifacts/noop-pgo
mkdir -p "$pgo_copy"
cp -r "$sample/Program.cs" "$sample/Scripts.cs" "$sample/BytecodeVm.csproj" "$sample/native" "$pgo_copy/"
rm -rf "$pgo_copy/native/vm/target"
cp samples/Directory.Build.props artifacts/noop-pgo/
sed 's|"../artifacts/packages"|"../packages"|' samples/nuget.config >artifacts/noop-pgo/nuget.config
noop_pgo() { dotnet build "$pgo_copy" -c Release -p:RustPgo=true -o artifacts/noop-pgo/out; }
noop_pkgref() { dotnet build "$pkgref" -c Release -o artifacts/pkgref; }
noop_emptysdk() { dotnet build "$emptysdk" -c Release -o artifacts/emptysdk "$native_lib"; }
noop_plain() { dotnet build "$plain" -c Release -o artifacts/plain "$native_lib"; }
apps=(sample pgo pkgref emptysdk plain)
rm -rf "$pkgref/bin" "$pkgref/obj" "$emptysdk/bin" "$emptysdk/obj"
for app in "${apps[@]}"; do run "noop-warmup-$app" "noop_$app"; run "noop-warmup-$app" "noop_$app"; done
declare -A noops=()
for i in $(seq "$noop_repeats"); do
    # Each app takes each place in the order equally often.
    shift_by=$(( i % ${#apps[@]} ))
    order=("${apps[@]:shift_by}" "${apps[@]:0:shift_by}")
    for app in "${order[@]}"; do
        timed t "noop-$app-$i" "noop_$app" >/dev/null
        noops[$app]+="$t "
    done
done
noop_build_s=$(median ${noops[sample]})
pgo_noop_build_s=$(median ${noops[pgo]})
pkgref_noop_build_s=$(median ${noops[pkgref]})
emptysdk_noop_build_s=$(median ${noops[emptysdk]})
plain_noop_build_s=$(median ${noops[plain]})
echo "    sample (<Sdk>):        ${noops[sample]}s -> median $noop_build_s s"
echo "    sample, PGO:           ${noops[pgo]}s -> median $pgo_noop_build_s s"
echo "    PackageReferenceApp:   ${noops[pkgref]}s -> median $pkgref_noop_build_s s"
echo "    EmptySdkApp:           ${noops[emptysdk]}s -> median $emptysdk_noop_build_s s"
echo "    PlainApp (no SDK):     ${noops[plain]}s -> median $plain_noop_build_s s"

step "3c. build cost: SDK PGO build vs the same steps by hand, alternating, $build_rounds rounds from clean"
# Both start from nothing built: the SDK build from a clean obj/, manual-pgo.sh
# from an empty work folder and a clean PlainApp obj/.
sdk_samples=() manual_samples=()
for round in $(seq "$build_rounds"); do
    clean_sample
    timed t "build-pgo-round-$round" dotnet build "$sample" -c Release -p:RustPgo=true -o "artifacts/sample/pgo-round"
    sdk_samples+=("$t")
    timed t "manual-pgo-round-$round" samples/benchmark/manual-pgo.sh artifacts/manual-pgo
    manual_samples+=("$t")
done
pgo_build_s=$(median "${sdk_samples[@]}")
manual_build_s=$(median "${manual_samples[@]}")
echo "    SDK PGO build: ${sdk_samples[*]} s -> median $pgo_build_s s"
echo "    by hand:       ${manual_samples[*]} s -> median $manual_build_s s"

step "4. Native AOT publishes of the sample from a clean obj/: plain -> artifacts/sample/aot-release, PGO with RustPgoLto=off -> artifacts/sample/aot-pgo-nolto, PGO -> artifacts/sample/aot-pgo"
clean_sample
timed aot_release_build_s publish-aot-release dotnet publish "$sample" -c Release -p:PublishAot=true -o artifacts/sample/aot-release
clean_sample
timed aot_pgo_nolto_build_s publish-aot-pgo-nolto dotnet publish "$sample" -c Release -p:PublishAot=true -p:RustPgo=true -p:RustPgoLto=off -o artifacts/sample/aot-pgo-nolto
clean_sample
timed aot_pgo_build_s publish-aot-pgo dotnet publish "$sample" -c Release -p:PublishAot=true -p:RustPgo=true -o artifacts/sample/aot-pgo
for flavor in aot-release aot-pgo-nolto aot-pgo; do
    # One executable, the crate linked in: no library of it beside the app.
    if ls artifacts/sample/$flavor | grep -q libvm; then echo "a crate library was published in artifacts/sample/$flavor" >&2; exit 1; fi
    echo "    $flavor: $(artifacts/sample/$flavor/BytecodeVm train | tail -n 1)"
done
cat >artifacts/bench/build-times.json <<JSON
{
  "pgo_build_s": $pgo_build_s,
  "release_build_s": $release_build_s,
  "pgo_nolto_build_s": $pgo_nolto_build_s,
  "pgo_field_build_s": $pgo_field_build_s,
  "aot_release_build_s": $aot_release_build_s,
  "aot_pgo_nolto_build_s": $aot_pgo_nolto_build_s,
  "aot_pgo_build_s": $aot_pgo_build_s,
  "manual_build_s": $manual_build_s,
  "noop_build_s": $noop_build_s,
  "pgo_noop_build_s": $pgo_noop_build_s,
  "pkgref_noop_build_s": $pkgref_noop_build_s,
  "emptysdk_noop_build_s": $emptysdk_noop_build_s,
  "plain_noop_build_s": $plain_noop_build_s,
  "build_cost": {
    "noop": $(cost_json "${noops[sample]}" "${noops[plain]}"),
    "noop_package_reference": $(cost_json "${noops[pkgref]}" "${noops[plain]}"),
    "noop_empty_sdk": $(cost_json "${noops[emptysdk]}" "${noops[plain]}"),
    "noop_vs_empty_sdk": $(cost_json "${noops[sample]}" "${noops[emptysdk]}"),
    "pgo_noop_vs_noop": $(cost_json "${noops[pgo]}" "${noops[sample]}"),
    "pgo_build": $(cost_json "${sdk_samples[*]}" "${manual_samples[*]}")
  }
}
JSON

step "5. benchmark release vs PGO, JIT and Native AOT ($rounds rounds x $iterations iterations)"
python3 samples/benchmark/bench.py \
    --release artifacts/sample/release --pgo-nolto artifacts/sample/pgo-nolto --pgo artifacts/sample/pgo --pgo-field artifacts/sample/pgo-field \
    --aot-release artifacts/sample/aot-release --aot-pgo-nolto artifacts/sample/aot-pgo-nolto --aot-pgo artifacts/sample/aot-pgo \
    --rounds "$rounds" --iterations "$iterations" \
    --build-times artifacts/bench/build-times.json \
    --out artifacts/bench/sample.json --svg docs/benchmark.svg
