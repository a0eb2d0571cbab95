"""Shared indicators (indicators/<id>.yaml) and the scenarios that track them.

An indicator is defined once: its label, bounds, a default start and each role's default stance.
A scenario lists the indicators it tracks by id and may give one its own start, label,
description or stances (`higher_is`, role by role); the bounds stay the definition's, because
the effects of injects that several scenarios use are sized to them. An id that no file in
indicators/ defines is an indicator of that scenario alone, written out in full.

`expand` writes every entry out, so the model, the engine and a session's world see one complete
definition per indicator, exactly what the scenario would hold had it spelt each one out: the
definition's stances count for the roles the scenario plays (a role it does not play has no
scorecard in it), and a key is only there when the definition or the entry gives it.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, NamedTuple

OVERRIDES = ("label", "description", "start", "higher_is")  # what a scenario may set
BOUNDS = ("min", "max")  # what it may not
OWN = ("label", "min", "max", "start")  # what an indicator of one scenario alone must give


class Meant(NamedTuple):
    """A name that no definition has, read as the definition its author meant (a typo, told once
    where it was made: see indicator_names.shared_typos)."""

    definition: str  # the id of the definition it takes
    tracked: str  # the id the scenario tracks it under: the name effects and conditions use


class Entry(NamedTuple):
    """How one entry of a scenario's `indicators` was read."""

    position: int  # in the list as written
    name: str  # its id as written
    definition: str = ""  # the shared definition it takes; "" for one of this scenario alone
    tracked: str = ""  # the id it is tracked under; "" when it could not be read (unknown)

    @property
    def shared(self) -> bool:
        return bool(self.definition)


class Expanded(NamedTuple):
    """A scenario's data with its indicators written out, and how each entry was read."""

    data: dict[str, Any]
    entries: tuple[Entry, ...]  # one per entry as written

    def tracked(self) -> tuple[Entry, ...]:
        """The entries the scenario tracks, in the order of its model's indicators."""
        return tuple(e for e in self.entries if e.tracked)


def is_own(entry: Mapping[str, Any]) -> bool:
    """Whether an entry writes out an indicator of its own (everything but the stances)."""
    return all(key in entry for key in OWN)


def expand(
    data: dict[str, Any],
    shared: Mapping[str, Mapping[str, Any]],
    meant: Mapping[str, Meant] | None = None,
) -> Expanded:
    """The scenario with each indicator written out in full; an entry that is neither a shared
    indicator nor written out in full is left out (the checks say why)."""
    roles = data.get("roles") or ()
    out: list[dict[str, Any]] = []
    entries: list[Entry] = []
    for n, entry in enumerate(data.get("indicators") or ()):
        name = entry["id"]
        if name in shared:
            found: Meant | None = Meant(name, name)
        else:
            found = (meant or {}).get(name)
        if found is not None:
            out.append(merged(found.tracked, shared[found.definition], entry, roles))
            entries.append(Entry(n, name, found.definition, found.tracked))
        elif is_own(entry):
            out.append(dict(entry))
            entries.append(Entry(n, name, "", name))
        else:
            entries.append(Entry(n, name))
    return Expanded({**data, "indicators": out}, tuple(entries))


def merged(
    ident: str, definition: Mapping[str, Any], entry: Mapping[str, Any], roles: Any
) -> dict[str, Any]:
    """One shared indicator as a scenario tracks it: the definition, with the entry's start,
    label, description and stances where it gives them."""
    out: dict[str, Any] = {"id": ident, "label": entry.get("label", definition["label"])}
    description = entry.get("description", definition.get("description"))
    if description is not None:
        out["description"] = description
    out["min"], out["max"] = definition["min"], definition["max"]
    out["start"] = entry.get("start", definition["start"])
    stances = {r: v for r, v in (definition.get("higher_is") or {}).items() if r in roles}
    stances.update(entry.get("higher_is") or {})
    if stances or "higher_is" in entry:
        out["higher_is"] = stances
    return out
