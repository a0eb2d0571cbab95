"""evolve(state, event) -> state: apply one fact. Never refuses, never rolls dice."""

from __future__ import annotations

from functools import singledispatch

from exercise.engine import events as ev
from exercise.engine.state import (
    UNSTARTED,
    CovertMove,
    Decision,
    Estimate,
    EstimateRequest,
    Feedback,
    Message,
    Release,
    Ruling,
    State,
    Unstarted,
    copied,
)
from exercise.engine.world import world_from_raw


def evolve(state: State | Unstarted, event: ev.Event) -> State:
    if isinstance(state, Unstarted):
        if not isinstance(event, ev.SessionStarted):
            raise ValueError(
                f"a session log must open with SessionStarted, not {type(event).__name__}"
            )
        return State(seq=state.seq + 1, **_started(event))
    rule = _RULES.get(type(event))
    changes = rule(event, state) if rule is not None else _apply(event, state)
    # A shallow copy with the changes: what dataclasses.replace does, without re-running
    # __init__ over thirty fields for every event of a long replay.
    new = object.__new__(State)
    attrs = new.__dict__
    attrs.update(state.__dict__)
    attrs.update(changes)
    attrs["seq"] = state.seq + 1
    return new


def fold(events, state: State | Unstarted = UNSTARTED) -> State:
    """The state after `events` (at least the session's start)."""
    for event in events:
        state = evolve(state, event)
    if isinstance(state, Unstarted):
        raise ValueError("no events: the session has not started")
    return state


def _seen(s: State, role: str, at: float) -> dict:
    seen = dict(s.seen)
    seen[role] = max(at, seen.get(role, at))
    return seen


@singledispatch
def _apply(event, state: State) -> dict:  # pragma: no cover - every kind is registered
    raise TypeError(f"no rule for event {type(event).__name__}")


@_apply.register
def _(e: ev.SessionStarted, s: State) -> dict:
    raise ValueError("the session has already started")  # decide refuses it: a log edited by hand


def _started(e: ev.SessionStarted) -> dict:
    world = world_from_raw(e.world)
    sc = world.scenario
    start = {i.id: i.start for i in sc.indicators}
    return dict(
        world=world,
        seed=e.seed,
        participants=dict(e.participants),
        codes=dict(e.codes),
        indicators=start,
        deck_left={d.id: d.injects for d in sc.decks},
        started_at=e.at,
        last_at=e.at,
        phase_started_at=e.at,
    )


@_apply.register
def _(e: ev.TurnStarted, s: State) -> dict:
    return dict(
        turn=e.turn,
        phase=0,
        phase_started_at=e.at,
        paused_total=0.0,
        paused_at=e.at if s.paused_at is not None else None,
        indicator_history=s.indicator_history + ((e.turn, s.indicators),),
        last_at=e.at,
    )


def _phase_from(phase: int, at: float, s: State) -> dict:
    """The session at `phase` from `at`, its clock full (and still paused, if it was)."""
    return dict(
        phase=phase,
        phase_started_at=at,
        paused_total=0.0,
        paused_at=at if s.paused_at is not None else None,
        last_at=at,
    )


@_apply.register
def _(e: ev.PhaseStarted, s: State) -> dict:
    return _phase_from(e.phase, e.at, s)


@_apply.register
def _(e: ev.InjectReleased, s: State) -> dict:
    deck_left = s.deck_left
    if e.deck:
        deck_left = dict(deck_left)
        deck_left[e.deck] = tuple(i for i in deck_left.get(e.deck, ()) if i != e.inject_id)
    return dict(
        releases=s.releases + (Release(e.inject_id, e.turn, e.how, e.deck),),
        released=s.released | {e.inject_id},
        deck_left=deck_left,
        rng_draws=max(s.rng_draws, e.draw + 1),
    )


@_apply.register
def _(e: ev.InjectWritten, s: State) -> dict:
    return dict(world=s.world.with_inject(e.inject), last_at=e.at)


@_apply.register
def _(e: ev.DecisionSubmitted, s: State) -> dict:
    decisions = dict(s.decisions)
    decisions[e.decision_id] = Decision(
        e.decision_id,
        e.role,
        e.inject_id,
        e.option_id,
        e.text,
        e.rationale,
        e.author,
        e.turn,
        e.at,
        confidence=e.confidence,
    )
    return dict(decisions=decisions, rng_draws=max(s.rng_draws, e.draw + 1), last_at=e.at)


@_apply.register
def _(e: ev.DecisionAmended, s: State) -> dict:
    decisions = dict(s.decisions)
    old = decisions[e.decision_id]
    decisions[e.decision_id] = copied(
        old,
        option_id=e.option_id,
        text=e.text,
        rationale=e.rationale,
        author=e.author,
        amended=old.amended + 1,
        withdrawn=False,
        confidence=e.confidence,
    )
    return dict(decisions=decisions, last_at=e.at)


@_apply.register
def _(e: ev.DecisionWithdrawn, s: State) -> dict:
    decisions = dict(s.decisions)
    decisions[e.decision_id] = copied(decisions[e.decision_id], withdrawn=True)
    return dict(decisions=decisions, last_at=e.at)


@_apply.register
def _(e: ev.Adjudicated, s: State) -> dict:
    decisions = dict(s.decisions)
    for d in e.decision_ids:
        if d in decisions:
            decisions[d] = copied(decisions[d], ruling_id=e.ruling_id)
    indicators = dict(s.indicators)
    indicators.update(e.applied)
    flags = (s.flags | set(e.flags_set)) - set(e.flags_cleared)
    ruling = Ruling(
        e.ruling_id,
        e.turn,
        e.decision_ids,
        e.narrative,
        e.method,
        e.reason,
        e.deltas,
        e.applied,
        e.flags_set,
        e.flags_cleared,
        e.audience,
        e.matrix,
        e.at,
        before={k: s.indicators.get(k) for k in e.applied},
        flags_added=tuple(f for f in e.flags_set if f not in s.flags),
        flags_removed=tuple(f for f in e.flags_cleared if f in s.flags and f not in e.flags_set),
    )
    draws = s.rng_draws
    if e.matrix and e.matrix.get("draw", -1) >= 0:
        draws = max(draws, e.matrix["draw"] + 1)
    return dict(
        decisions=decisions,
        indicators=indicators,
        flags=frozenset(flags),
        rulings=s.rulings + (ruling,),
        rng_draws=draws,
        covert=_covert_made(s, e),
        estimates=_ruled_on(s.estimates, (e.matrix or {}).get("request_id", ""), e.ruling_id),
        last_at=e.at,
    )


def _ruled_on(
    requests: tuple[EstimateRequest, ...], request_id: str, ruling_id: str
) -> tuple[EstimateRequest, ...]:
    if not request_id:
        return requests
    return tuple(
        copied(r, ruling_id=ruling_id) if r.request_id == request_id else r for r in requests
    )


def _covert_made(s: State, e: ev.Adjudicated) -> dict:
    """The covert moves, with those this ruling put into effect."""
    moves = s.covert
    for did in e.decision_ids:
        d = s.decisions.get(did)
        if d is None or d.inject_id is None or d.option_id is None or did in moves:
            continue
        inj = s.world.injects.get(d.inject_id)
        opt = inj.option(d.option_id) if inj is not None else None
        if opt is None or opt.covert is None:
            continue
        moves = {
            **moves,
            did: CovertMove(
                did,
                d.role,
                d.inject_id,
                d.option_id,
                e.turn,
                opt.covert.hidden_from,
                opt.covert.discovery,
            ),
        }
    return moves


@_apply.register
def _(e: ev.CovertRolled, s: State) -> dict:
    move = s.covert[e.decision_id]
    found = dict(discovered_turn=e.turn, cause=e.cause) if e.discovered else {}
    changes: dict = dict(
        covert={**s.covert, e.decision_id: copied(move, rolls=move.rolls + 1, **found)},
        rng_draws=max(s.rng_draws, e.draw + 1),
        last_at=e.at,
    )
    if e.applied:
        changes["indicators"] = {**s.indicators, **e.applied}
    if e.flags_set:
        changes["flags"] = s.flags | set(e.flags_set)
    return changes


@_apply.register
def _(e: ev.ObservationAdded, s: State) -> dict:
    return dict(observations=s.observations + 1, last_at=e.at)


@_apply.register
def _(e: ev.ClockPaused, s: State) -> dict:
    return dict(paused_at=e.at, last_at=e.at)


@_apply.register
def _(e: ev.ClockResumed, s: State) -> dict:
    if s.paused_at is None:
        return {}
    return dict(paused_total=s.paused_total + (e.at - s.paused_at), paused_at=None, last_at=e.at)


@_apply.register
def _(e: ev.SourcesShown, s: State) -> dict:
    return dict(sources_hidden=not e.shown, last_at=e.at)


@_apply.register
def _(e: ev.ClockRestarted, s: State) -> dict:
    paused_at = e.at if s.paused_at is not None else None  # a paused clock stays paused, full
    return dict(phase_started_at=e.at, paused_total=0.0, paused_at=paused_at, last_at=e.at)


@_apply.register
def _(e: ev.ReleaseWithdrawn, s: State) -> dict:
    gone = next(r for r in s.releases if r.inject_id == e.inject_id)
    deck_left = s.deck_left
    if gone.deck:  # the card goes back into its deck, to be drawn again
        deck_left = {**deck_left, gone.deck: deck_left.get(gone.deck, ()) + (e.inject_id,)}
    decisions = dict(s.decisions)
    for d in e.decisions_withdrawn:
        if d in decisions:
            decisions[d] = copied(decisions[d], withdrawn=True)
    return dict(
        releases=tuple(r for r in s.releases if r.inject_id != e.inject_id),
        released=s.released - {e.inject_id},
        deck_left=deck_left,
        decisions=decisions,
        last_at=e.at,
    )


@_apply.register
def _(e: ev.PhaseUndone, s: State) -> dict:
    return _phase_from(e.phase, e.at, s)


@_apply.register
def _(e: ev.SessionEnded, s: State) -> dict:
    return dict(ended=True, end_reason=e.reason, end_conditions=e.conditions, last_at=e.at)


@_apply.register
def _(e: ev.TeamJoined, s: State) -> dict:
    return dict(seen=_seen(s, e.role, e.at))


@_apply.register
def _(e: ev.TeamSeen, s: State) -> dict:
    return dict(seen=_seen(s, e.role, e.at))


@_apply.register
def _(e: ev.JoinRefused, s: State) -> dict:
    return {}


@_apply.register
def _(e: ev.CodeIssued, s: State) -> dict:
    return dict(codes={**s.codes, e.holder: e.code})


@_apply.register
def _(e: ev.InjectRead, s: State) -> dict:
    key = (e.role, e.inject_id)
    if key in s.reads:
        return dict(seen=_seen(s, e.role, e.at))
    return dict(reads=s.reads | {key}, seen=_seen(s, e.role, e.at))


@_apply.register
def _(e: ev.ParticipantChanged, s: State) -> dict:
    participants = dict(s.participants)
    participants[e.role] = e.mode
    return dict(participants=participants, last_at=e.at)


@_apply.register
def _(e: ev.IndicatorsShown, s: State) -> dict:
    return dict(shown=e.ids, last_at=e.at)


@_apply.register
def _(e: ev.MessageSent, s: State) -> dict:
    m = Message(e.message_id, e.sender, e.to, e.text, e.author, e.turn, e.at)
    return dict(messages=s.messages + (m,), last_at=e.at)


@_apply.register
def _(e: ev.MessageRead, s: State) -> dict:
    return dict(message_reads=s.message_reads | {(e.reader, e.message_id)})


@_apply.register
def _(e: ev.RulingVoided, s: State) -> dict:
    ruling = next(r for r in s.rulings if r.ruling_id == e.ruling_id)
    decisions = dict(s.decisions)
    for d in ruling.decision_ids:
        if d in decisions and decisions[d].ruling_id == ruling.ruling_id:
            decisions[d] = copied(decisions[d], ruling_id="")  # open again: to be ruled anew
    indicators = {**s.indicators, **e.applied}
    flags = (s.flags - set(e.flags_cleared)) | set(e.flags_set)
    rulings = tuple(
        copied(r, voided=e.reason) if r.ruling_id == e.ruling_id else r for r in s.rulings
    )
    covert = {k: m for k, m in s.covert.items() if k not in e.covert_undone}
    # Estimates a voided ruling used are open again: the teams may revise them for the new one.
    estimates = tuple(
        copied(r, ruling_id="") if r.ruling_id == e.ruling_id else r for r in s.estimates
    )
    return dict(
        decisions=decisions,
        indicators=indicators,
        flags=frozenset(flags),
        rulings=rulings,
        covert=covert,
        estimates=estimates,
        last_at=e.at,
    )


@_apply.register
def _(e: ev.EstimatesAsked, s: State) -> dict:
    request = EstimateRequest(e.request_id, e.decision_ids, e.turn, e.at)
    return dict(estimates=s.estimates + (request,), last_at=e.at)


@_apply.register
def _(e: ev.EstimateGiven, s: State) -> dict:
    given = Estimate(e.role, e.percent, e.reasoning, e.author, e.at, e.on_behalf)

    def revised(r: EstimateRequest) -> EstimateRequest:
        if r.request_id != e.request_id:
            return r
        if any(x.role == e.role for x in r.given):  # a team's latest estimate stands
            return copied(r, given=tuple(given if x.role == e.role else x for x in r.given))
        return copied(r, given=r.given + (given,))

    return dict(estimates=tuple(revised(r) for r in s.estimates), last_at=e.at)


@_apply.register
def _(e: ev.FeedbackGiven, s: State) -> dict:
    answers = Feedback(e.role, e.author, e.worked, e.improve, e.realism, e.learning, e.at)
    return dict(feedback=s.feedback + (answers,), last_at=e.at)


# Every event kind's rule, looked up by exact type: a replay calls one per event, and a dict
# lookup is a third of singledispatch's. Subclasses, if any, still go through _apply.
_RULES = {kind: rule for kind, rule in _apply.registry.items() if kind is not object}
