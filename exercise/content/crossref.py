"""Checks that span files: ids that must exist, bounds, turns, flags, release windows, what the
teams read, citations and grounding.

Every name looked up here that is not found goes through `_Context.unknown`: a name that only a
file that did not load defines is counted (broken.py), not reported, so that a broken file's own
message is not buried under the references to it.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import NamedTuple

from exercise.content.broken import FLAG, INDICATOR, INJECT, ROLE, SENDER, Unchecked
from exercise.content.citations import check_citations
from exercise.content.indicator_checks import check_shared_indicators
from exercise.content.indicator_names import Typo, did_you_mean, scenario_typos
from exercise.content.library import Loaded
from exercise.content.model import (
    Condition,
    Covert,
    Inject,
    Library,
    Option,
    Role,
    Scenario,
    Trigger,
)
from exercise.content.player_text import check_player_text
from exercise.content.windows import check_windows
from exercise.content.yamlio import ContentError, Document

NodePath = tuple[str | int, ...]  # keys and list indexes from a document's root to one node
Problems = Iterator[ContentError]


class _Context(NamedTuple):
    """The loaded content and the sets of known ids that the checks look names up in."""

    loaded: Loaded
    lib: Library
    roles: dict[str, Role]
    senders: frozenset[str]  # roles and actors
    flags: frozenset[str]  # every flag some option sets
    indicators: frozenset[str]  # tracked by at least one scenario, or defined in indicators/
    unchecked: Unchecked  # references to what only a file that did not load defines
    typos: dict[str, dict[str, Typo]]  # scenario id -> misspelt name its injects use -> typo
    misspelt: frozenset[str]  # every such name, and names of unknown shared indicators a
    # scenario lists: each reported once, where it is defined or listed, not where it is used

    @classmethod
    def of(cls, loaded: Loaded) -> _Context:
        lib = loaded.library
        typos = {
            s.id: {t.used: t for t in scenario_typos(lib, s, _own(loaded, s.id))}
            for s in lib.scenarios.values()
        }
        unchecked = Unchecked(loaded.broken, loaded.requested)
        # A name a file that did not load defines is counted where it is used, not told.
        unlisted = {
            e.name
            for x in loaded.expanded.values()
            for e in x.entries
            if not e.tracked and unchecked.owner(INDICATOR, e.name) is None
        }
        return cls(
            loaded,
            lib,
            lib.roles,
            frozenset(lib.roles) | frozenset(lib.actors()),
            frozenset(
                f for inj in lib.injects.values() for o in inj.options for f in o.flags_set()
            ),
            frozenset(i.id for s in lib.scenarios.values() for i in s.indicators)
            | frozenset(lib.indicators),
            unchecked,
            typos,
            frozenset(name for found in typos.values() for name in found) | unlisted,
        )

    def doc(self, kind: str, ident: str) -> Document:
        return self.loaded.docs[(kind, ident)]

    def unknown(
        self,
        doc: Document,
        where: NodePath,
        what: str,
        name: str,
        message: str,
        *,
        key: bool = False,
    ) -> Problems:
        """Report `name` as unknown, unless a file that did not load defines it: then count it."""
        owner = self.unchecked.owner(what, name)
        if owner is None:
            yield doc.error(where, message, key=key)
        else:
            self.unchecked.skip(owner, name, doc, where, key)


def _own(loaded: Loaded, scenario_id: str) -> set[str]:
    """The indicators a scenario defines itself, not from indicators/."""
    return {e.tracked for e in loaded.expanded[scenario_id].tracked() if not e.shared}


def cross_check(loaded: Loaded, sources_dir: Path | None = None) -> list[ContentError]:
    ctx = _Context.of(loaded)
    problems = [
        *_check_actors(ctx),
        *_check_roles(ctx),
        *check_shared_indicators(loaded, ctx.roles, ctx.unknown),
        *_check_injects(ctx),
        *_check_scenarios(ctx),
        *check_windows(ctx.lib, ctx.doc),
        *check_player_text(ctx.lib, ctx.doc),
        *check_citations(loaded, sources_dir, ctx.unchecked),
    ]
    return problems + ctx.unchecked.notes()  # once every check has counted what it skipped


# Roles and actors


def _check_actors(ctx: _Context) -> Problems:
    for actor_id in ctx.lib.actors():
        if actor_id in ctx.roles:
            owner = next(
                r.id for r in ctx.roles.values() if any(a.id == actor_id for a in r.actors)
            )
            yield ctx.doc("role", owner).error(
                ("actors",), f"actor id '{actor_id}' is also a role id"
            )


def _check_roles(ctx: _Context) -> Problems:
    for role in ctx.roles.values():
        yield from _check_item_ids(ctx.doc("role", role.id), role)


def _check_item_ids(doc: Document, role: Role) -> Problems:
    """Objectives, red lines and levers share one set of ids within a role."""
    seen: dict[str, str] = {}
    for group, items in (
        ("objectives", role.objectives),
        ("red_lines", role.red_lines),
        ("levers", role.levers),
    ):
        for n, item in enumerate(items):
            if item.id in seen:
                yield doc.error(
                    (group, n, "id"), f"duplicate id '{item.id}' (also in {seen[item.id]})"
                )
            seen[item.id] = group


# Conditions (inject triggers and scenario end conditions)


def _check_conditions(
    ctx: _Context, doc: Document, base: NodePath, conditions: tuple[Condition, ...]
) -> Problems:
    for n, condition in enumerate(conditions):
        yield from _check_condition(ctx, doc, base + (n,), condition)


def _check_condition(
    ctx: _Context, doc: Document, here: NodePath, condition: Condition
) -> Problems:
    name = condition.indicator
    if name and name not in ctx.indicators and name not in ctx.misspelt:
        yield from ctx.unknown(
            doc, here + ("indicator",), INDICATOR, name, f"unknown indicator '{name}'"
        )
    if condition.decision:
        inj_id = condition.decision.split("/", 1)[0]
        owner = None if inj_id in ctx.lib.injects else ctx.unchecked.owner(INJECT, inj_id)
        if owner is not None:
            # That inject's own file says why it did not load; nothing more to say here.
            ctx.unchecked.skip(owner, inj_id, doc, here + ("decision",), False)
            return
        yield from _check_decision(ctx, doc, here + ("decision",), condition.decision)
    if condition.role and condition.role not in ctx.roles:
        yield from _unknown_role(ctx, doc, here + ("role",), condition.role)
    for key, flag in (("flag", condition.flag), ("not_flag", condition.not_flag)):
        if flag and flag not in ctx.flags:
            yield from ctx.unknown(
                doc, here + (key,), FLAG, flag, f"unknown flag '{flag}': no option sets it"
            )


def _unknown_role(
    ctx: _Context, doc: Document, where: NodePath, role_id: str, *, key: bool = False
) -> Problems:
    yield from ctx.unknown(doc, where, ROLE, role_id, f"unknown role '{role_id}'", key=key)


def _check_decision(ctx: _Context, doc: Document, where: NodePath, decision: str) -> Problems:
    """`decision` is 'inject-id/option-id': both must exist."""
    inj_id, option_id = decision.split("/", 1)
    target = ctx.lib.injects.get(inj_id)
    if target is None:
        yield doc.error(where, f"unknown inject '{inj_id}' in decision '{decision}'")
    elif target.option(option_id) is None:
        known = ", ".join(o.id for o in target.options) or "none"
        yield doc.error(where, f"inject '{inj_id}' has no option '{option_id}' (options: {known})")


# Injects


def _check_injects(ctx: _Context) -> Problems:
    for inj in ctx.lib.injects.values():
        doc = ctx.doc("inject", inj.id)
        yield from _check_parties(ctx, doc, inj)
        yield from _check_options(ctx, doc, inj)
        if inj.trigger is not None:
            yield from _check_trigger(ctx, doc, inj.trigger)
        yield from _check_expected(ctx, doc, inj)
        for n, other in enumerate(doc.data.get("alike") or ()):
            yield from _unknown_inject(ctx, doc, ("alike", n), other)


def _check_parties(ctx: _Context, doc: Document, inj: Inject) -> Problems:
    if inj.sender not in ctx.senders:
        yield from ctx.unknown(
            doc,
            ("from",),
            SENDER,
            inj.sender,
            f"unknown sender '{inj.sender}': not a role or actor",
        )
    for field_name, role_ids in (("audience", inj.audience), ("deciders", inj.deciders)):
        for n, role_id in enumerate(role_ids):
            if role_id not in ctx.roles:
                yield from _unknown_role(ctx, doc, (field_name, n), role_id)


def _check_options(ctx: _Context, doc: Document, inj: Inject) -> Problems:
    option_ids: set[str] = set()
    for n, option in enumerate(inj.options):
        if option.id in option_ids:
            yield doc.error(("options", n, "id"), f"duplicate option id '{option.id}'")
        option_ids.add(option.id)
        for m, role_id in enumerate(option.roles):
            if role_id not in ctx.roles:
                yield from _unknown_role(ctx, doc, ("options", n, "roles", m), role_id)
        for where, effects in _option_effects(n, option):
            for indicator_id, _delta in effects:
                if indicator_id not in ctx.indicators and indicator_id not in ctx.misspelt:
                    yield from ctx.unknown(
                        doc,
                        where + (indicator_id,),
                        INDICATOR,
                        indicator_id,
                        f"unknown indicator '{indicator_id}'"
                        + did_you_mean(indicator_id, ctx.indicators),
                        key=True,
                    )
        yield from _check_conditions(ctx, doc, ("options", n, "requires"), option.requires)
        for m, extra in enumerate(option.effects_if):
            yield from _check_conditions(
                ctx, doc, ("options", n, "effects_if", m, "when"), extra.when
            )
        if option.covert is not None:
            yield from _check_covert(ctx, doc, inj, n, option.covert)


def _option_effects(n: int, option: Option) -> Iterator[tuple[NodePath, tuple]]:
    """Every set of indicator changes an option carries, with where it is written."""
    yield ("options", n, "effects"), option.effects
    for m, extra in enumerate(option.effects_if):
        yield ("options", n, "effects_if", m, "effects"), extra.effects
    if option.covert is not None:
        yield ("options", n, "covert", "effects"), option.covert.effects


def _check_covert(ctx: _Context, doc: Document, inj: Inject, n: int, covert: Covert) -> Problems:
    base = ("options", n, "covert")
    for m, role_id in enumerate(covert.hidden_from):
        if role_id not in ctx.roles:
            yield from _unknown_role(ctx, doc, base + ("hidden_from", m), role_id)
    if covert.inject == inj.id:
        yield doc.error(base + ("inject",), "a covert move cannot be discovered by its own inject")
    else:
        yield from _unknown_inject(ctx, doc, base + ("inject",), covert.inject)
    yield from _check_conditions(ctx, doc, base + ("when",), covert.when)


def _check_trigger(ctx: _Context, doc: Document, trigger: Trigger) -> Problems:
    yield from _check_conditions(ctx, doc, ("trigger", "when"), trigger.when)
    if trigger.from_turn and trigger.until_turn and trigger.from_turn > trigger.until_turn:
        yield doc.error(("trigger", "until_turn"), "until_turn is before from_turn")


def _check_expected(ctx: _Context, doc: Document, inj: Inject) -> Problems:
    for n, expected in enumerate(inj.expected):
        role = ctx.roles.get(expected.role)
        if role is None:
            yield from _unknown_role(ctx, doc, ("expected", n, "role"), expected.role)
        elif expected.objective and expected.objective not in {o.id for o in role.objectives}:
            yield doc.error(
                ("expected", n, "objective"),
                f"role '{expected.role}' has no objective '{expected.objective}'",
            )
        for m, option_id in enumerate(expected.options):
            option = inj.option(option_id)
            where = ("expected", n, "options", m)
            if option is None:
                known = ", ".join(o.id for o in inj.options) or "none"
                yield doc.error(where, f"no option '{option_id}' in this inject (options: {known})")
            elif not option.allowed_for(expected.role):
                yield doc.error(where, f"option '{option_id}' is not open to '{expected.role}'")


# Scenarios


def _check_scenarios(ctx: _Context) -> Problems:
    for scenario in ctx.lib.scenarios.values():
        doc = ctx.doc("scenario", scenario.id)
        yield from _check_turns(doc, scenario)
        yield from _check_scenario_roles(ctx, doc, scenario)
        yield from _check_indicators(ctx, doc, scenario)
        yield from _check_schedule(ctx, doc, scenario)
        yield from _check_decks(ctx, doc, scenario)
        yield from _check_end_conditions(ctx, doc, scenario)
        yield from _check_injects_in_scenario(ctx, scenario)


def _check_turns(doc: Document, scenario: Scenario) -> Problems:
    for n, turn in enumerate(scenario.turns):
        if turn.number != n + 1:
            yield doc.error(
                ("turns", n, "number"),
                f"turns must be numbered 1, 2, 3...; expected {n + 1}, found {turn.number}",
            )


def _check_scenario_roles(ctx: _Context, doc: Document, scenario: Scenario) -> Problems:
    for n, role_id in enumerate(scenario.roles):
        role = ctx.roles.get(role_id)
        if role is None:
            yield from _unknown_role(ctx, doc, ("roles", n), role_id)
        elif not role.played:
            yield doc.error(("roles", n), f"role '{role_id}' is not a played role")
    for role_id, _ in scenario.briefings:
        if role_id not in scenario.roles:
            yield doc.error(
                ("briefings", role_id),
                f"'{role_id}' is not a role of this scenario (roles: {', '.join(scenario.roles)})",
                key=True,
            )


def _check_indicators(ctx: _Context, doc: Document, scenario: Scenario) -> Problems:
    """The indicators as the scenario lists them: what a shared definition gives is checked
    once, in its own file (indicator_checks)."""
    entries = ctx.loaded.expanded[scenario.id].tracked()
    for typo in ctx.typos[scenario.id].values():
        yield doc.error(("indicators", entries[typo.position].position, "id"), typo.message())
    indicator_ids: set[str] = set()
    for indicator, entry in zip(scenario.indicators, entries, strict=True):
        n, written = entry.position, doc.data["indicators"][entry.position]
        if indicator.id in indicator_ids:
            yield doc.error(("indicators", n, "id"), f"duplicate indicator id '{indicator.id}'")
        indicator_ids.add(indicator.id)
        if "start" in written and not indicator.min <= indicator.start <= indicator.max:
            yield doc.error(
                ("indicators", n, "start"),
                f"start {indicator.start} is outside {indicator.min}..{indicator.max}",
            )
        for role_id in written.get("higher_is") or {}:
            if role_id not in ctx.roles:
                where = ("indicators", n, "higher_is", role_id)
                yield from _unknown_role(ctx, doc, where, role_id, key=True)


def _unknown_inject(ctx: _Context, doc: Document, where: NodePath, inj_id: str) -> Problems:
    if inj_id not in ctx.lib.injects:
        yield from ctx.unknown(doc, where, INJECT, inj_id, f"unknown inject '{inj_id}'")


def _out_of_range(doc: Document, where: NodePath, turn: int, n_turns: int) -> Problems:
    if not 1 <= turn <= n_turns:
        yield doc.error(where, f"turn {turn} is out of range 1..{n_turns}")


def _check_schedule(ctx: _Context, doc: Document, scenario: Scenario) -> Problems:
    """The fixed schedule, and the injects listed as triggered or manual."""
    for n, (turn, inj_ids) in enumerate(scenario.schedule):
        yield from _out_of_range(doc, ("schedule", n, "turn"), turn, len(scenario.turns))
        for m, inj_id in enumerate(inj_ids):
            yield from _unknown_inject(ctx, doc, ("schedule", n, "injects", m), inj_id)
    for n, inj_id in enumerate(scenario.triggered):
        yield from _unknown_inject(ctx, doc, ("triggered", n), inj_id)
        inj = ctx.lib.injects.get(inj_id)
        if inj is not None and inj.trigger is None:
            yield doc.error(
                ("triggered", n), f"inject '{inj_id}' is listed as triggered but has no trigger"
            )
    for n, inj_id in enumerate(scenario.manual):
        yield from _unknown_inject(ctx, doc, ("manual", n), inj_id)


def _check_decks(ctx: _Context, doc: Document, scenario: Scenario) -> Problems:
    for n, deck in enumerate(scenario.decks):
        for m, inj_id in enumerate(deck.injects):
            yield from _unknown_inject(ctx, doc, ("decks", n, "injects", m), inj_id)
        for m, turn in enumerate(deck.turns):
            yield from _out_of_range(doc, ("decks", n, "turns", m), turn, len(scenario.turns))


def _check_end_conditions(ctx: _Context, doc: Document, scenario: Scenario) -> Problems:
    tracked = {i.id for i in scenario.indicators}
    # A listed name that could not be read is told where it is listed.
    listed = {e.name for e in ctx.loaded.expanded[scenario.id].entries}
    misspelt = ctx.typos[scenario.id].keys() | listed
    for n, end in enumerate(scenario.end_conditions):
        base = ("end_conditions", n, "when")
        for m, condition in enumerate(end.when):
            name = condition.indicator
            if name and name not in tracked and name not in misspelt:
                yield doc.error(
                    base + (m, "indicator"),
                    f"indicator '{condition.indicator}' is not tracked by this scenario",
                )
        yield from _check_conditions(ctx, doc, base, end.when)


# Injects as one scenario uses them: only its indicators, within its bounds and turns


def _check_injects_in_scenario(ctx: _Context, scenario: Scenario) -> Problems:
    for inj_id in ctx.lib.world_inject_ids(scenario):
        inj = ctx.lib.injects.get(inj_id)
        if inj is None:
            continue
        doc = ctx.doc("inject", inj_id)
        yield from _check_effects_in_scenario(ctx, doc, inj, scenario)
        if inj.trigger is not None:
            triggered = inj_id in scenario.triggered
            yield from _check_trigger_values_in_scenario(ctx, doc, inj.trigger, scenario, triggered)
            if triggered:
                yield from _check_trigger_turns_in_scenario(doc, inj.trigger, scenario)


def _check_effects_in_scenario(
    ctx: _Context, doc: Document, inj: Inject, scenario: Scenario
) -> Problems:
    for n, option in enumerate(inj.options):
        for base, effects in _option_effects(n, option):
            yield from _effects_in_scenario(ctx, doc, base, effects, scenario)


def _effects_in_scenario(
    ctx: _Context, doc: Document, base: NodePath, effects: tuple, scenario: Scenario
) -> Problems:
    for indicator_id, delta in effects:
        where = base + (indicator_id,)
        indicator = scenario.indicator(indicator_id)
        if indicator is None:
            # Unknown everywhere is reported once per effect, a misspelt definition once.
            if indicator_id in ctx.indicators and indicator_id not in ctx.typos[scenario.id]:
                tracked = (i.id for i in scenario.indicators)
                yield doc.error(
                    where,
                    f"indicator '{indicator_id}' is not tracked by scenario "
                    f"'{scenario.id}', which uses this inject"
                    + did_you_mean(indicator_id, tracked),
                    key=True,
                )
        elif abs(delta) > indicator.max - indicator.min:
            yield doc.error(
                where,
                f"effect {delta:+d} is outside the bounds of '{indicator_id}' "
                f"({indicator.min}..{indicator.max}) in scenario '{scenario.id}'",
            )


def _check_trigger_values_in_scenario(
    ctx: _Context, doc: Document, trigger: Trigger, scenario: Scenario, triggered: bool
) -> Problems:
    for m, condition in enumerate(trigger.when):
        indicator = scenario.indicator(condition.indicator) if condition.indicator else None
        if indicator is None:
            misspelt = condition.indicator in ctx.typos[scenario.id]
            if condition.indicator in ctx.indicators and triggered and not misspelt:
                yield doc.error(
                    ("trigger", "when", m, "indicator"),
                    f"indicator '{condition.indicator}' is not tracked by scenario "
                    f"'{scenario.id}', which uses this inject",
                )
        elif not indicator.min <= condition.value <= indicator.max:
            yield doc.error(
                ("trigger", "when", m, "value"),
                f"value {condition.value} is outside the bounds of '{condition.indicator}' "
                f"({indicator.min}..{indicator.max}) in scenario '{scenario.id}'",
            )


def _check_trigger_turns_in_scenario(
    doc: Document, trigger: Trigger, scenario: Scenario
) -> Problems:
    n_turns = len(scenario.turns)
    for key, turn in (("from_turn", trigger.from_turn), ("until_turn", trigger.until_turn)):
        if turn is not None and turn > n_turns:
            yield doc.error(
                ("trigger", key),
                f"turn {turn} is out of range 1..{n_turns} in scenario '{scenario.id}'",
            )
