"""The shape every form dialog shares: an error line, Cancel and Save buttons, escape and ctrl+s."""

from __future__ import annotations

from typing import TypeVar

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.screen import ModalScreen
from textual.widgets import Button, Static

T = TypeVar("T")


class FormDialog(ModalScreen[T]):
    """Subclasses compose their fields, then `yield from self.form_buttons(label)`, and define
    `action_save`, which either dismisses with a result or calls `self.error(...)`."""

    DEFAULT_CSS = """
    FormDialog #buttons { height: 3; align-horizontal: right; }
    FormDialog #buttons Button { margin-left: 2; }
    FormDialog #error { color: $error; }
    """
    BINDINGS = [Binding("escape", "cancel", "Cancel", id="form.cancel"),
                Binding("ctrl+s", "save", "Save", id="form.save")]

    def form_buttons(self, save_label: str, variant: str = "primary") -> ComposeResult:
        yield Static("", id="error", markup=False)
        with Horizontal(id="buttons"):
            yield Button("Cancel", id="cancel")
            yield Button(f"{save_label} (ctrl+s)", variant=variant, id="save")

    def error(self, message: str) -> None:
        self.query_one("#error", Static).update(message)

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "save":
            self.action_save()
        elif event.button.id == "cancel":
            self.dismiss(None)

    def action_save(self) -> None:  # pragma: no cover - every dialog defines it
        raise NotImplementedError

    def action_cancel(self) -> None:
        self.dismiss(None)
