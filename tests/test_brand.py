"""Brand colours (extra.brand): a passing palette reaches the pages through the
hashed stylesheet and axe stays clean; each pair that fails WCAG 2.2 contrast
stops the build with the file, the key, the measured ratio and the nearest
shade that passes (and that shade does pass)."""
from __future__ import annotations

import re

import pytest
import yaml

from conftest import EXAMPLE, ROOT, run_axe, run_build
from test_config import example_with

HEX = re.compile(r'"(#[0-9a-f]{6})"')


def luminance(hex_colour: str) -> float:
    """WCAG 2.2 relative luminance, written out here, apart from the kit's own code."""
    def channel(c: int) -> float:
        c = c / 255
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4
    r, g, b = (int(hex_colour[i:i + 2], 16) for i in (1, 3, 5))
    return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b)


def ratio(a: str, b: str) -> float:
    la, lb = sorted((luminance(a), luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def brand(**colours):
    return lambda d: d["extra"]["brand"].update(colours)


# change -> (the key named, the other colour of the failing pair, the minimum)
FAILING = {
    "text on the header": (brand(header="#3a7bd5"), "header", "#ffffff", 4.5),
    "the header's own text colour": (brand(header_text="#777777"), "header_text", "#004d40", 4.5),
    "links on the page": (brand(link="#5a8dd0"), "link", "#ffffff", 4.5),
    "links in contact boxes": (brand(link="#767676"), "link", "#f3f2f1", 4.5),
    "text on buttons": (brand(button="#88aa00"), "button", "#ffffff", 4.5),
    "the secondary buttons' text": (brand(button="#ffdd00", button_text="#0b0c0c"), "button", "#ffffff", 4.5),
    "the focus ring beside its outline": (brand(focus="#004d40"), "focus", "#0b0c0c", 3.0),
    "the focus ring on the header": (brand(focus="#777777"), "focus", "#004d40", 3.0),
}


def load(config):
    from supportkit.load.config import load_edition
    return load_edition(config)


@pytest.mark.parametrize("case", list(FAILING))
def test_a_failing_pair_names_file_key_ratio_and_a_passing_shade(case, tmp_path):
    from supportkit.core.errors import KitError

    change, key, other, minimum = FAILING[case]
    config = example_with(tmp_path, change)
    with pytest.raises(KitError) as caught:
        load(config)
    e = caught.value
    message = str(e)
    assert e.file == str(config) and e.line, message
    assert e.key == f"extra.brand.{key}", message
    given = yaml.safe_load(config.read_text())["extra"]["brand"][key]
    measured = ratio(given, other)
    assert measured < minimum
    shown = re.search(r"contrast (\d+\.\d\d):1", e.problem).group(1)
    assert float(shown) == pytest.approx(measured, abs=0.011) and float(shown) < minimum, message
    assert f"at least {minimum:g}:1" in e.problem
    suggestion = HEX.search(e.fix).group(1)
    assert suggestion != given and ratio(suggestion, other) >= minimum, message
    assert re.search(r"nearest (darker|lighter) shade", e.fix)
    also = {}
    if "would then fail" in e.fix:          # dark text on a button that must itself be dark text on the page
        assert "change button_text too" in e.fix
        also = {"button_text": "#ffffff"}
    load(example_with(tmp_path, lambda d: (change(d), d["extra"]["brand"].update({key: suggestion, **also}))))


def test_a_failing_palette_stops_the_build_and_writes_nothing(tmp_path):
    out = tmp_path / "site"
    proc = run_build(example_with(tmp_path, brand(header="#3a7bd5")), out, check=False)
    assert proc.returncode == 2, proc.stderr
    assert "bad-organisation.yml, line" in proc.stderr and "extra.brand.header" in proc.stderr
    assert "4.22:1" in proc.stderr and "Fix: write header:" in proc.stderr and "Nothing was written" in proc.stderr
    assert not out.exists()


@pytest.mark.parametrize("written, problem", [
    ("header: #004d40", "YAML reads # and what follows as a comment"),
    ('header: "navy"', "is not a colour"),
    ('header: "#04d4"', "is not a colour"),
])
def test_a_colour_must_be_a_hex_value_in_quotes(tmp_path, written, problem):
    from supportkit.core.errors import KitError

    text = EXAMPLE.read_text().replace("INHERIT: ../mkdocs.yml", f"INHERIT: {ROOT / 'mkdocs.yml'}")
    text = text.replace('    header: "#004d40"', "    " + written, 1)
    assert written in text
    config = tmp_path / "org.yml"
    config.write_text(text)
    with pytest.raises(KitError) as caught:
        load(config)
    assert caught.value.key == "extra.brand.header" and problem in str(caught.value), str(caught.value)


def test_the_checks_ratios_are_wcags():
    from supportkit.load.brand import contrast, shown_ratio

    assert contrast("#767676", "#ffffff") == pytest.approx(ratio("#767676", "#ffffff"), abs=1e-6)
    assert round(contrast("#767676", "#ffffff"), 2) == 4.54
    assert shown_ratio(4.4999) == "4.49:1"            # never rounded up to a pass


def test_every_colour_the_kit_uses_by_default_passes():
    edition = load(ROOT / "mkdocs.yml")
    from supportkit.load.brand import failures
    assert failures(edition.options.brand.colours()) == []


# --------------------------------------------------------------------------- a passing palette on the pages

def test_the_example_palette_reaches_the_pages_through_the_hashed_stylesheet(example_site):
    palette = yaml.safe_load(EXAMPLE.read_text())["extra"]["brand"]
    sheet = next((example_site / "assets" / "kit").glob("kit.*.css")).read_text()
    assert f"--md-primary-fg-color:{palette['header']}" in sheet
    assert f"--md-typeset-a-color:{palette['link']}" in sheet and f"--kit-focus:{palette['focus']}" in sheet
    for page in example_site.rglob("*.html"):
        html = page.read_text()
        assert palette["header"] not in html and " style=" not in html, page


PAGES = ("", "risk-checklist/", "get-support/")


def test_a_passing_palette_is_shown_and_axe_finds_nothing(example_site, browser, serve):
    palette = yaml.safe_load(EXAMPLE.read_text())["extra"]["brand"]
    rgb = lambda h: "rgb({}, {}, {})".format(*(int(h[i:i + 2], 16) for i in (1, 3, 5)))
    base = serve(example_site).url
    page = browser.new_page()
    for path in PAGES:
        page.set_viewport_size({"width": 1280, "height": 800})
        page.goto(base + path)
        assert run_axe(page) == [], path
        if path == "":                      # the narrow header, with the menu button on the brand colour
            page.set_viewport_size({"width": 375, "height": 800})
            assert run_axe(page) == [], (path, 375)
            page.set_viewport_size({"width": 1280, "height": 800})
        assert page.evaluate("getComputedStyle(document.querySelector('.md-header')).backgroundColor") \
            == rgb(palette["header"])
        assert page.evaluate("getComputedStyle(document.querySelector('.md-typeset a')).color") == rgb(palette["link"])
    page.goto(base + "risk-checklist/")
    button = page.locator(".kit-checklist__button").first
    assert button.evaluate("b => getComputedStyle(b).backgroundColor") == rgb(palette["button"])
    assert button.evaluate("b => getComputedStyle(b).color") == rgb(palette["button_text"])
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")
    shadow = page.evaluate("getComputedStyle(document.activeElement).boxShadow")
    assert rgb(palette["focus"]) in shadow, shadow
    page.close()


def test_an_edition_without_brand_colours_does_not_load_the_colour_library():
    """coloraide takes a tenth of a second to import; the kit's own colours are held to every
    pair by test_every_colour_the_kit_uses_by_default_passes, so a build without a brand skips it."""
    import subprocess
    import sys

    code = ("import sys; from pathlib import Path; from supportkit.load.config import load_editions; "
            f"load_editions(Path({str(ROOT / 'mkdocs.yml')!r}), 'web'); "
            "from supportkit.render.assets import Assets; "
            "print('coloraide' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT)
    assert out.stdout.strip() == "False", out.stderr
