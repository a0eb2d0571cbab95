"""The static content a session runs on: one scenario, its injects and the roles.

A session carries its world inside its first event, so a session file is self-contained:
consoles and the review need no YAML, and later edits to content never change a replay.
"""

from __future__ import annotations

from dataclasses import dataclass

from exercise.content.model import Inject, Role, Scenario


@dataclass(frozen=True)
class World:
    scenario: Scenario
    injects: dict[str, Inject]
    roles: dict[str, Role]
    raw: dict  # the validated content dicts, as stored in the session log

    @property
    def played(self) -> tuple[str, ...]:
        return self.scenario.roles

    def phase_count(self) -> int:
        return len(self.scenario.phases)

    def turn_count(self) -> int:
        return len(self.scenario.turns)


def world_from_raw(raw: dict) -> World:
    # Only a new session or a replay builds a world; a snapshot holds one built already.
    from exercise.content import build

    scenario = build.scenario(raw["scenario"])
    injects = {d["id"]: build.inject(d) for d in raw["injects"]}
    roles = {d["id"]: build.role(d) for d in raw["roles"]}
    return World(scenario, injects, roles, raw)
