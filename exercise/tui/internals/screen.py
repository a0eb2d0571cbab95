"""A console screen styled once when it first shows, not twice.

Textual styles each widget as it mounts, then restyles the whole screen when it resumes. Its
first resume comes straight after that mount, so the restyle finds what the mount just set: for
a team console joining it was a fifth of the stylesheet work, and a room joining at once is 30
consoles doing it on two cores. `StyledOnce` lets that first resume skip the restyle (the
ScreenResume event's `refresh_styles`, which Textual reads in the private `_on_screen_resume`);
every later resume, after a dialog or another screen, restyles as before.
tests/tui/test_internals.py checks the shape.
"""

from __future__ import annotations

from textual import events
from textual.screen import Screen


class StyledOnce(Screen):
    _styled_at_mount = True  # until the first resume: the mount has just styled every widget

    def _on_screen_resume(self, event: events.ScreenResume) -> None:
        # Textual calls each class's handler along the MRO, this one before Screen's.
        if self._styled_at_mount:
            self._styled_at_mount = False
            event.refresh_styles = False
