"""`make bench` section: quick-exit latency, ours beside GOV.UK Frontend's
"Exit this page" on the same long page (the law page ten times over).

For each control and trigger (click, Shift x3) it measures, in Chromium, from
the input event's timestamp to
  (a) cover: the first animation frame in which the page's text is no longer
      what is under the middle of the viewport (and which frame after the
      input that was: 1 is the first), and
  (b) request: the moment the navigation to the destination starts
      (beforeunload, which runs just before the browser sends the request),
and whether that request started in the same task as the input event.
Runs alternate between the two controls; figures are median and 95th
percentile. Nothing is asserted.
"""
from __future__ import annotations

import math
import re
import statistics
from pathlib import Path

from supportkit import ROOT
from supportkit.bench.common import BENCH, OURS_SITE, heading, launch, table

GOVUK = ROOT / "node_modules" / "govuk-frontend" / "dist" / "govuk"
FRAME_MS = 1000 / 60

# Injected first in <head>: window-level capture listeners run before either control's.
PROBE = """<script>(function () {
  var qe = window.__qe = {};
  window.__report = function (name, value) { if (!(name in qe)) { qe[name] = value; } };
  var t0 = null, ended = false, shifts = 0;
  function covered() {
    var el = document.elementFromPoint(innerWidth / 2, innerHeight / 2);
    var text = document.querySelector('article, main');
    return !el || !text || !text.contains(el);
  }
  function start(ts) {
    t0 = ts; ended = false;
    setTimeout(function () { ended = true; }, 0);
    var frames = 0;
    (function frame() {
      requestAnimationFrame(function () {
        frames++;
        if (covered()) { window.__report('cover', performance.now() - t0); window.__report('frames', frames); }
        else { frame(); }
      });
    })();
  }
  addEventListener('click', function (e) { start(e.timeStamp); }, true);
  addEventListener('keyup', function (e) {
    if (e.key === 'Shift' && ++shifts === 3) { start(e.timeStamp); }
  }, true);
  addEventListener('beforeunload', function () {
    if (t0 !== null) { window.__report('request', performance.now() - t0); window.__report('same_task', !ended); }
  });
})();</script>"""

DEST = "<!doctype html><html lang=en><title>Destination</title><p>Destination</p></html>"


def write_pages(site: Path, out: Path) -> tuple[str, str]:
    """The long page with our quick exit, and the same page with GOV.UK's instead."""
    out.mkdir(parents=True, exist_ok=True)
    html = (site / "the-law" / "index.html").read_text(encoding="utf-8")
    start = html.index('<article class="md-content__inner md-typeset">') + len('<article class="md-content__inner md-typeset">')
    end = html.index("</article>")
    html = html[:start] + html[start:end] * 10 + html[end:]
    html = re.sub(r'(class="kit-qe__(?:skip|button)" href=")[^"]*"', r'\1/dest.html"', html)
    html = html.replace('href="../', 'href="/').replace('src="../', 'src="/')
    # The page's own policy allows only its own scripts by hash; both copies add scripts (the probe,
    # GOV.UK's initialisation), so neither keeps it.
    html = re.sub(r'<meta http-equiv="Content-Security-Policy"[^>]*>', "", html)
    ours = html.replace("<head>", "<head>" + PROBE, 1)

    # GOV.UK: remove our quick exit (inline head script and styles, the band), add theirs
    govuk = re.sub(r"<style>\.kit-qe-cover.*?</style>\s*<script data-kit-qe-script.*?</script>", "", html, flags=re.S)
    govuk = re.sub(r'<a class="kit-qe__skip".*?</a>\s*<section class="kit-qe".*?</section>', "", govuk, flags=re.S)
    govuk = govuk.replace("<head>", "<head>" + PROBE + '<link rel="stylesheet" href="/govuk/govuk-frontend.min.css">', 1)
    component = ('<div class="govuk-exit-this-page" data-module="govuk-exit-this-page">'
                 '<a href="/dest.html" role="button" draggable="false" class="govuk-button govuk-button--warning '
                 'govuk-exit-this-page__button govuk-js-exit-this-page-button" data-module="govuk-button" '
                 'rel="nofollow noreferrer"><span class="govuk-visually-hidden">Emergency</span> Exit this page</a></div>')
    init = ('<script src="/govuk/exit-this-page.bundle.js"></script><script>'
            'document.body.classList.add("govuk-frontend-supported");'
            'new GOVUKFrontend.ExitThisPage(document.querySelector("[data-module=govuk-exit-this-page]"));</script>')
    govuk = re.sub(r"(<body[^>]*>)", r"\1" + component, govuk, count=1).replace("</body>", init + "</body>")
    (out / "ours.html").write_text(ours, encoding="utf-8")
    (out / "govuk.html").write_text(govuk, encoding="utf-8")
    (out / "dest.html").write_text(DEST, encoding="utf-8")
    (out / "govuk").mkdir(exist_ok=True)
    for src in (GOVUK / "govuk-frontend.min.css", GOVUK / "components" / "exit-this-page" / "exit-this-page.bundle.js"):
        (out / "govuk" / src.name).write_bytes(src.read_bytes())
    if not (out / "assets").exists():
        (out / "assets").symlink_to(site / "assets")
    return "ours.html", "govuk.html"


class Server:
    """Static files on loopback. The destination answers 204 No Content: the
    browser sends the request but keeps the old page, so its frames can be
    watched and its figures read afterwards."""

    def __init__(self, directory: Path):
        import functools
        import http.server
        import threading

        outer = self
        self.destination_hits = 0

        class Handler(http.server.SimpleHTTPRequestHandler):
            def do_GET(self):
                if self.path.startswith("/dest.html"):
                    outer.destination_hits += 1
                    self.send_response(204)
                    self.end_headers()
                    return
                super().do_GET()

            def log_message(self, *args):
                pass

        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Handler, directory=str(directory)))
        self.httpd.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}/"
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.httpd.shutdown()
        self.httpd.server_close()


def one_run(context, server: Server, page_name: str, trigger: str, button: str) -> dict:
    page = context.new_page()
    page.goto(server.url + page_name, wait_until="load")
    page.wait_for_timeout(50)
    hits = server.destination_hits
    if trigger == "click":
        page.click(button, no_wait_after=True)
    else:
        for _ in range(3):
            page.keyboard.press("Shift")
    for _ in range(200):
        if server.destination_hits > hits:
            break
        page.wait_for_timeout(10)
    page.wait_for_timeout(100)
    got = page.evaluate("window.__qe")
    page.close()
    return got


def p95(values: list[float]) -> float:
    s = sorted(values)
    return s[max(0, math.ceil(0.95 * len(s)) - 1)]


def section_quick_exit(bench) -> None:
    from playwright.sync_api import sync_playwright

    runs = max(20, bench.args.runs)
    bench.ensure_built()
    pages = write_pages(OURS_SITE, BENCH / "quick-exit")
    heading(f"Quick-exit latency ({runs} runs each, long page = the law page x10, alternating ours / GOV.UK)")
    buttons = {"ours.html": ".kit-qe__button", "govuk.html": ".govuk-exit-this-page__button"}
    names = {"ours.html": "ours", "govuk.html": "GOV.UK Frontend"}
    results: dict[tuple[str, str], dict[str, list]] = {}
    with Server(BENCH / "quick-exit") as server, sync_playwright() as p:
        browser = launch(p)                 # only 127.0.0.1 resolves
        context = browser.new_context(viewport={"width": 1280, "height": 800})
        for trigger in ("click", "shift x3"):
            for _ in range(runs):
                for page in pages:
                    got = one_run(context, server, page, "click" if trigger == "click" else "shift", buttons[page])
                    r = results.setdefault((page, trigger), {"cover": [], "frames": [], "request": [], "same_task": []})
                    for key in r:
                        if key in got:
                            r[key].append(got[key])
        browser.close()
    rows = []
    for (page, trigger), r in results.items():
        rows.append([names[page], trigger,
                     f"{statistics.median(r['cover']):.1f}", f"{p95(r['cover']):.1f}",
                     f"{statistics.median(r['request']):.1f}", f"{p95(r['request']):.1f}",
                     f"{sum(1 for f in r['frames'] if f == 1)}/{len(r['frames'])}",
                     f"{sum(r['same_task'])}/{len(r['same_task'])}"])
    table(["control", "trigger", "cover median ms", "cover p95 ms", "request median ms", "request p95 ms",
           "covered in 1st frame", "request in same task"], rows)
    print()
    for trigger in ("click", "shift x3"):
        ours, gov = results[("ours.html", trigger)], results[("govuk.html", trigger)]
        c = statistics.median(ours["cover"]) / max(statistics.median(gov["cover"]), 1e-6)
        q = statistics.median(ours["request"]) / max(statistics.median(gov["request"]), 1e-6)
        print(f"{trigger:8}  ours/GOV.UK (median): cover {c:.2f}x, request {q:.2f}x")
    ours = results[("ours.html", "click")]["frames"] + results[("ours.html", "shift x3")]["frames"]
    first = sum(1 for f in ours if f == 1)
    print(f"target: covered in the first frame after the input (at most {FRAME_MS:.1f} ms), the request in the same"
          f" task, faster than GOV.UK's. Ours covered in the first frame in {first}/{len(ours)} runs.")
