"""The inbox's titles fit its table: a title longer than the room left by the other columns ends
in an ellipsis after a whole word (the preview beside it has the whole title), and is cut anew
when the terminal is resized."""

from __future__ import annotations

from exercise.engine import commands as cmd
from exercise.session import Session
from exercise.tui.internals.table import DataTable
from exercise.tui.team_app import TeamApp
from tests.conftest import idle, wait_for
from tests.tui.test_team import joined
from tests.tui.test_team_briefing import shipped_session


def titles(app) -> list[str]:
    table = app.screen.query_one("#inbox-table", DataTable)
    return [str(table.get_cell_at((row, 3))) for row in range(table.row_count)]


async def test_long_titles_end_in_an_ellipsis_within_the_table_and_are_cut_anew_on_resize(
    tmp_path, clock
):
    path = shipped_session(tmp_path, clock)
    with Session.open(path, clock) as s:
        injects = s.state.world.injects
        whole = [injects[r.inject_id].title for r in s.state.releases]
    app = TeamApp(path, "moscow", "Moscow", clock=clock)
    async with app.run_test(size=(120, 40)) as pilot:
        await joined(pilot, app, "CODE0")
        table = app.screen.query_one("#inbox-table", DataTable)
        shown = titles(app)
        assert any(t.endswith("…") for t in shown)  # the scenario's openers are long
        for title in shown:
            assert title.endswith("…") or title in whole
            assert not title.endswith(" …")  # cut after a word, not before a space
        line = "".join(s.text for s in table.render_line(1)).rstrip()
        assert len(line) <= table.size.width and line.endswith("…")
        await pilot.resize_terminal(80, 24)  # the inbox takes the whole width: room for them all
        await wait_for(pilot, lambda: not any(t.endswith("…") for t in titles(app)))
        assert set(titles(app)) <= set(whole)


async def test_titles_that_came_while_another_tab_showed_fit_when_the_inbox_is_opened(
    tmp_path, clock
):
    """A new turn's injects arrive while the team is deciding: back on the inbox, they are cut
    to the table too (a hidden table is not laid out; the titles were left whole, and cut
    mid-word at its edge)."""
    path = shipped_session(tmp_path, clock)
    app = TeamApp(path, "moscow", "Moscow", clock=clock)
    async with app.run_test(size=(120, 40)) as pilot:
        await joined(pilot, app, "CODE0")
        before = len(titles(app))
        await pilot.press("3")
        await idle(pilot)
        with Session.open(path, clock) as s:
            while s.state.turn == 1:
                s.execute(cmd.AdvancePhase(force=True))
        await wait_for(pilot, lambda: len(titles(app)) > before, what="turn 2's injects")
        await pilot.press("2")
        await idle(pilot)
        table = app.screen.query_one("#inbox-table", DataTable)
        await wait_for(
            pilot,
            lambda: all(len(t) <= table.size.width - 20 for t in titles(app)),
            what=lambda: f"titles that fit {table.size.width} cells: {titles(app)}",
        )
