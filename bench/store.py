"""Durable appends/s through the session log vs a bare SQLite insert (WAL, synchronous=FULL),
side by side on the same disk, and replay time of a 100,000-event session.

Targets: appends >= 0.7x the bare insert; replay of 100,000 events <= 1 s.
"""

from __future__ import annotations

import json
import sqlite3
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench._common import MINI  # noqa: E402
from exercise.content.library import scenario_world  # noqa: E402
from exercise.engine import commands as cmd  # noqa: E402
from exercise.session import Session  # noqa: E402
from exercise.store.log import PAGE_SIZE, SessionLog, canonical_json, chain_hash  # noqa: E402

APPENDS = 400
ROUNDS = 5
REPLAY = 100_000


def bare_inserts(path: Path, n: int, page_size: int = 4096) -> float:
    db = sqlite3.connect(path, isolation_level=None)
    db.execute(f"PRAGMA page_size={page_size}")
    db.execute("PRAGMA journal_mode=WAL")
    db.execute("PRAGMA synchronous=FULL")
    db.execute(
        "CREATE TABLE events (seq INTEGER PRIMARY KEY, at TEXT, kind TEXT, actor TEXT, "
        "payload TEXT, hash TEXT)"
    )
    payload = json.dumps(
        {"text": "note", "role": "", "objective": "", "author": "facilitator", "turn": 1, "at": 0.0}
    )
    t = time.perf_counter()
    for i in range(n):
        db.execute(
            "INSERT INTO events VALUES (?, ?, ?, ?, ?, ?)",
            (
                i + 1,
                "2026-01-01T00:00:00.000Z",
                "ObservationAdded",
                "facilitator",
                payload,
                "x" * 64,
            ),
        )
    elapsed = time.perf_counter() - t
    db.close()
    return n / elapsed


def session_appends(path: Path, world: dict, n: int) -> float:
    s = Session.create(path, world, seed=1)
    t = time.perf_counter()
    for i in range(n):
        s.execute(cmd.AddObservation(f"note {i}"))
    elapsed = time.perf_counter() - t
    s.close()
    return n / elapsed


def big_session(path: Path, world: dict, n: int) -> None:
    """A session of n events written straight into the log (same rows the service would write)."""
    s = Session.create(path, world, seed=1)
    seq = s.state.seq
    s.close()
    log = SessionLog(path)
    prev = list(log.rows())[-1].hash
    rows = []
    for i in range(n - seq):
        seq += 1
        kind = ("ObservationAdded", "InjectRead", "ClockPaused", "ClockResumed")[i % 4]
        payload = (
            {
                "text": f"note {i}",
                "role": "",
                "objective": "",
                "author": "facilitator",
                "turn": 1,
                "at": 1.0 + i,
            },
            {"role": "moscow", "inject_id": "t1-moscow", "at": 1.0 + i},
            {"at": 1.0 + i},
            {"at": 2.0 + i},
        )[i % 4]
        text = canonical_json(payload)
        prev = chain_hash(prev, seq, "2026-01-01T00:00:00.000Z", kind, "facilitator", text)
        rows.append((seq, "2026-01-01T00:00:00.000Z", kind, "facilitator", text, prev))
    log.db.execute("BEGIN")
    log.db.executemany("INSERT INTO events VALUES (?, ?, ?, ?, ?, ?)", rows)
    log.db.execute("INSERT OR REPLACE INTO head VALUES (1, ?, ?)", (seq, prev))
    log.db.execute("COMMIT")
    log.close()


def main() -> None:
    world = scenario_world(MINI, "mini")
    with tempfile.TemporaryDirectory(dir=Path.cwd()) as tmp:
        tmp = Path(tmp)
        # Interleaved rounds, medians: the disk's fsync time drifts, so compare side by side.
        bares, smalls, ourses = [], [], []
        for n in range(ROUNDS):
            bares.append(bare_inserts(tmp / f"bare{n}.db", APPENDS))
            smalls.append(bare_inserts(tmp / f"small{n}.db", APPENDS, page_size=PAGE_SIZE))
            ourses.append(session_appends(tmp / f"ours{n}.ttx", world, APPENDS))
        bare, small, ours = (
            statistics.median(bares),
            statistics.median(smalls),
            statistics.median(ourses),
        )
        print(
            f"appends ({APPENDS} each, median of {ROUNDS} interleaved rounds, "
            "WAL + synchronous=FULL, same disk)"
        )
        print(f"  bare sqlite insert, 4 KiB pages (SQLite's default) : {bare:8.0f} /s")
        print(f"  bare sqlite insert, {PAGE_SIZE} B pages (the log's)   : {small:8.0f} /s")
        print(
            f"  durable session append : {ours:8.0f} /s   "
            "(decide + hash chain + head + BEGIN IMMEDIATE)"
        )
        print(f"  ratio vs default bare  : {ours / bare:8.2f}x   (target >= 0.7x)")
        print(f"  ratio vs same-page bare: {ours / small:8.2f}x")
        big_session(tmp / "big.ttx", world, REPLAY)
        t = time.perf_counter()
        s = Session.open(tmp / "big.ttx")
        replay = time.perf_counter() - t
        assert s.state.seq == REPLAY
        print(f"replay of {REPLAY:,} events (open + fold): {replay:.3f} s   (target <= 1 s)")
        t = time.perf_counter()
        count, bad, _ = s.verify()
        print(f"verify of {count:,} events: {time.perf_counter() - t:.3f} s")
        s.close()


if __name__ == "__main__":
    main()
