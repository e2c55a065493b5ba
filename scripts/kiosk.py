"""Build the kiosk edition and zip it: `make kiosk` (CONFIG= for an organisation).

    python scripts/kiosk.py [--config FILE] [--dist DIR]

Writes, each only when everything before it succeeded:

    dist/kiosk/             the edition: open dist/kiosk/index.html, no server needed
    dist/kiosk.zip          the same folder, zipped (it unzips to kiosk/)
    dist/kiosk.zip.sha256   its SHA-256 checksum, as `sha256sum` writes it

The zip is reproducible: the same sources and SOURCE_DATE_EPOCH give the same
bytes. Entries are sorted, every entry has the same timestamp (SOURCE_DATE_EPOCH,
or the last commit's time, or 1 January 1980) and fixed permissions, and MkDocs
uses SOURCE_DATE_EPOCH for the sitemap's dates.
"""
from __future__ import annotations

import argparse
import datetime as _dt
import hashlib
import logging
import os
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

from build import build
from kit.config import BASE_CONFIG, ROOT, ConfigError

ZIP_EPOCH_MIN = 315532800        # 1980-01-01T00:00:00Z, the earliest time a zip entry can hold


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
    """Zip `folder` as `<folder name>/...` reproducibly and atomically; return its SHA-256."""
    stamp = _dt.datetime.fromtimestamp(epoch, _dt.timezone.utc).timetuple()[:6]
    files = sorted(p for p in folder.rglob("*") if p.is_file())
    fd, tmp = tempfile.mkstemp(prefix=f".{zip_path.name}.", dir=zip_path.parent)
    os.close(fd)
    try:
        with zipfile.ZipFile(tmp, "w") as z:
            for path in files:
                info = zipfile.ZipInfo(f"{folder.name}/{path.relative_to(folder).as_posix()}", date_time=stamp)
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
    os.replace(tmp, sums)
    return sums


def make_kiosk(config: Path, dist: Path) -> tuple[Path, Path, str]:
    """Build dist/kiosk/, then dist/kiosk.zip and dist/kiosk.zip.sha256."""
    epoch = source_date_epoch()
    os.environ["SOURCE_DATE_EPOCH"] = str(epoch)      # MkDocs reads it for the sitemap
    dist.mkdir(parents=True, exist_ok=True)
    folder = dist / "kiosk"
    build(config, "kiosk", folder)
    zip_path = dist / "kiosk.zip"
    digest = write_zip(folder, zip_path, epoch)
    return zip_path, write_checksum(zip_path, digest), digest


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--config", default=str(BASE_CONFIG), help="organisation file (default mkdocs.yml)")
    p.add_argument("--dist", default="dist", help="output folder (default dist/)")
    args = p.parse_args(argv)
    dist = Path(args.dist)
    logging.basicConfig(format="%(levelname)s - %(message)s", level=logging.INFO)
    try:
        zip_path, sums, digest = make_kiosk(Path(args.config), dist)
    except ConfigError as e:
        print(f"Configuration error in {e}", file=sys.stderr)
        print(f"Nothing was written; {dist}/kiosk/ and {dist}/kiosk.zip are unchanged.", file=sys.stderr)
        return 2
    except (Exception, SystemExit) as e:  # Abort in strict mode, PluginError, KioskError; mkdocs-macros exits
        print(f"Build failed: {e or 'see the messages above'}", file=sys.stderr)
        print(f"Nothing was written; {dist}/kiosk/ and {dist}/kiosk.zip are unchanged.", file=sys.stderr)
        return 1
    size = zip_path.stat().st_size
    print(f"Built the kiosk edition of {args.config} into {dist}/kiosk/")
    print(f"Wrote {zip_path} ({size / 1e6:.1f} MB) and {sums.name}: {digest}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
