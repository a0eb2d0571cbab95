"""The ids a content root defines, each with the words an editor shows beside it.

`ttx schema --workspace` turns these into the `enum`s of the workspace schemas. They are the
names `crossref` looks references up in: roles, the senders (roles and actors), the indicators
the scenarios track or indicators/ defines, each role's objectives, the bibliography keys, the
injects (those with a trigger apart: only they may be listed as triggered), every inject/option
pair, and the flags some option sets.

A file that does not load still counts for the names it would define (`broken`): the author is
mid-edit, and an editor that flagged every reference to it would bury the one real mistake.
"""

from __future__ import annotations

from pathlib import Path
from typing import NamedTuple

from exercise.content.broken import FLAG, INDICATOR, INJECT, ROLE, SENDER, SOURCE, BrokenFile
from exercise.content.library import Loaded, load
from exercise.content.model import Library

Named = dict[str, str]  # id -> what the editor shows beside it


class KnownIds(NamedTuple):
    roles: Named
    played: Named  # the roles a scenario may list
    senders: Named  # roles and actors: an inject's `from`
    indicators: Named  # tracked by a scenario, or defined in indicators/
    shared: Named  # defined in indicators/: what a scenario's `indicators` may name
    objectives: dict[str, Named]  # role id -> its objectives
    sources: Named  # bibliography keys
    injects: Named
    triggered: Named  # injects with a trigger
    decisions: Named  # "inject-id/option-id"
    flags: Named  # set by some option
    broken_injects: tuple[str, ...]  # whose options cannot be known until they load
    broken_files: tuple[str, ...]

    def all_objectives(self) -> Named:
        return {
            o: f"{role}: {text}" for role, own in self.objectives.items() for o, text in own.items()
        }


def known_ids(root: Path) -> KnownIds:
    loaded = load(root)
    ids = _from_library(loaded.library)
    return _with_broken(ids, loaded)


def _from_library(lib: Library) -> KnownIds:
    roles = {r.id: r.name for r in lib.roles.values()}
    played = {r.id: r.name for r in lib.roles.values() if r.played}
    actors = {a.id: f"{a.name} (an actor of {r.id})" for r in lib.roles.values() for a in r.actors}
    injects = {i.id: f"{i.title} ({i.date})" for i in lib.injects.values()}
    decisions = {
        f"{i.id}/{o.id}": f"{i.title}: {o.label}" for i in lib.injects.values() for o in i.options
    }
    flags: dict[str, list[str]] = {}
    for inj in lib.injects.values():
        for option in inj.options:
            for flag in option.flags_set():
                flags.setdefault(flag, []).append(f"{inj.id}/{option.id}")
    return KnownIds(
        roles=roles,
        played=played,
        senders={**roles, **actors},
        indicators=_indicators(lib),
        shared={i.id: f"{i.title} ({i.min}..{i.max})" for i in lib.indicators.values()},
        objectives={r.id: {o.id: o.text for o in r.objectives} for r in lib.roles.values()},
        sources={s.key: f"{s.author}, {s.title} ({s.date})" for s in lib.sources.values()},
        injects=injects,
        triggered={i.id: injects[i.id] for i in lib.injects.values() if i.trigger is not None},
        decisions=decisions,
        flags={f: "set by " + ", ".join(by) for f, by in flags.items()},
        broken_injects=(),
        broken_files=(),
    )


def _indicators(lib: Library) -> Named:
    tracked: dict[str, list[str]] = {i: [] for i in lib.indicators}
    labels = {i.id: f"{i.title} ({i.min}..{i.max})" for i in lib.indicators.values()}
    for scenario in lib.scenarios.values():
        for ind in scenario.indicators:
            labels.setdefault(ind.id, f"{ind.title} ({ind.min}..{ind.max})")
            tracked.setdefault(ind.id, []).append(scenario.id)
    return {
        i: f"{labels[i]}; " + (f"tracked by {', '.join(by)}" if by else "tracked by no scenario")
        for i, by in tracked.items()
    }


def _with_broken(ids: KnownIds, loaded: Loaded) -> KnownIds:
    """Add what the files that did not load would define, said to be unchecked."""
    tables: dict[str, tuple[Named, ...]] = {
        ROLE: (ids.roles, ids.played),
        SENDER: (ids.senders,),
        INJECT: (ids.injects, ids.triggered),
        FLAG: (ids.flags,),
        INDICATOR: (ids.indicators, ids.shared),
        SOURCE: (ids.sources,),
    }
    injects: list[str] = []
    for file in loaded.broken:
        note = f"in {file.path}, which does not load yet (run ttx validate)"
        for what, name in sorted(file.names):
            for table in tables.get(what, ()):
                table.setdefault(name, note)
            if what == INJECT:
                injects.append(name)
    return ids._replace(
        broken_injects=tuple(sorted(set(injects))),
        broken_files=tuple(sorted(_paths(loaded.broken))),
    )


def _paths(broken: list[BrokenFile]) -> set[str]:
    return {file.path for file in broken}
