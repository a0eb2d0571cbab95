"""The session's codes: one per team, the facilitator's (the served white cell) and the
observer's (the observer seat, which sees everything and records observations only).

Codes are drawn here, with `secrets`, and written into events (SessionStarted, CodeIssued), so a
replay never draws again. A session created before a seat had a code gets one the first time
`ttx codes`, `ttx serve` or `ttx observe` looks for it, as one CodeIssued event.
"""

from __future__ import annotations

import hmac
from collections.abc import Iterable

from exercise.engine.state import State
from exercise.session.service import FACILITATOR, Session, new_code

__all__ = [
    "FACILITATOR",
    "OBSERVER",
    "SEATS",
    "NoSeat",
    "draw_codes",
    "facilitator_code",
    "holders",
    "observer_admits",
    "observer_code",
    "team_codes",
]

OBSERVER = "observer"  # the observer seat: the holder of its code, and its presence role
SEATS = (FACILITATOR, OBSERVER)  # who holds a code besides the teams
MAX_TYPED = 32  # anything longer is not a code; refused before any comparison


class NoSeat(Exception):
    """This session cannot give that seat a code (a team of the scenario has its name)."""


def holders(roles: Iterable[str]) -> list[str]:
    """Who a new session draws codes for: its roles, then each seat no role is named after (a
    role keeps its own code: a seat never takes it over)."""
    roles = list(roles)
    return [*roles, *(seat for seat in SEATS if seat not in roles)]


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
    """role -> join code, for the session's played roles only (never a seat's)."""
    codes = session.state.codes
    return {r: codes[r] for r in session.state.world.played if r in codes}


def _seat_code(session: Session, seat: str) -> str:
    """A seat's code, issued (one CodeIssued event) when this session has none yet. Refused
    (engine.Refused) when the log cannot record it; NoSeat when a role has the seat's name."""
    from exercise.engine import commands as cmd

    if _named_after_a_role(session.state, seat):
        raise NoSeat(f"a role of this scenario is called '{seat}': that seat has no code")
    code = session.state.codes.get(seat)
    if code:
        return code
    [(_, fresh)] = draw_codes([seat], taken=session.state.codes.values())
    session.execute(cmd.IssueCode(seat, fresh))
    return session.state.codes[seat]


def facilitator_code(session: Session) -> str:
    """The facilitator's code, issued (one CodeIssued event) when this session has none yet."""
    return _seat_code(session, FACILITATOR)


def observer_code(session: Session) -> str:
    """The observer's code, issued (one CodeIssued event) when this session has none yet."""
    return _seat_code(session, OBSERVER)


def observer_admits(state: State, typed: str) -> bool:
    """Whether `typed` is this session's observer code: never a team's, never the facilitator's
    (codes are drawn distinct), and nothing when the session has no observer code."""
    code = "" if _named_after_a_role(state, OBSERVER) else state.codes.get(OBSERVER, "")
    typed = typed.strip().upper()
    return (
        bool(code)
        and len(typed) <= MAX_TYPED
        and hmac.compare_digest(typed.encode(), code.encode())
    )


def _named_after_a_role(state: State, seat: str) -> bool:
    return seat in state.world.played or seat in state.world.roles
