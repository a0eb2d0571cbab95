"""Snapshots of the observer seat at 80x24 and 120x40: the board once signed in, and the
observation dialog about an event picked in the log (update with --snapshot-update after a
look at the SVGs). Stable as tests/tui/test_snapshots.py: fixed seed, codes and clock, and each
picture taken once what it shows is on screen."""

from __future__ import annotations

import pytest
from textual.widgets import Select

from exercise.tui.internals.table import DataTable
from exercise.tui.observer_app import ObserverApp
from exercise.tui.screens.observer_note import ObserverNoteDialog
from exercise.tui.widgets.event_log import EventLog
from tests.conftest import wait_for, wait_for_screen, wait_for_text
from tests.seated import seated_session
from tests.tui.test_observer import seat
from tests.tui.test_snapshots import SIZES, settled

sizes = pytest.mark.parametrize("size", list(SIZES.values()), ids=list(SIZES))


@pytest.fixture
def seated(tmp_path, mini_world, clock):
    return seated_session(tmp_path / "seated.ttx", mini_world, clock)


@sizes
def test_observer_board(snap_compare, seated, clock, size):
    async def run_before(pilot):
        await seat(pilot)
        await wait_for_text(pilot, "#status", "Turn 1")
        await settled(pilot)

    assert snap_compare(ObserverApp(seated, clock=clock), terminal_size=size, run_before=run_before)


@sizes
def test_observer_note_dialog(snap_compare, seated, clock, size):
    async def run_before(pilot):
        screen = await seat(pilot)
        await pilot.press("5")
        log = screen.query_one(EventLog)
        await wait_for(pilot, lambda: len(log.lines) > 10, what="the log's lines")
        row = next(i for i, line in enumerate(log.lines) if line[2] == "Adjudicated")
        screen.query_one("#log-table", DataTable).move_cursor(row=row)
        await pilot.press("enter")
        dialog = await wait_for_screen(pilot, ObserverNoteDialog)
        dialog.query_one("#role", Select).value = "tehran"
        await settled(pilot)
        dialog.query_one("#objective", Select).value = "tehran-win"
        dialog.query_one("#rating", Select).value = "M"
        await wait_for_text(pilot, "#objective-text", "Win the test exercise")
        await settled(pilot)

    assert snap_compare(ObserverApp(seated, clock=clock), terminal_size=size, run_before=run_before)
