"""Property tests: replay equals live state, visibility never leaks, bounds always hold."""

import contextlib

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from exercise.engine import commands as cmd
from exercise.engine import view
from exercise.engine.decide import Refused
from tests.engine.helpers import Game

ROLES = ["moscow", "tehran", "damascus", "jerusalem"]
INJECTS = [
    "t1-news",
    "t1-moscow",
    "t1-tehran",
    "t1-pair",
    "t2-moscow",
    "t2-tehran",
    "deck-a",
    "deck-b",
    "rupture",
    "manual-1",
    None,
]
OPTIONS = ["coop", "push", None]

command = st.one_of(
    st.builds(
        cmd.SubmitDecision,
        st.sampled_from(ROLES),
        st.sampled_from(INJECTS),
        st.sampled_from(OPTIONS),
        st.sampled_from(["", "free action"]),
        st.just("why"),
    ),
    st.builds(
        cmd.AmendDecision,
        st.sampled_from(ROLES),
        st.sampled_from(INJECTS),
        st.sampled_from(OPTIONS),
    ),
    st.builds(cmd.WithdrawDecision, st.sampled_from(ROLES), st.sampled_from(INJECTS)),
    st.builds(cmd.BotDecide, st.sampled_from(ROLES), st.sampled_from(INJECTS[:-1])),
    st.builds(
        lambda ids, deltas, method, pros, cons, aud: cmd.Adjudicate(
            tuple(ids),
            "ruling",
            tuple(deltas),
            method=method,
            pros=tuple(pros),
            cons=tuple(cons),
            fail_deltas=tuple((k, -v) for k, v in deltas),
            audience=tuple(aud),
        ),
        st.lists(
            st.sampled_from([f"{r}:{i}" for r in ROLES for i in INJECTS if i]),
            max_size=3,
            unique=True,
        ),
        st.lists(
            st.tuples(st.sampled_from(["cohesion", "escalation"]), st.integers(-8, 8)), max_size=2
        ),
        st.sampled_from(["rules", "matrix", "estimative", "free"]),
        st.lists(st.just("p"), max_size=3),
        st.lists(st.just("c"), max_size=3),
        st.lists(st.sampled_from(ROLES), max_size=2, unique=True),
    ),
    st.builds(cmd.AdvancePhase, force=st.booleans()),
    st.builds(cmd.ReleaseInject, st.sampled_from(INJECTS[:-1])),
    st.builds(cmd.DrawFromDeck, st.sampled_from(["events", "nope"])),
    st.builds(cmd.MarkRead, st.sampled_from(ROLES), st.sampled_from(INJECTS[:-1])),
    st.builds(cmd.AddObservation, st.sampled_from(["", "note"]), st.sampled_from(["", *ROLES])),
    st.builds(cmd.PauseClock),
    st.builds(cmd.ResumeClock),
    st.builds(
        cmd.SendMessage,
        st.sampled_from(["control", *ROLES]),
        st.sampled_from(["control", "all", *ROLES]),
        st.sampled_from(["", "a message"]),
    ),
    st.builds(
        cmd.ReadMessage, st.sampled_from(["m1", "m2", "m3"]), st.sampled_from(["control", *ROLES])
    ),
    st.builds(cmd.WithdrawRelease, st.sampled_from(INJECTS[:-1])),
    st.builds(cmd.UndoPhase),
    st.builds(cmd.ShowSources, st.booleans()),
    st.builds(cmd.RestartClock),
    st.builds(cmd.VoidRuling, st.sampled_from(["r1", "r2", "r3"]), st.sampled_from(["", "wrong"])),
    st.builds(
        cmd.ShowIndicators,
        st.lists(st.sampled_from(["cohesion", "escalation", "nope"]), max_size=2).map(tuple),
    ),
    # The teams' judgement: confidence on a decision, estimates before an estimative ruling
    # (its odds theirs or the white cell's), an evaluator's rating.
    st.builds(
        cmd.SubmitDecision,
        st.sampled_from(ROLES),
        st.sampled_from(INJECTS),
        st.sampled_from(OPTIONS),
        st.just(""),
        st.just("why"),
        confidence=st.sampled_from([-1, 0, 35, 100, 101]),
    ),
    st.builds(
        cmd.AskEstimates,
        st.lists(
            st.sampled_from([f"{r}:{i}" for r in ROLES for i in INJECTS if i]),
            min_size=1,
            max_size=2,
            unique=True,
        ).map(tuple),
    ),
    st.builds(
        cmd.GiveEstimate,
        st.sampled_from(["e1", "e2", "e9"]),
        st.sampled_from(ROLES),
        st.sampled_from([0, 40, 75, 100, 120]),
        st.sampled_from(["", "they need it"]),
    ),
    # ...and the white cell entering the estimate of a team played in the room.
    st.builds(cmd.SetParticipant, st.sampled_from(ROLES), st.sampled_from(["team", "facilitator"])),
    st.builds(
        cmd.EnterEstimate,
        st.sampled_from(["e1", "e2", "e9"]),
        st.sampled_from(ROLES),
        st.sampled_from([0, 55, 100, 130]),
        st.sampled_from(["", "said in the room"]),
    ),
    st.builds(
        lambda ids, odds: cmd.Adjudicate(tuple(ids), "By the odds", method="estimative", odds=odds),
        st.lists(
            st.sampled_from([f"{r}:{i}" for r in ROLES for i in INJECTS if i]),
            max_size=2,
            unique=True,
        ),
        st.sampled_from([-1, 0, 50, 100, 150]),
    ),
    st.builds(
        cmd.AddObservation,
        st.just("as seen"),
        st.sampled_from(["", "moscow", "damascus"]),
        st.sampled_from(["", "damascus-win"]),
        rating=st.sampled_from(["", "P", "S", "M", "U", "X"]),
        about=st.integers(0, 30),
    ),
)

SETTINGS = settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


def play(world, seed, commands) -> Game:
    g = Game(world, seed=seed)
    for c in commands:
        with contextlib.suppress(Refused):
            g.run(c)
    return g


@SETTINGS
@given(seed=st.integers(0, 2**32), commands=st.lists(command, max_size=40))
def test_replay_equals_live_state(mini_world, seed, commands):
    g = play(mini_world, seed, commands)
    assert g.replay() == g.state


@SETTINGS
@given(seed=st.integers(0, 2**32), commands=st.lists(command, max_size=40))
def test_bounds_always_hold(mini_world, seed, commands):
    g = play(mini_world, seed, commands)
    for ind in g.state.world.scenario.indicators:
        assert ind.min <= g.state.indicators[ind.id] <= ind.max


@SETTINGS
@given(seed=st.integers(0, 2**32), commands=st.lists(command, max_size=40))
def test_visibility_never_leaks(mini_world, seed, commands):
    g = play(mini_world, seed, commands)
    s = g.state
    for role in ROLES:
        for item in view.inbox(s, role):
            assert item.inject.visibility == "public" or role in item.inject.audience
        for d in view.decisions(s, role):
            assert d.role == role
        for r in view.rulings(s, role):
            assert not r.audience or role in r.audience
    # The facilitator sees everything.
    assert len(view.inbox(s, view.FACILITATOR)) == len(s.releases)
    assert len(view.decisions(s, view.FACILITATOR)) == len(s.decisions)
