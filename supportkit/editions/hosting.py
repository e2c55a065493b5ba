"""`make hosting`: how a council's or a force's web server serves the section.

From a built web edition (site/), write dist/hosting/ with one recipe per kind
of server, each sending the same headers:

    nginx.conf      a `location` block for the section's path, to include in the site's server { }
    apache.htaccess the section folder's .htaccess (Apache 2.4: mod_headers, mod_rewrite)
    web.config      the section folder's web.config (IIS 10, with the URL Rewrite module)
    _headers        for static hosts and CDNs that read one (Netlify, Cloudflare Pages)

Every response carries the edition's Content-Security-Policy (supportkit/finish/csp.py,
the same hashes as the pages' meta policy, plus frame-ancestors 'none'), no
referrer, nosniff, a Permissions-Policy that turns off every device feature,
same-origin opener and resource policies, and X-Frame-Options DENY. HTML is
revalidated on every visit, so a changed number reaches people at once;
fingerprinted files (the kit's assets/kit/<name>.<8 hex>.<ext>, Material's
assets/**/<name>.<8 hex>.min.<ext>) are kept for a year. The kit's 404 page
answers for a missing page, .gz copies (supportkit/finish/precompress.py) are sent
to browsers that accept gzip, and dotfiles (the kit's .kit-output) are never
served. HSTS is written out, commented: it belongs to the whole domain, over
HTTPS only.

The section's path comes from site_url (https://www.example.gov.uk/stalking/
gives /stalking/); `make serve` (supportkit/editions/serve.py) sends the same headers.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from xml.sax.saxutils import quoteattr

from supportkit.finish import csp
from supportkit.core.errors import KitError
from supportkit.load.config import section_path

RECIPES = ("nginx.conf", "apache.htaccess", "web.config", "_headers")

REVALIDATE = "no-cache"                                   # keep a copy, but ask every time
IMMUTABLE = "public, max-age=31536000, immutable"         # a year; the name changes with the content
# Fingerprinted files, from the section's root: the kit's hashed files, and Material's.
FINGERPRINTED = r"assets/(kit/[^/]+\.[0-9a-f]{8}\.(css|js)|.+\.[0-9a-f]{8}\.min\.(css|js))"
COMPRESSED = ("html", "css", "js", "svg", "xml", "json", "txt")     # as precompress.py writes them
CONTENT_TYPES = {"html": "text/html; charset=utf-8", "css": "text/css", "js": "text/javascript",
                 "svg": "image/svg+xml", "xml": "application/xml", "json": "application/json",
                 "txt": "text/plain; charset=utf-8"}
# Every feature a page could ask the browser for, turned off (features Chromium
# does not know would print an error on every page, so only known ones).
PERMISSIONS = ("accelerometer", "autoplay", "browsing-topics", "camera", "display-capture",
               "encrypted-media", "geolocation", "gyroscope", "hid", "idle-detection", "magnetometer",
               "microphone", "midi", "payment", "publickey-credentials-get", "screen-wake-lock", "serial",
               "usb", "xr-spatial-tracking")
HSTS = "max-age=31536000; includeSubDomains"
HSTS_NOTE = ("HSTS: only over HTTPS, and only once every address on the domain (and its subdomains, with "
             "includeSubDomains) works over HTTPS; your main site may already send it.")


def security_headers(policy: csp.Policy) -> list[tuple[str, str]]:
    """Every response's headers, in order (Cache-Control apart: it depends on the file)."""
    return [
        ("Content-Security-Policy", policy.header()),
        ("Referrer-Policy", "no-referrer"),
        ("X-Content-Type-Options", "nosniff"),
        ("Permissions-Policy", ", ".join(f"{name}=()" for name in PERMISSIONS)),
        ("Cross-Origin-Opener-Policy", "same-origin"),
        ("Cross-Origin-Resource-Policy", "same-origin"),
        ("X-Frame-Options", "DENY"),
    ]


def cache_control(path_in_section: str) -> str:
    """The Cache-Control of a file, by its path from the section's root (assets/kit/kit.1a2b3c4d.css)."""
    return IMMUTABLE if re.fullmatch(FINGERPRINTED, path_in_section) else REVALIDATE


@dataclass(frozen=True)
class Recipe:
    """What every recipe needs: the section's path, the policy and where the files are."""
    path: str                  # /stalking/
    policy: csp.Policy
    web_root: str              # the built site's folder on the server (for nginx)
    source: str                # the configuration file, for the files' first lines
    languages: tuple = ()      # the edition's other languages, each in its folder (en/) with its own 404.html

    @property
    def headers(self) -> list[tuple[str, str]]:
        return security_headers(self.policy)

    @property
    def not_found(self) -> str:
        return self.path + "404.html"

    def not_found_in(self, code: str) -> str:
        """A missing page under a language's folder gets that language's "not found" page."""
        return f"{self.path}{code}/404.html"

    def intro(self, comment: str, lines: list[str]) -> str:
        head = [f"Written by `make hosting` from {self.source}; do not edit: run it again after every change",
                "to the kit (the policy's hashes follow its scripts and styles).", ""] + lines
        return "\n".join(f"{comment} {line}".rstrip() for line in head) + "\n"


# --------------------------------------------------------------------------- nginx

def nginx(r: Recipe) -> str:
    quoted = lambda value: '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'
    p = r.path
    root = r.web_root.rstrip("/") + "/"
    lines = [r.intro("#", [
        f"nginx: the section at {p}. Include this file inside the server {{ }} block of your site",
        "(the one that listens on 443 with your certificate), for example:",
        "    include /etc/nginx/snippets/stalking-support.conf;",
        f"The built site (what `make site` wrote into site/) goes in {root}",
        "(change `alias` below if it lives elsewhere). Needs nginx 1.18 or later, with",
        "gzip_static (Debian's and most builds have it).",
    ])]
    if p != "/":
        lines.append(f"location = {p.rstrip('/')} {{ absolute_redirect off; return 301 {p}; }}\n")
    lines.append(f"location ^~ {p} {{")
    lines.append(f"    {'alias' if p != '/' else 'root'} {root};")
    lines += [
        "    index index.html;",
        "    autoindex off;",
        "    charset utf-8;",
        "    absolute_redirect off;              # a folder's address without its / redirects to it, relatively",
        "    gzip_static on;                     # send about/index.html.gz to browsers that accept gzip",
        "    gzip_vary on;",
        f"    error_page 404 {r.not_found};",
        f"    error_page 403 =404 {r.not_found};    # a folder without a page is not found either",
    ]
    for code in r.languages:
        lines += [
            f"    location {p}{code}/ {{               # the {code} pages: their own \"not found\" page",
            f"        set $kit_cache {quoted(REVALIDATE)};",
            f"        error_page 404 {r.not_found_in(code)};",
            f"        error_page 403 =404 {r.not_found_in(code)};",
            "    }",
        ]
    lines += [
        "",
        f"    set $kit_cache {quoted(REVALIDATE)};   # HTML and the rest: revalidate every time",
        f'    location ~ "^{re.escape(p)}{FINGERPRINTED}$" {{',
        f"        set $kit_cache {quoted(IMMUTABLE)};",
        "    }",
        "    location ~ \"/\\.\" { return 404; }   # dotfiles, such as the kit's .kit-output",
        "",
        "    # The nested locations above add no headers of their own, so they keep all of these.",
    ]
    for name, value in r.headers:
        lines.append(f"    add_header {name} {quoted(value)} always;")
    lines.append("    add_header Cache-Control $kit_cache always;")
    lines.append(f"    # {HSTS_NOTE} Then uncomment:")
    lines.append(f"    # add_header Strict-Transport-Security {quoted(HSTS)} always;")
    lines.append("}")
    return "\n".join(lines) + "\n"


# --------------------------------------------------------------------------- Apache

def apache(r: Recipe) -> str:
    quoted = lambda value: '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'
    types = "|".join(COMPRESSED)
    lines = [r.intro("#", [
        f"Apache 2.4: save this file as .htaccess in the section's folder (served at {r.path}),",
        "beside index.html. It needs mod_headers, mod_rewrite and mod_alias, and",
        "`AllowOverride FileInfo Indexes Options=Indexes,MultiViews` (or All) for that folder.",
        "The same lines work inside <Directory> in the server's own configuration.",
    ])]
    lines += [
        "Options -Indexes -MultiViews",
        "DirectoryIndex index.html",
        "AddDefaultCharset utf-8",
        f"ErrorDocument 404 {r.not_found}",
    ]
    for code in r.languages:
        lines += [f'<If "%{{REQUEST_URI}} =~ m#^{r.path}{code}/#">   # the {code} pages\' own "not found" page',
                  f"    ErrorDocument 404 {r.not_found_in(code)}",
                  "</If>"]
    lines += [
        "",
        "# Dotfiles, such as the kit's .kit-output, are not served",
        'RedirectMatch 404 "/\\."',
        "",
    ]
    for name, value in r.headers:
        lines.append(f"Header always set {name} {quoted(value)}")
    lines += [
        f"# {HSTS_NOTE} Then uncomment:",
        f"# Header always set Strict-Transport-Security {quoted(HSTS)}",
        "",
        "# HTML and the rest: revalidate every time; fingerprinted files: a year",
        f"Header always set Cache-Control {quoted(REVALIDATE)}",
        '<FilesMatch "\\.[0-9a-f]{8}(\\.min)?\\.(css|js)(\\.gz)?$">',
        f"    Header always set Cache-Control {quoted(IMMUTABLE)}",
        "</FilesMatch>",
        "",
        "# Precompressed copies (name.gz beside each file) for browsers that accept gzip",
        "RewriteEngine On",
        'RewriteCond "%{HTTP:Accept-Encoding}" "gzip"',
        'RewriteCond "%{REQUEST_FILENAME}\\.gz" -s',
        f'RewriteRule "^(.*)\\.({types})$" "$1.$2.gz" [QSA]',
        "RemoveType .gz",
        "RemoveEncoding .gz",
    ]
    for ext in COMPRESSED:
        lines.append(f'RewriteRule "\\.{ext}\\.gz$" "-" [T={CONTENT_TYPES[ext].split(";")[0]},E=no-gzip:1]')
    lines += [
        f'<FilesMatch "\\.({types})\\.gz$">',
        "    Header set Content-Encoding gzip",
        "</FilesMatch>",
        f'<FilesMatch "\\.({types})(\\.gz)?$">',
        "    Header append Vary Accept-Encoding",
        "</FilesMatch>",
    ]
    return "\n".join(lines) + "\n"


# --------------------------------------------------------------------------- IIS

def web_config(r: Recipe) -> str:
    a = quoteattr
    pattern = "^" + re.escape(r.path) + FINGERPRINTED + "$"            # {URL} starts with /
    headers = "\n".join(f"        <add name={a(n)} value={a(v)} />" for n, v in r.headers)
    languages = "".join(f"""  <!-- the {code} pages' own "not found" page -->
  <location path={a(code)}>
    <system.webServer>
      <httpErrors errorMode="Custom" existingResponse="Replace">
        <remove statusCode="404" subStatusCode="-1" />
        <error statusCode="404" path={a(r.not_found_in(code))} responseMode="ExecuteURL" />
      </httpErrors>
    </system.webServer>
  </location>
""" for code in r.languages)
    intro = r.intro("  ", [
        f"IIS 10: save as web.config in the section's folder (served at {r.path}). The fingerprinted",
        "files' year-long caching and the dotfile rule need the URL Rewrite module. IIS compresses",
        "files itself (static compression, below), so it does not need the .gz copies.",
        f"{HSTS_NOTE} Then add the header Strict-Transport-Security, value {HSTS!r}.",
    ]).replace("--", "- -")
    return f"""<?xml version="1.0" encoding="utf-8"?>
<!--
{intro}-->
<configuration>
  <system.webServer>
    <httpProtocol>
      <customHeaders>
        <remove name="X-Powered-By" />
{headers}
      </customHeaders>
    </httpProtocol>
    <staticContent>
      <!-- Cache-Control: no-cache: revalidate every time (fingerprinted files: see the rewrite rule) -->
      <clientCache cacheControlMode="DisableCache" />
    </staticContent>
    <urlCompression doStaticCompression="true" doDynamicCompression="false" />
    <directoryBrowse enabled="false" />
    <defaultDocument enabled="true">
      <files>
        <clear />
        <add value="index.html" />
      </files>
    </defaultDocument>
    <httpErrors errorMode="Custom" existingResponse="Replace">
      <remove statusCode="404" subStatusCode="-1" />
      <error statusCode="404" path={a(r.not_found)} responseMode="ExecuteURL" />
    </httpErrors>
    <security>
      <requestFiltering>
        <hiddenSegments>
          <add segment=".kit-output" />
        </hiddenSegments>
      </requestFiltering>
    </security>
    <rewrite>
      <rules>
        <rule name="No dotfiles" stopProcessing="true">
          <match url="(^|/)\\." />
          <action type="CustomResponse" statusCode="404" statusReason="Not Found" statusDescription="Not Found" />
        </rule>
      </rules>
      <outboundRules>
        <rule name="Fingerprinted files: keep for a year">
          <match serverVariable="RESPONSE_Cache_Control" pattern=".*" />
          <conditions>
            <add input="{{URL}}" pattern={a(pattern)} />
          </conditions>
          <action type="Rewrite" value={a(IMMUTABLE)} />
        </rule>
      </outboundRules>
    </rewrite>
  </system.webServer>
{languages}</configuration>
"""


# --------------------------------------------------------------------------- _headers

def headers_file(r: Recipe) -> str:
    p = r.path
    lines = [r.intro("#", [
        "Static hosts and CDNs that read a _headers file (Netlify, Cloudflare Pages): copy it into",
        "the root of the folder you publish. Paths are from the site's root. HTML gets the host's",
        "own Cache-Control, which on these hosts already means revalidate every time; a rule for",
        "it here would be joined to the year-long one of the fingerprinted files.",
        f"{HSTS_NOTE} Then add `Strict-Transport-Security: {HSTS}` under {p}*.",
    ] + ([f"A missing page under {p}{code}/ should get {r.not_found_in(code)}: Cloudflare Pages serves"
          " the nearest 404.html on its own; on Netlify add a 404 rule for it in _redirects."
          for code in r.languages]))]
    lines.append(f"{p}*")
    lines += [f"  {n}: {v}" for n, v in r.headers]
    for pattern in ("assets/kit/*", "assets/stylesheets/*", "assets/javascripts/bundle.*",
                    "assets/javascripts/workers/*"):
        lines += [f"{p}{pattern}", f"  Cache-Control: {IMMUTABLE}"]
    return "\n".join(lines) + "\n"


WRITERS = {"nginx.conf": nginx, "apache.htaccess": apache, "web.config": web_config, "_headers": headers_file}


# --------------------------------------------------------------------------- the command

def built_policy(site: Path) -> csp.Policy:
    """The policy of a built web edition, checked against every page's meta policy."""
    site = Path(site)
    pages = csp.pages(site)
    if not pages or not (site / "404.html").is_file():
        raise KitError(site, "--site", "this is not a built web edition (no pages, or no 404.html)",
                       "build it first: make site CONFIG=...")
    policy = csp.site_policy(site, kiosk=False)
    for page in pages:
        found = csp.scan(page.read_text(encoding="utf-8")).policies
        if found != [policy.meta()]:
            raise KitError(page, "Content-Security-Policy", "the page's policy is not the site's: the site was "
                           "built by another version of the kit, or changed after the build",
                           "build it again with make site, then run make hosting")
    return policy


def default_web_root(path: str) -> str:
    return "/var/www" + path if path != "/" else "/var/www/html/"


def recipes(editions, site: Path, web_root: str | None = None) -> dict[str, str]:
    """Each recipe's text, for an edition (in each of its languages) built into `site`."""
    from supportkit.load.config import as_editions
    from supportkit.core.errors import relative

    editions = as_editions(editions)
    edition = next(iter(editions.values()))
    path = section_path(edition.site_url)
    recipe = Recipe(path, built_policy(site), web_root or default_web_root(path), relative(edition.file),
                    tuple(editions)[1:])
    return {name: WRITERS[name](recipe) for name in RECIPES}


def make_hosting(editions, out: Path, site: Path | None = None, web_root: str | None = None) -> list[Path]:
    """Write the recipes into `out` (dist/hosting/, beside dist/kiosk/), from the web
    edition built into `site` (or built now, into a temporary folder)."""
    import tempfile

    from supportkit.load.config import as_editions
    from supportkit.core.output import replace_in_folder

    editions = as_editions(editions)
    edition = next(iter(editions.values()))
    if edition.kiosk:
        raise KitError(edition.file, "edition", "the kiosk edition is opened from a folder, not served",
                       "make hosting for the web edition")
    with tempfile.TemporaryDirectory(prefix="kit-hosting-") as tmp:
        if site is None:
            from supportkit.editions.web import build_into
            site = Path(tmp) / "site"
            build_into(editions, site)
        texts = recipes(editions, Path(site), web_root)
    with replace_in_folder(out, config_file=edition.file) as folder:
        for name, text in texts.items():
            (folder / name).write_text(text, encoding="utf-8")
    return [Path(out) / name for name in RECIPES]
