"""`ttx play` with no arguments: scenarios and recent sessions; start one from the keyboard."""

from textual.widgets import DataTable, Input

from exercise.session import Session
from exercise.tui.app import FacilitatorApp
from exercise.tui.screens.console import FacilitatorScreen
from exercise.tui.screens.setup import SetupDialog
from exercise.tui.screens.start import StartScreen
from tests.conftest import ROOT, idle, notifications, wait_for, wait_for_screen, wait_for_text


async def listed(pilot, scenarios: int) -> StartScreen:
    """The start screen lists the scenarios (and the recent sessions, read with them)."""
    screen = await wait_for_screen(pilot, StartScreen)
    table = screen.query_one("#scenarios", DataTable)
    await wait_for(
        pilot,
        lambda: table.row_count == scenarios,
        what=lambda: f"{scenarios} scenarios listed (there are {table.row_count})",
    )
    await idle(pilot)
    return screen


async def test_start_screen_lists_scenarios_and_starts_one(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state"))
    monkeypatch.chdir(tmp_path)
    app = FacilitatorApp(ROOT)
    async with app.run_test(size=(120, 40)) as pilot:
        await listed(pilot, 7)
        table = app.screen.query_one("#scenarios", DataTable)
        ids = [table.coordinate_to_cell_key((r, 0)).row_key.value for r in range(table.row_count)]
        assert ids[0] == "demo" and set(ids) == {
            "demo",
            "intervention",
            "aleppo-astana",
            "succession",
            "southern-front",
            "collapse",
            "stalemate",
        }
        assert "90 min" in str(table.get_row_at(0)[2])
        await pilot.press("enter")
        await wait_for_screen(pilot, SetupDialog)
        app.screen.query_one("#path", Input).value = str(tmp_path / "demo.ttx")
        app.screen.query_one("#seed", Input).value = "5"
        await pilot.press("ctrl+s")
        await wait_for_screen(pilot, FacilitatorScreen)
        await wait_for_text(pilot, "#status", "Turn 1 of")
        s = Session.open(tmp_path / "demo.ttx")
        assert s.state.world.scenario.id == "demo" and s.state.seed == 5
        assert set(s.state.participants.values()) == {"team"}
        s.close()
    # the new session is offered for resuming next time
    app = FacilitatorApp(ROOT)
    async with app.run_test(size=(120, 40)) as pilot:
        await listed(pilot, 7)
        recent = app.screen.query_one("#recent", DataTable)
        assert recent.row_count >= 1
        assert recent.coordinate_to_cell_key((0, 0)).row_key.value.endswith("demo.ttx")


async def test_scenarios_are_listed_at_once_and_content_problems_follow(
    mini_copy, tmp_path, monkeypatch
):
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state"))
    monkeypatch.chdir(tmp_path)
    broken = mini_copy / "injects" / "t1-news.yaml"
    broken.write_text(broken.read_text().replace("title:", "titel:", 1))
    app = FacilitatorApp(mini_copy)
    async with app.run_test(size=(120, 40)) as pilot:
        await listed(pilot, 1)
        table = app.screen.query_one("#scenarios", DataTable)
        assert table.coordinate_to_cell_key((0, 0)).row_key.value == "mini"
        problems = await wait_for_text(
            pilot, "#problems", "content problem"
        )  # the full check follows the list
        assert "t1-news.yaml:1:1: missing required key 'title'" in problems
        await pilot.press("enter")  # starting it is refused: the content does not validate
        await wait_for_screen(pilot, SetupDialog)
        app.screen.query_one("#path", Input).value = str(tmp_path / "mini.ttx")
        await pilot.press("ctrl+s")
        await wait_for(
            pilot,
            lambda: any("Could not start" in m for m in notifications(app)),
            what=lambda: f"the refusal (said: {notifications(app)})",
        )
        await idle(pilot)
        assert not (tmp_path / "mini.ttx").exists()
        assert not isinstance(app.screen, FacilitatorScreen)


async def test_a_scenario_named_on_the_command_line_with_broken_content_says_so_at_once(
    mini_copy, tmp_path, monkeypatch
):
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state"))
    monkeypatch.chdir(tmp_path)
    broken = mini_copy / "roles" / "tehran.yaml"
    broken.write_text(broken.read_text() + "\nsurprise: 1\n")
    app = FacilitatorApp(mini_copy, scenario="mini")
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for_screen(
            pilot, SetupDialog
        )  # opened from the scenario file alone; the full check follows
        await wait_for(
            pilot,
            lambda: any("'mini' cannot start" in m for m in notifications(app)),
            what=lambda: f"the content problem said (said: {notifications(app)})",
        )
        said = notifications(app)
        assert any(
            "'mini' cannot start" in m and "tehran.yaml" in m and "surprise" in m for m in said
        )
        await pilot.press("escape")  # cancelled: the start screen behind it fills in
        await listed(pilot, 1)
        await wait_for_text(pilot, "#problems", "content problem")
