"""Tables that scroll sideways (supportkit/render/tables.py, components/page/page.css):
Markdown in, HTML out for the wrapper; the behaviour diary in Chromium at phone
and desktop widths; the wrapper gone again in a leaflet."""
from __future__ import annotations

import pytest

from supportkit.core.errors import KitError
from supportkit.render.tables import wrap_tables

TABLE = "<table>\n<thead>\n<tr><th>Date</th></tr>\n</thead>\n</table>"


def test_each_table_is_put_in_a_region_named_by_the_heading_above_it():
    html = f'<h1 id="diary">Diary</h1>\n<p>Text</p>\n{TABLE}\n<h2 id="more">More</h2>\n{TABLE}\n<p>End</p>'
    assert wrap_tables(html, "docs/diary.md") == (
        '<h1 id="diary">Diary</h1>\n<p>Text</p>\n'
        f'<section class="kit-table" tabindex="0" aria-labelledby="diary">{TABLE}</section>\n'
        '<h2 id="more">More</h2>\n'
        f'<section class="kit-table" tabindex="0" aria-labelledby="more">{TABLE}</section>\n<p>End</p>')


def test_a_page_without_a_table_is_left_as_it_was():
    html = '<h1 id="a">A</h1>\n<p>No <em>table</em> here: &lt;table&gt;</p>'
    assert wrap_tables(html, "docs/a.md") == html


def test_a_table_with_no_heading_above_it_stops_the_build_with_the_fix():
    with pytest.raises(KitError) as e:
        wrap_tables(f'<p>Text</p>{TABLE}<h2 id="late">Late</h2>', "docs/diary.md")
    assert e.value.file == "docs/diary.md" and e.value.key == "table"
    assert "heading" in e.value.fix


def _diary(browser, site_url: str, width: int):
    context = browser.new_context(viewport={"width": width, "height": 800})
    page = context.new_page()
    page.goto(site_url + "diary/")
    return context, page


# A word of a heading drawn on more than one line: broken inside the word
BROKEN_WORDS = """() => [...document.querySelectorAll('article th')].flatMap(th => {
    const text = th.firstChild, words = [], range = document.createRange();
    for (const m of text.data.matchAll(/\\S+/g)) {
        range.setStart(text, m.index); range.setEnd(text, m.index + m[0].length);
        const tops = new Set([...range.getClientRects()].map(r => Math.round(r.top)));
        if (tops.size > 1) words.push(m[0]);
    }
    return words; })"""


@pytest.mark.parametrize("width", [320, 375])
def test_on_a_phone_the_diary_scrolls_sideways_in_its_region_with_whole_words(browser, default_site, serve,
                                                                            width):
    context, page = _diary(browser, serve(default_site).url, width)
    region = page.get_by_role("region", name="Behaviour diary")
    assert region.count() == 1
    assert page.evaluate(BROKEN_WORDS) == [], "a heading broke inside a word"
    sizes = region.evaluate("r => [r.scrollWidth, r.clientWidth]")
    assert sizes[0] > sizes[1], f"the table fits ({sizes}): nothing to scroll"
    assert page.evaluate("document.documentElement.scrollWidth") <= width, "the page itself scrolls sideways"
    region.focus()                                   # a Tab stop, so the keyboard scrolls it too
    assert page.evaluate("document.activeElement.classList.contains('kit-table')")
    page.keyboard.press("ArrowRight")
    scrolled = 0
    for _ in range(60):                              # a smooth scroll takes a few frames
        scrolled = page.evaluate("""() => new Promise(done => requestAnimationFrame(
            () => done(document.querySelector('.kit-table').scrollLeft)))""")
        if scrolled > 0:
            break
    assert scrolled > 0, "the arrow key did not scroll the table"
    context.close()


@pytest.mark.parametrize("edition, name", [("default", "Behaviour diary"), ("welsh", "Dyddiadur ymddygiad")])
def test_on_a_desktop_the_diary_fits_and_nothing_scrolls(browser, request, serve, edition, name):
    """In Welsh too, whose headings have longer words (at first it overflowed by 10 px)."""
    site = request.getfixturevalue(f"{edition}_site")
    context, page = _diary(browser, serve(site).url, 1280)
    region = page.get_by_role("region", name=name)
    assert region.evaluate("r => r.scrollWidth <= r.clientWidth"), region.evaluate("r => [r.scrollWidth, r.clientWidth]")
    assert page.evaluate(BROKEN_WORDS) == []
    context.close()


def test_a_leaflet_has_the_table_without_its_region(tmp_path):
    from supportkit.editions import leaflets

    site = tmp_path / "site"
    (site / "diary").mkdir(parents=True)
    (site / "diary" / "index.html").write_text(
        '<html><body><article class="md-content__inner md-typeset"><h1 id="diary">Diary</h1>'
        f'<section class="kit-table" tabindex="0" aria-labelledby="diary">{TABLE}</section>'
        '</article></body></html>')
    page = leaflets.extract(site, "diary.md", "page-1", {"diary.md": "page-1"}, None)
    assert "kit-table" not in page.html and "<section" not in page.html and "tabindex" not in page.html
    assert "<table>" in page.html and "<th>Date</th>" in page.html
