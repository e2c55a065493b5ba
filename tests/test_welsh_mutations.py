"""Welsh mutations where the kit inserts words (the Welsh review's Q59, safety-critical).

Welsh changes the first letter of a word after some words: "cwestiynau" is
"i gwestiynau" after "i". A {placeholder} in strings/cy.yml cannot do that, so
the urgent heading of the risk checklist once read 'ateb "Ie" i cwestiynau 1,
9, 10 neu 11'. Three checks:

1. strings/cy.yml (no build): no {placeholder} straight after a word that
   mutates what follows, unless its values start with a digit (numbers, times,
   dates) or the pair is in ALLOWED below, where the value is always written
   mutated or cannot mutate, and each entry's claim is checked.
2. The built Welsh edition (the shared `welsh_site` fixture; nothing is built
   here): no page shows a mutating word followed by the unmutated form of a
   word the kit inserts (the checklist's "cwestiwn"/"cwestiynau", the Welsh
   contact, organisation and service names, Babel's "Dydd ...").
3. Both scans catch planted faults, the old urgent heading among them.

To run check 1 against another strings file (for example the one on main):
    git show main:strings/cy.yml > /tmp/cy-main.yml
    KIT_WELSH_STRINGS=/tmp/cy-main.yml pytest tests/test_welsh_mutations.py -k strings
"""
from __future__ import annotations

import html
import os
import re
import string
from pathlib import Path

import pytest
import yaml

from conftest import ROOT

STRINGS = Path(os.environ.get("KIT_WELSH_STRINGS", ROOT / "strings" / "cy.yml"))

# ------------------------------------------------------------------ the grammar

# Words that mutate the word after them, by mutation (docs/data/glossary.cy.yml,
# "Mutations and macros"). "eich" causes none. "yn" mutates a noun or adjective
# (soft) or a place (nasal) but not a verb-noun ("yn gweithio"), and "y"/"'r"
# only a feminine noun: both count in strings, where a placeholder could be
# either, but not in the page scan, where they would flag correct Welsh.
SOFT = {"i", "am", "ar", "at", "dan", "tan", "dros", "drwy", "trwy", "gan", "heb", "hyd", "o",
        "wrth", "neu", "dy", "ei", "dau", "dwy", "pa", "mor", "rhy", "pan", "dyma", "dyna"}
NASAL = {"fy"}
ASPIRATE = {"a", "â", "gyda", "tua", "na", "tri", "chwe"}
H_BEFORE_VOWEL = {"ein", "eu"}
STRINGS_ONLY = {"yn", "y", "yr"}                 # ambiguous: see above
# An inflected verb mutates its object: "Ffoniwch Linell Gymorth ...". Every
# imperative ending in -wch (ffoniwch, cadwch, defnyddiwch ...) and gallwch.
IMPERATIVE = re.compile(r"\w+wch$", re.I)

TRIGGERS = SOFT | NASAL | ASPIRATE | H_BEFORE_VOWEL | STRINGS_ONLY

# Placeholders whose values always start with a digit, so cannot mutate: phone
# numbers (as call links), question numbers, times, counts, and dates (Babel's
# "d MMMM y" starts with the day: test_dates_start_with_a_digit).
DIGITS = {"number", "numbers", "last", "time", "opens", "closes", "date", "seconds", "page", "pages",
          "since", "fix_by", "assessed", "emergency", "police", "police_relay", "relay", "silent"}


def _contacts_cy() -> dict:
    data = yaml.safe_load((ROOT / "docs" / "data" / "contacts.cy.yml").read_text(encoding="utf-8"))
    return {c["id"]: c for c in data["contacts"]}


def _helpline_name_resists_mutation(cy: dict) -> bool:
    # "ll" and "rh" do not mutate after "y": "y Llinell Gymorth ..."
    return _contacts_cy()["national-stalking-helpline"]["name"].startswith(("Ll", "Rh"))


# The short list of allowed exceptions: (key, placeholder) -> why it is safe,
# and a check of that claim (None where the claim is about every value).
ALLOWED = {
    # after "Cadwch": the value is the link text checklist.change_records, written mutated
    ("checklist.change", "records"):
        ("written mutated: checklist.change_records is 'gofnod'",
         lambda cy: cy["checklist.change_records"].startswith("gofnod")),
    # after "defnyddiwch": the link text contacts.accessibility.form_link starts with "y"
    ("contacts.accessibility.form", "link"):
        ("cannot mutate: the link text starts with 'y'",
         lambda cy: cy["contacts.accessibility.form_link"].startswith("y ")),
    # after "at": an email address is written as it is, never mutated
    ("contacts.accessibility.email", "address"):
        ("cannot mutate: an email address", None),
    # after "y": the National Stalking Helpline's Welsh name starts "Llinell"
    ("checklist.yes_helpline", "helpline"):
        ("cannot mutate after 'y': the helpline's Welsh name starts with Ll", _helpline_name_resists_mutation),
    ("checklist.none_helpline", "helpline"):
        ("cannot mutate after 'y': the helpline's Welsh name starts with Ll", _helpline_name_resists_mutation),
}


def flatten(data: dict, prefix: str = "") -> dict[str, str]:
    out = {}
    for key, value in data.items():
        name = f"{prefix}.{key}" if prefix else str(key)
        out.update(flatten(value, name) if isinstance(value, dict) else {name: value})
    return out


def welsh_strings(path: Path = STRINGS) -> dict[str, str]:
    return {k: v for k, v in flatten(yaml.safe_load(path.read_text(encoding="utf-8"))).items()
            if isinstance(v, str)}


# A word, then a placeholder: "i {questions}", "chi'n {x}", "a'r {x}", "Ffoniwch {x}".
BEFORE_PLACEHOLDER = re.compile(r"(?<![\w'’])([\w'’]+)\s+\{(\w+)\}")


def trigger_of(word: str) -> str | None:
    """The mutating word at the end of `word` ("i", "'n" as "yn", "'r" as "y"), or None."""
    w = word.lower().replace("’", "'")
    if "'" in w:
        w = {"n": "yn", "r": "y"}.get(w.rsplit("'", 1)[1], w.rsplit("'", 1)[1])
    if w in TRIGGERS or IMPERATIVE.match(w):
        return w
    return None


def string_problems(strings: dict[str, str], allowed=ALLOWED) -> list[str]:
    """Every placeholder that comes straight after a mutating word, with the fix."""
    problems = []
    for key, text in strings.items():
        for m in BEFORE_PLACEHOLDER.finditer(text):
            word, name = m.group(1), m.group(2)
            trigger = trigger_of(word)
            if trigger is None or name in DIGITS or (key, name) in allowed:
                continue
            problems.append(
                f"{key}: {m.group(0)!r}: {trigger!r} mutates the word after it, and {{{name}}} cannot "
                f"mutate. Fix: put {{{name}}} after a colon or a noun ('i unrhyw un o'r rhain: {{{name}}}'), "
                f"first, or rephrase; or write the value mutated and add ({key!r}, {name!r}) to ALLOWED "
                f"in tests/test_welsh_mutations.py with the reason")
    return problems


# ------------------------------------------------------------------ 1. strings

def test_no_strings_placeholder_follows_a_mutating_word():
    problems = string_problems(welsh_strings())
    assert not problems, f"{STRINGS}:\n  " + "\n  ".join(problems)


def test_strings_allowed_exceptions_are_used_and_hold():
    cy = welsh_strings()
    for (key, name), (why, check) in ALLOWED.items():
        assert key in cy and "{" + name + "}" in cy[key], f"ALLOWED ({key}, {name}) is not used any more: drop it"
        assert check is None or check(cy), f"ALLOWED ({key}, {name}) no longer holds: {why}"


def test_strings_dates_start_with_a_digit():
    """{date} counts as digits only because the Welsh date pattern starts with the day."""
    from babel.dates import format_date
    import datetime as dt
    cy = welsh_strings()
    assert format_date(dt.date(2026, 12, 7), cy["dates.format"], locale=cy["locale"])[0].isdigit()


def test_strings_digit_placeholders_are_real_placeholders():
    """Every name in DIGITS is a placeholder some string uses (a typo would let a fault through)."""
    used = {name for text in welsh_strings().values()
            for _, name, _, _ in string.Formatter().parse(text) if name}
    assert DIGITS <= used, DIGITS - used


# ------------------------------------------------------------------ 2. built pages

SOFT_MAP = [("ll", "l"), ("rh", "r"), ("c", "g"), ("p", "b"), ("t", "d"), ("g", ""), ("b", "f"), ("d", "dd"),
            ("m", "f")]
NASAL_MAP = [("c", "ngh"), ("p", "mh"), ("t", "nh"), ("g", "ng"), ("b", "m"), ("d", "n")]
ASPIRATE_MAP = [("c", "ch"), ("p", "ph"), ("t", "th")]
PAGE_TRIGGERS = [(SOFT, SOFT_MAP), (NASAL, NASAL_MAP), (ASPIRATE, ASPIRATE_MAP)]


def mutated(word: str, table) -> str | None:
    """The word after the mutation in `table`, or None if the mutation leaves it alone."""
    low = word.lower()
    if low.startswith("ch"):                     # "ch" is one letter and does not mutate
        return None
    for start, becomes in table:
        if low.startswith(start):
            return becomes + low[len(start):]
    return None


def inserted_words() -> set[str]:
    """The first Welsh word of each value the kit puts into a Welsh page: the checklist's
    question words, the Welsh contact names, the example's organisation, area, police
    force and local services, and Babel's day names. A name whose first word is the same
    in English (Victim Support, Paladin, BBC ...) is an English name: Welsh leaves it alone."""
    from babel.dates import get_day_names

    words = {"cwestiwn", "cwestiynau"}          # checklist.question_one / question_many, at least
    cy = welsh_strings(ROOT / "strings" / "cy.yml")
    en = flatten(yaml.safe_load((ROOT / "strings" / "en.yml").read_text(encoding="utf-8")))

    def first(text: str) -> str:
        found = re.findall(r"[^\W\d_][\w'’-]*", re.sub(r"\{\w+\}", " ", text))
        return found[0] if found else ""

    def add(cy_text: str, en_text: str):
        w = first(cy_text)
        if w and w.lower() != first(en_text).lower():
            words.add(w)

    for key in ("checklist.question_one", "checklist.question_many", "checklist.yes_tell_records",
                "checklist.more_support", "contacts.accessibility.form_link", "page.no_organisation.publisher",
                "page.no_organisation.police_force", "page.no_organisation.area", "language.names.cy"):
        add(cy[key], en[key])
    en_contacts = {c["id"]: c for c in yaml.safe_load(
        (ROOT / "docs" / "data" / "contacts.yml").read_text(encoding="utf-8"))["contacts"]}
    for cid, c in _contacts_cy().items():
        add(c["name"], en_contacts[cid]["name"])
    example = yaml.safe_load((ROOT / "examples" / "cyngor-sir-enghraifft.yml").read_text(encoding="utf-8"))
    org = example["extra"]["organisation"]
    values = [org["name"], org["area"], org["police_force"], example["extra"]["quick_exit"]["destination_name"]]
    values += [c["name"] for c in org.get("local_contacts", [])]
    for v in values:
        add(v["cy"], v["en"])
    words.update(d.split()[0] for d in get_day_names("wide", locale="cy").values())   # "Dydd"
    return {w for w in words if any(mutated(w, t) for _, t in PAGE_TRIGGERS)}


def text_problems(text: str, words: set[str]) -> list[str]:
    """Each place where a mutating word is followed by one of `words` unmutated."""
    problems = []
    # a lookahead, so that each word is also the first of the next pair ("Ewch i Cyngor")
    for m in re.finditer(r"(?<![\w'’])([\w'’]+)\s+(?=([\w'’-]+))", text):
        before, after = m.group(1), m.group(2)
        if after.lower() not in {w.lower() for w in words}:
            continue
        b = before.lower().replace("’", "'")
        b = b.rsplit("'", 1)[-1] if "'" in b else b
        for triggers, table in PAGE_TRIGGERS:
            if (b in triggers or (table is SOFT_MAP and IMPERATIVE.match(b))) and mutated(after, table):
                context = text[max(0, m.start() - 40):m.end() + len(after) + 20]
                problems.append(f"{before + ' ' + after!r} should be '{before} {mutated(after, table)}': …{context}…")
                break
    return problems


class _Text:
    """The words of an HTML page (visually hidden text included), without scripts and styles."""
    def __init__(self, markup: str):
        markup = re.sub(r"<(script|style)\b.*?</\1>", " ", markup, flags=re.S | re.I)
        markup = re.sub(r"<[^>]+>", " ", markup)
        self.text = " ".join(html.unescape(markup).split())


def welsh_pages(site: Path) -> list[Path]:
    return sorted(p for p in site.rglob("*.html") if p.relative_to(site).parts[0] != "en")


def test_built_welsh_pages_mutate_the_words_the_kit_inserts(welsh_site):
    words = inserted_words()
    assert {"cwestiwn", "cwestiynau", "Dydd", "Llinell", "Cyngor", "Cymorth"} <= words, words
    pages = welsh_pages(welsh_site)
    assert any(p.parent.name == "risk-checklist" for p in pages)
    found = {}
    for page in pages:
        problems = text_problems(_Text(page.read_text(encoding="utf-8")).text, words)
        if problems:
            found[str(page.relative_to(welsh_site))] = problems
    assert not found, "\n".join(f"{page}:\n  " + "\n  ".join(p) for page, p in found.items())


def test_the_urgent_checklist_heading_reads_right(welsh_site):
    text = _Text((welsh_site / "risk-checklist" / "index.html").read_text(encoding="utf-8")).text
    assert not re.search(r"\bi cwestiynau\b|\bi cwestiwn\b", text)
    assert re.search(r'ateb "Ie" i unrhyw un o\'r rhain: cwestiynau \d+(, \d+)* neu \d+', text), \
        "the urgent heading changed: check its Welsh as it is shown"


# ------------------------------------------------------------------ 3. planted faults

OLD_URGENT = 'Os gwnaethoch chi ateb "Ie" i {questions}'     # strings/cy.yml until December 2026


@pytest.mark.parametrize("text, trigger", [
    (OLD_URGENT, "i"),
    ("Am gyngor, ffoniwch {helpline}.", "ffoniwch"),
    ("Croeso i {area}", "i"),
    ("Help am {name} a {other}", "am"),
    ("Gallwch ffonio neu {report_online}", "neu"),
    ("Mae'r gwasanaeth gan {organisation}", "gan"),
    ("Rydyn ni'n {verb} hyn", "yn"),
    ("Ffoniwch y {name} heddiw", "y"),
    ("Anfonwch e-bost at {address}", "at"),
])
def test_the_string_scan_catches_a_planted_bad_string(text, trigger):
    problems = string_problems({"planted.key": text})
    assert problems and all(p.startswith("planted.key: ") for p in problems), text
    assert f"{trigger!r} mutates" in problems[0], problems


@pytest.mark.parametrize("text", [
    'Os gwnaethoch chi ateb "Ie" i unrhyw un o\'r rhain: {questions}',
    "Yn agor: {when}.",
    "Ffoniwch {emergency} nawr, neu ffoniwch yr heddlu ar {police}.",
    "Gwiriwyd ar {date}. Tudalen {page} o {pages}.",
    "{helpline}: ffoniwch {number} am gyngor.",
    "Dangoswch eich {records} iddyn nhw.",
])
def test_the_string_scan_passes_safe_strings(text):
    assert string_problems({"planted.key": text}) == []


def test_the_string_scan_fails_the_old_urgent_heading_even_where_allowed_elsewhere():
    assert string_problems({"checklist.urgent_title": OLD_URGENT})
    assert string_problems({"checklist.yes_helpline": "Ffoniwch y {helpline}."}) == []   # in ALLOWED


@pytest.mark.parametrize("text", [
    'Os gwnaethoch chi ateb "Ie" i cwestiynau 1, 9, 10 neu 11',
    'Os gwnaethoch chi ateb "Ie" i cwestiwn 3',
    "Ffoniwch Llinell Gymorth Byw Heb Ofn nawr.",
    "Ewch i Cyngor Sir Enghraifft.",
    "Cysylltwch â'r heddlu neu Gwasanaeth Cam-drin Domestig Sir Enghraifft.",
    "Ar agor o Dydd Llun tan Dydd Gwener.",
    "Ffoniwch Heddlu Enghraifft a Cymorth i Ddioddefwyr Sir Enghraifft.",
])
def test_the_page_scan_catches_a_planted_mutation(text):
    assert text_problems(text, inserted_words()), text


@pytest.mark.parametrize("text", [
    'Os gwnaethoch chi ateb "Ie" i unrhyw un o\'r rhain: cwestiynau 1, 9, 10 neu 11',
    "Os gwnaethoch chi ateb \"Ie\" i gwestiwn 3",
    "Ffoniwch y Llinell Gymorth Byw Heb Ofn nawr. Gallwch ffonio Llinell Gymorth Byw Heb Ofn.",
    "Ewch i wefan Cyngor Sir Enghraifft. Ar agor: Dydd Llun – Dydd Iau, 9yb tan 5yp.",
    "Cymorth i Ddioddefwyr Sir Enghraifft a Chymorth arall; Dydd Llun a Dydd Mawrth.",
    "Mae Victim Support a Paladin yn helpu.",
])
def test_the_page_scan_passes_correct_welsh(text):
    assert text_problems(text, inserted_words()) == [], text
