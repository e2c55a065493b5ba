"""Editions for Scotland and Northern Ireland: each says its own nation's law, orders,
services and figures, and never England and Wales's.

The tests build nothing themselves: they read the Scottish and Northern Ireland
example editions (conftest.py, scotland_site and northern_ireland_site) and the
nations' law pages under docs/nations/. The facts they hold the pages to are the
ones /work/notes/facts-sct-ni.md confirmed (2026-12-07).
"""
from __future__ import annotations

import re
from pathlib import Path

import pytest
import textstat
import yaml

from conftest import ROOT
from test_content import (MAX_GRADE, UK_NUMBER, article, assert_says, front_matter, html_files, plain_text,
                          without_macros, words)

DOCS = ROOT / "docs"
LAW_PAGES = {"scotland": DOCS / "nations" / "scotland" / "the-law.md",
             "northern-ireland": DOCS / "nations" / "northern-ireland" / "the-law.md"}
NATION_WORDS = {"scotland": "Scotland", "northern-ireland": "Northern Ireland"}

# Law that applies in England and Wales only (content-review-2026-12.md section 4.1 and 4.2,
# "Remove as not Scotland / not NI"). The Online Safety Act 2023 and the Communications Act
# 2003 apply in Northern Ireland, so only Scotland's list has the first.
ENGLAND_WALES_LAW = ("Stalking Protection Act 2019", "Protection of Freedoms Act 2012", "Policing and Crime Act 2017",
                     "Serious Crime Act 2015", "Sentencing Act 2020", "Sentencing Act 2026", "Domestic Abuse Act 2021",
                     "Crime and Policing Act 2026", "Sexual Offences Act 2003", "Malicious Communications Act 1988",
                     "Protection from Sex-based Harassment in Public Act 2023", "section 2A", "section 4A",
                     "section 5A", "Domestic Abuse Protection Order", "Crime Survey for England and Wales")
NOT_IN = {
    "scotland": ENGLAND_WALES_LAW + ("Online Safety Act", "Malicious Communications"),
    # Northern Ireland has its own Order of 1997, not the Act
    "northern-ireland": ENGLAND_WALES_LAW + ("Protection from Harassment Act 1997",),
}


def contacts() -> list[dict]:
    return yaml.safe_load((DOCS / "data" / "contacts.yml").read_text(encoding="utf-8"))["contacts"]


def nations() -> list[dict]:
    return yaml.safe_load((DOCS / "data" / "nations.yml").read_text(encoding="utf-8"))["nations"]


def nation_serves(nation: str) -> set[str]:
    return set(next(n for n in nations() if n["id"] == nation)["serves"])


def site_text(site: Path) -> str:
    """Every built page's words, one after another."""
    return " ".join(words(f.read_text(encoding="utf-8")) for f in html_files(site))


def site_html(site: Path) -> str:
    return "\n".join(f.read_text(encoding="utf-8") for f in html_files(site))


def assert_never_names_other_nations_services(site: Path, nation: str) -> None:
    """No page names a contact that does not serve the nation, or links its number. A name that
    is the start of a serving contact's name (Victim Support, Victim Support Scotland) is looked for
    once the serving contacts' names are taken out. The other nations' help sites (nidirect) are
    linked on purpose, from the law page's box on the other nations."""
    serves = nation_serves(nation)
    text, html = site_text(site), site_html(site)
    here = [c for c in contacts() if set(c["serves"]) & serves]
    help_sites = {n["help_site"]["name"] for n in nations() if n["id"] != nation}
    elsewhere = [c for c in contacts() if not set(c["serves"]) & serves and c["name"] not in help_sites]
    assert elsewhere, "every contact serves this nation: the test would check nothing"
    for c in sorted(here, key=lambda c: -len(c["name"])):
        text = text.replace(c["name"], " ")
    for c in elsewhere:
        assert c["name"] not in text, f"{nation}: names {c['name']!r}, which does not serve it"
        for n in c.get("numbers", []):
            digits = n["number"].replace(" ", "")
            assert f'href="tel:{digits}"' not in html and n["number"] not in text, \
                f"{nation}: gives {c['name']}'s number {n['number']}"


def report_online_links(site: Path) -> set[str]:
    """Where every "report it online" link on the site leads."""
    found = set()
    for f in html_files(site):
        found.update(re.findall(r'<a [^>]*href="([^"]+)"[^>]*>\s*report it online\s*</a>', f.read_text(encoding="utf-8")))
    return found


def law_anchor_links(site: Path) -> set[str]:
    """The headings of the law page that other pages link to (the-law.md#...)."""
    found = set()
    for f in html_files(site):
        found.update(re.findall(r'href="(?:\.\./)*the-law/#([^"]+)"', f.read_text(encoding="utf-8")))
    return found


def section(html: str, heading_id: str) -> str:
    """The words under one heading, up to the next heading of any level."""
    start = html.index(f'id="{heading_id}"')
    rest = html[start:]
    nxt = re.search(r"<h[1-6][ >]", rest[1:])
    return words(rest[: nxt.start() + 1] if nxt else rest)


# ----------------------------------------------------------------------- the law pages (sources)

@pytest.mark.parametrize("nation", LAW_PAGES)
def test_each_nations_law_page_reads_plainly(nation):
    """The same check as every shared page (test_content.py, test_page_reading_level: grade 6, reading age 11)."""
    _, body = front_matter(LAW_PAGES[nation])
    grade = textstat.flesch_kincaid_grade(plain_text(body))
    assert grade <= MAX_GRADE, f"{nation} law page: Flesch-Kincaid grade {grade:.1f} is above {MAX_GRADE}"


@pytest.mark.parametrize("nation", LAW_PAGES)
def test_each_nations_law_page_has_its_front_matter_and_no_numbers(nation):
    meta, body = front_matter(LAW_PAGES[nation])
    assert meta["title"] == "The law"
    assert NATION_WORDS[nation] in meta["description"], "the description names the nation"
    assert str(meta["last_reviewed"]) == "2026-12-07"
    assert len(re.findall(r"^# ", body, re.M)) == 1
    text = without_macros(body)
    assert not UK_NUMBER.search(text), "a phone number belongs in docs/data/contacts.yml"
    for c in contacts():
        for n in c.get("numbers", []):
            pattern = r"(?<![\w.])" + r"[ -]?".join(re.escape(d) for d in n["number"].replace(" ", "")) + r"(?![\w.])"
            assert not re.search(pattern, text), f"{n['number']} is a contact number: use the phone() macro"


@pytest.mark.parametrize("nation", LAW_PAGES)
def test_each_nations_law_page_names_no_england_and_wales_law(nation):
    text = " ".join(LAW_PAGES[nation].read_text(encoding="utf-8").split())
    for law in NOT_IN[nation]:
        assert law not in text, f"{nation} law page names {law!r}, which is not its nation's law"


def test_scotland_names_no_prospective_domestic_abuse_protection_law():
    """facts-sct-ni.md section 4: no DAPNs or DAPOs on the Scottish page until they start."""
    text = LAW_PAGES["scotland"].read_text(encoding="utf-8")
    assert "Domestic Abuse (Protection) (Scotland) Act 2021" not in text
    assert "Protection Notice" not in text and "Protection Order" not in text.replace("Stalking Protection Order", "")


# ----------------------------------------------------------------------- the Scottish edition

def test_scottish_edition_names_its_law_orders_and_services(scotland_site):
    text = site_text(scotland_site)
    assert_says(text, "Criminal Justice and Licensing (Scotland) Act 2010", "non-harassment order",
                "Action Against Stalking", "Domestic Abuse (Scotland) Act 2018",
                "There are no Stalking Protection Orders in Scotland", where="Scottish edition")


def test_scottish_edition_never_names_england_and_wales_law_or_services(scotland_site):
    text = site_text(scotland_site)
    for law in NOT_IN["scotland"]:
        assert law not in text, f"the Scottish edition names {law!r}"
    assert "08 08 16 89 111" not in text and 'href="tel:08081689111"' not in site_html(scotland_site), \
        "Victim Support's England and Wales number"
    assert "Live Fear Free" not in text
    assert_never_names_other_nations_services(scotland_site, "scotland")


def test_scottish_report_online_link_is_police_scotlands(scotland_site):
    links = report_online_links(scotland_site)
    assert links, "no report it online link found"
    assert not any(re.match(r"https?://(www\.)?police\.uk\b", link) for link in links), links
    assert all(link.startswith("https://www.scotland.police.uk/") for link in links), links


def test_scottish_law_page_is_scotlands(scotland_site):
    html = article(scotland_site, "the-law/")
    after_heading = html[html.index("</h1>") + len("</h1>"):].lstrip()
    assert after_heading.startswith("<ul>") and after_heading[:after_heading.index("</ul>")].count("<li>") == 3, \
        "a three-line summary straight after the heading"
    assert_says(section(html, "stalking"), "section 39", "13 December 2010", "at least twice", "afraid or alarmed",
                "up to 5 years", where="the-law stalking")
    assert_says(section(html, "threatening-or-abusive-behaviour"), "Even one", "section 38", where="the-law s38")
    assert_says(section(html, "non-harassment-orders"), "section 8", "once is enough", "section 234A",
                "up to 5 years", where="the-law NHOs")
    assert_says(words(html), "Abusive Behaviour and Sexual Harm (Scotland) Act 2016", "fake image",
                "Sexual Offences (Scotland) Act 2009", "Communications Act 2003",
                "not in Scotland", "1 April 2019", "up to 14 years", where="the-law Scotland")
    later = section(html, "changes-that-may-not-have-started-yet")
    assert_says(later, "Victims, Witnesses, and Justice Reform (Scotland) Act 2025", "had not started",
                where="the-law, not yet in force")
    box = html[re.search(r'<h2 id="in-[^"]*-law-is-different"', html).start():]
    assert 'href="https://www.gov.uk/"' in box and 'href="https://www.nidirect.gov.uk/"' in box


def test_scottish_figures_are_the_scottish_survey_with_its_years(scotland_site):
    text = section(article(scotland_site, "what-is-stalking/"), "how-common-it-is")
    assert_says(text, "Scottish Crime and Justice Survey", "2018/19 and 2019/20", "11.8%", where="what-is-stalking")
    full = words(article(scotland_site, "what-is-stalking/"))
    assert "45%" not in full and "14.4%" not in full and "1.4 million" not in full


def test_scottish_support_list_and_orders(scotland_site):
    support = words(article(scotland_site, "get-support/"))
    assert_says(support, "Action Against Stalking", "Scotland's Domestic Abuse and Forced Marriage Helpline",
                "Victim Support Scotland", "Rape Crisis Scotland", where="get-support Scotland")
    report = words(article(scotland_site, "report-it/"))
    assert_says(report, "non-harassment order", "interdict", "There are no Stalking Protection Orders in Scotland",
                where="report-it Scotland")
    assert "police can ask for" not in report, "Scotland has no order the police ask for"


# ----------------------------------------------------------------------- the Northern Ireland edition

def test_northern_ireland_edition_names_its_law_and_24_hour_line(northern_ireland_site):
    text, html = site_text(northern_ireland_site), site_html(northern_ireland_site)
    assert_says(text, "Protection from Stalking Act (Northern Ireland) 2022", "0808 802 1414",
                "Domestic and Sexual Abuse Helpline", "Stalking Protection Order", where="Northern Ireland edition")
    assert 'href="tel:08088021414"' in html


def test_northern_ireland_edition_never_names_england_and_wales_law_or_services(northern_ireland_site):
    text = site_text(northern_ireland_site)
    for law in NOT_IN["northern-ireland"]:
        assert law not in text, f"the Northern Ireland edition names {law!r}"
    assert_never_names_other_nations_services(northern_ireland_site, "northern-ireland")


def test_northern_ireland_law_page_is_northern_irelands(northern_ireland_site):
    html = article(northern_ireland_site, "the-law/")
    after_heading = html[html.index("</h1>") + len("</h1>"):].lstrip()
    assert after_heading.startswith("<ul>") and after_heading[:after_heading.index("</ul>")].count("<li>") == 3
    assert_says(section(html, "stalking"), "27 April 2022", "serious distress", "up to 10 years", where="the-law s1")
    assert_says(section(html, "stalking-protection-orders"), "19 October 2023", "magistrates' court",
                "does not need to be charged", "at least 2 years", where="the-law SPOs")
    assert_says(section(html, "restraining-orders"), "Article 7", "up to 5 years", where="the-law restraining orders")
    assert_says(words(html), "Protection from Harassment (Northern Ireland) Order 1997", "Article 4", "Article 6",
                "Domestic Abuse and Civil Proceedings Act (Northern Ireland) 2021", "21 February 2022",
                "non-molestation order", "Online Safety Act 2023", "apply in Northern Ireland", "section 181",
                "Justice Act (Northern Ireland) 2016", "27 November 2023", "cyberflashing", where="the-law NI")
    box = html[re.search(r'<h2 id="in-[^"]*-law-is-different"', html).start():]
    assert 'href="https://www.gov.uk/"' in box and 'href="https://www.mygov.scot/victim-support-stalking"' in box


def test_northern_ireland_figures_are_the_psnis_with_dates(northern_ireland_site):
    text = section(article(northern_ireland_site, "what-is-stalking/"), "how-common-it-is")
    assert_says(text, "88 people", "April 2023", "312 people", "March 2024", where="what-is-stalking NI")
    assert "%" not in text, "no prevalence percentage for Northern Ireland (facts-sct-ni.md section 13)"
    assert "23%" not in site_text(northern_ireland_site)


def test_northern_ireland_accessibility_names_the_ecni_instead_of_eass(northern_ireland_site):
    text = words(article(northern_ireland_site, "accessibility/"))
    assert_says(text, "Equality Commission for Northern Ireland", where="accessibility NI")
    assert "EASS" not in text and "Equality Advisory and Support Service" not in text


# ----------------------------------------------------------------------- every edition

@pytest.mark.parametrize("edition", ["default_site", "scotland_site", "northern_ireland_site"])
def test_links_to_the_law_page_find_their_heading(edition, request):
    """keeping-records and report-it link to headings of the law page, which differs by nation."""
    site = request.getfixturevalue(edition)
    law = (site / "the-law" / "index.html").read_text(encoding="utf-8")
    anchors = law_anchor_links(site)
    assert anchors, "no page links to a heading of the law page"
    for anchor in anchors:
        assert f'id="{anchor}"' in law, f"{edition}: a link to the-law/#{anchor} finds no heading"


@pytest.mark.parametrize("edition,number", [("scotland_site", "116123"), ("northern_ireland_site", "08088021414")])
def test_get_help_now_ends_with_the_nations_24_hour_line(edition, number, request):
    """After 999 and 101, every page's box offers the nation's 24-hour line that is not the police."""
    for f in html_files(request.getfixturevalue(edition)):
        html = f.read_text(encoding="utf-8")
        box = html[html.rindex('class="kit-help"'):]
        line = box[box.index("kit-help__any-time"):box.index("</section>")]
        assert f'href="tel:{number}"' in line and "not the police" in line, f


# --------------------------------------------------------------------------- the jurisdiction's choices

def status_of(browser, site: Path, page: str, contact: str, when: str) -> str:
    """What a contact's open-now status says at `when` (UTC) on a page of a built site."""
    import datetime as dt

    context = browser.new_context(timezone_id="America/New_York")
    view = context.new_page()
    view.clock.install(time=dt.datetime.fromisoformat(when).replace(tzinfo=dt.timezone.utc))
    view.goto((site / page).as_uri())
    text = view.evaluate("""id => { const s = document.querySelector('#contact-' + id + ' [data-kit-open]');
        return !s ? 'no status' : s.hidden ? 'hidden' : s.innerText.replace(/\\s+/g, ' ').trim(); }""", contact)
    context.close()
    return text


@pytest.mark.parametrize("nation, local, holiday, ordinary", [
    # Scotland: the first Monday in August (England and Wales: the last), St Andrew's Day's Monday
    ("scotland", "glenmorven-community-safety", "2027-08-02T10:00:00", "2027-08-30T10:00:00"),
    # Northern Ireland: St Patrick's Day and the Twelfth
    ("northern_ireland", "loughmore-victim-care", "2027-03-17T10:00:00", "2027-08-30T10:00:00"),
    ("northern_ireland", "loughmore-victim-care", "2027-07-12T10:00:00", "2027-08-30T10:00:00"),
])
def test_a_local_line_keeps_its_nations_bank_holidays(nation, local, holiday, ordinary, request, browser):
    """The organisation's own line closes on its nation's bank holidays (the jurisdiction's), and the
    National Stalking Helpline keeps England and Wales's (its own, contacts.yml bank_holidays:)."""
    site = request.getfixturevalue(f"{nation}_site")
    assert "bank holiday" in status_of(browser, site, "get-support/index.html", local, holiday)
    # 30 August 2027 is England and Wales's summer bank holiday, not Scotland's or Northern Ireland's
    # (the holidays package: Northern Ireland keeps it too, so only Scotland's line is open then)
    said = status_of(browser, site, "get-support/index.html", local, ordinary)
    assert ("bank holiday" in said) == (nation == "northern_ireland"), said
    helpline = status_of(browser, site, "get-support/index.html", "national-stalking-helpline", "2027-08-30T10:00:00")
    assert "bank holiday" in helpline, "the helpline keeps England and Wales's holidays wherever it is named"


def test_the_jurisdictions_defaults_can_each_be_overridden(tmp_path):
    from supportkit.load.config import load_edition

    base = yaml.safe_load((ROOT / "examples" / "glenmorven-council.yml").read_text())
    base["INHERIT"] = str(ROOT / "mkdocs.yml")
    plain = tmp_path / "plain.yml"
    plain.write_text(yaml.safe_dump(base, sort_keys=False))
    e = load_edition(plain)
    assert (e.any_time_line.id, e.bank_holidays) == ("samaritans", "scotland")
    assert e.report_online_url == "https://www.scotland.police.uk/advice-and-information/stalking/"
    base["extra"]["help_box"] = {"any_time": "scotland-domestic-abuse-helpline"}
    base["extra"]["bank_holidays"] = "england-and-wales"
    base["extra"]["organisation"]["report_online"] = "https://www.glenmorven.example/report/"
    changed = tmp_path / "changed.yml"
    changed.write_text(yaml.safe_dump(base, sort_keys=False))
    e = load_edition(changed)
    assert e.any_time_line.id == "scotland-domestic-abuse-helpline"
    assert e.bank_holidays == "england-and-wales" and e.report_online_url == "https://www.glenmorven.example/report/"
    local = e.contacts["glenmorven-community-safety"]
    assert e.holidays_of(local) == "england-and-wales" and e.holidays_of(e.contacts["national-stalking-helpline"]) \
        == "england-and-wales"


def test_a_24_hour_line_that_does_not_serve_the_nation_is_refused(tmp_path):
    from conftest import kit_command

    base = yaml.safe_load((ROOT / "examples" / "glenmorven-council.yml").read_text())
    base["INHERIT"] = str(ROOT / "mkdocs.yml")
    base["extra"]["help_box"] = {"any_time": "victim-support"}
    path = tmp_path / "bad.yml"
    path.write_text(yaml.safe_dump(base, sort_keys=False))
    proc = kit_command("site", "--config", str(path), "--out", str(tmp_path / "site"))
    assert proc.returncode == 2 and "extra.help_box.any_time" in proc.stderr and "does not serve scotland" in \
        proc.stderr and "Fix:" in proc.stderr, proc.stderr


def test_a_page_naming_a_contact_that_does_not_serve_the_nation_stops_the_build(tmp_path):
    """With the file, the line and the fix; the previous site is left as it was."""
    from conftest import copy_kit, kit_command

    kit = copy_kit(tmp_path / "kit")
    page = kit / "docs" / "about.md"
    page.write_text(page.read_text() + "\nCall {{ name(\"victim-support\") }} if you need to.\n")
    proc = kit_command("site", "--config", str(kit / "examples" / "glenmorven-council.yml"), "--out",
                       str(tmp_path / "site"), root=kit)
    assert proc.returncode == 2, proc.stderr
    assert re.search(r"docs/about\.md, line \d+", proc.stderr), proc.stderr
    assert "'victim-support' does not serve this edition's jurisdiction (scotland)" in proc.stderr
    assert 'Fix: put the sentence inside {% if serves("victim-support") %}' in proc.stderr
    assert not (tmp_path / "site").exists()


@pytest.mark.parametrize("config", ["glenmorven-council.yml", "loughmore-police.yml"])
def test_each_nations_edition_has_its_own_hosting_recipes(config, tmp_path, request):
    from conftest import kit_command

    site = request.getfixturevalue("scotland_site" if "glenmorven" in config else "northern_ireland_site")
    out = tmp_path / "hosting"
    proc = kit_command("hosting", "--config", str(ROOT / "examples" / config), "--site", str(site), "--out", str(out))
    assert proc.returncode == 0, proc.stderr
    assert sorted(p.name for p in out.iterdir() if not p.name.startswith(".")) == ["_headers", "apache.htaccess",
                                                                              "nginx.conf", "web.config"]
    nginx = (out / "nginx.conf").read_text()
    assert "location ^~ /stalking/ {" in nginx and "Content-Security-Policy" in nginx


@pytest.mark.full     # two kiosk builds (README.md, "Tests", gives the cost)
@pytest.mark.parametrize("nation", ["scotland", "northern_ireland"])
def test_each_nations_kiosk_is_built_with_its_law_and_no_link_out(nation, request):
    """The kiosk edition of each nation's example (crawled in full by make test-full, test_kiosk.py)."""
    kiosk = request.getfixturevalue(f"{nation}_kiosk")
    pages = sorted(kiosk.glob("*.html"))
    assert len(pages) >= 18 and (kiosk / "welcome.html").is_file()
    law = (kiosk / "the-law.html").read_text(encoding="utf-8")
    assert ("Criminal Justice and Licensing (Scotland) Act 2010" if nation == "scotland"
            else "Protection from Stalking Act (Northern Ireland) 2022") in law
    for page in pages:
        html = page.read_text(encoding="utf-8")
        assert not re.search(r'<a\b[^>]*href="(https?:|mailto:|tel:)', html), page.name
        if page.name != "welcome.html":
            assert 'href="welcome.html"' in html, f"{page.name}: the quick exit does not lead to the welcome page"
