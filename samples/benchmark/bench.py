#!/usr/bin/env python3
"""Release vs PGO benchmark of the BytecodeVm sample (python3 stdlib only).

Runs `dotnet <app>.dll bench --iterations N` alternately from two app folders
(a plain release build and a PGO build), each run in a fresh process, with
one discarded warm-up run per folder. Reports medians and spread, writes
artifacts/bench/sample.json and an SVG bar chart (docs/benchmark.svg).

    bench.py --release artifacts/sample/release --pgo artifacts/sample/pgo \
             [--rounds 9] [--iterations 10] \
             [--build-times times.json] [--pgo-build-s S] [--manual-build-s S] \
             [--noop-build-s S] [--plain-noop-build-s S]
    bench.py --svg-only      # redraw docs/benchmark.svg from sample.json

`bench_ms` printed by the app times only the calls into Rust (Stopwatch in
process, after an untimed warm-up pass), so .NET start-up is not measured.
"""

import argparse
import json
import os
import platform
import re
import statistics
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
BUILD_TIME_KEYS = ("pgo_build_s", "release_build_s", "manual_build_s", "noop_build_s", "plain_noop_build_s")


def find_app_dll(folder: Path) -> Path:
    """The app's entry assembly: the .dll next to its .runtimeconfig.json."""
    configs = sorted(folder.glob("*.runtimeconfig.json"))
    if len(configs) != 1:
        sys.exit(f"bench.py: expected one *.runtimeconfig.json in {folder}, found {len(configs)}")
    dll = folder / configs[0].name.replace(".runtimeconfig.json", ".dll")
    if not dll.is_file():
        sys.exit(f"bench.py: {dll} not found")
    return dll


def run_bench(dll: Path, iterations: int) -> dict:
    """One fresh `dotnet app.dll bench` process; returns its parsed result line."""
    cmd = ["dotnet", str(dll), "bench", "--iterations", str(iterations)]
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


def print_table(data: dict) -> None:
    r, p = data["release"], data["pgo"]
    print()
    print(f"BytecodeVm bench: {data['rounds']} rounds x {data['iterations']} iterations, "
          f"{data['machine']['cores']} cores, {data['machine']['cpu_model']}")
    print(f"{'build':<10}{'median ms':>12}{'min':>10}{'max':>10}{'q1':>10}{'q3':>10}")
    for name, s in (("release", r), ("pgo", p)):
        print(f"{name:<10}{s['median_ms']:>12.1f}{s['min_ms']:>10.1f}{s['max_ms']:>10.1f}"
              f"{s['q1_ms']:>10.1f}{s['q3_ms']:>10.1f}")
    print(f"speedup (release / pgo median): {data['speedup']:.3f}x")
    if data.get("programs"):
        print("per program (median ms, release -> pgo):")
        for name, v in data["programs"].items():
            print(f"  {name:<10}{v['release_ms']:>9.1f} -> {v['pgo_ms']:>8.1f}   {v['speedup']:.3f}x")
    print("build times:")
    print(f"  PGO build (SDK, clean obj/)      {fmt_s(data['pgo_build_s'])}")
    print(f"  release build (SDK, clean obj/)  {fmt_s(data.get('release_build_s'))}")
    print(f"  manual PGO (manual-pgo.sh)       {fmt_s(data['manual_build_s'])}")
    print(f"  no-op rebuild, SDK sample        {fmt_s(data['noop_build_s'])}")
    print(f"  no-op rebuild, plain app         {fmt_s(data['plain_noop_build_s'])}")


def esc(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def write_svg(data: dict, path: Path) -> None:
    """Two bars (release, PGO median bench time) with min-max whiskers and an
    IQR box, plus the speedup and build times as text. Plain SVG text."""
    width, height = 640, 400
    left, right, top, bottom = 80, 40, 70, 300
    bars = [("release", data["release"], "#8c96a5"), ("PGO", data["pgo"], "#d9622b")]
    top_ms = max(s["max_ms"] for _, s, _ in bars) * 1.15
    step = 1.0  # axis tick: 1, 2 or 5 times a power of ten, at most 8 ticks
    while top_ms / step > 8:
        step *= 2.5 if str(step)[0] == "2" else 2

    def y(ms):
        return bottom - (bottom - top) * ms / top_ms

    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" font-family="sans-serif" font-size="13">',
        '<rect width="100%" height="100%" fill="white"/>',
        f'<text x="{width / 2}" y="28" text-anchor="middle" font-size="17" font-weight="bold">'
        f'BytecodeVm bench: release vs PGO ({data["speedup"]:.2f}x faster)</text>',
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
        # whisker min..max, IQR box
        out.append(f'<line x1="{cx:.1f}" y1="{y(s["min_ms"]):.1f}" x2="{cx:.1f}" y2="{y(s["max_ms"]):.1f}" '
                   f'stroke="black" stroke-width="1.5"/>')
        for v in (s["min_ms"], s["max_ms"]):
            out.append(f'<line x1="{cx - 10:.1f}" y1="{y(v):.1f}" x2="{cx + 10:.1f}" y2="{y(v):.1f}" '
                       f'stroke="black" stroke-width="1.5"/>')
        out.append(f'<rect x="{cx - 6:.1f}" y="{y(s["q3_ms"]):.1f}" width="12" '
                   f'height="{max(y(s["q1_ms"]) - y(s["q3_ms"]), 1):.1f}" fill="white" stroke="black"/>')
        out.append(f'<text x="{cx + bw / 2 + 6:.1f}" y="{y(s["median_ms"]) + 4:.1f}" '
                   f'font-weight="bold">{s["median_ms"]:.0f} ms</text>')
        out.append(f'<text x="{cx:.1f}" y="{bottom + 20}" text-anchor="middle" font-weight="bold">{name}</text>')
    out.append(f'<line x1="{left}" y1="{bottom}" x2="{width - right}" y2="{bottom}" stroke="black"/>')
    m = data["machine"]
    builds = (f'build: PGO (SDK) {fmt_s(data["pgo_build_s"])}, manual PGO {fmt_s(data["manual_build_s"])}; '
              f'no-op rebuild: SDK {fmt_s(data["noop_build_s"])}, plain {fmt_s(data["plain_noop_build_s"])}')
    out.append(f'<text x="{width / 2}" y="{bottom + 50}" text-anchor="middle" fill="#333">{esc(builds)}</text>')
    out.append(f'<text x="{width / 2}" y="{bottom + 72}" text-anchor="middle" fill="#777" font-size="11">'
               f'{esc(m["cpu_model"])}, {m["cores"]} cores; {esc(data.get("date", ""))}</text>')
    out.append("</svg>")
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("\n".join(out) + "\n")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--release", type=Path, help="app folder of the plain release build")
    ap.add_argument("--pgo", type=Path, help="app folder of the PGO build")
    ap.add_argument("--rounds", type=int, default=9, help="measured runs per build (>= 7)")
    ap.add_argument("--iterations", type=int, default=10, help="bench iterations per run")
    ap.add_argument("--build-times", type=Path, help="JSON file with any of " + ", ".join(BUILD_TIME_KEYS))
    for key in BUILD_TIME_KEYS:
        ap.add_argument("--" + key.replace("_", "-"), type=float, dest=key)
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
    if args.rounds < 7:
        ap.error("--rounds must be at least 7")

    times = {key: None for key in BUILD_TIME_KEYS}
    if args.build_times:
        loaded = json.loads(args.build_times.read_text())
        times.update({k: float(loaded[k]) for k in BUILD_TIME_KEYS if loaded.get(k) is not None})
    times.update({k: getattr(args, k) for k in BUILD_TIME_KEYS if getattr(args, k) is not None})

    apps = {"release": find_app_dll(args.release), "pgo": find_app_dll(args.pgo)}
    for name, dll in apps.items():  # warm-up: disk cache, JIT of the host, CPU clocks
        print(f"warm-up {name}: bench_ms={run_bench(dll, args.iterations)['bench_ms']}", flush=True)

    results = {"release": [], "pgo": []}
    for round_no in range(args.rounds):
        # alternate the order too, so neither build always runs first
        order = ("release", "pgo") if round_no % 2 == 0 else ("pgo", "release")
        for name in order:
            results[name].append(run_bench(apps[name], args.iterations))
        print(f"round {round_no + 1}/{args.rounds}: release={results['release'][-1]['bench_ms']:.1f} ms "
              f"pgo={results['pgo'][-1]['bench_ms']:.1f} ms", flush=True)

    checksums = {r["checksum"] for rs in results.values() for r in rs}
    if len(checksums) != 1:
        sys.exit(f"bench.py: release and PGO builds computed different checksums: {sorted(checksums)}")

    release = summarize([r["bench_ms"] for r in results["release"]])
    pgo = summarize([r["bench_ms"] for r in results["pgo"]])
    programs = {}
    for name in results["release"][0]["programs"]:
        rel = statistics.median(r["programs"][name] for r in results["release"])
        opt = statistics.median(r["programs"][name] for r in results["pgo"])
        programs[name] = {"release_ms": rel, "pgo_ms": opt, "speedup": rel / opt}

    data = {
        "release_ms": release["median_ms"],
        "pgo_ms": pgo["median_ms"],
        "speedup": release["median_ms"] / pgo["median_ms"],
        **times,
        "release": release,
        "pgo": pgo,
        "programs": programs,
        "checksum": checksums.pop(),
        "rounds": args.rounds,
        "iterations": args.iterations,
        "machine": {"cores": os.cpu_count(), "cpu_model": cpu_model(), "os": platform.platform()},
        "date": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()),
    }
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(data, indent=2) + "\n")
    write_svg(data, args.svg)
    print_table(data)
    print(f"\nwrote {args.out} and {args.svg}")


if __name__ == "__main__":
    main()
