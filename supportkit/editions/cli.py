"""The kit's commands, which make runs:

    python -m supportkit site     [--config FILE] [--out site]         make site
    python -m supportkit kiosk    [--config FILE] [--dist dist]        make kiosk
    python -m supportkit leaflets [--config FILE] [--out dist/leaflets] [--site DIR] [--only ID] [--form FORM]
                                                                       make leaflets
    python -m supportkit check    [--config FILE] [--strict]           make check
    python -m supportkit hosting  [--config FILE] [--out dist/hosting] [--site DIR] [--web-root PATH]
                                                                       make hosting
    python -m supportkit serve    [--config FILE] [--out site] [--port 8000]   make serve

A mistake in a file (KitError) prints the file, the key and the fix and exits
with 2; MkDocs stopping on its own warnings exits with 1; anything unexpected
prints what failed and where, and exits with 1 (--debug, or KIT_DEBUG=1, shows
the traceback). In every case the previous output is left as it was.
"""
from __future__ import annotations

import argparse
import logging
import os
import sys
from pathlib import Path

from supportkit.core.errors import KitError, relative
from supportkit.editions.run import run


def main(argv: list[str] | None = None) -> int:
    from supportkit.load.config import BASE_CONFIG

    p = argparse.ArgumentParser(prog="python -m supportkit", description=__doc__,
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--debug", action="store_true", help="show the traceback of an unexpected failure")
    sub = p.add_subparsers(dest="command", required=True)
    for name, help_text in (("site", "build the web edition"), ("kiosk", "build the kiosk edition and its zip"),
                            ("leaflets", "render the printed leaflets"),
                            ("check", "list every contact, when it was checked, and whether a check is due"),
                            ("hosting", "write the web servers' recipes (supportkit/editions/hosting.py)"),
                            ("serve", "build, serve on loopback with the recipes' headers, rebuild on changes")):
        c = sub.add_parser(name, help=help_text)
        c.add_argument("--config", default=str(BASE_CONFIG), help="organisation file (default mkdocs.yml)")
        c.add_argument("--debug", action="store_true", default=argparse.SUPPRESS)
        c.add_argument("--generator", choices=("mkdocs", "zensical"), default=argparse.SUPPRESS,
                       help="the generator that writes the pages (default mkdocs; make's GENERATOR=)")
    sub.choices["site"].add_argument("--out", default="site", help="output folder (default site/)")
    sub.choices["site"].add_argument("--edition", choices=("web", "kiosk"), default="web")
    sub.choices["kiosk"].add_argument("--dist", default="dist", help="output folder (default dist/)")
    leaflets = sub.choices["leaflets"]
    leaflets.add_argument("--out", default="dist/leaflets", help="output folder (default dist/leaflets/)")
    leaflets.add_argument("--site", default=None,
                          help="a web edition already built from the same configuration (default: build one now)")
    leaflets.add_argument("--only", default=None, metavar="ID", help="render one leaflet")
    leaflets.add_argument("--form", action="append", choices=("a4", "a5", "a5-booklet", "large-print"),
                          help="render only this form (repeat for more; default: every form)")
    sub.choices["check"].add_argument("--strict", action="store_true", default=bool(os.environ.get("STRICT")),
                                      help="exit with 1 when a contact is due a check (or set STRICT=1)")
    # -- hosting and serve (supportkit/editions/hosting.py, supportkit/editions/serve.py)
    hosting = sub.choices["hosting"]
    hosting.add_argument("--out", default="dist/hosting", help="output folder (default dist/hosting/)")
    hosting.add_argument("--site", default=None,
                         help="the web edition already built from the same configuration (default: build one now)")
    hosting.add_argument("--web-root", default=None, metavar="PATH",
                         help="where the built site lives on the nginx server (default /var/www<section path>)")
    serve = sub.choices["serve"]
    serve.add_argument("--out", default="site", help="the folder to build into and serve (default site/)")
    serve.add_argument("--port", type=int, default=8000, help="port on 127.0.0.1 (default 8000)")
    serve.add_argument("--no-watch", action="store_true", help="build and serve once; do not rebuild on changes")
    # -- end hosting and serve
    args = p.parse_args(argv)
    debug = bool(args.debug or os.environ.get("KIT_DEBUG"))
    if getattr(args, "generator", None):         # every build this command makes (supportkit/editions/web.py)
        os.environ["KIT_GENERATOR"] = args.generator
    logging.basicConfig(format="%(levelname)s - %(message)s", level=logging.INFO)
    return {"site": _site, "kiosk": _kiosk, "leaflets": _leaflets, "check": _check, "hosting": _hosting,
            "serve": _serve}[args.command](args, debug)


def warn(editions: dict) -> None:
    """Tell the person building what needs attention (warnings, not failures): contacts
    due a check, translations older than their page, translations nobody has checked."""
    from supportkit.load.opening import stale

    edition = next(iter(editions.values()))
    notes = dict.fromkeys(note for e in editions.values() for note in e.warnings)
    for note in notes:
        print(f"Warning: {note}", file=sys.stderr)
    due = stale(edition.contacts.values(), edition.options.contacts_review_days)
    if due:
        print(f"Warning: {len(due)} contact{'s' * (len(due) != 1)} last checked more than "
              f"{edition.options.contacts_review_days} days ago: "
              + ", ".join(f"{c.id} ({c.checked.isoformat()})" for c in due)
              + ". Check them against their sources and update `checked:` (make check lists them all).",
              file=sys.stderr)


def _check(args, debug: bool) -> int:
    """`make check`: every contact with its number, when it was checked, and whether it is due."""
    import datetime as _dt

    from supportkit.load.config import load_edition
    from supportkit.load.opening import stale

    result: dict = {}
    code = run(lambda: result.update(edition=load_edition(args.config)), "nothing is", debug)
    if code:
        return code
    edition = result["edition"]
    days = edition.options.contacts_review_days
    due = {c.id for c in stale(edition.contacts.values(), days)}
    today = _dt.date.today()
    rows = [(c.id, c.main.number if c.main else "-", c.checked.isoformat(), str((today - c.checked).days),
             "DUE" if c.id in due else "ok") for c in edition.contacts.values()]
    widths = [max(len(r[i]) for r in rows + [("contact", "number", "checked", "days ago", "check")])
              for i in range(5)]
    for row in [("contact", "number", "checked", "days ago", "check")] + rows:
        print("  ".join(cell.ljust(w) for cell, w in zip(row, widths)).rstrip())
    print(f"{len(due)} of {len(rows)} contacts are due a check (checked more than {days} days ago; "
          "extra.contacts_review_days).")
    return 1 if due and args.strict else 0


def _site(args, debug: bool) -> int:
    from supportkit.editions.web import build
    from supportkit.load.config import load_editions

    out = Path(args.out)

    def work():
        editions = load_editions(args.config, args.edition)
        warn(editions)
        build(editions, out)

    code = run(work, f"{out}/ is", debug)
    if code == 0:
        print(f"Built the {args.edition} edition of {args.config} into {out}/")
    return code


def _kiosk(args, debug: bool) -> int:
    from supportkit.load.config import load_editions
    from supportkit.editions.kiosk import make_kiosk

    dist = Path(args.dist)
    result = {}

    def work():
        editions = load_editions(args.config, "kiosk")
        warn(editions)
        result.update(made=make_kiosk(editions, dist))

    code = run(work,
               f"{dist}/kiosk/, {dist}/kiosk.zip and its checksum are", debug)
    if code == 0:
        zip_path, sums, digest = result["made"]
        print(f"Built the kiosk edition of {args.config} into {dist}/kiosk/")
        print(f"Wrote {zip_path} ({zip_path.stat().st_size / 1e6:.1f} MB) and {sums.name}: {digest}")
    return code


def _leaflets(args, debug: bool) -> int:
    from supportkit.load.config import load_editions
    from supportkit.editions.leaflets import make_leaflets

    logging.getLogger("mkdocs").setLevel(logging.WARNING)
    logging.getLogger("fontTools").setLevel(logging.ERROR)
    logging.getLogger("weasyprint").setLevel(logging.ERROR)   # CSS it ignores, such as accent-color
    logging.getLogger("pikepdf").setLevel(logging.WARNING)    # its start-up note
    out = Path(args.out)
    written: list = []
    code = run(lambda: written.extend(make_leaflets(load_editions(args.config), out,
                                                    Path(args.site) if args.site else None, args.only,
                                                    tuple(args.form or ()))),
               f"{out}/ is", debug)
    if code == 0:
        for path, pages in written:
            print(f"{relative(path)}  {pages} page{'s' * (pages != 1)}")
        print(f"Rendered {len(written)} leaflet files from {args.config} into {out}/")
    return code


def _hosting(args, debug: bool) -> int:
    from supportkit.load.config import load_editions
    from supportkit.editions.hosting import make_hosting

    logging.getLogger("mkdocs").setLevel(logging.WARNING)
    out = Path(args.out)
    written: list = []
    code = run(lambda: written.extend(make_hosting(load_editions(args.config), out,
                                                   Path(args.site) if args.site else None, args.web_root)),
               f"{out}/ is", debug)
    if code == 0:
        print(f"Wrote {', '.join(p.name for p in written)} for {args.config} into {out}/ "
              "(README.md, \"Publishing\", says which file goes where)")
    return code


def _serve(args, debug: bool) -> int:
    from supportkit.editions.serve import serve

    return serve(args.config, Path(args.out), args.port, watch=not args.no_watch, debug=debug)
