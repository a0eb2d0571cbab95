"""decide(state, command) -> events: check a command against the rules and say what happens.

A command that breaks a rule raises `Refused` with a reason and produces no event at all, so
nothing is ever half-applied. Follow-on facts (scheduled releases, triggers, end conditions) are
computed on a scratch fold of the events decided so far.
"""

from __future__ import annotations

import math
from functools import singledispatch

from exercise.engine import commands as cmd
from exercise.engine import events as ev
from exercise.engine.adhoc import write_inject
from exercise.engine.constants import ADJUDICATION_METHODS, PLAY_MODES
from exercise.engine.corrections import undo_phase, void_ruling, withdraw_release
from exercise.engine.covert import discover_by_trigger, roll_for_discovery
from exercise.engine.evolve import evolve
from exercise.engine.judgement import (
    ask_estimates,
    check_confidence,
    check_rating,
    enter_estimate,
    estimative_roll,
    give_estimate,
    give_feedback,
)
from exercise.engine.messages import read_message, send_message
from exercise.engine.queries import drawable, not_decided
from exercise.engine.refused import Refused
from exercise.engine.rules import (
    all_hold,
    available,
    due_triggers,
    end_conditions_met,
    rng,
    roll_2d6,
)
from exercise.engine.scorecard import option_worth
from exercise.engine.state import UNSTARTED, State, Unstarted, copied, decision_id, undecided
from exercise.engine.view import team_name

OBSERVATION_KINDS = ("note", "strength", "improvement")

# How strongly a bot prefers what its scorecard says: an option one indicator step better is
# e**0.5 = 1.65 times likelier. Keen enough that bots play their interests, loose enough that a
# sweep still tries every option (the balance analyser counts options nobody picks).
BOT_KEENNESS = 0.5


def decide(state: State | Unstarted, command) -> list[ev.Event]:
    if isinstance(state, Unstarted):
        if not isinstance(command, cmd.StartSession):
            raise Refused("no session has started")
        return _start(command)
    if isinstance(command, cmd.StartSession):
        raise Refused("the session has already started")
    if state.ended and not isinstance(
        command,
        cmd.AddObservation
        | cmd.MarkRead
        | cmd.JoinTeam
        | cmd.IssueCode
        | cmd.ShowIndicators
        | cmd.ReadMessage
        | cmd.GiveFeedback,
    ):
        raise Refused("the session has ended")
    return _decide(command, state)


class _Batch:
    """Events decided so far, with the state they lead to."""

    def __init__(self, state: State):
        self.state = state
        self.events: list[ev.Event] = []

    def add(self, event: ev.Event) -> None:
        self.events.append(event)
        self.state = evolve(self.state, event)


@singledispatch
def _decide(command, state: State) -> list[ev.Event]:
    raise Refused(f"unknown command {type(command).__name__}")


def _open_turn(b: _Batch, turn: int, at: float) -> None:
    b.add(ev.TurnStarted(turn, at))
    for inj_id in b.state.world.scenario.scheduled_for(turn):
        if inj_id not in b.state.released:
            b.add(ev.InjectReleased(inj_id, turn, "scheduled"))
    for deck in b.state.world.scenario.decks:
        for _ in range(deck.draws_on(turn)):
            _draw(b, deck.id)
    roll_for_discovery(b, at)
    _after_change(b, at)


def _draw(b: _Batch, deck_id: str) -> bool:
    s = b.state
    pool = drawable(s, deck_id)
    if not pool:
        return False
    draw = s.rng_draws
    chosen = rng(s, draw).choice(pool)
    b.add(ev.InjectReleased(chosen, s.turn, "deck", deck_id, draw))
    return True


def _after_change(b: _Batch, at: float) -> None:
    """Bring out covert moves whose triggers hold, release triggered injects, then end the
    session if an ending condition holds."""
    discover_by_trigger(b, at)
    for inj_id in due_triggers(b.state):
        b.add(ev.InjectReleased(inj_id, b.state.turn, "triggered"))
    met = end_conditions_met(b.state)
    if any(ends for _, ends in met):
        labels = {e.id: e.label for e in b.state.world.scenario.end_conditions}
        first = next(i for i, ends in met if ends)
        b.add(ev.SessionEnded(f"end condition: {labels[first]}", at, tuple(i for i, _ in met)))


def _start(c: cmd.StartSession) -> list[ev.Event]:
    from exercise.engine.world import world_from_raw

    try:
        world = world_from_raw(c.world)
    except (KeyError, TypeError) as exc:
        raise Refused(f"the scenario content is incomplete: {exc}") from None
    if not world.scenario.turns or not world.scenario.phases:
        raise Refused("the scenario has no turns or no phases")
    modes = dict(c.participants)
    for role, mode in modes.items():
        if role not in world.played:
            raise Refused(f"'{role}' is not a role in scenario '{world.scenario.id}'")
        if mode not in PLAY_MODES:
            raise Refused(f"'{mode}' is not a way to play a role (team, facilitator, bot)")
    participants = tuple((r, modes.get(r, "bot")) for r in world.played)
    started = ev.SessionStarted(c.world, c.seed, participants, tuple(c.codes), c.at)
    b = _Batch(evolve(UNSTARTED, started))
    b.events.append(started)
    _open_turn(b, 1, c.at)
    return b.events


@_decide.register
def _(c: cmd.AdvancePhase, s: State) -> list[ev.Event]:
    if c.expect is not None and tuple(c.expect) != (s.turn, s.phase):
        raise Refused("the session has already moved on")
    b = _Batch(s)
    if s.phase + 1 < len(s.world.scenario.phases):
        b.add(ev.PhaseStarted(s.turn, s.phase + 1, c.at))
        return b.events
    waiting = undecided(s)
    if waiting and not c.force:
        raise Refused(not_decided(waiting))
    if s.turn < len(s.world.scenario.turns):
        _open_turn(b, s.turn + 1, c.at)
    else:
        met = tuple(i for i, _ in end_conditions_met(s))
        b.add(ev.SessionEnded("the last turn is over", c.at, met))
    return b.events


@_decide.register
def _(c: cmd.ReleaseInject, s: State) -> list[ev.Event]:
    if c.inject_id not in s.world.injects:
        raise Refused(f"'{c.inject_id}' is not an inject of this scenario")
    if c.inject_id in s.released:
        raise Refused(f"'{c.inject_id}' has already been released")
    b = _Batch(s)
    b.add(ev.InjectReleased(c.inject_id, s.turn, "manual"))
    return b.events


@_decide.register
def _(c: cmd.DrawFromDeck, s: State) -> list[ev.Event]:
    if c.deck_id not in s.deck_left:
        raise Refused(f"'{c.deck_id}' is not a deck of this scenario")
    b = _Batch(s)
    if not _draw(b, c.deck_id):
        if any(i not in s.released for i in s.deck_left[c.deck_id]):
            date = s.world.scenario.turns[s.turn - 1].date
            raise Refused(f"no card left in deck '{c.deck_id}' is dated for turn {s.turn} ({date})")
        raise Refused(f"deck '{c.deck_id}' is empty")
    return b.events


def _check_choice(
    s: State, role: str, inject_id: str | None, option_id: str | None, text: str
) -> None:
    if role not in s.world.played:
        raise Refused(f"'{role}' is not a team in this session")
    if inject_id is None:
        if option_id:
            raise Refused("an option needs an inject")
        if not text.strip():
            raise Refused("a free action needs a text")
        return
    inj = s.world.injects.get(inject_id)
    if inj is None or inject_id not in s.released:
        raise Refused(f"'{inject_id}' has not been released")
    if not inj.visible_to(role):
        raise Refused(f"'{role}' cannot see '{inject_id}'")
    if role not in inj.deciders_in(s.world.played):
        raise Refused(f"'{role}' is not asked to decide on '{inject_id}'")
    if option_id is None:
        if not text.strip():
            raise Refused("choose an option or write a free action")
        return
    opt = inj.option(option_id)
    if opt is None:
        raise Refused(f"'{inject_id}' has no option '{option_id}'")
    if not opt.allowed_for(role):
        raise Refused(f"option '{option_id}' is not open to '{role}'")
    if not available(s, opt):
        raise Refused(f"option '{option_id}' is not on offer now (its conditions do not hold)")


@_decide.register
def _(c: cmd.SubmitDecision, s: State) -> list[ev.Event]:
    _check_choice(s, c.role, c.inject_id, c.option_id, c.text)
    check_confidence(c.confidence)
    did = decision_id(s.turn, c.role, c.inject_id)
    old = s.decisions.get(did)
    if old is not None and not old.withdrawn:
        raise Refused(f"'{c.role}' has already decided on this; amend or withdraw it")
    return [
        ev.DecisionSubmitted(
            did,
            c.role,
            c.inject_id,
            c.option_id,
            c.text,
            c.rationale,
            c.author or c.role,
            s.turn,
            c.at,
            confidence=c.confidence,
        )
    ]


def _open_decision(s: State, role: str, inject_id: str | None):
    d = s.decisions.get(decision_id(s.turn, role, inject_id))
    if d is None or d.withdrawn:
        raise Refused(f"'{role}' has no decision on {inject_id or 'a free action this turn'}")
    if d.ruling_id:
        raise Refused("that decision has already been adjudicated")
    return d


@_decide.register
def _(c: cmd.AmendDecision, s: State) -> list[ev.Event]:
    d = _open_decision(s, c.role, c.inject_id)
    _check_choice(s, c.role, c.inject_id, c.option_id, c.text)
    check_confidence(c.confidence)
    return [
        ev.DecisionAmended(
            d.decision_id,
            c.option_id,
            c.text,
            c.rationale,
            c.author or c.role,
            c.at,
            confidence=c.confidence,
        )
    ]


@_decide.register
def _(c: cmd.WithdrawDecision, s: State) -> list[ev.Event]:
    d = _open_decision(s, c.role, c.inject_id)
    return [ev.DecisionWithdrawn(d.decision_id, c.author or c.role, c.at)]


def doctrine_weight(s: State, role: str, tags) -> float:
    r = s.world.roles.get(role)
    if r is None or not tags:
        return 1.0
    return sum(r.doctrine.weight(t) for t in tags) / len(tags)


@_decide.register
def _(c: cmd.BotDecide, s: State) -> list[ev.Event]:
    inj = s.world.injects.get(c.inject_id)
    if inj is None:
        raise Refused(f"'{c.inject_id}' is not an inject of this scenario")
    choices = [o for o in inj.options if o.allowed_for(c.role) and available(s, o)]
    if not choices:
        raise Refused(f"'{c.inject_id}' offers '{c.role}' no option")
    _check_choice(s, c.role, c.inject_id, choices[0].id, "")
    did = decision_id(s.turn, c.role, c.inject_id)
    old = s.decisions.get(did)
    if old is not None and not old.withdrawn:
        raise Refused(f"'{c.role}' has already decided on this")
    worths = [_bot_worth(s, c.role, o) for o in choices]
    doctrine = [doctrine_weight(s, c.role, o.tags) for o in choices]
    weights = [d * math.exp(BOT_KEENNESS * w) for d, w in zip(doctrine, worths, strict=True)]
    if sum(weights) <= 0:
        weights = [1.0] * len(choices)
    draw = s.rng_draws
    picked = rng(s, draw).choices(range(len(choices)), weights=weights, k=1)[0]
    pick = choices[picked]
    why = (
        f"bot: doctrine weight {doctrine[picked]:.2f} "
        f"for tags {', '.join(pick.tags) or 'none'}, "
        f"worth {worths[picked]:+.1f} on its scorecard"
    )
    return [
        ev.DecisionSubmitted(did, c.role, c.inject_id, pick.id, "", why, "bot", s.turn, c.at, draw)
    ]


def _bot_worth(s: State, role: str, option) -> float:
    """What a bot expects of an option: its worth at today's values, over the turns left."""
    left = len(s.world.scenario.turns) - s.turn
    return option_worth(s.world.scenario, role, option, s.indicators, left)


def _as_ruled(s: State, decision_ids) -> State:
    """`s` with the decisions of this ruling counted as ruled, so that an option's extra effects
    can answer another choice ruled on with it ("if the batteries fired, the reply costs more")."""
    ids = [i for i in decision_ids if i in s.decisions and not s.decisions[i].ruling_id]
    if not ids or not any(
        x for i in ids if (o := _option_of(s, i)) is not None for x in o.effects_if
    ):
        return s
    decisions = dict(s.decisions)
    for i in ids:
        decisions[i] = copied(decisions[i], ruling_id="(this ruling)")
    return copied(s, decisions=decisions)


def _option_of(s: State, decision_id: str):
    d = s.decisions[decision_id]
    inj = s.world.injects.get(d.inject_id) if d.inject_id else None
    return inj.option(d.option_id) if inj is not None and d.option_id else None


def option_effects(s: State, decision_ids) -> tuple[dict[str, int], list[str], list[str]]:
    """Summed indicator effects and flags of the chosen options: the `rules` adjudication."""
    deltas: dict[str, int] = {}
    sets: list[str] = []
    clears: list[str] = []
    seen = _as_ruled(s, decision_ids)
    for did in decision_ids:
        d = s.decisions.get(did)
        if d is None or d.inject_id is None or d.option_id is None:
            continue
        opt = s.world.injects[d.inject_id].option(d.option_id)
        if opt is None:
            continue
        extra = [x.effects for x in opt.effects_if if all_hold(seen, x.when, x.mode)]
        for ind, delta in opt.effects + tuple(e for effects in extra for e in effects):
            if s.world.scenario.indicator(ind) is not None:
                deltas[ind] = deltas.get(ind, 0) + delta
        sets.extend(f for f in opt.sets if f not in sets)
        clears.extend(f for f in opt.clears if f not in clears)
    return {k: v for k, v in deltas.items() if v}, sets, clears


def public_summary(s: State, decision_ids) -> str:
    """A draft narrative that can be read to every team: choices on public injects are named,
    choices on private injects and free actions are only counted, so a public ruling does not
    give away what a team decided in private."""
    named, hidden = [], 0
    for did in decision_ids:
        d = s.decisions.get(did)
        if d is None:
            continue
        inj = s.world.injects.get(d.inject_id) if d.inject_id else None
        opt = inj.option(d.option_id) if inj and d.option_id else None
        if inj is not None and inj.visibility == "public" and opt is not None and not opt.covert:
            named.append(f"{team_name(d.role)}: {opt.label}")
        else:
            hidden += 1
    parts = ["; ".join(named)] if named else []
    if hidden:
        parts.append(f"{hidden} decision{'s' if hidden != 1 else ''} taken in private")
    return ("The white cell rules on " + ", and ".join(parts) + ".") if parts else ""


@_decide.register
def _(c: cmd.Adjudicate, s: State) -> list[ev.Event]:
    if c.method not in ADJUDICATION_METHODS:
        raise Refused(f"'{c.method}' is not a method ({', '.join(ADJUDICATION_METHODS)})")
    if not c.narrative.strip():
        raise Refused("a ruling needs a narrative")
    for did in c.decision_ids:
        d = s.decisions.get(did)
        if d is None or d.withdrawn:
            raise Refused(f"no open decision '{did}'")
        if d.ruling_id:
            raise Refused(f"decision '{did}' was already adjudicated in {d.ruling_id}")
    sc = s.world.scenario
    for ind, _ in c.deltas + c.fail_deltas:
        if sc.indicator(ind) is None:
            raise Refused(f"'{ind}' is not an indicator of this scenario")
    for role in c.audience:
        if role not in s.world.played:
            raise Refused(f"'{role}' is not a team in this session")
    deltas = dict(c.deltas)
    flags_set, flags_cleared = tuple(c.flags_set), tuple(c.flags_cleared)
    matrix = None
    if c.method == "matrix":
        modifier = len(c.pros) - len(c.cons)
        draw = s.rng_draws
        if c.rolled_draw >= 0 and c.rolled_draw != draw:
            raise Refused("the dice were drawn for something else meanwhile: roll again")
        dice = roll_2d6(s, draw)
        total = sum(dice) + modifier
        success = total >= c.target
        matrix = {
            "pros": list(c.pros),
            "cons": list(c.cons),
            "modifier": modifier,
            "target": c.target,
            "dice": list(dice),
            "total": total,
            "success": success,
            "draw": draw,
        }
    elif c.method == "estimative":
        matrix = estimative_roll(c, s)
    if matrix is not None and not matrix["success"]:
        deltas = dict(c.fail_deltas)
        flags_set, flags_cleared = (), ()
    applied = {}
    for ind, delta in deltas.items():
        spec = sc.indicator(ind)
        if spec is None:  # _check_adjudicate refused unknown indicators before this
            raise Refused(f"'{ind}' is not an indicator of this scenario")
        applied[ind] = spec.clamp(s.indicators[ind] + delta)
    b = _Batch(s)
    b.add(
        ev.Adjudicated(
            f"r{len(s.rulings) + 1}",
            s.turn,
            tuple(c.decision_ids),
            c.narrative,
            c.method,
            c.reason,
            deltas,
            applied,
            flags_set,
            flags_cleared,
            tuple(c.audience),
            c.author,
            c.at,
            matrix,
        )
    )
    _after_change(b, c.at)
    return b.events


@_decide.register
def _(c: cmd.AddObservation, s: State) -> list[ev.Event]:
    if not c.text.strip():
        raise Refused("an observation needs a text")
    if c.kind not in OBSERVATION_KINDS:
        raise Refused(f"'{c.kind}' is not a kind of observation ({', '.join(OBSERVATION_KINDS)})")
    if c.role:
        role = s.world.roles.get(c.role)
        if role is None:
            raise Refused(f"'{c.role}' is not a role")
        if c.objective and c.objective not in {o.id for o in role.objectives}:
            raise Refused(f"'{c.role}' has no objective '{c.objective}'")
    elif c.objective:
        raise Refused("an objective needs its role")
    check_rating(c, s)
    return [
        ev.ObservationAdded(
            c.text, c.role, c.objective, c.author, s.turn, c.at, c.kind, c.rating, c.about
        )
    ]


@_decide.register
def _(c: cmd.PauseClock, s: State) -> list[ev.Event]:
    if s.paused:
        raise Refused("the clock is already paused")
    return [ev.ClockPaused(c.at)]


@_decide.register
def _(c: cmd.ResumeClock, s: State) -> list[ev.Event]:
    if not s.paused:
        raise Refused("the clock is not paused")
    return [ev.ClockResumed(c.at)]


@_decide.register
def _(c: cmd.ShowSources, s: State) -> list[ev.Event]:
    if c.shown != s.sources_hidden:
        raise Refused("team consoles already " + ("show" if c.shown else "hide") + " citations")
    return [ev.SourcesShown(c.shown, c.author, c.at)]


@_decide.register
def _(c: cmd.RestartClock, s: State) -> list[ev.Event]:
    return [ev.ClockRestarted(c.at)]


@_decide.register
def _(c: cmd.EndSession, s: State) -> list[ev.Event]:
    return [
        ev.SessionEnded(
            c.reason or "ended by the facilitator", c.at, tuple(i for i, _ in end_conditions_met(s))
        )
    ]


@_decide.register
def _(c: cmd.JoinTeam, s: State) -> list[ev.Event]:
    if c.role not in s.world.played:
        raise Refused(f"'{c.role}' is not a team in this session")
    if s.codes.get(c.role) != c.code.strip().upper():
        return [ev.JoinRefused(c.role, c.client, c.at)]
    return [ev.TeamJoined(c.role, c.client, c.at)]


CODE_HOLDERS = ("facilitator", "observer")  # who may hold a code besides the teams


@_decide.register
def _(c: cmd.IssueCode, s: State) -> list[ev.Event]:
    if c.holder not in CODE_HOLDERS or c.holder in s.world.played:
        raise Refused(
            f"'{c.holder}' cannot be issued a code (teams get theirs when the session starts)"
        )
    code = c.code.strip().upper()
    if not code:
        raise Refused("a code cannot be empty")
    if c.holder in s.codes:
        return []  # two consoles may both have seen it missing; the first one's code stands
    if code in s.codes.values():
        raise Refused("that code is already someone else's")
    return [ev.CodeIssued(c.holder, code, c.at)]


@_decide.register
def _(c: cmd.MarkRead, s: State) -> list[ev.Event]:
    inj = s.world.injects.get(c.inject_id)
    if c.role not in s.world.played:
        raise Refused(f"'{c.role}' is not a team in this session")
    if inj is None or c.inject_id not in s.released or not inj.visible_to(c.role):
        raise Refused(f"'{c.role}' has no inject '{c.inject_id}'")
    if (c.role, c.inject_id) in s.reads:
        return []
    return [ev.InjectRead(c.role, c.inject_id, c.at)]


@_decide.register
def _(c: cmd.SetParticipant, s: State) -> list[ev.Event]:
    if c.role not in s.world.played:
        raise Refused(f"'{c.role}' is not a team in this session")
    if c.mode not in PLAY_MODES:
        raise Refused(f"'{c.mode}' is not a way to play a role (team, facilitator, bot)")
    if s.participants.get(c.role) == c.mode:
        return []
    return [ev.ParticipantChanged(c.role, c.mode, c.at)]


@_decide.register
def _(c: cmd.ShowIndicators, s: State) -> list[ev.Event]:
    """Allowed after the end too: the hot wash is when a facilitator shows everything."""
    known = [i.id for i in s.world.scenario.indicators]
    unknown = [i for i in c.ids if i not in known]
    if unknown:
        raise Refused(f"'{unknown[0]}' is not an indicator of this scenario")
    ids = tuple(i for i in known if i in c.ids)  # the scenario's order, each once
    if ids == s.shown:
        raise Refused("the screen already shows those indicators")
    return [ev.IndicatorsShown(ids, c.author, c.at)]


# Rules kept in their own modules, registered as they are: each takes (command, state).
for _kind, _rule in (
    (cmd.SendMessage, send_message),
    (cmd.ReadMessage, read_message),
    (cmd.VoidRuling, void_ruling),
    (cmd.WithdrawRelease, withdraw_release),
    (cmd.UndoPhase, undo_phase),
    (cmd.WriteInject, write_inject),
):
    _decide.register(_kind)(_rule)


# The judgement's rules (engine/judgement.py), each deciding one event.
for _judged, _one in (
    (cmd.AskEstimates, ask_estimates),
    (cmd.GiveEstimate, give_estimate),
    (cmd.EnterEstimate, enter_estimate),
    (cmd.GiveFeedback, give_feedback),
):
    _decide.register(_judged)(lambda c, s, one=_one: [one(c, s)])
