"""What the bench's sections share: where things are, the builds (ours and a
plain mkdocs-material build of the same Markdown, for the edition measured and
the example organisation; the bilingual example; the kiosk), static servers,
Chromium's launch, and tables. Imported by the sections; imports none of them
(the static server they measure with is server.py)."""
from __future__ import annotations

import argparse
import re
import subprocess
import sys
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
EXAMPLE_CONFIG = ROOT / "examples" / "northshire-police.yml"            # an organisation's, in English
EXAMPLE_SITE = BENCH / "example"
EXAMPLE_PLAIN_CONFIG = BENCH / "example-plain.yml"
EXAMPLE_PLAIN_SITE = BENCH / "example-plain-site"
KIOSK_DIST = BENCH / "kiosk"                                             # the kiosk folder is KIOSK_DIST/kiosk
BUILT = (OURS_SITE, PLAIN_SITE, BILINGUAL_SITE, EXAMPLE_SITE, EXAMPLE_PLAIN_SITE, KIOSK_DIST)
CHROMIUM = "/usr/bin/chromium"
LOCAL_HOST = "127.0.0.1"
# Belt and braces: no host but 127.0.0.1 resolves, so nothing leaves the machine.
HOST_RULES = f"--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE {LOCAL_HOST}"
BROWSER_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", HOST_RULES]
COPIED_KEYS = ("markdown_extensions", "nav", "extra", "exclude_docs")
BUILD_TARGET_RATIO = 1.5
HOME_TARGET_GZIP = 60 * 1024          # 61440 bytes
# Files a typical server compresses on the fly (text), as precompress.py's and a little more.
COMPRESSIBLE = (".html", ".css", ".js", ".svg", ".xml", ".json", ".txt", ".map", ".ico")


def python() -> str:
    venv = ROOT / ".venv" / "bin" / "python"
    return str(venv) if venv.exists() else sys.executable


# --------------------------------------------------------------------------- helpers

def kb(n: float | None) -> str:
    return "-" if n is None else f"{n / 1024:.1f} KB"


def nbytes(n: int | None) -> str:
    return "-" if n is None else f"{n:,}"


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


def _merged(parent, child):
    """MkDocs' INHERIT: mappings merge key by key, anything else in the child replaces the parent's."""
    if isinstance(parent, dict) and isinstance(child, dict):
        out = dict(parent)
        for k, v in child.items():
            out[k] = _merged(parent.get(k), v) if k in parent else v
        return out
    return child


def load_config(path: Path) -> dict:
    """A MkDocs configuration file, with INHERIT resolved (unknown tags read as plain values)."""
    cfg = yaml.load(path.read_text(encoding="utf-8"), Loader=_TolerantLoader) or {}
    parent = cfg.pop("INHERIT", None)
    return _merged(load_config((path.parent / parent).resolve()), cfg) if parent else cfg


def write_plain_config(config: Path = ROOT / "mkdocs.yml", out: Path = PLAIN_CONFIG,
                       site: Path = PLAIN_SITE) -> None:
    """A plain mkdocs-material configuration over the same Markdown as `config`."""
    source = load_config(Path(config) if Path(config).is_absolute() else ROOT / config)
    cfg = {
        "site_name": (source["site_name"] if isinstance(source["site_name"], str)
                      else next(iter(source["site_name"].values()))),    # a bilingual edition's first
        "docs_dir": str((ROOT / source.get("docs_dir", "docs")).resolve()),
        "site_dir": str(site),
        "theme": {"name": "material", "font": False},
        "plugins": ["search"],
    }
    for key in COPIED_KEYS:
        if key in source:
            cfg[key] = source[key]
    # The kit's Markdown extension renders the pages' macros ({{ phone(...) }}), loading the
    # edition itself, and nothing else here: no custom_dir, so none of the kit's templates,
    # styles or scripts are used (nor its plugin, which only serves a build the kit started).
    config_file = Path(config) if Path(config).is_absolute() else ROOT / config
    cfg["markdown_extensions"] = [*(cfg.get("markdown_extensions") or []),
                                  {"supportkit.render.markdown": {"config": str(config_file), "kind": "web"}}]
    cfg["exclude_docs"] = "\n".join([*(cfg.get("exclude_docs") or "").split(), "nations/"])
    BENCH.mkdir(exist_ok=True)
    out.write_text(
        f"# Written by supportkit/bench: plain mkdocs-material over the same Markdown as {config}.\n"
        + yaml.safe_dump(cfg, sort_keys=False, allow_unicode=True), encoding="utf-8")


@dataclass
class Edition:
    """A web edition to measure, with its plain counterpart when there is one."""
    label: str
    ours: Build
    plain: Build | None


@dataclass
class Bench:
    args: argparse.Namespace
    ours: Build = field(init=False)
    plain: Build = field(init=False)
    bilingual: Build = field(init=False)
    done: set = field(default_factory=set)       # names of the builds made in this run

    def __post_init__(self):
        py = python()
        self.ours = Build("ours", [py, "-m", "supportkit", "site", "--config", self.args.config,
                                   "--out", str(OURS_SITE)], OURS_SITE)
        self.bilingual = Build("bilingual", [py, "-m", "supportkit", "site", "--config",
                                             str(BILINGUAL_CONFIG), "--out", str(BILINGUAL_SITE)], BILINGUAL_SITE)
        self.plain = Build("plain", [py, "-m", "mkdocs", "build", "-q", "-f", str(PLAIN_CONFIG)], PLAIN_SITE)
        self.example = Build("example", [py, "-m", "supportkit", "site", "--config", str(EXAMPLE_CONFIG),
                                         "--out", str(EXAMPLE_SITE)], EXAMPLE_SITE)
        self.example_plain = Build("example plain", [py, "-m", "mkdocs", "build", "-q", "-f",
                                                     str(EXAMPLE_PLAIN_CONFIG)], EXAMPLE_PLAIN_SITE)
        self.kiosk = Build("kiosk", [py, "-m", "supportkit", "kiosk", "--config", self.args.config,
                                     "--dist", str(KIOSK_DIST)], KIOSK_DIST / "kiosk")

    def ensure(self, *builds: Build) -> None:
        """Each build exists and was made in this run."""
        for b in builds:
            if b.name not in self.done:
                if b is self.example_plain:
                    write_plain_config(EXAMPLE_CONFIG, EXAMPLE_PLAIN_CONFIG, EXAMPLE_PLAIN_SITE)
                b.run()
                self.done.add(b.name)

    def ensure_built(self) -> None:
        """Ours and the plain build exist and were built in this run."""
        self.ensure(self.ours, self.plain)

    def editions(self, example: bool = True) -> list[Edition]:
        """The web editions, built: the one measured (--config) and the example organisation, each
        with its plain build, and the bilingual example (no plain counterpart)."""
        eds = [Edition(f"{self.args.config}", self.ours, self.plain)]
        if example and Path(self.args.config).resolve() != EXAMPLE_CONFIG.resolve():
            eds.append(Edition(str(EXAMPLE_CONFIG.relative_to(ROOT)), self.example, self.example_plain))
        if Path(self.args.config).resolve() != BILINGUAL_CONFIG.resolve():
            eds.append(Edition(str(BILINGUAL_CONFIG.relative_to(ROOT)) + " (Welsh at /, English at /en/)",
                               self.bilingual, None))
        for e in eds:
            self.ensure(*[b for b in (e.ours, e.plain) if b])
        return eds


def language_of(site: Path, rel: str) -> str:
    """The language folder a page is in (en for en/about/index.html: it has its own 404.html), or ''."""
    first = rel.split("/")[0]
    return first if "/" in rel and (site / first / "404.html").is_file() else ""


def pages_of(site: Path) -> list[str]:
    """Relative paths of every index.html (404.html is not one): the home page, then the rest;
    a language's folder (en/) after, in the same order."""
    def key(rel: str):
        lang = language_of(site, rel)
        return lang, rel != (f"{lang}/index.html" if lang else "index.html"), rel

    return sorted((p.relative_to(site).as_posix() for p in site.rglob("index.html")), key=key)


def _article_words(page: Path) -> int:
    html = page.read_text(encoding="utf-8")
    start, end = html.find("<article"), html.find("</article>")
    return len(re.sub(r"<[^>]+>", " ", html[start:end] if start >= 0 else html).split())


def longest_page(site: Path) -> str:
    """The page of the first language with the most words in its <article> (the law page, today)."""
    pages = [r for r in pages_of(site) if not language_of(site, r)]
    return max(pages, key=lambda r: (_article_words(site / r), r))


def checklist_page(site: Path) -> str | None:
    """The first language's page with the risk checklist on it."""
    return next((r for r in pages_of(site) if not language_of(site, r)
                 and 'class="kit-checklist' in (site / r).read_text(encoding="utf-8")), None)


def url_path(rel: str) -> str:
    """/the-law/ for the-law/index.html."""
    return "/" + rel[: -len("index.html")] if rel.endswith("index.html") else "/" + rel


def launch(playwright, args: list[str] | None = None):
    """Debian's Chromium, headless, that can reach nothing but 127.0.0.1."""
    return playwright.chromium.launch(executable_path=CHROMIUM, args=args or BROWSER_ARGS)
