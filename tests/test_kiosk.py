"""Kiosk edition: the whole section offline from a folder (file://) or a loopback
server with the network cut, with search, quick exit to a bundled neutral page,
idle reset, external links as text and QR codes, and a reproducible zip."""
from __future__ import annotations

import hashlib
import os
import re
import subprocess
import sys
import time
import zipfile
from pathlib import Path
from urllib.parse import unquote, urlparse

import pytest
import yaml

from conftest import EXAMPLE, ROOT, pretty, run_axe, run_build, storage_snapshot

EPOCH = "1767225600"                 # 2026-01-01, fixed so two builds can be compared
IDLE, COUNTDOWN = 3, 2               # seconds, in the shortened configuration
LAW_WORDS = "Protection from Harassment"   # in docs/the-law.md
SHIM = ROOT / "node_modules" / "iframe-worker" / "shim" / "index.js"


def make_kiosk(dist: Path, config: Path = ROOT / "mkdocs.yml") -> subprocess.CompletedProcess:
    """Run scripts/kiosk.py, the command `make kiosk` runs, into a folder of our own."""
    env = dict(os.environ, SOURCE_DATE_EPOCH=EPOCH, PYTHONPATH=str(ROOT / "scripts"))
    proc = subprocess.run([sys.executable, str(ROOT / "scripts" / "kiosk.py"), "--config", str(config),
                           "--dist", str(dist)], cwd=ROOT, env=env, capture_output=True, text=True)
    assert proc.returncode == 0, f"{proc.stdout}\n{proc.stderr}"
    return proc


@pytest.fixture(scope="module")
def dist(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("kiosk") / "dist"
    make_kiosk(out)
    return out


@pytest.fixture(scope="module")
def kiosk(dist) -> Path:
    return dist / "kiosk"


@pytest.fixture(scope="module")
def example_kiosk(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("kiosk-example") / "kiosk"
    run_build(EXAMPLE, out, edition="kiosk")
    return out


@pytest.fixture(scope="module")
def idle_kiosk(tmp_path_factory) -> Path:
    """The default edition with the idle time shortened by configuration."""
    tmp = tmp_path_factory.mktemp("kiosk-idle")
    config = tmp / "idle.yml"
    config.write_text(yaml.safe_dump({"INHERIT": str(ROOT / "mkdocs.yml"),
                                      "extra": {"kiosk_idle": {"idle_seconds": IDLE, "countdown_seconds": COUNTDOWN}}}))
    run_build(config, tmp / "kiosk", edition="kiosk")
    return tmp / "kiosk"


@pytest.fixture(scope="module")
def web_site(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("kiosk-web") / "site"
    run_build(ROOT / "mkdocs.yml", out)
    return out


@pytest.fixture(params=["default", "example"])
def edition(request, kiosk, example_kiosk) -> Path:
    return kiosk if request.param == "default" else example_kiosk


def pages_of(folder: Path) -> list[Path]:
    """Every page of a kiosk folder: all at its root, and no 404.html (nothing serves it)."""
    pages = sorted(folder.rglob("*.html"))
    assert [p.parent for p in pages] == [folder] * len(pages) and not (folder / "404.html").exists()
    return pages


class Offline:
    """A browser context in which every request that does not start with `allowed`
    is blocked and recorded, with the page's console errors."""

    def __init__(self, browser, allowed: str, **options):
        self.allowed = allowed
        self.requests: list[str] = []
        self.blocked: list[str] = []
        self.errors: list[str] = []
        self.context = browser.new_context(**options)
        self.context.route("**/*", self._route)
        self.page = self.context.new_page()
        self.page.on("console", lambda m: self.errors.append(f"{self.page.url}: {m.text}")
                     if m.type == "error" else None)
        self.page.on("pageerror", lambda e: self.errors.append(f"{self.page.url}: {e}"))

    def _route(self, route):
        url = route.request.url
        self.requests.append(url)
        if url.startswith(self.allowed):
            route.continue_()
        else:
            self.blocked.append(url)
            route.abort()

    def close(self):
        self.context.close()


def local_path(url: str, base: str, root: Path) -> Path:
    """The file a same-site address points to."""
    rel = unquote(urlparse(url).path)[len(unquote(urlparse(base).path)):]
    return root / rel


# --------------------------------------------------------------------------
# Offline: file:// and a loopback server with the network cut
# --------------------------------------------------------------------------

@pytest.mark.parametrize("how", ["file", "loopback"])
def test_crawl_from_index_reaches_only_real_files_and_no_other_host(how, edition, browser, serve):
    base = edition.as_uri() + "/" if how == "file" else serve(edition).url
    offline = Offline(browser, base)
    page = offline.page
    todo, seen, anchors, ids = [base + "index.html"], set(), [], {}
    while todo:
        url = todo.pop()
        if url in seen:
            continue
        seen.add(url)
        page.goto(url, wait_until="load")
        page.wait_for_timeout(150)      # let the search worker load its index
        ids[url] = set(page.eval_on_selector_all("[id]", "els => els.map(e => e.id)"))
        for href, resolved in page.eval_on_selector_all(
                "a[href]", "els => els.map(a => [a.getAttribute('href'), a.href])"):
            assert resolved.startswith(base), f"{url}: link to {href!r} leaves the kiosk"
            target, _, fragment = resolved.partition("#")
            path = local_path(target, base, edition)
            assert not href.endswith("/") and path.is_file(), f"{url}: {href!r} is not a file ({path})"
            if fragment:
                anchors.append((url, href, target, fragment))
            if target.endswith(".html") and target not in seen:
                todo.append(target)
    visited = sorted(local_path(u, base, edition).name for u in seen)
    assert visited == [p.name for p in pages_of(edition)], "every page, and only pages, reached from index.html"
    missing = [(u, h) for u, h, t, f in anchors if f not in ids.get(t, ids.get(u, set()))]
    assert missing == [], f"links to anchors that do not exist: {missing}"
    assert offline.blocked == [], f"requests to anything but {base}: {offline.blocked}"
    assert any("/workers/search." in u for u in offline.requests), "the search worker never started"
    assert offline.errors == [], pretty(offline.errors)
    offline.close()


def test_no_file_names_another_host(kiosk, example_kiosk):
    """The iframe-worker shim is the local copy; nothing points at a CDN. (Material's
    bundle names CDN copies of a ResizeObserver polyfill, which every browser the
    kit supports does without, and of Mermaid, which no page uses.)"""
    ours = {"iframe-worker.js", "idle-reset.js", "quick-exit.js", "checklist.js", "search_index.js"}
    for folder in (kiosk, example_kiosk):
        for f in folder.rglob("*"):
            if f.suffix in (".html", ".css", ".json", ".xml") or f.name in ours:
                text = f.read_text(encoding="utf-8")
                assert "unpkg.com" not in text and "jsdelivr" not in text, f
                assert 'class="mermaid"' not in text, f
        for page in pages_of(folder):
            html = page.read_text(encoding="utf-8")
            if page.name != "welcome.html":
                assert '<script src="assets/javascripts/iframe-worker.js"></script>' in html, page
        assert (folder / "assets/javascripts/iframe-worker.js").read_bytes() == SHIM.read_bytes()


@pytest.mark.parametrize("how", ["file", "loopback"])
def test_search_works_offline(how, kiosk, browser, serve):
    base = kiosk.as_uri() + "/" if how == "file" else serve(kiosk).url
    offline = Offline(browser, base)
    page = offline.page
    page.goto(base + "index.html")
    page.click(".md-search__input")
    page.keyboard.type(LAW_WORDS, delay=20)
    result = page.locator(".md-search-result__item a[href*='the-law.html']").first
    result.wait_for(state="visible", timeout=10_000)
    assert LAW_WORDS.lower() in page.inner_text(".md-search-result").lower()
    assert any(u.endswith("search_index.js" if how == "file" else "search_index.json") for u in offline.requests)
    result.click()
    page.wait_for_url(re.compile(r".*/the-law\.html(#.*)?$"))
    assert page.locator("h1").inner_text().strip()
    assert urlparse(page.url).path.endswith("/the-law.html")
    assert offline.blocked == [] and offline.errors == [], pretty([offline.blocked, offline.errors])
    if how == "loopback":      # storage is per site: on file:// there is none to look at
        state = storage_snapshot(offline.context, page)
        assert state == {"local": 0, "session": 0, "idb": [], "caches": [], "cookies": []}, pretty(state)
    offline.close()


# --------------------------------------------------------------------------
# Quick exit: the bundled neutral page
# --------------------------------------------------------------------------

@pytest.mark.parametrize("how", ["click", "ShiftLeft ShiftLeft ShiftLeft"])
def test_quick_exit_lands_on_the_bundled_neutral_page(how, kiosk, browser):
    offline = Offline(browser, "file://")
    page = offline.page
    page.goto((kiosk / "welcome.html").as_uri())      # something to go back to
    page.goto((kiosk / "the-law.html").as_uri())
    if how == "click":
        page.click(".kit-qe__button", no_wait_after=True)
    else:
        for key in how.split():
            page.keyboard.press(key)
    page.wait_for_url("**/welcome.html")
    assert page.title() == "Welcome"
    assert page.locator("h1").inner_text().startswith("Welcome")
    assert page.locator(".kit-qe, script").count() == 0
    page.go_back()
    assert page.url.endswith("/welcome.html"), "Back brought the support page back"
    page.go_forward()
    assert offline.blocked == [] and offline.errors == []
    offline.close()


def test_neutral_page_is_plain_and_leads_back_to_the_start(kiosk, example_kiosk, browser):
    for folder in (kiosk, example_kiosk):
        html = (folder / "welcome.html").read_text(encoding="utf-8")
        for word in ("stalk", "harass", "exit", "police", "<script", "http"):
            assert word not in html.lower(), f"{folder}/welcome.html mentions {word!r}"
    assert "Welcome to Northshire" in (example_kiosk / "welcome.html").read_text(encoding="utf-8")
    page = browser.new_page()
    page.goto((kiosk / "welcome.html").as_uri())
    assert run_axe(page) == []
    page.get_by_role("link", name="Home").click()
    page.wait_for_url("**/index.html")
    page.close()


def test_every_page_exits_to_the_neutral_page_by_a_relative_address(edition):
    for page in pages_of(edition):
        if page.name == "welcome.html":
            continue
        html = page.read_text(encoding="utf-8")
        dests = set(re.findall(r'data-destination="([^"]*)"', html))
        dests |= set(re.findall(r'href="([^"]*)" rel="nofollow noopener noreferrer" data-kit-qe', html))
        assert len(dests) == 1, (page.name, dests)
        dest = dests.pop()
        assert not dest.startswith(("/", "http")) and (page.parent / dest).resolve() == edition / "welcome.html"
        assert 'data-title="Welcome"' in html


# --------------------------------------------------------------------------
# Idle reset
# --------------------------------------------------------------------------

NOTICE = "#kit-idle"


def wait_for_notice(page, timeout=IDLE + 3):
    page.wait_for_selector(NOTICE, state="visible", timeout=timeout * 1000)


@pytest.mark.parametrize("how", ["touch", "click", "key", "wheel"])
def test_idle_notice_counts_down_and_input_cancels_it(how, idle_kiosk, browser):
    offline = Offline(browser, "file://", has_touch=True)
    page = offline.page
    page.goto((idle_kiosk / "the-law.html").as_uri())
    started = time.monotonic()
    wait_for_notice(page)
    assert time.monotonic() - started >= IDLE - 0.5, "the notice came before the idle time"
    notice = page.locator(NOTICE)
    assert notice.get_attribute("role") == "alertdialog"
    assert "Still there? Touch the screen to keep reading" in notice.inner_text()
    assert page.inner_text("[data-kit-idle-count]") == str(COUNTDOWN)
    assert page.evaluate("document.activeElement.closest('#kit-idle') !== null"), "focus is not in the notice"
    if how == "touch":
        page.touchscreen.tap(20, 300)
    elif how == "click":
        page.mouse.click(20, 300)
    elif how == "key":
        page.keyboard.press("ArrowDown")
    else:
        page.mouse.move(300, 300)
        page.mouse.wheel(0, 200)
    notice.wait_for(state="hidden", timeout=1000)
    time.sleep(COUNTDOWN + 0.5)
    assert page.url.endswith("/the-law.html"), "the page was reset after input"
    wait_for_notice(page)          # the wait starts again after the input
    assert page.inner_text("[data-kit-idle-count]") == str(COUNTDOWN)
    assert offline.blocked == [] and offline.errors == []
    offline.close()


def test_quick_exit_stays_usable_while_the_notice_shows(idle_kiosk, browser):
    page = browser.new_page()
    page.goto((idle_kiosk / "the-law.html").as_uri())
    wait_for_notice(page)
    on_top = page.evaluate("""() => { const b = document.querySelector('.kit-qe__button').getBoundingClientRect();
        return document.elementFromPoint(b.left + b.width / 2, b.top + b.height / 2).closest('.kit-qe__button') !== null; }""")
    assert on_top, "the notice covers the Exit this page button"
    page.click(".kit-qe__button", no_wait_after=True)
    page.wait_for_url("**/welcome.html")
    page.close()


def test_idle_notice_counts_down_each_second(idle_kiosk, browser):
    page = browser.new_page()
    page.goto((idle_kiosk / "staying-safe.html").as_uri())
    wait_for_notice(page)
    first = page.inner_text("[data-kit-idle-count]")
    page.wait_for_function("document.querySelector('[data-kit-idle-count]').textContent === '1'", timeout=2000)
    assert first == "2"
    page.close()


def test_without_input_forms_are_reset_and_the_start_page_replaces_the_page(idle_kiosk, browser):
    offline = Offline(browser, "file://")
    page = offline.page
    page.goto((idle_kiosk / "welcome.html").as_uri())
    page.goto((idle_kiosk / "risk-checklist.html").as_uri())
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
    page.mouse.move(5, 5)
    page.wait_for_url("**/index.html", timeout=(IDLE + COUNTDOWN + 3) * 1000)
    assert seen == [{"probe": "", "search": "", "checked": 0}], seen
    assert page.locator(NOTICE).is_hidden()
    page.go_back()
    assert page.url.endswith("/welcome.html"), "Back brought the page that was reset back"
    assert offline.blocked == [] and offline.errors == []
    offline.close()


def test_the_start_page_waits_for_input_before_counting(idle_kiosk, browser):
    page = browser.new_page()
    page.goto((idle_kiosk / "index.html").as_uri())
    time.sleep(IDLE + 1)
    assert page.locator(NOTICE).is_hidden(), "an unused kiosk on the start page was interrupted"
    page.keyboard.press("ArrowDown")
    wait_for_notice(page)
    page.close()


def test_idle_notice_is_accessible_and_leaves_no_trace(idle_kiosk, serve, browser):
    url = serve(idle_kiosk).url
    context = browser.new_context()
    page = context.new_page()
    page.goto(url + "the-law.html")
    wait_for_notice(page)
    assert run_axe(page) == []
    page.wait_for_url(url + "index.html", timeout=(COUNTDOWN + 2) * 1000)
    state = storage_snapshot(context, page)
    assert state == {"local": 0, "session": 0, "idb": [], "caches": [], "cookies": []}, pretty(state)
    context.close()
    script = (ROOT / "overrides" / "assets" / "idle-reset.js").read_text()
    for word in ("localStorage", "sessionStorage", "document.cookie", "indexedDB", "caches."):
        assert word not in script


def test_idle_times_come_from_the_configuration(kiosk, idle_kiosk, web_site):
    html = (kiosk / "the-law.html").read_text()
    assert 'data-idle="120" data-countdown="10" data-start="index.html"' in html
    assert 'data-idle="3" data-countdown="2"' in (idle_kiosk / "the-law.html").read_text()
    web = (web_site / "the-law" / "index.html").read_text()
    assert "idle-reset" not in web and "kit-idle" not in web


@pytest.mark.parametrize("value, problem", [(0, "above 0"), (-5, "above 0"), ("120", "above 0"), (True, "above 0")])
def test_idle_times_are_checked(value, problem, tmp_path):
    config = tmp_path / "bad.yml"
    config.write_text(yaml.safe_dump({"INHERIT": str(ROOT / "mkdocs.yml"),
                                      "extra": {"kiosk_idle": {"idle_seconds": value}}}))
    proc = run_build(config, tmp_path / "out", edition="kiosk", check=False)
    assert proc.returncode == 2
    assert "extra.kiosk_idle.idle_seconds" in proc.stderr and problem in proc.stderr, proc.stderr
    assert not (tmp_path / "out").exists()


# --------------------------------------------------------------------------
# External links, phone numbers
# --------------------------------------------------------------------------

def web_links(web_site: Path, name: str) -> list[str]:
    page = web_site / (name[:-5] + "/index.html" if name != "index.html" else name)
    return re.findall(r'<a href="(https?://[^"]+)"', page.read_text())


def test_external_links_are_text_and_a_qr_code_made_at_build_time(kiosk, web_site):
    import segno
    from kit.kiosk import address_text

    checked = 0
    for page in pages_of(kiosk):
        html = page.read_text(encoding="utf-8")
        assert not re.search(r'<a\b[^>]*href="(https?:|//|tel:|sms:|mailto:)', html), page.name
        if page.name == "welcome.html":
            continue
        urls = web_links(web_site, page.name)
        qrs = re.findall(r'<svg role="img" aria-label="QR code for ([^"]+)"[^>]*>(.*?)</svg>', html, re.S)
        assert sorted(label for label, _ in qrs) == sorted(address_text(u) for u in urls), page.name
        for url in urls:
            shown = address_text(url)
            assert f'<span class="kit-address__url">{shown}</span>' in html
            expected = segno.make(url, error="m", micro=False).svg_inline(lineclass=None, omitsize=True, border=2)
            path = re.search(r' d="([^"]+)"', expected).group(1)
            assert any(path in svg for label, svg in qrs if label == shown), f"{page.name}: QR code for {url}"
            checked += 1
    assert checked >= 10


def test_example_organisation_links_are_text_too(example_kiosk):
    for page in pages_of(example_kiosk):
        html = page.read_text(encoding="utf-8")
        assert not re.search(r'<a\b[^>]*href="(https?:|//|tel:|sms:|mailto:)', html), page.name
    assert "QR code for www.northshire" in (example_kiosk / "get-support.html").read_text()


def test_phone_numbers_are_large_plain_text_and_qr_codes_are_readable(kiosk, browser):
    page = browser.new_page()
    page.goto((kiosk / "get-support.html").as_uri())
    sizes = page.evaluate("""() => {
        const phone = document.querySelector('article .kit-phone');
        const text = phone.closest('li, p');
        const qr = document.querySelector('.kit-qr').getBoundingClientRect();
        return {tag: phone.tagName, phone: parseFloat(getComputedStyle(phone).fontSize),
                text: parseFloat(getComputedStyle(text).fontSize), qr: [qr.width, qr.height],
                em: parseFloat(getComputedStyle(document.querySelector('.kit-qr')).fontSize)};
    }""")
    assert sizes["tag"] == "STRONG"
    assert sizes["phone"] >= 1.3 * sizes["text"], sizes
    assert 6 * sizes["em"] <= sizes["qr"][0] <= 8 * sizes["em"] and sizes["qr"][0] == sizes["qr"][1], sizes
    page.close()


# --------------------------------------------------------------------------
# Accessibility and narrow screens
# --------------------------------------------------------------------------

def test_axe_finds_no_violations_on_kiosk_pages(edition, browser):
    page = browser.new_page()
    failures = {}
    for f in pages_of(edition):
        page.goto(f.as_uri())
        violations = run_axe(page)
        if violations:
            failures[f.name] = violations
    page.close()
    assert failures == {}, pretty(failures)


def test_no_horizontal_scroll_at_320px(kiosk, browser):
    page = browser.new_page(viewport={"width": 320, "height": 640})
    wide = {}
    for f in pages_of(kiosk):
        page.goto(f.as_uri())
        sizes = page.evaluate("() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]")
        if sizes[0] > sizes[1]:
            wide[f.name] = sizes
    page.close()
    assert wide == {}, wide


# --------------------------------------------------------------------------
# The zip, make kiosk and the README
# --------------------------------------------------------------------------

def test_zip_and_checksum_are_reproducible(dist, tmp_path):
    again = tmp_path / "dist"
    make_kiosk(again)
    first, second = (dist / "kiosk.zip.sha256").read_text(), (again / "kiosk.zip.sha256").read_text()
    assert re.fullmatch(r"[0-9a-f]{64}  kiosk\.zip\n", first), first
    assert first == second, "two builds gave different zips"
    assert first.split()[0] == hashlib.sha256((dist / "kiosk.zip").read_bytes()).hexdigest()
    for name in ("sitemap.xml", "sitemap.xml.gz", "search/search_index.json", "search/search_index.js", "index.html"):
        assert (dist / "kiosk" / name).read_bytes() == (again / "kiosk" / name).read_bytes(), name
    with zipfile.ZipFile(dist / "kiosk.zip") as z:
        infos = z.infolist()
        names = [i.filename for i in infos]
        assert names == sorted(names) and all(n.startswith("kiosk/") for n in names)
        assert {"kiosk/index.html", "kiosk/welcome.html", "kiosk/search/search_index.js",
                "kiosk/assets/javascripts/iframe-worker.js"} <= set(names)
        assert {i.date_time for i in infos} == {(2026, 1, 1, 0, 0, 0)}
        assert {i.external_attr >> 16 for i in infos} == {0o100644}
        on_disk = sorted(p.relative_to(dist).as_posix() for p in (dist / "kiosk").rglob("*") if p.is_file())
        assert names == on_disk
        assert z.read("kiosk/the-law.html") == (dist / "kiosk" / "the-law.html").read_bytes()
        assert z.testzip() is None
    assert (dist / "kiosk").stat().st_mode & 0o777 == 0o755


def test_make_kiosk_runs_the_kiosk_script_after_installing_everything():
    makefile = (ROOT / "Makefile").read_text()
    rule = re.search(r"^kiosk:(.*)\n\t(.*)$", makefile, re.M)
    assert rule, "no kiosk target"
    assert "$(VENV_STAMP)" in rule.group(1) and "$(NODE_STAMP)" in rule.group(1)
    assert rule.group(2).strip() == "$(PY) scripts/kiosk.py --config $(CONFIG)"
    assert re.search(r"^\.PHONY:.*\bkiosk\b", makefile, re.M)


def test_readme_kiosk_section_names_what_it_produces(dist):
    readme = (ROOT / "README.md").read_text()
    section = re.search(r"^## Kiosk edition\n(.*?)(?=^## |\Z)", readme, re.S | re.M)
    assert section, "no '## Kiosk edition' section in README.md"
    text = section.group(1)
    for name in ("dist/kiosk/", "dist/kiosk.zip", "dist/kiosk.zip.sha256", "make kiosk", "CONFIG=",
                 "--kiosk", "--incognito", "msedge", "idle_seconds", "countdown_seconds"):
        assert name in text, f"the kiosk section does not mention {name}"
    for named in set(re.findall(r"`dist/([^`\s]+)`", text)):
        assert (dist / named.rstrip("/")).exists(), f"README names dist/{named}, which make kiosk does not produce"


def test_unlink_turns_every_unfollowable_link_into_text():
    from kit.kiosk import unlink

    html = unlink('<p>Read <a href="https://www.example.org/a?b=1&amp;c=2" rel="noreferrer">the guide</a>, '
                  'see <a href="https://www.example.org/">https://www.example.org/</a>, '
                  'email <a href="mailto:help@example.org">help@example.org</a>, '
                  'call <a class="kit-phone" href="tel:101">101</a>, '
                  'or go to <a href="the-law.html#orders">orders</a>.</p>')
    assert "<a " not in html.replace('<a href="the-law.html#orders">orders</a>', "")
    assert 'the guide <span class="kit-ext__address">' in html
    assert '<span class="kit-address__url">www.example.org/a?b=1&amp;c=2</span>' in html
    assert 'aria-label="QR code for www.example.org/a?b=1&amp;c=2"' in html
    assert html.count('<span class="kit-address__url">www.example.org</span>') == 1, "the address twice"
    assert '<strong class="kit-address__url">help@example.org</strong>' in html
    assert '<strong class="kit-phone">101</strong>' in html


def test_a_missing_shim_stops_the_build_with_the_fix(tmp_path, monkeypatch):
    import kit.kiosk

    monkeypatch.setattr(kit.kiosk, "SHIM_SOURCE", tmp_path / "missing.js")
    with pytest.raises(kit.kiosk.KioskError, match="make kiosk"):
        kit.kiosk.finish(tmp_path, {"extra": {"kit": {}}})
