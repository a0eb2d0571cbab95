"""Add an observation, optionally tied to a team and one of its objectives."""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import Grid, Vertical
from textual.widgets import Label, Select, Static, TextArea

from exercise.engine import commands as cmd
from exercise.engine.state import State
from exercise.tui.screens.form import FormDialog


class ObservationDialog(FormDialog[cmd.AddObservation | None]):
    CSS_PATH = "observation.tcss"
    VERTICAL_BREAKPOINTS = [(0, "-short"), (30, "-tall")]  # -short: room for a long objective

    def __init__(self, state: State, role: str = ""):
        super().__init__()
        self.state = state
        self.role = role

    def compose(self) -> ComposeResult:
        roles = [
            (Text(self.state.world.roles[r].name), r)
            for r in self.state.world.played
            if r in self.state.world.roles
        ]
        with Vertical():
            yield Static("Observation", classes="title")
            # Labels beside their fields, so that the dialog and its buttons fit in 24 lines.
            with Grid(id="fields"):
                yield Label("Team (optional)")
                yield Select(
                    roles, prompt="the whole exercise", id="role", value=self.role or Select.NULL
                )
                yield Label("Objective (optional)")
                yield Select([], prompt="no objective", id="objective")
                yield Label("Kind")
                yield Select(
                    [
                        (Text("note"), "note"),
                        (Text("strength"), "strength"),
                        (Text("area for improvement"), "improvement"),
                    ],
                    value="note",
                    allow_blank=False,
                    id="kind",
                )
            yield Label("What did you observe?")
            yield TextArea(id="text")
            yield from self.form_buttons("Save", "primary")

    def on_mount(self) -> None:
        self._fill_objectives()
        self.query_one("#text", TextArea).focus()

    @on(Select.Changed, "#role")
    def _fill_objectives(self) -> None:
        role = self.query_one("#role", Select).value
        objectives = []
        if isinstance(role, str) and role in self.state.world.roles:
            objectives = [
                (Text(f"{o.id}: {o.text}"), o.id) for o in self.state.world.roles[role].objectives
            ]
        self.query_one("#objective", Select).set_options(objectives)

    @on(Select.Changed, "#objective")
    def _objective_chosen(self, event: Select.Changed) -> None:
        self.set_class(isinstance(event.value, str), "-objective")  # shown whole, wrapped

    def action_save(self) -> None:
        text = self.query_one("#text", TextArea).text.strip()
        if not text:
            self.error("Write the observation first.")
            return
        role = self.query_one("#role", Select).value
        objective = self.query_one("#objective", Select).value
        self.dismiss(
            cmd.AddObservation(
                text,
                role if isinstance(role, str) else "",
                objective if isinstance(objective, str) else "",
                kind=str(self.query_one("#kind", Select).value),
            )
        )
