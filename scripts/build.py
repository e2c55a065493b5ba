"""Build an edition of the section: validate, build into a temporary folder,
then swap it in. A failed build leaves the previous output exactly as it was.

    python scripts/build.py [--config FILE] [--edition web|kiosk] [--out DIR]

The organisation file (default mkdocs.yml) is validated first; an organisation
file that inherits mkdocs.yml is applied on top of it.
"""
from __future__ import annotations

import argparse
import logging
import sys
from pathlib import Path

from markupsafe import escape

from kit.config import BASE_CONFIG, ConfigError, load, read_yaml, _merge
from kit.output import replace_folder

EDITIONS = ("web", "kiosk")


def mkdocs_config(config_file: Path, edition: str, site_dir: Path):
    """The MkDocs configuration for an organisation file and an edition."""
    from mkdocs.config import load_config

    data = read_yaml(Path(config_file))
    merged = _merge(read_yaml(BASE_CONFIG), {k: v for k, v in data.items() if k != "INHERIT"})
    extra = dict(merged.get("extra") or {}, edition=edition)
    overrides = dict(
        site_dir=str(site_dir),
        # Material prints the site name without escaping; escape it here so a
        # name such as "<script>" shows as text.
        site_name=escape(merged["site_name"]),
        site_url=merged.get("site_url") or "",
        extra=extra,
    )
    if edition == "kiosk":
        from kit.kiosk import kiosk_overrides
        kiosk = kiosk_overrides(merged)
        overrides.update(kiosk, extra=dict(extra, **kiosk.get("extra", {})))
    return load_config(config_file=str(BASE_CONFIG), **overrides)


def build(config_file: Path, edition: str, out: Path) -> None:
    """Validate, build into a sibling temporary folder, then swap it in."""
    from mkdocs.commands.build import build as mkdocs_build

    load(config_file)                       # raises ConfigError before anything is written
    with replace_folder(out) as tmp:
        cfg = mkdocs_config(config_file, edition, tmp)
        mkdocs_build(cfg)
        if edition == "kiosk":
            from kit.kiosk import finish
            finish(tmp, cfg)


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--config", default=str(BASE_CONFIG), help="organisation file (default mkdocs.yml)")
    p.add_argument("--edition", choices=EDITIONS, default="web")
    p.add_argument("--out", default=None, help="output folder (default site/, or dist/kiosk/)")
    args = p.parse_args(argv)
    out = Path(args.out or ("site" if args.edition == "web" else "dist/kiosk"))
    logging.basicConfig(format="%(levelname)s - %(message)s", level=logging.INFO)
    logging.getLogger("mkdocs").setLevel(logging.INFO)
    try:
        build(Path(args.config), args.edition, out)
    except ConfigError as e:
        print(f"Configuration error in {e}", file=sys.stderr)
        print(f"Nothing was written; {out}/ is unchanged.", file=sys.stderr)
        return 2
    except (Exception, SystemExit) as e:  # Abort in strict mode, PluginError; mkdocs-macros exits
        print(f"Build failed: {e or 'see the messages above'}", file=sys.stderr)
        print(f"Nothing was written; {out}/ is unchanged.", file=sys.stderr)
        return 1
    print(f"Built the {args.edition} edition of {args.config} into {out}/")
    return 0


if __name__ == "__main__":
    sys.exit(main())
