"""Language of parts (WCAG 2.2, 3.1.2): English words on Welsh pages carry lang="en", Welsh
ones on English pages lang="cy" (supportkit/finish/language_parts.py)."""
from __future__ import annotations

from bs4 import BeautifulSoup, NavigableString

from conftest import site_pages


def test_a_phrase_is_marked_in_text_and_nowhere_else():
    from supportkit.finish.language_parts import mark

    page = ('<html lang="cy"><head><title>Refuge</title></head><body><p>Ffoniwch (National Stalking Helpline) '
            'neu Men&#39;s Advice Line.</p><a aria-label="Refuge" href="#">Refuge</a>'
            '<ul><li><strong>F</strong>ixated – wedi hoelio</li></ul><span lang="en">Refuge</span>'
            '<script>var x = "Refuge";</script><p>Ewch i Settings (Gosodiadau). Settingsau</p></body></html>')
    assert mark(page) == (
        '<html lang="cy"><head><title>Refuge</title></head><body><p>Ffoniwch (<span lang="en">National Stalking '
        'Helpline</span>) neu <span lang="en">Men&#39;s Advice Line</span>.</p><a aria-label="Refuge" href="#">'
        '<span lang="en">Refuge</span></a><ul><li><span lang="en"><strong>F</strong>ixated</span> – wedi hoelio</li>'
        '</ul><span lang="en">Refuge</span><script>var x = "Refuge";</script><p>Ewch i <span lang="en">Settings'
        '</span> (Gosodiadau). Settingsau</p></body></html>')
    english = '<html lang="en"><body><p>Go to BBC Cymru Fyw or Refuge.</p></body></html>'
    assert mark(english) == '<html lang="en"><body><p>Go to <span lang="cy">BBC Cymru Fyw</span> or Refuge.</p></body></html>'


def unmarked(site, lang: str) -> dict:
    """Each page in `lang` where a phrase the kit knows is in the text outside an element that says
    it is in the other language."""
    from supportkit.finish.language_parts import OTHER, phrases

    other, found = OTHER[lang], {}
    plain = [p for p in phrases(lang) if "**" not in p]
    for rel in site_pages(site):
        file = site / (rel + "index.html" if rel == "" or rel.endswith("/") else rel)
        soup = BeautifulSoup(file.read_text(encoding="utf-8"), "html.parser")
        if soup.html.get("lang") != lang:
            continue
        for node in soup.body.find_all(string=True):
            if not isinstance(node, NavigableString) or node.parent.name in ("script", "style"):
                continue
            said = next((p.get("lang") for p in node.parents if p.get("lang")), lang)
            if said == other:
                continue
            hits = [p for p in plain if p in str(node).replace("’", "'")]
            if hits:
                found.setdefault(rel or "/", []).extend(hits)
    return found


def test_every_english_name_on_a_welsh_page_is_marked_english(welsh_site):
    assert unmarked(welsh_site, "cy") == {}


def test_every_welsh_name_on_an_english_page_is_marked_welsh(welsh_site):
    assert unmarked(welsh_site, "en") == {}
    marked = (welsh_site / "en" / "index.html").read_text()
    assert '<span lang="cy">BBC Cymru Fyw</span>' in marked


def test_the_welsh_pages_mark_the_names_the_kit_knows(welsh_site):
    law = (welsh_site / "the-law" / "index.html").read_text()
    for words in ("Protection from Harassment Act 1997", "Crime and Policing Act 2026", "course of conduct"):
        assert f'<span lang="en">{words}</span>' in law, words
    support = (welsh_site / "get-support" / "index.html").read_text()
    assert '<span lang="en">National Stalking Helpline</span>' in support
