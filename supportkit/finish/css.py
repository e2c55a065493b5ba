"""Only the CSS the pages use: one small stylesheet per edition.

supportkit/editions/web.py runs apply() on the whole built folder (every language of
the edition at once), after MkDocs and the kiosk's finishing and before the
page policy (csp.apply), which hashes inline styles. It:

1. reads the stylesheets the pages link, in cascade order: Material's
   (assets/stylesheets/main.*.min.css), the kit's (assets/kit/kit.*.css,
   supportkit/render/assets.py) and the checklist's (assets/kit/checklist.*.css, one
   page); print and forced-colours rules are in them, in @media blocks, and are
   judged like any other rule;
2. web edition only, which runs none of Material's JavaScript, so Material's
   markup is exactly what the pages hold: drops each of Material's selectors
   that no element of any page can match (prune_material) once every state
   interaction can change is taken out of it (pseudo-classes and elements such
   as :hover, :focus-visible, :checked, ::before; the attributes and classes
   the kit's scripts set, DYNAMIC_ATTRIBUTES and SCRIPT_CLASSES), and those of
   its rules for narrow screens that match only inside what the kit's own
   stylesheet hides there with display: none !important (Material's drawer,
   which components/navigation/ replaces below Material's wide breakpoint);
3. runs PurgeCSS (node_modules/purgecss, supportkit/purge.mjs) over the merged
   sheet: a rule goes when a class, id, tag or attribute in it is on no page
   and in no script the pages run (pages read by their markup, scripts word by
   word, so a class a script adds keeps its rules; SAFELIST, DYNAMIC_ATTRIBUTES),
   then custom properties, @keyframes and @font-face nothing uses;
4. web edition only: takes out the rules only pages with a table or a note box
   use, into parts of their own (supportkit/finish/css_parts.py);
5. writes the result as assets/kit/kit.<hash>.css (a content hash in its name,
   as every kit asset has) and, on the web, assets/kit/kit-<feature>.<hash>.css
   for each part; links the shared sheet from every page in place of those
   stylesheets, followed by the parts the page needs, and deletes them.

It takes a second or two; the result is kept in .cache/css/, by a hash of
everything it reads (the pages, the stylesheets, the scripts, this module,
purge.mjs and PurgeCSS's version), so a build of unchanged pages only reads.
KIT_CSS_STEP=0 (or build_into(..., css_step=False)) leaves the pages and
stylesheets as MkDocs wrote them.

What the step removed is reported (removed_selectors(); KIT_CSS_REPORT=<file>
writes it out), and the tests hold every page of every edition to it: in each
state the crawl sets, no element that is drawn matches a removed selector
(tests/crawl.py); tests/test_css.py keeps a small sample of screenshots with
and without the step as a second net.
"""
from __future__ import annotations

import hashlib
import json
import os
import re
from dataclasses import dataclass, field
from pathlib import Path

from supportkit.core import cache
from supportkit.core import node
from supportkit.core.cache import Cache
from supportkit.finish.selectors import (DYNAMIC_ATTRIBUTES, SCRIPT_CLASSES, alternatives, comma_split, compile_selectors,
                                        loosen, loosen_keeping_arguments, selector_key)

PURGE_SCRIPT = Path(__file__).with_name("purge.mjs")
CACHE = Cache.named("css", ".json", keep=40)
SHEET_DIR = "assets/kit"             # where the edition's one stylesheet goes (supportkit/render/assets.py: OUT)
# Material's stylesheet, or Zensical's copy of it (assets/stylesheets/classic/main.<hash>.min.css)
MATERIAL = re.compile(r"assets/stylesheets/(classic/|modern/)?main\.[0-9a-f]+\.min\.css")
KIT = re.compile(r"assets/kit/[\w-]+\.[0-9a-f]{8}\.css")
LINK = re.compile(r'<link rel="stylesheet" href="([^"]+)">\n?')

# PurgeCSS safelists (regular expressions, matched against each class, id, tag or attribute).
SAFELIST = {
    "standard": [f"^{re.escape(name)}$" for name in SCRIPT_CLASSES],
    "deep": [],
    "greedy": [],
}
# Only on a kiosk, whose search Material's JavaScript draws: the results, their
# count, the search box's states. Found in bundle.js too; listed so that no
# change in how Material builds its results can strip them.
KIOSK_SAFELIST = {
    "standard": ["^md-search"],
}


def enabled(css_step: bool | None = None) -> bool:
    """The step runs unless turned off: css_step=False, or KIT_CSS_STEP=0 in the environment."""
    if css_step is not None:
        return css_step
    return os.environ.get("KIT_CSS_STEP", "1").strip().lower() not in ("0", "false", "no", "off")


# --------------------------------------------------------------------------- the pages

@dataclass
class Page:
    path: Path
    html: str
    sheets: list[str]                    # site paths of the stylesheets it links that the step merges
    tree: object = None


@dataclass
class Found:
    """What the pages hold, for PurgeCSS's extractor."""
    tags: set = field(default_factory=set)
    classes: set = field(default_factory=set)
    ids: set = field(default_factory=set)
    names: set = field(default_factory=set)
    values: set = field(default_factory=set)

    def add(self, tree) -> None:
        for el in tree.iter():
            if not isinstance(el.tag, str):
                continue
            self.tags.add(el.tag.lower())
            for name, value in el.attrib.items():
                self.names.add(name)
                self.values.add(value)
                self.values.update(value.split())
                if name == "class":
                    self.classes.update(value.split())
                elif name == "id":
                    self.ids.add(value)

    def as_json(self) -> dict:
        return {"tags": sorted(self.tags), "classes": sorted(self.classes), "ids": sorted(self.ids),
                "attributes": {"names": sorted(self.names), "values": sorted(self.values)}}


def site_path(site: Path, page: Path, href: str, base: str = "/") -> str | None:
    """The path from the site's root of a file a page links, by a relative address or
    one from the section's path (`base`); None for anything else."""
    href = href.split("?")[0].split("#")[0]
    if re.match(r"[a-z][a-z0-9+.-]*:|//", href, re.I):
        return None
    if href.startswith("/"):
        if not href.startswith(base):
            return None
        target = os.path.normpath(os.path.join(site, href[len(base):]))
    else:
        target = os.path.normpath(os.path.join(page.parent, href))
    try:
        return Path(target).relative_to(site).as_posix()
    except ValueError:
        return None


def read_pages(site: Path, base: str = "/") -> list[Page]:
    pages = []
    for path in sorted(site.rglob("*.html")):
        html = path.read_text(encoding="utf-8")
        sheets = []
        for href in LINK.findall(html):
            target = site_path(site, path, href, base)
            if target and (MATERIAL.fullmatch(target) or KIT.fullmatch(target)) and target not in sheets:
                sheets.append(target)
        pages.append(Page(path, html, sheets))
    return pages


def cascade(pages: list[Page]) -> list[str]:
    """Every stylesheet the pages link, in an order that keeps each page's own."""
    order: list[str] = []
    for page in pages:
        previous = None
        for sheet in page.sheets:
            if sheet not in order:
                order.insert(order.index(previous) + 1 if previous else 0, sheet)
            previous = sheet
    return order


def scripts_of(site: Path, pages: list[Page], base: str = "/") -> list[str]:
    """The text of every script the pages run: files they load and inline scripts."""
    texts: dict[str, str] = {}
    for page in pages:
        for attrs, body in re.findall(r"<script\b([^>]*)>(.*?)</script>", page.html, re.S):
            src = re.search(r'\ssrc="([^"]+)"', attrs)
            if src:
                target = site_path(site, page.path, src.group(1), base)
                if target and target not in texts and (site / target).is_file():
                    texts[target] = (site / target).read_text(encoding="utf-8", errors="replace")
            elif body.strip():
                texts.setdefault(body, body)
    return [texts[k] for k in sorted(texts)]


def inline_variables(pages: list[Page]) -> set[str]:
    """Custom properties the pages' inline styles use (the quick exit's): the sheet must keep them."""
    names = set()
    for page in pages:
        for style in re.findall(r"<style\b[^>]*>(.*?)</style>", page.html, re.S):
            names.update(re.findall(r"var\(\s*(--[\w-]+)", style))
    return names


# --------------------------------------------------------------------------- pruning Material's sheet (web)

_WIDTH = re.compile(r"^screen and \(max-width:([\d.]+)em\)$")


@dataclass
class Selector:
    tokens: list                         # the selector as written
    width: float | None                  # inside @media screen and (max-width: <width>em)
    keep: bool = False
    compiled: list = field(default_factory=list)


def _media_width(prelude: str) -> float | None:
    m = _WIDTH.match(re.sub(r"\s+", " ", prelude.strip().lower()).replace(": ", ":"))
    return float(m.group(1)) if m else None


def _absent(tokens, found: "Found") -> bool:
    """Whether a (loosened) selector needs a class, id, tag, attribute or attribute
    value that no page has: then it cannot match, and need not be tried."""
    previous = None
    for i, t in enumerate(tokens):
        nxt = tokens[i + 1] if i + 1 < len(tokens) else None
        if t.type == "literal" and t.value == "." and nxt is not None and nxt.type == "ident":
            if nxt.value not in found.classes:
                return True
        elif t.type == "hash" and t.is_identifier:
            if t.value not in found.ids:
                return True
        elif t.type == "ident" and not (previous is not None and previous.type == "literal" and previous.value == "."):
            if t.lower_value not in found.tags:
                return True
        elif t.type == "[] block":
            parts = [x for x in t.content if x.type != "whitespace"]
            if parts and parts[0].type == "ident":
                if parts[0].lower_value not in found.names:
                    return True
                if len(parts) == 3 and parts[1].type == "literal" and parts[1].value == "=" \
                        and parts[2].type in ("ident", "string") and parts[2].value not in found.values:
                    return True
        previous = t
    return False


def _walk(rules, width, selectors: list, rule_selectors: dict, children: dict):
    import tinycss2

    for rule in rules:
        if rule.type == "qualified-rule":
            own = [Selector(s, width) for s in comma_split(rule.prelude)]
            rule_selectors[id(rule)] = own
            selectors.extend(own)
        elif rule.type == "at-rule" and rule.content is not None and rule.lower_at_keyword in ("media", "supports"):
            inner = tinycss2.parse_rule_list(rule.content, skip_whitespace=True, skip_comments=True)
            children[id(rule)] = inner
            w = _media_width(tinycss2.serialize(rule.prelude)) if rule.lower_at_keyword == "media" else None
            _walk(inner, w if w is not None else width, selectors, rule_selectors, children)


def _serialize(rules, rule_selectors: dict, children: dict) -> str:
    import tinycss2

    out = []
    for rule in rules:
        if rule.type == "qualified-rule":
            kept = [tinycss2.serialize(s.tokens).strip() for s in rule_selectors[id(rule)] if s.keep]
            if kept:
                out.append(",".join(kept) + "{" + tinycss2.serialize(rule.content) + "}")
        elif rule.type == "at-rule" and id(rule) in children:
            inner = _serialize(children[id(rule)], rule_selectors, children)
            if inner:
                out.append("@" + rule.at_keyword + tinycss2.serialize(rule.prelude) + "{" + inner + "}")
        else:
            out.append(rule.serialize())
    return "".join(out)


def _is_display(decl, none: bool) -> bool:
    import tinycss2

    if decl.type != "declaration" or decl.lower_name != "display" or not decl.important:
        return False
    return (tinycss2.serialize(decl.value).strip().lower() == "none") == none


def hiding_rules(sheets: list[str]) -> tuple[list, list]:
    """From the kit's own stylesheets: (width, selector) for each element hidden with
    display: none !important inside @media screen and (max-width: <width>em), and every
    selector that sets another display with !important (which could show it again)."""
    import tinycss2

    hidden, shown = [], []

    def walk(rules, width):
        for rule in rules:
            if rule.type == "at-rule" and rule.content is not None and rule.lower_at_keyword in ("media", "supports"):
                inner = tinycss2.parse_rule_list(rule.content, skip_whitespace=True, skip_comments=True)
                w = _media_width(tinycss2.serialize(rule.prelude)) if rule.lower_at_keyword == "media" else None
                walk(inner, w if w is not None else width)
            elif rule.type == "qualified-rule":
                decls = tinycss2.parse_declaration_list(rule.content, skip_whitespace=True, skip_comments=True)
                for tokens in comma_split(rule.prelude):
                    if width is not None and any(_is_display(d, True) for d in decls) \
                            and not any(t.type == "literal" and t.value == ":" for t in tokens):
                        hidden.append((width, tokens))
                    if any(_is_display(d, False) for d in decls):
                        shown.append(loosen(tokens))

    for text in sheets:
        walk(tinycss2.parse_stylesheet(text, skip_whitespace=True, skip_comments=True), None)
    return hidden, shown


def prune_material(css: str, kit_sheets: list[str], pages: list[Page], found: Found) -> str:
    """Material's stylesheet without the selectors no element of any page can match in
    any state, nor those for narrow screens that match only what the kit hides there."""
    import cssselect2
    import tinycss2

    rules = tinycss2.parse_stylesheet(css, skip_whitespace=True, skip_comments=True)
    selectors: list[Selector] = []
    rule_selectors: dict = {}
    children: dict = {}
    _walk(rules, None, selectors, rule_selectors, children)

    pending = []
    for s in selectors:
        loose = loosen(s.tokens)
        if _absent(loose, found):
            continue                     # needs something no page has: gone without matching
        compiled = compile_selectors(loose)
        if compiled is None:
            s.keep = True
            continue
        s.compiled = compiled
        pending.append(s)

    hidden_rules, shown_rules = hiding_rules(kit_sheets)
    hiders = [(w, c) for w, tokens in hidden_rules for c in (compile_selectors(tokens) or [])]
    showers = [c for tokens in shown_rules for c in (compile_selectors(tokens) or [])]

    for page in pages:
        if not pending:
            break
        matcher = cssselect2.Matcher()
        for n, s in enumerate(pending):
            for c in s.compiled:
                matcher.add_selector(c, n)
        root = cssselect2.ElementWrapper.from_html_root(page.tree)
        hidden_at: dict[float, set] = {}
        if hiders:
            for el in root.iter_subtree():
                for width, c in hiders:
                    if c.test(el) and not any(show.test(el) for show in showers):
                        hidden_at.setdefault(width, set()).update(el.etree_element.iter())   # the elements themselves:
                        # lxml's proxies keep their identity only while referenced
        for el in root.iter_subtree():
            for _, _, _, n in matcher.match(el):
                s = pending[n]
                if s.keep:
                    continue
                if s.width is not None and any(el.etree_element in hidden for w, hidden in hidden_at.items()
                                               if w >= s.width):
                    continue             # hidden at every width this rule applies to
                s.keep = True
        pending = [s for s in pending if not s.keep]
    return _serialize(rules, rule_selectors, children)


# --------------------------------------------------------------------------- PurgeCSS

def purge(css: str, found: Found, scripts: list[str], safelist: dict) -> str:
    job = {"css": css, "sets": found.as_json(), "scripts": scripts, "safelist": safelist,
           "dynamic": list(DYNAMIC_ATTRIBUTES)}
    return node.run(PURGE_SCRIPT, job, "PurgeCSS", "purgecss")


# --------------------------------------------------------------------------- overridden custom properties

def drop_overridden_variables(css: str) -> str:
    """The sheet without the custom properties a later :root rule of the same sheet sets
    again (Material's default colours, which components/page/page.css and the brand's
    colours set anew): outside any @media or other at-rule, the same selector, so the
    later one always wins. Declarations marked !important stay, and so does what
    they could override."""
    import tinycss2

    rules = tinycss2.parse_stylesheet(css, skip_comments=True)
    roots = [(n, tinycss2.parse_declaration_list(r.content, skip_whitespace=True, skip_comments=True))
             for n, r in enumerate(rules)
             if r.type == "qualified-rule" and tinycss2.serialize(r.prelude).strip() == ":root"]
    last: dict[str, int] = {}
    for n, decls in roots:
        for d in decls:
            if d.type == "declaration" and d.name.startswith("--"):
                last[d.name] = max(last.get(d.name, n), n) if not d.important else float("inf")
    out = list(rules)
    for n, decls in roots:
        kept = [d for d in decls if d.type != "declaration" or not d.name.startswith("--")
                or d.important or last[d.name] in (n, float("inf"))]
        if len(kept) != len(decls):
            body = ";".join(d.serialize() for d in kept if d.type == "declaration")
            out[n] = f":root{{{body}}}" if body else ""
    return "".join(r if isinstance(r, str) else r.serialize() for r in out)


# --------------------------------------------------------------------------- what the step removed

def _selectors(css: str) -> dict:
    """(the @media and @supports rules around it, selector) -> its loosened form, for every
    selector of every rule of the sheet that sets a property (a rule of custom properties
    only goes when nothing reads them: tests/test_css.py checks every var() has its property)."""
    import tinycss2

    out: dict = {}

    def walk(rules, context: tuple):
        for rule in rules:
            if rule.type == "qualified-rule":
                decls = [d for d in tinycss2.parse_declaration_list(rule.content, skip_whitespace=True,
                                                                     skip_comments=True) if d.type == "declaration"]
                if decls and all(d.name.startswith("--") for d in decls):
                    continue             # only custom properties: PurgeCSS drops those nothing reads
                for whole in comma_split(rule.prelude):
                    for tokens in alternatives(whole):
                        loose = selector_key(loosen_keeping_arguments(tokens)) or "*"
                        out.setdefault((context, selector_key(tokens)), loose)
            elif rule.type == "at-rule" and rule.content is not None and rule.lower_at_keyword in ("media", "supports"):
                prelude = re.sub(r"\s+", " ", tinycss2.serialize(rule.prelude).strip())
                inner = tinycss2.parse_rule_list(rule.content, skip_whitespace=True, skip_comments=True)
                walk(inner, context + ((rule.lower_at_keyword, prelude),))

    walk(tinycss2.parse_stylesheet(css, skip_whitespace=True, skip_comments=True), ())
    return out


def removed_selectors(before: str, shared: str, parts: dict) -> list:
    """What the step took away: each selector of the stylesheets it read (in cascade order)
    that the shared sheet no longer has, as [conditions, loosened selector, selector, part]:
    `conditions` the @media and @supports rules around it ([[kind, prelude], ...]), `part` the
    feature whose part has it now (supportkit/finish/css_parts.py: gone from the pages that do not
    link that part) or None (gone from every page). tests/crawl.py holds every page to it:
    in each state it sets, no element that is drawn may match a removed selector once the
    states people can bring about (hover, focus, checked...) are taken out of it (loosen())."""
    kept = set(_selectors(shared))
    moved = {key: name for name, text in parts.items() for key in _selectors(text)}
    return [[[list(c) for c in context], loose, selector, moved.get((context, selector))]
            for (context, selector), loose in _selectors(before).items() if (context, selector) not in kept]


# --------------------------------------------------------------------------- the step

@dataclass(frozen=True)
class Result:
    sheet: str                           # the edition's shared stylesheet, from the site's root
    before: dict                         # site path -> bytes, of the stylesheets it replaced
    after: int                           # its bytes
    cached: bool
    parts: dict = field(default_factory=dict)   # feature -> its part's path (supportkit/finish/css_parts.py)
    removed: list = field(default_factory=list)  # what it took away (removed_selectors())

    def texts(self, site: Path) -> str:
        """Every stylesheet the step wrote, one after the other."""
        return "\n".join((site / name).read_text(encoding="utf-8") for name in [self.sheet, *self.parts.values()])


def build_sheet(site: Path, pages: list[Page], order: list[str], kiosk: bool, base: str = "/") -> tuple[dict, bool]:
    """The edition's stylesheet, from the cache when nothing it reads has changed:
    {"shared": text, "parts": {feature: text}, "pages": {site path: [feature, ...]}}.
    The web edition's is in parts (supportkit/finish/css_parts.py); the kiosk's is one sheet."""
    import lxml.html

    from supportkit.finish import css_parts

    node.node()                          # the same build everywhere: never only from a cache
    texts = {name: (site / name).read_text(encoding="utf-8") for name in order}
    scripts = scripts_of(site, pages, base)
    safelist = {key: list(values) for key, values in SAFELIST.items()}
    if kiosk:
        for key, values in KIOSK_SAFELIST.items():
            safelist[key] = safelist.get(key, []) + values
    inline = inline_variables(pages)
    safelist["variables"] = [f"^{re.escape(name)}$" for name in sorted(inline)]
    key = cache.key(PURGE_SCRIPT.read_bytes(), Path(__file__).read_bytes(), Path(css_parts.__file__).read_bytes(),
                    node.version("purgecss"), kiosk, json.dumps(safelist, sort_keys=True), *order,
                    *texts.values(), *scripts, *(page.path.relative_to(site).as_posix() + page.html for page in pages))
    cached = CACHE.get(key)
    if cached is not None:
        return json.loads(cached), True

    parser = lxml.html.HTMLParser(remove_comments=True, remove_pis=True)
    found = Found()
    for page in pages:
        page.tree = lxml.html.document_fromstring(page.html.encode("utf-8"), parser=parser)
        found.add(page.tree)
    parts = []
    kit_sheets = [texts[name] for name in order if not MATERIAL.fullmatch(name)]
    for name in order:
        text = texts[name]
        if MATERIAL.fullmatch(name) and not kiosk:
            text = prune_material(text, kit_sheets, [p for p in pages if name in p.sheets], found)
        parts.append(text.strip())
    css = drop_overridden_variables(purge("\n".join(parts) + "\n", found, scripts, safelist))
    result = {"shared": css, "parts": {}, "pages": {}}
    if not kiosk:
        split = css_parts.split(css, [page.tree for page in pages], "\n".join(scripts), inline)
        result = {"shared": split.shared, "parts": split.parts,
                  "pages": {page.path.relative_to(site).as_posix(): names
                            for page, names in zip(pages, split.pages) if names}}
    result["removed"] = removed_selectors("\n".join(texts[name] for name in order), result["shared"],
                                          result["parts"])
    CACHE.put(key, json.dumps(result).encode("utf-8"))
    CACHE.prune()
    return result, False


def apply(site: Path, edition, css_step: bool | None = None) -> Result | None:
    """Replace the stylesheets every page links with the edition's stylesheet (and the
    parts of it the page's features need), holding only the rules its pages can use.
    Returns None when turned off."""
    if not enabled(css_step):
        return None
    from supportkit.load.config import section_path

    site = Path(site)
    # the 404 pages, which a server sends for any address, link their files from the section's path
    base = section_path(None if edition.kiosk else getattr(edition, "site_url", None))
    pages = read_pages(site, base)
    order = cascade(pages)
    if not order:
        return None
    built, cached = build_sheet(site, [p for p in pages if p.sheets], order, edition.kiosk, base)
    files = {}                           # feature (None: the shared sheet) -> (site path, bytes)
    for name, text in [(None, built["shared"]), *built["parts"].items()]:
        body = text.encode("utf-8")
        stem = "kit" if name is None else f"kit-{name}"
        files[name] = (f"{SHEET_DIR}/{stem}.{hashlib.sha256(body).hexdigest()[:8]}.css", body)
    sheet = files[None][0]
    (site / sheet).parent.mkdir(parents=True, exist_ok=True)
    before = {name: (site / name).stat().st_size for name in order}
    for page in pages:
        if not page.sheets:
            continue
        first = True
        linked = [files[None][0], *(files[f][0] for f in built["pages"].get(page.path.relative_to(site).as_posix(), []))]

        def link(m: re.Match) -> str:
            nonlocal first
            target = site_path(site, page.path, m.group(1), base)
            if target not in order:
                return m.group(0)
            if first:
                first = False
                return "".join(f'<link rel="stylesheet" href="{href(site, page, path, base, m.group(1))}">\n'
                               for path in linked)
            return ""

        page.path.write_text(LINK.sub(link, page.html), encoding="utf-8")
    for name in order:
        if name not in {path for path, _ in files.values()}:
            (site / name).unlink(missing_ok=True)
            Path(site / (name + ".map")).unlink(missing_ok=True)
    for path, body in files.values():
        (site / path).write_bytes(body)
    result = Result(sheet, before, len(files[None][1]), cached,
                    {name: path for name, (path, _) in files.items() if name is not None}, built["removed"])
    report = os.environ.get("KIT_CSS_REPORT")
    if report:                           # for the tests (tests/crawl.py): what went, and which part has what
        Path(report).write_text(json.dumps({"removed": result.removed, "parts": result.parts}), encoding="utf-8")
    return result


def href(site: Path, page: Page, path: str, base: str, written: str) -> str:
    """The address of `path` from `page`: from the section's path if the page wrote its link that way."""
    if written.startswith("/"):
        return base + path
    return os.path.relpath(site / path, page.path.parent).replace(os.sep, "/")
