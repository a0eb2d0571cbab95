"""Layout constants every screen shares."""

from __future__ import annotations

WIDE_FROM = 110  # columns: from here a screen sets its panes side by side
BREAKPOINTS = [(0, "-narrow"), (WIDE_FROM, "-wide")]  # Textual's HORIZONTAL_BREAKPOINTS
