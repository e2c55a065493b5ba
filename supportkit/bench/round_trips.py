"""`make bench` section: round trips on the critical path of a first visit,
page by page, ours beside the plain build, computed from the built files with
wire.round_trips (its docstring has the model: initial window 10 segments of
1,460 bytes, slow start, the HTML then its render-blocking <head> resources
on the same new connection)."""
from __future__ import annotations

from supportkit.bench.common import Bench, heading, nbytes, pages_of, table, url_path
from supportkit.bench.wire import INITIAL_WINDOW, SEGMENT, local_file, render_blocking, round_trips, wire_size


def critical_path(site, rel: str) -> tuple[int, list[tuple[str, int]], int]:
    """(HTML bytes, [(render-blocking file, bytes)], round trips) of one page, bytes as on the wire."""
    page = site / rel
    blocking = []
    for url in render_blocking(page.read_text(encoding="utf-8")):
        f = local_file(site, page, url)
        if f is not None and f.is_file():
            blocking.append((f.relative_to(site).as_posix(), wire_size(f)))
    html = wire_size(page)
    return html, blocking, round_trips(html, [b for _, b in blocking])


def section_round_trips(bench: Bench) -> None:
    editions = bench.editions()
    heading(f"Round trips on the critical path (new connection, initial window {INITIAL_WINDOW} x {SEGMENT} bytes)")
    print("Computed from the built files (supportkit/bench/wire.py, round_trips): the HTML, then the stylesheets "
          "and scripts in its <head> that")
    print("block rendering (not media=print, not async/defer/module), asked for together once the HTML has "
          "arrived, on the same connection;")
    print("slow start from 10 segments, no loss; handshakes (TCP, TLS) not counted. Bytes as on the wire "
          "(our .gz, else gzip -6).")
    for ed in editions:
        rows = []
        blocking_files: dict[str, int] = {}
        for rel in pages_of(ed.ours.site):
            html, blocking, trips = critical_path(ed.ours.site, rel)
            blocking_files.update(blocking)
            p = critical_path(ed.plain.site, rel) if ed.plain and (ed.plain.site / rel).is_file() else None
            if p:
                blocking_files.update({"plain: " + n: b for n, b in p[1]})
            rows.append([url_path(rel), nbytes(html), nbytes(sum(b for _, b in blocking)), str(trips),
                         nbytes(p and p[0]), nbytes(p and sum(b for _, b in p[1])), str(p[2]) if p else "-"])
        print()
        print(ed.label)
        table(["page", "ours HTML", "blocking", "round trips", "plain HTML", "blocking", "round trips"], rows)
        print("render-blocking files: " + ", ".join(f"{n} {b:,}" for n, b in sorted(blocking_files.items())))
