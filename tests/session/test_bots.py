"""Bots decide in the session: with no console open, and the same as in memory."""

from exercise.engine import commands as cmd
from exercise.engine.autoplay import MemoryDriver
from exercise.engine.events import kind, to_payload
from exercise.session import Session
from exercise.session.service import decode


def _without_times(events):
    return [(kind(e), {k: v for k, v in to_payload(e).items() if k != "at"}) for e in events]


def test_bots_decide_with_no_console_open(tmp_path, mini_world, clock):
    path = tmp_path / "s.ttx"
    participants = (
        ("moscow", "team"),
        ("tehran", "bot"),
        ("damascus", "bot"),
        ("jerusalem", "facilitator"),
    )
    with Session.create(path, mini_world, seed=3, participants=participants, clock=clock) as s:
        s.execute(cmd.AdvancePhase(force=True))
    with Session.open(path, readonly=True) as s:
        bots = {d.role for d in s.state.decisions.values() if d.author == "bot"}
        assert bots and bots <= {"tehran", "damascus"}
        assert not any(role in bots for role in ("moscow", "jerusalem"))


def test_a_durable_session_and_memory_run_the_same_bots(tmp_path, mini_world, clock):
    participants = tuple((r, "bot") for r in mini_world["scenario"]["roles"])
    codes = tuple((r, "X") for r in mini_world["scenario"]["roles"])
    memory = MemoryDriver(cmd.StartSession(mini_world, 8, participants, codes))
    with Session.create(
        tmp_path / "s.ttx", mini_world, seed=8, participants=participants, codes=codes, clock=clock
    ) as durable:
        for command in (cmd.AdvancePhase(force=True), cmd.AdvancePhase(force=True)):
            memory.execute(command)
            durable.execute(command)
    with Session.open(tmp_path / "s.ttx", readonly=True) as s:
        logged = [decode(r) for r in s.rows()]
    assert _without_times(logged) == _without_times(memory.events)
    assert any(kind(e) == "DecisionSubmitted" for e in logged)


def test_each_bot_decides_once(tmp_path, mini_world, clock):
    path = tmp_path / "s.ttx"
    participants = tuple((r, "bot") for r in mini_world["scenario"]["roles"])
    with Session.create(path, mini_world, seed=5, participants=participants, clock=clock) as s:
        s.execute(cmd.AdvancePhase(force=True))
        assert s.run_bots() == []  # nothing left: each bot decided once
