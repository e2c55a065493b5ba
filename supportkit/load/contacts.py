"""Contacts: the national contacts file (docs/data/contacts.yml) and an
organisation's local contacts, as read-only records, plus what the templates
need from them: call links and opening hours in words.

The ids that the templates and the checklist rely on are declared once, in
REQUIRED; a contacts file without one of them stops the build with the file,
the key and the fix.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from supportkit.core.errors import shown
from supportkit.load.schema import (At, Invalid, ListOf, Record, boolean, choice, email, localised, option, past_date,
                               short_text, slug, text, web_address)
from supportkit.load.strings import Strings

# Contact id -> the number ids that templates and the checklist use.
REQUIRED = {
    "emergency": ("main", "silent", "relay"),            # help box, checklist
    "police": ("main", "relay"),                         # help box, checklist
    "national-stalking-helpline": ("main",),             # home page, checklist
}

DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")

# The UK's nations, as a contact says where it serves (`serves:`); an edition's jurisdiction
# (extra.jurisdiction, docs/data/nations.yml) covers one or more of them.
NATIONS = ("england", "wales", "scotland", "northern-ireland")
# Whose bank holidays a line's hours follow (`bank_holidays:`): the holidays package's UK subdivisions.
HOLIDAY_REGIONS = ("england-and-wales", "scotland", "northern-ireland")


def nations(value: Any) -> tuple[str, ...]:
    if isinstance(value, list) and value and all(v in NATIONS for v in value) and len(set(value)) == len(value):
        return tuple(value)
    raise Invalid(f"{shown(value)} is not a list of nations",
                  "list each nation the service serves once, from: " + ", ".join(NATIONS))

# UK numbers as people dial them, matched with the spaces removed (ASCII digits
# only: other scripts' digits would make a tel: link that no phone can call).
NUMBER_FORMS = {
    "voice": r"999|112|101|1[0-9]{3,5}|0[0-9]{9,10}",
    "text-relay": r"18000|18001(1[0-9]{2}|0[0-9]{9,10})",
    "sms": r"999|[0-9]{5}|0[0-9]{9,10}",
    "keypad": r"[0-9]{1,3}",
}
# A full number (starting 0) must be one a person can call: phonenumbers knows
# the UK's numbering plan. Premium-rate, "personal" 070 and pager numbers are
# refused; so are numbers the plan reserves (Ofcom's 01632 960 drama range).
CALLABLE = {"FIXED_LINE", "MOBILE", "FIXED_LINE_OR_MOBILE", "TOLL_FREE", "UAN", "SHARED_COST", "VOIP"}


def number_type(digits: str) -> str | None:
    """phonenumbers' name for a full UK number's type, or None if it is not a valid number."""
    import phonenumbers

    try:
        parsed = phonenumbers.parse(digits, "GB")
    except phonenumbers.NumberParseException:
        return None
    if not phonenumbers.is_valid_number(parsed):
        return None
    kinds = {v: k for k, v in vars(phonenumbers.PhoneNumberType).items() if isinstance(v, int) and k.isupper()}
    return kinds.get(phonenumbers.number_type(parsed), "UNKNOWN")


NUMBER_FIX = ("write the number in quotes with digits and single spaces only, "
              "for example \"0808 802 0300\", \"101\" or \"18001 101\"")


def number_text(value: Any) -> str:
    """A phone number as written: text; its digits are checked against its kind (Number.check)."""
    if isinstance(value, str) and 0 < len(value.strip()) <= 30:
        return value.strip()
    raise Invalid(f"{shown(value)} is not a valid UK phone number", NUMBER_FIX)


def clock(value: Any) -> str:
    if isinstance(value, int) and not isinstance(value, bool) and 0 <= value < 24 * 60:
        value = f"{value // 60:02d}:{value % 60:02d}"     # YAML 1.1 reads 09:30 unquoted as minutes
    if isinstance(value, str) and (re.fullmatch(r"([01]\d|2[0-3]):[0-5]\d", value.strip()) or value.strip() == "24:00"):
        return value.strip()
    raise Invalid(f"{shown(value)} is not a time", "write the time in quotes as HH:MM, for example \"09:30\" "
                  "(a line open until midnight closes at \"24:00\")")


def days(value: Any) -> tuple[str, ...]:
    if isinstance(value, list) and value and all(v in DAYS for v in value):
        if len(set(value)) != len(value):
            raise Invalid(f"{shown(value)} names a day twice", "name each day once")
        return tuple(value)
    raise Invalid(f"{shown(value)} is not a list of days", "list days as [mon, tue, wed, thu, fri, sat, sun]")


def minutes(hhmm: str) -> int:
    h, m = hhmm.split(":")
    return int(h) * 60 + int(m)


@dataclass(frozen=True)
class Hours(Record):
    days: tuple = option(days, required=True)
    opens: str = option(clock, required=True)
    closes: str = option(clock, required=True)

    def check(self, at: At) -> None:
        if self.opens == "24:00":
            raise (at / "opens").error("it opens at 24:00, the end of the day",
                                       "write \"00:00\" for a line that opens at midnight")
        if minutes(self.closes) <= minutes(self.opens):
            raise (at / "closes").error(f"it closes at {self.closes}, not after it opens at {self.opens}",
                                        "give a closing time later than the opening time (the same day)")


@dataclass(frozen=True)
class Number(Record):
    id: str = option(slug, required=True, help="how pages refer to this number: main, relay, sms, silent")
    kind: str = option(choice(*NUMBER_FORMS), default="voice")
    label: str = option(localised(short_text), help="what to call the number, if not Phone / Text relay / Text")
    number: str = option(number_text, required=True)
    free: bool = option(boolean, default=False)

    def check(self, at: At) -> None:
        if not re.fullmatch(r"[0-9]+( [0-9]+)*", self.number) or \
                not re.fullmatch(NUMBER_FORMS[self.kind], self.digits):
            raise (at / "number").error(f"{shown(self.number)} is not a valid UK {self.kind} number", NUMBER_FIX)
        full = self.full_number
        if full:
            kind = number_type(full)
            if kind is None:
                raise (at / "number").error(f"{shown(self.number)} is not a number that can be called in the UK",
                                            "check the number against the service's own website")
            if kind not in CALLABLE:
                raise (at / "number").error(f"{shown(self.number)} is a {kind.lower().replace('_', ' ')} number",
                                            "give a number people can call at an ordinary rate")

    @property
    def full_number(self) -> str | None:
        """The national number (0...) inside this one, if it has one (18001 then the number, for relay)."""
        d = self.digits
        if self.kind == "text-relay" and d.startswith("18001"):
            d = d[5:]
        return d if d.startswith("0") else None

    @property
    def digits(self) -> str:
        return self.number.replace(" ", "")

    @property
    def href(self) -> str | None:
        """tel: or sms: link; none for a key to press."""
        if self.kind == "keypad":
            return None
        return ("sms:" if self.kind == "sms" else "tel:") + self.digits


@dataclass(frozen=True)
class Contact(Record):
    id: str = option(slug, required=True)
    name: str = option(localised(short_text), required=True)
    purpose: str = option(localised(text), required=True, key="for", help="one line: what the service is for")
    numbers: tuple = option(ListOf(Number, unique="id", max_items=10, noun="number"), default=())
    always_open: bool = option(boolean, default=False)
    hours: tuple = option(ListOf(Hours, max_items=14), default=())
    closed_on_bank_holidays: bool = option(boolean, default=False)
    bank_holidays: str = option(choice(*HOLIDAY_REGIONS),
                                help="whose bank holidays close the line (a national line: its own; a local one: "
                                     "the edition's, by default)")
    serves: tuple = option(nations, default=(), help="the nations it serves: england, wales, scotland, northern-ireland")
    welsh: bool = option(boolean, help="whether it can be used in Welsh: true or false, as the service says; "
                                       "leave it out while nobody has checked (the Welsh pages then say it may be "
                                       "in English only)")
    website: str = option(web_address)
    website_cy: str = option(web_address, help="its Welsh website, where it has one (Welsh pages link there)")
    email: str = option(email)
    checked: Any = option(past_date, required=True, help="when a person last checked these details (YYYY-MM-DD)")
    confidence: str = option(choice("H", "M", "U"), default="M")
    in_directory: bool = option(boolean, default=True)
    in_help_box: bool = option(boolean, default=False)

    def check(self, at: At) -> None:
        if not self.numbers and not self.website:
            raise at.error("the contact has no number and no website", "add numbers: or website:")
        if self.always_open and self.hours:
            raise (at / "hours").error("the contact is always open and also has opening hours",
                                       "keep always_open: true or hours:, not both")
        seen: dict[str, int] = {}
        for i, h in enumerate(self.hours):
            for d in h.days:
                if d in seen:
                    other = self.hours[seen[d]]
                    overlap = minutes(h.opens) < minutes(other.closes) and minutes(other.opens) < minutes(h.closes)
                    if overlap:
                        raise (at / "hours" / i / "days").error(
                            f"{d} is open at overlapping times in hours[{seen[d]}] and hours[{i}]",
                            "give each day's times once, or times that do not overlap")
                seen[d] = i

    def serves_any(self, wanted: tuple) -> bool:
        """Whether it serves one of the nations `wanted` (a local service serves its edition's area)."""
        return not self.serves or bool(set(self.serves) & set(wanted))

    def number(self, nid: str) -> Number | None:
        return next((n for n in self.numbers if n.id == nid), None)

    @property
    def main(self) -> Number | None:
        return self.numbers[0] if self.numbers else None


def check_local(contact: Contact, at: At) -> None:
    """An organisation's own service: a full number people can call, never an emergency or short code."""
    for i, n in enumerate(contact.numbers):
        if n.kind in ("voice", "sms") and not n.full_number:
            raise (at / "numbers" / i / "number").error(
                f"{shown(n.number)} is not a local service's own number (999, 112, 101 and short codes are "
                "national numbers the section already shows)", "give the service's full number, starting with 0")


@dataclass(frozen=True)
class ContactsFile(Record):
    contacts: tuple = option(ListOf(Contact, unique="id", min_items=1, max_items=100, noun="contact"), required=True)

    def check(self, at: At) -> None:
        for i, c in enumerate(self.contacts):
            if not c.serves:
                raise (at / "contacts" / i / "serves").error(
                    "a required value is missing: which nations the service serves",
                    "add serves: (a list from: " + ", ".join(NATIONS) + "), as the service's own website says")
            if c.closed_on_bank_holidays and not c.bank_holidays:
                raise (at / "contacts" / i / "bank_holidays").error(
                    "the line closes on bank holidays, but whose is not said",
                    "add bank_holidays: (one of: " + ", ".join(HOLIDAY_REGIONS) + "), the nation whose bank "
                    "holidays the service keeps")
        by_id = {c.id: (i, c) for i, c in enumerate(self.contacts)}
        for cid, nids in REQUIRED.items():
            if cid not in by_id:
                raise (at / "contacts").error(
                    f"there is no contact with id {cid!r}; the \"Get help now\" box and the risk checklist use it",
                    f"keep a contact with id: {cid} (you may change its name, numbers and text)")
            i, contact = by_id[cid]
            for nid in nids:
                if contact.number(nid) is None:
                    raise (at / "contacts" / i / "numbers").error(
                        f"the contact {cid!r} has no number with id {nid!r}; the templates use it",
                        f"keep a number with id: {nid} in this contact")


# --------------------------------------------------------------------------- in words

def time_words(hhmm: str, s: Strings) -> str:
    """09:30 -> 9:30am, 16:00 -> 4pm (hours.am / hours.pm)."""
    h, m = (int(x) for x in hhmm.split(":"))
    if h == 24:
        return s("hours.midnight")
    clock_text = f"{h % 12 or 12}" + (f":{m:02d}" if m else "")
    return s("hours.am" if h < 12 else "hours.pm", time=clock_text)


def days_words(day_list: tuple, s: Strings) -> str:
    idx = sorted(DAYS.index(d) for d in day_list)
    if len(idx) > 2 and idx == list(range(idx[0], idx[-1] + 1)):
        return s("hours.days_range", first=s.day_name(idx[0]), last=s.day_name(idx[-1]))
    return s.join([s.day_name(i) for i in idx])


def hours_words(contact: Contact, s: Strings) -> str:
    """Opening hours in words, from the machine-readable hours."""
    if contact.always_open:
        return s("hours.always")
    if not contact.hours:
        return s("hours.unknown")
    words = s("hours.entry_separator").join(
        s("hours.entry", days=days_words(h.days, s), opens=time_words(h.opens, s), closes=time_words(h.closes, s))
        for h in contact.hours)
    return s("hours.bank_holidays", hours=words) if contact.closed_on_bank_holidays else words
