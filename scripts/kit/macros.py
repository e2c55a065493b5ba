"""Page macros: how content refers to contacts and organisation values.

Loaded by mkdocs-macros (`modules: [kit.macros]` in mkdocs.yml). Content says
{{ phone("national-stalking-helpline") }}; the number comes from
docs/data/contacts.yml and is drawn by overrides/partials/contacts.html, the one
template for contacts, which the theme's "Get help now" box uses too.
"""
from __future__ import annotations

import datetime as _dt

import jinja2
import rcssmin
import rjsmin
from markupsafe import Markup, escape
from mkdocs.exceptions import PluginError
from mkdocs.utils import get_relative_url

from kit.config import ROOT, ConfigError, Edition, edition_from

DAY_NAMES = {"mon": "Monday", "tue": "Tuesday", "wed": "Wednesday", "thu": "Thursday",
             "fri": "Friday", "sat": "Saturday", "sun": "Sunday"}
DAY_ORDER = list(DAY_NAMES)
NUMBER_LABELS = {"voice": "Phone", "text-relay": "Text relay", "sms": "Text", "keypad": "Press"}
# Keys of `extra:` that are not the kit's options: the view below, and Material's
# polyfills list (the kiosk edition's local iframe-worker shim, scripts/kit/kiosk.py).
NOT_KIT = {"kit", "polyfills"}
KIOSK_WELCOME = "welcome.html"   # scripts/kit/kiosk.py writes it at the kiosk's root


def date_words(d: _dt.date) -> str:
    return f"{d.day} {d:%B %Y}"


def _time_words(hhmm: str) -> str:
    h, m = (int(x) for x in hhmm.split(":"))
    suffix = "am" if h < 12 else "pm"
    h12 = h % 12 or 12
    return f"{h12}{suffix}" if m == 0 else f"{h12}:{m:02d}{suffix}"


def _days_words(days: list[str]) -> str:
    idx = sorted(DAY_ORDER.index(d) for d in days)
    if len(idx) > 2 and idx == list(range(idx[0], idx[-1] + 1)):
        return f"{DAY_NAMES[DAY_ORDER[idx[0]]]} to {DAY_NAMES[DAY_ORDER[idx[-1]]]}"
    names = [DAY_NAMES[DAY_ORDER[i]] for i in idx]
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def hours_text(contact: dict) -> str:
    """Opening hours in words, from the machine-readable hours."""
    if contact["always_open"]:
        return "24 hours a day, every day"
    if not contact["hours"]:
        return "Check their website for opening hours"
    parts = [f"{_days_words(h['days'])}, {_time_words(h['opens'])} to {_time_words(h['closes'])}"
             for h in contact["hours"]]
    text = "; ".join(parts)
    if contact["closed_on_bank_holidays"]:
        text += ". Closed on bank holidays"
    return text


def number_view(n: dict) -> dict:
    digits = n["number"].replace(" ", "")
    href = None if n["kind"] == "keypad" else ("sms:" if n["kind"] == "sms" else "tel:") + digits
    return {**n, "href": href, "label": n.get("label") or NUMBER_LABELS[n["kind"]]}


def contact_view(c: dict) -> dict:
    return {**c, "numbers": [number_view(n) for n in c["numbers"]], "hours_text": hours_text(c)}


def kit_view(edition: Edition) -> dict:
    """Everything the templates need, computed once per build."""
    kit = edition.kit
    contacts = {c["id"]: contact_view(c) for c in edition.contacts}
    org = kit["organisation"]
    police = contacts["police"]
    return {
        **kit,
        "kiosk": kit["edition"] == "kiosk",
        "contacts": contacts,
        "help_box": [c for c in contacts.values() if c["in_help_box"]],
        "report_online_url": (org or {}).get("report_online") or police["website"],
        "publisher": org["name"] if org else "the organisation that publishes this website",
        "police_force": org["police_force"] if org else "your local police force",
        "area": org["area"] if org else "England and Wales",
        "reviewed_words": date_words(kit["reviewed"]),
        # On a kiosk the quick exit lands on the bundled neutral page (written by
        # scripts/kit/kiosk.py), given from the site's root: partials/quick-exit.html
        # makes it relative to each page.
        "quick_exit_url": KIOSK_WELCOME if kit["edition"] == "kiosk" else kit["quick_exit"]["destination"],
        "quick_exit_title": "Welcome" if kit["edition"] == "kiosk" else kit["quick_exit"]["destination_name"],
        # inlined at the top of every page's <head> by partials/quick-exit.html
        "quick_exit_js": rjsmin.jsmin(_asset("quick-exit.js")),
        "quick_exit_css": rcssmin.cssmin(_asset("quick-exit.css")),
    }


def _asset(name: str) -> str:
    return (ROOT / "overrides" / "assets" / name).read_text(encoding="utf-8")


_templates = jinja2.Environment(
    loader=jinja2.FileSystemLoader(ROOT / "overrides"),
    autoescape=True, undefined=jinja2.StrictUndefined, trim_blocks=True, lstrip_blocks=True)


def _partial():
    return _templates.get_template("partials/contacts.html").module


def _block(html: str) -> Markup:
    """Raw HTML for a Markdown block: one chunk with no blank lines inside."""
    return Markup("\n".join(line for line in str(html).splitlines() if line.strip()))


def define_env(env) -> None:
    conf = env.conf
    try:
        edition = edition_from({"site_name": conf["site_name"], "site_url": conf["site_url"],
                                "extra": {k: v for k, v in conf["extra"].items() if k not in NOT_KIT}},
                               conf.config_file_path or "mkdocs.yml")
    except ConfigError as e:
        raise PluginError(str(e)) from None
    view = kit_view(edition)
    conf["extra"]["kit"] = view          # the theme's templates read config.extra.kit
    kiosk = view["kiosk"]
    contacts = view["contacts"]

    def get(cid: str) -> dict:
        if cid not in contacts:
            raise PluginError(f"docs/data/contacts.yml: no contact with id {cid!r}. "
                              f"Fix: use one of {', '.join(contacts)}")
        return contacts[cid]

    def get_number(cid: str, nid: str) -> dict:
        for n in get(cid)["numbers"]:
            if n["id"] == nid:
                return n
        raise PluginError(f"docs/data/contacts.yml: contact {cid!r} has no number {nid!r}")

    @env.macro
    def phone(cid: str, nid: str = "main") -> Markup:
        return Markup(_partial().phone(get_number(cid, nid), kiosk).strip())

    @env.macro
    def number(cid: str, nid: str = "main") -> Markup:
        return escape(get_number(cid, nid)["number"])

    @env.macro
    def name(cid: str) -> Markup:
        return escape(get(cid)["name"])

    @env.macro
    def hours(cid: str) -> Markup:
        return escape(hours_text(get(cid)))

    @env.macro
    def link(cid: str) -> Markup:
        return Markup(_partial().website(get(cid)).strip())

    @env.macro
    def card(cid: str) -> Markup:
        return _block(_partial().card(get(cid), kiosk))

    @env.macro
    def directory() -> Markup:
        return _block(_partial().directory(view))

    local = [contacts[c["id"]] for c in (view["organisation"] or {}).get("local_contacts") or []]

    @env.macro
    def local_contacts() -> Markup:
        return _block(_partial().local_list(local, view))

    @env.macro
    def report_online() -> Markup:
        return Markup(_partial().report_online(view).strip())

    @env.macro
    def a11y_contact() -> Markup:
        return Markup(_partial().a11y_contact(view).strip())

    @env.macro
    def checklist() -> Markup:
        """The risk checklist (overrides/partials/checklist.html), with addresses
        relative to the current page, so they work on file:// too."""
        here = env.page.url
        suffix = "/" if env.conf["use_directory_urls"] else ".html"
        urls = {"js": get_relative_url("assets/checklist.js", here),
                "css": get_relative_url("assets/checklist.css", here),
                "records": get_relative_url("keeping-records" + suffix, here),
                "support": get_relative_url("get-support" + suffix, here)}
        template = _templates.get_template("partials/checklist.html").module
        return _block(template.checklist(edition.checklist, view, local, urls))

    a11y = view["accessibility"]
    env.variables.update({
        "publisher": escape(view["publisher"]),
        "police_force": escape(view["police_force"]),
        "area": escape(view["area"]),
        "exit_site": escape("a plain Welcome page" if kiosk else view["quick_exit"]["destination_name"]),
        "reviewed": view["reviewed_words"],
        "organisation": bool(view["organisation"]),
        "a11y": {"status": a11y["status"], "prepared": date_words(a11y["prepared"]),
                 "reviewed": date_words(a11y["reviewed"])},
    })
