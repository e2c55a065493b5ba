"""The bench's pure parts: bytes on the wire, the bench's static server and
page order. No build and no browser: `make bench` itself runs those."""
from __future__ import annotations

import gzip
import urllib.request

from supportkit.bench.common import language_of, pages_of
from supportkit.bench.later_page import home_of
from supportkit.bench.server import Server
from supportkit.bench.wire import wire_size


def test_wire_size_uses_the_gz_else_gzip_6_for_text_else_the_file(tmp_path):
    text = ("<p>Call 999 if you are in danger now.</p>\n" * 200).encode()
    (tmp_path / "a.html").write_bytes(text)
    (tmp_path / "a.html.gz").write_bytes(b"x" * 123)
    (tmp_path / "b.css").write_bytes(text)
    (tmp_path / "c.png").write_bytes(b"\x89PNG" + bytes(500))
    assert wire_size(tmp_path / "a.html") == 123
    assert wire_size(tmp_path / "b.css") == len(gzip.compress(text, compresslevel=6, mtime=0))
    assert wire_size(tmp_path / "c.png") == 504


def _site(tmp_path):
    for rel in ("index.html", "about/index.html", "404.html", "en/index.html", "en/about/index.html",
                "en/404.html", "assets/kit/kit.0123abcd.css", "assets/favicon.svg"):
        f = tmp_path / rel
        f.parent.mkdir(parents=True, exist_ok=True)
        f.write_text(f"<p>{rel}</p>\n" * 50, encoding="utf-8")
    (tmp_path / "index.html.gz").write_bytes(gzip.compress((tmp_path / "index.html").read_bytes(), 9))
    return tmp_path


def test_pages_language_folders_and_home_pages(tmp_path):
    site = _site(tmp_path)
    assert pages_of(site) == ["index.html", "about/index.html", "en/index.html", "en/about/index.html"]
    assert [language_of(site, r) for r in pages_of(site)] == ["", "", "en", "en"]
    assert [home_of(site, r) for r in pages_of(site)] == [None, "index.html", None, "en/index.html"]


def _get(url, headers=None):
    req = urllib.request.Request(url, headers=headers or {})
    try:
        with urllib.request.urlopen(req) as r:
            return r.status, dict(r.headers), r.read()
    except urllib.error.HTTPError as e:
        return e.code, dict(e.headers), e.read()


def test_server_sends_the_gz_gzips_text_revalidates_and_counts(tmp_path):
    site = _site(tmp_path)
    with Server(site, [("X-Test", "1")]) as server:
        status, headers, body = _get(server.url, {"Accept-Encoding": "gzip"})
        assert status == 200 and headers["Content-Encoding"] == "gzip" and headers["X-Test"] == "1"
        assert body == (site / "index.html.gz").read_bytes()
        assert headers["Cache-Control"] == "no-cache"
        status, _, body = _get(server.url, {"Accept-Encoding": "gzip", "If-None-Match": headers["ETag"]})
        assert status == 304 and body == b""
        status, headers, body = _get(server.url + "assets/kit/kit.0123abcd.css", {"Accept-Encoding": "gzip"})
        assert headers["Content-Encoding"] == "gzip" and "immutable" in headers["Cache-Control"]
        assert gzip.decompress(body) == (site / "assets/kit/kit.0123abcd.css").read_bytes()
        status, headers, body = _get(server.url + "about/")
        assert "Content-Encoding" not in headers and body == (site / "about/index.html").read_bytes()
        status, _, body = _get(server.url + "en/missing/")
        assert status == 404 and body == (site / "en/404.html").read_bytes()
        server.wait_quiet(0.05)
        hits = server.take()
        assert [(h.path, h.status) for h in hits] == [
            ("/", 200), ("/", 304), ("/assets/kit/kit.0123abcd.css", 200), ("/about/", 200), ("/en/missing/", 404)]
        assert hits[0].body == (site / "index.html.gz").stat().st_size and hits[1].body == 0
        assert all(h.headers > 100 for h in hits)
        assert server.take() == []
