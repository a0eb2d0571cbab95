"""Choose which indicators the room sees: on the projector view and on every team console."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.widgets import Button, SelectionList, Static

from exercise.engine.state import State
from exercise.tui.screens.form import Dialog
from exercise.tui.widgets.check_list import CheckList


class ShowIndicatorsDialog(Dialog[tuple[str, ...] | None]):
    """Returns the ids to show (an empty tuple: none), or None when cancelled."""

    CSS_PATH = "choice.tcss"
    BINDINGS = [
        Binding("escape", "cancel", "Cancel", id="show.cancel"),
        Binding("ctrl+s", "save", "Show", id="show.save"),
    ]

    def __init__(self, state: State):
        super().__init__()
        self.add_class("-no-preview")
        self.indicators = [
            (
                i.id,
                f"{i.title} — now {state.indicators.get(i.id, i.start)}",
            )
            for i in state.world.scenario.indicators
        ]
        self.shown = set(state.shown)

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(
                "What the room sees: the indicators ticked here appear on the projector view "
                "and on every team console (space ticks, ctrl+s shows).",
                markup=False,
                classes="title",
                id="title",
            )
            with Horizontal(id="body"):
                yield CheckList(
                    *[
                        (self._prompt(label, key in self.shown), key, key in self.shown)
                        for key, label in self.indicators
                    ],
                    id="choices",
                )
            with Horizontal(id="buttons"):
                yield Button("Cancel", id="cancel")
                yield Button("None", id="none")
                yield Button("All", id="all")
                yield Button("Show (ctrl+s)", variant="primary", id="choose")

    @staticmethod
    def _prompt(label: str, shown: bool) -> Content:
        # Said in words as well as by the toggle's colour.
        return Content.assemble(
            ("shown   " if shown else "hidden  ", "bold" if shown else "dim"), label
        )

    def on_mount(self) -> None:
        self.query_one(SelectionList).focus()

    @on(SelectionList.SelectedChanged)
    def _mark(self) -> None:
        choices = self.query_one(SelectionList)
        chosen = set(choices.selected)
        for n, (key, label) in enumerate(self.indicators):
            choices.replace_option_prompt_at_index(n, self._prompt(label, key in chosen))

    @on(Button.Pressed, "#all")
    def _all(self) -> None:
        self.query_one(SelectionList).select_all()

    @on(Button.Pressed, "#none")
    def _none(self) -> None:
        self.query_one(SelectionList).deselect_all()

    @on(Button.Pressed, "#choose")
    def action_save(self) -> None:
        chosen = set(self.query_one(SelectionList).selected)
        self.dismiss(tuple(key for key, _ in self.indicators if key in chosen))

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        self.dismiss(None)
