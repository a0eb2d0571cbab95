"""`l` on the Injects tab: the highlighted inject exactly as each team that receives it reads it
now, with nothing a team may not see (history, expected actions, notes, effects)."""

from __future__ import annotations

from textual.widgets import DataTable, OptionList, Static

from exercise.tui.app import FacilitatorApp
from exercise.tui.screens.choice import ChoiceDialog
from tests.conftest import notifications, wait_for, wait_for_screen
from tests.tui.test_console import opened


def _preview(app) -> str:
    return str(app.screen.query_one("#preview", Static).render())


async def test_an_inject_as_its_team_reads_it(session_file, clock):
    app = FacilitatorApp(".", session=session_file, clock=clock)
    async with app.run_test(size=(120, 40)) as pilot:
        await opened(pilot)
        await pilot.press("l")
        await wait_for(pilot, lambda: any("Injects tab" in n for n in notifications(app)))
        await pilot.press("2")
        await wait_for(pilot, lambda: bool(app.screen.query("#inject-table")))
        table = app.screen.query_one("#inject-table", DataTable)
        await wait_for(pilot, lambda: table.row_count > 0, what="the injects")
        row = next(i for i in range(table.row_count) if "t1-moscow" in str(table.get_row_at(i)[2]))
        table.move_cursor(row=row)
        await pilot.pause()
        await pilot.press("l")
        await wait_for_screen(pilot, ChoiceDialog)
        readers = app.screen.query_one(OptionList)
        assert [readers.get_option_at_index(i).id for i in range(readers.option_count)] == [
            "moscow"
        ]  # a private inject: its audience only
        await wait_for(pilot, lambda: "Test inject t1-moscow" in _preview(app), what="preview")
        text = _preview(app)
        assert "[bold]markup[/bold]" in text  # the body as written, not as markup
        assert "Cooperate with the partner" in text
        for hidden in ("What the real actor did", "Cooperate.", "cohesion"):
            assert hidden not in text
        await pilot.press("escape")
        await wait_for(pilot, lambda: not isinstance(app.screen, ChoiceDialog))
