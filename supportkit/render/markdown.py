"""The kit's page logic as one Python-Markdown extension, which MkDocs and Zensical
both run on every page (`supportkit.render.markdown` in markdown_extensions):

- before Markdown reads the page, its macros ({{ phone("police") }}) are rendered
  in the sandbox (supportkit/render/macros.py), for the page's language and
  address;
- after Markdown has written the page's HTML, each open-now status goes after the
  sentence it belongs to (supportkit/render/statuses.py) and each table into a
  region that scrolls sideways (supportkit/render/tables.py).

Options: `config` (the edition's configuration file) and `kind` (web or kiosk);
`docs` and `sources` when the generator reads a copy of docs/ in a process of
its own (supportkit/render/zensical_adapter.py).
The page's own address and file come from the generator (page_of(): each
adapter knows where its generator keeps them); its language from the file's
name (x.cy.md is Welsh). The edition is the one the build loaded and checked
(use()); a generator run in a process of its own loads it again from `config`.
"""
from __future__ import annotations

from pathlib import Path

from markdown import Extension
from markdown.postprocessors import Postprocessor
from markdown.preprocessors import Preprocessor

from supportkit.core.errors import KitError
from supportkit.load.config import BASE_CONFIG, DOCS, load_editions
from supportkit.load.strings import REFERENCE
from supportkit.render.statuses import after_blocks
from supportkit.render.tables import wrap_tables

# (configuration file, kind) -> what the build gave: {"editions", "sources", "docs", "macros": {lang: PageMacros}}
_BUILDS: dict = {}


def use(editions: dict, sources: dict | None = None, docs: Path | None = None) -> None:
    """The editions (checked once, by the build) the pages of this build are rendered for;
    `sources`: in a staged copy of docs/ (`docs`), the pages that come from elsewhere."""
    first = next(iter(editions.values()))
    _BUILDS[(str(Path(first.file).resolve()), first.kind)] = {
        "editions": editions, "sources": dict(sources or {}), "docs": docs, "macros": {}}


def _build(config: str, kind: str, docs: str = "", sources: str = "") -> dict:
    """What use() gave for the edition; in a generator's own process, the edition loaded again."""
    import json

    key = (str(Path(config).resolve()), kind)
    if key not in _BUILDS:
        _BUILDS[key] = {"editions": load_editions(config, kind), "sources": json.loads(sources or "{}"),
                        "docs": Path(docs).resolve() if docs else None, "macros": {}}
    return _BUILDS[key]


def language_of(src: str, codes: tuple) -> str:
    """x.cy.md -> cy; x.md (and x.en.md, in a copy for an edition whose first language is not English) -> en."""
    parts = Path(src).name.split(".")
    return parts[-2] if len(parts) >= 3 and parts[-2] in codes else REFERENCE


class _Page:
    def __init__(self, md: "Markdown", extension: "KitExtension"):
        from supportkit.render import mkdocs_adapter, zensical_adapter

        found = mkdocs_adapter.page_of(md) or zensical_adapter.page_of(md)
        if found is None:
            raise KitError("supportkit/render/markdown.py", "(page)", "the generator gave no page to render",
                           "build with `make site` (MkDocs or Zensical)")
        self.url, self.path = found
        build = _build(extension.getConfig("config"), extension.getConfig("kind"), extension.getConfig("docs"),
                       extension.getConfig("sources"))
        self.build = build
        editions = build["editions"]
        self.lang = language_of(self.path, tuple(editions))
        self.edition = editions.get(self.lang) or next(iter(editions.values()))
        self.source = self.source_of(self.path)

    def source_of(self, path: str) -> Path:
        """A page's own file in docs/, when the build reads a staged copy."""
        docs, sources = self.build["docs"], self.build["sources"]
        if not docs:
            return Path(path)
        try:
            rel = Path(path).resolve().relative_to(Path(docs).resolve())
        except ValueError:
            return Path(path)
        if rel.as_posix() in sources:
            return Path(sources[rel.as_posix()])
        name = rel.name.replace(f".{REFERENCE}.md", ".md") if rel.name.endswith(f".{REFERENCE}.md") else rel.name
        return DOCS / rel.parent / name

    def macros(self):
        from supportkit.render import components
        from supportkit.render.assets import Assets
        from supportkit.render.macros import PageMacros

        kept = self.build["macros"]
        if self.lang not in kept:
            edition = self.edition
            templates = components.environment(edition, Assets.for_edition(edition), self.build["editions"])
            folders = not edition.kiosk and bool(edition.mkdocs.get("use_directory_urls", True))
            kept[self.lang] = PageMacros(edition, templates, folders, self.source_of)
        return kept[self.lang]


class MacroPreprocessor(Preprocessor):
    """The page's macros, rendered before Markdown reads a line of it."""

    def __init__(self, md, extension):
        super().__init__(md)
        self.extension = extension

    def run(self, lines: list[str]) -> list[str]:
        page = _Page(self.md, self.extension)
        self.md.kit_page = page
        return page.macros().render("\n".join(lines), page.url, page.path).split("\n")


class PagePostprocessor(Postprocessor):
    """The page's HTML: statuses after their sentences, tables in their regions."""

    def __init__(self, md, extension):
        super().__init__(md)
        self.extension = extension

    def run(self, text: str) -> str:
        page = getattr(self.md, "kit_page", None) or _Page(self.md, self.extension)
        return wrap_tables(after_blocks(text), str(page.source))


class KitExtension(Extension):
    def __init__(self, **kwargs):
        self.config = {
            "config": [str(BASE_CONFIG), "the edition's configuration file"],
            "kind": ["web", "web or kiosk"],
            "docs": ["", "the folder of pages the generator reads, when it is a copy of docs/"],
            "sources": ["", "in that copy, the pages that come from elsewhere in docs/ (JSON)"],
        }
        super().__init__(**kwargs)

    def extendMarkdown(self, md) -> None:
        # first of all the preprocessors, as the macros were rendered before Markdown ran at all;
        # last of all the postprocessors, on the page's whole HTML
        md.preprocessors.register(MacroPreprocessor(md, self), "supportkit_macros", 100)
        md.postprocessors.register(PagePostprocessor(md, self), "supportkit_page", 0)


def makeExtension(**kwargs) -> KitExtension:
    return KitExtension(**kwargs)
