"""Benchmark the kit against a plain mkdocs-material build of the same Markdown.

    python -m supportkit.bench [--config FILE] [--runs N] [--only SECTION] [--keep]

Run from anywhere; everything happens in the repository root and under .bench/
(gitignored). Each section prints its figures next to the plain build's figures
from the same run, with the ratio and the target. Timings are never asserted:
the bench reports, it does not fail on a slow machine.

Sections, in order:
  build   median build time of ours, of the plain build and of the bilingual
          (Welsh and English) example, run alternately
  weight  bytes and requests a first visit downloads, page by page, in Chromium
  quick-exit  quick-exit latency beside GOV.UK Frontend's Exit this page (scripts/bench_quick_exit.py)
  leaflets  median time of `make leaflets` (build the web edition, render every
          leaflet PDF); no plain counterpart, so no ratio

The plain build uses the same docs/, nav, extra, exclude_docs and
markdown_extensions as mkdocs.yml, with theme material (font: false, so no
fonts are fetched from another host), the search and macros plugins, and no
custom_dir or extra_css.
"""
from __future__ import annotations

import argparse
import shutil
import sys

from supportkit import ROOT
from supportkit.bench.build_time import section_build
from supportkit.bench.common import BUILT, PLAIN_CONFIG, Bench, write_plain_config
from supportkit.bench.later_page import section_later_page
from supportkit.bench.leaflets import section_leaflets
from supportkit.bench.lighthouse import section_lighthouse
from supportkit.bench.quick_exit import section_quick_exit
from supportkit.bench.round_trips import section_round_trips
from supportkit.bench.slow_network import section_slow_network
from supportkit.bench.weight import section_weight

SECTIONS = {
    "build": section_build,
    "weight": section_weight,
    "later-page": section_later_page,
    "round-trips": section_round_trips,
    "slow-network": section_slow_network,
    "lighthouse": section_lighthouse,
    "quick-exit": section_quick_exit,
    "leaflets": section_leaflets,
}


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m supportkit.bench", description=__doc__,
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--config", default="mkdocs.yml", help="the edition to measure (default mkdocs.yml)")
    p.add_argument("--runs", type=int, default=5, help="builds of each kind in the build section (default 5)")
    p.add_argument("--only", choices=list(SECTIONS), help="run one section")
    p.add_argument("--keep", action="store_true", help="keep the built sites under .bench/")
    args = p.parse_args(argv)
    if args.runs < 1:
        p.error("--runs must be at least 1")

    write_plain_config(args.config)
    bench = Bench(args)
    print(f"bench: {ROOT}  edition {args.config}  (python {sys.version.split()[0]}, "
          f"plain config {PLAIN_CONFIG.relative_to(ROOT)})")
    try:
        for name, section in SECTIONS.items():
            if args.only in (None, name):
                section(bench)
    finally:
        if not args.keep:
            for site in BUILT:
                shutil.rmtree(site, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
