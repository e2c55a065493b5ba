"""Render the printed leaflets, as tagged PDF, from the built web edition.

`make leaflets` (python -m supportkit leaflets) runs this. The configuration is
loaded and checked once; then the web edition is built into a temporary folder
(or --site names one already built from the same configuration), and each
leaflet in `extra.leaflets` (declared, with the defaults, in
supportkit/load/config.py) is made from the pages as built:

  - each page's <article>, without its "Get help now" box and review line; the
    checklist's answer buttons become empty boxes to tick, each a small picture
    whose text says what it is (tick_boxes);
  - the leaflet template components/leaflets/leaflet.html: a cover (the title,
    a line on what is inside, the organisation's logo and name, and the
    "Get help now" box drawn by components/contacts/contacts.html, the same
    macro the site uses), the pages, then "Get help now" again and the back:
    the date produced, and the address of the online page with its QR code
    when site_url is set;
  - components/leaflets/leaflet.css (page sizes, large print, page numbers),
    and the checklist's own styles for a leaflet that has it.

A table whose cells are all empty (the behaviour diary) is a table to fill in by
hand: it goes on landscape pages, its header row repeats, and it gets enough
rows to fill at least FILL_PAGES pages and MIN_FILL_ROWS rows, with rows on
every page to the end (on A4 the closing "Get help now" box and the back share
the last page; on A5 and in large print they have an upright page of their own).

Every leaflet is written, for each language (file_name), as:

  <id>-a4.pdf, <id>-a5.pdf   each of its sizes (extra.leaflets[].sizes);
  <id>-a5-booklet.pdf         when it has an A5 size: the A5 pages two-up on A4
                              landscape in saddle-stitch order (supportkit/editions/booklet.py);
  <id>-large-print.pdf        A4, 16pt text and larger headings, one column.

Each is a tagged PDF (WeasyPrint's PDF/UA-1 variant, finished by
supportkit/editions/leaflet_pdf.py: the running header and footer become artifacts,
table header cells get their scope, links within the leaflet are described by
their target's heading). Everything is rendered into a temporary
folder that replaces <out> (default dist/leaflets) only when every leaflet
succeeded. WeasyPrint reads nothing but files inside the built site. The date
produced is today's, or the date of SOURCE_DATE_EPOCH when it is set (for
reproducible builds).
"""
from __future__ import annotations

import datetime as _dt
import os
import re
import sys
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urljoin, urlsplit
from urllib.request import url2pathname

from markupsafe import Markup

from supportkit import COMPONENTS
from supportkit.load.config import DEFAULT_LEAFLETS, Edition
from supportkit.core.errors import KitError, shown
from supportkit.core.output import replace_in_folder

FILL_PAGES = 2               # a table to fill in fills at least this many pages,
MIN_FILL_ROWS = 12           # with at least this many rows
FILL_ROWS_START = 40         # rows in the first, measuring render (more than enough)
LARGE_PRINT = "large-print"  # the large-print form, beside the paper sizes (a4, a5)
BOOKLET = "a5-booklet"       # the A5 pages imposed for folding and stapling
PDF_VARIANT = "pdf/ua-1"     # WeasyPrint's tagged, accessible PDF


def file_name(leaflet_id: str, form: str, lang: str, languages) -> str:
    """The file a leaflet is written to, such as where-to-get-help-a4.pdf. The
    language is in the name only when the edition has more than one:
    where-to-get-help-cy-a4.pdf."""
    return f"{leaflet_id}-{lang}-{form}.pdf" if len(languages) > 1 else f"{leaflet_id}-{form}.pdf"


def forms_of(spec) -> list[str]:
    """What a leaflet is written as, in order: its sizes, the booklet (from the A5
    pages, when it has that size) and large print."""
    forms = [size.lower() for size in spec.sizes]
    return forms + ([BOOKLET] if "a5" in forms else []) + [LARGE_PRINT]


# --------------------------------------------------------------------------- pages as built

def built_paths(md: str, prefix: str = "") -> tuple[str, str]:
    """The built file and the URL path (from the site root) of a page source, such as
    diary.md -> ("diary/index.html", "diary/"); index.md -> ("index.html", "").
    `prefix`: a language's folder (en/) when it is not the site's default language."""
    stem = md[: -len(".md")]
    url = "" if stem == "index" else (stem[: -len("index")] if stem.endswith("/index") else stem + "/")
    return prefix + url + "index.html", prefix + url


@dataclass
class Page:
    source: str        # what-is-stalking.md
    anchor: str        # the id of its section in the leaflet
    title: str
    html: Markup
    fill: bool         # holds a table to fill in by hand


def show_addresses(root) -> None:
    """Put each web link's address, without https://, where assets/leaflet.css prints it."""
    for a in root.select('a[href^="http"]'):
        a["data-address"] = re.sub(r"^https?://", "", a["href"])


def is_fill_table(table) -> bool:
    cells = table.select("tbody td")
    return bool(cells) and all(not c.get_text(strip=True) and not c.find(True) for c in cells)


def extract(site: Path, source: str, anchor: str, in_leaflet: dict[str, str], site_url: str | None,
            prefix: str = "") -> Page:
    """One page's content from the built HTML, ready to sit in a leaflet."""
    from bs4 import BeautifulSoup

    file, url_path = built_paths(source, prefix)
    path = site / file
    if not path.is_file():
        raise KitError(path, "--site", "the page is not in the built site",
                       "build the site again from the same configuration, or leave out --site")
    soup = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
    article = soup.find("article")
    if article is None:
        raise KitError(path, "--site", "the page has no <article>", "build the site again, or leave out --site")

    # What belongs to the screen, and the box the leaflet adds once at its end
    for el in article.select(".kit-skip-target, .kit-print-header, .kit-help, .kit-reviewed, .kit-open, script, noscript, "
                             "style, .md-content__button, .md-source-file, .headerlink"):
        el.decompose()
    # A blank form: nothing ticked, nothing typed
    for el in article.select("input"):
        for attr in ("checked", "value"):
            if attr in el.attrs and el.get("type") not in ("hidden", "button", "submit", "reset"):
                del el[attr]
    for el in article.select("option[selected]"):
        del el["selected"]
    for el in article.select("textarea"):
        el.string = ""
    # Pictures: a decorative one (alt="", an SVG hidden from screen readers) is left
    # out, as a tagged PDF could only show it as a figure; one without alt stops
    for el in article.select('img[alt=""], svg[aria-hidden="true"]'):
        el.decompose()
    if article.select("img:not([alt])"):
        from supportkit.load.config import DOCS
        raise KitError(DOCS / source, "(page)", "a picture has no alternative text (alt), so the tagged leaflet "
                       "cannot describe it", "describe it: ![What the picture shows](file.png), or give it "
                       "alt=\"\" if it is only decoration")

    # Ids are unique across the leaflet: each one gets its page's prefix
    ids = {el["id"] for el in article.select("[id]")}
    for el in article.select("[id]"):
        el["id"] = f"{anchor}-{el['id']}"
    for el in article.select("label[for]"):
        if el["for"] in ids:
            el["for"] = f"{anchor}-{el['for']}"
    for attr in ("aria-labelledby", "aria-describedby", "aria-controls"):
        for el in article.select(f"[{attr}]"):
            el[attr] = " ".join(f"{anchor}-{i}" if i in ids else i for i in el[attr].split())

    # Links: within the leaflet, to the page online, or plain words
    base = "https://site.invalid/" + url_path
    source_of = {built_paths(s, prefix)[1]: s for s in in_leaflet}
    for a in article.select("a[href]"):
        href = a["href"]
        if href.startswith("#"):
            a["href"] = f"#{anchor}-{href[1:]}" if href[1:] in ids else f"#{anchor}"
            continue
        if re.match(r"[a-z][a-z0-9+.-]*:", href, re.I):      # http(s), tel, sms, mailto
            continue
        target = urlsplit(urljoin(base, href))
        target_path = target.path.lstrip("/")
        if target_path in source_of:
            other = in_leaflet[source_of[target_path]]
            a["href"] = f"#{other}-{target.fragment}" if target.fragment else f"#{other}"
        elif site_url:
            a["href"] = urljoin(site_url, target_path) + (f"#{target.fragment}" if target.fragment else "")
        else:
            a.unwrap()
    # Images and stylesheets the page loads: from the site root, where the leaflet is
    for el, attr in [(el, "src") for el in article.select("[src]")] + \
                    [(el, "href") for el in article.select("link[href]")]:
        if not re.match(r"[a-z][a-z0-9+.-]*:", el[attr], re.I):
            el[attr] = urlsplit(urljoin(base, el[attr])).path.lstrip("/")

    show_addresses(article)
    for region in article.select(".kit-table"):      # paper does not scroll (supportkit/render/tables.py)
        region.unwrap()
    fill = False
    for table in article.select("table"):
        if is_fill_table(table):
            table["class"] = table.get("class", []) + ["kit-fill"]
            fill = True
    h1 = article.find("h1")
    title = h1.get_text(" ", strip=True) if h1 else source
    html = Markup("\n".join(str(c) for c in article.contents).strip())   # markup the kit built
    return Page(source, anchor, title, html, fill)


# --------------------------------------------------------------------------- rendering

def produced_date() -> _dt.date:
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch:
        return _dt.datetime.fromtimestamp(int(epoch), tz=_dt.timezone.utc).date()
    return _dt.date.today()


def site_fetcher(site: Path):
    """A WeasyPrint URL fetcher that reads files inside the built site and data: URLs,
    and nothing else; a missing file stops the render."""
    from weasyprint.urls import URLFetcher

    root = site.resolve()

    class SiteOnly(URLFetcher):
        def fetch(self, url, headers=None):
            if url.startswith("file:"):
                path = Path(url2pathname(urlsplit(url).path)).resolve()
                if not path.is_relative_to(root):
                    raise ValueError(f"{path} is outside the built site")
            return super().fetch(url, headers)

    return SiteOnly(allowed_protocols=("file", "data"), fail_on_errors=True)


def css_string(value: str):
    """A CSS string for a <style> element: quotes, backslashes and < escaped."""
    body = "".join(f"\\{ord(ch):x} " if ch in '"\\<>&' or ord(ch) < 32 else ch for ch in str(value))
    return Markup(f'"{body}"')


def qr_svg(address: str, text: str):
    """The QR code of an address, as inline SVG whose <title> (the figure's
    alternative text in the PDF) says where it leads."""
    import segno

    qr = segno.make(address, error="m")
    return Markup(qr.svg_inline(scale=1, border=2, dark="#0b0c0c", omitsize=True, title=text,
                                svgclass="kit-leaflet-qr", lineclass=None))


def tick_boxes(html: str, text: str) -> Markup:
    """A form printed blank: each radio button or check box becomes an empty box
    to tick, a small SVG picture whose <title> is `text` (so the tagged PDF has a
    figure a screen reader reads, before the answer's label), and each legend a
    paragraph (a legend would be an untyped element in the PDF's tags)."""
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(html, "html.parser")
    for el in soup.select('input[type="radio"], input[type="checkbox"]'):
        box = BeautifulSoup(
            '<svg xmlns="http://www.w3.org/2000/svg" class="kit-leaflet-box" viewBox="0 0 10 10">'
            '<title></title><rect x=".6" y=".6" width="8.8" height="8.8" fill="#fff" stroke="#0b0c0c" '
            'stroke-width="1.2"/></svg>', "html.parser").svg
        box.title.string = text
        if el.get("id"):
            box["id"] = el["id"]
        el.replace_with(box)
    for el in soup.select("legend"):
        el.name = "p"
    return Markup(str(soup))


def with_prefix(html: str, prefix: str) -> Markup:
    """Markup the leaflet holds twice (the "Get help now" box), its ids made unique."""
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(html, "html.parser")
    ids = {el["id"] for el in soup.select("[id]")}
    for el in soup.select("[id]"):
        el["id"] = f"{prefix}-{el['id']}"
    for attr in ("aria-labelledby", "aria-describedby"):
        for el in soup.select(f"[{attr}]"):
            el[attr] = " ".join(f"{prefix}-{i}" if i in ids else i for i in el[attr].split())
    return Markup(str(soup))


def fill_rows(html: str, rows: int) -> Markup:
    """Give every table to fill in `rows` empty rows, each with an id to find it by."""
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(html, "html.parser")
    for t, table in enumerate(soup.select("table.kit-fill")):
        body = table.find("tbody")
        columns = len(body.find("tr").find_all(["td", "th"]))
        for tr in body.find_all("tr"):
            tr.decompose()
        for i in range(rows):
            tr = soup.new_tag("tr", attrs={"id": f"kit-fill-{t}-{i}"})
            for _ in range(columns):
                tr.append(soup.new_tag("td"))
            body.append(tr)
    return Markup(str(soup))


def css_content(template: str) -> Markup:
    """A strings-file text such as "Page {page} of {pages}" as a CSS content value,
    the placeholders turned into counters: "Page " counter(page) " of " counter(pages)."""
    import string

    parts = []
    for literal, name, _, _ in string.Formatter().parse(template):
        if literal:
            parts.append(str(css_string(literal)))
        if name:
            parts.append(f"counter({name})")
    return Markup(" ".join(parts))


@dataclass
class Leaflet:
    """One leaflet of one configuration, ready to render in each of its forms."""
    spec: object         # supportkit.load.config.Leaflet
    title: str
    pages: list[Page]
    context: dict        # for components/leaflets/leaflet.html, without the form
    templates: object    # the kit's template environment

    def html(self, form: str, rows: int | None = None) -> str:
        """The leaflet's HTML in one form: a4, a5 or large-print (a size such as
        "A4" is taken too)."""
        pages = [p if not (p.fill and rows) else Page(p.source, p.anchor, p.title, fill_rows(p.html, rows), True)
                 for p in self.pages]
        form = form.lower()
        return self.templates.get_template("leaflets/leaflet.html").render(
            **self.context, leaflet=self.spec, title=self.title, form=form, pages=pages,
            document_title=self.context["large_print_title"] if form == LARGE_PRINT else self.title)


    def link_targets(self) -> dict[str, str]:
        """Words for each anchor a link within the leaflet can go to: a page's title,
        a heading's words, or the heading (else the first words) inside an element."""
        from bs4 import BeautifulSoup

        targets = {}
        for page in self.pages:
            targets[page.anchor] = page.title
            for el in BeautifulSoup(page.html, "html.parser").select("[id]"):
                heading = el if re.fullmatch(r"h[1-6]", el.name) else el.find(re.compile(r"^h[1-6]$"))
                words = (heading or el).get_text(" ", strip=True)
                if words:
                    targets[el["id"]] = words if heading else words[:80]
        return targets


def render(leaflet: Leaflet, form: str, site: Path):
    """The rendered document. A leaflet with a table to fill in is rendered twice
    or more: once to measure, then with the rows that fill its pages."""
    from weasyprint import HTML

    name = f"{leaflet.spec.id} ({form})"

    def doc(rows=None):
        return HTML(string=leaflet.html(form, rows), base_url=(site / "index.html").as_uri(),
                    url_fetcher=site_fetcher(site)).render(pdf_variant=PDF_VARIANT)

    if not any(p.fill for p in leaflet.pages):
        return doc()

    def rows_on(document) -> list[int]:
        return [sum(1 for a in page.anchors if a.startswith("kit-fill-")) for page in document.pages]

    def end_height(document) -> float:
        """The height of the closing "Get help now" box and the back, which share the last page."""
        for page in document.pages:
            if "kit-leaflet-end" in page.anchors:
                x1, y1, x2, y2 = page.anchors["kit-leaflet-end"]
                return y2 - y1
        return 0.0

    def end_page(document) -> int:
        return next(i for i, page in enumerate(document.pages) if "kit-leaflet-end" in page.anchors)

    # Measure: plenty of rows, so the table runs over several pages
    document = doc(FILL_ROWS_START)
    per_page = rows_on(document)
    first = next(i for i, n in enumerate(per_page) if n)
    section = next(p.anchor for p in leaflet.pages if p.fill)
    start = next(i for i, page in enumerate(document.pages) if section in page.anchors)
    if first > start and form.lower() != LARGE_PRINT:     # in large print the text above runs long
        print(f"leaflets: warning: in {name} the text above the table to fill in "
              f"takes the whole of page {start + 1}; shorten it so the table starts on that page",
              file=sys.stderr)
    # The closing "Get help now" box and the back share the table's last page, or
    # (large print) have an upright page of their own after it
    end = document.pages[end_page(document)]
    shared = end.width > end.height
    # Row pitch on a full page, to leave room for the end on the last
    full_page = document.pages[min(first + 1, len(document.pages) - 1)]
    full = [a for a in full_page.anchors.items() if a[0].startswith("kit-fill-")]
    pitch = (full[-1][1][3] - full[0][1][1]) / len(full) if len(full) > 1 else 1.0
    room = int(end_height(document) // pitch) + 1 if shared else 0
    last = first + FILL_PAGES
    while sum(per_page[first:last]) - room < MIN_FILL_ROWS and last < len(per_page) and per_page[last]:
        last += 1
    rows = sum(per_page[first:last]) - room
    # fewer rows than this would leave the table's last page empty: stop there
    lowest = max(1, sum(per_page[first:last - 1]) + 1 - room)
    while rows >= lowest:
        document = doc(rows)
        per_page = rows_on(document)
        table = per_page[first:] if shared else per_page[first:end_page(document)]
        if all(table) and len(table) >= FILL_PAGES:
            return document           # rows on every page from the table's first to the end
        rows -= 1
    print(f"leaflets: warning: in {name} the table to fill in is not on every page",
          file=sys.stderr)
    return doc(1)


# --------------------------------------------------------------------------- leaflets

def check_site(site: Path, heading: str, prefix: str = "") -> None:
    """The built site is there and was built from this configuration: its home page
    (in this language) prints the same name at the top (components/page/print-header.html)."""
    from bs4 import BeautifulSoup

    home = site / prefix / "index.html"
    if not home.is_file():
        raise KitError(site, "--site", "this is not a built site (it has no index.html)",
                       "give the folder `make site` wrote, or leave out --site")
    name = BeautifulSoup(home.read_text(encoding="utf-8"), "html.parser").select_one(".kit-print-header__name")
    if name is None or name.get_text(strip=True) != heading:
        raise KitError(site, "--site", f"the site was not built from this configuration (its pages are "
                       f"not headed {heading[:60]!r})", "build it again, or leave out --site")


def inside_line(edition: Edition, spec) -> str:
    """The cover's line on what is inside: the strings file's line for a default
    leaflet (the same id and pages), a general line for an organisation's own."""
    default = next((d for d in DEFAULT_LEAFLETS if d["id"] == spec.id), None)
    key = f"leaflets.inside.{spec.id}"
    if default and list(spec.pages) == default["pages"] and edition.strings.has(key):
        return edition.strings(key)
    return edition.strings("leaflets.inside_other", organisation=edition.heading)


def leaflets_for(edition: Edition, site: Path, only: str | None = None, prefix: str = "") -> list[Leaflet]:
    from bs4 import BeautifulSoup

    from supportkit.render.assets import Assets
    from supportkit.render.components import environment

    templates = environment(edition, Assets(edition.kind))
    strings = edition.strings
    heading = edition.heading
    check_site(site, heading, prefix)
    logo = edition.organisation.logo if edition.organisation and edition.organisation.logo else None
    if logo and not (site / logo).is_file():
        raise KitError(site / logo, "extra.organisation.logo", "the logo is not in the built site",
                       "build the site again, or leave out --site")
    produced = produced_date()
    help_soup = BeautifulSoup(str(templates.get_template("contacts/contacts.html").module.help_box(live=False)),
                              "html.parser")
    show_addresses(help_soup)
    help_box = str(help_soup)
    css = Markup((COMPONENTS / "leaflets" / "leaflet.css").read_text(encoding="utf-8"))
    checklist_css = Assets(edition.kind).files["checklist/checklist.css"][1].decode("utf-8")
    out = []
    for spec in edition.options.leaflets:
        if only and spec.id != only:
            continue
        anchors = {source: f"page-{i + 1}" for i, source in enumerate(spec.pages)}
        pages = [extract(site, source, anchors[source], anchors, edition.site_url, prefix) for source in spec.pages]
        pages = [Page(p.source, p.anchor, p.title, tick_boxes(p.html, strings("leaflets.tick_box")), p.fill)
                 for p in pages]
        online = None
        if edition.site_url:
            address = urljoin(edition.site_url, built_paths(spec.pages[0], prefix)[1])
            online = {"qr": qr_svg(address, strings("leaflets.qr_alt", address=address)), "address": address,
                      # pieces that end with a slash, so a line breaks only after a slash
                      "pieces": re.findall(r"[^/]*/|[^/]+$", address.removeprefix("https://"))}
        title = edition.leaflet_title(spec)
        # The checklist's own styles: the site's pages have them in the edition's one
        # stylesheet (supportkit/finish/css.py), not in a file the page's article links
        own = Markup("\n" + checklist_css) if any("data-kit-checklist" in p.html for p in pages) else Markup("")
        out.append(Leaflet(spec, title, pages, {
            "heading": heading, "logo": logo, "online": online, "css": css + own,
            "help_box": with_prefix(help_box, "cover"), "help_box_end": with_prefix(help_box, "end"),
            "inside": inside_line(edition, spec),
            "large_print_title": strings("leaflets.large_print_title", title=title),
            "produced": strings.date(produced), "produced_iso": produced.isoformat(),
            "running": {"org": css_string(heading), "title": css_string(title),
                        "produced": css_string(strings("leaflets.produced", date=strings.date(produced))),
                        "page": css_content(strings("leaflets.page_of", page="{page}", pages="{pages}"))},
        }, templates))
    return out


# The PDFs to render, read by each worker process (which inherits it by fork).
_JOBS: list[tuple] = []


def _render_job(index: int) -> int:
    from supportkit.editions.leaflet_pdf import finish

    leaflet, form, site, path = _JOBS[index]
    document = render(leaflet, form, site)
    return finish(document.write_pdf(pdf_variant=PDF_VARIANT), path, leaflet.link_targets())


def workers() -> int:
    """How many PDFs are rendered at once: KIT_JOBS, else one per processor the kit may use."""
    value = os.environ.get("KIT_JOBS", "")
    if value.isdigit() and int(value) > 0:
        return int(value)
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)


def render_all(jobs: list[tuple]) -> list[int]:
    """Render (leaflet, form, site, path) jobs, in parallel processes where the
    system can fork them (WeasyPrint is CPU-bound); the number of pages of each."""
    global _JOBS
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    count = min(len(jobs), workers())
    _JOBS = jobs
    try:
        if count < 2 or "fork" not in multiprocessing.get_all_start_methods():
            return [_render_job(i) for i in range(len(jobs))]
        with ProcessPoolExecutor(count, mp_context=multiprocessing.get_context("fork")) as pool:
            return list(pool.map(_render_job, range(len(jobs))))
    finally:
        _JOBS = []


def write_leaflets(editions, site: Path, out: Path, only: str | None = None,
                   forms: tuple | None = None) -> list[tuple[Path, int]]:
    """Render every leaflet in every form and language into a temporary folder,
    then swap it in. Returns each file written with its number of pages (a
    booklet's: sides of A4). Each language's pages come from its part of the
    built site (the default language at the root, another under <code>/).
    `only`: one leaflet; `forms`: only these forms (a booklet needs its A5)."""
    from supportkit.editions.booklet import impose
    from supportkit.load.config import as_editions

    editions = as_editions(editions)
    languages = list(editions)
    written = []
    with replace_in_folder(out, keep_existing=bool(only or forms)) as tmp:     # keep the others
        jobs, booklets = [], []
        for i, (lang, edition) in enumerate(editions.items()):
            prefix = "" if i == 0 else f"{lang}/"
            for leaflet in leaflets_for(edition, site, only, prefix):
                wanted = [f for f in forms_of(leaflet.spec) if not forms or f in forms
                          or (f == "a5" and BOOKLET in forms)]
                for form in wanted:
                    name = file_name(leaflet.spec.id, form, lang, languages)
                    if form == BOOKLET:
                        booklets.append((tmp / file_name(leaflet.spec.id, "a5", lang, languages), name))
                    else:
                        jobs.append((leaflet, form, site, tmp / name))
        for (_, _, _, path), pages in zip(jobs, render_all(jobs)):
            written.append((out.resolve() / path.name, pages))
        for a5, name in booklets:
            written.append((out.resolve() / name, impose(a5, tmp / name)))
    return written


def make_leaflets(editions, out: Path, site: Path | None = None, only: str | None = None,
                  forms: tuple | None = None) -> list[tuple[Path, int]]:
    """`make leaflets`: build the web edition (unless `site` is given), then render every leaflet."""
    import tempfile

    from supportkit.load.config import as_editions

    editions = as_editions(editions)
    first = next(iter(editions.values()))
    ids = [spec.id for spec in first.options.leaflets]
    if only and only not in ids:
        raise KitError(first.file, "--only", f"there is no leaflet {shown(only)}", "use one of: " + ", ".join(ids))
    with tempfile.TemporaryDirectory(prefix="kit-leaflets-") as work:
        if site is None:
            from supportkit.editions.web import build
            site = Path(work) / "site"
            build(editions, site)
        return write_leaflets(editions, site, out, only, forms)
