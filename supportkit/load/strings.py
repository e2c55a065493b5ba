"""One strings file per language: strings/<lang>.yml.

Every word a visitor sees that is not page content comes from here. The
English file defines the keys; every other language's file must have exactly
the same keys and, in each string, the same {placeholders}. Dates use Babel,
with the file's `locale` and `dates.format`.

    s = load_strings("en")
    s("footer.privacy")                          -> plain text
    s.markup("help_box.danger", emergency=...)   -> Markup: the string escaped,
                                                    placeholders filled with markup
"""
from __future__ import annotations

import datetime as _dt
import re
import string
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from markupsafe import Markup, escape

from supportkit import STRINGS
from supportkit.core.errors import KitError, shown
from supportkit.load.schema import read_yaml

REFERENCE = "en"                     # the language whose file defines the keys
_FORMATTER = string.Formatter()


def placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in _FORMATTER.parse(text) if name}


def _flatten(data, file: Path, prefix: str = "") -> dict[str, str]:
    out: dict[str, str] = {}
    if not isinstance(data, dict):
        raise KitError(file, prefix or "(the whole file)", "expected a set of keys", "indent the keys below it")
    for key, value in data.items():
        name = f"{prefix}.{key}" if prefix else str(key)
        if isinstance(value, dict):
            out.update(_flatten(value, file, name))
        elif isinstance(value, str) and value:
            out[name] = value
        else:
            raise KitError(file, name, f"expected a string, found {shown(value)}",
                           "write the words in quotes, for example \"Exit this page\"")
    return out


_SENTENCE_END = re.compile(r"[.!?]\s+$")


def _sentence_case(value, before: list):
    """A value placed where a sentence starts in its string (after ". ", with what the string
    has written so far in `before`) begins with a capital: "…free. Dydd Llun…"."""
    if not value[:1].isalpha() or value[:1].isupper() or not _SENTENCE_END.search("".join(map(str, before))):
        return value
    return value[:1].upper() + value[1:]


@dataclass(frozen=True)
class Strings:
    """The strings of one language."""
    lang: str
    file: Path
    values: dict = field(repr=False)

    @property
    def locale(self) -> str:
        return self.values["locale"]

    def has(self, key: str) -> bool:
        return key in self.values

    def __call__(self, key: str, **args: object) -> str:
        """The string as plain text, with its placeholders filled in."""
        template = self._get(key)
        if not (args or placeholders(template)):
            return template
        out = []
        for literal, name, _, _ in _FORMATTER.parse(template):
            out.append(literal)
            if name:
                out.append(_sentence_case(str(args[name]), out))
        return "".join(out)

    def markup(self, key: str, **args: object) -> Markup:
        """The string escaped for HTML, each placeholder filled with (escaped or markup) args."""
        template = self._get(key)
        missing = placeholders(template) - set(args)
        if missing:
            raise KitError(self.file, key, f"the kit does not fill in {{{sorted(missing)[0]}}}",
                           "use only the placeholders the English string has")
        out = []
        for literal, name, _, _ in _FORMATTER.parse(template):
            out.append(escape(literal))
            if name:
                out.append(_sentence_case(escape(args[name]), out))
        return Markup("".join(out))

    def raw(self, key: str) -> Markup:
        """The string escaped, its {placeholders} left for a script to fill in."""
        return Markup(escape(self._get(key)))

    def plain(self, key: str) -> str:
        """The string as written, not escaped, its {placeholders} left for a script to fill in:
        for a script's data (JSON in a script file), never for HTML."""
        return self._get(key)

    def _get(self, key: str) -> str:
        try:
            return self.values[key]
        except KeyError:
            raise KitError(self.file, key, "this string is missing",
                           f"add {key}: with the words to show, in strings/{self.lang}.yml") from None

    def date(self, d: _dt.date) -> str:
        from babel.dates import format_date
        return format_date(d, self("dates.format"), locale=self.locale)

    def day_name(self, day: int) -> str:
        """0 is Monday: Babel's wide name, as running text writes it (`hours.day_case`:
        `babel` keeps Babel's "Monday"; `lower` makes Babel's "Dydd Llun" "dydd Llun").
        A name that starts a sentence gets its capital back (_sentence_case)."""
        from babel.dates import get_day_names
        name = get_day_names("wide", locale=self.locale)[day]
        case = self._get("hours.day_case")
        if case == "lower":
            return name[:1].lower() + name[1:]
        if case != "babel":
            raise KitError(self.file, "hours.day_case", f"{shown(case)} is not a way to write day names",
                           "write babel (as Babel gives them) or lower (the first letter small)")
        return name

    def join(self, items: list[str]) -> str:
        """A, B and C (list_separator, list_last)."""
        if len(items) < 2:
            return "".join(items)
        return self("hours.list_separator").join(items[:-1]) + self("hours.list_last") + items[-1]

    def for_js(self, *keys: str) -> dict[str, str]:
        """Strings a script needs, to put in data attributes."""
        return {k: self(k) for k in keys}


def strings_file(lang: str, folder: Path = STRINGS) -> Path:
    return folder / f"{lang}.yml"


@lru_cache(maxsize=None)
def _load(lang: str, folder: Path, mtime_ns: int) -> Strings:
    path = strings_file(lang, folder)
    if not re.fullmatch(r"[a-z]{2,3}", lang):
        raise KitError(path, "language", f"{shown(lang)} is not a language code", "use a code such as en or cy")
    data, _ = read_yaml(path)
    values = _flatten(data, path)
    if "locale" not in values:
        raise KitError(path, "locale", "a required value is missing", "add locale: (for example en_GB or cy)")
    if lang != REFERENCE:
        ref = load_strings(REFERENCE, folder)
        for key in ref.values:
            if key not in values:
                raise KitError(path, key, "this string is missing (strings/en.yml has it)",
                               f"add {key}: with the {lang} words for: {shown(ref.values[key])}")
        for key in values:
            if key not in ref.values:
                raise KitError(path, key, "strings/en.yml has no such key",
                               "remove it or correct its spelling")
        for key, text in values.items():
            want, have = placeholders(ref.values[key]), placeholders(text)
            if want != have:
                gone = sorted(want - have)
                raise KitError(path, key, f"{{{(gone or sorted(have - want))[0]}}} is "
                               + ("missing" if gone else "not in the English string"),
                               "keep exactly these placeholders: " + (", ".join("{" + p + "}" for p in sorted(want))
                                                                     or "none"))
    return Strings(lang, path, values)


def load_strings(lang: str, folder: Path = STRINGS) -> Strings:
    """The strings of one language, checked against the English file."""
    path = strings_file(lang, folder)
    if not path.is_file():
        raise KitError(path, "(file)", f"there is no strings file for {shown(lang)}",
                       f"copy strings/{REFERENCE}.yml to strings/{lang}.yml and translate each value")
    return _load(lang, folder, path.stat().st_mtime_ns)
