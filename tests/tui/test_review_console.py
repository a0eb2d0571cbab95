"""The review console: timeline filters, state at an event, decisions vs history, ledger,
findings."""

from textual.widgets import DataTable, Select

from exercise.engine import commands as cmd
from exercise.session import Session
from exercise.session.simulate import simulate_session
from exercise.tui.review_app import ReviewApp
from exercise.tui.screens.review import ReviewScreen
from tests.conftest import idle, wait_for, wait_for_screen, wait_for_text


def assert_sized(table: DataTable) -> None:
    """The columns were sized for every row before the first were painted: as wide as the table
    measured them all to be once it had them, so the later rows moved nothing."""
    columns = table.ordered_columns
    assert [c.width for c in columns] == [c.content_width for c in columns]
    assert not any(c.auto_width for c in columns)


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


async def test_review_console(tmp_path, mini_world, monkeypatch):
    from exercise.tui.screens import review

    monkeypatch.setattr(review, "FIRST", 5)  # this short log painted in two steps too
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
        assert events.row_count == n_events > 5
        assert events.cursor_row == n_events - 1  # on the last event, as the first step left it
        assert_sized(events)
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


async def test_the_review_describes_only_the_rows_it_shows(tmp_path, mini_world, monkeypatch):
    from exercise.session import timeline as timeline_module
    from exercise.tui.screens import review

    path = tmp_path / "s.ttx"
    simulate_session(mini_world, 7, path).close()
    monkeypatch.setattr(review, "SHOWN", 10)
    described = []
    real = timeline_module.describe_row
    monkeypatch.setattr(
        timeline_module, "describe_row", lambda row, s: described.append(row.seq) or real(row, s)
    )
    async with ReviewApp(path).run_test(size=(120, 40)) as pilot:
        screen = await reviewing(pilot)
        events = screen.query_one("#events", DataTable)
        n = len(screen.timeline)
        assert n > 10 and events.row_count == 10
        assert sorted(described) == list(range(n - 9, n + 1))  # the newest ten, each once
        assert events.get_row_at(9)[0].plain == str(n)
        await wait_for_text(pilot, "#moment-text", "Turn 2 of 2")  # the last event's moment
        assert_sized(events)
        screen.query_one("#filter-kind", Select).value = "DecisionSubmitted"
        decisions = [e.seq for e in screen.timeline.entries if e.kind == "DecisionSubmitted"][-10:]
        await wait_for(
            pilot,
            lambda: (
                [int(events.get_row_at(i)[0].plain) for i in range(events.row_count)] == decisions
            ),
            what="the newest ten decisions",
        )
