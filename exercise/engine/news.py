"""Which new events can change what a team sees, so that a team console rebuilds its view (and
repaints) only for those: another team's read, a facilitator's note or a presence mark costs it
nothing beyond reading the event."""

from __future__ import annotations

from collections.abc import Iterable

from exercise.engine import events as ev
from exercise.engine.messages import EVERY_TEAM
from exercise.engine.state import State


def concerns(event: ev.Event, state: State, role: str) -> bool:
    """False only when `event` surely leaves `role`'s view as it was; `state` is the state after
    it. What a view holds is `session.team_view.TeamView`: position and clock, the inbox, the
    team's own decisions, the rulings it may see."""
    match event:
        case ev.ObservationAdded() | ev.CodeIssued() | ev.TeamSeen() | ev.JoinRefused():
            return False
        case ev.TeamJoined():
            return False  # who joined is not in a view
        case ev.InjectRead() | ev.DecisionSubmitted():
            return event.role == role
        case ev.DecisionAmended() | ev.DecisionWithdrawn():
            decision = state.decisions.get(event.decision_id)
            return decision is None or decision.role == role
        case ev.InjectReleased() | ev.ReleaseWithdrawn():
            inject = state.world.injects.get(event.inject_id)
            return inject is None or inject.visible_to(role)
        case ev.CovertRolled():
            return event.discovered  # a roll that finds nothing changes no team's view
        case ev.RulingVoided():  # as the ruling itself did
            r = state.ruling(event.ruling_id)
            if r is None or r.public or role in r.audience or event.applied.keys() & state.shown:
                return True
            if (r.matrix or {}).get("request_id"):
                return True  # the request it closed is open again, for every team
            return any(
                (d := state.decisions.get(i)) is None or d.role == role for i in r.decision_ids
            )
        case ev.MessageSent():
            return role in (event.sender, event.to) or event.to == EVERY_TEAM
        case ev.MessageRead():  # its own reading, or the white cell reading what it wrote
            m = state.message(event.message_id)
            return event.reader == role or m is None or m.sender == role
        case ev.Adjudicated():
            own = any(
                (d := state.decisions.get(i)) is None or d.role == role for i in event.decision_ids
            )
            shown = any(i in state.shown for i in event.applied)  # a value the team is shown
            # a ruling on estimates closes a request every team was asked
            asked = bool((event.matrix or {}).get("request_id"))
            return own or shown or asked or not event.audience or role in event.audience
        case ev.EstimateGiven() | ev.FeedbackGiven():
            return event.role == role  # others' estimates show only once ruled on
    return True


def any_concern(events: Iterable[ev.Event], state: State, role: str) -> bool:
    return any(concerns(e, state, role) for e in events)


def concerns_room(event: ev.Event, state: State) -> bool:
    """False only when `event` surely leaves the projector's view as it was (see
    `session.public_view.PublicView`: position and clock, public injects and rulings, the
    indicators shown)."""
    match event:
        case (
            ev.ObservationAdded()
            | ev.CodeIssued()
            | ev.TeamSeen()
            | ev.JoinRefused()
            | ev.TeamJoined()
            | ev.InjectRead()
            | ev.DecisionSubmitted()
            | ev.DecisionAmended()
            | ev.DecisionWithdrawn()
            | ev.ParticipantChanged()
            | ev.MessageSent()
            | ev.MessageRead()
            | ev.SourcesShown()
        ):
            return False
        case ev.InjectReleased() | ev.ReleaseWithdrawn():
            inject = state.world.injects.get(event.inject_id)
            return inject is None or inject.visibility == "public"
        case ev.CovertRolled():
            return event.discovered
        case ev.Adjudicated():
            return not event.audience or any(i in state.shown for i in event.applied)
        case ev.RulingVoided():
            r = state.ruling(event.ruling_id)
            return r is None or r.public or any(i in state.shown for i in event.applied)
    return True
