"""Visits in Chromium for the weight sections: load a page from a bench Server
(common.py) and take the responses the server sent for it, or open a kiosk
page from disk and list the files it read. Not a section itself."""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote, urlparse

from supportkit.bench.common import LOCAL_HOST
from supportkit.bench.server import Hit, Server
from supportkit.bench.wire import WIRE_METHOD

VIEWPORT = {"width": 412, "height": 823}          # a phone's, as Lighthouse's mobile run
QUIET = 0.3                                         # seconds without a response: the visit is over


@dataclass
class Visit:
    hits: list[Hit] = field(default_factory=list)
    foreign: list[str] = field(default_factory=list)

    @property
    def body(self) -> int:
        return sum(h.body for h in self.hits)

    @property
    def headers(self) -> int:
        return sum(h.headers for h in self.hits)

    @property
    def requests(self) -> int:
        return len(self.hits)

    @property
    def not_modified(self) -> int:
        return sum(1 for h in self.hits if h.status == 304)


def new_context(browser, foreign: list[str]):
    """A fresh context (empty cache, no service workers) that notes any request off 127.0.0.1."""
    context = browser.new_context(service_workers="block", viewport=VIEWPORT)

    def on_request(req):
        u = urlparse(req.url)
        if u.scheme in ("http", "https", "ws", "wss") and u.hostname != LOCAL_HOST:
            foreign.append(req.url)

    context.on("request", on_request)
    return context


def load(page, server: Server, path: str, icon: bool = False) -> list[Hit]:
    """Navigate to path (under the server's root); the responses sent until the network is idle
    (Playwright's networkidle, then the server quiet for QUIET s). icon: also wait, up to 5 s, for
    the page's icon, which Chromium asks for after the load event, when it likes."""
    server.wait_quiet(QUIET)
    server.take()
    page.goto(server.url + path.lstrip("/"), wait_until="networkidle")
    if icon:
        href = page.evaluate("(document.querySelector('link[rel~=icon]') || {}).href || ''")
        wanted = urlparse(href).path
        for _ in range(100):
            if not wanted or server.served(wanted):
                break
            page.wait_for_timeout(50)
    server.wait_quiet(QUIET)
    return server.take()


def first_visit(browser, server: Server, path: str) -> Visit:
    """path in a new context: everything a first visit downloads."""
    visit = Visit()
    context = new_context(browser, visit.foreign)
    try:
        visit.hits = load(context.new_page(), server, path, icon=True)
    finally:
        context.close()
    return visit


def later_visit(browser, server: Server, home: str, path: str) -> Visit:
    """The home page in a new context, then path in the same tab (HTTP cache on): what path downloads."""
    visit = Visit()
    context = new_context(browser, visit.foreign)
    try:
        page = context.new_page()
        load(page, server, home, icon=True)
        visit.hits = load(page, server, path)
    finally:
        context.close()
    return visit


def kiosk_visit(browser, folder: Path, name: str) -> tuple[int, int, list[str]]:
    """A kiosk page opened from disk: (bytes of the files it read, number of reads, foreign requests)."""
    files: list[Path] = []
    foreign: list[str] = []
    context = new_context(browser, foreign)
    context.on("request", lambda req: files.append(Path(unquote(urlparse(req.url).path)))
               if req.url.startswith("file:") else None)
    try:
        page = context.new_page()
        page.goto((folder / name).as_uri(), wait_until="load")
        page.wait_for_timeout(int(QUIET * 1000))
    finally:
        context.close()
    return sum(f.stat().st_size for f in files if f.is_file()), len(files), foreign


def met(n: int | None, target: int) -> str:
    return "-" if n is None else ("met" if n <= target else "NOT met")


def method_lines(what: str, headers: bool = True) -> None:
    print(f"Method: Chromium (headless, {VIEWPORT['width']}x{VIEWPORT['height']}) {what}.")
    print(f"Server: a static server on {LOCAL_HOST} that answers as the hosting recipes do (our editions with their "
          "headers; the plain build with the same cache rules).")
    print(f"Counted: every response it sends until Playwright's networkidle and then {QUIET} s of quiet: HTML, "
          "stylesheets, scripts, favicon, logo, and anything a script fetches.")
    print(f"Bytes: {WIRE_METHOD}.")
    if headers:
        print("'headers': the responses' HTTP/1.1 headers, for information (HTTP/2 compresses repeated ones).")
