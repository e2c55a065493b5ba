"""The kit's one MkDocs plugin (`supportkit` in mkdocs.yml's plugins): the thin
layer between MkDocs and the kit's own modules. Each event does one job.

  on_config         take the language's Edition the build loaded (or, for a
                    bare `mkdocs build`, load and check the configuration now)
  on_env            add components/ to the theme's template folders, give its
                    templates the kit's globals and filters, and keep their
                    compiled code (supportkit/core/cache.py)
  on_page_markdown  render the page's macros, in a sandbox (supportkit/render/macros.py)
  on_page_content   put each open-now status after the sentence it belongs to
                    (supportkit/render/statuses.py) and each table in a region that
                    scrolls sideways (supportkit/render/tables.py)
  on_post_build     write the components' hashed scripts and styles, and give
                    each language its own 404 page

An edition in several languages is built by mkdocs-static-i18n, which runs a
whole build for each language (supportkit/editions/web.py): these events then run
once per language, after the i18n plugin's own (hence the priorities).
"""
from __future__ import annotations

from pathlib import Path

from markupsafe import escape
from mkdocs.plugins import BasePlugin, CombinedEvent, event_priority

from supportkit import COMPONENTS
from supportkit.core import cache
from supportkit.render import components as render
from supportkit.render.assets import Assets
from supportkit.load.config import DOCS, load_editions
from supportkit.core.output import checkpoint
from supportkit.render.macros import PageMacros
from supportkit.render.statuses import after_blocks
from supportkit.render.tables import wrap_tables


class KitPlugin(BasePlugin):
    def __init__(self):
        super().__init__()
        self.editions = None         # language -> Edition, set by supportkit.editions.web before the build starts
        self.docs_dir = None         # a staged copy of docs/, when the build reads one
        self.sources = {}            # in that copy, the pages that come from elsewhere in docs/
        self.edition = None          # the language being built
        self.not_found: dict[str, bytes] = {}

    def use(self, editions: dict, docs_dir: Path | None = None, sources: dict | None = None) -> None:
        self.editions, self.docs_dir, self.sources = editions, docs_dir, sources or {}

    def language(self, config) -> str:
        i18n = config.plugins.get("i18n")
        current = getattr(i18n, "current_language", None) if i18n else None
        return current or next(iter(self.editions))

    @event_priority(-200)            # after mkdocs-static-i18n has set the language's configuration
    def on_config(self, config):
        if self.editions is None:    # a bare `mkdocs build`: check the configuration here
            self.editions = load_editions(config.config_file_path)
        self.edition = self.editions[self.language(config)]
        # Material prints the site's name without escaping it
        config["site_name"] = str(escape(self.edition.site_name))
        self.assets = Assets.for_edition(self.edition)
        self.templates = render.environment(self.edition, self.assets)
        self.pages = PageMacros(self.edition, self.templates, config.use_directory_urls, self.source_of)
        return config

    def source_of(self, path: str) -> Path:
        """A page's own file in docs/, when the build reads a staged copy."""
        if not self.docs_dir:
            return Path(path)
        rel = Path(path).relative_to(self.docs_dir)
        if rel.as_posix() in self.sources:
            return self.sources[rel.as_posix()]
        name = rel.name.replace(".en.md", ".md") if rel.name.endswith(".en.md") else rel.name
        return DOCS / rel.parent / name

    def on_env(self, env, config, files):
        # components/ is a template folder after overrides/ and before Material's own; it is
        # not a theme folder, so MkDocs does not copy its files into the site
        if str(COMPONENTS) not in env.loader.searchpath:
            env.loader.searchpath.insert(1, str(COMPONENTS))
        # mkdocs-static-i18n leaves its last page's language links behind for the 404 page
        vars(config.extra).pop("alternate", None)
        env = render.install(env, self.edition, self.assets, self.editions)
        env.bytecode_cache = cache.templates(env)       # after install(): it sets autoescape
        return env

    def on_page_markdown(self, markdown, page, config, files):
        return self.pages.render(markdown, page.url, page.file.abs_src_path)

    def on_page_content(self, html, page, config, files):
        return wrap_tables(after_blocks(html), self.source_of(page.file.abs_src_path))

    def _written(self, config):
        checkpoint("mid-build")          # crash tests stop here: pages written, the folder not yet whole
        site = Path(config.site_dir)
        self.assets.write(site)
        if (site / "404.html").is_file():
            self.not_found[self.edition.lang] = (site / "404.html").read_bytes()

    @event_priority(-200)
    def _all_written(self, config):
        """After the last language: each language's own 404 page (i18n writes them all to one file)."""
        i18n = config.plugins.get("i18n")
        if len(self.editions) < 2 or getattr(i18n, "building", False):
            return
        site = Path(config.site_dir)
        for i, (lang, page) in enumerate((code, self.not_found.get(code)) for code in self.editions):
            if page:
                target = site / "404.html" if i == 0 else site / lang / "404.html"
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_bytes(page)

    on_post_build = CombinedEvent(_written, _all_written)
