"""A team's view of the white cell's requests for estimates: what is asked about, named as a public
ruling would name it (another team's private or covert move never), its own estimate, and the
other teams' estimates and the odds only once it is told of the ruling that used them."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from exercise.engine import commands as cmd
from exercise.session.team_view import team_view
from tests.engine.helpers import Game
from tests.engine.test_covert import covert_world
from tests.engine.test_properties import ROLES, SETTINGS, command, play

ASKED = ("moscow:t1-news", "tehran:t1-news", "moscow:t1-moscow")


def _asked(world) -> Game:
    g = Game(covert_world(world))
    g.run(cmd.SubmitDecision("moscow", "t1-news", "quiet-deal", rationale="behind their back"))
    g.run(cmd.SubmitDecision("tehran", "t1-news", "coop"))
    g.run(cmd.SubmitDecision("moscow", "t1-moscow", "push", rationale="our own cable"))
    g.run(cmd.AskEstimates(ASKED))
    return g


def test_the_actions_asked_about_are_named_only_as_a_public_ruling_would(mini_world):
    g = _asked(mini_world)
    [tehran] = team_view(g.state, "tehran").estimates
    assert tehran.actions == (
        "A decision another team took in private",  # Moscow's covert deal, kept from Tehran
        "Your decision on “Test inject t1-news”: Cooperate with the partner",
        "A decision another team took in private",  # on Moscow's own private cable
    )
    view = team_view(g.state, "tehran")
    assert "quiet deal" not in repr(view).lower() and "behind their back" not in repr(view)
    asked = repr(view.estimates)  # "Push hard" is also an option of Tehran's own injects
    assert "Push hard" not in asked and "our own cable" not in asked
    [damascus] = team_view(g.state, "damascus").estimates
    assert damascus.actions[1] == "Tehran on “Test inject t1-news”: Cooperate with the partner"
    [moscow] = team_view(g.state, "moscow").estimates
    assert moscow.actions[0].startswith("Your decision on “Test inject t1-news”: A quiet deal")
    assert moscow.answerable and not moscow.ruled and moscow.mine is None


def test_others_estimates_and_the_odds_come_only_with_the_ruling(mini_world):
    g = _asked(mini_world)
    g.run(cmd.GiveEstimate("e1", "tehran", 70, "They need us", author="Ali"))
    g.run(cmd.GiveEstimate("e1", "damascus", 30, "Too risky"))
    g.run(cmd.GiveEstimate("e1", "tehran", 60, "On second thought"))  # revised: the latest stands
    [before] = team_view(g.state, "tehran").estimates
    assert before.mine is not None and (before.mine.percent, before.mine.reasoning) == (
        60,
        "On second thought",
    )
    assert before.others == () and before.odds is None and "Too risky" not in repr(before)
    assert [r.request_id for r in team_view(g.state, "tehran").asked()] == ["e1"]

    g.run(cmd.Adjudicate(ASKED, "Ruled on the odds", method="estimative", audience=("tehran",)))
    [after] = team_view(g.state, "tehran").estimates
    assert after.ruled and not after.answerable and after.odds == 45  # the mean of 60 and 30
    assert [(e.team, e.percent, e.reasoning) for e in after.others] == [
        ("Damascus", 30, "Too risky")
    ]
    assert after.roll.startswith("d100 ") and "vs odds of 45%" in after.roll
    assert team_view(g.state, "tehran").asked() == []
    # Damascus is not told of that private ruling: its own estimate only.
    [untold] = team_view(g.state, "damascus").estimates
    assert untold.ruled and untold.odds is None and untold.others == () and untold.roll == ""
    assert "On second thought" not in repr(team_view(g.state, "damascus"))


def test_a_request_whose_decisions_were_withdrawn_is_no_longer_answerable(mini_world):
    g = _asked(mini_world)
    g.run(cmd.WithdrawDecision("tehran", "t1-news"))
    [request] = team_view(g.state, "tehran").estimates
    assert not request.answerable and not request.ruled
    assert team_view(g.state, "tehran").asked() == []


@SETTINGS
@given(seed=st.integers(0, 2**32), commands=st.lists(command, max_size=30))
def test_no_team_sees_another_teams_estimate_before_it_is_told_the_ruling(
    mini_world, seed, commands
):
    g = play(mini_world, seed, commands)
    for role in ROLES:
        view = team_view(g.state, role)
        told = {r.ruling_id for r in view.rulings}
        for shown, request in zip(view.estimates, reversed(g.state.estimates), strict=True):
            assert shown.request_id == request.request_id
            mine = next((e for e in request.given if e.role == role), None)
            assert (shown.mine.percent if shown.mine else None) == (mine.percent if mine else None)
            if request.ruling_id not in told or not request.ruling_id:
                assert shown.others == () and shown.odds is None
            else:
                assert len(shown.others) == len([e for e in request.given if e.role != role])
