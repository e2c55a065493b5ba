"""Precompressed copies: a .gz beside every text file of the web edition.

Servers that can send a file's compressed copy as it is (nginx's gzip_static,
the Apache recipe's rewrite rules, static hosts) then need not compress
anything on each request. What a page downloads (the pages, the stylesheets,
the icons and the kit's own scripts, ZOPFLI) is compressed with Zopfli (PyPI
zopfli, pinned in requirements.txt): ordinary gzip that every browser reads, 3
to 5% smaller than gzip -9, because it searches much harder for the smallest
encoding. That search takes a fraction of a second a file, so each copy is kept
in .cache/gz/, by a hash of the file's bytes, Zopfli's version and its
settings: a build of unchanged files only reads. The rest (Material's search
scripts, which the web edition's pages never load, the sitemap) gets gzip -9,
kept in the same cache: Material's word splitter for Thai alone (lunr/wordcut.js,
677 KB) took 0.1 s of every build.
Every copy is reproducible: no file name and a time of 0 in the header, so the
same site gives the same bytes. A kiosk has no server, so its folder gets none.
"""
from __future__ import annotations

import gzip
import zlib
from importlib.metadata import version
from pathlib import Path

import zopfli.gzip

from supportkit.core import cache
from supportkit.core.cache import Cache

TEXT_SUFFIXES = (".html", ".css", ".js", ".svg", ".xml", ".json", ".txt")
ITERATIONS = 3                        # 15 (its default) gains 1 or 2 bytes a file for five times the time
CACHE = Cache.named("gz", ".gz", keep=2000)
ZOPFLI = (".html", ".css", ".svg")    # and every file in the kit's own assets/kit/ (supportkit/render/assets.py)
_SETTINGS = f"zopfli {version('zopfli')} iterations {ITERATIONS}".encode()
_GZIP9 = f"gzip 9 zlib {zlib.ZLIB_RUNTIME_VERSION}".encode()


def _cached(settings: bytes, data: bytes, compress) -> bytes:
    key = cache.key(settings, data)
    body = CACHE.get(key)
    if body is None:
        body = compress(data)
        CACHE.put(key, body)
    return body


def gzip9(data: bytes) -> bytes:
    """data as a gzip member at level 9, no name, time 0 (from the cache when it has it)."""
    return _cached(_GZIP9, data, lambda d: gzip.compress(d, compresslevel=9, mtime=0))


def gzip_bytes(data: bytes) -> bytes:
    """data as a gzip member: Zopfli's deflate, no name, time 0 (from the cache when it has it)."""
    return _cached(_SETTINGS, data, lambda d: zopfli.gzip.compress(d, numiterations=ITERATIONS))


def precompress(site: Path) -> list[Path]:
    """Write <file>.gz beside each text file of `site` (replacing any, such as
    MkDocs' own sitemap.xml.gz); return the files written."""
    from supportkit.render.assets import OUT

    written = []
    for path in sorted(Path(site).rglob("*")):
        if path.suffix in TEXT_SUFFIXES and path.is_file() and not path.is_symlink() \
                and not path.name.startswith("."):
            target = path.with_name(path.name + ".gz")
            loaded = path.suffix in ZOPFLI or path.relative_to(site).as_posix().startswith(OUT + "/")
            target.write_bytes((gzip_bytes if loaded else gzip9)(path.read_bytes()))
            written.append(target)
    CACHE.prune()
    return written
