"""The MkDocs adapter: MkDocs and Material, with mkdocs-static-i18n for an edition in
more than one language, called through build(). MkDocs reads no file of the
kit's again: its configuration is made from the values the build already loaded
and checked. The adapter's other job is page_of(): where MkDocs keeps the page
that a Markdown extension (supportkit/render/markdown.py) is rendering.

MkDocs' own part of the kit is the plugin in supportkit/plugin.py, which only
calls the functions here: it keeps each language's own "not found" page
(mkdocs-static-i18n writes every language's to one file) and the theme's
compiled templates (supportkit/core/cache.py).
"""
from __future__ import annotations

import io
from pathlib import Path

from markupsafe import escape

from supportkit import STRINGS
from supportkit.load.config import BASE_CONFIG, Edition, as_editions
from supportkit.load.strings import REFERENCE
from supportkit.render.assets import SHIM
from supportkit.render.theme import titled_nav

PLUGIN = "supportkit"          # the kit's plugin's name in mkdocs.yml
EXTENSION = "supportkit.render.markdown"


def page_of(md) -> tuple[str, str] | None:
    """(what the page's links are relative to: its address, its file) while MkDocs renders a
    page: MkDocs gives each page's Markdown its link-rewriting step, which holds the page's
    file (and rewrites Markdown's links, never raw HTML's, so the kit's are made from the address)."""
    step = md.treeprocessors["relpath"] if "relpath" in md.treeprocessors else None
    file = getattr(step, "file", None)
    return (file.url, file.abs_src_path) if file is not None else None


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
        "extra": dict(values.get("extra") or {}, polyfills=[SHIM], kiosk_edition=True),
    }


def mkdocs_config(editions, site_dir: Path, docs_dir: Path | None, theme_dir: Path):
    """The MkDocs configuration for an edition, from the already merged values: MkDocs
    reads no file again. Relative paths resolve from the kit's folder. The theme's
    folder is the one supportkit/render/theme.py wrote (overrides/ and the kit's parts);
    the kit's Markdown extension renders each page's macros, statuses and tables."""
    from mkdocs.config import load_config

    editions = as_editions(editions)
    first = next(iter(editions.values()))
    values = {k: v for k, v in first.mkdocs.items() if k != "INHERIT"}
    values.update(site_dir=str(site_dir), site_url=first.site_url or "", site_name=str(escape(first.site_name)))
    values["theme"] = dict(values.get("theme") or {}, custom_dir=str(theme_dir))
    values["markdown_extensions"] = [*(values.get("markdown_extensions") or []),
                                     {EXTENSION: {"config": str(first.file), "kind": first.kind}}]
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
    cfg.plugins[PLUGIN].use(editions)
    return cfg


def build(editions, site_dir: Path, docs_dir: Path | None, theme_dir: Path, sources: dict | None = None) -> None:
    """Build the edition's pages with MkDocs into `site_dir` (in this process: the kit's Markdown
    extension reads the editions and `sources` the build gave supportkit/render/markdown.py)."""
    from mkdocs.commands.build import build as mkdocs_build

    mkdocs_build(mkdocs_config(editions, site_dir, docs_dir, theme_dir))


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
            "site_name": str(escape(edition.site_name)), "theme": {"language": code},
            "nav_translations": {title: next(iter(t)) for title, t in zip(titles, translated) if isinstance(t, dict)},
        })
    # reconfigure_material off: no Material language menu (it needs a pointer); the kit's
    # switch and head links (components/language-switch/) do its job
    return {"docs_structure": "suffix", "fallback_to_default": False, "reconfigure_material": False,
            "languages": languages}


# --------------------------------------------------------------------------- what the plugin calls

def check_started(editions, config) -> None:
    """A build the kit started: it checked the configuration and drew the theme's parts first."""
    from supportkit.core.errors import KitError

    if editions is None:
        raise KitError(config.config_file_path or BASE_CONFIG, "(build)",
                       "the kit's pages are drawn before MkDocs runs, so a bare `mkdocs build` cannot make them",
                       "build with `make site` (python -m supportkit site)")


def theme_env(env, config):
    """The theme's templates, compiled once and kept (supportkit/core/cache.py); and no
    language links left over from mkdocs-static-i18n's last page for the 404 page."""
    from supportkit.core import cache

    vars(config.extra).pop("alternate", None)
    env.bytecode_cache = cache.templates(env)
    return env


def language(editions: dict, config) -> str:
    i18n = config.plugins.get("i18n")
    current = getattr(i18n, "current_language", None) if i18n else None
    return current or next(iter(editions))


def keep_not_found(editions: dict, config, kept: dict) -> None:
    """After each language's build: its "not found" page, which the next language's would overwrite."""
    site = Path(config.site_dir)
    if (site / "404.html").is_file():
        kept[language(editions, config)] = (site / "404.html").read_bytes()


def write_not_found(editions: dict, config, kept: dict) -> None:
    """After the last language: each language's own 404 page (i18n writes them all to one file)."""
    i18n = config.plugins.get("i18n")
    if len(editions) < 2 or getattr(i18n, "building", False):
        return
    site = Path(config.site_dir)
    for i, (lang, page) in enumerate((code, kept.get(code)) for code in editions):
        if page:
            target = site / "404.html" if i == 0 else site / lang / "404.html"
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(page)
