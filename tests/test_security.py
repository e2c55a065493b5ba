"""Hardening: no configuration value, page or crash can publish a script, leak
a file or lose work. Each case below is a payload a careless or hostile editor
could use; each must be refused with the file, the key and the fix (exit 2,
the previous output byte for byte unchanged), or come out as harmless text."""
from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import EXAMPLE, ROOT, copy_kit, kit_command, run_build
from test_config import example_with, org, tree_hash


@pytest.fixture(scope="module")
def previous(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("previous") / "site"
    run_build(ROOT / "mkdocs.yml", out)
    return out


def refused(proc, previous: Path, before: str, *words: str) -> str:
    message = proc.stderr
    assert proc.returncode == 2, message
    assert "Fix:" in message and "Traceback" not in message, message
    for word in words:
        assert word in message, f"{word!r} not in:\n{message}"
    assert tree_hash(previous) == before, "a refused build changed the output"
    assert not re.search(r"Build failed: \d+", message)
    first = message.split("\n")[0]
    for value in re.findall(r"'([^']*)'", first):
        assert len(value) <= 90, f"the message shows {len(value)} characters of a value"
    return message


# --------------------------------------------------------------------------- values are text

HOSTILE = {
    "link": "[m](javascript:alert(2))",
    "image": "![t](https://evil.example/t.png){onerror=alert(5)}",
    "underscores": "Police_and_Crime_Commissioner",
    "html": "<img src=x onerror=alert(3)>",
}


def test_configuration_values_are_text_everywhere(tmp_path, browser, serve):
    def change(d):
        org(d)["name"] = "Northshire " + HOSTILE["link"]
        org(d)["area"] = HOSTILE["image"]
        org(d)["short_name"] = HOSTILE["underscores"]
        d["extra"]["quick_exit"]["destination_name"] = HOSTILE["html"]
        org(d)["local_contacts"][0]["name"] = "Care " + HOSTILE["link"]

    out = tmp_path / "site"
    run_build(example_with(tmp_path, change), out)
    from bs4 import BeautifulSoup

    for page in out.rglob("*.html"):
        soup = BeautifulSoup(page.read_text(), "html.parser")
        for tag in soup.find_all(True):
            assert not [a for a in tag.attrs if a.lower().startswith("on")], (page, str(tag)[:200])
            for a in ("href", "src"):
                assert not str(tag.get(a, "")).strip().lower().startswith("javascript:"), (page, str(tag)[:200])
        assert not soup.select('img[src*="evil.example"]'), page
    page = browser.new_page()
    requests = []
    page.on("request", lambda r: requests.append(r.url))
    url = serve(out).url
    for path in ("", "about/", "get-support/", "cover-your-tracks/", "the-law/"):
        page.goto(url + path)
        text = page.inner_text("body")
        assert page.evaluate("document.querySelectorAll('a[href^=\"javascript\" i], img[src*=\"evil\"]').length") == 0
        if path in ("about/", ""):
            assert "Northshire " + HOSTILE["link"] in text or path == "", path
    page.goto(url + "about/")
    assert HOSTILE["image"] in page.inner_text("article")
    assert f"Go to the {HOSTILE['underscores']} website" in page.inner_text("footer")
    page.goto(url + "cover-your-tracks/")
    assert HOSTILE["html"] in page.inner_text("article")
    assert not [u for u in requests if "evil.example" in u]
    page.close()


@pytest.mark.parametrize("value, problem", [
    ('https://x.example/"><script>alert(1)</script><b', "characters a web address cannot have"),
    ("https://x.example/\u200b", "characters nobody can see"),
    ("https://user:secret@x.example/", "user name or password"),
    ("http://x.example/", "not a full web address"),
])
def test_a_site_url_that_could_break_out_is_refused(tmp_path, previous, value, problem):
    before = tree_hash(previous)
    proc = run_build(example_with(tmp_path, lambda d: d.update(site_url=value)), previous, check=False)
    refused(proc, previous, before, "site_url", problem)


@pytest.mark.parametrize("value, problem", [
    ("https://www.northshire.police.example/weather", "would stay on this site"),
    ("http://www.bbc.co.uk/weather", "not a full web address"),
    ("https://localhost/weather", "not a public site"),
    ("https://127.0.0.1/weather", "not a public site"),
    ("https://www.bbc\u200b.co.uk/weather", "characters nobody can see"),
    ("https://me:pw@www.bbc.co.uk/weather", "user name or password"),
])
def test_a_quick_exit_destination_must_be_another_site_over_https(tmp_path, previous, value, problem):
    before = tree_hash(previous)
    config = example_with(tmp_path, lambda d: d["extra"]["quick_exit"].update(destination=value))
    refused(run_build(config, previous, check=False), previous, before, "extra.quick_exit.destination", problem)


@pytest.mark.parametrize("number, problem", [
    ("0909 879 0000", "premium rate"),
    ("070 1234 5678", "personal number"),
    ("999", "not a local service's own number"),
    ("01632 960 018", "not a number that can be called"),
    ("０８０８ １５７ ０１７２", "not a valid UK"),          # full-width digits
    ("٠٨٠٨ ١٥٧ ٠١٧٢", "not a valid UK"),                   # Arabic-Indic digits
])
def test_a_local_service_number_must_be_one_people_can_call(tmp_path, previous, number, problem):
    before = tree_hash(previous)
    config = example_with(tmp_path, lambda d: org(d)["local_contacts"][0]["numbers"][0].update(number=number))
    refused(run_build(config, previous, check=False), previous, before,
            "extra.organisation.local_contacts[0].numbers[0].number", problem)


# --------------------------------------------------------------------------- files that are not what they seem

def write(tmp_path: Path, text: str | bytes, name: str = "org.yml") -> Path:
    path = tmp_path / name
    (path.write_bytes if isinstance(text, bytes) else path.write_text)(text)
    return path


def base_org_text() -> str:
    return EXAMPLE.read_text().replace("INHERIT: ../mkdocs.yml", f"INHERIT: {ROOT / 'mkdocs.yml'}")


@pytest.mark.parametrize("make, key, problem", [
    (lambda t: base_org_text().replace("  reviewed: 2026-11-21\n  organisation:",
                                       "  reviewed: 2026-11-21\n  reviewed: 2026-11-22\n  organisation:", 1),
     "extra.reviewed", "given twice"),
    (lambda t: base_org_text() + "\nlaughs: &a [x, x, x]\nmore: [*a, *a, *a]\n", "line", "alias"),
    (lambda t: re.sub(r"^site_name: .*$", "site_name: !!python/object/apply:os.system [id]", base_org_text(),
                      flags=re.M),
     "line", "would run code"),
    (lambda t: base_org_text().replace("  reviewed: 2026-11-21", "  reviewed: 2026-02-30", 1),
     "extra.reviewed", "not a real date"),
    (lambda t: base_org_text().encode("utf-8").replace(b"Northshire Victim Care", b"Northshire \xff Care"),
     "line", "not UTF-8"),
    (lambda t: base_org_text().replace("  reviewed: 2026-11-21", "  reviewed: !ENV KIT_TEST_UNSET_VARIABLE", 1),
     "extra.reviewed", "KIT_TEST_UNSET_VARIABLE is not set"),
    (lambda t: base_org_text().replace("    name: Northshire Police\n", "    name: " + "N" * 300 + "\n", 1),
     "extra.organisation.name", "300 characters long"),
    (lambda t: base_org_text() + "#" + "x" * 600_000 + "\n", "(file)", "bytes"),
], ids=["duplicate key", "alias", "python tag", "impossible date", "not utf-8", "unset !ENV", "long value",
        "huge file"])
def test_broken_or_hostile_yaml_is_refused_by_name(tmp_path, previous, make, key, problem):
    before = tree_hash(previous)
    config = write(tmp_path, make(tmp_path))
    refused(run_build(config, previous, check=False), previous, before, "org.yml", key, problem)


def test_config_naming_a_folder_or_nothing_is_refused(tmp_path, previous):
    before = tree_hash(previous)
    refused(run_build(tmp_path, previous, check=False), previous, before, "this is a folder", "CONFIG=")
    refused(run_build(tmp_path / "missing.yml", previous, check=False), previous, before, "does not exist")


def test_an_empty_leaflet_list_of_pages_is_refused(tmp_path, previous):
    before = tree_hash(previous)
    config = example_with(tmp_path, lambda d: d["extra"].update(leaflets=[{"id": "x", "pages": []}]))
    refused(run_build(config, previous, check=False), previous, before, "extra.leaflets[0].pages", "the list is empty")


@pytest.mark.parametrize("value", ["/etc/passwd", "../../etc/passwd", "docs/../../etc/hosts"])
def test_the_question_file_must_be_inside_the_kit(tmp_path, previous, value):
    before = tree_hash(previous)
    config = example_with(tmp_path, lambda d: d["extra"].update(checklist_questions=value))
    refused(run_build(config, previous, check=False), previous, before, "extra.checklist_questions")


def test_a_link_under_docs_to_a_file_outside_the_kit_is_refused(tmp_path):
    kit = copy_kit(tmp_path / "kit")
    (kit / "docs" / "assets" / "logo.svg").symlink_to("/etc/passwd")
    out = tmp_path / "site"
    proc = run_build(kit / "mkdocs.yml", out, root=kit, check=False)
    assert proc.returncode == 2 and "docs/assets/logo.svg" in proc.stderr and "outside the kit" in proc.stderr, \
        proc.stderr
    assert not out.exists()


def test_a_page_cannot_run_code_on_the_build_machine(tmp_path):
    kit = copy_kit(tmp_path / "kit")
    page = kit / "docs" / "about.md"
    page.write_text(page.read_text() + "\n{{ cycler.__init__.__globals__.os.popen('touch /tmp/kit-pwned').read() }}\n")
    proc = run_build(kit / "mkdocs.yml", tmp_path / "site", root=kit, check=False)
    assert proc.returncode == 2 and "docs/about.md, line" in proc.stderr and "not allowed" in proc.stderr, proc.stderr
    assert not Path("/tmp/kit-pwned").exists()


# --------------------------------------------------------------------------- what the built pages may hold

FORBIDDEN = {
    "javascript link": '<a href="jav&#x61;script:alert(1)">x</a>',
    "data address": '<a href="data:text/html,hi">x</a>',
    "event handler": '<p onmouseover="alert(1)">x</p>',
    "script": "<script>alert(1)</script>",
    "script file": '<script src="https://evil.example/x.js"></script>',
    "meta refresh": '<meta http-equiv="refresh" content="0;url=https://evil.example/">',
    "image from another host": '<img src="https://evil.example/t.png" alt="">',
    "second srcset entry": '<img src="assets/favicon.svg" srcset="assets/favicon.svg 1x, //evil.example/t.png 2x" alt="">',
    "style from another host": '<p style="background:url(https://evil.example/t.png)">x</p>',
    "base": '<base href="https://evil.example/">',
}


@pytest.fixture(scope="module")
def raw_html_kit(tmp_path_factory) -> Path:
    return copy_kit(tmp_path_factory.mktemp("raw") / "kit")


class WebEdition:
    """What the last check reads of the default edition (supportkit/finish/safety.py)."""
    kind = "web"
    kiosk = False
    site_url = None


@pytest.mark.parametrize("case", list(FORBIDDEN))
def test_the_last_check_refuses_a_built_page_with_a_forbidden_construct(case, previous, tmp_path):
    """The check every build ends with (supportkit/finish/safety.py), run on a copy of a built site
    whose about page holds one construct: it names the page, the Markdown it came from and
    the fix. (test_a_page_with_a_forbidden_construct_fails_the_build: a build runs it.)"""
    from supportkit.core.errors import KitError
    from supportkit.finish.safety import check_site

    site = shutil.copytree(previous, tmp_path / "site", symlinks=True)
    check_site(site, WebEdition())                       # the built site itself passes
    page = site / "about" / "index.html"
    html = page.read_text(encoding="utf-8")
    page.write_text(html.replace("</article>", FORBIDDEN[case] + "\n</article>", 1), encoding="utf-8")
    with pytest.raises(KitError) as refused_page:
        check_site(site, WebEdition())
    message = str(refused_page.value)
    assert "docs/about.md" in message and "built page about/index.html" in message and "Fix:" in message, message


@pytest.mark.parametrize("case", ["script", "event handler"])
def test_a_page_with_a_forbidden_construct_fails_the_build(case, raw_html_kit, tmp_path):
    page = raw_html_kit / "docs" / "about.md"
    original = page.read_text()
    page.write_text(original + "\n\n" + FORBIDDEN[case] + "\n")
    try:
        proc = run_build(raw_html_kit / "mkdocs.yml", tmp_path / "site", root=raw_html_kit, check=False)
    finally:
        page.write_text(original)
    assert proc.returncode == 2, proc.stderr
    assert "docs/about.md" in proc.stderr and "built page about/index.html" in proc.stderr and "Fix:" in proc.stderr, \
        proc.stderr
    assert not (tmp_path / "site").exists()


@pytest.mark.parametrize("case", ["plain outgoing link", "encoded outgoing link"])
def test_on_a_kiosk_even_a_plain_link_out_is_refused(case, raw_html_kit, tmp_path):
    """The kiosk turns every link out into text; one that gets past (entity-encoded, made by a
    script, written in raw HTML with odd quoting) stops the build rather than reach the network."""
    html = {"plain outgoing link": "<a href=https://evil.example/>x</a>",
            "encoded outgoing link": '<a href="&#104;ttps://evil.example/">x</a>'}[case]
    page = raw_html_kit / "docs" / "about.md"
    original = page.read_text()
    page.write_text(original + "\n\n<p>" + html + "</p>\n")
    try:
        proc = run_build(raw_html_kit / "mkdocs.yml", tmp_path / "kiosk", edition="kiosk", root=raw_html_kit,
                         check=False)
    finally:
        page.write_text(original)
    if proc.returncode == 0:     # the kiosk turned it into text, as it does every link out
        html = (tmp_path / "kiosk" / "about.html").read_text()
        assert "evil.example" in html and not re.search(r"<a\b[^>]*evil\.example", html)
    else:
        assert proc.returncode == 2 and "evil.example" in proc.stderr, proc.stderr


# --------------------------------------------------------------------------- output paths

@pytest.fixture(scope="module")
def kit_with_git(tmp_path_factory) -> Path:
    """One copy of the kit for the cases below: each is refused before anything is written, and
    each checks that the copy is still exactly as it was."""
    kit = copy_kit(tmp_path_factory.mktemp("destroy") / "kit")
    subprocess.run(["git", "init", "-q"], cwd=kit, check=True)
    shutil.rmtree(kit / ".cache", ignore_errors=True)        # not read: the command stops first
    return kit


@pytest.mark.parametrize("out", [".", "docs", "docs/site", "mkdocs.yml", ".git", "..", "components"])
def test_an_output_that_would_destroy_work_is_refused(kit_with_git, out):
    kit = kit_with_git
    before = tree_hash(kit)
    proc = kit_command("site", "--out", out, root=kit)
    assert proc.returncode == 2, proc.stderr
    assert "--out" in proc.stderr and "Fix:" in proc.stderr, proc.stderr
    assert tree_hash(kit) == before, "something in the kit was changed or deleted"


def test_a_folder_the_kit_did_not_make_is_not_replaced(tmp_path):
    mine = tmp_path / "mine"
    mine.mkdir()
    (mine / "thesis.txt").write_text("years of work")
    proc = kit_command("site", "--out", str(mine))
    assert proc.returncode == 2 and "not made by the kit" in proc.stderr, proc.stderr
    assert (mine / "thesis.txt").read_text() == "years of work"
    proc = kit_command("leaflets", "--out", str(mine))
    assert proc.returncode == 2 and (mine / "thesis.txt").exists()


# --------------------------------------------------------------------------- crashes and concurrency

def start(*args: str, pause: str) -> subprocess.Popen:
    env = dict(os.environ, PYTHONPATH=str(ROOT), KIT_CRASH_TEST_PAUSE=pause, SOURCE_DATE_EPOCH="1767225600")
    return subprocess.Popen([sys.executable, "-m", "supportkit", *args], cwd=ROOT, env=env,
                            stderr=subprocess.PIPE, stdout=subprocess.DEVNULL, text=True)


def kill_when_paused(proc: subprocess.Popen, pause: str) -> None:
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        line = proc.stderr.readline()
        if f"paused at {pause}" in line:
            proc.send_signal(signal.SIGKILL)
            proc.wait()
            return
        if not line and proc.poll() is not None:
            raise AssertionError(f"the build ended before {pause}")
    raise AssertionError(f"the build never reached {pause}")


def whole_site(out: Path) -> bool:
    return (out / ".kit-output").is_file() and (out / "index.html").is_file() and (out / "404.html").is_file()


def leftovers(folder: Path, name: str) -> list[str]:
    return sorted(p.name for p in folder.parent.glob(f".{name}.building-*"))


# make test kills a build at the moment that matters most (just before the swap); test-full at every one
FULL = pytest.mark.full


@pytest.mark.parametrize("pause", [pytest.param("mid-build", marks=FULL), "before-swap",
                                   pytest.param("after-swap", marks=FULL)])
def test_killing_make_site_leaves_a_whole_site(tmp_path, previous, pause):
    out = shutil.copytree(previous, tmp_path / "site", symlinks=True)     # a site the kit built
    before = tree_hash(out)
    proc = start("site", "--config", str(EXAMPLE), "--out", str(out), pause=pause)
    kill_when_paused(proc, pause)
    assert whole_site(out), "the site is not whole after a kill"
    assert tree_hash(out) == before or pause == "after-swap", "half a new site"
    if pause == "after-swap":
        assert "Northshire" in (out / "index.html").read_text()
    run_build(ROOT / "mkdocs.yml", out)
    assert leftovers(out, "site") == [], "the next build left a temporary folder"


def kiosk_agrees(dist: Path) -> bool:
    import hashlib
    import zipfile

    digest = hashlib.sha256((dist / "kiosk.zip").read_bytes()).hexdigest()
    if (dist / "kiosk.zip.sha256").read_text().split()[0] != digest:
        return False
    with zipfile.ZipFile(dist / "kiosk.zip") as z:
        return z.read("kiosk/index.html") == (dist / "kiosk" / "index.html").read_bytes() and \
            sorted(n[len("kiosk/"):] for n in z.namelist()) == \
            sorted(p.relative_to(dist / "kiosk").as_posix() for p in (dist / "kiosk").rglob("*") if p.is_file())


@pytest.fixture(scope="module")
def previous_dist(tmp_path_factory) -> Path:
    dist = tmp_path_factory.mktemp("previous-kiosk") / "dist"
    proc = kit_command("kiosk", "--dist", str(dist))
    assert proc.returncode == 0, proc.stderr
    return dist


@pytest.mark.parametrize("pause", [pytest.param("mid-build", marks=FULL), pytest.param("kiosk-built", marks=FULL),
                                   "kiosk-zipped", pytest.param("before-swap", marks=FULL),
                                   pytest.param("after-swap", marks=FULL)])
def test_killing_make_kiosk_leaves_folder_zip_and_checksum_that_agree(tmp_path, previous_dist, pause):
    dist = shutil.copytree(previous_dist, tmp_path / "dist", symlinks=True)    # a kiosk the kit made
    assert kiosk_agrees(dist)
    proc = start("kiosk", "--config", str(EXAMPLE), "--dist", str(dist), pause=pause)
    kill_when_paused(proc, pause)
    assert kiosk_agrees(dist), "the kiosk folder, zip and checksum do not agree after a kill"
    northshire = "Northshire" in (dist / "kiosk" / "index.html").read_text()
    assert northshire == (pause == "after-swap")
    assert kit_command("kiosk", "--dist", str(dist)).returncode == 0
    assert leftovers(dist, "dist") == [] and kiosk_agrees(dist)


def test_two_builds_at_once_take_turns(tmp_path):
    out = tmp_path / "site"
    first = start("site", "--out", str(out), pause="before-swap")
    deadline = time.monotonic() + 120
    while "paused at before-swap" not in first.stderr.readline():
        assert time.monotonic() < deadline
    second = subprocess.Popen([sys.executable, "-m", "supportkit", "site", "--config", str(EXAMPLE), "--out",
                               str(out)], cwd=ROOT, env=dict(os.environ, PYTHONPATH=str(ROOT)),
                              stderr=subprocess.PIPE, text=True)
    waiting = second.stderr.readline()
    assert "Waiting for another build of site/" in waiting, waiting
    first.send_signal(signal.SIGKILL)        # the first never finishes; the second then runs
    first.wait()
    assert second.wait(timeout=120) == 0, second.stderr.read()
    assert whole_site(out) and "Northshire" in (out / "index.html").read_text()
    assert leftovers(out, "site") == []
