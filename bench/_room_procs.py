"""bench/room.py's processes and what /proc says about them: every process it starts is in its
own process group and registered here, so a run that ends, fails or is interrupted stops all of
them (a served console runs in its server's group); CPU ticks and memory per process tree."""

from __future__ import annotations

if __name__ == "__main__":  # `make bench` runs every bench/*.py; this is a part of bench/room.py
    raise SystemExit(0)

import contextlib
import os
import signal
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path

TICK = os.sysconf("SC_CLK_TCK")


class Procs:
    """The process groups this run started (each leader's pid is its group's id)."""

    def __init__(self) -> None:
        self.leaders: list[int] = []
        self._popen: list[subprocess.Popen] = []

    def spawn(self, argv: list[str], log: Path, env: dict[str, str], cwd: Path):
        with open(log, "ab") as out:
            proc = subprocess.Popen(
                argv,
                stdin=subprocess.DEVNULL,
                stdout=out,
                stderr=subprocess.STDOUT,
                env=env,
                cwd=cwd,
                start_new_session=True,
            )
        self.leaders.append(proc.pid)
        self._popen.append(proc)
        return proc

    def adopt(self, pid: int) -> None:
        """A child started elsewhere (an asyncio subprocess) in a session of its own."""
        self.leaders.append(pid)

    def forget(self, pid: int) -> None:
        with contextlib.suppress(ValueError):
            self.leaders.remove(pid)

    def stop(self, leader: int, grace: float = 1.0) -> None:
        """SIGTERM the group and everything under its leader, then SIGKILL what is left."""
        members = {leader, *(pid for pid, _ in descendants(leader))}
        _signal_group(leader, members, signal.SIGTERM)
        end = time.monotonic() + grace
        while time.monotonic() < end and any(_alive(p) for p in members):
            self._reap()
            time.sleep(0.05)
        _signal_group(leader, members, signal.SIGKILL)
        self._reap()
        self.forget(leader)

    def stop_all(self) -> None:
        for leader in list(self.leaders):
            self.stop(leader)
        for proc in self._popen:
            with contextlib.suppress(subprocess.TimeoutExpired):
                proc.wait(timeout=5)

    def _reap(self) -> None:
        for proc in self._popen:
            proc.poll()


def _signal_group(leader: int, members: set[int], sig: int) -> None:
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(leader, sig)
    for pid in members:  # one that left the group (a console started its own session)
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.kill(pid, sig)


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (OSError, IndexError):
        return False
    return state != "Z"


def _stat_fields(pid: int) -> list[str] | None:
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except (OSError, IndexError):
        return None


def cmdline(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode().strip()
    except OSError:
        return ""


def descendants(root: int) -> list[tuple[int, str]]:
    """(pid, command line) of every live process under `root`."""
    parents: dict[int, int] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            fields = _stat_fields(int(entry))
            if fields:
                parents[int(entry)] = int(fields[1])
    children: dict[int, list[int]] = {}
    for pid, parent in parents.items():
        children.setdefault(parent, []).append(pid)
    found, frontier = [], [root]
    while frontier:
        for child in children.get(frontier.pop(), []):
            frontier.append(child)
            found.append((child, cmdline(child)))
    return found


def tree(root: int) -> dict[int, str]:
    """pid -> command line of `root` and every process under it."""
    return {root: cmdline(root), **dict(descendants(root))}


def ticks(pids) -> dict[int, int]:
    """pid -> user + system clock ticks used so far (a process gone is left out)."""
    out = {}
    for pid in pids:
        fields = _stat_fields(pid)
        if fields:
            out[pid] = int(fields[11]) + int(fields[12])
    return out


def machine_ticks() -> tuple[int, int]:
    """(busy, total) ticks of every CPU since boot, from /proc/stat."""
    values = [int(v) for v in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
    idle = values[3] + values[4]  # idle + iowait
    return sum(values) - idle, sum(values)


@dataclass
class Window:
    """CPU used per process over one measured stretch of wall time."""

    seconds: float
    used: dict[int, float]  # pid -> CPU seconds
    machine_busy: float  # the whole machine's busy share, in cores (every process, ours too)

    def percent(self, pids) -> float:
        """CPU of `pids` together, in % of one core."""
        return 100.0 * sum(self.used.get(p, 0.0) for p in pids) / self.seconds


class Meter:
    """Starts a window on the process tree of `roots`; `stop()` returns it."""

    def __init__(self, roots: list[int]):
        self.roots = roots
        self.t0 = time.monotonic()
        self.m0 = machine_ticks()
        self.before = ticks(self._pids())

    def _pids(self) -> list[int]:
        return [p for r in self.roots for p in tree(r)]

    def stop(self) -> Window:
        after = ticks(self._pids())
        seconds = time.monotonic() - self.t0
        busy, total = machine_ticks()
        cores = (busy - self.m0[0]) / max(1, total - self.m0[1]) * (os.cpu_count() or 1)
        used = {p: (t - self.before.get(p, 0)) / TICK for p, t in after.items()}
        return Window(seconds, used, cores)


def memory_mb(pid: int) -> tuple[float, float]:
    """(RSS, PSS) in MB: PSS shares the pages several interpreters map among them."""
    rss = pss = 0.0
    with contextlib.suppress(OSError):
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                rss = int(line.split()[1]) / 1024
    with contextlib.suppress(OSError):
        for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
            if line.startswith("Pss:"):
                pss = int(line.split()[1]) / 1024
    return rss, pss
