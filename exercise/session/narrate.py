"""One-line descriptions of events: the one describer, for the facilitator's log, the review's
timeline and the comparison of two sessions."""

from __future__ import annotations

from typing import TYPE_CHECKING

from exercise.engine import events as ev
from exercise.engine.judgement import roll_text
from exercise.engine.messages import EVERY_TEAM, WHITE_CELL
from exercise.engine.state import State
from exercise.engine.view import team_name

if TYPE_CHECKING:
    from exercise.store import Row

_HOW = {
    "triggered": "triggered",
    "manual": "released by hand",
    "scheduled": "scheduled",
    "discovery": "a covert move came out",
    "written": "written in session",
}


def _inject_title(state: State, inject_id: str | None) -> str:
    if not inject_id:
        return "a free action"
    inj = state.world.injects.get(inject_id)
    return f"'{inj.title}'" if inj else inject_id


def _option_label(state: State, inject_id: str | None, option_id: str | None, text: str) -> str:
    if option_id and inject_id:
        inj = state.world.injects.get(inject_id)
        opt = inj.option(option_id) if inj else None
        if opt:
            return opt.label
    return text or (option_id or "")


def _turn(state: State, event: ev.TurnStarted) -> str:
    turns = state.world.scenario.turns
    if 0 < event.turn <= len(turns):
        t = turns[event.turn - 1]
        return f"Turn {event.turn} begins: {t.name} ({t.date})"
    return f"Turn {event.turn} begins"


def _phase(state: State, event: ev.PhaseStarted) -> str:
    phases = state.world.scenario.phases
    return f"Phase: {phases[event.phase].name if event.phase < len(phases) else event.phase}"


def _amended(state: State, event: ev.DecisionAmended) -> str:
    d = state.decisions.get(event.decision_id)
    role, inject_id = (d.role, d.inject_id) if d else (event.decision_id, None)
    choice = _option_label(state, inject_id, event.option_id, event.text)
    return f"{team_name(role)} amended its decision on {_inject_title(state, inject_id)}: {choice}"


def _withdrawn(state: State, event: ev.DecisionWithdrawn) -> str:
    d = state.decisions.get(event.decision_id)
    if d is None:
        return f"Decision {event.decision_id} withdrawn"
    return f"{team_name(d.role)} withdrew its decision on {_inject_title(state, d.inject_id)}"


def _indicator(state: State, ind_id: str) -> str:
    spec = state.world.scenario.indicator(ind_id)
    return spec.label if spec is not None else ind_id


def _voided(state: State, event: ev.RulingVoided) -> str:
    moved = ", ".join(f"{_indicator(state, k)} back to {v}" for k, v in event.applied.items())
    return (
        f"The white cell ({event.author}) voided ruling {event.ruling_id}: {event.reason}"
        + (f" ({moved})" if moved else "")
        + "; its decisions are open again"
    )


def _party(who: str) -> str:
    return {WHITE_CELL: "the white cell", EVERY_TEAM: "every team"}.get(who, team_name(who))


def _message(event: ev.MessageSent) -> str:
    by = f" ({event.author})" if event.author and event.sender != WHITE_CELL else ""
    sender = _party(event.sender)
    return f"{sender[:1].upper()}{sender[1:]}{by} to {_party(event.to)}: {event.text}"


def _message_read(state: State, event: ev.MessageRead) -> str:
    m = state.message(event.message_id)
    what = f"“{m.text[:60]}{'…' if len(m.text) > 60 else ''}”" if m else event.message_id
    reader = _party(event.reader)
    return f"{reader[:1].upper()}{reader[1:]} read the message {what}"


def _ruling(state: State, event: ev.Adjudicated) -> str:
    changes = (
        ", ".join(f"{_indicator(state, k)} {v:+d}" for k, v in event.deltas.items())
        or "no indicator change"
    )
    roll = f"; {roll_text(event.matrix)}" if event.matrix else ""
    return f"Ruling {event.ruling_id} ({event.method}): {changes}{roll}"


def _covert(state: State, event: ev.CovertRolled) -> str:
    move = state.covert.get(event.decision_id)
    what = (
        f"{team_name(move.role)}'s covert move on {_inject_title(state, move.inject_id)}"
        if move is not None
        else f"covert move {event.decision_id}"
    )
    if event.cause == "trigger":
        return f"Discovered: {what} (its trigger holds)"
    verdict = "discovered" if event.discovered else "still hidden"
    return f"Discovery roll for {what}: {event.roll:.2f} vs {event.chance:.2f}, {verdict}"


def describe(event: ev.Event, state: State) -> str:
    """Describe `event` given `state`, the state it applies to (or any later state)."""
    match event:
        case ev.SessionStarted():
            return f"Session started: {event.world['scenario']['title']} (seed {event.seed})"
        case ev.TurnStarted():
            return _turn(state, event)
        case ev.PhaseStarted():
            return _phase(state, event)
        case ev.InjectReleased():
            how = (
                f"drawn from deck {event.deck}"
                if event.how == "deck"
                else _HOW.get(event.how, event.how)
            )
            return f"Inject {_inject_title(state, event.inject_id)} released ({how})"
        case ev.InjectWritten():
            to = ", ".join(team_name(r) for r in event.inject.get("audience", ())) or "every team"
            return f"The white cell ({event.author}) wrote '{event.inject['title']}' for {to}"
        case ev.DecisionSubmitted():
            choice = _option_label(state, event.inject_id, event.option_id, event.text)
            by = " (bot)" if event.author == "bot" else ""
            what = _inject_title(state, event.inject_id)
            return f"{team_name(event.role)} decided on {what}{by}: {choice}"
        case ev.DecisionAmended():
            return _amended(state, event)
        case ev.DecisionWithdrawn():
            return _withdrawn(state, event)
        case ev.Adjudicated():
            return _ruling(state, event)
        case ev.CovertRolled():
            return _covert(state, event)
        case ev.ObservationAdded():
            where = "/" + event.objective if event.objective else ""
            about = f" [{team_name(event.role)}{where}]" if event.role else ""
            return f"Observation{about}: {event.text}"
        case ev.ClockPaused():
            return "Clock paused"
        case ev.ClockResumed():
            return "Clock resumed"
        case ev.ReleaseWithdrawn():
            title = _inject_title(state, event.inject_id)
            return f"The white cell ({event.author}) withdrew the release of {title}"
        case ev.PhaseUndone():
            name = state.world.scenario.phases[event.phase].name
            return f"The white cell ({event.author}) went back to phase {event.phase + 1}: {name}"
        case ev.SourcesShown():
            if event.shown:
                return "Team consoles now show the injects' citations"
            return "Team consoles keep the injects' citations until the hot wash"
        case ev.ClockRestarted():
            return f"Phase clock restarted at its full {state.phase_seconds() // 60} min"
        case ev.SessionEnded():
            return f"Session ended: {event.reason}"
        case ev.TeamJoined():
            return f"{team_name(event.role)} team console joined"
        case ev.TeamSeen():
            return f"{team_name(event.role)} team console is open"
        case ev.JoinRefused():
            return f"{team_name(event.role)}: join refused (wrong code)"
        case ev.CodeIssued():  # the code itself is never told: the report may travel
            article = "An" if event.holder[:1] in "aeiou" else "A"
            return f"{article} {event.holder} code was issued for the served consoles"
        case ev.InjectRead():
            return f"{team_name(event.role)} read {_inject_title(state, event.inject_id)}"
        case ev.ParticipantChanged():
            return f"{team_name(event.role)} is now played by: {event.mode}"
        case ev.RulingVoided():
            return _voided(state, event)
        case ev.MessageSent():
            return _message(event)
        case ev.MessageRead():
            return _message_read(state, event)
        case ev.IndicatorsShown():
            shown = ", ".join(_indicator(state, i) for i in event.ids)
            return f"The screen and the teams now see {shown or 'no indicators'}"
        case ev.EstimatesAsked():
            n = len(event.decision_ids)
            return (
                f"The white cell asked every team for its estimate ({event.request_id}) on "
                f"{n} decision{'s' if n != 1 else ''}"
            )
        case ev.EstimateGiven():
            why = f": {event.reasoning}" if event.reasoning else ""
            by = ", entered by the white cell" if event.on_behalf else ""
            return (
                f"{team_name(event.role)} gives it {event.percent}% ({event.request_id}{by}){why}"
            )
        case ev.FeedbackGiven():  # no author: a participant may have asked to stay anonymous
            return (
                f"Feedback from {team_name(event.role)}: realism {event.realism}/5, "
                f"learning {event.learning}/5"
            )
    return type(event).__name__


def describe_row(row: Row, state: State) -> str:
    """Describe a log row, decoding it here: the log and the review decode only the rows they
    show, not every row they read."""
    return describe(ev.from_payload(row.kind, row.data()), state)
