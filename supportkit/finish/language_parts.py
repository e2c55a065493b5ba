"""Words in another language, marked as such: lang="en" around each English name,
title or word on a Welsh page, lang="cy" around each Welsh one on an English page
(WCAG 2.2, 3.1.2 Language of Parts), so a screen reader speaks them in their own
language.

The words are those the kit knows: every national contact's English name
(docs/data/contacts.yml), every Act's English title (docs/data/glossary.cy.yml,
`acts`), and the list in docs/data/language-parts.yml. mark() wraps each in the
text of the page's body, never in an attribute, a script, a style or the <head>,
and never inside an element that already says its language is that one. It
runs on the built pages of every edition (supportkit/editions/web.py), before
the page policy is worked out, so the kiosk and the leaflets have the marks too.
"""
from __future__ import annotations

import functools
import re
from pathlib import Path

import yaml

from supportkit.load.config import CONTACTS_FILE, DOCS

LIST_FILE = DOCS / "data" / "language-parts.yml"
GLOSSARY = DOCS / "data" / "glossary.cy.yml"

# What is not text to mark (comments, elements whose content is not the page's text) and each tag
# but <strong>: a mnemonic's bold letter is a tag inside its phrase, so the run of text and
# <strong> tags between two other tags is what is searched.
_TOKEN = re.compile(r"<!--.*?-->|<(head|script|style|textarea|title|svg)\b.*?</\1\s*>|<(/?)(?!strong\b)"
                    r"([a-zA-Z][\w-]*)((?:[^>\"']|\"[^\"]*\"|'[^']*')*)>", re.S | re.I)
_LANG = re.compile(r"""\slang\s*=\s*["']?([\w-]+)""", re.I)
_VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


def phrase_pattern(phrase: str) -> str:
    """A phrase as the built HTML may write it: an apostrophe as a character or an entity, "&"
    as &amp;, "**F**ixated" as <strong>F</strong>ixated."""
    out = []
    for piece in re.split(r"(\*\*[^*]+\*\*|'|&)", phrase):
        if piece.startswith("**"):
            out.append(r"<strong>" + re.escape(piece[2:-2]) + r"</strong>")
        elif piece == "'":
            out.append(r"(?:'|&#39;|&#x27;|’)")
        elif piece == "&":
            out.append(r"&amp;")
        elif piece:
            out.append(re.escape(piece))
    return "".join(out)


@functools.cache
def phrases(lang: str) -> tuple[str, ...]:
    """The words in another language than `lang` that pages in `lang` may show, longest first."""
    listed = yaml.safe_load(LIST_FILE.read_text(encoding="utf-8")) or {}
    if lang == "cy":
        names = [c["name"] for c in (yaml.safe_load(CONTACTS_FILE.read_text(encoding="utf-8")) or {})["contacts"]]
        acts = [a["en"] for a in (yaml.safe_load(GLOSSARY.read_text(encoding="utf-8")) or {}).get("acts", [])]
        found = names + acts + list(listed.get("english_on_welsh_pages") or [])
    elif lang == "en":
        found = list(listed.get("welsh_on_english_pages") or [])
    else:
        found = []
    return tuple(sorted(set(found), key=len, reverse=True))


OTHER = {"cy": "en", "en": "cy"}     # the language the marked words are in, by the page's


@functools.cache
def _pattern(lang: str):
    found = phrases(lang)
    if not found:
        return None
    # whole words only; a mnemonic's bold letter may follow a tag
    return re.compile(r"(?<![\w>])(?:" + "|".join(phrase_pattern(p) for p in found) + r")(?![\w])")


def mark(html: str) -> str:
    """The page with each word in another language wrapped in <span lang="...">."""
    m = re.search(r"<html\b[^>]*\slang=\"([\w-]+)\"", html)
    if not m or m.group(1) not in OTHER:
        return html
    lang, other = m.group(1), OTHER[m.group(1)]
    pattern = _pattern(lang)
    if pattern is None:
        return html
    body = html.find("<body")
    if body < 0 or not pattern.search(html, body):
        return html                  # nothing to mark: no need to walk the page's tags
    out, pos, stack = [html[:body]], body, []     # stack: (tag, language said there or None)

    def in_other() -> bool:
        for _, said in reversed(stack):
            if said:
                return said.split("-")[0] == other
        return False

    def text(chunk: str) -> str:
        if not chunk or in_other():
            return chunk
        return pattern.sub(lambda w: f'<span lang="{other}">{w.group(0)}</span>', chunk)

    for t in _TOKEN.finditer(html, body):
        out.append(text(html[pos:t.start()]))
        out.append(t.group(0))
        pos = t.end()
        if t.group(3):
            name, closing, attrs = t.group(3).lower(), t.group(2) == "/", t.group(4) or ""
            if closing:
                for i in range(len(stack) - 1, -1, -1):
                    if stack[i][0] == name:
                        del stack[i:]
                        break
            elif name not in _VOID and not attrs.rstrip().endswith("/"):
                said = _LANG.search(attrs)
                stack.append((name, said.group(1).lower() if said else None))
    out.append(text(html[pos:]))
    return "".join(out)


def apply(site: Path) -> None:
    """Mark every built page of the site."""
    for page in sorted(Path(site).rglob("*.html")):
        html = page.read_text(encoding="utf-8")
        marked = mark(html)
        if marked != html:
            page.write_text(marked, encoding="utf-8")
