"""What a session file adds to its scenario's MSEL: the world it was played with, and the turn
and time each inject came out (an inject whose release was withdrawn counts as not released)."""

from __future__ import annotations

from pathlib import Path

from exercise.content.msel import Played
from exercise.content.msel_yaml import canonical
from exercise.engine import events as ev
from exercise.engine.state import UNSTARTED
from exercise.session.service import _fold as fold_rows  # the one fold of a log, its errors named
from exercise.store import SessionLog


def session_msel(path: Path | str) -> tuple[dict, dict[str, Played]]:
    """The session's world (its scenario and every inject, those written in session too) and,
    for each inject out at the end of the log, when it came out. Read once, never written:
    NotASession or SessionFileError as opening the file says."""
    with SessionLog(path, readonly=True) as log, log.reading():
        rows = list(log.rows())
        where = log.path
    state, events = fold_rows(UNSTARTED, rows, where)
    at: dict[str, str] = {}
    for row, event in zip(rows, events, strict=True):
        if isinstance(event, ev.InjectReleased):
            at[event.inject_id] = row.at  # a release withdrawn and made again: the last one
    played = {r.inject_id: Played(r.turn, at.get(r.inject_id, "")) for r in state.releases}
    raw = state.world.raw
    injects = [canonical({k: v for k, v in d.items() if k != "written_by"}) for d in raw["injects"]]
    return {"scenario": raw["scenario"], "injects": injects}, played
