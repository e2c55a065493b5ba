"""`make serve`: the edition on http://127.0.0.1:8000, as a real host would serve it.

It builds the web edition into site/ (supportkit/editions/web.py), then serves it on
loopback only, at the section's own path (site_url's, such as /stalking/; the
address / leads there), with the headers of the hosting recipes
(supportkit/editions/hosting.py): the same Content-Security-Policy, no referrer,
nosniff, the Permissions-Policy, the frame and opener rules and the cache
rules; the kit's 404 page; the .gz copies for browsers that accept gzip; no
dotfiles. So an author sees on their own machine anything the policy would
block on the council's server (the browser's console names it).

It watches docs/, components/, strings/, overrides/, mkdocs.yml and the
configuration file, and builds again a moment after any of them changes; a
build that fails prints the file, the key and the fix, and the last good
build stays served. Reload the page to see the new build: the preview adds
no script to the pages, so the policy is the one that will be published.
"""
from __future__ import annotations

import http.server
import logging
import posixpath
import sys
import threading
import time
from functools import partial
from pathlib import Path
from urllib.parse import unquote, urlsplit

from supportkit import COMPONENTS, OVERRIDES, ROOT, STRINGS

HOST = "127.0.0.1"
SETTLE = 0.4                 # seconds without another change before a rebuild starts
IGNORED_SUFFIXES = (".swp", ".swx", ".tmp", "~", ".pyc")


def watched(config_file: Path) -> tuple[list[Path], set[Path]]:
    """(folders watched with everything inside them, single files watched)."""
    folders = [ROOT / "docs", COMPONENTS, STRINGS, OVERRIDES]
    files = {(ROOT / "mkdocs.yml").resolve(), Path(config_file).resolve()}
    return folders, files


class Preview:
    """The folder being served, its path on the site and its headers, updated after each build."""

    def __init__(self, config_file: str, out: Path):
        self.config_file = config_file
        self.out = Path(out).absolute()
        self.lock = threading.Lock()
        self.prefix = "/"
        self.headers: list[tuple[str, str]] = []

    def build(self) -> bool:
        """Build into `out`; True when it succeeded. A failure prints the file, key and fix."""
        from supportkit.editions.web import build
        from supportkit.editions.run import run
        from supportkit.load.config import load_editions
        from supportkit.editions.hosting import built_policy, security_headers
        from supportkit.load.config import section_path

        def work():
            editions = load_editions(self.config_file)
            edition = next(iter(editions.values()))
            build(editions, self.out)
            policy = built_policy(self.out)
            with self.lock:
                self.prefix = section_path(edition.site_url)
                self.headers = security_headers(policy)

        return run(work, f"{self.out.name}/ is", debug=False) == 0


class Handler(http.server.SimpleHTTPRequestHandler):
    """Serves the preview's folder at its prefix, with the recipes' headers."""

    preview: Preview

    def log_request(self, code="-", size="-"):
        if str(getattr(code, "value", code)).startswith(("4", "5")):       # only what went wrong
            sys.stderr.write(f"{self.command} {self.path}: {getattr(code, 'value', code)}\n")

    def end_headers(self):
        for name, value in getattr(self, "_kit_headers", []):
            self.send_header(name, value)
        super().end_headers()

    def _redirect(self, location: str) -> None:
        self.send_response(301)
        self.send_header("Location", location)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def _send(self, status: int, file: Path, rel: str, head_only: bool) -> None:
        from supportkit.editions.hosting import cache_control

        accepts = "gzip" in self.headers.get("Accept-Encoding", "")
        gz = file.with_name(file.name + ".gz")
        body_file = gz if accepts and gz.is_file() else file
        body = body_file.read_bytes()
        kind = self.guess_type(str(file))
        if kind.startswith("text/") or kind in ("application/javascript", "image/svg+xml", "application/json"):
            kind += "; charset=utf-8" if "charset" not in kind else ""
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        if body_file is gz:
            self.send_header("Content-Encoding", "gzip")
        if gz.is_file():
            self.send_header("Vary", "Accept-Encoding")
        self.send_header("Cache-Control", cache_control(rel))
        self.end_headers()
        if not head_only:
            self.wfile.write(body)

    def _serve(self, head_only: bool) -> None:
        preview = self.preview
        with preview.lock:
            prefix, self._kit_headers, root = preview.prefix, list(preview.headers), preview.out
        path = unquote(urlsplit(self.path).path)
        if prefix != "/" and path in ("/", prefix.rstrip("/")):
            return self._redirect(prefix)
        rel = path[len(prefix):] if path.startswith(prefix) else None
        parts = [p for p in (rel or "").split("/") if p]
        target = root.joinpath(*parts)
        if rel is None or any(p.startswith(".") or "\\" in p or "\0" in p for p in parts):
            target = None                           # outside the section, "..", or a dotfile
        if target is not None and target.is_dir():
            if not path.endswith("/"):
                return self._redirect(path + "/")
            target = target / "index.html"
            rel = rel + "index.html"
        if target is None or not target.is_file():
            # a language's folder (en/) has its own "not found" page
            own = parts[:1] + ["404.html"] if parts and (root / parts[0] / "404.html").is_file() else ["404.html"]
            not_found = root.joinpath(*own)
            if not_found.is_file():
                return self._send(404, not_found, "/".join(own), head_only)
            self._kit_headers = []
            return self.send_error(404)
        self._send(200, target, rel, head_only)

    def do_GET(self):
        self._serve(head_only=False)

    def do_HEAD(self):
        self._serve(head_only=True)


class _Changes:
    """Rebuild a moment after the last change to a watched file."""

    def __init__(self, preview: Preview, folders: list[Path], files: set[Path]):
        self.preview, self.folders, self.files = preview, [f.resolve() for f in folders], files
        self.timer: threading.Timer | None = None
        self.building = threading.Lock()

    def relevant(self, path: str) -> bool:
        p = Path(path)
        if p.name.startswith((".#", ".~")) or p.name.endswith(IGNORED_SUFFIXES) or "__pycache__" in p.parts:
            return False
        resolved = p.resolve() if p.exists() else p.absolute()
        return resolved in self.files or any(f in resolved.parents or f == resolved for f in self.folders)

    def dispatch(self, event) -> None:
        paths = [event.src_path, getattr(event, "dest_path", "") or ""]
        if event.event_type in ("opened", "closed_no_write") or not any(self.relevant(p) for p in paths if p):
            return
        if self.timer:
            self.timer.cancel()
        self.timer = threading.Timer(SETTLE, self.rebuild, args=(Path(event.src_path),))
        self.timer.daemon = True
        self.timer.start()

    def rebuild(self, changed: Path) -> None:
        with self.building:
            print(f"Changed: {changed}; building again...", file=sys.stderr, flush=True)
            started = time.monotonic()
            if self.preview.build():
                print(f"Built in {time.monotonic() - started:.1f} s; reload the page.", file=sys.stderr, flush=True)


def start_watching(preview: Preview):
    """Start watching (watchdog); returns the observer, already running."""
    from watchdog.observers import Observer

    folders, files = watched(Path(preview.config_file))
    changes = _Changes(preview, folders, files)
    observer = Observer()
    for folder in folders:
        if folder.is_dir():
            observer.schedule(changes, str(folder), recursive=True)
    for parent in {f.parent for f in files}:
        observer.schedule(changes, str(parent), recursive=False)
    observer.daemon = True
    observer.start()
    return observer


def serve(config_file: str, out: Path, port: int = 8000, watch: bool = True, debug: bool = False) -> int:
    """Build, then serve until interrupted. Returns 2 when the first build fails."""
    preview = Preview(config_file, out)
    if not preview.build():
        return 2
    logging.getLogger("mkdocs").setLevel(logging.WARNING)      # rebuilds: say only what matters
    handler = type("KitHandler", (Handler,), {"preview": preview})
    try:
        server = http.server.ThreadingHTTPServer((HOST, port), partial(handler, directory=str(preview.out)))
    except OSError as e:
        print(f"Cannot serve on {HOST}:{port}: {e.strerror}. Stop whatever uses that port, or choose "
              "another: make serve PORT=8001", file=sys.stderr)
        return 1
    server.daemon_threads = True
    observer = start_watching(preview) if watch else None
    print(f"Serving {preview.out.name}/ on http://{HOST}:{server.server_address[1]}{preview.prefix} "
          "with the hosting recipes' headers (Ctrl+C to stop)", flush=True)
    if observer:
        print("Building again when docs/, components/, strings/, overrides/, mkdocs.yml or "
              f"{config_file} changes; reload the page to see it.", flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        print("Stopped.")
    finally:
        server.server_close()
        if observer:
            observer.stop()
    return 0

