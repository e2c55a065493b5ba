"""The kit's one MkDocs plugin (`supportkit` in mkdocs.yml's plugins): the thin
layer between MkDocs and the kit's own modules. Each event does one job.

  on_config         take the Edition the build loaded (or, for a bare
                    `mkdocs build`, load and check the configuration now)
  on_env            add components/ to the theme's template folders, and give
                    its templates the kit's globals and filters
  on_page_markdown  render the page's macros, in a sandbox (supportkit/pages.py)
  on_post_build     write the components' hashed scripts and styles
"""
from __future__ import annotations

from pathlib import Path

from markupsafe import escape
from mkdocs.plugins import BasePlugin

from supportkit import COMPONENTS, render
from supportkit.assets import Assets
from supportkit.config import load_edition
from supportkit.output import checkpoint
from supportkit.pages import PageMacros


class KitPlugin(BasePlugin):
    def __init__(self):
        super().__init__()
        self.edition = None          # set by supportkit.build before the build starts

    def on_config(self, config):
        if self.edition is None:     # a bare `mkdocs build`: check the configuration here
            self.edition = load_edition(config.config_file_path)
        # Material prints the site's name without escaping it
        config["site_name"] = str(escape(self.edition.site_name))
        self.assets = Assets.for_edition(self.edition)
        self.templates = render.environment(self.edition, self.assets)
        self.pages = PageMacros(self.edition, self.templates, config.use_directory_urls)
        return config

    def on_env(self, env, config, files):
        # components/ is a template folder after overrides/ and before Material's own; it is
        # not a theme folder, so MkDocs does not copy its files into the site
        if str(COMPONENTS) not in env.loader.searchpath:
            env.loader.searchpath.insert(1, str(COMPONENTS))
        return render.install(env, self.edition, self.assets)

    def on_page_markdown(self, markdown, page, config, files):
        return self.pages.render(markdown, page.url, page.file.abs_src_path)

    def on_post_build(self, config):
        checkpoint("mid-build")          # crash tests stop here: pages written, the folder not yet whole
        self.assets.write(Path(config.site_dir))
