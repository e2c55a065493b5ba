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

import io
import logging
import shutil
import tempfile
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

from supportkit import STRINGS
from supportkit.load.config import BASE_CONFIG, DOCS, Edition, as_editions
from supportkit.core.output import replace_folder
from supportkit.finish.kiosk import SHIM
from supportkit.load.strings import REFERENCE

PLUGIN = "supportkit"          # the kit's plugin's name in mkdocs.yml


def kiosk_overrides(values: dict) -> dict:
    """MkDocs configuration values for the kiosk edition, from the merged configuration."""
    plugins = list(values.get("plugins") or [])
    names = {p if isinstance(p, str) else next(iter(p)) for p in plugins}
    plugins += [p for p in ("search", "offline") if p not in names]
    return {
        "use_directory_urls": False,
        "plugins": plugins,
        # No canonical addresses: the kiosk copy is not the organisation's website.
        "site_url": "",
        "extra": dict(values.get("extra") or {}, polyfills=[SHIM]),
    }


def titled_nav(nav: list, edition: Edition) -> list:
    """The nav with each page's short title from the strings file (nav.<page>)."""
    out = []
    for item in nav:
        page = item if isinstance(item, str) else next(iter(item.values()))
        stem = page[: -len(".md")]
        key = f"nav.{stem}"
        out.append({edition.strings(key): page} if edition.strings.has(key) else item)
    return out


def mkdocs_config(editions, site_dir: Path, docs_dir: Path | None = None, sources: dict | None = None):
    """The MkDocs configuration for an edition, from the already merged values: MkDocs
    reads no file again. Relative paths resolve from the kit's folder."""
    from mkdocs.config import load_config

    editions = as_editions(editions)
    first = next(iter(editions.values()))
    values = {k: v for k, v in first.mkdocs.items() if k != "INHERIT"}
    values.update(site_dir=str(site_dir), site_url=first.site_url or "", site_name=first.site_name)
    values["nav"] = titled_nav(values.get("nav") or [], first)
    others = sorted(p.stem for p in STRINGS.glob("*.yml") if p.stem not in first.codes)
    values["exclude_docs"] = "\n".join(["data/", "nations/"] + [f"*.{code}.md" for code in others])
    if docs_dir:
        values["docs_dir"] = str(docs_dir)
    plugins = list(values.get("plugins") or [])
    if first.codes != (REFERENCE,):
        plugins.append({"i18n": i18n_settings(editions, values["nav"])})
    values["plugins"] = plugins
    if first.kiosk:
        values.update(kiosk_overrides(values))         # search and offline, after i18n
    cfg = load_config(io.BytesIO(b"{}"), config_file_path=str(BASE_CONFIG), **values)
    cfg.plugins[PLUGIN].use(editions, docs_dir, sources or {})
    return cfg


def i18n_settings(editions: dict[str, Edition], nav: list) -> dict:
    """mkdocs-static-i18n's settings: every language, the first the default, with its
    site name and its pages' short titles."""
    first = next(iter(editions.values()))
    titles = [next(iter(item)) for item in nav if isinstance(item, dict)]
    languages = []
    for i, (code, edition) in enumerate(editions.items()):
        translated = titled_nav(first.mkdocs.get("nav") or [], edition)
        languages.append({
            "locale": code, "name": edition.strings("language.name"), "default": i == 0, "build": True,
            "site_name": edition.site_name, "theme": {"language": code},
            "nav_translations": {title: next(iter(t)) for title, t in zip(titles, translated) if isinstance(t, dict)},
        })
    # reconfigure_material off: no Material language menu (it needs a pointer); the kit's
    # switch and head links (components/language-switch/) do its job
    return {"docs_structure": "suffix", "fallback_to_default": False, "reconfigure_material": False,
            "languages": languages}


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


def build_into(editions, folder: Path, css_step: bool | None = None) -> None:
    """Build the edition, in all its languages, into `folder` (which the caller swaps
    into place), keep only the CSS its pages use in one stylesheet and trim the web
    edition's pages of white space and of Material's markup only its JavaScript uses
    (supportkit/finish/css.py, trim.py; css_step=False or KIT_CSS_STEP=0 turns all three
    off), give every page the edition's Content-Security-Policy
    (supportkit/finish/csp.py), check every page (supportkit/finish/safety.py, csp.py), and
    precompress the web edition's text files (supportkit/finish/precompress.py)."""
    from mkdocs.commands.build import build as mkdocs_build

    from supportkit.finish import csp
    from supportkit.finish.safety import check_site

    editions = as_editions(editions)
    first = next(iter(editions.values()))
    with docs_for(editions) as (docs_dir, sources):
        cfg = mkdocs_config(editions, folder, docs_dir, sources)
        mkdocs_build(cfg)
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
