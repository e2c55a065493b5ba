"""Results kept on disk (.cache/<name>/) by a hash of everything they are made
from: the CSS step's stylesheets (css.py), Terser's scripts (assets.py),
the compressed copies (precompress.py) and the compiled templates (templates()
below, for Material's Jinja environment and the kit's). A build whose inputs
have not changed reads the result instead of making it again. Each entry is written
whole or not at all (a temporary file, then a rename), the newest `keep`
entries stay, and a cache that cannot be read or written only costs time.
"""
from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass
from pathlib import Path

import jinja2
import jinja2.bccache

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


# Environment settings that change what Jinja compiles a template into.
_COMPILE_SETTINGS = ("block_start_string", "block_end_string", "variable_start_string", "variable_end_string",
                     "comment_start_string", "comment_end_string", "line_statement_prefix", "line_comment_prefix",
                     "trim_blocks", "lstrip_blocks", "newline_sequence", "keep_trailing_newline", "optimized",
                     "is_async")


def _named(value) -> str:
    return f"{value.__module__}.{value.__qualname__}" if callable(value) else repr(value)


class _TemplateCache(jinja2.FileSystemBytecodeCache):
    """Entries by the template's name and a hash of its source, not by its file's path: the
    kit's drawn parts are written into a new temporary theme folder on every build
    (supportkit/render/theme.py), and Jinja's own key (name and path) missed every one of
    them each time (about 120 templates a build, and as many new entries)."""
    KEEP = 3000                      # newest entries kept (an edition's build uses about 400)

    def get_bucket(self, environment, name, filename, source):
        checksum = self.get_source_checksum(source)
        bucket = jinja2.bccache.Bucket(environment, self.get_cache_key(f"{name}|{checksum}"), checksum)
        self.load_bytecode(bucket)
        return bucket

    def load_bytecode(self, bucket) -> None:
        super().load_bytecode(bucket)
        if bucket.code is not None:
            try:
                os.utime(self._get_cache_filename(bucket))     # recently used: kept by prune()
            except OSError:
                pass

    def dump_bytecode(self, bucket) -> None:
        try:
            super().dump_bytecode(bucket)
        except OSError:              # a cache that cannot be written only costs time
            pass

    def prune(self) -> None:
        """The newest KEEP entries stay; only looked at once the folder holds a third more."""
        try:
            entries = list(os.scandir(self.directory))
            if len(entries) <= self.KEEP * 4 // 3:
                return
            entries.sort(key=lambda e: e.stat().st_mtime, reverse=True)
            for old in entries[self.KEEP:]:
                os.unlink(old.path)
        except OSError:
            pass


def templates(env: jinja2.Environment) -> jinja2.BytecodeCache | None:
    """Jinja's compiled templates, kept in .cache/jinja/<settings>/ for `env`: compiling
    Material's templates and the kit's took 0.8 s of a 2.3 s build. Jinja checks each
    entry against its template's source (SHA-1) and its own and Python's versions; the
    folder is named by a hash of the settings that change the compiled code (the
    syntax, autoescape, the extensions, finalize), so environments set up differently
    never share an entry. An entry is per template file, and replaced when that changes."""
    settings = [f"{name}={getattr(env, name)!r}" for name in _COMPILE_SETTINGS]
    settings += [f"autoescape={_named(env.autoescape)}", f"finalize={_named(env.finalize)}",
                 "extensions=" + ",".join(sorted(env.extensions))]
    folder = ROOT / ".cache" / "jinja" / key(*settings)[:16]
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError:
        return None
    bcc = _TemplateCache(str(folder))
    bcc.prune()
    return bcc
