"""Precompressed copies: a .gz beside every text file of the web edition.

Servers that can send a file's compressed copy as it is (nginx's gzip_static,
the Apache recipe's rewrite rules, static hosts) then need not compress
anything on each request. The copies are reproducible: gzip at level 9, with
no file name and a time of 0 in the header, so the same site gives the same
bytes. A kiosk has no server, so its folder gets none.
"""
from __future__ import annotations

import gzip
from pathlib import Path

TEXT_SUFFIXES = (".html", ".css", ".js", ".svg", ".xml", ".json", ".txt")


def gzip_bytes(data: bytes) -> bytes:
    return gzip.compress(data, compresslevel=9, mtime=0)


def precompress(site: Path) -> list[Path]:
    """Write <file>.gz beside each text file of `site` (replacing any, such as
    MkDocs' own sitemap.xml.gz); return the files written."""
    written = []
    for path in sorted(Path(site).rglob("*")):
        if path.suffix in TEXT_SUFFIXES and path.is_file() and not path.is_symlink() \
                and not path.name.startswith("."):
            target = path.with_name(path.name + ".gz")
            target.write_bytes(gzip_bytes(path.read_bytes()))
            written.append(target)
    return written
