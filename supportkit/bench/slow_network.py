"""`make bench` section: on a slow network, how soon the quick exit works and
the 999 line can be read, ours beside the plain build of the same page.

Chromium (headless, a phone's viewport) throttled through the DevTools
protocol, Network.emulateNetworkConditions: 400 kbit/s down and up (50,000
bytes a second), 400 ms added to every request's round trip; cache disabled,
a new browser context for every run, median of RUNS runs, ours and plain
alternately. DevTools throttling delays and paces each response; it does not
model TCP's slow start (the round-trips section does).

Measured from navigation start (performance.timeOrigin) by a script the
browser runs before the page's own (an init script: the page is unchanged):
on every animation frame it looks for
  quick exit: the first a[data-kit-qe] with a non-empty box, not
      visibility:hidden, inside the viewport (the band's link: it works as a
      plain link, without JavaScript, as soon as it is painted);
  999: the first link to tel:999 with a non-empty box (the "Call 999" line;
      a page without one shows "-"); "(below)" when it was laid out under the
      first screen, so painted but not yet seen.
Painted at = the start of the first frame in which it is there, or the first
contentful paint (PerformanceObserver 'paint') when that is later: no frame
is shown before it. The plain build has no quick exit ("-").
"""
from __future__ import annotations

import statistics

from supportkit.bench.browse import VIEWPORT
from supportkit.bench.common import Bench, checklist_page, heading, launch, longest_page, table, url_path
from supportkit.bench.server import edition_servers

RUNS = 3
LATENCY_MS = 400
THROUGHPUT = 400_000 // 8               # bytes a second, down and up
CONDITIONS = {"offline": False, "latency": LATENCY_MS, "downloadThroughput": THROUGHPUT,
              "uploadThroughput": THROUGHPUT}

PROBE = r"""(() => {
  const out = window.__kitPaint = {};
  const rendered = (sel, inViewport) => {
    for (const el of document.querySelectorAll(sel)) {
      const r = el.getBoundingClientRect();
      if (r.width > 0 && r.height > 0 && getComputedStyle(el).visibility !== 'hidden'
          && r.right > 0 && r.left < innerWidth && (!inViewport || (r.bottom > 0 && r.top < innerHeight))) {
        return {top: r.top, below: r.top >= innerHeight};
      }
    }
    return null;
  };
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) { if (e.name === 'first-contentful-paint') { out.fcp = e.startTime; } }
  }).observe({type: 'paint', buffered: true});
  const frame = (ts) => {
    for (const [key, sel, inViewport] of [['qe', 'a[data-kit-qe]', true], ['e999', 'a[href="tel:999"]', false]]) {
      if (!(key in out)) {
        const r = rendered(sel, inViewport);
        if (r) { out[key] = Object.assign({frame: ts}, r); }
      }
    }
    if (performance.now() < 60000 && !('qe' in out && 'e999' in out && 'fcp' in out)) {
      requestAnimationFrame(frame);
    }
  };
  requestAnimationFrame(frame);
})();"""


def one_run(browser, url: str) -> dict:
    context = browser.new_context(service_workers="block", viewport=VIEWPORT)
    try:
        context.add_init_script(PROBE)
        page = context.new_page()
        cdp = context.new_cdp_session(page)
        cdp.send("Network.enable")
        cdp.send("Network.setCacheDisabled", {"cacheDisabled": True})
        cdp.send("Network.emulateNetworkConditions", CONDITIONS)
        page.goto(url, wait_until="load", timeout=120_000)
        page.wait_for_timeout(300)
        got = page.evaluate("window.__kitPaint")
    finally:
        context.close()
    fcp = got.get("fcp")
    result = {"fcp": fcp}
    for key in ("qe", "e999"):
        if key in got and fcp is not None:
            result[key] = max(got[key]["frame"], fcp)
            result[key + "_below"] = got[key]["below"]
    return result


def median_ms(runs: list[dict], key: str) -> str:
    values = [r[key] for r in runs if r.get(key) is not None]
    if len(values) < len(runs):
        return "-"
    text = f"{statistics.median(values) / 1000:.2f} s"
    return text + (" (below)" if any(r.get(key + "_below") for r in runs) else "")


def section_slow_network(bench: Bench) -> None:
    from playwright.sync_api import sync_playwright

    editions = bench.editions(example=False)
    heading(f"Slow network: quick exit and 999 painted ({THROUGHPUT * 8 // 1000} kbit/s, {LATENCY_MS} ms round trip, "
            f"median of {RUNS}, Chromium)")
    print(f"DevTools throttling (Network.emulateNetworkConditions): {THROUGHPUT:,} bytes/s down and up, "
          f"{LATENCY_MS} ms added to each request; cache off, new context a run,")
    print(f"{VIEWPORT['width']}x{VIEWPORT['height']} viewport. Times from navigation start until painted: the start of "
          "the first animation frame in which the element")
    print("is laid out (quick exit: a[data-kit-qe] inside the viewport; 999: the first tel:999 link), or the first "
          "contentful paint if later.")
    print("(below): laid out under the first screen. The plain build has no quick exit.")
    rows = []
    with sync_playwright() as p:
        browser = launch(p)
        try:
            for ed in editions:
                pages = [("home", "index.html"), ("checklist", checklist_page(ed.ours.site)),
                         ("longest", longest_page(ed.ours.site))]
                with edition_servers(ed) as (ours, plain):
                    for what, rel in pages:
                        if rel is None:
                            continue
                        has_plain = ed.plain is not None and (ed.plain.site / rel).is_file()
                        runs: dict[str, list[dict]] = {"ours": [], "plain": []}
                        for _ in range(RUNS):
                            runs["ours"].append(one_run(browser, ours.url + url_path(rel).lstrip("/")))
                            if has_plain:
                                runs["plain"].append(one_run(browser, plain.url + url_path(rel).lstrip("/")))
                        for name in ("ours", "plain") if has_plain else ("ours",):
                            r = runs[name]
                            rows.append([ed.label.split(" ")[0], f"{url_path(rel)} ({what})", name,
                                         median_ms(r, "qe"), median_ms(r, "e999"), median_ms(r, "fcp")])
        finally:
            browser.close()
    print()
    table(["edition", "page", "build", "quick exit painted", "999 painted", "first contentful paint"], rows,
          "lllrrr")
