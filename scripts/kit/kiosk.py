"""The kiosk edition: the whole section offline, from a folder or a USB stick.

scripts/build.py calls kiosk_overrides() for the MkDocs configuration and
finish() on the built folder before it is swapped in; scripts/kiosk.py builds
dist/kiosk/ with them and zips it reproducibly.

- Addresses are files (use_directory_urls off), so every link opens a real file
  from file:// too.
- Material's search runs offline: the offline plugin inlines the index into
  search/search_index.js, and its Worker runs in an iframe on file:// through
  iframe-worker's shim. The plugin would load the shim from a public CDN; the
  kit ships the npm package's copy (node_modules/iframe-worker) instead.
- Every link that a kiosk cannot follow is turned into text, in one place
  (unlink()): a web address shows its link text, the address and a QR code made
  at build time; an email address and a phone number show as plain text.
- There is no 404.html (nothing serves it), so every page works from file://.
- The quick exit lands on a bundled neutral page, welcome.html, rendered from
  overrides/kiosk-welcome.html (no quick exit, no support content, no script).
- The idle reset (overrides/partials/idle-reset.html, assets/idle-reset.js) and
  the kiosk styles (assets/kiosk.css) are added by the theme and extra_css.
"""
from __future__ import annotations

import html
import os
import re
import shutil
from pathlib import Path

import jinja2
import segno

from kit.config import ROOT
from kit.macros import KIOSK_WELCOME

SHIM_PACKAGE = ROOT / "node_modules" / "iframe-worker"
SHIM_SOURCE = SHIM_PACKAGE / "shim" / "index.js"
# Where pages load the shim from. The offline plugin adds its CDN copy only when
# no polyfill's address contains "iframe-worker", so this one must.
SHIM = "assets/javascripts/iframe-worker.js"
WELCOME = KIOSK_WELCOME             # the quick exit's destination on a kiosk
WELCOME_TEMPLATE = "kiosk-welcome.html"
KIOSK_CSS = "assets/kiosk.css"


class KioskError(Exception):
    """The kiosk edition cannot be finished; the message says why and the fix."""


def kiosk_overrides(merged: dict) -> dict:
    """load_config() overrides for the kiosk edition, from the merged configuration."""
    plugins = list(merged.get("plugins") or [])        # the macros plugin exactly as in mkdocs.yml
    names = {p if isinstance(p, str) else next(iter(p)) for p in plugins}
    plugins += [p for p in ("search", "offline") if p not in names]
    return {
        "use_directory_urls": False,
        "plugins": plugins,
        # No canonical addresses: the kiosk copy is not the organisation's website.
        "site_url": "",
        "extra_css": list(merged.get("extra_css") or []) + [KIOSK_CSS],
        # merged into build.py's extra (which holds edition: kiosk)
        "extra": {"polyfills": [SHIM]},
    }


def finish(site_dir: Path, cfg) -> None:
    """Post-build steps on the built (temporary) folder."""
    site_dir = Path(site_dir)
    site_dir.chmod(0o755)        # a temporary folder is private; a kiosk's browser may run as another user
    kit = cfg["extra"]["kit"]
    _copy_shim(site_dir)
    # A server's "not found" page: a kiosk has no server, and its addresses are
    # from the server's root, which file:// cannot follow.
    (site_dir / "404.html").unlink(missing_ok=True)
    for page in sorted(site_dir.rglob("*.html")):
        text = page.read_text(encoding="utf-8")
        new = unlink(text)
        if new != text:
            page.write_text(new, encoding="utf-8")
    (site_dir / WELCOME).write_text(welcome_page(kit), encoding="utf-8")
    check(site_dir)


def _copy_shim(site_dir: Path) -> None:
    if not SHIM_SOURCE.is_file():
        raise KioskError(f"{os.path.relpath(SHIM_SOURCE, ROOT)} is missing: the kiosk edition's offline search "
                         "needs it. Fix: run `make kiosk` (it installs the npm packages), or `npm ci`")
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


def qr_svg(url: str, label: str) -> str:
    """An inline SVG QR code for a web address, made at build time."""
    qr = segno.make(url, error="m", micro=False)
    svg = qr.svg_inline(scale=1, border=2, omitsize=True, svgclass="kit-qr", lineclass=None,
                        dark="#000", light="#fff")
    attrs = f'role="img" aria-label="QR code for {html.escape(label)}" focusable="false" '
    return svg.replace("<svg ", "<svg " + attrs, 1)


def _external(url: str, inner: str) -> str:
    shown = address_text(url)
    words = html.unescape(_TAGS.sub("", inner)).strip()
    same = words in (url, shown, shown.rstrip("/"), "")
    text = "" if same else f"{inner} "
    return (f'<span class="kit-ext">{text}<span class="kit-ext__address">'
            f'<span class="kit-visually-hidden">web address: </span>'
            f'<span class="kit-address__url">{html.escape(shown)}</span></span>'
            f"{qr_svg(url, shown)}</span>")


def _replace(match: re.Match) -> str:
    attrs, inner = match.group(1), match.group(2)
    href = _HREF.search(attrs)
    url = html.unescape(href.group(1)) if href else ""
    if url.startswith(("http://", "https://", "//")):
        return _external(url, inner)
    if url.startswith("mailto:"):
        address = url[len("mailto:"):].split("?")[0]
        words = html.unescape(_TAGS.sub("", inner)).strip()
        return (f'<strong class="kit-address__url">{html.escape(address)}</strong>' if words == address
                else f'{inner} (<strong class="kit-address__url">{html.escape(address)}</strong>)')
    if url.startswith(("tel:", "sms:")):
        return f'<strong class="kit-phone">{inner}</strong>'
    return match.group(0)


def unlink(page: str) -> str:
    """The page with every link to another site, email address and phone link as text."""
    return _A.sub(_replace, page)


# --------------------------------------------------------------------------
# The neutral page and the final check
# --------------------------------------------------------------------------

def welcome_page(kit: dict) -> str:
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(ROOT / "overrides"), autoescape=True,
                             undefined=jinja2.StrictUndefined, trim_blocks=True, lstrip_blocks=True)
    return env.get_template(WELCOME_TEMPLATE).render(kit=kit, start="index.html")


# Anything that would make the browser ask another host for something.
_OTHER_HOST = re.compile(r'\b(?:src|href|action|srcset|poster|data)\s*=\s*["\']?(?:https?:)?//', re.I)
_CSS_OTHER_HOST = re.compile(r"(?:url\(\s*[\"']?|@import\s+[\"'])(?:https?:)?//", re.I)
_FOLLOWABLE = re.compile(r'<a\b[^>]*\shref="(?:https?:|//|mailto:|tel:|sms:)', re.I)


def check(site_dir: Path) -> None:
    """Fail the build if a page links or loads anything a kiosk cannot reach."""
    problems = []
    for f in sorted(site_dir.rglob("*")):
        if f.suffix not in (".html", ".css"):
            continue
        text = f.read_text(encoding="utf-8")
        rel = f.relative_to(site_dir).as_posix()
        if f.suffix == ".html":
            text = re.sub(r'<link rel="canonical"[^>]*>', "", text)
            problems += [f"{rel}: link {m.group(0)!r}" for m in _FOLLOWABLE.finditer(text)]
            # the inline search config and scripts are data, not requests
            text = re.sub(r"<script\b[^>]*>.*?</script>", lambda m: m.group(0).split(">", 1)[0] + ">", text,
                          flags=re.S)
            problems += [f"{rel}: {m.group(0)!r}" for m in _OTHER_HOST.finditer(text)]
        problems += [f"{rel}: {m.group(0)!r}" for m in _CSS_OTHER_HOST.finditer(text)]
    if problems:
        raise KioskError("the kiosk edition would reach another host or follow a link it cannot: "
                         + "; ".join(problems[:10]))
