"""The README and the components' READMEs match the tree: a newcomer finds
every folder where the README says it is, and each component's README lists
its files, parameters and strings."""
from __future__ import annotations

import re
import subprocess

import pytest

from conftest import ROOT

COMPONENTS = sorted(p for p in (ROOT / "components").iterdir() if p.is_dir())


def section(text: str, title: str) -> str:
    m = re.search(rf"^## {re.escape(title)}\n(.*?)(?=^## |\Z)", text, re.S | re.M)
    assert m, f"no '## {title}' section"
    return m.group(1)


def test_the_two_commands_open_the_readme():
    readme = (ROOT / "README.md").read_text()
    first_block = re.search(r"```sh\n(.*?)```", readme, re.S).group(1)
    assert [line.split()[:2] for line in first_block.strip().splitlines()] == [["make", "serve"], ["make", "test"]]


def test_the_layout_table_matches_the_tree():
    table = section((ROOT / "README.md").read_text(), "Where things are").split("\n### ")[0]
    first_cells = re.findall(r"^\| (`[^|]+)\|", table, re.M)
    named = [p for cell in first_cells for p in re.findall(r"`([^`]+)`", cell)]
    for path in set(named):
        assert list(ROOT.glob(path)) or (ROOT / path).exists(), f"README names {path}, which does not exist"
    tracked = subprocess.run(["git", "ls-files"], cwd=ROOT, capture_output=True, text=True).stdout.split()
    top = {p.split("/")[0] for p in tracked if "/" in p and not p.startswith(".")}
    listed = {p.rstrip("/").split("/")[0] for p in named}
    assert top <= listed, f"folders missing from the README's table: {sorted(top - listed)}"
    for component in COMPONENTS:
        assert f"`{component.name}/`" in table, f"components/{component.name}/ is not in the README's table"


@pytest.mark.parametrize("component", COMPONENTS, ids=lambda p: p.name)
def test_each_component_has_a_readme_with_its_files_parameters_and_strings(component):
    readme = component / "README.md"
    assert readme.is_file(), f"components/{component.name}/README.md is missing"
    text = readme.read_text()
    assert re.search(r"^Parameters", text, re.M) or "## Parameters" in text or "Parameters (" in text, \
        f"{component.name}: no parameters"
    assert "Strings" in text, f"{component.name}: no strings"
    for f in component.iterdir():
        if f.name != "README.md":
            assert f"`{f.name}`" in text, f"components/{component.name}/README.md does not describe {f.name}"
    index = (ROOT / "components" / "README.md").read_text()
    assert f"`{component.name}/`" in index
