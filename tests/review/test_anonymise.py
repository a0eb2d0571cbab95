"""`ttx report --anonymise`: no participant's name is left in any rendering; each person is one
"Participant n" everywhere, in free text too; what is not a person (teams, the white cell,
bots) stays, and nothing else in the report moves."""

from __future__ import annotations

import dataclasses
import json
import re

import pytest

from exercise.review.anonymise import anonymised
from exercise.review.render_html import render_html
from exercise.review.render_md import render_md
from exercise.review.report_json import render_json
from exercise.review.report_model import build_report
from tests.review.judged import DANA, OLGA, REZA, judged

NAMES = (OLGA, REZA, DANA, "Yael", "Sam", "olga-laptop")


@pytest.fixture(scope="module")
def reports(tmp_path_factory):
    s = judged(tmp_path_factory.mktemp("anon") / "judged.ttx")
    plain = build_report(s)
    s.close()
    return plain, anonymised(plain)


def test_no_name_is_left_in_any_rendering(reports):
    plain, anon = reports
    for render in (render_md, render_html, render_json):
        before, after = render(plain), render(anon)
        assert all(name in before for name in NAMES[:3])  # the session does name them
        for name in NAMES:
            assert not re.search(rf"(?<!\w){re.escape(name)}(?!\w)", after, re.I), name
        assert "Participant 1" in after and "Console 1" in after


def test_one_person_is_one_participant_everywhere(reports):
    _, anon = reports
    moscow = [d for t in anon.turns for d in t.decisions if d.role == "moscow" and d.author]
    olga = {d.author for d in moscow if d.author != "bot"}
    assert olga == {"Participant 1"}
    assert "Keep Participant 2's men close" in {d.rationale for d in moscow}  # Reza, in text
    [message] = [m for t in anon.turns for m in t.messages]
    assert message.author == "Participant 1" and message.text.startswith("Participant 2 ")
    assert anon.feedback is not None
    assert [a.author for a in anon.feedback.answers] == ["Participant 1", "Participant 2"]
    assert anon.feedback.answers[1].improve == "Participant 1 talked a lot"
    observers = {o.author for o in anon.observations}
    assert observers == {"Participant 3", "Participant 4"}
    x = anon.ledger[0].estimative
    assert x is not None and [t.author for t in x.estimates][:2] == [
        "Participant 1",
        "Participant 2",
    ]
    assert anon.overview.roles[0].clients == ("Console 1",)


def test_what_is_not_a_person_stays_and_nothing_else_moves(reports):
    plain, anon = reports
    bots = [d.author for t in anon.turns for d in t.decisions if d.role == "damascus"]
    assert bots and set(bots) == {"bot"}
    assert [r.narrative for r in anon.ledger] == [r.narrative for r in plain.ledger]
    assert anon.indicators == plain.indicators and anon.scorecards == plain.scorecards
    assert anon.calibration is not None and plain.calibration is not None
    assert [t.brier for t in anon.calibration.teams] == [t.brier for t in plain.calibration.teams]
    assert anon.anonymised and plain.anonymised is None
    stripped = dataclasses.replace(anon, anonymised=None)
    assert json.loads(render_json(stripped)).keys() == json.loads(render_json(plain)).keys()
    assert render_md(anon).count("**Anonymised**") == 1
