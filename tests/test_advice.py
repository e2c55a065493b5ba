"""Advice: no line tells the reader to do what another line warns can put them
at more risk. Fast checks of the Markdown sources (no build).

A page is read as blocks: paragraphs, list items and headings. A list item's
lead-in is the paragraph or heading just before its list ("Plan these steps
with the police first." then the steps). Macros are read as their contact id
in words, so {{ name("national-stalking-helpline") }} reads "national
stalking helpline".

The rules are tables, one set per language: the same steps in English ("en")
and in Welsh ("cy", the words of docs/*.cy.md and docs/data/glossary.cy.yml),
so every rule also holds on the Welsh pages. A macro reads as its id in
English words in both ("neu'r national stalking helpline").
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import pytest

from conftest import ROOT

DOCS = ROOT / "docs"
PAGES = {
    "en": sorted(p for p in DOCS.glob("*.md") if not p.name.endswith(".cy.md")),
    "cy": sorted(DOCS.glob("*.cy.md")),
}


@dataclass(frozen=True)
class Step:
    """Advice to do `step` (found by `finds` in a paragraph or list item) must
    carry every one of `needs`, in the same block or its list's lead-in, unless
    the block is itself the warning (`WARNS`)."""
    step: str
    finds: str
    needs: tuple[str, ...]
    warning_is_enough: bool = True


@dataclass(frozen=True)
class OnPage:
    """A page that says `finds` anywhere must also say each of `needs` somewhere."""
    topic: str
    finds: str
    needs: tuple[str, ...]


# ---------------------------------------------------------------- English rules

# "Talk to / plan with / ask ... the helpline or the police", in one sentence.
EN_PLAN_FIRST = r"\b(talk|talked|speak|spoken|plan|planned|ask)\b[^.]*\b(helpline|police)\b"
# A block that warns the step can alert the person or lose evidence is the warning, not the advice.
EN_WARNS = (r"\b(can|may|could) (also )?(alert|tell them that you know)|\bmay notice\b|"
            r"destroy evidence|proof may be lost|lose evidence")

EN_CALLER_UNKNOWN = r"\b(do not|don't) know\b"

# ---------------------------------------------------------------- Welsh rules

# "Siaradwch â / cynlluniwch gyda / gofynnwch i ... yr heddlu neu'r llinell gymorth",
# in one sentence (a macro reads as "national stalking helpline").
CY_PLAN_FIRST = (r"\b(siaradwch|siarad|cynlluniwch|cynllunio|gofynnwch|gofyn)\b[^.]*"
                 r"\b(heddlu|llinell gymorth|helpline)\b")
# The warning itself: the step can alert the person, tell them that you know, or lose evidence.
CY_WARNS = (r"\b(r|rh)ybuddio\b|ddweud wrthyn nhw eich bod chi'n gwybod|"
            r"\b(efallai y bydd|gallai|gall)\b[^.]*\bsylwi\b|"
            r"\bd?dinistrio tystiolaeth|prawf yn cael ei golli|colli tystiolaeth")

CY_CALLER_UNKNOWN = r"\bnad ydych chi'n (ei|eu) adnabod\b|\bddim yn (ei|eu) adnabod\b"

STEPS = {
    "en": [
        # the step,                 what finds advice to do it,            what must go with it (all of them)
        Step("turn off location sharing",
             r"\bturn(ing)? off location sharing",                         (EN_PLAN_FIRST,)),
        Step("remove an app",
             r"\b(remove|removing|delete|deleting|uninstall)\b[^.]*\bapps?\b", (EN_PLAN_FIRST,)),
        Step("make accounts private",
             r"\bmake your (social media )?posts\b[^.]*\bprivate",         (EN_PLAN_FIRST,)),
        Step("change passwords",
             r"\bchang(e|ing)\b[^.]*\bpasswords?\b",                       (EN_PLAN_FIRST, r"\blocked out\b")),
        Step("turn on two-step sign-in",
             r"\bturn on two-step",                                         (EN_PLAN_FIRST,)),
        Step("block calls or people",
             r"\bblock(ing|ed|s)?\b",                                       (r"\bevidence\b", r"other ways to reach you",
                                                                             EN_PLAN_FIRST), warning_is_enough=False),
        Step("a tracker you found",
             r"\b(find|found) (one|a tracker)\b",                           (r"do not move it or switch it off",),
             warning_is_enough=False),
        Step("check your phone for apps",
             r"\bcheck your phone for apps\b",                              (r"\bsafe device\b",), warning_is_enough=False),
        Step("say no once",
             r"\bsay no once\b",                                            (r"\bonly (do this )?if it is safe\b",
                                                                             r"\bnever (do it )?face to face\b",
                                                                             r"\bin writing\b", r"\bkeep a copy\b",
                                                                             r"\bpolice can tell them\b"),
             warning_is_enough=False),
        Step('answer with "hello"',
             r'\bsay "hello"',                                              (EN_CALLER_UNKNOWN,), warning_is_enough=False),
        Step("put the handset down",
             r"\bput the handset down\b",                                   (EN_CALLER_UNKNOWN,), warning_is_enough=False),
        Step("film or photograph them",
             r"\b(take|taking) photos or video\b|\bfilm (the person|them)\b",
             (r"\bfrom inside\b", r"\bcannot see you\b", r"\bnever go out to film\b"), warning_is_enough=False),
    ],
    "cy": [
        Step("turn off location sharing",
             r"\bdiffodd(wch)? (r|rh)annu lleoliad",                        (CY_PLAN_FIRST,)),
        Step("remove an app",
             r"\b(dileu|ddileu|dilëwch|gael gwared ar|cael gwared ar)\b[^.]*\bap(iau)?\b",
                                                                             (CY_PLAN_FIRST,)),
        Step("make accounts private",
             r"\bgwnewch eich postiadau\b[^.]*\bbreifat\b",               (CY_PLAN_FIRST,)),
        Step("change passwords",
             r"\bnewid(iwch)?\b[^.]*\b(c|g)yfrin(air|eiriau)\b",           (CY_PLAN_FIRST, r"\bmethu mewngofnodi\b")),
        Step("turn on two-step sign-in",
             r"\b(trowch|troi) fewngofnodi dau gam ymlaen",                 (CY_PLAN_FIRST,)),
        Step("block calls or people",
             r"\b(r|rh)wystro\b",                                          (r"\btystiolaeth\b",
                                                                             r"ffyrdd eraill o gysylltu â chi",
                                                                             CY_PLAN_FIRST), warning_is_enough=False),
        Step("a tracker you found",
             r"\bo hyd i (un|ddyfais olrhain)\b",                          (r"peidiwch â'i symud na'i diffodd",),
             warning_is_enough=False),
        Step("check your phone for apps",
             r"\bgwiriwch eich ffôn am apiau\b",                           (r"\bd?dyfais ddiogel\b",),
             warning_is_enough=False),
        Step("say no once",
             r"\bdywedwch na unwaith\b",                                   (r"\bdim ond os yw'n ddiogel\b",
                                                                             r"\bpeidiwch byth\b[^.]*\bwyneb yn wyneb\b",
                                                                             r"\bysgrifennu sydd orau\b|\byn ysgrifenedig\b",
                                                                             r"\b(c|ch)adwch gopi\b",     # "a chadwch gopi"
                                                                             r"\bgall yr heddlu ddweud wrthyn nhw\b"),
             warning_is_enough=False),
        Step('answer with "hello"',
             r'\bdywedwch "helo"',                                          (CY_CALLER_UNKNOWN,), warning_is_enough=False),
        Step("put the handset down",
             r"\brhowch y derbynnydd i lawr\b",                            (CY_CALLER_UNKNOWN,), warning_is_enough=False),
        Step("film or photograph them",
             r"\b(d|t)ynnu lluniau neu ffilmio\b|\bffilmio'r person\b|\beu ffilmio\b",
             (r"\bo'r tu mewn\b", r"\bna all y person eich gweld\b", r"\bpeidiwch byth â mynd allan i'w ffilmio\b"),
             warning_is_enough=False),
    ],
}

ON_PAGE = {
    "en": [
        OnPage("what to do if you find a tracker", r"\bif you find (one|a tracker)\b",
               (r"do not move it or switch it off", r"never take a working tracker somewhere you want to keep secret")),
        OnPage("changing your passwords", r"\bchange your passwords\b",
               (r"\brecovery email and phone number\b", r'"new sign-in"')),
    ],
    "cy": [
        OnPage("what to do if you find a tracker", r"\bos dewch chi o hyd i (un|ddyfais olrhain)\b",
               (r"peidiwch â'i symud na'i diffodd",
                r"peidiwch byth â mynd â dyfais olrhain sy'n gweithio i le rydych chi eisiau ei gadw'n gyfrinach")),
        OnPage("changing your passwords", r"\bnewid(iwch)? eich cyfrineiriau\b",
               (r"\be-bost adfer\b", r"\brhif ffôn adfer\b", r'"new sign-in"')),
    ],
}

# The two pages about calls agree: if you know who is calling, you do not answer.
KNOWN_CALLER = {
    "en": {
        "unwanted-calls.md": (r"\bif you know who is calling, do not answer\b", r"\bgo to voicemail\b",
                              r"\bdo not call (them )?back\b"),
        "if-you-know-who-it-is.md": (r"\bdo not answer calls\b", r"\bdo not answer at all\b"),
    },
    "cy": {     # the English page names; the test reads their .cy.md
        "unwanted-calls.md": (r"\bos ydych chi'n gwybod pwy sy'n ffonio, peidiwch ag ateb\b", r"\bi'r post llais\b",
                              r"\bpeidiwch â'u ffonio (nhw)?'?n ôl\b"),
        "if-you-know-who-it-is.md": (r"\bpeidiwch ag ateb galwadau\b", r"\bpeidiwch ag ateb o gwbl\b"),
    },
}


# ---------------------------------------------------------------- reading a page

@dataclass(frozen=True)
class Block:
    kind: str        # "p", "li" or "h"
    text: str
    lead_in: str     # for a list item: the paragraph or heading before its list


_CONTACT_MACRO = re.compile(r"\{\{\s*\w+\(\s*\"([^\"]*)\"[^}]*\}\}")


def readable(markdown: str) -> str:
    """The words of a page: macros as their ids in words, no Markdown syntax."""
    text = re.sub(r"\A---\n.*?\n---\n", "", markdown, flags=re.S)
    text = _CONTACT_MACRO.sub(lambda m: m.group(1).replace("-", " "), text)
    text = re.sub(r"\{\{.*?\}\}|\{%.*?%\}", " ", text, flags=re.S)
    text = re.sub(r"\]\([^)]*\)", "]", text)
    return re.sub(r"[*_`\[\]]", "", text)


def blocks(markdown: str) -> list[Block]:
    out: list[Block] = []
    kind, lines, lead = None, [], ""

    def close():
        nonlocal kind, lines, lead
        if kind:
            text = " ".join(" ".join(lines).split())
            out.append(Block(kind, text, lead if kind == "li" else ""))
            if kind != "li":
                lead = text
        kind, lines = None, []

    for raw in readable(markdown).splitlines():
        line = raw[4:] if raw.startswith("    ") else raw       # admonition bodies and list continuations
        if not line.strip():
            close()
        elif raw.startswith("!!! ") or line.startswith("#"):
            close()
            kind, lines = "h", [line.lstrip("#! ").replace('"', " ")]
            close()
        elif re.match(r"\s*(-|\d+\.)\s", line) and not raw.startswith("    "):
            close()
            kind, lines = "li", [re.sub(r"^\s*(-|\d+\.)\s+", "", line)]
        else:
            if kind is None:
                kind = "p"
            lines.append(line)
    close()
    return out


def found(pattern: str, text: str) -> bool:
    return re.search(pattern, text, re.I) is not None


def advice_problems(markdown: str, steps: list[Step], warns: str) -> list[str]:
    """Each block that gives a risky step without what must go with it."""
    problems = []
    for block in blocks(markdown):
        if block.kind == "h":
            continue
        context = f"{block.lead_in} {block.text}"
        for step in steps:
            if not found(step.finds, block.text):
                continue
            if step.warning_is_enough and found(warns, context):
                continue
            missing = [n for n in step.needs if not found(n, context)]
            if missing:
                problems.append(f"{step.step}: {block.text[:90]!r} lacks {missing}")
    return problems


def page_problems(markdown: str, rules: list[OnPage]) -> list[str]:
    text = " ".join(readable(markdown).split())
    return [f"{r.topic}: the page lacks {[n for n in r.needs if not found(n, text)]}"
            for r in rules if found(r.finds, text) and not all(found(n, text) for n in r.needs)]


WARNS = {"en": EN_WARNS, "cy": CY_WARNS}


def languages_with(table: dict) -> list:
    return [pytest.param(lang, marks=pytest.mark.skip(reason=f"no {lang} rules yet: add them with the translation"))
            if table[lang] is None else lang for lang in table]


def pages_of(table: dict) -> list:
    return [pytest.param(lang, page, id=page.name) for lang in table if table[lang] is not None
            for page in PAGES[lang]]


# ---------------------------------------------------------------- the tests

@pytest.mark.parametrize("lang, page", pages_of(STEPS))
def test_risky_steps_carry_their_condition(lang, page: Path):
    problems = advice_problems(page.read_text(encoding="utf-8"), STEPS[lang], WARNS[lang])
    assert not problems, f"{page.name}:\n  " + "\n  ".join(problems)


@pytest.mark.parametrize("lang, page", pages_of(ON_PAGE))
def test_pages_say_the_whole_warning(lang, page: Path):
    problems = page_problems(page.read_text(encoding="utf-8"), ON_PAGE[lang])
    assert not problems, f"{page.name}:\n  " + "\n  ".join(problems)


@pytest.mark.parametrize("lang", languages_with(KNOWN_CALLER))
def test_call_pages_agree_on_a_known_caller(lang):
    for name, phrases in KNOWN_CALLER[lang].items():
        page = name if lang == "en" else name[:-3] + f".{lang}.md"
        text = " ".join(readable((DOCS / page).read_text(encoding="utf-8")).split())
        missing = [p for p in phrases if not found(p, text)]
        assert not missing, f"{page}: does not say {missing}"


@pytest.mark.parametrize("lang", languages_with(STEPS))
def test_every_rule_finds_something(lang):
    """A rule that matches no page any more has drifted from the wording: fix it, or drop it."""
    everything = [readable(p.read_text(encoding="utf-8")) for p in PAGES[lang]]
    for step in STEPS[lang]:
        assert any(found(step.finds, " ".join(t.split())) for t in everything), step.step
    for rule in ON_PAGE[lang]:
        assert any(found(rule.finds, " ".join(t.split())) for t in everything), rule.topic


# The unsafe wording these rules were written to catch (the pages said it until December 2026).
UNSAFE = {"en": {
    "turn off location sharing": "The person may try to watch you.\n\n- Turn off location sharing on your phone.\n",
    "change passwords": "If you think someone can see your phone, change your passwords on a device they cannot get to.\n",
    "block calls or people": "Your phone company may be able to block calls from some numbers.\n",
    "a tracker you found": "- Check your bags for trackers. If you find one, keep it and tell the police.\n",
    "say no once": "- Say no once, then never respond. Tell them clearly, one time.\n",
    'answer with "hello"': "## When you answer\n\n- Say \"hello\". Do not give your name.\n",
    "check your phone for apps": "- Check your phone for apps you did not put there.\n",
    "film or photograph them": "If it is safe, you can take photos or video of the person outside your home.\n",
}, "cy": {      # what docs/*.cy.md said until December 2026
    "turn off location sharing": "Efallai y bydd y person yn ceisio eich gwylio.\n\n- Diffoddwch rannu lleoliad ar eich ffôn.\n",
    "change passwords": ("Efallai eich bod chi'n meddwl bod rhywun yn gallu gweld eich ffôn. Os felly, newidiwch eich "
                         "cyfrineiriau ar ddyfais nad ydyn nhw'n gallu cael gafael arni.\n"),
    "block calls or people": "Efallai y gall eich cwmni ffôn rwystro galwadau o rai rhifau.\n",
    "a tracker you found": ("- Gwiriwch eich bagiau am ddyfeisiau olrhain cudd. Os dewch chi o hyd i un, cadwch hi a "
                            "dywedwch wrth yr heddlu.\n"),
    "say no once": "- Say no (dweud na). Dywedwch na unwaith, yna peidiwch byth ag ymateb. Dywedwch wrthyn nhw'n glir.\n",
    'answer with "hello"': "## Pan fyddwch chi'n ateb\n\n- Dywedwch \"helo\". Peidiwch â rhoi eich enw.\n",
    "check your phone for apps": "- Gwiriwch eich ffôn am apiau na wnaethoch chi eu gosod.\n",
    "film or photograph them": ("Os yw'n ddiogel, gallwch dynnu lluniau neu ffilmio. Er enghraifft, gallech chi "
                                "ffilmio'r person y tu allan i'ch cartref.\n"),
}}


@pytest.mark.parametrize("lang, step", [(lang, step) for lang in UNSAFE for step in UNSAFE[lang]])
def test_the_rules_catch_the_unsafe_wording(lang, step):
    problems = advice_problems(UNSAFE[lang][step], STEPS[lang], WARNS[lang])
    assert [p for p in problems if p.startswith(step + ":")], f"{lang} {step}: not caught in {UNSAFE[lang][step]!r}"


def test_every_language_has_every_rule():
    """The Welsh set holds the same steps and page rules as the English set."""
    for table in (STEPS, ON_PAGE):
        assert [r.step if isinstance(r, Step) else r.topic for r in table["cy"]] == \
               [r.step if isinstance(r, Step) else r.topic for r in table["en"]]
    assert set(KNOWN_CALLER["cy"]) == set(KNOWN_CALLER["en"]) and set(UNSAFE["cy"]) == set(UNSAFE["en"])


def test_a_lead_in_carries_the_condition_for_its_list():
    safe = ("Plan these steps with the police or the {{ name(\"national-stalking-helpline\") }} first.\n\n"
            "- Turn off location sharing on your phone.\n"
            "- Change your passwords. They may find they are locked out.\n")
    assert advice_problems(safe, STEPS["en"], WARNS["en"]) == []
    assert advice_problems("- Turn off location sharing.\n\nPlan it with the police first.\n",
                           STEPS["en"], WARNS["en"]), "a paragraph after the list is not its lead-in"


def test_a_welsh_lead_in_carries_the_condition_for_its_list():
    safe = ("Cynlluniwch y camau hyn gyda'r heddlu neu'r {{ name(\"national-stalking-helpline\") }} yn gyntaf.\n\n"
            "- Diffoddwch rannu lleoliad ar eich ffôn.\n"
            "- Newidiwch eich cyfrineiriau. Efallai y byddan nhw'n methu mewngofnodi.\n")
    assert advice_problems(safe, STEPS["cy"], WARNS["cy"]) == []
    assert advice_problems("- Diffoddwch rannu lleoliad.\n\nCynlluniwch hyn gyda'r heddlu yn gyntaf.\n",
                           STEPS["cy"], WARNS["cy"]), "a paragraph after the list is not its lead-in"
