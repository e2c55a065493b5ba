"""Output folders that cannot destroy work, lose work or be half-written.

Everything is written into a temporary folder beside the output, which takes
the output's place only when the work succeeded. On the way:

- Refusals (check_destination): the output must be a folder the kit made
  (it holds the MARKER file) or not exist yet (or be empty); it may not be or
  hold the kit's own folder, docs/, .git, the configuration file, or be a file.
- A lock (`.<name>.lock` beside the output): a second build of the same
  output waits for the first, then runs; it never writes at the same time.
- Leftovers of a killed build (`.<name>.building-*`) are removed by the next.
- The swap is atomic: Linux's rename-exchange puts the new folder in the old
  one's place in one step, so the output's path always holds a whole old or a
  whole new output, never nothing. (Where the system has no rename-exchange,
  two renames leave a moment with no output.) Outputs that must change
  together, such as dist/kiosk/, dist/kiosk.zip and its checksum, are written
  into a new copy of their folder (dist/), whose other entries are hard links
  to the current files, and that whole folder is swapped in one step.
- Ordinary permissions: directories 755 and files 644, under the usual umask,
  so a web server running as another user can read a copy.
"""
from __future__ import annotations

import ctypes
import ctypes.util
import errno
import fcntl
import os
import shutil
import sys
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

from supportkit import ROOT
from supportkit.core.errors import OutputError

MARKER = ".kit-output"                     # in every folder the kit writes
MARKER_TEXT = ("This folder was written by the stalking and harassment support kit; "
               "its next build replaces it whole.\n")
LOCK_WAIT = 600                            # seconds a second build waits for the first
PAUSE = "KIT_CRASH_TEST_PAUSE"             # tests: stop at a named step (see checkpoint)


def checkpoint(step: str) -> None:
    """For the crash tests only: when KIT_CRASH_TEST_PAUSE names this step, say so
    and wait there, so that a test can kill the build at a known moment."""
    if os.environ.get(PAUSE) == step:
        print(f"paused at {step}", file=sys.stderr, flush=True)
        time.sleep(3600)


def umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def ordinary_permissions(folder: Path) -> None:
    """Directories rwxr-xr-x and files rw-r--r-- (less whatever the umask takes away)."""
    mask = umask()
    folder.chmod(0o777 & ~mask)
    for path in folder.rglob("*"):
        if not path.is_symlink():
            path.chmod((0o777 if path.is_dir() else 0o666) & ~mask)


# --------------------------------------------------------------------------- refusals

def _inside(path: Path, folder: Path) -> bool:
    return path == folder or folder in path.parents


def check_destination(out: Path, config_file: Path | None = None) -> None:
    """Refuse an output path whose replacement would destroy work."""
    given = out
    out = Path(os.path.abspath(out))
    real = out.resolve()
    fix = "give an output folder of its own, such as site/ or dist/ (or a new folder)"
    for path in {out, real}:
        if _inside(ROOT.resolve(), path):
            raise OutputError(given, "--out", "this folder holds the kit itself; replacing it would delete "
                              "the kit, its pages and its history", fix)
        for name in ("docs", ".git", "components", "supportkit", "overrides", "strings", "examples", "tests"):
            if _inside(path, (ROOT / name).resolve()):
                raise OutputError(given, "--out", f"this is inside the kit's {name}/ folder", fix)
        if config_file and _inside(Path(config_file).resolve(), path):
            raise OutputError(given, "--out", "this folder holds the configuration file", fix)
    if out.is_symlink() or (out.exists() and not out.is_dir()):
        raise OutputError(given, "--out", "this is a file, not a folder", fix)
    if out.is_dir() and not (out / MARKER).is_file() and any(out.iterdir()):
        raise OutputError(given, "--out", f"this folder was not made by the kit (it has no {MARKER} file), "
                          "so replacing it could delete someone's work", fix + "; or empty the folder first")


# --------------------------------------------------------------------------- lock, clear-up, swap

@contextmanager
def locked(out: Path) -> Iterator[None]:
    """Hold `.<name>.lock` beside `out` (waiting for another build to finish)."""
    lock = out.parent / f".{out.name}.lock"
    with open(lock, "a") as handle:
        deadline = time.monotonic() + LOCK_WAIT
        told = False
        while True:
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if not told:
                    print(f"Waiting for another build of {out.name}/ to finish...", file=sys.stderr, flush=True)
                    told = True
                if time.monotonic() > deadline:
                    raise OutputError(out, "(lock)", f"another build has been writing {out.name}/ for "
                                      f"{LOCK_WAIT // 60} minutes", "wait for it to finish, or stop it") from None
                time.sleep(0.2)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def clear_leftovers(out: Path) -> None:
    """Remove what killed builds of `out` left beside it (call with the lock held)."""
    for stale in out.parent.glob(f".{out.name}.building-*"):
        shutil.rmtree(stale, ignore_errors=True)


_RENAME_EXCHANGE = 2
_AT_FDCWD = -100


def _libc_renameat2():
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6", use_errno=True)
        return libc.renameat2
    except (OSError, AttributeError):
        return None


_renameat2 = _libc_renameat2()


def exchange(a: Path, b: Path) -> bool:
    """Swap two paths in one step (Linux renameat2 RENAME_EXCHANGE); False if the system cannot."""
    if _renameat2 is None:
        return False
    if _renameat2(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE) == 0:
        return True
    err = ctypes.get_errno()
    if err in (errno.ENOSYS, errno.EINVAL, errno.ENOTSUP):
        return False
    raise OSError(err, os.strerror(err), str(a))


def swap_in(new: Path, out: Path) -> None:
    """Put the folder `new` at `out`; the old output, if any, is deleted."""
    if not out.exists():
        os.rename(new, out)
        return
    if exchange(new, out):
        shutil.rmtree(new, ignore_errors=True)          # `new` now holds the old output
        return
    old = new.with_name(new.name + "-old")
    os.rename(out, old)
    os.rename(new, out)
    shutil.rmtree(old, ignore_errors=True)


def _link_copy(src: Path, dest: Path) -> None:
    """dest: a copy of src whose files are hard links (a copy where links cannot be made)."""
    if src.is_dir() and not src.is_symlink():
        dest.mkdir(exist_ok=True)
        for child in src.iterdir():
            _link_copy(child, dest / child.name)
        return
    try:
        os.link(src, dest, follow_symlinks=False)
    except OSError:
        shutil.copy2(src, dest, follow_symlinks=False)


@contextmanager
def replace_folder(out: Path, keep: set[str] | bool = False, config_file: Path | None = None) -> Iterator[Path]:
    """Yield a temporary folder; on success it becomes `out`, all at once.

    keep: True to start from a copy of the whole current `out` (to redo part of it);
    a set of names to start from a copy of everything else in it (the caller writes
    those names anew)."""
    check_destination(out, config_file)
    out = Path(os.path.abspath(out))
    out.parent.mkdir(parents=True, exist_ok=True)
    with locked(out):
        clear_leftovers(out)
        tmp = Path(tempfile.mkdtemp(prefix=f".{out.name}.building-", dir=out.parent))
        try:
            if keep is True and out.is_dir():        # parts will be written again: real copies
                shutil.copytree(out, tmp, dirs_exist_ok=True)
            elif keep and out.is_dir():              # never written again: hard links will do
                for child in out.iterdir():
                    if child.name != MARKER and child.name not in keep:
                        _link_copy(child, tmp / child.name)
            yield tmp
            (tmp / MARKER).write_text(MARKER_TEXT, encoding="utf-8")
            ordinary_permissions(tmp)
            checkpoint("before-swap")
        except BaseException:
            shutil.rmtree(tmp, ignore_errors=True)
            raise
        swap_in(tmp, out)
        checkpoint("after-swap")


def replace_in_folder(out: Path, keep_existing: bool = False, config_file: Path | None = None):
    """Replace the folder `out` that sits inside a folder the kit made (dist/leaflets in
    dist/): the whole parent is swapped, so the rest of it (the kiosk and its zip)
    stays as it was and nothing is written at the same time as another command. A
    parent that does not exist yet is made as such a folder. Elsewhere `out` itself
    is replaced. Yields where to write `out`'s new content; keep_existing starts it
    from a copy of the current one."""
    out = Path(os.path.abspath(out))
    parent = out.parent
    if not parent.exists():
        parent.mkdir(parents=True)
        (parent / MARKER).write_text(MARKER_TEXT, encoding="utf-8")
    if (parent / MARKER).is_file():
        return _in_parent(parent, out.name, keep_existing, config_file)
    return replace_folder(out, keep=keep_existing, config_file=config_file)


@contextmanager
def _in_parent(parent: Path, name: str, keep_existing: bool, config_file: Path | None) -> Iterator[Path]:
    with replace_folder(parent, keep={name}, config_file=config_file) as tmp:
        if keep_existing and (parent / name).is_dir():
            shutil.copytree(parent / name, tmp / name)
        (tmp / name).mkdir(exist_ok=True)
        yield tmp / name
