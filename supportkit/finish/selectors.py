"""Selectors as the CSS step (supportkit/finish/css.py) and its parts
(supportkit/finish/css_parts.py) read them: split at commas, with what
interaction can change taken out (loosen), compiled for matching, and written
one way whoever serialised them.
"""
from __future__ import annotations

import re

# Attributes the pages' scripts set or change, and the browser as people use a page:
# rules that test them are never dropped for their sake.
DYNAMIC_ATTRIBUTES = (
    "hidden",           # navigation.js, checklist.js, opening-status.js and idle-reset.js show and hide parts
    "data-state",       # opening-status.js: "open" or "closed" (components/opening-status/)
    "aria-expanded",    # navigation.js: the menu button, open or closed (components/navigation/)
    "open",             # <details> opened by a person: the menu without JavaScript
    "checked", "selected", "value",     # form controls as people answer (the checklist)
)
# Classes the kit's scripts add; PurgeCSS would find them in the scripts too, but a
# script rewritten to build a name from parts must not lose its styles silently.
SCRIPT_CLASSES = (
    "kit-checklist--js",          # checklist.js: the checklist is interactive (components/checklist/)
    "kit-checklist--has-result",  # checklist.js: the answers' result is showing
    "kit-menu--js",               # navigation.js: the menu became a button (components/navigation/)
)
def comma_split(tokens) -> list[list]:
    out, current = [], []
    for t in tokens:
        if t.type == "literal" and t.value == ",":
            out.append(current)
            current = []
        else:
            current.append(t)
    out.append(current)
    return out


def loosen(tokens, dynamic_classes=SCRIPT_CLASSES, dynamic_attributes=DYNAMIC_ATTRIBUTES) -> list:
    """The selector with every part that interaction can change taken out: each
    pseudo-class and pseudo-element (with its argument), each class a script adds,
    each attribute a script or a person changes. What is left matches at least every
    element the selector can match in any state."""
    from tinycss2.ast import LiteralToken

    out: list = []
    compound = False                     # inside a compound selector that already has a part

    def placeholder():
        nonlocal compound
        if not compound:
            out.append(LiteralToken(0, 0, "*"))
            compound = True

    i = 0
    while i < len(tokens):
        t = tokens[i]
        nxt = tokens[i + 1] if i + 1 < len(tokens) else None
        if t.type == "literal" and t.value == ":":
            i += 1
            if i < len(tokens) and tokens[i].type == "literal" and tokens[i].value == ":":
                i += 1
            placeholder()
            i += 1                       # the pseudo's name, or its function with the argument
            continue
        if t.type == "literal" and t.value == "." and nxt is not None and nxt.type == "ident" \
                and nxt.value in dynamic_classes:
            placeholder()
            i += 2
            continue
        if t.type == "[] block":
            name = next((x.value for x in t.content if x.type == "ident"), "").lower()
            if name in dynamic_attributes:
                placeholder()
                i += 1
                continue
        if t.type == "whitespace" or (t.type == "literal" and t.value in (">", "+", "~")):
            compound = False
        else:
            compound = True
        out.append(t)
        i += 1
    while out and out[-1].type == "whitespace":
        out.pop()
    return out


def compile_selectors(tokens) -> list:
    import cssselect2

    try:
        return cssselect2.compile_selector_list(tokens)
    except Exception:            # a selector cssselect2 does not know: it is kept (None)
        return None


def selector_key(tokens) -> str:
    """A selector written one way, whoever serialised it (tinycss2 or PostCSS)."""
    import tinycss2

    text = tinycss2.serialize(tokens).strip()
    text = re.sub(r"\s*([>+~,])\s*", r"\1", text)
    text = re.sub(r"\(\s+", "(", re.sub(r"\s+\)", ")", text))
    return re.sub(r"\s+", " ", text)


# Functional pseudo-classes whose argument is a selector the element (or, for :has, one
# inside it) must match: kept, with their argument loosened, when a removed selector is
# tried (a narrower selector that still matches everything the rule could style).
_KEPT_FUNCTIONS = ("is", "where", "has", "matches", "-webkit-any")


def loosen_keeping_arguments(tokens) -> list:
    """loosen(), but :is(), :where() and :has() stay, their arguments loosened in turn (:not()
    still goes: loosening inside it would narrow it)."""
    from tinycss2.ast import FunctionBlock, IdentToken, LiteralToken

    kept, marked, i = [], [], 0
    while i < len(tokens):
        t, nxt = tokens[i], tokens[i + 1] if i + 1 < len(tokens) else None
        if t.type == "literal" and t.value == ":" and nxt is not None and nxt.type == "function" \
                and nxt.lower_name in _KEPT_FUNCTIONS:
            args: list = []
            for n, part in enumerate(comma_split(nxt.arguments)):
                args += ([LiteralToken(0, 0, ",")] if n else []) + (loosen_keeping_arguments(part) or
                                                                     [LiteralToken(0, 0, "*")])
            kept.append(FunctionBlock(0, 0, nxt.name, args))
            marked.append(IdentToken(0, 0, f"kitkept{len(kept) - 1}"))    # loosen() keeps it, as a tag
            i += 2
            continue
        marked.append(t)
        i += 1
    out = []
    for t in loosen(marked):
        if t.type == "ident" and t.value.startswith("kitkept"):
            out += [LiteralToken(0, 0, ":"), kept[int(t.value[len("kitkept"):])]]
        else:
            out.append(t)
    return out


def alternatives(tokens) -> list:
    """A selector with :is(a, b) written as one selector per argument, :is(a) and :is(b):
    PurgeCSS takes an argument out of :is() when no page has it, which changes the selector
    without removing the rule; compared argument by argument, only that argument went."""
    from tinycss2.ast import FunctionBlock

    for i, t in enumerate(tokens):
        if t.type == "function" and t.lower_name in ("is", "where", "matches", "-webkit-any") and i \
                and tokens[i - 1].type == "literal" and tokens[i - 1].value == ":":
            args = comma_split(t.arguments)
            if len(args) > 1:
                return [alt for arg in args
                        for alt in alternatives(tokens[:i] + [FunctionBlock(0, 0, t.name, arg)] + tokens[i + 1:])]
    return [tokens]
