"""Leaflets (`make leaflets`, supportkit/editions/leaflets.py): every leaflet in A4, A5,
as an A5 booklet and in large print, for the default edition and the example
organisation: tagged for PDF/UA (structure, language, title, bookmarks,
headings in order, figures with alternative text, table headers, running
header and footer as artifacts), opening with a cover and closing with "Get
help now", branded, numbered, dated, with no quick exit in them; the booklet
imposed in saddle-stitch order; large print at 16pt or more; the behaviour
diary has its table on every page; a bad leaflet list stops before anything is
written. (tests/test_leaflet_booklet.py: the imposition and the file names.)"""
from __future__ import annotations

import functools
import math
import re
import subprocess
from pathlib import Path

import pytest
import yaml

from conftest import EXAMPLE, NORTHERN_IRELAND, ROOT, SCOTLAND, kit_command

from supportkit.load.config import DEFAULT_LEAFLETS, load_edition

SIZES = {"a4": (595, 842), "a5": (420, 595)}          # points, portrait
FORMS = {"a4": (595, 842), "a5": (420, 595), "large-print": (595, 842), "a5-booklet": (842, 595)}
PRODUCED = "21 November 2026"
SOURCE_DATE_EPOCH = "1795219200"                      # 2026-11-21 00:00 UTC
LARGE_PRINT_MIN_PT = 16

# Page counts allowed for each leaflet, in A4, A5 and large print (the same
# bounds for the default and the example edition). Each leaflet now opens with
# a cover page, so the A4 and A5 bounds are one more than before it. Today:
# where-to-get-help 9-10 / 11-12 / 17-18, keeping-records 6 / 6-7 / 10,
# behaviour-diary 4 / 4-5 / 7, unwanted-calls 3 / 3-4 / 4-5, risk-checklist
# 4-5 / 5-6 / 9-10. A bound that fails means a page grew a lot or the layout
# broke: look at the PDF before widening it. (A booklet has the sides its A5
# pages need: test_the_booklet_is_imposed_for_saddle_stitching.)
PAGE_BOUNDS = {
    "where-to-get-help": {"a4": (6, 12), "a5": (8, 16), "large-print": (12, 24)},
    "keeping-records": {"a4": (4, 8), "a5": (4, 9), "large-print": (6, 14)},
    "behaviour-diary": {"a4": (3, 6), "a5": (3, 7), "large-print": (4, 9)},   # two pages or more to write on
    "unwanted-calls": {"a4": (2, 4), "a5": (2, 5), "large-print": (3, 7)},
    "risk-checklist": {"a4": (3, 7), "a5": (3, 9), "large-print": (5, 14)},
}
# The diary's column headings, on every page of the diary
DIARY_COLUMNS = ["Date", "Time", "Place", "What happened", "What they looked and sounded like, and any vehicle",
                 "How it made you feel", "Witnesses and evidence kept", "Told the police? Reference"]
# What the cover says inside each default leaflet, and a tick box says it is (strings/en.yml)
INSIDE = {
    "where-to-get-help": "What stalking and harassment are, how to stay safe, and who can help you.",
    "keeping-records": "How to keep a record of what happens, with a diary to fill in by hand.",
    "behaviour-diary": "A diary to fill in by hand, to write down each thing that happens.",
    "unwanted-calls": "What to do if someone keeps calling you or sending you messages.",
    "risk-checklist": "Questions to help you think about your safety and how soon to get help.",
}
TICK_BOX = "Empty box to tick"


def run_leaflets(*args: str, env_extra: dict | None = None) -> subprocess.CompletedProcess:
    return kit_command("leaflets", *args, env=dict(SOURCE_DATE_EPOCH=SOURCE_DATE_EPOCH, **(env_extra or {})))


@pytest.fixture(scope="session")
def default_leaflets(tmp_path_factory) -> Path:
    """`make leaflets` for the default edition: it builds the site itself."""
    out = tmp_path_factory.mktemp("leaflets") / "default"
    proc = run_leaflets("--config", str(ROOT / "mkdocs.yml"), "--out", str(out))
    assert proc.returncode == 0, proc.stdout + proc.stderr
    return out


@pytest.fixture(scope="session")
def example_leaflets(tmp_path_factory, example_site) -> Path:
    """The example organisation's leaflets, from the example edition the other tests built."""
    out = tmp_path_factory.mktemp("leaflets") / "example"
    proc = run_leaflets("--config", str(EXAMPLE), "--site", str(example_site), "--out", str(out))
    assert proc.returncode == 0, proc.stdout + proc.stderr
    return out


@pytest.fixture(scope="session")
def scotland_leaflets(tmp_path_factory, scotland_site) -> Path:
    out = tmp_path_factory.mktemp("leaflets") / "scotland"
    proc = run_leaflets("--config", str(SCOTLAND), "--site", str(scotland_site), "--out", str(out))
    assert proc.returncode == 0, proc.stdout + proc.stderr
    return out


@pytest.fixture(scope="session")
def northern_ireland_leaflets(tmp_path_factory, northern_ireland_site) -> Path:
    out = tmp_path_factory.mktemp("leaflets") / "northern-ireland"
    proc = run_leaflets("--config", str(NORTHERN_IRELAND), "--site", str(northern_ireland_site), "--out", str(out))
    assert proc.returncode == 0, proc.stdout + proc.stderr
    return out


CONFIGS = {"default": ROOT / "mkdocs.yml", "example": EXAMPLE, "scotland": SCOTLAND, "northern_ireland": NORTHERN_IRELAND}


# make test renders the default edition's leaflets; test-full the organisations' too (each is 20 PDFs)
@pytest.fixture(scope="session", params=["default", pytest.param("example", marks=pytest.mark.full),
                                         pytest.param("scotland", marks=pytest.mark.full),
                                         pytest.param("northern_ireland", marks=pytest.mark.full)])
def edition(request) -> dict:
    """Each edition's leaflets, with what they must say."""
    config = CONFIGS[request.param]
    loaded = load_edition(config)
    # 999 first, then 101 and the National Stalking Helpline; then the main number of every
    # other contact in the "Get help now" box (docs/data/contacts.yml, the organisation's
    # local contacts), so a number added to the box is looked for too
    numbers = ["999", "101", "0808 802 0300"]
    numbers += [c.main.number for c in loaded.help_box if c.main and c.main.number not in numbers
                and c.id not in ("emergency", "police")]
    return {"name": request.param, "out": request.getfixturevalue(f"{request.param}_leaflets"),
            "questions": len(loaded.checklist.questions),
            "logo": bool(loaded.organisation and loaded.organisation.logo),
            "heading": loaded.heading, "numbers": numbers, "site_url": loaded.site_url,
            "local": [c.name for c in loaded.local_contacts if c.in_help_box],
            "titles": {spec.id: loaded.leaflet_title(spec) for spec in loaded.options.leaflets},
            "leaflets": [{"id": spec.id, "pages": list(spec.pages)} for spec in loaded.options.leaflets]}


def pdfs(edition: dict, *forms: str) -> dict[str, Path]:
    """The edition's PDFs, all of them or those of the given forms (a4, a5, a5-booklet, large-print)."""
    return {p.name: p for p in sorted(edition["out"].glob("*.pdf")) if not forms or form_of(p.name) in forms}


def form_of(name: str) -> str:
    """where-to-get-help-a5-booklet.pdf -> a5-booklet"""
    return next(f for f in sorted(FORMS, key=len, reverse=True) if name.endswith(f"-{f}.pdf"))


def leaflet_of(name: str) -> str:
    return name[: -len(f"-{form_of(name)}.pdf")]


READ = ("a4", "a5", "large-print")       # the forms read page by page (not the imposed booklet)


def pages_text(pdf: Path) -> list[str]:
    return list(_pages_text(pdf, pdf.stat().st_mtime_ns))


@functools.lru_cache(maxsize=None)
def _pages_text(pdf: Path, _mtime: int) -> tuple[str, ...]:
    """Read once per run: the session's PDFs are read by many tests."""
    from pypdf import PdfReader
    return tuple(re.sub(r"[ \t]+", " ", page.extract_text() or "") for page in PdfReader(pdf).pages)


def test_the_defaults_are_the_four_leaflets_and_the_diary():
    assert [leaflet["id"] for leaflet in DEFAULT_LEAFLETS] == list(PAGE_BOUNDS)
    loaded = load_edition(ROOT / "mkdocs.yml").options.leaflets
    assert [(x.id, list(x.pages), x.sizes) for x in loaded] == \
        [(d["id"], d["pages"], ("A4", "A5")) for d in DEFAULT_LEAFLETS]


def test_every_leaflet_is_rendered_in_a4_and_a5_as_a_booklet_and_in_large_print(edition):
    expected = {f"{leaflet['id']}-{form}.pdf" for leaflet in edition["leaflets"] for form in FORMS}
    assert set(pdfs(edition)) == expected
    assert sorted(p.name for p in edition["out"].iterdir()) == sorted(expected | {".kit-output"}), \
        "nothing else in the folder but the kit's marker"


def test_page_counts_and_paper_sizes(edition):
    from pypdf import PdfReader

    counts = {}
    for name, pdf in pdfs(edition).items():
        leaflet, form = leaflet_of(name), form_of(name)
        reader = PdfReader(pdf)
        counts[name] = len(reader.pages)
        if form in PAGE_BOUNDS[leaflet]:
            low, high = PAGE_BOUNDS[leaflet][form]
            assert low <= len(reader.pages) <= high, f"{name}: {len(reader.pages)} pages, expected {low} to {high}"
        for i, page in enumerate(reader.pages):
            box = (round(float(page.mediabox.width)), round(float(page.mediabox.height)))
            if form == "a5-booklet":
                assert box == FORMS[form], f"{name} side {i + 1} is {box}, not A4 landscape"
            else:
                box = tuple(sorted(box))     # a page to fill in is landscape
                assert box == FORMS[form], f"{name} page {i + 1} is {box}, not {form}"
    print(edition["name"], counts)


def test_text_names_the_organisation_and_the_numbers_and_never_the_quick_exit(edition):
    for name, pdf in pdfs(edition).items():
        pages = pages_text(pdf)
        text = "\n".join(pages)
        assert edition["heading"] in pages[0], f"{name}: the first page lacks {edition['heading']!r}"
        for number in edition["numbers"]:
            assert number in text, f"{name} lacks {number}"
        assert "Exit this page" not in text and "exit this page" not in text.lower(), name
        assert "Page last reviewed" not in text, name


def pdftotext(pdf: Path, page: int | None = None, crop: tuple | None = None) -> str:
    """Poppler's text of a PDF (or one page, or a part of one: x, y, width, height in
    points), white space made single spaces."""
    args = ["pdftotext", "-enc", "UTF-8"]
    if page:
        args += ["-f", str(page), "-l", str(page)]
    if crop:
        args += ["-r", "72", "-x", str(crop[0]), "-y", str(crop[1]), "-W", str(crop[2]), "-H", str(crop[3])]
    out = subprocess.run(args + [str(pdf), "-"], check=True, capture_output=True, text=True).stdout
    return " ".join(out.split())


def test_the_cover_has_the_title_what_is_inside_the_organisation_and_get_help_now(edition):
    """The cover: the title first, a line on what is inside, the organisation, and the
    "Get help now" numbers, 999 first."""
    for name, pdf in pdfs(edition, *READ).items():
        leaflet = leaflet_of(name)
        cover = pdftotext(pdf, 1)
        assert pdftotext(pdf).startswith(edition["titles"][leaflet]), f"{name} does not start with its title"
        assert cover.startswith(edition["titles"][leaflet] + " " + INSIDE[leaflet]), cover[:200]
        assert edition["heading"] in cover and "Get help now" in cover, f"{name}: {cover[:300]}"
        box = cover[cover.index("Get help now"):]
        for number in edition["numbers"]:
            assert number in box, f"{name}: the cover's Get help now lacks {number}"
        assert min(box.index(n) for n in edition["numbers"]) == box.index("999"), f"{name}: 999 is not first"
        for local in edition["local"]:
            assert local in box, f"{name}: the cover's Get help now lacks {local}"
        assert "Page 1 of" not in cover, f"{name}: the cover has a page number"


def test_each_leaflet_opens_and_ends_with_get_help_now(edition):
    for name, pdf in pdfs(edition, *READ).items():
        pages = pages_text(pdf)
        first, last = pages[0], pages[-1]
        assert "Get help now" in first, f"{name}: the cover has no Get help now box"
        assert "Get help now" in last, f"{name}: the last page has no Get help now box"
        assert "Get help now" not in "\n".join(pages[1:-1]), f"{name}: Get help now between the cover and the end"
        for number in edition["numbers"]:
            assert number in last[last.index("Get help now"):], f"{name}: Get help now lacks {number}"
        for local in edition["local"]:
            assert local in last[last.index("Get help now"):], f"{name}: Get help now lacks {local}"


def test_every_page_is_branded_numbered_and_dated(edition):
    """Every page after the cover; the cover has the organisation's name and no running
    header or footer (the date produced is on the back, and in the footer of every other page)."""
    for name, pdf in pdfs(edition, *READ).items():
        pages = pages_text(pdf)
        assert edition["heading"] in pages[0], f"{name}: the cover lacks the organisation's name"
        assert "Produced" not in pages[0] and "Page 1 of" not in pages[0], f"{name}: the cover has a footer"
        for i, text in enumerate(pages[1:], 2):
            assert f"Page {i} of {len(pages)}" in text, f"{name} page {i} has no page number"
            assert f"Produced {PRODUCED}" in text, f"{name} page {i} has no date produced"
            assert edition["heading"] in text, f"{name} page {i} lacks the organisation's name"


def test_the_back_has_the_date_and_the_online_address_only_when_the_site_has_one(edition):
    for name, pdf in pdfs(edition, *READ).items():
        leaflet = next(x for x in edition["leaflets"] if x["id"] == leaflet_of(name))
        last = pages_text(pdf)[-1]
        flat = re.sub(r"\s+", "", last)
        assert f"Produced by {edition['heading']} on {PRODUCED}." in " ".join(last.split()), name
        if edition["site_url"]:
            page = leaflet["pages"][0][: -len(".md")]
            address = edition["site_url"].replace("https://", "") + ("" if page == "index" else page + "/")
            assert "Read this online" in last and address in flat, f"{name}: no online address on the back"
        else:
            assert "Read this online" not in last
        assert "Read this online" not in "\n".join(pages_text(pdf)[:-1]), f"{name}: the address before the back"


def test_the_first_page_is_not_blank(edition, tmp_path):
    from PIL import Image

    for name, pdf in pdfs(edition).items():
        prefix = tmp_path / name
        subprocess.run(["pdftoppm", "-png", "-r", "50", "-f", "1", "-l", "1", str(pdf), str(prefix)], check=True)
        png = next(tmp_path.glob(f"{name}*.png"))
        image = Image.open(png).convert("L")
        dark = sum(image.histogram()[:200])                  # pixels darker than light grey
        assert dark / (image.width * image.height) > 0.02, f"{name}: the first page is (nearly) blank"


@pytest.mark.parametrize("form", ["a4", "a5", "large-print"])
def test_the_diary_has_its_table_on_every_page(edition, form):
    """Every page after the cover, to the end; on A5 and in large print the end ("Get
    help now" and the back) is too tall to share a landscape page, and has a page of its own."""
    pages = pages_text(edition["out"] / f"behaviour-diary-{form}.pdf")
    assert len(pages) >= 3
    table_pages = [i for i, text in enumerate(pages, 1)
                   if all(c in re.sub(r"\s+", " ", text) for c in DIARY_COLUMNS)]
    assert len(table_pages) >= 2, f"behaviour-diary-{form}: the table is on fewer than two pages"
    own_page = form in ("a5", "large-print")
    end = len(pages) - 1 if own_page else len(pages)
    if own_page:
        assert "Get help now" in pages[-1] and not any(c in pages[-1] for c in DIARY_COLUMNS[3:])
    # from its first page to the end, with none missing
    assert table_pages == list(range(table_pages[0], end + 1)), (form, table_pages, len(pages))
    for i, text in enumerate(pages[1:end], 2):
        if i < table_pages[0]:
            continue
        flat = re.sub(r"\s+", " ", text)
        missing = [c for c in DIARY_COLUMNS if c not in flat]
        assert not missing, f"behaviour-diary-{form} page {i} lacks the table (no {missing})"
    if form != "large-print":       # the table starts on the diary's first page
        assert table_pages[0] == 2, f"behaviour-diary-{form}: the table starts on page {table_pages[0]}"


# --------------------------------------------------------------------------- the PDFs' structure (PDF/UA)

def open_pdf(path: Path):
    import pikepdf
    return pikepdf.open(path)


def elements(root) -> list:
    """Every structure element under root (itself first), in the tree's reading order."""
    import pikepdf

    out, stack = [], [root]
    while stack:
        element = stack.pop()
        out.append(element)
        kids = element.get("/K")
        kids = [kids] if isinstance(kids, pikepdf.Dictionary) else (list(kids) if isinstance(kids, pikepdf.Array)
                                                                  else [])
        stack.extend(reversed([k for k in kids if isinstance(k, pikepdf.Dictionary) and "/S" in k]))
    return out


def mcids(element) -> list[int]:
    """The marked-content ids an element holds directly (an integer, or a reference dictionary)."""
    import pikepdf

    kids = element.get("/K")
    kids = [kids] if not isinstance(kids, pikepdf.Array) else list(kids)
    return [int(k) if isinstance(k, int) else int(k.MCID) for k in kids
            if isinstance(k, int) or (isinstance(k, pikepdf.Dictionary) and k.get("/Type") == "/MCR")]


def first_mcid(element) -> int | None:
    for e in elements(element):
        if mcids(e):
            return mcids(e)[0]
    return None


def mul(m, n):
    """Two PDF matrices (a b c d e f), m then n."""
    a, b, c, d, e, f = m
    A, B, C, D, E, F = n
    return (a * A + b * C, a * B + b * D, c * A + d * C, c * B + d * D, e * A + f * C + E, e * B + f * D + F)


def text_runs(page) -> list[dict]:
    """Each run of text shown on a page's own content stream: the marked-content id
    around it (or "artifact", or None), its size in points and where it starts (y
    upwards from the foot of the page)."""
    import pikepdf

    ctm, stack, marks, runs = (1, 0, 0, 1, 0, 0), [], [], []
    tm = tlm = (1, 0, 0, 1, 0, 0)
    size = 0.0
    for operands, operator in pikepdf.parse_content_stream(page):
        op = str(operator)
        if op == "q":
            stack.append(ctm)
        elif op == "Q":
            ctm = stack.pop()
        elif op == "cm":
            ctm = mul(tuple(float(x) for x in operands), ctm)
        elif op == "BT":
            tm = tlm = (1, 0, 0, 1, 0, 0)
        elif op == "Tm":
            tm = tlm = tuple(float(x) for x in operands)
        elif op in ("Td", "TD"):
            tm = tlm = mul((1, 0, 0, 1, float(operands[0]), float(operands[1])), tlm)
        elif op == "Tf":
            size = float(operands[1])
        elif op == "BDC":
            props = operands[1]
            marks.append(int(props.MCID) if isinstance(props, pikepdf.Dictionary) and "/MCID" in props
                         else ("artifact" if str(operands[0]) == "/Artifact" else None))
        elif op == "BMC":
            marks.append("artifact" if str(operands[0]) == "/Artifact" else None)
        elif op == "EMC":
            marks.pop()
        elif op in ("Tj", "TJ", "'", '"'):
            m = mul(tm, ctm)
            mark = next((x for x in reversed(marks) if x is not None), None)
            runs.append({"mcid": mark, "size": size * math.hypot(m[2], m[3]), "y": m[5]})
    return runs


def test_every_pdf_is_tagged_with_language_title_and_bookmarks(edition):
    language = load_edition(ROOT / "mkdocs.yml").strings.lang
    for name, path in pdfs(edition).items():
        with open_pdf(path) as pdf:
            root = pdf.Root
            assert root.MarkInfo.Marked is True, f"{name} is not marked"
            assert "/StructTreeRoot" in root and elements(root.StructTreeRoot)[1:], f"{name} has no structure tree"
            assert str(root.get("/Lang")) == language, f"{name}: /Lang is {root.get('/Lang')!r}"
            title = edition["titles"][leaflet_of(name)]
            assert str(pdf.docinfo.Title).startswith(title), f"{name}: /Title {pdf.docinfo.get('/Title')!r}"
            assert form_of(name) != "large-print" or "(large print)" in str(pdf.docinfo.Title)
            assert root.ViewerPreferences.DisplayDocTitle is True, f"{name}: the title is not the window title"
            assert "/Outlines" in root and "/First" in root.Outlines, f"{name} has no bookmarks"
            with pdf.open_metadata() as meta:
                assert meta.get("{http://www.aiim.org/pdfua/ns/id/}part") == "1", f"{name} does not claim PDF/UA-1"
                assert meta.get("dc:title") == str(pdf.docinfo.Title)
            for page in pdf.pages:
                assert page.get("/Tabs") == "/S", f"{name}: a page's tab order is not the structure's"
                for link in page.get("/Annots", []):        # a link says where it goes, in words
                    words = str(link.get("/Contents", ""))
                    assert link.get("/Subtype") != "/Link" or (words and not re.fullmatch(r"page-\d+.*", words)), \
                        f"{name}: a link described as {words!r}"


def test_every_figure_has_alternative_text(edition):
    """The logo, the QR code and the tick boxes; nothing else is a figure."""
    for name, path in pdfs(edition).items():
        with open_pdf(path) as pdf:
            figures = [e for e in elements(pdf.Root.StructTreeRoot) if e.get("/S") == "/Figure"]
            alts = [str(e.get("/Alt", "")).strip() for e in figures]
            assert all(alts), f"{name}: a figure without alternative text"
            logo = f"{edition['heading']} logo"
            for alt in alts:
                assert alt == TICK_BOX or (alt == logo and edition["logo"]) or \
                    (alt.startswith("QR code that opens this leaflet online at https://") and edition["site_url"]), \
                    f"{name}: figure {alt!r}"
            assert alts.count(logo) == edition["logo"], f"{name}: the logo is not a figure on the cover"
            assert sum(a.startswith("QR code") for a in alts) == bool(edition["site_url"]), f"{name}: QR code"


def test_headings_are_tagged_in_reading_order_and_bookmarked(edition):
    """The headings' order in the structure tree is the order on the page (page by page,
    top to bottom), levels never skip, and each heading is a bookmark to its page."""
    for name, path in pdfs(edition, *READ).items():
        with open_pdf(path) as pdf:
            pages = {p.objgen: i for i, p in enumerate(pdf.pages)}
            where = {}
            for i, page in enumerate(pdf.pages):
                for run in text_runs(page):
                    if isinstance(run["mcid"], int):
                        where.setdefault((i, run["mcid"]), run["y"])
            headings = []
            for e in elements(pdf.Root.StructTreeRoot):
                if re.fullmatch(r"/H[1-6]", str(e.get("/S"))):
                    page = pages[e.Pg.objgen]
                    headings.append((int(str(e.S)[2]), page, -where[(page, first_mcid(e))]))
            assert headings and headings[0][0] == 1, f"{name}: the first heading is not H1"
            positions = [(page, y) for _, page, y in headings]
            assert positions == sorted(positions), f"{name}: the tree's headings are not in the page's order"
            for (before, _, _), (level, page, _) in zip(headings, headings[1:]):
                assert level <= before + 1, f"{name}: H{before} then H{level} on page {page + 1}"
            outline = []
            with pdf.open_outline() as tree:
                stack = list(reversed(tree.root))
                while stack:
                    item = stack.pop()
                    outline.append(pages[item.destination[0].objgen])
                    stack.extend(reversed(item.children))
            assert outline == [page for _, page, _ in headings], f"{name}: the bookmarks are not the headings"


def test_the_running_header_and_footer_are_artifacts(edition):
    """All marked content is held by the structure tree, and the text in the top and
    bottom margins (organisation, title, date, page number) is an artifact."""
    for name, path in pdfs(edition, *READ).items():
        with open_pdf(path) as pdf:
            held = {}
            for e in elements(pdf.Root.StructTreeRoot):
                for mcid in mcids(e):
                    held.setdefault(e.Pg.objgen, set()).add(mcid)
            for i, page in enumerate(pdf.pages):
                runs = text_runs(page)
                shown = {r["mcid"] for r in runs if isinstance(r["mcid"], int)}
                assert shown <= held.get(page.objgen, set()), f"{name} page {i + 1}: text the tree does not hold"
                assert all(r["mcid"] is not None for r in runs), f"{name} page {i + 1}: unmarked text"
                if i == 0:
                    assert "artifact" not in {r["mcid"] for r in runs}, f"{name}: the cover has a running header"
                    continue
                top, foot = max(runs, key=lambda r: r["y"]), min(runs, key=lambda r: r["y"])
                assert top["mcid"] == "artifact" and foot["mcid"] == "artifact", \
                    f"{name} page {i + 1}: the running header or footer is not an artifact"


def test_the_diarys_table_has_header_cells(edition):
    for name, path in pdfs(edition).items():
        if leaflet_of(name) not in ("behaviour-diary", "keeping-records"):
            continue
        with open_pdf(path) as pdf:
            tables = [e for e in elements(pdf.Root.StructTreeRoot) if e.get("/S") == "/Table"]
            assert tables, f"{name} has no table"
            for table in tables:
                inside = elements(table)
                headers = [e for e in inside if e.get("/S") == "/TH"]
                cells = [e for e in inside if e.get("/S") == "/TD"]
                assert len(headers) == len(DIARY_COLUMNS), f"{name}: {len(headers)} header cells"
                assert all(e.A.Scope == "/Column" for e in headers), f"{name}: a header cell without its scope"
                ids = {str(e.ID) for e in headers}
                assert cells and all(e.A.Headers and {str(h) for h in e.A.Headers} <= ids for e in cells), \
                    f"{name}: a cell to fill in does not name its column's header"


def test_the_checklists_boxes_are_tagged_after_their_question(edition):
    """Each empty box to tick is a figure a screen reader reads, after the question."""
    for name, path in pdfs(edition, *READ).items():
        if leaflet_of(name) != "risk-checklist":
            continue
        with open_pdf(path) as pdf:
            order = elements(pdf.Root.StructTreeRoot)
            boxes = [i for i, e in enumerate(order) if e.get("/S") == "/Figure" and str(e.get("/Alt")) == TICK_BOX]
            assert len(boxes) == 3 * edition["questions"], f"{name}: {len(boxes)} boxes to tick"
            questions = [i for i, e in enumerate(order) if e.get("/S") == "/P" and boxes[0] > i]
            assert questions, f"{name}: no paragraph (the first question) before the first box"


def test_large_print_is_16pt_or_more_with_larger_headings(edition):
    for name, path in pdfs(edition, "large-print").items():
        with open_pdf(path) as pdf:
            sizes = [r["size"] for page in pdf.pages for r in text_runs(page)]
            assert min(sizes) >= LARGE_PRINT_MIN_PT - 0.01, f"{name}: text at {min(sizes):.1f}pt"
            assert max(sizes) >= 1.5 * LARGE_PRINT_MIN_PT, f"{name}: no heading larger than the text"


def test_the_booklet_is_imposed_for_saddle_stitching(edition):
    """A4 landscape sides, the A5 pages padded to a multiple of four (an even number of
    sides), the first side the back (left) and the cover (right), and the A5 leaflet's
    pages all there, in saddle-stitch order (tests/test_leaflet_booklet.py checks the
    order page by page)."""
    for name, path in pdfs(edition, "a5-booklet").items():
        a5 = edition["out"] / name.replace("-a5-booklet.pdf", "-a5.pdf")
        a5_pages = pages_text(a5)
        with open_pdf(path) as pdf:
            sides = len(pdf.pages)
            assert sides == 2 * math.ceil(len(a5_pages) / 4), f"{name}: {sides} sides for {len(a5_pages)} pages"
        half = (421, 595)
        left, right = (pdftotext(path, 1, (0, 0) + half), pdftotext(path, 1, (421, 0) + half))
        assert right.startswith(edition["titles"][leaflet_of(name)]), f"{name}: the cover is not on the right"
        assert f"Page {len(a5_pages)} of {len(a5_pages)}" in left and "Produced by" in left, \
            f"{name}: the back is not on the left of the first side"
        numbers = set()
        for side in range(1, sides + 1):
            for crop in ((0, 0) + half, (421, 0) + half):
                numbers.update(int(n) for n in re.findall(rf"Page (\d+) of {len(a5_pages)}",
                                                          pdftotext(path, side, crop)))
        assert numbers == set(range(2, len(a5_pages) + 1)), f"{name}: pages missing from the booklet"


def test_the_qr_code_is_drawn_from_the_online_address(example_site, default_site):
    from supportkit.editions import leaflets

    for config, site, has_qr in ((EXAMPLE, example_site, True), (ROOT / "mkdocs.yml", default_site, False)):
        for leaflet in leaflets.leaflets_for(load_edition(config), site):
            html = leaflet.html("A4")
            assert bool(re.search(r'<svg [^>]*class="kit-leaflet-qr"', html)) == has_qr, (config, leaflet.spec.id)
            if has_qr:
                assert re.search(r'<svg [^>]*class="kit-leaflet-qr"[^>]*><title>QR code that opens this leaflet '
                                 r'online at https://', html), "the QR code does not say where it leads"


def test_a_blank_form_and_no_screen_only_parts(tmp_path):
    """A page as built: ticked answers are cleared, hidden buttons stay hidden, the
    page's own help box and review line go (the leaflet adds its box at the end),
    and ids are made unique."""
    from supportkit.editions import leaflets

    site = tmp_path / "site"
    (site / "risk-checklist").mkdir(parents=True)
    (site / "risk-checklist" / "index.html").write_text("""<html><body><header class="kit-qe">Exit this page</header>
<article class="md-content__inner md-typeset"><div id="main-content" class="kit-skip-target"></div>
<div class="kit-print-header"><p>Org</p></div><h1 id="risk-checklist">Risk checklist</h1>
<form><fieldset><legend>1. A question?</legend>
<input type="radio" id="q1-yes" name="q1" value="yes" checked><label for="q1-yes">Yes</label>
<input type="radio" id="q1-no" name="q1" value="no"><label for="q1-no">No</label></fieldset>
<div hidden><button type="submit">Show</button></div></form>
<p><a href="../report-it/">report it</a> <a href="#risk-checklist">top</a></p>
<p class="kit-reviewed">Page last reviewed: 21 November 2026</p>
<section class="kit-help"><h2 id="kit-help-title">Get help now</h2></section></article></body></html>""")
    page = leaflets.extract(site, "risk-checklist.md", "page-1", {"risk-checklist.md": "page-1"}, None)
    assert "checked" not in page.html and 'value="yes"' not in page.html
    assert 'id="page-1-q1-yes"' in page.html and 'for="page-1-q1-yes"' in page.html
    assert "<div hidden" in page.html
    for gone in ("Get help now", "Page last reviewed", "Exit this page", "kit-print-header", "main-content"):
        assert gone not in page.html, gone
    assert 'href="#page-1-risk-checklist"' in page.html
    assert "../report-it/" not in page.html and "report it" in page.html     # no site address: plain words
    online = leaflets.extract(site, "risk-checklist.md", "page-1", {"risk-checklist.md": "page-1"},
                              "https://www.example.gov.uk/stalking/")
    assert 'href="https://www.example.gov.uk/stalking/report-it/"' in online.html
    assert page.title == "Risk checklist" and not page.fill


def test_pictures_in_a_page_need_alternative_text_or_are_left_out(tmp_path):
    from supportkit.editions import leaflets
    from supportkit.core.errors import KitError

    site = tmp_path / "site"
    (site / "diary").mkdir(parents=True)
    page = site / "diary" / "index.html"
    page.write_text('<html><body><article><h1>Diary</h1><img src="a.png" alt="A map of the area">'
                    '<img src="line.png" alt=""><svg aria-hidden="true"><path d="M0 0"/></svg></article></body></html>')
    html = str(leaflets.extract(site, "diary.md", "page-1", {"diary.md": "page-1"}, None).html)
    assert 'alt="A map of the area"' in html and "line.png" not in html and "<svg" not in html
    page.write_text('<html><body><article><h1>Diary</h1><img src="a.png"></article></body></html>')
    with pytest.raises(KitError) as error:
        leaflets.extract(site, "diary.md", "page-1", {"diary.md": "page-1"}, None)
    assert "docs/diary.md" in str(error.value) and "alternative text" in str(error.value)


def test_the_date_produced_follows_source_date_epoch(monkeypatch):
    import datetime

    from supportkit.editions import leaflets

    monkeypatch.setenv("SOURCE_DATE_EPOCH", SOURCE_DATE_EPOCH)
    assert leaflets.produced_date() == datetime.date(2026, 11, 21)
    monkeypatch.delenv("SOURCE_DATE_EPOCH")
    assert leaflets.produced_date() == datetime.date.today()


# --------------------------------------------------------------------------- configuration

def organisation_file(tmp_path: Path, leaflets_value) -> Path:
    data = yaml.safe_load(EXAMPLE.read_text())
    data["INHERIT"] = str(ROOT / "mkdocs.yml")
    data["extra"]["leaflets"] = leaflets_value
    path = tmp_path / "organisation.yml"
    path.write_text(yaml.safe_dump(data, sort_keys=False))
    return path


def test_an_unknown_page_fails_before_anything_is_written(tmp_path):
    config = organisation_file(tmp_path, [{"id": "calls", "title": "Calls", "pages": ["unwanted-cals.md"]}])
    out = tmp_path / "leaflets"
    out.mkdir()
    (out / "earlier.pdf").write_bytes(b"%PDF earlier")
    proc = run_leaflets("--config", str(config), "--out", str(out))
    assert proc.returncode == 2, proc.stdout + proc.stderr
    assert "extra.leaflets[0].pages[0]" in proc.stderr
    assert "there is no page docs/unwanted-cals.md" in proc.stderr
    assert "Fix:" in proc.stderr and "unwanted-calls.md" in proc.stderr.split("Fix:")[1]
    assert "Nothing was written" in proc.stderr
    assert [p.name for p in out.iterdir()] == ["earlier.pdf"]
    assert (out / "earlier.pdf").read_bytes() == b"%PDF earlier"


@pytest.mark.parametrize("leaflets_value, key, problem", [
    ([{"id": "Calls!", "title": "Calls", "pages": ["unwanted-calls.md"]}], "extra.leaflets[0].id", "short name"),
    ([{"id": "calls", "title": "Calls", "pages": ["unwanted-calls.md"], "sizes": ["A3"]}],
     "extra.leaflets[0].sizes", "paper sizes"),
    ([{"id": "calls", "title": "Calls"}], "extra.leaflets[0].pages", "required value is missing"),
    ([{"id": "calls", "title": "A", "pages": ["unwanted-calls.md"]},
      {"id": "calls", "title": "B", "pages": ["diary.md"]}], "extra.leaflets[1].id", "is used twice"),
], ids=["bad id", "bad size", "no pages", "same id twice"])
def test_bad_leaflet_lists_fail_with_the_key_and_the_fix(tmp_path, leaflets_value, key, problem):
    proc = run_leaflets("--config", str(organisation_file(tmp_path, leaflets_value)),
                        "--out", str(tmp_path / "leaflets"))
    assert proc.returncode == 2, proc.stdout + proc.stderr
    assert key in proc.stderr and problem in proc.stderr and "Fix:" in proc.stderr, proc.stderr
    assert not (tmp_path / "leaflets").exists()


def test_a_site_built_from_another_configuration_is_refused(tmp_path, default_site):
    proc = run_leaflets("--config", str(EXAMPLE), "--site", str(default_site), "--out", str(tmp_path / "out"))
    assert proc.returncode == 2 and "was not built from this configuration" in proc.stderr, proc.stderr
    assert not (tmp_path / "out").exists()


def test_a_configured_list_is_what_gets_rendered(tmp_path, example_site):
    config = organisation_file(tmp_path, [{"id": "calls", "title": "Unwanted calls", "pages": ["unwanted-calls.md"],
                                           "sizes": ["A5"]}])
    proc = run_leaflets("--config", str(config), "--site", str(example_site), "--out", str(tmp_path / "out"))
    assert proc.returncode == 0, proc.stderr
    calls = ["calls-a5-booklet.pdf", "calls-a5.pdf", "calls-large-print.pdf"]     # A5, its booklet, large print
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == [".kit-output"] + calls
    assert pdftotext(tmp_path / "out" / "calls-a5.pdf").startswith("Unwanted calls Help and support from "
                                                                   "Northshire Police."), "not the general line"
    # --only renders one leaflet again and keeps the others
    (tmp_path / "out" / "other-a4.pdf").write_bytes(b"%PDF other")
    proc = run_leaflets("--config", str(config), "--site", str(example_site), "--out", str(tmp_path / "out"),
                        "--only", "calls")
    assert proc.returncode == 0, proc.stderr
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == sorted(calls + [".kit-output", "other-a4.pdf"])
    proc = run_leaflets("--config", str(config), "--site", str(example_site), "--out", str(tmp_path / "out"),
                        "--only", "nope")
    assert proc.returncode == 2 and "there is no leaflet 'nope'" in proc.stderr, proc.stderr
