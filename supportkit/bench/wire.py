"""What a page costs on the wire: the bytes a server sends for a file, the
resources that block a page's first render, and the round trips they take.
Pure functions of the built files (no browser, no server); the sections and
tests/test_bench.py use them.

Bytes on the wire. For our web editions the build writes a .gz beside every
text file (Zopfli or gzip level 9, supportkit/finish/precompress.py) and the hosting recipes
send it to browsers that accept gzip, so a file with a .gz costs the .gz's
size. A text file without one (the plain build has none) costs its size after
gzip level 6, what a typical server compresses on the fly. Other files
(images, fonts: already compressed) cost their size. Response headers, TLS
and TCP/IP framing are not counted.

Round trips on the critical path (`round_trips`). The model:
  - one new connection; its handshakes (TCP, and TLS on a real site) come
    first and are the same for every page and both builds, so they are not
    counted;
  - the server sends in 1,460-byte segments; in the first round trip it may
    send 10 (the initial congestion window, 14,600 bytes);
  - slow start: each segment acknowledged adds one to the window, so a full
    window doubles from one round trip to the next (10, 20, 40 ...); a round
    trip that sends fewer grows the window only by what it sent; there is
    no loss;
  - round trip 1 carries the request for the HTML and the first window of
    it; the HTML takes as many round trips as its segments need;
  - once all of the HTML has arrived, the browser asks for the resources in
    its <head> that block rendering (stylesheets not for print, scripts
    without async, defer or type=module) all at once, on the same
    connection (HTTP/2), and the server sends their bytes back to back, in
    the window left by the HTML; they take the round trips their segments
    need, counted from the next one.
The answer is the number of round trips until the page can first render:
1 when the HTML fits in the first 14,600 bytes and nothing blocks. A real
browser's preload scanner asks for the stylesheets as soon as <head> has
arrived, which can save a round trip; the model does not, for ours or plain.
"""
from __future__ import annotations

import gzip
import math
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urljoin, urlsplit

from supportkit.bench.common import COMPRESSIBLE

SEGMENT = 1460                       # bytes of payload in a TCP segment (MSS on a 1500-byte MTU)
INITIAL_WINDOW = 10                  # segments (RFC 6928)
FIRST_VISIT_TARGET = 14 * 1024       # 14,336 bytes: a first visit within the first round trip's window
LATER_PAGE_TARGET = 8 * 1024         # 8,192 bytes: another page of the same visit
WIRE_METHOD = ("response bodies as sent to a browser that accepts gzip: a file's .gz where the build wrote one "
               "(Zopfli or gzip -9, our web editions),\n       else gzip level 6 in Python for text files (a typical server), "
               "else the file's size; headers, TLS and TCP/IP not counted")


def gzip6(data: bytes) -> int:
    return len(gzip.compress(data, compresslevel=6, mtime=0))


def wire_size(file: Path) -> int:
    """Bytes a server sends for `file` to a browser that accepts gzip (see the module's docstring)."""
    gz = file.with_name(file.name + ".gz")
    if gz.is_file():
        return gz.stat().st_size
    if file.suffix.lower() in COMPRESSIBLE:
        return gzip6(file.read_bytes())
    return file.stat().st_size


class _Head(HTMLParser):
    """Render-blocking resources in <head>, in document order."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.in_head = True
        self.blocking: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag == "body":
            self.in_head = False
        if not self.in_head:
            return
        a = {k: (v or "") for k, v in attrs}
        if tag == "link" and "stylesheet" in a.get("rel", "").lower().split() and a.get("href") \
                and a.get("media", "all").strip().lower() != "print" and "disabled" not in a:
            self.blocking.append(a["href"])
        elif tag == "script" and a.get("src") and "async" not in a and "defer" not in a \
                and a.get("type", "").lower() != "module":
            self.blocking.append(a["src"])

    def handle_endtag(self, tag):
        if tag == "head":
            self.in_head = False


def render_blocking(html: str) -> list[str]:
    """The URLs (as written) of the stylesheets and scripts in <head> that block the first render:
    stylesheets whose media is not print, scripts with a src and without async, defer or type=module."""
    parser = _Head()
    parser.feed(html)
    return parser.blocking


def local_file(site: Path, page: Path, url: str) -> Path | None:
    """The file in `site` that `url`, written in `page`, points to; None for another host or data:."""
    base = "file:///" + page.relative_to(site).as_posix()
    resolved = urlsplit(urljoin(base, url))
    if resolved.scheme != "file" or resolved.netloc:
        return None
    path = site / resolved.path.lstrip("/")
    return path / "index.html" if path.is_dir() else path


def round_trips(html_bytes: int, blocking_bytes: list[int] | tuple[int, ...] = (),
                initial_window: int = INITIAL_WINDOW, segment: int = SEGMENT) -> int:
    """Round trips from sending the request for the HTML until the page can first render, on one new
    connection (handshakes not counted): the HTML, then every render-blocking resource at once."""
    window = initial_window

    def send(segments: int) -> int:
        nonlocal window
        trips = 0
        while segments > 0:
            sent = min(segments, window)
            segments -= sent
            window += sent                  # slow start: one more segment per segment acknowledged
            trips += 1
        return trips

    trips = send(max(1, math.ceil(html_bytes / segment)))
    if sum(blocking_bytes) > 0:
        trips += send(math.ceil(sum(blocking_bytes) / segment))
    return trips

