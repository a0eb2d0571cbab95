"""The AAR's additions every session has: the executive summary, each team's scorecard turn by
turn, the hot-wash prompts (departures from the record, covert moves found or not) and the
phase times against the plan (pauses excluded, a restarted clock, a phase gone back to), on
sessions made by `ttx simulate` and played through Session.execute."""

from __future__ import annotations

import json

import pytest

from exercise.engine import commands as cmd
from exercise.engine.scorecard import score
from exercise.review import assess, toc
from exercise.review.render_html import render_html
from exercise.review.render_md import render_md
from exercise.review.report_json import render_json
from exercise.review.report_model import build_report, report_of_file, turn_end_values
from exercise.session import Session
from tests.review.helpers import mini_world, simulated
from tests.review.test_outcomes import _covert_session

START = 1_800_000_000.0


class Clock:
    """A wall clock the test moves by hand: each command is stamped with `now`."""

    def __init__(self) -> None:
        self.now = START

    def __call__(self) -> float:
        return self.now


@pytest.fixture(scope="module")
def sim(tmp_path_factory):
    s = simulated(tmp_path_factory.mktemp("sim") / "sim.ttx", seed=3)
    yield s, build_report(s)
    s.close()


def test_each_teams_scorecard_is_the_engines_at_each_turns_end(sim):
    s, m = sim
    ends = turn_end_values(s.state)
    sc = s.state.scenario
    assert [c.role for c in m.scorecards] == list(sc.roles)
    for card in m.scorecards:
        assert [t.turn for t in card.turns] == sorted(ends)
        last = 0.0
        for t in card.turns:
            assert t.score == round(score(sc, card.role, ends[t.turn]), 3)
            assert t.change == round(t.score - last, 3)
            last = t.score
        assert card.final == card.turns[-1].score
        gains = [t for t in card.turns if t.change > 0]
        assert card.best_turn == (max(gains, key=lambda t: t.change).turn if gains else None)
    md = render_md(m)
    moscow = m.scorecards[0]
    row = f"| Moscow | {moscow.turns[0].score:+.2f} ({moscow.turns[0].change:+.2f}) |"
    assert "### Scorecard turn by turn" in md and row in md
    assert md.index("### Scorecard turn by turn") < md.index("### Hidden moves")


def test_every_section_is_in_every_rendering(sim):
    _, m = sim
    md, page, data = render_md(m), render_html(m), json.loads(render_json(m))
    keys = [k for k, _ in toc.sections(m)]
    assert keys[0] == "summary" and keys[-2:] == ["plan", "knew"]
    assert {"hotwash", "phases"} <= set(keys) and "calibration" not in keys
    for key, title in toc.sections(m):
        assert f"## {title}" in md and f'<section id="{key}"><h2>{title}</h2>' in page
    assert "## 9. Hot-wash prompts" in md and "## 10. Phase times against the plan" in md
    for key in ("executive_summary", "scorecards", "hot_wash", "phase_times"):
        assert data[key], key


def test_the_summary_says_what_the_sections_show(sim):
    s, m = sim
    lines = {x.topic: x.text for x in m.executive_summary}
    assert list(lines)[:2] == ["Exercise", "Outcome"]
    rows = m.decisions_vs_history
    departed = sum(1 for r in rows if r.verdict == assess.DEPARTED)
    assert f"{len(rows)} decisions" in lines["Decisions"]
    assert f"{departed} departed from it" in lines["Decisions"]
    assert lines["Rulings"].startswith(f"{len(m.ledger)} rulings")
    assert lines["Hidden moves"] == "No team made a covert move."
    assert lines["Observations"] == "No observation was recorded."
    assert f"{m.turns_played} of 2 turns played" in lines["Exercise"]
    assert "Objectives rated" not in lines and "Calibration" not in lines


def test_departures_from_the_record_are_hot_wash_prompts(sim):
    _, m = sim
    departed = [r for r in m.decisions_vs_history if r.verdict == assess.DEPARTED]
    prompts = [p for p in m.hot_wash if p.source == "departure"]
    assert departed and len(prompts) == len(departed)
    for p, r in zip(prompts, departed, strict=True):
        assert p.roles == (r.role,) and p.turn == r.turn and p.seq is not None
        assert r.option_label is not None and r.option_label in p.context
        assert p.prompt.startswith(f"{r.role.capitalize()}: the record points to")
    md = render_md(m)
    assert f"1. **{prompts[0].prompt}**" in md


@pytest.mark.parametrize("chance, source", [(1.0, "covert found"), (0.0001, "covert hidden")])
def test_covert_moves_are_hot_wash_prompts_found_or_not(tmp_path, chance, source):
    s = _covert_session(tmp_path / "covert.ttx", chance=chance)
    m = build_report(s)
    s.close()
    [p] = [p for p in m.hot_wash if p.source.startswith("covert")]
    assert p.source == source and p.turn == 1
    assert "A quiet deal behind Tehran's back" in p.context and "Tehran" in p.prompt
    if chance == 1.0:
        assert p.roles == ("tehran", "moscow") and "came out in turn 2" in p.context
    else:
        assert p.roles == ("moscow", "tehran") and "stayed hidden from Tehran" in p.context
    assert p.context in render_md(m).replace("\\", "") and p.prompt in render_md(m)
    assert p.prompt in render_html(m).replace("&#x27;", "'")
    assert report_of_file(tmp_path / "covert.ttx").hot_wash == m.hot_wash


def test_phase_times_leave_out_pauses_restarts_and_add_a_phase_gone_back_to(tmp_path):
    clock = Clock()
    world = mini_world()
    roles = world["scenario"]["roles"]
    path = tmp_path / "timed.ttx"
    s = Session.create(
        path, world, seed=1, participants=tuple((r, "team") for r in roles), clock=clock
    )

    def at(seconds: float, command) -> None:
        clock.now = START + seconds
        s.execute(command)

    at(30, cmd.PauseClock())
    at(90, cmd.ResumeClock())  # a minute paused in the brief
    at(100, cmd.AdvancePhase())  # brief: 100 s, 60 of them paused
    at(200, cmd.UndoPhase())  # decide: 100 s; back to the brief
    at(210, cmd.AdvancePhase())  # the brief again: 10 s more
    at(300, cmd.RestartClock())  # the decide clock starts again: these 90 s are not counted
    at(400, cmd.AdvancePhase(force=True))  # decide: 100 + 100 s; turn 2 opens
    at(450, cmd.AddObservation("still briefing"))  # the report is made while it runs
    m = build_report(s)
    s.close()
    pt = m.phase_times
    assert pt is not None
    rows = {(r.turn, r.name): r for r in pt.rows}
    brief, decide, second = rows[(1, "Brief")], rows[(1, "Decide")], rows[(2, "Brief")]
    assert (brief.actual_seconds, brief.paused_seconds, brief.returned) == (50.0, 60.0, True)
    assert (decide.actual_seconds, decide.restarted, decide.returned) == (200.0, True, False)
    assert (second.actual_seconds, second.running) == (50.0, True)
    assert (brief.planned_seconds, decide.planned_seconds) == (120, 600)
    assert pt.actual_seconds == 300.0 and pt.planned_seconds == 120 + 600 + 120
    assert pt.scenario_minutes == 30
    md = render_md(m)
    assert (
        "| 1 | Brief | event 2," in md
        and "| 50 s | -1 min 10 s | 1 min 00 s | gone back to |" in md
    )
    assert "| 3 min 20 s | -6 min 40 s | - | clock restarted |" in md and "still running" in md
    assert report_of_file(path).phase_times == pt
    timing = next(x.text for x in m.executive_summary if x.topic == "Timing")
    assert timing.startswith("The phases played ran 5 min 00 s against 14 min 00 s planned")


def test_the_charts_mark_the_rulings_that_moved_each_indicator(tmp_path):
    import re

    from tests.review.judged import judged

    s = judged(tmp_path / "judged.ttx")
    m = build_report(s)
    s.close()
    page = render_html(m)
    charts = re.findall(r'<svg class="chart".*?</svg>', page, re.S)
    assert len(charts) == len(m.indicators.defs)
    for d, svg in zip(m.indicators.defs, charts, strict=True):
        turns = {r.turn for r in m.ledger if d.id in r.applied}
        assert svg.count('<line class="ruling"') == len(turns), d.id
        for r in m.ledger:
            if d.id in r.applied:
                assert f"{r.id}, turn {r.turn} ({r.method}" in svg
    assert "dotted lines mark the rulings" in page
    assert 'stroke="#1f4e79"' in charts[0]  # drawn by attributes too: WeasyPrint needs them
