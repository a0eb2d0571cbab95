"""One-line descriptions of events, for consoles and the review."""

from __future__ import annotations

from exercise.engine import events as ev
from exercise.engine.state import State


def _inject_title(state: State, inject_id: str | None) -> str:
    if not inject_id or state.world is None:
        return "a free action"
    inj = state.world.injects.get(inject_id)
    return f"'{inj.title}'" if inj else inject_id


def _option_label(state: State, inject_id: str | None, option_id: str | None, text: str) -> str:
    if option_id and inject_id and state.world is not None:
        inj = state.world.injects.get(inject_id)
        opt = inj.option(option_id) if inj else None
        if opt:
            return opt.label
    return text or (option_id or "")


def describe(event: ev.Event, state: State) -> str:
    """Describe `event` given `state`, the state it applies to (or any later state)."""
    match event:
        case ev.SessionStarted():
            sc = event.world["scenario"]
            return f"Session started: {sc['title']} (seed {event.seed})"
        case ev.TurnStarted():
            turn = state.world.scenario.turns[event.turn - 1] if state.world else None
            return f"Turn {event.turn} begins: {turn.name} ({turn.date})" if turn else f"Turn {event.turn} begins"
        case ev.PhaseStarted():
            name = state.world.scenario.phases[event.phase].name if state.world else event.phase
            return f"Phase: {name}"
        case ev.InjectReleased():
            how = {"deck": f"drawn from deck {event.deck}", "triggered": "triggered", "manual": "released by hand",
                   "scheduled": "scheduled"}.get(event.how, event.how)
            return f"Inject {_inject_title(state, event.inject_id)} released ({how})"
        case ev.DecisionSubmitted():
            choice = _option_label(state, event.inject_id, event.option_id, event.text)
            by = " (bot)" if event.author == "bot" else ""
            return f"{event.role} decided on {_inject_title(state, event.inject_id)}{by}: {choice}"
        case ev.DecisionAmended():
            d = state.decisions.get(event.decision_id)
            role, inject_id = (d.role, d.inject_id) if d else (event.decision_id, None)
            return f"{role} amended its decision on {_inject_title(state, inject_id)}: {_option_label(state, inject_id, event.option_id, event.text)}"
        case ev.DecisionWithdrawn():
            return f"Decision {event.decision_id} withdrawn"
        case ev.Adjudicated():
            changes = ", ".join(f"{k} {v:+d}" for k, v in event.deltas.items()) or "no indicator change"
            roll = ""
            if event.matrix:
                m = event.matrix
                roll = f"; 2d6 {m['dice'][0]}+{m['dice'][1]}{m['modifier']:+d} = {m['total']} vs {m['target']}: {'success' if m['success'] else 'failure'}"
            return f"Ruling {event.ruling_id} ({event.method}): {changes}{roll}"
        case ev.ObservationAdded():
            about = f" [{event.role}{'/' + event.objective if event.objective else ''}]" if event.role else ""
            return f"Observation{about}: {event.text}"
        case ev.ClockPaused():
            return "Clock paused"
        case ev.ClockResumed():
            return "Clock resumed"
        case ev.SessionEnded():
            return f"Session ended: {event.reason}"
        case ev.TeamJoined():
            return f"{event.role} team console joined"
        case ev.TeamSeen():
            return f"{event.role} team console is open"
        case ev.JoinRefused():
            return f"{event.role}: join refused (wrong code)"
        case ev.CodeIssued():  # the code itself is never told: the report may travel
            return f"A {event.holder} code was issued for the served consoles"
        case ev.InjectRead():
            return f"{event.role} read {_inject_title(state, event.inject_id)}"
        case ev.ParticipantChanged():
            return f"{event.role} is now played by: {event.mode}"
    return type(event).__name__
