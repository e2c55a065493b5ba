"""Quick exit (components/quick-exit/): every path lands on the destination with
no referrer, covers the page before the request leaves, and Back never shows
the support page; pointer presses, other keys and input-method typing do not
count towards Shift x3. Timing uses Playwright's clock, not sleeps. The tests
of what a person sees and does (every way to exit, with and without
JavaScript, the Shift messages, the first Tab stop, the band at every width)
run in English and in Welsh (the Welsh council's edition, `lang`)."""
from __future__ import annotations

import re

import pytest
import yaml

from conftest import ROOT, WELSH, pretty, run_axe, run_build, storage_snapshot, strings

NEUTRAL = "/neutral"
DESTINATION = "/weather"
WINDOW_MS = 1000         # the Shift window in components/quick-exit/quick-exit.js
TIMEOUT_SHOWN_MS = 5000  # how long the "too slow" message stays
# The neutral title the page takes as it leaves (extra.quick_exit.destination_name)
NEUTRAL_TITLE = {"en": "Weather", "cy": "Tywydd"}
LANGS = ["en", "cy"]


def words(lang: str = "en") -> dict:
    """The quick exit's words in a language (strings/<lang>.yml)."""
    return strings(lang)["quick_exit"]


TWO_MORE = words()["press_two_more"]
ONE_MORE = words()["press_one_more"]
TOO_SLOW = words()["timed_out"]


class Destination:
    """The quick-exit destination (https://weather.test/weather) and a neutral page
    that starts the history (https://start.test/neutral), answered by Playwright's
    routing, so that nothing leaves the machine. It records each request's address
    and headers, runs `before_answer` hooks, and can hold its answer back (`hold`),
    so a test can look at the page the request left."""
    url = "https://weather.test"
    start = "https://start.test"

    def __init__(self):
        self.requests: list[tuple[str, dict]] = []
        self.hold = False
        self.held: list = []
        self.before_answer: list = []

    def attach(self, context) -> None:
        context.route(re.compile(r"https://(weather|start)\.test/.*"), self.answer)

    def answer(self, route) -> None:
        request = route.request
        path = "/" + request.url.split("/", 3)[3]
        self.requests.append((path, request.all_headers()))
        for hook in self.before_answer:
            hook(path)
        if self.hold and path.startswith(DESTINATION):
            self.held.append(route)
            return
        route.fulfill(status=200, content_type="text/html; charset=utf-8",
                      body=f"<!doctype html><html lang=en><title>{path}</title><p>{path}</p>")

    def release(self) -> None:
        self.hold = False
        while self.held:
            self.held.pop().fulfill(status=200, content_type="text/html", body="<!doctype html><title>x</title>")

    def hits(self, path=DESTINATION):
        return [headers for p, headers in self.requests if p.startswith(path)]


@pytest.fixture(scope="module")
def dest():
    return Destination()


@pytest.fixture(scope="module")
def qe_sites(dest, tmp_path_factory, serve):
    """Each language's edition, built with the routed destination when first asked for:
    English, the default edition; Welsh, the Welsh council's (Welsh at its root)."""
    urls: dict[str, str] = {}

    def url(lang: str) -> str:
        if lang not in urls:
            tmp = tmp_path_factory.mktemp(f"qe-{lang}")
            config = tmp / "quick-exit.yml"
            data = {"extra": {}} if lang == "en" else yaml.safe_load(WELSH.read_text(encoding="utf-8"))
            data["INHERIT"] = str(ROOT / "mkdocs.yml")
            name = NEUTRAL_TITLE["en"] if lang == "en" else dict(NEUTRAL_TITLE)
            data["extra"]["quick_exit"] = {"destination": dest.url + DESTINATION, "destination_name": name}
            config.write_text(yaml.safe_dump(data, allow_unicode=True))
            run_build(config, tmp / "site")
            urls[lang] = serve(tmp / "site").url
        return urls[lang]
    return url


@pytest.fixture
def lang(request) -> str:
    """The language of the edition under test: English unless a test is parametrized with both."""
    return getattr(request, "param", "en")


@pytest.fixture
def qe_url(qe_sites, lang) -> str:
    return qe_sites(lang)


both_languages = pytest.mark.parametrize("lang", LANGS, indirect=True)


@pytest.fixture(autouse=True)
def _reset(dest):
    dest.requests.clear()
    dest.before_answer.clear()
    dest.hold = False
    dest.held.clear()


def open_page(browser, dest, **options):
    """A new page whose context answers the destination and the neutral page."""
    context = browser.new_context(**options)
    dest.attach(context)
    return context.new_page()


def stayed(page, url_start: str, dest) -> bool:
    """The page did not exit: exit() marks the page before it navigates, so this
    holds only if no exit started (it cannot miss one that is under way)."""
    marked = page.evaluate("document.documentElement.classList.contains('kit-qe-exited')")
    return not marked and page.url.startswith(url_start) and not dest.hits()


def trigger(page, how: str):
    if how == "click":
        page.click(".kit-qe__button", no_wait_after=True)
    elif how == "enter":
        page.focus(".kit-qe__button")
        page.keyboard.press("Enter")
    elif how == "skip-link":   # that it is the first Tab stop is tested below
        page.focus(".kit-qe__skip")
        page.keyboard.press("Enter")
    else:  # Shift presses, e.g. "ShiftLeft ShiftRight ShiftLeft"
        for key in how.split():
            page.keyboard.press(key)


JS_PATHS = ["click", "enter", "skip-link", "ShiftLeft ShiftLeft ShiftLeft", "ShiftRight ShiftRight ShiftRight",
            "ShiftLeft ShiftRight ShiftLeft"]


# make test: every way out in English and the button in Welsh; make test-full: every way out in Welsh
# too (the same script, with the Welsh edition's words: README.md, "Tests", gives the cost).
EXIT_CASES = [pytest.param(how, lang, marks=[pytest.mark.full] if lang == "cy" and how != "click" else [])
              for lang in LANGS for how in JS_PATHS]


@pytest.mark.parametrize("how,lang", EXIT_CASES, indirect=["lang"])
def test_exit_lands_without_referrer_and_back_skips_the_page(how, lang, qe_url, dest, bfcache_browser):
    context = bfcache_browser.new_context()
    dest.attach(context)
    page = context.new_page()
    page.goto(dest.start + NEUTRAL)
    page.goto(qe_url + "the-law/")
    page.evaluate("""() => { const f = document.createElement('form'); f.id = 'probe';
        f.innerHTML = '<label>x <input name=x></label>'; document.querySelector('article').append(f); }""")
    page.fill("#probe input", "something private")
    # beforeunload runs after the exit handler and before the request is sent:
    # report what the page looked like at that moment.
    seen = []
    page.expose_function("__probe", lambda state: seen.append(state))
    page.evaluate("""() => addEventListener('beforeunload', () => __probe({
        cover: !!document.getElementById('kit-qe-cover'),
        covered: [[5, 5], [innerWidth / 2, innerHeight / 2], [innerWidth - 5, innerHeight - 5]]
                   .every(([x, y]) => document.elementFromPoint(x, y) === document.getElementById('kit-qe-cover')),
        bodyHidden: getComputedStyle(document.body).display === 'none',
        title: document.title,
        field: document.querySelector('#probe input').value,
    }))""")
    # When the request to the destination is about to leave, the probe must already
    # have reported: the page was covered and emptied before anything was sent.
    reported_before_request = []
    dest.before_answer.append(lambda path: reported_before_request.append(len(seen)))
    trigger(page, how)
    page.wait_for_url(dest.url + DESTINATION)
    assert seen == [{"cover": True, "covered": True, "bodyHidden": True, "title": NEUTRAL_TITLE[lang],
                     "field": ""}], seen
    assert reported_before_request == [1], "the request left before the page was covered"
    headers = dest.hits()[0]
    assert "Referer" not in headers and "referer" not in headers, pretty(headers)
    assert page.evaluate("document.referrer") == ""
    page.go_back(wait_until="commit")      # a page restored from the cache fires no load event
    assert page.url == dest.start + NEUTRAL, f"Back showed {page.url}"
    page.go_forward(wait_until="commit")
    assert page.url == dest.url + DESTINATION
    # nothing was left on the device by the support site
    site_page = context.new_page()
    site_page.goto(qe_url + "404.html")
    assert storage_snapshot(context, site_page) == {"local": 0, "session": 0, "idb": [], "caches": [], "cookies": []}
    context.close()


@both_languages
@pytest.mark.parametrize("how", ["click", "enter"])
def test_exit_without_javascript_is_a_plain_link_with_no_referrer(how, lang, qe_url, dest, browser):
    context = browser.new_context(java_script_enabled=False)
    dest.attach(context)
    page = context.new_page()
    page.goto(qe_url + "report-it/")
    assert page.locator(".kit-qe__button").inner_text().strip().endswith(words(lang)["button"])
    trigger(page, how)
    page.wait_for_url(dest.url + DESTINATION)
    headers = dest.hits()[0]
    assert "Referer" not in headers and "referer" not in headers
    context.close()


@pytest.mark.parametrize("how", ["click", "ShiftLeft ShiftRight ShiftLeft"])
def test_exit_works_with_every_stylesheet_and_script_file_blocked(how, qe_url, dest, browser):
    page = open_page(browser, dest)
    blocked = []
    page.route("**/*", lambda route: (blocked.append(route.request.url), route.abort())
               if route.request.resource_type in ("stylesheet", "script") else route.fallback())
    page.goto(qe_url + "staying-safe/")
    assert blocked, "the page loaded no stylesheet or script file to block"
    trigger(page, how)
    page.wait_for_url(dest.url + DESTINATION)
    assert dest.hits() and "Referer" not in dest.hits()[0]
    page.close()


@both_languages
def test_shift_progress_is_shown_and_announced(lang, qe_url, browser):
    page = browser.new_page()
    page.clock.install()
    page.goto(qe_url)
    assert page.evaluate("document.documentElement.lang") == lang
    status = page.locator("#kit-qe-status")
    assert status.get_attribute("role") == "status"
    page.keyboard.press("Shift")
    assert status.inner_text() == words(lang)["press_two_more"]
    assert status.is_visible()
    page.keyboard.press("Shift")
    assert status.inner_text() == words(lang)["press_one_more"]
    assert run_axe(page) == []
    page.clock.run_for(WINDOW_MS + 50)
    assert status.inner_text() == words(lang)["timed_out"], "a timed-out sequence must say so"
    assert run_axe(page) == []
    page.clock.run_for(TIMEOUT_SHOWN_MS)
    assert status.inner_text() == ""
    page.close()


def test_typing_capitals_does_not_exit(qe_url, dest, browser):
    page = open_page(browser, dest)
    page.clock.install()
    page.goto(qe_url)
    page.evaluate("""() => document.querySelector('article').insertAdjacentHTML('beforeend',
        '<label>Name <input id=typing></label>')""")
    page.focus("#typing")
    for key in ["Shift+H", "e", "Shift+L", "Shift+L", "Shift+O", "Shift+A", "Shift+B", "Shift+C"]:
        page.keyboard.press(key)
    page.keyboard.type("Some Text With Capitals AND MORE")
    page.clock.run_for(300)
    assert page.input_value("#typing").startswith("HeLLOABC")
    assert stayed(page, qe_url, dest)
    # a Shift press between letters breaks the run too
    page.keyboard.press("Shift")
    page.keyboard.press("a")
    page.keyboard.press("Shift")
    page.keyboard.press("Shift")
    page.clock.run_for(300)
    assert stayed(page, qe_url, dest)
    page.close()


def test_three_slow_shift_presses_do_not_exit(qe_url, dest, browser):
    page = open_page(browser, dest)
    page.clock.install()
    page.goto(qe_url)
    for _ in range(3):
        page.keyboard.press("Shift")
        page.clock.run_for(WINDOW_MS + 200)
    assert stayed(page, qe_url, dest)
    page.close()


def test_shift_click_to_extend_a_selection_does_not_exit(qe_url, dest, browser):
    page = open_page(browser, dest)
    page.goto(qe_url + "the-law/")
    box = page.locator("article p:visible").first.bounding_box()
    for i in range(3):
        page.keyboard.down("Shift")
        page.mouse.click(box["x"] + 10 + 30 * i, box["y"] + 5)
        page.keyboard.up("Shift")
    assert stayed(page, qe_url + "the-law/", dest)
    assert page.evaluate("getSelection().toString().length") > 0, "the clicks did not extend a selection"
    page.close()


def test_shift_presses_while_an_input_method_is_composing_do_not_exit(qe_url, dest, browser):
    """Japanese and Chinese input methods use Shift while composing: those presses do not count."""
    page = open_page(browser, dest)
    page.goto(qe_url)
    page.evaluate("""() => document.querySelector('article').insertAdjacentHTML('beforeend',
        '<label>Name <input id=typing></label>')""")
    page.focus("#typing")
    cdp = page.context.new_cdp_session(page)
    cdp.send("Input.imeSetComposition", {"text": "に", "selectionStart": 1, "selectionEnd": 1})
    for _ in range(3):
        page.keyboard.press("Shift")
    assert stayed(page, qe_url, dest), "Shift x3 during composition exited"
    cdp.send("Input.insertText", {"text": "にほん"})          # commits the composition
    assert page.input_value("#typing") == "にほん"
    page.close()


@pytest.mark.parametrize("button", ["right"])
def test_a_right_click_on_the_button_does_not_exit(button, qe_url, dest, browser):
    page = open_page(browser, dest)
    page.goto(qe_url)
    page.click(".kit-qe__button", button=button, no_wait_after=True)
    assert stayed(page, qe_url, dest)
    page.close()


def test_a_middle_click_exits_here_instead_of_opening_a_tab(qe_url, dest, browser):
    page = open_page(browser, dest)
    page.goto(qe_url)
    page.click(".kit-qe__button", button="middle", no_wait_after=True)
    page.wait_for_url(dest.url + DESTINATION)
    assert len(page.context.pages) == 1
    page.close()


def test_the_destination_is_the_links_own_address(qe_url, dest, browser):
    """The script reads where to go from the link itself, so a page whose link
    points elsewhere goes there; nothing is read from a separate attribute."""
    page = open_page(browser, dest)
    page.goto(qe_url)
    assert page.evaluate("document.querySelector('script[data-kit-qe-script]').hasAttribute('data-destination')") \
        is False
    page.evaluate(f"document.querySelector('.kit-qe__button').href = '{dest.url}/weather?from=link'")
    page.click(".kit-qe__button", no_wait_after=True)
    page.wait_for_url(dest.url + DESTINATION + "?from=link")
    page.close()


def test_normal_back_forward_restore_shows_the_page(qe_url, bfcache_browser):
    page = bfcache_browser.new_page()
    page.goto(qe_url + "the-law/")
    page.evaluate("window.__sameDocument = true")
    page.click(".kit-footer__nav a[href='../staying-safe/']")
    page.go_back(wait_until="commit")
    assert page.evaluate("window.__sameDocument") is True, "not restored from the back/forward cache"
    state = page.evaluate("[!!document.getElementById('kit-qe-cover'), getComputedStyle(document.body).display]")
    assert state[0] is False and state[1] != "none", f"the restored page is covered: {state}"
    page.close()


def test_restore_after_exit_covers_and_leaves_again(qe_url, dest, browser):
    """A page the browser restores from its back/forward cache after an exit
    stays covered and leaves again (the restore is simulated: Chromium does not
    restore an entry that location.replace() has replaced)."""
    page = open_page(browser, dest)
    page.goto(qe_url)
    dest.hold = True
    state = page.evaluate("""() => {
        document.querySelector('.kit-qe__button').click();          // exit
        document.documentElement.classList.remove('kit-qe-exited'); document.getElementById('kit-qe-cover').remove();
        dispatchEvent(new PageTransitionEvent('pageshow', {persisted: true}));
        return [!!document.getElementById('kit-qe-cover'), getComputedStyle(document.body).display]; }""")
    assert state == [True, "none"]
    # The second replace() may cancel the first request before it is sent, so
    # count at least one; the page must end up on the destination either way.
    for _ in range(100):                               # let Playwright pass the held request on
        if dest.hits():
            break
        page.wait_for_timeout(50)
    assert dest.hits(), "no request to the destination"
    dest.release()
    page.wait_for_url(dest.url + DESTINATION)
    page.close()


def band_layout(page) -> dict:
    return page.evaluate("""() => {
        const r = e => e.getBoundingClientRect();
        const band = r(document.querySelector('.kit-qe'));
        const button = r(document.querySelector('.kit-qe__button'));
        const header = r(document.querySelector('.md-header'));
        return {band: [band.top, band.bottom], button: [button.left, button.right, button.width, button.height],
                header: [header.top], width: innerWidth, height: innerHeight};
    }""")


@both_languages
@pytest.mark.parametrize("viewport", [{"width": 320, "height": 640}, {"width": 320, "height": 256},
                                      {"width": 1280, "height": 800}],
                         ids=["320px", "400%-zoom", "desktop"])
def test_control_is_visible_sticky_and_never_covers_content(viewport, lang, qe_url, browser):
    # 400% zoom of a 1280x1024 window is a 320x256 CSS-pixel viewport
    page = browser.new_page(viewport=viewport)
    page.goto(qe_url + "the-law/")
    for scroll in (0, 1500):
        page.evaluate(f"window.scrollTo(0, {scroll})")
        lay = band_layout(page)
        assert lay["band"][0] == 0, lay
        assert 0 <= lay["button"][0] and lay["button"][1] <= lay["width"], lay
        assert lay["button"][2] >= 44 and lay["button"][3] >= 44, lay
        assert lay["header"][0] >= lay["band"][1] - 0.5, "the band overlaps Material's header"
    # Tab through the page: no focused element is hidden under the band or header
    page.evaluate("window.scrollTo(0, 0)")
    hidden = []
    for _ in range(40):
        page.keyboard.press("Tab")
        info = page.evaluate("""() => { const e = document.activeElement, r = e.getBoundingClientRect();
            const top = document.querySelector('.md-header').getBoundingClientRect().bottom;
            // what is drawn at the middle of the focused element's first line box: the
            // element itself, unless something covers it
            const box = e.getClientRects()[0] || r;
            const x = Math.min(Math.max(box.left + box.width / 2, 0), innerWidth - 1);
            const y = Math.min(Math.max(box.top + box.height / 2, 0), innerHeight - 1);
            const atCentre = document.elementFromPoint(x, y);
            return {cls: e.className, text: e.textContent.trim().slice(0, 30), top: r.top, bottom: r.bottom, limit: top,
                    covered: r.bottom > 0 && r.top < innerHeight && !!atCentre && !e.contains(atCentre)}; }""")
        if info["covered"]:
            hidden.append(info)
    assert hidden == [], f"focused elements hidden under the sticky band and header: {hidden}"
    page.close()


@both_languages
def test_first_tab_stop_is_the_exit_skip_link(lang, qe_url, browser):
    page = browser.new_page()
    page.goto(qe_url + "about/")
    page.keyboard.press("Tab")
    el = page.evaluate("""() => { const e = document.activeElement, r = e.getBoundingClientRect();
        return {cls: e.className, text: e.textContent, rel: e.rel, w: r.width, h: r.height}; }""")
    assert el["cls"] == "kit-qe__skip" and words(lang)["skip_link"] in el["text"], el
    assert set(el["rel"].split()) == {"noreferrer", "nofollow", "noopener"} and el["w"] > 44 and el["h"] >= 44, el
    assert run_axe(page) == []
    page.close()


def test_markup_on_every_page(site):
    for f in site.rglob("*.html"):
        html = f.read_text()
        if "kit-qe__button" not in html:
            raise AssertionError(f"{f} has no quick exit")
        head = html[:html.index("</head>")]
        assert head.index("data-kit-qe-script") < min(head.index('<link rel="stylesheet"'), head.index("<title>"))
        assert '<span class="kit-visually-hidden">Emergency </span>Exit this page' in html
        assert html.count('rel="nofollow noopener noreferrer" data-kit-qe') == 2


def test_script_is_small_and_has_no_escape_or_letter_shortcuts(site):
    import re
    html = (site / "index.html").read_text()
    script = re.search(r"<script data-kit-qe-script[^>]*>(.*?)</script>", html, re.S).group(1)
    assert len(script.encode()) < 2048, f"{len(script.encode())} bytes"
    assert "Escape" not in script and "window.open" not in script and "_blank" not in script
    assert "location.replace" in script and ".href=" not in script
    assert 'setAttribute("style"' not in script and ".style." not in script, "the cover is styled by classes"


def test_print_hides_the_control_and_forced_colours_keep_it_visible(qe_url, browser):
    page = browser.new_page()
    page.goto(qe_url)
    page.emulate_media(media="print")
    assert page.evaluate("getComputedStyle(document.querySelector('.kit-qe')).display") == "none"
    page.emulate_media(media="screen", forced_colors="active")
    style = page.evaluate("""() => { const s = getComputedStyle(document.querySelector('.kit-qe__button'));
        return [s.borderTopStyle, s.borderTopWidth, s.borderTopColor, s.backgroundColor]; }""")
    assert style[0] == "solid" and style[1] == "2px" and style[2] != style[3], style
    assert page.locator(".kit-qe__button").is_visible()
    page.close()
