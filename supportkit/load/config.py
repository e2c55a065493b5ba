"""The kit's options, and loading an edition's configuration once.

An organisation file (examples/northshire-police.yml) inherits the kit's
mkdocs.yml and may set only site_name, site_url and extra. Every option under
`extra:` is declared once, below, with its check, default and help. 

load_edition() reads the file with MkDocs' own YAML loader (so INHERIT and !ENV
behave exactly as in MkDocs), after a strict pass over each file in the
INHERIT chain (supportkit.load.schema), then validates everything (options,
contacts, the checklist's questions, the strings) into one read-only Edition.
The build, the page macros, the kiosk and the leaflets are all handed that
same Edition.
"""
from __future__ import annotations

import dataclasses
import os
import re
import types
from urllib.parse import urlsplit
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from supportkit import ROOT
from supportkit.load.checklist import Checklist, load_checklist
from supportkit.load.contacts import HOLIDAY_REGIONS, Contact, ContactsFile, check_local, nations
from supportkit.core.errors import KitError, shown
from supportkit.load.schema import (READING, At, Invalid, ListOf, Record, boolean, choice, date, email, localised, option, parse,
                               past_date, read_yaml, short_text, slug, source_map, text, web_address, whole_number)
from supportkit.load.strings import REFERENCE, Strings, load_strings

BASE_CONFIG = ROOT / "mkdocs.yml"
DOCS = ROOT / "docs"
CONTACTS_FILE = DOCS / "data" / "contacts.yml"
NATIONS_FILE = DOCS / "data" / "nations.yml"
EDITIONS = ("web", "kiosk")
ORGANISATION_FILE_KEYS = ("INHERIT", "site_name", "site_url", "extra")


# --------------------------------------------------------------------------- checks that know the kit's folders

def docs_file(value: Any) -> str:
    """A file inside docs/ (for example a logo), given from docs/."""
    value = text(value, 300)
    path = (DOCS / value)
    if value.startswith(("/", "http:", "https:")) or ".." in Path(value).parts:
        raise Invalid(f"{shown(value)} is not a path inside docs/",
                      "put the file in docs/assets/ and give its path, for example assets/logo.svg")
    if not path.is_file():
        raise Invalid(f"there is no file docs/{value}", "add the file to docs/ or correct the path")
    return value


def kit_file(value: Any) -> str:
    """A file in the kit's folder (for example a question set), given from that folder."""
    value = text(value, 300)
    if value.startswith("/") or ".." in Path(value).parts or not (ROOT / value).is_file():
        raise Invalid(f"there is no file {value}",
                      "give the file's path from the kit's folder, for example docs/data/checklist.yml")
    return value


def docs_page(value: Any) -> str:
    """A page of the section: a Markdown file in docs/, such as what-is-stalking.md."""
    value = text(value, 300)
    pages = sorted(p.relative_to(DOCS).as_posix() for p in DOCS.rglob("*.md"))
    if value not in pages:
        raise Invalid(f"there is no page docs/{value}",
                      "give the name of a Markdown file in docs/, one of: " + ", ".join(pages))
    return value


PAPER_SIZES = ("A4", "A5")


def paper_sizes(value: Any) -> tuple:
    if isinstance(value, list) and value and all(v in PAPER_SIZES for v in value) and len(set(value)) == len(value):
        return tuple(value)
    raise Invalid(f"{shown(value)} is not a list of paper sizes", "list one or both of [A4, A5]")


# --------------------------------------------------------------------------- the jurisdictions

@dataclass(frozen=True)
class Site(Record):
    name: str = option(short_text, required=True, help="the site's name, as a link's words")
    url: str = option(web_address, required=True)


@dataclass(frozen=True)
class Nation(Record):
    """A jurisdiction an edition can be for (docs/data/nations.yml)."""
    id: str = option(slug, required=True)
    serves: tuple = option(nations, required=True, help="the nations whose contacts its editions show")
    any_time: str = option(slug, required=True, help="the default 24-hour line that is not the police")
    report_online: str = option(web_address, required=True, help="the default report-online address")
    bank_holidays: str = option(choice(*HOLIDAY_REGIONS), required=True,
                                help="whose bank holidays close the organisation's own lines, by default")
    high_risk: str = option(slug, help="a service for people at high risk of harm, for the checklist's guidance")
    law_page: str = option(short_text, required=True, help="the page built as the-law.md")
    help_site: Site = option(Site, help="a public site on getting help there, for the other nations' law pages")


@dataclass(frozen=True)
class NationsFile(Record):
    nations: tuple = option(ListOf(Nation, unique="id", min_items=1, max_items=10, noun="nation"), required=True)


_NATIONS: dict = {}


def load_nations() -> dict:
    """docs/data/nations.yml, checked: id -> Nation."""
    key = NATIONS_FILE.stat().st_mtime_ns
    if _NATIONS.get("key") != key:
        data, smap = read_yaml(NATIONS_FILE)
        found = parse(NationsFile, data, At(NATIONS_FILE, maps=(smap,))).nations
        for i, nation in enumerate(found):
            page = DOCS / nation.law_page
            if not page.is_file() or page.suffix != ".md":
                raise At(NATIONS_FILE, ("nations", i, "law_page"), (smap,)).error(
                    f"there is no page docs/{nation.law_page}",
                    "write the nation's law page there, or give the path of one under docs/")
        _NATIONS.update(key=key, nations={n.id: n for n in found})
    return _NATIONS["nations"]


def jurisdiction(value: Any) -> str:
    ids = list(load_nations())
    if value in ids:
        return value
    raise Invalid(f"{shown(value)} is not a jurisdiction the kit knows",
                  "use one of: " + ", ".join(ids) + " (docs/data/nations.yml)")


# --------------------------------------------------------------------------- the options

@dataclass(frozen=True)
class Organisation(Record):
    name: str = option(localised(short_text), required=True, help="the organisation's full name")
    short_name: str = option(localised(short_text))
    logo: str = option(docs_file)
    website: str = option(web_address, required=True, help="link back to the organisation's main site")
    area: str = option(localised(short_text), required=True)
    police_force: str = option(localised(short_text), required=True)
    report_online: str = option(localised(web_address, same_in_every=True),
                                help="where \"report it online\" leads (by default the jurisdiction's); "
                                     "{cy: ..., en: ...} for a page in each language")
    local_contacts: tuple = option(ListOf(Contact, unique="id", max_items=30, noun="contact"), default=())

    def check(self, at: At) -> None:
        for i, contact in enumerate(self.local_contacts):
            check_local(contact, at / "local_contacts" / i)
            if contact.serves:
                raise (at / "local_contacts" / i / "serves").error(
                    "a local service serves the organisation's own area", "remove serves:")


@dataclass(frozen=True)
class QuickExit(Record):
    destination: str = option(web_address, default="https://www.bbc.co.uk/weather",
                              help="an everyday page on another site, over https")
    destination_name: str = option(localised(short_text), default="BBC Weather")


# The success criteria of WCAG 2.2 (levels A and AA; AAA too, as an organisation may
# report against them), by number. 4.1.1 Parsing is obsolete in 2.2.
WCAG_22 = frozenset("""
1.1.1 1.2.1 1.2.2 1.2.3 1.2.4 1.2.5 1.2.6 1.2.7 1.2.8 1.2.9 1.3.1 1.3.2 1.3.3 1.3.4 1.3.5 1.3.6 1.4.1 1.4.2
1.4.3 1.4.4 1.4.5 1.4.6 1.4.7 1.4.8 1.4.9 1.4.10 1.4.11 1.4.12 1.4.13 2.1.1 2.1.2 2.1.3 2.1.4 2.2.1 2.2.2 2.2.3
2.2.4 2.2.5 2.2.6 2.3.1 2.3.2 2.3.3 2.4.1 2.4.2 2.4.3 2.4.4 2.4.5 2.4.6 2.4.7 2.4.8 2.4.9 2.4.10 2.4.11 2.4.12
2.4.13 2.5.1 2.5.2 2.5.3 2.5.4 2.5.5 2.5.6 2.5.7 2.5.8 3.1.1 3.1.2 3.1.3 3.1.4 3.1.5 3.1.6 3.2.1 3.2.2 3.2.3 3.2.4
3.2.5 3.2.6 3.3.1 3.3.2 3.3.3 3.3.4 3.3.5 3.3.6 3.3.7 3.3.8 3.3.9 4.1.2 4.1.3""".split())


def wcag_criterion(value: Any) -> str:
    value = str(value).strip() if isinstance(value, (str, float)) else value
    if isinstance(value, str) and value in WCAG_22:
        return value
    raise Invalid(f"{shown(value)} is not a WCAG 2.2 success criterion",
                  "give its number in quotes, for example \"1.4.3\" (contrast) or \"2.1.1\" (keyboard)")


@dataclass(frozen=True)
class KnownIssue(Record):
    what: str = option(localised(text), required=True, help="what does not work, and for whom, in plain words")
    criterion: str = option(wcag_criterion, required=True, help="the WCAG 2.2 criterion it fails, such as \"1.4.3\"")
    since: Any = option(past_date, required=True, help="since when it has been known (YYYY-MM-DD)")
    fix_by: Any = option(date, required=True, help="when it will be fixed (YYYY-MM-DD)")


@dataclass(frozen=True)
class Burden(Record):
    what: str = option(localised(text), required=True, help="what will not be fixed for now")
    reason: str = option(localised(text), required=True, help="why fixing it would be a disproportionate burden")
    assessed: Any = option(past_date, required=True, help="when you decided (YYYY-MM-DD)")


@dataclass(frozen=True)
class Testing(Record):
    when: Any = option(past_date, required=True, help="the date of the last test (YYYY-MM-DD)")
    method: str = option(choice("automated", "audit"), default="automated",
                         help="automated: the kit's own tests only; audit: a full check against WCAG 2.2 AA")
    by: str = option(localised(short_text), help="who did the audit")

    def check(self, at: At) -> None:
        if self.method == "audit" and not self.by:
            raise (at / "by").error("a required value is missing", "add by: (who did the audit)")


@dataclass(frozen=True)
class Accessibility(Record):
    status: str = option(choice("fully", "partially", "not"), default="partially")
    prepared: Any = option(date, required=True)
    reviewed: Any = option(date, required=True)
    tested: Testing = option(Testing, required=True, help="when and how the section was last tested")
    issues: tuple = option(ListOf(KnownIssue, max_items=100, noun="issue"), default=(),
                           help="every known failure of WCAG 2.2 AA (regulation 8 asks for the list itself)")
    burdens: tuple = option(ListOf(Burden, max_items=50, noun="claim"), default=(),
                            help="disproportionate-burden claims")
    email: str = option(email)
    phone: str = option(short_text, help="a phone number for accessibility questions")
    url: str = option(web_address, help="a contact form's address")

    def check(self, at: At) -> None:
        if self.status == "fully" and self.issues:
            raise (at / "status").error("the status is fully compliant, but known issues are listed",
                                        "write status: partially, or fix and remove the issues")
        if self.status != "fully" and not self.issues:
            raise (at / "issues").error(f"the status is {self.status} compliant, but no issue is listed",
                                        "list each thing that fails (what, criterion, since, fix_by): "
                                        "regulation 8 requires the list itself")
        if self.status == "fully" and self.tested.method != "audit":
            raise (at / "status").error("fully compliant is claimed without a full audit",
                                        "write status: partially until an audit against WCAG 2.2 AA is recorded "
                                        "(tested: method: audit)")
        if self.phone:
            from supportkit.load.contacts import number_type
            digits = self.phone.replace(" ", "")
            if not (digits.isascii() and digits.isdigit() and number_type(digits)):
                raise (at / "phone").error(f"{shown(self.phone)} is not a UK number that can be called",
                                           "write the number with digits and spaces, for example \"020 7946 0123\"")


@dataclass(frozen=True)
class Leaflet(Record):
    id: str = option(slug, required=True, help="the file name: dist/leaflets/<id>-a4.pdf")
    title: str = option(localised(short_text), help="a short label, such as Keeping records (default: from the strings file)")
    pages: tuple = option(ListOf(docs_page, min_items=1, max_items=30, noun="page"), required=True,
                          help="pages in docs/, such as [keeping-records.md, diary.md]")
    sizes: tuple = option(paper_sizes, default=PAPER_SIZES)


# The leaflets `make leaflets` renders when an organisation names none; their
# titles come from the strings file (leaflets.titles.<id>).
DEFAULT_LEAFLETS = (
    {"id": "where-to-get-help", "pages": ["what-is-stalking.md", "staying-safe.md", "get-support.md"]},
    {"id": "keeping-records", "pages": ["keeping-records.md", "diary.md"]},
    {"id": "behaviour-diary", "pages": ["diary.md"]},
    {"id": "unwanted-calls", "pages": ["unwanted-calls.md"]},
    {"id": "risk-checklist", "pages": ["risk-checklist.md"]},
)


@dataclass(frozen=True)
class KioskIdle(Record):
    idle_seconds: int = option(whole_number(30, 3600, " seconds"), default=120,
                               help="seconds without input before the kiosk edition asks \"Still there?\"")
    countdown_seconds: int = option(whole_number(5, 120, " seconds"), default=10,
                                    help="seconds the notice counts down before the start page comes back")


def language_code(value: Any) -> str:
    from supportkit import STRINGS

    if isinstance(value, str) and value.isascii() and value.isalpha() and value.islower() and \
            (STRINGS / f"{value}.yml").is_file():
        return value
    have = ", ".join(sorted(p.stem for p in STRINGS.glob("*.yml")))
    raise Invalid(f"{shown(value)} is not a language the kit has strings for",
                  f"use one of: {have} (or add strings/<code>.yml, a translation of strings/en.yml)")


@dataclass(frozen=True)
class Language(Record):
    code: str = option(language_code, required=True, help="a language code with a strings file, such as en or cy")
    checked_by: str = option(short_text, help="who last checked this language's words (for a translation)")
    checked_on: Any = option(past_date, help="when they checked them (YYYY-MM-DD)")

    def check(self, at: At) -> None:
        if bool(self.checked_by) != bool(self.checked_on):
            missing = "checked_on" if self.checked_by else "checked_by"
            raise (at / missing).error("a required value is missing",
                                       f"add {missing}: (who checked the translation, and when)")


@dataclass(frozen=True)
class HelpBox(Record):
    any_time: str = option(slug, help="the id of a 24-hour line that is not the police, shown in every "
                                      "\"Get help now\" box (by default the jurisdiction's: docs/data/nations.yml)")


# -- brand colours (supportkit/load/brand.py checks their contrast)

def colour(value: Any) -> str:
    """A colour as #rgb or #rrggbb, given in quotes (YAML reads # as a comment)."""
    if isinstance(value, str) and re.fullmatch(r"#([0-9a-fA-F]{3}|[0-9a-fA-F]{6})", value.strip()):
        v = value.strip().lower()
        return "#" + "".join(ch * 2 for ch in v[1:]) if len(v) == 4 else v
    raise Invalid(f"{shown(value)} is not a colour", 'write it as a hex colour in quotes, for example "#1d3f6e"')


@dataclass(frozen=True)
class Brand(Record):
    """The organisation's colours. Each pair the pages show must pass WCAG 2.2 contrast
    (supportkit/load/brand.py); a key left out keeps the kit's colour, given here."""
    header: str = option(colour, default="#1d3f6e", help="the header's background")
    header_text: str = option(colour, default="#ffffff", help="the header's text and icons")
    link: str = option(colour, default="#0b5394", help="links, on the white page and on contact boxes")
    button: str = option(colour, default="#1d3f6e", help="buttons (the risk checklist's), and box edges")
    button_text: str = option(colour, default="#ffffff", help="the text on buttons")
    focus: str = option(colour, default="#ffdd00",
                        help="the focus ring's outer colour, around its dark inner outline")

    def colours(self) -> dict:
        return {name: getattr(self, name) for name, _, _ in self.options()}

    def check(self, at: At) -> None:
        from supportkit.load.brand import failures

        given = set()
        for name, key, _ in self.options():
            file, line = (at / key).locate()
            if not any((at / key).path in m.lines for m in at.maps) or line is None:
                continue
            given.add(name)
            written = Path(file).read_text(encoding="utf-8").splitlines()[line - 1].split(":", 1)[-1].strip()
            if not written or written.startswith("#"):      # `header: #1d3f6e` is a comment: no value
                raise (at / key).error("no colour is given: without quotes, YAML reads # and what follows "
                                       "as a comment", f'write the colour in quotes, for example {key}: "#1d3f6e"')
        if all(value == self.default(name) for name, value in self.colours().items()):
            return              # the kit's own colours: tests/test_brand.py holds them to every pair
        found = failures(self.colours(), given)
        if found:
            raise (at / found[0].key).error(found[0].problem(), found[0].fix())


@dataclass(frozen=True)
class Options(Record):
    """The keys of `extra:` in mkdocs.yml and in organisation files."""
    organisation: Organisation = option(Organisation, help="leave out for the national edition")
    quick_exit: QuickExit = option(QuickExit, default={})
    reviewed: Any = option(date, required=True, help="when the whole section was last reviewed")
    accessibility: Accessibility = option(Accessibility, required=True)
    leaflets: tuple = option(ListOf(Leaflet, unique="id", min_items=1, max_items=30, noun="leaflet"),
                             default=DEFAULT_LEAFLETS,
                             help="the printed leaflets `make leaflets` renders (supportkit/editions/leaflets.py)")
    checklist_questions: str = option(kit_file, default="docs/data/checklist.yml",
                                      help="the risk checklist's question file (see supportkit/load/checklist.py)")
    kiosk_idle: KioskIdle = option(KioskIdle, default={},
                                   help="the kiosk edition's idle reset (components/idle-reset/)")
    help_box: HelpBox = option(HelpBox, default={}, help="the \"Get help now\" box (components/contacts/)")
    languages: tuple = option(ListOf(Language, min_items=1, max_items=4, unique="code", noun="language"),
                              default=({"code": "en"},),
                              help="the edition's languages, the first at the site's root (the default language)")
    jurisdiction: str = option(jurisdiction, default="england-wales",
                               help="whose law, services and bank holidays the section is for: england-wales, "
                                    "scotland or northern-ireland (docs/data/nations.yml)")
    bank_holidays: str = option(choice(*HOLIDAY_REGIONS),
                                help="whose bank holidays close the organisation's own lines that close on them "
                                     "(by default the jurisdiction's); a national line keeps its own")
    domestic_abuse_protection_orders: bool = option(
        boolean, default=False,
        help="true only where the force confirms its area's courts make Domestic Abuse Protection Orders "
             "(England and Wales: piloted in some areas from 27 November 2024; the pilot period ended on "
             "31 March 2026); the law and report-it pages then explain them")
    contacts_review_days: int = option(whole_number(7, 730, " days"), default=180,
                                       help="after how many days a contact's details are due to be checked again")
    brand: Brand = option(Brand, default={},
                          help="the organisation's colours, checked for contrast (supportkit/load/brand.py)")


# --------------------------------------------------------------------------- the edition

@dataclass(frozen=True)
class Edition:
    """One validated configuration, for one edition (web or kiosk)."""
    file: Path
    kind: str                       # "web" or "kiosk"
    site_name: str
    site_url: str | None
    options: Options
    contacts: types.MappingProxyType  # id -> Contact: national, then local
    checklist: Checklist
    strings: Strings
    mkdocs: dict = field(repr=False)  # the merged configuration, for MkDocs
    lang: str = "en"                  # this edition's language
    warnings: tuple = ()              # for the person building: stale translations, unchecked Welsh
    nation: Nation | None = None      # its jurisdiction (docs/data/nations.yml)
    elsewhere: types.MappingProxyType = field(default_factory=lambda: types.MappingProxyType({}))
    # national contacts that do not serve the jurisdiction: id -> Contact (named in errors only)

    @property
    def kiosk(self) -> bool:
        return self.kind == "kiosk"

    @property
    def languages(self) -> tuple:
        """Every language of the edition (Language records), the default first."""
        return self.options.languages

    @property
    def codes(self) -> tuple:
        return tuple(language.code for language in self.options.languages)

    @property
    def multilingual(self) -> bool:
        return len(self.options.languages) > 1

    @property
    def in_wales(self) -> bool:
        """An edition for Wales: England and Wales's law, in Welsh and English (a Welsh body's)."""
        return self.nation.id == "england-wales" and "cy" in self.codes

    @property
    def welsh_line_first(self) -> bool:
        """Whether "who to call" lists lead with the 24-hour line, said to be usable in Welsh: an
        edition for Wales whose 24-hour line can be used in Welsh (Live Fear Free, contacts.yml)."""
        return self.in_wales and bool(self.any_time_line.welsh)

    @property
    def language(self):
        return next(language for language in self.options.languages if language.code == self.lang)

    @property
    def organisation(self) -> Organisation | None:
        return self.options.organisation

    @property
    def local_contacts(self) -> tuple:
        return self.organisation.local_contacts if self.organisation else ()

    @property
    def publisher(self) -> str:
        return self.organisation.name if self.organisation else self.strings("page.no_organisation.publisher")

    @property
    def police_force(self) -> str:
        return self.organisation.police_force if self.organisation \
            else self.strings("page.no_organisation.police_force")

    @property
    def area(self) -> str:
        return self.organisation.area if self.organisation else self.strings("page.no_organisation.area")

    @property
    def heading(self) -> str:
        """The name printed at the top of a page and a leaflet."""
        return self.organisation.name if self.organisation else self.site_name

    @property
    def report_online_url(self) -> str:
        return (self.organisation and self.organisation.report_online) or self.nation.report_online

    def page_file(self, name: str) -> str:
        """The file under docs/ that the page `name` (such as the-law.md) is built from in this
        edition: the nation's own law page where it has one (docs/data/nations.yml)."""
        if self.nation and name == "the-law.md":
            return self.nation.law_page
        return name

    @property
    def bank_holidays(self) -> str:
        """Whose bank holidays close the organisation's own lines."""
        return self.options.bank_holidays or self.nation.bank_holidays

    def holidays_of(self, contact: Contact) -> str:
        """Whose bank holidays close a line: its own (a national line), else the edition's."""
        return contact.bank_holidays or self.bank_holidays

    @property
    def high_risk_line(self) -> Contact | None:
        return self.contacts.get(self.nation.high_risk) if self.nation.high_risk else None

    @property
    def help_box(self) -> list[Contact]:
        return [c for c in self.contacts.values() if c.in_help_box]

    @property
    def any_time_line(self) -> Contact:
        """The 24-hour line that is not the police, for the "Get help now" box."""
        return self.contacts[self.options.help_box.any_time or self.nation.any_time]

    def leaflet_title(self, leaflet: Leaflet) -> str:
        return leaflet.title or self.strings(f"leaflets.titles.{leaflet.id}")


def as_editions(editions) -> dict[str, Edition]:
    """An edition in each of its languages, by code, from one Edition or from that dict already."""
    return editions if isinstance(editions, dict) else {editions.lang: editions}


def section_path(site_url: str | None) -> str:
    """The section's path on its site, with slashes at both ends: /stalking/ (or /)."""
    path = urlsplit(site_url).path if site_url else "/"
    return "/" + path.strip("/") + "/" if path.strip("/") else "/"


def _read_chain(path: Path) -> list:
    """SourceMaps of the file and the files it inherits, the file itself first."""
    chain, seen = [], set()
    while True:
        if path.resolve() in seen:
            raise KitError(path, "INHERIT", "the files inherit each other in a circle", "remove one INHERIT")
        seen.add(path.resolve())
        smap = source_map(path)
        chain.append(smap)
        if smap.inherit is None:
            return chain
        # resolved as MkDocs resolves it: from the folder of the file that names it
        parent = Path(os.path.normpath(os.path.join(os.path.dirname(path), smap.inherit)))
        if not parent.is_file():
            raise KitError(path, "INHERIT", f"there is no file {shown(smap.inherit)} to inherit from",
                           f"write INHERIT: {os.path.relpath(BASE_CONFIG, path.parent)} "
                           "(the kit's mkdocs.yml, from this file's folder)", smap.lines.get(("INHERIT",)))
        path = parent


def _mkdocs_yaml(path: Path) -> dict:
    """The merged configuration, read by MkDocs' own loader (INHERIT, !ENV), safely."""
    from mkdocs.exceptions import ConfigurationError
    from mkdocs.utils.yaml import get_yaml_loader, yaml_load

    try:
        with open(path, "rb") as fd:
            return yaml_load(fd, get_yaml_loader(yaml.SafeLoader)) or {}
    except (ConfigurationError, yaml.YAMLError, ValueError) as e:
        raise KitError(path, "(file)", f"MkDocs cannot read it: {str(e)[:200]}", "check the file") from None


def load_edition(config_file: Path | str = BASE_CONFIG, kind: str = "web", lang: str | None = None) -> Edition:
    """The edition in one language (by default its first); see load_editions."""
    editions = load_editions(config_file, kind)
    if lang is not None and lang not in editions:
        raise KitError(config_file, "extra.languages", f"the edition has no {shown(lang)} language",
                       "use one of: " + ", ".join(editions))
    return editions[lang] if lang else next(iter(editions.values()))


def load_editions(config_file: Path | str = BASE_CONFIG, kind: str = "web") -> dict[str, Edition]:
    """Read and check a configuration once, in every language of the edition (the
    default language first); raise KitError naming the file, the key and the fix."""
    path = Path(config_file)
    if not path.exists():
        raise KitError(path, "(file)", "the file does not exist", "check the CONFIG= path")
    if path.is_dir():
        raise KitError(path, "(file)", "this is a folder, not a configuration file",
                       "give the path of a .yml file, for example CONFIG=examples/northshire-police.yml")
    if kind not in EDITIONS:
        raise KitError(path, "edition", f"{shown(kind)} is not an edition", "use one of: " + ", ".join(EDITIONS))
    chain = _read_chain(path)
    maps = tuple(chain)
    keys = {p[0] for p in chain[0].lines if len(p) == 1}
    # An organisation file names only organisation keys and inherits the kit's
    # mkdocs.yml; a file with none of INHERIT and with MkDocs' own keys (docs_dir,
    # theme, nav) is a whole MkDocs configuration, such as mkdocs.yml itself.
    whole = "INHERIT" not in keys and bool(keys & {"docs_dir", "theme", "nav"})
    if path.resolve() != BASE_CONFIG.resolve() and not whole:
        unknown = sorted(keys - set(ORGANISATION_FILE_KEYS))
        if unknown:
            raise At(path, (unknown[0],), maps[:1]).error(
                "unknown key", "an organisation file may set only: " + ", ".join(ORGANISATION_FILE_KEYS))
        if len(chain) < 2 or chain[1].file.resolve() != BASE_CONFIG.resolve():
            raise KitError(path, "INHERIT", "the file does not inherit the kit's mkdocs.yml",
                           f"add INHERIT: {os.path.relpath(BASE_CONFIG, path.parent)} as the first line",
                           chain[0].lines.get(("INHERIT",)))
    merged = _mkdocs_yaml(path)
    at = At(path, maps=maps)
    extra = merged.get("extra") or {}
    if not isinstance(extra, dict):
        raise (at / "extra").error("expected a set of keys", "indent the keys below it, one per line")
    languages = parse(Options.field_spec("languages"), extra.get("languages") or list(Options.default("languages")),
                      at / "extra" / "languages")
    codes = tuple(language.code for language in languages)
    refuse_links_out(DOCS)
    pages = page_parity(codes) if len(codes) > 1 else ()
    editions = {}
    for lang in codes:
        token = READING.set((lang, codes))
        try:
            editions[lang] = _one_language(path, kind, merged, at, lang, pages)
        finally:
            READING.reset(token)
    _check_parity(editions)
    return editions


def _one_language(path: Path, kind: str, merged: dict, at: At, lang: str, warnings: tuple) -> Edition:
    site_name = parse(localised(short_text), merged.get("site_name"), at / "site_name")
    site_url = parse(web_address, merged["site_url"], at / "site_url") if merged.get("site_url") else None
    options = parse(Options, merged.get("extra") or {}, at / "extra")
    strings = load_strings(lang)
    nation = load_nations()[options.jurisdiction]
    every = national_contacts(lang, nation.serves)
    contacts: dict[str, Contact] = {c.id: c for c in every if c.serves_any(nation.serves)}
    elsewhere = {c.id: c for c in every if not c.serves_any(nation.serves)}
    for i, c in enumerate(options.organisation.local_contacts if options.organisation else ()):
        if c.id in contacts:
            raise (at / "extra" / "organisation" / "local_contacts" / i / "id").error(
                f"{shown(c.id)} is already the id of a national contact in docs/data/contacts.yml",
                "give the local contact an id of its own")
        contacts[c.id] = c
    if options.domestic_abuse_protection_orders and options.jurisdiction != "england-wales":
        raise (at / "extra" / "domestic_abuse_protection_orders").error(
            f"Domestic Abuse Protection Orders are an England and Wales order, and this edition is for "
            f"{options.jurisdiction}", "remove domestic_abuse_protection_orders:, or set it to false")
    destination = options.quick_exit.destination
    if site_url and urlsplit(destination).hostname == urlsplit(site_url).hostname:
        raise (at / "extra" / "quick_exit" / "destination").error(
            "the quick exit would stay on this site", "choose a page on another, everyday site, such as a weather page")
    line = options.help_box.any_time or nation.any_time
    where = at / "extra" / "help_box" / "any_time" if options.help_box.any_time else \
        At(NATIONS_FILE, ("nations", list(load_nations()).index(nation.id), "any_time"),
           (read_yaml(NATIONS_FILE)[1],))
    if line in elsewhere:
        raise where.error(f"{shown(line)} does not serve {nation.id} (it serves {', '.join(elsewhere[line].serves)})",
                          "choose a 24-hour line that serves the edition's jurisdiction")
    if line not in contacts:
        raise where.error(f"there is no contact with id {shown(line)}",
                          "use the id of a 24-hour line in docs/data/contacts.yml or your local contacts, "
                          "such as victim-support")
    if line in ("emergency", "police") or not contacts[line].always_open or not contacts[line].main:
        raise where.error(f"{shown(line)} is not a 24-hour line that is not the police",
                          "choose a contact with always_open: true and a number, such as victim-support or "
                          "national-domestic-abuse-helpline")
    a11y = options.accessibility
    if site_url and not (a11y.email or a11y.phone or a11y.url):
        raise (at / "extra" / "accessibility").error(
            "the section is published (it has a site_url) but gives no way to report an accessibility problem",
            "add email:, phone: or url: (a contact form) under extra.accessibility")
    checklist = load_checklist(translation_of(ROOT / options.checklist_questions, lang))
    language = next(x for x in options.languages if x.code == lang)
    notes = list(warnings)
    if lang != REFERENCE and not language.checked_by and len(options.languages) > 1:
        notes.append(f"the {lang} words have no record of who checked them: add checked_by: and checked_on: "
                     f"under extra.languages in {path.name}; until then the About page does not say they were checked")
    if nation.high_risk and nation.high_risk not in contacts:
        raise At(NATIONS_FILE, ("nations", list(load_nations()).index(nation.id), "high_risk"),
                 (read_yaml(NATIONS_FILE)[1],)).error(
            f"{shown(nation.high_risk)} is not a contact that serves {nation.id}",
            "give the id of a contact in docs/data/contacts.yml that serves the nation, or leave high_risk out")
    return Edition(path, kind, site_name, site_url, options, types.MappingProxyType(contacts), checklist,
                   strings, merged, lang, tuple(notes), nation, types.MappingProxyType(elsewhere))


def translation_of(path: Path, lang: str) -> Path:
    """A data file's translation: docs/data/checklist.yml -> docs/data/checklist.cy.yml."""
    if lang == REFERENCE:
        return path
    translated = path.with_name(f"{path.stem}.{lang}{path.suffix}")
    if not translated.is_file():
        raise KitError(translated, "(file)", f"there is no {lang} version of {path.name}",
                       f"add it: a translation of {path.name} with the same ids")
    return translated


def _check_parity(editions: dict[str, Edition]) -> None:
    """What every language must have the same of: the checklist's questions."""
    reference = editions.get(REFERENCE) or next(iter(editions.values()))
    want = [(q.id, q.urgent) for q in reference.checklist.questions]
    for lang, edition in editions.items():
        have = [(q.id, q.urgent) for q in edition.checklist.questions]
        if have != want:
            path = translation_of(ROOT / edition.options.checklist_questions, lang)
            differ = next(((i, a, b) for i, (a, b) in enumerate(zip(have, want)) if a != b), None)
            key = f"questions[{differ[0]}]" if differ else "questions"
            raise KitError(path, key, f"the {lang} questions differ from the {reference.lang} ones "
                           f"(ids and urgent flags, in order: {len(have)} against {len(want)})",
                           "keep the same questions, in the same order, with the same ids and urgent: flags")


def page_parity(codes: tuple) -> tuple:
    """Every page in every language (docs/x.md and docs/x.<lang>.md); warnings for a
    translation older than its English page's last review."""
    notes = []
    english = {p.name[: -len(".md")]: p for p in DOCS.glob("*.md") if p.name.count(".") == 1}
    for lang in codes:
        if lang == REFERENCE:
            continue
        translated = {p.name[: -len(f".{lang}.md")]: p for p in DOCS.glob(f"*.{lang}.md")}
        for stem, page in sorted(english.items()):
            if stem not in translated:
                raise KitError(page.with_name(f"{stem}.{lang}.md"), "(file)",
                               f"the page {page.name} has no {lang} version",
                               f"add {page.with_name(stem + '.' + lang + '.md').relative_to(ROOT)}, "
                               "a translation with the same headings and macros")
            source, done = _front(page).get("last_reviewed"), _front(translated[stem]).get("translated_from")
            if not done:
                raise KitError(translated[stem], "translated_from", "a required value is missing",
                               f"add translated_from: (the last_reviewed date of {page.name} you translated)")
            if source and done and str(source) > str(done):
                notes.append(f"{translated[stem].relative_to(ROOT)} was translated from the {done} version of "
                             f"{page.name}, which was reviewed again on {source}: the {lang} page needs updating")
        for stem, page in sorted(translated.items()):
            if stem not in english:
                raise KitError(page, "(file)", f"there is no English page {stem}.md for this {lang} page",
                               f"add docs/{stem}.md, or remove {page.name}")
    return tuple(notes)


def _front(page: Path) -> dict:
    import re

    m = re.match(r"---\n(.*?)\n---\n", page.read_text(encoding="utf-8"), re.S)
    return (yaml.safe_load(m.group(1)) or {}) if m else {}


def refuse_links_out(folder: Path) -> None:
    """A symbolic link under docs/ that leads outside the kit would publish that file."""
    root = ROOT.resolve()
    for dirpath, dirnames, filenames in os.walk(folder):
        for name in dirnames + filenames:
            path = Path(dirpath) / name
            if path.is_symlink():
                target = path.resolve()
                if root not in target.parents:
                    raise KitError(path, "(file)", f"a link to {shown(str(target))}, outside the kit: "
                                   "building would publish that file", "copy the file itself into docs/ instead")


def national_contacts(lang: str = REFERENCE, serves: tuple | None = None) -> tuple:
    """docs/data/contacts.yml, with its names and descriptions in `lang`
    (docs/data/contacts.<lang>.yml holds them, for the same ids). A translation needs
    only the contacts that serve one of the nations `serves` (all, when None): the
    others keep their English words, and an edition in that language does not show them."""
    token = READING.set((REFERENCE, (REFERENCE,)))
    try:
        data, smap = read_yaml(CONTACTS_FILE)
        contacts = parse(ContactsFile, data, At(CONTACTS_FILE, maps=(smap,))).contacts
    finally:
        READING.reset(token)
    if lang == REFERENCE:
        return contacts
    path = translation_of(CONTACTS_FILE, lang)
    data, smap = read_yaml(path)
    overlay = parse(ContactsTranslation, data, At(path, maps=(smap,)))
    words = {c.id: c for c in overlay.contacts}
    out = []
    for contact in contacts:
        if contact.id not in words and serves is not None and not contact.serves_any(serves):
            out.append(contact)
            continue
        if contact.id not in words:
            raise KitError(path, "contacts", f"there is no {lang} name for the contact {shown(contact.id)}",
                           f"add - id: {contact.id}, with its name: and for: in {lang}")
        labels = (overlay.number_labels or {}).get(contact.id, {})
        numbers = tuple(dataclasses.replace(n, label=labels.get(n.id, n.label)) if n.label else n
                        for n in contact.numbers)
        out.append(dataclasses.replace(contact, name=words[contact.id].name, purpose=words[contact.id].purpose,
                                       numbers=numbers))
    extra = sorted(set(words) - {c.id for c in contacts})
    if extra:
        raise KitError(path, "contacts", f"{shown(extra[0])} is not a contact in docs/data/contacts.yml",
                       "remove it, or correct its id")
    return tuple(out)


@dataclass(frozen=True)
class ContactWords(Record):
    id: str = option(slug, required=True)
    name: str = option(short_text, required=True)
    purpose: str = option(text, required=True, key="for")


def number_labels(value: Any) -> dict:
    if isinstance(value, dict) and all(isinstance(v, dict) and all(isinstance(t, str) for t in v.values())
                                       for v in value.values()):
        return value
    raise Invalid("expected, for each contact id, its numbers' labels", "write contact: {number id: label}")


@dataclass(frozen=True)
class ContactsTranslation(Record):
    contacts: tuple = option(ListOf(ContactWords, unique="id", min_items=1, noun="contact"), required=True)
    number_labels: dict = option(number_labels, help="the labels of numbers that have one in contacts.yml")
