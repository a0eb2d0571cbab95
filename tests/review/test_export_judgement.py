"""The teams' judgement in the export: a decision's confidence, the estimates before an
estimative ruling, every stated chance scored, feedback, and an evaluator's rating."""

from __future__ import annotations

from exercise.engine import commands as cmd
from exercise.review.export_read import read_session
from exercise.review.export_tables import TABLES
from exercise.session import Session
from exercise.session.simulate import VirtualClock
from tests.review.helpers import mini_world

DID = "moscow:t1-moscow"


def _rows(path, name: str) -> list[dict]:
    s = read_session(path, "s")
    table = next(t for t in TABLES if t.name == name)
    return [dict(zip([c.name for c in table.columns], r, strict=True)) for r in table.rows(s)]


def test_judgement_tables_hold_what_the_teams_said(tmp_path):
    world = mini_world()
    roles = world["scenario"]["roles"]
    path = tmp_path / "s.ttx"
    s = Session.create(
        path,
        world,
        seed=3,
        participants=tuple((r, "facilitator") for r in roles),
        codes=tuple((r, f"C{i}") for i, r in enumerate(roles)),
        clock=VirtualClock(),
    )
    s.execute(cmd.SubmitDecision("moscow", "t1-moscow", "coop", confidence=80, author="ana"))
    s.execute(cmd.AskEstimates((DID,)))
    s.execute(cmd.GiveEstimate("e1", "tehran", 25, "=not a formula"))
    s.execute(cmd.GiveEstimate("e1", "moscow", 70))
    s.execute(cmd.Adjudicate((DID,), "By the odds", method="estimative", odds=100))
    seq = s.state.seq
    s.execute(cmd.AddObservation("Firm", "moscow", "moscow-win", rating="S", about=seq))
    s.execute(cmd.EndSession())
    s.execute(cmd.GiveFeedback("moscow", "The cables", "More time", 4, 5, author="ana"))
    s.execute(cmd.GiveFeedback("tehran", "", "", 2, 3))
    s.close()

    [decision] = [d for d in _rows(path, "decisions") if d["decision"] == DID]
    assert decision["confidence"] == 80
    estimates = _rows(path, "estimates")
    assert [(e["role"], e["percent"], e["decisions"]) for e in estimates] == [
        ("tehran", 25, DID),
        ("moscow", 70, DID),
    ]
    scored = _rows(path, "forecasts")
    assert [(f["role"], f["kind"], f["probability"], f["came_true"]) for f in scored] == [
        ("moscow", "confidence", 0.8, True),
        ("tehran", "estimate", 0.25, True),
        ("moscow", "estimate", 0.7, True),
    ]
    assert scored[1]["brier"] == round(0.75**2, 6)
    [note] = [o for o in _rows(path, "observations") if o["rating"]]
    assert (note["rating"], note["about"], note["objective"]) == ("S", seq, "moscow-win")
    feedback = _rows(path, "feedback")
    assert [(f["role"], f["author"], f["realism"], f["learning"]) for f in feedback] == [
        ("moscow", "ana", 4, 5),
        ("tehran", "tehran", 2, 3),
    ]
