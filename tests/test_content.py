"""Content: every page in the brief exists, reads plainly, keeps numbers out of
prose, and ends with the same "Get help now" box drawn from the data."""
from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
import textstat
import yaml

from conftest import ROOT, site_pages

DOCS = ROOT / "docs"
PAGES = sorted(DOCS.glob("*.md"))

# The brief asks for a reading age of about 9 to 11 (GOV.UK aims at 9). A
# reading age is roughly the Flesch-Kincaid grade plus 5, so reading age 11 is
# grade 6. We allow one grade above that, 7.0 (reading age 12), because the
# law and accessibility pages must name Acts and bodies whose long names the
# formula counts as hard words.
MAX_GRADE = 7.0
# Across the whole section, the average must be within the target itself.
MAX_AVERAGE_GRADE = 6.0

EXPECTED_PAGES = {
    "index.md", "what-is-stalking.md", "stalking-behaviours.md", "the-law.md", "staying-safe.md", "tech-safety.md",
    "keeping-records.md", "diary.md", "unwanted-calls.md", "if-you-know-who-it-is.md",
    "risk-checklist.md", "report-it.md", "get-support.md", "helping-someone-else.md",
    "cover-your-tracks.md", "accessibility.md", "about.md",
}


def front_matter(path: Path) -> tuple[dict, str]:
    text = path.read_text(encoding="utf-8")
    m = re.match(r"---\n(.*?)\n---\n", text, re.S)
    assert m, f"{path.name} has no front matter"
    return yaml.safe_load(m.group(1)), text[m.end():]


def plain_text(markdown: str) -> str:
    """The words a reader sees, without Markdown syntax, macros or addresses."""
    text = re.sub(r"\{\{.*?\}\}|\{%.*?%\}", "", markdown, flags=re.S)
    text = re.sub(r"^!!! \w+ ?\"?([^\"\n]*)\"?$", r"\1.", text, flags=re.M)   # admonition titles
    text = re.sub(r"\]\([^)]*\)", "]", text)                                  # link targets
    text = re.sub(r"^\s*\|?[-:| ]+\|?\s*$", "", text, flags=re.M)             # table rules
    text = re.sub(r"[#*_`>|\[\]]", " ", text)
    text = re.sub(r"^\s*(\d+\.|-)\s+", "", text, flags=re.M)
    return text


def test_every_page_in_the_brief_exists():
    assert {p.name for p in PAGES} == EXPECTED_PAGES
    nav = yaml.load((ROOT / "mkdocs.yml").read_text(), Loader=yaml.BaseLoader)["nav"]
    assert {list(item.values())[0] for item in nav} == EXPECTED_PAGES


@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.name)
def test_page_has_title_description_and_review_date(page):
    meta, body = front_matter(page)
    assert meta.get("title") and meta.get("description"), page.name
    assert hasattr(meta.get("last_reviewed"), "year"), f"{page.name}: last_reviewed must be a date"
    assert len(re.findall(r"^# ", body, re.M)) == 1, f"{page.name} must have exactly one top heading"


@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.name)
def test_page_reading_level(page):
    _, body = front_matter(page)
    grade = textstat.flesch_kincaid_grade(plain_text(body))
    assert grade <= MAX_GRADE, f"{page.name}: Flesch-Kincaid grade {grade:.1f} is above {MAX_GRADE}"


def test_section_reading_level_on_average():
    grades = [textstat.flesch_kincaid_grade(plain_text(front_matter(p)[1])) for p in PAGES]
    assert sum(grades) / len(grades) <= MAX_AVERAGE_GRADE, grades


def contact_numbers() -> set[str]:
    from kit.config import load
    numbers = set()
    for config in (ROOT / "mkdocs.yml", ROOT / "examples" / "northshire-police.yml"):
        for c in load(config).contacts:
            numbers.update(n["number"] for n in c["numbers"])
    return numbers


def without_macros(markdown: str) -> str:
    return re.sub(r"\{\{.*?\}\}|\{%.*?%\}", " ", markdown, flags=re.S)


# Any UK phone number shape: 0 followed by 9-10 digits, with spaces or hyphens.
UK_NUMBER = re.compile(r"(?<![\d])0\d(?:[ -]?\d){8,9}(?![\d])")


@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.name)
def test_no_phone_number_is_written_into_a_page(page):
    text = without_macros(page.read_text(encoding="utf-8"))
    assert not UK_NUMBER.search(text), f"{page.name}: a phone number belongs in docs/data/contacts.yml"
    for number in contact_numbers():
        pattern = r"(?<![\w.])" + r"[ -]?".join(re.escape(d) for d in number.replace(" ", "")) + r"(?![\w.])"
        found = re.search(pattern, text)
        assert not found, f"{page.name}: {found.group(0)!r} is a contact number: use the phone() or number() macro"


def test_the_number_scan_catches_a_number(tmp_path):
    sample = "Ring the helpline on 0808 802 0300 or dial 1471, or call 999 now."
    assert UK_NUMBER.search(sample)
    digits = {n.replace(" ", "") for n in contact_numbers()}
    assert {"08088020300", "1471", "999"} <= digits


class _Collector(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags: list[tuple[str, dict]] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))


def parse(html_file: Path) -> list[tuple[str, dict]]:
    c = _Collector()
    c.feed(html_file.read_text(encoding="utf-8"))
    return c.tags


def html_files(site: Path) -> list[Path]:
    return [site / (p + "index.html" if p == "" or p.endswith("/") else p) for p in site_pages(site)]


def test_site_builds_every_page(site):
    pages = set(site_pages(site))
    for md in EXPECTED_PAGES:
        assert ("" if md == "index.md" else md[:-3] + "/") in pages, md


def test_every_page_ends_with_the_get_help_now_box(site):
    for f in html_files(site):
        html = f.read_text(encoding="utf-8")
        article = html[html.index('<article'):html.index('</article>')]
        box = article.rfind('class="kit-help"')
        assert box != -1, f"{f}: no Get help now box"
        tail = article[box:]
        for href in ("tel:999", "tel:101", "tel:08088020300"):
            assert f'href="{href}"' in tail, f"{f}: Get help now box lacks {href}"
        assert "press <strong class=\"kit-phone\">55</strong>" in tail
        assert "<h2" not in tail[tail.index("</section>"):], f"{f}: content after the Get help now box"


def test_local_service_in_help_box_only_when_configured(default_site, example_site):
    assert "Northshire Victim Care" not in (default_site / "index.html").read_text()
    example = (example_site / "index.html").read_text()
    assert "Northshire Victim Care" in example[example.index('class="kit-help"'):]
    assert 'href="tel:03005550172"' in example


def test_phone_numbers_are_call_links(site):
    numbers = {n.replace(" ", "") for n in contact_numbers()} - {"55"}
    for f in html_files(site):
        for tag, attrs in parse(f):
            if tag == "a" and attrs.get("href", "").startswith("tel:"):
                assert attrs["href"][4:] in numbers, f"{f}: {attrs['href']} is not in the contacts data"


def test_every_page_forbids_referrers_and_external_links_carry_rel(site):
    for f in html_files(site):
        tags = parse(f)
        metas = [a for t, a in tags if t == "meta" and a.get("name") == "referrer"]
        assert metas and metas[0].get("content") == "no-referrer", f
        first_fetch = next(i for i, (t, a) in enumerate(tags) if t in ("link", "script", "img") and
                           (a.get("href") or a.get("src")))
        assert tags.index(("meta", metas[0])) < first_fetch, f"{f}: referrer policy must come before any fetch"
        for tag, attrs in tags:
            href = attrs.get("href") or ""
            if tag == "a" and href.startswith(("http:", "https:", "//")):
                rel = set((attrs.get("rel") or "").split())
                assert {"noreferrer", "noopener"} <= rel, f"{f}: {href} lacks rel=noreferrer noopener"


def test_every_page_has_one_h1_and_a_skip_link(site):
    for f in html_files(site):
        tags = parse(f)
        assert sum(1 for t, _ in tags if t == "h1") == 1, f
        assert any(t == "a" and a.get("href") == "#main-content" for t, a in tags), f
        assert any(a.get("id") == "main-content" for _, a in tags), f


def test_contacts_have_checked_dates_and_directory_lists_them(example_site):
    from kit.config import load
    html = (example_site / "get-support" / "index.html").read_text()
    for c in load(ROOT / "examples" / "northshire-police.yml").contacts:
        assert c["checked"].year >= 2026
        if c["in_directory"]:
            assert f'id="contact-{c["id"]}"' in html, c["id"]
