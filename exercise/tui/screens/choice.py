"""Pick one item from a list, with an optional preview of the highlighted one."""

from __future__ import annotations

from collections.abc import Callable

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Button, OptionList, Static
from textual.widgets.option_list import Option


class ChoiceDialog(ModalScreen[str | None]):
    """Returns the id of the chosen item, or None."""

    CSS_PATH = "choice.tcss"
    BINDINGS = [Binding("escape", "cancel", "Cancel", id="choice.cancel")]

    def __init__(self, title: str, items: list[tuple[str, str]], action: str = "Choose",
                 preview: Callable[[str], Content | str] | None = None):
        super().__init__()
        self.title_text, self.items, self.action_label, self.preview = title, items, action, preview
        if preview is None:
            self.add_class("-no-preview")

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(self.title_text, markup=False, id="title")
            with Horizontal(id="body"):
                yield OptionList(*[Option(Content(label), id=key) for key, label in self.items], id="choices")
                yield Static("", markup=False, id="preview")
            with Horizontal(id="buttons"):
                yield Button("Cancel", id="cancel")
                yield Button(self.action_label, variant="primary", id="choose", disabled=not self.items)

    def on_mount(self) -> None:
        choices = self.query_one(OptionList)
        choices.focus()
        if self.items:
            choices.highlighted = 0

    def on_option_list_option_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        if self.preview and event.option.id:
            self.query_one("#preview", Static).update(self.preview(event.option.id))

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(event.option.id)

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "choose":
            choices = self.query_one(OptionList)
            if choices.highlighted is not None:
                self.dismiss(choices.get_option_at_index(choices.highlighted).id)
                return
        self.dismiss(None)

    def action_cancel(self) -> None:
        self.dismiss(None)
