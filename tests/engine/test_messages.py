"""Messages between the white cell and the teams: who may write to whom, each reading an event
of its own, and a team seeing only its own conversation."""

from __future__ import annotations

import pytest

from exercise.engine import commands as cmd
from exercise.engine.decide import Refused
from exercise.engine.messages import MAX_TEXT, unread_for
from exercise.engine.state_json import from_json, to_json
from exercise.session.team_view import team_view
from tests.engine.helpers import Game


@pytest.fixture
def game(mini_world) -> Game:
    return Game(mini_world)


@pytest.mark.parametrize(
    ("command", "why"),
    [
        (cmd.SendMessage("control", "nope", "hello"), "'nope' is not a team"),
        (cmd.SendMessage("control", "moscow", "   "), "needs a text"),
        (cmd.SendMessage("control", "moscow", "x" * (MAX_TEXT + 1)), "at most"),
        (cmd.SendMessage("moscow", "tehran", "psst"), "to the white cell only"),
        (cmd.SendMessage("moscow", "all", "psst"), "to the white cell only"),
        (cmd.SendMessage("washington", "control", "hi"), "'washington' is not a team"),
        (cmd.ReadMessage("m9", "moscow"), "has no message"),
    ],
)
def test_what_the_rules_refuse(game, command, why):
    with pytest.raises(Refused, match=why):
        game.run(command)
    assert game.state.messages == ()


def test_a_conversation_with_its_readings(game):
    [sent] = game.run(cmd.SendMessage("control", "all", " The talks resume at noon. "))
    assert (sent.message_id, sent.text, sent.turn) == ("m1", "The talks resume at noon.", 1)
    game.run(cmd.SendMessage("control", "damascus", "Your ambassador is recalled."))
    game.run(cmd.SendMessage("moscow", "control", "Does Tehran know?", author="Olga"))
    s = game.state
    assert [m.message_id for m in unread_for(s, "moscow")] == ["m1"]
    assert [m.message_id for m in unread_for(s, "damascus")] == ["m1", "m2"]
    assert [m.message_id for m in unread_for(s, "control")] == ["m3"]
    with pytest.raises(Refused):
        game.run(cmd.ReadMessage("m2", "moscow"))  # not Moscow's to read
    assert len(game.run(cmd.ReadMessage("m1", "moscow"))) == 1
    assert game.run(cmd.ReadMessage("m1", "moscow")) == []  # read already: nothing new
    game.run(cmd.ReadMessage("m3", "control"))
    moscow = team_view(game.state, "moscow").messages
    assert [(m.message_id, m.mine, m.read) for m in moscow] == [
        ("m1", False, True),
        ("m3", True, True),
    ]
    damascus = team_view(game.state, "damascus")
    assert [m.message_id for m in damascus.unread_messages()] == ["m1", "m2"]
    assert "Does Tehran know?" not in repr(damascus)  # another team's conversation
    assert from_json(to_json(game.state)) == game.state
    assert game.replay() == game.state


def test_messages_still_reach_a_team_but_none_is_sent_after_the_end(game):
    game.run(cmd.SendMessage("control", "moscow", "Stand by."))
    game.run(cmd.EndSession())
    with pytest.raises(Refused, match="ended"):
        game.run(cmd.SendMessage("control", "moscow", "Too late."))
    assert len(game.run(cmd.ReadMessage("m1", "moscow"))) == 1  # reading it afterwards is kept


def test_control_characters_never_reach_another_console(game):
    [sent] = game.run(cmd.SendMessage("moscow", "control", "Hi\x1b[2J\x07 there\nand \u202ethis"))
    assert sent.text == "Hi[2J there\nand this"
    with pytest.raises(Refused, match="needs a text"):
        game.run(cmd.SendMessage("moscow", "control", "\x1b\x00\x07"))
