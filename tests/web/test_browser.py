"""A real browser signs in to a served team console: the form, then the console with no
join prompt."""

import shutil
from pathlib import Path

import pytest

from tests.web.browser import Page, browse, chromium
from tests.web.png import count_colour
from tests.web.served import start_server, stop_server

pytestmark = pytest.mark.slow
SHOTS = Path("/tmp")  # kept after the run, to be looked at
BLUE = (0, 120, 212)  # the sign-in button's, and the console theme's


def test_browser_signs_in_and_gets_the_team_console(session_file, tmp_path):
    if chromium() is None:
        pytest.skip(
            "Debian's chromium is not installed (apt-get install chromium) — no browser screenshot"
        )
    served = start_server(session_file)
    login_png, console_png = tmp_path / "login.png", tmp_path / "console.png"

    async def script(page: Page):
        await page.record_websockets()
        await page.navigate(served.base + "/team/damascus")
        form = await page.wait_text("Join code", 15)
        await page.screenshot_showing(
            login_png,
            lambda png: count_colour(png, BLUE, tolerance=30) > 500,
            15,
            "the sign-in button drawn",
        )
        await page.evaluate(
            "document.getElementById('code').value = 'code2';"
            "document.getElementById('name').value = 'Rana';"
            "document.querySelector('form').requestSubmit()"
        )
        console = await page.wait_websocket_text("Select a message", 30)
        # The console's theme, not a blank page: xterm draws on its canvas after the bytes arrive.
        await page.screenshot_showing(
            console_png,
            lambda png: count_colour(png, BLUE, tolerance=40) > 500,
            15,
            "the console drawn in its theme",
        )
        cookie_visible = await page.evaluate("document.cookie")
        return form, console, cookie_visible

    try:
        form, console, cookie_visible = browse(script)
    finally:
        stop_server(served)
    for png, name in ((login_png, "ttx-login.png"), (console_png, "ttx-console.png")):
        shutil.copy(png, SHOTS / name)
    assert "Damascus" in form and "Open the console" in form
    assert "Join code" not in console  # no join prompt: the console opened at once
    assert cookie_visible == ""  # HttpOnly: the page's scripts cannot read it


def test_the_rooms_screen_in_a_browser_at_1920x1080(session_file, tmp_path):
    """The projector view behind the facilitator's code, in large type on a full-HD wall."""
    if chromium() is None:
        pytest.skip("Debian's chromium is not installed (apt-get install chromium)")
    from exercise.engine import commands as cmd
    from exercise.session import Session

    with Session.open(session_file) as s:
        s.execute(cmd.ShowIndicators(("cohesion", "escalation")))
    served = start_server(session_file)
    with Session.open(session_file) as s:
        code = s.state.codes["facilitator"]  # the server recorded one as it started
    shot = tmp_path / "screen.png"

    async def script(page: Page):
        await page.record_websockets()
        await page.navigate(served.base + "/screen")
        form = await page.wait_text("Facilitator code", 15)
        await page.evaluate(
            f"document.getElementById('code').value = '{code}';"
            "document.querySelector('form').requestSubmit()"
        )
        # The headings are composed in the first frame; the indicators come with the view's
        # first fill, which may be a later frame on a loaded machine: wait for the data.
        wall = await page.wait_websocket_text("Escalation rung", 30)
        await page.screenshot_showing(
            shot, lambda png: count_colour(png, BLUE, tolerance=40) > 500, 15, "the wall drawn"
        )
        return form, wall

    try:
        form, wall = browse(script, width=1920, height=1080)
    finally:
        stop_server(served)
    shutil.copy(shot, SHOTS / "ttx-screen.png")
    assert "The room" in form
    assert "Released to every team" in wall
    assert "Test inject t1-moscow" not in wall  # nothing private
