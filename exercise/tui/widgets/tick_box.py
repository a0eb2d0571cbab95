"""A check box whose X is drawn only when it is ticked: Textual's Checkbox draws it either way
and tells the two apart by colour alone (as widgets/check_list.py says of its SelectionList), so
here an unticked box is empty and the choice reads in any theme and in monochrome."""

from __future__ import annotations

from textual.widgets import Checkbox

TICK = Checkbox.BUTTON_INNER


class TickBox(Checkbox):
    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._mark_box()

    def watch_value(self) -> None:
        self._mark_box()
        super().watch_value()

    def _mark_box(self) -> None:
        # BUTTON_INNER is read each time the button is drawn: what it holds now is what shows.
        self.BUTTON_INNER = TICK if self.value else " "
