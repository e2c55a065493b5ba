"""The generator's theme folder, written before the generator runs: the kit's
components drawn into plain parts that the generator's templates only include.

Neither generator calls the kit's Python from its templates (Zensical cannot:
its templates are MiniJinja, in Rust). So before a build, write() renders every
component the pages carry (the quick exit, the skip link, the menu, the language
switch, the print header, the review date, the "Get help now" box, the footer,
the scripts) with the kit's own templates (components/, supportkit/render/
components.py), for each language and each page, into

    <theme>/kit/<language>/<part>.html           the same on every page
    <theme>/kit/<language>/<page>/<part>.html    a page's own (its menu, its switch...)

where <page> is the page's address as the generator gives it (page.url: "",
"the-law/", "en/the-law/") with "/" written "~", "index" for the home page and
"404" for the "not found" page. overrides/main.html (copied in beside them, with
the rest of overrides/) includes them by name and calls nothing.

A part's addresses are left to the generator: a component's `| url` becomes,
in the part, the generator's own `{{ "assets/kit/kit.0123abcd.css" | url }}`,
so each page's links are relative to it exactly as the generator makes them
(from file:// on a kiosk too). Everything else in a part is text, inside
{% raw %}: nothing a value holds can be read as the generator's template code.
"""
from __future__ import annotations

import json
import re
import shutil
import types
from dataclasses import dataclass, field
from pathlib import Path

import jinja2
from markupsafe import Markup

from supportkit import COMPONENTS, OVERRIDES
from supportkit.core.errors import KitError
from supportkit.load.config import DOCS, as_editions, section_path
from supportkit.load.strings import REFERENCE
from supportkit.render import components
from supportkit.render.assets import Assets

# The marks a part's addresses carry until they become the generator's `| url`.
_OPEN, _CLOSE = "\x02", "\x03"
_ADDRESS = re.compile(f"{_OPEN}(.*?){_CLOSE}", re.S)


def page_key(url: str | None) -> str:
    """A page's folder under kit/<language>/: the same expression as overrides/main.html's."""
    if url is None:
        return "404"
    return (url or "index").replace("/", "~")


def page_url(src: str, lang: str, default: str, directory_urls: bool) -> str:
    """The address a generator gives the page built from docs/<src> (x.md, or x.<lang>.md for
    another language), as page.url: "" or "index.html" for the home page, "the-law/" or
    "the-law.html", under "<lang>/" for a language that is not the edition's first."""
    stem = src[: -len(".md")]
    if "." in stem.rsplit("/", 1)[-1]:
        stem = stem.rsplit(".", 1)[0]
    prefix = "" if lang == default else f"{lang}/"
    if directory_urls:
        path = "" if stem == "index" else f"{stem}/"
    else:
        path = f"{stem}.html"
    return prefix + path


@dataclass
class NavItem:
    """What the components read of a page in the navigation (as MkDocs' nav gives it)."""
    title: str
    url: str
    is_page: bool = True


@dataclass
class Page:
    """What the components read of the page being drawn (as the generators give `page`)."""
    url: str
    meta: dict
    file: types.SimpleNamespace = field(default_factory=types.SimpleNamespace)

    def __eq__(self, other):                   # `item == page` in the menu and the footer
        return isinstance(other, (Page, NavItem)) and other.url == self.url

    __hash__ = None


def front_matter(path: Path) -> dict:
    import yaml

    text = path.read_text(encoding="utf-8")
    m = re.match(r"---\n(.*?)\n---\n", text, re.S)
    return (yaml.safe_load(m.group(1)) or {}) if m else {}


def as_template(html: str) -> str:
    """A drawn part as a template for the generator: its text inside {% raw %}, each address
    a component gave `| url` as the generator's own url filter."""
    out = []
    for i, piece in enumerate(_ADDRESS.split(str(html))):
        if i % 2:
            out.append("{{ " + json.dumps(piece) + " | url }}")
        elif piece:
            if "{% endraw %}" in piece or "{%- endraw" in piece:
                raise KitError("components/", "(template)", "a drawn part holds the text {% endraw %}",
                               "remove it from the value or the string that holds it")
            out.append("{% raw %}" + piece + "{% endraw %}")
    # the generators' loaders drop one newline at the end of a file, as Jinja does
    return "".join(out) + "\n"


def environment(edition, assets: Assets, editions: dict) -> jinja2.Environment:
    """The components' templates, drawn as the generator's theme used to draw them (its
    whitespace rules, undefined values read as nothing), with addresses marked for `| url`."""
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(str(COMPONENTS)), autoescape=components.is_component)
    components.install(env, edition, assets, editions)
    env.filters["url"] = lambda value: Markup(f"{_OPEN}{value}{_CLOSE}")
    return env


# Each part: (file name, whether it is the same on every page, the template that draws it).
# The expressions are those overrides/main.html held before the parts were drawn here.
PARTS = (
    ("head-links", False, '{% import "language-switch/language-switch.html" as s with context %}{{ s.head_links() }}'),
    ("quick-exit-head", True, '{% import "quick-exit/quick-exit.html" as q %}{{ q.head() }}'),
    ("styles", True, "<link rel=\"stylesheet\" href=\"{{ asset('kit.css') | url }}\">"),
    ("quick-exit", True, '{% import "quick-exit/quick-exit.html" as q %}'
                         '{{ q.control(("welcome.html" | url) if kit.kiosk else kit.options.quick_exit.destination) }}'),
    ("skip-link", True, '{% include "page/skip-link.html" %}'),
    ("menu", False, '{% import "navigation/navigation.html" as n with context %}{{ n.menu() }}'),
    ("switch", False, '{% import "language-switch/language-switch.html" as s with context %}{{ s.switch() }}'),
    ("print-header", True, '{% import "page/print-header.html" as p %}'
                           '{{ p.print_header((kit.organisation.logo | url) if kit.organisation and '
                           'kit.organisation.logo else none) }}'),
    ("choice", False, '{% import "language-switch/language-switch.html" as s with context %}{{ s.choice() }}'),
    ("reviewed", False, '{% import "page/reviewed.html" as r %}{{ r.reviewed(page) }}'),
    ("help-box", True, '{% import "contacts/contacts.html" as c %}{{ c.help_box() }}'),
    ("footer", False, '{% import "page/footer.html" as f with context %}{{ f.footer() }}'),
    ("idle-reset", True, '{% import "idle-reset/idle-reset.html" as i %}'
                         '{{ i.idle_reset(asset("idle-reset/idle-reset.js") | url, "index.html" | url) }}'),
    ("scripts", True, '{% import "opening-status/opening-status.html" as o %}{{ o.script(asset("kit.js") | url) }}'),
    # the "not found" page, sent for any address: its link home is from the section's path
    ("not-found", True, '<h1>{{ t("not_found.title") }}</h1>\n  <p>{{ t("not_found.text") }}</p>\n  \n  \n'
                        '  <p><a href="{{ home }}">{{ t("not_found.home") }}</a></p>\n  '),
)


def write(editions, folder: Path, directory_urls: bool, nav: list) -> Path:
    """Write the theme folder for the edition into `folder`: overrides/ and the parts; return it.
    `nav` is the edition's nav, each item {title: page} in the first language's words or a page."""
    editions = as_editions(editions)
    first = next(iter(editions.values()))
    default = first.lang
    folder = Path(folder)
    shutil.copytree(OVERRIDES, folder, dirs_exist_ok=True)
    pages = [next(iter(item.values())) if isinstance(item, dict) else item for item in nav]
    # every page of every language: its address, and its front matter (from the file it is built from)
    urls = {(src, code): page_url(src if code == REFERENCE else src.replace(".md", f".{code}.md"), code, default,
                                  directory_urls)
            for src in pages for code in editions}
    for code, edition in editions.items():
        assets = Assets.for_edition(edition)
        env = environment(edition, assets, editions)
        titles = titled(edition, nav)
        items = [NavItem(title, urls[(src, code)]) for src, title in zip(pages, titles)]
        base = folder / "kit" / code
        (base / "404").mkdir(parents=True, exist_ok=True)
        drawn_pages = [(None, None)] + [(src, urls[(src, code)]) for src in pages]
        for name, shared, source in PARTS:
            template = env.from_string(source)
            if shared:
                home = section_path(first.site_url) + ("" if code == default else f"{code}/")
                text = template.render(nav=items, page=None, home=home)
                (base / f"{name}.html").write_text(as_template(text), encoding="utf-8")
                continue
            for src, url in drawn_pages:
                page = None
                if src is not None:
                    real = edition.page_file(src)
                    file = DOCS / (real if code == REFERENCE else real.replace(".md", f".{code}.md"))
                    page = Page(url, front_matter(file) if file.is_file() else {})
                    if edition.multilingual:
                        # as mkdocs-static-i18n gives them: the root's home page as "./"
                        page.file.alternates = {other: types.SimpleNamespace(url=urls[(src, other)] or "./")
                                                for other in editions}
                key = base / page_key(url if src is not None else None)
                key.mkdir(parents=True, exist_ok=True)
                (key / f"{name}.html").write_text(as_template(template.render(nav=items, page=page)),
                                                  encoding="utf-8")
    return folder


def titled_nav(nav: list, edition) -> list:
    """The nav with each page's short title from the strings file (nav.<page>)."""
    out = []
    for item in nav:
        page = item if isinstance(item, str) else next(iter(item.values()))
        key = f"nav.{page[: -len('.md')]}"
        out.append({edition.strings(key): page} if edition.strings.has(key) else item)
    return out


def titled(edition, nav: list) -> list[str]:
    """Each nav item's title in the edition's language: nav.<page> from its strings file."""
    out = []
    for item in nav:
        page = item if isinstance(item, str) else next(iter(item.values()))
        key = f"nav.{page[: -len('.md')]}"
        out.append(edition.strings(key) if edition.strings.has(key) else
                   (next(iter(item)) if isinstance(item, dict) else page))
    return out
