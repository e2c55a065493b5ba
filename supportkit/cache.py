"""Results kept on disk (.cache/<name>/) by a hash of everything they are made
from: the CSS step's stylesheets (css.py), Terser's scripts (assets.py) and
Zopfli's compressed copies (precompress.py). A build whose inputs have not
changed reads the result instead of making it again. Each entry is written
whole or not at all (a temporary file, then a rename), the newest `keep`
entries stay, and a cache that cannot be read or written only costs time.
"""
from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass
from pathlib import Path

from supportkit import ROOT


def key(*parts: bytes | str | bool) -> str:
    """A hash of the parts, each with its length, so no two lists of parts give the same key."""
    h = hashlib.sha256()
    for part in parts:
        data = part if isinstance(part, bytes) else str(part).encode("utf-8")
        h.update(len(data).to_bytes(8, "big"))
        h.update(data)
    return h.hexdigest()


@dataclass(frozen=True)
class Cache:
    folder: Path
    suffix: str                      # of each entry's file name: .css, .js, .gz
    keep: int                        # newest entries kept by prune()

    @classmethod
    def named(cls, name: str, suffix: str, keep: int) -> "Cache":
        return cls(ROOT / ".cache" / name, suffix, keep)

    def get(self, key: str) -> bytes | None:
        path = self.folder / f"{key}{self.suffix}"
        try:
            data = path.read_bytes()
            os.utime(path)           # recently used: kept by prune()
            return data
        except OSError:
            return None

    def put(self, key: str, data: bytes) -> None:
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            tmp = self.folder / f".{key}.{os.getpid()}.tmp"
            tmp.write_bytes(data)
            os.replace(tmp, self.folder / f"{key}{self.suffix}")
        except OSError:
            pass

    def prune(self) -> None:
        try:
            entries = sorted(self.folder.glob(f"*{self.suffix}"), key=lambda p: p.stat().st_mtime, reverse=True)
            for old in entries[self.keep:]:
                old.unlink(missing_ok=True)
        except OSError:
            pass
