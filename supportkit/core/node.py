"""The build's npm tools, run by Node.js: PurgeCSS for the CSS step (css.py,
purge.mjs) and Terser for the components' scripts (assets.py, minify.mjs),
both pinned in package.json. Each script reads one JSON object on stdin and
writes its answer to stdout."""
from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

from supportkit import ROOT
from supportkit.core.errors import KitError

PACKAGES = {"purgecss": "keep only the CSS the pages use", "terser": "minify the components' scripts"}


def package(name: str) -> Path:
    return ROOT / "node_modules" / name


def node() -> str:
    """Node.js, with every package the build runs installed beside the kit; a KitError
    naming the fix if anything is missing. Checked on every build, so a build is the
    same everywhere and never works only because a cache had the answers."""
    found = shutil.which("node")
    if found is None:
        raise KitError(ROOT / "package.json", "node", "the build runs npm tools ("
                       + "; ".join(f"{n}: {why}" for n, why in PACKAGES.items())
                       + ") with Node.js, and `node` is not installed", "install Node.js, then run `npm ci` (make does it)")
    missing = [n for n in PACKAGES if not (package(n) / "package.json").is_file()]
    if missing:
        raise KitError(package(missing[0]), "(package)", "the build needs "
                       + ", ".join(f"{n} (to {PACKAGES[n]})" for n in missing)
                       + ", pinned in package.json, and it is not installed", "run `npm ci` (make site does it)")
    return found


def version(name: str) -> bytes:
    """The package's package.json, for cache keys: a new version makes new results."""
    return (package(name) / "package.json").read_bytes()


def run(script: Path, payload, tool: str, name: str) -> str:
    """stdout of `node script` given payload as JSON on stdin; a KitError if it fails."""
    proc = subprocess.run([node(), str(script)], input=json.dumps(payload), capture_output=True,
                          text=True, encoding="utf-8", cwd=ROOT)
    if proc.returncode != 0 or not proc.stdout.strip():
        last = (proc.stderr.strip().splitlines() or ["no output"])[-1]
        raise KitError(script, f"({tool})", f"{tool} failed: {last}",
                       f"run `npm ci` to install the {tool} version pinned in package.json ({name})")
    return proc.stdout
