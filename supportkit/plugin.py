"""The kit's one MkDocs plugin (`supportkit` in mkdocs.yml's plugins). It holds no
logic: each event calls the MkDocs adapter (supportkit/render/mkdocs_adapter.py).
The pages' macros, statuses and tables are the kit's Markdown extension's
(supportkit/render/markdown.py), which Zensical runs too; the components are
drawn before MkDocs runs (supportkit/render/theme.py).

  on_config      the edition the build checked (a bare `mkdocs build` is refused:
                 use `make site`)
  on_env         keep the theme's compiled templates (supportkit/core/cache.py)
  on_post_build  give each language its own "not found" page

An edition in several languages is built by mkdocs-static-i18n, which runs a
whole build for each language: these events then run once per language,
after the i18n plugin's own (hence the priorities).
"""
from __future__ import annotations

from mkdocs.plugins import BasePlugin, CombinedEvent, event_priority

from supportkit.render import mkdocs_adapter


class KitPlugin(BasePlugin):
    def __init__(self):
        super().__init__()
        self.editions = None         # language -> Edition, set by the build before MkDocs starts
        self.not_found: dict[str, bytes] = {}

    def use(self, editions: dict) -> None:
        self.editions = editions

    @event_priority(-200)            # after mkdocs-static-i18n has set the language's configuration
    def on_config(self, config):
        mkdocs_adapter.check_started(self.editions, config)
        return config

    def on_env(self, env, config, files):
        return mkdocs_adapter.theme_env(env, config)

    def _written(self, config):
        mkdocs_adapter.keep_not_found(self.editions, config, self.not_found)

    @event_priority(-200)
    def _all_written(self, config):
        mkdocs_adapter.write_not_found(self.editions, config, self.not_found)

    on_post_build = CombinedEvent(_written, _all_written)
