"""Opening hours as data for the open-now status (components/opening-status/),
bank holidays from the `holidays` package, and how fresh each contact is.

The status itself is worked out in the visitor's browser, in UK time, from
what the page carries: each contact's hours (with the times already in words),
the bank holidays from the day the section was built to the end of the
following year (the horizon), and the UK's clock changes over the horizon,
from the time zone database. The browser then needs no Intl time-zone data:
loading it took 23-36 ms of the main thread on every page, a long task that
cost the longest page its Lighthouse 100. Outside the horizon, or when the
device's clock says a day before the build, the page shows the hours in words
only.
"""
from __future__ import annotations

import datetime as _dt
import functools
import json
import os

from supportkit.load.contacts import DAYS, Contact, minutes, time_words
from supportkit.load.strings import Strings

UK_ZONE = "Europe/London"

# contacts.yml bank_holidays: and extra.bank_holidays -> the holidays package's UK subdivision
REGIONS = {"england-and-wales": "ENG", "scotland": "SCT", "northern-ireland": "NIR"}


def build_date() -> _dt.date:
    """The day of the build: SOURCE_DATE_EPOCH's when it is set (reproducible builds)."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch:
        return _dt.datetime.fromtimestamp(int(epoch), tz=_dt.timezone.utc).date()
    return _dt.date.today()


def horizon(start: _dt.date) -> tuple[_dt.date, _dt.date]:
    """From the build date to the end of the following year."""
    return start, _dt.date(start.year + 1, 12, 31)


@functools.lru_cache(maxsize=16)
def _bank_holidays(region: str, start: _dt.date, end: _dt.date) -> tuple:
    import holidays

    days = holidays.UK(subdiv=REGIONS[region], years=range(start.year, end.year + 1))
    return tuple(sorted(d for d in days if start <= d <= end))


def bank_holidays(region: str, start: _dt.date, end: _dt.date) -> list[_dt.date]:
    return list(_bank_holidays(region, start, end))


def clock_changes(start: _dt.date, end: _dt.date, zone: str = UK_ZONE) -> list[list[int]]:
    """The zone's offset from UTC from the start of the day before `start` to the end of the day
    after `end`: [[minute since the epoch (UTC), offset in minutes], ...], the first entry the
    offset at the start and each later one a change."""
    return [list(c) for c in _clock_changes(start, end, zone)]


@functools.lru_cache(maxsize=8)
def _clock_changes(start: _dt.date, end: _dt.date, zone: str) -> tuple:
    """clock_changes(), worked out once a build (each language's pages and script read it)."""
    from zoneinfo import ZoneInfo

    tz, hour, minute = ZoneInfo(zone), _dt.timedelta(hours=1), _dt.timedelta(minutes=1)
    t = _dt.datetime.combine(start - _dt.timedelta(days=1), _dt.time(), tzinfo=_dt.timezone.utc)
    stop = _dt.datetime.combine(end + _dt.timedelta(days=2), _dt.time(), tzinfo=_dt.timezone.utc)

    def offset(at: _dt.datetime) -> int:
        return int(at.astimezone(tz).utcoffset() // minute)

    def stamp(at: _dt.datetime) -> int:
        return int(at.timestamp()) // 60

    changes = [[stamp(t), offset(t)]]
    while t < stop:
        if offset(t + hour) != changes[-1][1]:         # a change within the hour: find its minute
            at = next(t + k * minute for k in range(1, 61) if offset(t + k * minute) != changes[-1][1])
            changes.append([stamp(at), offset(at)])
        t += hour
    return tuple(tuple(c) for c in changes)


def hours_data(contact: Contact, strings: Strings) -> str:
    """A contact's hours for the status script: [[days (0 is Monday), opens, closes (minutes),
    opens in words, closes in words], ...], as JSON."""
    hours = sorted(contact.hours, key=lambda h: minutes(h.opens))
    return json.dumps([[sorted(DAYS.index(d) for d in h.days), minutes(h.opens), minutes(h.closes),
                        time_words(h.opens, strings), time_words(h.closes, strings)] for h in hours],
                      separators=(",", ":"), ensure_ascii=False)


def has_status(contact: Contact) -> bool:
    return contact.always_open or bool(contact.hours)


def stale(contacts, review_days: int, today: _dt.date | None = None) -> list[Contact]:
    """Contacts whose details were last checked more than review_days ago."""
    today = today or _dt.date.today()
    return [c for c in contacts if (today - c.checked).days > review_days]


def oldest_check(contacts) -> _dt.date:
    return min(c.checked for c in contacts)


class OpeningData:
    """What the status template needs for one edition (the `opening` global)."""

    def __init__(self, edition):
        self.strings = edition.strings
        start, end = horizon(build_date())
        self.start, self.end = start.isoformat(), end.isoformat()
        # each calendar a line of the edition keeps (contacts.yml bank_holidays:, else the edition's),
        # by the holidays package's subdivision code: {"ENG": "2026-12-25 2026-12-28 ...", ...}
        regions = sorted({edition.holidays_of(c) for c in edition.contacts.values() if c.closed_on_bank_holidays})
        self.holidays = {REGIONS[r]: " ".join(d.isoformat() for d in bank_holidays(r, start, end)) for r in regions}
        self.edition = edition
        self.clock_changes = clock_changes(start, end)
        self.day_names = [self.strings.day_name(i) for i in range(7)]

    has_status = staticmethod(has_status)

    # The words opening-status.js fills in, by the name it reads them under (strings opening.*).
    SCRIPT_WORDS = {"alwaysText": "opening.always", "open": "opening.open_until", "closed": "opening.closed",
                    "holiday": "opening.closed_bank_holiday", "today": "opening.when_today",
                    "tomorrow": "opening.when_tomorrow", "day": "opening.when_day"}

    def script_data(self) -> str:
        """What opening-status.js reads, as JSON: the dates the build covers, the bank holidays,
        the UK's clock changes, the day names and the words. The build puts it inside the
        language's kit.<hash>.js (supportkit/render/assets.py), so a page carries none of it
        and a later page of the visit downloads none of it again."""
        data = {"from": self.start, "until": self.end, "holidays": self.holidays, "clock": self.clock_changes,
                "days": self.day_names}
        data.update({name: self.strings.plain(key) for name, key in self.SCRIPT_WORDS.items()})
        return json.dumps(data, ensure_ascii=False, separators=(",", ":"))

    def region(self, contact: Contact) -> str:
        """The holidays package's code of the bank holidays that close the line (ENG, SCT, NIR)."""
        return REGIONS[self.edition.holidays_of(contact)]

    def hours_data(self, contact: Contact) -> str:
        return hours_data(contact, self.strings)
