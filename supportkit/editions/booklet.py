"""An A5 leaflet as a booklet for an office printer: `make leaflets` writes
<id>-a5-booklet.pdf beside <id>-a5.pdf (supportkit/editions/leaflets.py).

The A5 pages are placed two-up on A4 landscape in saddle-stitch order, with
blank pages added before the last page (the back stays on the back) to make a
multiple of four. Printed double-sided, flipping on the short edge, the sheets
are stacked in order, folded in half and stapled on the fold. The first side
carries the last page (left) and the cover (right). A landscape A5 page (the
behaviour diary) is turned a quarter to fit its portrait half, its top
towards the left edge, as books set wide tables.

The placing is pikepdf's (qpdf's form XObjects). The tags stay: each A5
page becomes a form XObject that keeps its marked content, and the structure
tree, the bookmarks, /Lang and the title are carried over, pointing at the
sides. Links are not: a printout has no links.
"""
from __future__ import annotations

from pathlib import Path

A4_LANDSCAPE = (297 / 25.4 * 72, 210 / 25.4 * 72)    # points



def saddle_order(count: int) -> list[tuple[int | None, int | None]]:
    """The A5 pages (0-based; None for a blank) on each side of A4, left then
    right, in printing order: for 8 pages (1-based) [8, 1], [2, 7], [6, 3], [4, 5]."""
    total = max(4, -(-count // 4) * 4)
    if count <= 1:
        pages = list(range(count)) + [None] * (total - count)
    else:     # blanks before the last page, so the back stays on the back
        pages = list(range(count - 1)) + [None] * (total - count) + [count - 1]
    sides = []
    for sheet in range(total // 4):
        sides.append((pages[total - 1 - 2 * sheet], pages[2 * sheet]))          # outside
        sides.append((pages[2 * sheet + 1], pages[total - 2 - 2 * sheet]))      # inside
    return sides


def _remap_structure(pdf, placed: dict) -> None:
    """Point the structure tree at the sides: each element's /Pg, and each marked
    content reference (an MCID on an A5 page) at the form XObject on its side.
    `placed` maps an A5 page's objgen to (side, xobject). Links lose their
    annotations (OBJR), which the booklet does not have."""
    import pikepdf

    from supportkit.editions.leaflet_pdf import struct_elements

    def mcr(mcid, side, xobject):
        return pikepdf.Dictionary(Type=pikepdf.Name.MCR, MCID=mcid, Pg=side, Stm=xobject)

    for element in struct_elements(pdf.Root.StructTreeRoot):
        if "/Pg" not in element or element.Pg.objgen not in placed:
            continue
        side, xobject = placed[element.Pg.objgen]
        element.Pg = side
        kids = element.get("/K")
        if isinstance(kids, int):          # pikepdf gives integers as int
            element.K = mcr(int(kids), side, xobject)
        elif isinstance(kids, pikepdf.Array):
            new = pikepdf.Array()
            for kid in kids:
                if isinstance(kid, int):
                    new.append(mcr(int(kid), side, xobject))
                elif isinstance(kid, pikepdf.Dictionary) and kid.get("/Type") == "/OBJR":
                    continue
                else:
                    new.append(kid)
            element.K = new


def impose(source: Path, target: Path) -> int:
    """Write `source` (an A5 PDF) as a booklet to `target`. Returns the number
    of A4 sides."""
    import pikepdf

    from supportkit.editions.leaflet_pdf import save

    with pikepdf.open(source) as pdf:
        originals = list(pdf.pages)
        count = len(originals)
        width, height = A4_LANDSCAPE
        half = width / 2          # each A5 page, centred in its half (an A5 page is a hair narrower)
        xobjects = []
        for page in originals:
            pw = float(page.mediabox[2]) - float(page.mediabox[0])
            ph = float(page.mediabox[3]) - float(page.mediabox[1])
            if pw > ph:
                page.Rotate = 270          # its top towards the left edge
            xobject = pdf.make_indirect(page.as_form_xobject(handle_transformations=True))
            if "/StructParents" in page:
                xobject.StructParents = page.StructParents
            xobjects.append(xobject)

        placed = {}
        for left, right in saddle_order(count):
            side = pdf.add_blank_page(page_size=A4_LANDSCAPE)
            for slot, index in ((0, left), (1, right)):
                if index is None:
                    continue
                side.add_overlay(xobjects[index], pikepdf.Rectangle(slot * half, 0, (slot + 1) * half, height))
                placed[originals[index].objgen] = (side.obj, xobjects[index])
            side.Tabs = pikepdf.Name.S

        if "/StructTreeRoot" in pdf.Root:
            _remap_structure(pdf, placed)
            tree = pdf.Root.StructTreeRoot
            keys = {int(p.StructParents) for p in originals if "/StructParents" in p}
            nums = pikepdf.Array()
            for key, value in sorted(pikepdf.NumberTree(tree.ParentTree).items()):
                if key in keys:      # the pages' marked content; not the links' annotations
                    nums.extend([key, value])
            tree.ParentTree = pdf.make_indirect(pikepdf.Dictionary(Nums=nums))
        # Bookmarks go to the side a heading is on
        if "/Outlines" in pdf.Root:
            stack = [pdf.Root.Outlines.get("/First")]
            while stack:
                item = stack.pop()
                if item is None:
                    continue
                dest = item.get("/Dest")
                if isinstance(dest, pikepdf.Array) and len(dest) and dest[0].objgen in placed:
                    item.Dest = pikepdf.Array([placed[dest[0].objgen][0], pikepdf.Name.Fit])
                stack.extend([item.get("/Next"), item.get("/First")])
        if "/Names" in pdf.Root and "/Dests" in pdf.Root.Names:
            del pdf.Root.Names.Dests          # the links' targets: no links here
        for _ in range(count):
            del pdf.pages[0]
        save(pdf, target)
        return len(pdf.pages)
