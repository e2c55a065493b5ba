"""The kit's package is laid out by stage, in the order data flows (supportkit/__init__.py):
core, then loading and checking, rendering, finishing the built folder, editions and
outputs, and the bench. A module imports only from its own stage or a lower one, no
two modules import each other in a circle, and no module reaches for another's private
names (an underscore). Read from the sources, with Python's own parser."""
from __future__ import annotations

import ast
from pathlib import Path

from conftest import ROOT

PACKAGE = ROOT / "supportkit"
STAGES = ("core", "load", "render", "finish", "editions", "bench")
# The modules outside the stage folders: the package's map and paths, the command
# entry point (it runs the editions' commands) and the MkDocs plugin (rendering).
TOP = {"supportkit": 0, "supportkit.__main__": STAGES.index("editions"), "supportkit.plugin": STAGES.index("render")}


def module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def stage_of(name: str) -> int:
    if name in TOP:
        return TOP[name]
    return STAGES.index(name.split(".")[1])


def modules() -> dict[str, Path]:
    return {module_name(p): p for p in sorted(PACKAGE.rglob("*.py"))}


def imports(known: dict[str, Path]) -> tuple[dict, list]:
    """Each module's imports of the kit's modules, and every use of another module's private name."""
    edges: dict[str, set] = {}
    private = []
    for name, path in known.items():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        aliases = {}                        # local name -> a kit module it stands for
        out = edges.setdefault(name, set())
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and node.module and node.module.split(".")[0] == "supportkit":
                for alias in node.names:
                    full = f"{node.module}.{alias.name}"
                    target = full if full in known else node.module
                    out.add(target)
                    if target == full:
                        aliases[alias.asname or alias.name] = full
                    elif alias.name.startswith("_"):
                        private.append((name, full))
            elif isinstance(node, ast.Import):
                for alias in node.names:
                    if alias.name.split(".")[0] == "supportkit":
                        out.add(alias.name)
                        aliases[alias.asname or alias.name] = alias.name
        for node in ast.walk(tree):
            if isinstance(node, ast.Attribute) and node.attr.startswith("_") and not node.attr.startswith("__"):
                base = ast.unparse(node.value)
                if aliases.get(base, base if base in known else None) not in (None, name):
                    private.append((name, f"{base}.{node.attr}"))
    return edges, private


def test_every_module_is_in_a_stage():
    loose = [n for n in modules() if n not in TOP and n.split(".")[1] not in STAGES]
    assert loose == [], f"modules outside the stage folders: {loose}"


def test_no_module_imports_from_a_higher_stage():
    known = modules()
    edges, _ = imports(known)
    upward = sorted((m, t) for m, targets in edges.items() for t in targets
                    if t in known and stage_of(t) > stage_of(m))
    assert upward == [], "a lower stage imports a higher one (move what both need down a stage):\n" + \
        "\n".join(f"  {m} imports {t}" for m, t in upward)


def test_no_import_circles():
    known = modules()
    edges, _ = imports(known)
    found = set()

    def visit(node, path):
        for nxt in sorted(edges.get(node, ())):
            if nxt not in known or nxt == node or nxt in ("supportkit",):
                continue
            if nxt in path:
                found.add(tuple(path[path.index(nxt):]))
                continue
            if len(path) < 12:
                visit(nxt, path + [nxt])

    for name in known:
        visit(name, [name])
    assert found == set(), "modules that import each other:\n" + "\n".join(" -> ".join(c) for c in sorted(found))


def test_no_module_uses_another_modules_private_names():
    _, private = imports(modules())
    assert private == [], private


def test_the_checks_would_see_an_upward_import_and_a_circle(tmp_path, monkeypatch):
    """The three rules above are not vacuous: a planted upward import and a circle are found."""
    import test_layout

    fake = tmp_path / "supportkit"
    for stage in ("core", "load"):
        (fake / stage).mkdir(parents=True)
        (fake / stage / "__init__.py").write_text("")
    (fake / "__init__.py").write_text("")
    (fake / "core" / "a.py").write_text("from supportkit.load.b import x\n")
    (fake / "load" / "b.py").write_text("from supportkit.core.a import y\nfrom supportkit.core import a\na._hidden\n")
    monkeypatch.setattr(test_layout, "ROOT", tmp_path)
    monkeypatch.setattr(test_layout, "PACKAGE", fake)
    known = test_layout.modules()
    edges, private = test_layout.imports(known)
    assert ("supportkit.core.a", "supportkit.load.b") in {(m, t) for m, ts in edges.items() for t in ts}
    assert stage_of("supportkit.load.b") > stage_of("supportkit.core.a")
    assert ("supportkit.load.b", "a._hidden") in private
