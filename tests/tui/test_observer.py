"""The observer seat in a terminal: its code and nothing else opens it, it shows the whole session
(a ruling told to one team, the teams' messages, every inject), records a rated observation tied
to the event picked in the log, signed with the name given at sign-in, and does nothing else."""

from __future__ import annotations

import pytest
from textual.widgets import Input, Select, TextArea

from exercise.engine import commands as cmd
from exercise.session import Session
from exercise.tui.internals.table import DataTable
from exercise.tui.observer_app import ObserverApp
from exercise.tui.screens.observer import ObserverScreen
from exercise.tui.screens.observer_note import ObserverNoteDialog
from exercise.tui.screens.observer_sign_in import WRONG, ObserverSignInScreen
from exercise.tui.web_auth import JOIN_CLIENT, JOIN_CODE, JOIN_NAME
from tests.conftest import (
    idle,
    log_events,
    notifications,
    wait_for,
    wait_for_event,
    wait_for_screen,
    wait_for_text,
    widget_text,
)
from tests.seated import (
    FACILITATOR_CODE,
    OBSERVER_CODE,
    PRIVATE_RULING,
    TEAM_MESSAGE,
    seated_session,
)

SIZE = (120, 40)
NAME = "Ana Evaluator"


@pytest.fixture
def seated(tmp_path, mini_world, clock):
    return seated_session(tmp_path / "seated.ttx", mini_world, clock)


async def sign_in(pilot, code: str, name: str = NAME) -> None:
    """Type a code and a name and press the button; idle once the answer is on screen."""
    screen = await wait_for_screen(pilot, ObserverSignInScreen)
    screen.query_one("#code", Input).value = code
    screen.query_one("#name", Input).value = name
    await pilot.click("#sign-in")
    await idle(pilot)


async def seat(pilot) -> ObserverScreen:
    """Signed in with the observer's code: the seat, the session on it."""
    await sign_in(pilot, OBSERVER_CODE)
    screen = await wait_for_screen(pilot, ObserverScreen)
    await wait_for_text(pilot, "#status", "Turn ")
    await idle(pilot)
    return screen


async def show_tab(pilot, key: str, tab: str) -> None:
    await pilot.press(key)
    await wait_for(pilot, lambda: pilot.app.screen.active_tab == tab, what=f"the {tab} tab")
    await idle(pilot)


def rows(path) -> int:
    return len(log_events(path))


async def test_only_the_observer_code_opens_the_seat(seated, clock):
    app = ObserverApp(seated, clock=clock)
    before = rows(seated)
    async with app.run_test(size=SIZE) as pilot:
        # a wrong code, a team's, the facilitator's, and near misses
        for code in ("nope", "CODE2", FACILITATOR_CODE, OBSERVER_CODE + "X", "[b]" + OBSERVER_CODE):
            await sign_in(pilot, code)
            assert isinstance(app.screen, ObserverSignInScreen), code
            assert widget_text(app, "#sign-in-error") == WRONG
            assert app.screen.query_one("#code", Input).value == ""  # typed again, from empty
        assert rows(seated) == before  # a refusal writes nothing
        await sign_in(pilot, " obsrv1 ")  # as typed: spaces, lower case
        await wait_for_screen(pilot, ObserverScreen)
    assert rows(seated) == before  # opening the seat is not an event either


@pytest.mark.parametrize(
    "name, why", [("", "Type your name"), ("   ", "Type your name"), ("Facilitator", "white cell")]
)
async def test_the_seat_needs_a_name_of_the_observers_own(seated, clock, name, why):
    app = ObserverApp(seated, clock=clock)
    async with app.run_test(size=SIZE) as pilot:
        await sign_in(pilot, OBSERVER_CODE, name)
        assert isinstance(app.screen, ObserverSignInScreen)
        assert why in widget_text(app, "#sign-in-error")
        assert app.gateway.author == ""


async def test_the_seat_sees_what_the_white_cell_sees(seated, clock):
    app = ObserverApp(seated, clock=clock)
    async with app.run_test(size=SIZE) as pilot:
        screen = await seat(pilot)
        assert "Damascus" in _cells(screen, "#teams")
        await show_tab(pilot, "2", "injects")
        titles = _cells(screen, "#inject-table")
        assert "Test inject t2-moscow" in titles  # not out yet: the observer sees the plan too
        await show_tab(pilot, "3", "decisions")
        assert "Push on" in _cells(screen, "#all-decisions")
        await show_tab(pilot, "4", "rulings")
        rulings = widget_text(app, "#rulings-text")
        assert PRIVATE_RULING in rulings and "told to Tehran" in rulings and "Dice: 2d6" in rulings
        assert TEAM_MESSAGE in widget_text(app, "#messages-text")
        await show_tab(pilot, "5", "log")
        await wait_for(pilot, lambda: len(_log(screen)) > 10, what="the log's lines")
        assert any("Ruling" in line[4] for line in _log(screen))
    assert not log_events(seated, "MessageRead")  # looking at a message marks nothing read


async def test_a_rated_observation_about_the_event_picked_in_the_log(seated, clock):
    app = ObserverApp(seated, clock=clock)
    async with app.run_test(size=SIZE) as pilot:
        screen = await seat(pilot)
        await show_tab(pilot, "5", "log")
        await wait_for(pilot, lambda: len(_log(screen)) > 10, what="the log's lines")
        ruling = next(i for i, line in enumerate(_log(screen)) if line[2] == "Adjudicated")
        seq = _log(screen)[ruling][0]
        screen.query_one("#log-table", DataTable).move_cursor(row=ruling)
        await pilot.press("enter")  # Enter on a log row: an observation about that event
        dialog = await wait_for_screen(pilot, ObserverNoteDialog)
        assert dialog.query_one("#about", Select).value == seq
        dialog.query_one("#role", Select).value = "tehran"
        await idle(pilot)
        dialog.query_one("#objective", Select).value = "tehran-win"
        dialog.query_one("#rating", Select).value = "S"
        dialog.query_one("#kind", Select).value = "strength"
        dialog.query_one("#text", TextArea).text = "Read the withheld air cover as a signal"
        await idle(pilot)
        assert "Win the test exercise" in widget_text(app, "#objective-text")  # shown whole
        await pilot.press("ctrl+s")
        await wait_for_event(pilot, seated, "ObservationAdded")
        await wait_for_screen(pilot, ObserverScreen)
        [note] = log_events(seated, "ObservationAdded")
        assert note["author"] == NAME and note["about"] == seq
        assert (note["role"], note["objective"], note["rating"], note["kind"]) == (
            "tehran",
            "tehran-win",
            "S",
            "strength",
        )
        await wait_for(pilot, lambda: "Saved" in "".join(notifications(app)), what="Saved")
        await show_tab(pilot, "6", "mine")
        mine = widget_text(app, "#mine-text")
        assert "S — performed with some challenges" in mine and f"about event #{seq}" in mine
        assert "Read the withheld air cover as a signal" in mine


async def test_a_rating_is_of_an_objective(seated, clock):
    app = ObserverApp(seated, clock=clock)
    async with app.run_test(size=SIZE) as pilot:
        await seat(pilot)
        await pilot.press("o")  # anywhere: about no particular event
        dialog = await wait_for_screen(pilot, ObserverNoteDialog)
        assert dialog.query_one("#about", Select).value == Select.NULL
        dialog.query_one("#rating", Select).value = "U"
        dialog.query_one("#text", TextArea).text = "Nobody coordinated"
        await pilot.press("ctrl+s")
        await idle(pilot)
        assert isinstance(app.screen, ObserverNoteDialog)
        assert "A rating is of an objective" in widget_text(app, "#error")
        await pilot.press("escape")
        await wait_for_screen(pilot, ObserverScreen)
    assert not log_events(seated, "ObservationAdded")


async def test_no_key_of_the_white_cell_does_anything_here(seated, clock):
    app = ObserverApp(seated, clock=clock)
    before = rows(seated)
    async with app.run_test(size=SIZE) as pilot:
        screen = await seat(pilot)
        for key in "nrdweatpsmuczkxvy":  # every key the facilitator's console acts on, and yes
            await pilot.press(key)
            await idle(pilot)
            assert app.screen is screen, key  # no dialog opened
        assert {b.action for b in screen.BINDINGS} == {
            "observe",
            "help",
            *(f"tab('{t}')" for t in ("board", "injects", "decisions", "rulings", "log", "mine")),
        }
        gateway = app.gateway
        for command in (
            cmd.AdvancePhase(),
            cmd.ReleaseInject("t2-moscow"),
            cmd.ReadMessage("m1", "control"),
            cmd.AddObservation("signed as someone else", author="Someone else"),
            cmd.AddObservation("unsigned"),  # the default author: the facilitator
        ):
            with pytest.raises(PermissionError):
                gateway.observe(command)  # type: ignore[arg-type]
    assert rows(seated) == before


async def test_names_and_notes_are_shown_as_written(seated, clock):
    marked = "[b]Ana[/b] [link=x]y"
    app = ObserverApp(seated, clock=clock)
    async with app.run_test(size=SIZE) as pilot:
        await sign_in(pilot, OBSERVER_CODE, marked)
        await wait_for_screen(pilot, ObserverScreen)
        await pilot.press("o")
        dialog = await wait_for_screen(pilot, ObserverNoteDialog)
        assert marked in widget_text(app, ".title")
        dialog.query_one("#text", TextArea).text = "[red]not red[/] [@click=app.quit]q[/]"
        await pilot.press("ctrl+s")
        await wait_for_event(pilot, seated, "ObservationAdded")
        await wait_for_screen(pilot, ObserverScreen)
        await show_tab(pilot, "6", "mine")
        assert "[red]not red[/] [@click=app.quit]q[/]" in widget_text(app, "#mine-text")
        assert marked in widget_text(app, "#mine .section")
    [note] = log_events(seated, "ObservationAdded")
    assert note["author"] == marked


async def test_what_others_do_reaches_the_seat_without_a_key(seated, clock):
    app = ObserverApp(seated, clock=clock)
    async with app.run_test(size=SIZE) as pilot:
        screen = await seat(pilot)
        await show_tab(pilot, "4", "rulings")
        with Session.open(seated, clock) as s:  # the white cell, in another console
            s.execute(cmd.SendMessage("control", "all", "Stand by for the next turn"))
        await wait_for_text(pilot, "#messages-text", "Stand by for the next turn")
        assert screen.state is not None and screen.state.messages[-1].to == "all"


async def test_served_the_seat_opens_with_the_login_it_was_handed(seated, clock, monkeypatch):
    monkeypatch.setenv(JOIN_CODE, OBSERVER_CODE)
    monkeypatch.setenv(JOIN_CLIENT, "browser 127.0.0.1")
    monkeypatch.setenv(JOIN_NAME, NAME)
    app = ObserverApp(seated, clock=clock)
    async with app.run_test(size=SIZE) as pilot:
        await wait_for_screen(pilot, ObserverScreen)
        assert app.gateway.author == NAME
        assert "Observations by" in widget_text(app, "#mine .section")


async def test_served_a_very_long_marked_up_name_is_cut_to_forty(seated, clock, monkeypatch):
    monkeypatch.setenv(JOIN_CODE, OBSERVER_CODE)
    monkeypatch.setenv(JOIN_NAME, "[b]" + "x" * 5000 + "\x1b[31m")
    app = ObserverApp(seated, clock=clock)
    async with app.run_test(size=SIZE) as pilot:
        await wait_for_screen(pilot, ObserverScreen)
        assert app.gateway.author == "[b]" + "x" * 37
        await pilot.press("o")
        await wait_for_screen(pilot, ObserverNoteDialog)
        assert app.gateway.author in widget_text(app, ".title")


async def test_served_with_a_wrong_code_it_asks_again(seated, clock, monkeypatch):
    monkeypatch.setenv(JOIN_CODE, "CODE2")  # a team's
    monkeypatch.setenv(JOIN_NAME, NAME)
    app = ObserverApp(seated, clock=clock)
    async with app.run_test(size=SIZE) as pilot:
        screen = await wait_for_screen(pilot, ObserverSignInScreen)
        assert WRONG in widget_text(app, "#sign-in-error")
        assert screen.query_one("#name", Input).value == NAME  # only the code to type again


def _cells(screen, selector: str) -> str:
    table = screen.query_one(selector, DataTable)
    return " ".join(str(c) for r in range(table.row_count) for c in table.get_row_at(r))


def _log(screen):
    from exercise.tui.widgets.event_log import EventLog

    return screen.query_one(EventLog).lines
