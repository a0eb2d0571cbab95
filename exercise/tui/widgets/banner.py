"""A banner under a console's header: what the room must be told (a new turn, a pause, time up,
the end), shown for a while, the newest replacing the last.

A resting banner is a line of its own between banners (the console's scenario line, which a
new turn's banner restates): the banner is written over it and the line comes back when the
banner goes, in one widget of one line. Nothing below moves and nothing is laid out again, so a
room of consoles redraws one line at a new turn, not every widget under the header."""

from __future__ import annotations

from textual.content import Content
from textual.timer import Timer
from textual.widgets import Static


class Banner(Static):
    DEFAULT_CSS = """
    Banner { display: none; }
    Banner.-resting { display: block; height: 1; }
    Banner.-shown { display: block; background: $accent; color: $text; text-style: bold; }
    """

    def __init__(self, seconds: float, resting: bool = False, **kwargs):
        """`resting`: a line of its own shows between banners (`rest`); else none does."""
        super().__init__("", markup=False, **kwargs)
        self.seconds = seconds
        self.resting = resting
        self.set_class(resting, "-resting")
        self._rest: Content | str = ""
        self._said = ""
        self._timer: Timer | None = None

    def rest(self, line: Content | str) -> None:
        """The line shown between banners (a resting banner's)."""
        self._rest = line
        if not self._said:
            self._draw(line)

    @property
    def resting_line(self) -> str:
        return str(self._rest)

    def say(self, text: str, bell: bool = False) -> None:
        self._said = text
        self._draw(text)
        self.set_class(True, "-shown")
        if bell:
            self.app.bell()
        if self._timer is not None:
            self._timer.stop()  # a new banner gets its own full time
        self._timer = self.set_timer(self.seconds, self.clear)

    def clear(self) -> None:
        """Take the banner down (its time is up): the resting line, if any, comes back."""
        self._said = ""
        self.set_class(False, "-shown")
        if self.resting:
            self._draw(self._rest)

    def _draw(self, line: Content | str) -> None:
        # A resting banner is one line high whatever it says: drawn again, never laid out.
        self.update(line, layout=not self.resting)

    @property
    def said(self) -> str:
        """What it shows now ("" once it has gone)."""
        return self._said
