"""Rules that mutation testing found unguarded: role-restricted options, the matrix roll's
failure branch, and reads that count once. Each test here fails if its rule is removed."""

from __future__ import annotations

import copy

import pytest

from exercise.content.model import Option
from exercise.engine import commands as cmd
from exercise.engine import events as ev
from exercise.engine.decide import Refused
from tests.engine.helpers import Game


def _inject(world: dict, inject_id: str) -> dict:
    return next(d for d in world["injects"] if d["id"] == inject_id)


@pytest.fixture(scope="module")
def restricted_world(mini_world) -> dict:
    """mini, with t1-news (public: every team decides) offering an option open to Moscow alone,
    tagged like the option Tehran's doctrine likes best so a bot that ignored the limit would
    often pick it; and t1-pair (Damascus and Jerusalem) offering Jerusalem nothing at all."""
    world = copy.deepcopy(mini_world)
    _inject(world, "t1-news")["options"].append(
        {
            "id": "veto",
            "label": "Moscow's veto",
            "roles": ["moscow"],
            "tags": ["cooperate"],
            "effects": {"cohesion": 3},
            "sets": ["vetoed"],
        }
    )
    for option in _inject(world, "t1-pair")["options"]:
        option["roles"] = ["damascus"]
    return world


# -- 1. role-restricted options ------------------------------------------------------------


def test_an_option_with_roles_is_open_to_those_roles_only():
    only_moscow = Option("veto", "Veto", roles=("moscow", "tehran"))
    assert only_moscow.allowed_for("moscow") and only_moscow.allowed_for("tehran")
    assert not only_moscow.allowed_for("damascus")
    assert Option("any", "Any").allowed_for("damascus")  # no roles: every decider


def test_the_role_it_is_open_to_may_submit_it(restricted_world):
    g = Game(restricted_world)
    g.run(cmd.SubmitDecision("moscow", "t1-news", "veto"))
    assert g.state.decision_for("moscow", "t1-news").option_id == "veto"


@pytest.mark.parametrize("role", ["tehran", "damascus", "jerusalem"])
def test_submitting_an_option_closed_to_the_role_is_refused(restricted_world, role):
    g = Game(restricted_world)
    before = g.state
    with pytest.raises(Refused, match=f"option 'veto' is not open to '{role}'"):
        g.run(cmd.SubmitDecision(role, "t1-news", "veto"))
    assert g.state is before


def test_amending_to_an_option_closed_to_the_role_is_refused(restricted_world):
    g = Game(restricted_world)
    g.run(cmd.SubmitDecision("tehran", "t1-news", "coop"))
    before = g.state
    with pytest.raises(Refused, match="option 'veto' is not open to 'tehran'"):
        g.run(cmd.AmendDecision("tehran", "t1-news", "veto"))
    assert g.state is before
    assert g.state.decision_for("tehran", "t1-news").option_id == "coop"
    g.run(cmd.SubmitDecision("moscow", "t1-news", "push"))
    g.run(cmd.AmendDecision("moscow", "t1-news", "veto"))  # open to Moscow: amending to it stands
    assert g.state.decision_for("moscow", "t1-news").option_id == "veto"


def test_a_bot_never_chooses_an_option_closed_to_its_role(restricted_world):
    def picks(world) -> set[str]:
        chosen = set()
        for seed in range(40):
            [e] = Game(world, seed=seed).run(cmd.BotDecide("tehran", "t1-news"))
            chosen.add(e.option_id)
        return chosen

    # Open to all, 'veto' (tagged and worth the most for Tehran) is what a bot picks most.
    unrestricted = copy.deepcopy(restricted_world)
    del _inject(unrestricted, "t1-news")["options"][-1]["roles"]
    assert "veto" in picks(unrestricted)
    assert "veto" not in picks(restricted_world)


def test_a_bot_may_choose_a_restricted_option_open_to_its_role(restricted_world):
    picks = {
        Game(restricted_world, seed=seed).run(cmd.BotDecide("moscow", "t1-news"))[0].option_id
        for seed in range(40)
    }
    assert "veto" in picks


def test_a_bot_offered_no_open_option_is_refused(restricted_world):
    g = Game(restricted_world)
    with pytest.raises(Refused, match="offers 'jerusalem' no option"):
        g.run(cmd.BotDecide("jerusalem", "t1-pair"))
    [e] = g.run(cmd.BotDecide("damascus", "t1-pair"))
    assert e.option_id in ("coop", "push")


# -- 2. the matrix roll -------------------------------------------------------------------

# One pro and two cons: modifier -1, target 7. Seeds found by search, and checked below:
SUCCESS_ON_TARGET = 2  # dice 4+4, total 7: exactly the target, which succeeds
FAIL_BY_MODIFIER = 8  # dice 2+5 = 7 would succeed alone; the modifier makes 6, a failure


def _matrix_game(mini_world, seed: int) -> tuple[Game, ev.Adjudicated]:
    g = Game(mini_world, seed=seed)
    # A flag set earlier, so that a ruling's clears can be seen to happen or not.
    g.run(cmd.Adjudicate((), "Earlier", deltas=(), flags_set=("air-cover",)))
    g.run(cmd.SubmitDecision("moscow", "t1-moscow", "push"))
    [ruled, *_] = g.run(
        cmd.Adjudicate(
            ("moscow:t1-moscow",),
            "Moscow withholds air support",
            method="matrix",
            pros=("leverage",),
            cons=("Tehran's militias", "Assad's doubts"),
            target=7,
            deltas=(("cohesion", 2), ("escalation", 1)),
            fail_deltas=(("cohesion", -1),),
            flags_set=("moscow-signalled",),
            flags_cleared=("air-cover",),
        )
    )
    return g, ruled


def test_a_matrix_success_applies_deltas_and_flags(mini_world):
    g, ruled = _matrix_game(mini_world, SUCCESS_ON_TARGET)
    m = ruled.matrix
    assert (m["dice"], m["modifier"], m["total"], m["success"]) == ([4, 4], -1, 7, True)
    assert ruled.deltas == {"cohesion": 2, "escalation": 1}
    assert ruled.applied == {"cohesion": 7, "escalation": 2}
    assert (ruled.flags_set, ruled.flags_cleared) == (("moscow-signalled",), ("air-cover",))
    assert g.state.indicators == {"cohesion": 7, "escalation": 2}
    assert g.state.flags == {"moscow-signalled"}
    assert g.replay() == g.state


def test_a_failed_matrix_roll_applies_fail_deltas_and_no_flags(mini_world):
    g, ruled = _matrix_game(mini_world, FAIL_BY_MODIFIER)
    m = ruled.matrix
    assert (m["dice"], m["modifier"], m["total"], m["success"]) == ([2, 5], -1, 6, False)
    assert ruled.deltas == {"cohesion": -1}
    assert ruled.applied == {"cohesion": 4}
    assert (ruled.flags_set, ruled.flags_cleared) == ((), ())
    assert g.state.indicators == {"cohesion": 4, "escalation": 1}
    assert g.state.flags == {"air-cover"}  # neither set nor cleared
    assert g.state.rulings[-1].matrix["success"] is False
    assert g.replay() == g.state


# -- 3. reads count once -----------------------------------------------------------------


def test_reading_an_inject_twice_records_one_read(mini_world):
    g = Game(mini_world)
    [first] = g.run(cmd.MarkRead("moscow", "t1-news", at=1001.0))
    assert isinstance(first, ev.InjectRead)
    assert g.run(cmd.MarkRead("moscow", "t1-news", at=1002.0)) == []
    assert sum(isinstance(e, ev.InjectRead) for e in g.events) == 1
    assert g.state.reads == {("moscow", "t1-news")}


def test_one_teams_read_does_not_count_for_another(mini_world):
    g = Game(mini_world)
    g.run(cmd.MarkRead("moscow", "t1-news"))
    [e] = g.run(cmd.MarkRead("tehran", "t1-news"))
    assert (e.role, e.inject_id) == ("tehran", "t1-news")
    [e] = g.run(cmd.MarkRead("moscow", "t1-moscow"))
    assert (e.role, e.inject_id) == ("moscow", "t1-moscow")
    assert g.state.reads == {("moscow", "t1-news"), ("tehran", "t1-news"), ("moscow", "t1-moscow")}
