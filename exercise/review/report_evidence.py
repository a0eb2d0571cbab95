"""Observers' ratings and their evidence: the event an observation concerns, described as the
timeline describes it and tied to the section of the report that shows it.

An objective's rating is the latest an observer gave it (a later rating supersedes an earlier
one; every rated observation stays listed under the objective with its evidence).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterable, Sequence

from exercise.engine import events as ev
from exercise.engine.state import State
from exercise.review.judgement_types import Evidence
from exercise.review.report_types import LedgerEntry, Observation, Turn
from exercise.session.narrate import describe

NARRATIVE, LEDGER = "narrative", "ledger"

EventAt = Callable[[int], "ev.Event | None"]  # the event of a seq in the report's log


def shown_events(turns: Sequence[Turn], ledger: Sequence[LedgerEntry]) -> dict[int, str]:
    """Event number -> the section that shows that event: a ruling in the ledger (with its
    roll), turns, releases, decisions, messages and corrections in the narrative."""
    out: dict[int, str] = {}
    for t in turns:
        seqs = [t.seq, *(i.seq for i in t.injects), *(d.seq for d in t.decisions)]
        seqs += [m.seq for m in t.messages] + [c.seq for c in t.corrections]
        out.update((s, NARRATIVE) for s in seqs if s)
    out.update((r.seq, LEDGER) for r in ledger if r.seq)
    return out


def with_evidence(
    observations: Iterable[Observation],
    about: dict[int, int],
    event_at: EventAt,
    state: State,
    shown: dict[int, str],
) -> list[Observation]:
    """The observations, each with the event it concerns (when it names one)."""
    out = []
    for o in observations:
        seq = about.get(o.seq)
        if not seq:
            out.append(o)
            continue
        event = event_at(seq)
        what = describe(event, state) if event is not None else f"event {seq}"
        out.append(dataclasses.replace(o, about=Evidence(seq, what, shown.get(seq))))
    return out


def rating_of(observations: Sequence[Observation]) -> tuple[str | None, int | None]:
    """An objective's rating and the observation that gave it: the latest rated one."""
    rated = [o for o in observations if o.rating]
    return (rated[-1].rating, rated[-1].seq) if rated else (None, None)


def anchored(observations: Iterable[Observation]) -> frozenset[int]:
    """The events some observation points at that the report shows: the HTML gives exactly
    these an anchor, so a report whose observations point at nothing has none."""
    return frozenset(o.about.seq for o in observations if o.about and o.about.shown_in)
