"""A voided ruling stays in the report, marked: when, by whom, why, and what it set back."""

from __future__ import annotations

import json

from exercise.engine import commands as cmd
from exercise.review.render_html import render_html
from exercise.review.render_md import render_md
from exercise.review.report_json import render_json
from exercise.review.report_model import build_report, report_of_file
from tests.review.helpers import fresh


def test_the_report_shows_the_correction_and_who_made_it(tmp_path):
    path = tmp_path / "void.ttx"
    s = fresh(path)
    start = s.state.indicators["cohesion"]
    s.execute(cmd.Adjudicate((), "Talks <fail>", (("cohesion", -2),)))
    s.execute(cmd.VoidRuling("r1", "read from the wrong card", author="Ana"))
    model = build_report(s)
    s.close()
    [entry] = model.ledger
    assert entry.voided is not None
    assert (entry.voided.by, entry.voided.reason) == ("Ana", "read from the wrong card")
    assert entry.voided.applied == {"cohesion": start} and entry.voided.seq
    md = render_md(model)
    assert f"VOIDED (event {entry.voided.seq}, by Ana): read from the wrong card" in md
    assert f"back: cohesion {start}" in md
    assert "VOIDED" in render_html(model) and "Talks &lt;fail&gt;" in render_html(model)
    assert json.loads(render_json(model))["ledger"][0]["voided"]["reason"] == (
        "read from the wrong card"
    )
    assert render_json(report_of_file(path)) == render_json(model)


def test_withdrawn_releases_and_undone_phases_are_listed_with_who_made_them(tmp_path):
    path = tmp_path / "undo.ttx"
    s = fresh(path)
    s.execute(cmd.ReleaseInject("manual-1"))
    s.execute(cmd.WithdrawRelease("manual-1", author="Ana"))
    s.execute(cmd.AdvancePhase())
    s.execute(cmd.UndoPhase(author="Ana"))
    s.execute(cmd.RestartClock())
    model = build_report(s)
    s.close()
    [turn] = [t for t in model.turns if t.corrections]
    assert [c.by for c in turn.corrections] == ["Ana", "Ana", "control"]
    md = render_md(model)
    assert "Corrections by the white cell:" in md and "withdrew the release of" in md
    assert "went back to phase 1" in md and "Phase clock restarted" in md
    assert render_json(report_of_file(path)) == render_json(model)
