"""Printing a page (components/page/print.css and print-header.html): in
Chromium with print media, every page of each edition hides the site's chrome,
puts the organisation's name at the top, prints every external link's address,
keeps phone numbers bold and whole, and keeps headings and boxes together."""
from __future__ import annotations

import io

import pytest

from conftest import EXAMPLE, ROOT, crawled_site, pretty


@pytest.fixture(scope="module", params=["default", pytest.param("example", marks=pytest.mark.full)])
def crawled(request) -> str:
    """Every page of the default edition; the example's (an organisation's name printed at the top) in
    make test-full, which crawls that edition (tests/test_crawl.py, FULL_ONLY)."""
    return request.param


@pytest.fixture(scope="module")
def site(crawled, request):
    return crawled_site(request, crawled)


def organisation_name(site) -> str:
    """The name printed at the top: the organisation's, or the site's when there is none."""
    from supportkit.load.config import load_edition
    return load_edition(EXAMPLE if site.name == "example" else ROOT / "mkdocs.yml").heading


@pytest.fixture(scope="module")
def print_states(site_crawl):
    """Every page the crawl checked at each width (every page of the default edition), as Chromium lays it out for print."""
    return {path or "/": record.print_state for path, record in site_crawl.deep_pages().items()}


def test_every_page_hides_the_site_chrome(print_states):
    shown = {p: s["visibleChrome"] for p, s in print_states.items() if s["visibleChrome"]}
    assert not shown, f"site chrome shown in print:\n{pretty(shown)}"


def test_every_page_has_the_organisation_name_at_the_top(print_states, site):
    name = organisation_name(site)
    for path, s in print_states.items():
        assert s["header"], f"{path}: no organisation name at the top in print"
        assert s["header"]["text"] == name, (path, s["header"])
        assert s["h1Top"] is not None and s["header"]["top"] < s["h1Top"], f"{path}: the name is not above the title"
        assert s["header"]["logo"] == (site.name == "example"), f"{path}: logo only when one is configured"
        assert s["header"]["logoLoaded"], f"{path}: the logo did not load"


def test_every_external_link_is_followed_by_its_address(print_states):
    checked = 0
    for path, s in print_states.items():
        for link in s["links"]:
            if link["href"].startswith(("http:", "https:")):
                assert link["href"] in link["after"], f"{path}: {link} does not print its address"
                checked += 1
            elif link["href"].startswith(("tel:", "sms:")):
                assert link["after"] in ("none", "normal"), f"{path}: {link} prints its address"
    assert checked > 10


def test_phone_numbers_are_bold_and_never_split(print_states):
    for path, s in print_states.items():
        assert s["phones"], path
        for phone in s["phones"]:
            assert int(phone["weight"]) >= 700 and phone["wrap"] == "nowrap", f"{path}: {phone}"


def test_headings_stay_with_what_follows_and_boxes_are_not_split(print_states):
    for path, s in print_states.items():
        assert set(s["headings"]) == {"avoid"}, f"{path}: {s['headings']}"
        assert set(s["boxes"]) == {"avoid"}, f"{path}: {set(s['boxes'])}"


def test_the_print_header_is_hidden_on_screen(browser, site, site_url):
    page = browser.new_page()
    page.goto(site_url)
    assert page.evaluate("getComputedStyle(document.querySelector('.kit-print-header')).display") == "none"
    page.close()


def test_pages_print_on_a4(browser, site_url):
    from pypdf import PdfReader

    page = browser.new_page()
    page.goto(site_url + "get-support/")
    pdf = PdfReader(io.BytesIO(page.pdf(prefer_css_page_size=True)))
    page.close()
    box = pdf.pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (595, 842)   # A4 in points
    text = "\n".join(p.extract_text() for p in pdf.pages)
    assert "Exit this page" not in text
    assert "All pages in this section" not in text                             # the footer


def test_the_logo_is_fetched_only_to_print(browser, example_site, serve):
    """The print header's logo is loading="lazy": a screen never shows it, so a visit does not
    download it (189 bytes of a first visit to the Welsh example), and print still shows it."""
    page = browser.new_page()
    fetched = []
    page.on("request", lambda r: fetched.append(r.url) if "logo" in r.url else None)
    page.goto(serve(example_site).url + "the-law/")
    page.wait_for_load_state("networkidle")
    assert page.locator(".kit-print-header img").get_attribute("loading") == "lazy"
    assert fetched == [], f"the logo was fetched for the screen: {fetched}"
    # printing (here to PDF) scrolled to the foot of the page still fetches it for the first page
    page.evaluate("window.scrollTo(0, document.body.scrollHeight)")
    page.pdf()
    assert len(fetched) == 1, "printing did not load the logo"
    page.close()
