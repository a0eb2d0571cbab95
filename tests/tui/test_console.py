"""Pilot-driven: a full turn from the keyboard, asserting on the screen and on the log."""

from pathlib import Path

from textual.widgets import OptionList, Select, SelectionList, TextArea

from exercise.engine import commands as cmd
from exercise.session import Session
from exercise.tui.app import FacilitatorApp
from exercise.tui.screens.adjudicate import AdjudicateDialog
from exercise.tui.screens.choice import ChoiceDialog
from exercise.tui.screens.confirm import ConfirmDialog
from exercise.tui.screens.console import FacilitatorScreen
from exercise.tui.screens.decision import DecisionDialog
from exercise.tui.widgets.event_log import EventLog
from exercise.tui.widgets.status_bar import StatusBar
from tests.conftest import (
    idle,
    kinds,
    log_events,
    wait_for,
    wait_for_event,
    wait_for_screen,
    wait_for_text,
)

SIZE = (120, 40)


async def opened(pilot) -> FacilitatorScreen:
    """The console is up with the session on it (and the bots' first decisions shown)."""
    screen = await wait_for_screen(pilot, FacilitatorScreen)
    await wait_for_text(pilot, "#status", "Turn ")
    await idle(pilot)
    return screen


async def saved(pilot, path: Path, kind: str, count: int = 1, where=lambda _data: True):
    """A dialog's command is in the log and the console is back, showing its result."""
    await wait_for_event(pilot, path, kind, count, where=where)
    await wait_for_screen(pilot, FacilitatorScreen)


def log_shows(app, text: str) -> bool:
    """The log tab is built and one of its lines says `text`."""
    logs = app.screen.query(EventLog)
    return bool(logs) and any(text in line[4] for line in logs.first().lines)


def status_text(app) -> str:
    return app.screen.query_one(StatusBar).text


async def record(pilot, app, role: str, inject: str, option_index: int, rationale: str):
    path = app.screen.gateway.path
    before = len(log_events(path))
    await pilot.press("e")
    dialog = await wait_for_screen(pilot, DecisionDialog)
    dialog.query_one("#role", Select).value = role
    await idle(pilot)
    dialog.query_one("#inject", Select).value = inject
    await idle(pilot)
    dialog.query_one("#options").focus()
    for _ in range(option_index):
        await pilot.press("down")
    await pilot.press("enter")
    dialog.query_one("#rationale", TextArea).text = rationale
    await pilot.press("ctrl+s")
    await wait_for(
        pilot,
        lambda: len(log_events(path)) > before,
        what=f"{role}'s decision on {inject} in the log",
    )
    await wait_for_screen(pilot, FacilitatorScreen)


async def test_a_full_turn_from_the_keyboard(session_file: Path, clock):
    app = FacilitatorApp(".", session=session_file, clock=clock)
    async with app.run_test(size=SIZE) as pilot:
        await opened(pilot)
        assert "Turn 1 of 2" in status_text(app) and "Brief" in status_text(app)
        # The bot (jerusalem) decided on its two injects as soon as the console opened.
        assert kinds(session_file).count("DecisionSubmitted") == 2

        # Release the manual inject.
        await pilot.press("r")
        options = (await wait_for_screen(pilot, ChoiceDialog)).query_one(OptionList)
        index = next(
            i
            for i in range(options.option_count)
            if options.get_option_at_index(i).id == "manual-1"
        )
        options.highlighted = index
        await pilot.press("enter")
        await saved(pilot, session_file, "InjectReleased", 5)  # four scheduled ones before it
        s = Session.open(session_file)
        assert s.state.releases[-1].inject_id == "manual-1" and s.state.releases[-1].how == "manual"
        assert (
            s.state.decision_for("jerusalem", "manual-1") is not None
        )  # the bot answered it at once
        s.close()

        # Decide for two teams in the room.
        # brackets stay literal
        await record(pilot, app, "moscow", "t1-moscow", 0, "Keep [Tehran] close")
        await record(pilot, app, "tehran", "t1-tehran", 1, "Push for victory")
        s = Session.open(session_file)
        moscow = s.state.decision_for("moscow", "t1-moscow")
        tehran = s.state.decision_for("tehran", "t1-tehran")
        s.close()
        assert (moscow.option_id, moscow.rationale, moscow.author) == (
            "coop",
            "Keep [Tehran] close",
            "facilitator",
        )
        assert tehran.option_id == "push"

        # Adjudicate by matrix game.
        await pilot.press("a")
        dialog = await wait_for_screen(pilot, AdjudicateDialog)
        dialog.query_one("#method-matrix").value = True
        dialog.query_one("#pros", TextArea).text = "Russian air power\nIranian ground forces"
        dialog.query_one("#cons", TextArea).text = "Diverging aims"
        await wait_for_text(pilot, "#odds", "2d6 +1 ≥ 7")
        await pilot.press("ctrl+s")  # the roll comes first, then the narrative
        await wait_for_text(pilot, "#error", "Roll the dice first")
        await pilot.press("ctrl+r")  # the roll's key, wherever the focus is
        rolled = await wait_for_text(pilot, "#rolled", "vs 7: ")
        await pilot.press("ctrl+s")
        await saved(pilot, session_file, "Adjudicated")
        s = Session.open(session_file)
        ruling = s.state.rulings[-1]
        s.close()
        a, b = ruling.matrix["dice"]
        assert rolled.startswith(f"2d6 {a}+{b} +1 = {a + b + 1} vs 7")  # the dice seen are kept
        assert ruling.method == "matrix" and ruling.matrix["pros"] == [
            "Russian air power",
            "Iranian ground forces",
        ]
        assert ruling.matrix["modifier"] == 1 and len(ruling.matrix["dice"]) == 2
        assert set(ruling.decision_ids) >= {"moscow:t1-moscow", "tehran:t1-tehran"}
        await pilot.press("5")  # the log tab loads its lines when first shown
        await wait_for(
            pilot, lambda: log_shows(app, "Ruling r1 (matrix)"), what="the ruling in the log"
        )
        await idle(pilot)
        assert app.focused is None or app.focused.id != "log-filter"  # keys stay actions, not text
        await pilot.press("1")
        await idle(pilot)

        # Advance: phase 2, then the turn ends; damascus (a team console) has not decided.
        await pilot.press("n")
        await wait_for_text(pilot, "#status", "Phase 2 of 2")
        await pilot.press("n")
        await wait_for_screen(pilot, ConfirmDialog)
        await pilot.press("y")
        await wait_for_text(pilot, "#status", "Turn 2 of 2")
        assert kinds(session_file).count("TurnStarted") == 2


async def test_inject_text_renders_literally(session_file, clock):
    app = FacilitatorApp(".", session=session_file, clock=clock)
    async with app.run_test(size=SIZE) as pilot:
        await opened(pilot)
        await pilot.press("2")
        await wait_for(
            pilot,
            lambda: (
                bool(app.screen.query("#inject-table"))
                and app.screen.query_one("#inject-table").row_count > 0
            ),
            what="the injects tab's table",
        )
        table = app.screen.query_one("#inject-table")
        keys = [table.coordinate_to_cell_key((r, 0)).row_key.value for r in range(table.row_count)]
        table.move_cursor(row=keys.index("t1-news"))
        preview = await wait_for_text(pilot, "#preview-text", "t1-news")
        assert (
            "[brackets] and [bold]markup[/bold]" in preview
        )  # YAML text is never parsed as markup
        assert "Historical note (facilitator only)" in preview


async def test_refused_action_is_reported_and_writes_nothing(session_file, clock):
    app = FacilitatorApp(".", session=session_file, clock=clock)
    async with app.run_test(size=SIZE) as pilot:
        await opened(pilot)
        before = len(kinds(session_file))
        await pilot.press("a")
        dialog = await wait_for_screen(pilot, AdjudicateDialog)
        dialog.query_one("#decisions", SelectionList).deselect_all()
        dialog.query_one("#narrative", TextArea).text = ""
        await pilot.press("ctrl+s")
        await wait_for_text(pilot, "#error", "narrative")  # the dialog says what is missing
        assert isinstance(app.screen, AdjudicateDialog)
        await pilot.press("escape")
        await wait_for_screen(pilot, FacilitatorScreen)
        assert len(kinds(session_file)) == before


async def test_resume_brings_back_turn_phase_clock(session_file, clock):
    app = FacilitatorApp(".", session=session_file, clock=clock)
    async with app.run_test(size=SIZE) as pilot:
        await opened(pilot)
        await pilot.press("n")  # phase 2
        await wait_for_text(pilot, "#status", "Phase 2 of 2")
        clock.now += 125
        await pilot.press("p")  # pause with 10 minutes - 125 s left
        await wait_for_text(pilot, "#status", "Paused")
    clock.now += 3600  # an hour later, after a crash
    again = FacilitatorApp(".", session=session_file, clock=clock)
    async with again.run_test(size=SIZE) as pilot:
        await opened(pilot)
        text = status_text(again)
        assert "Turn 1 of 2" in text and "Phase 2 of 2: Decide" in text
        assert "Paused 07:55" in text


async def test_help_and_palette_list_the_actions(session_file, clock):
    from exercise.tui.screens.help import HelpScreen

    app = FacilitatorApp(".", session=session_file, clock=clock)
    async with app.run_test(size=SIZE) as pilot:
        await opened(pilot)
        await pilot.press("f1")
        await wait_for_screen(pilot, HelpScreen)
        text = " ".join(str(w.render()) for w in app.screen.query("Static"))
        for words in (
            "Next",
            "Release",
            "Draw",
            "Decide",
            "Adjudicate",
            "Observe",
            "Pause",
            "End",
            "Review",
        ):
            assert words in text
        await pilot.press("escape")
        await wait_for_screen(pilot, FacilitatorScreen)
        bindings = {b.id for b in FacilitatorScreen.BINDINGS}
        assert {"console.advance", "console.adjudicate", "console.review"} <= bindings


async def pick(pilot, option_id: str) -> None:
    """In the ChoiceDialog now open, choose `option_id`."""
    options = (await wait_for_screen(pilot, ChoiceDialog)).query_one(OptionList)
    options.highlighted = [
        options.get_option_at_index(i).id for i in range(options.option_count)
    ].index(option_id)
    await pilot.press("enter")


async def test_who_plays_a_role_can_change(session_file, clock):
    app = FacilitatorApp(".", session=session_file, clock=clock)
    async with app.run_test(size=SIZE) as pilot:
        await opened(pilot)
        await pilot.press("t")
        await pick(pilot, "damascus")
        await wait_for(
            pilot,
            lambda: (
                "bot" in [o.id for o in app.screen.query_one(OptionList).options]
                if isinstance(app.screen, ChoiceDialog)
                else False
            ),
            what="the ways to play damascus",
        )
        await pick(pilot, "bot")
        await saved(
            pilot, session_file, "DecisionSubmitted", where=lambda d: d.get("role") == "damascus"
        )
        s = Session.open(session_file)
        assert s.state.participants["damascus"] == "bot"
        assert (
            s.state.decision_for("damascus", "t1-news") is not None
        )  # the new bot decided at once
        s.close()


async def test_observe_draw_and_end_from_the_keyboard(session_file, clock):
    from exercise.tui.screens.observation import ObservationDialog

    app = FacilitatorApp(".", session=session_file, clock=clock)
    async with app.run_test(size=SIZE) as pilot:
        await opened(pilot)
        # an observation, marked as a strength, tied to a team
        await pilot.press("o")
        dialog = await wait_for_screen(pilot, ObservationDialog)
        dialog.query_one("#role", Select).value = "tehran"
        dialog.query_one("#kind", Select).value = "strength"
        dialog.query_one("#text", TextArea).text = "Tehran named its red line early"
        await pilot.press("ctrl+s")
        await saved(pilot, session_file, "ObservationAdded")
        # a card from the deck (the only deck; the seeded RNG picks the card)
        await pilot.press("d")
        await wait_for_screen(pilot, ChoiceDialog)
        await pilot.press("enter")
        await saved(pilot, session_file, "InjectReleased", where=lambda d: d.get("how") == "deck")
        # end the session, confirmed
        await pilot.press("x")
        await wait_for_screen(pilot, ConfirmDialog)
        await pilot.press("y")
        await wait_for_text(pilot, "#status", "session ended")
    s = Session.open(session_file)
    obs = [r.data() for r in s.rows() if r.kind == "ObservationAdded"]
    assert obs[-1]["text"] == "Tehran named its red line early" and obs[-1]["kind"] == "strength"
    assert obs[-1]["role"] == "tehran"
    assert any(r.how == "deck" for r in s.state.releases)
    assert s.state.ended and s.state.end_reason == "ended by the facilitator"
    s.close()


async def test_n_asks_before_it_ends_a_turn_even_when_everyone_has_decided(session_file, clock):
    with Session.open(session_file, clock) as s:  # nobody owes a decision: everyone ruled on
        from exercise.engine.autoplay import rules_ruling
        from exercise.engine.state import awaiting

        for role, inj in list(awaiting(s.state)):
            option = next(o.id for o in inj.options if o.allowed_for(role))
            s.execute(cmd.SubmitDecision(role, inj.id, option))
        s.execute(rules_ruling(s.state))
        s.execute(cmd.AdvancePhase())  # to the last phase of turn 1
    app = FacilitatorApp(".", session=session_file, clock=clock)
    async with app.run_test(size=SIZE) as pilot:
        await opened(pilot)
        turns_before = kinds(session_file).count("TurnStarted")
        await pilot.press("n")
        dialog = await wait_for_screen(pilot, ConfirmDialog)
        assert "End turn 1 and open turn 2: Second (2016-01)?" in dialog.question
        await pilot.press("escape")
        await wait_for_screen(pilot, FacilitatorScreen)
        assert kinds(session_file).count("TurnStarted") == turns_before  # nothing happened
        await pilot.press("n")
        await wait_for_screen(pilot, ConfirmDialog)
        await pilot.press("y")
        await wait_for_text(pilot, "#status", "Turn 2 of 2")


async def test_the_palette_lists_the_consoles_commands(session_file, clock):
    from textual.command import CommandPalette
    from textual.widgets import OptionList

    app = FacilitatorApp(".", session=session_file, clock=clock)
    async with app.run_test(size=SIZE) as pilot:
        await opened(pilot)
        await pilot.press("ctrl+p")
        palette = await wait_for_screen(pilot, CommandPalette)

        def listed() -> str:
            options = palette.query_one(OptionList)
            return " ".join(
                str(options.get_option_at_index(i).prompt) for i in range(options.option_count)
            )

        await wait_for(pilot, lambda: "Adjudicate" in listed(), what="the console's commands")
        for words in ("Next", "Release", "Observe", "Pause", "Review"):
            assert words in listed()
        await pilot.press("escape")
