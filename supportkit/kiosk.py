"""The kiosk edition: the whole section offline, from a folder or a USB stick.

`make kiosk` (python -m supportkit kiosk) builds dist/kiosk/ with the
overrides below, finishes it with finish(), and zips it reproducibly:

    dist/kiosk/             the edition: open dist/kiosk/index.html, no server needed
    dist/kiosk.zip          the same folder, zipped (it unzips to kiosk/)
    dist/kiosk.zip.sha256   its SHA-256 checksum, as `sha256sum` writes it

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
  components/kiosk/welcome.html (no quick exit, no support content, no script).
- The idle reset (components/idle-reset/) and the kiosk's styles
  (components/kiosk/kiosk.css) are part of the kiosk's pages and stylesheet.

The zip is reproducible: the same sources and SOURCE_DATE_EPOCH give the same
bytes. Entries are sorted, every entry has the same timestamp (SOURCE_DATE_EPOCH,
or the last commit's time, or 1 January 1980) and fixed permissions, and MkDocs
uses SOURCE_DATE_EPOCH for the sitemap's dates.
"""
from __future__ import annotations

import datetime as _dt
import hashlib
import html
import os
import re
import shutil
import subprocess
import tempfile
import zipfile
from pathlib import Path

import segno

from supportkit import ROOT
from supportkit.errors import KitError

SHIM_PACKAGE = ROOT / "node_modules" / "iframe-worker"
SHIM_SOURCE = SHIM_PACKAGE / "shim" / "index.js"
# Where pages load the shim from. The offline plugin adds its CDN copy only when
# no polyfill's address contains "iframe-worker", so this one must.
SHIM = "assets/javascripts/iframe-worker.js"
WELCOME = "welcome.html"            # the quick exit's destination on a kiosk
ZIP_EPOCH_MIN = 315532800           # 1980-01-01T00:00:00Z, the earliest time a zip entry can hold


def kiosk_overrides(values: dict) -> dict:
    """MkDocs configuration values for the kiosk edition, from the merged configuration."""
    plugins = list(values.get("plugins") or [])
    names = {p if isinstance(p, str) else next(iter(p)) for p in plugins}
    plugins += [p for p in ("search", "offline") if p not in names]
    return {
        "use_directory_urls": False,
        "plugins": plugins,
        # No canonical addresses: the kiosk copy is not the organisation's website.
        "site_url": "",
        "extra": dict(values.get("extra") or {}, polyfills=[SHIM]),
    }


def finish(site_dir: Path, editions) -> None:
    """Post-build steps on the built (temporary) folder."""
    from supportkit.build import as_editions

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
    from supportkit.assets import Assets
    from supportkit.build import as_editions
    from supportkit.render import environment

    editions = as_editions(editions)
    default = next(iter(editions.values()))
    sections = [{"code": code, "t": e.strings.markup, "area": e.organisation.area if e.organisation else None,
                 "start": "index.html" if code == default.lang else f"{code}/index.html"}
                for code, e in editions.items()]
    return environment(default, Assets(default.kind), editions).get_template("kiosk/welcome.html").render(
        sections=sections)


# --------------------------------------------------------------------------
# The zip
# --------------------------------------------------------------------------

def source_date_epoch() -> int:
    """SOURCE_DATE_EPOCH if set, else the last commit's time, else 1 January 1980."""
    value = os.environ.get("SOURCE_DATE_EPOCH")
    if value is None:
        try:
            value = subprocess.run(["git", "log", "-1", "--format=%ct"], cwd=ROOT, capture_output=True,
                                   text=True, check=True).stdout.strip()
        except (OSError, subprocess.CalledProcessError):
            value = ""
    try:
        return max(int(value), ZIP_EPOCH_MIN)
    except ValueError:
        return ZIP_EPOCH_MIN


def write_zip(folder: Path, zip_path: Path, epoch: int) -> str:
    """Zip `folder` as `kiosk/...` reproducibly and atomically; return its SHA-256."""
    stamp = _dt.datetime.fromtimestamp(epoch, _dt.timezone.utc).timetuple()[:6]
    files = sorted(p for p in folder.rglob("*") if p.is_file())
    fd, tmp = tempfile.mkstemp(prefix=f".{zip_path.name}.", dir=zip_path.parent)
    os.close(fd)
    try:
        with zipfile.ZipFile(tmp, "w") as z:
            for path in files:
                info = zipfile.ZipInfo(f"kiosk/{path.relative_to(folder).as_posix()}", date_time=stamp)
                info.compress_type = zipfile.ZIP_DEFLATED
                info.create_system = 3                     # Unix, so the permissions below are read
                info.external_attr = (0o100644 << 16)      # a regular file, rw-r--r--
                z.writestr(info, path.read_bytes(), compresslevel=9)
        os.chmod(tmp, 0o644)
        digest = hashlib.sha256(Path(tmp).read_bytes()).hexdigest()
        os.replace(tmp, zip_path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return digest


def write_checksum(zip_path: Path, digest: str) -> Path:
    sums = zip_path.with_name(zip_path.name + ".sha256")
    tmp = sums.with_name(f".{sums.name}.tmp")
    tmp.write_text(f"{digest}  {zip_path.name}\n", encoding="utf-8")
    os.chmod(tmp, 0o644)
    os.replace(tmp, sums)
    return sums


def make_kiosk(editions, dist: Path) -> tuple[Path, Path, str]:
    """Build dist/kiosk/, dist/kiosk.zip and dist/kiosk.zip.sha256 together: all
    three are written into a new copy of dist/, which replaces it in one step
    (supportkit/output.py), so they always match."""
    from supportkit.build import build_into
    from supportkit.output import checkpoint, replace_folder

    epoch = source_date_epoch()
    os.environ["SOURCE_DATE_EPOCH"] = str(epoch)      # MkDocs reads it for the sitemap
    from supportkit.build import as_editions

    first = next(iter(as_editions(editions).values()))
    with replace_folder(dist, keep={"kiosk", "kiosk.zip", "kiosk.zip.sha256"}, config_file=first.file) as staging:
        build_into(editions, staging / "kiosk")
        checkpoint("kiosk-built")
        digest = write_zip(staging / "kiosk", staging / "kiosk.zip", epoch)
        write_checksum(staging / "kiosk.zip", digest)
        checkpoint("kiosk-zipped")
    return dist / "kiosk.zip", dist / "kiosk.zip.sha256", digest
