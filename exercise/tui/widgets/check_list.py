"""A selection list whose box says by its shape whether an item is ticked.

Textual's SelectionList draws the same X in every box, ticked or not, and tells them apart by
colour alone; here an unticked box is empty, so the choice reads in any theme and in monochrome.
"""

from __future__ import annotations

from rich.segment import Segment
from textual.strip import Strip
from textual.widgets import Checkbox, SelectionList


class CheckList(SelectionList[str]):
    def render_line(self, y: int) -> Strip:
        strip = super().render_line(y)
        segments = list(strip)
        if len(segments) < 2 or segments[1].text != Checkbox.BUTTON_INNER:
            return strip
        box = segments[1]
        index = (box.style.meta if box.style else {}).get("option")
        if index is None or self.get_option_at_index(index).value in self.selected:
            return strip
        segments[1] = Segment(" " * len(box.text), box.style)
        return Strip(segments, strip.cell_length)
