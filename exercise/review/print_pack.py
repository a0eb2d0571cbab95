"""The print pack: role briefings, inject cards and the facilitator guide, as a document model
built from the content model objects of one world (a scenario's, or the one a session keeps).

A card carries what a team sees and nothing more: it is built from `team_inject`, the one shape a
team console gets, so it has no history, expected actions, facilitator notes or option effects to
leak. Citations stay off the cards too: a printed card cannot be taken back at the hot wash, and a
source can give away what really happened (issue 15). They are in the facilitator's guide.
"""

from __future__ import annotations

from typing import NamedTuple

from exercise.content.model import (
    Condition,
    EndCondition,
    Indicator,
    Inject,
    Item,
    Option,
    Phase,
    Role,
    Scenario,
    Turn,
)
from exercise.engine.messages import WHITE_CELL
from exercise.engine.queries import origin
from exercise.engine.state import State
from exercise.engine.world import World
from exercise.review.fmt import plural, signed
from exercise.session.team_view import team_inject

PARTS = ("briefings", "cards", "guide")

# How a release came out, as the guide says it (Release.how).
HOW = {
    "scheduled": "on schedule",
    "deck": "drawn from a deck",
    "triggered": "by its trigger",
    "manual": "by the white cell",
    "written": "written in session by the white cell",
    "discovery": "when a hidden move came out",
}
_OPS = {"<": "<", "<=": "≤", ">": ">", ">=": "≥", "==": "="}
# Order of the injects that share a first turn: fixed ones before those that may come up.
_RANK = {"scheduled": 0, "deck": 1, "triggered": 2, "discovery": 3, "manual": 4}


class PackError(ValueError):
    """A role or part the pack cannot be made with; the message names what is valid."""


class RoleBrief(NamedTuple):
    role: str
    name: str
    summary: str
    situation: str  # what the role knows as the scenario opens (the scenario's briefing)
    briefing: str  # the role's standing brief
    objectives: tuple[Item, ...]
    red_lines: tuple[Item, ...]
    levers: tuple[Item, ...]


class CardOption(NamedTuple):
    label: str
    description: str
    only_for: tuple[str, ...]  # role names, when not every recipient of the card may choose it


class Card(NamedTuple):
    inject_id: str
    turn: str  # "Turn 2", "Turn 1 or 2, if it comes up"
    audience: str  # "All teams", "Damascus (the Assad government), Jerusalem (Israel)"
    private: bool
    title: str
    date: str
    sender: str
    medium: str
    body: str
    questions: tuple[str, ...]
    options: tuple[CardOption, ...]
    deciders: tuple[str, ...]  # role names asked to decide
    counterfactual: bool
    written: bool = False  # written in session by the white cell, not part of the scenario
    to_decide: bool = False  # a recipient of this copy is asked to decide (it gets a choice box)


class Plan(NamedTuple):
    """When and how an inject comes out: known in advance, or learnt from a session."""

    turns: tuple[int, ...]  # the turns it can come out in (the one it did, once released)
    fixed: bool  # the turn is certain (scheduled, or released)
    how: str  # for the facilitator: "drawn from the deck 'Third parties'", "triggered when ..."
    kind: str  # scheduled | deck | triggered | discovery | manual
    released: str = ""  # in a session: "released in turn 2, drawn from a deck" / "not released"


class GuideOption(NamedTuple):
    id: str
    label: str
    description: str
    effects: str  # "cohesion +1, leverage -1" or "no change"
    notes: tuple[str, ...]  # who may choose it, when it is on offer, flags, a covert move


class ExpectedRow(NamedTuple):
    role: str  # the role's name
    text: str
    objective: str  # the objective's id, "" when none is named
    options: tuple[str, ...]  # labels of the options that count as doing it


class GuideInject(NamedTuple):
    inject: Inject
    plan: Plan
    turn: str  # as the card says it
    audience: str
    sender: str
    deciders: tuple[str, ...]
    trigger: str  # "" when it has none
    options: tuple[GuideOption, ...]
    expected: tuple[ExpectedRow, ...]


class GuideTurn(NamedTuple):
    turn: Turn
    starts: int  # minutes after the first turn starts
    ends: int
    injects: tuple[GuideInject, ...]  # those that come out in it, or may


class Guide(NamedTuple):
    scenario: Scenario
    teams: str  # the played roles' names
    phases: tuple[Phase, ...]
    turn_minutes: int
    rest: int  # the scenario's minutes not spent in turns: the opening and the hot wash
    turns: tuple[GuideTurn, ...]
    injects: tuple[GuideInject, ...]
    indicators: tuple[Indicator, ...]
    end_conditions: tuple[tuple[EndCondition, str], ...]  # with the condition in words
    white_cell: Role | None


class Pack(NamedTuple):
    title: str
    source: str  # "Scenario demo" or "Session file x.ttx: turn 2 of 3"
    role: str  # the team's name for a team's pack; "" for the whole pack
    briefings: tuple[RoleBrief, ...]
    cards: tuple[Card, ...]
    guide: Guide | None


def build_pack(
    world: World,
    parts: tuple[str, ...] = PARTS,
    role: str = "",
    state: State | None = None,
    source: str = "",
) -> Pack:
    """The pack of `parts`; with `role`, that team's: its briefing and the cards it receives,
    never the guide. With `state` (a session's), cards say the turn each inject came out in."""
    if role and role not in world.played:
        teams = ", ".join(world.played)
        raise PackError(f"--role {role}: not a team in {world.scenario.id} (roles: {teams})")
    if role and parts == ("guide",):
        raise PackError(
            "--role: a team's pack has no facilitator guide "
            "(leave out --role, or choose --part briefings or cards)"
        )
    plans = _plans(world, state)
    order = _in_order(plans)
    roles = (role,) if role else world.played
    briefings = tuple(_brief(world, r) for r in roles) if "briefings" in parts else ()
    cards: tuple[Card, ...] = ()
    if "cards" in parts:
        # A session's cards: those out, and those that may still come out.
        shown = [
            i
            for i in order
            if (not role or world.injects[i].visible_to(role)) and (state is None or plans[i].turns)
        ]
        cards = tuple(_card(world, world.injects[i], plans[i], role) for i in shown)
    guide = _guide(world, plans, order) if "guide" in parts and not role else None
    name = world.roles[role].name if role else ""
    where = source or f"Scenario {world.scenario.id}"
    return Pack(world.scenario.title, where, name, briefings, cards, guide)


def role_name(world: World, role: str) -> str:
    r = world.roles.get(role)
    return r.name if r else role


def names(world: World, roles: tuple[str, ...]) -> str:
    return ", ".join(role_name(world, r) for r in roles)


def sender_name(world: World, sender: str) -> str:
    """A role's or an actor's name; a sender written in session is its own name."""
    if sender in world.roles:
        return world.roles[sender].name
    for r in world.roles.values():
        for a in r.actors:
            if a.id == sender:
                return a.name
    return sender


def _brief(world: World, role: str) -> RoleBrief:
    r = world.roles[role]
    situation = world.scenario.briefing(role)
    return RoleBrief(
        r.id,
        r.name,
        r.summary,
        situation.text if situation else "",
        r.briefing,
        r.objectives,
        r.red_lines,
        r.levers,
    )


def _card(world: World, inj: Inject, plan: Plan, role: str) -> Card:
    played = world.played
    if role:
        recipients: tuple[str, ...] = (role,)
    elif inj.visibility == "public":
        recipients = played
    else:
        recipients = tuple(r for r in inj.audience if r in played) or inj.audience
    deciders = inj.deciders_in(played)
    # What each recipient reads of it: the options differ when some are for one role only.
    seen = {r: team_inject(inj, r) for r in recipients}
    first = seen[recipients[0]]
    offered = {o.id: o for t in seen.values() for o in t.options}
    options = []
    for o in inj.options:  # in the inject's order, each once
        shown = offered.get(o.id)
        if shown is None:
            continue
        open_to = tuple(r for r in recipients if seen[r].option(o.id))
        only = (
            () if len(open_to) == len(recipients) else tuple(role_name(world, r) for r in open_to)
        )
        options.append(CardOption(shown.label, shown.description, only))
    return Card(
        inj.id,
        turn_label(plan),
        _audience(world, inj),
        first.visibility != "public",
        first.title,
        first.date,
        sender_name(world, first.sender),
        first.medium,
        first.body,
        first.questions,
        tuple(options),
        tuple(role_name(world, r) for r in deciders),
        first.counterfactual,
        first.written,
        any(r in deciders for r in recipients),
    )


def _audience(world: World, inj: Inject) -> str:
    return "All teams" if inj.visibility == "public" else names(world, inj.audience)


def turn_label(plan: Plan) -> str:
    if not plan.turns:
        return "When it comes up"
    turns = plan.turns
    if len(turns) == 1:
        text = f"Turn {turns[0]}"
    elif turns == tuple(range(turns[0], turns[-1] + 1)) and len(turns) > 2:
        text = f"Turns {turns[0]}–{turns[-1]}"
    else:
        text = "Turn " + ", ".join(map(str, turns[:-1])) + f" or {turns[-1]}"
    return text if plan.fixed else text + ", if it comes up"


# -- when each inject comes out ---------------------------------------------------------------


def _plans(world: World, state: State | None) -> dict[str, Plan]:
    discovered_by = _discovery_moves(world)
    out = {}
    for inj_id, inj in world.injects.items():
        plan = _plan(world, inj, discovered_by.get(inj_id))
        if state is not None:
            plan = _as_played(plan, state, inj_id)
        out[inj_id] = plan
    return out


def _as_played(plan: Plan, state: State, inj_id: str) -> Plan:
    release = next((r for r in state.releases if r.inject_id == inj_id), None)
    if release is None and state.ended:
        return plan._replace(turns=(), released="not released in this session")
    if release is None:  # it may still come out, in this turn or a later one
        later = tuple(t for t in plan.turns if t >= state.turn)
        return plan._replace(turns=later, released="not released yet")
    how = HOW.get(release.how, release.how)
    return plan._replace(
        turns=(release.turn,), fixed=True, released=f"released in turn {release.turn}, {how}"
    )


def _discovery_moves(world: World) -> dict[str, tuple[Inject, Option]]:
    """Discovery inject id -> the inject and covert option whose discovery releases it."""
    out: dict[str, tuple[Inject, Option]] = {}
    for inj in world.injects.values():
        for o in inj.options:
            if o.covert is not None:
                out.setdefault(o.covert.inject, (inj, o))
    return out


def _dated(world: World, inj: Inject, turns) -> tuple[int, ...]:
    window = inj.release_window()
    return tuple(
        t.number for t in world.scenario.turns if t.number in turns and window.contains(t.date)
    )


def _plan(world: World, inj: Inject, move: tuple[Inject, Option] | None) -> Plan:
    sc = world.scenario
    every = tuple(t.number for t in sc.turns)
    kind = origin(sc, inj.id)
    if kind == "scheduled":
        turn = next(t for t, ids in sc.schedule if inj.id in ids)
        return Plan((turn,), True, "on schedule", kind)
    if kind == "deck":
        deck = next(d for d in sc.decks if inj.id in d.injects)
        turns = _dated(world, inj, deck.turns or every)
        how = f"drawn from the deck “{deck.title}” ({plural(deck.draws, 'card')} a turn)"
        return Plan(turns, False, how, kind)
    if kind == "triggered" and inj.trigger is not None:
        t = inj.trigger
        turns = tuple(n for n in every if (t.from_turn or 1) <= n <= (t.until_turn or n))
        return Plan(turns, False, "triggered when " + trigger_text(world, inj), kind)
    if move is not None:
        source, option = move
        how = f"released when the hidden move “{option.label}” on “{source.title}” comes out"
        return Plan(_dated(world, inj, every), False, how, "discovery")
    how = "released by the white cell when it chooses"
    return Plan(_dated(world, inj, every), False, how, "manual")


def _in_order(plans: dict[str, Plan]) -> list[str]:
    """Inject ids by the first turn they can come out in; those certain first; then as listed."""
    listed = {inj_id: n for n, inj_id in enumerate(plans)}

    def key(inj_id: str) -> tuple[int, int, int]:
        plan = plans[inj_id]
        first = plan.turns[0] if plan.turns else 1_000
        return (first, _RANK.get(plan.kind, len(_RANK)), listed[inj_id])

    return sorted(plans, key=key)


# -- the guide --------------------------------------------------------------------------------


def _guide(world: World, plans: dict[str, Plan], order: list[str]) -> Guide:
    sc = world.scenario
    injects = tuple(_guide_inject(world, world.injects[i], plans[i]) for i in order)
    per_turn = sum(p.minutes for p in sc.phases)
    turns = tuple(
        GuideTurn(
            t,
            n * per_turn,
            (n + 1) * per_turn,
            tuple(g for g in injects if t.number in g.plan.turns),
        )
        for n, t in enumerate(sc.turns)
    )
    ends = tuple((e, conditions_text(world, e.when, e.mode)) for e in sc.end_conditions)
    return Guide(
        sc,
        names(world, sc.roles),
        sc.phases,
        per_turn,
        sc.minutes - per_turn * len(sc.turns),
        turns,
        injects,
        sc.indicators,
        ends,
        world.roles.get(WHITE_CELL),
    )


def _guide_inject(world: World, inj: Inject, plan: Plan) -> GuideInject:
    return GuideInject(
        inj,
        plan,
        turn_label(plan),
        _audience(world, inj),
        sender_name(world, inj.sender),
        tuple(role_name(world, r) for r in inj.deciders_in(world.played)),
        trigger_text(world, inj) if inj.trigger else "",
        tuple(_guide_option(world, o) for o in inj.options),
        tuple(
            ExpectedRow(
                role_name(world, x.role),
                x.text,
                x.objective,
                tuple(o.label if (o := inj.option(i)) else i for i in x.options),
            )
            for x in inj.expected
        ),
    )


def _guide_option(world: World, o: Option) -> GuideOption:
    notes = []
    if o.roles:
        notes.append("only for " + names(world, o.roles))
    if o.requires:
        notes.append("on offer only when " + conditions_text(world, o.requires, "all"))
    for x in o.effects_if:
        notes.append(
            f"also {effects_text(x.effects)} when {conditions_text(world, x.when, x.mode)}"
        )
    if o.sets:
        notes.append("sets " + ", ".join(o.sets))
    if o.clears:
        notes.append("clears " + ", ".join(o.clears))
    if o.covert is not None:
        notes.append(_covert_text(world, o))
    return GuideOption(o.id, o.label, o.description, effects_text(o.effects), tuple(notes))


def _covert_text(world: World, o: Option) -> str:
    c = o.covert
    assert c is not None
    found = world.injects.get(c.inject)
    text = (
        f"covert: hidden from {names(world, c.hidden_from)}; {c.discovery:.0%} a turn of coming out"
    )
    if c.when:
        text += ", at once when " + conditions_text(world, c.when, "any")
    text += f"; then “{found.title if found else c.inject}” goes out"
    if c.effects:
        text += f" and {effects_text(c.effects)}"
    return text + (f", sets {', '.join(c.sets)}" if c.sets else "")


def effects_text(effects: tuple[tuple[str, int], ...]) -> str:
    return ", ".join(f"{k} {signed(v)}" for k, v in effects) or "no change"


def trigger_text(world: World, inj: Inject) -> str:
    t = inj.trigger
    if t is None:
        return ""
    text = conditions_text(world, t.when, t.mode)
    if t.from_turn or t.until_turn:
        text += f" (turns {t.from_turn or 1}–{t.until_turn or len(world.scenario.turns)})"
    return text


def conditions_text(world: World, when: tuple[Condition, ...], mode: str) -> str:
    return (" or " if mode == "any" else " and ").join(condition_text(world, c) for c in when)


def condition_text(world: World, c: Condition) -> str:
    if c.indicator:
        return f"{c.indicator} {_OPS.get(c.op, c.op)} {c.value}"
    if c.decision:
        inj_id, _, opt_id = c.decision.partition("/")
        inj = world.injects.get(inj_id)
        option = inj.option(opt_id) if inj else None
        who = role_name(world, c.role) if c.role else "a team"
        label = option.label if option else opt_id
        return f"{who} chose “{label}” on “{inj.title if inj else inj_id}”"
    if c.flag:
        return f"{c.flag} is set"
    return f"{c.not_flag} is not set"
