"""The static content a session runs on: one scenario, its injects and the roles.

A session carries its world inside its first event, so a session file is self-contained:
consoles and the review need no YAML, and later edits to content never change a replay.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from exercise.content.model import Inject, Role, Scenario


@dataclass(frozen=True)
class World:
    scenario: Scenario
    injects: dict[str, Inject]
    roles: dict[str, Role]
    raw: dict  # the validated content dicts, as stored in the session log
    # Inject id -> the played roles asked to decide on it: asked after every command of a run.
    deciders: dict[str, tuple[str, ...]] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        played = self.scenario.roles
        deciders = {i: inj.deciders_in(played) for i, inj in self.injects.items()}
        object.__setattr__(self, "deciders", deciders)

    @property
    def played(self) -> tuple[str, ...]:
        return self.scenario.roles

    def with_inject(self, content: dict) -> World:
        """This world with one more inject (written in session), its content kept in `raw` so a
        snapshot of the state holds it as the log does."""
        from exercise.content import build

        inject = build.inject(content)
        raw = {**self.raw, "injects": [*self.raw["injects"], content]}
        return World(self.scenario, {**self.injects, inject.id: inject}, self.roles, raw)

    def phase_count(self) -> int:
        return len(self.scenario.phases)

    def turn_count(self) -> int:
        return len(self.scenario.turns)


# Built worlds by the identity of their raw dict, which each entry holds so the id is never
# reused. A playthrough asks for its world three times (decide, evolve, the driver's fold) and a
# sweep plays thousands: without this, building it is a third of a run. Entries are shared, so a
# raw dict must not change once a session has started from it (the World holds it already).
_BUILT: dict[int, tuple[dict, World]] = {}
_KEEP = 8


def world_from_raw(raw: dict) -> World:
    """The World of `raw`, built once for as long as the same dict is in use."""
    hit = _BUILT.get(id(raw))
    if hit is not None and hit[0] is raw:
        return hit[1]
    world = _build(raw)
    if len(_BUILT) >= _KEEP:
        _BUILT.pop(next(iter(_BUILT), 0), None)  # the oldest: sessions come and go, memory stays
    _BUILT[id(raw)] = (raw, world)
    return world


def _build(raw: dict) -> World:
    # Only a new session or a replay builds a world; a snapshot holds one built already.
    from exercise.content import build

    scenario = build.scenario(raw["scenario"])
    injects = {d["id"]: build.inject(d) for d in raw["injects"]}
    roles = {d["id"]: build.role(d) for d in raw["roles"]}
    return World(scenario, injects, roles, raw)
