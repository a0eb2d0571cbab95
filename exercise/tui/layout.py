"""Layout constants every screen shares."""

from __future__ import annotations

from textual.dom import DOMNode

WIDE_FROM = 110  # columns: from here a screen sets its panes side by side
BREAKPOINTS = [(0, "-narrow"), (WIDE_FROM, "-wide")]  # Textual's HORIZONTAL_BREAKPOINTS
# Seconds: long enough for a frame to be drawn first (Textual draws at 60 frames a second).
AFTER_A_FRAME = 2 / 60


def preset_breakpoint(screen: DOMNode, width: int) -> None:
    """Give a screen the BREAKPOINTS class Textual would add after its first layout, before it
    mounts: the whole screen is styled once, not again when the class arrives."""
    wide = width >= WIDE_FROM
    screen.set_class(not wide, "-narrow").set_class(wide, "-wide")
