"""Write an output folder all at once: everything goes into a temporary folder
beside it, which replaces the old folder only when the work succeeded. A
failure leaves the previous folder exactly as it was and no temporary folder."""
from __future__ import annotations

import shutil
import tempfile
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator


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
