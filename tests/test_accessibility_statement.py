"""The accessibility statement (components/accessibility/): its status, known
issues, burden claims, testing and contact come from the configuration, and
the configuration cannot claim more than it records."""
from __future__ import annotations

import re

import pytest

from conftest import ROOT, run_build
from test_config import example_with


def statement(site) -> str:
    html = (site / "accessibility" / "index.html").read_text()
    from html import unescape
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", html[html.index("<article"):html.index('class="kit-help"')])).split())


def test_northshire_lists_each_known_issue_with_its_criterion_and_dates(example_site):
    from supportkit.load.config import load_edition

    text = statement(example_site)
    issues = load_edition(ROOT / "examples" / "northshire-police.yml").options.accessibility.issues
    assert len(issues) >= 2
    for issue in issues:
        assert issue.what in text
        assert re.fullmatch(r"\d\.\d\.\d+", issue.criterion)
        assert f"WCAG 2.2 success criterion {issue.criterion}" in text
    assert "since 1 October 2026" in text and "fix it by 31 March 2027" in text
    assert "partially compliant" in text and "fully compliant" not in text
    assert "tested on 14 November 2026, by Northshire Police" in text
    assert "web.accessibility@northshire.police.example" in text


def test_the_default_edition_is_partially_compliant_and_says_how_it_was_tested(default_site):
    text = statement(default_site)
    assert "partially compliant" in text and "fully compliant" not in text
    assert "1.3.1" in text and "4.1.3" in text
    assert "axe-core" in text and "keyboard" in text and "320 pixels" in text
    assert "not yet had a full check by an accessibility specialist" in text
    assert "We also check by hand" not in text, "no claim of a check that did not happen"


def a11y(d):
    return d["extra"]["accessibility"]


@pytest.mark.parametrize("change, key, problem, fix", [
    (lambda d: a11y(d).update(status="fully"), "extra.accessibility.status",
     "fully compliant, but known issues are listed", "status: partially"),
    (lambda d: a11y(d).update(issues=[]), "extra.accessibility.issues", "no issue is listed", "regulation 8"),
    (lambda d: (a11y(d).update(status="fully", issues=[]), a11y(d)["tested"].update(method="automated")),
     "extra.accessibility.status", "without a full audit", "tested: method: audit"),
    (lambda d: a11y(d)["issues"][0].update(criterion="1.4.99"), "extra.accessibility.issues[0].criterion",
     "not a WCAG 2.2 success criterion", "\"1.4.3\""),
    (lambda d: a11y(d)["issues"][0].pop("fix_by"), "extra.accessibility.issues[0].fix_by",
     "a required value is missing", "add fix_by:"),
    (lambda d: a11y(d).pop("email"), "extra.accessibility", "no way to report", "email:, phone: or url:"),
    (lambda d: a11y(d).update(tested=None), "extra.accessibility.tested", "a required value is missing",
     "add tested:"),
    (lambda d: a11y(d)["tested"].pop("by"), "extra.accessibility.tested.by", "a required value is missing", "add by:"),
], ids=["fully with issues", "partially without issues", "fully without audit", "unknown criterion",
        "no fix date", "no contact when published", "no testing", "audit without who"])
def test_a_statement_that_claims_more_than_it_records_is_refused(tmp_path, change, key, problem, fix):
    out = tmp_path / "site"
    proc = run_build(example_with(tmp_path, change), out, check=False)
    assert proc.returncode == 2, proc.stderr
    assert f"{key}:" in proc.stderr and problem in proc.stderr and "Fix:" in proc.stderr and fix in proc.stderr, \
        proc.stderr
    assert not out.exists()


def test_a_welsh_edition_welcomes_contact_in_welsh_in_both_languages(welsh_site, default_site, example_site):
    """Welsh review W7 (Welsh Language Standards): a Welsh edition says, on the
    Welsh and on the English statement, that contact in Welsh is welcome and is
    not slower; an edition without Welsh makes no such promise."""
    assert "Mae croeso i chi gysylltu â ni yn Gymraeg. Byddwn ni'n ateb yn Gymraeg" in statement(welsh_site)
    assert "You are welcome to contact us in Welsh. We will reply in Welsh" in statement(welsh_site / "en")
    for site in (default_site, example_site):
        assert "in Welsh" not in statement(site)
