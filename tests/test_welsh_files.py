"""Welsh files: fast checks that need no build.

Every English page has a Welsh page (docs/<name>.cy.md) with the same front
matter keys, the same headings, the same macros and the same links; the
Welsh strings have exactly the English keys and placeholders; the Welsh
checklist and contacts keep the English ids; and every Welsh page stays
within the readability limits (average sentence at most 16 words, none over
30). Run `python tests/test_welsh_files.py` to print the figures per page.
"""
from __future__ import annotations

import datetime as dt
import re
import string
import sys
from collections import Counter
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]
DOCS = ROOT / "docs"
EN_PAGES = sorted(p for p in DOCS.glob("*.md") if not p.name.endswith(".cy.md"))
CY_PAGES = sorted(DOCS.glob("*.cy.md"))

MAX_AVERAGE_WORDS = 16
MAX_SENTENCE_WORDS = 30

MACRO = re.compile(r"\{\{.*?\}\}|\{%.*?%\}", re.S)
LINK = re.compile(r"\]\(([^)\s]+)\)")
HEADING = re.compile(r"^(#{1,6}) (.+?)\s*$", re.M)


def welsh(page: Path) -> Path:
    return page.with_name(page.name[:-3] + ".cy.md")


def front_matter(path: Path) -> tuple[dict, str]:
    text = path.read_text(encoding="utf-8")
    m = re.match(r"---\n(.*?)\n---\n", text, re.S)
    assert m, f"{path.name} has no front matter"
    return yaml.safe_load(m.group(1)), text[m.end():]


def macros(markdown: str) -> Counter:
    return Counter(re.sub(r"\s+", " ", m) for m in MACRO.findall(markdown))


def headings(markdown: str) -> list[tuple[int, str]]:
    return [(len(m.group(1)), m.group(2)) for m in HEADING.finditer(markdown)]


# ------------------------------------------------------------------ readability

def plain_text(markdown: str) -> str:
    """The words a reader sees, without Markdown syntax, macros or addresses
    (as tests/test_content.py does for the English pages)."""
    text = MACRO.sub("", markdown)
    text = re.sub(r"^!!! \w+ ?\"?([^\"\n]*)\"?$", r"\1.", text, flags=re.M)   # admonition titles
    text = re.sub(r"\]\([^)]*\)", "]", text)                                  # link targets
    text = re.sub(r"^\s*\|?[-:| ]+\|?\s*$", "", text, flags=re.M)             # table rules
    text = re.sub(r"[#*_`>|\[\]]", " ", text)
    text = re.sub(r"^\s*(\d+\.|-)\s+", "", text, flags=re.M)
    return text


def sentence_lengths(markdown: str) -> list[int]:
    """Words per sentence. Every line is a break (so headings and list items
    are sentences of their own), and so is . ! or ? followed by a space or the
    end of the line. (A decimal point such as 14.4 is not a break; splitting
    there too would only make sentences shorter.) Every token separated by
    spaces counts as a word, dashes included."""
    lengths = []
    for line in plain_text(markdown).splitlines():
        for sentence in re.split(r"(?<=[.!?])\s+", line.strip()):
            words = sentence.split()
            if words:
                lengths.append(len(words))
    return lengths


def readability(page: Path) -> tuple[float, int]:
    lengths = sentence_lengths(front_matter(page)[1])
    return sum(lengths) / len(lengths), max(lengths)


# ---------------------------------------------------------------------- pages

def test_every_english_page_has_a_welsh_page():
    assert EN_PAGES, "no English pages found"
    assert {welsh(p).name for p in EN_PAGES} == {p.name for p in CY_PAGES}


@pytest.mark.parametrize("page", EN_PAGES, ids=lambda p: p.name)
def test_welsh_front_matter(page):
    en, _ = front_matter(page)
    cy, body = front_matter(welsh(page))
    assert set(cy) == set(en) | {"translated_from"}, welsh(page).name
    assert cy["title"] and cy["description"] and cy["title"] != en["title"]
    assert isinstance(cy["last_reviewed"], dt.date)
    assert cy["translated_from"] == en["last_reviewed"], \
        f"{welsh(page).name}: translated_from must be the English page's review date"
    assert len(re.findall(r"^# ", body, re.M)) == 1


@pytest.mark.parametrize("page", EN_PAGES, ids=lambda p: p.name)
def test_welsh_page_has_the_same_sections_in_the_same_order(page):
    en = [level for level, _ in headings(front_matter(page)[1])]
    cy = [level for level, _ in headings(front_matter(welsh(page))[1])]
    assert cy == en, welsh(page).name
    en_admonitions = re.findall(r"^!!! (\w+)", page.read_text(encoding="utf-8"), re.M)
    cy_admonitions = re.findall(r"^!!! (\w+)", welsh(page).read_text(encoding="utf-8"), re.M)
    assert cy_admonitions == en_admonitions


@pytest.mark.parametrize("page", EN_PAGES, ids=lambda p: p.name)
def test_welsh_page_has_the_same_macros(page):
    assert macros(welsh(page).read_text(encoding="utf-8")) == macros(page.read_text(encoding="utf-8"))


@pytest.mark.parametrize("page", EN_PAGES, ids=lambda p: p.name)
def test_welsh_page_links_to_the_same_pages(page):
    def targets(p: Path) -> Counter:
        return Counter(t.split("#")[0] for t in LINK.findall(front_matter(p)[1]))
    assert targets(welsh(page)) == targets(page)


@pytest.mark.parametrize("page", CY_PAGES, ids=lambda p: p.name)
def test_welsh_anchors_point_at_welsh_headings(page):
    """A link to another page's heading uses the slug of the Welsh heading,
    the same under MkDocs' default slugifier and the Unicode one."""
    from markdown.extensions.toc import slugify, slugify_unicode
    for target in LINK.findall(front_matter(page)[1]):
        if "#" not in target or target.startswith(("http:", "https:")):
            continue
        file, anchor = target.split("#", 1)
        body = front_matter(welsh(DOCS / file) if file else page)[1]
        texts = [text for _, text in headings(body)]
        assert anchor in {slugify(t, "-") for t in texts}, f"{page.name}: no heading gives #{anchor} in {file}"
        assert anchor in {slugify_unicode(t, "-") for t in texts}, f"{page.name}: #{anchor} depends on the slugifier"


# Any UK phone number shape, as tests/test_content.py checks for English pages.
UK_NUMBER = re.compile(r"(?<![\d])0\d(?:[ -]?\d){8,9}(?![\d])")


@pytest.mark.parametrize("page", CY_PAGES, ids=lambda p: p.name)
def test_no_phone_number_is_written_into_a_welsh_page(page):
    text = MACRO.sub(" ", page.read_text(encoding="utf-8"))
    assert not UK_NUMBER.search(text), page.name
    data = yaml.safe_load((DOCS / "data" / "contacts.yml").read_text(encoding="utf-8"))
    for contact in data["contacts"]:
        for n in contact.get("numbers", []):
            pattern = r"(?<![\w.])" + r"[ -]?".join(re.escape(d) for d in n["number"].replace(" ", "")) + r"(?![\w.])"
            found = re.search(pattern, text)
            assert not found, f"{page.name}: {found.group(0)!r} is a contact number: use a macro"


@pytest.mark.parametrize("page", CY_PAGES, ids=lambda p: p.name)
def test_welsh_page_readability(page):
    average, longest = readability(page)
    assert average <= MAX_AVERAGE_WORDS, f"{page.name}: average sentence {average:.1f} words"
    assert longest <= MAX_SENTENCE_WORDS, f"{page.name}: a sentence of {longest} words"


def test_sentence_counting():
    sample = "# Teitl\n\nUn dau tri. Pedwar pump!\n\n- chwech saith\n- 14.4% o bobl\n"
    assert sentence_lengths(sample) == [1, 3, 2, 2, 3]


# -------------------------------------------------------------------- strings

def flatten(data: dict, prefix: str = "") -> dict[str, str]:
    out = {}
    for key, value in data.items():
        name = f"{prefix}.{key}" if prefix else str(key)
        out.update(flatten(value, name) if isinstance(value, dict) else {name: value})
    return out


def placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def strings(lang: str) -> dict[str, str]:
    return flatten(yaml.safe_load((ROOT / "strings" / f"{lang}.yml").read_text(encoding="utf-8")))


def test_welsh_strings_have_the_english_keys_and_placeholders():
    en, cy = strings("en"), strings("cy")
    assert set(cy) == set(en)
    for key, text in cy.items():
        assert isinstance(text, str) and text, key
        assert placeholders(text) == placeholders(en[key]), key
    assert cy["locale"] == "cy"


def test_welsh_dates_and_day_names_come_out_in_welsh():
    from babel.dates import format_date, get_day_names
    cy = strings("cy")
    assert format_date(dt.date(2026, 11, 21), cy["dates.format"], locale=cy["locale"]) == "21 Tachwedd 2026"
    assert get_day_names("wide", locale=cy["locale"])[0] == "Dydd Llun"
    assert cy["hours.list_last"] == " a "          # Babel's day names start with "Dydd": no "ac"


# ----------------------------------------------------------------------- data

def load(path: str):
    return yaml.safe_load((ROOT / path).read_text(encoding="utf-8"))


def test_welsh_checklist_matches_the_english_questions():
    en, cy = load("docs/data/checklist.yml"), load("docs/data/checklist.cy.yml")
    assert cy["version"] == en["version"] and cy["source"] and cy["licence"]
    assert [(q["id"], q["urgent"]) for q in cy["questions"]] == [(q["id"], q["urgent"]) for q in en["questions"]]
    assert [("hint" in q) for q in cy["questions"]] == [("hint" in q) for q in en["questions"]]
    for q in cy["questions"]:
        assert q["text"].endswith("?"), q["id"]
        assert len(q["text"].split()) <= MAX_SENTENCE_WORDS, q["id"]


def test_welsh_contacts_match_the_english_contacts():
    """Every contact a Welsh edition can show (one that serves England or Wales: the Welsh editions'
    jurisdiction) has its Welsh words, in the same order; a contact for Scotland or Northern Ireland
    may have them too."""
    en, cy = load("docs/data/contacts.yml")["contacts"], load("docs/data/contacts.cy.yml")["contacts"]
    needed = [c["id"] for c in en if {"england", "wales"} & set(c["serves"])]
    have = [c["id"] for c in cy]
    assert [i for i in needed if i not in have] == [], "Welsh words missing"
    assert have == [c["id"] for c in en if c["id"] in have], "the Welsh contacts are not in the English order"
    for c in cy:
        assert set(c) == {"id", "name", "for"} and c["name"] and c["for"], c["id"]


def test_welsh_glossary_has_the_agreed_terms():
    glossary = load("docs/data/glossary.cy.yml")
    welsh_terms = {t["cy"] for t in glossary["terms"]}
    for term in ("stelcio", "aflonyddu", "Gadael y dudalen hon", "Neidio i'r prif gynnwys",
                 "Datganiad hygyrchedd", "Ar agor nawr", "Ar gau nawr", "Cymraeg / English"):
        assert term in welsh_terms, term
    assert all(t["en"] and t["cy"] for t in glossary["terms"])
    assert set(glossary["pages"]) == {p.name for p in EN_PAGES}
    for name, title in glossary["pages"].items():
        assert front_matter(welsh(DOCS / name))[0]["title"] == title, name


def test_welsh_example_has_both_languages_and_every_value_in_each():
    """The Welsh council's example (Welsh first) loads as two editions whose
    organisation and local services speak each edition's language."""
    from supportkit.load.config import load_editions

    editions = load_editions(ROOT / "examples" / "cyngor-sir-enghraifft.yml", "web")
    assert list(editions) == ["cy", "en"]
    cy, en = editions["cy"], editions["en"]
    assert cy.organisation.name != en.organisation.name and cy.organisation.area != en.organisation.area
    assert len(cy.local_contacts) == 2 and [c.id for c in cy.local_contacts] == [c.id for c in en.local_contacts]
    for a, b in zip(cy.local_contacts, en.local_contacts):
        assert a.name != b.name and a.purpose != b.purpose, a.id


if __name__ == "__main__":
    rows = [(p.name, *readability(p)) for p in CY_PAGES]
    for name, average, longest in rows:
        print(f"{name:32} average {average:5.1f}  longest {longest:3d}")
    print(f"{'all pages':32} average {sum(r[1] for r in rows) / len(rows):5.1f}  "
          f"longest {max(r[2] for r in rows):3d}")
    sys.exit(0)
