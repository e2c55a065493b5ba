"""`make bench` section: build time, ours beside the plain Material build, run alternately."""
from __future__ import annotations

import statistics

from supportkit.bench.common import BUILD_TARGET_RATIO, Bench, heading, table


def section_build(bench: Bench) -> None:
    runs = bench.args.runs
    heading(f"Build time ({runs} runs each, alternating ours / plain)")
    times: dict[str, list[float]] = {"ours": [], "plain": []}
    for _ in range(runs):
        for b in (bench.ours, bench.plain):
            times[b.name].append(b.run())
    bench.built = True
    med = {k: statistics.median(v) for k, v in times.items()}
    rows = [[name, f"{med[name]:.2f} s", f"{min(v):.2f} s", f"{max(v):.2f} s",
             " ".join(f"{t:.2f}" for t in v)] for name, v in times.items()]
    table(["build", "median", "min", "max", "runs (s)"], rows, "lrrrl")
    r = med["ours"] / med["plain"]
    print()
    print(f"ratio ours/plain (median): {r:.2f}x   target: at most {BUILD_TARGET_RATIO}x"
          f"   -> {'met' if r <= BUILD_TARGET_RATIO else 'NOT met'}")
    print("ours:  " + " ".join(bench.ours.cmd[1:]))
    print("plain: " + " ".join(bench.plain.cmd[1:]))


