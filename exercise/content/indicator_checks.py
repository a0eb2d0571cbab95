"""Checks of the shared indicators (indicators/<id>.yaml) and of the scenarios' entries that name
them: part of `cross_check`, which hands in its lookup of unknown names (so that a name only a
file that did not load defines is counted, not reported).

Errors: a definition whose start is outside its bounds or whose stances name an unknown role; an
entry naming an indicator that no file defines and that it does not write out in full; an entry
changing a shared indicator's bounds; a misspelt name, once, where it was made. Warnings (for
`validate`): an entry that repeats what its definition already says.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from typing import Any

from exercise.content.broken import INDICATOR, ROLE
from exercise.content.indicator_names import SharedTypo, did_you_mean
from exercise.content.indicators import BOUNDS, OWN, Entry
from exercise.content.library import Loaded
from exercise.content.marks import error_at
from exercise.content.yamlio import ContentError, Document

Problems = Iterator[ContentError]
# crossref's _Context.unknown: (doc, where, what, name, message, key=...) -> problems
Unknown = Callable[..., Problems]


def check_shared_indicators(loaded: Loaded, roles: Mapping[str, Any], unknown: Unknown) -> Problems:
    """Every shared definition, then every scenario's entries naming one."""
    docs = loaded.docs
    typos = {t.name: t for t in loaded.shared_typos}
    for typo in loaded.shared_typos:
        if typo.at_definition:
            yield docs[("indicator", typo.definition)].error(("id",), typo.message())
    for ident in loaded.library.indicators:
        yield from _check_definition(docs[("indicator", ident)], roles, unknown)
    for scenario_id, expanded in loaded.expanded.items():
        doc = docs[("scenario", scenario_id)]
        for entry in expanded.entries:
            yield from _check_entry(loaded, doc, entry, typos, unknown)


def _check_definition(doc: Document, roles: Mapping[str, Any], unknown: Unknown) -> Problems:
    data = doc.data
    low, high, start = data["min"], data["max"], data["start"]
    if low > high:
        yield doc.error(("max",), f"max {high} is below min {low}")
    elif not low <= start <= high:
        yield doc.error(("start",), f"start {start} is outside {low}..{high}")
    for role_id in data.get("higher_is") or {}:
        if role_id not in roles:
            message = f"unknown role '{role_id}'"
            yield from unknown(doc, ("higher_is", role_id), ROLE, role_id, message, key=True)


def _check_entry(
    loaded: Loaded,
    doc: Document,
    entry: Entry,
    typos: Mapping[str, SharedTypo],
    unknown: Unknown,
) -> Problems:
    here = ("indicators", entry.position)
    written = doc.data["indicators"][entry.position]
    if not entry.tracked:
        yield from unknown(
            doc,
            here + ("id",),
            INDICATOR,
            entry.name,
            _unknown_message(loaded, entry.name, written),
        )
        return
    if not entry.shared:
        return
    definition = loaded.docs[("indicator", entry.definition)]
    where = f"{definition.path}:{definition.mark(('id',))[0]}"
    typo = typos.get(entry.name)
    if typo is not None and not typo.at_definition:
        yield doc.error(
            here + ("id",),
            f"unknown indicator '{entry.name}'; did you mean '{entry.definition}' ({where})?",
        )
    for key in BOUNDS:
        if key in written:
            low, high = definition.data["min"], definition.data["max"]
            yield doc.error(
                here + (key,),
                f"'{key}' is the shared indicator's: {where} bounds it {low}..{high} for every "
                "scenario; leave it out (a scenario may give its own start, label, description "
                "and higher_is)",
                key=True,
            )


def _unknown_message(loaded: Loaded, name: str, written: Mapping[str, Any]) -> str:
    missing = [key for key in OWN if key not in written]
    if len(missing) < len(OWN):
        return (
            f"indicator '{name}' is not defined in indicators/, so this scenario defines it "
            f"alone and needs {', '.join(missing)} too"
        )
    hint = did_you_mean(name, loaded.library.indicators)
    return f"unknown indicator '{name}': no file in indicators/ defines it{hint}"


def indicator_warnings(loaded: Loaded) -> list[ContentError]:
    """Entries that repeat what their shared definition already says: said once, there."""
    out: list[ContentError] = []
    for scenario_id, expanded in loaded.expanded.items():
        doc = loaded.docs[("scenario", scenario_id)]
        for entry in expanded.entries:
            if entry.shared and entry.name == entry.definition:
                definition = loaded.docs[("indicator", entry.definition)]
                out.extend(_repeats(doc, entry, definition))
    return out


def _repeats(doc: Document, entry: Entry, definition: Document) -> Problems:
    written = doc.data["indicators"][entry.position]
    base = ("indicators", entry.position)
    where = f"{definition.path}:{definition.mark(('id',))[0]}"
    for key in ("label", "description", "start"):
        if key in written and written[key] == definition.data.get(key):
            yield error_at(
                doc, base + (key,), f"{key} repeats the shared indicator's ({where}): leave it out"
            )
    stances = definition.data.get("higher_is") or {}
    for role_id, stance in (written.get("higher_is") or {}).items():
        if stances.get(role_id) == stance:
            yield error_at(
                doc,
                base + ("higher_is", role_id),
                f"{role_id}'s stance repeats the shared indicator's ({where}): leave it out",
                key=True,
            )
