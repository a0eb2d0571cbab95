"""The shapes dialogs share: every dialog's frame (styled once, as `Dialog` in tui/app.tcss), and
the form dialog's error line, Cancel and Save buttons, escape and ctrl+s."""

from __future__ import annotations

from typing import TypeVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.screen import ModalScreen
from textual.widgets import Button, Static
from textual.widgets.button import ButtonVariant

T = TypeVar("T")


class Dialog(ModalScreen[T]):
    """A modal screen whose one `Vertical` child is the framed box in the middle of the screen;
    `.title`, `#error` and `#buttons` inside it get the shared look."""


class FormDialog(Dialog[T]):
    """Subclasses compose their fields, then `yield from self.form_buttons(label)`, and define
    `action_save`, which either dismisses with a result or calls `self.error(...)`."""

    BINDINGS = [
        Binding("escape", "cancel", "Cancel", id="form.cancel"),
        Binding("ctrl+s", "save", "Save", id="form.save"),
    ]

    def form_buttons(self, save_label: str, variant: ButtonVariant = "primary") -> ComposeResult:
        yield Static("", id="error", markup=False)
        with Horizontal(id="buttons"):
            yield Button("Cancel", id="cancel")
            yield Button(f"{save_label} (ctrl+s)", variant=variant, id="save")

    def error(self, message: str) -> None:
        self.query_one("#error", Static).update(message)

    @on(Button.Pressed, "#save")
    def _save_pressed(self) -> None:
        self.action_save()

    @on(Button.Pressed, "#cancel")
    def _cancel_pressed(self) -> None:
        self.dismiss(None)

    def action_save(self) -> None:  # pragma: no cover - every dialog defines it
        raise NotImplementedError

    def action_cancel(self) -> None:
        self.dismiss(None)
