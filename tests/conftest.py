"""Shared fixtures: each edition built once per session, served on loopback,
crawled once (tests/crawl.py), one Debian chromium for the whole run, and
Firefox ESR and WebKitGTK for the engine tests (tests/engines.py), each started
once per worker that runs them."""
from __future__ import annotations

import functools
import http.server
import json
import os
import shutil
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
EXAMPLE = ROOT / "examples" / "northshire-police.yml"
WELSH = ROOT / "examples" / "cyngor-sir-enghraifft.yml"     # bilingual, Welsh first (at the root), English in en/
SCOTLAND = ROOT / "examples" / "glenmorven-council.yml"          # extra.jurisdiction: scotland
NORTHERN_IRELAND = ROOT / "examples" / "loughmore-police.yml"    # extra.jurisdiction: northern-ireland


@functools.cache
def strings(lang: str) -> dict:
    """strings/<lang>.yml, for tests that look for the words a page shows."""
    import yaml
    return yaml.safe_load((ROOT / "strings" / f"{lang}.yml").read_text(encoding="utf-8"))


def kit_command(*args: str, root: Path = ROOT, env: dict | None = None) -> subprocess.CompletedProcess:
    """Run `python -m supportkit ...` from `root` (a copy of the kit, for tests that change it).
    The kit at the project's root runs in a child of the worker's build server, which has
    imported everything a build needs (tests/build_server.py: 0.3 to 0.6 s less a build);
    a copy runs as its own Python, which imports the copy's code."""
    env = dict(os.environ, PYTHONPATH=str(root), **(env or {}))
    if root == ROOT:
        import build_server
        return build_server.run(list(args), root, env)
    return subprocess.run([sys.executable, "-m", "supportkit", *args], cwd=root, env=env,
                          capture_output=True, text=True)


def run_build(config: Path | str, out: Path, edition: str = "web", root: Path = ROOT,
              check: bool = True, env: dict | None = None) -> subprocess.CompletedProcess:
    """Build an edition, as `make site` does."""
    proc = kit_command("site", "--config", str(config), "--edition", edition, "--out", str(out), root=root, env=env)
    if check and proc.returncode != 0:
        raise AssertionError(f"build failed:\n{proc.stdout}\n{proc.stderr}")
    return proc


@pytest.fixture(scope="session")
def build_dir(tmp_path_factory, worker_id) -> Path:
    """Where the shared editions are built: one folder for the whole run, which the
    workers (pytest-xdist) share, so each edition is built once however many read it."""
    root = tmp_path_factory.getbasetemp()
    if worker_id != "master":
        root = root.parent              # each worker's own temporary folder sits in the run's
    out = root / "builds"
    out.mkdir(exist_ok=True)
    return out


def once_per_run(done: Path, make) -> None:
    """make() unless a worker already has (its marker `done` exists); wait while another is at it.
    What it made is shared: tests only read it."""
    import fcntl

    with open(done.parent / f"{done.name}.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not done.exists():
            make()
            done.touch()


def build_once(out: Path, config: Path, edition: str = "web", generator: str = "mkdocs") -> Path:
    """Build an edition into `out` once for the run (a test that changes a site builds its own),
    with what its CSS step removed beside it (css_removed())."""
    def make():
        if out.exists():
            shutil.rmtree(out)          # what a failed attempt left
        run_build(config, out, edition, env={"KIT_CSS_REPORT": str(css_report(out)), "KIT_GENERATOR": generator})
    once_per_run(out.parent / f"{out.name}.built", make)
    return out


def css_report(site: Path) -> Path:
    """Where a build's CSS step writes what it removed (KIT_CSS_REPORT): beside the build, or
    for a kiosk in a dist/ folder (which `make kiosk` swaps in whole), beside that folder."""
    if site.parent.name == "dist":
        return site.parent.parent / f"dist-{site.name}.css-removed.json"
    return site.parent / f"{site.name}.css-removed.json"


def css_removed(site: Path) -> dict:
    """What the CSS step removed from a shared build (supportkit/finish/css.py, removed_selectors())."""
    return json.loads(css_report(site).read_text(encoding="utf-8"))


@pytest.fixture(scope="session")
def default_site(build_dir) -> Path:
    return build_once(build_dir / "default", ROOT / "mkdocs.yml")


@pytest.fixture(scope="session")
def example_site(build_dir) -> Path:
    return build_once(build_dir / "example", EXAMPLE)


@pytest.fixture(scope="session")
def welsh_site(build_dir) -> Path:
    """The Welsh council's bilingual web edition: Welsh at the root, English in en/."""
    return build_once(build_dir / "welsh", WELSH)


@pytest.fixture(scope="session")
def zensical_site(build_dir) -> Path:
    """The default edition, its pages written by Zensical instead of MkDocs (supportkit/render/zensical_adapter.py)."""
    return build_once(build_dir / "zensical", ROOT / "mkdocs.yml", generator="zensical")


@pytest.fixture(scope="session")
def scotland_site(build_dir) -> Path:
    """The Scottish council's web edition: Scotland's law page, services and figures."""
    return build_once(build_dir / "scotland", SCOTLAND)


@pytest.fixture(scope="session")
def northern_ireland_site(build_dir) -> Path:
    """The Northern Ireland force's web edition: Northern Ireland's law page, services and figures."""
    return build_once(build_dir / "northern-ireland", NORTHERN_IRELAND)


@pytest.fixture(scope="session")
def scotland_kiosk(build_dir) -> Path:
    return build_once(build_dir / "kiosk-scotland", SCOTLAND, edition="kiosk")


@pytest.fixture(scope="session")
def northern_ireland_kiosk(build_dir) -> Path:
    return build_once(build_dir / "kiosk-northern-ireland", NORTHERN_IRELAND, edition="kiosk")


@pytest.fixture(scope="session")
def default_kiosk(build_dir) -> Path:
    """The default kiosk edition's folder (as `make kiosk` unpacks it), read from file://."""
    return build_once(build_dir / "kiosk", ROOT / "mkdocs.yml", edition="kiosk")


@pytest.fixture(scope="session")
def example_kiosk(build_dir) -> Path:
    return build_once(build_dir / "kiosk-example", EXAMPLE, edition="kiosk")


@pytest.fixture(scope="session", params=["default", "example"])
def site(request) -> Path:
    """Each web edition in turn: the default and the example organisation."""
    return request.getfixturevalue(f"{request.param}_site")


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


class Server:
    """A static server on loopback that records every request's path and headers."""

    def __init__(self, directory: Path):
        self.requests: list[tuple[str, dict]] = []
        server = self

        class Handler(_QuietHandler):
            def do_GET(self):
                server.requests.append((self.path, dict(self.headers)))
                super().do_GET()

        self.httpd = http.server.ThreadingHTTPServer(
            ("127.0.0.1", 0), functools.partial(Handler, directory=str(directory)))
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}/"
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()

    def close(self):
        self.httpd.shutdown()
        self.httpd.server_close()


@pytest.fixture(scope="session")
def serve():
    servers: list[Server] = []

    def start(directory: Path) -> Server:
        s = Server(directory)
        servers.append(s)
        return s

    yield start
    # Each server's shutdown() waits for its loop's next poll (half a second): all at once,
    # not one after the other (a run starts some sixty, and their closing held up the end).
    closing = [threading.Thread(target=s.close) for s in servers]
    for thread in closing:
        thread.start()
    for thread in closing:
        thread.join()


@pytest.fixture(scope="module")
def site_url(site, serve) -> str:
    return serve(site).url


@pytest.fixture(scope="session")
def playwright_instance():
    from playwright.sync_api import sync_playwright
    with sync_playwright() as p:
        yield p


@pytest.fixture(scope="session")
def browser(playwright_instance):
    b = playwright_instance.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
    yield b
    b.close()


@pytest.fixture(scope="session")
def bfcache_browser(playwright_instance):
    """Chromium with the back/forward cache on (Playwright turns it off by default)."""
    b = playwright_instance.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS,
                                            ignore_default_args=["--disable-back-forward-cache"])
    yield b
    b.close()


_ENGINES: dict = {}


def engine_once(name: str):
    """Firefox or WebKit (tests/engines.py), started the first time a test in this
    worker asks for it and kept for the worker's run (closed at its end)."""
    if name not in _ENGINES:
        from engines import start
        _ENGINES[name] = start(name)
        _ENGINES[name].startup_reported = False
    return _ENGINES[name]


@pytest.fixture(scope="session", autouse=True)
def _close_engines():
    yield
    for engine in _ENGINES.values():
        engine.close()
    _ENGINES.clear()
    import build_server
    build_server.CLIENT.close()


@pytest.fixture
def engine(request):
    """The engine a test is parametrized with ("firefox" or "webkit"), on a fresh page.
    The test that starts an engine records its start-up time (for the summary)."""
    browser = engine_once(request.param)
    if not browser.startup_reported:
        browser.startup_reported = True
        request.node.user_properties.append(("engine_startup", round(browser.startup_s, 2)))
    browser.new_page()
    return browser


def on_engines(*names: str):
    """Parametrize a test with each engine (default: Firefox and WebKit); its ids are the engines' names."""
    return pytest.mark.parametrize("engine", names or ENGINES, indirect=True)


ENGINES = ("firefox", "webkit")
CHROMIUM_FIXTURES = {"playwright_instance", "browser", "bfcache_browser"}


def engine_of(item) -> str | None:
    """Which browser engine a test drives: its `engine` parameter, else chromium for
    a test that uses Playwright's chromium (directly or through a crawl), else none."""
    params = getattr(getattr(item, "callspec", None), "params", {})
    if "engine" in params:
        return params["engine"]
    if CHROMIUM_FIXTURES & set(getattr(item, "fixturenames", ())):
        return "chromium"
    return None


def opening_data(page_file: Path) -> dict:
    """What opening-status.js reads on a page: the data its language's kit.<hash>.js carries
    (supportkit/render/assets.py wraps the scripts in a function given it)."""
    import re

    src = re.search(r'<script src="([^"]*assets/kit/kit\.[0-9a-f]{8}\.js)" defer>', page_file.read_text()).group(1)
    if src.startswith("/"):              # the not-found page's addresses are from the site's root
        name = src[src.index("assets/kit/"):]
        src = next(str(d / name) for d in page_file.parents if (d / name).is_file())
    body = (page_file.parent / src).resolve().read_text(encoding="utf-8")
    return json.loads(re.fullmatch(r"!function\(kitOpening\)\{.*\n\}\((.*)\);", body, re.S).group(1))


def site_pages(site_dir: Path) -> list[str]:
    """Every page of a built site, as paths relative to its root ("" is the home page)."""
    pages = []
    for html in sorted(site_dir.rglob("*.html")):
        rel = html.relative_to(site_dir).as_posix()
        if rel == "404.html" or rel.endswith("/404.html"):      # each language's "not found" page
            continue
        pages.append(rel[: -len("index.html")] if rel.endswith("index.html") else rel)
    return pages


def run_axe(page) -> list[dict]:
    """Inject axe-core into the page (as the test tool, so no page policy blocks it)
    and return its WCAG 2.2 AA violations, and any content outside every landmark."""
    if not page.evaluate("() => !!window.axe"):
        page.evaluate(AXE.read_text(encoding="utf-8"))
    # On file:// axe cannot read stylesheets and would fetch them (cross-origin errors in the
    # console): its only check that needs them, css-orientation-lock, is run on the web editions.
    # resultTypes: only the violations are read, so axe details nothing else (its documented speed-up).
    # The region rule (best practice, not a WCAG tag) too: every element inside a landmark (WCAG 1.3.1).
    result = page.evaluate("""tags => axe.run(document, {runOnly: {type: 'tag', values: tags},
                                                      rules: {region: {enabled: true}},
                                                      resultTypes: ['violations'],
                                                      preload: location.protocol !== 'file:'})""", AXE_TAGS)
    return [{"id": v["id"], "help": v["help"], "nodes": [n["target"] for n in v["nodes"]][:5]}
            for v in result["violations"]]


def storage_snapshot(context, page) -> dict:
    """Everything a page could have left on the device."""
    state = page.evaluate("""async () => ({
        local: localStorage.length,
        session: sessionStorage.length,
        idb: (await indexedDB.databases()).map(d => d.name),
        caches: await caches.keys(),
    })""")
    state["cookies"] = context.cookies()
    return state


def copy_kit(dest: Path) -> Path:
    """A copy of the kit's sources, for tests that change content or config."""
    dest.mkdir(parents=True, exist_ok=True)
    for name in ("mkdocs.yml", "docs", "overrides", "components", "strings", "supportkit", "examples"):
        src = ROOT / name
        if src.is_dir():
            shutil.copytree(src, dest / name, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy2(src, dest / name)
    if (ROOT / "node_modules").is_dir():
        (dest / "node_modules").symlink_to(ROOT / "node_modules")      # npm packages, read only
    # The build's cache as it stands (supportkit/core/cache.py), hard-linked: entries are keyed by
    # their inputs and replaced whole, never changed in place, so sharing them changes no
    # result, and a copy's first build took about 3 s instead of 7.65 (Zopfli, Terser, templates).
    try:
        shutil.copytree(ROOT / ".cache", dest / ".cache", copy_function=os.link,
                        ignore=shutil.ignore_patterns(".*", "*.tmp"))
    except (OSError, shutil.Error):      # none yet, or an entry being replaced: only costs time
        pass
    return dest


def pretty(obj) -> str:
    return json.dumps(obj, indent=1, default=str)


_KEPT: dict = {}


def once_per_worker(key, make):
    """make() the first time `key` is asked for in this worker, and the same result after.
    pytest sets a fixture up again whenever a parameter it depends on comes round again
    (the edition of a crawl, of a kiosk), and a worker runs other groups' tests in between;
    a build or a crawl does not change, so it is kept for the worker's whole run."""
    if key not in _KEPT:
        _KEPT[key] = make()
    return _KEPT[key]


def deep_sample(pages: list) -> set:
    """The pages make test checks at each width on an edition it samples (crawl(deep=)): those
    crawl.TAB_SAMPLE names, in each language (make test-full checks every page: `full`)."""
    from crawl import tab_sample
    return tab_sample(pages)


def web_crawl(browser, site: Path, serve, sample: bool = False):
    """Every page of a built web edition visited once (tests/crawl.py), each checked at every
    width; `sample`: every page visited, the checks at each width made on deep_sample()."""
    from crawl import crawl
    from crawl import tab_sample
    pages = site_pages(site)
    deep = deep_sample(pages) if sample else None
    return once_per_worker(("crawl", str(site), sample), lambda: crawl(
        browser, serve(site).url, pages, run_axe, storage_snapshot, AXE, css_removed=css_removed(site),
        tab_pages=tab_sample(pages), deep=deep))


@pytest.fixture(scope="session")
def default_crawl(browser, default_site, serve):
    return web_crawl(browser, default_site, serve)


@pytest.fixture(scope="session")
def example_crawl(browser, example_site, serve):
    return web_crawl(browser, example_site, serve)


@pytest.fixture(scope="session")
def welsh_crawl(browser, welsh_site, serve):
    """Every page of the Welsh council's edition, in both languages, in one browser context."""
    return web_crawl(browser, welsh_site, serve)


@pytest.fixture(scope="session")
def welsh_sample_crawl(browser, welsh_site, serve):
    """Every page of the Welsh council's edition visited, the Welsh pages and the English
    sample checked at each width (make test's crawl of it: test_crawl.py, welsh-sample)."""
    return web_crawl(browser, welsh_site, serve, sample=True)


@pytest.fixture(scope="session")
def zensical_crawl(browser, zensical_site, serve):
    return web_crawl(browser, zensical_site, serve)


@pytest.fixture(scope="session")
def scotland_crawl(browser, scotland_site, serve):
    return web_crawl(browser, scotland_site, serve)


@pytest.fixture(scope="session")
def northern_ireland_crawl(browser, northern_ireland_site, serve):
    return web_crawl(browser, northern_ireland_site, serve)


def sampled(name: str) -> list:
    """The crawls of an edition that make test samples: every page checked at every width, in
    make test-full (marked `full`), and `<name>-sample`, in make test: every page visited, the
    checks at each width made on deep_sample()."""
    return [pytest.param(name, marks=pytest.mark.full), f"{name}-sample"]


def crawled_site(request, crawled: str) -> Path:
    """The built edition a crawl (`crawled`: a name, or `<name>-sample`) visits."""
    return request.getfixturevalue(f"{crawled.removesuffix('-sample')}_site")


@pytest.fixture(scope="module")
def site_crawl(crawled, request, browser, serve):
    """The crawl a test module's `crawled` parameter names: an edition's every page visited
    once (tests/crawl.py), or for `<name>-sample` with deep_sample(). (Module scope: each
    module has its own `crawled`; the crawl itself is made once per worker.)"""
    if crawled.endswith("-sample"):
        return web_crawl(browser, crawled_site(request, crawled), serve, sample=True)
    return request.getfixturevalue(f"{crawled}_crawl")


# --------------------------------------------------------------------------- parallel runs

# `make test` runs the suite on two workers (pytest-xdist, --dist loadgroup). Each
# worker builds and crawls what its tests need, once; so every test that reads the
# same crawl (or the same edition's expensive fixture) is sent to the same worker,
# and the rest of a test file stays together (its module fixtures are built once).
# The heaviest groups go first so that neither worker is left with a long tail
# (--no-loadscope-reorder: xdist otherwise hands groups out by their number of tests,
# and the visual guard, a few long tests, would start last).
CRAWL_FIXTURES = {"default_crawl": "default", "example_crawl": "example", "welsh_crawl": "welsh",
                  "welsh_sample_crawl": "welsh-sample",
                  "zensical_crawl": "zensical", "scotland_crawl": "scotland",
                  "northern_ireland_crawl": "northern_ireland"}
HEAVY_FIRST = ("crawl-welsh", "crawl-welsh-sample", "css-welsh", "test_css", "crawl-default", "crawl-example",
               "crawl-zensical", "crawl-scotland", "crawl-northern_ireland", "css-kiosk",
               "kiosk-welsh", "css-default", "kiosk-default", "kiosk-default-sample", "kiosk-example", "test_leaflets", "test_hosting",
               "test_security")


def test_group(item) -> str:
    """The xdist group of a test: the engine it drives (Firefox and WebKit: each is
    started once per worker that needs it, so all its tests go to one), the crawl
    or edition it reads, else its file."""
    names = set(getattr(item, "fixturenames", ()))
    params = getattr(getattr(item, "callspec", None), "params", {})
    if params.get("engine") in ENGINES:
        return f"engine-{params['engine']}"
    if "site_crawl" in names and "crawled" in params:
        return f"crawl-{params['crawled']}"
    for fixture, edition in CRAWL_FIXTURES.items():
        if fixture in names:
            return f"crawl-{edition}"
    if "welsh_kiosk_crawl" in names:
        return "kiosk-welsh"
    if "kiosk_crawl" in names and "kiosk_edition" in params:
        return f"kiosk-{params['kiosk_edition']}"
    if item.path.stem == "test_css" and "name" in params:      # the visual guard, edition by edition
        return f"css-{params['name']}"
    return item.path.stem


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(config, items):
    for item in items:
        item.add_marker(pytest.mark.xdist_group(test_group(item)))
        name = engine_of(item)
        if name:
            item.add_marker(pytest.mark.engine(name))
            item.user_properties.append(("engine", name))     # travels with the reports, to the summary
    order = {group: i for i, group in enumerate(HEAVY_FIRST)}
    items.sort(key=lambda item: order.get(test_group(item), len(order)))


# --------------------------------------------------------------------------- figures

def pytest_configure(config):
    config.addinivalue_line("markers", "engine(name): the browser engine a test drives "
                                       "(chromium, firefox or webkit), for the summary's counts")
    config._kit_started = time.monotonic()


def pytest_terminal_summary(terminalreporter, exitstatus, config):
    """At the end of the run: the suite's wall time and, per engine, how many tests
    ran, how they ended, their time (set-up, call and teardown added up) and, for
    Firefox and WebKit, how long the engine took to start."""
    outcomes: dict[str, dict[str, int]] = {}
    seconds: dict[str, float] = {}
    startup: dict[str, list[float]] = {}
    for reports in terminalreporter.stats.values():
        for report in reports:
            props = dict(getattr(report, "user_properties", ()) or ())
            name = props.get("engine")
            if not name or not hasattr(report, "when"):
                continue
            seconds[name] = seconds.get(name, 0.0) + report.duration
            if "engine_startup" in props and report.when == "setup":
                startup.setdefault(name, []).append(props["engine_startup"])
            if report.when == "call" or (report.when == "setup" and not report.passed):
                counts = outcomes.setdefault(name, {})
                key = "error" if report.when == "setup" and report.failed else report.outcome
                counts[key] = counts.get(key, 0) + 1
    write = terminalreporter.write_line
    terminalreporter.section("engines")
    write(f"suite wall time: {time.monotonic() - config._kit_started:.1f} s")
    for name in ("chromium",) + ENGINES:
        counts = outcomes.get(name, {})
        ran = sum(counts.get(k, 0) for k in ("passed", "failed", "error"))
        detail = ", ".join(f"{n} {k}" for k, n in sorted(counts.items())) or "none"
        line = f"{name}: {ran} tests ran ({detail}), {seconds.get(name, 0.0):.1f} s of test time"
        if startup.get(name):
            line += ", started in " + " and ".join(f"{s:.1f} s" for s in startup[name])
        write(line)
