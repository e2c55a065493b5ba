"""One seam to the generator (supportkit/render/): the generator's templates read data and call
no Python, the kit's parts are text and addresses, and both generators can write the pages
(MkDocs, the default, and Zensical: its edition is crawled with the others in test_crawl.py)."""
from __future__ import annotations

import re

import jinja2
import pytest
from jinja2 import nodes

from conftest import ROOT

# What a generator's template may do besides reading data: Material's and Zensical's own filters
ALLOWED_FILTERS = {"url", "replace"}


def template_calls(source: str) -> list[str]:
    """Every function call and filter in a template but super() and the allowed filters."""
    tree = jinja2.Environment().parse(source)
    found = []
    for node in tree.find_all((nodes.Call, nodes.Filter)):
        if isinstance(node, nodes.Call) and isinstance(node.node, nodes.Name) and node.node.name == "super":
            continue
        if isinstance(node, nodes.Filter) and node.name in ALLOWED_FILTERS:
            continue
        found.append(getattr(node, "name", None) or jinja2.nodes.Node.__repr__(node)[:80])
    return found


@pytest.mark.parametrize("template", sorted((ROOT / "overrides").rglob("*.html")),
                         ids=lambda p: p.relative_to(ROOT / "overrides").as_posix())
def test_the_generators_templates_call_no_python(template):
    assert template_calls(template.read_text(encoding="utf-8")) == []


def test_the_check_sees_a_call():
    assert template_calls("{{ t('help_box.title') }}{{ x | text }}") != []
    assert template_calls('{% block b %}{{ super() }}{% include "kit/" ~ x ~ "/a.html" %}{{ "a" | url }}'
                          '{% endblock %}') == []


@pytest.fixture(scope="module")
def theme_dir(tmp_path_factory):
    from supportkit.load.config import load_editions
    from supportkit.render import theme

    editions = load_editions(ROOT / "examples" / "cyngor-sir-enghraifft.yml")
    first = next(iter(editions.values()))
    return theme.write(editions, tmp_path_factory.mktemp("theme") / "theme", True, first.mkdocs["nav"])


def test_the_kits_parts_are_text_and_the_generators_addresses(theme_dir):
    """Each part a template includes: text in {% raw %}, and addresses for the generator's url filter."""
    parts = sorted((theme_dir / "kit").rglob("*.html"))
    assert len(parts) > 100, len(parts)
    piece = re.compile(r'\{% raw %\}.*?\{% endraw %\}|\{\{ "[^"{}%]*" \| url \}\}', re.S)
    for part in parts:
        text = part.read_text(encoding="utf-8")
        assert piece.sub("", text).strip() == "", part
    # a page's own parts: the Welsh law page's switch leads to the English page
    switch = (theme_dir / "kit" / "cy" / "the-law~" / "switch.html").read_text()
    assert '{{ "en/the-law/" | url }}' in switch and "English" in switch


def test_a_value_that_looks_like_template_code_stays_text(theme_dir):
    from supportkit.render.theme import as_template

    assert as_template("<p>{{ config.extra }}</p>") == "{% raw %}<p>{{ config.extra }}</p>{% endraw %}\n"
    with pytest.raises(Exception, match="endraw"):
        as_template("<p>{% endraw %}</p>")


def test_the_generator_is_chosen_by_name_and_a_wrong_one_is_refused():
    from supportkit.core.errors import KitError
    from supportkit.editions.web import generator_of
    from supportkit.render import mkdocs_adapter, zensical_adapter

    assert generator_of() is mkdocs_adapter and generator_of("zensical") is zensical_adapter
    with pytest.raises(KitError, match="GENERATOR=mkdocs or GENERATOR=zensical"):
        generator_of("hugo")


def test_zensical_is_given_dates_as_text():
    """Zensical refuses YAML dates in `extra`: the adapter gives it every value it can read."""
    import datetime as dt

    from supportkit.render.zensical_adapter import plain

    assert plain({"a": [dt.date(2026, 11, 21)], "b": {"c": dt.date(2026, 1, 2)}, "d": 1}) == \
        {"a": ["2026-11-21"], "b": {"c": "2026-01-02"}, "d": 1}
