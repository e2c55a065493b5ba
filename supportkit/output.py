"""Write an output folder all at once: everything goes into a temporary folder
beside it, which replaces the old folder only when the work succeeded. A
failure leaves the previous folder exactly as it was and no temporary folder.

The new folder gets ordinary permissions (directories 755, files 644 under
the usual umask), so a web server running as another user can read a copy.
"""
from __future__ import annotations

import os
import shutil
import tempfile
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator


def umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def ordinary_permissions(folder: Path) -> None:
    """Directories rwxr-xr-x and files rw-r--r-- (less whatever the umask takes away)."""
    mask = umask()
    folder.chmod(0o777 & ~mask)
    for path in folder.rglob("*"):
        if path.is_symlink():
            continue
        path.chmod((0o777 if path.is_dir() else 0o666) & ~mask)


@contextmanager
def replace_folder(out: Path, keep_existing: bool = False) -> Iterator[Path]:
    """Yield a temporary folder; on success it becomes `out`.

    keep_existing: start from a copy of the current `out` (to redo part of it)."""
    out = Path(out).resolve()
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{out.name}.building-", dir=out.parent))
    try:
        if keep_existing and out.is_dir():
            shutil.copytree(out, tmp, dirs_exist_ok=True)
        yield tmp
        ordinary_permissions(tmp)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    old = None
    if out.exists():
        old = out.with_name(f".{out.name}.old-{tmp.name.rsplit('-', 1)[-1]}")
        out.rename(old)
    tmp.rename(out)
    if old:
        shutil.rmtree(old, ignore_errors=True)
