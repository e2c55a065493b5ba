"""Build an edition: the configuration is loaded and checked once (an Edition),
MkDocs is given it, and the result replaces the output folder only when the
whole build succeeded.
"""
from __future__ import annotations

import io
import logging
from pathlib import Path

from supportkit.config import BASE_CONFIG, Edition
from supportkit.output import replace_folder

PLUGIN = "supportkit"          # the kit's plugin's name in mkdocs.yml


def mkdocs_config(edition: Edition, site_dir: Path):
    """The MkDocs configuration for an edition, from the already merged values: MkDocs
    reads no file again. Relative paths resolve from the kit's folder."""
    from mkdocs.config import load_config

    values = {k: v for k, v in edition.mkdocs.items() if k != "INHERIT"}
    values.update(site_dir=str(site_dir), site_url=edition.site_url or "")
    if edition.kiosk:
        from supportkit.kiosk import kiosk_overrides
        values.update(kiosk_overrides(values))
    cfg = load_config(io.BytesIO(b"{}"), config_file_path=str(BASE_CONFIG), **values)
    cfg.plugins[PLUGIN].edition = edition
    return cfg


def build_into(edition: Edition, folder: Path) -> None:
    """Build the edition into `folder` (which the caller swaps into place), give every
    page the edition's Content-Security-Policy (supportkit/csp.py), check every page
    (supportkit/safety.py, csp.py), and precompress the web edition's text files
    (supportkit/precompress.py)."""
    from mkdocs.commands.build import build as mkdocs_build

    from supportkit import csp
    from supportkit.safety import check_site

    cfg = mkdocs_config(edition, folder)
    mkdocs_build(cfg)
    if edition.kiosk:
        from supportkit.kiosk import finish
        finish(folder, edition)
    # -- hosting: the policy is computed from the finished pages, so change pages only above this line
    policy = csp.apply(folder, edition)
    check_site(folder, edition)
    csp.check_site(folder, policy, edition.kiosk)
    if not edition.kiosk:
        from supportkit.precompress import precompress
        precompress(folder)
    # -- end hosting


def build(edition: Edition, out: Path) -> None:
    """Build into a sibling temporary folder, then swap it in."""
    with replace_folder(out, config_file=edition.file) as tmp:
        build_into(edition, tmp)


def quiet_mkdocs(level: int = logging.INFO) -> None:
    logging.basicConfig(format="%(levelname)s - %(message)s", level=level)
    logging.getLogger("mkdocs").setLevel(level)
