"""Radio buttons whose labels wrap and whose dot says by its shape whether they are chosen.

Textual's RadioButton draws one line and cuts a long label with an ellipsis, often mid-word
(an option's label at 80 columns), and marks the chosen button by colour alone (the same dot,
green or grey). These wrap the label at word boundaries, each line after the first under the
first's text, and show the dot only on the chosen button.
"""

from __future__ import annotations

from rich.text import Text
from textual.content import Content
from textual.geometry import Size
from textual.style import Style
from textual.widgets import RadioButton

ON, OFF = "●", " "


class ChoiceButton(RadioButton):
    DEFAULT_CSS = "ChoiceButton { height: auto; }"

    def _mark(self) -> Content:
        """The button: its dot only when it is on (as RadioButton draws it, otherwise)."""
        button_style = self.get_visual_style("toggle--button")
        side = Style(foreground=button_style.background, background=self.background_colors[1])
        return Content.assemble(
            (self.BUTTON_LEFT, side),
            (ON if self.value else OFF, button_style),
            (self.BUTTON_RIGHT, side),
        )

    def _lines(self, width: int) -> list[Content]:
        """The label wrapped to what is left of `width` beside the button and the padding."""
        room = max(1, width - len(self.BUTTON_LEFT + ON + self.BUTTON_RIGHT) - 2)
        return self.label.wrap(room) or [Content("")]

    def render(self) -> Content:
        button = self._mark()
        lines = self._lines(self.content_size.width)
        widest = max(line.cell_length for line in lines)
        style = self.get_visual_style("toggle--label")
        indent = Content(" " * button.cell_length)
        return Content("\n").join(
            (button if n == 0 else indent)
            + line.pad(1, 1 + widest - line.cell_length).stylize_before(style)
            for n, line in enumerate(lines)
        )

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        return len(self._lines(width))


class OptionButton(ChoiceButton):
    """One option of an inject: it knows the option's id."""

    def __init__(self, option_id: str, label: Text, value: bool = False) -> None:
        super().__init__(label, value=value)
        self.option_id = option_id
