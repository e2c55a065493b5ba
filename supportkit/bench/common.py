"""What the bench's sections share: where things are, the two builds (ours and
a plain mkdocs-material build of the same Markdown), a static server, and
tables. Imported by the sections; imports none of them."""
from __future__ import annotations

import argparse
import functools
import http.server
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from supportkit import ROOT

BENCH = ROOT / ".bench"
PLAIN_CONFIG = BENCH / "plain.yml"
OURS_SITE = BENCH / "ours"
PLAIN_SITE = BENCH / "plain-site"
BILINGUAL_SITE = BENCH / "bilingual"
BILINGUAL_CONFIG = ROOT / "examples" / "cyngor-sir-enghraifft.yml"     # Welsh and English
CHROMIUM = "/usr/bin/chromium"
LOCAL_HOST = "127.0.0.1"
COPIED_KEYS = ("markdown_extensions", "nav", "extra", "exclude_docs")
BUILD_TARGET_RATIO = 1.5
HOME_TARGET_GZIP = 60 * 1024          # 61440 bytes


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
        raise RuntimeError(f"bench: the {self.name} build fails; command: {' '.join(self.cmd)}")


def write_plain_config() -> None:
    source = yaml.load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"), Loader=_TolerantLoader)
    cfg = {
        "site_name": source["site_name"],
        "docs_dir": str((ROOT / source.get("docs_dir", "docs")).resolve()),
        "site_dir": str(PLAIN_SITE),
        "theme": {"name": "material", "font": False},
        # the kit's plugin renders the pages' macros ({{ phone(...) }}) and nothing else
        # here: no custom_dir, so none of the kit's templates, styles or scripts are used
        "plugins": ["search", "supportkit"],
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
    bilingual: Build = field(init=False)
    built: bool = False

    def __post_init__(self):
        self.ours = Build("ours", [python(), "-m", "supportkit", "site", "--config", self.args.config,
                                   "--out", str(OURS_SITE)], OURS_SITE)
        self.bilingual = Build("bilingual", [python(), "-m", "supportkit", "site", "--config",
                                             str(BILINGUAL_CONFIG), "--out", str(BILINGUAL_SITE)], BILINGUAL_SITE)
        self.plain = Build("plain", [python(), "-m", "mkdocs", "build", "-q", "-f", str(PLAIN_CONFIG)],
                           PLAIN_SITE)

    def ensure_built(self) -> None:
        """Both sites exist and were built in this run."""
        if not self.built:
            self.ours.run()
            self.plain.run()
            self.built = True



# --------------------------------------------------------------------------- a static server

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


