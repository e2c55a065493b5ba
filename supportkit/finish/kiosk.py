"""What makes the built kiosk edition different, after the generator has written it
(supportkit/editions/kiosk.py builds it, zips it and explains the edition):

- Material's search runs offline: the offline plugin inlines the index into
  search/search_index.js, and its Worker runs in an iframe on file:// through
  iframe-worker's shim. The plugin would load the shim from a public CDN; the
  kit ships the npm package's copy (node_modules/iframe-worker) instead.
- Every link that a kiosk cannot follow is turned into text, in one place
  (unlink()): a web address shows its link text, the address and a QR code made
  at build time; an email address and a phone number show as plain text.
- There is no 404.html (nothing serves it), so every page works from file://.
- The quick exit lands on a bundled neutral page, welcome.html, rendered from
  components/kiosk/welcome.html (no quick exit, no support content, no script).
"""
from __future__ import annotations

import html
import re
import shutil
from pathlib import Path

import segno

from supportkit import ROOT
from supportkit.core.errors import KitError
from supportkit.render.assets import SHIM

SHIM_PACKAGE = ROOT / "node_modules" / "iframe-worker"
SHIM_SOURCE = SHIM_PACKAGE / "shim" / "index.js"
WELCOME = "welcome.html"            # the quick exit's destination on a kiosk


def finish(site_dir: Path, editions) -> None:
    """Post-build steps on the built (temporary) folder."""
    from supportkit.load.config import as_editions

    editions = as_editions(editions)
    default = next(iter(editions.values()))
    site_dir = Path(site_dir)
    _copy_shim(site_dir)
    # A server's "not found" page: a kiosk has no server, and its addresses are
    # from the server's root, which file:// cannot follow.
    for code in editions:
        (site_dir / ("404.html" if code == default.lang else f"{code}/404.html")).unlink(missing_ok=True)
    for page in sorted(site_dir.rglob("*.html")):
        rel = page.relative_to(site_dir).parts
        edition = editions.get(rel[0], default) if len(rel) > 1 else default
        labels = Labels(edition.strings("kiosk.web_address"), edition.strings("kiosk.qr_label", address="{}"))
        results = edition.strings("kiosk.search_results")
        text = page.read_text(encoding="utf-8")
        new = unlink(text, labels).replace(
            '<div class="md-search__scrollwrap" tabindex="0" data-md-scrollfix>',
            f'<div class="md-search__scrollwrap" tabindex="0" data-md-scrollfix role="group" '
            f'aria-label="{html.escape(results)}">')
        if new != text:
            page.write_text(new, encoding="utf-8")
    (site_dir / WELCOME).write_text(welcome_page(editions), encoding="utf-8")


def _copy_shim(site_dir: Path) -> None:
    if not SHIM_SOURCE.is_file():
        raise KitError(SHIM_SOURCE, "(file)", "the kiosk edition's offline search needs this file, and it is missing",
                       "run `make kiosk` (it installs the npm packages), or `npm ci`")
    dest = site_dir / SHIM
    dest.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(SHIM_SOURCE, dest)
    shutil.copyfile(SHIM_PACKAGE / "LICENSE", dest.with_name("iframe-worker.LICENSE.txt"))


# --------------------------------------------------------------------------
# Links a kiosk cannot follow
# --------------------------------------------------------------------------

_A = re.compile(r"<a\b([^>]*)>(.*?)</a>", re.S)
_HREF = re.compile(r'\shref="([^"]*)"')
_TAGS = re.compile(r"<[^>]+>")


def address_text(url: str) -> str:
    """A web address as a person would type it: no https://, no trailing slash."""
    text = re.sub(r"^(https?:)?//", "", url)
    return text[:-1] if text.endswith("/") and text.count("/") == 1 else text


class Labels:
    """The words unlink() adds: before an address (for screen readers), and a QR code's label."""

    def __init__(self, web_address: str = "web address: ", qr: str = "QR code for {}"):
        self.web_address, self.qr = web_address, qr


def qr_svg(url: str, label: str) -> str:
    """An inline SVG QR code for a web address, made at build time; `label` is its accessible name."""
    qr = segno.make(url, error="m", micro=False)
    svg = qr.svg_inline(scale=1, border=2, omitsize=True, svgclass="kit-qr", lineclass=None,
                        dark="#000", light="#fff")
    attrs = f'role="img" aria-label="{html.escape(label)}" focusable="false" '
    return svg.replace("<svg ", "<svg " + attrs, 1)


def _external(url: str, inner: str, labels: Labels) -> str:
    shown = address_text(url)
    words = html.unescape(_TAGS.sub("", inner)).strip()
    same = words in (url, shown, shown.rstrip("/"), "")
    text = "" if same else f"{inner} "
    return (f'<span class="kit-ext">{text}<span class="kit-ext__address">'
            f'<span class="kit-visually-hidden">{html.escape(labels.web_address)}</span>'
            f'<span class="kit-address__url">{html.escape(shown)}</span></span>'
            f"{qr_svg(url, labels.qr.format(shown))}</span>")


def _replace(match: re.Match, labels: Labels) -> str:
    attrs, inner = match.group(1), match.group(2)
    href = _HREF.search(attrs)
    url = html.unescape(href.group(1)) if href else ""
    if url.startswith(("http://", "https://", "//")):
        return _external(url, inner, labels)
    if url.startswith("mailto:"):
        address = url[len("mailto:"):].split("?")[0]
        words = html.unescape(_TAGS.sub("", inner)).strip()
        return (f'<strong class="kit-address__url">{html.escape(address)}</strong>' if words == address
                else f'{inner} (<strong class="kit-address__url">{html.escape(address)}</strong>)')
    if url.startswith(("tel:", "sms:")):
        return f'<strong class="kit-phone">{inner}</strong>'
    return match.group(0)


def unlink(page: str, labels: Labels | None = None) -> str:
    """The page with every link to another site, email address and phone link as text."""
    labels = labels or Labels()
    return _A.sub(lambda m: _replace(m, labels), page)


# --------------------------------------------------------------------------
# The neutral page
# --------------------------------------------------------------------------

def welcome_page(editions) -> str:
    """The quick exit's landing page, in every language of the edition (the default first)."""
    from supportkit.render.assets import Assets
    from supportkit.load.config import as_editions
    from supportkit.render.components import environment

    editions = as_editions(editions)
    default = next(iter(editions.values()))
    sections = [{"code": code, "t": e.strings.markup, "area": e.organisation.area if e.organisation else None,
                 "start": "index.html" if code == default.lang else f"{code}/index.html"}
                for code, e in editions.items()]
    return environment(default, Assets(default.kind), editions).get_template("kiosk/welcome.html").render(
        sections=sections)
