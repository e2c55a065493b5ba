"""Page macros: how content refers to contacts and organisation values.

A page says {{ phone("national-stalking-helpline") }}; the number comes from
docs/data/contacts.yml and is drawn by components/contacts/contacts.html, the
one template for contacts, which the "Get help now" box uses too.

Pages are rendered as Jinja in a sandbox (jinja2.sandbox): a page can call the
macros below and use if/for, but cannot reach Python's internals, files or
commands. A mistake in a page (an unknown contact id, a Jinja syntax error)
stops the build with the page's file, the line and the fix.
"""
from __future__ import annotations

import traceback
from pathlib import Path

import jinja2
from jinja2.sandbox import SandboxedEnvironment
from markupsafe import Markup

from supportkit.core.errors import KitError, shown
from supportkit.render.components import md_text

MACROS = ("phone", "number", "name", "hours", "link", "card", "directory", "local_contacts", "report_online",
          "a11y_contact", "a11y_status", "a11y_issues", "a11y_burdens", "a11y_testing", "checklist",
          "translation_checks", "serves", "nation_site")
VARIABLES = ("publisher", "police_force", "area", "exit_site", "reviewed", "contacts_checked", "organisation", "a11y",
             "dapos", "jurisdiction", "nation", "any_time", "in_wales")


def get_relative_url(target: str, here: str) -> str:
    """`target` (a path from the site's root) from a page at `here` (its address, or its Markdown
    file's path): "../assets/kit/x.js" from "the-law/". A last part with a dot in it is a file,
    not a folder; a folder's address keeps its closing slash."""
    import posixpath

    folder, _, last = here.rpartition("/")
    base = folder if "." in last else here
    rel = posixpath.relpath("/" + target.strip("/"), "/" + base.strip("/"))
    return rel + "/" if target.endswith("/") else rel


class PageError(KitError):
    """A mistake in a page's macros."""


class UnknownName(Exception):
    """A macro was given an id that is not in the data: (problem, fix)."""


def _block(html: str) -> Markup:
    """Raw HTML for a Markdown block: one chunk with no blank lines inside."""
    return Markup("\n".join(line for line in str(html).splitlines() if line.strip()))


class PageMacros:
    """The macros and values a page may use, for one edition."""

    def __init__(self, edition, templates: jinja2.Environment, use_directory_urls: bool, source_of=Path):
        self.edition = edition
        self.source_of = source_of            # a page's own file, when the build reads a copy of docs/
        self.templates = templates
        self.suffix = "/" if use_directory_urls else ".html"
        self.sandbox = SandboxedEnvironment(autoescape=True, undefined=jinja2.StrictUndefined,
                                            keep_trailing_newline=True)

    # ------------------------------------------------------------------ lookups
    def _contact(self, cid: str):
        if cid in self.edition.elsewhere:
            nation = self.edition.nation.id
            raise UnknownName(f"the contact {shown(cid)} does not serve this edition's jurisdiction ({nation}): "
                              f"it serves {', '.join(self.edition.elsewhere[cid].serves)}",
                              f"put the sentence inside {{% if serves(\"{cid}\") %}} ... {{% endif %}}, or name a "
                              f"contact that serves {nation} (docs/data/contacts.yml, serves:)")
        if cid not in self.edition.contacts:
            raise UnknownName(f"there is no contact with id {shown(cid)}",
                              "use one of: " + ", ".join(self.edition.contacts))
        return self.edition.contacts[cid]

    def _serves(self, cid: str) -> bool:
        if cid not in self.edition.contacts and cid not in self.edition.elsewhere:
            raise UnknownName(f"there is no contact with id {shown(cid)}",
                              "use one of: " + ", ".join([*self.edition.contacts, *self.edition.elsewhere]))
        return cid in self.edition.contacts

    def _nation_site(self, nid: str) -> Markup:
        from supportkit.load.config import load_nations

        nations = load_nations()
        if nid not in nations or not nations[nid].help_site:
            raise UnknownName(f"there is no nation {shown(nid)} with a help_site in docs/data/nations.yml",
                              "use one of: " + ", ".join(n for n, x in nations.items() if x.help_site))
        site = nations[nid].help_site
        link = self._contacts().site_link(site.url, site.name)
        return Markup(str(link).strip())

    def _number(self, cid: str, nid: str):
        number = self._contact(cid).number(nid)
        if number is None:
            ids = ", ".join(n.id for n in self._contact(cid).numbers) or "none"
            raise UnknownName(f"the contact {shown(cid)} has no number with id {shown(nid)}", f"use one of: {ids}")
        return number

    def _contacts(self):
        return self.templates.get_template("contacts/contacts.html").module

    # ------------------------------------------------------------------ rendering
    def context(self, page_url: str) -> dict:
        e, kiosk, contacts = self.edition, self.edition.kiosk, self._contacts()
        statement = self.templates.get_template("accessibility/statement.html").module
        # the component templates are autoescaped: their macros return markup
        a11y = e.options.accessibility

        def checklist() -> Markup:
            here = page_url
            urls = {"js": get_relative_url(self._asset("checklist/checklist.js"), here),
                    "css": get_relative_url(self._asset("checklist/checklist.css"), here),
                    "records": get_relative_url("keeping-records" + self.suffix, here),
                    "support": get_relative_url("get-support" + self.suffix, here)}
            module = self.templates.get_template("checklist/checklist.html").module
            return _block(module.checklist(e.checklist, urls))

        return {
            "phone": lambda cid, nid="main": Markup(contacts.phone(self._number(cid, nid)).strip()),
            "number": lambda cid, nid="main": md_text(self._number(cid, nid).number),
            "name": lambda cid: md_text(self._contact(cid).name),
            "hours": lambda cid: self.templates.globals["hours"](self._contact(cid))
            + Markup(contacts.status(self._contact(cid))),
            "link": lambda cid: Markup(contacts.website(self._contact(cid)).strip()),
            "card": lambda cid: _block(contacts.card(self._contact(cid))),
            "directory": lambda: _block(contacts.directory()),
            "local_contacts": lambda: _block(contacts.local_list(e.local_contacts)),
            "report_online": lambda: Markup(contacts.report_online().strip()),
            "a11y_contact": lambda: Markup(contacts.a11y_contact().strip()),
            "a11y_status": lambda: _block(statement.status()),
            "a11y_issues": lambda: _block(statement.issues()),
            "a11y_burdens": lambda: _block(statement.burdens()),
            "a11y_testing": lambda: _block(statement.testing()),
            "translation_checks": lambda: _block(self.translation_checks()),
            "checklist": checklist,
            "publisher": md_text(e.publisher),
            "police_force": md_text(e.police_force),
            "area": md_text(e.area),
            "exit_site": md_text(e.strings("kiosk.welcome.title") if kiosk else e.options.quick_exit.destination_name),
            "reviewed": md_text(e.strings.date(e.options.reviewed)),
            "contacts_checked": md_text(e.strings.date(min(c.checked for c in e.contacts.values()))),
            "organisation": bool(e.organisation),
            # the area uses Domestic Abuse Protection Orders (extra.domestic_abuse_protection_orders)
            "dapos": e.options.domestic_abuse_protection_orders,
            # the edition's jurisdiction (extra.jurisdiction: england-wales, scotland, northern-ireland),
            # its name in words, and whether a contact serves it (for {% if serves("victim-support") %})
            "jurisdiction": e.nation.id,
            "nation": md_text(e.strings(f"nations.{e.nation.id}")),
            "serves": lambda cid: self._serves(cid),
            "nation_site": lambda nid: self._nation_site(nid),
            # the id of the edition's 24-hour line that is not the police: {{ name(any_time) }}
            "any_time": e.any_time_line.id,
            # an edition for Wales: England and Wales's law, in Welsh and English (a Welsh body's)
            "in_wales": e.in_wales,
            "a11y": {"status": a11y.status, "prepared": md_text(e.strings.date(a11y.prepared)),
                     "reviewed": md_text(e.strings.date(a11y.reviewed))},
        }

    def translation_checks(self) -> Markup:
        """For each translated language of the edition, who last checked it and when, or
        that nobody has yet: never a check that did not happen."""
        e, out = self.edition, []
        for language in e.languages:
            if language.code == "en":
                continue
            name = e.strings(f"language.names.{language.code}")
            if language.checked_by:
                line = e.strings.markup("language.checked", language=name, date=e.strings.date(language.checked_on),
                                        by=md_text(language.checked_by))
            else:
                line = e.strings.markup("language.not_checked", language=name)
            out.append(f"<p>{line}</p>")
        return Markup("\n".join(out))

    def _asset(self, name: str) -> str:
        return self.templates.globals["asset"](name)

    def render(self, markdown: str, page_url: str, source: Path | str) -> str:
        """The page's Markdown with its macros replaced; PageError on a mistake."""
        source = self.source_of(source)
        def error(e: BaseException, problem: str, fix: str, line: int | None = None) -> PageError:
            line = line or _template_line(e)
            if line:
                line += _front_matter_lines(source, markdown)
            return PageError(source, "(page)", problem, fix, line)

        try:
            template = self.sandbox.from_string(markdown)
            return template.render(self.context(page_url))
        except jinja2.TemplateSyntaxError as e:
            raise error(e, f"the page's {{{{ }}}} or {{% %}} is not valid: {e.message}",
                        "close every {{ with }} and every {% if %} or {% raw %} with its {% end... %}",
                        e.lineno) from None
        except jinja2.UndefinedError as e:
            raise error(e, str(e.message or e), "use only these macros: " + ", ".join(f"{m}()" for m in MACROS)
                        + "; and these values: " + ", ".join(VARIABLES)) from None
        except jinja2.exceptions.SecurityError as e:
            raise error(e, f"not allowed in a page: {e}",
                        "use only the macros and values listed in README.md, \"Writing content\"") from None
        except UnknownName as e:
            raise error(e, *e.args) from None
        except TypeError as e:
            raise error(e, f"a macro was called wrongly ({e})",
                        "check the macro's arguments against README.md, \"Writing content\"") from None


def _front_matter_lines(source: Path | str, markdown: str) -> int:
    """How many lines of the page's file come before the Markdown MkDocs passed on (its front matter)."""
    try:
        text = Path(source).read_text(encoding="utf-8")
    except OSError:
        return 0
    return text[: len(text) - len(markdown)].count("\n") if text.endswith(markdown) else 0


def _template_line(e: BaseException) -> int | None:
    """The line of the page where the error happened (Jinja marks template frames)."""
    line = None
    for frame in traceback.extract_tb(e.__traceback__):
        if frame.filename == "<template>":
            line = frame.lineno
    return line
