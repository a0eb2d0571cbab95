"""The debrief's outcomes by team and its hidden moves, from a real session file."""

from __future__ import annotations

from exercise.engine import commands as cmd
from exercise.engine.autoplay import rules_ruling
from exercise.review.render_html import render_html
from exercise.review.render_md import render_md
from exercise.review.report_model import build_report, report_of_file
from exercise.session import Session
from exercise.session.simulate import VirtualClock
from tests.engine.test_covert import covert_world
from tests.review.helpers import mini_world


def _covert_session(path, chance: float) -> Session:
    world = covert_world(mini_world(), chance=chance)
    roles = world["scenario"]["roles"]
    s = Session.create(
        path,
        world,
        seed=2,
        participants=tuple((r, "facilitator") for r in roles),
        codes=tuple((r, f"C{i}") for i, r in enumerate(roles)),
        clock=VirtualClock(),
    )
    s.execute(cmd.SubmitDecision("moscow", "t1-news", "quiet-deal"))
    s.execute(cmd.SubmitDecision("tehran", "t1-news", "coop"))
    ruling = rules_ruling(s.state)
    assert ruling is not None
    s.execute(ruling)
    while s.state.turn == 1:
        s.execute(cmd.AdvancePhase(force=True))
    return s


def test_a_covert_move_found_at_once_is_in_the_report_with_whom_it_was_kept_from(tmp_path):
    s = _covert_session(tmp_path / "found.ttx", chance=1.0)
    report = build_report(s)
    [move] = report.hidden_moves
    assert (move.role, move.option, move.hidden_from) == ("moscow", "quiet-deal", ("tehran",))
    assert (move.made_turn, move.found_turn, move.cause, move.turns_hidden) == (1, 2, "roll", 1)
    md = render_md(report)
    assert "| moscow | A quiet deal behind Tehran's back" in md and "| turn 2 (a roll) | 1 |" in md
    assert "Hidden moves</h3><table" in render_html(report)
    s.close()
    assert report_of_file(tmp_path / "found.ttx").hidden_moves == report.hidden_moves


def test_a_move_never_found_says_so_and_counts_the_turns_it_stayed_hidden(tmp_path):
    s = _covert_session(tmp_path / "kept.ttx", chance=0.0001)
    [move] = build_report(s).hidden_moves
    assert move.found_turn == 0 and move.cause == "" and move.turns_hidden == 1
    assert "| never |" in render_md(build_report(s))


def test_each_team_is_scored_on_its_own_scorecard(tmp_path):
    s = _covert_session(tmp_path / "scored.ttx", chance=1.0)
    report = build_report(s)
    by_role = {o.role: o for o in report.outcomes}
    cohesion = s.state.indicators["cohesion"]
    # cohesion is good for Moscow and Tehran (0..10, from 5); nothing counts for Damascus
    assert by_role["moscow"].score == round((cohesion - 5) / 10, 3)
    assert by_role["tehran"].score == by_role["moscow"].score
    assert by_role["damascus"].parts == () and by_role["damascus"].score == 0
