import copy
import math

import pytest

from exercise.engine import commands as cmd
from exercise.engine import events as ev
from exercise.engine.decide import Refused, decide
from exercise.engine.rules import matrix_odds
from exercise.engine.state import UNSTARTED
from tests.engine.helpers import Game


@pytest.fixture
def game(mini_world):
    return Game(mini_world)


def kinds(events):
    return [type(e).__name__ for e in events]


def test_start_releases_turn_one_schedule(game):
    s = game.state
    assert (s.turn, s.phase, s.phase_name()) == (1, 0, "Brief")
    assert [r.inject_id for r in s.releases] == ["t1-news", "t1-moscow", "t1-tehran", "t1-pair"]
    assert all(r.how == "scheduled" for r in s.releases)
    assert s.participants == {
        "moscow": "bot",
        "tehran": "bot",
        "damascus": "bot",
        "jerusalem": "bot",
    }


def test_cannot_start_twice_or_act_before_start(game, mini_world):
    with pytest.raises(Refused):
        game.run(cmd.StartSession(mini_world, 1, ()))
    with pytest.raises(Refused, match="no session"):
        decide(UNSTARTED, cmd.AdvancePhase())


def test_decisions_submit_amend_withdraw(game):
    game.run(cmd.SubmitDecision("moscow", "t1-moscow", "coop", rationale="keep Tehran close"))
    with pytest.raises(Refused, match="already decided"):
        game.run(cmd.SubmitDecision("moscow", "t1-moscow", "push"))
    game.run(cmd.AmendDecision("moscow", "t1-moscow", "push", rationale="changed our mind"))
    d = game.state.decision_for("moscow", "t1-moscow")
    assert (d.option_id, d.amended, d.rationale) == ("push", 1, "changed our mind")
    game.run(cmd.WithdrawDecision("moscow", "t1-moscow"))
    assert game.state.decision_for("moscow", "t1-moscow").withdrawn
    game.run(cmd.SubmitDecision("moscow", "t1-moscow", "coop"))
    assert game.state.decision_for("moscow", "t1-moscow").open


@pytest.mark.parametrize(
    "command, reason",
    [
        (cmd.SubmitDecision("tehran", "t1-moscow", "coop"), "cannot see"),
        (cmd.SubmitDecision("moscow", "t2-moscow", "coop"), "has not been released"),
        (cmd.SubmitDecision("moscow", "t1-moscow", "nope"), "no option"),
        (cmd.SubmitDecision("moscow", "t1-moscow", None, text="  "), "choose an option"),
        (cmd.SubmitDecision("control", "t1-news", "coop"), "not a team"),
        (cmd.AmendDecision("moscow", "t1-moscow", "coop"), "no decision"),
        (cmd.Adjudicate(("moscow:t1-moscow",), "x"), "no open decision"),
        (cmd.Adjudicate((), "narrative", deltas=(("nope", 1),)), "not an indicator"),
        (cmd.Adjudicate((), "   "), "needs a narrative"),
        (cmd.ReleaseInject("t1-news"), "already been released"),
        (cmd.DrawFromDeck("nope"), "not a deck"),
        (cmd.ResumeClock(), "not paused"),
        (cmd.AddObservation("note", role="moscow", objective="nope"), "no objective"),
    ],
)
def test_refusals_change_nothing(game, command, reason):
    before = game.state
    with pytest.raises(Refused, match=reason):
        game.run(command)
    assert game.state is before


def test_free_action_without_inject(game):
    game.run(
        cmd.SubmitDecision("damascus", None, text="Open a channel to Amman", rationale="hedge")
    )
    assert game.state.decision_for("damascus", None).text == "Open a channel to Amman"


def test_rules_ruling_applies_effects_and_clamps(game):
    game.run(cmd.SubmitDecision("moscow", "t1-moscow", "push"))
    [ruled, *_rest] = game.run(
        cmd.Adjudicate(
            ("moscow:t1-moscow",), "Moscow pushes", deltas=(("cohesion", -9), ("escalation", 2))
        )
    )
    assert ruled.applied == {"cohesion": 0, "escalation": 3}
    assert game.state.indicators == {"cohesion": 0, "escalation": 3}
    assert game.state.decision_for("moscow", "t1-moscow").ruling_id == "r1"
    with pytest.raises(Refused, match="already adjudicated"):
        game.run(cmd.Adjudicate(("moscow:t1-moscow",), "again"))


def test_triggers_release_after_ruling_and_end_condition_ends(game):
    events = game.run(cmd.Adjudicate((), "Relations sour", deltas=(("cohesion", -2),)))
    assert kinds(events) == ["Adjudicated", "InjectReleased"]
    assert events[1].inject_id == "rupture" and events[1].how == "triggered"
    events = game.run(cmd.Adjudicate((), "War", deltas=(("escalation", 5),)))
    assert kinds(events) == ["Adjudicated", "SessionEnded"]
    assert game.state.ended and "Open war" in game.state.end_reason
    with pytest.raises(Refused, match="ended"):
        game.run(cmd.AdvancePhase())
    game.run(cmd.AddObservation("debrief note"))  # observations still allowed after the end


def test_matrix_ruling_records_odds_and_roll_deterministically(mini_world):
    rolls = []
    for _ in range(2):
        g = Game(mini_world, seed=42)
        [e] = g.run(
            cmd.Adjudicate(
                (),
                "Matrix",
                method="matrix",
                pros=("air power",),
                cons=(),
                target=8,
                deltas=(("cohesion", 1),),
                fail_deltas=(("cohesion", -1),),
            )
        )
        m = e.matrix
        assert m["modifier"] == 1 and m["target"] == 8 and len(m["dice"]) == 2
        assert m["total"] == sum(m["dice"]) + 1 and m["success"] == (m["total"] >= 8)
        assert e.deltas == ({"cohesion": 1} if m["success"] else {"cohesion": -1})
        rolls.append(m["dice"])
    assert rolls[0] == rolls[1]
    assert matrix_odds(0, 7) == pytest.approx(21 / 36)


def test_advance_refuses_when_teams_have_not_decided(game):
    game.run(cmd.AdvancePhase())
    with pytest.raises(Refused, match=r"has not decided on \d+ injects? this turn"):
        game.run(cmd.AdvancePhase())
    events = game.run(cmd.AdvancePhase(force=True))
    assert kinds(events)[0] == "TurnStarted" and game.state.turn == 2
    released = [e.inject_id for e in events if isinstance(e, ev.InjectReleased)]
    assert released[:2] == ["t2-moscow", "t2-tehran"]
    assert len(released) == 3 and game.state.releases[-1].how == "deck"


def test_manual_release_and_deck_draw(game):
    [e] = game.run(cmd.ReleaseInject("manual-1"))
    assert e.how == "manual"
    [d] = game.run(cmd.DrawFromDeck("events"))
    assert d.how == "deck" and d.draw == 0 and d.inject_id in ("deck-a", "deck-b")
    game.run(cmd.DrawFromDeck("events"))
    with pytest.raises(Refused, match="empty"):
        game.run(cmd.DrawFromDeck("events"))


def test_last_turn_ends_session(game):
    for _ in range(4):
        game.run(cmd.AdvancePhase(force=True))
    assert game.state.ended and game.state.end_reason == "the last turn is over"
    assert "held" in game.state.end_conditions


def test_clock_pause_resume(game):
    s = game.state
    assert s.clock_remaining(1000.0 + 30) == 120 - 30
    game.run(cmd.PauseClock(at=1060.0))
    assert game.state.clock_remaining(5000.0) == 60
    game.run(cmd.ResumeClock(at=1100.0))
    assert game.state.clock_remaining(1110.0) == 50


def test_join_codes(game):
    [e] = game.run(cmd.JoinTeam("moscow", "wrong"))
    assert isinstance(e, ev.JoinRefused)
    [e] = game.run(cmd.JoinTeam("moscow", "abc123"))
    assert isinstance(e, ev.TeamJoined)


def test_bot_decision_follows_doctrine_and_scorecard_and_is_recorded(mini_world):
    # Moscow weighs cooperate 2 and escalate 0.5; on its scorecard (cohesion good) coop is worth
    # +1 and push -2. A bot's odds are doctrine x e**(keenness x worth).
    from exercise.engine.decide import BOT_KEENNESS

    coop, push = 2 * math.exp(BOT_KEENNESS * 1), 0.5 * math.exp(BOT_KEENNESS * -2)
    picks = []
    for seed in range(400):
        g = Game(mini_world, seed=seed)
        [e] = g.run(cmd.BotDecide("moscow", "t1-moscow"))
        assert e.author == "bot" and e.draw == 0
        assert "worth +1.0" in e.rationale or "worth -2.0" in e.rationale
        picks.append(e.option_id)
    share = picks.count("coop") / len(picks)
    assert abs(share - coop / (coop + push)) < 0.04


def test_doctrine_alone_would_give_a_different_share(mini_world):
    # the scorecard matters: with doctrine alone coop would win 80 %, not the 95 % above
    world = copy.deepcopy(mini_world)
    world["scenario"]["indicators"][0]["higher_is"] = {}
    picks = [
        Game(world, seed=seed).run(cmd.BotDecide("moscow", "t1-moscow"))[0].option_id
        for seed in range(400)
    ]
    assert abs(picks.count("coop") / len(picks) - 0.8) < 0.05


def test_event_payload_round_trip(game):
    game.run(cmd.SubmitDecision("moscow", "t1-moscow", "coop"))
    game.run(
        cmd.Adjudicate(
            ("moscow:t1-moscow",), "m", method="matrix", pros=("a", "b"), deltas=(("cohesion", 1),)
        )
    )
    for e in game.events:
        assert (
            ev.from_payload(
                ev.kind(e), __import__("json").loads(__import__("json").dumps(ev.to_payload(e)))
            )
            == e
        )


def test_public_summary_names_public_choices_only(game):
    from exercise.engine.decide import public_summary

    game.run(cmd.SubmitDecision("moscow", "t1-news", "coop"))
    game.run(cmd.SubmitDecision("moscow", "t1-moscow", "push"))
    game.run(cmd.SubmitDecision("tehran", None, text="quietly move rockets south"))
    text = public_summary(game.state, ("moscow:t1-news", "moscow:t1-moscow", "t1:tehran:free"))
    assert "Moscow: Cooperate with the partner" in text  # the team by name, not its id
    assert "Push hard" not in text and "rockets" not in text
    assert "2 decisions taken in private" in text


def test_the_refusal_counts_what_each_team_has_still_to_decide():
    """A team that decided one of its four injects is not told it decided nothing."""
    from exercise.engine.queries import not_decided

    assert not_decided({"moscow": ["a"]}) == "moscow has not decided on 1 inject this turn"
    assert (
        not_decided({"tehran": ["a"], "damascus": ["a", "b", "c"]})
        == "damascus has not decided on 3 injects this turn, tehran on 1"
    )
