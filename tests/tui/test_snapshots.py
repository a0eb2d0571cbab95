"""Snapshots of the consoles and every dialog, at 80x24 and 120x40 (update with --snapshot-update
after a look at the SVGs).

Stable by construction: the session has a fixed seed and a clock that never moves (FixedClock),
its codes are fixed, and each picture is taken only once what it shows is on screen (a dialog
open, the board's chart drawn, a message's body shown), never after a fixed time.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import DataTable, Input, OptionList, Select, TextArea

from exercise.engine import commands as cmd
from exercise.session import Session
from exercise.tui.app import FacilitatorApp
from exercise.tui.review_app import ReviewApp
from exercise.tui.screens.adjudicate import AdjudicateDialog
from exercise.tui.screens.choice import ChoiceDialog
from exercise.tui.screens.confirm import ConfirmDialog
from exercise.tui.screens.decision import DecisionDialog
from exercise.tui.screens.help import HelpScreen
from exercise.tui.screens.join import JoinScreen
from exercise.tui.screens.observation import ObservationDialog
from exercise.tui.screens.review import ReviewScreen
from exercise.tui.screens.setup import SetupDialog
from exercise.tui.screens.team import TeamScreen
from exercise.tui.team_app import TeamApp
from tests.conftest import ROOT, idle, wait_for, wait_for_screen, wait_for_text, widget_text
from tests.tui.test_console import opened

SIZES = {"80x24": (80, 24), "120x40": (120, 40)}
sizes = pytest.mark.parametrize("size", list(SIZES.values()), ids=list(SIZES))


async def settled(pilot) -> None:
    """Every message handled, every worker done, and no cursor blinking: a blinking cursor is
    drawn or not depending on the moment the picture is taken."""
    for field in pilot.app.screen.query("Input, TextArea"):
        field.cursor_blink = False
    await idle(pilot)


def _chart_drawn(app) -> bool:
    """The board's chart is mounted (it joins after the first paint) and drawn, or hidden
    (narrow)."""
    plots = app.screen.query("#board-plot")
    return bool(plots) and (
        not plots.first().display or "cohesion" in widget_text(app, "#board-plot").lower()
    )


async def _loaded(pilot):
    """The console with the session on it, its board complete."""
    await opened(pilot)
    await wait_for(pilot, lambda: _chart_drawn(pilot.app), what="the board's chart")
    await settled(pilot)


def _dialog(key: str, kind: type, then: str = ""):
    """run_before: the console, then `key` pressed and the `kind` of dialog it opens on screen
    (and `then`, text it shows once filled)."""

    async def run_before(pilot):
        await _loaded(pilot)
        await pilot.press(key)
        await wait_for_screen(pilot, kind)
        if then:
            await wait_for(
                pilot, lambda: then in _shown(pilot.app), what=f"{then!r} in the {kind.__name__}"
            )
        await settled(pilot)

    return run_before


def _shown(app) -> str:
    return " ".join(str(w.render()) for w in app.screen.query("Static"))


def test_main_screen(snap_compare, session_file, clock):
    app = FacilitatorApp(".", session=session_file, clock=clock)
    assert snap_compare(app, terminal_size=(120, 40), run_before=_loaded)


def test_main_screen_80x24(snap_compare, session_file, clock):
    app = FacilitatorApp(".", session=session_file, clock=clock)
    assert snap_compare(app, terminal_size=(80, 24), run_before=_loaded)


def test_adjudication_dialog(snap_compare, session_file, clock):
    app = FacilitatorApp(".", session=session_file, clock=clock)
    assert snap_compare(app, terminal_size=(120, 40), run_before=_dialog("a", AdjudicateDialog))


def test_adjudication_dialog_80x24(snap_compare, session_file, clock):
    app = FacilitatorApp(".", session=session_file, clock=clock)
    assert snap_compare(app, terminal_size=(80, 24), run_before=_dialog("a", AdjudicateDialog))


# -- the facilitator console's dialogs ---------------------------------------------------------
DIALOGS = {
    "release": ("r", ChoiceDialog, "must render literally"),  # the highlighted inject's preview
    "draw": ("d", ChoiceDialog, "Draw a card"),
    "decide": ("e", DecisionDialog, "Record a decision"),
    "observe": ("o", ObservationDialog, "Observation"),
    "who_plays": ("t", ChoiceDialog, "Change who plays a role"),
    "end": ("x", ConfirmDialog, "End the session now?"),
    "help": ("f1", HelpScreen, "Facilitator console — keys"),
}


@sizes
@pytest.mark.parametrize("dialog", list(DIALOGS))
def test_console_dialog(snap_compare, session_file, clock, dialog, size):
    app = FacilitatorApp(".", session=session_file, clock=clock)
    assert snap_compare(app, terminal_size=size, run_before=_dialog(*DIALOGS[dialog]))


@sizes
def test_who_plays_a_role_dialog(snap_compare, session_file, clock, size):
    """The second step of 't': how damascus is played."""

    async def run_before(pilot):
        await _dialog("t", ChoiceDialog)(pilot)
        options = pilot.app.screen.query_one(OptionList)
        ids = [options.get_option_at_index(i).id for i in range(options.option_count)]
        options.highlighted = ids.index("damascus")
        await pilot.press("enter")
        await wait_for(
            pilot,
            lambda: "Who plays damascus" in _shown(pilot.app),
            what="the ways to play damascus",
        )
        await settled(pilot)

    app = FacilitatorApp(".", session=session_file, clock=clock)
    assert snap_compare(app, terminal_size=size, run_before=run_before)


@sizes
def test_setup_dialog_of_play_demo(snap_compare, tmp_path, monkeypatch, size):
    """`ttx play demo`: the new session's set-up, over the start screen."""
    monkeypatch.chdir(tmp_path)  # no recent sessions of the user's behind it

    async def run_before(pilot):
        await wait_for_screen(pilot, SetupDialog)
        await settled(pilot)

    app = FacilitatorApp(ROOT, scenario="demo", seed=5, session_file="sessions/demo.ttx")
    assert snap_compare(app, terminal_size=size, run_before=run_before)


# -- the team console ------------------------------------------------------------------------------
async def _joined(pilot) -> TeamScreen:
    await wait_for_screen(pilot, JoinScreen)
    pilot.app.screen.query_one("#code", Input).value = "CODE2"
    await pilot.click("#join")
    screen = await wait_for_screen(pilot, TeamScreen)
    await wait_for(pilot, lambda: screen.view is not None, what="the team's view")
    await settled(pilot)
    return screen


async def _inbox_with_an_inject(pilot):
    screen = await _joined(pilot)
    inbox = screen.query_one("#inbox-table", DataTable)
    ids = [inbox.coordinate_to_cell_key((r, 0)).row_key.value for r in range(inbox.row_count)]
    inbox.focus()
    inbox.move_cursor(row=ids.index("t1-pair"))
    await pilot.press("enter")
    await wait_for_text(pilot, "#inbox-text", "must render literally: t1-pair")
    await wait_for(pilot, lambda: screen.view.unread() == 1, what="t1-pair read")
    await settled(pilot)


async def _decide_dialog(pilot):
    screen = await _joined(pilot)
    await pilot.press("3")
    await wait_for(
        pilot, lambda: screen.query_one("#team-tabs").active == "decide", what="the Decide tab"
    )
    screen.query_one("#decide-inject", Select).value = "t1-pair"
    await settled(pilot)
    screen.query_one("#options").focus()
    await pilot.press("enter")
    screen.query_one("#decide-rationale", TextArea).text = "Stay close to Moscow"
    screen.query_one(
        "#submit"
    ).focus()  # scrolled into sight, as a keyboard user reaches it at 80x24
    await pilot.press("enter")
    await wait_for_screen(pilot, ConfirmDialog)
    await wait_for(
        pilot, lambda: "Stay close to Moscow" in _shown(pilot.app), what="the decision quoted"
    )
    await settled(pilot)


@sizes
def test_team_console_inbox(snap_compare, session_file, clock, size):
    app = TeamApp(session_file, "damascus", "Damascus", clock=clock)
    assert snap_compare(app, terminal_size=size, run_before=_inbox_with_an_inject)


@sizes
def test_team_console_decide_dialog(snap_compare, session_file, clock, size):
    app = TeamApp(session_file, "damascus", "Damascus", clock=clock)
    assert snap_compare(app, terminal_size=size, run_before=_decide_dialog)


# -- the review console ----------------------------------------------------------------------------
@pytest.fixture
def played(session_file: Path, clock) -> Path:
    """Turn 1 played at the fixed clock: a release, decisions, a matrix ruling, a note."""
    with Session.open(session_file, clock) as s:
        s.execute(cmd.ReleaseInject("manual-1"))
        s.execute(cmd.SubmitDecision("moscow", "t1-moscow", "coop", rationale="Keep Tehran close"))
        s.execute(cmd.SubmitDecision("tehran", "t1-tehran", "push", rationale="Push for victory"))
        s.execute(
            cmd.Adjudicate(
                ("moscow:t1-moscow", "tehran:t1-tehran"),
                "The partners pull apart",
                deltas=(("cohesion", -1),),
                method="matrix",
                pros=("air power",),
                cons=("diverging aims",),
            )
        )
        s.execute(
            cmd.AddObservation("Tehran named its red line early", role="tehran", kind="strength")
        )
    return session_file


@sizes
def test_review_console(snap_compare, played, size):
    async def run_before(pilot):
        await wait_for_screen(pilot, ReviewScreen)
        await wait_for_text(pilot, "#review-title", "Review: ")
        await wait_for(
            pilot, lambda: widget_text(pilot.app, "#moment-text"), what="the moment pane"
        )
        await settled(pilot)

    assert snap_compare(ReviewApp(played), terminal_size=size, run_before=run_before)


# -- the projector view ----------------------------------------------------------------------------
@sizes
def test_room_screen(snap_compare, played, clock, size):
    """A public inject and a public matrix ruling with its dice, two indicators shown."""
    from exercise.tui.room_app import RoomApp

    with Session.open(played, clock) as s:
        s.execute(cmd.ShowIndicators(("cohesion", "escalation")))

    async def run_before(pilot):
        await wait_for_text(pilot, "#rulings", "Dice: 2d6")
        await wait_for_text(pilot, "#indicators", "Escalation rung")
        await settled(pilot)

    assert snap_compare(RoomApp(played, clock=clock), terminal_size=size, run_before=run_before)
