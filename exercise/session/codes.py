"""The session's codes: one per team, and the facilitator's, which opens the served white cell.

Codes are drawn here, with `secrets`, and written into events (SessionStarted, CodeIssued), so a
replay never draws again. Sessions created before the facilitator had a code get one the first
time `ttx codes` or `ttx serve` looks for it.
"""

from __future__ import annotations

from collections.abc import Iterable

from exercise.session.service import FACILITATOR, Session, new_code

__all__ = ["FACILITATOR", "draw_codes", "facilitator_code", "team_codes"]


def draw_codes(holders: Iterable[str], taken: Iterable[str] = ()) -> tuple[tuple[str, str], ...]:
    """One new code per holder, all different from each other and from `taken`."""
    used = set(taken)
    drawn = []
    for holder in holders:
        code = new_code()
        while code in used:
            code = new_code()
        used.add(code)
        drawn.append((holder, code))
    return tuple(drawn)


def team_codes(session: Session) -> dict[str, str]:
    """role -> join code, for the session's played roles only (never the facilitator's)."""
    codes = session.state.codes
    return {r: codes[r] for r in session.state.world.played if r in codes}


def facilitator_code(session: Session) -> str:
    """The facilitator's code, issued (one CodeIssued event) when this session has none yet."""
    from exercise.engine import commands as cmd

    code = session.state.codes.get(FACILITATOR)
    if code:
        return code
    [(_, fresh)] = draw_codes([FACILITATOR], taken=session.state.codes.values())
    session.execute(cmd.IssueCode(FACILITATOR, fresh))
    return session.state.codes[FACILITATOR]
