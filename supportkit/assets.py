"""The components' scripts and styles as the site serves them.

Each file is minified, and its name carries a hash of its content
(checklist.3f2a9c1b.js), as Material does for its own files, so a council's
cache or CDN can keep them for a year and never serve an old script with new
markup. The page's stylesheet is one file made from the components' styles,
in the order below, then the organisation's brand colours (CSS variables
from extra.brand, supportkit/brand.py). The quick exit's script and styles are not files at all:
they are inlined at the top of every page (components/quick-exit/).
"""
from __future__ import annotations

import hashlib
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

import rcssmin
import rjsmin

from supportkit import COMPONENTS

OUT = "assets/kit"                 # inside the built site

# The site's stylesheet, per edition: components' styles in cascade order.
STYLESHEET = {
    "web": ("page/page.css", "contacts/contacts.css", "opening-status/opening-status.css",
            "navigation/navigation.css", "language-switch/language-switch.css", "page/print.css"),
    "kiosk": ("page/page.css", "contacts/contacts.css", "opening-status/opening-status.css",
              "navigation/navigation.css", "language-switch/language-switch.css", "page/print.css",
              "kiosk/kiosk.css", "idle-reset/idle-reset.css"),
}
# Files a page loads only where it needs them.
FILES = ("checklist/checklist.js", "checklist/checklist.css", "idle-reset/idle-reset.js",
         "navigation/navigation.js", "opening-status/opening-status.js")
# Inlined into every page's <head>.
INLINE = ("quick-exit/quick-exit.js", "quick-exit/quick-exit.css")


def minify(name: str, source: str) -> str:
    return rjsmin.jsmin(source) if name.endswith(".js") else rcssmin.cssmin(source)


def read(name: str, root: Path = COMPONENTS) -> str:
    return (root / name).read_text(encoding="utf-8")


def hashed(name: str, body: bytes) -> str:
    stem, _, ext = Path(name).name.rpartition(".")
    return f"{OUT}/{stem}.{hashlib.sha256(body).hexdigest()[:8]}.{ext}"


@dataclass(frozen=True)
class Assets:
    """The files of one edition: logical name (checklist/checklist.js, or kit.css for the
    stylesheet) -> the path it is served at, and its bytes."""
    kind: str                       # web or kiosk
    root: Path = COMPONENTS
    brand: str = ""                 # the organisation's colours as CSS variables, last in the stylesheet

    @classmethod
    def for_edition(cls, edition) -> "Assets":
        """The edition's files, its brand colours (supportkit/brand.py) in its stylesheet."""
        from supportkit.brand import stylesheet
        return cls(edition.kind, brand=stylesheet(edition.options.brand.colours()))

    @cached_property
    def files(self) -> dict[str, tuple[str, bytes]]:
        out = {}
        parts = [minify(n, read(n, self.root)) for n in STYLESHEET[self.kind]]
        sheet = "\n".join(parts + ([self.brand] if self.brand else [])).encode()
        out["kit.css"] = (hashed("kit.css", sheet), sheet)
        for name in FILES:
            body = minify(name, read(name, self.root)).encode()
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
