"""Running one of the kit's commands: what a failure prints, and its exit code.

A mistake in a file (KitError) prints the file, the key and the fix and exits
with 2; MkDocs stopping on its own warnings exits with 1; anything unexpected
prints what failed and where, and exits with 1 (--debug, or KIT_DEBUG=1, shows
the traceback). In every case the previous output is left as it was. Used by
the commands (supportkit/editions/cli.py) and by `make serve`'s rebuilds
(supportkit/editions/serve.py).
"""
from __future__ import annotations

import sys
import traceback

from supportkit.core.errors import KitError, relative


def unexpected(e: BaseException) -> str:
    """What failed and where: the innermost frame in the kit's own code, else the last."""
    frames = traceback.extract_tb(e.__traceback__)
    ours = [f for f in frames if "supportkit" in f.filename] or frames
    where = f" (at {relative(ours[-1].filename)}, line {ours[-1].lineno})" if ours else ""
    text = str(e).strip() or "no message"
    return f"{type(e).__name__}: {text[:300]}{where}"


def run(work, unchanged: str, debug: bool) -> int:
    """Run `work()`; report a failure as the kit's rules say. Returns the exit code."""
    from mkdocs.exceptions import Abort

    try:
        work()
    except KitError as e:
        print(f"Error in {e}", file=sys.stderr)
        print(f"Nothing was written; {unchanged} unchanged.", file=sys.stderr)
        return 2
    except Abort as e:
        print(f"Build failed: MkDocs stopped the build ({e}); see the warnings above.", file=sys.stderr)
        print(f"Nothing was written; {unchanged} unchanged.", file=sys.stderr)
        return 1
    except Exception as e:                       # a bug or a broken environment, not a person's mistake
        if debug:
            traceback.print_exc()
        print(f"Build failed: unexpected {unexpected(e)}", file=sys.stderr)
        if not debug:
            print("Run again with --debug (or KIT_DEBUG=1) to see the whole traceback.", file=sys.stderr)
        print(f"Nothing was written; {unchanged} unchanged.", file=sys.stderr)
        return 1
    return 0
