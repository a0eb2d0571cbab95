"""Messages both ways, as the consoles make them: the white cell writes to a team (`m`), the team
reads it on its Messages tab (5) and answers, the facilitator is told and reads it; every step
is in the log before the screen says so."""

from __future__ import annotations

from textual.widgets import Select, TextArea

from exercise.engine import commands as cmd
from exercise.session import Session
from exercise.session.team_view import team_view
from exercise.tui.app import FacilitatorApp
from exercise.tui.screens.console import FacilitatorScreen
from exercise.tui.screens.messages import MessagesDialog
from exercise.tui.team_app import TeamApp
from tests.conftest import (
    log_count,
    log_events,
    notifications,
    screen_text,
    wait_for,
    wait_for_screen,
)
from tests.tui.test_console import opened
from tests.tui.test_team import asked, join


def keys(text: str) -> list[str]:
    return ["space" if ch == " " else ch for ch in text]


async def test_the_white_cell_and_a_team_write_and_read(session_file, clock):
    app = FacilitatorApp(".", session=session_file, clock=clock)
    async with app.run_test(size=(120, 40)) as pilot:
        await opened(pilot)
        await pilot.press("m")
        dialog = await wait_for_screen(pilot, MessagesDialog)
        dialog.query_one("#to", Select).value = "damascus"
        await pilot.press(*keys("Hold your fire tonight"))
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: log_count(session_file, "MessageSent") == 1, what="sent")
        await wait_for_screen(pilot, FacilitatorScreen)
    [sent] = log_events(session_file, "MessageSent")
    assert (sent["sender"], sent["to"], sent["text"]) == (
        "control",
        "damascus",
        "Hold your fire tonight",
    )

    team = TeamApp(session_file, "damascus", "Damascus", clock=clock)
    async with team.run_test(size=(80, 24)) as pilot:
        await asked(pilot)
        await join(pilot, team, "CODE2")
        await wait_for(pilot, lambda: "5 Messages (1 new)" in screen_text(team), what="the tab")
        await pilot.press("5")
        await wait_for(
            pilot, lambda: log_count(session_file, "MessageRead") == 1, what="the reading logged"
        )
        await wait_for(pilot, lambda: "Hold your fire tonight" in screen_text(team), what="it")
        assert "5 Messages (1 new)" not in screen_text(team)
        team.screen.query_one("#message-text", TextArea).focus()
        await pilot.press(*keys("Who else knows"))
        await pilot.click("#send-message")
        await wait_for(pilot, lambda: log_count(session_file, "MessageSent") == 2, what="answer")
        await wait_for(
            pilot,
            lambda: team.screen.query_one("#message-text", TextArea).text == "",
            what="the box cleared once the message is on disk",
        )
        assert "not read yet" in screen_text(team)

    app = FacilitatorApp(".", session=session_file, clock=clock)
    async with app.run_test(size=(120, 40)) as pilot:
        await opened(pilot)
        with Session.open(session_file, clock) as s:  # another team console, as it writes
            s.execute(cmd.SendMessage("damascus", "control", "Please answer", author="Rana"))
        await wait_for(
            pilot,
            lambda: any("Damascus writes to the white cell" in n for n in notifications(app)),
            what="the toast for a team's message",
        )
        await pilot.press("m")
        await wait_for_screen(pilot, MessagesDialog)
        await wait_for(pilot, lambda: log_count(session_file, "MessageRead") == 3, what="both read")
        assert "Who else knows" in screen_text(app) and "Damascus (Rana)" in screen_text(app)
    with Session.open(session_file) as s:
        mine = [m for m in team_view(s.state, "damascus").messages if m.mine]
        assert [m.read for m in mine] == [True, True]  # the team sees the white cell read them


async def test_the_dialog_opened_again_shows_the_conversation_as_it_now_stands(session_file, clock):
    app = FacilitatorApp(".", session=session_file, clock=clock)
    async with app.run_test(size=(120, 40)) as pilot:
        await opened(pilot)
        await pilot.press("m")
        dialog = await wait_for_screen(pilot, MessagesDialog)
        assert "No messages yet." in screen_text(app)
        await pilot.press(*keys("First word"))
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: log_count(session_file, "MessageSent") == 1, what="sent")
        await wait_for_screen(pilot, FacilitatorScreen)
        with Session.open(session_file, clock) as s:  # a team answers from its console
            s.execute(cmd.SendMessage("tehran", "control", "Heard you", author="Ali"))
        await wait_for(
            pilot,
            lambda: any("Tehran writes to the white cell" in n for n in notifications(app)),
            what="the answer reaches the console",
        )
        await pilot.press("m")
        again = await wait_for_screen(pilot, MessagesDialog)
        assert again is dialog  # kept by the console, not made again
        assert again.query_one("#text", TextArea).text == ""  # sent, so it starts empty
        text = screen_text(app)
        assert "First word" in text and "Heard you" in text and "No messages yet." not in text
