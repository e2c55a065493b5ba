"""The Zensical adapter: Zensical (zensical.org, the successor of Material for
MkDocs, pinned in requirements.txt) called through build(). Zensical reads a
configuration file, runs Python-Markdown and its extensions (the kit's,
supportkit/render/markdown.py, among them), and draws the theme's templates in
MiniJinja, which calls no Python: the kit's parts are drawn before it runs
(supportkit/render/theme.py). It runs no MkDocs plugin, so it needs none.
"""
from __future__ import annotations

from pathlib import Path


def page_of(md) -> tuple[str, str] | None:
    """(what the page's links are relative to, its file) while Zensical renders a page: Zensical
    puts the page in a preprocessor of its own (its context extension), with its path under docs_dir."""
    for step in md.preprocessors:
        page = getattr(step, "page", None)
        config = getattr(step, "config", None)
        if page is not None and hasattr(page, "url") and hasattr(page, "path") and isinstance(config, dict):
            path = Path(page.path)
            if not path.is_absolute():
                path = Path(config.get("docs_dir") or "docs") / path
            # Zensical reads every relative address in a page's HTML, raw HTML too, as relative to the
            # page's Markdown file (and rewrites it for the page's own address): links are made from there
            return Path(page.path).as_posix(), str(path)
    return None


def plain(value):
    """A configuration value Zensical can read: dates as ISO text (Zensical refuses YAML dates
    in `extra`), everything else as it is."""
    import datetime as dt

    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    if isinstance(value, dict):
        return {k: plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [plain(v) for v in value]
    return value


def zensical_config(editions, docs: str, site: str, theme: str, sources: dict) -> dict:
    """The edition's configuration for Zensical, from the values the build already loaded and
    checked: the same as MkDocs is given (supportkit/render/mkdocs_adapter.py), in the
    classic look, with no plugin (Zensical runs none of MkDocs')."""
    import json

    from markupsafe import escape

    from supportkit.load.config import as_editions
    from supportkit.render.theme import titled_nav

    editions = as_editions(editions)
    first = next(iter(editions.values()))
    values = {k: v for k, v in first.mkdocs.items() if k not in ("INHERIT", "plugins", "validation", "strict")}
    values.update(site_dir=site, docs_dir=docs, site_url=first.site_url or "", site_name=str(escape(first.site_name)))
    # the classic look (Material's markup); no palette: Zensical fills an empty one in with its own
    # colours, a stylesheet and attributes the kit's colours would lose to
    values["theme"] = dict(values.get("theme") or {}, custom_dir=theme, variant="classic", palette=[])
    values["nav"] = titled_nav(values.get("nav") or [], first)
    values["exclude_docs"] = "\n".join(["data/", "nations/", "*.*.md"])
    values["markdown_extensions"] = [*(values.get("markdown_extensions") or []),
                                     {"supportkit.render.markdown": {
                                         "config": str(first.file), "kind": first.kind,
                                         # Zensical renders a copy of docs/: where each page really is, for errors
                                         "docs": str(Path(docs).resolve()) if Path(docs).is_absolute() else docs,
                                         "sources": json.dumps({k: str(v) for k, v in sources.items()})}}]
    return plain(values)


def build(editions, site_dir: Path, docs_dir: Path | None, theme_dir: Path, sources: dict) -> None:
    """Build the edition's pages with Zensical into `site_dir`. Zensical needs its pages, theme
    and output inside the folder of its configuration file: all go into one temporary folder."""
    import os
    import shutil
    import subprocess
    import sys
    import tempfile

    import yaml

    from supportkit import ROOT
    from supportkit.core.errors import KitError
    from supportkit.load.config import DOCS, as_editions

    editions = as_editions(editions)
    first = next(iter(editions.values()))
    if first.multilingual:
        raise KitError(first.file, "extra.languages", "Zensical builds a site in one language; it has no "
                       "equivalent of mkdocs-static-i18n yet", "build this edition with GENERATOR=mkdocs")
    if first.kiosk:
        raise KitError(first.file, "(edition)", "the kiosk edition's offline search is Material's, which Zensical "
                       "has replaced with a search of its own the kiosk has not been checked with",
                       "build the kiosk with GENERATOR=mkdocs")
    with tempfile.TemporaryDirectory(prefix="kit-zensical-") as tmp:
        project = Path(tmp)
        source = Path(docs_dir) if docs_dir else DOCS
        shutil.copytree(source, project / "docs", ignore=shutil.ignore_patterns("nations"))
        shutil.copytree(theme_dir, project / "theme")
        config = zensical_config(editions, "docs", "site", "theme", sources)
        path = project / "mkdocs.yml"
        path.write_text(yaml.safe_dump(config, sort_keys=False, allow_unicode=True), encoding="utf-8")
        env = dict(os.environ, PYTHONPATH=os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")])))
        # not --strict: Zensical checks the links and anchors of the Markdown as written, before the
        # kit's macros choose each nation's text, so it finds the other nations' anchors missing
        proc = subprocess.run([sys.executable, "-m", "zensical", "build", "--clean", "-f", str(path)],
                              cwd=project, env=env, capture_output=True, text=True)
        if proc.returncode != 0:
            errors = [line for line in (proc.stdout + proc.stderr).splitlines() if "Error in " in line]
            if errors:
                raise KitError("(page)", "(build)", errors[0].split("Error in ", 1)[1], "see the message above")
            said = [line for line in (proc.stderr + proc.stdout).splitlines() if line.strip()]
            raise RuntimeError("Zensical stopped the build: " + (said[-1] if said else "no message")
                               + (f" (first: {said[0][:300]})" if len(said) > 1 else ""))
        shutil.copytree(project / "site", site_dir, dirs_exist_ok=True)
