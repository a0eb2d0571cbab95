"""What the whole room may see: the only shape in which the projector (plenary) view gets data.

Built like a team's view, from the engine's filtered queries: public injects with no historical
note, sources, facilitator notes or option effects; public rulings with their dice and no
indicator values; and only the indicators the facilitator has chosen to show. Nothing private
and no facilitator note can reach the wall, because these objects have no field to hold it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import NamedTuple

from exercise.engine import view
from exercise.engine.state import State
from exercise.session.team_view import (
    Position,
    ShownIndicator,
    TeamRuling,
    position_fields,
    shown_indicators,
    team_ruling,
)


class PublicInject(NamedTuple):
    turn: int
    title: str
    date: str
    sender: str
    medium: str
    body: str
    counterfactual: bool  # marked on the wall as on the teams' consoles


@dataclass(frozen=True)
class PublicView(Position):
    injects: tuple[PublicInject, ...]  # newest first
    rulings: tuple[TeamRuling, ...]  # newest first
    indicators: tuple[ShownIndicator, ...]
    seq: int


def public_view(state: State) -> PublicView:
    return PublicView(
        **position_fields(state),
        injects=tuple(
            PublicInject(rel.turn, i.title, i.date, i.sender, i.medium, i.body, i.counterfactual)
            for rel, i in view.public_releases(state)
        ),
        rulings=tuple(team_ruling(r) for r in view.public_rulings(state)),
        indicators=shown_indicators(state),
        seq=state.seq,
    )
