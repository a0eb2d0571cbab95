"""Which parts of the facilitator console an event can change, so that a new event repaints
only those (an observation only the log, a team's read only the teams table).

What an event *means* is the engine's; this is only where the console shows it. An event not
named here repaints everything: a new kind of event is never left unshown.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # by name below: a console started at the log's head never loads the events
    from exercise.engine.events import Event

# The board tab shows three parts; every other tab is one part of its own name.
TAB_PARTS: dict[str, tuple[str, ...]] = {
    "board": ("teams", "indicators", "turn"),
    "injects": ("injects",),
    "decisions": ("decisions",),
    "chart": ("chart",),
    "log": ("log",),
}
EVERY_PART = frozenset({"status", *(p for parts in TAB_PARTS.values() for p in parts)})

_DECISION = frozenset({"teams", "turn", "decisions", "log"})
TOUCHES: dict[str, frozenset[str]] = {
    "ObservationAdded": frozenset({"log"}),
    "CodeIssued": frozenset({"log"}),
    "JoinRefused": frozenset({"log"}),
    "TeamJoined": frozenset({"teams", "log"}),
    "TeamSeen": frozenset({"teams"}),
    "InjectRead": frozenset({"teams", "log"}),
    "DecisionSubmitted": _DECISION,
    "DecisionAmended": _DECISION,
    "DecisionWithdrawn": _DECISION,
    "ClockPaused": frozenset({"status", "log"}),
    "ClockResumed": frozenset({"status", "log"}),
    "ClockRestarted": frozenset({"status", "log"}),
    "SourcesShown": frozenset({"log"}),
    "IndicatorsShown": frozenset({"indicators", "log"}),
    "MessageSent": frozenset({"log"}),
    "MessageRead": frozenset({"log"}),
}


def touched(events: Iterable[Event] | None) -> frozenset[str]:
    """The parts `events` can change; every part when the events are not known (a load)."""
    if events is None:
        return EVERY_PART
    parts: set[str] = set()
    for event in events:
        parts |= TOUCHES.get(type(event).__name__, EVERY_PART)
    return frozenset(parts)
