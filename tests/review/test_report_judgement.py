"""The teams' judgement in the report, on a session played by hand through Session.execute
(tests/review/judged.py): estimative rulings in the ledger, each team's calibration as the
engine scores it, observers' ratings filling the objectives with their evidence linked, the
participants' feedback; in the Markdown, HTML and JSON alike, and read the same from an open
session and from the file. A simulated session has none of it."""

from __future__ import annotations

import json
import re

import pytest

from exercise.engine.calibration import calibration, forecasts
from exercise.review.render_html import render_html
from exercise.review.render_md import render_md
from exercise.review.report_calibration import cohort_calibration
from exercise.review.report_json import render_json
from exercise.review.report_model import build_report, report_of_file
from tests.review.helpers import simulated
from tests.review.judged import DANA, OLGA, REZA, judged


@pytest.fixture(scope="module")
def played(tmp_path_factory):
    path = tmp_path_factory.mktemp("judged") / "judged.ttx"
    s = judged(path)
    state = s.state
    model = build_report(s)
    s.close()
    return path, state, model


def test_the_open_session_and_the_file_give_the_same_report(played):
    path, _, model = played
    assert report_of_file(path) == model


def test_an_estimative_ruling_shows_its_odds_estimates_and_d100(played):
    _, state, m = played
    r1, r2, r3 = m.ledger[:3]
    ruling = state.ruling("r1")
    assert r1.method == "estimative" and r1.odds is None and r1.dice is None
    x = r1.estimative
    assert x is not None and x.odds == ruling.matrix["odds"] == 55  # the mean of 70, 40, 55
    assert x.set_by == "the teams' mean" and x.teams_mean == 55 and x.request == "e1"
    assert [(t.role, t.percent, t.author) for t in x.estimates] == [
        ("moscow", 70, OLGA),
        ("tehran", 40, REZA),
        ("jerusalem", 55, "Yael"),
    ]
    assert x.estimates[1].reasoning == "they need our men on the ground"
    assert x.roll == ruling.matrix["roll"] and r1.success is (x.roll <= 55)
    own = r2.estimative
    assert own is not None and own.odds == 20 and own.set_by == "the white cell"
    assert own.teams_mean is None and own.estimates == ()
    assert r3.method == "matrix" and r3.estimative is None and r3.odds is not None
    md = render_md(m)
    assert f"| `r1` | 1 | {r1.seq} | estimative |" in md
    assert "55%, the teams' mean (Moscow 70%, Tehran 40%, Jerusalem 55%)" in md
    assert f"| d100 {x.roll} | - |" in md
    assert "20%, the white cell's (no team gave an estimate)" in md
    assert f"d100 {x.roll}" in render_html(m)


def test_each_team_is_scored_as_the_engine_scores_it(played):
    _, state, m = played
    c = m.calibration
    assert c is not None and [t.role for t in c.teams] == ["moscow", "tehran", "jerusalem"]
    scored = forecasts(state)
    for t in c.teams:
        engine = calibration(t.role, scored)
        assert engine is not None
        assert t.brier == round(engine.brier, 4) and t.forecasts == engine.forecasts
        assert t.in_words == engine.in_words()
        assert sum(b.count for b in t.bands) == t.forecasts == len(t.scored)
    moscow = c.teams[0]
    assert [(f.kind, f.percent) for f in moscow.scored] == [
        ("confidence", 80),
        ("confidence", 90),
        ("estimate", 70),
    ]
    assert c.pending == 0
    md = render_md(m)
    assert "## 9. Calibration of the teams' judgement" in md
    assert f"| Moscow | 3 | {moscow.brier:.3f} |" in md and moscow.in_words in md
    assert "| 70-79% | 1 | 70% |" in md  # a reliability band
    assert "| r1 | 1 | 55% |" in md and "they need our men on the ground" in md


def test_a_cohort_pools_each_sessions_forecasts(played, tmp_path):
    _, state, _ = played
    one = forecasts(state)
    names = {"moscow": "Moscow", "tehran": "Tehran", "jerusalem": "Jerusalem"}
    teams = cohort_calibration(("moscow", "tehran", "damascus", "jerusalem"), names, [one, one])
    assert [t.role for t in teams] == ["moscow", "tehran", "jerusalem"]
    moscow = teams[0]
    alone = calibration("moscow", one)
    assert alone is not None
    assert moscow.forecasts == 2 * alone.forecasts and moscow.sessions == 2
    assert moscow.brier == round(alone.brier, 4)  # the same forecasts twice score the same
    assert cohort_calibration(("moscow",), names, [[]]) == ()


def test_ratings_fill_the_objectives_with_their_evidence(played):
    _, state, m = played
    moscow = next(r for r in m.objectives if r.role == "moscow").objectives[0]
    assert moscow.rating == "S"  # the latest of M then S stands
    rated = [o for o in moscow.observations if o.rating]
    assert [o.rating for o in rated] == ["M", "S"] and moscow.rated_at == rated[-1].seq
    first, second = rated
    ruling_seq = m.ledger[0].seq
    assert first.about is not None and first.about.seq == ruling_seq
    assert first.about.shown_in == "ledger" and "Ruling r1 (estimative)" in first.about.what
    assert second.about is not None and second.about.shown_in == "narrative"
    tehran = next(r for r in m.objectives if r.role == "tehran").objectives[0]
    assert tehran.rating == "U" and tehran.observations[0].about.seq == 2
    md = render_md(m)
    assert "☒ Some challenges" in md and "Rated M (performed with major challenges)" in md
    assert f"about event {ruling_seq}: Ruling r1" in md
    assert f"S: the latest rating by {DANA}, in the observation at event {moscow.rated_at}" in md
    summary = next(x for x in m.executive_summary if x.topic == "Objectives rated")
    assert summary.text == "2 objectives rated by observers: 1 S, 1 U."


def test_the_html_links_each_evidence_to_the_event_it_shows(played):
    _, _, m = played
    page = render_html(m)
    links = set(re.findall(r'<a href="#(event-\d+)">', page))
    ids = re.findall(r' id="(event-\d+)"', page)
    assert links and links == set(ids) and len(ids) == len(set(ids))  # each once, each target
    ruling = m.ledger[0].seq
    assert re.search(rf'<tr><td><span id="event-{ruling}"></span><code>r1</code>', page)
    decision = next(d.seq for t in m.turns for d in t.decisions if d.id == "moscow:t1-moscow")
    assert f'<li id="event-{decision}"><strong>moscow</strong>' in page
    assert '<h3 id="event-2">Turn 1' in page
    assert '<span class="chosen">\u2612 Some challenges</span>' in page


def test_feedback_is_in_every_rendering(played):
    _, state, m = played
    f = m.feedback
    assert f is not None and len(f.answers) == len(state.feedback) == 2
    assert [(a.team, a.author, a.realism, a.learning) for a in f.answers] == [
        ("Moscow", OLGA, 4, 5),
        ("Tehran", REZA, 3, 4),
    ]
    assert f.realism == 3.5 and f.learning == 4.5 and f.scale == (1, 5)
    assert all(a.seq for a in f.answers)
    md, page = render_md(m), render_html(m)
    assert "## 10. Participant feedback" in md and "| Everyone | 2 | 3.5 | 4.5 |" in md
    assert "What worked: The estimates made us argue" in md
    assert '<section id="feedback">' in page and "The estimates made us argue" in page
    data = json.loads(render_json(m))
    assert data["feedback"]["answers"][0]["worked"] == "The estimates made us argue"
    assert data["calibration"]["teams"][0]["role"] == "moscow"
    assert data["ledger"][0]["estimative"]["odds"] == 55
    rated = [o for o in data["observations"] if "rating" in o]
    assert [o["rating"] for o in rated] == ["M", "S", "U"] and all("about" in o for o in rated)


def test_a_simulated_session_has_no_judgement_and_says_nothing_of_it(tmp_path):
    s = simulated(tmp_path / "sim.ttx", seed=3)
    m = build_report(s)
    s.close()
    assert m.calibration is None and m.feedback is None
    assert all(o.rating is None for r in m.objectives for o in r.objectives)
    assert all(r.estimative is None for r in m.ledger)
    md, page = render_md(m), render_html(m)
    assert "Calibration" not in md and "Participant feedback" not in md
    assert 'id="calibration"' not in page and 'id="event-' not in page
    data = json.loads(render_json(m))
    assert "calibration" not in data and "feedback" not in data and "anonymised" not in data


def test_anonymous_feedback_names_no_one(played):
    # The engine signs feedback given anonymously with the role itself: the report says
    # "anonymous", never the role's id as if it were a person.
    from dataclasses import replace

    from exercise.review.report_feedback import feedback_section

    _, state, m = played
    anonymous = replace(state.feedback[1], author="tehran")
    section = feedback_section(replace(state, feedback=(state.feedback[0], anonymous)), [])
    assert section is not None and [a.author for a in section.answers] == [OLGA, ""]
    md, page = render_md(replace(m, feedback=section)), render_html(replace(m, feedback=section))
    assert "### Tehran, anonymous (event" in md and "Tehran, tehran" not in md
    assert "<h3>Tehran, anonymous <span" in page
