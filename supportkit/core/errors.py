"""The kit's one error family.

A KitError is a mistake a person can fix. It names the file, the key (and the
line when known), what is wrong and how to fix it. Commands print it and exit
with code 2; anything else that goes wrong is unexpected and exits with 1.
"""
from __future__ import annotations

from pathlib import Path

SHOWN = 80          # at most this many characters of a value appear in a message


def shown(value: object) -> str:
    """A value as a message shows it: repr, cut to about SHOWN characters."""
    text = repr(value)
    return text if len(text) <= SHOWN else text[: SHOWN - 3] + "..."


def relative(path: Path | str) -> str:
    """A path as the person typed it: from the kit's folder (or the current one) when inside it."""
    from supportkit import ROOT

    p = Path(path)
    for base in (ROOT, Path.cwd()):
        try:
            return Path(p).resolve().relative_to(base.resolve()).as_posix()
        except (ValueError, OSError):
            continue
    return str(path)


class KitError(Exception):
    """A mistake in a configuration, data, strings or page file, with the fix."""

    def __init__(self, file: Path | str, key: str, problem: str, fix: str, line: int | None = None):
        self.file, self.key, self.problem, self.fix, self.line = str(file), key, problem, fix, line
        super().__init__(str(self))

    def __reduce__(self):
        """Picklable, so a leaflet rendered in another process can report it."""
        return type(self), (self.file, self.key, self.problem, self.fix, self.line)

    def where(self) -> str:
        return relative(self.file) + (f", line {self.line}" if self.line else "")

    def __str__(self) -> str:
        key = "" if self.key in ("(page)", f"line {self.line}") else f"{self.key}: "
        return f"{self.where()}: {key}{self.problem}\n  Fix: {self.fix}"


class OutputError(KitError):
    """An output folder that the kit may not write to (it would destroy work)."""
