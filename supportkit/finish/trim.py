"""The web edition's pages without the indentation MkDocs' templates leave, and
without the parts of Material's markup that only its JavaScript uses.

Each run of white space between or inside the pages' text that holds a line
break becomes that one line break. A browser shows any run of white space as
one space (or none) unless CSS keeps it (white-space: pre, pre-wrap, pre-line,
break-spaces), so nobody sees a difference; what is inside <pre>, <textarea>,
<script> and <style> is left exactly as it was, and so are attribute values.
The pages get 10 to 16% smaller, and 5 to 8% once compressed.

The web edition runs none of Material's JavaScript, so the few parts of
Material's markup that only that JavaScript shows or fills, or that Material's
stylesheet and the kit's hide at every width, can go (UNUSED_MATERIAL and
nested_toc(), each with the reason), and so can the data-md-* attributes only
that JavaScript reads (UNUSED_ATTRIBUTES): nobody can see them, and their rules
then leave the stylesheet too (drop_unused_material runs before the CSS step).
The pages' text also loses the character references MkDocs' templates write for
quotation marks and apostrophes (&#39; and &#34;), and those the kit's
components write for Markdown's sake (&#40; for "(", &#95; for "_" ...), which
text needs no more than a letter does; "<", ">" and "&" keep theirs, and in
attribute values they all stay.

supportkit/editions/web.py runs both on the web edition, whose pages are sent over the
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
_TAG = re.compile(r"<!--.*?-->|<[a-zA-Z](?:[^>\"']|\"[^\"]*\"|'[^']*')*>", re.S)
_RUN = re.compile(r"[ \t\r\f]*\n[ \t\n\r\f]*")     # ASCII white space only: a no-break space stays
KEEPS_SPACE = re.compile(r"white-space\s*:\s*(pre|break-spaces)", re.I)

# Material's markup (mkdocs-material 9.8.1, base.html and header.html; and Zensical's copy
# of it, 0.0.73, classic) that only its JavaScript shows or fills; on a page that runs none
# of it, nobody can see it.
UNUSED_MATERIAL = (
    # the search's toggle: the web edition has no search
    re.compile(r'<input class="md-toggle" data-md-toggle="search" type="checkbox" id="__search" autocomplete="off">\s*'),
    # the drawer's overlay: below the wide breakpoint components/navigation/ hides it with the
    # drawer; above it, an empty label Material gives no size
    re.compile(r'<label class="md-overlay" for="__drawer"(?: aria-hidden="true")?></label>\s*'),
    # Material's "Skip to content", hidden by components/page/page.css: the kit's own skip link replaces it
    re.compile(r'<div data-md-component="skip">\s*(?:<a href="[^"<>]*" class="md-skip">[^<]*</a>\s*)?</div>\s*'),
    # the announcement bar's slot: the kit sets no announcement, and it is empty
    re.compile(r'<div data-md-component="announce">\s*</div>\s*'),
    # the "copied" message's empty box, which only Material's JavaScript opens
    # (Zensical's adds role="status" aria-atomic="true")
    re.compile(r'<div class="md-dialog" data-md-component="dialog"(?: role="status" aria-atomic="true")?>\s*'
               r'<div class="md-dialog__inner md-typeset"></div>\s*</div>\s*'),
    # the header's second title (the page's), which Material's JavaScript swaps in on scrolling;
    # without it components/page/page.css hides it (.no-js)
    re.compile(r'<div class="md-header__topic" data-md-component="header-topic">\s*<span class="md-ellipsis">[^<]*</span>\s*</div>\s*'),
    # the drawer's menu icon in the header: Material hides it from its wide breakpoint up, and
    # components/navigation/ below it, where the kit's menu button takes its place
    # (Zensical's, 0.0.73 classic, adds a visually hidden name)
    re.compile(r'<label class="md-header__button md-icon" for="__drawer">\s*<svg\b[^>]*>(?:(?!</svg>).)*</svg>\s*'
               r'(?:<span class="md-visually-hidden">[^<]*</span>\s*)?</label>\s*', re.S),
    # Zensical's search (0.0.73 classic): its icon, and a button that opens a dialog its
    # JavaScript builds; the web edition has no search and runs none of it
    re.compile(r'<label class="md-header__button md-icon" for="__search">\s*<svg\b[^>]*>(?:(?!</svg>).)*</svg>\s*'
               r'(?:<span class="md-visually-hidden">[^<]*</span>\s*)?</label>\s*', re.S),
    re.compile(r'<div class="md-search" data-md-component="search" role="dialog" aria-label="[^"<>]*">\s*'
               r'<button type="button" class="md-search__button">[^<]*</button>\s*</div>\s*'),
    # Zensical's empty slot for a repository's name (the kit names none)
    re.compile(r'<div class="md-header__source">\s*</div>\s*'),
    # the logo inside the primary navigation's title: Material hides .md-nav__title .md-nav__button
    # at every width (only its drawer, which the kit hides below the wide breakpoint, shows it)
    (re.compile(r'(<label class="md-nav__title" for="__drawer">\s*)<a [^>]*class="md-nav__button md-logo"[^>]*>(?:(?!</a>).)*</a>\s*', re.S), r"\1"),
    # the back arrow in the title of the contents beside the page: Material hides it from 60em up,
    # where those contents show (.md-sidebar--secondary is display: none below 60em, and in print)
    (re.compile(r'(<label class="md-nav__title" for="__toc">\s*)<span class="md-nav__icon md-icon"></span>\s*'), r"\1"),
    # the generator's name and version: a search engine's business, nobody's on the page
    re.compile(r'<meta name="generator" content="[^"<>]*">\s*'),
    # the previous and next pages in the navigation's order: browsers show them nowhere, and
    # Material's JavaScript alone reads them (its "p" and "n" keys); 20 bytes of the Welsh law
    # page's first visit once compressed, which keeps that page within 14 KB
    re.compile(r'<link rel="prev" href="[^"<>]*">\s*'),
    re.compile(r'<link rel="next" href="[^"<>]*">\s*'),
)
# Attributes only Material's JavaScript reads; no rule of Material's stylesheet or the kit's
# tests them (the kit's own rules test data-md-component="skip" only, whose element goes above).
UNUSED_ATTRIBUTES = re.compile(r'\s(?:data-md-(?:component|type|level)="[^"<>]*"|data-md-scrollfix)(?=[\s>/])')
# The current page's table of contents inside the primary navigation (a label for the __toc toggle
# and a second copy of the page's contents): Material shows it only in its drawer below 60em,
# which the kit hides below the wide breakpoint (components/navigation/), and hides it at every
# other width; the contents beside the page (.md-sidebar--secondary) are the visible copy. The
# __toc toggle stays: that copy's title is its label.
_ACTIVE = re.compile(r'<a href="[^"<>]*" class="md-nav__link md-nav__link--active">\s*<span class="md-ellipsis">[^<]*</span>\s*</a>\s*')
_TOC_LABEL = re.compile(r'<label class="md-nav__link md-nav__link--active" for="__toc">(?:(?!</label>).)*</label>\s*', re.S)
_NAV = re.compile(r"<(/?)nav\b[^>]*>")


def nested_toc(html: str) -> tuple[str, int]:
    """The page without the table of contents inside its primary navigation (see _ACTIVE)."""
    label = _TOC_LABEL.search(html)
    active = _ACTIVE.match(html, label.end()) if label else None
    if not active:
        return html, 0
    start, depth = active.end(), 0
    for m in _NAV.finditer(html, start):
        if depth == 0 and (m.start() != start or m.group(1) or 'class="md-nav md-nav--secondary"' not in m.group(0)):
            break                        # no table of contents right after the active link
        depth += -1 if m.group(1) else 1
        if depth == 0:
            end = re.compile(r"\s*").match(html, m.end()).end()
            return html[:label.start()] + html[label.end():start] + html[end:], 1
    return html[:label.start()] + html[label.end():], 1


def drop_unused_material(site: Path) -> int:
    """Take UNUSED_MATERIAL, the nested table of contents and UNUSED_ATTRIBUTES out of every
    page of a built web edition (whose pages run none of Material's JavaScript); return how
    many parts went."""
    dropped = 0
    for path in sorted(Path(site).rglob("*.html")):
        text = path.read_text(encoding="utf-8")
        if 'class="no-js"' not in text[:500]:
            continue                     # not one of Material's pages
        new, dropped_toc = nested_toc(text)      # first: it holds a second copy of parts below
        dropped += dropped_toc
        for pattern in UNUSED_MATERIAL:
            pattern, replacement = pattern if isinstance(pattern, tuple) else (pattern, "")
            new, n = pattern.subn(replacement, new, count=1)
            dropped += n
        new = _TAG.sub(lambda m: UNUSED_ATTRIBUTES.sub("", m.group(0)) if m.group(0)[1] != "!" else m.group(0), new)
        if new != text:
            path.write_text(new, encoding="utf-8")
    return dropped


# Characters the kit's components write as character references in text only so that Markdown
# reads them as text (supportkit/render/components.py, md_text): in a built page's text they
# need it no more than a letter does. "<" and "&" keep theirs.
_PLAIN = "".join(chr(n) for n in range(33, 127) if chr(n) not in "<>&")
_REFERENCE = re.compile(r"&#(\d{2,3});")


def _character(m: re.Match) -> str:
    ch = chr(int(m.group(1)))
    return ch if ch in _PLAIN else m.group(0)


def _text(text: str) -> str:
    return _REFERENCE.sub(_character, _RUN.sub("\n", text))


def trim(html: str) -> str:
    """The page with each run of white space holding a line break, outside tags and
    preformatted elements, reduced to one line break, and the character references of
    printable ASCII characters but <, > and & in its text (&#39;, &#34;, &#40; ...)
    written as the characters they stand for."""
    out, pos = [], 0
    for m in _TOKEN.finditer(html):
        out.append(_text(html[pos:m.start()]))
        out.append(m.group(0))
        pos = m.end()
    out.append(_text(html[pos:]))
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
