"""Indicator names defined against the names used: a typo is told once, where it was made.

A scenario that defines `cohesoin` while its injects' effects say `cohesion` used to give an
error at every effect. The mistake is in one place, the definition, so it is reported there,
and the effects that name the intended indicator say nothing more. A name that is merely close
to a defined one gets a "did you mean" where it is used.

The same holds for the shared definitions in indicators/: a file whose id is misspelt is told
once, at its id, not in every scenario that names the indicator as everyone else spells it; a
scenario that misspells a shared indicator is told at its own entry. Which of the two names is
the mistake is the one fewer files use. Either way the rest of the content is checked as if the
name were spelt right.
"""

from __future__ import annotations

import difflib
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping
from typing import Any, NamedTuple

from exercise.content.indicators import Meant, is_own
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


def scenario_typos(
    lib: Library, scenario: Scenario, own: Iterable[str] | None = None
) -> list[Typo]:
    """Defined indicators nothing in the scenario uses, each paired with the undefined name its
    injects and end conditions use instead, when the two are close. `own` limits the pairing to
    the scenario's own indicators: a shared one's name is the one the other scenarios use, so a
    name close to it is the typo, and is told where it is used."""
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
    eligible = set(defined if own is None else own)
    for n, ident in enumerate(defined):
        if ident in used or defined.index(ident) != n or ident not in eligible:
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


class SharedTypo(NamedTuple):
    """A name scenarios give a shared indicator that no file in indicators/ defines, close to one
    that a file does define."""

    name: str  # as the scenarios write it
    definition: str  # the id of the definition it is close to
    tracked: str  # the name the scenarios track it under: the one more content uses
    at_definition: bool  # the definition's id is the mistake (else each scenario's entry)
    references: int  # scenario entries naming `name`
    uses: int  # effects and conditions naming `name`

    @property
    def meant(self) -> Meant:
        return Meant(self.definition, self.tracked)

    def message(self) -> str:
        """Said at the definition's id, when the mistake is there."""
        parts = [f"{self.references} scenario{'s' if self.references != 1 else ''}"]
        if self.uses:
            parts.append(f"{self.uses} effect{'s' if self.uses != 1 else ''} or condition")
            parts[-1] += "s" if self.uses != 1 else ""
        many = self.references + self.uses != 1
        return (
            f"indicator '{self.definition}' is defined but no scenario tracks it; "
            f"{' and '.join(parts)} name{'' if many else 's'} '{self.name}', which is not "
            "defined — a typo?"
        )


def shared_typos(
    lib: Library,
    scenarios: Iterable[Mapping[str, Any]],
    definitions: Mapping[str, Any],
    unreadable: Iterable[str] = (),
) -> list[SharedTypo]:
    """The names scenarios give shared indicators that are typos of a definition's id, read from
    the scenarios' data (they are built once these are known). `unreadable`: names a file that
    did not load defines, which are neither right nor wrong yet."""
    skip = set(unreadable)
    entries = [e for s in scenarios for e in s.get("indicators") or () if not is_own(e)]
    wanted: Counter[str] = Counter(
        e["id"] for e in entries if e["id"] not in definitions and e["id"] not in skip
    )
    if not wanted:
        return []
    named: Counter[str] = Counter(e["id"] for e in entries if e["id"] in definitions)
    uses = _uses(lib, scenarios)
    claimed: dict[str, str] = {}  # definition -> the name taken to be right for it
    out: list[SharedTypo] = []
    # The most used name first: it is the one a definition is renamed to, if any is.
    for name in sorted(wanted, key=lambda n: (-(wanted[n] + uses[n]), n)):
        match = difflib.get_close_matches(name, sorted(definitions), n=1, cutoff=TYPO_CUTOFF)
        if not match:
            continue
        ident = match[0]
        heavier = wanted[name] + uses[name] > named[ident] + uses[ident]
        at_definition = heavier and ident not in claimed
        if at_definition:
            claimed[ident] = name
        tracked = name if at_definition else claimed.get(ident, ident)
        out.append(SharedTypo(name, ident, tracked, at_definition, wanted[name], uses[name]))
    return out


def _uses(lib: Library, scenarios: Iterable[Mapping[str, Any]]) -> Counter[str]:
    """How often each indicator name is used: injects' effects and conditions, and scenarios'
    end conditions (as written: the scenarios are not built yet)."""
    counts: Counter[str] = Counter()
    for inj in lib.injects.values():
        _inject_uses(inj, counts, counts)
    for s in scenarios:
        for end in s.get("end_conditions") or ():
            counts.update(c["indicator"] for c in end.get("when") or () if "indicator" in c)
    return counts
