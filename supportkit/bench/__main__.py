"""Benchmark the kit against a plain mkdocs-material build of the same Markdown.

    python -m supportkit.bench [--config FILE] [--runs N] [--only SECTION] [--keep]

Run from anywhere; everything happens in the repository root and under .bench/
(gitignored). Each section prints its figures next to the plain build's figures
from the same run, with the ratio and the target. Timings are never asserted:
the bench reports, it does not fail on a slow machine.

Sections, in order (each one alone with --only NAME):
  build   median build time of ours, of the plain build and of the bilingual
          (Welsh and English) example, run alternately
  weight  bytes a first visit downloads, page by page, in Chromium: every web
          edition (the one measured, the example organisation, the bilingual
          example in both languages) beside its plain build where there is
          one, from a server that sends our .gz copies (else gzip -6); target
          14 KB a page; and the kiosk's bytes read from disk
  later-page  bytes of a later page of the same visit (home page first, HTTP
          cache on), every page of every web edition; target 8 KB
  round-trips  round trips on the critical path of a first visit (initial
          window 10 x 1,460 bytes, slow start; wire.py has the model), ours
          and plain, computed from the built files
  slow-network  on 400 kbit/s with 400 ms round trips (Chromium's DevTools
          throttling, median of 3): when the quick exit and the 999 line are
          painted, ours and plain; home page, checklist and longest page
  lighthouse  Lighthouse (node_modules, pinned), mobile: the four category
          scores, FCP, LCP, TBT, CLS, Speed Index and the audits below 100, on
          the home page and the longest page, median of 3; target 100 x 4
  quick-exit  quick-exit latency beside GOV.UK Frontend's Exit this page
  leaflets  median time of `make leaflets` (build the web edition, render every
          leaflet PDF); no plain counterpart, so no ratio

The plain build uses the same docs/, nav, extra, exclude_docs and
markdown_extensions as the edition's configuration (INHERIT resolved), with
theme material (font: false, so no fonts are fetched from another host), the
search plugin and the kit's Markdown extension (the macros), and no custom_dir
or extra_css. The bilingual
example has no plain counterpart. Every browser the bench starts can resolve
no host but 127.0.0.1.
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
