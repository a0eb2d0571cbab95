"""Indicator names a scenario defines against the names its injects use: a typo is told once.

A scenario that defines `cohesoin` while its injects' effects say `cohesion` used to give an
error at every effect. The mistake is in one place, the definition, so it is reported there,
and the effects that name the intended indicator say nothing more. A name that is merely close
to a defined one gets a "did you mean" where it is used.
"""

from __future__ import annotations

import difflib
from collections import Counter
from collections.abc import Iterable, Iterator
from typing import NamedTuple

from exercise.content.model import Condition, Inject, Library, Option, Scenario

# Close enough that one name is surely meant for the other (cohesoin/cohesion scores 0.875);
# a looser bar would pair an unused indicator with an unrelated name.
TYPO_CUTOFF = 0.8
HINT_CUTOFF = 0.75


class Typo(NamedTuple):
    position: int  # of the definition in the scenario's indicators
    defined: str
    used: str  # the undefined name the scenario's injects use instead
    effects: int
    conditions: int

    def message(self) -> str:
        parts = []
        if self.effects:
            parts.append(f"{self.effects} effect{'s' if self.effects != 1 else ''}")
        if self.conditions:
            parts.append(f"{self.conditions} condition{'s' if self.conditions != 1 else ''}")
        many = self.effects + self.conditions != 1
        return (
            f"indicator '{self.defined}' is defined but never used; {' and '.join(parts)} "
            f"name{'' if many else 's'} '{self.used}', which is not defined — a typo?"
        )


def option_effect_names(option: Option) -> Iterator[str]:
    """Every indicator an option changes: when ruled on, under a condition, or when found out."""
    yield from (name for name, _ in option.effects)
    for extra in option.effects_if:
        yield from (name for name, _ in extra.effects)
    if option.covert is not None:
        yield from (name for name, _ in option.covert.effects)


def _condition_names(conditions: Iterable[Condition]) -> Iterator[str]:
    return (c.indicator for c in conditions if c.indicator)


def _inject_uses(inj: Inject, effects: Counter[str], conditions: Counter[str]) -> None:
    for option in inj.options:
        effects.update(option_effect_names(option))
        conditions.update(_condition_names(option.conditions()))
    if inj.trigger is not None:
        conditions.update(_condition_names(inj.trigger.when))


def scenario_typos(lib: Library, scenario: Scenario) -> list[Typo]:
    """Defined indicators nothing in the scenario uses, each paired with the undefined name its
    injects and end conditions use instead, when the two are close."""
    effects: Counter[str] = Counter()
    conditions: Counter[str] = Counter()
    for inj_id in lib.world_inject_ids(scenario):
        inj = lib.injects.get(inj_id)
        if inj is not None:
            _inject_uses(inj, effects, conditions)
    for end in scenario.end_conditions:
        conditions.update(_condition_names(end.when))
    defined = [i.id for i in scenario.indicators]
    used = set(effects) | set(conditions)
    undefined = sorted(used.difference(defined))
    typos: list[Typo] = []
    if not undefined:
        return typos
    for n, ident in enumerate(defined):
        if ident in used or defined.index(ident) != n:
            continue
        match = difflib.get_close_matches(ident, undefined, n=1, cutoff=TYPO_CUTOFF)
        if match:
            undefined.remove(match[0])
            typos.append(Typo(n, ident, match[0], effects[match[0]], conditions[match[0]]))
    return typos


def did_you_mean(name: str, known: Iterable[str]) -> str:
    """'; did you mean 'x'?' for the closest known name, or nothing when none is close."""
    hint = difflib.get_close_matches(name, sorted(known), n=1, cutoff=HINT_CUTOFF)
    return f"; did you mean '{hint[0]}'?" if hint else ""
