"""Organisation configuration: every kind of bad input fails before anything is
written, with a message naming the file, the key and the fix."""
from __future__ import annotations

import hashlib
import re
from pathlib import Path

import pytest
import yaml

from conftest import EXAMPLE, ROOT, copy_kit, kit_command, run_build


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
    "too short phone number": (lambda d: org(d)["local_contacts"][1]["numbers"][0].update(number="020 7946"),
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
    assert not list(previous_site.parent.glob(".site.building-*")), "a temporary folder was left behind"


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
    from supportkit.load.config import load_edition
    default = load_edition(ROOT / "mkdocs.yml")
    assert default.organisation is None
    example = load_edition(EXAMPLE)
    assert example.organisation.name == "Northshire Police"
    assert list(example.contacts)[-2:] == ["northshire-victim-care", "northshire-domestic-abuse-service"]


# --------------------------------------------------------------------------- required ids, INHERIT, messages

def contacts_with(tmp_path: Path, change) -> Path:
    """A copy of the kit whose docs/data/contacts.yml has been changed."""
    kit = copy_kit(tmp_path / "kit")
    path = kit / "docs" / "data" / "contacts.yml"
    data = yaml.safe_load(path.read_text())
    change({c["id"]: c for c in data["contacts"]})
    path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True))
    return kit


@pytest.mark.parametrize("change, key, fix", [
    (lambda cs: cs["national-stalking-helpline"].update(id="helpline"), "contacts",
     "keep a contact with id: national-stalking-helpline"),
    (lambda cs: cs["emergency"]["numbers"][2].update(id="text-relay"), "contacts[0].numbers",
     "keep a number with id: relay"),
    (lambda cs: cs["police"]["numbers"][0].update(id="first"), "contacts[1].numbers", "keep a number with id: main"),
], ids=["renamed contact", "renamed number id", "renamed main number"])
def test_a_required_contact_or_number_id_that_is_missing_fails_first(tmp_path, change, key, fix, previous_site):
    kit = contacts_with(tmp_path, change)
    before = tree_hash(previous_site)
    proc = run_build(kit / "mkdocs.yml", previous_site, root=kit, check=False)
    assert proc.returncode == 2, proc.stderr
    assert re.search(rf"docs/data/contacts\.yml(, line \d+)?: {re.escape(key)}: ", proc.stderr), proc.stderr
    assert "Fix:" in proc.stderr and fix in proc.stderr, proc.stderr
    assert not re.search(r"Build failed: \d+", proc.stderr) and "Traceback" not in proc.stderr
    assert tree_hash(previous_site) == before


@pytest.mark.parametrize("inherit, problem", [
    ("../no-such-file.yml", "there is no file '../no-such-file.yml' to inherit from"),
    ("../docs/data/contacts.yml", "does not inherit the kit's mkdocs.yml"),
], ids=["missing file", "another file"])
def test_a_bad_inherit_fails_with_file_key_and_fix(tmp_path, inherit, problem, previous_site):
    config = tmp_path / "examples" / "org.yml"
    config.parent.mkdir()
    text = EXAMPLE.read_text().replace("INHERIT: ../mkdocs.yml", f"INHERIT: {inherit}")
    config.write_text(text)
    (tmp_path / "docs" / "data").mkdir(parents=True)
    (tmp_path / "docs" / "data" / "contacts.yml").write_text((ROOT / "docs/data/contacts.yml").read_text())
    before = tree_hash(previous_site)
    proc = run_build(config, previous_site, check=False)
    assert proc.returncode == 2, proc.stderr
    assert "org.yml" in proc.stderr and "INHERIT" in proc.stderr and problem in proc.stderr, proc.stderr
    assert "Fix:" in proc.stderr and "INHERIT:" in proc.stderr.split("Fix:")[1]
    assert tree_hash(previous_site) == before


def test_an_error_names_the_line(tmp_path):
    config = example_with(tmp_path, lambda d: org(d).update(website="www.northshire.police.example"))
    proc = run_build(config, tmp_path / "site", check=False)
    line = next(i for i, text in enumerate(config.read_text().splitlines(), 1) if "website: www.northshire" in text)
    assert f"bad-organisation.yml, line {line}: extra.organisation.website:" in proc.stderr, proc.stderr


def test_an_unclosed_raw_block_in_a_page_names_the_page_and_line(tmp_path):
    kit = copy_kit(tmp_path / "kit")
    page = kit / "docs" / "about.md"
    lines = page.read_text().splitlines()
    lines.insert(12, "{% raw %} text that never ends")
    page.write_text("\n".join(lines) + "\n")
    proc = run_build(kit / "mkdocs.yml", tmp_path / "site", root=kit, check=False)
    assert proc.returncode == 2, proc.stderr
    assert re.search(r"docs/about\.md, line \d+: ", proc.stderr) and "Fix:" in proc.stderr, proc.stderr
    assert not re.search(r"Build failed: \d+", proc.stderr)


def test_an_unexpected_failure_says_what_and_where_and_debug_shows_the_traceback(tmp_path):
    """A bug (not a person's mistake) exits with 1, names the exception and the kit's
    line; --debug adds the traceback."""
    kit = copy_kit(tmp_path / "kit")
    web = kit / "supportkit" / "editions" / "web.py"
    source = web.read_text()
    hook = "        Assets.for_edition(edition).write(folder)\n"
    assert source.count(hook) == 1, "the test's hook point has moved"
    web.write_text(source.replace(hook, hook + "    {}['boom']\n"))
    out = tmp_path / "site"
    proc = kit_command("site", "--out", str(out), root=kit)
    assert proc.returncode == 1
    assert "Build failed: unexpected KeyError: 'boom' (at supportkit/editions/web.py, line" in proc.stderr, proc.stderr
    assert "Traceback" not in proc.stderr and "--debug" in proc.stderr and not out.exists()
    proc = kit_command("--debug", "site", "--out", str(out), root=kit)
    assert "Traceback" in proc.stderr and proc.returncode == 1


def test_no_system_exit_below_main():
    """Only the command's entry point exits; every other failure is an exception the command
    reports (imports between the kit's modules: tests/test_layout.py)."""
    import ast

    for path in (ROOT / "supportkit").rglob("*.py"):
        tree = ast.parse(path.read_text())
        raises = [n for n in ast.walk(tree) if isinstance(n, ast.Raise) and "SystemExit" in ast.unparse(n)]
        assert not raises or path.name in ("__main__.py",), f"{path} raises SystemExit"
