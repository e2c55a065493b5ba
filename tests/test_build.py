"""Builds: strict and atomic; a failed build leaves the previous output as it was."""
from __future__ import annotations

from pathlib import Path

import pytest

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
    assert sorted(p.name for p in tmp_path.iterdir()) == [".site.lock", "kit", "site"], "temporary folders left behind"


def test_successful_rebuild_replaces_the_site(tmp_path):
    out = tmp_path / "site"
    run_build(ROOT / "mkdocs.yml", out)
    (out / "stale.html").write_text("old")
    run_build(ROOT / "mkdocs.yml", out)
    assert not (out / "stale.html").exists()
    assert (out / "index.html").exists()


def test_output_folders_have_ordinary_permissions(tmp_path):
    """A copy made with cp -r or rsync -a must be readable by a web server running as another user."""
    out = tmp_path / "site"
    run_build(ROOT / "mkdocs.yml", out)
    modes = {p.relative_to(out).as_posix(): p.stat().st_mode & 0o777 for p in [out, *out.rglob("*")]}
    dirs = {k: v for k, v in modes.items() if (out / k).is_dir()}
    files = {k: v for k, v in modes.items() if (out / k).is_file()}
    assert set(dirs.values()) == {0o755}, {k: oct(v) for k, v in dirs.items() if v != 0o755}
    assert set(files.values()) == {0o644}, {k: oct(v) for k, v in files.items() if v != 0o644}


def test_replace_folder_keeps_the_old_folder_on_failure_and_respects_the_umask(tmp_path):
    import os

    from supportkit.core.output import replace_folder

    out = tmp_path / "out"
    with replace_folder(out) as tmp:
        (tmp / "old.txt").write_text("old")
    try:
        with replace_folder(out) as tmp:
            (tmp / "new.txt").write_text("new")
            raise RuntimeError("stop")
    except RuntimeError:
        pass
    assert sorted(p.name for p in out.iterdir()) == [".kit-output", "old.txt"]
    assert sorted(p.name for p in tmp_path.iterdir()) == [".out.lock", "out"], "a temporary folder was left"
    old = os.umask(0o027)
    try:
        with replace_folder(out) as tmp:
            (tmp / "sub").mkdir()
            (tmp / "sub" / "new.txt").write_text("new")
    finally:
        os.umask(old)
    assert (out / "sub" / "new.txt").read_text() == "new" and not (out / "old.txt").exists()
    assert out.stat().st_mode & 0o777 == 0o750 and (out / "sub" / "new.txt").stat().st_mode & 0o777 == 0o640


def test_the_kits_scripts_and_styles_have_content_hashes_in_their_names(default_site):
    import hashlib
    import re

    html = (default_site / "risk-checklist" / "index.html").read_text()
    names = re.findall(r'(?:src|href)="(?:\.\./)?(assets/kit/[^"]+)"', html)
    kinds = {(n.split("/")[-1].split(".")[0], n.rsplit(".", 1)[-1]) for n in names}
    assert kinds >= {("kit", "css"), ("kit", "js"), ("checklist", "js")}, kinds    # kit.js: navigation and opening status
    for name in names:
        body = (default_site / name).read_bytes()
        digest = name.rsplit(".", 2)[-2]
        assert re.fullmatch(r"[0-9a-f]{8}", digest) and hashlib.sha256(body).hexdigest()[:8] == digest, name


def test_the_workers_keep_each_group_together(request):
    """`make test` sends the tests that share a crawl or a build to one worker (pytest-xdist's
    loadgroup, tests/conftest.py): xdist marks each test's address with its group. pytest 9.2
    stores addresses where xdist 3.8 cannot write them, and every test then ran on its own,
    so both workers built and crawled every edition; pytest is pinned below 9 for it."""
    if not getattr(request.config.option, "loadgroup", False):
        pytest.skip("not run by `make test` (pytest-xdist --dist loadgroup)")
    assert request.node.nodeid.endswith("@test_build"), request.node.nodeid


def test_compiled_templates_are_kept_and_a_changed_template_is_compiled_again(tmp_path, monkeypatch):
    import jinja2

    from supportkit.core import cache

    monkeypatch.setattr(cache, "ROOT", tmp_path)
    (tmp_path / "t").mkdir()
    page = tmp_path / "t" / "page.html"

    def render(**settings) -> str:
        env = jinja2.Environment(loader=jinja2.FileSystemLoader(str(tmp_path / "t")), **settings)
        env.bytecode_cache = cache.templates(env)
        return env.get_template("page.html").render(n=1)

    page.write_text("x{{ n }}\n  {% if n %}y{% endif %}\n")
    assert render() == "x1\n  y"
    kept = list((tmp_path / ".cache" / "jinja").rglob("*.cache"))
    assert len(kept) == 1
    real_compile = jinja2.Environment.compile
    with monkeypatch.context() as m:
        m.setattr(jinja2.Environment, "compile", lambda *a, **k: pytest.fail("compiled again, unchanged"))
        assert render() == "x1\n  y"
    # settings that change the compiled code: a folder of their own, so never the entry above
    assert render(trim_blocks=True, lstrip_blocks=True) == "x1\ny"
    assert len(list((tmp_path / ".cache" / "jinja").iterdir())) == 2
    page.write_text("changed {{ n }}")
    compiled = []
    monkeypatch.setattr(jinja2.Environment, "compile", lambda *a, **k: compiled.append(1) or real_compile(*a, **k))
    assert render() == "changed 1" and compiled


def test_the_same_template_in_another_folder_is_not_compiled_again(tmp_path, monkeypatch):
    """The kit draws its parts into a new temporary theme folder each build: an entry is the
    template's name and source, not its path, so the next build reads every part compiled."""
    import jinja2

    from supportkit.core import cache

    monkeypatch.setattr(cache, "ROOT", tmp_path)

    def render(folder: str) -> str:
        (tmp_path / folder).mkdir(exist_ok=True)
        (tmp_path / folder / "part.html").write_text("<p>{{ n }}</p>")
        env = jinja2.Environment(loader=jinja2.FileSystemLoader(str(tmp_path / folder)))
        env.bytecode_cache = cache.templates(env)
        return env.get_template("part.html").render(n=2)

    assert render("kit-theme-one") == "<p>2</p>"
    with monkeypatch.context() as m:
        m.setattr(jinja2.Environment, "compile", lambda *a, **k: pytest.fail("compiled again, only moved"))
        assert render("kit-theme-two") == "<p>2</p>"
    assert len(list((tmp_path / ".cache" / "jinja").rglob("*.cache"))) == 1


def test_the_template_cache_keeps_its_newest_entries(tmp_path, monkeypatch):
    import os

    import jinja2

    from supportkit.core import cache

    monkeypatch.setattr(cache, "ROOT", tmp_path)
    monkeypatch.setattr(cache._TemplateCache, "KEEP", 3)
    env = jinja2.Environment()
    folder = Path(cache.templates(env).directory)
    for i in range(5):
        (folder / f"{i}.cache").write_bytes(b"")
        os.utime(folder / f"{i}.cache", (1000 + i, 1000 + i))
    cache.templates(env)
    assert sorted(p.name for p in folder.iterdir()) == ["2.cache", "3.cache", "4.cache"]
