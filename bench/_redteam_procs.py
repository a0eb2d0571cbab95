"""Process plumbing for the red-team pass: every child it starts is registered here, in its own
process group, so a run that ends (or is interrupted) leaves nothing behind."""

from __future__ import annotations

if __name__ == "__main__":  # `make bench` runs every bench/*.py; this is a part of bench/redteam.py
    raise SystemExit(0)

import contextlib
import os
import shlex
import signal
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TTX = [sys.executable, "-m", "exercise"]
ENV = dict(os.environ, PYTHONPATH=str(ROOT), TERM="dumb")
ENV.pop("TTX_DEBUG", None)  # the product's own one-line errors are what is under test
WRITER = str(ROOT / "tests" / "store" / "writer.py")
ROOM = str(ROOT / "tests" / "trust" / "room_proc.py")

_started: list[subprocess.Popen] = []
_lock = threading.Lock()
STOPPING = threading.Event()  # set when the run is interrupted: nothing new may start


class Stopped(Exception):
    pass


def spawn(argv: list[str], **kw) -> subprocess.Popen:
    """Popen in a new session (its own group), remembered for kill_all()."""
    kw.setdefault("env", ENV)
    kw.setdefault("cwd", str(ROOT))
    kw.setdefault("stdin", subprocess.DEVNULL)
    with _lock:  # under the lock: kill_all() cannot miss a child started while it runs
        if STOPPING.is_set():
            raise Stopped(argv[0])
        proc = subprocess.Popen(argv, start_new_session=True, **kw)
        _started.append(proc)
    return proc


def kill_group(proc: subprocess.Popen) -> None:
    """SIGKILL `proc` and whatever it started (its group: the pgid is its own pid)."""
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(proc.pid, signal.SIGKILL)
    with contextlib.suppress(ProcessLookupError):
        proc.kill()
    with contextlib.suppress(subprocess.TimeoutExpired):
        proc.wait(timeout=10)


def kill_all() -> None:
    with _lock:
        procs, _started[:] = list(_started), []
    for proc in procs:
        for pid, _ in descendants(proc.pid):  # a server's consoles may have left its group
            with contextlib.suppress(ProcessLookupError, PermissionError):
                os.kill(pid, signal.SIGKILL)
        if proc.poll() is None:
            kill_group(proc)


@dataclass
class Outcome:
    argv: list[str]
    rc: int | None  # None: still running when the timeout came (then killed)
    stdout: str
    stderr: str
    seconds: float

    @property
    def hung(self) -> bool:
        return self.rc is None

    def command(self) -> str:
        return shlex.join(a.replace(str(sys.executable), "python") for a in self.argv)

    def shown(self, limit: int = 600) -> str:
        err = self.stderr.strip()
        out = self.stdout.strip()
        text = f"exit {self.rc if not self.hung else 'none (killed at timeout)'}"
        if out:
            text += f"\n  stdout: {out[-limit:]!r}"
        if err:
            text += f"\n  stderr: {err[-limit:]!r}"
        return text


def run(argv: list[str], timeout: float, cwd: Path | str | None = None) -> Outcome:
    """Run to the end or to `timeout`; a pty-less stdin (/dev/null), output captured."""
    start = time.monotonic()
    proc = spawn(argv, cwd=str(cwd or ROOT), stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        out, err = proc.communicate(timeout=timeout)
        rc: int | None = proc.returncode
    except subprocess.TimeoutExpired:
        kill_group(proc)
        out, err = proc.communicate()
        rc = None
    with _lock:
        if proc in _started:
            _started.remove(proc)
    return Outcome(
        argv,
        rc,
        out.decode(errors="replace"),
        err.decode(errors="replace"),
        time.monotonic() - start,
    )


def ttx(*args: str, timeout: float = 60, cwd: Path | str | None = None) -> Outcome:
    return run([*TTX, *args], timeout, cwd)


def children(pid: int) -> list[int]:
    found = []
    with contextlib.suppress(OSError):
        for task in os.listdir(f"/proc/{pid}/task"):
            with contextlib.suppress(OSError):
                found += [
                    int(c) for c in Path(f"/proc/{pid}/task/{task}/children").read_text().split()
                ]
    return found


def descendants(pid: int) -> list[tuple[int, str]]:
    """(pid, command line) of every process under `pid`, via /proc/PID/task/*/children."""
    out, frontier = [], [pid]
    while frontier:
        for child in children(frontier.pop()):
            frontier.append(child)
            try:
                cmd = (
                    Path(f"/proc/{child}/cmdline")
                    .read_bytes()
                    .replace(b"\0", b" ")
                    .decode()
                    .strip()
                )
            except OSError:
                cmd = "?"
            out.append((child, cmd))
    return out


def open_files(pid: int) -> list[str]:
    names = []
    with contextlib.suppress(OSError):
        for fd in os.listdir(f"/proc/{pid}/fd"):
            with contextlib.suppress(OSError):
                names.append(os.readlink(f"/proc/{pid}/fd/{fd}"))
    return names


@dataclass
class Member:
    """One writer or churn process; its acks ((seq, text)) are collected as they arrive.

    kinds: 'writer' (tests/store/writer.py: prints the seq; the text is '{name} note {n}'),
    'console' / 'team' / 'churn' (tests/trust/room_proc.py: 'ack SEQ TEXT', 'failed ...').
    """

    kind: str
    path: Path
    name: str
    logdir: Path
    acks: list[tuple[int, str]] = field(default_factory=list)
    failures: list[str] = field(default_factory=list)
    killed: bool = False
    churned: int = 0

    def __post_init__(self):
        self.lock = threading.Lock()
        tag = "".join(c if c.isalnum() else "_" for c in self.name)[-40:]
        self.err_path = self.logdir / f"{self.kind}-{tag}-{time.monotonic_ns()}.err"
        if self.kind == "writer":
            argv = [sys.executable, WRITER, str(self.path), "observe", str(10**9), self.name]
        else:
            argv = [sys.executable, ROOM, self.kind, str(self.path), self.name]
        self.argv = argv
        with open(self.err_path, "wb") as err:
            self.proc = spawn(argv, stdout=subprocess.PIPE, stderr=err, text=True)
        self.reader = threading.Thread(target=self._read, daemon=True)
        self.reader.start()

    def _read(self) -> None:
        assert self.proc.stdout is not None
        for line in self.proc.stdout:
            word, _, rest = line.strip().partition(" ")
            with self.lock:
                if self.kind == "writer" and word.isdigit():
                    self.acks.append((int(word), f"{self.name} note {len(self.acks)}"))
                elif word == "ack":
                    seq, _, text = rest.partition(" ")
                    self.acks.append((int(seq), text))
                elif word == "failed":
                    self.failures.append(rest)
                elif word == "churned":
                    self.churned += 1

    def ack_count(self) -> int:
        with self.lock:
            return len(self.acks)

    def exited_by_itself(self) -> bool:
        return not self.killed and self.proc.poll() is not None

    def kill(self) -> None:
        self.killed = self.proc.poll() is None
        kill_group(self.proc)
        self.reader.join(timeout=10)  # every ack already in the pipe is counted

    def stderr(self) -> str:
        try:
            return self.err_path.read_text(errors="replace")
        except OSError:
            return ""

    def command(self) -> str:
        return shlex.join(a.replace(str(sys.executable), "python") for a in self.argv)
