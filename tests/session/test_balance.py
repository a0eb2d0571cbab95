"""ttx balance's analysis: dominance, history, unread flags, saturation, end rates, coverage."""

from __future__ import annotations

import copy
import json

import pytest

from exercise.cli import main
from exercise.engine.world import world_from_raw
from exercise.session.balance import analyse, decision_points
from exercise.session.simulate import many_runs
from tests.conftest import MINI


def _inject(world: dict, inj_id: str) -> dict:
    return next(d for d in world["injects"] if d["id"] == inj_id)


def _check(balance, name: str):
    return next(c for c in balance.checks if c.name == name)


def test_an_option_better_on_every_count_is_dominant_and_a_trade_off_is_not(mini_world):
    # t1-moscow: coop (+1 cohesion) beats push (-2 cohesion) on Moscow's only indicator
    points = {(p.inject, p.role): p for p in decision_points(world_from_raw(mini_world), {})}
    assert points[("t1-moscow", "moscow")].dominant == "coop"
    world = copy.deepcopy(mini_world)
    world["scenario"]["indicators"][1]["higher_is"] = {"moscow": "good"}  # escalation now counts
    _inject(world, "t1-moscow")["options"][1]["effects"] = {"cohesion": -2, "escalation": 4}
    traded = {(p.inject, p.role): p for p in decision_points(world_from_raw(world), {})}
    point = traded[("t1-moscow", "moscow")]
    assert point.dominant == "" and [r.option for r in point.options] == ["push", "coop"]


def test_the_historical_choice_is_a_top_scorer_only_when_it_ranks_first(mini_world):
    world = copy.deepcopy(mini_world)
    _inject(world, "t1-moscow")["expected"][0]["options"] = ["push"]
    [point] = [p for p in decision_points(world_from_raw(world), {}) if p.inject == "t1-moscow"]
    assert point.historical == ("push",) and point.historical_top is False
    world = copy.deepcopy(world)  # a world is built once per raw dict: a new one for the change
    _inject(world, "t1-moscow")["expected"][0]["options"] = ["coop"]
    [point] = [p for p in decision_points(world_from_raw(world), {}) if p.inject == "t1-moscow"]
    assert point.historical_top is True


def test_a_covert_options_discovery_cost_counts_at_its_odds(mini_world):
    from tests.engine.test_covert import covert_world

    world = world_from_raw(covert_world(mini_world, chance=0.5))
    [point] = [p for p in decision_points(world, {}) if (p.inject, p.role) == ("t1-news", "moscow")]
    quiet = next(r for r in point.options if r.option == "quiet-deal")
    # +1 cohesion now, -3 on discovery with a 50 % chance over the one later turn
    assert quiet.covert and quiet.worth == pytest.approx(1 - 0.5 * 3)


def test_the_analysis_of_a_sweep_names_what_breaks_the_targets(mini_world):
    summary = many_runs(mini_world, 40)
    balance = analyse(world_from_raw(mini_world), summary)
    flags = _check(balance, "flags set, never read")
    assert not flags.ok and "t1-moscow-coop" in {f for f, _ in balance.unread_flags}
    dominant = _check(balance, "dominant options")
    assert not dominant.ok and "t1-moscow/moscow: coop" in dominant.detail
    cohesion_at_max = sum(1 for v in summary_finals(summary, "cohesion") if v == 10) / 40
    assert balance.at_bounds["cohesion"][1] == cohesion_at_max
    assert not balance.ok


def summary_finals(summary: dict, indicator: str) -> list[int]:
    hist = summary["indicators"][indicator]["histogram"]
    return [int(v) for v, n in hist.items() for _ in range(n)]


def test_an_end_conditions_ceiling_is_checked_against_its_rate(mini_world):
    world = copy.deepcopy(mini_world)
    held = next(e for e in world["scenario"]["end_conditions"] if e["id"] == "held")
    held["at_most"] = 0.05
    summary = many_runs(world, 30)
    balance = analyse(world_from_raw(world), summary)
    check = _check(balance, "end: held")
    rate = next(e["share"] for e in summary["end_conditions"] if e["id"] == "held")
    assert check.ok == (rate <= 0.05) and check.value == f"{rate:.0%}"


def test_a_turn_in_which_a_role_has_nothing_to_decide_is_a_gap(mini_world):
    assert analyse(world_from_raw(mini_world), many_runs(mini_world, 4)).no_decision == ()
    world = copy.deepcopy(mini_world)
    _inject(world, "t2-tehran")["deciders"] = ["tehran", "damascus"]
    balance = analyse(world_from_raw(world), many_runs(world, 4))
    assert balance.no_decision == (("jerusalem", 2),)
    assert not _check(balance, "every role decides every turn").ok


def test_strict_exits_1_on_a_broken_threshold_and_json_says_why(capsys):
    args = ["balance", "mini", "--root", str(MINI), "--runs", "8", "--workers", "1"]
    assert main(args) == 0
    out = capsys.readouterr().out
    assert "FAIL flags set, never read" in out and "Scorecards:" in out
    assert main(args + ["--strict", "--json"]) == 1
    data = json.loads(capsys.readouterr().out)
    assert data["ok"] is False and data["runs"] == 8
    assert any(c["name"] == "dominant options" and not c["ok"] for c in data["checks"])


@pytest.mark.parametrize("bad", [["--runs", "0"], ["--runs", "x"], ["--workers", "0"]])
def test_bad_arguments_are_one_line_exit_2(capsys, bad):
    with pytest.raises(SystemExit) as exc:
        main(["balance", "mini", "--root", str(MINI), *bad])
    assert exc.value.code == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "error" in err[0]


def test_an_unknown_scenario_is_one_line_exit_2(capsys):
    assert main(["balance", "nope", "--root", str(MINI)]) == 2
    assert "nope" in capsys.readouterr().err


def test_a_covert_move_in_the_last_turn_is_not_charged_for_rolls_that_never_come(mini_world):
    world = copy.deepcopy(mini_world)
    option = _inject(world, "t2-moscow")["options"][0]
    option["covert"] = {
        "hidden_from": ["tehran"],
        "discovery": 0.9,
        "inject": "t1-news",
        "effects": {"cohesion": -5},
    }
    [point] = [p for p in decision_points(world_from_raw(world), {}) if p.inject == "t2-moscow"]
    ranked = next(r for r in point.options if r.option == option["id"])
    assert ranked.covert and ranked.worth == pytest.approx(1.0)  # its +1 cohesion, no more
