"""One strings file per language (strings/<lang>.yml, supportkit/load/strings.py):
templates and scripts hold no words of their own, every language's file has
the English file's keys and placeholders, and a missing string stops the build
with the file, the key and the fix."""
from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
import yaml

from conftest import ROOT, copy_kit, run_build
from test_config import tree_hash

TEMPLATES = sorted((ROOT / "components").rglob("*.html")) + sorted((ROOT / "overrides").rglob("*.html"))
SCRIPTS = sorted((ROOT / "components").rglob("*.js"))
# Attributes whose values people see or hear
SHOWN_ATTRIBUTES = {"alt", "title", "aria-label", "placeholder", "label", "aria-description", "aria-roledescription"}


class _Words(HTMLParser):
    """Text and user-facing attribute values outside <script> and <style>."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []
        self.skip = 0

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style"):
            self.skip += 1
        for name, value in attrs:
            if name in SHOWN_ATTRIBUTES and value:
                self.found.append(f"{name}={value!r}")
            if name == "value" and value and dict(attrs).get("type") in ("button", "submit", "reset"):
                self.found.append(f"value={value!r}")

    def handle_endtag(self, tag):
        if tag in ("script", "style"):
            self.skip -= 1

    def handle_data(self, data):
        if not self.skip and re.search(r"[A-Za-z]", data):
            self.found.append(data.strip())


def words_in_template(source: str) -> list[str]:
    """What a template would show on its own: its text once every Jinja part is taken out."""
    source = re.sub(r"\{#.*?#\}", "", source, flags=re.S)
    source = re.sub(r"\{\{.*?\}\}|\{%.*?%\}", "", source, flags=re.S)
    parser = _Words()
    parser.feed(source)
    return parser.found


def test_the_template_check_finds_words():
    assert words_in_template('<p>{{ t("x") }} Exit this page</p>') == ["Exit this page"]
    assert words_in_template('<img alt="A logo" src="{{ logo }}">') == ["alt='A logo'"]
    assert words_in_template('{# a comment #}<p>{{ t("x") }}</p><style>a{color:red}</style>') == []


@pytest.mark.parametrize("template", TEMPLATES, ids=lambda p: p.relative_to(ROOT).as_posix())
def test_templates_hold_no_words_of_their_own(template):
    assert words_in_template(template.read_text(encoding="utf-8")) == [], \
        "user-facing words belong in strings/en.yml (use t(\"key\"))"


@pytest.mark.parametrize("script", SCRIPTS, ids=lambda p: p.relative_to(ROOT).as_posix())
def test_scripts_hold_no_words_of_their_own(script):
    """Scripts get their words from the page (data attributes drawn from the strings file)."""
    code = re.sub(r"/\*.*?\*/|//[^\n]*", "", script.read_text(encoding="utf-8"), flags=re.S)
    literals = re.findall(r'"([^"\\]*)"|\'([^\'\\]*)\'', code)
    sentences = [a or b for a, b in literals if re.search(r"[A-Za-z]+ [A-Za-z]+", a or b) and (a or b) != "use strict"]
    assert sentences == []


def flat_keys(data, prefix="") -> dict:
    out = {}
    for key, value in data.items():
        name = f"{prefix}.{key}" if prefix else str(key)
        out.update(flat_keys(value, name) if isinstance(value, dict) else {name: value})
    return out


def test_every_language_has_the_english_keys_and_placeholders():
    from supportkit.load.strings import load_strings, placeholders

    english = flat_keys(yaml.safe_load((ROOT / "strings" / "en.yml").read_text()))
    for path in sorted((ROOT / "strings").glob("*.yml")):
        other = flat_keys(yaml.safe_load(path.read_text()))
        assert set(other) == set(english), f"{path.name}: keys differ from en.yml"
        for key, value in english.items():
            assert placeholders(other[key]) == placeholders(value), f"{path.name}: {key}"
        load_strings(path.stem)                  # and the loader accepts it


def write_strings(folder: Path, lang: str, data: dict) -> None:
    folder.mkdir(exist_ok=True)
    (folder / f"{lang}.yml").write_text(yaml.safe_dump(data, allow_unicode=True))


@pytest.mark.parametrize("change, key, problem", [
    (lambda d: d["footer"].pop("privacy"), "footer.privacy", "this string is missing"),
    (lambda d: d["footer"].update(spare="x"), "footer.spare", "strings/en.yml has no such key"),
    (lambda d: d["footer"].update(published_by="Cyhoeddwyd gan {sefydliad}."), "footer.published_by",
     "{organisation} is missing"),
], ids=["missing key", "extra key", "changed placeholder"])
def test_a_translation_that_differs_from_english_is_refused(tmp_path, change, key, problem):
    from supportkit.core.errors import KitError
    from supportkit.load.strings import load_strings

    english = yaml.safe_load((ROOT / "strings" / "en.yml").read_text())
    write_strings(tmp_path, "en", english)
    other = yaml.safe_load((ROOT / "strings" / "en.yml").read_text())
    other["locale"] = "cy"
    change(other)
    write_strings(tmp_path, "cy", other)
    with pytest.raises(KitError) as e:
        load_strings("cy", tmp_path)
    assert e.value.key == key and problem in e.value.problem and e.value.fix, str(e.value)
    assert e.value.file.endswith("cy.yml")


def test_a_missing_string_stops_the_build_with_file_key_and_fix(tmp_path):
    kit = copy_kit(tmp_path / "kit")
    out = tmp_path / "site"
    run_build(kit / "mkdocs.yml", out, root=kit)
    before = tree_hash(out)
    strings = kit / "strings" / "en.yml"
    strings.write_text(strings.read_text().replace("  privacy: This site sets no cookies and keeps nothing you enter.\n",
                                                   ""))
    proc = run_build(kit / "mkdocs.yml", out, root=kit, check=False)
    assert proc.returncode == 2, proc.stderr
    assert "strings/en.yml" in proc.stderr and "footer.privacy" in proc.stderr and "Fix:" in proc.stderr, proc.stderr
    assert "Traceback" not in proc.stderr
    assert tree_hash(out) == before


def test_welsh_day_names_are_small_in_running_text_and_start_a_sentence_with_a_capital():
    """Welsh review T21: Babel's "Dydd Llun" is written "dydd Llun" inside a sentence
    (hours.day_case: lower), and any value that starts a sentence ("…am ddim. Dydd
    Llun…") gets its capital back; English keeps Babel's names."""
    from supportkit.core.errors import KitError
    from supportkit.load.contacts import days_words
    from supportkit.load.strings import Strings, load_strings

    cy, en = load_strings("cy"), load_strings("en")
    assert [cy.day_name(i) for i in (0, 4)] == ["dydd Llun", "dydd Gwener"]
    assert en.day_name(0) == "Monday"
    assert days_words(("mon", "tue", "wed", "thu", "fri"), cy) == "dydd Llun – dydd Gwener"
    assert days_words(("mon", "wed"), cy) == "dydd Llun a dydd Mercher"
    line = cy("help_box.line", number="0808 802 0300", free=" (am ddim)", hours="dydd Llun – dydd Gwener")
    assert line == "0808 802 0300 (am ddim). Dydd Llun – dydd Gwener."
    assert str(cy.markup("help_box.line", number="1", free="", hours="dydd Llun")) == "1. Dydd Llun."
    assert cy("contacts.open", hours="dydd Llun") == "Ar agor: dydd Llun."       # after a colon: small
    assert cy("hours.bank_holidays", hours="dydd Llun") == "dydd Llun. Ar gau ar wyliau banc"   # nested: as given
    odd = Strings("cy", cy.file, {**cy.values, "hours.day_case": "small"})
    with pytest.raises(KitError, match="hours.day_case"):
        odd.day_name(0)
