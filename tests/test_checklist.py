"""Risk checklist: questions from a versioned data file, guidance that fits the
answers (never a score), announced in a live region, usable by keyboard and
without JavaScript, printable, and nothing kept after the page is left."""
from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlparse

import pytest
import textstat
import yaml

from conftest import EXAMPLE, ROOT, copy_kit, pretty, run_axe, run_build, storage_snapshot, strings

QUESTIONS_FILE = ROOT / "docs" / "data" / "checklist.yml"
FIXTURE = ROOT / "tests" / "fixtures" / "checklist-licensed.yml"
PAGE = "risk-checklist/"
LANGS = ["en", "cy"]


class Words:
    """What each kind of guidance says (components/checklist/checklist.html), in a
    language, from its strings file."""

    def __init__(self, lang: str):
        c = strings(lang)["checklist"]
        first = lambda text: text.split(". ")[0].rstrip(".")       # a lead's first sentence
        self.URGENT = first(c["urgent_lead"])
        self.ANY_YES = first(c["yes_lead"])
        self.NO_YES = first(c["none_lead"])
        self.PREDICT = c["cannot_predict"]
        self.UNANSWERED = c["unanswered"]
        self.SHOW = c["show"]
        self.MEANING = c["meaning_title"]


EN = Words("en")
URGENT, ANY_YES, NO_YES, PREDICT, UNANSWERED, SHOW = (EN.URGENT, EN.ANY_YES, EN.NO_YES, EN.PREDICT,
                                                      EN.UNANSWERED, EN.SHOW)
assert URGENT == "Contact the police today" and NO_YES == "Trust your instincts"
FORBIDDEN = re.compile(r"\bscores?\b|low risk|high risk score|out of \d+|\d+ ?%", re.I)

RADIOS = ".kit-checklist input[type=radio]"


def questions(path: Path = QUESTIONS_FILE) -> list[dict]:
    import dataclasses

    from supportkit.load.checklist import load_checklist
    return [dataclasses.asdict(q) for q in load_checklist(path).questions]


def ids() -> list[str]:
    return [q["id"] for q in questions()]


def questions_in(lang: str) -> list[dict]:
    return questions(QUESTIONS_FILE if lang == "en" else QUESTIONS_FILE.with_name(f"checklist.{lang}.yml"))


# --------------------------------------------------------------------------
# The question file
# --------------------------------------------------------------------------

# Every risk factor in the content brief ("Who is most at risk"), and words
# that show a question covers it.
FACTORS = {
    "very frightened": ["very scared"],
    "previous intimate relationship": ["gone out with the person", "been a couple"],
    "previous abuse or stalking": ["abused or stalked anyone before"],
    "damage to property": ["broken or damaged anything of yours"],
    "turning up unannounced often": ["turning up without warning", "four or more times in a week"],
    "following or loitering near home or work": ["following you", "waiting near", "where you live", "work"],
    "threats of physical or sexual violence": ["threatened to hurt you", "attack you sexually"],
    "harassing third parties": ["bothering people around you", "family"],
    "violence towards anyone": ["attacked or hurt anyone"],
    "recruiting others to help": ["anyone else seem to help the person", "may not know that they are helping"],
    "drugs, alcohol or mental health in the last year": ["drugs", "drink", "mental health", "past 12 months"],
    "threats or attempts of suicide": ["end their own life", "tried to"],
    "criminal or violent history": ["criminal record", "history of hurting people"],
    "lasting more than two weeks": ["more than two weeks"],
}


def test_default_question_file_is_versioned_licensed_and_covers_the_brief():
    data = yaml.safe_load(QUESTIONS_FILE.read_text(encoding="utf-8"))
    assert data["version"] and data["source"] and data["licence"]
    qs = questions()
    assert 12 <= len(qs) <= 14
    assert len(set(ids())) == len(qs)
    words = " ".join(q["text"] + " " + (q["hint"] or "") for q in qs)
    missing = {f: [w for w in ws if w not in words] for f, ws in FACTORS.items()}
    assert {f: ws for f, ws in missing.items() if ws} == {}
    urgent = {q["id"] for q in qs if q["urgent"]}
    assert {"frightened", "threats", "violence"} <= urgent
    assert len(urgent) < len(qs) / 2, "only the most serious answers call for action today"


def test_questions_read_plainly():
    for q in questions():
        for text in filter(None, (q["text"], q["hint"])):
            assert len(text.split()) <= 20, f"{q['id']}: keep questions short"
    words = " ".join(q["text"] + " " + (q["hint"] or "") for q in questions())
    assert textstat.flesch_kincaid_grade(words) <= 6.0


def test_loading_the_configuration_reads_the_questions():
    """load_edition() (the first thing a build does) reads the questions."""
    from supportkit.load.config import load_edition
    edition = load_edition(ROOT / "mkdocs.yml")
    assert [q.id for q in edition.checklist.questions] == ids()
    assert edition.options.checklist_questions == "docs/data/checklist.yml"


def set_in(data: dict, path: str, value):
    *parents, last = path.split(".")
    for p in parents:
        data = data[int(p)] if p.isdigit() else data[p]
    if value is _DELETE:
        del data[last]
    elif last.isdigit():
        data[int(last)] = value
    else:
        data[last] = value


_DELETE = object()

BAD_QUESTION_FILES = {
    "no licence or permission": ("licence", _DELETE, "licence:", "a required value is missing",
                                 ["add licence:", "permission:"]),
    "duplicate id": ("questions.3.id", "frightened", "questions[3].id:", "'frightened' is used twice",
                     ["give each question its own id", "questions[0] already uses it"]),
    "no version": ("version", _DELETE, "version:", "a required value is missing", ["add version:"]),
    "no source": ("source", _DELETE, "source:", "a required value is missing", ["add source:"]),
    "question without text": ("questions.2.text", _DELETE, "questions[2].text:", "a required value is missing",
                              ["add text:"]),
    "bad id": ("questions.1.id", "Has a space", "questions[1].id:", "'Has a space' is not a question id", ["lower-case letters"]),
    "urgent not true or false": ("questions.0.urgent", "very", "questions[0].urgent:", "expected true or false",
                                 ["write true or false"]),
    "unknown key": ("questions.0.score", 5, "questions[0].score:", "unknown key", ["the keys allowed here are"]),
    "no questions": ("questions", [], "questions:", "the list is empty", ["add at least one question"]),
}


@pytest.mark.parametrize("case", list(BAD_QUESTION_FILES))
def test_bad_question_file_fails_the_build_clearly(case, tmp_path):
    path, value, key, problem, fixes = BAD_QUESTION_FILES[case]
    kit = copy_kit(tmp_path / "kit")
    qfile = kit / "docs" / "data" / "checklist.yml"
    data = yaml.safe_load(qfile.read_text(encoding="utf-8"))
    set_in(data, path, value)
    qfile.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    out = tmp_path / "site"
    proc = run_build(kit / "mkdocs.yml", out, root=kit, check=False)
    assert proc.returncode == 2, proc.stdout + proc.stderr
    message = proc.stderr
    assert re.search(rf"docs/data/checklist\.yml(, line \d+)?: {re.escape(key)} {re.escape(problem)}", message), message
    assert "Fix:" in message and all(f in message for f in fixes), message
    assert "Traceback" not in message
    assert not out.exists(), "nothing may be written when the question file is wrong"


def test_missing_question_file_named_in_the_configuration_fails(tmp_path):
    config = organisation_file(tmp_path, checklist_questions="tests/fixtures/no-such-file.yml")
    proc = run_build(config, tmp_path / "site", check=False)
    assert proc.returncode == 2, proc.stderr
    assert "extra.checklist_questions: there is no file tests/fixtures/no-such-file.yml" in proc.stderr, proc.stderr
    assert "Fix:" in proc.stderr
    assert not (tmp_path / "site").exists()


def organisation_file(tmp_path: Path, **extra) -> Path:
    data = yaml.safe_load(EXAMPLE.read_text(encoding="utf-8"))
    data["INHERIT"] = str(ROOT / "mkdocs.yml")
    data["extra"].update(extra)
    path = tmp_path / "licensed-organisation.yml"
    path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    return path


def test_an_organisation_can_supply_a_licensed_question_set(tmp_path, browser, serve):
    fixture = yaml.safe_load(FIXTURE.read_text(encoding="utf-8"))
    assert "licence" not in fixture and fixture["permission"], "the fixture uses permission: instead"
    out = tmp_path / "site"
    run_build(organisation_file(tmp_path, checklist_questions="tests/fixtures/checklist-licensed.yml"), out)
    html = (out / PAGE / "index.html").read_text(encoding="utf-8")
    tags = parse(html)
    legends = [t for t in tags if t.tag == "legend"]
    assert len(legends) == len(fixture["questions"]) == 3
    for q, legend in zip(fixture["questions"], legends):
        assert q["text"] in legend.text
    assert fixture["questions"][1]["hint"] in html
    for q in questions():
        assert q["text"] not in html, f"the default question {q['id']!r} was not replaced"
    assert 'data-version="2024-03"' in html
    assert "If you answered yes to question 1</h3>" in html   # its one urgent question

    page = browser.new_page()
    page.goto(serve(out).url + PAGE)
    answer(page, {"fixture-afraid": "yes"})
    page.get_by_role("button", name=SHOW).click()
    result = page.inner_text("[data-kit-result]")
    assert URGENT in result and "Northshire Victim Care" in result
    page.close()


# --------------------------------------------------------------------------
# The page as built
# --------------------------------------------------------------------------

class Tag:
    def __init__(self, tag, attrs, parents):
        self.tag, self.attrs, self.parents, self.text = tag, dict(attrs), parents, ""


class _Tree(HTMLParser):
    VOID = {"input", "link", "meta", "br", "img", "hr", "source"}

    def __init__(self):
        super().__init__()
        self.tags: list[Tag] = []
        self.stack: list[Tag] = []

    def handle_starttag(self, tag, attrs):
        t = Tag(tag, attrs, list(self.stack))
        self.tags.append(t)
        if tag not in self.VOID:
            self.stack.append(t)

    def handle_endtag(self, tag):
        for i in range(len(self.stack) - 1, -1, -1):
            if self.stack[i].tag == tag:
                del self.stack[i:]
                break

    def handle_data(self, data):
        for t in self.stack:
            t.text += data


def parse(html: str) -> list[Tag]:
    p = _Tree()
    p.feed(html)
    return p.tags


def checklist_html(site: Path) -> str:
    html = (site / PAGE / "index.html").read_text(encoding="utf-8")
    start = html.index('<div class="kit-checklist"')
    return html[start:html.index("</article>")]


def test_page_has_a_fieldset_per_question_and_no_free_text(default_site):
    html = (default_site / PAGE / "index.html").read_text(encoding="utf-8")
    tags = parse(html)
    qs = questions()
    fieldsets = [t for t in tags if t.tag == "fieldset"]
    assert len(fieldsets) == len(qs)
    for q, fs in zip(qs, fieldsets):
        legend = next(t for t in tags if t.tag == "legend" and fs in t.parents)
        assert q["text"] in legend.text
        radios = [t for t in tags if t.tag == "input" and fs in t.parents]
        assert [r.attrs["value"] for r in radios] == ["yes", "no", "unsure"]
        assert {r.attrs["type"] for r in radios} == {"radio"}
        assert len({r.attrs["name"] for r in radios}) == 1
        labels = {t.attrs["for"]: t.text.strip() for t in tags if t.tag == "label" and fs in t.parents}
        assert [labels[r.attrs["id"]] for r in radios] == ["Yes", "No", "Not sure"]
        if q["hint"]:
            assert q["hint"] in fs.text and fs.attrs.get("aria-describedby")
    # Nothing to type into, anywhere on the page
    assert not [t for t in tags if t.tag in ("textarea", "select")]
    assert {t.attrs.get("type") for t in tags if t.tag == "input"} <= {"radio", "checkbox"}  # Material's toggles
    root = next(t for t in tags if "data-kit-checklist" in t.attrs)
    assert {t.attrs.get("type") for t in tags if t.tag == "input" and root in t.parents} == {"radio"}
    # The form keeps nothing and cannot put answers into the address
    form = next(t for t in tags if t.tag == "form")
    assert form.attrs.get("autocomplete") == "off"
    assert form.attrs.get("method") == "dialog" and "action" not in form.attrs
    # autocomplete is not allowed on radio buttons (HTML allows it on text-like inputs)
    assert not [t for t in tags if t.tag == "input" and t.attrs["type"] == "radio" and "autocomplete" in t.attrs]
    # Buttons need the script: hidden until it runs
    buttons = [t for t in tags if t.tag == "button" and root in t.parents]
    assert len(buttons) == 4
    for button in buttons:
        assert any("hidden" in p.attrs for p in button.parents), button.text
    region = next(t for t in tags if "data-kit-result" in t.attrs)
    assert region.attrs.get("aria-live") == "polite" and region.attrs.get("role") == "status"
    # The script is the page's own, by relative address, its name hashed; the styles are in the
    # edition's one stylesheet (supportkit/finish/css.py), its name hashed too
    script = re.search(r'<script src="\.\./(assets/kit/checklist\.[0-9a-f]{8}\.js)"></script>', html)
    sheets = re.findall(r'<link rel="stylesheet" href="\.\./(assets/kit/kit\.[0-9a-f]{8}\.css)">', html)
    assert script and len(sheets) == 1, "the checklist's script and styles"
    assert (default_site / script.group(1)).is_file()
    assert ".kit-checklist__button{" in (default_site / sheets[0]).read_text()


def test_static_guidance_covers_every_case_with_the_contacts(site):
    html = checklist_html(site)
    text = re.sub(r"<[^>]+>", " ", html)
    for words in (URGENT, ANY_YES, NO_YES, PREDICT, "What your answers mean", "call the police today on"):
        assert words in " ".join(text.split()), words
    for href in ('href="tel:999"', 'href="tel:101"', 'href="tel:08088020300"', "report it online"):
        assert href in html
    assert not FORBIDDEN.search(text), FORBIDDEN.search(text)
    urgent_numbers = [str(i) for i, q in enumerate(questions(), 1) if q["urgent"]]
    assert "If you answered yes to questions " + ", ".join(urgent_numbers[:-1]) + " or " + urgent_numbers[-1] in text


def test_local_contacts_appear_only_where_configured(default_site, example_site):
    assert "Northshire" not in checklist_html(default_site)
    example = checklist_html(example_site)
    guide = example[example.index('data-guide="always"'):]
    assert "Northshire Victim Care" in guide and 'href="tel:08081570172"' in guide
    assert "Help in Northshire" in guide
    assert "https://www.northshire.police.example/report/stalking/" in example   # report online


def test_guidance_reads_plainly(default_site):
    html = checklist_html(default_site)
    guide = html[html.index("<section"):html.index("</section>")]
    text = " ".join(re.sub(r"<[^>]+>", " ", guide).split())
    assert textstat.flesch_kincaid_grade(text) <= 7.0, text


def test_script_keeps_nothing_and_sends_nothing():
    source = (ROOT / "components" / "checklist" / "checklist.js").read_text(encoding="utf-8")
    code = re.sub(r"/\*.*?\*/|//[^\n]*", "", source, flags=re.S)
    for api in ("localStorage", "sessionStorage", "indexedDB", "caches", "document.cookie", "pushState",
                "replaceState", "location", "fetch", "XMLHttpRequest", "sendBeacon", "WebSocket", "import"):
        assert api not in code, f"checklist.js must not use {api}"


# --------------------------------------------------------------------------
# In the browser
# --------------------------------------------------------------------------

def answer(page, answers: dict[str, str]) -> None:
    for qid, value in answers.items():
        page.check(f"#kit-q-{qid}-{value}")


def answer_at_once(page, answers: dict[str, str]) -> None:
    """Each radio button clicked in the page, in one call (the click and change events a
    person's click fires): for the guidance cases, where what is read is the result. The
    mouse and the keyboard are tested by answer() and the keyboard-only test."""
    ids = [f"kit-q-{qid}-{value}" for qid, value in answers.items()]
    assert page.evaluate("""ids => ids.map(id => { const radio = document.getElementById(id);
        radio.click(); return radio.checked; })""", ids) == [True] * len(ids), ids


def checked(page) -> list[str]:
    return page.eval_on_selector_all(RADIOS + ":checked", "els => els.map(e => e.id)")


# Answer patterns and the guidance they must give. `rest` answers every
# question not named (None leaves it unanswered).
PATTERNS = {
    "nothing answered": ({}, None, "none"),
    "no to everything": ({}, "no", "none"),
    "not sure to everything": ({}, "unsure", "none"),
    "one yes, not urgent": ({"relationship": "yes"}, "no", "yes"),
    "partly answered, one yes": ({"damage": "yes", "helpers": "unsure"}, None, "yes"),
    "yes to everything but the urgent questions": (
        {"frightened": "no", "threats": "no", "violence": "no", "suicide": "no"}, "yes", "yes"),
    "very frightened": ({"frightened": "yes"}, "no", "urgent"),
    "threats of violence": ({"threats": "yes"}, "unsure", "urgent"),
    "violence towards anyone": ({"violence": "yes"}, None, "urgent"),
    "suicide threats": ({"suicide": "yes"}, "no", "urgent"),
    "yes to everything": ({}, "yes", "urgent"),
}


@pytest.fixture(scope="module")
def default_url(default_site, serve) -> str:
    return serve(default_site).url


@pytest.fixture
def lang(request) -> str:
    """English unless a test is parametrized with both languages."""
    return getattr(request, "param", "en")


@pytest.fixture
def lang_url(lang, request, serve) -> str:
    """English: the default edition. Welsh: the Welsh council's, whose Welsh is at its root."""
    return request.getfixturevalue("default_url") if lang == "en" else serve(request.getfixturevalue("welsh_site")).url


both_languages = pytest.mark.parametrize("lang", LANGS, indirect=True)
# In Welsh, a case of each kind of guidance (English runs every case)
WELSH_CASES = ["nothing answered", "no to everything", "one yes, not urgent", "very frightened", "yes to everything"]


@pytest.mark.parametrize("case,lang", [(c, "en") for c in PATTERNS] + [(c, "cy") for c in WELSH_CASES],
                         indirect=["lang"])
def test_answers_lead_to_the_right_guidance(case, lang, lang_url, browser):
    W = Words(lang)
    URGENT, ANY_YES, NO_YES, PREDICT, UNANSWERED = W.URGENT, W.ANY_YES, W.NO_YES, W.PREDICT, W.UNANSWERED
    given, rest, expected = PATTERNS[case]
    all_ids = ids()
    assert [q["id"] for q in questions_in(lang)] == all_ids
    assert set(given) <= set(all_ids), f"unknown question ids in {case}"
    answers = {qid: given.get(qid, rest) for qid in all_ids if given.get(qid, rest)}
    page = browser.new_page()
    page.goto(lang_url + PAGE)
    assert page.evaluate("document.documentElement.lang") == lang
    answer_at_once(page, answers)
    page.get_by_role("button", name=W.SHOW).click()
    result = page.inner_text("[data-kit-result]")
    shown = page.inner_text("article")   # only what is displayed
    assert PREDICT in result
    assert (URGENT in result) == (expected == "urgent"), result
    assert (ANY_YES in result) == (expected in ("urgent", "yes")), result
    assert (NO_YES in result) == (expected == "none"), result
    assert (UNANSWERED in result) == (not answers), result
    for words in (URGENT, ANY_YES, NO_YES):   # the other guidance is not shown
        assert shown.count(words) == result.count(words), words
    html = page.inner_html("[data-kit-result]")
    for href in ('href="tel:999"', 'href="tel:101"', 'href="tel:08088020300"'):
        assert href in html, href
    if lang == "en":
        assert "report it online" in result
        if expected == "urgent":
            assert "call 999" in result and "call the police today" in result
    assert not FORBIDDEN.search(result), FORBIDDEN.search(result)
    assert page.evaluate("document.querySelectorAll('[id]').length") == \
        page.evaluate("new Set([...document.querySelectorAll('[id]')].map(e => e.id)).size"), "duplicate ids"
    page.close()


@both_languages
def test_results_are_announced_in_a_live_region(lang, lang_url, browser):
    URGENT, SHOW = Words(lang).URGENT, Words(lang).SHOW
    page = browser.new_page()
    page.goto(lang_url + PAGE)
    region = page.locator("[data-kit-result]")
    assert region.get_attribute("aria-live") == "polite" and region.get_attribute("role") == "status"
    assert region.inner_text().strip() == ""
    assert not page.locator("[data-kit-guide]").is_visible(), "with the script, guidance waits for the button"
    answer(page, {"threats": "yes"})
    page.get_by_role("button", name=SHOW).click()
    assert URGENT in region.inner_text()
    # The live region is in the accessibility tree with the text in it
    snapshot = page.locator(".kit-checklist").aria_snapshot()
    assert "status:" in snapshot and URGENT in snapshot, snapshot
    # Changing an answer takes away results that no longer fit
    answer(page, {"threats": "no"})
    assert region.inner_text().strip() == ""
    page.close()


@both_languages
def test_the_checklist_can_be_completed_with_the_keyboard_only(lang, lang_url, browser):
    URGENT, PREDICT, SHOW = Words(lang).URGENT, Words(lang).PREDICT, Words(lang).SHOW
    page = browser.new_page()
    page.goto(lang_url + PAGE)
    first = f"kit-q-{ids()[0]}-yes"
    for _ in range(80):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.id") == first:
            break
    else:
        pytest.fail("Tab never reached the first answer")
    qs = questions()
    for i, q in enumerate(qs):
        focused = page.evaluate("document.activeElement.id")
        assert focused == f"kit-q-{q['id']}-yes", focused
        if q["id"] == "frightened":
            page.keyboard.press("Space")            # Yes
        elif i % 2:
            page.keyboard.press("ArrowDown")        # No
        else:
            page.keyboard.press("ArrowDown")
            page.keyboard.press("ArrowDown")        # Not sure
        page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == SHOW
    page.keyboard.press("Enter")
    result = page.inner_text("[data-kit-result]")
    assert URGENT in result and PREDICT in result
    assert len(checked(page)) == len(qs)
    assert "kit-q-frightened-yes" in checked(page)
    # Enter on an answer also shows the results
    page.keyboard.press("Shift+Tab")
    page.keyboard.press("Enter")
    assert URGENT in page.inner_text("[data-kit-result]")
    page.close()


def test_axe_finds_no_violations_in_any_state(site, site_url, browser):
    page = browser.new_page()
    page.goto(site_url + PAGE)
    states = {"empty": run_axe(page)}
    answer(page, {"frightened": "no", "relationship": "yes", "damage": "unsure"})
    states["partly answered"] = run_axe(page)
    page.get_by_role("button", name=SHOW).click()
    assert page.inner_text("[data-kit-result]").strip()
    states["results shown"] = run_axe(page)
    page.close()
    assert {k: v for k, v in states.items() if v} == {}, pretty(states)


def test_answering_leaves_no_trace_and_sends_nothing(default_url, browser):
    context = browser.new_context()
    requests = []
    context.on("request", lambda r: requests.append(r.url))
    page = context.new_page()
    page.goto(default_url + PAGE, wait_until="networkidle")
    start, history = page.url, page.evaluate("history.length")
    loaded = len(requests)
    page.evaluate("() => { window.print = () => {} }")
    answer(page, {qid: "yes" for qid in ids()})
    page.get_by_role("button", name=SHOW).click()
    page.get_by_role("button", name="Print my answers").click()
    page.keyboard.press("Enter")
    page.get_by_role("button", name="Print a blank copy").click()
    answer(page, {"threats": "yes", "damage": "no"})
    page.wait_for_timeout(300)
    state = storage_snapshot(context, page)
    assert state == {"local": 0, "session": 0, "idb": [], "caches": [], "cookies": []}, pretty(state)
    assert page.evaluate("document.cookie") == ""
    assert page.url == start and page.evaluate("location.hash + location.search") == ""
    assert page.evaluate("history.length") == history
    assert requests[loaded:] == [], f"answering sent requests: {requests[loaded:]}"
    foreign = [u for u in requests if urlparse(u).hostname != "127.0.0.1"]
    assert foreign == []
    context.close()


def test_quick_exit_reset_clears_answers_and_results(default_url, browser):
    page = browser.new_page()
    page.goto(default_url + PAGE)
    answer(page, {"threats": "yes", "damage": "no"})
    page.get_by_role("button", name=SHOW).click()
    # What the quick exit does to every form on the page
    page.evaluate("for (const f of document.forms) f.reset()")
    assert checked(page) == []
    assert page.inner_text("[data-kit-result]").strip() == ""
    page.close()


PERSISTED = "addEventListener('pageshow', e => { window.__kitPersisted = e.persisted })"


def restored(page) -> None:
    """Wait for a page the back/forward cache brings back (its pageshow has persisted set)."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout
    try:
        page.wait_for_function("window.__kitPersisted === true", timeout=10000)
    except PlaywrightTimeout:
        pytest.fail("the page did not come from the back/forward cache")


def test_back_and_forward_with_the_page_cache_clear_every_answer(default_site, serve, bfcache_browser):
    url = serve(default_site).url
    context = bfcache_browser.new_context()
    page = context.new_page()
    page.add_init_script(PERSISTED)
    page.goto(url)
    page.goto(url + PAGE)
    answer(page, {qid: "yes" for qid in ids()})
    page.get_by_role("button", name=SHOW).click()
    page.goto(url + "keeping-records/")
    page.go_back(wait_until="commit")      # a page restored from the cache fires no load event
    restored(page)
    assert page.url == url + PAGE
    assert checked(page) == []
    assert page.inner_text("[data-kit-result]").strip() == ""
    # And forward again, from the page before
    answer(page, {"threats": "yes", "helpers": "no"})
    assert len(checked(page)) == 2
    page.go_back(wait_until="commit")
    restored(page)
    assert page.url == url
    page.go_forward(wait_until="commit")
    restored(page)
    assert page.url == url + PAGE
    assert checked(page) == []
    context.close()


def test_back_without_the_page_cache_and_reload_clear_every_answer(default_url, browser):
    page = browser.new_page()
    page.add_init_script(PERSISTED)
    page.goto(default_url + PAGE)
    answer(page, {qid: "yes" for qid in ids()})
    page.goto(default_url + "keeping-records/")
    page.go_back()
    assert page.evaluate("window.__kitPersisted") is False
    assert checked(page) == []
    answer(page, {"threats": "yes", "damage": "unsure"})
    page.get_by_role("button", name=SHOW).click()
    page.reload()
    assert checked(page) == []
    assert page.inner_text("[data-kit-result]").strip() == ""
    page.close()


@pytest.mark.parametrize("edition", ["default", "example", "welsh"])
def test_without_javascript_all_questions_and_guidance_are_text(edition, request, serve, browser):
    lang = "cy" if edition == "welsh" else "en"
    W = Words(lang)
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(serve(request.getfixturevalue(f"{edition}_site")).url + PAGE)
    shown = " ".join(page.inner_text("article").split())
    for q in questions_in(lang):
        assert " ".join(q["text"].split()) in shown, q["id"]
    for words in (W.MEANING, W.URGENT, W.ANY_YES, W.NO_YES, W.PREDICT):
        assert words in shown, words
    assert page.locator(".kit-checklist button:visible").count() == 0, "buttons that need the script are shown"
    # The answers still work, and Enter cannot send them into the address
    start = page.url
    page.check("#kit-q-threats-yes")
    page.focus("#kit-q-threats-yes")
    page.keyboard.press("Enter")
    page.wait_for_timeout(300)
    assert page.url == start
    assert page.is_checked("#kit-q-threats-yes")
    context.close()


def test_print_shows_the_questions_and_hides_the_chrome(default_url, browser):
    page = browser.new_page()
    page.goto(default_url + PAGE)
    page.evaluate("""() => { window.__printed = []; window.print = () => window.__printed.push(
        document.querySelectorAll('.kit-checklist input:checked').length) }""")
    note = page.locator(".kit-checklist__print")
    assert "A printed copy can be found by others" in note.inner_text()
    assert note.get_by_role("button", name="Print my answers").is_visible()

    def printed_view():
        page.emulate_media(media="print")
        view = {
            "questions": page.locator(".kit-checklist fieldset:visible").count(),
            "chrome": [s for s in (".md-header", ".md-sidebar--primary", ".md-footer", ".kit-skip")
                       if page.locator(s).first.is_visible()],
            "buttons": page.locator(".kit-checklist button:visible").count(),
            "guide": page.locator("[data-kit-guide]").is_visible(),
            "result": page.inner_text("[data-kit-result]"),
            "checked": len(checked(page)),
        }
        page.emulate_media(media="screen")
        return view

    blank = printed_view()
    assert blank["questions"] == len(questions())
    assert blank["chrome"] == [] and blank["buttons"] == 0
    assert blank["guide"], "a blank copy prints all the guidance"

    answer(page, {"threats": "yes", "damage": "no"})
    page.get_by_role("button", name="Print my answers").click()
    assert page.evaluate("window.__printed") == [2]
    answered = printed_view()
    assert answered["checked"] == 2 and URGENT in answered["result"]
    assert not answered["guide"], "with answers, only the guidance that fits is printed"

    page.get_by_role("button", name="Print a blank copy").click()
    assert page.evaluate("window.__printed") == [2, 0], "a blank copy is emptied before printing"
    again = printed_view()
    assert again["checked"] == 0 and again["guide"] and again["result"].strip() == ""
    page.close()


def test_addresses_are_relative_without_directory_urls(tmp_path, browser):
    """The kiosk edition opens pages from file:// with use_directory_urls off."""
    kit = copy_kit(tmp_path / "kit")
    config = kit / "mkdocs.yml"
    config.write_text(config.read_text().replace("use_directory_urls: true", "use_directory_urls: false"))
    out = tmp_path / "site"
    run_build(config, out, root=kit)
    html = (out / "risk-checklist.html").read_text(encoding="utf-8")
    assert re.search(r'<script src="assets/kit/checklist\.[0-9a-f]{8}\.js"></script>', html)
    assert 'href="keeping-records.html"' in html
    page = browser.new_page()
    page.goto((out / "risk-checklist.html").as_uri())
    assert page.get_by_role("button", name=SHOW).is_visible(), "the script did not load from file://"
    page.close()
