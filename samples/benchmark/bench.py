#!/usr/bin/env python3
"""Release vs PGO benchmark of the BytecodeVm sample (python3 stdlib only).

Runs the app's `bench --iterations N` alternately from each build (a plain release build and a PGO build,
optionally a PGO build with RustPgoLto=off, one from field profiles, and the Native AOT executables), each run
in a fresh process, with one discarded warm-up run per build, in a rotating order. Reports medians and
spread, and each speedup as the median of the per-round ratios; writes artifacts/bench/sample.json and an
SVG bar chart (docs/benchmark.svg).

    bench.py --release artifacts/sample/release --pgo artifacts/sample/pgo [--pgo-nolto DIR] [--pgo-field DIR] \
             [--aot-release artifacts/sample/aot-release --aot-pgo artifacts/sample/aot-pgo [--aot-pgo-nolto DIR]] \
             [--rounds 15] [--iterations 10] [--build-times times.json]
    bench.py --svg-only      # redraw docs/benchmark.svg from sample.json

`bench_ms` printed by the app times only the calls into Rust (Stopwatch in
process, after an untimed warm-up pass), so .NET start-up is not measured.
"""

import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
VARIANTS = (
    ("release", "release", "#8c96a5"),
    ("pgo_nolto", "PGO, LTO off", "#f0a070"),
    ("pgo", "PGO", "#d9622b"),
    ("pgo_field", "PGO, field", "#b5521f"),
    ("aot_release", "AOT release", "#5b6b80"),
    ("aot_pgo_nolto", "AOT PGO, LTO off", "#c97a4e"),
    ("aot_pgo", "AOT PGO", "#a8431a"),
)
# Each PGO build against the release build of its kind, the default PGO build against the one with
# RustPgoLto=off (what fat LTO and one codegen unit add), and the build from field profiles against the
# build-time training: (speedup key, variant, baseline).
SPEEDUPS = (
    ("speedup", "pgo", "release"),
    ("pgo_nolto_speedup", "pgo_nolto", "release"),
    ("pgo_field_speedup", "pgo_field", "release"),
    ("aot_speedup", "aot_pgo", "aot_release"),
    ("aot_pgo_nolto_speedup", "aot_pgo_nolto", "aot_release"),
    ("lto_gain", "pgo", "pgo_nolto"),
    ("aot_lto_gain", "aot_pgo", "aot_pgo_nolto"),
    ("field_gain", "pgo_field", "pgo"),
)


def app_command(folder: Path) -> list:
    """How to start the app in a build folder: its native executable (Native AOT), else `dotnet <app>.dll`."""
    configs = sorted(folder.glob("*.runtimeconfig.json"))
    if len(configs) == 1:
        dll = folder / configs[0].name.replace(".runtimeconfig.json", ".dll")
        if dll.is_file():
            return ["dotnet", str(dll)]
    executables = [p for p in folder.iterdir() if p.is_file() and os.access(p, os.X_OK) and p.suffix in ("", ".exe")]
    if len(executables) == 1:
        return [str(executables[0])]
    sys.exit(f"bench.py: {folder} holds neither one app .dll with its runtimeconfig nor one native executable")


def run_bench(command: list, iterations: int) -> dict:
    """One fresh `app bench` process; returns its parsed result line."""
    cmd = command + ["bench", "--iterations", str(iterations)]
    proc = subprocess.run(cmd, capture_output=True, text=True)
    if proc.returncode != 0:
        sys.exit(f"bench.py: {' '.join(cmd)} failed ({proc.returncode}):\n{proc.stdout}{proc.stderr}")
    for line in proc.stdout.splitlines():
        if line.startswith("bench_ms="):
            fields = dict(item.split("=", 1) for item in line.split())
            return {
                "bench_ms": float(fields["bench_ms"]),
                "checksum": fields.get("checksum", ""),
                "programs": {k[:-3]: float(v) for k, v in fields.items() if k.endswith("_ms") and k != "bench_ms"},
            }
    sys.exit(f"bench.py: no bench_ms= line in the output of {' '.join(cmd)}:\n{proc.stdout}")


def quartiles(xs):
    if len(xs) < 2:
        return xs[0], xs[0]
    q = statistics.quantiles(xs, n=4, method="inclusive")
    return q[0], q[2]


def summarize(samples):
    q1, q3 = quartiles(samples)
    return {
        "median_ms": statistics.median(samples),
        "min_ms": min(samples),
        "max_ms": max(samples),
        "q1_ms": q1,
        "q3_ms": q3,
        "samples_ms": samples,
    }


def cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.lower().startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def fmt_s(v):
    return "n/a" if v is None else f"{v:.2f} s"


def present(data: dict):
    return [(key, label, color) for key, label, color in VARIANTS if key in data]


def print_table(data: dict) -> None:
    print()
    print(f"BytecodeVm bench: {data['rounds']} rounds x {data['iterations']} iterations, "
          f"{data['machine']['cores']} cores, {data['machine']['cpu_model']}")
    print(f"{'build':<14}{'median ms':>12}{'min':>10}{'max':>10}{'q1':>10}{'q3':>10}")
    for key, label, _ in present(data):
        s = data[key]
        print(f"{label:<14}{s['median_ms']:>12.1f}{s['min_ms']:>10.1f}{s['max_ms']:>10.1f}"
              f"{s['q1_ms']:>10.1f}{s['q3_ms']:>10.1f}")
    for key, variant, baseline in SPEEDUPS:
        if key in data:
            low, high = data.get(key + "_range", (data[key], data[key]))
            print(f"speedup ({baseline} / {variant}, median of per-round ratios): {data[key]:.3f}x ({low:.3f}-{high:.3f})"
                  + (f"; build from clean {data[variant + '_build_s']:.1f} s" if variant + "_build_s" in data else ""))
    if data.get("programs"):
        print("per program (median ms, release -> pgo; speedup: median of per-round ratios):")
        for name, v in data["programs"].items():
            print(f"  {name:<10}{v['release_ms']:>9.1f} -> {v['pgo_ms']:>8.1f}   {v['speedup']:.3f}x")
    cost = data.get("build_cost") or {}
    if cost:
        print("build cost (SDK / baseline, alternating pairs):")
        for key, label in (("noop", "no-op rebuild vs PlainApp"),
                           ("noop_package_reference", "same, as a PackageReference"),
                           ("noop_empty_sdk", "an empty <Sdk> vs PlainApp"),
                           ("noop_vs_empty_sdk", "no-op rebuild vs EmptySdkApp"),
                           ("pgo_noop_vs_noop", "no-op PGO vs no-op plain"),
                           ("pgo_build", "PGO build vs by hand")):
            if key in cost:
                c = cost[key]
                print(f"  {label:<28} median {c['sdk_s']:.3f} s / {c['baseline_s']:.3f} s = {c['ratio']:.3f}"
                      f"  (pair ratios median {c['pair_ratio_median']:.3f}, {c['pair_ratio_min']:.3f}-{c['pair_ratio_max']:.3f}, {c['pairs']} pairs)")


def esc(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def write_svg(data: dict, path: Path) -> None:
    """A bar per build (median bench time) with min-max whiskers and an IQR box, plus the speedups and
    build cost as text. Plain SVG text."""
    bars = [(label, data[key], color) for key, label, color in present(data)]
    width, height = 160 * len(bars) + 120, 420
    left, right, top, bottom = 80, 40, 70, 300
    top_ms = max(s["max_ms"] for _, s, _ in bars) * 1.15
    step = 1.0  # axis tick: 1, 2 or 5 times a power of ten, at most 8 ticks
    while top_ms / step > 8:
        step *= 2.5 if str(step)[0] == "2" else 2

    def y(ms):
        return bottom - (bottom - top) * ms / top_ms

    title = f'BytecodeVm bench: PGO {data["speedup"]:.2f}x faster'
    if "pgo_nolto_speedup" in data:
        title += f' ({data["pgo_nolto_speedup"]:.2f}x with LTO off)'
    if "pgo_field_speedup" in data:
        title += f', from field profiles {data["pgo_field_speedup"]:.2f}x'
    if "aot_speedup" in data:
        title += f', Native AOT PGO {data["aot_speedup"]:.2f}x'
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" font-family="sans-serif" font-size="13">',
        '<rect width="100%" height="100%" fill="white"/>',
        f'<text x="{width / 2}" y="28" text-anchor="middle" font-size="17" font-weight="bold">{esc(title)}</text>',
        f'<text x="{width / 2}" y="48" text-anchor="middle" fill="#555">'
        f'median of {data["rounds"]} runs x {data["iterations"]} iterations, whiskers min-max, box IQR; '
        f'lower is better</text>',
    ]
    tick = 0.0
    while tick <= top_ms:
        ty = y(tick)
        out.append(f'<line x1="{left}" y1="{ty:.1f}" x2="{width - right}" y2="{ty:.1f}" stroke="#e3e3e3"/>')
        out.append(f'<text x="{left - 8}" y="{ty + 4:.1f}" text-anchor="end" fill="#555">{tick:g}</text>')
        tick += step
    out.append(f'<text x="20" y="{(top + bottom) / 2}" transform="rotate(-90 20 {(top + bottom) / 2})" '
               f'text-anchor="middle" fill="#555">Rust time per bench run (ms)</text>')
    slot = (width - left - right) / len(bars)
    for i, (name, s, color) in enumerate(bars):
        cx = left + slot * (i + 0.5)
        bw = slot * 0.42
        out.append(f'<rect x="{cx - bw / 2:.1f}" y="{y(s["median_ms"]):.1f}" width="{bw:.1f}" '
                   f'height="{bottom - y(s["median_ms"]):.1f}" fill="{color}"/>')
        out.append(f'<line x1="{cx:.1f}" y1="{y(s["min_ms"]):.1f}" x2="{cx:.1f}" y2="{y(s["max_ms"]):.1f}" '
                   f'stroke="black" stroke-width="1.5"/>')
        for v in (s["min_ms"], s["max_ms"]):
            out.append(f'<line x1="{cx - 10:.1f}" y1="{y(v):.1f}" x2="{cx + 10:.1f}" y2="{y(v):.1f}" '
                       f'stroke="black" stroke-width="1.5"/>')
        out.append(f'<rect x="{cx - 6:.1f}" y="{y(s["q3_ms"]):.1f}" width="12" '
                   f'height="{max(y(s["q1_ms"]) - y(s["q3_ms"]), 1):.1f}" fill="white" stroke="black"/>')
        out.append(f'<text x="{cx + bw / 2 + 6:.1f}" y="{y(s["median_ms"]) + 4:.1f}" '
                   f'font-weight="bold">{s["median_ms"]:.0f} ms</text>')
        out.append(f'<text x="{cx:.1f}" y="{bottom + 20}" text-anchor="middle" font-weight="bold">{esc(name)}</text>')
    out.append(f'<line x1="{left}" y1="{bottom}" x2="{width - right}" y2="{bottom}" stroke="black"/>')
    cost = data.get("build_cost") or {}
    lines = []
    if "pgo_build" in cost:
        lines.append(f'PGO build: SDK {fmt_s(cost["pgo_build"]["sdk_s"])} vs by hand {fmt_s(cost["pgo_build"]["baseline_s"])} '
                     f'({cost["pgo_build"]["ratio"]:.3f}x)')
    if "noop" in cost:
        line = (f'no-op rebuild: SDK {fmt_s(cost["noop"]["sdk_s"])} vs without the SDK {fmt_s(cost["noop"]["baseline_s"])} '
                f'({cost["noop"]["ratio"]:.3f}x)')
        if "noop_package_reference" in cost:
            line += f'; as a PackageReference {cost["noop_package_reference"]["ratio"]:.3f}x'
        if "noop_empty_sdk" in cost:
            line += f'; an empty SDK {cost["noop_empty_sdk"]["ratio"]:.3f}x'
        lines.append(line)
    if "pgo_noop_vs_noop" in cost:
        lines.append(f'no-op PGO rebuild {fmt_s(cost["pgo_noop_vs_noop"]["sdk_s"])} vs no-op plain rebuild '
                     f'{fmt_s(cost["pgo_noop_vs_noop"]["baseline_s"])} ({cost["pgo_noop_vs_noop"]["ratio"]:.3f}x)')
    for i, line in enumerate(lines):
        out.append(f'<text x="{width / 2}" y="{bottom + 50 + 20 * i}" text-anchor="middle" fill="#333">{esc(line)}</text>')
    m = data["machine"]
    out.append(f'<text x="{width / 2}" y="{bottom + 50 + 20 * len(lines) + 12}" text-anchor="middle" fill="#777" font-size="11">'
               f'{esc(m["cpu_model"])}, {m["cores"]} cores; {esc(data.get("date", ""))}</text>')
    out.append("</svg>")
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("\n".join(out) + "\n")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--release", type=Path, help="app folder of the plain release build")
    ap.add_argument("--pgo", type=Path, help="app folder of the PGO build")
    ap.add_argument("--aot-release", type=Path, help="publish folder of the plain Native AOT build")
    ap.add_argument("--aot-pgo", type=Path, help="publish folder of the PGO Native AOT build")
    ap.add_argument("--pgo-nolto", type=Path, help="app folder of the PGO build with RustPgoLto=off")
    ap.add_argument("--pgo-field", type=Path, help="app folder of the PGO build from field profiles (RustPgoProfdata)")
    ap.add_argument("--aot-pgo-nolto", type=Path, help="publish folder of the PGO Native AOT build with RustPgoLto=off")
    ap.add_argument("--rounds", type=int, default=15, help="measured runs per build (>= 7)")
    ap.add_argument("--iterations", type=int, default=10, help="bench iterations per run")
    ap.add_argument("--build-times", type=Path, help="JSON file with the build times and build_cost of build.sh")
    ap.add_argument("--out", type=Path, default=REPO / "artifacts/bench/sample.json")
    ap.add_argument("--svg", type=Path, default=REPO / "docs/benchmark.svg")
    ap.add_argument("--svg-only", action="store_true", help="only redraw the SVG from --out")
    args = ap.parse_args()

    if args.svg_only:
        write_svg(json.loads(args.out.read_text()), args.svg)
        print(f"wrote {args.svg}")
        return
    if not args.release or not args.pgo:
        ap.error("--release and --pgo are required")
    if bool(args.aot_release) != bool(args.aot_pgo):
        ap.error("--aot-release and --aot-pgo go together")
    if args.rounds < 7:
        ap.error("--rounds must be at least 7")

    folders = {"release": args.release, "pgo_nolto": args.pgo_nolto, "pgo": args.pgo, "pgo_field": args.pgo_field,
               "aot_release": args.aot_release, "aot_pgo_nolto": args.aot_pgo_nolto, "aot_pgo": args.aot_pgo}
    apps = {key: app_command(folder) for key, folder in folders.items() if folder}
    for name, command in apps.items():  # warm-up: disk cache, JIT of the host, CPU clocks
        print(f"warm-up {name}: bench_ms={run_bench(command, args.iterations)['bench_ms']}", flush=True)

    results = {name: [] for name in apps}
    names = list(apps)
    for round_no in range(args.rounds):
        # rotate the order too, so no build always runs first
        order = names[round_no % len(names):] + names[:round_no % len(names)]
        for name in order:
            results[name].append(run_bench(apps[name], args.iterations))
        print(f"round {round_no + 1}/{args.rounds}: " + " ".join(f"{n}={results[n][-1]['bench_ms']:.1f} ms" for n in names), flush=True)

    checksums = {r["checksum"] for rs in results.values() for r in rs}
    if len(checksums) != 1:
        sys.exit(f"bench.py: the builds computed different checksums: {sorted(checksums)}")

    summaries = {name: summarize([r["bench_ms"] for r in rs]) for name, rs in results.items()}
    # A speedup is the median of the per-round ratios: each round runs every build once, back to back, so
    # a ratio within a round cancels what the machine's speed does over the run (shared hosts drift).
    def paired(baseline, variant, value=lambda r: r["bench_ms"]):
        return [value(b) / value(v) for b, v in zip(results[baseline], results[variant])]

    programs = {}
    for name in results["release"][0]["programs"]:
        rel = statistics.median(r["programs"][name] for r in results["release"])
        opt = statistics.median(r["programs"][name] for r in results["pgo"])
        programs[name] = {"release_ms": rel, "pgo_ms": opt,
                          "speedup": statistics.median(paired("release", "pgo", lambda r: r["programs"][name]))}

    data = {name + "_ms": summary["median_ms"] for name, summary in summaries.items()}
    for key, variant, baseline in SPEEDUPS:
        if variant in summaries and baseline in summaries:
            ratios = paired(baseline, variant)
            data[key] = statistics.median(ratios)
            data[key + "_range"] = [min(ratios), max(ratios)]
    if args.build_times:
        data.update(json.loads(args.build_times.read_text()))
    data.update(summaries)
    data.update({
        "programs": programs,
        "checksum": checksums.pop(),
        "rounds": args.rounds,
        "iterations": args.iterations,
        "machine": {"cores": os.cpu_count(), "cpu_model": cpu_model(), "os": platform.platform()},
        "date": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()),
    })
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(data, indent=2) + "\n")
    write_svg(data, args.svg)
    print_table(data)
    print(f"\nwrote {args.out} and {args.svg}")


if __name__ == "__main__":
    main()
