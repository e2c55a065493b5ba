"""The behaviours a reader's safety rests on, in Firefox ESR and WebKitGTK
(tests/engines.py; Chromium runs them in test_quick_exit.py, test_checklist.py,
test_opening_status.py, test_welsh.py and test_idle_reset.py):

- the quick exit: the button, Enter, a middle click (Firefox only), Shift
  three times and its messages, the plain link with JavaScript off, Back never bringing the page back, no Referer at the destination (a
  loopback server of its own, on another address, records every request), the
  guard for a page restored after an exit, and Shift+click and input-method
  typing not exiting;
- the risk checklist: its guidance, nothing kept in any storage, nothing put
  back by Back (from the engine's back/forward cache) or by a reload;
- the open-now status at fixed UK times, the browser running in New York time;
- the Welsh edition's language switch, there and back;
- the kiosk's idle reset, from file://: the notice counts down, then the start
  page replaces the page and its forms are emptied;
- a planted fault: a quick exit that leaves through the Navigation API, which
  WebKitGTK 2.50 lacks, fails the WebKit run.

Time comes from tests/engines/fake-clock.js, added as the page's first script
(EngineServer, kiosk_copy), never from a sleep. JavaScript off is the server's
`Content-Security-Policy: script-src 'none'` for the page (EngineServer).
"""
from __future__ import annotations

import datetime as dt
import html as html_lib
import re
import shutil
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
import yaml

from conftest import ROOT, on_engines, strings
from engines import TIMEZONE, EngineServer, kiosk_copy

UK = ZoneInfo("Europe/London")
NEUTRAL = "neutral.html"             # the page a test's history starts with, on the destination's server
WEATHER = "weather.html"             # the quick exit's destination, on loopback


# --------------------------------------------------------------------------- servers

@pytest.fixture(scope="module")
def dest(tmp_path_factory):
    """The quick exit's destination and a neutral first page, on another loopback
    address (another site), recording each request's headers."""
    folder = tmp_path_factory.mktemp("engine-dest")
    for name in (NEUTRAL, WEATHER):
        (folder / name).write_text(f"<!doctype html><html lang=en><title>{name}</title><p>{name}</p>")
    (folder / "favicon.ico").write_bytes(b"")
    server = EngineServer(folder, host="127.0.0.2")
    yield server
    server.close()


def button_href(site: Path) -> str:
    page = (site / "the-law" / "index.html").read_text(encoding="utf-8")
    return html_lib.unescape(re.search(r'class="kit-qe__button" href="([^"]+)"', page).group(1))


@pytest.fixture(scope="module")
def web(default_site, dest):
    """The default edition on loopback, its quick exit leading to `dest` (the
    server rewrites the destination's address in the pages it sends)."""
    server = EngineServer(default_site)
    server.rewrite = {button_href(default_site): dest.url + WEATHER}
    yield server
    server.close()


@pytest.fixture(scope="module")
def welsh_web(welsh_site):
    server = EngineServer(welsh_site)
    yield server
    server.close()


@pytest.fixture(autouse=True)
def _fresh_servers(request):
    for name in ("dest", "web", "welsh_web", "fault_pages"):
        if name in request.fixturenames:
            request.getfixturevalue(name).reset()


# --------------------------------------------------------------------------- quick exit

def neutral_title(site: Path) -> str:
    page = (site / "the-law" / "index.html").read_text(encoding="utf-8")
    return html_lib.unescape(re.search(r'<script data-kit-qe-script data-title="([^"]*)"', page).group(1))


def open_support_page(engine, url: str, dest) -> None:
    """A history of its own: a neutral page, then the support page."""
    engine.goto(dest.url + NEUTRAL)
    assert engine.goto(url) == url


def exited(engine) -> bool:
    return engine.evaluate("() => document.documentElement.classList.contains('kit-qe-exited')")


def stayed(engine, url: str, dest) -> bool:
    """No exit started: exit() marks the page before it navigates."""
    return not exited(engine) and engine.url() == url and not dest.hits("/" + WEATHER)


def landed_without_referrer(engine, dest, timeout: float = 10.0) -> None:
    engine.wait_for_url(dest.url + WEATHER, timeout=timeout)
    hits = dest.hits("/" + WEATHER)
    assert hits, "no request reached the destination"
    for headers in hits:
        assert not {k.lower() for k in headers} & {"referer"}, f"{engine.name} sent a Referer: {headers}"
    assert engine.evaluate("() => document.referrer") == ""


def exit_check(engine, url: str, dest, how: str = "click", timeout: float = 10.0) -> None:
    """The quick exit as the engine tests check it: from a support page after a
    neutral one, the exit lands on the destination with no referrer, Back goes
    to the neutral page (never the one left) and Forward to the destination."""
    open_support_page(engine, url, dest)
    if how == "click":
        engine.click("a.kit-qe__button")
    elif how == "enter":
        engine.evaluate("() => document.querySelector('a.kit-qe__button').focus()")
        engine.press("Enter")
    else:
        engine.press("ShiftLeft", "ShiftRight", "ShiftLeft")
    landed_without_referrer(engine, dest, timeout)
    assert engine.back() == dest.url + NEUTRAL, f"{engine.name}: Back after an exit did not skip the page"
    assert engine.forward() == dest.url + WEATHER


@on_engines()
@pytest.mark.parametrize("how", ["click", "enter", "shift-3"])
def test_quick_exit_lands_without_referrer_and_back_skips_the_page(how, engine, web, dest):
    exit_check(engine, web.url + "the-law/", dest, how)


@on_engines()
def test_shift_progress_is_shown_and_a_slow_sequence_says_so(engine, web, dest):
    """On the fake clock: the status line counts the presses down, says when they
    were too slow (after the 1 s window), and clears itself 5 s later."""
    words = strings("en")["quick_exit"]
    web.clock_at = int(dt.datetime(2026, 11, 25, 12, tzinfo=dt.timezone.utc).timestamp() * 1000)
    url = web.url + "the-law/"
    open_support_page(engine, url, dest)
    status = "() => document.getElementById('kit-qe-status').textContent"
    engine.press("Shift")
    assert engine.evaluate(status) == words["press_two_more"]
    engine.press("Shift")
    assert engine.evaluate(status) == words["press_one_more"]
    tick(engine, 1.05)
    assert engine.evaluate(status) == words["timed_out"]
    tick(engine, 5)
    assert engine.evaluate(status) == ""
    engine.press("Shift")                   # a new count: one press, not the third
    assert engine.evaluate(status) == words["press_two_more"] and stayed(engine, url, dest)


@on_engines("firefox")
def test_a_middle_click_exits_here_instead_of_opening_a_tab(engine, web, dest):
    """Firefox only: WebKitGTK's automation cannot make a middle click (tests/engines.py)."""
    open_support_page(engine, web.url + "the-law/", dest)
    engine.middle_click(".kit-qe__button")
    landed_without_referrer(engine, dest)
    assert engine.pages() == 1, f"{engine.name}: a middle click opened the page in another tab"


@on_engines()
def test_without_javascript_the_exit_is_a_plain_link_with_no_referrer(engine, web, dest):
    web.scripts_off = True
    open_support_page(engine, web.url + "report-it/", dest)
    engine.press("Shift")
    assert engine.evaluate("() => document.getElementById('kit-qe-status').textContent") == "", \
        "the page's scripts ran: JavaScript is not off"
    engine.click(".kit-qe__button")
    landed_without_referrer(engine, dest)
    # A plain link, so Back can bring the page back: the limit the README states.
    # That it does shows the link, not the script, did the work.
    assert engine.back() == web.url + "report-it/"


LOOK = """() => {
    const cover = document.getElementById('kit-qe-cover'), field = document.querySelector('#probe input');
    return {cover: !!cover,
            covered: !!cover && [[5, 5], [innerWidth / 2, innerHeight / 2], [innerWidth - 5, innerHeight - 5]]
                .every(([x, y]) => document.elementFromPoint(x, y) === cover),
            bodyHidden: getComputedStyle(document.body).display === 'none',
            title: document.title, field: field.value};
}"""


@on_engines()
def test_an_exit_covers_and_empties_the_page_and_a_restored_page_leaves_again(engine, web, dest, default_site):
    """All in one script, so the page cannot leave in between: the exit covers the
    page, blanks its title and empties its forms at once; then the page is
    uncovered and restored as the back/forward cache would (pageshow, persisted),
    and it must cover itself and leave again. (No engine restores an entry that
    location.replace() replaced, so the restore is simulated, as for Chromium.)"""
    open_support_page(engine, web.url + "the-law/", dest)
    state = engine.evaluate("""() => {
        const form = document.createElement('form'); form.id = 'probe';
        form.innerHTML = '<label>x <input name=x></label>'; document.querySelector('article').append(form);
        form.x.value = 'something private';
        const look = (%s);
        document.querySelector('.kit-qe__button').click();
        const exit = look();
        document.documentElement.classList.remove('kit-qe-exited');
        document.getElementById('kit-qe-cover').remove();
        document.title = 'restored'; form.x.value = 'put back';
        const uncovered = look();
        dispatchEvent(new PageTransitionEvent('pageshow', {persisted: true}));
        return {exit, uncovered, restored: look()};
    }""" % LOOK)
    title = neutral_title(default_site)
    covered = {"cover": True, "covered": True, "bodyHidden": True, "title": title, "field": ""}
    assert state["exit"] == covered, state
    assert state["uncovered"]["cover"] is False and state["uncovered"]["bodyHidden"] is False, state
    assert state["restored"] == covered, f"{engine.name}: a page restored after an exit did not cover itself: {state}"
    landed_without_referrer(engine, dest)
    assert engine.back() == dest.url + NEUTRAL


@on_engines()
def test_shift_click_to_extend_a_selection_does_not_exit(engine, web, dest):
    url = web.url + "the-law/"
    open_support_page(engine, url, dest)
    x, y = engine.evaluate("""() => {
        const p = [...document.querySelectorAll('article p')].find(p => {
            const r = p.getBoundingClientRect();
            return r.width > 200 && r.top > 150 && r.bottom < innerHeight - 20; });
        p.id = 'kit-probe-text';
        const r = p.getBoundingClientRect(); return [r.left, r.top]; }""")
    engine.click("#kit-probe-text")         # a caret to extend from
    engine.shift_clicks([(x + 10 + 40 * i, y + 6) for i in range(3)])
    assert stayed(engine, url, dest), f"{engine.name}: Shift+click three times exited"
    assert engine.evaluate("() => getSelection().toString().length") > 0, "the clicks did not extend a selection"


@on_engines()
def test_shift_while_an_input_method_is_composing_does_not_exit(engine, web, dest):
    """WebDriver (BiDi or classic) has no input-method API, so the composition is
    started and ended by events the test sends (Chromium's test uses a real one);
    the Shift presses are the engine's own key events."""
    url = web.url + "the-law/"
    open_support_page(engine, url, dest)
    engine.evaluate("""() => { document.querySelector('article').insertAdjacentHTML('beforeend',
        '<label>Name <input id=typing></label>'); const input = document.getElementById('typing');
        input.focus(); input.dispatchEvent(new CompositionEvent('compositionstart', {bubbles: true, data: ''})); }""")
    engine.press("Shift", "Shift", "Shift")
    assert stayed(engine, url, dest), f"{engine.name}: Shift x3 during a composition exited"
    engine.evaluate("""() => document.getElementById('typing').dispatchEvent(
        new CompositionEvent('compositionend', {bubbles: true, data: 'にほん'}))""")
    engine.press("Shift", "Shift", "Shift")                 # the same presses, composition over: they exit
    landed_without_referrer(engine, dest)


# --------------------------------------------------------------------------- the planted fault

NAVIGATION_API_EXIT = 'w.navigation.navigate(link ? link.href : "about:blank", {history: "replace"});'


@pytest.fixture(scope="module")
def fault_pages(tmp_path_factory, dest):
    """A component fixture: the quick exit alone on a page, with the real script
    (real.html) and with a variant that leaves through the Navigation API
    (navigation-api.html), as a Chromium-only change might."""
    folder = tmp_path_factory.mktemp("engine-fault")
    source = (ROOT / "components" / "quick-exit" / "quick-exit.js").read_text(encoding="utf-8")
    leave = 'w.location.replace(link ? link.href : "about:blank");'
    assert source.count(leave) == 1, "quick-exit.js no longer leaves the way this fixture replaces"
    (folder / "quick-exit.js").write_text(source, encoding="utf-8")
    (folder / "quick-exit-navigation-api.js").write_text(source.replace(leave, NAVIGATION_API_EXIT), encoding="utf-8")
    shutil.copy(ROOT / "components" / "quick-exit" / "quick-exit-cover.css", folder / "cover.css")
    for page, script in (("real.html", "quick-exit.js"), ("navigation-api.html", "quick-exit-navigation-api.js")):
        (folder / page).write_text(f"""<!doctype html><html lang=en><head><meta charset=utf-8>
<meta name="referrer" content="no-referrer"><link rel="stylesheet" href="cover.css">
<script data-kit-qe-script data-title="Weather" data-two="two" data-one="one" data-timeout="slow" src="{script}"></script>
<title>Quick exit fixture</title></head><body>
<a class="kit-qe__button" href="{dest.url + WEATHER}" rel="nofollow noopener noreferrer" data-kit-qe>Exit this page</a>
<span id="kit-qe-status" role="status"></span><main><p>Support text.</p></main></body></html>""", encoding="utf-8")
    server = EngineServer(folder)
    yield server
    server.close()


@on_engines("webkit")
def test_planted_fault_an_exit_through_the_navigation_api_fails_in_webkit(engine, fault_pages, dest):
    assert engine.evaluate("() => typeof navigation") == "undefined", "WebKitGTK now has the Navigation API"
    exit_check(engine, fault_pages.url + "real.html", dest)
    dest.reset()
    with pytest.raises(AssertionError) as failure:
        exit_check(engine, fault_pages.url + "navigation-api.html", dest, timeout=2)
    assert "not " + dest.url + WEATHER in str(failure.value), failure.value
    # and the reader is left on a blanked page that did not leave
    assert exited(engine) and engine.url() == fault_pages.url + "navigation-api.html"


@on_engines("firefox")
def test_planted_fault_passes_where_the_navigation_api_exists(engine, fault_pages, dest):
    """The same variant works in Firefox 153 (and Chromium): only the WebKit run catches it."""
    assert engine.evaluate("() => typeof navigation.navigate") == "function"
    exit_check(engine, fault_pages.url + "real.html", dest)
    dest.reset()
    exit_check(engine, fault_pages.url + "navigation-api.html", dest)


# --------------------------------------------------------------------------- risk checklist

CHECKLIST = "risk-checklist/"
CHECKED = "() => document.querySelectorAll('.kit-checklist input[type=radio]:checked').length"
RESULT = "() => document.querySelector('[data-kit-result]').textContent.replace(/\\s+/g, ' ').trim()"


def checklist_words() -> dict:
    c = strings("en")["checklist"]
    first = lambda text: text.split(". ")[0].rstrip(".")      # a lead's first sentence, as test_checklist.py reads it
    return {"urgent": first(c["urgent_lead"]), "yes": first(c["yes_lead"]), "none": first(c["none_lead"]),
            "predict": c["cannot_predict"]}


def answer(engine, answers: dict[str, str]) -> None:
    for qid, value in answers.items():
        engine.click(f"#kit-q-{qid}-{value}")


def show(engine) -> str:
    engine.click(".kit-checklist button[type=submit]")
    return engine.evaluate(RESULT)


@on_engines()
def test_checklist_shows_the_guidance_that_fits_and_keeps_nothing(engine, web, dest):
    words = checklist_words()
    engine.goto(web.url + CHECKLIST)
    answer(engine, {"frightened": "yes", "threats": "no"})
    result = show(engine)
    assert words["urgent"] in result and words["predict"] in result, result
    assert words["none"] not in result
    answer(engine, {"frightened": "no"})
    assert engine.evaluate(RESULT) == "", "results that no longer fit the answers stayed"
    result = show(engine)
    assert words["none"] in result and words["urgent"] not in result and words["yes"] not in result, result
    state = engine.storage()
    assert state == {"local": 0, "session": 0, "idb": [], "caches": [], "documentCookie": "", "cookies": []}, state
    assert engine.url() == web.url + CHECKLIST, "the answers changed the address"


@on_engines()
def test_checklist_answers_are_not_restored_by_back_from_the_cache(engine, web, dest):
    engine.goto(web.url + CHECKLIST)
    answer(engine, {"frightened": "yes", "relationship": "yes", "damage": "unsure"})
    assert checklist_words()["urgent"] in show(engine)
    engine.evaluate("() => { window.__sameDocument = true }")
    engine.goto(web.url + "keeping-records/")
    assert engine.back() == web.url + CHECKLIST
    assert engine.evaluate("() => window.__sameDocument === true"), \
        f"{engine.name} did not restore the page from its back/forward cache"
    assert engine.evaluate(CHECKED) == 0, "Back brought the answers back"
    assert engine.evaluate(RESULT) == ""


@on_engines()
def test_checklist_answers_are_not_restored_by_a_reload(engine, web, dest):
    engine.goto(web.url + CHECKLIST)
    answer(engine, {"threats": "yes", "helpers": "no"})
    assert engine.evaluate(CHECKED) == 2
    show(engine)
    engine.reload()
    assert engine.evaluate(CHECKED) == 0, "a reload brought the answers back"
    assert engine.evaluate(RESULT) == ""


# --------------------------------------------------------------------------- open-now status

HELPLINE = "national-stalking-helpline"


def a_wednesday(site: Path) -> dt.date:
    """A Wednesday the page knows (after its first day, not a bank holiday)."""
    from conftest import opening_data

    data = opening_data(site / "get-support" / "index.html")
    first = dt.date.fromisoformat(data["from"])
    holidays = set(" ".join(data["holidays"].values()).split())
    day = first + dt.timedelta(days=1)
    while day.weekday() != 2 or day.isoformat() in holidays:
        day += dt.timedelta(days=1)
    return day


def expected_status(state: str) -> tuple[str, str]:
    """The helpline's words, from strings/en.yml and the contacts data: what it
    starts with, and the words that name a 24-hour line instead."""
    s = strings("en")
    contacts = yaml.safe_load((ROOT / "docs" / "data" / "contacts.yml").read_text(encoding="utf-8"))["contacts"]
    name = next(c["name"] for c in contacts if c["id"] == HELPLINE)
    pm = lambda hour: s["hours"]["pm"].format(time=hour)
    if state == "open":
        says = s["opening"]["open_until"].format(time=pm("4"))          # Wednesdays 13:00 to 16:00
    else:
        says = s["opening"]["closed"].format(when=s["opening"]["when_today"].format(time=pm("1")))
    return f"{name}: {says}", s["opening"]["instead"].split("{name}")[0]


@on_engines()
@pytest.mark.parametrize("uk_time, state", [("12:30", "closed"), ("13:00", "open")])
def test_open_now_is_worked_out_in_uk_time_on_a_device_in_new_york(uk_time, state, engine, web, default_site):
    day = a_wednesday(default_site)
    at = dt.datetime.combine(day, dt.time.fromisoformat(uk_time), tzinfo=UK)
    web.clock_at = int(at.timestamp() * 1000)
    engine.goto(web.url + "get-support/")
    zone, offset, now = engine.evaluate(
        "() => [Intl.DateTimeFormat().resolvedOptions().timeZone, new Date().getTimezoneOffset(), Date.now()]")
    assert zone == TIMEZONE and offset == -at.astimezone(ZoneInfo(TIMEZONE)).utcoffset().total_seconds() / 60, \
        (zone, offset)
    assert now == web.clock_at, "the fake clock is not the page's clock"
    text = engine.evaluate("""id => { const s = document.querySelector('#contact-' + id + ' [data-kit-open]');
        return !s ? 'no status' : s.hidden ? 'hidden' : s.innerText.replace(/\\s+/g, ' ').trim(); }""", HELPLINE)
    starts, instead = expected_status(state)
    assert text.startswith(starts), f"{engine.name} at {uk_time} UK time on {day}: {text!r}, not {starts!r}"
    assert (instead in text) == (state == "closed"), text


# --------------------------------------------------------------------------- language switch

@on_engines()
@pytest.mark.parametrize("path", ["the-law/", "risk-checklist/"])
def test_language_switch_leads_to_the_counterpart_and_back(path, engine, welsh_web):
    base = welsh_web.url
    engine.goto(base + path)
    lang = "() => [document.documentElement.lang, document.querySelector('.kit-lang__current').textContent]"
    assert engine.evaluate(lang) == ["cy", strings("cy")["language"]["name"]]
    engine.click(".kit-lang a[hreflang=en]")
    engine.wait_for_url(base + "en/" + path)
    assert engine.evaluate(lang) == ["en", strings("en")["language"]["name"]]
    engine.click(".kit-lang a[hreflang=cy]")
    engine.wait_for_url(base + path)
    assert engine.evaluate(lang)[0] == "cy"


# --------------------------------------------------------------------------- kiosk idle reset

KIOSK_START = dt.datetime(2026, 11, 25, 12, 0, tzinfo=dt.timezone.utc)
NOTICE = "() => { const n = document.getElementById('kit-idle'); return n && !n.hidden; }"
COUNT = "() => document.querySelector('[data-kit-idle-count]').textContent"


@pytest.fixture(scope="module")
def clocked_kiosk(default_kiosk, tmp_path_factory) -> Path:
    """A copy of the default kiosk whose pages load the fake clock from their folder."""
    return kiosk_copy(default_kiosk, tmp_path_factory.mktemp("engine-kiosk") / "kiosk",
                      int(KIOSK_START.timestamp() * 1000))


def idle_times(kiosk: Path) -> tuple[int, int]:
    page = (kiosk / "the-law.html").read_text(encoding="utf-8")
    found = re.search(r'data-idle="(\d+)" data-countdown="(\d+)"', page)
    return int(found.group(1)), int(found.group(2))


SETTLED = """async () => {
    // until the page has not scrolled for three frames: a smooth scroll (a click
    // brings its target into view) sends scroll events, which count as input and
    // would start the idle wait again while the clock runs
    let last = null, still = 0;
    for (let i = 0; i < 180 && still < 3; i++) {
        await new Promise(done => requestAnimationFrame(done));
        still = scrollY === last ? still + 1 : 0;
        last = scrollY;
    }
    return still >= 3;
}"""


def tick(engine, seconds: float):
    engine.evaluate("ms => window.__engineClock.tick(ms)", int(seconds * 1000))


@on_engines()
def test_kiosk_idle_notice_counts_down_then_the_start_page_replaces_the_page(engine, clocked_kiosk):
    idle, countdown = idle_times(clocked_kiosk)
    engine.goto((clocked_kiosk / "welcome.html").as_uri())
    page = (clocked_kiosk / "risk-checklist.html").as_uri()
    engine.goto(page)
    assert engine.evaluate("() => !!window.__engineClock && !!document.querySelector('script[data-idle]')")
    engine.evaluate("""() => { const f = document.createElement('form'); f.id = 'probe';
        f.innerHTML = '<label>x <input name=x></label>'; document.querySelector('article').append(f); }""")
    engine.type("#probe input", "something private")
    engine.click("#kit-q-frightened-yes")
    assert engine.evaluate(SETTLED), "the page kept scrolling"
    tick(engine, idle - 1)
    assert not engine.evaluate(NOTICE), "the notice came before the idle time"
    tick(engine, 1)
    assert engine.evaluate(NOTICE), f"{engine.name}: no notice after {idle} idle seconds"
    assert engine.evaluate("() => !!document.activeElement.closest('#kit-idle')"), "focus is not in the notice"
    seen = [engine.evaluate(COUNT)]
    for _ in range(countdown - 1):
        tick(engine, 1)
        seen.append(engine.evaluate(COUNT))
    assert seen == [str(n) for n in range(countdown, 0, -1)], seen
    # The last second, and what the forms hold right after it (the same script:
    # the page cannot have left yet).
    state = engine.evaluate("""() => { window.__engineClock.tick(1000);
        return {probe: document.querySelector('#probe input').value,
                checked: document.querySelectorAll('.kit-checklist input:checked').length}; }""")
    assert state == {"probe": "", "checked": 0}, f"{engine.name}: the forms were not emptied: {state}"
    engine.wait_for_url((clocked_kiosk / "index.html").as_uri())
    assert not engine.evaluate(NOTICE)
    assert engine.back() == (clocked_kiosk / "welcome.html").as_uri(), "Back brought the reset page back"


@on_engines()
def test_kiosk_idle_notice_goes_away_on_input(engine, clocked_kiosk):
    idle, countdown = idle_times(clocked_kiosk)
    page = (clocked_kiosk / "the-law.html").as_uri()
    engine.goto(page)
    tick(engine, idle)
    assert engine.evaluate(NOTICE)
    engine.press("a")
    assert not engine.evaluate(NOTICE), "a key press did not cancel the notice"
    tick(engine, countdown + 1)
    assert engine.url() == page, "the page was reset after input"
