"""`make bench` section: the bytes a later page of the same visit downloads.
For every page but a home page: open the home page in a new browser context
(HTTP cache on), then go to the page in the same tab, and count what the
server sends for that second navigation. A language's pages (the bilingual
example's en/) start from that language's home page. Target: at most 8 KB."""
from __future__ import annotations

from pathlib import Path

from supportkit.bench.browse import later_visit, met, method_lines
from supportkit.bench.common import (LOCAL_HOST, Bench, heading, language_of, launch, nbytes, pages_of, ratio, table,
                                     url_path)
from supportkit.bench.server import edition_servers
from supportkit.bench.wire import LATER_PAGE_TARGET


def home_of(site: Path, rel: str) -> str | None:
    """The home page a visit to rel starts from (its language folder's, else the site's); None for a home page."""
    lang = language_of(site, rel)
    home = f"{lang}/index.html" if lang else "index.html"
    return None if rel == home else home


def section_later_page(bench: Bench) -> None:
    from playwright.sync_api import sync_playwright

    editions = bench.editions()
    heading("A later page of the same visit: bytes on the wire (home page first, then the page, same context)")
    method_lines("opens the home page in a new context, then the page in the same tab with the HTTP cache on",
                 headers=False)
    print("Fingerprinted files are kept for a year, HTML and the rest are revalidated (304 Not Modified, no body).")
    print(f"Target: at most {LATER_PAGE_TARGET:,} bytes (8 KB) for the later page.")
    foreign: list[str] = []
    with sync_playwright() as p:
        browser = launch(p)
        try:
            for ed in editions:
                with edition_servers(ed) as (ours, plain):
                    pages = pages_of(ed.ours.site)
                    rows, worst, count = [], None, 0
                    for rel in pages:
                        home = home_of(ed.ours.site, rel)
                        if home is None:
                            continue
                        o = later_visit(browser, ours, "/" + home[: -len("index.html")], url_path(rel))
                        pl = later_visit(browser, plain, "/" + home[: -len("index.html")], url_path(rel)) \
                            if plain and (ed.plain.site / rel).is_file() else None
                        foreign += [u for v in (o, pl) if v for u in v.foreign]
                        rows.append([url_path(rel), "/" + home[: -len("index.html")], nbytes(o.body),
                                     f"{o.requests} ({o.not_modified})", met(o.body, LATER_PAGE_TARGET),
                                     nbytes(pl and pl.body), f"{pl.requests} ({pl.not_modified})" if pl else "-",
                                     ratio(o.body, pl and pl.body)])
                        count += o.body <= LATER_PAGE_TARGET
                        if worst is None or o.body > worst[1]:
                            worst = (url_path(rel), o.body)
                    print()
                    print(ed.label)
                    table(["page", "after", "ours bytes", "req (304)", "<= 8 KB", "plain bytes", "req (304)",
                           "ours/plain"], rows)
                    print(f"worst page: {worst[0]} {worst[1]:,} bytes -> {met(worst[1], LATER_PAGE_TARGET)};"
                          f" {count} of {len(rows)} pages meet the target")
        finally:
            browser.close()
    print()
    print(f"WARNING: {len(foreign)} request(s) off {LOCAL_HOST} (blocked): {foreign}" if foreign
          else f"Every request stayed on {LOCAL_HOST}.")
