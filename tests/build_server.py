"""The kit's commands run for the tests without starting Python again each time.

A build started as `python -m supportkit site ...` spends about 0.6 s of its 1.5 s
starting Python and importing MkDocs, Material, Python Markdown, WeasyPrint and the
kit (measured: 0.9 s in a child of a warm process), and the suite runs some 180 commands. So each test worker keeps one server
process (started the first time a test asks for a build): it imports everything a
build imports, once, then for each command forks a child that runs it exactly as
`python -m supportkit` would (its own folder, environment, arguments, output files
and exit code). Nothing a child does reaches the server or the next command: each
child starts from the server's state, which is only modules imported, no build made.

Only the kit at the project's root is run this way; a test that copies the kit to
change its Python runs its copy with `python -m supportkit` (conftest.kit_command()).

    run(args, cwd, env) -> subprocess.CompletedProcess      (the client, in a test worker)
    python tests/build_server.py                           (the server: JSON lines on stdin and stdout)
"""
from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import threading
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
# What a `leaflets` command imports besides what a site build does (the server does not render one to find out)
LEAFLET_MODULES = ("weasyprint", "pikepdf", "pypdf", "fontTools.ttLib", "PIL.Image", "qrcode")


# --------------------------------------------------------------------------- the server

def modules_a_build_imports() -> list[str]:
    """The modules a build of the default edition imports, found by making one in a child
    process (so the server itself holds no build's state) that reports sys.modules."""
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:                        # the child never returns: whatever happens, it ends here
        try:
            os.close(read)
            with tempfile.TemporaryDirectory() as tmp:
                quiet(Path(tmp) / "out.txt")
                from supportkit.editions.cli import main
                main(["site", "--config", str(ROOT / "mkdocs.yml"), "--out", str(Path(tmp) / "site")])
                with os.fdopen(write, "w") as pipe:
                    pipe.write("\n".join(sorted(sys.modules)))
        finally:
            os._exit(0)
    os.close(write)
    with os.fdopen(read) as pipe:
        names = pipe.read().split()
    os.waitpid(pid, 0)
    return names


def quiet(path: Path) -> None:
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    os.dup2(fd, 1)
    os.dup2(fd, 2)
    os.close(fd)


def warm() -> None:
    import importlib
    for name in [*modules_a_build_imports(), *LEAFLET_MODULES]:
        if name.startswith("__") or name.endswith("__main__"):      # a command's entry, which would run it
            continue
        try:
            importlib.import_module(name)
        except Exception:            # a module that only imports in its package's context: not needed
            pass


def child(request: dict) -> None:
    """In the forked child: become `python -m supportkit <args>` in request's folder and environment."""
    os.chdir(request["cwd"])
    os.environ.clear()
    os.environ.update(request["env"])
    out = os.open(request["stdout"], os.O_WRONLY | os.O_TRUNC)
    err = os.open(request["stderr"], os.O_WRONLY | os.O_TRUNC)
    os.dup2(out, 1)
    os.dup2(err, 2)
    devnull = os.open(os.devnull, os.O_RDONLY)
    os.dup2(devnull, 0)
    sys.argv = ["python -m supportkit", *request["args"]]
    code = 1
    try:
        from supportkit.editions.cli import main
        code = main(request["args"])
    except SystemExit as stop:          # argparse's errors, as python -m supportkit exits
        code = stop.code if isinstance(stop.code, int) else (0 if stop.code is None else 1)
    except BaseException:
        import traceback
        traceback.print_exc()
    finally:
        import atexit
        atexit._run_exitfuncs()         # what a process's normal end runs (logging's flush among them)
        sys.stdout.flush()
        sys.stderr.flush()
    os._exit(code or 0)


def serve() -> None:
    warm()
    print(json.dumps({"ready": True}), flush=True)
    for line in sys.stdin:
        request = json.loads(line)
        pid = os.fork()
        if pid == 0:
            try:
                child(request)          # ends the process with the command's exit code
            finally:
                os._exit(1)             # a failure before the command started: never back to this loop
        _, status = os.waitpid(pid, 0)
        print(json.dumps({"returncode": os.waitstatus_to_exitcode(status)}), flush=True)


# --------------------------------------------------------------------------- the client

class Client:
    def __init__(self):
        self.lock = threading.Lock()
        self.proc: subprocess.Popen | None = None

    def start(self) -> None:
        env = dict(os.environ, PYTHONPATH=str(ROOT))
        self.proc = subprocess.Popen([sys.executable, __file__], cwd=ROOT, env=env, text=True,
                                     stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
        ready = self.proc.stdout.readline()
        if not ready:
            raise RuntimeError("the build server did not start (python tests/build_server.py)")

    def run(self, args: list[str], cwd: Path, env: dict) -> subprocess.CompletedProcess:
        with self.lock, tempfile.TemporaryDirectory() as tmp:
            if self.proc is None or self.proc.poll() is not None:
                self.start()
            out, err = Path(tmp) / "stdout", Path(tmp) / "stderr"
            out.touch()
            err.touch()
            self.proc.stdin.write(json.dumps({"args": list(args), "cwd": str(cwd), "env": env,
                                              "stdout": str(out), "stderr": str(err)}) + "\n")
            self.proc.stdin.flush()
            answer = self.proc.stdout.readline()
            if not answer:
                self.proc = None
                raise RuntimeError(f"the build server stopped while running {args}")
            code = json.loads(answer)["returncode"]
            return subprocess.CompletedProcess([sys.executable, "-m", "supportkit", *args], code,
                                               out.read_text(encoding="utf-8", errors="replace"),
                                               err.read_text(encoding="utf-8", errors="replace"))

    def close(self) -> None:
        if self.proc and self.proc.poll() is None:
            self.proc.stdin.close()
            self.proc.wait(timeout=10)


CLIENT = Client()


def run(args: list[str], cwd: Path, env: dict) -> subprocess.CompletedProcess:
    return CLIENT.run(args, cwd, env)


if __name__ == "__main__":
    serve()
