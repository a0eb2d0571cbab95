"""Corrections without breaking the log: a ruling taken back by a compensating event.

The log stays append-only. Voiding a ruling records what it takes back, computed from what the
ruling itself changed (kept on the Ruling as it was applied): each indicator moves back by what
the ruling moved it (clamped to its bounds, so later rulings keep their own effect), the flags it
set or cleared are put back, the covert moves it put into effect are undone, and its decisions
are open again for a new ruling.
"""

from __future__ import annotations

from exercise.engine import commands as cmd
from exercise.engine import events as ev
from exercise.engine.refused import Refused
from exercise.engine.state import Ruling, State


def compensation(s: State, r: Ruling) -> dict[str, int]:
    """Indicator -> its value once `r`'s own change is taken back from where it stands now."""
    out: dict[str, int] = {}
    for ind_id, after in r.applied.items():
        before = r.before.get(ind_id)
        spec = s.world.scenario.indicator(ind_id)
        if before is None or spec is None or after == before:
            continue
        now = s.indicators.get(ind_id, spec.start)
        value = spec.clamp(now - (after - before))
        if value != now:
            out[ind_id] = value
    return out


def void_ruling(c: cmd.VoidRuling, s: State) -> list[ev.Event]:
    r = s.ruling(c.ruling_id)
    if r is None:
        raise Refused(f"there is no ruling '{c.ruling_id}'")
    if r.voided:
        raise Refused(f"ruling {r.ruling_id} is already void")
    reason = c.reason.strip()
    if not reason:
        raise Refused("say why the ruling is void: the teams and the review are told")
    moves = [d for d in r.decision_ids if d in s.covert and s.covert[d].turn == r.turn]
    found = [d for d in moves if not s.covert[d].hidden]
    if found:
        raise Refused(
            f"ruling {r.ruling_id} put a covert move into effect that has since come out "
            f"({found[0]}): what the teams learnt cannot be taken back"
        )
    return [
        ev.RulingVoided(
            r.ruling_id,
            reason,
            compensation(s, r),
            r.flags_removed,
            r.flags_added,
            tuple(moves),
            c.author,
            s.turn,
            c.at,
        )
    ]


def withdraw_release(c: cmd.WithdrawRelease, s: State) -> list[ev.Event]:
    rel = next((r for r in s.releases if r.inject_id == c.inject_id), None)
    if rel is None:
        raise Refused(f"'{c.inject_id}' has not been released")
    if rel.how == "discovery":
        raise Refused("a covert move that came out cannot be put back in the dark")
    on_it = [d for d in s.decisions.values() if d.inject_id == c.inject_id]
    ruled = [d for d in on_it if d.ruling_id]
    if ruled:
        raise Refused(
            f"{ruled[0].role}'s decision on it has been ruled on ({ruled[0].ruling_id}): "
            "void that ruling first (u)"
        )
    open_ids = tuple(d.decision_id for d in on_it if not d.withdrawn)
    return [ev.ReleaseWithdrawn(c.inject_id, open_ids, c.author, s.turn, c.at)]


def undo_phase(c: cmd.UndoPhase, s: State) -> list[ev.Event]:
    if s.phase == 0:
        raise Refused("this turn is at its first phase: a new turn's opening cannot be undone")
    return [ev.PhaseUndone(s.turn, s.phase - 1, c.author, c.at)]
