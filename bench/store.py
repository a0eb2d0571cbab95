"""Durable appends/s through the session vs a bare SQLite insert (WAL, synchronous=FULL), and the
replay of a 100,000-event session vs a floor of reading its rows and chaining sha256 over them:
each in interleaved rounds of one run, medians side by side (the disk's fsync time and the
neighbours' load drift, so only figures taken together compare).

Targets: appends >= 0.7x the bare insert; replay of 100,000 events <= 1 s.
"""

from __future__ import annotations

import json
import sqlite3
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from hashlib import sha256
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench._common import MINI  # noqa: E402
from exercise.content.library import scenario_world  # noqa: E402
from exercise.engine import commands as cmd  # noqa: E402
from exercise.session import Session  # noqa: E402
from exercise.store.log import (  # noqa: E402
    GENESIS,
    PAGE_SIZE,
    SessionLog,
    canonical_json,
    chain_hash,
)

APPENDS = 400
ROUNDS = 5
REPLAY = 100_000
REPLAY_ROUNDS = 5


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
    # Times from the session's start on, a tenth of a millisecond apart, each pause a twentieth:
    # a console opening it sees a phase clock that is right, not one adrift (which would ask to
    # restart it, and a dialog would take the keys a bench sends).
    t0 = s.state.started_at
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
                "at": t0 + i * 1e-4,
            },
            {"role": "moscow", "inject_id": "t1-moscow", "at": t0 + i * 1e-4},
            {"at": t0 + i * 1e-4},
            {"at": t0 + i * 1e-4 + 5e-5},
        )[i % 4]
        text = canonical_json(payload)
        prev = chain_hash(prev, seq, "2026-01-01T00:00:00.000Z", kind, "facilitator", text)
        rows.append((seq, "2026-01-01T00:00:00.000Z", kind, "facilitator", text, prev))
    log.db.execute("BEGIN")
    log.db.executemany("INSERT INTO events VALUES (?, ?, ?, ?, ?, ?)", rows)
    log.db.execute("INSERT OR REPLACE INTO head VALUES (1, ?, ?)", (seq, prev))
    log.db.execute("COMMIT")
    log.close()


def floor(path: Path) -> int:
    """Read every row and chain sha256 over its canonical bytes, as cheaply as Python allows: the
    bench's rows are plain ASCII, so no field needs quoting, and nothing else is checked."""
    db = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    prev = GENESIS
    n = 0
    for seq, at, kind, actor, payload, digest in db.execute(
        "SELECT seq, at, kind, actor, payload, hash FROM events ORDER BY seq"
    ):
        body = (
            f'{prev}{{"actor":"{actor}","at":"{at}","kind":"{kind}",'
            f'"payload":{payload},"seq":{seq}}}'
        )
        prev = sha256(body.encode()).hexdigest()
        if prev != digest:
            raise SystemExit(f"floor: event {seq} does not match")
        n += 1
    db.close()
    return n


def interleaved(jobs: dict[str, Callable[[], object]], rounds: int) -> dict[str, float]:
    """Median seconds of each job, the jobs taking turns round after round (after one warm-up)."""
    for fn in jobs.values():
        fn()
    times: dict[str, list[float]] = {name: [] for name in jobs}
    for _ in range(rounds):
        for name, fn in jobs.items():
            t = time.perf_counter()
            fn()
            times[name].append(time.perf_counter() - t)
    return {name: statistics.median(t) for name, t in times.items()}


def _appends(tmp: Path, world: dict) -> None:
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
        f"  durable session append                           : {ours:8.0f} /s   "
        "(decide + hash chain + head + BEGIN IMMEDIATE)"
    )
    print(f"  ratio vs default bare  : {ours / bare:8.2f}x   (target >= 0.7x)")
    print(f"  ratio vs same-page bare: {ours / small:8.2f}x")


def _replay(big: Path) -> None:
    def replay() -> None:
        with Session.open(big, readonly=True) as s:
            assert s.state.seq == REPLAY

    m = interleaved({"floor": lambda: floor(big), "replay": replay}, REPLAY_ROUNDS)
    print(f"replay of {REPLAY:,} events (median of {REPLAY_ROUNDS} interleaved rounds)")
    print(f"  floor: read + sha256 chain : {m['floor']:7.3f} s")
    print(
        f"  replay (open + fold)       : {m['replay']:7.3f} s   "
        f"{m['replay'] / m['floor']:5.2f}x the floor   (target <= 1 s)"
    )


def main() -> None:
    world = scenario_world(MINI, "mini")
    with tempfile.TemporaryDirectory(dir=Path.cwd()) as tmp:
        _appends(Path(tmp), world)
        big = Path(tmp) / "big.ttx"
        big_session(big, world, REPLAY)
        _replay(big)


if __name__ == "__main__":
    main()
