"""Accessibility: axe-core on every page of each edition, keyboard and narrow screens."""
from __future__ import annotations

from conftest import pretty, run_axe, site_pages


def test_axe_finds_no_violations_on_any_page(site, site_url, browser):
    page = browser.new_page()
    failures = {}
    for path in site_pages(site):
        page.goto(site_url + path)
        violations = run_axe(page)
        if violations:
            failures[path or "/"] = violations
    page.close()
    assert failures == {}, pretty(failures)


def test_no_horizontal_scroll_at_320px(site, site_url, browser):
    page = browser.new_page(viewport={"width": 320, "height": 640})
    wide = {}
    for path in site_pages(site):
        page.goto(site_url + path)
        sizes = page.evaluate("() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]")
        if sizes[0] > sizes[1]:
            wide[path or "/"] = sizes
    page.close()
    assert wide == {}, f"pages that scroll sideways at 320px: {wide}"


def test_skip_link_moves_focus_to_the_content(site_url, browser):
    page = browser.new_page()
    page.goto(site_url + "the-law/")
    for _ in range(5):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.getAttribute('href')") == "#main-content":
            break
    else:
        raise AssertionError("no skip link among the first Tab stops")
    assert page.evaluate("getComputedStyle(document.activeElement).opacity") != "0"
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main-content"
    page.close()


def test_focus_is_visible_on_links(site_url, browser):
    page = browser.new_page()
    page.goto(site_url)
    page.focus(".kit-help a")
    page.keyboard.press("Tab")
    page.keyboard.press("Shift+Tab")
    style = page.evaluate("""() => { const s = getComputedStyle(document.activeElement);
        return [s.outlineStyle, s.outlineWidth, s.boxShadow]; }""")
    assert style[0] != "none" and style[1] != "0px", style
    page.close()


def test_every_page_is_reachable_by_keyboard_at_320px(site, site_url, browser):
    """The menu drawer needs a pointer; the footer lists every page as plain links."""
    page = browser.new_page(viewport={"width": 320, "height": 640})
    page.goto(site_url)
    links = page.eval_on_selector_all(".kit-footer__nav a", "els => els.filter(e => e.offsetParent).map(e => e.getAttribute('href'))")
    assert len(links) == len([p for p in site_pages(site)])
    page.close()
