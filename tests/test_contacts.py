"""Contacts and the "Get help now" box (components/contacts/, supportkit/load/contacts.py):
opening hours in words, call links, and the box on every page. The pure
helpers are tested here directly; the built pages in test_content.py."""
from __future__ import annotations

import pytest

from conftest import ROOT


@pytest.fixture(scope="module")
def strings():
    from supportkit.load.strings import load_strings
    return load_strings("en")


def contact(**values):
    from supportkit.load.contacts import Contact
    from supportkit.load.schema import At, parse
    base = {"id": "x", "name": "X", "for": "Testing", "checked": "2026-11-21", "website": "https://x.example/"}
    return parse(Contact, dict(base, **values), At(ROOT / "test.yml"))


@pytest.mark.parametrize("hours, bank, words", [
    ([{"days": ["mon", "tue", "thu", "fri"], "opens": "09:30", "closes": "16:00"},
      {"days": ["wed"], "opens": "13:00", "closes": "16:00"}], True,
     "Monday, Tuesday, Thursday and Friday, 9:30am to 4pm; Wednesday, 1pm to 4pm. Closed on bank holidays"),
    ([{"days": ["mon", "tue", "wed", "thu", "fri"], "opens": "08:00", "closes": "20:00"},
      {"days": ["sat"], "opens": "09:00", "closes": "17:00"}], False,
     "Monday to Friday, 8am to 8pm; Saturday, 9am to 5pm"),
    ([{"days": ["sat", "sun"], "opens": "00:00", "closes": "12:30"}], False, "Saturday and Sunday, 12am to 12:30pm"),
    ([{"days": ["fri", "mon", "wed"], "opens": "10:05", "closes": "23:59"}], False,
     "Monday, Wednesday and Friday, 10:05am to 11:59pm"),
])
def test_hours_in_words(strings, hours, bank, words):
    from supportkit.load.contacts import hours_words
    assert hours_words(contact(hours=hours, closed_on_bank_holidays=bank), strings) == words


def test_always_open_and_unknown_hours(strings):
    from supportkit.load.contacts import hours_words
    assert hours_words(contact(always_open=True), strings) == "24 hours a day, every day"
    assert hours_words(contact(), strings) == "Check their website for opening hours"


@pytest.mark.parametrize("kind, number, href", [
    ("voice", "0808 802 0300", "tel:08088020300"), ("voice", "999", "tel:999"),
    ("text-relay", "18001 101", "tel:18001101"), ("sms", "999", "sms:999"), ("keypad", "55", None),
])
def test_phone_numbers_become_call_links(kind, number, href):
    c = contact(numbers=[{"id": "main", "kind": kind, "number": number}])
    assert c.main.href == href and c.main.digits == number.replace(" ", "")


@pytest.mark.parametrize("numbers, problem", [
    ([{"id": "main", "number": "0808 802 03000 1"}], "not a valid UK voice number"),
    ([{"id": "main", "number": "0808  802 0300"}], "not a valid UK voice number"),
    ([{"id": "main", "kind": "text-relay", "number": "101"}], "not a valid UK text-relay number"),
    ([{"id": "main", "number": "999"}, {"id": "main", "number": "101"}], "is used twice"),
])
def test_bad_numbers_are_refused(numbers, problem):
    from supportkit.core.errors import KitError
    with pytest.raises(KitError) as e:
        contact(numbers=numbers)
    assert problem in e.value.problem and e.value.fix


@pytest.mark.parametrize("hours, problem", [
    ([{"days": ["mon"], "opens": "16:00", "closes": "09:00"}], "not after it opens"),
    ([{"days": ["mon", "mon"], "opens": "09:00", "closes": "12:00"}], "names a day twice"),
    ([{"days": ["mon"], "opens": "09:00", "closes": "12:00"}, {"days": ["mon"], "opens": "11:00", "closes": "13:00"}],
     "overlapping"),
])
def test_impossible_hours_are_refused(hours, problem):
    from supportkit.core.errors import KitError
    with pytest.raises(KitError) as e:
        contact(hours=hours)
    assert problem in e.value.problem and e.value.fix


def test_values_are_text_for_html_and_markdown():
    from supportkit.render.components import md_text
    assert str(md_text("[m](javascript:alert(2))")) == "&#91;m&#93;&#40;javascript:alert&#40;2&#41;&#41;"
    assert str(md_text("Police_and_Crime <b>")) == "Police&#95;and&#95;Crime &#60;b&#62;"
    assert str(md_text("1. Northshire")) == "&#49;. Northshire" and str(md_text("0808 802 0300")) == "0808 802 0300"
