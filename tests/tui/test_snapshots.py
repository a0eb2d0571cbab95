"""Snapshots of the key screens at a fixed size (update with --snapshot-update after a look)."""

from exercise.tui.app import FacilitatorApp


async def _loaded(pilot):
    await pilot.pause(0.3)
    await pilot.app.workers.wait_for_complete()
    for _ in range(40):  # the board's chart is mounted just after the first paint
        if pilot.app.screen.query("#board-plot"):
            break
        await pilot.pause(0.05)
    await pilot.pause(0.2)


def test_main_screen(snap_compare, session_file, clock):
    app = FacilitatorApp(".", session=session_file, clock=clock)
    assert snap_compare(app, terminal_size=(120, 40), run_before=_loaded)


def test_main_screen_80x24(snap_compare, session_file, clock):
    app = FacilitatorApp(".", session=session_file, clock=clock)
    assert snap_compare(app, terminal_size=(80, 24), run_before=_loaded)


def test_adjudication_dialog(snap_compare, session_file, clock):
    async def open_dialog(pilot):
        await _loaded(pilot)
        await pilot.press("a")
        await _loaded(pilot)

    app = FacilitatorApp(".", session=session_file, clock=clock)
    assert snap_compare(app, terminal_size=(120, 40), run_before=open_dialog)
