"""Every page of each web edition, from one crawl (tests/crawl.py): no request
to any other host, nothing left on the device, no console error, the right language;
and at each width (on every page of the default edition, on a sample of the Welsh
council's and the Zensical edition's in make test, and on every page of every edition
in make test-full: see FULL_ONLY) no axe violation at
1280 or 320 px, no sideways scrolling at 320 px, every Tab stop on screen at 320, 375
and 1280 px, nothing the CSS step removed drawn. The editions: the default, the English
example (Northshire), the Welsh council's bilingual edition (both languages), the
default as Zensical writes it, and the Scottish and Northern Ireland examples."""
from __future__ import annotations

import pytest

from conftest import crawled_site, deep_sample, pretty, sampled, site_pages
from crawl import FOCUS_WIDTHS, TAB_WIDTH, focus_walk, tab_through, walk_matches_tab

EMPTY = {"local": 0, "session": 0, "idb": [], "caches": [], "cookies": []}


# Every crawl visits every page. make test crawls three editions: the default, every page checked
# at each width; the Welsh council's, and the default as Zensical writes it (the next generator),
# every page visited and the pages that differ most between editions (the home page, the law, the
# checklist and get-support: crawl.TAB_SAMPLE) checked at each width, in each language
# (conftest.deep_sample()). make test-full crawls every edition, every page checked at each width:
# those two, and the three make test does not crawl (FULL_ONLY: the example organisation's,
# Scotland's and Northern Ireland's). README.md, "Tests", gives what each costs.
FULL_ONLY = ("example", "scotland", "northern_ireland")
SAMPLED = ("welsh", "zensical", *FULL_ONLY)


@pytest.fixture(scope="module", params=["default", *sampled("welsh"), *sampled("zensical"),
                                        *[pytest.param(name, marks=pytest.mark.full) for name in FULL_ONLY]])
def crawled(request) -> str:
    return request.param


@pytest.fixture(scope="module")
def site(crawled, request):
    return crawled_site(request, crawled)


def test_crawl_visits_every_page(crawled, site, site_crawl):
    assert list(site_crawl.pages) == site_pages(site)
    assert len(site_crawl.pages) >= (34 if site.name == "welsh" else 17)
    deep = set(site_crawl.deep_pages())
    assert deep == (deep_sample(site_pages(site)) if crawled.endswith("-sample") else set(site_crawl.pages))
    assert len(deep) >= (8 if site.name == "welsh" else 4)


def test_no_request_to_another_host(site_crawl):
    assert site_crawl.requests, "the crawl recorded no requests"
    foreign = site_crawl.foreign("http://127.0.0.1:")
    assert foreign == [], f"requests to other hosts: {foreign}"


def test_nothing_is_left_on_the_device(site_crawl):
    assert site_crawl.storage == EMPTY, pretty(site_crawl.storage)


def test_every_link_within_the_edition_leads_to_a_file_and_its_anchor(site, site_crawl):
    """Every link on every page to the edition's own address: to a file the build wrote (a folder's
    index.html), and an anchor to an id on that page. (A stylesheet, script or image that fails to
    load is a console error, below; make test-full runs linkchecker over the default and example
    editions too: test_links.py.)"""
    from urllib.parse import unquote, urlsplit

    broken, checked = [], 0
    for path, record in site_crawl.pages.items():
        for href, resolved in record.links:
            if not resolved.startswith(site_crawl.base):
                continue
            address = urlsplit(resolved)
            rel, anchor = unquote(address.path)[len(urlsplit(site_crawl.base).path):], unquote(address.fragment)
            target = site / (rel + "index.html" if rel == "" or rel.endswith("/") else rel)
            checked += 1
            if not target.is_file():
                broken.append((path or "/", href, "no such file"))
            elif anchor and rel in site_crawl.pages and anchor not in site_crawl.pages[rel].ids:
                broken.append((path or "/", href, "no such anchor"))
    assert broken == [], pretty(broken)
    assert checked > 10 * len(site_crawl.pages), checked


def test_no_console_errors(site_crawl):
    errors = {p: r.errors for p, r in site_crawl.pages.items() if r.errors}
    assert errors == {}, pretty(errors)


@pytest.mark.parametrize("width", [1280, 320])
def test_axe_finds_no_violations_on_any_page(site_crawl, width):
    checked = {p: r.axe[width] for p, r in site_crawl.pages.items() if width in r.axe}
    assert len(checked) >= (len(site_crawl.deep_pages()) if width == 1280 else 4)
    failures = {p or "/": v for p, v in checked.items() if v}
    assert failures == {}, pretty(failures)


def test_nothing_the_css_step_removed_matches_an_element_drawn_on_any_page(site_crawl):
    """The CSS step's guard (supportkit/finish/css.py, removed_selectors(); tests/crawl.py, CSS_LOSS):
    on every page, at 320, 375, 768 and 1280 px and in print, no removed selector matches a
    drawn element in any state people can bring about. (Screenshots of a sample: test_css.py.)"""
    assert site_crawl.css_failures() == {}, pretty(site_crawl.css_failures())


def test_no_horizontal_scroll_at_320px(site_crawl):
    wide = {p or "/": r.overflow_320 for p, r in site_crawl.pages.items() if r.overflow_320}
    assert wide == {}, f"pages that scroll sideways at 320px: {wide}"


def test_every_focus_stop_is_on_screen(site, site_crawl):
    """At 320, 375 and 1280 px on every page of every edition (tests/crawl.py's focus walk),
    and at 320 px by pressing Tab through every page."""
    deep = site_crawl.deep_pages()
    assert all(set(r.stops) == set(FOCUS_WIDTHS) for r in deep.values()), {p: list(r.stops) for p, r in deep.items()}
    pressed = {p or "/": [s for s in r.tabbed if not s["onScreen"]] for p, r in deep.items()}
    assert {p: off for p, off in pressed.items() if off} == {}, f"Tab reached these off screen at {TAB_WIDTH}px"
    for width in FOCUS_WIDTHS:
        off = {p or "/": r.off_screen(width) for p, r in deep.items() if r.off_screen(width)}
        assert off == {}, f"focused while off screen at {width}px:\n{pretty(off)}"
        counts = [len(r.stops[width]) for r in deep.values()]
        assert min(counts) >= 8, f"too few Tab stops recorded at {width}px: {counts}"


@pytest.mark.full
@pytest.mark.parametrize("name", ["default", *SAMPLED])      # SAMPLED starts with "welsh"
def test_tab_presses_through_every_page_stop_only_on_screen_where_the_walk_does(name, request, serve, browser):
    """make test presses Tab through a sample of pages (crawl.TAB_SAMPLE) and walks the focus order on
    all; here Tab is pressed through every page, and each press's stop is on screen and in the walk."""
    from crawl import tab_crawl

    site = request.getfixturevalue(f"{name}_site")
    found = tab_crawl(browser, serve(site).url, site_pages(site))
    off = {p or "/": [s for s in tabbed if not s["onScreen"]] for p, (tabbed, _) in found.items()}
    assert {p: o for p, o in off.items() if o} == {}, f"Tab reached these off screen at {TAB_WIDTH}px"
    wrong = {p or "/": why for p, (tabbed, walked) in found.items() if (why := walk_matches_tab(walked, tabbed))}
    assert wrong == {}, pretty(wrong)
    assert len(found) >= 17 and min(len(t) for t, _ in found.values()) >= 8


def test_the_focus_walk_stops_where_tab_presses_do(site_crawl):
    """The walk stands for Tab presses at the widths the crawl does not press at: on every
    page at 320 px, it reaches every stop the presses reached, in the same order."""
    wrong = {p or "/": why for p, r in site_crawl.pages.items()
             if r.pressed and (why := walk_matches_tab(r.stops[TAB_WIDTH], r.tabbed))}
    assert wrong == {}, pretty(wrong)
    pressed = [r for r in site_crawl.pages.values() if r.pressed]
    assert len(pressed) >= 3 and min(len(r.tabbed) for r in pressed) >= 8


# A long page: a link far down (focus scrolls to it), a link in a drawer moved off
# screen to the left (nothing scrolls it back), and a link hidden from everyone.
FOCUS_FIXTURE = """<!doctype html><html lang="en"><title>t</title><body style="margin:0">
<a href="#a" id="top">Top</a>
<nav style="position:fixed;top:0;left:0;width:240px;transform:translateX(-242px)"><a href="#b" id="drawer">In the drawer</a></nav>
<div style="height:5000px"></div><a href="#c" id="far">Far down</a>
<a href="#d" id="hidden" style="visibility:hidden">Hidden</a></body></html>"""


@pytest.mark.parametrize("measure", [focus_walk, tab_through])
def test_the_focus_record_tells_a_stop_that_scrolls_into_view_from_one_left_off_screen(browser, measure):
    """Both the walk and the Tab presses, from a page left at its bottom (as the width
    before leaves it): the drawer's link is off screen, the far link is on screen (focus
    scrolls to it before the focus event), the hidden link is no stop."""
    page = browser.new_page()
    try:
        page.set_content(FOCUS_FIXTURE)
        page.set_viewport_size({"width": 375, "height": 800})
        page.evaluate("() => window.scrollTo(0, document.body.scrollHeight)")
        stops = {s["id"]: s["onScreen"] for s in measure(page, 375)}
    finally:
        page.close()
    assert stops == {"top": True, "drawer": False, "far": True}, stops


def test_every_page_is_in_its_own_language(site, site_crawl):
    """English editions: every page in English. The Welsh council's: Welsh at the root, English in en/."""
    expected = {p: ("en" if site.name != "welsh" or p.startswith("en/") else "cy") for p in site_crawl.pages}
    assert {p: r.lang for p, r in site_crawl.pages.items()} == expected
    if site.name == "welsh":
        assert sorted(set(expected.values())) == ["cy", "en"]


def test_first_tab_stop_is_the_quick_exit_and_the_menu_follows_the_header(site_crawl):
    for path, r in site_crawl.deep_pages().items():
        narrow = r.stops[320]
        assert "kit-qe__skip" in narrow[0]["cls"], (path, narrow[:3])
        assert any("kit-menu__button" in s["cls"] for s in narrow), f"{path}: no menu button at 320px"
        assert not any("kit-menu__button" in s["cls"] for s in r.stops[1280]), f"{path}: menu shown at 1280px"


def test_axe_finds_content_outside_every_landmark(browser):
    """run_axe runs axe's region rule: a link outside every landmark, as the quick exit's skip
    link and the menu's button once were, is a violation (WCAG 1.3.1)."""
    from conftest import run_axe

    page = browser.new_page()
    try:
        page.set_content('<!doctype html><html lang="en"><title>t</title><body><a href="https://example.org/">Out</a>'
                         '<main><h1>Page</h1><p>In a landmark.</p></main></body></html>')
        assert "region" in [v["id"] for v in run_axe(page)]
        page.set_content('<!doctype html><html lang="en"><title>t</title><body><section aria-label="Exit">'
                         '<a href="https://example.org/">Out</a></section><main><h1>Page</h1></main></body></html>')
        assert run_axe(page) == []
    finally:
        page.close()


FIRST_VISIT = 14 * 1024          # the first round trip of a new connection (make bench measures it on the wire)


def first_visit_bytes(site, page_file) -> int:
    """What a first visit to a page downloads, compressed: the page, its stylesheets, scripts and
    icon, as the hosting recipes send them (the .gz beside each file). make bench measures the same
    on the wire, with headers; this is the check every build of the suite meets."""
    import re

    html = page_file.read_text(encoding="utf-8")
    files = [page_file]
    for ref in re.findall(r'<(?:link rel="(?:stylesheet|icon)"[^>]*?href|script[^>]*?src)="([^"]+)"', html):
        if not re.match(r"[a-z]+:|/", ref):
            files.append((page_file.parent / ref).resolve())
    total = 0
    for f in files:
        gz = f.with_name(f.name + ".gz")
        total += (gz if gz.is_file() else f).stat().st_size
    return total


def test_a_first_visit_to_any_page_fits_the_first_round_trip(site):
    from conftest import site_pages

    sizes = {}
    for rel in site_pages(site):
        page = site / (rel + "index.html" if rel == "" or rel.endswith("/") else rel)
        sizes[rel or "/"] = first_visit_bytes(site, page)
    over = {p: n for p, n in sizes.items() if n > FIRST_VISIT}
    assert over == {}, f"pages over {FIRST_VISIT:,} bytes on a first visit: {over}"
    assert max(sizes.values()) > 5000, "the sizes were not read"


def test_a_page_whose_first_load_never_ends_is_loaded_once_more_and_noted(browser):
    """crawl.load(): a load event that never comes (here an image held back the first time) is asked
    for again and noted in the record; a page that never loads still fails the crawl."""
    from crawl import PageRecord, load

    page = browser.new_page()
    page.set_default_navigation_timeout(1500)
    held = []

    def answer(route):
        if route.request.url.endswith(".png"):
            held.append(route)
            if len(held) == 1:
                return                  # never answered: the first load has no load event
            return route.fulfill(body=b"", content_type="image/png")
        route.fulfill(body='<!doctype html><title>Held</title><img src="/i.png" alt="">', content_type="text/html")

    try:
        page.route("https://held.test/**", answer)
        first, second = PageRecord("a"), PageRecord("b")
        load(page, "https://held.test/a", first)
        load(page, "https://held.test/b", second)
        assert (first.reloaded, second.reloaded, page.title()) == (True, False, "Held")
        page.route("https://never.test/**", lambda route: None)
        with pytest.raises(Exception):
            load(page, "https://never.test/a", PageRecord("c"))
    finally:
        page.close()
