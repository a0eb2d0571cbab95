"""An estimate the white cell entered for a team played in the room, as the session keeps it and
the review reads it back from the file: the log's event says it was entered on the team's
behalf, the timeline says so, the ruling's odds and the team's calibration count it as the
team's, and the export's estimates and forecasts tables mark it."""

from __future__ import annotations

from exercise.engine import commands as cmd
from exercise.review.export_read import read_session
from exercise.review.export_tables import TABLES
from exercise.review.render_html import render_html
from exercise.review.render_md import render_md
from exercise.review.report_model import report_of_file
from exercise.session import Session
from exercise.session.narrate import describe
from exercise.session.simulate import VirtualClock
from tests.conftest import log_events

DID = "moscow:t1-moscow"
MODES = (("moscow", "team"), ("tehran", "facilitator"), ("damascus", "bot"), ("jerusalem", "bot"))


def _rows(path, name: str) -> list[dict]:
    s = read_session(path, "s")
    table = next(t for t in TABLES if t.name == name)
    return [dict(zip([c.name for c in table.columns], r, strict=True)) for r in table.rows(s)]


def test_the_review_reads_an_entered_estimate_as_the_team_s_and_marked(tmp_path, mini_world):
    path = tmp_path / "s.ttx"
    codes = tuple((r, f"C{i}") for i, (r, _) in enumerate(MODES))
    with Session.create(
        path, mini_world, seed=3, participants=MODES, codes=codes, clock=VirtualClock()
    ) as s:
        s.execute(cmd.SubmitDecision("moscow", "t1-moscow", "coop", author="Olga"))
        s.execute(cmd.AskEstimates((DID,)))
        s.execute(cmd.GiveEstimate("e1", "moscow", 70, "air power decides", author="Olga"))
        [entered] = s.execute(cmd.EnterEstimate("e1", "tehran", 30, "said at the table"))
        assert describe(entered, s.state) == (
            "Tehran gives it 30% (e1, entered by the white cell): said at the table"
        )
        s.execute(cmd.Adjudicate((DID,), "By the teams' odds", method="estimative"))

    given = log_events(path, "EstimateGiven")
    assert [(e["role"], e.get("on_behalf", False)) for e in given] == [
        ("moscow", False),
        ("tehran", True),
    ]
    with Session.open(path) as again:  # replayed from the file, the mark is still there
        assert [e.on_behalf for e in again.state.estimates[0].given] == [False, True]
        assert again.state.rulings[-1].matrix["odds"] == 50  # the mean of 70 and 30

    report = report_of_file(path)
    estimative = report.ledger[0].estimative
    assert estimative is not None and estimative.teams_mean == 50
    assert [(t.role, t.percent, t.author, t.on_behalf) for t in estimative.estimates] == [
        ("moscow", 70, "Olga", False),
        ("tehran", 30, "facilitator", True),
    ]
    for render in (render_md, render_html):  # the AAR's estimates table says who gave which
        assert render(report).count("(entered by the white cell)") == 1, render
    assert report.calibration is not None
    [tehran] = [t for t in report.calibration.teams if t.role == "tehran"]
    assert [(f.kind, f.percent) for f in tehran.scored] == [("estimate", 30)]

    estimates = _rows(path, "estimates")
    assert [(e["role"], e["author"], e["on_behalf"]) for e in estimates] == [
        ("moscow", "Olga", False),
        ("tehran", "facilitator", True),
    ]
    scored = [f for f in _rows(path, "forecasts") if f["kind"] == "estimate"]
    assert [(f["role"], f["probability"], f["on_behalf"]) for f in scored] == [
        ("moscow", 0.7, False),
        ("tehran", 0.3, True),
    ]
