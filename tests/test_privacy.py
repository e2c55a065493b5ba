"""Privacy: crawling every page leaves no trace and reaches no other host."""
from __future__ import annotations

from urllib.parse import urlparse

from conftest import pretty, site_pages, storage_snapshot


def test_crawl_leaves_no_trace(site, site_url, browser):
    context = browser.new_context()
    requests, errors = [], []
    context.on("request", lambda r: requests.append(r.url))
    page = context.new_page()
    page.on("console", lambda m: errors.append(f"{page.url}: {m.text}") if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(f"{page.url}: {e}"))
    pages = site_pages(site)
    assert len(pages) >= 16
    for path in pages:
        page.goto(site_url + path, wait_until="networkidle")
    foreign = [u for u in requests if urlparse(u).hostname != "127.0.0.1" and not u.startswith("data:")]
    assert foreign == [], f"requests to other hosts: {foreign}"
    state = storage_snapshot(context, page)
    assert state == {"local": 0, "session": 0, "idb": [], "caches": [], "cookies": []}, pretty(state)
    assert errors == []
    context.close()


def test_no_search_terms_or_storage_helpers_in_pages(site):
    html = (site / "index.html").read_text()
    # Material's storage helpers are replaced by ones that read and write nothing
    assert "localStorage" not in html and "sessionStorage" not in html
    assert "__md_set=function(){}" in html
    assert "fonts.googleapis" not in html and "fonts.gstatic" not in html
    for f in site.rglob("*.html"):
        text = f.read_text()
        assert 'name="query"' not in text, f"{f}: a search form would put words into the address"
