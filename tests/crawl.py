"""One visit per page collects everything the per-page checks need.

crawl() opens every page of an edition once, in one browser context, and
records for each: console errors, axe's violations (at 1280 and 320 px),
sideways scrolling at 320 px, every focus stop at 320, 375 and 1280 px and
whether it was on screen, the page's language, its language switch, its
visible text, and its print layout (print media emulated). Requests and storage are recorded for the whole context.
A crawl can make the checks at each width on some pages only (deep=): make test visits
every page of every edition but checks the example organisation's, Zensical's, the
nations' and the kiosks' at each width on a sample (TAB_SAMPLE); make test-full on all.
The tests in test_crawl.py, test_print.py and others only read the record.

Focus stops are found two ways. At 320 px the crawl presses Tab through the
pages of TAB_SAMPLE (tab_through), as a keyboard user does; make test-full
presses through every page (tab_crawl). At every width it also walks the
page's focus order in the page itself (focus_walk): each element that can take
focus, in the order Tab visits them, focused in turn. The walk costs one call
instead of one press per stop; test_crawl.py and test_kiosk.py hold it to the
real presses wherever both are made (every pressed stop is in the walk, in the
same order, and the walk adds nothing but the other radio buttons of a group,
which Tab skips), so the walk can stand for the presses elsewhere.
"""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from urllib.parse import urlparse

FOCUS_WIDTHS = (320, 375, 1280)
TAB_WIDTH = 320                 # where the crawl also presses Tab (through the pages of TAB_SAMPLE)
# axe runs on every page at 1280 px, and at 320 px on the pages below: the
# narrow layout's own parts (the menu, the header) are the same on every page.
AXE_NARROW_PAGES = ("", "the-law/", "risk-checklist/", "get-support/", "index.html", "the-law.html",
                    "risk-checklist.html", "get-support.html")

# The site's chrome: none of it may show on paper (a selector the page does not
# have passes; .kit-qe is the quick-exit band).
PRINT_CHROME = [".md-header", ".md-sidebar", ".md-footer", ".kit-footer", ".md-search", ".md-top",
                ".kit-qe", ".kit-qe__skip", ".kit-skip", "[data-md-component=skip]", "nav", ".kit-menu"]

PRINT_STATE = """async chrome => {
  // the print header's logo is loading="lazy": a browser fetches it when it prints (page.pdf()
  // and Firefox's print do); emulated print media loads it once it is in view, at the top
  window.scrollTo(0, 0);
  for (let i = 0; i < 60 && [...document.querySelectorAll('.kit-print-header img')].some(img => !img.naturalWidth); i++)
    await new Promise(done => setTimeout(done, 50));
  const shown = el => getComputedStyle(el).display !== 'none' && el.getClientRects().length > 0
                      && getComputedStyle(el).visibility !== 'hidden';
  const visibleChrome = chrome.flatMap(sel => [...document.querySelectorAll(sel)]
      .filter(el => shown(el) && !el.closest('article')).map(el => sel));
  const header = document.querySelector('.kit-print-header');
  const h1 = document.querySelector('article h1');
  const article = document.querySelector('article');
  if (!article) return {visibleChrome, header: null, h1Top: null, links: [], phones: [], headings: [], boxes: []};
  const links = [...article.querySelectorAll('a[href]')].filter(shown).map(a => ({
      href: a.getAttribute('href'), after: getComputedStyle(a, '::after').content}));
  const phones = [...document.querySelectorAll('article .kit-phone')].map(p => ({
      text: p.textContent, weight: getComputedStyle(p).fontWeight, wrap: getComputedStyle(p).whiteSpace}));
  const headings = [...article.querySelectorAll('h1, h2, h3')].map(h => getComputedStyle(h).breakAfter);
  const boxes = [...article.querySelectorAll('.kit-contact, .kit-help, li, tr')].map(b => getComputedStyle(b).breakInside);
  return {
    visibleChrome,
    header: header && shown(header) ? {text: header.innerText.trim(), top: header.getBoundingClientRect().top,
                                       logo: !!header.querySelector('img'),
                                       logoLoaded: [...header.querySelectorAll('img')].every(i => i.naturalWidth > 0)} : null,
    h1Top: h1 ? h1.getBoundingClientRect().top : null,
    links, phones, headings, boxes,
  };
}"""

# Records every element that takes focus, and whether it is on screen then.
FOCUS_RECORDER = """() => {
  window.__kitStops = [];
  if (window.__kitRecorder) return;
  window.__kitRecorder = true;
  const ids = new WeakMap();
  document.addEventListener('focusin', event => {
    const e = event.target, r = e.getBoundingClientRect(), s = getComputedStyle(e);
    if (!ids.has(e)) ids.set(e, window.__kitNext = (window.__kitNext || 0) + 1);
    window.__kitStops.push({
      uid: ids.get(e),
      tag: e.tagName.toLowerCase(), type: e.type || '', cls: String(e.className || ''), id: e.id,
      text: (e.textContent || e.getAttribute('aria-label') || '').trim().slice(0, 40),
      rect: [Math.round(r.left), Math.round(r.top), Math.round(r.width), Math.round(r.height)],
      onScreen: r.width > 0 && r.height > 0 && r.right > 0 && r.bottom > 0
                && r.left < innerWidth && r.top < innerHeight
                && s.visibility !== 'hidden' && s.opacity !== '0',
    });
  }, true);
}"""

# What the CSS step removed (supportkit/finish/css.py, removed_selectors()), against the page as it
# is drawn now: each removed selector, with the states people can bring about taken out of
# it (loosened: hover, focus, checked, ::before...), must match no element that is drawn
# (has a box), wherever its @media and @supports conditions hold now. Taking a state out is
# forcing it on every element at once: a removed `.kit-qe__button:hover` is caught by any
# drawn exit button. Most removed selectors need a class, id or tag the page does not have:
# those are set aside first (each entry carries what it needs), then one querySelectorAll
# per group of conditions tries the rest, and the selectors of a group that matched are
# found one by one.
CSS_LOSS = """json => {
  // the entries come as one JSON string (Playwright's own serialising of ~1,400 nested arrays
  // took longer than the check) and are kept on the page for its next states
  const entries = window.__kitRemoved && window.__kitRemoved.json === json ? window.__kitRemoved.entries
                  : (window.__kitRemoved = {json, entries: JSON.parse(json)}).entries;
  const classes = new Set(), ids = new Set(), tags = new Set();
  for (const el of document.querySelectorAll('*')) {
    tags.add(el.localName.toLowerCase());
    if (el.id) ids.add(el.id);
    for (const c of el.classList) classes.add(c);
  }
  const groups = new Map();
  for (const [conditions, loose, selector, needs] of entries) {
    if (!needs[0].every(c => classes.has(c)) || !needs[1].every(i => ids.has(i))
        || !needs[2].every(t => tags.has(t))) continue;
    const key = JSON.stringify(conditions);
    if (!groups.has(key)) groups.set(key, {conditions, items: []});
    groups.get(key).items.push([loose, selector]);
  }
  const lost = [], unchecked = [];
  const drawn = el => el.getClientRects().length > 0;
  const all = sel => { try { return [...document.querySelectorAll(sel)]; } catch (e) { return null; } };
  for (const {conditions, items} of groups.values()) {
    let applies;
    try { applies = conditions.every(([kind, prelude]) =>
              kind === 'media' ? matchMedia(prelude).matches : CSS.supports(prelude)); }
    catch (e) { unchecked.push(...items.map(i => i[1])); continue; }
    if (!applies) continue;
    let found = all([...new Set(items.map(i => i[0]))].join(','));
    if (found === null) found = items.flatMap(([loose, selector]) => {
        const one = all(loose); if (one === null) unchecked.push(selector); return one || []; });
    found = found.filter(drawn);
    if (!found.length) continue;
    for (const [loose, selector] of items) {
      let el; try { el = found.find(e => e.matches(loose)); } catch (e) { continue; }
      if (el) lost.push([selector, el.outerHTML.slice(0, 100)]);
    }
  }
  return {lost, unchecked};
}"""


def needs(loose: str) -> list:
    """The classes, ids and tags a (loosened) selector cannot match without: [[...], [...], [...]]."""
    import tinycss2

    classes, ids, tags = [], [], []
    tokens = tinycss2.parse_component_value_list(loose)
    previous = None
    for i, t in enumerate(tokens):
        nxt = tokens[i + 1] if i + 1 < len(tokens) else None
        if t.type == "literal" and t.value == "." and nxt is not None and nxt.type == "ident":
            classes.append(nxt.value)
        elif t.type == "hash" and t.is_identifier:
            ids.append(t.value)
        elif t.type == "ident" and not (previous is not None and previous.type == "literal" and previous.value == "."):
            tags.append(t.lower_value)
        previous = t
    return [classes, ids, tags]


_NEEDS: dict = {}


def removed_for(page, css_removed: dict) -> str:
    """The removed selectors that concern the page loaded: gone from every page, or moved into a
    part (supportkit/finish/css_parts.py) this page does not link; each with what it needs (needs())."""
    linked = set(page.eval_on_selector_all('link[rel=stylesheet]', "els => els.map(l => l.href.split('/').pop())"))
    missing = {name for name, path in css_removed.get("parts", {}).items() if path.rsplit("/", 1)[-1] not in linked}
    out = []
    for conditions, loose, selector, part in css_removed["removed"]:
        if part is None or part in missing:
            if loose not in _NEEDS:
                _NEEDS[loose] = needs(loose)
            out.append([conditions, loose, selector, _NEEDS[loose]])
    return json.dumps(out)


def css_losses(page, entries: str) -> dict:
    """CSS_LOSS on the page as it is now: {"lost": [[selector, element], ...], "unchecked": [...]}."""
    return page.evaluate(CSS_LOSS, entries)


TAB_BATCH = 8
# True once focus has gone round: a stop was recorded twice.
ROUND_AGAIN = """() => new Set(window.__kitStops.map(s => s.uid)).size < window.__kitStops.length"""

# The page's sequential focus order, as the HTML standard defines it for a page
# without shadow roots: elements with a positive tabindex first (by tabindex,
# then in document order), then the rest in document order; an element counts
# when it is focusable (an enabled control, a link with href, the first summary
# of a details, an element with a tabindex, or a scroll container that holds
# nothing focusable: Chromium makes those keyboard-focusable) and rendered. Each
# is focused in turn (the recorder above notes it) and skipped if it will not take focus.
FOCUS_WALK = """() => {
  const focusable = 'a[href], area[href], button, input:not([type=hidden]), select, textarea, iframe, '
                    + '[tabindex], [contenteditable]:not([contenteditable=false]), details > summary:first-of-type';
  const scroller = e => { const s = getComputedStyle(e);
      return /(auto|scroll)/.test(s.overflowX + s.overflowY)
             && (e.scrollHeight > e.clientHeight || e.scrollWidth > e.clientWidth)
             && !e.querySelector(focusable); };
  const all = [...document.body.querySelectorAll('*')].filter(e => e.matches(focusable) || scroller(e));
  const rendered = e => e.tabIndex >= 0 && !e.disabled && !e.closest('[inert]') && e.getClientRects().length > 0
                        && getComputedStyle(e).visibility !== 'hidden';
  const order = all.filter(rendered);
  const positive = order.filter(e => e.tabIndex > 0).sort((a, b) => a.tabIndex - b.tabIndex);
  // From the top, in the same task as the walk, so that no scroll the browser still
  // owes (after the resize, say) can come in between: a CI run under load once found
  // the page back at its bottom after the separate scrollTo and before the walk.
  window.scrollTo(0, 0);
  for (const e of [...positive, ...order.filter(e => e.tabIndex === 0)]) e.focus();
  document.activeElement && document.activeElement.blur && document.activeElement.blur();
}"""

TABBABLE_COUNT = """() => [...document.querySelectorAll(
    'a[href], button, input, select, textarea, summary, [tabindex]')]
  .filter(e => e.tabIndex >= 0 && !e.disabled && e.getClientRects().length > 0).length"""


@dataclass
class PageRecord:
    path: str
    lang: str = ""
    errors: list = field(default_factory=list)
    axe: dict = field(default_factory=dict)            # width -> violations (320: some pages only)
    overflow_320: tuple | None = None                   # (scrollWidth, clientWidth) when it scrolls sideways
    stops: dict = field(default_factory=dict)           # width -> every focus stop, in order (focus_walk)
    tabbed: list = field(default_factory=list)          # the stops Tab presses reached, at TAB_WIDTH
    print_state: dict = field(default_factory=dict)
    links: list = field(default_factory=list)           # [href as written, resolved address]
    switch: list = field(default_factory=list)          # the language switch's links: [lang, hreflang, address]
    text: str = ""                                      # the visible text (innerText of <body>)
    ids: set = field(default_factory=set)
    css: dict = field(default_factory=dict)             # state -> what of the CSS step's removals matched (css_losses)
    pressed: bool = False                               # whether Tab was pressed through the page (tabbed)
    deep: bool = False                                  # whether the checks at each width were made (crawl(deep=))
    reloaded: bool = False                              # whether its first load timed out (load())

    def off_screen(self, width: int) -> list:
        return [s for s in self.stops[width] if not s["onScreen"]]


@dataclass
class Crawl:
    pages: dict                       # path -> PageRecord
    requests: list                    # every URL the context requested
    storage: dict                     # what was left on the device at the end
    blocked: list = field(default_factory=list)   # requests refused (outside `allowed`)
    base: str = ""                                # the address the paths were visited under

    def css_failures(self) -> dict:
        """Pages where something the CSS step removed matched a drawn element (or could not be
        checked), by state; {} when none. Every page must have been checked in every state."""
        out = {}
        for path, r in self.deep_pages().items():
            missing = sorted((set(CSS_WIDTHS) | {"print"}) - set(r.css), key=str)
            bad = {state: v for state, v in r.css.items() if v["lost"] or v["unchecked"]}
            if missing or bad:
                out[path or "/"] = {"not checked in": missing, **bad}
        return out

    def deep_pages(self) -> dict:
        """The pages the checks at each width were made on (crawl(deep=))."""
        return {path: r for path, r in self.pages.items() if r.deep}

    def foreign(self, allowed: str) -> list:
        return [u for u in self.requests if not u.startswith(allowed) and not u.startswith("data:")]


def resize(page, width: int) -> None:
    """Set the viewport to `width` CSS pixels and wait two frames, so the browser has done
    what a resize makes it do (layout, keeping the scroll anchored) before anything is measured."""
    page.set_viewport_size({"width": width, "height": 800})
    page.evaluate("""() => new Promise(done => requestAnimationFrame(() => requestAnimationFrame(done)))""")


def tab_through(page, width: int) -> list:
    """Press Tab through every stop of the page, from the top, at `width` CSS pixels.

    Tab goes round: after the last stop, focus leaves the page and comes back to
    the first. Presses go in batches; the crawl stops once a stop repeats (or
    after as many presses as the page has candidates, plus one), so it does not
    press on through the whole page a second time."""
    resize(page, width)
    # Start from the top of the page: focus a throwaway element placed first in
    # <body>, so the next Tab goes to the page's first stop.
    page.evaluate("""() => { window.scrollTo(0, 0); const start = document.createElement('span');
        start.tabIndex = -1; start.id = '__kit-start'; document.body.prepend(start); start.focus(); }""")
    page.evaluate(FOCUS_RECORDER)
    limit = page.evaluate(TABBABLE_COUNT) + 1
    pressed = 0
    while pressed < limit:
        for _ in range(min(TAB_BATCH, limit - pressed)):
            page.keyboard.press("Tab")
        pressed += TAB_BATCH
        if page.evaluate(ROUND_AGAIN):
            break
    stops = page.evaluate("() => { document.getElementById('__kit-start').remove(); return window.__kitStops; }")
    # cut at the first repeat: focus went round to the start again
    seen, out = set(), []
    for s in stops:
        if s["uid"] in seen:
            break
        seen.add(s["uid"])
        out.append(s)
    return out


def focus_walk(page, width: int) -> list:
    """Every element Tab would stop at, at `width` CSS pixels, focused in the page's own
    focus order (FOCUS_WALK) from the top: the same record tab_through makes, one call."""
    resize(page, width)
    # nothing focused (focusing the element that has focus records nothing); FOCUS_WALK starts from the top
    page.evaluate("() => { if (document.activeElement) document.activeElement.blur(); }")
    page.evaluate(FOCUS_RECORDER)
    page.evaluate(FOCUS_WALK)
    return page.evaluate("() => window.__kitStops")


def walk_matches_tab(walked: list, tabbed: list) -> str:
    """'' when every stop Tab reached is in the walk in the same order, and the walk's
    other stops are only radio buttons (Tab stops at one button of a group); else why not."""
    it = iter(walked)
    for stop in tabbed:
        for w in it:
            if w["uid"] == stop["uid"]:
                break
        else:
            return f"Tab stopped at {stop} but the walk has it missing or out of order"
    pressed = {s["uid"] for s in tabbed}
    extra = [w for w in walked if w["uid"] not in pressed and not (w["tag"] == "input" and w.get("type") == "radio")]
    return f"the walk stops at elements Tab skips: {extra[:5]}" if extra else ""


ALL_CHECKS = ("axe", "focus", "print")
# The pages Tab is pressed through in make test, one of each kind (the home page, a long page with
# a table of contents, the checklist's form, the directory), in each language; the focus walk stands
# for the presses on the others, and test-full presses through every page (tab_crawl()).
TAB_SAMPLE = ("index", "the-law", "risk-checklist", "get-support")


def tab_sample(paths: list) -> set:
    """The pages of `paths` that TAB_SAMPLE names, in every language."""
    def stem(path: str) -> str:
        last = path.rstrip("/").rsplit("/", 1)[-1] if path.rstrip("/") else "index"
        last = "index" if last in ("en", "cy") and path.endswith("/") else last
        return last[: -len(".html")] if last.endswith(".html") else last
    return {p for p in paths if stem(p) in TAB_SAMPLE}
CSS_WIDTHS = (320, 375, 768, 1280)      # where the CSS step's removals are checked (and in print, at 1280)


def load(page, url: str, record: PageRecord) -> None:
    """Open a page and wait for its load event. Once at the end of a test-full run (8 December
    2026) Chromium never fired it for a kiosk page from file:// that loads in under 2 s alone,
    so a load that times out is asked for once more, and noted in the record (`reloaded`);
    a page that does not load the second time fails the crawl."""
    from playwright.sync_api import TimeoutError as LoadTimeout

    try:
        page.goto(url, wait_until="load")
    except LoadTimeout:
        record.reloaded = True
        page.goto(url, wait_until="load")


def crawl(browser, base: str, paths: list[str], run_axe=None, storage_snapshot=None, axe_script=None,
          allowed: str | None = None, checks: tuple = ALL_CHECKS, focus_widths: tuple = FOCUS_WIDTHS,
          css_removed: dict | None = None, tab_pages: set | None = None, deep: set | None = None,
          **context_options) -> Crawl:
    """Visit base + each path once. `allowed`: refuse (and record) every request
    that does not start with it, as a machine with no network would. `css_removed`:
    what the CSS step removed (KIT_CSS_REPORT), checked at CSS_WIDTHS and in print. `tab_pages`:
    the pages Tab is pressed through (all, by default). `deep`: the pages the checks at each
    width are made on (axe, focus, the CSS guard, print; all, by default); on the others the
    crawl records what one load at 1280 px shows (requests, console, language, links, text)."""
    context = browser.new_context(**context_options)
    if axe_script and "axe" in checks:
        context.add_init_script(path=str(axe_script))      # faster than injecting it page by page
    requests: list[str] = []
    blocked: list[str] = []
    context.on("request", lambda r: requests.append(r.url))
    if allowed:
        context.route("**/*", lambda route: route.continue_() if route.request.url.startswith(allowed)
                      else (blocked.append(route.request.url), route.abort()))
    page = context.new_page()
    records: dict[str, PageRecord] = {}
    current: list[PageRecord] = []
    page.on("console", lambda m: current[-1].errors.append(m.text) if m.type == "error" and current else None)
    page.on("pageerror", lambda e: current[-1].errors.append(str(e)) if current else None)
    for path in paths:
        record = PageRecord(path)
        current.append(record)
        records[path] = record
        page.set_viewport_size({"width": 1280, "height": 800})
        load(page, base + path, record)
        record.lang = page.evaluate("document.documentElement.lang")
        record.links = page.eval_on_selector_all("a[href]", "els => els.map(a => [a.getAttribute('href'), a.href])")
        record.ids = set(page.eval_on_selector_all("[id]", "els => els.map(e => e.id)"))
        record.switch = page.eval_on_selector_all(
            ".kit-lang a[href]", "els => els.map(a => [a.lang, a.hreflang, a.href])")
        record.text = page.inner_text("body")
        if deep is not None and path not in deep:
            continue
        record.deep = True
        removed = removed_for(page, css_removed) if css_removed else None
        if "axe" in checks:
            record.axe[1280] = run_axe(page)
        if removed is not None:
            record.css[1280] = css_losses(page, removed)
        page.set_viewport_size({"width": 320, "height": 800})
        if "axe" in checks and path in AXE_NARROW_PAGES:
            record.axe[320] = run_axe(page)
        sizes = page.evaluate("() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]")
        if sizes[0] > sizes[1]:
            record.overflow_320 = tuple(sizes)
        if removed is not None:
            record.css[320] = css_losses(page, removed)
        if "focus" in checks and (tab_pages is None or path in tab_pages):
            record.pressed = True
            record.tabbed = tab_through(page, TAB_WIDTH)
        if "focus" in checks:
            for width in focus_widths:
                record.stops[width] = focus_walk(page, width)
                if removed is not None and width in CSS_WIDTHS and width not in record.css:
                    record.css[width] = css_losses(page, removed)
        if removed is not None:
            for width in CSS_WIDTHS:
                if width not in record.css:
                    resize(page, width)
                    record.css[width] = css_losses(page, removed)
        if "print" in checks or removed is not None:
            page.set_viewport_size({"width": 1280, "height": 800})
            page.emulate_media(media="print")
            if "print" in checks:
                record.print_state = page.evaluate(PRINT_STATE, PRINT_CHROME)
            if removed is not None:
                record.css["print"] = css_losses(page, removed)
            page.emulate_media(media="screen")
    storage = storage_snapshot(context, page) if storage_snapshot else {}
    context.close()
    return Crawl(records, requests, storage, blocked, base)


def tab_crawl(browser, base: str, paths: list[str], **context_options) -> dict:
    """make test-full: Tab pressed through every page at TAB_WIDTH, and the focus walk there, in one
    visit a page: {path: (the stops Tab reached, the walk's)}."""
    context = browser.new_context(**context_options)
    page = context.new_page()
    out = {}
    for path in paths:
        page.set_viewport_size({"width": TAB_WIDTH, "height": 800})
        page.goto(base + path, wait_until="load")
        out[path] = (tab_through(page, TAB_WIDTH), focus_walk(page, TAB_WIDTH))
    context.close()
    return out


def host_of(url: str) -> str | None:
    return urlparse(url).hostname
