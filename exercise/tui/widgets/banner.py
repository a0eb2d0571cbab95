"""A banner under a console's header: what the room must be told (a new turn, a pause, time up,
the end), shown for a while, the newest replacing the last."""

from __future__ import annotations

from textual.timer import Timer
from textual.widgets import Static


class Banner(Static):
    DEFAULT_CSS = """
    Banner { display: none; background: $accent; color: $text; text-style: bold; }
    Banner.-shown { display: block; }
    """

    def __init__(self, seconds: float, **kwargs):
        super().__init__("", markup=False, **kwargs)
        self.seconds = seconds
        self._timer: Timer | None = None

    def say(self, text: str, bell: bool = False) -> None:
        self.update(text)
        self.add_class("-shown")
        if bell:
            self.app.bell()
        if self._timer is not None:
            self._timer.stop()  # a new banner gets its own full time
        self._timer = self.set_timer(self.seconds, lambda: self.remove_class("-shown"))

    @property
    def said(self) -> str:
        """What it shows now ("" once it has gone)."""
        return str(self.render()) if self.has_class("-shown") else ""
