"""The facilitator's code: issued once by a command whose code the caller drew, never a team's."""

import json

import pytest

from exercise.engine import commands as cmd
from exercise.engine import events as ev
from exercise.engine.decide import Refused, decide
from exercise.engine.evolve import fold
from exercise.engine.state import UNSTARTED
from tests.engine.helpers import Game


@pytest.fixture
def game(mini_world):
    return Game(mini_world)  # an old-style session: moscow's code only, none for the facilitator


def test_issue_code_records_the_given_code_and_replays_it(game):
    assert "facilitator" not in game.state.codes
    [e] = game.run(cmd.IssueCode("facilitator", " wxyz23 ", at=1010.0))
    assert e == ev.CodeIssued("facilitator", "WXYZ23", 1010.0)
    assert game.state.codes == {"moscow": "ABC123", "facilitator": "WXYZ23"}
    assert fold(game.events).codes == game.state.codes
    again = ev.from_payload(ev.kind(e), json.loads(json.dumps(ev.to_payload(e))))
    assert again == e


def test_a_second_issue_keeps_the_first_code(game):
    game.run(cmd.IssueCode("facilitator", "WXYZ23"))
    assert game.run(cmd.IssueCode("facilitator", "QQQQQQ")) == []
    assert game.state.codes["facilitator"] == "WXYZ23"


@pytest.mark.parametrize(
    "holder, code, why",
    [
        (
            "moscow",
            "WXYZ23",
            "cannot be issued",
        ),  # a team's code is drawn at the start, never re-issued
        ("someone", "WXYZ23", "cannot be issued"),
        ("facilitator", "  ", "empty"),
        ("facilitator", "abc123", "someone else's"),  # moscow's code: codes must tell holders apart
    ],
)
def test_refused_codes(game, holder, code, why):
    with pytest.raises(Refused, match=why):
        game.run(cmd.IssueCode(holder, code))
    assert "facilitator" not in game.state.codes


def test_issue_code_after_the_end(game):
    game.run(cmd.EndSession())
    [e] = game.run(cmd.IssueCode("facilitator", "WXYZ23"))
    assert isinstance(e, ev.CodeIssued)


def test_the_facilitator_code_joins_no_team(game):
    game.run(cmd.IssueCode("facilitator", "WXYZ23"))
    with pytest.raises(Refused, match="not a team"):
        game.run(cmd.JoinTeam("facilitator", "WXYZ23"))
    [e] = game.run(cmd.JoinTeam("moscow", "WXYZ23"))
    assert isinstance(e, ev.JoinRefused)


def test_start_with_a_facilitator_code(mini_world):
    codes = (("moscow", "ABC123"), ("facilitator", "FAC456"))
    s = fold(decide(UNSTARTED, cmd.StartSession(mini_world, 1, (), codes, at=1000.0)))
    assert s.codes["facilitator"] == "FAC456"
    assert s.participants.keys() == set(
        s.world.played
    )  # the facilitator's code makes no participant
