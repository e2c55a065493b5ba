"""What every component template can use, in the theme and outside it.

Component templates (components/*/*.html) are rendered by Material's Jinja
environment (the theme: main.html imports them) and by the kit's own (page
macros, the kiosk's welcome page, leaflets). install() gives both the same
globals and filters:

    kit          the Edition (supportkit.load.config): contacts, options, organisation
    t(key, ...)  a string from strings/<lang>.yml, escaped, placeholders filled
    t_raw(key)   the same, its placeholders left for a script to fill
    t_in(code, key, ...)  a string in another of the edition's languages
    language_names  each language's own name, by code
    hours(c)     a contact's opening hours in words
    date(d)      a date in words (Babel)
    asset(name)  a component file's hashed path (supportkit.render.assets)
    |text        a value as text: escaped for HTML and for Markdown, so a value
                 such as [x](javascript:...) or Police_and_Crime stays text
"""
from __future__ import annotations

import re

import jinja2
from markupsafe import Markup

from supportkit import COMPONENTS
from supportkit.core import cache
from supportkit.render.assets import Assets
from supportkit.load.contacts import hours_words
from supportkit.load.opening import OpeningData

# Characters Markdown could read as syntax inside a line of text, and HTML's
# own: written as character references, which Markdown leaves alone and
# browsers show as the characters. At the start of a line "- ", "1. " or
# "1) " would start a list.
_REFERENCE = set("\\`*_{}[]()#+!|~<>&\"'")
_LIST_START = re.compile(r"-|\d+[.)]")


def md_text(value: object) -> Markup:
    """A value as inline text: escaped for HTML and for Markdown."""
    if value is None:
        return Markup("")
    text = str(value)
    first = 0 if _LIST_START.match(text) else -1
    return Markup("".join(f"&#{ord(ch)};" if ch in _REFERENCE or i == first else ch for i, ch in enumerate(text)))


def is_component(name: str | None) -> bool:
    """Component templates are always autoescaped, in the theme's environment too
    (whose own templates are not): a macro then returns markup, never escaped twice."""
    return bool(name) and (COMPONENTS / name.split("/")[0]).is_dir() and not name.startswith(".")


def install(env: jinja2.Environment, edition, assets: Assets, editions: dict | None = None) -> jinja2.Environment:
    strings = edition.strings
    editions = editions or {edition.lang: edition}
    env.autoescape = is_component
    env.globals.update(
        kit=edition,
        t=strings.markup,
        t_raw=strings.raw,
        hours=lambda contact: md_text(hours_words(contact, strings)),
        date=lambda d: md_text(strings.date(d)),
        asset=assets.url,
        inline_asset=lambda name: Markup(assets.inline(name)),
        opening=OpeningData(edition),
        # each language's own name, for the language switch: {"cy": "Cymraeg", "en": "English"}
        language_names={code: e.strings("language.name") for code, e in editions.items()},
        # a string in another of the edition's languages (a text said in every language)
        t_in=lambda code, key, **values: editions[code].strings.markup(key, **values),
    )
    env.filters["text"] = md_text
    return env


def environment(edition, assets: Assets, editions: dict | None = None) -> jinja2.Environment:
    """The kit's own environment for component templates (trusted files, not page content)."""
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(str(COMPONENTS)), autoescape=is_component,
                             undefined=jinja2.StrictUndefined, trim_blocks=True, lstrip_blocks=True)
    env.bytecode_cache = cache.templates(env)
    return install(env, edition, assets, editions)
