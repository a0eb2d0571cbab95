"""Add an observation, optionally tied to a team and one of its objectives."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Label, Select, Static, TextArea

from exercise.engine import commands as cmd
from exercise.engine.state import State


class ObservationDialog(ModalScreen[cmd.AddObservation | None]):
    DEFAULT_CSS = """
    ObservationDialog { align: center middle; }
    ObservationDialog > Vertical { width: 80; max-width: 100%; height: auto; max-height: 100%; border: thick $primary; background: $surface; padding: 0 1; }
    ObservationDialog TextArea { height: 6; }
    ObservationDialog #buttons { height: 3; align-horizontal: right; }
    ObservationDialog Button { margin-left: 2; }
    ObservationDialog #error { color: $error; }
    """
    BINDINGS = [Binding("escape", "cancel", "Cancel", id="observation.cancel"),
                Binding("ctrl+s", "save", "Save", id="observation.save")]

    def __init__(self, state: State, role: str = ""):
        super().__init__()
        self.state = state
        self.role = role

    def compose(self) -> ComposeResult:
        roles = [(Text(self.state.world.roles[r].name), r) for r in self.state.world.played if r in self.state.world.roles]
        with Vertical():
            yield Static("Observation", classes="title")
            yield Label("Team (optional)")
            yield Select(roles, prompt="the whole exercise", id="role", value=self.role or Select.NULL)
            yield Label("Objective (optional)")
            yield Select([], prompt="no objective", id="objective")
            yield Label("Kind")
            yield Select([(Text("note"), "note"), (Text("strength"), "strength"),
                          (Text("area for improvement"), "improvement")], value="note", allow_blank=False, id="kind")
            yield Label("What did you observe?")
            yield TextArea(id="text")
            yield Static("", id="error", markup=False)
            with Horizontal(id="buttons"):
                yield Button("Cancel", id="cancel")
                yield Button("Save (ctrl+s)", variant="primary", id="save")

    def on_mount(self) -> None:
        self._fill_objectives()
        self.query_one("#text", TextArea).focus()

    def _fill_objectives(self) -> None:
        role = self.query_one("#role", Select).value
        objectives = []
        if isinstance(role, str) and role in self.state.world.roles:
            objectives = [(Text(f"{o.id}: {o.text[:60]}"), o.id) for o in self.state.world.roles[role].objectives]
        self.query_one("#objective", Select).set_options(objectives)

    def on_select_changed(self, event: Select.Changed) -> None:
        if event.select.id == "role":
            self._fill_objectives()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "save":
            self.action_save()
        else:
            self.dismiss(None)

    def action_save(self) -> None:
        text = self.query_one("#text", TextArea).text.strip()
        if not text:
            self.query_one("#error", Static).update("Write the observation first.")
            return
        role = self.query_one("#role", Select).value
        objective = self.query_one("#objective", Select).value
        self.dismiss(cmd.AddObservation(text, role if isinstance(role, str) else "",
                                        objective if isinstance(objective, str) else "",
                                        kind=self.query_one("#kind", Select).value))

    def action_cancel(self) -> None:
        self.dismiss(None)
