"""Generic validation: typed, read-only records from YAML, with the file, the
key, the line and the fix in every error.

Nothing here knows about the kit. A record is a frozen dataclass whose fields
are declared with option(): the check, whether it is required, the default,
the YAML key if it differs from the field name, and a line of help that the
"missing value" message repeats. parse() turns a YAML value into a record (or
a list, or a checked value) and raises KitError at the first mistake.

YAML files are read strictly (read_yaml): UTF-8 only, a size limit, no
duplicate keys, no aliases or merge keys (a "billion laughs" file cannot blow
up), no Python tags. Each file also gives a SourceMap: the line of every key,
so errors can say "line 12".
"""
from __future__ import annotations

import contextvars
import dataclasses
import datetime as _dt
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable
from urllib.parse import urlsplit, urlunsplit

import yaml

from supportkit.core.errors import KitError, shown

MAX_FILE_BYTES = 512 * 1024       # a configuration, data or strings file
MAX_TEXT = 2000                   # characters in one text value


# --------------------------------------------------------------------------- checks

class Invalid(ValueError):
    """Raised by a check: what is wrong, and the fix."""

    def __init__(self, problem: str, fix: str):
        super().__init__(problem)
        self.problem, self.fix = problem, fix


# Characters nobody can see or that turn text around: refused in every value.
_INVISIBLE = re.compile("[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f\u00ad\u200b-\u200f"
                        "\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]")


def text(value: Any, max_len: int = MAX_TEXT) -> str:
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        value = str(value)
    if not isinstance(value, str) or not value.strip():
        raise Invalid(f"expected some text, found {shown(value)}", "give a short text value in quotes")
    if _INVISIBLE.search(value):
        raise Invalid(f"{shown(value)} holds a character nobody can see",
                      "type the value again by hand instead of pasting it")
    value = value.strip()
    if len(value) > max_len:
        raise Invalid(f"the text is {len(value)} characters long", f"shorten it to at most {max_len} characters")
    return value


def short_text(value: Any) -> str:
    return text(value, 200)


def boolean(value: Any) -> bool:
    if isinstance(value, bool):
        return value
    raise Invalid(f"expected true or false, found {shown(value)}", "write true or false")


def date(value: Any) -> _dt.date:
    if isinstance(value, _dt.date) and not isinstance(value, _dt.datetime):
        return value
    if isinstance(value, str):
        try:
            return _dt.date.fromisoformat(value.strip())
        except ValueError:
            pass
    raise Invalid(f"{shown(value)} is not a date", "write the date as YYYY-MM-DD, for example 2026-11-21")


def past_date(value: Any) -> _dt.date:
    """A real date, not in the future (for "checked on", "tested on")."""
    d = date(value)
    if d > _dt.date.today():
        raise Invalid(f"{d.isoformat()} is in the future", "give the date it really happened, today or earlier")
    return d


def whole_number(low: int, high: int, unit: str = "") -> Callable[[Any], int]:
    def check(value: Any) -> int:
        if isinstance(value, int) and not isinstance(value, bool) and low <= value <= high:
            return value
        raise Invalid(f"{shown(value)} is not a whole number from {low} to {high}{unit}",
                      f"write a number from {low} to {high}, without quotes")
    return check


def choice(*options: str) -> Callable[[Any], str]:
    def check(value: Any) -> str:
        if value in options:
            return value
        raise Invalid(f"{shown(value)} is not one of the allowed values", "use one of: " + ", ".join(options))
    return check


def slug(value: Any) -> str:
    if isinstance(value, str) and re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", value.strip()) and len(value) <= 60:
        return value.strip()
    raise Invalid(f"{shown(value)} is not a short name",
                  "use lower-case letters, digits and hyphens only, for example keeping-records")


def email(value: Any) -> str:
    if isinstance(value, str) and len(value) <= 254 and value.isascii() and \
            re.fullmatch(r"[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}", value.strip()):
        return value.strip()
    raise Invalid(f"{shown(value)} is not an email address", "use an address like name@example.gov.uk")


# What may appear in a web address as the kit writes it into a page: printable
# ASCII without quotes, angle brackets, backslashes, spaces or backticks.
_URL_CHARS = re.compile(r"[A-Za-z0-9\-._~:/?#\[\]@!$&'()*+,;=%]+")


def web_address(value: Any) -> str:
    """A full https:// address, parsed and written out again."""
    fix = "use a full address starting with https://, for example https://www.example.gov.uk/"
    if not isinstance(value, str):
        raise Invalid(f"{shown(value)} is not a full web address", fix)
    raw = value.strip()
    if _INVISIBLE.search(raw) or any(unicodedata.category(ch).startswith("Z") for ch in raw):
        raise Invalid(f"{shown(value)} holds spaces or characters nobody can see",
                      "type the address again by hand instead of pasting it")
    if not raw.isascii() or "'" in raw or not _URL_CHARS.fullmatch(raw):
        raise Invalid(f"{shown(value)} holds characters a web address cannot have",
                      "remove quotes, spaces, < > and \\; write letters outside A-Z in the address's "
                      "encoded form (for example xn--... for a domain, %C3%A9 in a path)")
    try:
        parts = urlsplit(raw)
        host, port = parts.hostname, parts.port
    except ValueError:
        raise Invalid(f"{shown(value)} is not a full web address", fix) from None
    if parts.scheme != "https":
        raise Invalid(f"{shown(value)} is not a full web address", fix)
    if host and (host == "localhost" or host.endswith(".localhost") or re.fullmatch(r"[0-9.]+|\[.*\]", host)):
        raise Invalid(f"{shown(value)} is not a public site's address", fix)
    if not host or not re.fullmatch(r"[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*",
                                    host.lower()):
        raise Invalid(f"{shown(value)} has no proper host name", fix)
    if parts.username is not None or parts.password is not None:
        raise Invalid(f"{shown(value)} holds a user name or password", "leave out the part before @")
    netloc = host.lower() + (f":{port}" if port else "")
    return urlunsplit((parts.scheme, netloc, parts.path or "/", parts.query, parts.fragment))


# --------------------------------------------------------------------------- values in several languages

# The language being read, and every language of the edition, while parse() runs
# (supportkit.load.config sets them): a localised value picks the current one.
READING = contextvars.ContextVar("reading", default=("en", ("en",)))


def localised(check: Callable[[Any], Any], same_in_every: bool = False) -> Callable[[Any], Any]:
    """A value people read, which an edition in several languages needs in each:
    `{en: ..., cy: ...}`. A single language may give it plainly; with
    `same_in_every`, so may several (an address that has no version per language)."""
    def read(value: Any) -> Any:
        lang, languages = READING.get()
        if isinstance(value, dict):
            unknown = [k for k in value if k not in languages]
            if unknown:
                raise Invalid(f"{shown(unknown[0])} is not a language of this edition",
                              "use the codes listed in extra.languages: " + ", ".join(languages))
            if lang not in value:
                raise Invalid(f"there is no {lang} value",
                              "give it in every language of the edition: " +
                              ", ".join(f"{code}: ..." for code in languages))
            return check(value[lang])
        if len(languages) > 1 and not same_in_every:
            raise Invalid(f"{shown(value)} is in one language only, and the edition has {len(languages)}",
                          "give one value per language, for example {" +
                          ", ".join(f"{code}: ..." for code in languages) + "}")
        return check(value)
    read.localised = True
    return read


# --------------------------------------------------------------------------- records

@dataclass(frozen=True)
class ListOf:
    """A YAML list whose items are each checked by `item` (a check or a Record)."""
    item: Any
    min_items: int = 0
    max_items: int = 200
    unique: str | None = None          # a field whose value must differ between items
    noun: str = "entry"                # what one item is called in messages


_MISSING = dataclasses.MISSING


def option(check: Any, *, required: bool = False, default: Any = None, key: str | None = None,
           help: str = "") -> Any:
    """A record field. `check` is a function (value -> clean value, raising Invalid),
    a Record class, or a ListOf. `key` is the YAML key when it is not the field's name."""
    meta = {"check": check, "required": required, "key": key, "help": help, "default": default}
    if isinstance(default, dict) and not default and is_record(check):
        return dataclasses.field(default=None, metadata=meta)   # {}: the record with all its defaults
    if isinstance(default, (list, dict, set)):
        raise TypeError("use a tuple or None as a default, records are read-only")
    return dataclasses.field(default=default, metadata=meta)


class Record:
    """Base of the kit's records: frozen dataclasses declared with option()."""

    def check(self, at: "At") -> None:
        """Checks that need more than one field; raise at.error(...)."""

    @classmethod
    def options(cls) -> list[tuple[str, str, dict]]:
        return [(f.name, f.metadata.get("key") or f.name, f.metadata) for f in dataclasses.fields(cls)]

    @classmethod
    def field_spec(cls, name: str) -> Any:
        return next(meta["check"] for n, _, meta in cls.options() if n == name)

    @classmethod
    def default(cls, name: str) -> Any:
        return next(meta["default"] for n, _, meta in cls.options() if n == name)


def is_record(spec: Any) -> bool:
    return isinstance(spec, type) and issubclass(spec, Record)


# --------------------------------------------------------------------------- where a value is

@dataclass(frozen=True)
class SourceMap:
    """The line of every key of one YAML file: path (a tuple of keys and list indexes) -> line."""
    file: Path
    lines: dict
    env: dict                  # path -> name of the !ENV variable that gave the value
    inherit: str | None = None # the file's INHERIT: value, as written

    def find(self, path: tuple) -> tuple[int, int] | None:
        """(length of the longest known prefix of path, its line)."""
        for n in range(len(path), -1, -1):
            if path[:n] in self.lines:
                return n, self.lines[path[:n]]
        return None


@dataclass(frozen=True)
class At:
    """Where a value is: the file(s) it came from and its key path."""
    file: Path
    path: tuple = ()
    maps: tuple = ()           # SourceMaps, the most specific file first
    prefix: tuple = ()         # the path of this file's root inside the merged data

    def __truediv__(self, part: str | int) -> "At":
        return dataclasses.replace(self, path=self.path + (part,))

    def key(self) -> str:
        return _key(self.prefix + self.path)

    def locate(self) -> tuple[Path, int | None]:
        best = None
        for m in self.maps:
            found = m.find(self.path)
            if found and (best is None or found[0] > best[0]):
                best = (found[0], found[1], m.file)
        return (best[2], best[1]) if best else (self.file, None)

    def env_variable(self) -> str | None:
        for m in self.maps:
            if self.path in m.env:
                return m.env[self.path]
        return None

    def error(self, problem: str, fix: str) -> KitError:
        file, line = self.locate()
        return KitError(file, self.key(), problem, fix, line)


def parse(spec: Any, value: Any, at: At) -> Any:
    """Check `value` against `spec` (a check, a Record class or a ListOf)."""
    if is_record(spec):
        return _parse_record(spec, value, at)
    if isinstance(spec, ListOf):
        if not isinstance(value, list):
            raise at.error(f"expected a list, found {type(value).__name__}",
                           "write each entry on its own line starting with '- '")
        if len(value) < spec.min_items:
            raise at.error("the list is empty" if not value else f"the list has only {len(value)} entries",
                           f"add at least {'one' if spec.min_items == 1 else spec.min_items} {spec.noun}")
        if len(value) > spec.max_items:
            raise at.error(f"the list has {len(value)} entries", f"keep it to at most {spec.max_items}")
        items = tuple(parse(spec.item, item, at / i) for i, item in enumerate(value))
        if spec.unique:
            seen: dict = {}
            for i, item in enumerate(items):
                v = getattr(item, spec.unique)
                if v in seen:
                    raise (at / i / spec.unique).error(f"{shown(v)} is used twice",
                                                       f"give each {spec.noun} its own {spec.unique}; "
                                                       f"{(at / seen[v]).key()} already uses it")
                seen[v] = i
        return items
    if spec is None:
        return value
    try:
        return spec(value)
    except Invalid as e:
        raise at.error(e.problem, e.fix) from None


def _parse_record(cls: type, value: Any, at: At) -> Any:
    if value is None:
        value = {}
    if not isinstance(value, dict):
        raise at.error(f"expected a set of keys, found {shown(value)}", "indent the keys below it, one per line")
    options = cls.options()
    keys = [k for _, k, _ in options]
    unknown = [k for k in value if k not in keys]
    if unknown:
        raise (at / str(unknown[0])).error("unknown key",
                                           "remove it or correct its spelling; the keys allowed here are: "
                                           + ", ".join(keys))
    out = {}
    for name, key, meta in options:
        where = at / key
        if value.get(key) is None:
            if meta["required"]:
                env = where.env_variable()
                problem = (f"the environment variable {env} is not set, so the value is missing" if env
                           else "a required value is missing")
                raise where.error(problem, f"add {key}: " + (f"({meta['help']})" if meta["help"] else "with a value"))
            default, check = meta["default"], meta["check"]
            if default is not None and is_record(check):
                default = parse(check, {}, where)                 # a record whose keys all have defaults
            elif default is not None and isinstance(check, ListOf):
                default = parse(check, list(default), where)      # the kit's own default list, checked too
            out[name] = default
            continue
        out[name] = parse(meta["check"], value[key], where)
    record = cls(**out)
    record.check(at)
    return record


# --------------------------------------------------------------------------- reading YAML

# libyaml's parser where PyYAML has it (the wheels do): the same nodes, marks and errors, in a
# tenth of the time (reading the kit's data files was about 0.3 s of each build).
_SAFE = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _Strict(_SAFE):
    """Composes the node tree only; tags are kept, nothing is constructed here."""


def _key(path: tuple) -> str:
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out or "(the whole file)"


def _refuse(at_file: Path, node, problem: str, fix: str) -> KitError:
    return KitError(at_file, f"line {node.start_mark.line + 1}", problem, fix, node.start_mark.line + 1)


def _walk(file: Path, node, path: tuple, lines: dict, env: dict, seen: set) -> None:
    if id(node) in seen:
        raise _refuse(file, node, "a YAML alias (*name) repeats a value",
                      "write the value out in full; aliases and anchors (&name) are not allowed here")
    seen.add(id(node))
    tag = node.tag or ""
    if tag.startswith("tag:yaml.org,2002:python/") or tag.startswith("!!python"):
        raise _refuse(file, node, f"the tag {tag} would run code while reading the file", "remove the tag")
    if isinstance(node, yaml.ScalarNode) and tag == "tag:yaml.org,2002:timestamp":
        m = re.match(r"(\d{4})-(\d\d?)-(\d\d?)", node.value)
        try:
            _dt.date(*(int(x) for x in m.groups()))
        except (ValueError, AttributeError):
            raise KitError(file, _key(path), f"{shown(node.value)} is not a real date",
                           "write a date that exists as YYYY-MM-DD, for example 2026-11-21",
                           node.start_mark.line + 1) from None
    if tag == "!ENV":
        names = [node.value] if isinstance(node, yaml.ScalarNode) else [n.value for n in node.value[:1]]
        env[path] = names[0] if names else "?"
    if isinstance(node, yaml.MappingNode):
        keys: dict = {}
        for k, v in node.value:
            if k.tag == "tag:yaml.org,2002:merge":
                raise _refuse(file, k, "a YAML merge key (<<) copies values", "write the values out in full")
            name = k.value if isinstance(k, yaml.ScalarNode) else str(k.value)
            if name in keys:
                raise KitError(file, ".".join(map(str, path + (name,))), f"the key {shown(name)} is given twice "
                               f"(lines {keys[name]} and {k.start_mark.line + 1}); the last one would silently win",
                               "keep one of them", k.start_mark.line + 1)
            keys[name] = k.start_mark.line + 1
            lines[path + (name,)] = k.start_mark.line + 1
            _walk(file, v, path + (name,), lines, env, seen)
    elif isinstance(node, yaml.SequenceNode):
        for i, item in enumerate(node.value):
            lines[path + (i,)] = item.start_mark.line + 1
            _walk(file, item, path + (i,), lines, env, seen)


def read_text(path: Path, what: str = "file") -> str:
    """A file's text: it must exist, be a file, be small and be UTF-8."""
    if not path.exists():
        raise KitError(path, "(file)", f"the {what} does not exist", "check the path")
    if not path.is_file():
        raise KitError(path, "(file)", f"this is a folder, not a {what}", "give the path of a .yml file")
    size = path.stat().st_size
    if size > MAX_FILE_BYTES:
        raise KitError(path, "(file)", f"the file is {size:,} bytes", f"keep it under {MAX_FILE_BYTES:,} bytes")
    data = path.read_bytes()
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as e:
        line = data[: e.start].count(b"\n") + 1
        raise KitError(path, f"line {line}", "the file is not UTF-8 text", "save it as UTF-8 (Unicode) text",
                       line) from None


def source_map(path: Path) -> SourceMap:
    """Read a YAML file strictly and map its keys to their lines (see the module's notes)."""
    source = read_text(path)
    try:
        root = yaml.compose(source, Loader=_Strict)
    except yaml.YAMLError as e:
        mark = getattr(e, "problem_mark", None)
        line = mark.line + 1 if mark else None
        raise KitError(path, f"line {line}" if line else "(file)",
                       f"this is not valid YAML ({getattr(e, 'problem', None) or e})",
                       "check the indentation and quotes on that line", line) from None
    lines: dict = {}
    env: dict = {}
    inherit = None
    if root is not None:
        _walk(path, root, (), lines, env, set())
        if isinstance(root, yaml.MappingNode):
            inherit = next((v.value for k, v in root.value if k.value == "INHERIT" and isinstance(v, yaml.ScalarNode)),
                           None)
    return SourceMap(path, lines, env, inherit)


def read_yaml(path: Path) -> tuple[Any, SourceMap]:
    """A YAML data file (not a MkDocs configuration): its values and its SourceMap."""
    smap = source_map(path)
    try:
        data = yaml.load(read_text(path), Loader=_SAFE)
    except yaml.YAMLError as e:          # composed above, so only constructor errors reach here
        raise KitError(path, "(file)", f"a value cannot be read ({e})", "check the value's quotes") from None
    return data, smap
