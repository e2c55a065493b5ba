"""Organisation configuration: every kind of bad input fails before anything is
written, with a message naming the file, the key and the fix."""
from __future__ import annotations

import hashlib
import re
from pathlib import Path

import pytest
import yaml

from conftest import EXAMPLE, ROOT, copy_kit, run_build


def tree_hash(folder: Path) -> str:
    h = hashlib.sha256()
    for f in sorted(folder.rglob("*")):
        h.update(f.relative_to(folder).as_posix().encode())
        if f.is_file():
            h.update(f.read_bytes())
    return h.hexdigest()


@pytest.fixture(scope="module")
def previous_site(tmp_path_factory) -> Path:
    """An output folder holding a real earlier build, which bad input must not touch."""
    out = tmp_path_factory.mktemp("prev") / "site"
    run_build(ROOT / "mkdocs.yml", out)
    return out


def example_with(tmp_path: Path, change) -> Path:
    data = yaml.safe_load(EXAMPLE.read_text())
    data["INHERIT"] = str(ROOT / "mkdocs.yml")
    change(data)
    path = tmp_path / "bad-organisation.yml"
    path.write_text(yaml.safe_dump(data, sort_keys=False))
    return path


def org(data):
    return data["extra"]["organisation"]


BAD_INPUTS = {
    "unknown key": (lambda d: org(d).update(colour="red"),
                    "extra.organisation.colour", "unknown key", "the keys allowed here are"),
    "unknown top-level key": (lambda d: d.update(theme={"name": "readthedocs"}),
                              "theme", "unknown key", "may set only"),
    "missing required value": (lambda d: org(d).pop("police_force"),
                               "extra.organisation.police_force", "required value is missing", "add police_force:"),
    "malformed phone number": (lambda d: org(d)["local_contacts"][0]["numbers"][0].update(number="0300 55S 0172"),
                               "extra.organisation.local_contacts[0].numbers[0].number", "not a valid UK voice number",
                               "digits and single spaces"),
    "too short phone number": (lambda d: org(d)["local_contacts"][1]["numbers"][0].update(number="01632 960"),
                               "extra.organisation.local_contacts[1].numbers[0].number", "not a valid UK", "for example"),
    "malformed URL": (lambda d: org(d).update(website="www.northshire.police.example"),
                      "extra.organisation.website", "not a full web address", "starting with https://"),
    "insecure URL": (lambda d: org(d).update(report_online="http://www.northshire.police.example/report"),
                     "extra.organisation.report_online", "not a full web address", "starting with https://"),
    "malformed date": (lambda d: d["extra"].update(reviewed="21/11/2026"),
                       "extra.reviewed", "not a date", "YYYY-MM-DD"),
    "impossible date": (lambda d: org(d)["local_contacts"][0].update(checked="2026-02-30"),
                        "extra.organisation.local_contacts[0].checked", "not a date", "YYYY-MM-DD"),
    "missing logo file": (lambda d: org(d).update(logo="assets/missing-logo.svg"),
                          "extra.organisation.logo", "no file docs/assets/missing-logo.svg", "add the file"),
    "bad choice": (lambda d: d["extra"]["accessibility"].update(status="mostly"),
                   "extra.accessibility.status", "not one of the allowed values", "fully, partially, not"),
}


@pytest.mark.parametrize("case", list(BAD_INPUTS))
def test_bad_configuration_fails_clearly_and_writes_nothing(case, tmp_path, previous_site):
    change, key, problem, fix = BAD_INPUTS[case]
    before = tree_hash(previous_site)
    config = example_with(tmp_path, change)
    proc = run_build(config, previous_site, check=False)
    assert proc.returncode == 2, proc.stderr
    message = proc.stderr
    assert config.name in message and f"{key}:" in message, message
    assert problem in message and "Fix:" in message and fix in message, message
    assert "Traceback" not in message
    assert tree_hash(previous_site) == before, "a failed build changed the output folder"
    assert not list(previous_site.parent.glob(".site.*")), "a temporary folder was left behind"


def test_bad_contacts_data_names_the_file_and_key(tmp_path):
    kit = copy_kit(tmp_path / "kit")
    contacts = kit / "docs" / "data" / "contacts.yml"
    data = yaml.safe_load(contacts.read_text())
    data["contacts"][2]["numbers"][0]["number"] = "0808 802 03000 1"
    contacts.write_text(yaml.safe_dump(data, sort_keys=False))
    out = tmp_path / "site"
    proc = run_build(kit / "mkdocs.yml", out, root=kit, check=False)
    assert proc.returncode == 2
    assert re.search(r"docs/data/contacts\.yml, line \d+: contacts\[2\]\.numbers\[0\]\.number:", proc.stderr), \
        proc.stderr
    assert not out.exists()


def test_unknown_contact_id_in_content_fails_the_build(tmp_path):
    kit = copy_kit(tmp_path / "kit")
    page = kit / "docs" / "about.md"
    page.write_text(page.read_text() + '\n\nCall {{ phone("no-such-service") }}.\n')
    proc = run_build(kit / "mkdocs.yml", tmp_path / "site", root=kit, check=False)
    assert proc.returncode == 2, proc.stderr
    assert "no contact with id 'no-such-service'" in proc.stderr
    assert re.search(r"docs/about\.md, line \d+:", proc.stderr) and "Fix: use one of" in proc.stderr, proc.stderr
    assert not (tmp_path / "site").exists()


def test_values_are_escaped(tmp_path, browser, serve):
    hostile = '<script>window.__pwned = 1</script><img src=x onerror="window.__pwned=2">'

    def change(d):
        org(d)["name"] = "Northshire " + hostile
        org(d)["local_contacts"][0]["name"] = "Care " + hostile
        d["site_name"] = "Support " + hostile

    out = tmp_path / "site"
    run_build(example_with(tmp_path, change), out)
    html = (out / "index.html").read_text()
    assert "<script>window.__pwned" not in html
    assert "&lt;script&gt;window.__pwned" in html
    page = browser.new_page()
    page.goto(serve(out).url + "get-support/")
    assert page.evaluate("window.__pwned") is None
    assert hostile in page.inner_text("body")
    page.close()


def test_the_default_and_example_configurations_are_valid():
    from supportkit.config import load_edition
    default = load_edition(ROOT / "mkdocs.yml")
    assert default.organisation is None
    example = load_edition(EXAMPLE)
    assert example.organisation.name == "Northshire Police"
    assert list(example.contacts)[-2:] == ["northshire-victim-care", "northshire-domestic-abuse-service"]
