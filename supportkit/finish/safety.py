"""The last check of every build: what the built pages could make a browser do.

Every page is parsed as HTML (entities decoded, as a browser reads it), and
every stylesheet scanned. The build stops, naming the page, the thing found
and the fix, if a page has:

- a javascript:, data: or vbscript: address anywhere an address goes;
- an inline event handler (onclick=, onerror=, ...);
- a <script> that is not one of the kit's own (the quick exit inlined in the
  head, Material's storage stubs and search settings on a kiosk, and script
  files in the site's own assets/);
- <meta http-equiv="refresh">, or a <base> element;
- a reference to another host, other than a plain outgoing link (<a href>),
  the page's own canonical address, or its other-language counterparts on the
  same site. On a kiosk even plain outgoing links are refused: the kiosk build
  has already turned every one into text (supportkit/editions/kiosk.py);
- a style that loads anything from another host (url(), @import).

The kit escapes and checks every value it writes, so none of this should ever
be found; the check is there for what a page, a template or a future change
might still let through.
"""
from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlsplit

from supportkit.core.errors import KitError

URL_ATTRIBUTES = {"href", "src", "action", "formaction", "poster", "data", "cite", "background", "ping",
                  "manifest", "xlink:href", "longdesc", "codebase", "archive", "icon", "lowsrc", "dynsrc"}
SRCSET_ATTRIBUTES = {"srcset", "imagesrcset"}
BAD_SCHEMES = ("javascript", "data", "vbscript")
CONTROL = re.compile(r"[\x00-\x20\x7f]")        # browsers drop these inside a URL's scheme
CSS_URL = re.compile(r"""url\(\s*(['"]?)(.*?)\1\s*\)|@import\s+(['"])(.*?)\3""", re.I | re.S)
# Material's storage stubs (overrides/partials/javascripts/base.html), for any page depth
STORAGE_STUBS = re.compile(r'__md_scope=new URL\("[\w./~-]*",location\),__md_hash=function\(\)\{return 0\},'
                           r"__md_get=function\(\)\{return null\},__md_set=function\(\)\{\}")


def scheme_of(url: str) -> str:
    """The scheme a browser would see, once tabs, newlines and spaces are dropped."""
    cleaned = CONTROL.sub("", url).lower()
    return cleaned.split(":", 1)[0] if re.match(r"[a-z][a-z0-9+.-]*:", cleaned) else ""


def host_of(url: str) -> str | None:
    cleaned = CONTROL.sub("", url)
    if cleaned.startswith("//") or scheme_of(cleaned) in ("http", "https", "ftp", "ws", "wss"):
        try:
            return (urlsplit(cleaned if "//" in cleaned else "//" + cleaned).hostname or "").lower() or None
        except ValueError:
            return "(unreadable)"
    return None


class _Page(HTMLParser):
    def __init__(self, check: "Checker"):
        super().__init__(convert_charrefs=True)
        self.check = check
        self.problems: list[tuple[str, str]] = []
        self.in_script: dict | None = None
        self.script_text: list[str] = []
        self.in_style = False
        self.style_text: list[str] = []

    def problem(self, what: str, fix: str) -> None:
        line = self.getpos()[0]
        self.problems.append((f"line {line}: {what[:120]}", fix))

    def handle_starttag(self, tag, attrs):
        a = {k.lower(): (v or "") for k, v in attrs}
        for name, value in a.items():
            if name.startswith("on"):
                self.problem(f"<{tag} {name}=...>: an inline event handler",
                             "remove the attribute; pages may not carry scripts")
            if name in URL_ATTRIBUTES:
                self.url(tag, name, value, a)
            if name in SRCSET_ATTRIBUTES:
                for candidate in value.split(","):
                    if candidate.strip():
                        self.url(tag, name, candidate.strip().split()[0], a)
            if name == "style":
                self.css(value)
        if tag == "meta" and a.get("http-equiv", "").lower() == "refresh":
            self.problem('<meta http-equiv="refresh">', "remove it; a page may not send the reader elsewhere")
        if tag == "base":
            self.problem("<base>", "remove it; it changes where every link on the page goes")
        if tag == "script":
            self.in_script, self.script_text = a, []
        if tag == "style":
            self.in_style, self.style_text = True, []

    handle_startendtag = handle_starttag

    def handle_endtag(self, tag):
        if tag == "script" and self.in_script is not None:
            self.script(self.in_script, "".join(self.script_text))
            self.in_script = None
        if tag == "style" and self.in_style:
            self.css("".join(self.style_text))
            self.in_style = False

    def handle_data(self, data):
        if self.in_script is not None:
            self.script_text.append(data)
        if self.in_style:
            self.style_text.append(data)

    def url(self, tag: str, attribute: str, value: str, attrs: dict) -> None:
        scheme = scheme_of(value)
        if scheme in BAD_SCHEMES:
            self.problem(f"<{tag} {attribute}> holds a {scheme}: address",
                         "use an ordinary https:// address, or a page of the section")
            return
        if self.check.kiosk and tag == "a" and attribute == "href" and scheme in ("mailto", "tel", "sms"):
            self.problem(f"<a href> to a {scheme}: address on a kiosk", "a kiosk shows these as text")
        host = host_of(value)
        if host is None:
            return
        rel = set(attrs.get("rel", "").lower().split())
        if tag == "a" and attribute == "href" and not self.check.kiosk:
            return                                   # a plain outgoing link
        if tag == "link" and attribute == "href" and rel & {"canonical", "alternate"} \
                and host == self.check.own_host and not self.check.kiosk:
            return                                   # the page's own address, or its counterpart
        self.problem(f"<{tag} {attribute}> reaches another host ({host})",
                     "keep the file inside the section (docs/assets/), or make it a plain link")

    def script(self, attrs: dict, text: str) -> None:
        if "src" in attrs:
            src = attrs["src"]
            if host_of(src) or scheme_of(src) or not self.check.own_file(src):
                self.problem(f"<script src={src[:60]!r}>: not one of the kit's scripts",
                             "pages may not load scripts; the kit's own come from its components")
            return
        kind = attrs.get("type", "").lower()
        if kind == "application/json" and attrs.get("id") == "__config" and self.check.kiosk:
            return                                   # Material's search settings (data, not code)
        if "data-kit-qe-script" in attrs and text == self.check.quick_exit:
            return
        if STORAGE_STUBS.fullmatch(text.strip()):
            return
        self.problem("an inline <script> that is not one of the kit's own",
                     "remove it; pages may not carry scripts")

    def css(self, text: str) -> None:
        for m in CSS_URL.finditer(text):
            url = m.group(2) or m.group(4) or ""
            if scheme_of(url) in ("javascript", "vbscript") or host_of(url):
                self.problem(f"a style loads {url[:60]!r}", "keep the file inside the section (docs/assets/)")


class Checker:
    def __init__(self, site: Path, edition, quick_exit: str):
        self.site = site
        self.kiosk = edition.kiosk
        self.own_host = (urlsplit(edition.site_url).hostname or "").lower() if edition.site_url else None
        self.own_path = urlsplit(edition.site_url).path if edition.site_url else "/"
        self.quick_exit = quick_exit
        self.page: Path | None = None

    def own_file(self, src: str) -> bool:
        """A relative address of a script file inside the site's own assets/."""
        path = src.split("?")[0].split("#")[0]
        if path.startswith("/"):                     # from the site's root (the 404 page's addresses)
            path = path[len(self.own_path):] if path.startswith(self.own_path) else path.lstrip("/")
            target = (self.site / path).resolve()
        else:
            target = (self.page.parent / path).resolve()
        assets = (self.site / "assets").resolve()
        return target.is_file() and assets in target.parents


def source_of(page: str, docs: Path, edition=None) -> Path | str:
    """The Markdown file a built page came from, or else the theme's templates."""
    stem = page[: -len("/index.html")] if page.endswith("/index.html") else page[: -len(".html")]
    if getattr(edition, "page_file", None) and edition.page_file(f"{stem}.md") != f"{stem}.md":
        return docs / edition.page_file(f"{stem}.md")
    for candidate in (docs / f"{stem}.md", docs / stem / "index.md", docs / "index.md" if stem == "index" else None):
        if candidate and candidate.is_file():
            return candidate
    return "overrides/ and components/ (the templates)"


def check_site(site: Path, edition) -> None:
    """Raise KitError at the first page (or stylesheet) that breaks a rule above."""
    from supportkit.render.assets import Assets
    from supportkit.load.config import DOCS

    site = Path(site)
    checker = Checker(site, edition, Assets(edition.kind).inline("quick-exit/quick-exit.js"))
    for path in sorted(site.rglob("*.html")):
        checker.page = path
        parser = _Page(checker)
        parser.feed(path.read_text(encoding="utf-8"))
        parser.close()
        if parser.problems:
            what, fix = parser.problems[0]
            more = len(parser.problems) - 1
            page = path.relative_to(site).as_posix()
            raise KitError(source_of(page, DOCS, edition), f"built page {page}",
                           what + (f" (and {more} more)" if more else ""), fix)
    for path in sorted(site.rglob("*.css")):
        parser = _Page(checker)
        parser.css(path.read_text(encoding="utf-8", errors="replace"))
        if parser.problems:
            what, fix = parser.problems[0]
            raise KitError(path.relative_to(site).as_posix(), "stylesheet", what.split(": ", 1)[-1], fix)
