"""The CSS step (supportkit/finish/css.py: the stylesheet each edition needs, holding only the
rules its pages can use) and the web edition's trimmed pages (supportkit/finish/trim.py)
change nothing anyone sees, and a failing step leaves the previous site alone.

The guard is in two parts.

1. What the step removed matches nothing that is drawn. The step reports every
   selector it took away (removed_selectors()); the crawls (tests/crawl.py,
   CSS_LOSS) hold every page they check at each width to it at 320, 375, 768 and
   1280 px and in print (make test: the default edition, and the Welsh and Zensical
   samples; make test-full: every edition), and, in make test-full,
   test_every_state_keeps_what_the_step_removed_unmatched() below does the same
   after each state people can bring about: the menu open
   (with and without JavaScript), a focused and a hovered link, the checklist
   answered, the open-now status open and closed, the kiosk's search with results
   and its idle notice, forced colours, print. A removed selector is tried with
   its states taken out (:hover, :focus, :checked, ::marker...), as if every
   element were in every state at once: a purged `.kit-qe__button:hover` is caught
   wherever the exit button is drawn, which screenshots of hovered links never saw.
2. A small render sample as a second net, for what no selector shows (a rule that
   moved in the cascade, a custom property), in make test-full (about 60 worker-seconds with
   its two extra builds; make test keeps part 1 and the custom-property check): each edition built twice in one run,
   with the step and without it (KIT_CSS_STEP=0): the default web edition, the
   Welsh council's bilingual web edition and the default kiosk (from file://).
   One page of each at 320, 768 and 1280 px (full page), one printed page of
   each, and a state of each kind (SAMPLE_STATES). The two screenshots of each
   must match.

Threshold: a pixel differs when one of its channels differs by more than
TOLERANCE (16 of 255); a pair fails when more than MAX_SHARE (0.01 %) of its
pixels differ, or any pixel when the picture is smaller than 10,000 pixels. Both builds are drawn by the same
chromium, with the same fonts, from pages whose elements, classes and rule
order are the same, so the expected difference is none. 16 levels absorbs only anti-aliasing that
could round differently; 0.01 % is stricter than the 0.1 % one might start from because
a lost 1 px border under one paragraph of a 1280 x 3000 page is 0.03 % of it
and must fail. Diff pictures (the step's screenshot with the differing pixels
in red) are saved under the test's temporary folder and named in the failure.
"""
from __future__ import annotations

import dataclasses
import datetime as dt
import io
import shutil
from pathlib import Path

import pytest

from conftest import ROOT, WELSH, copy_kit, css_removed, css_report, kit_command, once_per_run, pretty, run_build, site_pages
from test_config import tree_hash
from crawl import css_losses, removed_for
from test_opening_status import BUILT_ON

TOLERANCE = 16                 # channel levels a pixel may differ by before it counts
MAX_SHARE = 0.0001             # of a picture's pixels that may differ (0.01 %)
WIDTHS = (320, 768, 1280)
HEIGHT = 800
EDITIONS = {                   # name: (configuration, edition)
    "default": (ROOT / "mkdocs.yml", "web"),
    "welsh": (WELSH, "web"),
    "kiosk": (ROOT / "mkdocs.yml", "kiosk"),
}
OPEN = dt.datetime(2026, 11, 25, 13, 0, tzinfo=dt.timezone.utc)      # the helpline open (Wednesday 1pm)
CLOSED = dt.datetime(2026, 11, 25, 12, 30, tzinfo=dt.timezone.utc)   # and closed, half an hour before
LAW_WORDS = "Protection from Harassment"


# --------------------------------------------------------------------------- builds

class Builds:
    """Each edition built with the step ("on") or without it ("off"), as a test first asks for it,
    once for the whole run: the first worker to ask builds it while another that asks waits.
    make test builds the three with the step and the default without it; the render sample
    (make test-full) the other two without it."""

    def __init__(self, base: Path):
        self.base = base
        base.mkdir(exist_ok=True)

    def __getitem__(self, key: tuple) -> Path:
        name, step = key
        out = self.base / f"{name}-{step}"

        def make():
            shutil.rmtree(out, ignore_errors=True)          # what a failed attempt left
            config, edition = EDITIONS[name]
            env = dict(SOURCE_DATE_EPOCH=BUILT_ON, KIT_CSS_STEP="1" if step == "on" else "0")
            if step == "on":
                env["KIT_CSS_REPORT"] = str(css_report(out))
            proc = kit_command("site", "--config", str(config), "--edition", edition, "--out", str(out), env=env)
            assert proc.returncode == 0, f"{key} build failed:\n{proc.stdout}\n{proc.stderr}"

        once_per_run(self.base / f"{name}-{step}.built", make)
        return out


@pytest.fixture(scope="module")
def builds(build_dir) -> Builds:
    return Builds(build_dir / "css-builds")


class Compare:
    """Pairs of screenshots, the step's and the plain build's; the failures, with diff pictures."""

    def __init__(self, folder: Path):
        self.folder, self.failures, self.pairs, self.identical = folder, [], 0, 0

    def __call__(self, name: str, with_step: bytes, without: bytes) -> None:
        from PIL import Image, ImageChops

        self.pairs += 1
        if with_step == without:
            self.identical += 1
            return
        a = Image.open(io.BytesIO(with_step)).convert("RGB")
        b = Image.open(io.BytesIO(without)).convert("RGB")
        safe = name.replace("/", "_").replace(" ", "_")
        if a.size != b.size:
            count, total = max(a.width * a.height, b.width * b.height), max(a.width * a.height, b.width * b.height)
            mask = None
        else:
            r, g, bl = ImageChops.difference(a, b).split()
            mask = ImageChops.lighter(ImageChops.lighter(r, g), bl).point(lambda v: 255 if v > TOLERANCE else 0)
            count, total = mask.histogram()[255], a.width * a.height
        allowed = 0 if total < 10_000 else int(total * MAX_SHARE)
        if count <= allowed:
            return
        a.save(self.folder / f"{safe}.with-step.png")
        b.save(self.folder / f"{safe}.without.png")
        note = f"sizes {a.size} and {b.size}"
        if mask is not None:
            red = Image.new("RGB", a.size, (255, 0, 0))
            Image.composite(red, a, mask).save(self.folder / f"{safe}.diff.png")
            note = f"{count} of {total} pixels ({count / total:.3%})"
        self.failures.append(f"{name}: {note} differ; see {self.folder / safe}.*.png")

    def check(self) -> None:
        assert not self.failures, (f"{len(self.failures)} of {self.pairs} screenshot pairs differ:\n"
                                   + "\n".join(self.failures))


@pytest.fixture(scope="module")
def compare(tmp_path_factory) -> Compare:
    return Compare(tmp_path_factory.mktemp("css-diffs"))


def shot(page, full: bool = True) -> bytes:
    """A PNG of the page (all of it, or what the window shows), through the DevTools
    protocol with optimizeForSpeed: lossless, and about twice as fast to encode as
    Playwright's own full-page screenshot, which matters for some 500 of them."""
    import base64

    cdp = page._kit_cdp
    width, height = page.evaluate("""full => full
        ? [document.documentElement.clientWidth, Math.ceil(Math.max(document.documentElement.scrollHeight,
                                                                     document.body.scrollHeight))]
        : [innerWidth, innerHeight]""", full)
    scroll = page.evaluate("[scrollX, scrollY]") if not full else [0, 0]
    params = {"format": "png", "optimizeForSpeed": True, "captureBeyondViewport": full, "fromSurface": True,
              "clip": {"x": scroll[0], "y": scroll[1], "width": width, "height": height, "scale": 1}}
    for attempt in range(3):
        try:
            return base64.b64decode(cdp.send("Page.captureScreenshot", params)["data"])
        except Exception as error:
            # Chromium now and then has no frame to capture yet, just after a navigation on a
            # loaded machine (seen once in a CI run): wait two frames and take it again.
            if "Unable to capture screenshot" not in str(error) or attempt == 2:
                raise
            page.evaluate("() => new Promise(done => requestAnimationFrame(() => requestAnimationFrame(done)))")


def new_page(context):
    """A page with its DevTools session for shot(). Its media are emulated through that
    session (emulate()): once it is open, Playwright's page.emulate_media no longer applies."""
    page = context.new_page()
    page._kit_cdp = context.new_cdp_session(page)
    return page


def emulate(page, media: str | None = None, forced_colors: str | None = None) -> None:
    """Print media and forced colours, as page.emulate_media(media=..., forced_colors=...) would."""
    features = [{"name": "prefers-reduced-motion", "value": "reduce"}]
    if forced_colors:
        features.append({"name": "forced-colors", "value": forced_colors})
    page._kit_cdp.send("Emulation.setEmulatedMedia", {"media": media or "", "features": features})


def web_urls(site: Path, url: str) -> list[str]:
    extra = ["404.html"] + [p.relative_to(site).as_posix() for p in site.glob("*/404.html")]
    return [url + rel for rel in site_pages(site) + extra]


def served(site: Path, serve) -> str:
    """The address of a web edition served at its section's path (the Welsh example's
    /stelcio/), as a host serves it: its 404 pages link their files from that path, and
    are drawn with their stylesheet only there."""
    import re

    m = re.search(r'<link rel="stylesheet" href="/([^"]*?)assets/', (site / "404.html").read_text())
    prefix = m.group(1).strip("/") if m else ""
    if not prefix:
        return serve(site).url
    root = site.parent / f"{site.name}-root"
    (root / prefix).parent.mkdir(parents=True, exist_ok=True)
    try:
        (root / prefix).symlink_to(site, target_is_directory=True)
    except FileExistsError:             # made already, by this worker or the other
        pass
    return serve(root).url + prefix + "/"


@pytest.mark.full
def test_the_not_found_pages_keep_what_the_step_removed_unmatched(builds, serve, browser):
    """The 404 pages, which the crawls do not visit (a server sends them for any address),
    served at their section's path, at every width the crawls check and in print (make test-full:
    README.md, "Tests", gives its cost)."""
    from crawl import CSS_WIDTHS

    failures = {}
    for name in ("default", "welsh"):
        site = builds[(name, "on")]
        report = css_removed(site)
        base = served(site, serve)
        page = browser.new_page()
        for url in [u for u in web_urls(site, base) if u.endswith("404.html")]:
            page.goto(url)
            for width in CSS_WIDTHS:
                page.set_viewport_size({"width": width, "height": HEIGHT})
                found = css_losses(page, removed_for(page, report))
                if found["lost"] or found["unchecked"]:
                    failures[f"{url} {width}"] = found
            page.emulate_media(media="print")
            found = css_losses(page, removed_for(page, report))
            if found["lost"] or found["unchecked"]:
                failures[f"{url} print"] = found
            page.emulate_media(media="screen")
        page.close()
    assert failures == {}, pretty(failures)


# --------------------------------------------------------------------------- the render sample

# One page of each edition, at every width: the one with the most kinds of part on it
# (contact boxes, the status, a table's region, note boxes, the checklist).
SAMPLE_PAGES = {"default": "get-support/", "welsh": "risk-checklist/", "kiosk": "keeping-records.html"}
PRINT_PAGES = {"default": "the-law/", "welsh": "en/get-support/", "kiosk": "diary.html"}


@pytest.mark.full
@pytest.mark.parametrize("name", list(EDITIONS))
def test_a_sample_page_looks_the_same_with_and_without_the_step(name, builds, serve, browser, compare):
    """The second net: one page of each edition at 320, 768 and 1280 px, and one printed."""
    for width in WIDTHS:
        a, b = each_build(name, builds, serve, SAMPLE_PAGES[name], browser, width, nothing, full=True)
        compare(f"{name} {width} {SAMPLE_PAGES[name]}", a, b)
    a, b = each_build(name, builds, serve, PRINT_PAGES[name], browser, 768, nothing, full=True,
                      media={"media": "print"})
    compare(f"print {name} {PRINT_PAGES[name]}", a, b)
    compare.check()


# --------------------------------------------------------------------------- states

def both(name: str, builds: dict, serve, path: str) -> tuple[str, str]:
    """One page's address in the build with the step and in the one without."""
    on, off = builds[(name, "on")], builds[(name, "off")]
    if EDITIONS[name][1] == "kiosk":
        return (on / path).as_uri(), (off / path).as_uri()
    return serve(on).url + path, serve(off).url + path


def each_build(name, builds, serve, path, browser, width, act, full=False, media=None, clock=OPEN, **options):
    """Screenshots of a page in both builds after `act(page)`, one after the other in one context
    (its cache saves a third of the time), or, on an installed clock, each in a context of its
    own with the clock paused a second after OPEN: left running, an installed clock goes on at
    real speed, and on a busy machine the idle notice's countdown read a different second in
    each build (a CI run)."""
    def new_context():
        context = browser.new_context(viewport={"width": width, "height": HEIGHT}, reduced_motion="reduce",
                                      **options)
        if clock == "install":
            context.clock.install(time=OPEN)
            context.clock.pause_at(OPEN + dt.timedelta(seconds=1))
        elif clock is not None:
            context.clock.set_fixed_time(clock)
        return context

    out = []
    context = new_context()
    for url in both(name, builds, serve, path):
        if clock == "install" and out:
            context.close()
            context = new_context()
        page = new_page(context)
        page.goto(url)
        act(page)
        if media:                            # after acting: buttons are not printed
            emulate(page, **media)
            if media.get("media") == "print":
                assert page.evaluate("matchMedia('print').matches")
                # The print header's logo is loading="lazy" (a screen never shows it): it is fetched
                # once print shows it, so wait for it, or one build's picture lacks it (a test-full run).
                page.wait_for_function("() => [...document.images].every(i => i.complete || !i.getClientRects().length)",
                                       timeout=5000)
                page.evaluate("() => Promise.all([...document.images].map(i => i.decode().catch(() => null)))")
        out.append(shot(page, full))
        page.close()
    context.close()
    return out


def open_menu(page):
    page.get_by_role("button", name=page.locator(".kit-menu__button").inner_text().strip()).click()
    assert page.locator("#kit-menu-panel").is_visible()


def open_menu_without_js(page):
    page.locator(".kit-menu summary").click()
    assert page.locator("#kit-menu-panel").is_visible()


def focus_content_link(page):
    link = page.locator("article a[href]").first
    link.focus()
    assert page.evaluate("document.activeElement.matches(':focus-visible')")


def focus_menu_button(page):
    page.locator(".kit-menu__button").focus()
    assert page.evaluate("document.activeElement.matches(':focus-visible')")


def hover_links(page):
    page.locator("article a[href]").first.hover()


def hover_nav_link(page):
    page.locator(".md-nav--primary .md-nav__link[href]").nth(2).hover()


def answer_and_show(page):
    page.check("#kit-q-frightened-yes")
    page.check("#kit-q-relationship-no")
    page.check("#kit-q-over-two-weeks-unsure")
    page.locator(".kit-checklist__actions button[type=submit]").click()
    page.locator(".kit-checklist--has-result").wait_for()


def search(page):
    icon = page.locator('label.md-header__button[for="__search"]')
    if icon.is_visible():                    # narrow screens: the search opens from its icon
        icon.click()
    page.focus(".md-search__input")
    page.keyboard.type(LAW_WORDS, delay=10)
    page.locator(".md-search-result__item a[href*='the-law.html']").first.wait_for(state="visible", timeout=10_000)
    page.wait_for_timeout(300)               # the rest of the results


def idle(page):
    page.clock.run_for(120 * 1000)
    page.locator("#kit-idle").wait_for(state="visible")
    # The countdown's first second in both builds: the clock stands still (each_build).
    assert page.inner_text("[data-kit-idle-count]") == "10"


def nothing(page):
    pass


STATES = [
    # name, edition, page, width, action, options
    ("menu open", "default", "", 320, open_menu, {}),
    ("menu open, Welsh", "welsh", "", 320, open_menu, {}),
    ("menu open, English of the Welsh edition", "welsh", "en/", 320, open_menu, {}),
    ("menu open without JavaScript", "default", "", 320, open_menu_without_js, {"java_script_enabled": False}),
    ("menu open, kiosk", "kiosk", "index.html", 320, open_menu, {}),
    ("focused link", "default", "the-law/", 1280, focus_content_link, {}),
    ("focused link, narrow", "default", "the-law/", 320, focus_content_link, {}),
    ("focused menu button", "default", "", 320, focus_menu_button, {}),
    ("hovered link", "default", "the-law/", 1280, hover_links, {}),
    ("hovered navigation link", "default", "the-law/", 1280, hover_nav_link, {}),
    ("checklist answered", "default", "risk-checklist/", 1280, answer_and_show, {"full": True}),
    ("checklist answered, narrow", "default", "risk-checklist/", 320, answer_and_show, {"full": True}),
    ("checklist answered, Welsh", "welsh", "risk-checklist/", 768, answer_and_show, {"full": True}),
    ("checklist answered, kiosk", "kiosk", "risk-checklist.html", 1280, answer_and_show, {"full": True}),
    ("open now", "default", "get-support/", 768, nothing, {"full": True, "clock": OPEN}),
    ("closed now", "default", "get-support/", 768, nothing, {"full": True, "clock": CLOSED}),
    ("closed now, Welsh", "welsh", "get-support/", 768, nothing, {"full": True, "clock": CLOSED}),
    ("kiosk search", "kiosk", "index.html", 1280, search, {"clock": None}),     # Material's search waits on
    ("kiosk search, narrow", "kiosk", "index.html", 320, search, {"clock": None}),   # the real clock
    ("kiosk idle notice", "kiosk", "the-law.html", 1280, idle, {"clock": "install"}),
    ("kiosk idle notice, narrow", "kiosk", "the-law.html", 320, idle, {"clock": "install"}),
    ("forced colours", "default", "", 1280, nothing, {"full": True, "media": {"forced_colors": "active"}}),
    ("forced colours, narrow, menu open", "default", "", 320, open_menu, {"media": {"forced_colors": "active"}}),
    ("forced colours, checklist", "default", "risk-checklist/", 768, answer_and_show,
     {"full": True, "media": {"forced_colors": "active"}}),
    ("forced colours, kiosk", "kiosk", "get-support.html", 1280, nothing,
     {"full": True, "media": {"forced_colors": "active"}}),
    ("print, checklist answered", "default", "risk-checklist/", 768, answer_and_show,
     {"full": True, "media": {"media": "print"}}),
    ("print, kiosk", "kiosk", "get-support.html", 768, nothing, {"full": True, "media": {"media": "print"}}),
    ("print, Welsh", "welsh", "", 768, nothing, {"full": True, "media": {"media": "print"}}),
    ("print, English of the Welsh edition", "welsh", "en/the-law/", 768, nothing,
     {"full": True, "media": {"media": "print"}}),
]


# One state of each kind, drawn in both builds (the second net); every state of STATES is
# held to what the step removed (below).
SAMPLE_STATES = ("menu open", "menu open without JavaScript", "focused link", "hovered link", "checklist answered",
                 "closed now, Welsh", "kiosk search", "kiosk idle notice", "forced colours, narrow, menu open",
                 "print, checklist answered")


def state_options(options: dict) -> tuple:
    options = dict(options)
    return options.pop("full", False), options.pop("media", None), options.pop("clock", OPEN), options


@pytest.mark.full
@pytest.mark.parametrize("which", ["one of each kind", "the rest"])
def test_every_state_keeps_what_the_step_removed_unmatched(which, builds, serve, browser):
    """After each state of STATES, in the build with the step: no selector the step removed
    matches a drawn element (tests/crawl.py, CSS_LOSS): one state of each kind (SAMPLE_STATES),
    then the other 19. make test-full only (README.md, "Tests", gives the cost); make test holds
    the guard on every page of the default edition at each width and in print (the crawl)."""
    welsh_pages = {p.relative_to(builds[("welsh", "on")]).as_posix() for p in builds[("welsh", "on")].rglob("*.html")}
    failures = {}
    chosen = [s for s in STATES if (s[0] in SAMPLE_STATES) == (which == "one of each kind")]
    assert len(chosen) == (len(SAMPLE_STATES) if which == "one of each kind" else len(STATES) - len(SAMPLE_STATES))
    for state, name, path, width, act, options in chosen:
        if name == "welsh" and path and path + "index.html" not in welsh_pages:
            raise AssertionError(f"{state}: the Welsh edition has no page {path}")
        full, media, clock, options = state_options(options)
        report = css_removed(builds[(name, "on")])
        url = both(name, builds, serve, path)[0]

        def check(page):
            found = css_losses(page, removed_for(page, report))
            if found["lost"] or found["unchecked"]:
                failures[state] = found
        context = browser.new_context(viewport={"width": width, "height": HEIGHT}, reduced_motion="reduce", **options)
        if clock == "install":
            context.clock.install(time=OPEN)
            context.clock.pause_at(OPEN + dt.timedelta(seconds=1))
        elif clock is not None:
            context.clock.set_fixed_time(clock)
        page = new_page(context)
        page.goto(url)
        act(page)
        if media:
            emulate(page, **media)
        check(page)
        context.close()
    assert failures == {}, pretty(failures)


@pytest.mark.full
def test_a_state_of_each_kind_looks_the_same_with_and_without_the_step(builds, serve, browser, compare):
    chosen = [s for s in STATES if s[0] in SAMPLE_STATES]
    assert len(chosen) == len(SAMPLE_STATES)
    for state, name, path, width, act, options in chosen:
        full, media, clock, options = state_options(options)
        a, b = each_build(name, builds, serve, path, browser, width, act, full, media, clock, **options)
        compare(state, a, b)
    compare.check()


# --------------------------------------------------------------------------- what the step wrote

def test_each_edition_links_its_hashed_stylesheets_and_keeps_its_policy(builds):
    """A kiosk: one stylesheet. A web edition: the shared one on every page, then the
    part for each feature the page has (supportkit/finish/css_parts.py): tables, note boxes."""
    import hashlib
    import re

    for name in EDITIONS:
        site = builds[(name, "on")]
        web = EDITIONS[name][1] == "web"
        sheets = sorted(site.glob("assets/kit/*.css"))
        shared = [p for p in sheets if p.name.startswith("kit.")]
        parts = {p.name.split(".")[0][len("kit-"):]: p for p in sheets if p.name.startswith("kit-")}
        assert len(shared) == 1 and len(sheets) == 1 + len(parts), [p.name for p in sheets]
        assert set(parts) == ({"tables", "notes"} if web else set()), [p.name for p in sheets]
        assert not list(site.glob("assets/stylesheets/main.*"))
        for sheet in sheets:
            assert hashlib.sha256(sheet.read_bytes()).hexdigest()[:8] == sheet.name.split(".")[1]
        for page in site.rglob("*.html"):
            html = page.read_text(encoding="utf-8")
            links = re.findall(r'<link rel="stylesheet" href="([^"]+)">', html)
            if page.name == "welcome.html":
                assert links == []
                continue
            body = html[html.index("<body"):]
            wanted = [shared[0]] + [parts[f] for f, mark in (("tables", "<table"), ("notes", 'class="admonition'))
                                    if f in parts and mark in body]
            assert [link.rsplit("/", 1)[-1] for link in links] == [p.name for p in wanted], (page, links)
            for link, sheet in zip(links, wanted):
                if not link.startswith("/"):            # the 404 pages link from the section's path
                    assert (page.parent / link).resolve() == sheet.resolve()
            assert " style=" not in html and 'media="print"' not in html
        if web:
            assert (site / "index.html.gz").is_file()
            assert all((site / (p.relative_to(site).as_posix() + ".gz")).is_file() for p in sheets)
    plain = builds[("default", "off")]
    assert list(plain.glob("assets/stylesheets/main.*.min.css")) and list(plain.glob("assets/kit/checklist.*.css"))


def test_the_web_editions_pages_are_trimmed_and_the_kiosks_are_not(builds):
    """Indentation and Material's markup that only its JavaScript uses (supportkit/finish/trim.py)."""
    unused = ('id="__search"', 'class="md-overlay"', 'class="md-skip"', 'data-md-component="announce"',
              'class="md-dialog"', 'data-md-component="header-topic"')
    on, off = builds[("default", "on")], builds[("default", "off")]
    trimmed, plain = (on / "index.html").read_text(), (off / "index.html").read_text()
    assert "\n  " not in trimmed.split("<script")[0] and "\n  " in plain
    assert len(trimmed) < 0.9 * len(plain)
    assert [u for u in unused if u in trimmed] == [] and [u for u in unused if u not in plain] == []
    kiosk_on = (builds[("kiosk", "on")] / "index.html").read_text()
    assert "\n  " in kiosk_on and [u for u in unused if u not in kiosk_on] == []
    # hidden at every width: the drawer's icon, the logo in the navigation's title, the page's
    # contents inside the navigation (the copy beside the page stays); the generator's name; the
    # attributes only Material's JavaScript reads; entities text does not need
    gone = ('class="md-header__button md-icon" for="__drawer"', 'class="md-nav__button md-logo"',
            'class="md-nav__link md-nav__link--active" for="__toc"', 'class="md-nav__icon', '<meta name="generator"',
            'data-md-component=', '<link rel="prev"', '<link rel="next"')
    law_on, law_off = (on / "the-law" / "index.html").read_text(), (off / "the-law" / "index.html").read_text()
    assert [g for g in gone if g in law_on] == [] and [g for g in gone if g not in law_off] == []
    # an apostrophe the templates wrote as an entity (Men&#39;s Advice Line): a character in the text
    help_on, help_off = (on / "get-support" / "index.html").read_text(), (off / "get-support" / "index.html").read_text()
    assert "Men&#39;s Advice Line" in help_off and "Men&#39;s Advice Line" not in help_on \
        and "Men's Advice Line" in help_on
    assert law_on.count('class="md-nav md-nav--secondary"') == 1 and law_off.count('class="md-nav md-nav--secondary"') == 2


def test_trimming_keeps_preformatted_text_attributes_and_scripts():
    from supportkit.finish.trim import trim

    page = ('<p>a\n     b  <em>c</em>\n\n  </p>\n    <pre>  x\n    y</pre>\n  <textarea>\n  t\n</textarea>'
            '<script>var s = "a\n    b";</script><div title="one\n    two">\u00a0\n\u00a0</div>')
    assert trim(page) == ('<p>a\nb  <em>c</em>\n</p>\n<pre>  x\n    y</pre>\n<textarea>\n  t\n</textarea>'
                          '<script>var s = "a\n    b";</script><div title="one\n    two">\u00a0\n\u00a0</div>')
    # quotation marks and apostrophes: as characters in text, as entities in attribute values
    assert trim('<p title="it&#39;s &#34;x&#34;">it&#39;s &#34;x&#34;</p><pre>&#39;</pre>') == \
        '<p title="it&#39;s &#34;x&#34;">it\'s "x"</p><pre>&#39;</pre>'
    # the references the components write for Markdown's sake; "<", ">" and "&" keep theirs
    assert trim('<p data-x="&#40;">&#40;Refuge&#41; &#95;a&#42; &#60;b&#62; &#38; &#233;</p>') == \
        '<p data-x="&#40;">(Refuge) _a* &#60;b&#62; &#38; &#233;</p>'


# --------------------------------------------------------------------------- the step's parts

class Stub:
    kiosk = False
    site_url = None


def tiny_site(folder: Path, page_body: str, material: str, kit: str = ".kit-x{color:red}") -> Path:
    (folder / "assets" / "stylesheets").mkdir(parents=True)
    (folder / "assets" / "kit").mkdir(parents=True)
    (folder / "assets" / "stylesheets" / "main.0123abcd.min.css").write_text(material)
    (folder / "assets" / "kit" / "kit.0123abcd.css").write_text(kit)
    (folder / "index.html").write_text(
        '<!doctype html><html><head><meta charset="utf-8">\n'
        '<link rel="stylesheet" href="assets/stylesheets/main.0123abcd.min.css">\n'
        '<link rel="stylesheet" href="assets/kit/kit.0123abcd.css">\n'
        f"</head><body>{page_body}</body></html>")
    return folder


def test_an_unused_material_rule_goes_and_a_safelisted_one_stays(tmp_path, monkeypatch):
    from supportkit.finish import css

    monkeypatch.setattr(css, "CACHE", dataclasses.replace(css.CACHE, folder=tmp_path / "cache"))
    material = (".md-typeset .tabbed-set{display:flex}"            # content tabs: no page has them
                ".md-typeset p{margin:1em}"                         # used
                ".md-typeset summary{color:red}"                    # <summary> is on the page, but not in .md-typeset
                ".md-typeset a:hover{color:blue}"                   # a state: kept
                "@media screen and (max-width:76.234375em){.md-sidebar--primary .md-nav{position:absolute}"
                ".md-header{height:2rem}}")
    kit = ("@media screen and (max-width:76.2344em){.md-sidebar--primary{display:none!important}}"
           ".kit-x{color:red}.kit-unused{color:red}"
           ".kit-checklist--has-result .kit-x{color:green}")        # a class only a script adds: safelisted
    site = tiny_site(tmp_path / "site", '<header class="md-header"></header>'
                     '<div class="md-sidebar--primary"><nav class="md-nav"></nav></div>'
                     '<details><summary>Menu</summary></details>'
                     '<article class="md-typeset"><p class="kit-x">Hello <a href="#">link</a></p></article>',
                     material, kit)
    result = css.apply(site, Stub(), css_step=True)
    sheet = (site / result.sheet).read_text()
    assert ".tabbed-set" not in sheet and ".kit-unused" not in sheet
    assert ".md-typeset summary" not in sheet, "a selector whose parts are on the page but never together"
    assert ".md-sidebar--primary .md-nav" not in sheet, "a rule only for what the kit hides at those widths"
    for kept in (".md-typeset p{", ".md-typeset a:hover", ".kit-checklist--has-result", ".md-header{height",
                 ".kit-x{"):
        assert kept in sheet, kept
    html = (site / "index.html").read_text()
    assert f'href="{result.sheet}"' in html and "main.0123abcd" not in html and "kit.0123abcd" not in html
    assert not (site / "assets" / "stylesheets" / "main.0123abcd.min.css").exists()
    assert css.apply(site, Stub(), css_step=False) is None


def test_a_kiosk_keeps_its_search_styles_from_materials_script(tmp_path, monkeypatch):
    """On a kiosk Material's JavaScript draws the search results: their rules stay,
    though no page's markup has them."""
    from supportkit.finish import css

    monkeypatch.setattr(css, "CACHE", dataclasses.replace(css.CACHE, folder=tmp_path / "cache"))
    site = tiny_site(tmp_path / "site", '<p>Hello</p><script src="assets/bundle.js"></script>',
                     ".md-search-result__meta{color:red}.md-tooltip{color:red}.md-source{color:red}")
    (site / "assets" / "bundle.js").write_text('x.className="md-tooltip";')

    class Kiosk:
        kiosk = True
        site_url = None

    sheet = (site / css.apply(site, Kiosk()).sheet).read_text()
    assert ".md-search-result__meta" in sheet and ".md-tooltip" in sheet and ".md-source" not in sheet


def test_the_cache_gives_the_same_sheet_without_running_purgecss(tmp_path, monkeypatch):
    from supportkit.finish import css

    monkeypatch.setattr(css, "CACHE", dataclasses.replace(css.CACHE, folder=tmp_path / "cache"))
    first = tiny_site(tmp_path / "a", "<p class='kit-x'>x</p>", "p{margin:0}.md-unused{color:red}")
    r1 = css.apply(first, Stub())
    monkeypatch.setattr(css, "purge", lambda *a, **k: pytest.fail("PurgeCSS ran on unchanged inputs"))
    second = tiny_site(tmp_path / "b", "<p class='kit-x'>x</p>", "p{margin:0}.md-unused{color:red}")
    r2 = css.apply(second, Stub())
    assert r2.cached and not r1.cached and r1.sheet == r2.sheet
    assert (first / r1.sheet).read_bytes() == (second / r2.sheet).read_bytes()


def test_a_failing_css_step_leaves_the_previous_site_untouched(tmp_path):
    kit = copy_kit(tmp_path / "kit")
    out = tmp_path / "site"
    run_build(kit / "mkdocs.yml", out, root=kit)
    before = tree_hash(out)
    (kit / "node_modules").unlink()
    (kit / "node_modules").mkdir()                  # the npm packages not installed
    proc = run_build(kit / "mkdocs.yml", out, root=kit, check=False)
    assert proc.returncode == 2, proc.stderr
    assert "npm ci" in proc.stderr and "purgecss" in proc.stderr.lower() and "unchanged" in proc.stderr
    assert tree_hash(out) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == [".site.lock", "kit", "site"], "temporary folders left behind"


# --------------------------------------------------------------------------- the guard catches

PLANTED = ".kit-qe__button:hover{background:#8a0b17}li::marker{color:#b10e1e}"


@pytest.mark.parametrize("fault", [None, ".kit-qe__button:hover", "li::marker"])
def test_the_guard_catches_a_rule_the_step_should_have_kept(fault, tmp_path, monkeypatch, browser):
    """Planted faults: a CSS step that purges the exit button's hover rule, or a ::marker rule.
    The screenshots of the old guard hovered two links and would not have seen the first;
    the removed-selector check (tests/crawl.py, CSS_LOSS) sees both on the page as loaded."""
    from supportkit.finish import css

    monkeypatch.setattr(css, "CACHE", dataclasses.replace(css.CACHE, folder=tmp_path / "cache"))
    real = css.purge

    def faulty(text, *args, **kwargs):
        out = real(text, *args, **kwargs)
        return out.replace({".kit-qe__button:hover": ".kit-qe__button:hover{background:#8a0b17}",
                            "li::marker": "li::marker{color:#b10e1e}"}[fault], "") if fault else out

    monkeypatch.setattr(css, "purge", faulty)
    site = tiny_site(tmp_path / "site", '<section aria-label="Exit"><a class="kit-qe__button" href="#">Exit</a>'
                     '</section><ul><li>One</li></ul>', "p{margin:0}", ".kit-qe__button{color:#fff}" + PLANTED)
    result = css.apply(site, Stub(), css_step=True)
    page = browser.new_page()
    page.goto((site / "index.html").as_uri())
    found = css_losses(page, removed_for(page, {"removed": result.removed, "parts": result.parts}))
    page.close()
    assert found["unchecked"] == []
    assert [lost[0] for lost in found["lost"]] == ([fault] if fault else []), found


def test_every_custom_property_the_sheets_read_is_still_set(builds):
    """What no selector shows: a custom property the step dropped while a rule still reads it."""
    import re

    for name in EDITIONS:
        site = builds[(name, "on")]
        text = "\n".join(p.read_text(encoding="utf-8") for p in site.glob("assets/kit/*.css"))
        inline = "\n".join(re.findall(r"<style>(.*?)</style>", (site / ("index.html")).read_text(), re.S))
        scripts = "\n".join(p.read_text(encoding="utf-8", errors="replace") for p in site.rglob("*.js"))
        # set in the sheets, or by a script (Material's on a kiosk: its tooltips and tab indicator)
        set_ = set(re.findall(r"(--[\w-]+)\s*:", text + inline)) | set(re.findall(r"--[\w-]+", scripts))
        read = {m.group(1) for m in re.finditer(r"var\(\s*(--[\w-]+)\s*(,)?", text + inline) if not m.group(2)}
        assert read - set_ == set(), (name, sorted(read - set_))


def test_the_step_reports_each_selector_it_removed_and_where_it_moved():
    """supportkit/finish/css.py removed_selectors(): golden CSS in, report out. A rule of custom
    properties only is not a selector's loss; an argument PurgeCSS took out of :is() is."""
    from supportkit.finish.css import removed_selectors

    before = (".a,.b:hover{color:red}@media print{.c::before{content:'x'}}.t td{padding:0}"
              ":root>*{--x:1}.m :is(p, dd):has(.q)::after{clear:both}")
    shared = ".a{color:red}.m :is(p):has(.q)::after{clear:both}"
    assert removed_selectors(before, shared, {"tables": ".t td{padding:0}"}) == [
        [[], ".b", ".b:hover", None],
        [[["media", "print"]], ".c", ".c::before", None],
        [[], ".t td", ".t td", "tables"],
        [[], ".m :is(dd):has(.q)", ".m :is(dd):has(.q)::after", None],
    ]
