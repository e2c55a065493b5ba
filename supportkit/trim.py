"""The web edition's pages without the indentation MkDocs' templates leave, and
without the parts of Material's markup that only its JavaScript uses.

Each run of white space between or inside the pages' text that holds a line
break becomes that one line break. A browser shows any run of white space as
one space (or none) unless CSS keeps it (white-space: pre, pre-wrap, pre-line,
break-spaces), so nobody sees a difference; what is inside <pre>, <textarea>,
<script> and <style> is left exactly as it was, and so are attribute values.
The pages get 10 to 16% smaller, and 5 to 8% once compressed.

The web edition runs none of Material's JavaScript, so the few parts of
Material's markup that only that JavaScript shows or fills can go
(UNUSED_MATERIAL, each with the reason): nobody can see them, and their rules
then leave the stylesheet too (drop_unused_material runs before the CSS step).

supportkit/build.py runs both on the web edition, whose pages are sent over the
network; the kiosk runs Material's JavaScript and is read from a disk, and is
left as it is. Trimming is left out when the edition's stylesheet would keep
white space anywhere. KIT_CSS_STEP=0 turns both off with the CSS step, for the
visual guard (tests/test_css.py).
"""
from __future__ import annotations

import re
from pathlib import Path

# Tags (with quoted attribute values, which may hold ">"), comments, and the
# elements whose text must stay exactly as written.
_TOKEN = re.compile(
    r"<!--.*?-->"
    r"|<(pre|textarea|script|style)\b(?:[^>\"']|\"[^\"]*\"|'[^']*')*>.*?</\1\s*>"
    r"|<(?:[^>\"']|\"[^\"]*\"|'[^']*')*>",
    re.S | re.I)
_RUN = re.compile(r"[ \t\r\f]*\n[ \t\n\r\f]*")     # ASCII white space only: a no-break space stays
KEEPS_SPACE = re.compile(r"white-space\s*:\s*(pre|break-spaces)", re.I)

# Material's markup (mkdocs-material 9.8.1, base.html and header.html) that only its
# JavaScript shows or fills; on a page that runs none of it, nobody can see it.
UNUSED_MATERIAL = (
    # the search's toggle: the web edition has no search
    re.compile(r'<input class="md-toggle" data-md-toggle="search" type="checkbox" id="__search" autocomplete="off">\s*'),
    # the drawer's overlay: below the wide breakpoint components/navigation/ hides it with the
    # drawer; above it, an empty label Material gives no size
    re.compile(r'<label class="md-overlay" for="__drawer"></label>\s*'),
    # Material's "Skip to content", hidden by components/page/page.css: the kit's own skip link replaces it
    re.compile(r'<div data-md-component="skip">\s*(?:<a href="[^"<>]*" class="md-skip">[^<]*</a>\s*)?</div>\s*'),
    # the announcement bar's slot: the kit sets no announcement, and it is empty
    re.compile(r'<div data-md-component="announce">\s*</div>\s*'),
    # the "copied" message's empty box, which only Material's JavaScript opens
    re.compile(r'<div class="md-dialog" data-md-component="dialog">\s*<div class="md-dialog__inner md-typeset"></div>\s*</div>\s*'),
    # the header's second title (the page's), which Material's JavaScript swaps in on scrolling;
    # without it components/page/page.css hides it (.no-js)
    re.compile(r'<div class="md-header__topic" data-md-component="header-topic">\s*<span class="md-ellipsis">[^<]*</span>\s*</div>\s*'),
)


def drop_unused_material(site: Path) -> int:
    """Take UNUSED_MATERIAL out of every page of a built web edition (whose pages run
    none of Material's JavaScript); return how many parts went."""
    dropped = 0
    for path in sorted(Path(site).rglob("*.html")):
        text = path.read_text(encoding="utf-8")
        if 'class="no-js"' not in text[:500]:
            continue                     # not one of Material's pages
        new = text
        for pattern in UNUSED_MATERIAL:
            new, n = pattern.subn("", new, count=1)
            dropped += n
        if new != text:
            path.write_text(new, encoding="utf-8")
    return dropped


def trim(html: str) -> str:
    """The page with each run of white space holding a line break, outside tags and
    preformatted elements, reduced to one line break."""
    out, pos = [], 0
    for m in _TOKEN.finditer(html):
        out.append(_RUN.sub("\n", html[pos:m.start()]))
        out.append(m.group(0))
        pos = m.end()
    out.append(_RUN.sub("\n", html[pos:]))
    return "".join(out)


def trim_site(site: Path, css: str) -> int:
    """Trim every page of a built web edition; return the bytes saved. Nothing is
    trimmed when its stylesheet keeps white space (`css`, the edition's one sheet)."""
    if KEEPS_SPACE.search(css):
        return 0
    saved = 0
    for path in sorted(Path(site).rglob("*.html")):
        text = path.read_text(encoding="utf-8")
        new = trim(text)
        if new != text:
            path.write_text(new, encoding="utf-8")
            saved += len(text.encode("utf-8")) - len(new.encode("utf-8"))
    return saved
