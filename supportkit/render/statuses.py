"""The open-now status after the sentence it belongs to, never inside it.

A page says "Its opening times are: {{ hours("national-stalking-helpline") }}.
They can help you ..."; the macro gives the hours in words and, beside them,
the contact's open-now status (components/opening-status/), a line of its own
once a script fills it in. Left where the macro put it, that line would split
the sentence: "... Closed on bank holidays" / "Closed now - opens at 9:30am" /
". They can help you ...". after_blocks() moves each status to the end of the
paragraph or list item it is in, so the prose reads whole and the status
follows it. A status already at the end of its block (the help box, the
contact boxes) stays where it is.
"""
from __future__ import annotations

from html.parser import HTMLParser

STATUS_CLASS = "kit-open"
BLOCKS = ("p", "li", "td", "th", "dd", "dt")


class _Finder(HTMLParser):
    """Where each status starts and ends, and where its paragraph or list item closes."""

    def __init__(self, html: str):
        super().__init__(convert_charrefs=False)
        self.line_starts = [0]
        for i, ch in enumerate(html):
            if ch == "\n":
                self.line_starts.append(i + 1)
        self.stack: list[list] = []          # [tag, block index or None]
        self.blocks: list[dict] = []         # {"close": offset of its end tag}
        self.statuses: list[dict] = []       # {"start", "end", "block"}
        self.open_status: list = []          # [status, depth of its span]
        self.html = html

    def here(self) -> int:
        line, col = self.getpos()
        return self.line_starts[line - 1] + col

    def _block(self):
        for tag, block in reversed(self.stack):
            if block is not None:
                return block
        return None

    def handle_starttag(self, tag, attrs):
        start = self.here()
        block = None
        if tag in BLOCKS:
            block = len(self.blocks)
            self.blocks.append({"close": None})
        if tag == "span" and not self.open_status and STATUS_CLASS in (dict(attrs).get("class") or "").split():
            status = {"start": start, "end": None, "block": self._block()}
            self.statuses.append(status)
            self.open_status = [status, len(self.stack)]
        self.stack.append([tag, block])

    def handle_startendtag(self, tag, attrs):
        pass                                  # void elements change nothing here

    def handle_endtag(self, tag):
        at = self.here()
        for depth in range(len(self.stack) - 1, -1, -1):
            if self.stack[depth][0] == tag:
                break
        else:
            return
        for closed_tag, block in self.stack[depth:]:
            if block is not None and closed_tag == tag:
                self.blocks[block]["close"] = at
        if self.open_status and depth == self.open_status[1]:
            self.open_status[0]["end"] = at + len(f"</{tag}>")
            self.open_status = []
        del self.stack[depth:]


def after_blocks(html: str) -> str:
    """Each open-now status moved to the end of its paragraph or list item."""
    if f'class="{STATUS_CLASS}"' not in html:
        return html
    finder = _Finder(html)
    finder.feed(html)
    finder.close()
    moves = []
    for s in finder.statuses:
        if s["end"] is None or s["block"] is None:
            continue
        close = finder.blocks[s["block"]]["close"]
        if close is None or not html[s["end"]:close].strip():
            continue                          # already last in its block
        moves.append((s["start"], s["end"], close))
    if not moves:
        return html
    # One pass over the page: copy up to each cut, skip the status, and put the
    # statuses back just before their block's end tag.
    inserts: dict[int, list[str]] = {}
    for start, end, close in moves:
        inserts.setdefault(close, []).append(html[start:end])
    pieces, last = [], 0
    events = sorted([(start, "cut", end) for start, end, _ in moves] +
                    [(close, "put", None) for close in inserts])
    for at, kind, end in events:
        if kind == "cut":
            pieces.append(html[last:at])
            last = end
        else:
            pieces.append(html[last:at])
            pieces.extend(inserts.pop(at))
            last = at
    pieces.append(html[last:])
    return "".join(pieces)
