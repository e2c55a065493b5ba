"""Benchmark the kit against a plain mkdocs-material build of the same Markdown.

    python scripts/bench.py [--runs N] [--only build|weight|leaflets] [--keep]

Run from anywhere; everything happens in the repository root and under .bench/
(gitignored). Each section prints its figures next to the plain build's figures
from the same run, with the ratio and the target. Timings are never asserted:
the bench reports, it does not fail on a slow machine.

Sections, in order:
  build   median build time of ours and of the plain build, run alternately
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
import functools
import gzip
import http.server
import shutil
import statistics
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlparse

import yaml

ROOT = Path(__file__).resolve().parents[1]
BENCH = ROOT / ".bench"
PLAIN_CONFIG = BENCH / "plain.yml"
OURS_SITE = BENCH / "ours"
PLAIN_SITE = BENCH / "plain-site"
CHROMIUM = "/usr/bin/chromium"
LOCAL_HOST = "127.0.0.1"

BUILD_TARGET_RATIO = 1.5
HOME_TARGET_GZIP = 60 * 1024          # 61440 bytes
COPIED_KEYS = ("markdown_extensions", "nav", "extra", "exclude_docs")


def python() -> str:
    venv = ROOT / ".venv" / "bin" / "python"
    return str(venv) if venv.exists() else sys.executable


# --------------------------------------------------------------------------- helpers

def kb(n: float | None) -> str:
    return "-" if n is None else f"{n / 1024:.1f} KB"


def ratio(a: float | None, b: float | None) -> str:
    return "-" if not a or not b else f"{a / b:.2f}x"


def heading(title: str) -> None:
    print()
    print(title)
    print("=" * len(title))


def table(headers: list[str], rows: list[list[str]], align: str | None = None) -> None:
    """Fixed-width table; align is one letter per column, l or r (default: first l, rest r)."""
    align = align or "l" + "r" * (len(headers) - 1)
    widths = [max(len(str(c)) for c in col) for col in zip(headers, *rows)]

    def line(cells):
        return "  ".join(str(c).ljust(w) if a == "l" else str(c).rjust(w)
                         for c, w, a in zip(cells, widths, align)).rstrip()

    print(line(headers))
    print("  ".join("-" * w for w in widths))
    for r in rows:
        print(line(r))


class _TolerantLoader(yaml.SafeLoader):
    """Safe loader that reads unknown tags (!ENV, !!python/name:...) as plain values."""


def _unknown_tag(loader, tag_suffix, node):
    if isinstance(node, yaml.ScalarNode):
        return loader.construct_scalar(node)
    if isinstance(node, yaml.SequenceNode):
        return loader.construct_sequence(node, deep=True)
    return loader.construct_mapping(node, deep=True)


_TolerantLoader.add_multi_constructor("!", _unknown_tag)
_TolerantLoader.add_multi_constructor("tag:", _unknown_tag)


# --------------------------------------------------------------------------- builds

@dataclass
class Build:
    name: str
    cmd: list[str]
    site: Path

    def run(self) -> float:
        """Run the build once; return its wall time in seconds. Retries once on failure
        (pages may be mid-edit); exits if it fails twice."""
        for attempt in (1, 2):
            t0 = time.perf_counter()
            proc = subprocess.run(self.cmd, cwd=ROOT, capture_output=True, text=True)
            elapsed = time.perf_counter() - t0
            if proc.returncode == 0:
                return elapsed
            tail = "\n".join((proc.stderr or proc.stdout).strip().splitlines()[-15:])
            print(f"  {self.name} build failed (attempt {attempt}, exit {proc.returncode}):\n{tail}",
                  file=sys.stderr)
            time.sleep(1)
        raise SystemExit(f"bench: the {self.name} build fails; command: {' '.join(self.cmd)}")


def write_plain_config() -> None:
    source = yaml.load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"), Loader=_TolerantLoader)
    cfg = {
        "site_name": source["site_name"],
        "docs_dir": str((ROOT / source.get("docs_dir", "docs")).resolve()),
        "site_dir": str(PLAIN_SITE),
        "theme": {"name": "material", "font": False},
        "plugins": ["search", {"macros": {"modules": ["kit.macros"]}}],
    }
    for key in COPIED_KEYS:
        if key in source:
            cfg[key] = source[key]
    BENCH.mkdir(exist_ok=True)
    PLAIN_CONFIG.write_text(
        "# Written by scripts/bench.py: plain mkdocs-material over the same Markdown.\n"
        + yaml.safe_dump(cfg, sort_keys=False, allow_unicode=True), encoding="utf-8")


@dataclass
class Bench:
    args: argparse.Namespace
    ours: Build = field(init=False)
    plain: Build = field(init=False)
    built: bool = False

    def __post_init__(self):
        self.ours = Build("ours", [python(), "scripts/build.py", "--config", "mkdocs.yml",
                                   "--edition", "web", "--out", str(OURS_SITE)], OURS_SITE)
        self.plain = Build("plain", [python(), "-m", "mkdocs", "build", "-q", "-f", str(PLAIN_CONFIG)],
                           PLAIN_SITE)

    def ensure_built(self) -> None:
        """Both sites exist and were built in this run."""
        if not self.built:
            self.ours.run()
            self.plain.run()
            self.built = True


# --------------------------------------------------------------------------- section: build

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


# --------------------------------------------------------------------------- section: weight

class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


class Server:
    """A static server for one built site on 127.0.0.1, random port, in a thread."""

    def __init__(self, directory: Path):
        handler = functools.partial(_QuietHandler, directory=str(directory))
        self.httpd = http.server.ThreadingHTTPServer((LOCAL_HOST, 0), handler)
        self.httpd.daemon_threads = True
        self.url = f"http://{LOCAL_HOST}:{self.httpd.server_address[1]}/"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.httpd.shutdown()
        self.httpd.server_close()
        self.thread.join(timeout=5)


@dataclass
class Visit:
    raw: int = 0
    gzip: int = 0
    requests: int = 0
    foreign: list[str] = field(default_factory=list)


def pages_of(site: Path) -> list[str]:
    """Relative paths of every index.html (404.html is not one), home page first."""
    rel = sorted(p.relative_to(site).as_posix() for p in site.rglob("index.html"))
    return sorted(rel, key=lambda r: (r != "index.html", r))


def first_visit(browser, url: str) -> Visit:
    """Load url in a new context (empty cache); sum every response body."""
    visit = Visit()
    responses = []
    context = browser.new_context(service_workers="block")

    def on_request(req):
        visit.requests += 1
        u = urlparse(req.url)
        if u.scheme in ("http", "https", "ws", "wss") and u.hostname != LOCAL_HOST:
            visit.foreign.append(req.url)

    context.on("request", on_request)
    context.on("response", lambda resp: responses.append(resp))
    try:
        page = context.new_page()
        page.goto(url, wait_until="networkidle")
        page.wait_for_timeout(500)
        for resp in responses:
            try:
                body = resp.body()
            except Exception:           # redirects and aborted requests have no body
                continue
            visit.raw += len(body)
            visit.gzip += len(gzip.compress(body, compresslevel=6))
    finally:
        context.close()
    return visit


def section_weight(bench: Bench) -> None:
    from playwright.sync_api import sync_playwright

    bench.ensure_built()
    heading("Page weight on first visit (new browser context per page, empty cache)")
    print("Bodies summed as served (raw) and gzip level 6 compressed in Python (gzip).")
    print("Plain build: theme material with font: false, so no fonts come from another host.")
    print()
    pages = pages_of(OURS_SITE)
    results: dict[str, tuple[Visit, Visit | None]] = {}
    foreign: list[tuple[str, str, str]] = []
    with Server(OURS_SITE) as ours_srv, Server(PLAIN_SITE) as plain_srv, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=[
            "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
            # Belt and braces: no host but 127.0.0.1 resolves, so nothing leaves the machine.
            f"--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE {LOCAL_HOST}"])
        try:
            for rel in pages:
                path = rel[: -len("index.html")]
                ours = first_visit(browser, ours_srv.url + path)
                plain = (first_visit(browser, plain_srv.url + path)
                         if (PLAIN_SITE / rel).exists() else None)
                results[rel] = (ours, plain)
                for name, v in (("ours", ours), ("plain", plain)):
                    foreign += [(name, "/" + path, u) for u in (v.foreign if v else [])]
        finally:
            browser.close()

    rows = []
    for rel, (o, pl) in results.items():
        rows.append(["/" + rel[: -len("index.html")], kb(o.raw), kb(o.gzip), str(o.requests),
                     kb(pl and pl.raw), kb(pl and pl.gzip), str(pl.requests) if pl else "-",
                     ratio(o.gzip, pl and pl.gzip)])
    tot_o = [sum(o.raw for o, _ in results.values()), sum(o.gzip for o, _ in results.values())]
    plains = [pl for _, pl in results.values() if pl]
    tot_p = [sum(pl.raw for pl in plains), sum(pl.gzip for pl in plains)]
    rows.append(["(all pages)", kb(tot_o[0]), kb(tot_o[1]),
                 str(sum(o.requests for o, _ in results.values())),
                 kb(tot_p[0]), kb(tot_p[1]), str(sum(pl.requests for pl in plains)),
                 ratio(tot_o[1], tot_p[1])])
    table(["page", "ours raw", "ours gzip", "req", "plain raw", "plain gzip", "req",
           "gzip ours/plain"], rows)

    if "index.html" in results:
        o, pl = results["index.html"]
        print()
        print("Home page, first visit:")
        table(["site", "raw", "gzip", "bytes gzip", "requests"],
              [["ours", kb(o.raw), kb(o.gzip), str(o.gzip), str(o.requests)],
               ["plain", kb(pl and pl.raw), kb(pl and pl.gzip), str(pl.gzip) if pl else "-",
                str(pl.requests) if pl else "-"]])
        print(f"ratio gzip ours/plain: {ratio(o.gzip, pl and pl.gzip)}")
        met = o.gzip <= HOME_TARGET_GZIP
        print(f"target: home page first visit at most 60 KB gzip ({HOME_TARGET_GZIP} bytes)"
              f"   -> {'met' if met else 'NOT met'} ({o.gzip} bytes)")

    print()
    if foreign:
        print(f"WARNING: {len(foreign)} request(s) to a host other than {LOCAL_HOST} (blocked):")
        for name, page, u in foreign:
            print(f"  {name:5}  {page}  {u}")
    else:
        print(f"Every request stayed on {LOCAL_HOST}.")


# --------------------------------------------------------------------------- section: leaflets

LEAFLETS_OUT = BENCH / "leaflets"
LEAFLET_RUNS = 3                      # each run renders every PDF: a few runs are enough


def section_leaflets(bench: Bench) -> None:
    runs = min(bench.args.runs, LEAFLET_RUNS)
    run = Build("leaflets", [python(), "scripts/leaflets.py", "--config", "mkdocs.yml",
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


# --------------------------------------------------------------------------- main

from bench_quick_exit import section_quick_exit  # noqa: E402  (needs the helpers above)

SECTIONS = {
    "build": section_build,
    "weight": section_weight,
    "quick-exit": section_quick_exit,
    "leaflets": section_leaflets,
}


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--runs", type=int, default=5, help="builds of each kind in the build section (default 5)")
    p.add_argument("--only", choices=list(SECTIONS), help="run one section")
    p.add_argument("--keep", action="store_true", help="keep the built sites under .bench/")
    args = p.parse_args(argv)
    if args.runs < 1:
        p.error("--runs must be at least 1")

    write_plain_config()
    bench = Bench(args)
    print(f"bench: {ROOT}  (python {sys.version.split()[0]}, plain config {PLAIN_CONFIG.relative_to(ROOT)})")
    try:
        for name, section in SECTIONS.items():
            if args.only in (None, name):
                section(bench)
    finally:
        if not args.keep:
            for site in (OURS_SITE, PLAIN_SITE):
                shutil.rmtree(site, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
