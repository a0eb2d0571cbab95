"""The room's view (the projector's) holds what every team may see and nothing more: no private
inject, no private ruling, no facilitator note, only the indicators the facilitator shows."""

from __future__ import annotations

import contextlib
from dataclasses import replace

from hypothesis import given
from hypothesis import strategies as st

from exercise.content.model import Expected, History, Inject, Option, Trigger
from exercise.engine import commands as cmd
from exercise.engine.autoplay import MemoryDriver, play_turn
from exercise.engine.decide import Refused
from exercise.engine.evolve import evolve
from exercise.engine.news import concerns_room
from exercise.engine.state import UNSTARTED, Ruling
from exercise.session.narrate import describe
from exercise.session.public_view import public_view
from tests.engine.helpers import Game
from tests.engine.test_properties import SETTINGS, command, play
from tests.session.test_team_view import HIDDEN, _field_names, _walk


@SETTINGS
@given(seed=st.integers(0, 2**32), commands=st.lists(command, max_size=30))
def test_the_room_sees_only_what_is_public(mini_world, seed, commands):
    g = play(mini_world, seed, commands)
    s = g.state
    view = public_view(s)
    for obj in _walk(view.injects + view.rulings + view.indicators):
        assert not isinstance(obj, (Inject, Option, History, Expected, Trigger, Ruling)), type(obj)
        assert not _field_names(obj) & (HIDDEN | {"sources"}), type(obj).__name__
    public = [
        s.world.injects[r.inject_id]
        for r in reversed(s.releases)
        if s.world.injects[r.inject_id].visibility == "public"
    ]
    assert [i.title for i in view.injects] == [i.title for i in public]
    assert all(r.public for r in view.rulings)
    assert [r.narrative for r in view.rulings] == [
        r.narrative for r in reversed(s.rulings) if not r.audience
    ]
    assert [i.id for i in view.indicators] == [
        i.id for i in s.world.scenario.indicators if i.id in s.shown
    ]
    text = repr(view)
    for inj in s.world.injects.values():
        if inj.id not in s.released or inj.visibility != "public":
            assert f"'{inj.title}'" not in text, inj.id  # not even its title
        if inj.facilitator_notes:
            assert inj.facilitator_notes not in text
        if inj.history:
            assert inj.history.text not in text


def test_a_private_ruling_and_a_private_inject_stay_off_the_wall(mini_world):
    g = Game(mini_world)
    g.run(cmd.AdvancePhase(force=True))  # turn 1's injects: t1-news public, t1-moscow private
    g.run(
        cmd.SubmitDecision("moscow", "t1-moscow", g.state.world.injects["t1-moscow"].options[0].id)
    )
    g.run(cmd.Adjudicate(("moscow:t1-moscow",), "Only Moscow hears this.", audience=("moscow",)))
    g.run(cmd.AddObservation("Moscow hedged: raise it in the hot wash."))
    view = public_view(g.state)
    assert [i.title for i in view.injects] == [g.state.world.injects["t1-news"].title]
    assert view.rulings == () and view.indicators == ()
    assert "Only Moscow" not in repr(view) and "hot wash" not in repr(view)


def test_the_facilitator_chooses_which_indicators_the_room_sees(mini_world):
    g = Game(mini_world)
    with contextlib.suppress(Refused):
        g.run(cmd.ShowIndicators(("nope",)))
    assert g.state.shown == ()
    [event] = g.run(cmd.ShowIndicators(("escalation", "cohesion", "cohesion")))
    assert g.state.shown == ("cohesion", "escalation")  # the scenario's order, each once
    assert describe(event, g.state) == "The screen and the teams now see Cohesion, Escalation rung"
    try:
        g.run(cmd.ShowIndicators(("cohesion", "escalation")))
        raise AssertionError("showing the same again is refused")
    except Refused as exc:
        assert "already shows" in str(exc)
    view = public_view(g.state)
    assert [(i.label, i.value, i.min, i.max) for i in view.indicators] == [
        ("Cohesion", 5, 0, 10),
        ("Escalation rung", 1, 0, 6),
    ]
    g.run(cmd.EndSession())
    [event] = g.run(cmd.ShowIndicators(()))  # after the end too: the hot wash shows all, or none
    assert g.state.shown == () and "no indicators" in describe(event, g.state)


def _session_events(world: dict, seed: int, shows: list[tuple[str, ...]]) -> list:
    participants = tuple((r, "bot") for r in ("moscow", "tehran", "damascus", "jerusalem"))
    driver = MemoryDriver(cmd.StartSession(world, seed, participants))
    for ids in shows:
        if driver.state.ended:
            break
        with contextlib.suppress(Refused):
            driver.execute(cmd.ShowIndicators(ids))
        driver.execute(cmd.AddObservation("a note the room never sees"))
        play_turn(driver)
    return driver.events


SHOWS = st.lists(
    st.lists(st.sampled_from(["cohesion", "escalation"]), max_size=2).map(tuple),
    min_size=1,
    max_size=4,
)


@SETTINGS
@given(seed=st.integers(0, 10_000), shows=SHOWS)
def test_an_event_that_does_not_concern_the_room_leaves_its_view_as_it_was(mini_world, seed, shows):
    state = UNSTARTED
    skipped = 0
    for event in _session_events(mini_world, seed, shows):
        before = state
        state = evolve(state, event)
        if before is UNSTARTED or concerns_room(event, state):
            continue
        skipped += 1
        assert replace(public_view(before), seq=state.seq) == public_view(state), type(event)
    assert skipped  # the bots' decisions and the notes cost the screen nothing
