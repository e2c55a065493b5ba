"""`make bench` section: how long `make leaflets` takes (no plain counterpart, so no ratio)."""
from __future__ import annotations

import shutil
import statistics

from supportkit.bench.common import BENCH, Bench, Build, heading, python, table

LEAFLETS_OUT = BENCH / "leaflets"
LEAFLET_RUNS = 3                      # each run renders every PDF: a few runs are enough


def section_leaflets(bench: Bench) -> None:
    runs = min(bench.args.runs, LEAFLET_RUNS)
    run = Build("leaflets", [python(), "-m", "supportkit", "leaflets", "--config", bench.args.config,
                             "--out", str(LEAFLETS_OUT)], LEAFLETS_OUT)
    heading(f"Leaflets: make leaflets ({runs} run{'s' * (runs != 1)}: build the web edition, render every PDF)")
    times = [run.run() for _ in range(runs)]
    pdfs = sorted(LEAFLETS_OUT.glob("*.pdf"))
    table(["command", "median", "min", "max", "runs (s)", "PDFs"],
          [["leaflets", f"{statistics.median(times):.2f} s", f"{min(times):.2f} s", f"{max(times):.2f} s",
            " ".join(f"{t:.2f}" for t in times), str(len(pdfs))]], "lrrrlr")
    print(f"per PDF (median / {len(pdfs)}): {statistics.median(times) / max(len(pdfs), 1):.2f} s")
    print("leaflets: " + " ".join(run.cmd[1:]))
    if not bench.args.keep:
        shutil.rmtree(LEAFLETS_OUT, ignore_errors=True)


