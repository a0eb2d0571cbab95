"""A banner under a console's header: what the room must be told (a new turn, a pause, time up,
the end), shown for a while, the newest replacing the last.

Given a line to stand in for (the console's scenario line, which a new turn's banner restates),
it takes that line's place while it shows: the screen below does not move, so a room of
consoles redraws one line at a new turn, not every widget under the header twice."""

from __future__ import annotations

from textual.timer import Timer
from textual.widget import Widget
from textual.widgets import Static


class Banner(Static):
    DEFAULT_CSS = """
    Banner { display: none; background: $accent; color: $text; text-style: bold; }
    Banner.-shown { display: block; }
    """

    def __init__(self, seconds: float, stands_in_for: Widget | None = None, **kwargs):
        super().__init__("", markup=False, **kwargs)
        self.seconds = seconds
        self.stands_in_for = stands_in_for
        self._timer: Timer | None = None

    def say(self, text: str, bell: bool = False) -> None:
        self.update(text)
        self._shown(True)
        if bell:
            self.app.bell()
        if self._timer is not None:
            self._timer.stop()  # a new banner gets its own full time
        self._timer = self.set_timer(self.seconds, self.clear)

    def clear(self) -> None:
        """Take the banner down (its time is up), the line it stood in for back in its place."""
        self._shown(False)

    def _shown(self, shown: bool) -> None:
        self.set_class(shown, "-shown")
        if self.stands_in_for is not None:  # in the same frame: the lines below stay put
            self.stands_in_for.display = not shown

    @property
    def said(self) -> str:
        """What it shows now ("" once it has gone)."""
        return str(self.render()) if self.has_class("-shown") else ""
