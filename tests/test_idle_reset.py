"""Idle reset on the kiosk (components/idle-reset/): after the idle time a notice
asks "Still there?" and counts down; any input cancels it; at zero every form is
cleared and the start page replaces the page. Time runs on Playwright's clock:
the kiosk's real settings (2 minutes, 10 seconds) are tested without waiting."""
from __future__ import annotations

import datetime as dt

import pytest
import yaml

from conftest import ROOT, pretty, run_axe, run_build, storage_snapshot

IDLE, COUNTDOWN = 120, 10            # seconds: the defaults
NOTICE = "#kit-idle"
START = dt.datetime(2026, 11, 21, 12, 0, tzinfo=dt.timezone.utc)
TITLE = "Still there? Touch the screen to keep reading"


@pytest.fixture(scope="module")
def kiosk(default_kiosk):
    return default_kiosk


@pytest.fixture(scope="module")
def short_kiosk(tmp_path_factory):
    """The idle times changed by configuration."""
    tmp = tmp_path_factory.mktemp("idle-short")
    config = tmp / "idle.yml"
    config.write_text(yaml.safe_dump({"INHERIT": str(ROOT / "mkdocs.yml"),
                                      "extra": {"kiosk_idle": {"idle_seconds": 45, "countdown_seconds": 5}}}))
    run_build(config, tmp / "kiosk", edition="kiosk")
    return tmp / "kiosk"


def open_page(browser, kiosk, name: str, **options):
    """A page of the kiosk on Playwright's clock, in a context with every network request refused."""
    context = browser.new_context(**options)
    blocked, errors = [], []
    context.route("**/*", lambda r: r.continue_() if r.request.url.startswith("file://")
                  else (blocked.append(r.request.url), r.abort()))
    page = context.new_page()
    page.on("pageerror", lambda e: errors.append(str(e)))
    # Paused: installed clocks otherwise run on at real speed, and on a busy machine
    # the seconds a page takes to load would count towards the idle time.
    page.clock.install(time=START)
    page.clock.pause_at(START + dt.timedelta(seconds=1))
    page.goto((kiosk / name).as_uri())
    return context, page, blocked, errors


def count(page) -> str:
    return page.inner_text("[data-kit-idle-count]")


@pytest.mark.parametrize("how", ["touch", "click", "key", "wheel"])
def test_idle_notice_counts_down_and_input_cancels_it(how, kiosk, browser):
    context, page, blocked, errors = open_page(browser, kiosk, "the-law.html", has_touch=True)
    notice = page.locator(NOTICE)
    page.clock.run_for((IDLE - 1) * 1000)
    assert notice.is_hidden(), "the notice came before the idle time"
    page.clock.run_for(1000)
    assert notice.is_visible()
    assert notice.get_attribute("role") == "alertdialog"
    assert TITLE in notice.inner_text()
    assert count(page) == str(COUNTDOWN)
    assert page.evaluate("document.activeElement.closest('#kit-idle') !== null"), "focus is not in the notice"
    if how == "touch":
        page.touchscreen.tap(20, 300)
    elif how == "click":
        page.mouse.click(20, 300)
    elif how == "key":
        page.keyboard.press("a")        # a key that does not scroll: a smooth scroll would go
                                        # on sending scroll events (input) while the clock runs
    else:
        page.mouse.move(300, 300)
        page.mouse.wheel(0, 200)
    notice.wait_for(state="hidden", timeout=1000)
    page.clock.run_for((COUNTDOWN + 1) * 1000)
    assert page.url.endswith("/the-law.html"), "the page was reset after input"
    page.clock.run_for((IDLE - COUNTDOWN - 1) * 1000)  # the wait started again at the input
    assert notice.is_visible() and count(page) == str(COUNTDOWN)
    assert blocked == [] and errors == []
    context.close()


def test_idle_notice_counts_down_each_second(kiosk, browser):
    context, page, _, _ = open_page(browser, kiosk, "staying-safe.html")
    page.clock.run_for(IDLE * 1000)
    seen = [count(page)]
    for _ in range(COUNTDOWN - 1):
        page.clock.run_for(1000)
        seen.append(count(page))
    assert seen == [str(n) for n in range(COUNTDOWN, 0, -1)], seen
    context.close()


def test_quick_exit_stays_usable_while_the_notice_shows(kiosk, browser):
    context, page, _, _ = open_page(browser, kiosk, "the-law.html")
    page.clock.run_for(IDLE * 1000)
    assert page.locator(NOTICE).is_visible()
    on_top = page.evaluate("""() => { const b = document.querySelector('.kit-qe__button').getBoundingClientRect();
        return document.elementFromPoint(b.left + b.width / 2, b.top + b.height / 2).closest('.kit-qe__button') !== null; }""")
    assert on_top, "the notice covers the Exit this page button"
    page.click(".kit-qe__button", no_wait_after=True)
    page.wait_for_url("**/welcome.html")
    context.close()


def test_without_input_forms_are_reset_and_the_start_page_replaces_the_page(kiosk, browser):
    context, page, blocked, errors = open_page(browser, kiosk, "welcome.html")
    page.goto((kiosk / "risk-checklist.html").as_uri())
    page.evaluate("""() => { const f = document.createElement('form'); f.id = 'probe';
        f.innerHTML = '<label>x <input name=x></label>'; document.querySelector('article').append(f); }""")
    page.fill("#probe input", "something private")
    page.locator(".kit-checklist__form input").first.check()
    page.fill(".md-search__input", "harassment")
    seen = []
    page.expose_function("__probe", lambda state: seen.append(state))
    page.evaluate("""() => addEventListener('beforeunload', () => __probe({
        probe: document.querySelector('#probe input').value,
        search: document.querySelector('.md-search__input').value,
        checked: document.querySelectorAll('.kit-checklist__form input:checked').length,
    }))""")
    page.clock.run_for((IDLE + COUNTDOWN + 1) * 1000)      # a second over, for what the last tick starts
    page.wait_for_url("**/index.html")
    assert seen == [{"probe": "", "search": "", "checked": 0}], seen
    assert page.locator(NOTICE).is_hidden()
    page.go_back()
    assert page.url.endswith("/welcome.html"), "Back brought the page that was reset back"
    assert blocked == [] and errors == []
    context.close()


def test_the_start_page_waits_for_input_before_counting(kiosk, browser):
    context, page, _, _ = open_page(browser, kiosk, "index.html")
    page.clock.run_for(3 * IDLE * 1000)
    assert page.locator(NOTICE).is_hidden(), "an unused kiosk on the start page was interrupted"
    page.keyboard.press("a")
    page.clock.run_for(IDLE * 1000)
    assert page.locator(NOTICE).is_visible()
    context.close()


def test_idle_notice_is_accessible_and_leaves_no_trace(kiosk, serve, browser):
    """axe runs while the countdown is paused on the clock, so it cannot race the reset."""
    url = serve(kiosk).url
    context = browser.new_context()
    page = context.new_page()
    page.clock.install()
    page.goto(url + "the-law.html")
    page.clock.run_for(IDLE * 1000)
    assert page.locator(NOTICE).is_visible()
    assert run_axe(page) == []
    page.clock.run_for(COUNTDOWN * 1000)
    page.wait_for_url(url + "index.html")
    state = storage_snapshot(context, page)
    assert state == {"local": 0, "session": 0, "idb": [], "caches": [], "cookies": []}, pretty(state)
    context.close()
    script = (ROOT / "components" / "idle-reset" / "idle-reset.js").read_text()
    for word in ("localStorage", "sessionStorage", "document.cookie", "indexedDB", "caches."):
        assert word not in script


def test_idle_times_come_from_the_configuration(kiosk, short_kiosk, default_site, browser):
    html = (kiosk / "the-law.html").read_text()
    assert 'data-idle="120" data-countdown="10" data-start="index.html"' in html
    assert 'data-idle="45" data-countdown="5"' in (short_kiosk / "the-law.html").read_text()
    context, page, _, _ = open_page(browser, short_kiosk, "the-law.html")
    page.clock.run_for(45 * 1000)
    assert page.locator(NOTICE).is_visible() and count(page) == "5"
    context.close()
    web = (default_site / "the-law" / "index.html").read_text()
    assert "idle-reset" not in web and "kit-idle" not in web


@pytest.mark.parametrize("key, value, problem", [
    ("idle_seconds", 0, "from 30 to 3600"), ("idle_seconds", -5, "from 30 to 3600"),
    ("idle_seconds", "120", "from 30 to 3600"), ("idle_seconds", True, "from 30 to 3600"),
    ("idle_seconds", 2_147_484, "from 30 to 3600"),           # past the browser timer's limit
    ("countdown_seconds", 1, "from 5 to 120"),
])
def test_idle_times_are_checked(key, value, problem, tmp_path):
    config = tmp_path / "bad.yml"
    config.write_text(yaml.safe_dump({"INHERIT": str(ROOT / "mkdocs.yml"),
                                      "extra": {"kiosk_idle": {key: value}}}))
    proc = run_build(config, tmp_path / "out", edition="kiosk", check=False)
    assert proc.returncode == 2
    assert f"extra.kiosk_idle.{key}" in proc.stderr and problem in proc.stderr, proc.stderr
    assert "Fix:" in proc.stderr
    assert not (tmp_path / "out").exists()
