"""The facilitator console: start time against a hello-world Textual app (sessions of 2,000 and
10,000 events), keypress-to-repaint with a 10,000-event session and, for the room's dialogs and
tabs, a 2,000-event one, and the log tab and the review on a session of 100,000 events.

A resumed session starts from the state its last facilitator console kept (session/
start_cache.py: plain JSON in the user's state folder, checked against the log) and folds the
events after it; a session first opened on this machine (mailed, copied, its cache lost)
replays its whole log. Both are measured.

Start time is what a facilitator waits for: from launching the process in a terminal (a pty,
120x40) until its first frame with content is written: "hello world" for the baseline, the
session's teams on the board for `ttx play --resume`. Both run the same interpreter from
bytecode, interleaved, median of RUNS. The start screen (`ttx play`) and the set-up dialog
(`ttx play demo`) are measured the same way.

A key is measured until what it brings is on screen, not until the screen first changes: the
log tab until its newest line shows (the tab itself appears before its rows are read), the
review until its timeline does. The log tab's first open is measured in a fresh console each
time (it reads the log then; later opens show what it read).

Targets: console start <= 1.5x hello world at 2,000 events and <= 2.0x at 10,000; keypress to
repaint <= 100 ms; at 100,000 events the log tab's first open <= 150 ms and the review's open
<= 1 s (beside a replay of the same log, measured in the same run: the review folds it once).
"""

from __future__ import annotations

import fcntl
import os
import pty
import select
import shlex
import shutil
import signal
import statistics
import struct
import subprocess
import sys
import tempfile
import termios
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.store import big_session  # noqa: E402
from exercise.content.library import scenario_world  # noqa: E402
from exercise.session import Session  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
RUNS = 15
LONG = 100_000  # events in the session the log tab and the review are measured on
FRESH = 5  # consoles started for the log tab's first open, reviews opened

HELLO = """
from textual.app import App
from textual.widgets import Static

class Hello(App):
    def compose(self):
        yield Static("hello world")

Hello().run()
"""

HELLO_TABS = """
from textual.app import App
from textual.widgets import Static, TabbedContent, TabPane

class Hello(App):
    BINDINGS = [("1", "tab('a')"), ("2", "tab('b')")]
    def compose(self):
        with TabbedContent():
            with TabPane("a", id="a"):
                yield Static("hello a")
            with TabPane("b", id="b"):
                yield Static("hello b")
    def action_tab(self, tab):
        self.query_one(TabbedContent).active = tab

Hello().run()
"""


def first_frame(argv: list[str], marker: bytes, cwd: Path, timeout: float = 15.0) -> float:
    """Seconds from starting `argv` in a 120x40 pty until `marker` appears in what it writes."""
    pid, fd = pty.fork()
    if pid == 0:  # the child: becomes the program
        os.chdir(cwd)
        os.environ["TERM"] = "xterm-256color"
        os.execv(argv[0], argv)
    fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", 40, 120, 0, 0))
    start, seen = time.perf_counter(), b""
    try:
        while time.perf_counter() - start < timeout:
            if select.select([fd], [], [], 0.5)[0]:
                seen += os.read(fd, 65536)
                if marker in seen:
                    return time.perf_counter() - start
        raise RuntimeError(f"{shlex.join(argv)}: '{marker.decode()}' never appeared")
    finally:
        os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
        os.close(fd)


def starts(cases: dict[str, tuple], cwd: Path, runs: int = RUNS) -> dict[str, float]:
    """Median start of each case, the cases interleaved so load on the machine hits all alike.
    A case is (argv, marker) or (argv, marker, what to do before each start)."""
    times: dict[str, list[float]] = {name: [] for name in cases}
    for _ in range(runs):
        for name, (argv, marker, *before) in cases.items():
            for step in before:
                step()
            times[name].append(first_frame(argv, marker, cwd, timeout=60.0))
    return {name: statistics.median(values) for name, values in times.items()}


def keep_state(path: Path) -> None:
    """What a facilitator console does once the session is on screen: attach, keeping its state."""
    from exercise.tui.gateway import Gateway

    gateway = Gateway(path)
    gateway.load()
    gateway.attach()
    gateway.close()


def forget(path: Path) -> None:
    from exercise.session.start_cache import cache_path

    cache_path(path).unlink(missing_ok=True)


# A server of its own: no other tmux session on the machine is touched or measured.
TMUX = ["tmux", "-L", "ttx-bench"]


def _pane(name: str) -> str:
    return subprocess.run(
        [*TMUX, "capture-pane", "-p", "-t", name], capture_output=True, text=True
    ).stdout


def _new_session(name: str, command: list[str]) -> None:
    size = ["-x", "120", "-y", "40"]
    for _ in range(20):  # the last session's kill may still be stopping the server: try again
        if (
            subprocess.run(
                [*TMUX, "new-session", "-d", "-s", name, *size, shlex.join(command)]
            ).returncode
            == 0
        ):
            return
        time.sleep(0.1)
    raise RuntimeError(f"tmux could not start {shlex.join(command)}")


def keypress_to_repaint(
    command: list[str], keys: list[tuple[str, str, str]], repeats: int = 5
) -> dict[str, list[float]]:
    """Real terminal (tmux, 120x40): send a key, poll the pane until it changes and shows the
    key's marker (when it has one: what the key brings, where the first change may come
    before it)."""
    name = f"ttxbench{int(time.time() * 1000) % 100000}"
    _new_session(name, command)
    out: dict[str, list[float]] = {}
    try:
        deadline = time.monotonic() + 60
        while "Turn" not in _pane(name) and time.monotonic() < deadline:
            time.sleep(0.05)
        time.sleep(1.0)
        if "Restart the phase clock" in _pane(name):  # the keys would go to a dialog
            raise RuntimeError("the console opened with its clock adrift: fix the bench session")
        for _ in range(repeats):
            for label, key, marker in keys:
                before = _pane(name)
                t = time.perf_counter()
                subprocess.run([*TMUX, "send-keys", "-t", name, key], check=True)
                while time.perf_counter() - t < 60:
                    pane = _pane(name)
                    if pane != before and marker in pane:
                        break
                out.setdefault(label, []).append((time.perf_counter() - t) * 1000)
                time.sleep(0.3)
    finally:
        subprocess.run([*TMUX, "kill-session", "-t", name])
    return out


def main() -> None:
    py = sys.executable
    # Both programs start from bytecode, as they do on any machine after their first run
    # (this one may have PYTHONDONTWRITEBYTECODE set; site-packages was compiled at install).
    subprocess.run([py, "-m", "compileall", "-q", str(ROOT / "exercise")], check=True)
    with tempfile.TemporaryDirectory(dir=ROOT) as tmp:
        tmp = Path(tmp)
        big, small = tmp / "big.ttx", tmp / "small.ttx"
        big_session(big, scenario_world(ROOT, "demo"), 10_000)
        big_session(small, scenario_world(ROOT, "demo"), 2_000)
        for f in (big, small):
            subprocess.run(
                [py, "-m", "exercise", "verify", str(f)], check=True, stdout=subprocess.DEVNULL
            )
        ttx = [py, "-m", "exercise", "play"]
        env_home = os.environ.get("XDG_STATE_HOME")
        os.environ["XDG_STATE_HOME"] = str(
            tmp / "state"
        )  # the recent list and start caches of this run only
        try:
            first = {}
            for f in (big, small):
                copy = f.with_name("first-" + f.name)
                shutil.copyfile(f, copy)
                first[f] = copy
                keep_state(f)  # as a facilitator console does when it has shown the session
            t = starts(
                {
                    "hello": ([py, "-c", HELLO], b"hello world"),
                    "resume 2k": (ttx + ["--resume", str(small)], b"Moscow"),
                    "resume": (ttx + ["--resume", str(big)], b"Moscow"),
                    "first 2k": (
                        ttx + ["--resume", str(first[small])],
                        b"Moscow",
                        lambda: forget(first[small]),
                    ),
                    "first": (
                        ttx + ["--resume", str(first[big])],
                        b"Moscow",
                        lambda: forget(first[big]),
                    ),
                    "start screen": (ttx, b"Demo: the Russian intervention"),
                    "set-up dialog": (
                        ttx + ["demo", "--session", str(tmp / "new.ttx")],
                        b"Who plays each role",
                    ),
                },
                ROOT,
            )
        finally:
            if env_home is None:
                os.environ.pop("XDG_STATE_HOME", None)
            else:
                os.environ["XDG_STATE_HOME"] = env_home
        h = t["hello"]
        print(f"start to first frame in a 120x40 terminal, median of {RUNS}, interleaved")
        print(f"  hello-world Textual app                           : {h * 1000:6.0f} ms   1.00x")
        print(
            "  ttx play --resume, 2,000-event session            : "
            f"{t['resume 2k'] * 1000:6.0f} ms   "
            f"{t['resume 2k'] / h:.2f}x   (target <= 1.5x)"
        )
        print(
            "  ttx play --resume, 10,000-event session           : "
            f"{t['resume'] * 1000:6.0f} ms   "
            f"{t['resume'] / h:.2f}x   (target <= 2.0x)"
        )
        print(
            "  first open here (no kept state: replay), 2,000    : "
            f"{t['first 2k'] * 1000:6.0f} ms   "
            f"{t['first 2k'] / h:.2f}x"
        )
        print(
            "  first open here (no kept state: replay), 10,000   : "
            f"{t['first'] * 1000:6.0f} ms   "
            f"{t['first'] / h:.2f}x"
        )
        print(
            "  ttx play (start screen: scenarios, recent)        : "
            f"{t['start screen'] * 1000:6.0f} ms   "
            f"{t['start screen'] / h:.2f}x"
        )
        print(
            "  ttx play demo (who-plays dialog)                  : "
            f"{t['set-up dialog'] * 1000:6.0f} ms   "
            f"{t['set-up dialog'] / h:.2f}x"
        )
        if shutil.which("tmux") is None:
            print("keypress to repaint: skipped (needs tmux)")
            return
        print(
            "keypress to repaint in a real terminal (tmux 120x40), median / max of 5; "
            "tmux polling adds ~2 ms"
        )
        hello = keypress_to_repaint(
            [py, "-c", HELLO_TABS],
            [("hello world: switch tab", "2", ""), ("hello world: switch back", "1", "")],
        )
        console = keypress_to_repaint(
            [py, "-m", "exercise", "play", "--resume", str(big)],
            [
                ("console: log tab (5) until its rows show, 10,000", "5", newest_note(big)),
                ("console: board tab (1)", "1", ""),
                ("console: pause/resume clock (p), write + repaint", "p", ""),
            ],
        )
        # The room's own dialogs and tabs (issue 15's keys) on the 2,000-event session.
        room = keypress_to_repaint(
            [py, "-m", "exercise", "play", "--resume", str(small)],
            [
                ("2,000: write an inject (w), dialog shown", "w", "Write an inject"),
                ("2,000: close it (escape)", "escape", ""),
                ("2,000: messages (m), dialog shown", "m", "Messages"),
                ("2,000: close it (escape)", "escape", ""),
                ("2,000: injects tab (2)", "2", ""),
                ("2,000: decisions tab (3)", "3", ""),
                ("2,000: board tab (1)", "1", ""),
            ],
        )
        for label, values in {**hello, **console, **room}.items():
            print(
                f"  {label:50} {statistics.median(values):6.1f} ms / {max(values):6.1f} ms   "
                "(target <= 100 ms)"
            )
        long_session(py, tmp, statistics.median(hello["hello world: switch tab"]))


def newest_note(path: Path) -> str:
    """The text of the log's newest note: on screen once the log tab's first lines are."""
    with Session.open(path, readonly=True) as s:
        rows = list(s.rows(after=max(0, s.state.seq - 8)))
    return next(r.data()["text"] for r in reversed(rows) if r.kind == "ObservationAdded")


def long_session(py: str, tmp: Path, hello_switch_ms: float) -> None:
    """The log tab's first open and the review's open at LONG events, beside a hello-world tab
    switch and a replay of the same log (both measured in this run)."""
    path = tmp / "long.ttx"
    big_session(path, scenario_world(ROOT, "demo"), LONG)
    keep_state(path)  # the console starts from its kept state, as it does after a first run
    replay = []
    for _ in range(3):
        t = time.perf_counter()
        Session.open(path, readonly=True).close()
        replay.append((time.perf_counter() - t) * 1000)
    play = [py, "-m", "exercise", "play", "--resume", str(path)]
    note, loaded = newest_note(path), f"{LONG} events"
    first: list[float] = []
    for _ in range(FRESH):  # a fresh console each time: its first open is the one that reads
        first += keypress_to_repaint(play, [("log", "5", note)], repeats=1)["log"]
    review = keypress_to_repaint(
        play, [("review", "v", loaded), ("back", "escape", "")], repeats=FRESH
    )["review"]
    t = starts(
        {
            "hello": ([py, "-c", HELLO], b"hello world"),
            "review": ([py, "-m", "exercise", "review", str(path)], loaded.encode()),
        },
        ROOT,
        runs=FRESH,
    )
    r = statistics.median(replay)
    print(f"at {LONG:,} events (tmux 120x40 and a pty), median of {FRESH}")
    print(f"  baseline: hello world, switch tab                  : {hello_switch_ms:6.0f} ms")
    print(f"  baseline: replay of the log (Session.open, in here): {r:6.0f} ms")
    log = statistics.median(first)
    print(
        f"  console: log tab (5), first open, until rows show   : {log:6.0f} ms   "
        f"{log / hello_switch_ms:.2f}x a tab switch   (target <= 150 ms)"
    )
    v = statistics.median(review)
    print(
        f"  console: review (v), until its timeline shows       : {v:6.0f} ms   "
        f"{v / r:.2f}x a replay   (target <= 1000 ms)"
    )
    print(
        f"  ttx review, start until its timeline shows          : {t['review'] * 1000:6.0f} ms   "
        f"{t['review'] / t['hello']:.2f}x hello world's start ({t['hello'] * 1000:.0f} ms)"
    )


if __name__ == "__main__":
    main()
