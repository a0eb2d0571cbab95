"""A room on one file, with real processes: a facilitator console, four team consoles and other
terminals opening and closing the file; random SIGKILLs. Every acknowledged event is kept, and
every other process sees it as soon as it is acknowledged.

TTX_SOAK_SECONDS lengthens the soak (default 25 s, which runs in CI: some 25 kills and 8,000
acknowledged events on this 2-core machine)."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from exercise.session import Session
from exercise.store import SessionLog
from tests.pty_console import ROOT

PROC = str(Path(__file__).with_name("room_proc.py"))
TEAMS = ("moscow", "tehran", "damascus", "jerusalem")


class Member:
    """One process of the room; its acks are collected as they arrive."""

    def __init__(self, kind: str, *args: str):
        self.argv = [sys.executable, PROC, kind, *args]
        self.acks: list[tuple[int, str]] = []
        self.failures: list[str] = []
        self.lock = threading.Lock()
        self.start()

    def start(self) -> None:
        self.proc = subprocess.Popen(
            self.argv,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            text=True,
            cwd=ROOT,
            env=dict(os.environ, PYTHONPATH=ROOT),
        )
        threading.Thread(target=self._read, args=(self.proc,), daemon=True).start()

    def _read(self, proc: subprocess.Popen) -> None:
        assert proc.stdout is not None
        for line in proc.stdout:
            word, _, rest = line.strip().partition(" ")
            with self.lock:
                if word == "ack":
                    seq, _, text = rest.partition(" ")
                    self.acks.append((int(seq), text))
                elif word == "failed":
                    self.failures.append(rest)

    def kill_and_restart(self) -> None:
        self.proc.send_signal(signal.SIGKILL)
        self.proc.wait()
        self.start()

    def stop(self) -> None:
        self.proc.send_signal(signal.SIGKILL)
        self.proc.wait()


def check_seen_elsewhere(path: Path, members: list[Member], checked: dict[int, int]) -> list[str]:
    """Open the file afresh (this process is not a writer) and look for each ack not yet checked."""
    problems = []
    with SessionLog(path, readonly=True) as log:
        for m in members:
            with m.lock:
                todo = m.acks[checked.get(id(m), 0) :]
                checked[id(m)] = len(m.acks)
            for seq, text in todo:
                row = next(log.rows(after=seq - 1, upto=seq), None)
                if row is None or row.data().get("text") != text:
                    problems.append(
                        f"acknowledged event {seq} ({text}) not visible to another process"
                    )
    return problems


@pytest.mark.slow
def test_a_room_under_random_kills_loses_nothing(tmp_path, mini_world):
    path = tmp_path / "room.ttx"
    Session.create(path, mini_world, seed=4, participants=tuple((r, "team") for r in TEAMS)).close()
    seconds = float(os.environ.get("TTX_SOAK_SECONDS", "25"))
    rng = random.Random(20261201)
    writers = [Member("console", str(path), "facilitator")] + [
        Member("team", str(path), r) for r in TEAMS
    ]
    readers = [Member("churn", str(path), str(tmp_path / f"aar{i}.json")) for i in range(2)]
    checked: dict[int, int] = {}
    problems: list[str] = []
    kills = 0
    try:
        end = time.monotonic() + seconds
        while time.monotonic() < end:
            time.sleep(rng.uniform(0.3, 1.5))
            problems += check_seen_elsewhere(path, writers, checked)
            victim = rng.choice(writers + readers)
            victim.kill_and_restart()
            kills += 1
    finally:
        for m in writers + readers:
            m.stop()
    problems += check_seen_elsewhere(path, writers, checked)
    acked = {(seq, text) for m in writers for seq, text in m.acks}
    with Session.open(path) as s:
        assert s.verify()[1] is None
        kept = {(r.seq, r.data().get("text")) for r in s.rows() if r.kind == "ObservationAdded"}
    lost = sorted(acked - kept)  # every acknowledged event, at the seq it was acknowledged at
    print(
        f"soak: {seconds:.0f} s, {kills} kills, {len(acked)} acknowledged events, "
        f"{len(lost)} lost, {len(problems)} unseen elsewhere"
    )
    assert kills > 10 and len(acked) > 200
    assert not lost and not problems
    assert not [f for m in readers for f in m.failures]
