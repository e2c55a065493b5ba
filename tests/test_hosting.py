"""Hosting: the page policy, the recipes `make hosting` writes, proven on Debian's
own nginx (and Apache), and `make serve`.

One nginx for the module, started unprivileged on loopback with the generated
nginx.conf, serves the default edition, the Northshire edition and the Welsh
council's bilingual edition (Welsh at /stalking/, English at /stalking/en/),
each under /stalking/; Chromium visits every page of each once and collects every
Content-Security-Policy violation (securitypolicyviolation events, from an init
script, and the console's reports). The kiosk is checked from file:// with its
meta policy alone, search included."""
from __future__ import annotations

import gzip
import html
import os
import re
import shutil
import socket
import subprocess
import tempfile
import time
import urllib.error
import urllib.request
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from conftest import EXAMPLE, ROOT, WELSH, copy_kit, kit_command, pretty, run_build, site_pages, strings

PATH = "/stalking/"
NOT_FOUND = {lang: strings(lang)["not_found"]["title"] for lang in ("en", "cy")}
SECURITY = ("Content-Security-Policy", "Referrer-Policy", "X-Content-Type-Options", "Permissions-Policy",
            "Cross-Origin-Opener-Policy", "X-Frame-Options")
IMMUTABLE = "public, max-age=31536000, immutable"
# Collects every policy violation in every frame, from before the first script runs.
VIOLATIONS = """
window.__kitCsp = [];
document.addEventListener('securitypolicyviolation', e => window.__kitCsp.push(
  [e.effectiveDirective, e.blockedURI, e.sample, e.sourceFile, e.lineNumber].join(' | ')), true);
"""
INJECTED = ('<script>document.title = "INJECTED"</script>'
            '<p id="styled" style="color: rgb(255, 0, 0)">styled</p>'
            '<img src="nothing.png" alt="" onerror="document.title = \'HANDLER\'">')
UNPRIVILEGED = ["setpriv", "--reuid=nobody", "--regid=nogroup", "--clear-groups", "--"] if os.geteuid() == 0 else []


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for_port(port: int, proc: subprocess.Popen, log: Path | None = None, seconds: float = 10) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise AssertionError(f"the server stopped: {log.read_text() if log and log.exists() else ''}")
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            return
        except OSError:
            time.sleep(0.05)
    raise AssertionError(f"nothing listens on port {port}")


def get(url: str, gzip_ok: bool = False) -> tuple[int, dict, bytes]:
    """(status, headers, body as sent) without following redirects."""
    class NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args):
            return None
    request = urllib.request.Request(url, headers={"Accept-Encoding": "gzip"} if gzip_ok else {})
    try:
        with urllib.request.build_opener(NoRedirect).open(request, timeout=10) as r:
            return r.status, dict(r.headers), r.read()
    except urllib.error.HTTPError as e:
        return e.code, dict(e.headers), e.read()


def own(path: Path) -> None:
    """Let the unprivileged server write there."""
    if UNPRIVILEGED:
        shutil.chown(path, "nobody", "nogroup")


# --------------------------------------------------------------------------- the two editions and their recipes

@pytest.fixture(scope="module")
def place():
    """A folder any user can read (the servers run as nobody), removed at the end."""
    base = Path(tempfile.mkdtemp(prefix="kit-hosting-"))
    base.chmod(0o755)
    yield base
    shutil.rmtree(base, ignore_errors=True)


@pytest.fixture(scope="module")
def default_at_path(place) -> Path:
    """The default edition (national contacts only), given a site_url under /stalking/."""
    config = place / "default-at-stalking.yml"
    config.write_text(f"INHERIT: {ROOT / 'mkdocs.yml'}\nsite_url: https://www.example.gov.uk{PATH}\n"
                      "extra:\n  accessibility:\n    email: accessibility@example.gov.uk\n", encoding="utf-8")
    return config


@pytest.fixture(scope="module")
def welsh_at_path(place) -> Path:
    """The Welsh council's edition, given a site_url under /stalking/."""
    import yaml

    data = yaml.safe_load(WELSH.read_text(encoding="utf-8"))
    data["INHERIT"] = str(ROOT / "mkdocs.yml")
    data["site_url"] = f"https://www.example.gov.uk{PATH}"
    config = place / "welsh-at-stalking.yml"
    config.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return config


@pytest.fixture(scope="module")
def editions(place, default_at_path, welsh_at_path, example_site) -> dict:
    """name -> (config, built site, recipes folder). The example edition also holds
    csp-test.html: its home page with an inline script, a style attribute and a handler."""
    out = {}
    for name, config in (("default", default_at_path), ("example", EXAMPLE), ("welsh", welsh_at_path)):
        site = place / name / "site"
        if name == "example":
            shutil.copytree(example_site, site)
        else:
            run_build(config, site)
        recipes = place / name / "dist" / "hosting"
        proc = kit_command("hosting", "--config", str(config), "--site", str(site), "--out", str(recipes),
                           "--web-root", str(site))
        assert proc.returncode == 0, proc.stderr
        if name == "example":                   # added after the build: nothing covers it
            home = (site / "index.html").read_text(encoding="utf-8")
            (site / "csp-test.html").write_text(home.replace("<article", INJECTED + "<article", 1), encoding="utf-8")
        out[name] = (config, site, recipes)
    return out


@pytest.fixture(scope="module")
def nginx(place, editions) -> dict:
    """Debian's nginx, unprivileged, one server per edition, each including its generated nginx.conf."""
    run = place / "nginx"
    run.mkdir()
    own(run)
    ports = {name: free_port() for name in editions}
    servers = "\n".join(f"  server {{ listen 127.0.0.1:{ports[n]}; server_name localhost;\n"
                        f"           include {editions[n][2] / 'nginx.conf'}; }}" for n in editions)
    conf = run / "nginx.conf"
    conf.write_text(f"""worker_processes 1;
daemon off;
pid {run}/nginx.pid;
error_log {run}/error.log;
events {{ worker_connections 64; }}
http {{
  include /etc/nginx/mime.types;
  default_type application/octet-stream;
  access_log off;
  client_body_temp_path {run}/body; proxy_temp_path {run}/proxy; fastcgi_temp_path {run}/fastcgi;
  uwsgi_temp_path {run}/uwsgi; scgi_temp_path {run}/scgi;
{servers}
}}
""", encoding="utf-8")
    command = UNPRIVILEGED + ["nginx", "-e", str(run / "error.log"), "-p", str(run), "-c", str(conf)]
    test = subprocess.run(command + ["-t"], capture_output=True, text=True)
    proc = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        for port in ports.values():
            wait_for_port(port, proc, run / "error.log")
        yield {"test": test, "urls": {n: f"http://127.0.0.1:{p}{PATH}" for n, p in ports.items()},
               "error_log": run / "error.log"}
    finally:
        proc.terminate()
        proc.wait(timeout=10)


def test_nginx_accepts_the_generated_file(nginx):
    assert nginx["test"].returncode == 0, nginx["test"].stderr
    assert "syntax is ok" in nginx["test"].stderr and "test is successful" in nginx["test"].stderr


# --------------------------------------------------------------------------- one crawl per edition, on nginx

class Visit:
    def __init__(self):
        self.documents: dict[str, tuple[int, dict]] = {}
        self.assets: dict[str, tuple[int, dict]] = {}
        self.violations: dict[str, list] = {}
        self.console: list[str] = []


@pytest.fixture(scope="module", params=["default", pytest.param("example", marks=pytest.mark.full), "welsh"])
def crawled(request, browser, editions, nginx) -> tuple[str, Visit]:
    name = request.param
    base = nginx["urls"][name]
    visit = Visit()
    context = browser.new_context()
    context.add_init_script(VIOLATIONS)

    responses = []
    context.on("response", lambda response: responses.append(response))
    page = context.new_page()
    page.on("console", lambda m: visit.console.append(f"{page.url}: {m.type}: {m.text}")
            if m.type in ("error", "warning") else None)
    for path in site_pages(editions[name][1]):
        if path == "csp-test.html":
            continue
        page.goto(base + path, wait_until="load")
        if path == "risk-checklist/":            # the form and its buttons, under the policy
            page.check("input[value=yes]")
            page.click(".kit-checklist__button[type=submit]")
            page.wait_for_selector("[data-kit-result]:not(:empty)")
        if path == "":                           # the menu at phone width
            page.set_viewport_size({"width": 375, "height": 800})
            page.click(".kit-menu__button")
            page.set_viewport_size({"width": 1280, "height": 800})
        visit.violations[path] = page.evaluate("window.__kitCsp")
    for response in responses:
        kind = response.request.resource_type
        target = visit.documents if kind == "document" else visit.assets
        target[response.url] = (response.status, response.all_headers())
    context.close()
    return name, visit


def test_every_page_is_served_at_the_section_path(crawled, editions, nginx):
    name, visit = crawled
    base = nginx["urls"][name]
    pages = [p for p in site_pages(editions[name][1]) if p != "csp-test.html"]
    assert len(pages) >= 16
    assert sorted(visit.documents) == sorted(base + p for p in pages)
    assert {u: s for u, (s, _) in visit.documents.items() if s != 200} == {}


def test_no_policy_violation_on_any_page(crawled):
    name, visit = crawled
    found = {p: v for p, v in visit.violations.items() if v}
    assert found == {}, pretty(found)
    assert visit.console == [], pretty(visit.console)
    assert len(visit.violations) >= 16


def test_every_response_carries_the_headers(crawled, editions):
    name, visit = crawled
    config, site, recipes = editions[name]
    policy = re.search(r'add_header Content-Security-Policy "([^"]+)"', (recipes / "nginx.conf").read_text()).group(1)
    meta = re.search(r'<meta http-equiv="Content-Security-Policy" content="([^"]+)">',
                     (site / "index.html").read_text()).group(1)
    assert policy == meta + "; frame-ancestors 'none'"
    kinds = {u.rsplit(".", 1)[-1] for u in visit.assets}
    assert {"css", "js"} <= kinds, kinds
    for url, (status, headers) in {**visit.documents, **visit.assets}.items():
        assert status in (200, 304), url                # 304: a file revalidated, as no-cache asks
        missing = [h for h in SECURITY if h.lower() not in headers]
        assert missing == [], (url, missing)
        assert headers["content-security-policy"] == policy
        assert headers["referrer-policy"] == "no-referrer"
        assert headers["x-content-type-options"] == "nosniff"
        assert headers["x-frame-options"] == "DENY"
        assert headers["cross-origin-opener-policy"] == "same-origin"
        for feature in ("camera", "microphone", "geolocation", "payment", "usb"):
            assert f"{feature}=()" in headers["permissions-policy"]
        assert "strict-transport-security" not in headers          # HTTPS only: left to the council


def test_fingerprinted_files_are_kept_a_year_and_pages_revalidated(crawled):
    name, visit = crawled
    hashed = {u: h for u, (_, h) in visit.assets.items()
              if re.search(r"/assets/(kit/[^/]+\.[0-9a-f]{8}\.(css|js)|.+\.[0-9a-f]{8}\.min\.(css|js))$", u)}
    # Material's stylesheet is part of the kit's one stylesheet (supportkit/finish/css.py)
    assert any("/assets/kit/kit." in u for u in hashed) and any(re.search(r"/assets/kit/kit\.[0-9a-f]{8}\.js$", u) for u in hashed)
    assert {u: h["cache-control"] for u, h in hashed.items() if h["cache-control"] != IMMUTABLE} == {}
    others = {u: h for u, (_, h) in {**visit.documents, **visit.assets}.items() if u not in hashed}
    assert others and {u: h["cache-control"] for u, h in others.items() if h["cache-control"] != "no-cache"} == {}


def test_the_policy_blocks_an_injected_inline_script(browser, nginx):
    """The same nginx serves a page with an inline script, a style attribute and a handler
    that the build never made: none of them takes effect, and each is reported."""
    context = browser.new_context()
    context.add_init_script(VIOLATIONS)
    page = context.new_page()
    console = []
    page.on("console", lambda m: console.append(m.text))
    response = page.goto(nginx["urls"]["example"] + "csp-test.html", wait_until="load")
    page.wait_for_timeout(200)
    assert response.status == 200 and "content-security-policy" in response.all_headers()
    assert page.title() not in ("INJECTED", "HANDLER")
    assert page.evaluate("getComputedStyle(document.getElementById('styled')).color") != "rgb(255, 0, 0)"
    assert page.evaluate("document.querySelector('.kit-qe').getBoundingClientRect().height") > 30, \
        "the hashed quick exit styles still apply"
    directives = {v.split(" | ")[0] for v in page.evaluate("window.__kitCsp")}
    assert {"script-src-elem", "style-src-attr", "script-src-attr"} <= directives, directives
    assert any("Content Security Policy" in m for m in console)
    context.close()


def test_a_missing_page_gets_the_kits_404_page(nginx):
    for name, base in nginx["urls"].items():
        lang = "cy" if name == "welsh" else "en"
        for missing in ("no-such-page/", "no/such/page.html", ".kit-output", "assets/kit/"):
            status, headers, body = get(base + missing)
            assert status == 404, (name, missing, status)
            text = html.unescape(body.decode())
            assert NOT_FOUND[lang] in text and 'class="kit-qe"' in text, (name, missing)
            assert f'<html lang="{lang}"' in text
            assert all(h in headers for h in SECURITY), (name, missing)
        status, headers, _ = get(base.rstrip("/"))
        assert status == 301 and headers["Location"] == PATH


def test_a_missing_page_in_a_languages_folder_gets_that_languages_404_page(nginx):
    base = nginx["urls"]["welsh"]
    for missing in ("en/no-such-page/", "en/no/such/page.html", "en/assets/"):
        status, headers, body = get(base + missing)
        text = html.unescape(body.decode())
        assert status == 404 and NOT_FOUND["en"] in text and '<html lang="en"' in text, missing
        assert all(h in headers for h in SECURITY) and headers["Cache-Control"] == "no-cache", missing
    status, _, body = get(base + "en/")
    assert status == 200 and '<html lang="en"' in body.decode()


def test_gzip_gets_the_precompressed_file(nginx, editions):
    base = nginx["urls"]["example"]
    site = editions["example"][1]
    css = next((site / "assets" / "kit").glob("kit.*.css")).relative_to(site).as_posix()
    for path, file in (("the-law/", "the-law/index.html"), (css, css), ("sitemap.xml", "sitemap.xml")):
        status, headers, body = get(base + path, gzip_ok=True)
        assert status == 200 and headers.get("Content-Encoding") == "gzip", (path, headers)
        assert body == (site / (file + ".gz")).read_bytes(), path
        assert "Accept-Encoding" in headers.get("Vary", "")
        status, headers, body = get(base + path)
        assert "Content-Encoding" not in headers and body == (site / file).read_bytes()


def test_the_server_logged_no_error_but_the_missing_pages(crawled, nginx):
    log = nginx["error_log"].read_text() if nginx["error_log"].exists() else ""
    errors = [line for line in log.splitlines() if "[error]" in line or "[crit]" in line or "[alert]" in line]
    unexpected = [line for line in errors if not re.search(r"(no-such-page|no/such|\.kit-output|assets/kit/|"
                                                           r"nothing\.png|is forbidden)", line)]
    assert unexpected == [], "\n".join(unexpected)


# --------------------------------------------------------------------------- the other recipes

def test_every_text_file_has_a_reproducible_gz(editions):
    site = editions["default"][1]
    texts = [p for p in site.rglob("*") if p.suffix in (".html", ".css", ".js", ".svg", ".xml", ".json", ".txt")]
    assert len(texts) > 30
    for path in texts:
        gz = path.with_name(path.name + ".gz").read_bytes()
        assert gz[:4] == b"\x1f\x8b\x08\x00" and gz[4:8] == b"\0\0\0\0" and gz[8] == 2, path   # no name, time 0, best
        assert gzip.decompress(gz) == path.read_bytes(), path
        # Zopfli for what pages load, gzip -9 for the rest: never larger than gzip -9
        assert len(gz) <= len(gzip.compress(path.read_bytes(), compresslevel=9, mtime=0)), path
    assert not list(site.glob("*.gz.gz")) and not (site / ".kit-output.gz").exists()


@pytest.fixture(scope="module")
def apache_files(editions):
    return editions["welsh"]


def test_apache_accepts_the_htaccess_and_serves_like_nginx(apache_files, place):
    """apache2 -t with the file included in a minimal configuration, then a real Apache
    (unprivileged, loopback) with it as the section folder's .htaccess."""
    config, site, recipes = apache_files
    run = place / "apache"
    (run / "www").mkdir(parents=True)
    own(run)
    shutil.copytree(site, run / "www" / "stalking")
    shutil.copy(recipes / "apache.htaccess", run / "www" / "stalking" / ".htaccess")
    (run / "www" / "stalking" / ".htaccess").chmod(0o644)
    modules = "/usr/lib/apache2/modules"
    port = free_port()
    base = f"""ServerRoot {run}
PidFile {run}/httpd.pid
ErrorLog {run}/error.log
Listen 127.0.0.1:{port}
ServerName localhost
LoadModule mpm_event_module {modules}/mod_mpm_event.so
LoadModule authz_core_module {modules}/mod_authz_core.so
LoadModule mime_module {modules}/mod_mime.so
LoadModule dir_module {modules}/mod_dir.so
LoadModule alias_module {modules}/mod_alias.so
LoadModule headers_module {modules}/mod_headers.so
LoadModule rewrite_module {modules}/mod_rewrite.so
TypesConfig /etc/mime.types
DocumentRoot {run}/www
"""
    syntax = run / "syntax.conf"
    syntax.write_text(base + f"<Directory {run}/www/stalking>\n  Include {recipes / 'apache.htaccess'}\n</Directory>\n")
    checked = subprocess.run(UNPRIVILEGED + ["apache2", "-t", "-f", str(syntax)], capture_output=True, text=True)
    assert checked.returncode == 0 and "Syntax OK" in checked.stderr, checked.stderr
    served = run / "httpd.conf"
    served.write_text(base + f"<Directory {run}/www>\n  AllowOverride All\n  Require all granted\n</Directory>\n")
    proc = subprocess.Popen(UNPRIVILEGED + ["apache2", "-f", str(served), "-DFOREGROUND"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        wait_for_port(port, proc, run / "error.log")
        url = f"http://127.0.0.1:{port}{PATH}"
        status, headers, body = get(url + "the-law/", gzip_ok=True)
        assert status == 200 and headers["Content-Encoding"] == "gzip"
        assert body == (site / "the-law" / "index.html.gz").read_bytes()
        assert headers["Content-Type"].startswith("text/html") and headers["Cache-Control"] == "no-cache"
        assert all(h in headers for h in SECURITY), headers
        nginx_policy = re.search(r'add_header Content-Security-Policy "([^"]+)"',
                                 (recipes / "nginx.conf").read_text()).group(1)
        assert headers["Content-Security-Policy"] == nginx_policy
        css = next((site / "assets" / "kit").glob("kit.*.css")).relative_to(site).as_posix()
        status, headers, body = get(url + css, gzip_ok=True)
        assert status == 200 and headers["Cache-Control"] == IMMUTABLE and headers["Content-Type"] == "text/css"
        status, headers, body = get(url + css)
        assert "Content-Encoding" not in headers and body == (site / css).read_bytes()
        for missing in ("no-such-page/", ".kit-output", ".htaccess"):
            status, headers, body = get(url + missing)
            assert status == 404 and NOT_FOUND["cy"] in html.unescape(body.decode()), missing
            assert all(h in headers for h in SECURITY), missing
        status, headers, body = get(url + "en/no-such-page/")
        assert status == 404 and NOT_FOUND["en"] in html.unescape(body.decode()), "English pages' own 404"
    finally:
        proc.terminate()
        proc.wait(timeout=10)


def test_web_config_is_xml_with_every_rule(editions):
    config, site, recipes = editions["example"]
    root = ET.parse(recipes / "web.config").getroot()
    server = root.find("system.webServer")
    headers = {e.get("name"): e.get("value") for e in server.findall("httpProtocol/customHeaders/add")}
    nginx_policy = re.search(r'add_header Content-Security-Policy "([^"]+)"',
                             (recipes / "nginx.conf").read_text()).group(1)
    assert headers["Content-Security-Policy"] == nginx_policy
    assert set(SECURITY) <= set(headers)
    assert server.find("staticContent/clientCache").get("cacheControlMode") == "DisableCache"   # no-cache
    error = server.find("httpErrors/error")
    assert (error.get("statusCode"), error.get("path")) == ("404", PATH + "404.html")
    assert server.find("security/requestFiltering/hiddenSegments/add").get("segment") == ".kit-output"
    rule = server.find("rewrite/outboundRules/rule")
    assert rule.find("action").get("value") == IMMUTABLE
    pattern = re.compile(rule.find("conditions/add").get("pattern"))
    hashed = [PATH + p.relative_to(site).as_posix() for p in (site / "assets").rglob("*.*")
              if re.search(r"\.[0-9a-f]{8}(\.min)?\.(css|js)$", p.name)]
    assert len(hashed) >= 4 and all(pattern.search(u) for u in hashed)
    assert not any(pattern.search(PATH + p) for p in ("index.html", "assets/favicon.svg", "the-law/"))


def test_headers_file_for_static_hosts(editions):
    config, site, recipes = editions["example"]
    blocks, current = {}, None
    for line in (recipes / "_headers").read_text().splitlines():
        if line.startswith("/"):
            current = blocks.setdefault(line, {})
        elif line.startswith("  ") and current is not None:
            name, value = line.strip().split(": ", 1)
            current[name] = value
    assert set(SECURITY) <= set(blocks[PATH + "*"])
    assert blocks[PATH + "assets/kit/*"] == {"Cache-Control": IMMUTABLE}
    assert "Cache-Control" not in blocks[PATH + "*"]


def test_make_hosting_builds_when_no_site_is_given_and_keeps_the_rest_of_dist(tmp_path):
    dist = tmp_path / "dist"
    dist.mkdir()
    (dist / ".kit-output").write_text("made by the kit\n")
    (dist / "kiosk").mkdir()
    (dist / "kiosk" / "index.html").write_text("kiosk")
    proc = kit_command("hosting", "--config", str(EXAMPLE), "--out", str(dist / "hosting"))
    assert proc.returncode == 0, proc.stderr
    assert sorted(p.name for p in (dist / "hosting").iterdir()) == ["_headers", "apache.htaccess", "nginx.conf",
                                                                   "web.config"]
    assert (dist / "kiosk" / "index.html").read_text() == "kiosk"
    assert "location ^~ /stalking/ {" in (dist / "hosting" / "nginx.conf").read_text()
    assert "alias /var/www/stalking/;" in (dist / "hosting" / "nginx.conf").read_text()


def test_make_hosting_refuses_a_site_built_by_another_kit(tmp_path, editions):
    site = tmp_path / "site"
    shutil.copytree(editions["default"][1], site)
    page = site / "about" / "index.html"
    page.write_text(page.read_text().replace("default-src 'none'", "default-src *"))
    proc = kit_command("hosting", "--config", str(editions["default"][0]), "--site", str(site),
                       "--out", str(tmp_path / "dist" / "hosting"))
    assert proc.returncode == 2 and "Fix:" in proc.stderr and "about/index.html" in proc.stderr, proc.stderr
    assert not (tmp_path / "dist" / "hosting").exists()


# --------------------------------------------------------------------------- the build's own check

def test_the_build_refuses_a_style_attribute_in_a_page(tmp_path):
    kit = copy_kit(tmp_path / "kit")
    page = kit / "docs" / "about.md"
    page.write_text(page.read_text() + '\nA note.\n{: style="color: red" }\n')
    proc = run_build(kit / "mkdocs.yml", tmp_path / "site", root=kit, check=False)
    assert proc.returncode == 2, proc.stderr
    assert "docs/about.md" in proc.stderr and "style attribute" in proc.stderr and "Fix:" in proc.stderr


def test_the_check_refuses_an_uncovered_inline_block_and_a_misplaced_policy(editions, tmp_path):
    from supportkit.finish import csp
    from supportkit.core.errors import KitError

    site = tmp_path / "site"
    shutil.copytree(editions["default"][1], site, ignore=shutil.ignore_patterns("*.gz"))
    policy = csp.site_policy(site, kiosk=False)
    csp.check_site(site, policy)
    page = site / "the-law" / "index.html"
    text = page.read_text()
    for changed, words in ((text.replace("</body>", "<script>alert(1)</script></body>"), "inline <script>"),
                           (text.replace("</head>", "<style>p{}</style></head>"), "inline <style>"),
                           (re.sub(r'(<meta charset="utf-8">)\n(<meta http-equiv[^>]+>)', r"<style>p{}</style>\1\n\2",
                                   text), "comes before"),
                           (text.replace('<meta http-equiv="Content-Security-Policy"', '<meta name="x"'), "0 Content")):
        page.write_text(changed)
        with pytest.raises(KitError) as e:
            csp.check_site(site, policy)
        assert words in str(e.value) and "the-law" in str(e.value), str(e.value)
    page.write_text(text)


def test_section_path():
    from supportkit.load.config import section_path

    assert section_path(None) == "/"
    assert section_path("https://www.example.gov.uk/") == "/"
    assert section_path("https://www.example.gov.uk/stalking") == "/stalking/"
    assert section_path("https://www.example.gov.uk/help/stalking/") == "/help/stalking/"


# --------------------------------------------------------------------------- the kiosk, from file://

@pytest.fixture(scope="module")
def kiosk(default_kiosk) -> Path:
    return default_kiosk


def test_kiosk_pages_carry_their_policy_and_search_works_with_no_violation(kiosk, browser):
    from supportkit.finish import csp

    policy = csp.site_policy(kiosk, kiosk=True)
    assert "frame-ancestors" not in policy.meta() and "'unsafe-inline'" not in policy.meta()
    assert "<script" not in (kiosk / "welcome.html").read_text()
    base = kiosk.as_uri() + "/"
    context = browser.new_context()
    context.add_init_script(VIOLATIONS)
    blocked, console, found = [], [], {}
    context.route("**/*", lambda r: r.continue_() if r.request.url.startswith(base)
                  else (blocked.append(r.request.url), r.abort()))
    page = context.new_page()
    page.on("console", lambda m: console.append(m.text) if m.type in ("error", "warning") else None)
    pages = sorted(p.name for p in kiosk.glob("*.html"))
    for name in pages:
        page.goto(base + name, wait_until="load")
        # the neutral welcome page holds nothing but words: no script, and not even "http" (test_kiosk.py)
        expected = [] if name == "welcome.html" else [policy.meta()]
        assert csp.scan((kiosk / name).read_text()).policies == expected, name
        found[name] = page.evaluate("window.__kitCsp")
    page.goto(base + "index.html")
    page.click(".md-search__input")
    page.keyboard.type("Protection from Harassment", delay=20)
    page.locator(".md-search-result__item a[href*='the-law.html']").first.wait_for(state="visible", timeout=10_000)
    found["search"] = page.evaluate("window.__kitCsp")
    frames = [f for f in page.frames if f != page.main_frame]
    assert frames, "search did not start iframe-worker's frame"
    for frame in frames:                   # the shim's frame inherits the policy; its script is hashed
        found["search frame"] = frame.evaluate("window.__kitCsp || []")
    context.close()
    assert {n: v for n, v in found.items() if v} == {}, pretty(found)
    assert [m for m in console if "Content Security Policy" in m or "Content-Security-Policy" in m] == []
    assert blocked == [] and len(pages) >= 17


# --------------------------------------------------------------------------- make serve

def test_make_serve_sends_the_hosting_headers_and_builds_again_on_changes(tmp_path, editions):
    kit = copy_kit(tmp_path / "kit")
    config = kit / "examples" / "northshire-police.yml"
    port = free_port()
    env = dict(os.environ, PYTHONPATH=str(kit))
    log = tmp_path / "serve.log"
    with open(log, "w") as out:
        proc = subprocess.Popen([os.sys.executable, "-m", "supportkit", "serve", "--config", str(config),
                                 "--out", str(tmp_path / "site"), "--port", str(port)],
                                cwd=kit, env=env, stdout=out, stderr=subprocess.STDOUT)
    try:
        wait_for_port(port, proc, log, seconds=60)
        deadline = time.monotonic() + 10
        while "Serving site/ on http://127.0.0.1:" not in log.read_text():
            assert time.monotonic() < deadline, log.read_text()
            time.sleep(0.1)
        base = f"http://127.0.0.1:{port}"
        status, headers, _ = get(base + "/")
        assert status == 301 and headers["Location"] == PATH
        status, headers, body = get(base + PATH + "about/")
        assert status == 200 and headers["Cache-Control"] == "no-cache"
        recipe = (editions["example"][2] / "nginx.conf").read_text()
        for name in SECURITY:
            value = re.search(rf'add_header {name} "([^"]+)"', recipe).group(1)
            assert headers[name] == value, name
        status, headers, body = get(base + PATH + "nowhere/")
        assert status == 404 and NOT_FOUND["en"] in body.decode() and "Content-Security-Policy" in headers
        assert get(base + PATH + ".kit-output")[0] == 404
        page = kit / "docs" / "about.md"
        page.write_text(page.read_text() + "\nA sentence added while serving.\n")
        deadline = time.monotonic() + 60
        while b"A sentence added while serving." not in get(base + PATH + "about/")[2]:
            assert time.monotonic() < deadline, log.read_text()
            time.sleep(0.3)
        assert "building again" in log.read_text()
    finally:
        proc.terminate()
        proc.wait(timeout=10)


def test_a_second_precompression_of_the_same_files_reads_every_copy_from_the_cache(tmp_path, monkeypatch):
    """Zopfli's copies and gzip -9's (Material's search scripts: lunr/wordcut.js alone is 677 KB)."""
    import dataclasses

    from supportkit.finish import precompress

    monkeypatch.setattr(precompress, "CACHE", dataclasses.replace(precompress.CACHE, folder=tmp_path / "cache"))
    site = tmp_path / "site"
    (site / "assets" / "javascripts").mkdir(parents=True)
    (site / "index.html").write_text("<p>" + "hello " * 200)
    (site / "assets" / "javascripts" / "search.js").write_text("var a = 1;\n" * 500)      # gzip -9
    first = {p: p.read_bytes() for p in precompress.precompress(site)}
    assert len(first) == 2 and len(list((tmp_path / "cache").iterdir())) == 2
    monkeypatch.setattr(precompress.gzip, "compress", lambda *a, **k: pytest.fail("gzip ran on an unchanged file"))
    monkeypatch.setattr(precompress.zopfli.gzip, "compress", lambda *a, **k: pytest.fail("Zopfli ran again"))
    assert {p: p.read_bytes() for p in precompress.precompress(site)} == first
