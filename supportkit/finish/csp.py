"""The Content-Security-Policy every page carries, computed from the built pages.

After MkDocs (and, for a kiosk, supportkit/editions/kiosk.py) has written every page,
apply() reads them all, takes the SHA-256 hash of each inline <script> and
<style> it finds (the quick exit's script and styles; on a kiosk, Material's
storage stubs too; and whatever a later component adds), and writes one
policy for the whole edition:

- into every page, as <meta http-equiv="Content-Security-Policy">, right after
  <meta charset> and so before any script, style or stylesheet, for hosts that
  cannot send headers and for the kiosk opened from file://;
- for the hosting recipes (supportkit/editions/hosting.py) and `make serve`, as the
  header, which adds what a meta policy cannot hold (frame-ancestors).

Nothing comes from any other origin, and nothing inline runs unless its hash
is listed: no 'unsafe-inline', so no inline event handler and no style
attribute works. img-src allows data: because Material's own stylesheet draws
its icons (admonitions, lists) as data: SVG images; an image cannot run a
script. connect-src 'self' lets a page read its own site's files (no page does;
Lighthouse reads robots.txt that way); the kiosk adds worker-src 'self' for its search when
it is served over http; from file:// its search Worker is iframe-worker's
shim: an about:blank frame, which needs no frame-src and inherits this policy,
so the one inline script the shim writes into it is hashed too
(shim_inline_scripts()).

One page goes without the meta: the kiosk's neutral welcome page (where the
quick exit lands, supportkit/editions/kiosk.py), which must not even hold the letters
"http" (tests/test_kiosk.py), and which has no script, loads nothing, and is
checked to stay that way (no <script> at all, no style attribute).

check_site() then fails the build if a page has no policy or another one, has
it after a script or style, carries an inline script or style the policy does
not cover (something changed the pages after apply()), or has a style
attribute (which the policy would block).
"""
from __future__ import annotations

import base64
import hashlib
import json
import re
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path

from supportkit.core.errors import KitError
from supportkit.finish.kiosk import SHIM, WELCOME

# Script types a browser runs; any other type (application/json) is data.
JS_TYPES = {"", "text/javascript", "application/javascript", "module"}
# Directives a <meta> policy cannot hold (the browser ignores them there).
HEADER_ONLY = ("frame-ancestors", "report-uri", "sandbox")
META = '<meta http-equiv="Content-Security-Policy" content="{}">'
_META_ANY = re.compile(r'<meta http-equiv="Content-Security-Policy" content="[^"]*">\n?', re.I)
_CHARSET = re.compile(r"<meta charset=[\"']?utf-8[\"']?\s*/?>", re.I)
_HEAD = re.compile(r"<head\b[^>]*>", re.I)
_CONFIG = re.compile(r'<script id="__config" type="application/json">(.*?)</script>', re.S)


def source_hash(text: str) -> str:
    """A CSP hash source for an inline script's or style's exact text."""
    digest = hashlib.sha256(text.encode("utf-8")).digest()
    return f"'sha256-{base64.b64encode(digest).decode('ascii')}'"


@dataclass(frozen=True)
class Inline:
    kind: str           # "script" or "style"
    text: str
    line: int


class _Scan(HTMLParser):
    """Inline scripts and styles, style attributes and the policy of one page."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.inline: list[Inline] = []
        self.style_attributes: list[tuple[int, str]] = []
        self.policies: list[str] = []
        self.first_policy_line: int | None = None
        self.first_code_line: int | None = None      # the first script, style or stylesheet
        self._open: tuple[str, int] | None = None
        self._text: list[str] = []

    def handle_starttag(self, tag, attrs):
        a = {k.lower(): (v or "") for k, v in attrs}
        line = self.getpos()[0]
        if "style" in a:
            self.style_attributes.append((line, tag))
        if tag == "meta" and a.get("http-equiv", "").lower() == "content-security-policy":
            self.policies.append(a.get("content", ""))
            if self.first_policy_line is None:
                self.first_policy_line = line
        if tag in ("script", "style") or (tag == "link" and "stylesheet" in a.get("rel", "").lower()):
            if self.first_code_line is None:
                self.first_code_line = line
        if tag == "style" or (tag == "script" and "src" not in a and a.get("type", "").lower() in JS_TYPES):
            self._open, self._text = (tag, line), []

    handle_startendtag = handle_starttag

    def handle_data(self, data):
        if self._open:
            self._text.append(data)

    def handle_endtag(self, tag):
        if self._open and tag == self._open[0]:
            self.inline.append(Inline(tag, "".join(self._text), self._open[1]))
            self._open = None


def scan(html: str) -> _Scan:
    s = _Scan()
    s.feed(html)
    s.close()
    return s


# --------------------------------------------------------------------------- the policy

@dataclass(frozen=True)
class Policy:
    """One edition's policy: directive -> its sources, in order."""
    directives: tuple

    def header(self) -> str:
        """The Content-Security-Policy header's value."""
        return "; ".join(f"{name} {' '.join(sources)}" for name, sources in self.directives)

    def meta(self) -> str:
        """The same policy without what a <meta> cannot hold."""
        return "; ".join(f"{name} {' '.join(sources)}" for name, sources in self.directives
                         if name not in HEADER_ONLY)

    def sources(self, directive: str) -> tuple:
        return dict(self.directives).get(directive, ())


def make_policy(kiosk: bool, scripts: set[str], styles: set[str]) -> Policy:
    """The policy for an edition whose inline scripts and styles have these hashes."""
    directives = [
        ("default-src", ("'none'",)),
        ("script-src", ("'self'", *sorted(scripts))),
        ("style-src", ("'self'", *sorted(styles))),
        ("img-src", ("'self'", "data:")),
    ]
    # connect-src 'self': the pages fetch nothing (the tests record every request),
    # but a tool checking the section from inside a page (Lighthouse reads
    # /robots.txt with fetch()) must be able to read the site's own files; no
    # other host is ever allowed. The kiosk's search reads its index the same way.
    directives += [("connect-src", ("'self'",))]
    if kiosk:
        directives += [("worker-src", ("'self'",))]
    directives += [
        ("form-action", ("'none'",)),
        ("base-uri", ("'none'",)),
        ("object-src", ("'none'",)),
        ("frame-ancestors", ("'none'",)),
    ]
    return Policy(tuple(directives))


def pages(site: Path) -> list[Path]:
    return sorted(Path(site).rglob("*.html"))


def without_meta(site: Path, kiosk: bool) -> set[Path]:
    """Pages that carry no <meta> policy: the kiosk's neutral welcome page."""
    return {Path(site) / WELCOME} if kiosk else set()


def site_policy(site: Path, kiosk: bool) -> Policy:
    """The policy covering every inline script and style in a built site."""
    scripts: set[str] = set()
    styles: set[str] = set()
    exempt = without_meta(site, kiosk)
    for path in pages(site):
        if path in exempt:
            continue
        for block in scan(path.read_text(encoding="utf-8")).inline:
            (scripts if block.kind == "script" else styles).add(source_hash(block.text))
    if kiosk:
        scripts.update(source_hash(text) for text in shim_inline_scripts(site))
    return make_policy(kiosk, scripts, styles)


def with_meta(html: str, policy: Policy) -> str:
    """The page with its policy as a <meta>: after <meta charset> (kept first, as
    the charset must come early), or else first in <head>."""
    tag = META.format(policy.meta())
    html = _META_ANY.sub("", html)
    for pattern in (_CHARSET, _HEAD):
        m = pattern.search(html)
        if m:
            return html[: m.end()] + "\n" + tag + html[m.end():]
    raise ValueError("the page has no <head>")


def apply(site: Path, edition) -> Policy:
    """Compute the edition's policy from its built pages and write it into each."""
    policy = site_policy(site, edition.kiosk)
    exempt = without_meta(site, edition.kiosk)
    for path in pages(site):
        if path in exempt:
            continue
        text = path.read_text(encoding="utf-8")
        path.write_text(with_meta(text, policy), encoding="utf-8")
    return policy


# --------------------------------------------------------------------------- the kiosk's search shim



def _function_source(js: str, name: str) -> str:
    """The source text of `function name(...) {...}` in minified JavaScript, as
    Function.prototype.toString gives it (braces balanced; no braces in its strings)."""
    start = js.index(f"function {name}(")
    depth = 0
    for i in range(js.index("{", start), len(js)):
        depth += {"{": 1, "}": -1}.get(js[i], 0)
        if depth == 0:
            return js[start: i + 1]
    raise ValueError(name)


def shim_inline_scripts(site: Path) -> set[str]:
    """The inline scripts iframe-worker's shim writes into its frame on file://.

    The shim (node_modules/iframe-worker/shim/index.js) writes
    `<script>postMessage=${c};importScripts=${d};...{filename:"${e}"...}</script>`,
    where c and d are its own functions and e is the worker's address (Material's
    __config "search"), which is relative to the page: a language's pages one
    folder down (en/...) give another address, so another script. One text per
    address any page uses; none when the site has no shim."""
    shim_file = Path(site) / SHIM
    if not shim_file.is_file():
        return set()
    js = shim_file.read_text(encoding="utf-8")
    template = re.search(r"document\.write\(`(.*?)`\)", js, re.S)
    inner = template and re.search(r"<script>(.*?)<\\/script>", template.group(1), re.S)
    workers = set()
    for path in pages(site):
        config = _CONFIG.search(path.read_text(encoding="utf-8"))
        if config:
            workers.add(json.loads(config.group(1))["search"])
    if not inner or not workers:
        raise KitError(shim_file, "(file)", "the kiosk's search shim is not the version the kit knows "
                       "(its frame's inline script could not be found), so the page policy would block search",
                       "install the iframe-worker version pinned in package.json (npm ci)")
    text = inner.group(1)
    names = set(re.findall(r"\$\{(\w+)\}", text))
    functions = {name: _function_source(js, name) for name in names if name != "e"}
    scripts = set()
    for worker in workers:
        script = text
        for name in names:
            script = script.replace("${%s}" % name, worker if name == "e" else functions[name])
        scripts.add(script)
    return scripts


# --------------------------------------------------------------------------- the check

def check_site(site: Path, expected: Policy, kiosk: bool = False) -> None:
    """Raise KitError at the first page whose policy is not `expected` (the one apply()
    wrote) or is misplaced, or that carries an inline script or style the policy does
    not cover (added after apply()), or a style attribute."""
    from supportkit.load.config import DOCS
    from supportkit.finish.safety import source_of

    site = Path(site)
    exempt = without_meta(site, kiosk)
    for path in pages(site):
        page = path.relative_to(site).as_posix()

        def fail(problem: str, fix: str):
            raise KitError(source_of(page, DOCS), f"built page {page}", problem, fix)

        s = scan(path.read_text(encoding="utf-8"))
        if path in exempt:
            if s.policies or "<script" in path.read_text(encoding="utf-8").lower() or s.style_attributes:
                fail("the page that goes without a policy has a policy, a script or a style attribute",
                     "keep components/kiosk/welcome.html plain: no script, no style attribute")
            continue
        if len(s.policies) != 1:
            fail(f"{len(s.policies)} Content-Security-Policy <meta> elements instead of one",
                 "let the build write it (supportkit/finish/csp.py); do not add one to a template")
        if s.policies[0] != expected.meta():
            fail("its Content-Security-Policy is not the edition's", "build again; do not edit built pages")
        if s.first_code_line is not None and s.first_code_line < s.first_policy_line:
            fail(f"line {s.first_code_line}: a script or style comes before the Content-Security-Policy",
                 "keep <meta charset> first in <head>; the build puts the policy right after it")
        allowed = set(expected.sources("script-src")), set(expected.sources("style-src"))
        for block in s.inline:
            if source_hash(block.text) not in allowed[block.kind == "style"]:
                fail(f"line {block.line}: an inline <{block.kind}> the policy does not cover",
                     "change pages only before supportkit/editions/web.py computes the policy (csp.apply); "
                     "do not edit built pages")
        if s.style_attributes:
            line, tag = s.style_attributes[0]
            fail(f"line {line}: <{tag} style=...>: a style attribute, which the page's policy blocks",
                 "give the element a class and style it in the component's stylesheet")
