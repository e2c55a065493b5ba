"""Firefox and WebKit for the engine tests (tests/test_engines.py). Chromium runs
through Playwright (tests/conftest.py); these two engines have no Playwright
build here, so each is driven by its own WebDriver:

- Firefox ESR (Debian's /usr/bin/firefox-esr) by puppeteer-core over WebDriver
  BiDi, from one long-lived Node script (tests/engines/firefox-bridge.mjs) that
  takes one JSON command a line;
- WebKitGTK by Selenium and Debian's WebKitWebDriver, which starts MiniBrowser
  (--automation) on a virtual X display (Xvfb) that this module starts: Debian's
  WebKitGTK MiniBrowser has no headless mode.

Both run in the time zone TIMEZONE (the browser process's TZ), and both offer
the same few calls (Engine), so a test is written once for the two. They are
started once per pytest worker (the `firefox` and `webkit` fixtures in
tests/conftest.py), and each test gets a fresh page (new_page()).

Neither engine has a fake clock of its own: EngineServer adds a same-origin
<script src> of tests/engines/fake-clock.js at the start of each page's <head>
(the pages' policy allows 'self'), and kiosk_copy() puts the file into a copy
of the kiosk's folder and names it in each page.
"""
from __future__ import annotations

import functools
import http.server
import json
import os
import queue
import shutil
import subprocess
import threading
import time
import warnings
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
HERE = Path(__file__).resolve().parent / "engines"
TIMEZONE = "America/New_York"            # the browsers' own time zone: never the UK's
FIREFOX = "/usr/bin/firefox-esr"
WEBKIT_DRIVER = "/usr/bin/WebKitWebDriver"
# Debian's MiniBrowser (libwebkit2gtk-4.1-0), in the machine's multiarch folder
MINIBROWSER = next(iter(sorted(Path("/usr/lib").glob("*/webkit2gtk-4.1/MiniBrowser"))),
                   Path("/usr/lib/x86_64-linux-gnu/webkit2gtk-4.1/MiniBrowser"))
CLOCK_NAME = "__engine-clock.js"


class EngineError(AssertionError):
    """A command the engine could not carry out (its own message inside)."""


class Engine:
    """What a test can ask of an engine: one page at a time."""
    name = ""
    version = ""
    startup_s = 0.0

    # Each engine implements these.
    def new_page(self) -> None: ...
    def goto(self, url: str) -> str: ...
    def url(self) -> str: ...
    def evaluate(self, src: str, *args): ...
    def click(self, selector: str) -> None: ...
    def type(self, selector: str, text: str) -> None: ...
    def middle_click(self, selector: str) -> None: ...
    def pages(self) -> int: ...
    def press(self, *keys: str) -> None: ...
    def shift_clicks(self, points: list[tuple[float, float]]) -> None: ...
    def back(self) -> str: ...
    def forward(self) -> str: ...
    def reload(self) -> str: ...
    def cookies(self) -> list: ...
    def close(self) -> None: ...

    def wait_for(self, src: str, *args, timeout: float = 10.0, what: str = ""):
        """Poll a JavaScript function in the page until it returns something truthy
        (an error while the page changes counts as not yet)."""
        end = time.monotonic() + timeout
        last = None
        while True:
            try:
                value = self.evaluate(src, *args)
                if value:
                    return value
                last = value
            except EngineError as error:
                last = error
            if time.monotonic() > end:
                raise AssertionError(f"{self.name}: timed out waiting for {what or src} (last: {last!r}, "
                                     f"at {self._safe_url()})")
            time.sleep(0.05)

    def wait_for_url(self, url: str, timeout: float = 10.0) -> str:
        """Wait until the page is `url` and has loaded."""
        end = time.monotonic() + timeout
        while True:
            current = self._safe_url()
            if current == url:
                try:
                    if self.evaluate("() => document.readyState") == "complete":
                        return current
                except EngineError:
                    pass
            if time.monotonic() > end:
                raise AssertionError(f"{self.name}: the page is {current}, not {url}")
            time.sleep(0.05)

    def _safe_url(self) -> str:
        try:
            return self.url()
        except EngineError as error:
            return f"(unknown: {error})"

    def storage(self) -> dict:
        """Everything a page could have left on the device, as conftest.storage_snapshot reads it."""
        state = self.evaluate("""async () => ({
            local: localStorage.length,
            session: sessionStorage.length,
            idb: (await indexedDB.databases()).map(d => d.name),
            caches: await caches.keys(),
            documentCookie: document.cookie,
        })""")
        state["cookies"] = self.cookies()
        return state


# --------------------------------------------------------------------------- Firefox

class Firefox(Engine):
    """Firefox ESR through tests/engines/firefox-bridge.mjs (puppeteer-core, WebDriver BiDi)."""
    name = "firefox"

    def __init__(self, timeout: float = 60.0):
        started = time.monotonic()
        env = dict(os.environ, KIT_BROWSER_TZ=TIMEZONE, KIT_FIREFOX=FIREFOX)
        self.proc = subprocess.Popen(["node", str(HERE / "firefox-bridge.mjs")], cwd=ROOT, env=env,
                                     stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                     text=True, bufsize=1)
        self.replies: queue.Queue = queue.Queue()
        self.stderr: list[str] = []
        threading.Thread(target=self._read, daemon=True).start()
        threading.Thread(target=lambda: self.stderr.extend(self.proc.stderr), daemon=True).start()
        self.next_id = 0
        ready = self._receive(timeout)
        if "ready" not in ready:
            raise EngineError(f"firefox did not start: {ready}")
        self.version = ready["ready"]["version"]
        self.startup_s = time.monotonic() - started

    def _read(self):
        for line in self.proc.stdout:
            try:
                self.replies.put(json.loads(line))
            except ValueError:
                continue
        self.replies.put({"closed": True})

    def _receive(self, timeout: float) -> dict:
        try:
            message = self.replies.get(timeout=timeout)
        except queue.Empty:
            raise EngineError(f"firefox: no answer in {timeout} s") from None
        if message.get("closed"):
            raise EngineError("firefox: the bridge stopped:\n" + "".join(self.stderr[-30:]))
        return message

    def call(self, cmd: str, *args, timeout: float = 30.0):
        self.next_id += 1
        self.proc.stdin.write(json.dumps({"id": self.next_id, "cmd": cmd, "args": list(args)}) + "\n")
        self.proc.stdin.flush()
        while True:
            message = self._receive(timeout)
            if message.get("id") == self.next_id:
                break
        if "error" in message:
            raise EngineError(f"firefox: {cmd}: {message['error']}")
        return message["value"]

    def new_page(self):
        self.call("newPage")

    def goto(self, url):
        return self.call("goto", url)

    def url(self):
        return self.call("url")

    def evaluate(self, src, *args):
        return self.call("evaluate", src, list(args))

    def click(self, selector):
        self.call("click", selector)

    def type(self, selector, text):
        self.call("type", selector, text)

    def middle_click(self, selector):
        self.call("middleClick", selector)

    def pages(self):
        return self.call("pages")

    def press(self, *keys):
        self.call("press", list(keys))

    def shift_clicks(self, points):
        self.call("shiftClicks", [list(p) for p in points])

    def back(self):
        return self.call("back")

    def forward(self):
        return self.call("forward")

    def reload(self):
        return self.call("reload")

    def cookies(self):
        return self.call("cookies")

    def close(self):
        try:
            self.proc.stdin.close()
            self.proc.wait(timeout=15)
        except (OSError, subprocess.TimeoutExpired):
            self.proc.kill()
            self.proc.wait()


# --------------------------------------------------------------------------- WebKit

class Xvfb:
    """A virtual X display of our own (Debian's MiniBrowser needs one)."""

    def __init__(self):
        read, write = os.pipe()
        self.proc = subprocess.Popen(["Xvfb", "-displayfd", str(write), "-screen", "0", "1280x1024x24",
                                      "-nolisten", "tcp", "-noreset"], pass_fds=[write],
                                     stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        os.close(write)
        number = b""
        with os.fdopen(read, "rb") as pipe:
            while not number.endswith(b"\n"):
                chunk = pipe.read(1)
                if not chunk:
                    raise EngineError("Xvfb did not start")
                number += chunk
        self.display = ":" + number.decode().strip()

    def close(self):
        self.proc.terminate()
        try:
            self.proc.wait(timeout=5)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()


SELENIUM_KEYS = {"Shift": "\ue008", "ShiftLeft": "\ue008", "ShiftRight": "\ue050", "Enter": "\ue007",
                 "Tab": "\ue004"}


class WebKit(Engine):
    """WebKitGTK's MiniBrowser through Selenium and Debian's WebKitWebDriver, on our own Xvfb."""
    name = "webkit"

    def __init__(self):
        from selenium import webdriver
        from selenium.webdriver.webkitgtk.options import Options
        from selenium.webdriver.webkitgtk.service import Service

        started = time.monotonic()
        self.xvfb = Xvfb()
        options = Options()
        options.binary_location = str(MINIBROWSER)
        options.add_argument("--automation")
        # explicit path: Selenium Manager looks nothing up and downloads nothing
        service = Service(executable_path=WEBKIT_DRIVER,
                          env=dict(os.environ, DISPLAY=self.xvfb.display, TZ=TIMEZONE))
        try:
            with warnings.catch_warnings():     # Selenium 4.51's own use of a deprecated argument
                warnings.simplefilter("ignore", DeprecationWarning)
                self.driver = webdriver.WebKitGTK(options=options, service=service)
        except Exception:
            self.xvfb.close()
            raise
        self.driver.set_window_size(1280, 800)        # as Firefox's viewport (firefox-bridge.mjs)
        self.driver.set_page_load_timeout(15)
        # WebKitWebDriver times a script with the page's own setTimeout(), so a fake
        # clock ticked past the script timeout ended the script at once ("script timed
        # out after 15000ms", in 0 s): a day is more than any test ticks.
        self.driver.set_script_timeout(24 * 3600)
        self.version = self.driver.capabilities.get("browserVersion", "")
        self.startup_s = time.monotonic() - started

    def _do(self, what: str, fn):
        from selenium.common.exceptions import WebDriverException
        try:
            return fn()
        except WebDriverException as error:
            raise EngineError(f"webkit: {what}: {error.msg or error}") from None

    def new_page(self):
        """The same window, emptied: a blank page and no cookies. (A new window has
        its own history but took 1.4 s; every test that goes Back starts its history
        with a page of its own.)"""
        def fresh():
            self.driver.get("about:blank")
            self.driver.delete_all_cookies()
        self._do("new page", fresh)

    def goto(self, url):
        self._do("goto", lambda: self.driver.get(url))
        return self.url()

    def url(self):
        return self._do("url", lambda: self.driver.current_url)

    def evaluate(self, src, *args):
        return self._do("evaluate", lambda: self.driver.execute_script(
            f"return ({src}).apply(null, arguments)", *args))

    def click(self, selector):
        from selenium.webdriver.common.by import By
        self._do("click", lambda: self.driver.find_element(By.CSS_SELECTOR, selector).click())

    def type(self, selector, text):
        from selenium.webdriver.common.by import By
        self._do("type", lambda: self.driver.find_element(By.CSS_SELECTOR, selector).send_keys(text))

    def middle_click(self, selector):
        # WebKitGTK 2.50's automation cannot make one: a middle press and release
        # arrive as pointerdown/mousedown (button 1), then a mouseup and a click of
        # button 0 with buttons still 4; no pointerup, no auxclick; and the middle
        # button stays held for every later event (a left press then fires no
        # pointerdown). See components/quick-exit/README.md.
        raise EngineError("webkit: WebKitGTK's automation cannot make a middle click")

    def pages(self):
        return len(self._do("windows", lambda: self.driver.window_handles))

    def press(self, *keys):
        from selenium.webdriver.common.action_chains import ActionChains
        chain = ActionChains(self.driver)
        for key in keys:
            code = SELENIUM_KEYS.get(key, key)
            chain.key_down(code).key_up(code)
        self._do("press", chain.perform)

    def shift_clicks(self, points):
        from selenium.webdriver.common.actions.action_builder import ActionBuilder
        shift = SELENIUM_KEYS["Shift"]
        for x, y in points:
            # one tick per step, the key and the pointer side by side, so Shift is held
            # for the whole click (Selenium's builder does not line them up itself)
            builder = ActionBuilder(self.driver)
            keys, pointer = builder.key_action, builder.pointer_action
            keys.key_down(shift), pointer.pause(0)
            keys.pause(0), pointer.move_to_location(int(x), int(y))
            keys.pause(0), pointer.pointer_down()
            keys.pause(0), pointer.pointer_up()
            keys.key_up(shift), pointer.pause(0)
            self._do("shift-click", builder.perform)

    def back(self):
        self._do("back", self.driver.back)
        return self.url()

    def forward(self):
        self._do("forward", self.driver.forward)
        return self.url()

    def reload(self):
        self._do("reload", self.driver.refresh)
        return self.url()

    def cookies(self):
        return self._do("cookies", self.driver.get_cookies)

    def close(self):
        try:
            self.driver.quit()
        finally:
            self.xvfb.close()


def start(name: str) -> Engine:
    return {"firefox": Firefox, "webkit": WebKit}[name]()


# --------------------------------------------------------------------------- pages

def clock_script(start_ms: int) -> str:
    """tests/engines/fake-clock.js, standing still at start_ms until ticked."""
    source = (HERE / "fake-clock.js").read_text(encoding="utf-8")
    assert "var START = 0;" in source
    return source.replace("var START = 0;", f"var START = {int(start_ms)};", 1)


def add_first_in_head(html: str, tag: str) -> str:
    """`tag` as the first thing in <head>, before the page's own scripts."""
    index = html.index("<head>") + len("<head>")
    return html[:index] + tag + html[index:]


class EngineServer:
    """A static server on loopback for the engine tests. It records every
    request's path and headers, and, for the HTML it sends, can:
    - clock_at (ms since 1970): add the fake clock (a same-origin file) first in <head>;
    - scripts_off: send `Content-Security-Policy: script-src 'none'`, so the engine
      runs none of the page's scripts (JavaScript off, page by page);
    - rewrite: replace strings (a quick exit's destination, for one on loopback)."""

    def __init__(self, directory: Path, host: str = "127.0.0.1"):
        self.directory = Path(directory)
        self.requests: list[tuple[str, dict]] = []
        self.clock_at: int | None = None
        self.scripts_off = False
        self.rewrite: dict[str, str] = {}
        server = self

        class Handler(http.server.SimpleHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def do_GET(self):
                server.requests.append((self.path, dict(self.headers)))
                path = self.path.split("?", 1)[0]
                if path == "/" + CLOCK_NAME:
                    return self.answer(clock_script(server.clock_at or 0).encode(), "text/javascript")
                local = Path(self.translate_path(path))
                if local.is_dir():
                    if not path.endswith("/"):
                        return super().do_GET()     # the redirect to the folder's address
                    local = local / "index.html"
                if local.suffix == ".html" and local.is_file():
                    html = local.read_text(encoding="utf-8")
                    for old, new in server.rewrite.items():
                        html = html.replace(old, new)
                    if server.clock_at is not None:
                        html = add_first_in_head(html, f'<script src="/{CLOCK_NAME}"></script>')
                    return self.answer(html.encode(), "text/html; charset=utf-8")
                return super().do_GET()

            def answer(self, body: bytes, kind: str):
                self.send_response(200)
                self.send_header("Content-Type", kind)
                self.send_header("Content-Length", str(len(body)))
                self.send_header("Cache-Control", "no-cache")      # as the hosting recipes send HTML
                if server.scripts_off:
                    self.send_header("Content-Security-Policy", "script-src 'none'")
                self.end_headers()
                self.wfile.write(body)

        class Quiet(http.server.ThreadingHTTPServer):
            def handle_error(self, request, client_address):
                pass        # a browser that leaves a page drops its requests: not a failure

        self.httpd = Quiet((host, 0), functools.partial(Handler, directory=str(self.directory)))
        self.url = f"http://{host}:{self.httpd.server_address[1]}/"
        threading.Thread(target=self.httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True).start()

    def hits(self, prefix: str) -> list[dict]:
        return [headers for path, headers in self.requests if path.startswith(prefix)]

    def reset(self):
        self.requests.clear()
        self.clock_at = None
        self.scripts_off = False

    def close(self):
        self.httpd.shutdown()
        self.httpd.server_close()


def kiosk_copy(kiosk: Path, dest: Path, start_ms: int) -> Path:
    """A copy of a kiosk folder whose pages first load the fake clock, a file in the
    folder (the kiosk's policy allows the folder's own scripts)."""
    shutil.copytree(kiosk, dest)
    (dest / CLOCK_NAME).write_text(clock_script(start_ms), encoding="utf-8")
    for page in dest.rglob("*.html"):
        prefix = "../" * (len(page.relative_to(dest).parts) - 1)
        html = page.read_text(encoding="utf-8")
        page.write_text(add_first_in_head(html, f'<script src="{prefix}{CLOCK_NAME}"></script>'), encoding="utf-8")
    return dest
