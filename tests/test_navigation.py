"""The section's menu at phone widths (components/navigation/): opened and
closed from the keyboard, focus moving into the list and back out, with and
without JavaScript; Material's drawer, which needs a pointer, is never a Tab
stop. (Every Tab stop being on screen is checked on every page in test_crawl.py.)"""
from __future__ import annotations

import pytest

PAGE = "the-law/"


def focused(page) -> dict:
    return page.evaluate("""() => { const e = document.activeElement;
        return {tag: e.tagName.toLowerCase(), cls: String(e.className), text: e.textContent.trim(),
                inPanel: !!e.closest('.kit-menu__panel'), href: e.getAttribute('href')}; }""")


def tab_to_menu(page):
    for _ in range(15):
        page.keyboard.press("Tab")
        if "kit-menu__button" in focused(page)["cls"]:
            return
    raise AssertionError("the menu button is not among the first Tab stops")


@pytest.fixture(scope="module")
def url(default_site, serve):
    return serve(default_site).url + PAGE


def test_with_javascript_a_real_button_opens_and_closes_the_menu(url, browser):
    page = browser.new_page(viewport={"width": 375, "height": 700})
    page.goto(url)
    button = page.get_by_role("button", name="Menu")
    assert button.get_attribute("aria-expanded") == "false"
    panel = page.locator("#kit-menu-panel")
    assert button.get_attribute("aria-controls") == "kit-menu-panel" and panel.is_hidden()
    tab_to_menu(page)
    page.keyboard.press("Enter")
    assert button.get_attribute("aria-expanded") == "true" and panel.is_visible()
    first = focused(page)
    assert first["inPanel"] and first["text"] == "Get help", "focus did not move into the list"
    links = panel.locator("a")
    for _ in range(links.count() - 1):
        page.keyboard.press("Tab")
        assert focused(page)["inPanel"]
    assert panel.locator("a[aria-current='page']").inner_text() == "The law"
    page.keyboard.press("Escape")
    assert button.get_attribute("aria-expanded") == "false" and panel.is_hidden()
    assert "kit-menu__button" in focused(page)["cls"], "focus did not come back to the button"
    page.keyboard.press("Space")
    assert panel.is_visible()
    page.keyboard.press("Shift+Tab")                  # out of the list, back past the button
    page.keyboard.press("Shift+Tab")
    assert panel.is_hidden(), "the menu stayed open after focus left it"
    page.close()


def test_a_link_in_the_menu_opens_its_page(url, browser):
    page = browser.new_page(viewport={"width": 375, "height": 700})
    page.goto(url)
    tab_to_menu(page)
    page.keyboard.press("Enter")
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    page.wait_for_url("**/what-is-stalking/")
    page.close()


def test_without_javascript_the_menu_still_opens_and_closes_from_the_keyboard(default_site, serve, browser):
    context = browser.new_context(java_script_enabled=False, viewport={"width": 375, "height": 700})
    page = context.new_page()
    page.goto(serve(default_site).url + PAGE)
    details = page.locator(".kit-menu details")
    tab_to_menu(page)
    assert focused(page)["tag"] == "summary"
    page.keyboard.press("Enter")
    assert details.get_attribute("open") is not None and page.locator("#kit-menu-panel").is_visible()
    page.keyboard.press("Tab")
    assert focused(page)["inPanel"], "Tab did not move into the list"
    page.keyboard.press("Shift+Tab")
    assert focused(page)["tag"] == "summary"
    page.keyboard.press("Enter")
    assert details.get_attribute("open") is None and page.locator("#kit-menu-panel").is_hidden()
    context.close()


@pytest.mark.parametrize("width", [320, 375, 1000])
def test_materials_drawer_is_never_a_tab_stop_below_its_breakpoint(url, browser, width):
    page = browser.new_page(viewport={"width": width, "height": 700})
    page.goto(url)
    assert page.locator(".md-sidebar--primary").is_hidden()
    assert page.locator("label.md-header__button[for='__drawer']").is_hidden()
    assert page.locator(".kit-menu__button").is_visible()
    page.close()


def test_on_a_wide_screen_materials_navigation_shows_and_the_menu_does_not(url, browser):
    page = browser.new_page(viewport={"width": 1280, "height": 800})
    page.goto(url)
    assert page.locator(".md-sidebar--primary").is_visible()
    assert page.locator(".kit-menu").is_hidden()
    page.close()
