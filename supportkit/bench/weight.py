"""`make bench` section: bytes and requests a first visit downloads, page by page, in Chromium."""
from __future__ import annotations

import gzip
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlparse

from supportkit.bench.common import (CHROMIUM, HOME_TARGET_GZIP, LOCAL_HOST, OURS_SITE, PLAIN_SITE, Bench, Server,
                                     heading, kb, ratio, table)


@dataclass
class Visit:
    raw: int = 0
    gzip: int = 0
    requests: int = 0
    foreign: list[str] = field(default_factory=list)


def pages_of(site: Path) -> list[str]:
    """Relative paths of every index.html (404.html is not one), home page first."""
    rel = sorted(p.relative_to(site).as_posix() for p in site.rglob("index.html"))
    return sorted(rel, key=lambda r: (r != "index.html", r))


def first_visit(browser, url: str) -> Visit:
    """Load url in a new context (empty cache); sum every response body."""
    visit = Visit()
    responses = []
    context = browser.new_context(service_workers="block")

    def on_request(req):
        visit.requests += 1
        u = urlparse(req.url)
        if u.scheme in ("http", "https", "ws", "wss") and u.hostname != LOCAL_HOST:
            visit.foreign.append(req.url)

    context.on("request", on_request)
    context.on("response", lambda resp: responses.append(resp))
    try:
        page = context.new_page()
        page.goto(url, wait_until="networkidle")
        page.wait_for_timeout(500)
        for resp in responses:
            try:
                body = resp.body()
            except Exception:           # redirects and aborted requests have no body
                continue
            visit.raw += len(body)
            visit.gzip += len(gzip.compress(body, compresslevel=6))
    finally:
        context.close()
    return visit


def section_weight(bench: Bench) -> None:
    from playwright.sync_api import sync_playwright

    bench.ensure_built()
    heading("Page weight on first visit (new browser context per page, empty cache)")
    print("Bodies summed as served (raw) and gzip level 6 compressed in Python (gzip).")
    print("Plain build: theme material with font: false, so no fonts come from another host.")
    print()
    pages = pages_of(OURS_SITE)
    results: dict[str, tuple[Visit, Visit | None]] = {}
    foreign: list[tuple[str, str, str]] = []
    with Server(OURS_SITE) as ours_srv, Server(PLAIN_SITE) as plain_srv, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=[
            "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
            # Belt and braces: no host but 127.0.0.1 resolves, so nothing leaves the machine.
            f"--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE {LOCAL_HOST}"])
        try:
            for rel in pages:
                path = rel[: -len("index.html")]
                ours = first_visit(browser, ours_srv.url + path)
                plain = (first_visit(browser, plain_srv.url + path)
                         if (PLAIN_SITE / rel).exists() else None)
                results[rel] = (ours, plain)
                for name, v in (("ours", ours), ("plain", plain)):
                    foreign += [(name, "/" + path, u) for u in (v.foreign if v else [])]
        finally:
            browser.close()

    rows = []
    for rel, (o, pl) in results.items():
        rows.append(["/" + rel[: -len("index.html")], kb(o.raw), kb(o.gzip), str(o.requests),
                     kb(pl and pl.raw), kb(pl and pl.gzip), str(pl.requests) if pl else "-",
                     ratio(o.gzip, pl and pl.gzip)])
    tot_o = [sum(o.raw for o, _ in results.values()), sum(o.gzip for o, _ in results.values())]
    plains = [pl for _, pl in results.values() if pl]
    tot_p = [sum(pl.raw for pl in plains), sum(pl.gzip for pl in plains)]
    rows.append(["(all pages)", kb(tot_o[0]), kb(tot_o[1]),
                 str(sum(o.requests for o, _ in results.values())),
                 kb(tot_p[0]), kb(tot_p[1]), str(sum(pl.requests for pl in plains)),
                 ratio(tot_o[1], tot_p[1])])
    table(["page", "ours raw", "ours gzip", "req", "plain raw", "plain gzip", "req",
           "gzip ours/plain"], rows)

    if "index.html" in results:
        o, pl = results["index.html"]
        print()
        print("Home page, first visit:")
        table(["site", "raw", "gzip", "bytes gzip", "requests"],
              [["ours", kb(o.raw), kb(o.gzip), str(o.gzip), str(o.requests)],
               ["plain", kb(pl and pl.raw), kb(pl and pl.gzip), str(pl.gzip) if pl else "-",
                str(pl.requests) if pl else "-"]])
        print(f"ratio gzip ours/plain: {ratio(o.gzip, pl and pl.gzip)}")
        met = o.gzip <= HOME_TARGET_GZIP
        print(f"target: home page first visit at most 60 KB gzip ({HOME_TARGET_GZIP} bytes)"
              f"   -> {'met' if met else 'NOT met'} ({o.gzip} bytes)")

    print()
    if foreign:
        print(f"WARNING: {len(foreign)} request(s) to a host other than {LOCAL_HOST} (blocked):")
        for name, page, u in foreign:
            print(f"  {name:5}  {page}  {u}")
    else:
        print(f"Every request stayed on {LOCAL_HOST}.")


