"""Kiosk edition: the whole section offline from a folder (file://) or a loopback
server with the network cut, with search, quick exit to a bundled neutral page,
external links as text and QR codes, and a reproducible zip. One crawl per
kiosk edition (tests/crawl.py) collects what the per-page checks need; the
idle reset has its own file, test_idle_reset.py."""
from __future__ import annotations

import hashlib
import re
import subprocess
import zipfile
from pathlib import Path
from urllib.parse import unquote, urlparse

import pytest

from conftest import (AXE, ROOT, css_removed, css_report, kit_command, once_per_worker, pretty, run_axe,
                      sampled, storage_snapshot)
from crawl import FOCUS_WIDTHS, TAB_SAMPLE, TAB_WIDTH, crawl, tab_crawl, tab_sample, walk_matches_tab

EPOCH = "1767225600"                 # 2026-01-01, fixed so two builds can be compared
LAW_WORDS = "Protection from Harassment"   # in docs/the-law.md
SHIM = ROOT / "node_modules" / "iframe-worker" / "shim" / "index.js"


def make_kiosk(dist: Path, config: Path = ROOT / "mkdocs.yml") -> subprocess.CompletedProcess:
    """Run the command `make kiosk` runs, into a folder of our own."""
    proc = kit_command("kiosk", "--config", str(config), "--dist", str(dist),
                       env={"SOURCE_DATE_EPOCH": EPOCH, "KIT_CSS_REPORT": str(css_report(dist / "kiosk"))})
    assert proc.returncode == 0, f"{proc.stdout}\n{proc.stderr}"
    return proc


@pytest.fixture(scope="module")
def dist(tmp_path_factory) -> Path:
    def make() -> Path:
        out = tmp_path_factory.mktemp("kiosk") / "dist"
        make_kiosk(out)
        return out
    return once_per_worker("make kiosk", make)


@pytest.fixture(scope="module")
def kiosk(dist) -> Path:
    return dist / "kiosk"


@pytest.fixture(scope="module")
def web_site(default_site) -> Path:
    """The default web edition, whose links the kiosk turns into text (the run's shared build)."""
    return default_site


@pytest.fixture(scope="module", params=[*sampled("default"), pytest.param("example", marks=pytest.mark.full),
                                        pytest.param("scotland", marks=pytest.mark.full),
                                        pytest.param("northern_ireland", marks=pytest.mark.full)])
def kiosk_edition(request) -> str:
    """Each kiosk edition's crawl in turn (built only when a test asks for it): make test visits every
    page of the default one and checks the sample at each width (default-sample; test_welsh.py does
    the same for the Welsh council's), test-full checks every page of each at each width."""
    return request.param


@pytest.fixture(scope="module")
def edition(kiosk_edition, request) -> Path:
    name = kiosk_edition.removesuffix("-sample")
    return request.getfixturevalue("kiosk" if name == "default" else f"{name}_kiosk")


@pytest.fixture(scope="module")
def kiosk_crawl(kiosk_edition, edition, browser):
    """Every page of the kiosk edition from file://, with every other request refused;
    at each width (on every page, or the sample: crawl(deep=)) axe, the CSS guard and the
    focus stops at 320, 375 and 1280 px (Tab pressed through the sample at 320)."""
    base = edition.as_uri() + "/"
    names = [p.name for p in pages_of(edition)]
    deep = tab_sample(names) if kiosk_edition.endswith("-sample") else None
    return once_per_worker(("kiosk crawl", base, deep is None), lambda: crawl(
        browser, base, names, run_axe, axe_script=AXE, allowed=base, css_removed=css_removed(edition),
        tab_pages=tab_sample(names), deep=deep))


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

def test_every_page_is_reached_from_the_start_page_and_every_link_is_a_file(edition, kiosk_crawl):
    base = edition.as_uri() + "/"
    links = {name: record.links for name, record in kiosk_crawl.pages.items()}
    for name, page_links in links.items():
        for href, resolved in page_links:
            assert resolved.startswith(base), f"{name}: link to {href!r} leaves the kiosk"
            path = local_path(resolved.partition("#")[0], base, edition)
            assert not href.endswith("/") and path.is_file(), f"{name}: {href!r} is not a file ({path})"
    reached, todo = set(), ["index.html"]
    while todo:
        name = todo.pop()
        if name in reached:
            continue
        reached.add(name)
        todo += [local_path(r.partition("#")[0], base, edition).name for _, r in links[name]
                 if r.partition("#")[0].endswith(".html")]
    assert sorted(reached) == sorted(links), "every page, and only pages, reached from index.html"
    missing = [(name, href) for name, page_links in links.items() for href, resolved in page_links
               if "#" in resolved and resolved.split("#", 1)[1]
               not in kiosk_crawl.pages[local_path(resolved.partition("#")[0], base, edition).name].ids]
    assert missing == [], f"links to anchors that do not exist: {missing}"


def test_no_request_leaves_the_folder_and_no_errors(edition, kiosk_crawl):
    assert kiosk_crawl.blocked == [], f"requests to anything but the folder: {kiosk_crawl.blocked}"
    assert any("/workers/search." in u for u in kiosk_crawl.requests), "the search worker never started"
    errors = {n: r.errors for n, r in kiosk_crawl.pages.items() if r.errors}
    assert errors == {}, pretty(errors)


@pytest.mark.parametrize("pages", ["sample", pytest.param("every page", marks=pytest.mark.full)])
def test_served_on_loopback_with_the_network_cut_it_reaches_nothing_else(pages, kiosk, browser, serve):
    """make test: the sample (crawl.TAB_SAMPLE, and the start page); make test-full: every page
    (6.6 s against 2.3 s on an idle machine: a kiosk page carries its styles and scripts, some 270 KB). From file://,
    every page is visited with the network cut in make test too (kiosk_crawl)."""
    base = serve(kiosk).url
    names = [p.name for p in pages_of(kiosk)]
    if pages == "sample":
        names = sorted(tab_sample(names) | {"welcome.html"})
        assert len(names) == len(TAB_SAMPLE) + 1, names
    served = crawl(browser, base, names, allowed=base, checks=())
    assert served.blocked == [] and all(not r.errors for r in served.pages.values())
    assert list(served.pages) == names


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
# External links, phone numbers
# --------------------------------------------------------------------------

def web_links(web_site: Path, name: str) -> list[str]:
    page = web_site / (name[:-5] + "/index.html" if name != "index.html" else name)
    return re.findall(r'<a href="(https?://[^"]+)"', page.read_text())


def test_external_links_are_text_and_a_qr_code_made_at_build_time(kiosk, web_site):
    import segno
    from supportkit.finish.kiosk import address_text

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


@pytest.mark.parametrize("width", [320, 375, 1280])
def test_the_search_box_is_below_the_quick_exit_band_when_searching(width, kiosk, browser):
    """On narrow screens Material opens search as a layer from the top of the window;
    its input must not sit under the quick-exit band (focus not obscured)."""
    page = browser.new_page(viewport={"width": width, "height": 700})
    page.goto(kiosk.as_uri() + "/the-law.html")
    opener = page.locator("label[for=__search]").first
    if opener.is_visible():
        opener.click()
    else:
        page.click(".md-search__input")
    page.keyboard.type("harass")
    field = page.locator(".md-search__input")
    field.wait_for(state="visible")
    box, band = field.bounding_box(), page.locator(".kit-qe").bounding_box()
    focused = page.evaluate("document.activeElement.classList.contains('md-search__input')")
    page.close()
    assert focused
    assert box["y"] >= band["y"] + band["height"] - 1, (box, band)


# --------------------------------------------------------------------------
# Accessibility and narrow screens
# --------------------------------------------------------------------------

def test_axe_finds_no_violations_on_kiosk_pages(kiosk_crawl):
    deep = kiosk_crawl.deep_pages()
    assert len(deep) >= 4 and all(1280 in r.axe for r in deep.values())
    failures = {n: v for n, r in deep.items() for w, v in r.axe.items() if v}
    assert failures == {}, pretty(failures)


def test_nothing_the_css_step_removed_matches_an_element_drawn_on_any_kiosk_page(kiosk_crawl):
    assert kiosk_crawl.css_failures() == {}, pretty(kiosk_crawl.css_failures())


def test_no_horizontal_scroll_at_320px(kiosk_crawl):
    wide = {n: r.overflow_320 for n, r in kiosk_crawl.pages.items() if r.overflow_320}
    assert wide == {}, wide


@pytest.mark.full
def test_tab_presses_through_every_kiosk_page_stop_only_on_screen_where_the_walk_does(kiosk, browser):
    """make test presses Tab through a sample of the kiosk's pages; here through every one."""
    found = tab_crawl(browser, kiosk.as_uri() + "/", [p.name for p in pages_of(kiosk) if p.name != "welcome.html"])
    off = {p: [s for s in tabbed if not s["onScreen"]] for p, (tabbed, _) in found.items()}
    assert {p: o for p, o in off.items() if o} == {}, f"Tab reached these off screen at {TAB_WIDTH}px"
    wrong = {p: why for p, (tabbed, walked) in found.items() if (why := walk_matches_tab(walked, tabbed))}
    assert wrong == {}, pretty(wrong)


def test_every_focus_stop_is_on_screen(kiosk_crawl):
    deep = kiosk_crawl.deep_pages()
    assert all(set(r.stops) == set(FOCUS_WIDTHS) for r in deep.values()) and len(deep) >= 4
    for width in FOCUS_WIDTHS:
        off = {n: r.off_screen(width) for n, r in deep.items() if r.off_screen(width)}
        assert off == {}, f"focused while off screen at {width}px:\n{pretty(off)}"
    pressed = {n: [s for s in r.tabbed if not s["onScreen"]] for n, r in deep.items()}
    assert sum(r.pressed for r in deep.values()) >= 3, "Tab was pressed through too few pages"
    assert {n: off for n, off in pressed.items() if off} == {}, f"Tab reached these off screen at {TAB_WIDTH}px"
    wrong = {n: why for n, r in deep.items() if r.pressed and (why := walk_matches_tab(r.stops[TAB_WIDTH], r.tabbed))}
    assert wrong == {}, f"the focus walk does not stand for Tab presses:\n{pretty(wrong)}"


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
    assert rule.group(2).strip() == "$(PY) -m supportkit kiosk --config $(CONFIG)"
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
    from supportkit.finish.kiosk import unlink

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
    import supportkit.finish.kiosk
    from supportkit.load.config import load_edition
    from supportkit.core.errors import KitError

    monkeypatch.setattr(supportkit.finish.kiosk, "SHIM_SOURCE", tmp_path / "missing.js")
    with pytest.raises(KitError, match="make kiosk"):
        supportkit.finish.kiosk.finish(tmp_path, load_edition(ROOT / "mkdocs.yml", "kiosk"))


def test_kiosk_output_has_ordinary_permissions(dist):
    folder = dist / "kiosk"
    modes = {p: p.stat().st_mode & 0o777 for p in [folder, *folder.rglob("*")]}
    assert {m for p, m in modes.items() if p.is_dir()} == {0o755}
    assert {m for p, m in modes.items() if p.is_file()} == {0o644}
    assert (dist / "kiosk.zip").stat().st_mode & 0o777 == 0o644
    assert (dist / "kiosk.zip.sha256").stat().st_mode & 0o777 == 0o644
