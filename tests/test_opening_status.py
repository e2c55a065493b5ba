"""Open-now status (components/opening-status/): computed in the browser in UK
time whatever the device's time zone, from the hours in the data and the bank
holidays written into the page at build time. Time comes from Playwright's
clock; the browser runs in New York time. Also: make check and the warning
about contacts not checked for a long time."""
from __future__ import annotations

import datetime as dt
import re

import pytest
import yaml

from conftest import EXAMPLE, ROOT, kit_command, pretty, run_axe, run_build, storage_snapshot

BUILT_ON = "1795219200"            # 2026-11-21: the horizon runs to 2027-12-31
HELPLINE = "national-stalking-helpline"
INSTEAD = "For help now, call Victim Support on 08 08 16 89 111, 24 hours a day."


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    out = tmp_path_factory.mktemp("opening") / "site"
    proc = kit_command("site", "--out", str(out), env={"SOURCE_DATE_EPOCH": BUILT_ON})
    assert proc.returncode == 0, proc.stderr
    return out


def statuses(browser, site, when: str, page="get-support/index.html", **options) -> dict:
    """What each contact's status says at `when` (UTC), on a device in New York."""
    context = browser.new_context(timezone_id="America/New_York", **options)
    page_ = context.new_page()
    page_.clock.install(time=dt.datetime.fromisoformat(when).replace(tzinfo=dt.timezone.utc))
    page_.goto((site / page).as_uri())
    found = page_.evaluate("""() => Object.fromEntries([...document.querySelectorAll('.kit-contact')].map(c => {
        const s = c.querySelector('[data-kit-open]');
        return [c.id.replace('contact-', ''), !s ? 'no status' : s.hidden ? 'hidden'
                : s.innerText.replace(/\\s+/g, ' ').trim()]; }))""")
    context.close()
    return found


def instead_link(browser, site, when: str) -> str | None:
    """The call link of the helpline's "call ... instead" line, when it shows."""
    context = browser.new_context(timezone_id="America/New_York")
    page = context.new_page()
    page.clock.install(time=dt.datetime.fromisoformat(when).replace(tzinfo=dt.timezone.utc))
    page.goto((site / "get-support/index.html").as_uri())
    href = page.evaluate("""() => { const a = document.querySelector(
        '#contact-national-stalking-helpline [data-kit-open-instead]:not([hidden]) a.kit-phone');
        return a && a.getAttribute('href'); }""")
    context.close()
    return href


def helpline(browser, site, when: str) -> str:
    return statuses(browser, site, when)[HELPLINE]


@pytest.mark.parametrize("when, says", [
    ("2026-11-25T12:30:00", "Closed now – opens at 1pm today."),           # Wednesday 12:30 UK
    ("2026-11-25T13:00:00", "Open now – until 4pm"),                       # Wednesday 13:00
    ("2026-11-27T16:30:00", "Closed now – opens Monday at 9:30am."),       # Friday 16:30
    ("2026-11-30T09:29:00", "Closed now – opens at 9:30am today."),        # Monday, a minute early
    ("2026-12-25T10:00:00", "Closed today (bank holiday) – opens Tuesday at 9:30am."),   # Christmas Day
    ("2026-12-28T10:00:00", "Closed today (bank holiday) – opens tomorrow at 9:30am."),  # substitute Boxing Day
    ("2026-12-29T10:00:00", "Open now – until 4pm"),                       # Tuesday 29 December
    ("2027-03-30T08:15:00", "Closed now – opens at 9:30am today."),        # 09:15 BST, first week of summer time
    ("2027-03-30T08:45:00", "Open now – until 4pm"),                       # 09:45 BST
    ("2027-11-01T09:15:00", "Closed now – opens at 9:30am today."),        # 09:15 GMT, the day after the change
    ("2027-11-01T09:45:00", "Open now – until 4pm"),                       # 09:45 GMT
])
def test_the_helpline_says_whether_it_is_open_in_uk_time(browser, site, when, says):
    text = helpline(browser, site, when)
    assert text.startswith("National Stalking Helpline: " + says), text
    if says.startswith("Closed"):
        assert text.endswith(INSTEAD), "a closed line must name a 24-hour line"
        assert instead_link(browser, site, when) == "tel:08081689111", "the line to call instead is a call link"
    else:
        assert INSTEAD not in text


def test_24_hour_lines_say_so_and_a_contact_without_hours_says_nothing(browser, site):
    found = statuses(browser, site, "2026-11-27T23:00:00")
    assert found["victim-support"] == "Victim Support: Open 24 hours"
    assert found["paladin"] == "no status", "Paladin has no hours in the data"
    assert found["protection-against-stalking"] == "no status"


@pytest.mark.parametrize("when", ["2028-01-01T10:00:00", "2026-11-20T10:00:00"],
                         ids=["past the horizon", "clock before the build"])
def test_outside_the_dates_it_knows_it_shows_the_hours_only(browser, site, when):
    found = statuses(browser, site, when)
    assert found[HELPLINE] == "hidden" and found["victim-support"] == "hidden"


def test_the_status_changes_by_itself_when_the_line_opens(browser, site):
    context = browser.new_context(timezone_id="Asia/Tokyo")
    page = context.new_page()
    page.clock.install(time=dt.datetime(2026, 11, 25, 12, 59, tzinfo=dt.timezone.utc))
    page.goto((site / "index.html").as_uri())
    box = page.locator(".kit-help [data-kit-open]").first
    assert "opens at 1pm today" in box.inner_text()
    page.clock.run_for(2 * 60 * 1000)
    assert "Open now – until 4pm" in box.inner_text()
    context.close()


def test_every_place_a_contact_with_hours_appears_has_a_status(site):
    home = (site / "index.html").read_text()
    box = home[home.rindex('class="kit-help"'):]
    assert "data-kit-open" in box[:box.index("</section>")], "the help box"
    assert re.search(r'id="contact-national-stalking-helpline".*?data-kit-open', (site / "get-support" /
                     "index.html").read_text(), re.S), "the directory's card"
    checklist = (site / "risk-checklist" / "index.html").read_text()
    assert checklist.count("data-kit-open") >= 3, "the checklist's guidance and the help box"
    from conftest import opening_data

    for page in site.rglob("*.html"):
        assert opening_data(page)["days"][0] == "Monday", page


def test_every_status_follows_the_sentence_it_belongs_to(site):
    """On every page, each status is the last thing in its paragraph or list item: where
    hours appear in prose ("Its opening times are: ... . They can help you ..."), the
    status line comes after the sentence, never inside it."""
    from bs4 import BeautifulSoup

    found, inside, pages = 0, [], list(site.rglob("*.html"))
    for page in pages:
        soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
        for status in soup.select("span.kit-open"):
            found += 1
            block = status.find_parent(["p", "li"])
            after = "".join(str(s) for s in status.next_siblings).strip()
            if block is None or after:
                inside.append((page.relative_to(site).as_posix(), (block.get_text()[:80] if block else None), after[:60]))
    assert found > len(pages), found          # every page's help box, and the pages' own
    assert inside == [], pretty(inside)


@pytest.mark.parametrize("when, state", [("2026-11-25T07:00:00", "Closed now"), ("2026-11-25T14:00:00", "Open now")])
def test_the_home_page_reads_whole_with_the_status_after_it(browser, site, when, state):
    """The home page's helpline line at a closed and an open time: the sentence whole,
    then the status on its own line (the visitor's view, not the markup)."""
    context = browser.new_context(timezone_id="America/New_York")
    page = context.new_page()
    page.clock.install(time=dt.datetime.fromisoformat(when).replace(tzinfo=dt.timezone.utc))
    page.goto((site / "index.html").as_uri())
    item = page.locator("article li", has_text="Its opening times are").first.inner_text()
    context.close()
    lines = [line.strip() for line in item.splitlines() if line.strip()]
    assert lines[0].endswith("Closed on bank holidays. They can help you think about what to do next."), lines
    # the contact's name for screen readers is a box of its own (visually hidden): a line apart in innerText
    assert " ".join(lines[1:]).startswith(f"National Stalking Helpline: {state}"), lines


def test_without_javascript_and_in_print_only_the_hours_show(browser, site):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto((site / "get-support" / "index.html").as_uri())
    assert page.locator("[data-kit-open]").first.is_hidden()
    assert "Monday, Tuesday, Thursday and Friday, 9:30am to 4pm" in page.inner_text("#contact-national-stalking-helpline")
    context.close()
    context = browser.new_context(timezone_id="Europe/London")
    page = context.new_page()
    page.clock.install(time=dt.datetime(2026, 11, 25, 13, 0, tzinfo=dt.timezone.utc))
    page.goto((site / "get-support" / "index.html").as_uri())
    assert page.locator("[data-kit-open]").first.is_visible()
    page.emulate_media(media="print")
    assert page.locator("[data-kit-open]").first.is_hidden(), "a printed 'Open now' would be false tomorrow"
    context.close()


def test_axe_is_clean_with_the_status_shown_and_nothing_is_stored_or_sent(browser, site, serve):
    url = serve(site).url
    context = browser.new_context(timezone_id="America/New_York")
    requests = []
    context.on("request", lambda r: requests.append(r.url))
    page = context.new_page()
    page.clock.install(time=dt.datetime(2026, 11, 27, 16, 30, tzinfo=dt.timezone.utc))
    for path in ("", "get-support/", "risk-checklist/"):
        page.goto(url + path)
        assert page.locator("[data-kit-open]:visible").count() >= 1
        assert run_axe(page) == [], path
    assert [u for u in requests if not u.startswith(url)] == []
    assert storage_snapshot(context, page) == {"local": 0, "session": 0, "idb": [], "caches": [], "cookies": []}
    context.close()


def test_the_script_is_small_and_loads_and_stores_nothing(site):
    import gzip

    from supportkit.render.assets import minify_scripts

    source = (ROOT / "components" / "opening-status" / "opening-status.js").read_text()
    alone = minify_scripts({"opening-status.js": source})["opening-status.js"].encode()
    assert len(gzip.compress(alone, 9)) < 1500, "the status script must stay under 1.5 KB gzip"
    script = next((site / "assets" / "kit").glob("kit.*.js")).read_bytes()     # with navigation.js
    assert b"[data-kit-open]" in script
    assert b"Intl" not in script, ("the UK's clock changes come from the page: loading Intl's time-zone "
                                   "data took 23-36 ms, a long task on every page (Lighthouse)")
    for word in (b"fetch", b"XMLHttpRequest", b"localStorage", b"sessionStorage", b"cookie", b"indexedDB"):
        assert word not in script


def test_the_uk_clock_changes_come_from_the_time_zone_database():
    from supportkit.load.opening import clock_changes

    def utc(*args):
        return int(dt.datetime(*args, tzinfo=dt.timezone.utc).timestamp()) // 60

    assert clock_changes(dt.date(2026, 11, 21), dt.date(2027, 12, 31)) == [
        [utc(2026, 11, 20), 0], [utc(2027, 3, 28, 1), 60], [utc(2027, 10, 31, 1), 0]]
    assert clock_changes(dt.date(2027, 6, 1), dt.date(2027, 6, 30)) == [[utc(2027, 5, 31), 60]]
    # A change at half past an hour UTC (Lord Howe Island: half an hour forward, at 2am its time)
    assert clock_changes(dt.date(2027, 10, 1), dt.date(2027, 10, 5), "Australia/Lord_Howe") == [
        [utc(2027, 9, 30), 630], [utc(2027, 10, 2, 15, 30), 660]]


def test_bank_holidays_come_from_the_holidays_package_for_the_region():
    from supportkit.load.opening import bank_holidays

    ew = bank_holidays("england-and-wales", dt.date(2026, 11, 21), dt.date(2027, 12, 31))
    assert dt.date(2026, 12, 28) in ew and dt.date(2027, 3, 29) in ew and dt.date(2027, 8, 30) in ew
    scotland = bank_holidays("scotland", dt.date(2026, 11, 21), dt.date(2027, 12, 31))
    assert dt.date(2027, 1, 4) in scotland and dt.date(2027, 3, 29) not in scotland   # 2 January, no Easter Monday
    assert dt.date(2027, 8, 2) in scotland and dt.date(2027, 8, 30) not in scotland


# --------------------------------------------------------------------------- how fresh the contacts are

def stale_example(tmp_path):
    data = yaml.safe_load(EXAMPLE.read_text())
    data["INHERIT"] = str(ROOT / "mkdocs.yml")
    data["extra"]["organisation"]["local_contacts"][0]["checked"] = "2024-01-15"
    path = tmp_path / "stale.yml"
    path.write_text(yaml.safe_dump(data, sort_keys=False))
    return path


def test_a_contact_checked_long_ago_is_named_when_the_site_is_built(tmp_path):
    proc = run_build(stale_example(tmp_path), tmp_path / "site")
    assert "Warning: 1 contact last checked more than 180 days ago: northshire-victim-care (2024-01-15)" \
        in proc.stderr, proc.stderr
    assert (tmp_path / "site" / "index.html").is_file(), "a warning, not a failure"


def test_make_check_lists_every_contact_and_fails_in_strict_mode(tmp_path):
    config = stale_example(tmp_path)
    proc = kit_command("check", "--config", str(config))
    assert proc.returncode == 0, proc.stderr
    lines = {line.split()[0]: line for line in proc.stdout.splitlines()[1:-1]}
    assert "DUE" in lines["northshire-victim-care"] and "2024-01-15" in lines["northshire-victim-care"]
    assert "0808 157 0172" in lines["northshire-victim-care"] and lines["police"].split()[-1] == "ok"
    shown = len(lines)                           # the contacts this (England and Wales) edition shows
    assert shown == 15 and f"1 of {shown} contacts are due a check" in proc.stdout, proc.stdout
    assert kit_command("check", "--config", str(config), env={"STRICT": "1"}).returncode == 1
    assert kit_command("check", "--config", str(ROOT / "mkdocs.yml"), env={"STRICT": "1"}).returncode == 0 or \
        "DUE" in kit_command("check").stdout


def test_a_checked_date_must_be_real_and_not_in_the_future(tmp_path):
    data = yaml.safe_load(EXAMPLE.read_text())
    data["INHERIT"] = str(ROOT / "mkdocs.yml")
    data["extra"]["organisation"]["local_contacts"][0]["checked"] = "2999-01-01"
    path = tmp_path / "future.yml"
    path.write_text(yaml.safe_dump(data, sort_keys=False))
    proc = run_build(path, tmp_path / "site", check=False)
    assert proc.returncode == 2 and "local_contacts[0].checked" in proc.stderr and "in the future" in proc.stderr


def test_the_about_page_gives_the_oldest_check(example_site):
    text = (example_site / "about" / "index.html").read_text()
    assert "checked on 21 November 2026 or later" in text, pretty(text[:200])
