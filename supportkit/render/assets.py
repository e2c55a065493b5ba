"""The components' scripts and styles as the site serves them.

Each file is minified (scripts by Terser, node_modules/terser run by
supportkit/minify.mjs, which shortens the names inside each script; styles by
rcssmin), and its name carries a hash of its content
(checklist.3f2a9c1b.js), as Material does for its own files, so a council's
cache or CDN can keep them for a year and never serve an old script with new
markup. The scripts every page runs are one file, kit.<hash>.js (BUNDLES).
The page's stylesheet is one file made from the components' styles,
in the order below, then the organisation's brand colours (CSS variables
from extra.brand, supportkit/load/brand.py). The quick exit's script and the cover
it draws on exit are not files at all: they are inlined at the top of every
page (components/quick-exit/); its band's styles come first in the stylesheet.

Terser takes a moment to start, so the minified scripts are kept in
.cache/js/, by a hash of the script, minify.mjs and Terser's version, and
every script one build needs goes to it in one run.
"""
from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

import rcssmin

from supportkit import COMPONENTS
from supportkit.core import cache
from supportkit.core import node
from supportkit.core.cache import Cache

OUT = "assets/kit"                 # inside the built site
# Where pages load the shim from. The offline plugin adds its CDN copy only when
# no polyfill's address contains "iframe-worker", so this one must.
SHIM = "assets/javascripts/iframe-worker.js"   # the kiosk's search (supportkit/finish/kiosk.py copies it in)

# The site's stylesheet, per edition: components' styles in cascade order.
STYLESHEET = {
    "web": ("quick-exit/quick-exit.css", "page/page.css", "contacts/contacts.css", "opening-status/opening-status.css",
            "navigation/navigation.css", "language-switch/language-switch.css", "page/print.css"),
    "kiosk": ("quick-exit/quick-exit.css", "page/page.css", "contacts/contacts.css", "opening-status/opening-status.css",
              "navigation/navigation.css", "language-switch/language-switch.css", "page/print.css",
              "kiosk/kiosk.css", "idle-reset/idle-reset.css"),
}
# Files a page loads only where it needs them.
FILES = ("checklist/checklist.js", "checklist/checklist.css", "idle-reset/idle-reset.js")
# The scripts every page runs, one after the other in one file: one download on a
# first visit instead of two (about 110 bytes less compressed). Each still reads
# only its own markup. opening-status.js reads `kitOpening`: the language's dates,
# bank holidays, clock changes and words (OpeningData.script_data()), which the
# file itself carries, wrapped round the minified scripts (`wrap`), so that no page
# carries them (about 275 bytes of every Welsh page, compressed) and a file per
# language is kept in the cache for the visit.
BUNDLES = {"kit.js": ("navigation/navigation.js", "opening-status/opening-status.js")}
BUNDLE_DATA = "kitOpening"
# Inlined into every page's <head>.
INLINE = ("quick-exit/quick-exit.js", "quick-exit/quick-exit-cover.css")


MINIFY_SCRIPT = Path(__file__).with_name("minify.mjs")
CACHE = Cache.named("js", ".js", keep=200)
_minified: dict[str, str] = {}     # cache key -> minified script, for this process


def minify_scripts(sources: dict[str, str]) -> dict[str, str]:
    """{name: source} -> {name: minified}, from the cache where it has them; Terser
    (minify.mjs) runs once for all the others."""
    node.node()                        # the same build everywhere: never only from a cache
    tool = (MINIFY_SCRIPT.read_bytes(), node.version("terser"))
    keys = {name: cache.key(*tool, source) for name, source in sources.items()}
    wanted = {}
    for name, key in keys.items():
        if key not in _minified:
            cached = CACHE.get(key)
            if cached is None:
                wanted[name] = sources[name]
            else:
                _minified[key] = cached.decode("utf-8")
    if wanted:
        for name, code in json.loads(node.run(MINIFY_SCRIPT, wanted, "Terser", "terser")).items():
            _minified[keys[name]] = code
            CACHE.put(keys[name], code.encode("utf-8"))
        CACHE.prune()
    return {name: _minified[key] for name, key in keys.items()}


def minify(name: str, source: str) -> str:
    return minify_scripts({name: source})[name] if name.endswith(".js") else rcssmin.cssmin(source)


def read(name: str, root: Path = COMPONENTS) -> str:
    return (root / name).read_text(encoding="utf-8")


def hashed(name: str, body: bytes) -> str:
    stem, _, ext = Path(name).name.rpartition(".")
    return f"{OUT}/{stem}.{hashlib.sha256(body).hexdigest()[:8]}.{ext}"


def wrap(minified: str, data: str) -> str:
    """A bundle's minified scripts inside a function given its data as `kitOpening` (BUNDLE_DATA):
    nothing is left on `window`, and the data need not be minified (nor the scripts again)."""
    return f"!function({BUNDLE_DATA}){{{minified}\n}}({data});"


@dataclass(frozen=True)
class Assets:
    """The files of one edition: logical name (checklist/checklist.js, or kit.css for the
    stylesheet) -> the path it is served at, and its bytes."""
    kind: str                       # web or kiosk
    root: Path = COMPONENTS
    brand: str = ""                 # the organisation's colours as CSS variables, last in the stylesheet
    opening: str = "null"           # the language's data for opening-status.js (JSON), inside kit.js

    @classmethod
    def for_edition(cls, edition) -> "Assets":
        """The files of one language of the edition: its brand colours (supportkit/load/brand.py) in
        its stylesheet, its open-now data (supportkit/load/opening.py) in its kit.js."""
        from supportkit.load.brand import stylesheet
        from supportkit.load.opening import OpeningData
        return cls(edition.kind, brand=stylesheet(edition.options.brand.colours()),
                   opening=OpeningData(edition).script_data())

    @cached_property
    def files(self) -> dict[str, tuple[str, bytes]]:
        out = {}
        parts = [minify(n, read(n, self.root)) for n in STYLESHEET[self.kind]]
        sheet = "\n".join(parts + ([self.brand] if self.brand else [])).encode()
        out["kit.css"] = (hashed("kit.css", sheet), sheet)
        sources = {name: read(name, self.root) for name in FILES + INLINE if name.endswith(".js")}
        sources.update({name: ";\n".join(read(member, self.root) for member in members)
                        for name, members in BUNDLES.items()})
        scripts = minify_scripts(sources)
        for name in BUNDLES:
            scripts[name] = wrap(scripts[name], self.opening)
        for name in (*FILES, *BUNDLES):
            body = (scripts[name] if name in scripts else minify(name, read(name, self.root))).encode()
            out[name] = (hashed(name, body), body)
        return out

    def url(self, name: str) -> str:
        """The path of a file from the site's root, for example assets/kit/kit.1a2b3c4d.css."""
        return self.files[name][0]

    def inline(self, name: str) -> str:
        if name not in INLINE:
            raise KeyError(name)
        return minify(name, read(name, self.root))

    def write(self, site_dir: Path) -> None:
        for path, body in self.files.values():
            target = site_dir / path
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(body)
