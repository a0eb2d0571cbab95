"""Logic checks: content that loads and cross-references, but cannot play as it is written.

Each is a mistake an author makes without noticing, because nothing breaks until a session
reaches it: a trigger no scenario watches, a decision the named role can never take, an option
kept for a role that does not decide, an expected action by a team that never sees the inject,
a condition that mixes two tests (the engine reads only one of them), an inject listed twice or
in two ways, a public inject with an audience. The dates, turns and timing of a scenario are
checked in `logic_turns`; both are indexed once, so `ttx validate` stays linear in the content.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any, NamedTuple

from exercise.content.library import Loaded
from exercise.content.logic_turns import check_turns, turn_warnings
from exercise.content.marks import error_at
from exercise.content.model import Condition, Inject, Library, Scenario
from exercise.content.yamlio import ContentError, Document

NodePath = tuple[str | int, ...]
Problems = Iterator[ContentError]

# The four kinds of condition (the schema's oneOf) and the keys that belong to each.
_KIND_OF_KEY = {
    "indicator": "indicator",
    "op": "indicator",
    "value": "indicator",
    "decision": "decision",
    "role": "decision",
    "flag": "flag",
    "not_flag": "not_flag",
}
_KIND_WORDS = {
    "indicator": "an indicator test (indicator, op, value)",
    "decision": "a decision test (decision, with an optional role)",
    "flag": "a flag test (flag)",
    "not_flag": "a not_flag test (not_flag)",
}


class _Index(NamedTuple):
    """What the checks look up, built once from the loaded content."""

    loaded: Loaded
    lib: Library
    played: frozenset[str]  # every role that teams can play
    triggered: frozenset[str]  # injects some scenario lists under `triggered`
    used: frozenset[str]  # injects some scenario can release, discovery injects included

    @classmethod
    def of(cls, loaded: Loaded) -> _Index:
        lib = loaded.library
        return cls(
            loaded,
            lib,
            frozenset(r.id for r in lib.roles.values() if r.played),
            frozenset(i for s in lib.scenarios.values() for i in s.triggered),
            frozenset(i for s in lib.scenarios.values() for i in lib.world_inject_ids(s)),
        )

    def doc(self, kind: str, ident: str) -> Document:
        return self.loaded.docs[(kind, ident)]


def logic_errors(
    loaded: Loaded, sources_dir: Path | None = None, reported: set[str] | None = None
) -> list[ContentError]:
    """The logic errors; `reported` names the files the report is limited to, if it is."""
    ix = _Index.of(loaded)
    # Whether an inject is used anywhere is only known when every scenario loaded; otherwise
    # a broken scenario would bury its own message under one line per inject it lists.
    whole = not loaded.problems
    out: list[ContentError] = []
    for inj in ix.lib.injects.values():
        out.extend(_check_inject(ix, ix.doc("inject", inj.id), inj, whole))
    for sc in ix.lib.scenarios.values():
        doc = ix.doc("scenario", sc.id)
        out.extend(_check_listings(ix, doc, sc))
        for n, end in enumerate(sc.end_conditions):
            out.extend(_check_conditions(ix, doc, ("end_conditions", n, "when"), end.when))
    out.extend(check_turns(loaded))
    if sources_dir is not None:
        out.extend(missing_texts(loaded, sources_dir, reported))
    return out


def logic_warnings(loaded: Loaded) -> list[ContentError]:
    ix = _Index.of(loaded)
    out = [
        error_at(
            ix.doc("inject", inj.id),
            ("id",),
            "no scenario uses this inject (in its schedule, triggered, manual or a deck, or as "
            "the discovery inject of a covert option), so it never comes out",
        )
        for inj in ix.lib.injects.values()
        if inj.id not in ix.used and not inj.written_by
    ]
    return out + turn_warnings(loaded)


# Injects


def _check_inject(ix: _Index, doc: Document, inj: Inject, whole: bool) -> Problems:
    if inj.trigger is not None and whole and inj.id not in ix.triggered:
        yield error_at(
            doc,
            ("trigger",),
            "this inject has a trigger, but no scenario lists it under `triggered`, so it can "
            "never fire: add it to the `triggered` list of the scenario that should watch it",
            key=True,
        )
    if inj.visibility == "public" and inj.audience:
        yield error_at(
            doc,
            ("audience",),
            "a public inject reaches every team, so its audience is ignored: remove `audience`, "
            "or make the inject `visibility: private`",
            key=True,
        )
    yield from _check_option_roles(ix, doc, inj)
    yield from _check_expected_audience(ix, doc, inj)
    for where, conditions in _condition_sites(inj):
        yield from _check_conditions(ix, doc, where, conditions)


def _deciders(inj: Inject) -> tuple[str, ...] | None:
    """Who decides on the inject; None for every played role (a public inject, by default)."""
    if inj.deciders:
        return inj.deciders
    return inj.audience if inj.visibility == "private" else None


def _decides(ix: _Index, inj: Inject, role: str) -> bool:
    deciders = _deciders(inj)
    return role in (ix.played if deciders is None else deciders)


def _deciders_text(inj: Inject) -> str:
    deciders = _deciders(inj)
    return "every played role" if deciders is None else ", ".join(deciders)


def _check_option_roles(ix: _Index, doc: Document, inj: Inject) -> Problems:
    for n, option in enumerate(inj.options):
        for m, role in enumerate(option.roles):
            # An unknown role is reported by the cross-reference checks.
            if role in ix.lib.roles and not _decides(ix, inj, role):
                yield error_at(
                    doc,
                    ("options", n, "roles", m),
                    f"'{role}' does not decide on this inject (deciders: {_deciders_text(inj)}), "
                    f"so it can never choose option '{option.id}'",
                )


def _check_expected_audience(ix: _Index, doc: Document, inj: Inject) -> Problems:
    # An audience naming an unknown role is reported as such; what follows from it would bury it.
    if inj.visibility != "private" or any(r not in ix.lib.roles for r in inj.audience):
        return
    for n, expected in enumerate(inj.expected):
        if expected.role in ix.lib.roles and expected.role not in inj.audience:
            yield error_at(
                doc,
                ("expected", n, "role"),
                f"'{expected.role}' is not in the audience of this private inject "
                f"({', '.join(inj.audience)}): it never sees it, so it cannot be expected to act "
                "on it",
            )


def _condition_sites(inj: Inject) -> Iterator[tuple[NodePath, tuple[Condition, ...]]]:
    """Every list of conditions an inject holds, with where it is written."""
    if inj.trigger is not None:
        yield ("trigger", "when"), inj.trigger.when
    for n, option in enumerate(inj.options):
        yield ("options", n, "requires"), option.requires
        for m, extra in enumerate(option.effects_if):
            yield ("options", n, "effects_if", m, "when"), extra.when
        if option.covert is not None:
            yield ("options", n, "covert", "when"), option.covert.when


def _check_conditions(
    ix: _Index, doc: Document, base: NodePath, conditions: tuple[Condition, ...]
) -> Problems:
    raw = _node(doc.data, base)
    for m, condition in enumerate(conditions):
        written = raw[m] if isinstance(raw, list) and m < len(raw) else None
        if isinstance(written, dict):
            yield from _check_kinds(doc, base + (m,), written)
        if condition.decision and condition.role:
            yield from _check_decision_role(ix, doc, base + (m, "role"), condition)


def _node(data: Any, path: NodePath) -> Any:
    for step in path:
        found = (isinstance(data, dict) and step in data) or (
            isinstance(data, list) and isinstance(step, int) and step < len(data)
        )
        if not found:
            return None
        data = data[step]
    return data


def _check_kinds(doc: Document, here: NodePath, written: dict) -> Problems:
    """A condition is one test; keys of another kind are ignored by the engine, or worse."""
    main = _main_kind(written)
    if main is None:
        return  # the schema reports a condition with no complete test
    for key in written:
        kind = _KIND_OF_KEY.get(key)
        if kind is not None and kind != main:
            yield error_at(
                doc,
                here + (key,),
                f"this condition is {_KIND_WORDS[main]}, but '{key}' belongs to "
                f"{_KIND_WORDS[kind]}: a condition tests one thing, so write the other test as "
                "a condition of its own",
                key=True,
            )
            return


def _main_kind(written: dict) -> str | None:
    if all(k in written for k in ("indicator", "op", "value")):
        return "indicator"
    for kind in ("decision", "flag", "not_flag"):
        if kind in written:
            return kind
    return None


def _check_decision_role(ix: _Index, doc: Document, where: NodePath, c: Condition) -> Problems:
    inj_id, option_id = c.decision.split("/", 1)
    target = ix.lib.injects.get(inj_id)
    option = target.option(option_id) if target is not None else None
    if target is None or option is None or c.role not in ix.lib.roles:
        return  # the cross-reference checks name the unknown inject, option or role
    if not _decides(ix, target, c.role):
        yield error_at(
            doc,
            where,
            f"'{c.role}' can never take decision '{c.decision}': it does not decide on "
            f"'{inj_id}' (deciders: {_deciders_text(target)})",
        )
    elif not option.allowed_for(c.role):
        yield error_at(
            doc,
            where,
            f"'{c.role}' can never take decision '{c.decision}': option '{option_id}' is open "
            f"only to {', '.join(option.roles)}",
        )


# Scenarios: each inject comes out one way


def _listings(sc: Scenario) -> Iterator[tuple[NodePath, str, str]]:
    """(where, inject id, how it comes out) for every inject a scenario lists, scheduled first:
    when an inject is listed twice, the later listing is the one to remove."""
    for n, (turn, ids) in enumerate(sc.schedule):
        for m, inj_id in enumerate(ids):
            yield ("schedule", n, "injects", m), inj_id, f"scheduled in turn {turn}"
    for n, deck in enumerate(sc.decks):
        for m, inj_id in enumerate(deck.injects):
            yield ("decks", n, "injects", m), inj_id, f"in deck '{deck.id}'"
    for n, inj_id in enumerate(sc.triggered):
        yield ("triggered", n), inj_id, "listed under `triggered`"
    for n, inj_id in enumerate(sc.manual):
        yield ("manual", n), inj_id, "listed under `manual`"


def _check_listings(ix: _Index, doc: Document, sc: Scenario) -> Problems:
    first: dict[str, str] = {}
    for where, inj_id, how in _listings(sc):
        if inj_id in first:
            listed = f"{how} twice" if first[inj_id] == how else f"{first[inj_id]} and also {how}"
            yield error_at(
                doc,
                where,
                f"'{inj_id}' is {listed}: an inject comes out once, in one way, so list it once",
            )
            continue
        first[inj_id] = how
        inj = ix.lib.injects.get(inj_id)
        if inj is not None and inj.manual and where[0] != "manual":
            yield error_at(
                doc,
                where,
                f"'{inj_id}' is marked `manual: true` (released only by hand), but it is {how}: "
                "list it under `manual`, or drop `manual: true`",
            )


# Source texts that citations need


def missing_texts(loaded: Loaded, sources_dir: Path, reported: set[str] | None = None) -> Problems:
    """Each text missing from `sources_dir` that a citation needs, named once, at its first
    citation in the files reported on: the citation check names it once in all, which a report
    on some files only may leave out, and then "quotes checked" would not be true."""
    lib = loaded.library
    docs = list(loaded.docs.values())
    if loaded.bibliography_doc is not None:
        docs.append(loaded.bibliography_doc)
    checked: set[str] = set()  # texts looked for, found or not: each is named once
    for doc in docs:
        if reported is not None and doc.path not in reported:
            continue
        for path, key in _cited_keys(doc.data):
            source = lib.sources.get(key)
            if source is None or source.file in checked:
                continue
            checked.add(source.file)
            if not (sources_dir / source.file).is_file():
                yield error_at(
                    doc,
                    path + ("key",),
                    f"source text {source.file} for '{source.key}' is not in {sources_dir}",
                )


def _cited_keys(data: object, path: NodePath = ()) -> Iterator[tuple[NodePath, str]]:
    """(where, bibliography key) of every citation with a quote, in the order written."""
    if isinstance(data, dict):
        for k, v in data.items():
            if k == "sources" and isinstance(v, list):
                for i, c in enumerate(v):
                    if isinstance(c, dict) and "quote" in c and isinstance(c.get("key"), str):
                        yield path + (k, i), c["key"]
            else:
                yield from _cited_keys(v, path + (k,))
    elif isinstance(data, list):
        for i, v in enumerate(data):
            yield from _cited_keys(v, path + (i,))
