"""The review console: timeline filters, state at an event, decisions vs history, ledger,
findings."""

from textual.widgets import DataTable, Select

from exercise.engine import commands as cmd
from exercise.session import Session
from exercise.session.simulate import simulate_session
from exercise.tui.review_app import ReviewApp
from exercise.tui.screens.review import ReviewScreen
from tests.conftest import idle, wait_for, wait_for_screen, wait_for_text


async def reviewing(pilot) -> ReviewScreen:
    """The review console is up with the whole session loaded into it."""
    screen = await wait_for_screen(pilot, ReviewScreen)
    await wait_for_text(pilot, "#review-title", "Review: ")
    await idle(pilot)
    return screen


async def shown(pilot, tab: str) -> None:
    tabs = pilot.app.screen.query_one("#review-tabs")
    await wait_for(
        pilot, lambda: tabs.active == tab, what=lambda: f"the {tab} tab (now {tabs.active})"
    )
    await idle(pilot)


async def test_review_console(tmp_path, mini_world):
    path = tmp_path / "s.ttx"
    s = simulate_session(mini_world, 7, path)
    s.execute(
        cmd.AddObservation(
            "Tehran argued well", role="tehran", objective="tehran-win", kind="strength"
        )
    )
    n_events, n_rulings, n_decisions = s.state.seq, len(s.state.rulings), len(s.state.decisions)
    s.close()
    app = ReviewApp(path)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await reviewing(pilot)
        events = screen.query_one("#events", DataTable)
        assert events.row_count == n_events
        # State at an event: pick the first TurnStarted for turn 2 and check the moment pane
        timeline = screen.timeline
        seq = next(e.seq for e in timeline.entries if e.kind == "TurnStarted" and e.turn == 2)
        events.move_cursor(row=seq - 1)
        await wait_for_text(pilot, "#moment-text", "Turn 2 of 2")
        assert timeline.state_at(seq) == Session.open(path).state_at(seq)
        # Filters
        screen.query_one("#filter-kind", Select).value = "Adjudicated"
        await wait_for(
            pilot,
            lambda: events.row_count == n_rulings,
            what=lambda: f"{n_rulings} rulings listed (there are {events.row_count} rows)",
        )
        screen.query_one("#filter-kind", Select).clear()
        screen.query_one("#filter-role", Select).value = "moscow"
        await wait_for(pilot, lambda: 0 < events.row_count < n_events, what="moscow's events only")
        await idle(pilot)
        assert 0 < events.row_count < n_events
        # The other panes
        await pilot.press("2")
        await shown(pilot, "review-decisions")
        assert screen.query_one("#decisions-pane DataTable", DataTable).row_count == n_decisions
        assert "What the real actors did" in str(
            screen.query_one("#decisions-pane Static").render()
        )
        await pilot.press("3")
        await shown(pilot, "review-ledger")
        assert screen.query_one("#ledger-pane DataTable", DataTable).row_count == n_rulings
        await pilot.press("5")
        await shown(pilot, "review-observations")
        assert "Tehran argued well" in str(screen.query_one("#findings").render())
