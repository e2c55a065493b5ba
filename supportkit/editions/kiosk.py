"""The kiosk edition: the whole section offline, from a folder or a USB stick.

`make kiosk` (python -m supportkit kiosk) builds dist/kiosk/ with the kiosk's
settings (supportkit/editions/web.py, kiosk_overrides()), finishes it
(supportkit/finish/kiosk.py: offline search, links as text and QR codes, the
neutral welcome page, no 404 page), and zips it reproducibly:

    dist/kiosk/             the edition: open dist/kiosk/index.html, no server needed
    dist/kiosk.zip          the same folder, zipped (it unzips to kiosk/)
    dist/kiosk.zip.sha256   its SHA-256 checksum, as `sha256sum` writes it

Addresses are files (use_directory_urls off), so every link opens a real file
from file:// too. The idle reset (components/idle-reset/) and the kiosk's styles
(components/kiosk/kiosk.css) are part of the kiosk's pages and stylesheet.

The zip is reproducible: the same sources and SOURCE_DATE_EPOCH give the same
bytes. Entries are sorted, every entry has the same timestamp (SOURCE_DATE_EPOCH,
or the last commit's time, or 1 January 1980) and fixed permissions, and MkDocs
uses SOURCE_DATE_EPOCH for the sitemap's dates.
"""
from __future__ import annotations

import datetime as _dt
import hashlib
import os
import subprocess
import tempfile
import zipfile
from pathlib import Path

from supportkit import ROOT

ZIP_EPOCH_MIN = 315532800           # 1980-01-01T00:00:00Z, the earliest time a zip entry can hold


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
    (supportkit/core/output.py), so they always match."""
    from supportkit.editions.web import build_into
    from supportkit.core.output import checkpoint, replace_folder

    epoch = source_date_epoch()
    os.environ["SOURCE_DATE_EPOCH"] = str(epoch)      # MkDocs reads it for the sitemap
    from supportkit.load.config import as_editions

    first = next(iter(as_editions(editions).values()))
    with replace_folder(dist, keep={"kiosk", "kiosk.zip", "kiosk.zip.sha256"}, config_file=first.file) as staging:
        build_into(editions, staging / "kiosk")
        checkpoint("kiosk-built")
        digest = write_zip(staging / "kiosk", staging / "kiosk.zip", epoch)
        write_checksum(staging / "kiosk.zip", digest)
        checkpoint("kiosk-zipped")
    return dist / "kiosk.zip", dist / "kiosk.zip.sha256", digest
