"""Load and validate an organisation configuration and the contacts data.

Every option an organisation can set is declared once, in ORGANISATION_SCHEMA
below, with its type, whether it is required, and its default. A mistake is
reported as a ConfigError naming the file, the key and the fix, before anything
is built or written.
"""
from __future__ import annotations

import datetime as _dt
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable
from urllib.parse import urlparse

import yaml

ROOT = Path(__file__).resolve().parents[2]
BASE_CONFIG = ROOT / "mkdocs.yml"
CONTACTS_FILE = ROOT / "docs" / "data" / "contacts.yml"


class ConfigError(Exception):
    """A mistake in a configuration or data file, with where it is and the fix."""

    def __init__(self, file: Path | str, key: str, problem: str, fix: str):
        self.file, self.key, self.problem, self.fix = str(file), key, problem, fix
        super().__init__(f"{_rel(file)}: {key}: {problem}\n  Fix: {fix}")


def _rel(path: Path | str) -> str:
    try:
        return str(Path(path).resolve().relative_to(ROOT))
    except ValueError:
        return str(path)


# --------------------------------------------------------------------------
# Field types. Each returns the cleaned value or raises ValueError(problem, fix).
# --------------------------------------------------------------------------

class Invalid(ValueError):
    def __init__(self, problem: str, fix: str):
        super().__init__(problem)
        self.problem, self.fix = problem, fix


def text(value: Any) -> str:
    if not isinstance(value, str) or not value.strip():
        raise Invalid(f"expected some text, found {value!r}", "give a short text value in quotes")
    return value.strip()


def url(value: Any) -> str:
    if isinstance(value, str):
        parts = urlparse(value.strip())
        loopback = parts.scheme == "http" and parts.hostname in ("127.0.0.1", "localhost")
        if (parts.scheme == "https" or loopback) and parts.netloc and " " not in value.strip():
            return value.strip()
    raise Invalid(f"{value!r} is not a full web address",
                  "use a full address starting with https://, for example https://www.example.gov.uk/")


def email(value: Any) -> str:
    if isinstance(value, str) and re.fullmatch(r"[^@\s<>]+@[^@\s<>]+\.[A-Za-z]{2,}", value.strip()):
        return value.strip()
    raise Invalid(f"{value!r} is not an email address", "use an address like name@example.gov.uk")


def date(value: Any) -> _dt.date:
    if isinstance(value, _dt.date) and not isinstance(value, _dt.datetime):
        return value
    if isinstance(value, str):
        try:
            return _dt.date.fromisoformat(value.strip())
        except ValueError:
            pass
    raise Invalid(f"{value!r} is not a date", "write the date as YYYY-MM-DD, for example 2026-11-21")


def positive_int(value: Any) -> int:
    if isinstance(value, int) and not isinstance(value, bool) and value > 0:
        return value
    raise Invalid(f"{value!r} is not a whole number of seconds above 0", "write a number such as 120, without quotes")


def choice(*options: str) -> Callable[[Any], str]:
    def check(value: Any) -> str:
        if value in options:
            return value
        raise Invalid(f"{value!r} is not one of the allowed values",
                      "use one of: " + ", ".join(options))
    return check


def site_path(value: Any) -> str:
    """A file inside docs/ (for example a logo)."""
    value = text(value)
    if value.startswith(("/", "http:", "https:")) or ".." in value:
        raise Invalid(f"{value!r} is not a path inside docs/",
                      "put the file in docs/assets/ and give its path, for example assets/logo.svg")
    if not (ROOT / "docs" / value).is_file():
        raise Invalid(f"there is no file docs/{value}", "add the file to docs/ or correct the path")
    return value


def kit_file(value: Any) -> str:
    """A file in the kit's folder (for example a question set), given from that folder."""
    value = text(value)
    if not (ROOT / value).is_file():
        raise Invalid(f"there is no file {value}",
                      "give the file's path from the kit's folder, for example docs/data/checklist.yml")
    return value


def docs_page(value: Any) -> str:
    """A page of the section: a Markdown file in docs/, such as what-is-stalking.md."""
    value = text(value)
    pages = sorted(p.relative_to(ROOT / "docs").as_posix() for p in (ROOT / "docs").rglob("*.md"))
    if value not in pages:
        raise Invalid(f"there is no page docs/{value}",
                      "give the name of a Markdown file in docs/, one of: " + ", ".join(pages))
    return value


def slug(value: Any) -> str:
    if isinstance(value, str) and re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", value.strip()):
        return value.strip()
    raise Invalid(f"{value!r} is not a short name for a file",
                  "use lower-case letters, digits and hyphens only, for example keeping-records")


# Phone numbers: UK short codes, text relay and full national numbers, written
# with digits and single spaces. The forms are matched with the spaces removed.
_NUMBER_FORMS = {
    "voice": r"999|112|101|1\d{3,5}|0\d{9,10}",
    "text-relay": r"18000|18001(1\d{2}|0\d{9,10})",
    "sms": r"999|\d{5}|0\d{9,10}",
    "keypad": r"\d{1,3}",
}


def phone_number(kind: str) -> Callable[[Any], str]:
    def check(value: Any) -> str:
        raw = value.strip() if isinstance(value, str) else ""
        if re.fullmatch(r"\d+( \d+)*", raw) and re.fullmatch(_NUMBER_FORMS[kind], raw.replace(" ", "")):
            return raw
        raise Invalid(f"{value!r} is not a valid UK {kind} number",
                      "write the number in quotes with digits and single spaces only, "
                      "for example \"0808 802 0300\", \"101\" or \"18001 101\"")
    return check


# --------------------------------------------------------------------------
# Schemas: dicts of key -> Field. Nested schemas are dicts; lists use ListOf.
# --------------------------------------------------------------------------

@dataclass(frozen=True)
class Field:
    check: Any                  # a callable, a dict (nested schema) or ListOf
    required: bool = False
    default: Any = None
    help: str = ""


@dataclass(frozen=True)
class ListOf:
    item: Any                   # a nested schema dict or a callable


DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


def clock(value: Any) -> str:
    if isinstance(value, int) and 0 <= value < 24 * 60:  # YAML reads 09:30 as minutes
        value = f"{value // 60:02d}:{value % 60:02d}"
    if isinstance(value, str) and re.fullmatch(r"([01]\d|2[0-3]):[0-5]\d", value.strip()):
        return value.strip()
    raise Invalid(f"{value!r} is not a time", "write the time in quotes as HH:MM, for example \"09:30\"")


def days(value: Any) -> list[str]:
    if isinstance(value, list) and value and all(v in DAYS for v in value):
        return list(value)
    raise Invalid(f"{value!r} is not a list of days", "list days as [mon, tue, wed, thu, fri, sat, sun]")


HOURS_SCHEMA = {
    "days": Field(days, required=True),
    "opens": Field(clock, required=True),
    "closes": Field(clock, required=True),
}

NUMBER_SCHEMA = {
    "id": Field(text, required=True, help="how pages refer to this number: main, relay, sms, silent"),
    "kind": Field(choice(*_NUMBER_FORMS), default="voice"),
    "label": Field(text, help="what to call the number, if not Phone / Text relay / Text"),
    "number": Field(None, required=True),   # checked against its kind below
    "free": Field(bool, default=False),
}

CONTACT_SCHEMA = {
    "id": Field(text, required=True),
    "name": Field(text, required=True),
    "for": Field(text, required=True, help="one line: what the service is for"),
    "numbers": Field(ListOf(NUMBER_SCHEMA), default=[]),
    "always_open": Field(bool, default=False),
    "hours": Field(ListOf(HOURS_SCHEMA), default=[]),
    "closed_on_bank_holidays": Field(bool, default=False),
    "website": Field(url),
    "email": Field(email),
    "checked": Field(date, required=True, help="when a person last checked these details"),
    "confidence": Field(choice("H", "M", "U"), default="M"),
    "in_directory": Field(bool, default=True),
    "in_help_box": Field(bool, default=False),
}

ORGANISATION_SCHEMA = {
    "name": Field(text, required=True, help="the organisation's full name"),
    "short_name": Field(text),
    "logo": Field(site_path),
    "website": Field(url, required=True, help="link back to the organisation's main site"),
    "area": Field(text, required=True),
    "police_force": Field(text, required=True),
    "report_online": Field(url),
    "local_contacts": Field(ListOf(CONTACT_SCHEMA), default=[]),
}

PAPER_SIZES = ("A4", "A5")


def paper_sizes(value: Any) -> list[str]:
    if isinstance(value, list) and value and all(v in PAPER_SIZES for v in value) and len(set(value)) == len(value):
        return list(value)
    raise Invalid(f"{value!r} is not a list of paper sizes", "list one or both of [A4, A5]")


# Printed leaflets (scripts/leaflets.py): each is one or more pages of the
# section, rendered from the built site and ending with "Get help now".
LEAFLET_SCHEMA = {
    "id": Field(slug, required=True, help="the file name: dist/leaflets/<id>-a4.pdf"),
    "title": Field(text, required=True, help="a short label, such as Keeping records"),
    "pages": Field(ListOf(docs_page), required=True, help="pages in docs/, such as [keeping-records.md, diary.md]"),
    "sizes": Field(paper_sizes, default=list(PAPER_SIZES)),
}

DEFAULT_LEAFLETS = [
    {"id": "where-to-get-help", "title": "Stalking: where to get help",
     "pages": ["what-is-stalking.md", "staying-safe.md", "get-support.md"]},
    {"id": "keeping-records", "title": "Keeping records", "pages": ["keeping-records.md", "diary.md"]},
    {"id": "behaviour-diary", "title": "Behaviour diary", "pages": ["diary.md"]},
    {"id": "unwanted-calls", "title": "Unwanted calls", "pages": ["unwanted-calls.md"]},
    {"id": "risk-checklist", "title": "Risk checklist", "pages": ["risk-checklist.md"]},
]

KIT_SCHEMA = {   # the keys of `extra:` in mkdocs.yml and in organisation files
    "organisation": Field(ORGANISATION_SCHEMA, help="leave out for the national edition"),
    "quick_exit": Field({
        "destination": Field(url, default="https://www.bbc.co.uk/weather"),
        "destination_name": Field(text, default="BBC Weather"),
    }, default={}),
    "reviewed": Field(date, required=True, help="when the whole section was last reviewed"),
    "accessibility": Field({
        "status": Field(choice("fully", "partially", "not"), default="partially"),
        "prepared": Field(date, required=True),
        "reviewed": Field(date, required=True),
        "email": Field(email),
        "url": Field(url),
    }, required=True),
    "edition": Field(choice("web", "kiosk"), default="web"),
    "leaflets": Field(ListOf(LEAFLET_SCHEMA), default=DEFAULT_LEAFLETS,
                      help="the printed leaflets `make leaflets` renders (scripts/leaflets.py)"),
    # Not called `checklist`: mkdocs-macros turns extra keys into page variables,
    # and that name is the risk checklist's macro.
    "checklist_questions": Field(kit_file, default="docs/data/checklist.yml",
                                 help="the risk checklist's question file (see scripts/kit/checklist.py)"),
    # Not called `kiosk`: the templates' kit values already have a `kiosk` flag.
    "kiosk_idle": Field({
        "idle_seconds": Field(positive_int, default=120,
                              help="seconds without input before the kiosk edition asks \"Still there?\""),
        "countdown_seconds": Field(positive_int, default=10,
                                   help="seconds the notice counts down before the start page comes back"),
    }, default={}, help="the kiosk edition's idle reset (overrides/assets/idle-reset.js)"),
}

# Top-level keys an organisation file may set (everything else comes from mkdocs.yml).
ORGANISATION_FILE_KEYS = {"INHERIT", "site_name", "site_url", "extra"}


def _check(value: Any, spec: Any, key: str, file: Path) -> Any:
    if isinstance(spec, dict):
        return _check_mapping(value, spec, key, file)
    if isinstance(spec, ListOf):
        if not isinstance(value, list):
            raise ConfigError(file, key, f"expected a list, found {type(value).__name__}",
                              "write each entry on its own line starting with '- '")
        return [_check(item, spec.item, f"{key}[{i}]", file) for i, item in enumerate(value)]
    if spec is bool:
        if isinstance(value, bool):
            return value
        raise ConfigError(file, key, f"expected true or false, found {value!r}", "write true or false")
    if spec is None:
        return value
    try:
        return spec(value)
    except Invalid as e:
        raise ConfigError(file, key, e.problem, e.fix) from None


def _check_mapping(value: Any, schema: dict, key: str, file: Path) -> dict:
    if value is None:
        value = {}
    if not isinstance(value, dict):
        raise ConfigError(file, key, f"expected a set of keys, found {value!r}",
                          "indent the keys below it, one per line")
    unknown = sorted(set(value) - set(schema))
    if unknown:
        allowed = ", ".join(schema)
        raise ConfigError(file, f"{key}.{unknown[0]}" if key else unknown[0], "unknown key",
                          f"remove it or correct its spelling; the keys allowed here are: {allowed}")
    out = {}
    for name, field in schema.items():
        where = f"{key}.{name}" if key else name
        if value.get(name) is None:
            if field.required:
                raise ConfigError(file, where, "a required value is missing",
                                  f"add {name}: " + (f"({field.help})" if field.help else "with a value"))
            default = field.default
            out[name] = _check({}, field.check, where, file) if isinstance(field.check, dict) and default is not None else default
            continue
        out[name] = _check(value[name], field.check, where, file)
    return out


def _check_contact(contact: dict, key: str, file: Path) -> dict:
    for i, number in enumerate(contact["numbers"]):
        where = f"{key}.numbers[{i}].number"
        number["number"] = _check(number["number"], phone_number(number["kind"]), where, file)
    ids = [n["id"] for n in contact["numbers"]]
    if len(ids) != len(set(ids)):
        raise ConfigError(file, f"{key}.numbers", "two numbers share an id", "give each number its own id")
    if not contact["numbers"] and not contact["website"]:
        raise ConfigError(file, key, "the contact has no number and no website", "add numbers: or website:")
    return contact


def _check_leaflets(leaflets: list[dict], file: Path) -> list[dict]:
    """The leaflet list (the kit's defaults are checked too), each id once."""
    leaflets = _check(leaflets, ListOf(LEAFLET_SCHEMA), "extra.leaflets", file)
    seen: set[str] = set()
    for i, leaflet in enumerate(leaflets):
        if leaflet["id"] in seen:
            raise ConfigError(file, f"extra.leaflets[{i}].id", f"two leaflets share the id {leaflet['id']!r}",
                              "give each leaflet its own id; it names the PDF files")
        seen.add(leaflet["id"])
    return leaflets


# --------------------------------------------------------------------------
# Loading
# --------------------------------------------------------------------------

class _Loader(yaml.SafeLoader):
    """SafeLoader that tolerates MkDocs' !ENV and !relative tags (kept as text)."""


_Loader.add_constructor("!ENV", lambda loader, node: None)
_Loader.add_constructor("!relative", lambda loader, node: None)


def read_yaml(path: Path) -> dict:
    try:
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=_Loader)
    except FileNotFoundError:
        raise ConfigError(path, "(file)", "the file does not exist", "check the CONFIG= path") from None
    except yaml.YAMLError as e:
        mark = getattr(e, "problem_mark", None)
        where = f"line {mark.line + 1}" if mark else "(file)"
        raise ConfigError(path, where, f"this is not valid YAML ({getattr(e, 'problem', e)})",
                          "check the indentation and quotes on that line") from None
    if not isinstance(data, dict):
        raise ConfigError(path, "(file)", "the file is empty or not a set of keys", "start from examples/")
    return data


def _merge(base: dict, child: dict) -> dict:
    out = dict(base)
    for k, v in child.items():
        out[k] = _merge(out[k], v) if isinstance(v, dict) and isinstance(out.get(k), dict) else v
    return out


@dataclass
class Edition:
    """A validated organisation configuration, ready to build."""
    file: Path
    site_name: str
    site_url: str | None
    kit: dict              # the validated `extra:` values
    contacts: list[dict]   # national contacts then local ones
    checklist: dict | None = None   # the risk checklist's questions (kit.checklist)


def load_contacts(path: Path = CONTACTS_FILE) -> list[dict]:
    data = read_yaml(path)
    contacts = _check(data.get("contacts"), ListOf(CONTACT_SCHEMA), "contacts", path)
    unknown = sorted(set(data) - {"contacts"})
    if unknown:
        raise ConfigError(path, unknown[0], "unknown key", "the file holds only contacts:")
    return [_check_contact(c, f"contacts[{i}]", path) for i, c in enumerate(contacts)]


def load(config_file: Path | str = BASE_CONFIG, contacts_file: Path = CONTACTS_FILE) -> Edition:
    path = Path(config_file).resolve()
    data = read_yaml(path)
    if path != BASE_CONFIG.resolve():
        unknown = sorted(set(data) - ORGANISATION_FILE_KEYS)
        if unknown:
            raise ConfigError(path, unknown[0], "unknown key",
                              "an organisation file may set only: " + ", ".join(sorted(ORGANISATION_FILE_KEYS)))
        parent = data.get("INHERIT")
        if not parent or (path.parent / parent).resolve() != BASE_CONFIG.resolve():
            raise ConfigError(path, "INHERIT", "the file does not inherit the kit's mkdocs.yml",
                              f"add INHERIT: {Path('..') / 'mkdocs.yml' if path.parent != ROOT else 'mkdocs.yml'}"
                              " as the first line")
        merged = _merge(read_yaml(BASE_CONFIG), {k: v for k, v in data.items() if k != "INHERIT"})
    else:
        merged = data
    return edition_from(merged, path, contacts_file)


def edition_from(merged: dict, where: Path | str, contacts_file: Path = CONTACTS_FILE) -> Edition:
    """Validate the merged site_name, site_url and extra of a configuration."""
    site_name = _check(merged.get("site_name"), text, "site_name", where)
    site_url = _check(merged["site_url"], url, "site_url", where) if merged.get("site_url") else None
    kit = _check_mapping(merged.get("extra") or {}, KIT_SCHEMA, "extra", where)
    kit["leaflets"] = _check_leaflets(kit["leaflets"], where)
    org = kit["organisation"]
    if org:
        org["local_contacts"] = [_check_contact(c, f"extra.organisation.local_contacts[{i}]", where)
                                 for i, c in enumerate(org["local_contacts"])]
    contacts = load_contacts(contacts_file) + (org["local_contacts"] if org else [])
    seen: set[str] = set()
    for c in contacts:
        if c["id"] in seen:
            raise ConfigError(where, f"contact id {c['id']!r}", "two contacts share this id",
                              "give the local contact an id of its own")
        seen.add(c["id"])
    from kit.checklist import load_checklist   # here, not at the top: kit.checklist imports this module
    checklist = load_checklist(ROOT / kit["checklist_questions"])
    return Edition(Path(where), site_name, site_url, kit, contacts, checklist)
