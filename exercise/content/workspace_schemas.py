"""Schemas for one content root: the shipped ones, with the ids that exist listed where ids go.

`ttx schema --workspace` writes them to `.ttx/schemas/` under the root. Every property that
names something defined elsewhere (`REFERENCES`, read off `crossref`) gets an `enum` of the
root's ids, so an editor completes `audience: [` with the roles and flags `kyiv` at once, with
the words of `errorMessage` rather than a list of 600 values. Keyed mappings (effects, higher_is,
briefings) also get one property per id, so their keys complete too.

Some references stay open to ids not yet known (`LENIENT`): the flags an option sets or clears
(setting one is how a flag comes to exist), a scenario's indicators (a shared one from
indicators/, or one of its own under a new id), and decisions naming an inject whose file does
not load. Everything else is as strict as `ttx validate`, and never stricter: a test checks that
every shipped file validates against these schemas.
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from typing import Any, NamedTuple

from exercise.content.kinds import KINDS
from exercise.content.schemas import schema
from exercise.content.workspace_ids import KnownIds, Named

SCHEMA_DIR = (".ttx", "schemas")  # under the content root
WORKSPACE_ID = "https://exercise.invalid/workspace/{kind}.schema.json"
COMMENT = (
    "Written by `ttx schema --workspace` from the shipped {kind} schema and the ids of this "
    "content root. Do not edit: run the command again after adding a role, inject, flag..."
)


class Sort(NamedTuple):
    """One sort of id: the definition it gets in the schemas, and where the ids come from."""

    name: str  # its $defs key
    what: str  # in words, for the editor's message: "Not <what>."
    ids: Callable[[KnownIds], Named]


ROLE = Sort("known-role", "a role of this content", lambda k: k.roles)
PLAYED = Sort("known-played-role", "a played role of this content", lambda k: k.played)
SENDER = Sort("known-sender", "a role or actor of this content", lambda k: k.senders)
INDICATOR = Sort(
    "known-indicator",
    "an indicator of this content (one a scenario tracks or indicators/ defines)",
    lambda k: k.indicators,
)
OBJECTIVE = Sort("known-objective", "an objective of this content's roles", KnownIds.all_objectives)
SOURCE = Sort("known-source", "a bibliography key of this content", lambda k: k.sources)
INJECT = Sort("known-inject", "an inject of this content", lambda k: k.injects)
TRIGGERED = Sort("known-triggered-inject", "an inject with a trigger", lambda k: k.triggered)
DECISION = Sort(
    "known-decision", "an inject-id/option-id pair of this content", lambda k: k.decisions
)
FLAG = Sort("known-flag", "a flag some option of this content sets", lambda k: k.flags)
# Known flags complete, a new one passes: setting a flag is how it comes to exist.
NEW_FLAG = Sort("flag-to-set", "a flag", lambda k: k.flags)
# A scenario lists shared indicators by id, or defines one of its own under a new id.
TRACKED = Sort("indicator-to-track", "a shared indicator", lambda k: k.shared)
SORTS = (ROLE, PLAYED, SENDER, INDICATOR, OBJECTIVE, SOURCE, INJECT, TRIGGERED, DECISION, FLAG)
LENIENT = (NEW_FLAG, TRACKED)

# Conditions are alike in injects and scenarios: an indicator, a decision, a role, flags.
_CONDITION = (
    ("/$defs/condition/properties/indicator", INDICATOR),
    ("/$defs/condition/properties/decision", DECISION),
    ("/$defs/condition/properties/role", ROLE),
    ("/$defs/condition/properties/flag", FLAG),
    ("/$defs/condition/properties/not_flag", FLAG),
)

# Every property whose value (or key, for a `propertyNames`) names an id defined in another
# file, by kind: JSON pointers into the shipped schema.
REFERENCES: dict[str, tuple[tuple[str, Sort], ...]] = {
    "inject": (
        ("/properties/from", SENDER),
        ("/properties/audience/items", ROLE),
        ("/properties/deciders/items", ROLE),
        ("/properties/expected/items/properties/role", ROLE),
        ("/properties/expected/items/properties/objective", OBJECTIVE),
        ("/properties/alike/items", INJECT),
        ("/$defs/citation/properties/key", SOURCE),
        ("/$defs/option/properties/roles/items", ROLE),
        ("/$defs/option/properties/effects/propertyNames", INDICATOR),
        ("/$defs/option/properties/sets/items", NEW_FLAG),
        ("/$defs/option/properties/clears/items", NEW_FLAG),
        ("/$defs/option/properties/covert/properties/hidden_from/items", ROLE),
        ("/$defs/option/properties/covert/properties/inject", INJECT),
        ("/$defs/option/properties/covert/properties/sets/items", NEW_FLAG),
        ("/$defs/effects/propertyNames", INDICATOR),
        *_CONDITION,
    ),
    "scenario": (
        ("/properties/roles/items", PLAYED),
        ("/properties/indicators/items/properties/id", TRACKED),
        ("/properties/indicators/items/properties/higher_is/propertyNames", ROLE),
        ("/properties/schedule/items/properties/injects/items", INJECT),
        ("/properties/triggered/items", TRIGGERED),
        ("/properties/manual/items", INJECT),
        ("/properties/decks/items/properties/injects/items", INJECT),
        ("/properties/briefings/propertyNames", PLAYED),
        (
            "/properties/briefings/additionalProperties/properties/sources/items/properties/key",
            SOURCE,
        ),
        *_CONDITION,
    ),
    "indicator": (("/properties/higher_is/propertyNames", ROLE),),
    "role": (("/$defs/citation/properties/key", SOURCE),),
    "bibliography": (),
}

# The other ids of the schemas: each defines a name, or names something in its own file (an
# expected action's options are the inject's own). A test checks that every id of every schema
# is in one table or the other, so a new id-valued key cannot be forgotten here.
DEFINITIONS: dict[str, tuple[str, ...]] = {
    "inject": (
        "/properties/id",
        "/properties/expected/items/properties/options/items",
        "/$defs/option/properties/id",
    ),
    "scenario": (
        "/properties/id",
        "/properties/decks/items/properties/id",
        "/properties/end_conditions/items/properties/id",
    ),
    "role": (
        "/properties/id",
        "/properties/objectives/items/properties/id",
        "/properties/red_lines/items/properties/id",
        "/properties/levers/items/properties/id",
        "/properties/actors/items/properties/id",
    ),
    "indicator": ("/properties/id",),
    "bibliography": ("/properties/entries/items/properties/key",),
}

_LISTED = 16  # ids named in a message; more are left to completion


def workspace_schema(kind: str, ids: KnownIds) -> dict[str, Any]:
    """The shipped schema of `kind` with the root's ids where ids go."""
    out = copy.deepcopy(schema(kind))
    out["$id"] = WORKSPACE_ID.format(kind=kind)
    out["$comment"] = COMMENT.format(kind=kind)
    used: dict[str, Sort] = {}
    for pointer, sort in REFERENCES.get(kind, ()):
        _point_at(out, pointer, sort, ids)
        used[sort.name] = sort
    defs = out.setdefault("$defs", {})
    for sort in used.values():
        defs[sort.name] = _definition(sort, ids)
    if kind == "inject":
        _objectives_by_role(out, ids)
    return out


def node_at(root: dict[str, Any], pointer: str) -> dict[str, Any]:
    node: Any = root
    for step in pointer.strip("/").split("/"):
        node = node[int(step)] if isinstance(node, list) else node[step]
    if not isinstance(node, dict):
        raise KeyError(f"{pointer} is not a schema")
    return node


def _point_at(root: dict[str, Any], pointer: str, sort: Sort, ids: KnownIds) -> None:
    ref = f"#/$defs/{sort.name}"
    parent_pointer, _, last = pointer.rpartition("/")
    if last == "propertyNames":
        mapping = node_at(root, parent_pointer)
        mapping["propertyNames"] = {"$ref": ref}
        value = mapping.get("additionalProperties", {})
        # One property per id, with the same value schema: the keys complete and explain.
        mapping["properties"] = {
            name: {**copy.deepcopy(value), "description": words}
            for name, words in sorted(sort.ids(ids).items())
        }
        return
    node = node_at(root, pointer)
    node["$ref"] = ref
    node.pop("pattern", None)  # the enum's ids match it; one message is clearer than two


def _definition(sort: Sort, ids: KnownIds) -> dict[str, Any]:
    named = sorted(sort.ids(ids).items())
    values = {"enum": [n for n, _ in named], "enumDescriptions": [w for _, w in named]}
    if sort in LENIENT:
        return {"anyOf": [{"type": "string", **values}, {"$ref": "#/$defs/id"}]}
    strict = {"type": "string", **values, "errorMessage": _message(sort, named)}
    if sort is DECISION and ids.broken_injects:
        # Options of an inject that does not load are not known: any option of it passes.
        names = "|".join(ids.broken_injects)
        unchecked = {"type": "string", "pattern": f"^(?:{names})/[a-z0-9][a-z0-9_-]*$"}
        return {"anyOf": [strict, unchecked]}
    return strict


def _message(sort: Sort, named: list[tuple[str, str]]) -> str:
    if not named:
        listing = " (it has none)"
    elif len(named) <= _LISTED:
        listing = ": " + ", ".join(n for n, _ in named)
    else:
        listing = f" ({len(named)} of them; completion lists them)"
    return (
        f"Not {sort.what}{listing}. These are the ids found by the last "
        "`ttx schema --workspace`: run it again after adding one."
    )


def _objectives_by_role(root: dict[str, Any], ids: KnownIds) -> None:
    """An expected action's objective must be one of that role's own (crossref says so)."""
    expected = node_at(root, "/properties/expected/items")
    rules = []
    for role, own in sorted(ids.objectives.items()):
        names = sorted(own)
        listing = ", ".join(names) if names else "none"
        rules.append(
            {
                "if": {"properties": {"role": {"const": role}}, "required": ["role"]},
                "then": {
                    "properties": {
                        "objective": {
                            "enum": names,
                            "errorMessage": f"Not an objective of {role} (its objectives: "
                            f"{listing}).",
                        }
                    }
                },
            }
        )
    if rules:
        expected["allOf"] = rules


def workspace_schemas(ids: KnownIds) -> dict[str, dict[str, Any]]:
    return {kind: workspace_schema(kind, ids) for kind in KINDS}
