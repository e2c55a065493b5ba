"""An organisation's brand colours (extra.brand), checked for contrast.

The organisation file may set the colours of the header, its text, links,
buttons, their text and the focus ring (the record is Brand in
supportkit/load/config.py, where each default is declared). Every pair of colours
the pages then show is checked against WCAG 2.2 when the configuration is
loaded, and a pair that fails stops the build with the file, the key, the
measured ratio and the nearest shade of that colour that passes:

    text on the header              header_text on header            4.5:1  (1.4.3)
    links                           link on the page, on contact boxes 4.5:1  (1.4.3)
    buttons                         button_text on button            4.5:1  (1.4.3)
    the secondary button's text     button on the page               4.5:1  (1.4.3)
    the focus ring                  focus beside its dark inner ring 3:1    (1.4.11, 2.4.13)
                                    the ring on the header           3:1
                                    (the dark inner ring already stands out on the page)

The quick exit's band keeps its own fixed colours (components/quick-exit/).
The colours reach the pages as CSS variables at the end of the kit's hashed
stylesheet (supportkit/render/assets.py), never as an inline style.

Contrast is WCAG's (relative luminance); shades are found by changing the
colour's OKLCH lightness in small steps (coloraide), darker or lighter,
whichever passes sooner, keeping its hue.
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from typing import TYPE_CHECKING, Callable

if TYPE_CHECKING:
    from coloraide import Color

PAGE = "#ffffff"        # the page's background (Material's default scheme)
BOX = "#f3f2f1"         # contact boxes and the "Get help now" box (--kit-box in components/page/page.css)
INK = "#0b0c0c"         # the focus ring's dark inner outline (--kit-ink)
STEP = 0.005            # OKLCH lightness per step when looking for a passing shade


def contrast(a: str, b: str) -> float:
    from coloraide import Color      # here, not above: its import takes 0.1 s, and only a brand needs it

    return Color(a).contrast(Color(b), method="wcag21")


def shown_ratio(ratio: float) -> str:
    """A ratio as a message shows it, never rounded up to a pass (4.499 is 4.49:1)."""
    return f"{math.floor(ratio * 100) / 100:.2f}:1"


def hex_of(color: Color) -> str:
    return color.convert("srgb").fit("srgb").to_string(hex=True)


def shades(value: str, step: float = STEP):
    """(hex, "darker"|"lighter") of `value`, nearest first, alternating darker and lighter."""
    from coloraide import Color

    base = Color(value).convert("oklch")
    lightness = base["lightness"]
    for n in range(1, int(1 / step) + 2):
        for direction, sign in (("darker", -1), ("lighter", 1)):
            target = lightness + sign * n * step
            if 0 <= target <= 1:
                shade = base.clone()
                shade["lightness"] = target
                yield hex_of(shade), direction


@dataclass(frozen=True)
class Pair:
    """Two colours the pages show together, and the least contrast they need."""
    what: str                                   # in words, for the message
    keys: tuple                                 # the brand keys it uses; the first is the one to shade
    minimum: float
    ratio: Callable[[dict], float]              # from the resolved colours
    words: Callable[[dict], str]                # the colours, in words


def _ring_on(background: str, colours: dict) -> float:
    """The focus ring stands out on a background by its dark inner outline or by its own colour."""
    return max(contrast(INK, background), contrast(colours["focus"], background))


PAIRS = (
    Pair("text on the header", ("header", "header_text"), 4.5,
         lambda c: contrast(c["header_text"], c["header"]),
         lambda c: f"the header's text {c['header_text']} on the header {c['header']}"),
    Pair("links", ("link",), 4.5, lambda c: contrast(c["link"], PAGE),
         lambda c: f"links {c['link']} on the page's background {PAGE}"),
    Pair("links in contact boxes", ("link",), 4.5, lambda c: contrast(c["link"], BOX),
         lambda c: f"links {c['link']} on the contact boxes' background {BOX}"),
    Pair("text on buttons", ("button", "button_text"), 4.5,
         lambda c: contrast(c["button_text"], c["button"]),
         lambda c: f"the buttons' text {c['button_text']} on the button {c['button']}"),
    Pair("the secondary buttons' text", ("button",), 4.5, lambda c: contrast(c["button"], PAGE),
         lambda c: f"the secondary buttons' text {c['button']} on the page's background {PAGE}"),
    Pair("the focus ring", ("focus",), 3.0, lambda c: contrast(c["focus"], INK),
         lambda c: f"the focus ring {c['focus']} beside its dark inner outline {INK}"),
    Pair("the focus ring on the header", ("focus", "header"), 3.0, lambda c: _ring_on(c["header"], c),
         lambda c: f"the focus ring {c['focus']} (inner outline {INK}) on the header {c['header']}"),
)


@dataclass(frozen=True)
class Failure:
    pair: Pair
    key: str                    # the key to change
    ratio: float
    suggestion: tuple | None    # (hex, "darker"|"lighter", the pair's ratio with it)
    colours: dict
    then: tuple = ()            # pairs the suggested shade fails in turn (when no shade passes them all)

    def problem(self) -> str:
        return (f"{self.pair.words(self.colours)}: contrast {shown_ratio(self.ratio)}; WCAG 2.2 needs at "
                f"least {self.pair.minimum:g}:1 for {self.pair.what}")

    def fix(self) -> str:
        others = [k for k in self.pair.keys if k != self.key]
        alternative = f", or choose another {others[0]}" if others else ""
        if self.suggestion is None:
            return f"choose a much darker or lighter {self.key}{alternative}"
        shade, direction, ratio = self.suggestion
        fix = (f'write {self.key}: "{shade}" in quotes (the nearest {direction} shade that passes, '
               f"{shown_ratio(ratio)})")
        if self.then:
            keys = sorted({k for p in self.then for k in p.keys if k != self.key})
            return fix + (f"; {' and '.join(p.what for p in self.then)} would then fail, so change "
                          f"{' and '.join(keys)} too")
        return fix + alternative


def suggest(colours: dict, key: str, pairs: list | None = None) -> tuple | None:
    """The nearest shade of colours[key] with which every pair that uses it (or `pairs`)
    passes: (steps away, hex, "darker"|"lighter"), or None."""
    pairs = pairs if pairs is not None else [p for p in PAIRS if key in p.keys]
    for steps, (shade, direction) in enumerate(shades(colours[key]), start=1):
        changed = dict(colours, **{key: shade})
        if all(p.ratio(changed) >= p.minimum for p in pairs):
            return (steps + 1) // 2, shade, direction
    return None


def failures(colours: dict, given: set[str] = frozenset()) -> list[Failure]:
    """Every failing pair of the resolved colours. The colour to change is the one of
    the pair that the organisation gave (either, when it gave both) whose passing
    shade is nearest. When no shade of it passes every pair it is in (dark text on a
    button that must also be dark text on the page), the nearest shade that passes
    this pair is given, with the pairs that would then fail."""
    out = []
    for pair in PAIRS:
        ratio = pair.ratio(colours)
        if ratio >= pair.minimum:
            continue
        keys = [k for k in pair.keys if k in given] or list(pair.keys)
        found = [(s, k) for k in keys for s in [suggest(colours, k)] if s]
        if not found:
            found = [(s, k) for k in keys for s in [suggest(colours, k, [pair])] if s]
        if not found:
            out.append(Failure(pair, keys[0], ratio, None, colours))
            continue
        (_, shade, direction), key = min(found, key=lambda f: f[0][0])
        changed = dict(colours, **{key: shade})
        then = tuple(p for p in PAIRS if key in p.keys and p.ratio(changed) < p.minimum)
        out.append(Failure(pair, key, ratio, (shade, direction, pair.ratio(changed)), colours, then))
    return out


def stylesheet(colours: dict) -> str:
    """The brand's CSS variables, appended to the kit's stylesheet (after page.css)."""
    c = colours
    values = {
        "--md-primary-fg-color": c["header"],
        "--md-primary-fg-color--dark": c["header"],
        "--md-primary-bg-color": c["header_text"],
        "--md-primary-bg-color--light": c["header_text"] + "b3",
        "--md-typeset-a-color": c["link"],
        "--md-accent-fg-color": c["link"],
        "--kit-brand": c["button"],
        "--kit-button-text": c["button_text"],
        "--kit-focus": c["focus"],
    }
    return ":root{" + ";".join(f"{k}:{v}" for k, v in values.items()) + "}"
