"""What the observer seat shows that no other console does: every ruling in full (the white
cell's, private ones too), and the observer's own observations, each rating in words.

Everything here is Content built from the session's text (YAML, what people typed), never
markup: a bracket in a name or a note reaches the screen as written.
"""

from __future__ import annotations

import time
from collections.abc import Sequence

from textual.content import Content

from exercise.engine.judgement import RATINGS, roll_text
from exercise.engine.state import Ruling, State
from exercise.session.observations import Noted

KINDS = {"note": "note", "strength": "strength", "improvement": "area for improvement"}


def rating_text(code: str) -> str:
    """'S — performed with some challenges'; '' for no rating."""
    return f"{code} — {RATINGS[code]}" if code in RATINGS else ""


def _role_name(state: State, role: str) -> str:
    spec = state.world.roles.get(role)
    return spec.name if spec is not None else role


def _objective_text(state: State, role: str, objective: str) -> str:
    spec = state.world.roles.get(role)
    found = next((o for o in spec.objectives if o.id == objective), None) if spec else None
    return f"{objective}: {found.text}" if found is not None else objective


def _indicator(state: State, ind_id: str) -> str:
    spec = state.world.scenario.indicator(ind_id)
    return spec.label if spec is not None else ind_id


def _ruling(state: State, r: Ruling) -> Content:
    told = (
        "told to every team"
        if r.public
        else "told to " + ", ".join(_role_name(state, a) for a in r.audience)
    )
    head: list = [(f"Ruling {r.ruling_id}, turn {r.turn}", "bold"), f" · {r.method} · {told}"]
    if r.voided:
        head.append((f"  VOIDED: {r.voided}", "bold $warning"))
    changes = (
        ", ".join(f"{_indicator(state, k)} {v:+d}" for k, v in r.deltas.items())
        or "no indicator change"
    )
    lines: list = ["\n", r.narrative, "\n", ("Changes: ", "italic"), changes]
    if r.matrix:
        lines += ["\n", (f"Dice: {roll_text(r.matrix)}", "bold $accent")]
    if r.reason:
        lines += ["\n", ("Why: ", "italic"), r.reason]
    if r.decision_ids:
        lines += ["\n", ("On: ", "italic"), ", ".join(r.decision_ids)]
    return Content.assemble(*head, *lines)


def rulings_content(state: State) -> Content:
    """Every ruling, newest first, with what it changed and whom it was told to."""
    if not state.rulings:
        return Content("No ruling yet.")
    return Content("\n\n").join([_ruling(state, r) for r in reversed(state.rulings)])


def _observation(state: State, noted: Noted) -> Content:
    e = noted.event
    when = time.strftime("%H:%M", time.localtime(e.at))
    head: list = [
        (f"#{noted.seq}", "bold"),
        f" · turn {e.turn}, {when} · {KINDS.get(e.kind, e.kind)}",
    ]
    if e.about:
        head.append(f" · about event #{e.about}")
    tied: list = []
    if e.role:
        tied = ["\n", (_role_name(state, e.role), "bold")]
        if e.objective:
            tied += [" · ", _objective_text(state, e.role, e.objective)]
    if e.rating:
        tied += ["\n", ("Rating: ", "italic"), (rating_text(e.rating), "bold")]
    return Content.assemble(*head, *tied, "\n", e.text)


def observations_content(state: State, mine: Sequence[Noted], author: str) -> Content:
    """The observer's own observations, newest first."""
    if not mine:
        return Content.assemble(
            "No observation by ",
            (author, "bold"),
            " yet. Press o to record one; in the log (5), pick the event it is about first.",
        )
    return Content("\n\n").join([_observation(state, n) for n in reversed(mine)])
