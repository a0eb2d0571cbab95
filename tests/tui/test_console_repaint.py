"""The facilitator console repaints only what a new event changes: another process's
observation reaches the log and nothing else; a team's read reaches the teams table, not the
indicators; the clock's tick redraws the clock alone."""

from __future__ import annotations

from collections import Counter

from exercise.engine import commands as cmd
from exercise.session import Session
from exercise.tui.app import FacilitatorApp
from exercise.tui.widgets.indicators import IndicatorTable
from exercise.tui.widgets.status_bar import PhaseClock, StatusBar
from exercise.tui.widgets.teams import TeamsTable
from tests.conftest import idle, wait_for
from tests.tui.test_console import SIZE, opened


def _counting(monkeypatch, painted: Counter) -> None:
    """Count each widget's repaint calls (their public `show`/`update`)."""
    for kind, method in (
        (TeamsTable, "show"),
        (IndicatorTable, "show"),
        (StatusBar, "show"),
        (PhaseClock, "update"),
    ):
        original = getattr(kind, method)

        def counted(self, *args, _original=original, _name=kind.__name__, **kwargs):
            painted[_name] += 1
            return _original(self, *args, **kwargs)

        monkeypatch.setattr(kind, method, counted)


async def _after(pilot, screen, path, command) -> None:
    with Session.open(path) as s:  # another process's console, as far as this one can tell
        s.execute(command)
        seq = s.state.seq
    await wait_for(pilot, lambda: screen.state.seq >= seq, what=f"the console at event {seq}")
    await idle(pilot)


async def test_a_new_event_repaints_only_the_parts_it_changes(session_file, clock, monkeypatch):
    painted: Counter = Counter()
    app = FacilitatorApp(".", session=session_file, clock=clock)
    async with app.run_test(size=SIZE) as pilot:
        screen = await opened(pilot)
        _counting(monkeypatch, painted)
        await _after(pilot, screen, session_file, cmd.AddObservation("a note from the back"))
        assert painted["IndicatorTable"] == painted["StatusBar"] == 0
        assert painted["TeamsTable"] == 0 or screen.gateway.last_seen()  # only the Seen ticker
        await _after(pilot, screen, session_file, cmd.MarkRead("moscow", "t1-news"))
        assert painted["TeamsTable"] >= 1 and painted["IndicatorTable"] == 0
        await _after(pilot, screen, session_file, cmd.PauseClock())
        assert painted["StatusBar"] == 1 and painted["IndicatorTable"] == 0


async def test_the_clock_ticks_alone(session_file, clock, monkeypatch):
    now = [clock.now]  # the session's own time: a clock far from it would be offered a restart
    painted: Counter = Counter()
    app = FacilitatorApp(".", session=session_file, clock=lambda: now[0])
    async with app.run_test(size=SIZE) as pilot:
        await opened(pilot)
        _counting(monkeypatch, painted)
        bar = app.screen.query_one(StatusBar)
        before = bar.text
        for step in range(1, 4):
            now[0] += 1
            bar.tick()
            await idle(pilot)
            assert painted["PhaseClock"] == step
        assert painted["StatusBar"] == 0 and bar.text != before
        bar.tick()  # the same second again: nothing to redraw
        assert painted["PhaseClock"] == 3


async def test_the_consoles_look_out_ends_with_its_screen(session_file, clock):
    app = FacilitatorApp(".", session=session_file, clock=clock)
    async with app.run_test(size=SIZE) as pilot:
        screen = await opened(pilot)
        watching = [w for w in app.workers if w.group == "poll"]
        assert len(watching) == 1 and not screen._stop.is_set()  # one worker for the screen's life
    assert screen._stop.is_set() and watching[0].is_finished


async def test_the_teams_table_is_redrawn_when_a_seen_time_reads_otherwise(
    session_file, clock, monkeypatch
):
    now = [clock.now]
    painted: Counter = Counter()
    app = FacilitatorApp(".", session=session_file, clock=lambda: now[0])
    async with app.run_test(size=SIZE) as pilot:
        screen = await opened(pilot)
        with Session.open(session_file, clock=lambda: now[0]) as s:  # Damascus's console joins
            s.execute(cmd.JoinTeam("damascus", "CODE2"))
            seq = s.state.seq
        await wait_for(pilot, lambda: screen.state.seq >= seq, what="the join on screen")
        await idle(pilot)
        table = app.screen.query_one(TeamsTable)
        _counting(monkeypatch, painted)
        for _ in range(30):  # half a minute of ticks: "now" all along, nothing redrawn
            now[0] += 1
            screen._tick()
        assert painted["TeamsTable"] == 0
        now[0] += 40  # past the minute: Damascus now reads "1m ago", drawn once
        screen._tick()
        screen._tick()
        await idle(pilot)
        assert painted["TeamsTable"] == 1
        assert "1m ago" in str(table.get_row("damascus")[4])


async def test_the_facilitators_own_command_repaints_only_what_it_changes(
    session_file, clock, monkeypatch
):
    painted: Counter = Counter()
    app = FacilitatorApp(".", session=session_file, clock=clock)
    async with app.run_test(size=SIZE) as pilot:
        screen = await opened(pilot)
        _counting(monkeypatch, painted)
        await pilot.press("p")
        await wait_for(pilot, lambda: screen.state.paused, what="the pause on screen")
        await idle(pilot)
        assert painted["StatusBar"] == 1
        assert painted["IndicatorTable"] == painted["TeamsTable"] == 0


async def test_a_command_after_another_consoles_unseen_move_redraws_that_move_too(
    session_file, clock, monkeypatch
):
    app = FacilitatorApp(".", session=session_file, clock=clock)
    async with app.run_test(size=SIZE) as pilot:
        screen = await opened(pilot)
        screen._stop.set()  # this console's look-out is away: the read below is not seen
        await idle(pilot)
        with Session.open(session_file) as s:  # another console: Moscow reads its inject
            s.execute(cmd.MarkRead("moscow", "t1-news"))
        await pilot.press("p")  # folded in under the pause's lock, on the way to the screen
        await wait_for(pilot, lambda: screen.state.paused, what="the pause on screen")
        await idle(pilot)
        row = app.screen.query_one(TeamsTable).get_row("moscow")
        assert str(row[3]).startswith("1/")  # the read shows, though the pause did not touch it
