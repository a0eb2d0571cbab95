"""Our DataTable keeps the cells it drew while nothing about them changed: showing its tab again
or moving focus costs no cell drawn again (Textual drew a screenful each time), and what does
change how they look (focus on the cursor, a new theme) is still drawn."""

from __future__ import annotations

from rich.console import Console, ConsoleOptions, RenderResult
from rich.measure import Measurement
from rich.text import Text
from textual.app import App, ComposeResult
from textual.geometry import Region
from textual.widgets import ContentSwitcher, Static

from exercise.tui.internals.table import DataTable
from tests.conftest import wait_for


class Counted:
    """A cell that counts how often it is drawn."""

    drawn = 0

    def __init__(self, text: str):
        self.text = text

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        Counted.drawn += 1
        yield Text(self.text)


class Tabs(App):
    def compose(self) -> ComposeResult:
        with ContentSwitcher(initial="table"):
            yield DataTable(id="table")
            yield Static("the other tab", id="other")

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        table.add_column("row", width=10)
        for i in range(30):
            table.add_row(Counted(f"row {i}"))

    def show(self, tab: str) -> None:
        self.query_one(ContentSwitcher).current = tab


def cursor_style(app: Tabs) -> str:
    table = app.query_one(DataTable)
    # As the screen paints it: the first row under the header, the cursor's.
    [strip] = table.render_lines(Region(0, 1, table.size.width, 1))
    return str(next(iter(strip)).style)


async def test_showing_a_tab_again_or_moving_focus_draws_no_cell_again():
    app = Tabs()
    async with app.run_test(size=(40, 20)) as pilot:
        await pilot.pause()
        await wait_for(pilot, lambda: Counted.drawn > 0)
        table = app.query_one(DataTable)
        table.focus()
        await pilot.pause()
        first = Counted.drawn
        for _ in range(5):
            app.show("other")
            await pilot.pause()
            app.show("table")
            table.focus()
            await pilot.pause()
        assert Counted.drawn == first


async def test_focus_coming_and_going_draws_no_cell_again_once_each_look_is_drawn():
    """A table is drawn once focused and once not; focus moving away and back (a dialog, a
    tab, the next field) then draws nothing again. Textual's caches hold both looks, but the
    table took the state of its last drawing for its state now and dropped them both."""
    app = Tabs()
    async with app.run_test(size=(40, 20)) as pilot:
        await wait_for(pilot, lambda: Counted.drawn > 0)
        table = app.query_one(DataTable)
        table.focus()
        await pilot.pause()
        table.blur()
        await pilot.pause()
        both = Counted.drawn
        for _ in range(3):
            table.focus()
            await pilot.pause()
            table.blur()
            await pilot.pause()
        assert Counted.drawn == both


async def test_focus_and_a_new_theme_still_change_how_the_cursor_looks():
    app = Tabs()
    async with app.run_test(size=(40, 20)) as pilot:
        table = app.query_one(DataTable)
        table.focus()
        await pilot.pause()
        focused = cursor_style(app)
        table.blur()
        await pilot.pause()
        await wait_for(pilot, lambda: cursor_style(app) != focused, what="the blurred cursor")
        table.focus()
        await pilot.pause()
        await wait_for(pilot, lambda: cursor_style(app) == focused, what="the focused one again")
        app.theme = "textual-light"
        await pilot.pause()
        await wait_for(pilot, lambda: cursor_style(app) != focused, what="the new theme's cursor")


class Measured(Counted):
    """A counted cell as wide as its text, to be measured for an auto-width column."""

    def __rich_measure__(self, console: Console, options: ConsoleOptions) -> Measurement:
        return Measurement(len(self.text), len(self.text))


class Refilled(App):
    """A table of auto-width columns, filled again the way a console refills its inbox."""

    def compose(self) -> ComposeResult:
        yield DataTable(id="table")

    def on_mount(self) -> None:
        self.query_one(DataTable).add_column("row")
        self.fill(["row 1", "row 2", "row 3"])

    def fill(self, texts: list[str]) -> None:
        table = self.query_one(DataTable)
        table.clear()
        for text in texts:
            table.add_row(Measured(text), key=text)


def shown_rows(app: Refilled) -> list[str]:
    table = app.query_one(DataTable)
    lines = table.render_lines(Region(0, 1, table.size.width, table.row_count))
    return ["".join(segment.text for segment in line).strip() for line in lines]


async def test_rows_that_fit_the_columns_are_drawn_once_and_a_wider_one_at_its_width():
    """A new turn's rows measured after they were first drawn: when they widen no column, the
    cells drawn stand (each drawn once); when one does, every row is drawn again, uncut."""
    app = Refilled()
    async with app.run_test(size=(40, 12)) as pilot:
        await wait_for(pilot, lambda: shown_rows(app) == ["row 1", "row 2", "row 3"])
        before = Counted.drawn
        app.fill(["row 4", "row 1", "row 2", "row 3"])
        await wait_for(pilot, lambda: shown_rows(app) == ["row 4", "row 1", "row 2", "row 3"])
        await pilot.pause()
        assert Counted.drawn - before == 4  # each row once: the measuring kept what was drawn
        app.fill(["a much wider row", "row 4"])
        await wait_for(pilot, lambda: shown_rows(app) == ["a much wider row", "row 4"])
