"""The review console: timeline filters, state at an event, decisions vs history, ledger, findings."""

from textual.widgets import DataTable, Select

from exercise.engine import commands as cmd
from exercise.session import Session
from exercise.session.simulate import simulate_session
from exercise.tui.review_app import ReviewApp


async def settle(pilot, app):
    await pilot.pause(0.3)
    await app.workers.wait_for_complete()
    await pilot.pause()


async def test_review_console(tmp_path, mini_world):
    path = tmp_path / "s.ttx"
    s = simulate_session(mini_world, 7, path)
    s.execute(cmd.AddObservation("Tehran argued well", role="tehran", objective="tehran-win", kind="strength"))
    n_events, n_rulings, n_decisions = s.state.seq, len(s.state.rulings), len(s.state.decisions)
    s.close()
    app = ReviewApp(path)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot, app)
        screen = app.screen
        events = screen.query_one("#events", DataTable)
        assert events.row_count == n_events
        # State at an event: pick the first TurnStarted for turn 2 and check the moment pane
        timeline = screen.timeline
        seq = next(e.seq for e in timeline.entries if e.kind == "TurnStarted" and e.turn == 2)
        events.move_cursor(row=seq - 1)
        await settle(pilot, app)
        assert "Turn 2 of 2" in str(screen.query_one("#moment-text").render())
        assert timeline.state_at(seq) == Session.open(path).state_at(seq)
        # Filters
        screen.query_one("#filter-kind", Select).value = "Adjudicated"
        await settle(pilot, app)
        assert events.row_count == n_rulings
        screen.query_one("#filter-kind", Select).clear()
        screen.query_one("#filter-role", Select).value = "moscow"
        await settle(pilot, app)
        assert 0 < events.row_count < n_events
        # The other panes
        await pilot.press("2")
        await settle(pilot, app)
        assert screen.query_one("#decisions-pane DataTable", DataTable).row_count == n_decisions
        assert "What the real actors did" in str(screen.query_one("#decisions-pane Static").render())
        await pilot.press("3")
        await settle(pilot, app)
        assert screen.query_one("#ledger-pane DataTable", DataTable).row_count == n_rulings
        await pilot.press("5")
        await settle(pilot, app)
        assert "Tehran argued well" in str(screen.query_one("#findings").render())
