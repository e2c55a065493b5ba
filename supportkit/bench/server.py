"""The bench's static server: the files of one built site on 127.0.0.1, as a
host serves them (supportkit/editions/hosting.py's cache rules, our .gz copies, gzip -6
on the fly for other text, ETag and 304), counting the bytes of every response
it sends, so a section can say what a visit cost on the wire."""
from __future__ import annotations

import bisect
import gzip
import http.server
import mimetypes
import threading
import time
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlsplit

from supportkit.bench.common import COMPRESSIBLE, LOCAL_HOST


@dataclass
class Hit:
    """One response: the path asked for, its status, and the bytes of its headers and of its body."""
    path: str
    status: int
    headers: int
    body: int


class _WireHandler(http.server.BaseHTTPRequestHandler):
    """Files of one folder as a host serves them: HTTP/1.1, the file's .gz to a browser that accepts
    gzip (else gzip level 6 on the fly for text), the hosting recipes' Cache-Control, an ETag and
    304 Not Modified for a copy that is still good, the site's 404.html for a missing file."""

    protocol_version = "HTTP/1.1"
    wire: "Server"

    def log_message(self, *args):
        pass

    def flush_headers(self):
        self._header_bytes = sum(len(b) for b in getattr(self, "_headers_buffer", []))
        super().flush_headers()

    def _file(self, path: str) -> tuple[int, Path | None, str]:
        root = self.wire.root
        parts = [p for p in path.split("/") if p]
        if any(p.startswith(".") or "\\" in p or "\0" in p for p in parts):
            return 404, None, ""
        target = root.joinpath(*parts)
        if target.is_dir():
            if not path.endswith("/"):
                return 301, None, path + "/"
            target = target / "index.html"
        if target.is_file():
            return 200, target, "/".join(target.relative_to(root).parts)
        lang = parts[:1] if parts and (root / parts[0] / "404.html").is_file() else []
        not_found = root.joinpath(*lang, "404.html")
        return 404, (not_found if not_found.is_file() else None), ""

    def _answer(self, head_only: bool) -> None:
        from supportkit.editions.hosting import cache_control

        arrived = self.wire._started()
        status, body, headers = 500, b"", []
        try:
            path = unquote(urlsplit(self.path).path)
            status, file, rel = self._file(path)
            if status == 301:
                headers.append(("Location", rel))
            elif file is not None:
                raw = file.stat()
                etag = f'"{raw.st_mtime_ns:x}-{raw.st_size:x}"'
                headers.append(("Content-Type", self.wire.content_type(file)))
                gzipped = None
                if "gzip" in self.headers.get("Accept-Encoding", ""):
                    gzipped = self.wire.gzipped(file)
                if file.suffix.lower() in self.wire.COMPRESSIBLE:
                    headers.append(("Vary", "Accept-Encoding"))
                if gzipped is not None:
                    headers.append(("Content-Encoding", "gzip"))
                    etag = etag[:-1] + '-gz"'
                if status == 200:
                    headers += [("Cache-Control", cache_control(rel)), ("ETag", etag)]
                    if etag in [t.strip() for t in self.headers.get("If-None-Match", "").split(",")]:
                        status = 304
                if status != 304:
                    body = gzipped if gzipped is not None else file.read_bytes()
            elif status == 404:
                body = b"Not found"
                headers.append(("Content-Type", "text/plain; charset=utf-8"))
            self.send_response(status)
            for name, value in self.wire.extra_headers + headers:
                self.send_header(name, value)
            if status != 304:
                self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            if not head_only and status != 304:
                self.wfile.write(body)
        except (BrokenPipeError, ConnectionResetError):      # the browser closed the tab meanwhile
            self.close_connection = True
        finally:
            self.wire._finished(arrived, Hit(self.path, status, getattr(self, "_header_bytes", 0),
                                             0 if head_only or status == 304 else len(body)))

    def do_GET(self):
        self._answer(head_only=False)

    def do_HEAD(self):
        self._answer(head_only=True)


class Server:
    """A static server for one built site on 127.0.0.1, random port, in a thread, that answers as
    the hosting recipes do (see _WireHandler), sends `extra_headers` with every response, and
    records each response's bytes (hits; take() returns and forgets them)."""

    COMPRESSIBLE = COMPRESSIBLE
    TYPES = {".html": "text/html; charset=utf-8", ".css": "text/css; charset=utf-8",
             ".js": "text/javascript; charset=utf-8", ".svg": "image/svg+xml", ".json": "application/json",
             ".xml": "application/xml", ".txt": "text/plain; charset=utf-8",
             ".webmanifest": "application/manifest+json"}

    def __init__(self, directory: Path, extra_headers: list[tuple[str, str]] | tuple = ()):
        self.root = Path(directory)
        self.extra_headers = list(extra_headers)
        self.hits: list[Hit] = []          # in the order the requests arrived
        self._arrivals: list[int] = []     # each hit's place in that order
        self._arrived = 0
        self._lock = threading.Lock()
        self._busy = 0
        self._last = time.monotonic()
        self._gz: dict[Path, bytes] = {}
        handler = type("WireHandler", (_WireHandler,), {"wire": self})
        self.httpd = http.server.ThreadingHTTPServer((LOCAL_HOST, 0), handler)
        self.httpd.daemon_threads = True
        self.url = f"http://{LOCAL_HOST}:{self.httpd.server_address[1]}/"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    def content_type(self, file: Path) -> str:
        return self.TYPES.get(file.suffix.lower()) or mimetypes.guess_type(file.name)[0] or "application/octet-stream"

    def gzipped(self, file: Path) -> bytes | None:
        """The body for a browser that accepts gzip: the build's .gz, or gzip -6 of a text file."""
        gz = file.with_name(file.name + ".gz")
        if gz.is_file():
            return gz.read_bytes()
        if file.suffix.lower() not in self.COMPRESSIBLE:
            return None
        with self._lock:
            if file not in self._gz:
                self._gz[file] = gzip.compress(file.read_bytes(), compresslevel=6, mtime=0)
            return self._gz[file]

    def _started(self) -> int:
        """A request arrived: its number in the order of arrival."""
        with self._lock:
            self._busy += 1
            self._arrived += 1
            return self._arrived

    def _finished(self, arrived: int, hit: Hit):
        """Its response is sent. Responses are handled in threads, so one can end before an
        earlier one has (a CI run saw a 304 listed before the 200 it revalidated): the hit
        goes in at its place in the order the requests arrived."""
        with self._lock:
            self._busy -= 1
            self._last = time.monotonic()
            at = bisect.bisect(self._arrivals, arrived)
            self._arrivals.insert(at, arrived)
            self.hits.insert(at, hit)

    def served(self, path: str) -> bool:
        """Whether a response for path (without its query) has been sent since the last take()."""
        with self._lock:
            return any(urlsplit(h.path).path == path for h in self.hits)

    def take(self) -> list[Hit]:
        with self._lock:
            hits, self.hits, self._arrivals = self.hits, [], []
        return hits

    def wait_quiet(self, quiet: float = 0.3, timeout: float = 15) -> None:
        """Until no response has been sent or under way for `quiet` seconds."""
        end = time.monotonic() + timeout
        while time.monotonic() < end:
            with self._lock:
                if not self._busy and time.monotonic() - self._last >= quiet:
                    return
            time.sleep(0.05)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.httpd.shutdown()
        self.httpd.server_close()
        self.thread.join(timeout=5)


def hosting_headers(site: Path) -> list[tuple[str, str]]:
    """The hosting recipes' headers for a built web edition of ours (its policy from its pages)."""
    from supportkit.editions.hosting import built_policy, security_headers

    return security_headers(built_policy(site))


@contextmanager
def edition_servers(ed) -> Iterator[tuple[Server, Server | None]]:
    """Our build of an edition, served with the hosting recipes' headers, and the
    plain build of the same Markdown (None when the edition has no plain build)."""
    with ExitStack() as stack:
        ours = stack.enter_context(Server(ed.ours.site, hosting_headers(ed.ours.site)))
        plain = stack.enter_context(Server(ed.plain.site)) if ed.plain else None
        yield ours, plain
