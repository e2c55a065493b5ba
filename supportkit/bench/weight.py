"""`make bench` section: the bytes a first visit downloads, page by page, for
every web edition (the one measured, the example organisation, the bilingual
example in both languages) beside the plain build where there is one, and the
kiosk (read from disk). Target: at most 14 KB a page."""
from __future__ import annotations


from supportkit.bench.browse import first_visit, kiosk_visit, met, method_lines
from supportkit.bench.common import (HOME_TARGET_GZIP, LOCAL_HOST, Bench, heading, launch, nbytes, pages_of, ratio,
                                     table, url_path)
from supportkit.bench.server import edition_servers
from supportkit.bench.wire import FIRST_VISIT_TARGET


def section_weight(bench: Bench) -> None:
    from playwright.sync_api import sync_playwright

    editions = bench.editions()
    bench.ensure(bench.kiosk)
    heading("First visit: bytes on the wire, page by page (new browser context per page, empty cache)")
    method_lines("opens each page in a new context")
    print(f"Target: at most {FIRST_VISIT_TARGET:,} bytes (14 KB) a page, what the first round trip of a new "
          "connection can carry (see round-trips).")
    foreign: list[tuple[str, str, str]] = []
    home = None
    with sync_playwright() as p:
        browser = launch(p)
        try:
            for ed in editions:
                with edition_servers(ed) as (ours, plain):
                    rows, worst, count = [], None, 0
                    pages = pages_of(ed.ours.site)
                    for rel in pages:
                        o = first_visit(browser, ours, url_path(rel))
                        pl = first_visit(browser, plain, url_path(rel)) \
                            if ed.plain and (ed.plain.site / rel).is_file() else None
                        foreign += [(ed.label, url_path(rel), u) for v in (o, pl) if v for u in v.foreign]
                        rows.append([url_path(rel), nbytes(o.body), str(o.requests), nbytes(o.headers),
                                     met(o.body, FIRST_VISIT_TARGET), nbytes(pl and pl.body),
                                     str(pl.requests) if pl else "-", ratio(o.body, pl and pl.body)])
                        count += o.body <= FIRST_VISIT_TARGET
                        if worst is None or o.body > worst[1]:
                            worst = (url_path(rel), o.body)
                        if rel == "index.html" and ed.ours is bench.ours:
                            home = o.body
                    print()
                    print(f"{ed.label}" + ("" if ed.plain else "  (no plain build: plain Material has no "
                                                                "bilingual build of this Markdown)"))
                    table(["page", "ours bytes", "req", "headers", "<= 14 KB", "plain bytes", "req",
                           "ours/plain"], rows)
                    print(f"worst page: {worst[0]} {worst[1]:,} bytes -> {met(worst[1], FIRST_VISIT_TARGET)};"
                          f" {count} of {len(pages)} pages meet the target")
            if home is not None:
                print()
                print(f"home page of {bench.args.config}: at most 60 KB ({HOME_TARGET_GZIP:,} bytes), the earlier "
                      f"target -> {met(home, HOME_TARGET_GZIP)} ({home:,} bytes)")
            kiosk_section(browser, bench, foreign)
        finally:
            browser.close()
    print()
    if foreign:
        print(f"WARNING: {len(foreign)} request(s) to a host other than {LOCAL_HOST} (blocked):")
        for label, page, u in foreign:
            print(f"  {label}  {page}  {u}")
    else:
        print(f"Every request stayed on {LOCAL_HOST} (or on disk, for the kiosk).")


def kiosk_section(browser, bench: Bench, foreign: list) -> None:
    folder = bench.kiosk.site
    names = sorted(p.name for p in folder.glob("*.html") if p.name != "404.html")
    names.sort(key=lambda n: n != "index.html")
    rows = []
    for name in names:
        size, reads, off = kiosk_visit(browser, folder, name)
        foreign += [("kiosk", name, u) for u in off]
        rows.append([name, nbytes(size), str(reads)])
    print()
    print(f"kiosk of {bench.args.config}: opened from file://, so every byte is read from the local disk, "
          "uncompressed, and none crosses a network:")
    print("the 14 KB target does not apply. Bytes of the files each page reads (new context per page).")
    table(["page", "bytes read", "files"], rows)
