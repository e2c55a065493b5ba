"""Builds: strict and atomic; a failed build leaves the previous output as it was."""
from __future__ import annotations

from conftest import ROOT, copy_kit, run_build
from test_config import tree_hash


def test_failed_build_leaves_previous_site_exactly_as_it_was(tmp_path):
    kit = copy_kit(tmp_path / "kit")
    out = tmp_path / "site"
    run_build(kit / "mkdocs.yml", out, root=kit)
    before = tree_hash(out)
    (kit / "docs" / "about.md").write_text("---\ntitle: x\n---\n# About\n\n{{ phone('missing') }}\n")
    proc = run_build(kit / "mkdocs.yml", out, root=kit, check=False)
    assert proc.returncode != 0
    assert "unchanged" in proc.stderr
    assert tree_hash(out) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["kit", "site"], "temporary folders left behind"


def test_successful_rebuild_replaces_the_site(tmp_path):
    out = tmp_path / "site"
    out.mkdir()
    (out / "stale.html").write_text("old")
    run_build(ROOT / "mkdocs.yml", out)
    assert not (out / "stale.html").exists()
    assert (out / "index.html").exists()
