"""Links: a broken link or anchor stops the build, and (make test-full) linkchecker finds no broken
internal link in the default and example editions (make test: test_crawl.py, from the crawls)."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from conftest import copy_kit, run_build


@pytest.mark.full
def test_linkchecker_finds_no_broken_internal_links(site, serve):
    """make test checks every internal link from the crawls' records (test_crawl.py); here an
    independent tool does, over the default and example editions (about 20 worker-seconds)."""
    url = serve(site).url
    linkchecker = Path(sys.executable).with_name("linkchecker")
    proc = subprocess.run([str(linkchecker), "--no-status", "--no-warnings",
                           "--ignore-url=^(?!http://127\\.0\\.0\\.1)", "--ignore-url=^(tel|sms|mailto):", url],
                          capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-2000:]
    assert "0 errors found" in proc.stdout, proc.stdout[-3000:]


def test_broken_link_or_anchor_fails_the_build(tmp_path):
    for name, broken in (("link", "[gone](no-such-page.md)"), ("anchor", "[gone](the-law.md#no-such-heading)")):
        kit = copy_kit(tmp_path / name)
        page = kit / "docs" / "about.md"
        page.write_text(page.read_text() + f"\n\nSee {broken}.\n")
        out = tmp_path / f"site-{name}"
        proc = run_build(kit / "mkdocs.yml", out, root=kit, check=False)
        assert proc.returncode == 1, f"a broken {name} built"
        assert "no-such" in proc.stdout + proc.stderr
        assert not out.exists()
