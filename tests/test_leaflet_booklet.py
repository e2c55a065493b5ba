"""The leaflets' A5 booklet (supportkit/editions/booklet.py), page by page on small PDFs
made here, and the names of the files `make leaflets` writes
(supportkit/editions/leaflets.py file_name, forms_of)."""
from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest

from supportkit.editions import booklet
from supportkit.editions.leaflets import file_name, forms_of, tick_boxes, with_prefix

A4_LANDSCAPE = (842, 595)


@pytest.mark.parametrize("count, sides", [
    # the A5 pages (1-based, 0 for a blank) on each side, left then right
    (8, [(8, 1), (2, 7), (6, 3), (4, 5)]),
    (4, [(4, 1), (2, 3)]),
    (2, [(2, 1), (0, 0)]),                                   # the cover and the back; the inside blank
    (6, [(6, 1), (2, 0), (0, 3), (4, 5)]),                   # blanks before the back, which stays on the back
    (5, [(5, 1), (2, 0), (0, 3), (4, 0)]),
    (1, [(0, 1), (0, 0)]),
])
def test_saddle_stitch_order(count, sides):
    order = booklet.saddle_order(count)
    assert [tuple(0 if p is None else p + 1 for p in side) for side in order] == sides


@pytest.mark.parametrize("count", range(1, 30))
def test_every_page_once_on_a_multiple_of_four(count):
    order = booklet.saddle_order(count)
    slots = [p for side in order for p in side]
    assert len(slots) % 4 == 0 and len(slots) - count < 4 and len(order) % 2 == 0
    assert sorted(p for p in slots if p is not None) == list(range(count))
    assert order[0][1] == 0, "the cover is on the right of the first side"
    if count > 1:
        assert order[0][0] == count - 1, "the last page is on the left of the first side"
    # Folded, the sheets read in order: side 1 right, side 2 left, side 2 right ... side 1 left
    n = len(slots)
    reading = [None] * n
    for sheet in range(n // 4):
        outside, inside = order[2 * sheet], order[2 * sheet + 1]
        reading[n - 1 - 2 * sheet], reading[2 * sheet] = outside
        reading[2 * sheet + 1], reading[n - 2 - 2 * sheet] = inside
    assert [p for p in reading if p is not None] == list(range(count))


def numbered_pdf(path: Path, count: int, landscape: tuple = ()) -> Path:
    """An A5 PDF of `count` pages saying "Numbered page N", tagged as WeasyPrint tags
    the leaflets; the pages in `landscape` (1-based) are A5 landscape."""
    from weasyprint import HTML

    pages = "".join(
        f'<section class="{"wide" if i in landscape else ""}"><h1>Numbered page {i}</h1>'
        f'<p>Text on page {i}.</p></section>' for i in range(1, count + 1))
    HTML(string=f"""<html lang="en"><head><title>Numbered</title><style>
        @page {{ size: A5; margin: 15mm }} @page wide {{ size: A5 landscape }}
        section + section {{ break-before: page }} .wide {{ page: wide }}
        h1 {{ font-size: 20pt }}</style></head><body>{pages}</body></html>""").write_pdf(
        path, pdf_variant="pdf/ua-1")
    return path


def half_text(pdf: Path, side: int, half: int) -> str:
    """The text on the left (0) or right (1) half of one side."""
    out = subprocess.run(["pdftotext", "-r", "72", "-f", str(side), "-l", str(side), "-x", str(421 * half),
                          "-y", "0", "-W", "421", "-H", "595", str(pdf), "-"],
                         check=True, capture_output=True, text=True).stdout
    return " ".join(out.split())


@pytest.mark.parametrize("count, landscape", [(8, ()), (6, (4,)), (3, ())])
def test_impose_puts_each_page_in_its_place(tmp_path, count, landscape):
    import pikepdf

    source = numbered_pdf(tmp_path / "a5.pdf", count, landscape)
    target = tmp_path / "booklet.pdf"
    sides = booklet.impose(source, target)
    order = booklet.saddle_order(count)
    assert sides == len(order)
    with pikepdf.open(target) as pdf:
        assert len(pdf.pages) == sides and sides % 2 == 0
        for page in pdf.pages:
            box = tuple(round(float(v)) for v in page.mediabox)
            assert box == (0, 0) + A4_LANDSCAPE
        # still a tagged PDF: language, title, structure, bookmarks to the sides
        assert str(pdf.Root.Lang) == "en" and pdf.Root.MarkInfo.Marked is True
        assert str(pdf.docinfo.Title) == "Numbered" and pdf.Root.ViewerPreferences.DisplayDocTitle is True
        with pdf.open_outline() as outline:
            titles = [(item.title, item.destination[0].objgen) for item in outline.root]
        sides_of = {p.objgen: i for i, p in enumerate(pdf.pages)}
        for i, (title, side) in enumerate(titles):
            assert title == f"Numbered page {i + 1}"
            assert i in order[sides_of[side]], f"the bookmark to page {i + 1} goes to side {sides_of[side] + 1}"
        # every marked-content reference points at a placed page (a form XObject with its parent-tree key)
        keys = dict(pikepdf.NumberTree(pdf.Root.StructTreeRoot.ParentTree).items())
        references = 0
        stack = [pdf.Root.StructTreeRoot]
        while stack:
            element = stack.pop()
            kids = element.get("/K")
            kids = [kids] if not isinstance(kids, pikepdf.Array) else list(kids)
            for kid in kids:
                assert not isinstance(kid, int), "an MCID left pointing at an A5 page"
                if isinstance(kid, pikepdf.Dictionary) and kid.get("/Type") == "/MCR":
                    references += 1
                    assert kid.Pg.objgen in sides_of and int(kid.Stm.StructParents) in keys
                elif isinstance(kid, pikepdf.Dictionary) and "/S" in kid:
                    stack.append(kid)
        assert references >= 2 * count
    for side, pair in enumerate(order, 1):
        for half, page in enumerate(pair):
            text = half_text(target, side, half)
            if page is None:
                assert text == "", f"side {side} {'right' if half else 'left'} should be blank: {text!r}"
            else:
                assert f"Numbered page {page + 1}" in text and f"Text on page {page + 1}." in text, \
                    f"side {side} {'right' if half else 'left'}: {text!r}, not page {page + 1}"


def test_a_landscape_page_is_turned_to_fit_its_half(tmp_path):
    """Turned a quarter, its top to the left: its text runs up the page."""
    source = numbered_pdf(tmp_path / "a5.pdf", 4, (2,))
    target = tmp_path / "booklet.pdf"
    booklet.impose(source, target)
    # side 2 is [2, 3]: page 2 on the left, read with -raw to keep the turned words whole
    raw = subprocess.run(["pdftotext", "-raw", "-f", "2", "-l", "2", str(target), "-"],
                         check=True, capture_output=True, text=True).stdout
    assert "Numbered page 2" in " ".join(raw.split())
    bbox = subprocess.run(["pdftotext", "-bbox", "-f", "2", "-l", "2", str(target), "-"],
                          check=True, capture_output=True, text=True).stdout
    words = re.findall(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">Numbered</word>', bbox)
    assert len(words) == 2
    turned = [w for w in words if float(w[2]) < 421]
    x_min, y_min, x_max, y_max = map(float, turned[0])
    assert y_max - y_min > x_max - x_min, "the landscape page's heading is not turned"


# --------------------------------------------------------------------------- names and forms

@pytest.mark.parametrize("form", ["a4", "a5", "a5-booklet", "large-print"])
def test_file_names_carry_the_language_only_when_there_are_two_or_more(form):
    assert file_name("where-to-get-help", form, "en", ["en"]) == f"where-to-get-help-{form}.pdf"
    assert file_name("where-to-get-help", form, "en", ["en", "cy"]) == f"where-to-get-help-en-{form}.pdf"
    assert file_name("where-to-get-help", form, "cy", ["en", "cy"]) == f"where-to-get-help-cy-{form}.pdf"
    names = {file_name("x", form, lang, ["en", "cy"]) for lang in ("en", "cy")}
    assert len(names) == 2


def test_forms_of_a_leaflet():
    from supportkit.load.config import Leaflet

    def spec(sizes):
        return Leaflet(id="x", pages=("diary.md",), sizes=sizes)

    assert forms_of(spec(("A4", "A5"))) == ["a4", "a5", "a5-booklet", "large-print"]
    assert forms_of(spec(("A4",))) == ["a4", "large-print"]                 # no A5: no booklet
    assert forms_of(spec(("A5",))) == ["a5", "a5-booklet", "large-print"]


def test_answer_buttons_become_boxes_to_tick_and_the_help_box_ids_stay_unique():
    html = ('<fieldset><legend class="q">1. A question?</legend><input type="radio" id="a-yes" name="a">'
            '<label for="a-yes">Yes</label><input type="checkbox" id="b"><label for="b">B</label></fieldset>')
    out = str(tick_boxes(html, "Empty box to tick"))
    assert "<input" not in out and "<legend" not in out and '<p class="q">1. A question?</p>' in out
    # (attribute names come out in lower case, viewbox; HTML parsers, WeasyPrint's too, read it as viewBox)
    assert len(re.findall(r'<svg [^>]*class="kit-leaflet-box"[^>]*viewbox="0 0 10 10"', out, re.I)) == 2
    assert out.count("<title>Empty box to tick</title>") == 2 and 'id="a-yes"' in out
    box = '<section aria-labelledby="t x"><h2 id="t">Get help now</h2></section>'
    assert str(with_prefix(box, "cover")) == '<section aria-labelledby="cover-t x"><h2 id="cover-t">Get help now</h2></section>'
