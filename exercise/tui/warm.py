"""Warm starts for served consoles: one process that has imported Textual and the consoles forks
a console per browser connection, so a room connecting at once is not 30 cold interpreters.

`ttx serve` starts it (WarmStarter, with the first console it admits) as
`python -m exercise.tui.warm DIR`, in a private 0700 folder, with the environment textual-serve
gives a console (Textual reads some of it at import). It imports, then listens on DIR/warm.sock
and never opens a session file, a database or a thread: whatever it holds, every console would
inherit. Each connection's command is exercise/tui/launch.py, which hands over its stdio and
environment (see there for the protocol); a console forked here applies them and runs `ttx`'s
own entry point on them, so a warm console is the cold one, started sooner. Only this user's
processes are served (SO_PEERCRED); anything else that connects, or a request that is not a
console's, is closed unanswered, and the launcher starts that console cold.

Launchers that come while it is still importing wait for it (a few seconds at most: see
launch.py). It ends when `ttx serve` does (its stdin, a pipe from the server, closes). Consoles
forked before do not depend on it: if it dies mid-room they run on, and new ones start cold.
"""

from __future__ import annotations

import contextlib
import gc
import json
import os
import select
import shlex
import shutil
import signal
import socket
import struct
import subprocess
import sys
import tempfile
import threading
from os import _exit as exit_child  # public, despite its name: how a forked child ends
from pathlib import Path

from exercise.tui.launch import ACCEPTED, ARGV, EXITED, PID, SIGNAL

SOCKET = "warm.sock"
LAUNCHER = Path(__file__).with_name("launch.py")
CONSOLES = ("team", "play", "screen", "observe")  # the `ttx` sub-commands a served console runs
REQUEST_LIMIT = 1 << 20  # an environment is a few kB; more is not a launcher's request
REQUEST_SECONDS = 2.0  # a launcher sends at once; a silent connection is not let block the rest
# Imported here once for every console. Screens and widgets import more as they are shown.
PRELOAD = (
    "exercise.cli",
    "exercise.cli.console_cmds",
    "exercise.tui.team_app",
    "exercise.tui.team_gateway",
    "exercise.tui.screens.join",
    "exercise.tui.screens.team",
    "exercise.tui.app",
    "exercise.tui.gateway",
    "exercise.tui.screens.console",
    "exercise.tui.room_app",
    "exercise.tui.observer_app",
    "exercise.tui.startup",
    "textual.drivers.web_driver",
)


def textual_settings(env: dict[str, str]) -> dict[str, str]:
    """The variables Textual reads when it is imported: a console forked from an interpreter
    that read other values would not be the console its launcher asked for."""
    return {k: v for k, v in env.items() if k.startswith("TEXTUAL") or k == "ESCDELAY"}


# -- in `ttx serve` -------------------------------------------------------------------------------
class WarmStarter:
    """The server's handle on its warm process: started once, stopped with the server."""

    def __init__(self, env: dict[str, str], titles: list[list[str]]):
        self.env = env
        # The argv a forked console shows in `ps` is written over this process's: room for it.
        self.pad = max((len("\0".join(t)) for t in titles), default=0) + 8
        self.proc: subprocess.Popen | None = None
        self.folder: Path | None = None

    @property
    def socket_path(self) -> Path | None:
        return None if self.folder is None else self.folder / SOCKET

    def start(self) -> None:
        if self.proc is not None:
            return
        self.folder = Path(tempfile.mkdtemp(prefix="ttx-warm-"))  # 0700: this user only
        argv = [sys.executable, "-m", "exercise.tui.warm", str(self.folder)]
        argv += [""] * max(0, self.pad - len("\0".join(argv)))
        self.proc = subprocess.Popen(
            argv,
            stdin=subprocess.PIPE,
            stdout=subprocess.DEVNULL,
            env=self.env,
            close_fds=True,
        )
        (self.folder / PID).write_text(str(self.proc.pid))

    def command(self, argv: list[str], label: str) -> tuple[str, dict[str, str]] | None:
        """The launcher's command line and environment for a console `ttx ARGV`, or None when
        there is no warm process (then the console is started cold, as before)."""
        path = self.socket_path
        if path is None or self.proc is None or self.proc.poll() is not None:
            return None  # never started, or gone (poll reaps it: launchers wait for no zombie)
        launcher = [sys.executable, "-I", "-S", str(LAUNCHER), str(path), label]
        return shlex.join(launcher), {ARGV: json.dumps(argv)}

    def stop(self) -> None:
        proc, self.proc = self.proc, None
        if proc is not None:
            if proc.stdin is not None:
                with contextlib.suppress(OSError):
                    proc.stdin.close()  # its end of the pipe: the warm process exits on that
            try:
                proc.wait(timeout=5)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()
        if self.folder is not None:
            shutil.rmtree(self.folder, ignore_errors=True)
            self.folder = None


# -- the warm process -----------------------------------------------------------------------------
def preload() -> None:
    import importlib

    for name in PRELOAD:
        importlib.import_module(name)


def serve(folder: Path) -> int:
    preload()
    if threading.active_count() != 1:  # a forked console would lose them, or share their locks
        sys.stderr.write("ttx serve: warm start off: importing the consoles started a thread\n")
        return 1
    gc.collect()
    gc.freeze()  # what is loaded now is never scanned again: its pages stay shared with consoles
    listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    staged = folder / (SOCKET + ".new")
    listener.bind(str(staged))
    os.chmod(staged, 0o600)
    listener.listen(64)
    staged.rename(folder / SOCKET)  # launchers take the socket's name for "ready"
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the server's Ctrl-C: it closes our stdin
    try:
        while True:
            ready, _, _ = select.select([listener, 0], [], [], 1.0)
            _reap()
            if 0 in ready and not os.read(0, 512):
                return 0  # the server is gone
            if listener in ready:
                conn, _ = listener.accept()
                with conn:
                    _answer(conn, listener)
    finally:
        listener.close()


def _reap() -> None:
    with contextlib.suppress(ChildProcessError):
        while os.waitpid(-1, os.WNOHANG)[0]:
            pass


def _same_user(conn: socket.socket) -> bool:
    creds = conn.getsockopt(socket.SOL_SOCKET, socket.SO_PEERCRED, struct.calcsize("3i"))
    _pid, uid, _gid = struct.unpack("3i", creds)
    return uid == os.getuid()


def _read_request(conn: socket.socket) -> tuple[dict, list[int]] | None:
    """The launcher's request and the three descriptors it sent, or None for anything else."""
    fds: list[int] = []
    try:
        conn.settimeout(REQUEST_SECONDS)
        data, fds, _, _ = socket.recv_fds(conn, 65536, 3)
        while len(data) >= 4 and len(data) < 4 + struct.unpack("!I", data[:4])[0]:
            if len(data) > REQUEST_LIMIT:
                raise ValueError("too long")
            more = conn.recv(65536)
            if not more:
                raise ValueError("cut short")
            data += more
        request = json.loads(data[4:])
        ok = (
            len(fds) == 3
            and isinstance(request.get("argv"), list)
            and request["argv"][:1] in ([c] for c in CONSOLES)
            and all(isinstance(a, str) for a in request["argv"])
            and isinstance(request.get("env"), dict)
            and all(isinstance(v, str) for v in request["env"].values())
            and isinstance(request.get("cwd"), str)
        )
    except (OSError, ValueError, AttributeError, struct.error):
        ok = False
    if not ok:
        for fd in fds:
            os.close(fd)
        return None
    return request, fds


def _answer(conn: socket.socket, listener: socket.socket) -> None:
    if not _same_user(conn):
        return
    got = _read_request(conn)
    if got is None:
        return
    request, fds = got
    try:
        if textual_settings(request["env"]) != textual_settings(dict(os.environ)):
            return  # this interpreter imported Textual with other settings: start cold
        pid = os.fork()
        if pid == 0:
            _console(conn, listener, request, fds)  # never returns
    except OSError:
        return
    finally:
        for fd in fds:
            os.close(fd)
        del request  # the join code it carries stays in the console's memory, not in ours


# -- a forked console -----------------------------------------------------------------------------
def _console(conn: socket.socket, listener: socket.socket, request: dict, fds: list[int]) -> None:
    code = 1
    try:
        listener.close()
        for sig in (signal.SIGTERM, signal.SIGHUP, signal.SIGCHLD):
            signal.signal(sig, signal.SIG_DFL)
        signal.signal(signal.SIGINT, signal.default_int_handler)
        for target, fd in enumerate(fds):
            os.dup2(fd, target)
            os.close(fd)
        os.environ.clear()
        os.environ.update(request["env"])
        os.chdir(request["cwd"])
        argv = request["argv"]
        sys.argv = [sys.executable, "-m", "exercise", *argv]
        _show_as(sys.argv)
        conn.settimeout(None)
        conn.sendall(ACCEPTED)
        threading.Thread(target=_watch, args=(conn,), daemon=True).start()
        gc.enable()
        from exercise.cli import main

        code = main(argv)
    except SystemExit as exc:
        code = exc.code if isinstance(exc.code, int) else 1
    except BaseException:
        import traceback

        traceback.print_exc()
    finally:
        with contextlib.suppress(Exception):
            sys.stdout.flush()
            sys.stderr.flush()
        with contextlib.suppress(OSError):
            conn.sendall(EXITED + bytes([code & 0xFF]))
        exit_child(code & 0xFF)


def _watch(conn: socket.socket) -> None:
    """Signals the launcher passes on; its end (killed, say) ends this console too."""
    while True:
        try:
            data = conn.recv(64)
        except OSError:
            data = b""
        if not data:
            os.kill(os.getpid(), signal.SIGTERM)
            return
        for at in range(0, len(data) - 1, 2):
            if data[at : at + 1] == SIGNAL:
                os.kill(os.getpid(), data[at + 1])


def _show_as(argv: list[str]) -> None:
    """Make /proc/PID/cmdline (`ps`) show the console's own command line, not the warm
    process's: written over the argv area the kernel reports (the launcher padded it)."""
    with contextlib.suppress(OSError, ValueError, IndexError):
        fields = Path("/proc/self/stat").read_text().rsplit(")", 1)[1].split()
        start, end = int(fields[45]), int(fields[46])
        title = "\0".join(argv).encode()[: end - start - 1]
        with open("/proc/self/mem", "r+b", buffering=0) as mem:
            mem.seek(start)
            mem.write(title.ljust(end - start, b"\0"))


def main(argv: list[str]) -> int:
    if not argv or not Path(argv[0]).is_dir():
        sys.stderr.write("usage: python -m exercise.tui.warm DIR (a private folder)\n")
        return 2
    return serve(Path(argv[0]))


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
