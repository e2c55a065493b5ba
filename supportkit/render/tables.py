"""Tables that scroll sideways instead of squeezing (components/page/page.css,
`.kit-table`).

A Markdown table as wide as the behaviour diary's eight columns cannot fit a
phone: squeezed into 343 px, its headings broke a letter a line. wrap_tables()
puts each table of a page in a region (a <section> with a name) that scrolls
sideways when the table is wider than the screen: a Tab stop (tabindex="0"),
so it scrolls from the keyboard too, named by the heading above the table
(aria-labelledby). On a screen wide enough nothing moves. Leaflets take the
region off again (supportkit/editions/leaflets.py): paper does not scroll.
"""
from __future__ import annotations

import re

from supportkit.core.errors import KitError

CLASS = "kit-table"
TABLE = re.compile(r"<table\b.*?</table>", re.S)
HEADING_ID = re.compile(r"<h[1-6]\b[^>]*?\sid=\"([^\"]+)\"")


def wrap_tables(html: str, source: str) -> str:
    """Each <table> of a page's content in <section class="kit-table" tabindex="0"
    aria-labelledby="(the id of the last heading before it)">."""
    out, last = [], 0
    for m in TABLE.finditer(html):
        headings = HEADING_ID.findall(html, 0, m.start())
        if not headings:
            raise KitError(source, "table", "a table has no heading above it, so the region that lets it "
                           "scroll sideways on a phone would have no name",
                           "put a heading (# or ##) somewhere above the table")
        out += [html[last:m.start()],
                f'<section class="{CLASS}" tabindex="0" aria-labelledby="{headings[-1]}">',
                m.group(0), "</section>"]
        last = m.end()
    return "".join(out) + html[last:]
