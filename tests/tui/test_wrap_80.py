"""At 80 columns an option's label is wrapped at word boundaries, never cut (the team's decision
form and the facilitator's), and a long cell of a table is cut after a whole word."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from textual.widgets import Select

from exercise.session import Session
from exercise.tui.app import FacilitatorApp
from exercise.tui.screens.decision import DecisionDialog
from exercise.tui.screens.observation import ObservationDialog
from exercise.tui.screens.team import TeamScreen
from exercise.tui.team_app import TeamApp
from exercise.tui.widgets.option_button import OptionButton
from exercise.tui.widgets.tables import short
from tests.conftest import idle, screen_text, wait_for, wait_for_screen
from tests.tui.test_console import opened
from tests.tui.test_team import asked, join

SIZE = (80, 24)
LONG = (
    "Cooperate with the partner on every front, from the air campaign over Aleppo to the "
    "talks in Geneva and the reconstruction contracts"
)

# as long as the longest objective shipped (mos-settlement, 165 characters with its id)
OBJECTIVE = (
    "Steer the war toward a negotiated settlement that Russia brokers, giving parts of the "
    "opposition a share of power and, if needed, easing the president aside."
)


@pytest.fixture
def long_labels(mini_copy: Path, clock, tmp_path) -> Path:
    """The mini scenario with its "coop" options' label too long for one line at 80 columns."""
    from exercise.content.library import scenario_world

    for inject in (mini_copy / "injects").glob("*.yaml"):
        text = inject.read_text()
        inject.write_text(text.replace("label: Cooperate with the partner", f"label: {LONG}"))
    role = mini_copy / "roles" / "moscow.yaml"
    role.write_text(role.read_text().replace("text: Win the test exercise.", f"text: {OBJECTIVE}"))
    path = tmp_path / "long.ttx"
    participants = (
        ("moscow", "facilitator"),
        ("tehran", "facilitator"),
        ("damascus", "team"),
        ("jerusalem", "bot"),
    )
    codes = tuple((r, f"CODE{i}") for i, (r, _) in enumerate(participants))
    world = scenario_world(mini_copy, "mini")
    Session.create(
        path, world, seed=11, participants=participants, codes=codes, clock=clock
    ).close()
    return path


def _words(text: str) -> str:
    """The screen's text without the frames and radio buttons, its spaces folded."""
    return " ".join(re.sub(r"[▊▎█▐▌●▔▁▀▄│╭╮╰╯─▼▲]", " ", text).split())


def _shown_whole(app) -> None:
    shown = screen_text(app)
    assert _words(LONG) in _words(shown), shown  # every word, in order, none cut
    line = next(line for line in shown.splitlines() if "Cooperate with" in line)
    first = _words(line)
    first = first[first.index("Cooperate with") :]
    # its first line ends where a word ends, without an ellipsis, and the rest follows below
    assert "…" not in first
    assert LONG.startswith(first) and len(first) < len(LONG), (first, shown)
    assert LONG[len(first)] == " ", f"cut mid-word after {first!r}"


async def test_the_team_form_wraps_a_long_option_label_at_80_columns(long_labels, clock):
    app = TeamApp(long_labels, "damascus", "Damascus", clock=clock)
    async with app.run_test(size=SIZE) as pilot:
        await asked(pilot)
        await join(pilot, app, "CODE2")
        screen = await wait_for_screen(pilot, TeamScreen)
        await pilot.press("3")
        await wait_for(
            pilot, lambda: screen.query_one("#team-tabs").active == "decide", what="Decide tab"
        )
        screen.query_one("#decide-inject", Select).value = "t1-pair"
        await wait_for(
            pilot,
            lambda: any(b.option_id == "coop" for b in screen.query(OptionButton)),
            what="the options of t1-pair",
        )
        await idle(pilot)
        button = next(b for b in screen.query(OptionButton) if b.option_id == "coop")
        assert button.size.height >= 2  # wrapped onto a second line, not cut
        _shown_whole(app)


async def test_the_facilitators_decision_dialog_wraps_it_too(long_labels, clock):
    app = FacilitatorApp(".", session=long_labels, clock=clock)
    async with app.run_test(size=SIZE) as pilot:
        await opened(pilot)
        await pilot.press("e")
        dialog = await wait_for_screen(pilot, DecisionDialog)
        await wait_for(
            pilot,
            lambda: any(b.option_id == "coop" for b in dialog.query(OptionButton)),
            what="the options",
        )
        await idle(pilot)
        _shown_whole(app)


async def test_an_objective_is_shown_whole_in_the_observation_dialog(long_labels, clock):
    app = FacilitatorApp(".", session=long_labels, clock=clock)
    async with app.run_test(size=SIZE) as pilot:
        await opened(pilot)
        await pilot.press("o")
        dialog = await wait_for_screen(pilot, ObservationDialog)
        dialog.query_one("#role", Select).value = "moscow"
        await idle(pilot)
        dialog.query_one("#objective", Select).value = "moscow-win"
        await idle(pilot)
        shown = screen_text(app)
        assert _words(f"moscow-win: {OBJECTIVE}") in _words(shown), shown
        assert "Save (ctrl+s)" in shown  # the dialog still fits in 24 lines, its buttons too
        save = dialog.query_one("#save")
        assert save.region.bottom <= SIZE[1] - 1


def test_a_table_cell_is_cut_after_a_whole_word():
    assert short(LONG, 30) == "Cooperate with the partner on…"
    assert short("Ask Washington to press Moscow", 26) == "Ask Washington to press…"
    assert short("Antidisestablishmentarianism", 10) == "Antidises…"  # one word: cut in it
    assert short("short", 10) == "short"
