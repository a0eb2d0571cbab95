"""Injects written in session: checked like any command, kept in the log as content, found by
every later state (a replay and a snapshot too), and read by the teams it is addressed to."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from exercise.engine import commands as cmd
from exercise.engine.adhoc import MAX_BODY, parse_effects
from exercise.engine.constants import MEDIA
from exercise.engine.decide import Refused
from exercise.engine.queries import unreleased
from exercise.engine.state_json import from_json, to_json
from exercise.session.team_view import team_view
from tests.engine.helpers import Game


@pytest.fixture
def game(mini_world) -> Game:
    return Game(mini_world)


def _write(**changes) -> cmd.WriteInject:
    base = dict(
        title="Convoy stopped at the border",
        body="A convoy bound for Deir ez-Zor is held at the crossing.",
        sender="Border liaison",
        medium="cable",
        audience=("tehran",),
        options=(("Send it back", (("cohesion", -1),)), ("Wait a day", ())),
        author="Dana",
        at=1100.0,
    )
    base.update(changes)
    return cmd.WriteInject(**base)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("changes", "why"),
    [
        (dict(title="  "), "needs a title"),
        (dict(body=" \x07\x1b "), "needs a body"),
        (dict(body="x" * (MAX_BODY + 1)), "at most"),
        (dict(sender=""), "needs a sender"),
        (dict(medium="pigeon"), "'pigeon' is not a medium"),
        (dict(audience=("washington",)), "'washington' is not a team"),
        (dict(options=(("", ()),)), "option 1's label"),
        (dict(options=(("Go", (("morale", 1),)),)), "'morale' is not an indicator"),
        (dict(options=(("Go", (("cohesion", 99),)),)), "beyond its range"),
        (dict(options=tuple((f"o{n}", ()) for n in range(7))), "at most 6 options"),
    ],
)
def test_what_the_rules_refuse(game, changes, why):
    before = game.state
    with pytest.raises(Refused, match=why):
        game.run(_write(**changes))
    assert game.state is before


def test_written_released_and_seen_by_its_audience_only(game):
    written, released = game.run(_write())
    inj = written.inject
    assert inj["id"] == "adhoc-1" and inj["visibility"] == "private"
    assert inj["audience"] == ["tehran"] and inj["written_by"] == "Dana"
    assert inj["options"][0] == {"id": "a", "label": "Send it back", "effects": {"cohesion": -1}}
    assert (released.inject_id, released.how) == ("adhoc-1", "written")
    s = game.state
    assert s.world.injects["adhoc-1"].written_by == "Dana"
    assert "adhoc-1" in s.released and "adhoc-1" not in unreleased(s)
    tehran = team_view(s, "tehran")
    assert any(i.inject.id == "adhoc-1" and i.must_decide for i in tehran.inbox)
    assert all(i.inject.id != "adhoc-1" for i in team_view(s, "moscow").inbox)
    # A second one gets the next id; the first is a decision Tehran can take.
    game.run(_write(audience=(), options=(), title="Public statement"))
    assert game.state.world.injects["adhoc-2"].visibility == "public"
    game.run(cmd.SubmitDecision("tehran", "adhoc-1", "a"))


def test_a_replay_and_a_snapshot_hold_it(game):
    game.run(_write())
    replayed = game.replay()
    assert replayed.world.injects["adhoc-1"] == game.state.world.injects["adhoc-1"]
    restored = from_json(json.loads(json.dumps(to_json(game.state))))
    assert restored.world.injects["adhoc-1"].title == "Convoy stopped at the border"


def test_an_undone_release_can_go_out_again(game):
    game.run(_write())
    game.run(cmd.WithdrawRelease("adhoc-1"))
    assert "adhoc-1" in unreleased(game.state)
    game.run(cmd.ReleaseInject("adhoc-1"))
    assert "adhoc-1" in game.state.released


def test_effects_are_parsed_in_plain_words():
    known = ("cohesion", "escalation")
    assert parse_effects("cohesion +1, escalation -2", known) == (
        ("cohesion", 1),
        ("escalation", -2),
    )
    assert parse_effects(" cohesion 1; cohesion +1 ", known) == (("cohesion", 2),)
    assert parse_effects("", known) == ()
    with pytest.raises(Refused, match="'morale \\+1'"):
        parse_effects("morale +1", known)
    with pytest.raises(Refused, match="whole number"):
        parse_effects("cohesion lots", known)


def test_media_are_the_schemas():
    schema = json.loads(Path("exercise/schemas/inject.schema.json").read_text())
    assert tuple(schema["properties"]["medium"]["enum"]) == MEDIA
