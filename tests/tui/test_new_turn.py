"""A new turn on a team console: the header says so in the frame it comes in, the inbox's new
messages follow in the next (a room of consoles draws its headers first); a reader keeps their
place in the inbox as the new messages come in above it, and the preview beside it stands."""

from __future__ import annotations

from textual.app import App, ComposeResult
from textual.widget import Widget

from exercise.engine import commands as cmd
from exercise.session import Session
from exercise.tui.internals.table import DataTable
from exercise.tui.team_app import TeamApp
from exercise.tui.team_gateway import TeamGateway
from exercise.tui.widgets.banner import Banner
from exercise.tui.widgets.status_bar import PhaseClock, StatusBar
from exercise.tui.widgets.tables import refill
from tests.conftest import idle, wait_for
from tests.tui.test_team import inbox_ids, joined
from tests.tui.test_team_briefing import shipped_session


def _last_phase_of_turn_one(path, clock) -> None:
    with Session.open(path, clock) as s:
        while s.state.phase < len(s.state.world.scenario.phases) - 1:
            s.execute(cmd.AdvancePhase(force=True))


async def test_the_header_shows_a_new_turn_before_the_inbox_takes_its_messages(tmp_path, clock):
    path = shipped_session(tmp_path, clock)
    app = TeamApp(path, "moscow", "Moscow", clock=clock)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await joined(pilot, app, "CODE0")
        _last_phase_of_turn_one(path, clock)
        await wait_for(pilot, lambda: screen.view is not None and screen.view.phase > 0)
        await idle(pilot)
        table = screen.query_one("#inbox-table", DataTable)
        before = inbox_ids(table)
        with Session.open(path, clock) as s:
            s.execute(cmd.AdvancePhase(force=True))
        other = TeamGateway(path, "moscow", clock)  # what the console's look-out reads
        view = other.load()
        other.close()
        assert view.turn == 2 and len(view.inbox) > len(before)
        screen._show(view, news=True)
        assert "Turn 2 of" in screen.query_one(StatusBar).text
        assert inbox_ids(table) == before  # not yet: the header's frame comes first
        await wait_for(pilot, lambda: len(inbox_ids(table)) == len(view.inbox), what="the inbox")
        assert "Turn 2 of" in screen.query_one(StatusBar).text


async def test_a_reader_keeps_their_place_as_a_new_turns_messages_come_in_above(tmp_path, clock):
    path = shipped_session(tmp_path, clock)
    app = TeamApp(path, "moscow", "Moscow", clock=clock)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await joined(pilot, app, "CODE0")
        table = screen.query_one("#inbox-table", DataTable)
        assert table.row_count >= 2 and screen.view is not None
        unread = screen.view.unread()
        await pilot.press("down", "enter")  # the second message, opened
        reading = inbox_ids(table)[1]
        preview = screen.query_one("#inbox-text")
        await wait_for(pilot, lambda: screen.view is not None and screen.view.unread() < unread)
        shown = str(preview.render())
        with Session.open(path, clock) as s:
            while s.state.turn == 1:
                s.execute(cmd.AdvancePhase(force=True))
        await wait_for(pilot, lambda: len(inbox_ids(table)) > 2 and inbox_ids(table)[1] != reading)
        await idle(pilot)
        assert inbox_ids(table)[table.cursor_row] == reading
        assert str(preview.render()) == shown


class _Alone(App):
    """An app of one widget."""

    def __init__(self, widget: Widget):
        super().__init__()
        self.widget = widget

    def compose(self) -> ComposeResult:
        yield self.widget


async def test_refill_keeps_the_cursor_on_its_row_or_else_on_its_line():
    app = _Alone(DataTable())
    async with app.run_test() as pilot:
        table = app.query_one(DataTable)
        table.add_columns("name")
        refill(table, [(("a",), "a"), (("b",), "b"), (("c",), "c")])
        table.move_cursor(row=1)
        refill(table, [(("x",), "x"), (("y",), "y"), (("a",), "a"), (("b",), "b"), (("c",), "c")])
        await pilot.pause()
        assert table.cursor_row == 3  # still on b
        refill(table, [(("p",), "p"), (("q",), "q"), (("r",), "r"), (("s",), "s")])
        assert table.cursor_row == 3  # b has gone: the same line
        table.move_cursor(row=0)
        refill(table, [(("n",), "n"), *[((k,), k) for k in "pqrs"]])
        assert table.cursor_row == 0  # on the first line (the newest): still on the first


async def test_the_phase_clock_keeps_its_widest_width_so_the_position_beside_it_stays_put():
    app = _Alone(PhaseClock())
    async with app.run_test() as pilot:
        clock = app.query_one(PhaseClock)
        clock.show("Time 10 min left")
        await pilot.pause()
        wide = clock.size.width
        clock.show("Time 9 min left")
        await pilot.pause()
        assert clock.size.width == wide and str(clock.render()).rstrip() == "Time 9 min left"
        clock.show("Paused -10:00 over")
        await pilot.pause()
        assert clock.size.width > wide


async def test_the_inbox_row_a_reader_is_on_stays_in_sight_when_the_terminal_shrinks(
    tmp_path, clock
):
    path = shipped_session(tmp_path, clock)
    with Session.open(path, clock) as s:
        while s.state.turn < 3:
            s.execute(cmd.AdvancePhase(force=True))
    app = TeamApp(path, "moscow", "Moscow", clock=clock)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await joined(pilot, app, "CODE0")
        table = screen.query_one("#inbox-table", DataTable)
        await pilot.press("ctrl+end")  # the oldest message, at the foot of a long inbox
        await wait_for(pilot, lambda: table.cursor_row == table.row_count - 1)
        await pilot.resize_terminal(80, 24)

        def in_sight() -> bool:
            top = round(table.scroll_y)
            return top <= table.cursor_row < top + table.size.height - table.header_height

        await wait_for(pilot, lambda: table.size.height < 20 and in_sight(), what="the cursor")
        assert table.row_count - 1 > table.size.height  # it was out of sight without a scroll


async def test_a_new_turns_banner_fits_an_80_column_terminal_with_its_date(tmp_path, clock):
    path = shipped_session(tmp_path, clock)
    app = TeamApp(path, "moscow", "Moscow", clock=clock)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await joined(pilot, app, "CODE0")
        with Session.open(path, clock) as s:
            while s.state.turn < 4:
                s.execute(cmd.AdvancePhase(force=True))
            date = s.state.world.scenario.turns[3].date
        bar = screen.query_one(StatusBar)
        await wait_for(pilot, lambda: "Turn 4 of 4 begins" in bar.banner, what="the banner")
        said = bar.banner
        assert said.endswith(f"({date}).")  # its date, not the phase the header already names
        assert len(said) <= screen.query_one(Banner).content_size.width
