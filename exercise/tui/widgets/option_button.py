"""A radio button for one option of an inject: it knows the option's id."""

from __future__ import annotations

from rich.text import Text
from textual.widgets import RadioButton


class OptionButton(RadioButton):
    def __init__(self, option_id: str, label: Text, value: bool = False) -> None:
        super().__init__(label, value=value)
        self.option_id = option_id
