"""Finish a leaflet's tagged PDF where WeasyPrint's PDF/UA-1 output falls short.

supportkit/editions/leaflets.py renders each leaflet with WeasyPrint's "pdf/ua-1"
variant: marked content, a structure tree (headings, lists, tables, figures
with the alternative text of <img alt> and <svg><title>), /Lang, the document
title shown as the window title, bookmarks from the headings and PDF/UA
metadata. Two things are left to do, with pikepdf:

  - The running header and footer (CSS margin boxes: the organisation, the
    title, "Produced ...", page numbers) are marked as content with an MCID
    that no element of the structure tree holds, so a checker finds content
    that is neither tagged nor an artifact. They are repeated on every page:
    pagination artifacts, which is what they become here.
  - Table header cells get /Scope /Column (the cells already name their
    headers; the scope helps readers that look only at the header cell).
  - A link within the leaflet is described (/Contents) by its target's
    heading, not by WeasyPrint's anchor name (page-3).
"""
from __future__ import annotations

import io
from pathlib import Path


def struct_elements(root):
    """Every structure element under `root`, in the tree's (reading) order."""
    import pikepdf

    stack = [root]
    while stack:
        element = stack.pop()
        yield element
        kids = element.get("/K")
        if isinstance(kids, pikepdf.Dictionary):
            kids = [kids]
        if isinstance(kids, pikepdf.Array):
            stack.extend(reversed([k for k in kids if isinstance(k, pikepdf.Dictionary) and "/S" in k]))


def parent_tree(pdf) -> dict:
    """The structure tree's parent tree: key -> element or array of elements."""
    import pikepdf

    return dict(pikepdf.NumberTree(pdf.Root.StructTreeRoot.ParentTree).items())


def artifact_orphans(pdf) -> int:
    """Mark as pagination artifacts the marked content no structure element holds
    (WeasyPrint's margin boxes). Returns how many sequences were changed."""
    import pikepdf

    tree = pdf.Root.StructTreeRoot
    held = {e.objgen for e in struct_elements(tree) if e.objgen != (0, 0)}
    parents = parent_tree(pdf)
    changed = 0
    for page in pdf.pages:
        if "/StructParents" not in page:
            continue
        mcids = parents.get(int(page.StructParents))
        if not isinstance(mcids, pikepdf.Array):
            continue
        orphans = {i for i, e in enumerate(mcids) if isinstance(e, pikepdf.Dictionary) and e.objgen not in held}
        if not orphans:
            continue
        ops = []
        for operands, operator in pikepdf.parse_content_stream(page):
            if (str(operator) == "BDC" and len(operands) == 2 and isinstance(operands[1], pikepdf.Dictionary)
                    and "/MCID" in operands[1] and int(operands[1].MCID) in orphans):
                operands = [pikepdf.Name.Artifact, pikepdf.Dictionary(Type=pikepdf.Name.Pagination)]
                changed += 1
            ops.append((operands, operator))
        page.Contents = pdf.make_stream(pikepdf.unparse_content_stream(ops))
        for i in orphans:
            mcids[i] = None           # nothing in the tree: the sequence is an artifact now
    return changed


def scope_headers(pdf) -> None:
    """Header cells of a table's head row: /Scope /Column."""
    import pikepdf

    for element in struct_elements(pdf.Root.StructTreeRoot):
        if element.get("/S") != "/TH":
            continue
        row = element.get("/P")
        section = row.get("/P") if row is not None else None
        if section is None or section.get("/S") != "/THead":
            continue
        attributes = element.get("/A")
        if not isinstance(attributes, pikepdf.Dictionary):
            attributes = element.A = pikepdf.Dictionary(O=pikepdf.Name.Table)
        if "/Scope" not in attributes:
            attributes.Scope = pikepdf.Name.Column


def describe_links(pdf, targets: dict[str, str]) -> None:
    """Links within the leaflet: /Contents from `targets` (anchor -> words)."""
    for page in pdf.pages:
        for annotation in page.get("/Annots", []):
            dest = annotation.get("/Dest")
            if annotation.get("/Subtype") == "/Link" and dest is not None and str(dest) in targets:
                annotation.Contents = targets[str(dest)]


def save(pdf, target: Path) -> None:
    """Compressed, with an /ID that depends only on the content (reproducible builds)."""
    import pikepdf

    pdf.save(target, compress_streams=True, object_stream_mode=pikepdf.ObjectStreamMode.generate,
             deterministic_id=True)


def finish(data: bytes, target: Path, targets: dict[str, str] | None = None) -> int:
    """Finish WeasyPrint's PDF (bytes) and write it to `target`; `targets` describes the
    leaflet's own anchors (anchor -> words). Returns its page count."""
    import pikepdf

    with pikepdf.open(io.BytesIO(data)) as pdf:
        if "/StructTreeRoot" in pdf.Root:
            artifact_orphans(pdf)
            scope_headers(pdf)
        describe_links(pdf, targets or {})
        save(pdf, target)
        return len(pdf.pages)
