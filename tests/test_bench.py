"""The bench's pure parts: the round-trip model, what blocks a first render,
bytes on the wire, the bench's static server, page order and Lighthouse's
report summary. No build and no browser: `make bench` itself runs those."""
from __future__ import annotations

import gzip
import urllib.request

import pytest

from supportkit.bench.common import language_of, pages_of
from supportkit.bench.later_page import home_of
from supportkit.bench.lighthouse import counts, median_run, slow_cpu_threshold, summarise, tried_hosts
from supportkit.bench.server import Hit, Server
from supportkit.bench.wire import local_file, render_blocking, round_trips, wire_size


@pytest.mark.parametrize("html, blocking, trips", [
    (14_000, [], 1),                 # 10 segments: the first window
    (14_600, [], 1),                 # exactly 10 x 1,460
    (14_601, [], 2),                 # an 11th segment waits for the next round trip
    (0, [], 1),                      # the request and its answer are a round trip
    (14_000, [20_000], 2),           # HTML fills the window (10 -> 20); 14 segments of CSS fit in the 20
    (6_317, [25_278], 3),            # HTML sends 5 (window 15); CSS needs 18: 15, then 3
    (14_600, [29_200], 2),           # a full window doubles: 20 segments of CSS in round trip 2
    (14_600, [29_201], 3),
    (100_000, [], 3),                # 69 segments: 10 + 20 + 40
    (1_000, [0], 1),                 # an empty blocking file costs nothing in this model
])
def test_round_trips(html, blocking, trips):
    assert round_trips(html, blocking) == trips


def test_round_trips_grow_with_bytes_and_shrink_with_a_bigger_window():
    assert round_trips(14_000, [20_000]) > round_trips(14_000)
    assert round_trips(14_000, [20_000], initial_window=40) == 1 + 1
    assert round_trips(30_000, initial_window=40) == 1


def test_render_blocking_takes_head_stylesheets_and_plain_scripts_only():
    html = """<!doctype html><html><head>
      <link rel="icon" href="favicon.svg">
      <link rel="stylesheet" href="a.css">
      <link rel="stylesheet" href="print.css" media="print">
      <link rel="stylesheet" href="screen.css" media="screen">
      <link rel="preload" href="font.woff2" as="font">
      <script>inline()</script>
      <script src="blocking.js"></script>
      <script src="deferred.js" defer></script>
      <script src="async.js" async></script>
      <script src="module.js" type="module"></script>
    </head><body>
      <link rel="stylesheet" href="body.css">
      <script src="end.js"></script>
    </body></html>"""
    assert render_blocking(html) == ["a.css", "screen.css", "blocking.js"]


def test_wire_size_uses_the_gz_else_gzip_6_for_text_else_the_file(tmp_path):
    text = ("<p>Call 999 if you are in danger now.</p>\n" * 200).encode()
    (tmp_path / "a.html").write_bytes(text)
    (tmp_path / "a.html.gz").write_bytes(b"x" * 123)
    (tmp_path / "b.css").write_bytes(text)
    (tmp_path / "c.png").write_bytes(b"\x89PNG" + bytes(500))
    assert wire_size(tmp_path / "a.html") == 123
    assert wire_size(tmp_path / "b.css") == len(gzip.compress(text, compresslevel=6, mtime=0))
    assert wire_size(tmp_path / "c.png") == 504


def test_local_file_resolves_relative_urls_and_ignores_other_hosts(tmp_path):
    (tmp_path / "assets").mkdir()
    (tmp_path / "the-law").mkdir()
    page = tmp_path / "the-law" / "index.html"
    assert local_file(tmp_path, page, "../assets/kit.css") == tmp_path / "assets" / "kit.css"
    assert local_file(tmp_path, page, "../") == tmp_path / "index.html"
    assert local_file(tmp_path, page, "https://example.org/x.css") is None
    assert local_file(tmp_path, page, "data:image/svg+xml,<svg/>") is None


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


def test_the_server_lists_its_hits_in_the_order_the_requests_arrived(tmp_path):
    """Each response is sent in a thread of its own, so a later one can end first (a CI run
    listed a 304 before the 200 it revalidated); hits keep the order of arrival."""
    with Server(_site(tmp_path)) as server:
        first, second, third = server._started(), server._started(), server._started()
        server._finished(second, Hit("/", 304, 100, 0))
        server._finished(third, Hit("/about/", 200, 100, 10))
        server._finished(first, Hit("/", 200, 100, 20))
        assert [(h.path, h.status) for h in server.take()] == [("/", 200), ("/", 304), ("/about/", 200)]
        later = server._started()
        server._finished(later, Hit("/en/", 200, 100, 5))
        assert [h.path for h in server.take()] == ["/en/"]


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


def _report(perf, robots_explanation="Fetch of robots.txt failed: ... CSP violation"):
    return {
        "categories": {
            "performance": {"score": perf, "auditRefs": [{"id": "first-contentful-paint", "weight": 10},
                                                         {"id": "speed-index", "weight": 10}]},
            "accessibility": {"score": 1, "auditRefs": [{"id": "color-contrast", "weight": 7}]},
            "best-practices": {"score": 1, "auditRefs": [{"id": "is-on-https", "weight": 5}]},
            "seo": {"score": 0.91, "auditRefs": [{"id": "robots-txt", "weight": 1},
                                                 {"id": "hreflang", "weight": 0}]},
        },
        "audits": {
            "first-contentful-paint": {"title": "First Contentful Paint", "score": 0.89, "displayValue": "1.8 s"},
            "speed-index": {"title": "Speed Index", "score": 1, "displayValue": "1.8 s"},
            "color-contrast": {"title": "Contrast", "score": 1},
            "is-on-https": {"title": "Uses HTTPS", "score": 1},
            "robots-txt": {"title": "robots.txt is not valid", "score": 0, "explanation": robots_explanation},
            "hreflang": {"title": "hreflang", "score": 0},
            "network-requests": {"details": {"items": [{"url": "http://127.0.0.1:8000/"},
                                                       {"url": "data:image/svg+xml,x"},
                                                       {"url": "https://fonts.example.org/a.woff2"}]}},
        },
    }


def test_lighthouse_summary_names_what_keeps_a_category_below_100():
    s = summarise(_report(0.98))
    assert s["scores"] == {"performance": 98, "accessibility": 100, "best-practices": 100, "seo": 91}
    assert s["failing"] == {"performance": ["First Contentful Paint"], "seo": ["robots.txt is not valid"]}
    assert s["metrics"] == {"FCP": "1.8 s", "SI": "1.8 s"}
    assert len(s["notes"]) == 1 and "Content-Security-Policy" in s["notes"][0]
    assert s["foreign"] == ["https://fonts.example.org/a.woff2"]
    assert summarise(_report(0.98, "robots.txt has 3 errors"))["notes"] == []
    runs = [summarise(_report(p)) for p in (0.99, 0.80, 0.95)]
    assert median_run(runs)["scores"]["performance"] == 95


def test_a_lighthouse_run_counts_only_on_a_host_lighthouse_calls_fast_enough():
    threshold = slow_cpu_threshold()               # from the pinned Lighthouse's own source
    assert threshold == 1000
    assert counts({"benchmark": 1395.5}, threshold) and counts({"benchmark": 1000}, threshold)
    assert not counts({"benchmark": 994}, threshold)
    assert not counts({"benchmark": None}, threshold), "a run without a measure of the host does not count"


def test_tried_hosts_reads_a_cut_short_net_log():
    log = ('{"constants":{},"events":[{"params":{"url":"https://update.googleapis.com/service/update2/json?x=1"}},'
           '{"params":{"host":"accounts.google.com"}},{"params":{"host":"https://~notfound"}},'
           '{"params":{"url":"http://127.0.0.1:8123/"}},{"params":{"host":"http://127.0.0.1:8123"}},'
           '{"params":{"url":"http://clients2.google.com/time/1/cur')
    assert tried_hosts(log) == {"update.googleapis.com", "accounts.google.com"}


@pytest.mark.parametrize("config", ["mkdocs.yml", "examples/northshire-police.yml"])
def test_the_plain_counterpart_builds_with_bare_mkdocs_and_its_macros_rendered(config, tmp_path):
    """make bench's ratios need a plain mkdocs-material build of the same Markdown: it must
    build with a bare `mkdocs build` (the kit's plugin refuses one since the generator seam,
    so the plain build runs only the kit's Markdown extension) and show the numbers, not
    the macros; no nation's own page is built in it."""
    import subprocess
    import sys

    from conftest import ROOT
    from supportkit.bench.common import write_plain_config

    out, site = tmp_path / "plain.yml", tmp_path / "plain-site"
    write_plain_config(ROOT / config, out, site)
    done = subprocess.run([sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(out)], cwd=ROOT,
                          capture_output=True, text=True, env={**__import__("os").environ, "NO_MKDOCS_2_WARNING": "1"})
    assert done.returncode == 0, done.stderr[-2000:]
    home = (site / "index.html").read_text(encoding="utf-8")
    assert 'href="tel:08088020300"' in home and "{{" not in home and "{%" not in home
    assert not (site / "nations").exists()
    assert "kit-qe" not in home, "the plain build uses none of the kit's templates"
