"""Leaflets (`make leaflets`, supportkit/leaflets.py): every leaflet in A4 and A5,
for the default edition and the example organisation, branded, numbered, dated,
ending with "Get help now", with no quick exit in them; the behaviour diary has
its table on every page; a bad leaflet list stops before anything is written."""
from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from conftest import EXAMPLE, ROOT

from supportkit.config import DEFAULT_LEAFLETS, load_edition

SIZES = {"a4": (595, 842), "a5": (420, 595)}          # points, portrait
PRODUCED = "21 November 2026"
SOURCE_DATE_EPOCH = "1795219200"                      # 2026-11-21 00:00 UTC

# Page counts allowed for each leaflet, in A4 and in A5 (the same bounds for the
# default and the example edition). Today: where-to-get-help 8 / 10-12,
# keeping-records 5 / 5, behaviour-diary 3 / 3-4, unwanted-calls 2 / 2,
# risk-checklist 3-4 / 4-5. A bound that fails means a page grew a lot or the
# layout broke: look at the PDF before widening it.
PAGE_BOUNDS = {
    "where-to-get-help": {"a4": (5, 11), "a5": (7, 15)},
    "keeping-records": {"a4": (3, 7), "a5": (3, 8)},
    "behaviour-diary": {"a4": (2, 5), "a5": (2, 6)},      # at least two pages to write on
    "unwanted-calls": {"a4": (1, 3), "a5": (1, 4)},
    "risk-checklist": {"a4": (2, 6), "a5": (2, 8)},
}
# The diary's column headings, on every page of the diary
DIARY_COLUMNS = ["Date", "Time", "Place", "What happened", "What they looked and sounded like, and any vehicle",
                 "How it made you feel", "Witnesses and evidence kept", "Told the police? Reference"]


def run_leaflets(*args: str, env_extra: dict | None = None) -> subprocess.CompletedProcess:
    env = dict(os.environ, PYTHONPATH=str(ROOT), SOURCE_DATE_EPOCH=SOURCE_DATE_EPOCH,
               **(env_extra or {}))
    return subprocess.run([sys.executable, "-m", "supportkit", "leaflets", *args],
                          cwd=ROOT, env=env, capture_output=True, text=True)


@pytest.fixture(scope="session")
def default_leaflets(tmp_path_factory) -> Path:
    """`make leaflets` for the default edition: it builds the site itself."""
    out = tmp_path_factory.mktemp("leaflets") / "default"
    proc = run_leaflets("--config", str(ROOT / "mkdocs.yml"), "--out", str(out))
    assert proc.returncode == 0, proc.stdout + proc.stderr
    return out


@pytest.fixture(scope="session")
def example_leaflets(tmp_path_factory, example_site) -> Path:
    """The example organisation's leaflets, from the example edition the other tests built."""
    out = tmp_path_factory.mktemp("leaflets") / "example"
    proc = run_leaflets("--config", str(EXAMPLE), "--site", str(example_site), "--out", str(out))
    assert proc.returncode == 0, proc.stdout + proc.stderr
    return out


@pytest.fixture(scope="session", params=["default", "example"])
def edition(request) -> dict:
    """Each edition's leaflets, with what they must say."""
    config = ROOT / "mkdocs.yml" if request.param == "default" else EXAMPLE
    loaded = load_edition(config)
    numbers = ["999", "101", "0808 802 0300"]
    numbers += [c.main.number for c in loaded.local_contacts if c.in_help_box and c.main]
    return {"name": request.param, "out": request.getfixturevalue(f"{request.param}_leaflets"),
            "heading": loaded.heading, "numbers": numbers, "site_url": loaded.site_url,
            "leaflets": [{"id": spec.id, "pages": list(spec.pages)} for spec in loaded.options.leaflets]}


def pdfs(edition: dict) -> dict[str, Path]:
    return {p.name: p for p in sorted(edition["out"].glob("*.pdf"))}


def pages_text(pdf: Path) -> list[str]:
    from pypdf import PdfReader
    return [re.sub(r"[ \t]+", " ", page.extract_text() or "") for page in PdfReader(pdf).pages]


def test_the_defaults_are_the_four_leaflets_and_the_diary():
    assert [leaflet["id"] for leaflet in DEFAULT_LEAFLETS] == list(PAGE_BOUNDS)
    loaded = load_edition(ROOT / "mkdocs.yml").options.leaflets
    assert [(x.id, list(x.pages), x.sizes) for x in loaded] == \
        [(d["id"], d["pages"], ("A4", "A5")) for d in DEFAULT_LEAFLETS]


def test_every_leaflet_is_rendered_in_a4_and_a5(edition):
    expected = {f"{leaflet['id']}-{size}.pdf" for leaflet in edition["leaflets"] for size in SIZES}
    assert set(pdfs(edition)) == expected
    assert sorted(p.name for p in edition["out"].iterdir()) == sorted(expected | {".kit-output"}), \
        "nothing else in the folder but the kit's marker"


def test_page_counts_and_paper_sizes(edition):
    from pypdf import PdfReader

    counts = {}
    for name, pdf in pdfs(edition).items():
        leaflet, size = name[: -len(".pdf")].rsplit("-", 1)
        reader = PdfReader(pdf)
        counts[name] = len(reader.pages)
        low, high = PAGE_BOUNDS[leaflet][size]
        assert low <= len(reader.pages) <= high, f"{name}: {len(reader.pages)} pages, expected {low} to {high}"
        for i, page in enumerate(reader.pages):
            box = sorted((round(float(page.mediabox.width)), round(float(page.mediabox.height))))
            assert tuple(box) == SIZES[size], f"{name} page {i + 1} is {box}, not {size.upper()}"
    print(edition["name"], counts)


def test_text_names_the_organisation_and_the_numbers_and_never_the_quick_exit(edition):
    for name, pdf in pdfs(edition).items():
        pages = pages_text(pdf)
        text = "\n".join(pages)
        assert edition["heading"] in pages[0], f"{name}: the first page lacks {edition['heading']!r}"
        for number in edition["numbers"]:
            assert number in text, f"{name} lacks {number}"
        assert "Exit this page" not in text and "exit this page" not in text.lower(), name
        assert "Page last reviewed" not in text, name


def test_each_leaflet_ends_with_get_help_now(edition):
    for name, pdf in pdfs(edition).items():
        pages = pages_text(pdf)
        last = pages[-1]
        assert "Get help now" in last, f"{name}: the last page has no Get help now box"
        assert "Get help now" not in "\n".join(pages[:-1]), f"{name}: Get help now before the end"
        for number in edition["numbers"]:
            assert number in last[last.index("Get help now"):], f"{name}: Get help now lacks {number}"


def test_every_page_is_branded_numbered_and_dated(edition):
    for name, pdf in pdfs(edition).items():
        pages = pages_text(pdf)
        for i, text in enumerate(pages, 1):
            assert f"Page {i} of {len(pages)}" in text, f"{name} page {i} has no page number"
            assert f"Produced {PRODUCED}" in text, f"{name} page {i} has no date produced"
            assert edition["heading"] in text, f"{name} page {i} lacks the organisation's name"


def test_the_online_address_only_when_the_site_has_one(edition):
    for leaflet in edition["leaflets"]:
        first = pages_text(edition["out"] / f"{leaflet['id']}-a4.pdf")[0]
        flat = re.sub(r"\s+", "", first)
        if edition["site_url"]:
            page = leaflet["pages"][0][: -len(".md")]
            address = edition["site_url"].replace("https://", "") + ("" if page == "index" else page + "/")
            assert "Read this online" in first and address in flat, f"{leaflet['id']}: no online address"
        else:
            assert "Read this online" not in first


def test_the_first_page_is_not_blank(edition, tmp_path):
    from PIL import Image

    for name, pdf in pdfs(edition).items():
        prefix = tmp_path / name
        subprocess.run(["pdftoppm", "-png", "-r", "50", "-f", "1", "-l", "1", str(pdf), str(prefix)], check=True)
        png = next(tmp_path.glob(f"{name}*.png"))
        image = Image.open(png).convert("L")
        dark = sum(image.histogram()[:200])                  # pixels darker than light grey
        assert dark / (image.width * image.height) > 0.02, f"{name}: the first page is (nearly) blank"


@pytest.mark.parametrize("size", SIZES)
def test_the_diary_has_its_table_on_every_page(edition, size):
    pages = pages_text(edition["out"] / f"behaviour-diary-{size}.pdf")
    assert len(pages) >= 2
    for i, text in enumerate(pages, 1):
        flat = re.sub(r"\s+", " ", text)
        missing = [c for c in DIARY_COLUMNS if c not in flat]
        assert not missing, f"behaviour-diary-{size} page {i} lacks the table (no {missing})"


def test_the_qr_code_is_drawn_from_the_online_address(example_site, default_site):
    from supportkit import leaflets

    for config, site, has_qr in ((EXAMPLE, example_site, True), (ROOT / "mkdocs.yml", default_site, False)):
        for leaflet in leaflets.leaflets_for(load_edition(config), site):
            html = leaflet.html("A4")
            assert bool(re.search(r'<svg [^>]*class="kit-leaflet-qr"', html)) == has_qr, (config, leaflet.spec.id)


def test_a_blank_form_and_no_screen_only_parts(tmp_path):
    """A page as built: ticked answers are cleared, hidden buttons stay hidden, the
    page's own help box and review line go (the leaflet adds its box at the end),
    and ids are made unique."""
    from supportkit import leaflets

    site = tmp_path / "site"
    (site / "risk-checklist").mkdir(parents=True)
    (site / "risk-checklist" / "index.html").write_text("""<html><body><header class="kit-qe">Exit this page</header>
<article class="md-content__inner md-typeset"><div id="main-content" class="kit-skip-target"></div>
<div class="kit-print-header"><p>Org</p></div><h1 id="risk-checklist">Risk checklist</h1>
<form><fieldset><legend>1. A question?</legend>
<input type="radio" id="q1-yes" name="q1" value="yes" checked><label for="q1-yes">Yes</label>
<input type="radio" id="q1-no" name="q1" value="no"><label for="q1-no">No</label></fieldset>
<div hidden><button type="submit">Show</button></div></form>
<p><a href="../report-it/">report it</a> <a href="#risk-checklist">top</a></p>
<p class="kit-reviewed">Page last reviewed: 21 November 2026</p>
<section class="kit-help"><h2 id="kit-help-title">Get help now</h2></section></article></body></html>""")
    page = leaflets.extract(site, "risk-checklist.md", "page-1", {"risk-checklist.md": "page-1"}, None)
    assert "checked" not in page.html and 'value="yes"' not in page.html
    assert 'id="page-1-q1-yes"' in page.html and 'for="page-1-q1-yes"' in page.html
    assert "<div hidden" in page.html
    for gone in ("Get help now", "Page last reviewed", "Exit this page", "kit-print-header", "main-content"):
        assert gone not in page.html, gone
    assert 'href="#page-1-risk-checklist"' in page.html
    assert "../report-it/" not in page.html and "report it" in page.html     # no site address: plain words
    online = leaflets.extract(site, "risk-checklist.md", "page-1", {"risk-checklist.md": "page-1"},
                              "https://www.example.gov.uk/stalking/")
    assert 'href="https://www.example.gov.uk/stalking/report-it/"' in online.html
    assert page.title == "Risk checklist" and not page.fill


def test_the_date_produced_follows_source_date_epoch(monkeypatch):
    import datetime

    from supportkit import leaflets

    monkeypatch.setenv("SOURCE_DATE_EPOCH", SOURCE_DATE_EPOCH)
    assert leaflets.produced_date() == datetime.date(2026, 11, 21)
    monkeypatch.delenv("SOURCE_DATE_EPOCH")
    assert leaflets.produced_date() == datetime.date.today()


# --------------------------------------------------------------------------- configuration

def organisation_file(tmp_path: Path, leaflets_value) -> Path:
    data = yaml.safe_load(EXAMPLE.read_text())
    data["INHERIT"] = str(ROOT / "mkdocs.yml")
    data["extra"]["leaflets"] = leaflets_value
    path = tmp_path / "organisation.yml"
    path.write_text(yaml.safe_dump(data, sort_keys=False))
    return path


def test_an_unknown_page_fails_before_anything_is_written(tmp_path):
    config = organisation_file(tmp_path, [{"id": "calls", "title": "Calls", "pages": ["unwanted-cals.md"]}])
    out = tmp_path / "leaflets"
    out.mkdir()
    (out / "earlier.pdf").write_bytes(b"%PDF earlier")
    proc = run_leaflets("--config", str(config), "--out", str(out))
    assert proc.returncode == 2, proc.stdout + proc.stderr
    assert "extra.leaflets[0].pages[0]" in proc.stderr
    assert "there is no page docs/unwanted-cals.md" in proc.stderr
    assert "Fix:" in proc.stderr and "unwanted-calls.md" in proc.stderr.split("Fix:")[1]
    assert "Nothing was written" in proc.stderr
    assert [p.name for p in out.iterdir()] == ["earlier.pdf"]
    assert (out / "earlier.pdf").read_bytes() == b"%PDF earlier"


@pytest.mark.parametrize("leaflets_value, key, problem", [
    ([{"id": "Calls!", "title": "Calls", "pages": ["unwanted-calls.md"]}], "extra.leaflets[0].id", "short name"),
    ([{"id": "calls", "title": "Calls", "pages": ["unwanted-calls.md"], "sizes": ["A3"]}],
     "extra.leaflets[0].sizes", "paper sizes"),
    ([{"id": "calls", "title": "Calls"}], "extra.leaflets[0].pages", "required value is missing"),
    ([{"id": "calls", "title": "A", "pages": ["unwanted-calls.md"]},
      {"id": "calls", "title": "B", "pages": ["diary.md"]}], "extra.leaflets[1].id", "is used twice"),
], ids=["bad id", "bad size", "no pages", "same id twice"])
def test_bad_leaflet_lists_fail_with_the_key_and_the_fix(tmp_path, leaflets_value, key, problem):
    proc = run_leaflets("--config", str(organisation_file(tmp_path, leaflets_value)),
                        "--out", str(tmp_path / "leaflets"))
    assert proc.returncode == 2, proc.stdout + proc.stderr
    assert key in proc.stderr and problem in proc.stderr and "Fix:" in proc.stderr, proc.stderr
    assert not (tmp_path / "leaflets").exists()


def test_a_site_built_from_another_configuration_is_refused(tmp_path, default_site):
    proc = run_leaflets("--config", str(EXAMPLE), "--site", str(default_site), "--out", str(tmp_path / "out"))
    assert proc.returncode == 2 and "was not built from this configuration" in proc.stderr, proc.stderr
    assert not (tmp_path / "out").exists()


def test_a_configured_list_is_what_gets_rendered(tmp_path, example_site):
    config = organisation_file(tmp_path, [{"id": "calls", "title": "Unwanted calls", "pages": ["unwanted-calls.md"],
                                           "sizes": ["A5"]}])
    proc = run_leaflets("--config", str(config), "--site", str(example_site), "--out", str(tmp_path / "out"))
    assert proc.returncode == 0, proc.stderr
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == [".kit-output", "calls-a5.pdf"]
    # --only renders one leaflet again and keeps the others
    (tmp_path / "out" / "other-a4.pdf").write_bytes(b"%PDF other")
    proc = run_leaflets("--config", str(config), "--site", str(example_site), "--out", str(tmp_path / "out"),
                        "--only", "calls")
    assert proc.returncode == 0, proc.stderr
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == [".kit-output", "calls-a5.pdf", "other-a4.pdf"]
    proc = run_leaflets("--config", str(config), "--site", str(example_site), "--out", str(tmp_path / "out"),
                        "--only", "nope")
    assert proc.returncode == 2 and "there is no leaflet 'nope'" in proc.stderr, proc.stderr
