"""supportkit/finish/css_parts.py: the web edition's stylesheet in a shared sheet and a part
per feature (tables, note boxes), with each rule's winner unchanged. Unit tests on
small sheets and pages; the visual guard (tests/test_css.py) checks the real pages."""
from __future__ import annotations

import lxml.html

from supportkit.finish.css_parts import family, split, units_of

WITH_TABLE = ('<html><body><article class="md-typeset"><p>Text <span class="c">x</span></p>'
              '<section class="kit-table"><table><tr><td><span class="c">y</span></td></tr></table></section>'
              '</article></body></html>')            # as built: a table in its region (supportkit/render/tables.py)
BARE_TABLE = '<html><body><table><tr><td>z</td></tr></table></body></html>'
WITHOUT = '<html><body><article class="md-typeset"><p>Text <span class="c">x</span></p></article></body></html>'
WITH_NOTE = ('<html><body><article class="md-typeset"><div class="admonition note"><p class="admonition-title">'
             'Note</p></div></article></body></html>')


def trees(*pages: str) -> list:
    return [lxml.html.document_fromstring(page) for page in pages]


def test_a_tables_rules_go_to_its_part_and_only_a_page_with_a_table_links_it():
    sheet = "p{margin:0}table{border:0}.md-typeset table td{padding:1px}@media print{td{color:#000}}"
    result = split(sheet, trees(WITH_TABLE, WITHOUT, WITH_NOTE))
    assert result.shared == "p{margin:0}"
    assert result.parts == {"tables": "table{border:0}.md-typeset table td{padding:1px}@media print{td{color:#000}}"}
    assert result.pages == [["tables"], [], []]
    # A table outside a region (not from Markdown) keeps the rules that match it shared
    bare = split(sheet, trees(WITH_TABLE, WITHOUT, BARE_TABLE))
    assert bare.shared == "p{margin:0}table{border:0}@media print{td{color:#000}}"
    assert bare.parts == {"tables": ".md-typeset table td{padding:1px}"}


def test_a_rule_whose_move_could_change_the_winner_stays_shared():
    """`table .c` came before `span.c`, with the same specificity: moved after it, its
    colour would win inside the table. Its padding, which nothing else sets, can go."""
    sheet = "table .c{color:red}table .c{padding:1px}span.c{color:blue}"
    result = split(sheet, trees(WITH_TABLE, WITHOUT))
    assert result.shared == "table .c{color:red}span.c{color:blue}"
    assert result.parts == {"tables": "table .c{padding:1px}"}


def test_a_rule_of_a_family_counts_border_and_its_longhands_together():
    assert family("border-top-color") == family("border") == family("-webkit-border-radius")
    assert family("line-height") == family("font") and family("top") == family("inset")
    assert family("color") != family("background-color") and family("--a") != family("--b")
    assert split("table td{padding:0}table .c{color:red}", trees(WITH_TABLE, WITHOUT)).parts == {
        "tables": "table td{padding:0}table .c{color:red}"}, "both in the part: their order is kept"
    sheet = "table .c{border-top-color:red}span.c{border:0}"
    assert split(sheet, trees(WITH_TABLE, WITHOUT)).parts == {}


def test_a_custom_property_only_a_part_reads_goes_with_it():
    sheet = (":root{--line:1px;--gap:2px;--cell:var(--line);color-scheme:light}"
             "table{border-width:var(--cell)}p{margin:var(--gap)}")
    result = split(sheet, trees(WITH_TABLE, WITHOUT))
    assert result.shared == ":root{color-scheme:light;--gap:2px}p{margin:var(--gap)}"
    assert result.parts == {"tables": ":root{--line:1px;--cell:var(--line)}table{border-width:var(--cell)}"}
    kept = split(sheet, trees(WITH_TABLE, WITHOUT), keep_variables={"--cell"})
    assert kept.parts == {"tables": "table{border-width:var(--cell)}"}, "an inline style reads it"


def test_what_a_script_names_or_no_page_matches_stays_shared():
    sheet = "table .c{padding:1px}table .d{padding:2px}.admonition .e{margin:0}"
    result = split(sheet, trees(WITH_TABLE, WITHOUT, WITH_NOTE), scripts='el.className = "d";')
    assert result.shared == "table .d{padding:2px}.admonition .e{margin:0}"
    assert result.parts == {"tables": "table .c{padding:1px}"}


def test_note_boxes_get_their_own_part_and_states_count_as_matching():
    sheet = (".md-typeset .admonition{margin:1em}.md-typeset .admonition:focus-within{box-shadow:none}"
             ".note>.admonition-title:before{content:''}p{color:red}")
    result = split(sheet, trees(WITH_NOTE, WITHOUT))
    assert result.shared == "p{color:red}"
    assert result.parts["notes"].count("{") == 3 and result.pages == [["notes"], []]


def test_units_keep_their_media_rules_and_at_rules():
    units = units_of('@charset "UTF-8";@media print{@supports (x:y){a{b:c}}}@keyframes k{0%{opacity:0}}')
    assert [(u.wrappers, u.text) for u in units] == [
        ((), '@charset "UTF-8";'), (("@media print", "@supports (x:y)"), "a{b:c}"),
        ((), "@keyframes k{0%{opacity:0}}")]
