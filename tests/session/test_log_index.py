"""The log tab's index: the same lines as describing every row and filtering them, while reading
and describing only the rows it must (a first look reads a screenful, a longer needle reads
nothing, a new event is read once)."""

from __future__ import annotations

import dataclasses
import itertools
import random

import pytest

from exercise.engine import events as ev
from exercise.session import log_index
from exercise.session.log_index import HIDDEN, LogIndex
from exercise.session.narrate import describe
from exercise.session.simulate import simulate_session
from exercise.store import Row, canonical_json

AT = "2026-01-01T00:00:00.000Z"


def _made_up(seq: int) -> tuple[str, dict]:
    """A note, a console's heartbeat (never shown) or a read, in turn."""
    if seq % 3 == 0:
        note = {"text": f"Note {seq}", "role": "", "objective": "", "author": "facilitator"}
        return "ObservationAdded", {**note, "turn": 1, "at": 1.0}
    if seq % 3 == 1:
        return "TeamSeen", {"role": "moscow", "at": 1.0}
    return "InjectRead", {"role": "tehran", "inject_id": "t1-tehran", "at": 1.0}


class Log:
    """A played session's rows followed by as many made-up ones as asked for, in memory,
    counting what the index reads."""

    def __init__(self, tmp_path, world: dict, extra: int):
        with simulate_session(world, 3, tmp_path / "s.ttx") as s:
            self.rows = list(s.rows())
            self.base = s.state
        self.read = 0
        self.add(extra)

    def add(self, n: int) -> None:
        for _ in range(n):
            seq = len(self.rows) + 1
            kind, payload = _made_up(seq)
            self.rows.append(Row(seq, AT, kind, "x", canonical_json(payload), ""))

    def state(self):
        return dataclasses.replace(self.base, seq=len(self.rows))

    def rows_between(self, after: int, upto: int):
        out = self.rows[after:upto]
        self.read += len(out)
        return out

    def index(self) -> LogIndex:
        return LogIndex(self.state, self.rows_between)

    def expected(self, needle: str, n: int) -> list[tuple]:
        """Every row described and filtered: what the log tab showed before it was lazy."""
        state = self.state()
        lines = []
        for row in reversed(self.rows):
            if row.kind in HIDDEN:
                continue
            text = describe(ev.from_payload(row.kind, row.data()), state)
            if needle in f"{row.kind}\n{row.actor}\n{text}".lower():
                lines.append((row.seq, row.at, row.kind, row.actor, text))
                if len(lines) == n:
                    break
        return lines


@pytest.fixture
def log(tmp_path, mini_world) -> Log:
    return Log(tmp_path, mini_world, 3000)


def test_a_first_look_reads_a_screenful(log):
    index = log.index()
    assert index.newest("", 300) == log.expected("", 300)
    assert log.read <= log_index.FIRST_READ
    log.read = 0
    assert index.newest("", 300) == log.expected("", 300)  # and nothing again
    assert log.read == 0


def test_a_longer_needle_narrows_without_reading(log):
    index = log.index()
    assert index.newest("note", 50) == log.expected("note", 50)
    read = log.read
    for needle in ("note 2", "note 29", "note 299", "note 2999"):
        assert index.newest(needle, 50) == log.expected(needle, 50)
    assert index.newest("note 29", 50) == log.expected("note 29", 50)  # backspace
    assert log.read > read  # "note 2..." needed more of the log than "note" did
    read = log.read
    for needle in ("note 2", "note 29", "note 299"):  # all seen once: nothing read again
        assert index.newest(needle, 50) == log.expected(needle, 50)
    assert log.read == read


def test_a_needle_that_matches_nothing_reads_the_log_once(log):
    index = log.index()
    assert index.newest("no such words", 300) == []
    assert log.read == len(log.rows)
    assert index.newest("no such words either", 300) == []
    assert index.newest("moscow", 300) == log.expected("moscow", 300)
    assert log.read == len(log.rows)


def test_new_events_are_read_once_and_matched(log):
    index = log.index()
    assert index.newest("note", 300) == log.expected("note", 300)
    log.read = 0
    log.add(7)
    assert index.newest("note", 300) == log.expected("note", 300)
    assert index.newest("", 300) == log.expected("", 300)
    assert log.read == 7


def test_far_behind_it_starts_again_from_the_head(log):
    index = log.index()
    index.newest("note", 10)
    log.add(log_index.RESTART_AFTER + 1)
    log.read = 0
    assert index.newest("note", 10) == log.expected("note", 10)
    assert log.read <= log_index.FIRST_READ  # not the rows in between


def test_a_cancelled_search_says_so_and_the_next_one_is_whole(log):
    index = log.index()
    assert index.newest("no such words", 300, cancelled=lambda: True) is None
    calls = itertools.count()
    assert index.newest("no such words", 300, cancelled=lambda: next(calls) > 1) is None
    assert index.newest("no such words", 300) == []
    assert index.newest("note 1", 300) == log.expected("note 1", 300)


def test_any_sequence_of_needles_and_events_shows_what_a_full_scan_would(tmp_path, mini_world):
    log = Log(tmp_path, mini_world, 1500)
    index = log.index()
    rng = random.Random(5)
    needles = ["", "n", "no", "note", "note 1", "note 14", "read", "tehran", "x", "turn", "zz"]
    for _ in range(60):
        if rng.random() < 0.2:
            log.add(rng.randrange(1, 40))
        needle, n = rng.choice(needles), rng.choice((1, 30, 300))
        assert index.newest(needle, n) == log.expected(needle, n), (needle, n)
