"""The Welsh council's bilingual edition (examples/cyngor-sir-enghraifft.yml):
Welsh at the root, English under en/, built by mkdocs-static-i18n.

The crawl of every page in both languages (no foreign request, no storage, no
console error, no axe violation, no sideways scroll, focus on screen, the
right lang) is in test_crawl.py, which crawls this edition with the others.
Here: each page's switch leads to its counterpart and back, on the web (with
and without JavaScript) and on the kiosk from file://; no English words from
the strings file in a Welsh page; the 404 pages; the kiosk's search, start
page and welcome page; the Welsh leaflets; and the build's parity checks,
each failing with the file, the key and the fix. The quick exit and the
checklist are tested in both languages in test_quick_exit.py and
test_checklist.py; the Welsh files themselves (same headings, macros, keys,
plain Welsh) in test_welsh_files.py.
"""
from __future__ import annotations

import html
import re
import shutil
import subprocess
from pathlib import Path
from urllib.parse import unquote, urlparse

import pytest
import yaml

from conftest import (AXE, ROOT, WELSH, copy_kit, css_removed, css_report, kit_command, once_per_worker, pretty, run_axe, site_pages,
                      storage_snapshot, strings)
from crawl import FOCUS_WIDTHS, TAB_WIDTH, crawl, tab_crawl, tab_sample, walk_matches_tab

LANGS = ("cy", "en")          # the example's order: Welsh first, at the root

# Words from strings/en.yml that a Welsh page may show: the name of the
# language in the switch, which is how a reader finds their language.
# Names a Welsh page may show in English: the language's own name, and the nations' in the Acts'
# titles given as they are ("Criminal Justice and Licensing (Scotland) Act 2010")
PROPER_NAMES = {"English", "Scotland", "Northern Ireland"}


def other(lang: str) -> str:
    return "en" if lang == "cy" else "cy"


def lang_of(path: str) -> str:
    return "en" if path.startswith("en/") else "cy"


# --------------------------------------------------------------------------
# The web edition
# --------------------------------------------------------------------------

def page_path(url: str, base: str) -> str:
    path = unquote(urlparse(url).path)
    assert path.startswith(unquote(urlparse(base).path)), url
    return path[len(unquote(urlparse(base).path)):]


def test_every_page_switch_leads_to_its_counterpart_and_back(welsh_site, welsh_sample_crawl, serve):
    base = serve(welsh_site).url
    pages = welsh_sample_crawl.pages
    assert sorted({lang_of(p) for p in pages}) == ["cy", "en"]
    assert len([p for p in pages if lang_of(p) == "cy"]) == len([p for p in pages if lang_of(p) == "en"]) >= 17
    for path, record in pages.items():
        lang = lang_of(path)
        assert len(record.switch) == 1, (path, record.switch)
        link_lang, hreflang, address = record.switch[0]
        assert link_lang == hreflang == other(lang), (path, record.switch)
        target = page_path(address, base)
        assert target in pages, f"{path or '/'}: the switch leads to {target}, which is not a page"
        assert pages[target].lang == other(lang), (path, target)
        assert target == (path[len("en/"):] if lang == "en" else "en/" + path), f"{path}: not its counterpart"
        back = page_path(pages[target].switch[0][2], base)
        assert back == path, f"{target}: its switch leads to {back}, not back to {path}"


def test_head_links_every_counterpart(welsh_site):
    for path in site_pages(welsh_site):
        html = (welsh_site / (path + "index.html" if path.endswith("/") or not path else path)).read_text()
        links = dict(re.findall(r'<link rel="alternate" hreflang="(\w+)" href="([^"]+)">', html))
        assert set(links) == set(LANGS), (path, links)


def test_the_switch_works_without_javascript(welsh_site, serve, browser):
    base = serve(welsh_site).url
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(base + "the-law/")
    assert page.evaluate("document.documentElement.lang") == "cy"
    switch = page.locator(".kit-lang")
    assert switch.get_attribute("aria-label") == strings("cy")["language"]["switch_label"]
    # before the main content: the switch comes before <main> in the page's order
    assert page.evaluate("""() => !!(document.querySelector('.kit-lang').compareDocumentPosition(
        document.querySelector('main')) & Node.DOCUMENT_POSITION_FOLLOWING)""")
    page.get_by_role("link", name="English").click()
    page.wait_for_url(base + "en/the-law/")
    assert page.evaluate("document.documentElement.lang") == "en"
    assert page.locator(".kit-lang__current").inner_text() == "English"
    page.get_by_role("link", name="Cymraeg").click()
    page.wait_for_url(base + "the-law/")
    context.close()


def english_phrases() -> dict[str, str]:
    """Each English string's fixed words (between placeholders), by key, where
    the Welsh string differs: what a Welsh page must never show."""
    found: dict[str, str] = {}

    def walk(en, cy, key):
        if isinstance(en, dict):
            for k, v in en.items():
                walk(v, cy.get(k) if isinstance(cy, dict) else None, f"{key}.{k}" if key else str(k))
        elif isinstance(en, str) and en != cy:
            parts = re.split(r"\{[^}]*\}", en)
            for i, part in enumerate(parts):
                part = part.strip(" .,:;()\"'–-\n")
                # a single word counts only when it is the whole string ("Menu"), not a
                # joining word between placeholders ("{title}, from {organisation}")
                words = len(part.split())
                if len(re.findall(r"[A-Za-z]", part)) >= 4 and part not in PROPER_NAMES and (
                        words >= 2 or len(parts) == 1):
                    found[f"{key}[{i}]"] = part

    walk(strings("en"), strings("cy"), "")
    return found


def test_no_english_string_appears_in_a_welsh_page(welsh_sample_crawl):
    phrases = english_phrases()
    assert len(phrases) > 150 and "quick_exit.button[0]" in phrases
    found = {}
    for path, record in welsh_sample_crawl.pages.items():
        if lang_of(path) != "cy":
            continue
        hits = [f"{key}: {words!r}" for key, words in phrases.items()
                if re.search(r"(?<![\w'])" + re.escape(words) + r"(?![\w'])", record.text)]
        if hits:
            found[path or "/"] = hits
    assert found == {}, pretty(found)


def test_the_english_check_can_fail(welsh_sample_crawl):
    """The same search finds the English strings in the English pages."""
    phrases = english_phrases()
    text = welsh_sample_crawl.pages["en/the-law/"].text
    assert re.search(re.escape(phrases["quick_exit.button[0]"]), text)


@pytest.fixture(scope="module")
def published(welsh_site, tmp_path_factory, serve) -> str:
    """The edition served where its site_url says (/stelcio/): a 404 page's addresses
    start from the site's root, as a server shows it for any missing address."""
    root = tmp_path_factory.mktemp("published")
    (root / "stelcio").symlink_to(welsh_site, target_is_directory=True)
    return serve(root).url + "stelcio/"


@pytest.mark.parametrize("lang", LANGS)
def test_each_language_has_its_own_not_found_page(lang, welsh_site, published, browser):
    path = "404.html" if lang == "cy" else "en/404.html"
    assert f'<html lang="{lang}"' in (welsh_site / path).read_text(encoding="utf-8")
    page = browser.new_page()
    page.goto(published + path)
    assert page.evaluate("document.documentElement.lang") == lang
    assert page.locator("h1").inner_text() == strings(lang)["not_found"]["title"]
    assert strings(lang)["help_box"]["title"] in page.inner_text("article")
    assert strings(lang)["quick_exit"]["button"] in page.inner_text(".kit-qe")
    assert run_axe(page) == []
    page.get_by_role("link", name=strings(lang)["not_found"]["home"]).click()
    page.wait_for_url(published + ("" if lang == "cy" else "en/"))
    page.close()


def test_about_page_never_claims_a_check_that_did_not_happen(welsh_site):
    """The example has no checked_by: the About page says the Welsh has not been checked."""
    about = html.unescape((welsh_site / "about" / "index.html").read_text(encoding="utf-8"))
    not_checked = strings("cy")["language"]["not_checked"].format(language="Cymraeg")
    assert not_checked in about
    assert "Gwiriodd siaradwr" not in about


def test_every_welsh_page_carries_the_welsh_quick_exit_and_help_box(welsh_site):
    cy = strings("cy")
    for path in site_pages(welsh_site):
        if lang_of(path) != "cy":
            continue
        page = html.unescape((welsh_site / (path + "index.html")).read_text(encoding="utf-8"))
        assert f'{cy["quick_exit"]["button"]}</a>' in page, path
        assert cy["help_box"]["title"] in page, path
        assert 'href="tel:08088010800"' in page, f"{path}: Live Fear Free is the 24-hour line"


# --------------------------------------------------------------------------
# The kiosk edition, from file://
# --------------------------------------------------------------------------

@pytest.fixture(scope="module")
def welsh_kiosk(tmp_path_factory) -> Path:
    def make() -> Path:
        dist = tmp_path_factory.mktemp("welsh-kiosk") / "dist"
        proc = kit_command("kiosk", "--config", str(WELSH), "--dist", str(dist),
                           env={"SOURCE_DATE_EPOCH": "1767225600", "KIT_CSS_REPORT": str(css_report(dist / "kiosk"))})
        assert proc.returncode == 0, proc.stdout + proc.stderr
        return dist / "kiosk"
    return once_per_worker("welsh kiosk", make)


def kiosk_pages(kiosk: Path) -> list[str]:
    return sorted(p.relative_to(kiosk).as_posix() for p in kiosk.rglob("*.html"))


@pytest.fixture(scope="module")
def welsh_kiosk_crawl(welsh_kiosk, browser):
    """The Welsh kiosk from file://, every page visited and checked at every width (make test-full
    only: README.md, "Tests", gives its cost; make test checks its start page, search and quick exit)."""
    base = welsh_kiosk.as_uri() + "/"
    names = [n for n in kiosk_pages(welsh_kiosk) if n != "welcome.html"]
    return once_per_worker(("kiosk crawl", base), lambda: crawl(browser, base, names, run_axe, axe_script=AXE,
                                                                allowed=base, checks=("axe", "focus"),
                                                                css_removed=css_removed(welsh_kiosk),
                                                                tab_pages=tab_sample(names)))


@pytest.mark.full
def test_kiosk_pages_are_in_both_languages_and_each_switch_leads_there_and_back(welsh_kiosk, welsh_kiosk_crawl):
    base = welsh_kiosk.as_uri() + "/"
    pages = welsh_kiosk_crawl.pages
    assert len(pages) >= 34 and len(welsh_kiosk_crawl.deep_pages()) >= 8 and not (welsh_kiosk / "404.html").exists() and not (welsh_kiosk / "en/404.html").exists()
    assert welsh_kiosk_crawl.blocked == [], welsh_kiosk_crawl.blocked
    assert {n: r.errors for n, r in pages.items() if r.errors} == {}
    for name, record in pages.items():
        lang = lang_of(name)
        assert record.lang == lang, name
        (link_lang, hreflang, address), = record.switch
        assert link_lang == hreflang == other(lang) and address.startswith("file://"), (name, record.switch)
        target = page_path(address, base)
        assert target == (name[len("en/"):] if lang == "en" else "en/" + name), (name, target)
        assert page_path(pages[target].switch[0][2], base) == name


@pytest.mark.full
def test_kiosk_pages_pass_axe_and_keep_focus_on_screen(welsh_kiosk_crawl):
    deep = welsh_kiosk_crawl.deep_pages()
    assert all(1280 in r.axe for r in deep.values()) and len(deep) >= 8
    assert {n: v for n, r in deep.items() for w, v in r.axe.items() if v} == {}
    assert {n: r.overflow_320 for n, r in deep.items() if r.overflow_320} == {}
    for width in FOCUS_WIDTHS:
        off = {n: r.off_screen(width) for n, r in deep.items() if r.off_screen(width)}
        assert off == {}, f"{width}px: {pretty(off)}"
    pressed = {n: [s for s in r.tabbed if not s["onScreen"]] for n, r in deep.items()}
    assert sum(r.pressed for r in deep.values()) >= 3, "Tab was pressed through too few pages"
    assert {n: off for n, off in pressed.items() if off} == {}, f"Tab reached these off screen at {TAB_WIDTH}px"
    wrong = {n: why for n, r in deep.items()
             if r.pressed and (why := walk_matches_tab(r.stops[TAB_WIDTH], r.tabbed))}
    assert wrong == {}, f"the focus walk does not stand for Tab presses:\n{pretty(wrong)}"
    assert welsh_kiosk_crawl.css_failures() == {}, pretty(welsh_kiosk_crawl.css_failures())


@pytest.mark.full
def test_tab_presses_through_every_welsh_kiosk_page_stop_only_on_screen_where_the_walk_does(welsh_kiosk, browser):
    found = tab_crawl(browser, welsh_kiosk.as_uri() + "/", [n for n in kiosk_pages(welsh_kiosk) if n != "welcome.html"])
    off = {p: [s for s in tabbed if not s["onScreen"]] for p, (tabbed, _) in found.items()}
    assert {p: o for p, o in off.items() if o} == {}, f"Tab reached these off screen at {TAB_WIDTH}px"
    wrong = {p: why for p, (tabbed, walked) in found.items() if (why := walk_matches_tab(walked, tabbed))}
    assert wrong == {} and len(found) >= 34, pretty(wrong)


def test_kiosk_start_page_offers_both_languages_equally(welsh_kiosk, browser):
    page = browser.new_page(viewport={"width": 1280, "height": 800})
    for start, lang in (("index.html", "cy"), ("en/index.html", "en")):
        page.goto((welsh_kiosk / start).as_uri())
        choice = page.locator(".kit-lang-choice")
        title = choice.locator(".kit-lang-choice__title").inner_text()
        assert strings("cy")["language"]["choose"] in title and strings("en")["language"]["choose"] in title
        options = choice.locator(".kit-lang-choice__option")
        assert options.all_inner_texts() == ["Cymraeg", "English"]
        sizes = [options.nth(i).bounding_box() for i in range(2)]
        assert sizes[0]["width"] == sizes[1]["width"] and sizes[0]["height"] == sizes[1]["height"] >= 44, sizes
        assert [options.nth(i).get_attribute("lang") for i in range(2)] == ["cy", "en"]
        current = choice.locator("[aria-current=page]")
        assert current.get_attribute("lang") == lang
    page.get_by_role("link", name="Cymraeg").first.click()
    page.wait_for_url("**/kiosk/index.html")
    assert page.evaluate("document.documentElement.lang") == "cy"
    assert run_axe(page) == []
    page.goto((welsh_kiosk / "the-law.html").as_uri())
    assert page.locator(".kit-lang-choice").count() == 0, "the choice is on the start page only"
    page.close()


def test_kiosk_search_finds_the_welsh_law_page_from_a_welsh_word(welsh_kiosk, browser):
    context = browser.new_context()
    blocked = []
    base = welsh_kiosk.as_uri() + "/"
    context.route("**/*", lambda r: r.continue_() if r.request.url.startswith(base)
                  else (blocked.append(r.request.url), r.abort()))
    page = context.new_page()
    page.goto(base + "index.html")
    page.click(".md-search__input")
    page.keyboard.type("aflonyddu", delay=20)      # harassment, in Welsh; the law page's title has it
    result = page.locator(".md-search-result__item a[href$='the-law.html']").first
    result.wait_for(state="visible", timeout=10_000)
    assert "/en/" not in result.get_attribute("href")
    result.click()
    page.wait_for_url(re.compile(r".*/kiosk/the-law\.html(#.*)?$"))
    assert page.evaluate("document.documentElement.lang") == "cy"
    assert blocked == []
    context.close()


def test_kiosk_welcome_page_speaks_every_language(welsh_kiosk, browser):
    html = (welsh_kiosk / "welcome.html").read_text(encoding="utf-8")
    for word in ("stalk", "stelc", "harass", "aflonydd", "<script", "http"):
        assert word not in html.lower(), word
    page = browser.new_page()
    page.goto((welsh_kiosk / "welcome.html").as_uri())
    assert page.evaluate("document.documentElement.lang") == "cy"
    assert page.locator("section[lang=cy]").count() == 1 and page.locator("section[lang=en]").count() == 1
    assert "Sir Enghraifft" in page.inner_text("h1") and "Example County" in page.inner_text("h1")
    assert run_axe(page) == []
    page.locator("footer a[lang=en]").click()
    page.wait_for_url("**/kiosk/en/index.html")
    page.close()


def test_kiosk_idle_reset_and_quick_exit_lead_to_the_kiosk_root(welsh_kiosk):
    html = (welsh_kiosk / "en" / "the-law.html").read_text(encoding="utf-8")
    assert 'data-start="../index.html"' in html
    assert re.search(r'href="\.\./welcome\.html"[^>]*data-kit-qe', html)


# --------------------------------------------------------------------------
# Leaflets
# --------------------------------------------------------------------------

@pytest.fixture(scope="module")
def welsh_leaflets(tmp_path_factory, welsh_site) -> Path:
    """Every leaflet, in both languages, as A4 (the forms are tested in test_leaflets.py)."""
    out = tmp_path_factory.mktemp("welsh-leaflets") / "leaflets"
    proc = kit_command("leaflets", "--config", str(WELSH), "--site", str(welsh_site), "--out", str(out),
                       "--form", "a4")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    return out


def pdf_text(path: Path) -> str:
    return subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True,
                          check=True).stdout


def test_every_leaflet_is_in_welsh_with_the_welsh_help_box_and_numbers(welsh_leaflets):
    from supportkit.load.config import load_editions

    editions = load_editions(WELSH)
    ids = [spec.id for spec in editions["cy"].options.leaflets]
    assert sorted(p.name for p in welsh_leaflets.glob("*.pdf")) == sorted(
        f"{i}-{lang}-a4.pdf" for i in ids for lang in LANGS)
    for leaflet in ids:
        for lang in LANGS:
            text = " ".join(pdf_text(welsh_leaflets / f"{leaflet}-{lang}-a4.pdf").split())
            words = strings(lang)
            assert words["help_box"]["title"] in text, (leaflet, lang)
            assert editions[lang].leaflet_title(next(s for s in editions[lang].options.leaflets
                                                     if s.id == leaflet)) in text
            for number in ("999", "101", "0808 802 0300", "029 2018 0127", "0808 80 10 800"):
                assert number in text, (leaflet, lang, number)
            assert editions[lang].organisation.name in text
    welsh = " ".join(pdf_text(welsh_leaflets / "where-to-get-help-cy-a4.pdf").split())
    assert "Cymorth i Ddioddefwyr Sir Enghraifft" in welsh and "Get help now" not in welsh


def test_welsh_leaflets_are_tagged_and_in_welsh(welsh_leaflets):
    import pikepdf

    with pikepdf.open(welsh_leaflets / "where-to-get-help-cy-a4.pdf") as pdf:
        assert str(pdf.Root.Lang).lower().startswith("cy")
        assert pdf.Root.MarkInfo.Marked
        assert "/StructTreeRoot" in pdf.Root


# --------------------------------------------------------------------------
# Parity: what is in one language and not the other stops the build
# --------------------------------------------------------------------------

def welsh_kit(tmp_path: Path) -> Path:
    return copy_kit(tmp_path / "kit")


def build_welsh(kit: Path, out: Path) -> subprocess.CompletedProcess:
    return kit_command("site", "--config", str(kit / "examples" / WELSH.name), "--out", str(out), root=kit)


def edit(path: Path, old: str, new: str, count: int = 1) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} is not in {path}"
    path.write_text(text.replace(old, new, count), encoding="utf-8")


def drop_yaml_key(path: Path, dotted: str) -> None:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    *parents, last = dotted.split(".")
    node = data
    for key in parents:
        node = node[key]
    del node[last]
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")


PARITY_CASES = {
    # case: (change the copy, file named, key named, words of the problem, words of the fix)
    "a page with no Welsh version": (
        lambda kit: (kit / "docs" / "diary.cy.md").unlink(),
        "docs/diary.cy.md", "(file)", "the page diary.md has no cy version", "add docs/diary.cy.md"),
    "a Welsh page with no English page": (
        lambda kit: shutil.copy(kit / "docs" / "diary.cy.md", kit / "docs" / "extra-page.cy.md"),
        "docs/extra-page.cy.md", "(file)", "there is no English page extra-page.md", "add docs/extra-page.md"),
    "a Welsh page that does not say what it was translated from": (
        lambda kit: edit(kit / "docs" / "the-law.cy.md", "translated_from:", "translated_by_then:"),
        "docs/the-law.cy.md", "translated_from", "a required value is missing", "add translated_from:"),
    "a string missing in Welsh": (
        lambda kit: drop_yaml_key(kit / "strings" / "cy.yml", "quick_exit.skip_link"),
        "strings/cy.yml", "quick_exit.skip_link", "this string is missing", "add quick_exit.skip_link:"),
    "an organisation value with no Welsh": (
        lambda kit: edit(kit / "examples" / WELSH.name, "    area:\n      cy: Sir Enghraifft\n", "    area:\n"),
        "examples/cyngor-sir-enghraifft.yml", "extra.organisation.area", "there is no cy value", "cy: ..."),
    "a local service described in one language": (
        lambda kit: edit(kit / "examples" / WELSH.name,
                         "        name:\n          cy: Cymorth i Ddioddefwyr Sir Enghraifft\n"
                         "          en: Example County Victim Support Service\n",
                         "        name: Example County Victim Support Service\n"),
        "examples/cyngor-sir-enghraifft.yml", "extra.organisation.local_contacts[0].name",
        "is in one language only", "cy: ..., en: ..."),
    "a checklist question missing in Welsh": (
        lambda kit: edit(kit / "docs" / "data" / "checklist.cy.yml", "id: damage", "id: damage-to-things"),
        "docs/data/checklist.cy.yml", "questions[", "the cy questions differ from the en ones",
        "the same ids"),
    "a national contact with no Welsh description": (
        lambda kit: edit(kit / "docs" / "data" / "contacts.cy.yml", "id: paladin", "id: paladin-service"),
        "docs/data/contacts.cy.yml", "contacts", "there is no cy name for the contact 'paladin'",
        "add - id: paladin"),
    "a leaflet title in one language only": (
        lambda kit: edit(kit / "examples" / WELSH.name, "  help_box:\n",
                         "  leaflets:\n    - {id: where-to-get-help, title: Where to get help, "
                         "pages: [get-support.md]}\n  help_box:\n"),
        "examples/cyngor-sir-enghraifft.yml", "extra.leaflets[0].title", "is in one language only",
        "cy: ..., en: ..."),
}


@pytest.mark.parametrize("case", list(PARITY_CASES))
def test_a_gap_in_one_language_fails_the_build_with_file_key_and_fix(case, tmp_path):
    change, file, key, problem, fix = PARITY_CASES[case]
    kit = welsh_kit(tmp_path)
    out = tmp_path / "site"
    out.mkdir()
    (out / "previous.html").write_text("the previous build")
    (out / ".kit-output").write_text("")
    change(kit)
    proc = build_welsh(kit, out)
    assert proc.returncode == 2, proc.stdout + proc.stderr
    first = proc.stderr.strip().splitlines()
    message = "\n".join(first)
    assert file in message and key in message and problem in message, message
    assert "Fix:" in message and fix in message.split("Fix:", 1)[1], message
    assert (out / "previous.html").read_text() == "the previous build", "the failed build lost the previous output"


def test_a_translation_older_than_its_page_warns_and_the_check_is_recorded(tmp_path):
    kit = welsh_kit(tmp_path)
    edit(kit / "docs" / "the-law.md", "last_reviewed: ", "last_reviewed: 2099-01-01\nold_review: ")
    edit(kit / "examples" / WELSH.name, "    - code: cy                 # the default language: the site's root\n",
         "    - {code: cy, checked_by: Uned Gymraeg, checked_on: 2026-11-20}\n")
    out = tmp_path / "site"
    proc = build_welsh(kit, out)
    assert proc.returncode == 0, proc.stderr
    assert "docs/the-law.cy.md was translated from the" in proc.stderr and "needs updating" in proc.stderr
    assert "no record of who checked them" not in proc.stderr
    about = html.unescape((out / "about" / "index.html").read_text(encoding="utf-8"))
    assert "Uned Gymraeg" in about and "20 Tachwedd 2026" in about


def test_without_a_record_of_the_check_the_build_warns():
    from supportkit.load.config import load_editions

    notes = load_editions(WELSH)["cy"].warnings
    assert any("the cy words have no record of who checked them" in n and "checked_by:" in n for n in notes), notes


# --------------------------------------------------------------------------
# make, with CONFIG= the Welsh example
# --------------------------------------------------------------------------

@pytest.mark.parametrize("target,command", [
    ("site", "-m supportkit site --config examples/cyngor-sir-enghraifft.yml"),
    ("kiosk", "-m supportkit kiosk --config examples/cyngor-sir-enghraifft.yml"),
    ("leaflets", "-m supportkit leaflets --config examples/cyngor-sir-enghraifft.yml"),
])
def test_make_targets_take_the_welsh_example(target, command):
    proc = subprocess.run(["make", "-n", target,
                           "CONFIG=examples/cyngor-sir-enghraifft.yml"], cwd=ROOT, capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
    assert command in proc.stdout, proc.stdout


def test_the_welsh_example_builds_with_storage_untouched(welsh_site, serve, browser):
    context = browser.new_context()
    page = context.new_page()
    page.goto(serve(welsh_site).url + "risk-checklist/")
    page.check("input[type=radio][value=yes]")
    assert storage_snapshot(context, page) == {"local": 0, "session": 0, "idb": [], "caches": [], "cookies": []}
    context.close()


def test_report_online_leads_to_the_form_in_the_pages_language(welsh_site, tmp_path):
    """Welsh review W3/T9: a Welsh page's "roi gwybod ar-lein" leads to the force's
    Welsh form and an English page's "report it online" to its English one; one
    address still serves both languages, and a pair missing a language is refused."""
    from supportkit.core.errors import KitError
    from supportkit.load.config import load_editions

    def targets(site: Path, words: str) -> set[str]:
        found = set()
        for f in site.rglob("*.html"):
            found.update(re.findall(rf'<a [^>]*href="([^"]+)"[^>]*>\s*{words}\s*</a>', f.read_text(encoding="utf-8")))
        return found

    cy = targets(welsh_site, "roi gwybod ar-lein")
    en = targets(welsh_site, "report it online")
    assert cy == {"https://www.heddlu.example/cy/"}, cy
    assert en == {"https://www.heddlu.example/en/"}, en

    data = yaml.safe_load(WELSH.read_text())
    data["INHERIT"] = str(ROOT / "mkdocs.yml")
    data["extra"]["organisation"]["report_online"] = "https://www.heddlu-enghraifft.example/report/"
    one = tmp_path / "one.yml"
    one.write_text(yaml.safe_dump(data, sort_keys=False))
    assert {e.report_online_url for e in load_editions(one).values()} == {"https://www.heddlu-enghraifft.example/report/"}
    data["extra"]["organisation"]["report_online"] = {"cy": "https://www.heddlu.example/cy/"}
    half = tmp_path / "half.yml"
    half.write_text(yaml.safe_dump(data, sort_keys=False))
    with pytest.raises(KitError) as failed:
        load_editions(half)
    assert "extra.organisation.report_online" in str(failed.value) and "en" in str(failed.value)


# --------------------------------------------------------------------------
# Wales's own bilingual 24-hour line first (issue 27, W1-W2)
# --------------------------------------------------------------------------

LIVE_FEAR_FREE = "08088010800"
# 999, 112, 101, their text relay numbers and 55: the police, which every list gives first
POLICE_NUMBERS = {"999", "112", "101", "18000", "18001101", "18001999", "55"}


def who_to_call_lists(page_html: str) -> list[tuple[list[str], object]]:
    """Every list in the page's article that names two or more services to call (not the
    police): (the services' numbers in order, the list). A closed line's "call instead"
    note is not counted."""
    from bs4 import BeautifulSoup

    article = BeautifulSoup(page_html, "html.parser").find("article")
    found = []
    for ul in article.find_all(["ul", "ol"]):
        numbers = []
        for a in ul.select(":scope > li a[href^='tel:']"):
            n = a["href"][4:]
            if n not in POLICE_NUMBERS and n not in numbers and not a.find_parent(class_="kit-open__instead"):
                numbers.append(n)
        if len(numbers) >= 2:
            found.append((numbers, ul))
    return found


def test_live_fear_free_leads_every_who_to_call_list_in_wales_and_says_it_speaks_welsh(welsh_site):
    """In the Welsh example (a Welsh body's, in Wales), on every page in both languages: every list
    of services to call (the "Get help now" box, the checklist's results, the pages' lists)
    names Byw Heb Ofn first after 999 and 101, saying it can be used in Welsh; and so does the
    directory of national services."""
    said = {"cy": "Gymraeg", "en": "Welsh"}      # "yn Gymraeg": Cymraeg mutates after "yn"
    lists = 0
    for path in site_pages(welsh_site):
        page = (welsh_site / (path + "index.html")).read_text(encoding="utf-8")
        found = who_to_call_lists(page)
        assert any("kit-help__list" in (ul.get("class") or []) for _, ul in found), f"{path}: the help box"
        for numbers, ul in found:
            assert numbers[0] == LIVE_FEAR_FREE, f"{path}: a list starts with {numbers[0]}, not Live Fear Free"
            first = next(li for li in ul.find_all("li", recursive=False) if LIVE_FEAR_FREE in str(li))
            assert said[lang_of(path)] in first.get_text(), f"{path}: {first.get_text()!r} does not say Welsh"
            lists += 1
        if path.endswith("risk-checklist/"):
            results = [ul for _, ul in found if ul.find_parent(class_="kit-checklist__variant")]
            assert len(results) >= 2, f"{path}: the checklist's results do not name Live Fear Free"
        if path.endswith("get-support/"):
            national = page[page.index('id="national-services"'):]
            cards = re.findall(r'id="contact-([a-z-]+)"', national)
            assert cards[:3] == ["emergency", "police", "live-fear-free"], f"{path}: {cards[:4]}"
    assert lists >= 40


def test_outside_wales_the_24_hour_line_stays_last_in_the_help_box(default_site):
    """England's editions keep the box's order: the 24-hour line (Victim Support) last."""
    page = (default_site / "index.html").read_text(encoding="utf-8")
    box = page[page.rindex('class="kit-help"'):]
    items = re.findall(r"<li[ >]", box[:box.index("</ul>")])
    assert box.index("kit-help__any-time") > box.index('href="tel:08088020300"'), "the helpline comes first"
    assert len(items) >= 4
