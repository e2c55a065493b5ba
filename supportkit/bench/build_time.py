"""`make bench` section: build time, ours beside the plain Material build, run
alternately, and the bilingual edition (the Welsh council's example, Welsh and
English: twice the pages) beside ours."""
from __future__ import annotations

import statistics

from supportkit.bench.common import BUILD_TARGET_RATIO, Bench, heading, table


def section_build(bench: Bench) -> None:
    runs = bench.args.runs
    heading(f"Build time ({runs} runs each, alternating ours / plain / bilingual)")
    print("Ours reads what its cache holds (.cache/: the CSS step's sheets, minified scripts, .gz copies, compiled\n"
          "templates, each by a hash of its inputs), as a council's next build does; a first build on a new machine\n"
          "fills it and takes longer. Plain MkDocs keeps nothing between builds.\n")
    builds = (bench.ours, bench.plain, bench.bilingual)
    times: dict[str, list[float]] = {b.name: [] for b in builds}
    for _ in range(runs):
        for b in builds:
            times[b.name].append(b.run())
    bench.done.update(b.name for b in builds)
    med = {k: statistics.median(v) for k, v in times.items()}
    rows = [[name, f"{med[name]:.2f} s", f"{min(v):.2f} s", f"{max(v):.2f} s",
             " ".join(f"{t:.2f}" for t in v)] for name, v in times.items()]
    table(["build", "median", "min", "max", "runs (s)"], rows, "lrrrl")
    r = med["ours"] / med["plain"]
    print()
    print(f"ratio ours/plain (median): {r:.2f}x   target: at most {BUILD_TARGET_RATIO}x"
          f"   -> {'met' if r <= BUILD_TARGET_RATIO else 'NOT met'}")
    print(f"ratio bilingual/ours (median): {med['bilingual'] / med['ours']:.2f}x "
          f"(two languages, {med['bilingual'] / 2:.2f} s a language)")
    for b in builds:
        print(f"{b.name + ':':11}" + " ".join(b.cmd[1:]))
