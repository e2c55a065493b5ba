"""The web edition's stylesheet in parts: what every page needs, and what only the
pages with a table or a note box need.

supportkit/finish/css.py makes one stylesheet per edition, holding every rule some page
can use. Most pages have no table and no note box (Markdown's tables and
admonitions), yet each paid for their rules on a first visit: about 1 KB
compressed, enough to put the longest pages over the 14 KB a first round trip
carries. split() takes those rules out into one part per FEATURE; a page links
the shared sheet and then the part of each feature it has.

A rule goes into a feature's part when every element it matches, on every page
and in any state (selectors.loosen: hover, focus, classes scripts add), is that
feature's container or inside one, and no script the pages run names any of its
classes or ids (a script could build such an element anywhere). A custom
property goes with it when only that part's rules use it. Everything else stays
in the shared sheet, in the order it had; rules that match nothing on the pages
stay there too.

A part comes after the shared sheet, so its rules now follow rules they used to
precede. That changes nothing unless a rule of the part and a later rule of the
shared sheet (or of a part that comes first) can match the same element, with the
same specificity, and set the same property (or one in the same family:
`border` and `border-top-color`, `font` and `line-height`); such a rule goes back
to the shared sheet, until no pair is left (conflicts()). The visual guard
(tests/test_css.py) compares every page with and without the CSS step.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

# The features whose rules get a part of their own: name -> the container's selector.
FEATURES = {
    "tables": ".kit-table",         # Markdown tables, each in its region (supportkit/render/tables.py): the diary
    "notes": ".admonition",         # Markdown admonitions ("!!! note", "!!! warning"): a few pages
}

# Shorthands whose longhands do not share their first word.
_FAMILIES = {
    "line-height": "font",
    "top": "inset", "right": "inset", "bottom": "inset", "left": "inset",
    "row-gap": "gap", "column-gap": "gap",
    "align-items": "place", "justify-items": "place", "align-content": "place",
    "justify-content": "place", "align-self": "place", "justify-self": "place",
}


def family(prop: str) -> str:
    """The group of properties that can set one another's value: its first word,
    without a vendor prefix (border-top-color -> border), with a few shorthands
    whose longhands are named otherwise. Custom properties are their own."""
    if prop.startswith("--"):
        return prop
    prop = re.sub(r"^-(webkit|moz|ms|o)-", "", prop.lower())
    return _FAMILIES.get(prop, prop.split("-")[0])


@dataclass
class Unit:
    """One rule of the sheet, with the @media and @supports rules around it."""
    n: int                                   # its place in the sheet
    wrappers: tuple                          # ("@media print", ...), outermost first
    text: str                                # the rule as written
    selectors: list = field(default_factory=list)   # [(compiled loosened selector, specificity or None)]
    tokens: set = field(default_factory=set)        # its classes and ids
    families: set = field(default_factory=set)      # family() of each property it sets
    uses: set = field(default_factory=set)          # custom properties it reads
    sets: dict = field(default_factory=dict)        # custom property -> value, for a top-level :root rule
    others: list = field(default_factory=list)      # that rule's other declarations, as written
    matched: bool = False
    features: set | None = None              # the features every element it matched is in
    part: str | None = None                  # None: the shared sheet


def units_of(css_text: str) -> list[Unit]:
    import tinycss2

    from supportkit.finish.selectors import comma_split, compile_selectors, loosen

    units: list[Unit] = []

    def walk(rules, wrappers):
        for rule in rules:
            if rule.type == "at-rule" and rule.content is not None and rule.lower_at_keyword in ("media", "supports"):
                inner = tinycss2.parse_rule_list(rule.content, skip_whitespace=True, skip_comments=True)
                walk(inner, wrappers + ("@" + rule.at_keyword + tinycss2.serialize(rule.prelude).rstrip(),))
                continue
            if rule.type not in ("qualified-rule", "at-rule"):
                continue
            unit = Unit(len(units), wrappers, rule.serialize() if rule.type == "at-rule" else
                        tinycss2.serialize(rule.prelude).strip() + "{" + tinycss2.serialize(rule.content) + "}")
            units.append(unit)
            if rule.type != "qualified-rule":
                continue
            decls = [d for d in tinycss2.parse_declaration_list(rule.content, skip_whitespace=True, skip_comments=True)
                     if d.type == "declaration"]
            unit.families = {family(d.name) for d in decls}
            prelude = tinycss2.serialize(rule.prelude).strip()
            if prelude == ":root" and not wrappers:       # what another custom property reads is counted there
                unit.sets = {d.name: tinycss2.serialize(d.value).strip() + ("!important" if d.important else "")
                             for d in decls if d.name.startswith("--")}
                unit.others = [d.serialize() for d in decls if not d.name.startswith("--")]
                read = ";".join(unit.others)
            else:
                read = tinycss2.serialize(rule.content)
            unit.uses = set(re.findall(r"var\(\s*(--[\w-]+)", read))
            for tokens in comma_split(rule.prelude):
                unit.tokens.update(t.value for i, t in enumerate(tokens)
                                   if (t.type == "ident" and i and tokens[i - 1].type == "literal"
                                       and tokens[i - 1].value == ".") or (t.type == "hash" and t.is_identifier))
                loose = compile_selectors(loosen(tokens))
                exact = compile_selectors(tokens)
                specificity = exact[0].specificity if exact and len(exact) == 1 else None
                for compiled in loose or [None]:
                    unit.selectors.append((compiled, specificity))

    walk(tinycss2.parse_stylesheet(css_text, skip_whitespace=True, skip_comments=True), ())
    return units


def serialize(units: list[Unit]) -> str:
    """The units as a stylesheet, consecutive ones in the same @media rule sharing it."""
    out: list[str] = []
    open_: tuple = ()
    for unit in units:
        common = 0
        while common < min(len(open_), len(unit.wrappers)) and open_[common] == unit.wrappers[common]:
            common += 1
        out.append("}" * (len(open_) - common))
        out.extend(w + "{" for w in unit.wrappers[common:])
        out.append(unit.text)
        open_ = unit.wrappers
    out.append("}" * len(open_))
    return "".join(out)


@dataclass
class Split:
    shared: str
    parts: dict                              # feature -> stylesheet text (only features some page has)
    pages: list                              # for each page, in order: the features it links


def split(css_text: str, trees: list, scripts: str = "", keep_variables: set = frozenset()) -> Split:
    """`trees`: every page that links the sheet (lxml trees); `scripts`: the text of
    every script they run; `keep_variables`: custom properties the pages' inline
    styles use, which stay shared."""
    import cssselect2
    import tinycss2

    units = units_of(css_text)
    containers = {name: cssselect2.compile_selector_list(tinycss2.parse_component_value_list(sel))
                  for name, sel in FEATURES.items()}
    matcher = cssselect2.Matcher()
    for unit in units:
        for i, (compiled, _) in enumerate(unit.selectors):
            if compiled is not None:
                matcher.add_selector(compiled, (unit.n, i))
    page_features: list[set] = []
    together: list[list] = []                # per page: for each element, [(unit, specificity)] it matches
    for tree in trees:
        root = cssselect2.ElementWrapper.from_html_root(tree)
        has: set = set()
        inside: dict = {}                    # element -> the features it is in (itself or an ancestor)
        per_page: list = []
        for el in root.iter_subtree():
            parent = el.parent
            own = {name for name, compiled in containers.items() if any(c.test(el) for c in compiled)}
            inside[el.etree_element] = own | (inside.get(parent.etree_element, set()) if parent is not None else set())
            has |= own
            found: dict = {}                 # unit -> the highest specificity it matches this element with
            for _, _, _, (n, i) in matcher.match(el):
                spec = units[n].selectors[i][1]
                found[n] = None if spec is None or (n in found and found[n] is None) else max(found.get(n, spec), spec)
            for n in found:
                unit = units[n]
                unit.matched = True
                here = inside[el.etree_element]
                unit.features = set(here) if unit.features is None else unit.features & here
            if len(found) > 1:
                per_page.append(sorted(found.items()))
        page_features.append(has)
        together.append(per_page)

    words = set(re.findall(r"[\w-]+", scripts))
    order = list(FEATURES)
    for unit in units:
        if unit.matched and unit.features and all(c is not None for c, _ in unit.selectors) \
                and not (unit.tokens & words):
            unit.part = min(unit.features, key=order.index)

    def key(n):
        part = units[n].part
        return (0 if part is None else 1 + order.index(part), n)

    while True:                              # a rule whose move could change which rule wins goes back
        back = {a for per_page in together for element in per_page
                for x, (a, sa) in enumerate(element) for b, sb in element[x + 1:]
                if units[a].part is not None and key(a) > key(b)
                and (sa is None or sb is None or sa == sb) and units[a].families & units[b].families}
        if not back:
            break
        for n in back:
            units[n].part = None

    extra = variables_for_parts(units, keep_variables)
    parts = {}
    for name in order:
        mine = [u for u in units if u.part == name]
        if not mine and name not in extra:
            continue
        roots = [Unit(-1, (), root_rule(extra[name]))] if extra.get(name) else []
        text = serialize(roots + mine)
        parts[name] = ('@charset "UTF-8";' if not text.isascii() else "") + text
    shared = serialize([u for u in units if u.part is None])
    return Split(shared, parts, [[name for name in parts if name in has] for has in page_features])


def root_rule(values: dict, others: list = ()) -> str:
    body = ";".join([*others, *(f"{k}:{v}" for k, v in values.items())])
    return ":root{" + body + "}" if body else ""


def variables_for_parts(units: list[Unit], keep: set) -> dict:
    """Take out of the shared :root rules each custom property only one part's rules
    read (directly, or through another property that moves): feature -> {name: value}.
    A property set in more than one place, or read by an inline style, stays."""
    declared: dict[str, int] = {}
    for unit in units:
        for name in re.findall(r"(?<![\w-])(--[\w-]+)\s*:", unit.text):
            declared[name] = declared.get(name, 0) + 1
    values = {name: value for unit in units if unit.part is None for name, value in unit.sets.items()}
    readers: dict[str, set] = {}             # property -> the parts reading it (None: the shared sheet)
    for unit in units:
        for name in unit.uses:
            readers.setdefault(name, set()).add(unit.part)
    moved: dict[str, str] = {}
    changed = True
    while changed:
        changed = False
        for name in values:
            if name in moved or name in keep or declared.get(name) != 1:
                continue
            who = set(readers.get(name, set()))
            who |= {moved.get(other) for other, value in values.items()
                    if re.search(r"var\(\s*" + re.escape(name) + r"[\s,)]", value)}
            if len(who) == 1 and None not in who:
                moved[name] = who.pop()
                changed = True
    out: dict[str, dict] = {}
    for unit in units:
        if unit.part is None and any(name in moved for name in unit.sets):
            for name in [n for n in unit.sets if n in moved]:
                out.setdefault(moved[name], {})[name] = unit.sets[name]
            unit.text = root_rule({k: v for k, v in unit.sets.items() if k not in moved}, unit.others)
    return out
