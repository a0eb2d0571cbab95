"""The review's timeline: one fold of the log; entries described when looked at, the same as
describing each with the state it applies to; the state at any event stepped from a checkpoint
or from the last one asked for, equal to a replay up to it."""

from __future__ import annotations

import random
import sqlite3

import pytest

from exercise.engine import commands as cmd
from exercise.engine import events as ev
from exercise.engine.evolve import evolve
from exercise.engine.state import UNSTARTED
from exercise.review.report_json import render_json
from exercise.review.report_model import build_report
from exercise.session import Session, timeline
from exercise.session.narrate import describe
from exercise.session.simulate import simulate_session
from exercise.session.timeline import Entry, Timeline, _roles_of, reviewing
from exercise.store import NotASession
from exercise.store.log import SessionFileError

BY_HAND = [
    cmd.ReleaseInject("manual-1"),
    cmd.SubmitDecision("moscow", "t1-moscow", "coop", rationale="Keep Tehran close"),
    cmd.AmendDecision("moscow", "t1-moscow", "push", rationale="Changed our mind"),
    cmd.SubmitDecision("tehran", "t1-tehran", "push"),
    cmd.WithdrawDecision("tehran", "t1-tehran"),
    cmd.SubmitDecision("tehran", "t1-tehran", "coop"),
    cmd.PauseClock(),
    cmd.ResumeClock(),
    cmd.MarkRead("damascus", "manual-1"),
    cmd.Adjudicate(("moscow:t1-moscow", "tehran:t1-tehran"), "Apart", deltas=(("cohesion", -1),)),
    cmd.AddObservation("Tehran argued well", role="tehran", kind="strength"),
    *[cmd.AdvancePhase(force=True)] * 4,
]


@pytest.fixture(scope="module", params=["simulated", "by hand"])
def played(request, tmp_path_factory, mini_world):
    """A whole session the bots played, or a turn and more played by hand: amended, withdrawn
    and submitted again, paused, read, ruled, noted."""
    path = tmp_path_factory.mktemp("timeline") / "s.ttx"
    if request.param == "simulated":
        with simulate_session(mini_world, 7, path) as s:
            s.execute(cmd.AddObservation("Tehran argued well", role="tehran", kind="strength"))
        return path
    roles = ("moscow", "tehran", "damascus", "jerusalem")
    parts = tuple(zip(roles, ("facilitator", "facilitator", "team", "bot"), strict=True))
    codes = tuple((r, f"CODE{i}") for i, r in enumerate(roles))
    with Session.create(path, mini_world, seed=11, participants=parts, codes=codes) as s:
        for command in BY_HAND:
            s.execute(command)
        assert s.state.turn == 2
    return path


def eager(path) -> list[Entry]:
    """Every entry as the timeline built them before it was lazy: described with the state
    right after each event."""
    with Session.open(path, readonly=True) as s:
        rows = list(s.rows())
    state, out = UNSTARTED, []
    for row in rows:
        e = ev.from_payload(row.kind, row.data())
        state = evolve(state, e)
        out.append(
            Entry(
                row.seq,
                row.at,
                row.kind,
                row.actor,
                state.turn,
                describe(e, state),
                _roles_of(e, state),
            )
        )
    return out


def test_entries_are_those_described_with_the_state_at_each_event(played):
    t = Timeline.read(played)
    assert list(t.entries) == eager(played)
    assert len(t) == len(t.entries) == t.final.seq
    assert t.entries[-1] == t.entry(len(t) - 1) and t.entries[:2] == [t.entry(0), t.entry(1)]
    with Session.open(played, readonly=True) as s:  # from an open session, as the comparison does
        assert list(Timeline(s).entries) == list(t.entries)


def test_nothing_is_described_until_looked_at(played, monkeypatch):
    described = []
    real = timeline.describe_row
    monkeypatch.setattr(
        timeline, "describe_row", lambda row, s: described.append(1) or real(row, s)
    )
    t = Timeline.read(played)
    assert described == []
    t.entry(3)
    t.entry(3)
    assert len(described) == 1


def test_filters_are_those_of_the_entries(played):
    t = Timeline.read(played)
    entries = eager(played)
    for role, turn, kind in [
        ("", 0, ""),
        ("moscow", 0, ""),
        ("", 2, ""),
        ("", 0, "Adjudicated"),
        ("tehran", 1, "DecisionSubmitted"),
        ("nobody", 0, ""),
    ]:
        want = [
            i
            for i, e in enumerate(entries)
            if (not role or role in e.roles)
            and (not turn or e.turn == turn)
            and (not kind or e.kind == kind)
        ]
        assert list(t.filtered(role, turn, kind)) == want, (role, turn, kind)
    assert t.kinds() == sorted({e.kind for e in entries})


def test_the_state_at_any_event_in_any_order_is_a_replay_up_to_it(played, monkeypatch):
    monkeypatch.setattr(timeline, "CHECKPOINT_EVERY", 7)  # checkpoints inside this short log
    t = Timeline.read(played)
    with Session.open(played, readonly=True) as s:
        want = {seq: s.state_at(seq) for seq in range(1, t.final.seq + 1)}
    order = list(want)
    order += list(reversed(order))  # back along the timeline
    order += random.Random(3).sample(list(want), len(want))
    for seq in [*order, 0]:
        assert t.state_at(seq) == want[max(seq, 1)], seq
    assert t.state_at(t.final.seq) is t.state_at(t.final.seq)


def test_reviewing_gives_the_timeline_and_the_session_at_its_end(played):
    with reviewing(played) as (t, session):
        assert session.state == t.final
        report = build_report(session)
    with Session.open(played, readonly=True) as s:
        assert render_json(report) == render_json(build_report(s))


def test_a_damaged_row_is_named(tmp_path, played):
    path = tmp_path / "bad.ttx"
    path.write_bytes(played.read_bytes())
    db = sqlite3.connect(path)
    db.execute("UPDATE events SET payload = '{\"nope\": 1}' WHERE seq = 5")
    db.commit()
    db.close()
    with pytest.raises(SessionFileError, match=r"bad\.ttx: event 5 \(\w+\) cannot be read"):
        Timeline.read(path)
    (tmp_path / "not.ttx").write_text("hello")
    with pytest.raises(NotASession):
        Timeline.read(tmp_path / "not.ttx")


def test_the_review_finds_a_teams_messages_under_its_name(session_file):
    with Session.open(session_file) as s:
        s.execute(cmd.SendMessage("control", "all", "Talks resume at noon"))
        s.execute(cmd.SendMessage("control", "damascus", "Hold fire"))
        s.execute(cmd.SendMessage("damascus", "control", "Why?", author="Rana"))
        s.execute(cmd.ReadMessage("m2", "damascus"))
        t = Timeline(s)
    texts = {i: t.entry(i).text for i in range(len(t))}
    damascus = [texts[i] for i in t.filtered(role="damascus")]
    moscow = [texts[i] for i in t.filtered(role="moscow")]
    assert "The white cell to every team: Talks resume at noon" in damascus
    assert "The white cell to Damascus: Hold fire" in damascus
    assert "Damascus (Rana) to the white cell: Why?" in damascus
    assert "Damascus read the message “Hold fire”" in damascus
    assert "The white cell to every team: Talks resume at noon" in moscow
    assert not any("Hold fire" in x or "Why?" in x for x in moscow)
