"""Our DataTable keeps the cells it drew while nothing about them changed: showing its tab again
or moving focus costs no cell drawn again (Textual drew a screenful each time), and what does
change how they look (focus on the cursor, a new theme) is still drawn."""

from __future__ import annotations

from rich.console import Console, ConsoleOptions, RenderResult
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
