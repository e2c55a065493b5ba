"""Build an edition: the configuration is loaded and checked once (an Edition
per language), MkDocs is given it, and the result replaces the output folder
only when the whole build succeeded.

Languages. An edition in English only is one MkDocs build; pages written in
other languages (docs/*.cy.md) are left out. An edition in several languages
is built by mkdocs-static-i18n: the first language at the site's root, each
other under /<code>/, pages named docs/x.md (English) and docs/x.<code>.md.
When the first language is not English, the pages are read from a copy of
docs/ in which the English pages are named x.en.md, as the plugin needs.
"""
from __future__ import annotations

import logging
import shutil
import tempfile
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

from supportkit.core.output import checkpoint, replace_folder
from supportkit.load.config import DOCS, as_editions
from supportkit.load.strings import REFERENCE


@contextmanager
def docs_for(editions) -> Iterator[tuple[Path | None, dict]]:
    """docs/ as the build reads it, and where each page of a copy really comes from
    ({path in the copy: file under docs/}): docs/ itself, or a copy in which the nation's
    own law page (docs/nations/<id>/the-law.md) is the-law.md, and in which the English
    pages are named x.en.md when the first language is not English."""
    first = next(iter(as_editions(editions).values()))
    overlaid = {name: first.page_file(name) for name in ("the-law.md",) if first.page_file(name) != name}
    if first.lang == REFERENCE and not overlaid:
        yield None, {}
        return
    with tempfile.TemporaryDirectory(prefix="kit-docs-") as tmp:
        staged = Path(tmp) / "docs"
        shutil.copytree(DOCS, staged, ignore=shutil.ignore_patterns("nations"))
        sources = {}
        for name, real in overlaid.items():
            for code in first.codes:
                suffix = "" if code == REFERENCE else f".{code}"
                src = DOCS / real.replace(".md", f"{suffix}.md")
                target = staged / name.replace(".md", f"{suffix}.md")
                if src.is_file():
                    shutil.copyfile(src, target)
                    sources[target.relative_to(staged).as_posix()] = src
                else:
                    target.unlink(missing_ok=True)
        if first.lang != REFERENCE:
            for page in staged.rglob("*.md"):
                if page.name.count(".") == 1 and "data" not in page.relative_to(staged).parts:
                    renamed = page.with_name(page.name[: -len(".md")] + f".{REFERENCE}.md")
                    rel = page.relative_to(staged).as_posix()
                    if rel in sources:
                        sources[renamed.relative_to(staged).as_posix()] = sources.pop(rel)
                    page.rename(renamed)
        yield staged, sources


def directory_urls(edition) -> bool:
    """Whether pages are folders (the-law/) or files (the-law.html): files on a kiosk, else as configured."""
    return not edition.kiosk and bool(edition.mkdocs.get("use_directory_urls", True))


GENERATORS = ("mkdocs", "zensical")      # supportkit/render/<name>_adapter.py; MkDocs while Material is kept


def generator_of(name: str | None = None):
    """The adapter of the generator to build with: `name`, or KIT_GENERATOR (make's GENERATOR=), or MkDocs."""
    import os

    from supportkit.core.errors import KitError
    from supportkit.render import mkdocs_adapter, zensical_adapter

    name = (name or os.environ.get("KIT_GENERATOR") or "mkdocs").strip().lower()
    if name not in GENERATORS:
        raise KitError("(command line)", "GENERATOR", f"{name!r} is not a generator the kit can build with",
                       "use GENERATOR=mkdocs or GENERATOR=zensical")
    return {"mkdocs": mkdocs_adapter, "zensical": zensical_adapter}[name]


def build_into(editions, folder: Path, css_step: bool | None = None, generator: str | None = None) -> None:
    """Build the edition, in all its languages, into `folder` (which the caller swaps
    into place), keep only the CSS its pages use in one stylesheet and trim the web
    edition's pages of white space and of Material's markup only its JavaScript uses
    (supportkit/finish/css.py, trim.py; css_step=False or KIT_CSS_STEP=0 turns all three
    off), give every page the edition's Content-Security-Policy
    (supportkit/finish/csp.py), check every page (supportkit/finish/safety.py, csp.py), and
    precompress the web edition's text files (supportkit/finish/precompress.py)."""
    from supportkit.finish import csp, language_parts
    from supportkit.finish.safety import check_site
    from supportkit.render import markdown, theme
    from supportkit.render.assets import Assets

    editions = as_editions(editions)
    first = next(iter(editions.values()))
    adapter = generator_of(generator)
    with docs_for(editions) as (docs_dir, sources), tempfile.TemporaryDirectory(prefix="kit-theme-") as tmp:
        nav = first.mkdocs.get("nav") or []
        theme_dir = theme.write(editions, Path(tmp) / "theme", directory_urls(first), nav)
        markdown.use(editions, sources, docs_dir)
        adapter.build(editions, folder, docs_dir, theme_dir, sources)
    checkpoint("mid-build")          # crash tests stop here: pages written, the folder not yet whole
    for edition in editions.values():            # each language's kit.js carries its own words
        Assets.for_edition(edition).write(folder)
    if first.kiosk:
        from supportkit.finish.kiosk import finish
        finish(folder, editions)
    from supportkit.finish import css
    from supportkit.finish import trim
    if css.enabled(css_step) and not first.kiosk:
        trim.drop_unused_material(folder)     # first, so that their rules leave the stylesheet too
    sheet = css.apply(folder, first, css_step)
    if sheet and not first.kiosk:
        trim.trim_site(folder, sheet.texts(folder))
    language_parts.apply(folder)          # lang="en" around English words on Welsh pages, and the reverse
    # -- hosting: the policy is computed from the finished pages, so change pages only above this line
    policy = csp.apply(folder, first)
    check_site(folder, first)
    csp.check_site(folder, policy, first.kiosk)
    if not first.kiosk:
        from supportkit.finish.precompress import precompress
        precompress(folder)
    # -- end hosting


def build(editions, out: Path) -> None:
    """Build into a sibling temporary folder, then swap it in."""
    first = next(iter(as_editions(editions).values()))
    with replace_folder(out, config_file=first.file) as tmp:
        build_into(editions, tmp)


def quiet_mkdocs(level: int = logging.INFO) -> None:
    logging.basicConfig(format="%(levelname)s - %(message)s", level=level)
    logging.getLogger("mkdocs").setLevel(level)
