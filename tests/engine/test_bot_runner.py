"""The bot runner skips its look while nothing the bots read has changed: whatever the commands,
the events are the ones a look after every command would give."""

import contextlib

from hypothesis import given
from hypothesis import strategies as st

from exercise.engine import commands as cmd
from exercise.engine.autoplay import BotRunner, bots_decide
from exercise.engine.decide import Refused
from tests.engine.helpers import Game
from tests.engine.test_properties import ROLES, SETTINGS, command

modes = st.lists(st.sampled_from(["bot", "team", "facilitator"]), min_size=4, max_size=4)
# ...and a role handed back to a bot, which gives the bots work of their own.
commands = st.lists(
    st.one_of(command, st.builds(cmd.SetParticipant, st.sampled_from(ROLES), st.just("bot"))),
    max_size=40,
)


def _guarded(world: dict) -> dict:
    """The mini world with every option open only while a condition holds: cohesion high for
    one, a flag raised (or not) for the other, so that rulings open and close what bots may
    choose."""
    guards = (
        [{"indicator": "cohesion", "op": ">=", "value": 6}],
        [{"flag": "t1-tehran-coop"}, {"indicator": "escalation", "op": "<", "value": 3}],
    )
    injects = []
    for inject in world["injects"]:
        options = [
            {**option, "requires": guards[n % 2]}
            for n, option in enumerate(inject.get("options", []))
        ]
        injects.append({**inject, "options": options} if options else inject)
    return {**world, "injects": injects}


def _events(world, seed, roles, commands, runner) -> list:
    g = Game(world, seed=seed, participants=tuple(zip(ROLES, roles, strict=True)))
    runner(lambda: g.state, g.run)
    for c in commands:
        with contextlib.suppress(Refused):
            g.run(c)
        runner(lambda: g.state, g.run)
    return g.events


@SETTINGS
@given(seed=st.integers(0, 2**32), roles=modes, commands=commands, guarded=st.booleans())
def test_skipping_the_bots_look_changes_no_event(mini_world, seed, roles, commands, guarded):
    world = _guarded(mini_world) if guarded else mini_world
    every_time = _events(world, seed, roles, commands, bots_decide)
    assert _events(world, seed, roles, commands, BotRunner()) == every_time


def test_a_note_costs_the_bots_no_look(mini_world, monkeypatch):
    from exercise.engine import autoplay

    looks = []
    original = autoplay.bots_decide
    monkeypatch.setattr(
        autoplay, "bots_decide", lambda *a, **k: looks.append(1) or original(*a, **k)
    )
    g = Game(mini_world, seed=2, participants=tuple((r, "bot") for r in ROLES))
    runner = BotRunner()
    runner(lambda: g.state, g.run)
    assert len(looks) == 1
    for c in (cmd.AddObservation("note"), cmd.PauseClock(), cmd.ResumeClock()):
        g.run(c)
        runner(lambda: g.state, g.run)
    assert len(looks) == 1
    while g.state.turn == 1:  # a phase inside the turn changes nothing bots read, a new turn does
        g.run(cmd.AdvancePhase(force=True))
        runner(lambda: g.state, g.run)
    assert len(looks) == 2


def test_a_bot_refused_while_its_options_were_closed_decides_once_a_ruling_opens_one(mini_world):
    g = Game(_guarded(mini_world), seed=4, participants=tuple((r, "bot") for r in ROLES))
    runner = BotRunner()
    runner(lambda: g.state, g.run)
    assert not g.state.decisions  # cohesion 5: every option is closed
    g.run(cmd.AddObservation("note"))
    assert runner(lambda: g.state, g.run) == []
    g.run(cmd.Adjudicate((), "The partners close ranks", (("cohesion", 2),)))
    decided = runner(lambda: g.state, g.run)
    assert decided and {e.option_id for e in decided} == {"coop"}
