"""A covert move on the consoles: the white cell sees it and its odds; the team it is kept
from sees neither the move nor a ruling that names it, until it comes out."""

from __future__ import annotations

from exercise.engine import commands as cmd
from exercise.engine.autoplay import rules_ruling
from exercise.session import Session
from exercise.tui.app import FacilitatorApp
from exercise.tui.screens.console import FacilitatorScreen
from exercise.tui.team_app import TeamApp
from tests.conftest import idle, screen_text, wait_for, wait_for_screen, wait_for_text
from tests.engine.test_covert import covert_world
from tests.tui.test_team import asked, join

SIZE = (120, 40)


def _covert_session(path, mini_world, clock, chance: float) -> None:
    world = covert_world(mini_world, chance=chance)
    roles = world["scenario"]["roles"]
    s = Session.create(
        path,
        world,
        seed=4,
        participants=tuple((r, "team" if r == "tehran" else "facilitator") for r in roles),
        codes=tuple((r, f"CODE{i}") for i, r in enumerate(roles)),
        clock=clock,
    )
    s.execute(cmd.SubmitDecision("moscow", "t1-news", "quiet-deal"))
    ruling = rules_ruling(s.state)
    assert ruling is not None
    s.execute(ruling)
    s.close()


async def test_the_facilitator_board_lists_the_hidden_move_with_its_odds(
    tmp_path, mini_world, clock
):
    path = tmp_path / "covert.ttx"
    _covert_session(path, mini_world, clock, chance=0.35)
    app = FacilitatorApp(".", session=path, clock=clock)
    async with app.run_test(size=SIZE) as pilot:
        await wait_for_screen(pilot, FacilitatorScreen)
        await wait_for_text(pilot, "#status", "Turn ")
        await idle(pilot)
        text = screen_text(app)
        assert "covert" in text and "35% a turn" in text


async def test_the_team_it_is_kept_from_sees_no_trace_until_it_comes_out(
    tmp_path, mini_world, clock
):
    path = tmp_path / "covert.ttx"
    _covert_session(path, mini_world, clock, chance=1.0)
    app = TeamApp(path, "tehran", "Tehran", clock=clock)
    async with app.run_test(size=SIZE) as pilot:
        await asked(pilot)
        await join(pilot, app, "CODE1")
        await idle(pilot)
        await pilot.press("4")  # its history: the rulings the team may see
        await idle(pilot)
        assert "quiet deal" not in screen_text(app).lower()
        s = Session.open(path, clock)
        while s.state.turn == 1:  # the next turn's roll finds it (chance 1)
            s.execute(cmd.AdvancePhase(force=True))
        s.close()
        await pilot.press("2")
        await wait_for(
            pilot,
            lambda: "The quiet move comes out" in screen_text(app),
            what="the discovery inject in Tehran's inbox",
        )
