"""Valid HTML: html-validate (npm, pinned) over every built page of the web
editions and the kiosk, with its recommended rules (content models,
attributes, ids, landmarks, accessibility rules of HTML itself), less three
about formatting.

The kit's own markup must pass every rule. A few things in Material's own
markup (base.html and its partials, which the kit does not write and does not
shadow) are allowed by name below, each only where Material puts it; anything
else fails.
"""
from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path

import pytest

from conftest import ROOT, pretty, run_build

CONFIG = {
    "extends": ["html-validate:recommended"],
    "rules": {
        # formatting, not validity
        "no-trailing-whitespace": "off",
        "doctype-style": "off",
        # a style preference: the kit keeps phone numbers whole with CSS (white-space: nowrap)
        "tel-non-breaking": "off",
        # a search-engine preference: Material titles a page "<page> - <site name>"
        "long-title": "off",
    },
}

# (rule, start of the selector): Material's base.html and search partial, not the kit's markup.
MATERIALS_OWN = {
    ("valid-id", "#__drawer"), ("valid-id", "#__search"), ("valid-id", "#__toc"),   # its toggles' ids
    ("valid-id", "#__config"),                                              # its settings (kiosk)
    ("valid-autocomplete", "#__drawer"), ("valid-autocomplete", "#__search"),  # autocomplete on checkboxes
    ("wcag/h32", "html > body > header > nav"),                             # its search form (kiosk)
}


# Material's sidebars: its navigation and its table of contents, which it draws
# twice (once inside the navigation, for small screens) with the same label.
SIDEBARS = re.compile(r"html > body > div:nth-child\(\d+\) > main > div > div:nth-child\([12]\) > div > div > nav")


def materials(message: dict) -> bool:
    rule, selector = message["ruleId"], message.get("selector") or ""
    if rule == "unique-landmark":
        return bool(SIDEBARS.match(selector))
    return any(rule == r and selector.startswith(s) for r, s in MATERIALS_OWN)


def validate(files: list[Path], tmp_path: Path) -> list[dict]:
    config = tmp_path / "htmlvalidate.json"
    config.write_text(json.dumps(CONFIG))
    report = tmp_path / "html-validate.json"      # a file: node may cut a long report short on a pipe
    proc = subprocess.run([str(ROOT / "node_modules" / ".bin" / "html-validate"), "--config", str(config),
                           "--formatter", f"json={report}", *map(str, files)], capture_output=True, text=True,
                          cwd=ROOT)
    assert report.is_file(), proc.stdout + proc.stderr
    problems = []
    for result in json.loads(report.read_text()):
        for m in result["messages"]:
            if not materials(m):
                problems.append({"file": result["filePath"], "rule": m["ruleId"], "message": m["message"],
                                 "selector": m.get("selector")})
    return problems


@pytest.fixture(scope="module")
def kiosk_pages(tmp_path_factory) -> list[Path]:
    out = tmp_path_factory.mktemp("markup") / "kiosk"
    run_build(ROOT / "mkdocs.yml", out, edition="kiosk")
    return sorted(out.glob("*.html"))


def test_every_page_is_valid_html_in_the_kits_own_markup(default_site, example_site, kiosk_pages, tmp_path):
    files = sorted(default_site.rglob("*.html")) + sorted(example_site.rglob("*.html")) + kiosk_pages
    assert len(files) > 50
    problems = validate(files, tmp_path)
    assert problems == [], pretty(problems[:20])


def test_the_check_catches_invalid_kit_markup(tmp_path):
    """The filter lets through only Material's own, in Material's places."""
    page = tmp_path / "bad.html"
    page.write_text('<!DOCTYPE html><html lang="en"><head><title>x</title></head><body>\n'
                    '<div role="region" aria-label="Exit">x</div>\n'
                    '<input class="md-toggle" type="checkbox" id="__drawer" autocomplete="off">\n'
                    '<input type="checkbox" id="kit-toggle" autocomplete="off"><label for="kit-toggle">Menu</label>\n'
                    '<main><p>Text</p></main></body></html>')
    problems = validate([page], tmp_path)
    assert {(p["rule"], p["selector"]) for p in problems} == {
        ("prefer-native-element", "html > body > div"), ("valid-autocomplete", "#kit-toggle")}, pretty(problems)


# --------------------------------------------------------------------------- the open-now status's place

def test_a_status_moves_to_the_end_of_its_list_item_or_paragraph():
    """supportkit/render/statuses.py: golden HTML in, HTML out."""
    from supportkit.render.statuses import after_blocks

    status = '<span class="kit-open" data-kit-open hidden><span>N: </span><span></span> ' \
             '<span class="kit-open__instead" hidden>call <a href="tel:1">1</a></span></span>'
    page = (f'<ul>\n<li>Times: Monday{status}. They can help.</li>\n<li>Always{status}</li>\n</ul>\n'
            f'<p>Open {status}daily. More.</p>\n<div>{status}</div>')
    assert after_blocks(page) == (f'<ul>\n<li>Times: Monday. They can help.{status}</li>\n<li>Always{status}</li>\n'
                                  f'</ul>\n<p>Open daily. More.{status}</p>\n<div>{status}</div>')
    assert after_blocks("<p>No status here.</p>") == "<p>No status here.</p>"
