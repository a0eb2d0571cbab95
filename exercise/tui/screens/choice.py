"""Pick one item from a list, with an optional preview of the highlighted one."""

from __future__ import annotations

from collections.abc import Callable

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.widgets import Button, OptionList, Static
from textual.widgets.option_list import Option

from exercise.tui.screens.form import Dialog


class ChoiceDialog(Dialog[str | None]):
    """Returns the id of the chosen item, or None."""

    CSS_PATH = "choice.tcss"
    BINDINGS = [Binding("escape", "cancel", "Cancel", id="choice.cancel")]

    def __init__(
        self,
        title: str,
        items: list[tuple[str, str]],
        action: str = "Choose",
        preview: Callable[[str], Content | str] | None = None,
    ):
        super().__init__()
        self.title_text, self.items, self.action_label, self.preview = title, items, action, preview
        if preview is None:
            self.add_class("-no-preview")

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(self.title_text, markup=False, id="title", classes="title")
            with Horizontal(id="body"):
                yield OptionList(
                    *[Option(Content(label), id=key) for key, label in self.items], id="choices"
                )
                yield Static("", markup=False, id="preview")
            with Horizontal(id="buttons"):
                yield Button("Cancel", id="cancel")
                yield Button(
                    self.action_label, variant="primary", id="choose", disabled=not self.items
                )

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

    @on(Button.Pressed, "#choose")
    def _choose(self) -> None:
        choices = self.query_one(OptionList)
        if choices.highlighted is None:
            self.dismiss(None)
        else:
            self.dismiss(choices.get_option_at_index(choices.highlighted).id)

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        self.dismiss(None)
