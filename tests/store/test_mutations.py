"""Promises of the log that mutation testing found unguarded: a row re-hashed on its own is caught
by the next row or by the head, and writers in separate processes never fork the chain, lose an
append, or decide on a tail that another writer then moves.

Run as a script, this file is one such writer (see `_writer`).
"""

from __future__ import annotations

import json
import os
import select
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from exercise.engine import commands as cmd
from exercise.engine import events as ev
from exercise.session import Session
from exercise.store import SessionLog
from exercise.store.log import chain_hash

ROOT = str(Path(__file__).resolve().parents[2])
WRITERS = 4
APPENDS = 50


def _with_notes(path: Path, count: int = 6) -> int:
    with Session.open(path) as s:
        for n in range(count):
            s.execute(cmd.AddObservation(f"note {n}"))
        return s.state.seq


def _rewrite_with_fresh_hash(path: Path, seq: int) -> None:
    """Change one row's payload and give it the hash its new content earns after the row before:
    the row is consistent with the chain up to it, and nothing else is touched."""
    db = sqlite3.connect(path)
    try:
        prev = db.execute("SELECT hash FROM events WHERE seq = ?", (seq - 1,)).fetchone()[0]
        at, kind, actor, payload = db.execute(
            "SELECT at, kind, actor, payload FROM events WHERE seq = ?", (seq,)
        ).fetchone()
        forged = payload.replace("note", "nate", 1)
        assert forged != payload
        digest = chain_hash(prev, seq, at, kind, actor, forged)
        db.execute("UPDATE events SET payload = ?, hash = ? WHERE seq = ?", (forged, digest, seq))
        db.commit()
    finally:
        db.close()


def _verify(path: Path) -> tuple[int, int | None, str]:
    with SessionLog(path) as log:
        return log.verify()


# -- 4. a row rewritten with a fresh hash of its own ----------------------------------------


def test_a_middle_row_rehashed_alone_breaks_the_next_link(session_file):
    last = _with_notes(session_file)
    target = last - 2
    assert _verify(session_file) == (last, None, "")
    _rewrite_with_fresh_hash(session_file, target)
    count, bad, reason = _verify(session_file)
    # The forged row itself chains; the one after it was hashed onto the original.
    assert (count, bad) == (target + 1, target + 1)
    assert reason == "hash does not match its content and the chain before it"


def test_the_last_row_rehashed_alone_is_caught_by_the_head(session_file):
    last = _with_notes(session_file)
    with SessionLog(session_file) as log:
        head_before = log.head()
    _rewrite_with_fresh_hash(session_file, last)
    with SessionLog(session_file) as log:
        assert log.head() == head_before  # the forger left the head alone
        assert log.tail() != head_before
        count, bad, reason = log.verify()
    assert (count, bad) == (last, last)
    assert reason == f"event {last} is not the event the head records (the hashes differ)"


# -- 5. writers in separate processes -------------------------------------------------------


def _writer(path: str, name: str, count: int) -> None:
    """Append `count` observations through transact, one per transaction; print each
    acknowledgement with every tail seq its fn was handed, once the append is durable."""
    log = SessionLog(path)
    print("ready", flush=True)
    sys.stdin.readline()  # every writer starts at once, so they really contend
    for n in range(count):
        calls: list[int] = []

        def fn(last_seq: int, n=n, calls=calls):
            calls.append(last_seq)
            e = ev.ObservationAdded(f"{name} {n}", "", "", name, 1, 1_790_000_000.0 + n)
            return [(ev.kind(e), name, ev.to_payload(e), "2026-09-21T00:00:00.000Z")]

        [row] = log.transact(fn)
        print(json.dumps({"n": n, "seq": row.seq, "calls": calls}), flush=True)
    log.close()
    print("done", flush=True)


def _spawn(path: Path, name: str) -> subprocess.Popen:
    env = dict(os.environ, PYTHONPATH=ROOT)
    return subprocess.Popen(
        [sys.executable, __file__, str(path), name, str(APPENDS)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
        env=env,
    )


def _await_line(proc: subprocess.Popen, deadline: float) -> str:
    while time.monotonic() < deadline:
        ready, _, _ = select.select([proc.stdout], [], [], max(0.0, deadline - time.monotonic()))
        if ready:
            return proc.stdout.readline().strip()
    return ""


def _run_writers(path: Path) -> dict[str, list[dict]]:
    procs = {f"w{i}": _spawn(path, f"w{i}") for i in range(WRITERS)}
    try:
        deadline = time.monotonic() + 60
        assert all(_await_line(p, deadline) == "ready" for p in procs.values())
        for p in procs.values():
            p.stdin.write("go\n")
            p.stdin.flush()
        outs = {name: p.communicate(timeout=180)[0] for name, p in procs.items()}
    finally:
        for p in procs.values():
            if p.poll() is None:
                p.kill()
                p.wait()
    assert all(p.returncode == 0 for p in procs.values()), outs
    acks = {}
    for name, out in outs.items():
        lines = out.splitlines()
        assert lines[-1] == "done", out
        acks[name] = [json.loads(line) for line in lines[:-1]]
    return acks


@pytest.mark.slow  # four processes, 200 appends: a few seconds on a loaded machine
def test_concurrent_writer_processes_never_fork_or_lose_an_append(session_file):
    with SessionLog(session_file) as log:
        start = log.max_seq()
    acks = _run_writers(session_file)
    with SessionLog(session_file) as log:
        assert log.verify() == (start + WRITERS * APPENDS, None, "")
        rows = {r.seq: r for r in log.rows(after=start)}
        assert log.head() == log.tail()
    assert sorted(rows) == list(range(start + 1, start + WRITERS * APPENDS + 1))
    texts = [r.data()["text"] for r in rows.values()]
    assert sorted(texts) == sorted(
        f"w{i} {n}" for i in range(WRITERS) for n in range(APPENDS)
    )  # once each
    for name, mine in acks.items():
        assert [a["n"] for a in mine] == list(range(APPENDS))
        for a in mine:
            row = rows[a["seq"]]
            assert (row.actor, row.data()["text"]) == (name, f"{name} {a['n']}")
    # The tail fn is handed is still the tail when its rows go in: the write lock is taken before
    # the tail is read, so no writer ever decides on a tail another writer then moves.
    stale = [(name, a) for name, mine in acks.items() for a in mine if a["calls"] != [a["seq"] - 1]]
    assert not stale, f"{len(stale)} appends decided on a stale tail, e.g. {stale[:3]}"
    with Session.open(session_file) as s:  # and the rows are events a session folds
        assert s.state.seq == start + WRITERS * APPENDS


if __name__ == "__main__":
    _writer(sys.argv[1], sys.argv[2], int(sys.argv[3]))
