"""The web edition's pages without the indentation MkDocs' templates leave.

Each run of white space between or inside the pages' text that holds a line
break becomes that one line break. A browser shows any run of white space as
one space (or none) unless CSS keeps it (white-space: pre, pre-wrap, pre-line,
break-spaces), so nobody sees a difference; what is inside <pre>, <textarea>,
<script> and <style> is left exactly as it was, and so are attribute values.
The pages get 10 to 16% smaller, and 5 to 8% once compressed.

The CSS step (supportkit/css.py) runs it on the web edition, whose pages are
sent over the network, and leaves it out when its stylesheet would keep white
space anywhere. KIT_CSS_STEP=0 turns both off, for the visual guard.
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
