"""A timeline read from a start state (what the console opening the review already holds) is
the timeline of a whole fold: the same entries, filters, checkpoints and states at every event;
only the order of the work differs (rows before the start are not folded until needed)."""

from __future__ import annotations

import random
import threading

import pytest

from exercise.engine import commands as cmd
from exercise.session import Session, timeline
from exercise.session.timeline import Timeline, reviewing
from exercise.store import SessionLog
from tests.session.test_timeline import eager, played  # noqa: F401 (the fixture)

FILTERS = [
    ("", 0, ""),
    ("moscow", 0, ""),
    ("damascus", 0, ""),
    ("", 2, ""),
    ("", 1, "DecisionSubmitted"),
    ("tehran", 1, ""),
    ("nobody", 0, ""),
]


def _started(path, at: int) -> Timeline:
    with Session.open(path, readonly=True) as s:
        start = s.state_at(at)
    with SessionLog(path, readonly=True) as log:
        return Timeline(log.tuples(), log.path, start)


def _starts(path) -> list[int]:
    with SessionLog(path, readonly=True) as log:
        n = log.max_seq()
    return sorted({1, 2, n // 3, n // 2, n - 1, n})


def test_entries_and_filters_are_those_of_a_whole_fold(played):  # noqa: F811
    whole = Timeline.read(played)
    entries = eager(played)
    for at in _starts(played):
        t = _started(played, at)
        assert t.final == whole.final
        assert t.kinds() == whole.kinds()
        assert list(t.entries) == entries, at  # roles of unfolded rows worked out one by one
        t = _started(played, at)
        for f in FILTERS:  # all at once, on the first filter by team
            assert list(t.filtered(*f)) == list(whole.filtered(*f)), (at, f)
        assert list(t.entries) == entries


def test_the_state_at_any_event_is_a_replay_up_to_it(played, monkeypatch):  # noqa: F811
    monkeypatch.setattr(timeline, "CHECKPOINT_EVERY", 5)
    with Session.open(played, readonly=True) as s:
        want = {seq: s.state_at(seq) for seq in range(1, s.state.seq + 1)}
    for at in _starts(played):
        t = _started(played, at)
        order = [*reversed(want), *random.Random(at).sample(list(want), len(want))]
        for seq in order:
            assert t.state_at(seq) == want[seq], (at, seq)
        assert t._marks == sorted(set(t._marks))  # no checkpoint twice, in order


def test_rows_before_the_start_are_not_folded_until_a_step_back(played, monkeypatch):  # noqa: F811
    with Session.open(played, readonly=True) as s:
        n = s.state.seq
        start = s.state_at(n - 1)
    folded = []
    real = timeline.evolve
    monkeypatch.setattr(timeline, "evolve", lambda st, e: folded.append(1) or real(st, e))
    with SessionLog(played, readonly=True) as log:
        t = Timeline(log.tuples(), log.path, start)
    assert len(folded) == 1  # the one event after the start
    t.state_at(n)
    t.state_at(n - 1)
    assert len(folded) == 1
    t.state_at(2)  # before the start: the rows before it are folded once, checkpoints kept
    assert len(folded) >= n - 1
    before = len(folded)
    t.fill_marks()
    assert len(folded) == before


def test_a_worker_filling_the_marks_while_the_screen_steps(played):  # noqa: F811
    with Session.open(played, readonly=True) as s:
        want = {seq: s.state_at(seq) for seq in range(1, s.state.seq + 1)}
        start = s.state
    for _ in range(5):
        with SessionLog(played, readonly=True) as log:
            t = Timeline(log.tuples(), log.path, start)
        worker = threading.Thread(target=t.fill_marks)
        worker.start()
        got = {seq: t.state_at(seq) for seq in reversed(want)}
        worker.join()
        assert got == want


def test_a_start_the_rows_do_not_reach_is_not_used(played, tmp_path):  # noqa: F811
    with Session.open(played, readonly=True) as s:
        n = s.state.seq
        early = s.state_at(n // 2)
    with SessionLog(played, readonly=True) as log:
        rows = list(log.tuples(upto=n // 2 - 1))
    t = Timeline(rows, played, early)  # a state past the rows: the rows are folded
    assert t.final.seq == n // 2 - 1


def test_reviewing_from_a_console_state_folds_only_what_came_after(played, tmp_path):  # noqa: F811
    path = tmp_path / "live.ttx"
    path.write_bytes(played.read_bytes())
    with Session.open(path) as console:
        held = console.state
        console.execute(cmd.AddObservation("after the console's last look"))
        with reviewing(path, held) as (t, session):
            assert t.final.seq == held.seq + 1 == session.state.seq
            assert t.entry(len(t) - 1).text.endswith("after the console's last look")
    assert list(Timeline.read(path).entries) == list(t.entries)


@pytest.mark.parametrize("seq", [3])
def test_a_damaged_row_before_the_start_is_named_when_folded(played, tmp_path, seq):  # noqa: F811
    import sqlite3

    from exercise.store.log import SessionFileError

    path = tmp_path / "bad.ttx"
    path.write_bytes(played.read_bytes())
    with Session.open(path, readonly=True) as s:
        start = s.state
    db = sqlite3.connect(path)
    db.execute("UPDATE events SET payload = '{\"nope\": 1}' WHERE seq = ?", (seq,))
    db.commit()
    db.close()
    with SessionLog(path, readonly=True) as log:
        t = Timeline(log.tuples(), log.path, start)
    with pytest.raises(SessionFileError, match=rf"bad\.ttx: event {seq} \(\w+\) cannot be read"):
        t.state_at(seq + 1)


def test_a_stopped_fill_keeps_nothing_and_a_later_one_fills(played):  # noqa: F811
    stop = threading.Event()
    stop.set()
    with Session.open(played, readonly=True) as s:
        n = s.state.seq
    t = _started(played, n)
    assert t.fill_marks(stop) is False
    assert not t.ready(1)
    assert t.fill_marks() is True and t.ready(1)
    assert t.state_at(2) == Timeline.read(played).state_at(2)
