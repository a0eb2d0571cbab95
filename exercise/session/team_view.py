"""What one team may see, and nothing more: the only shape in which a team console gets data.

Built from the engine's viewer-filtered queries, so information asymmetry is enforced here in
the session layer, not by hiding widgets: a team's injects carry no historical note, expected
actions, facilitator notes, trigger or option effects, its options only those open to it, and
its rulings no indicator values; the objects simply have no such fields. Of the indicators it
sees only those the facilitator shows the whole room. Of the white cell's requests for
estimates it sees what is asked about as a public ruling would name it, its own estimate, and
the other teams' estimates and the odds only once it is told of the ruling that used them.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, NamedTuple

from exercise.content.model import Citation, Inject, Role
from exercise.engine import messages, view
from exercise.engine.judgement import roll_text
from exercise.engine.rules import available
from exercise.engine.state import Decision, Feedback, Release, Ruling, State
from exercise.session.announce import moves_on


class TeamOption(NamedTuple):
    id: str
    label: str
    description: str


class TeamInject(NamedTuple):
    id: str
    title: str
    date: str
    sender: str
    medium: str
    visibility: str
    audience: tuple[str, ...]
    body: str
    sources: tuple[Citation, ...]
    questions: tuple[str, ...]
    options: tuple[TeamOption, ...]
    counterfactual: bool  # marked to players
    sources_withheld: bool = False  # the white cell keeps its citations until the hot wash
    written: bool = False  # written in session by the white cell, not part of the scenario

    def option(self, option_id: str) -> TeamOption | None:
        return next((o for o in self.options if o.id == option_id), None)


class ShownIndicator(NamedTuple):
    id: str
    label: str
    value: int
    min: int
    max: int
    turn_start: int  # its value as this turn opened: the change this turn is value - turn_start

    @property
    def title(self) -> str:
        return self.label[:1].upper() + self.label[1:]  # as Indicator.title heads it


class TeamMessage(NamedTuple):
    message_id: str
    mine: bool  # the team wrote it (to the white cell); else the white cell wrote to it
    to_every_team: bool
    text: str
    author: str
    turn: int
    at: float
    read: bool  # by the team, or (for its own) by the white cell


def team_messages(state: State, role: str) -> tuple[TeamMessage, ...]:
    """The team's conversation with the white cell, oldest first."""
    out = []
    for m in state.messages:
        if not messages.visible_to(m, role):
            continue
        mine = m.sender == role
        reader = messages.WHITE_CELL if mine else role
        out.append(
            TeamMessage(
                m.message_id,
                mine,
                m.to == messages.EVERY_TEAM,
                m.text,
                m.author,
                m.turn,
                m.at,
                messages.is_read(state, m, reader),
            )
        )
    return tuple(out)


class TeamInboxItem(NamedTuple):
    release: Release
    inject: TeamInject
    read: bool
    decision: Decision | None
    must_decide: bool


class TeamRuling(NamedTuple):
    ruling_id: str
    turn: int
    narrative: str
    audience: tuple[str, ...]
    roll: str  # the matrix game's dice, as the table saw them; "" for other rulings
    voided: str  # why the white cell took it back; "" while it stands

    @property
    def public(self) -> bool:
        return not self.audience


class TeamEstimate(NamedTuple):
    team: str  # as the room names it
    percent: int
    reasoning: str
    author: str


class TeamEstimateRequest(NamedTuple):
    """The white cell asks every team the chance it gives an action, before it rules on it."""

    request_id: str
    turn: int
    actions: tuple[str, ...]  # what it is asked about, as a public ruling would name it
    mine: TeamEstimate | None  # the team's latest estimate; None: not given
    answerable: bool  # not ruled on, every decision asked about still stands, not yet ended
    ruled: bool
    # Once the team is told of the ruling that used them (never before):
    others: tuple[TeamEstimate, ...] = ()
    odds: int | None = None
    roll: str = ""  # the d100 against the odds, as the ruling says it


def _asked_about(state: State, role: str, decision_id: str) -> str:
    """A decision as this team may see it: its own in full; another team's named only as a
    public ruling's draft would name it (a public inject, an option that is not covert), so a
    private or covert move does not leak through the question."""
    d = state.decisions.get(decision_id)
    if d is None:
        return "a decision no longer recorded"
    inj = state.world.injects.get(d.inject_id) if d.inject_id else None
    if d.role == role:
        on = f"“{inj.title}”" if inj is not None else "a free action"
        withdrawn = " (withdrawn)" if d.withdrawn else ""
        return f"Your decision on {on}: {view.choice_text(inj, d)}{withdrawn}"
    opt = inj.option(d.option_id) if inj is not None and d.option_id else None
    if inj is not None and inj.visibility == "public" and opt is not None and not opt.covert:
        return f"{view.team_name(d.role)} on “{inj.title}”: {opt.label}"
    return "A decision another team took in private"


def team_estimates(state: State, role: str) -> tuple[TeamEstimateRequest, ...]:
    """Every request for estimates, newest first, as `role` may see it."""
    told = {r.ruling_id: r for r in view.rulings(state, role)}
    out = []
    for request in reversed(state.estimates):
        given = {
            e.role: TeamEstimate(view.team_name(e.role), e.percent, e.reasoning, e.author)
            for e in request.given
        }
        ruling = told.get(request.ruling_id) if request.ruling_id else None
        standing = all(
            (d := state.decisions.get(i)) is not None and d.open for i in request.decision_ids
        )
        shown: dict[str, Any] = {}
        if ruling is not None and ruling.matrix:
            shown = dict(
                others=tuple(e for r, e in given.items() if r != role),
                odds=ruling.matrix.get("odds"),
                roll=roll_text(ruling.matrix),
            )
        out.append(
            TeamEstimateRequest(
                request.request_id,
                request.turn,
                tuple(_asked_about(state, role, i) for i in request.decision_ids),
                given.get(role),
                standing and not request.ruling_id and not state.ended,
                bool(request.ruling_id),
                **shown,
            )
        )
    return tuple(out)


def team_inject(inj: Inject, role: str, state: State | None = None) -> TeamInject:
    """The inject as `role` reads it; with `state`, only the options on offer now."""
    options = tuple(
        TeamOption(o.id, o.label, o.description)
        for o in inj.options
        if o.allowed_for(role) and (state is None or available(state, o))
    )
    withheld = state is not None and state.sources_hidden and not state.ended
    return TeamInject(
        inj.id,
        inj.title,
        inj.date,
        inj.sender,
        inj.medium,
        inj.visibility,
        inj.audience,
        inj.body,
        () if withheld else inj.sources,
        inj.questions,
        options,
        inj.counterfactual,
        withheld,
        bool(inj.written_by),
    )


def team_ruling(r: Ruling) -> TeamRuling:
    roll = roll_text(r.matrix) if r.matrix else ""
    return TeamRuling(r.ruling_id, r.turn, r.narrative, r.audience, roll, r.voided)


@dataclass(frozen=True)
class Position:
    """Where the session stands and its clock: what every console shows in its header."""

    scenario_title: str
    turn: int
    turns: int
    turn_name: str
    turn_date: str
    phase: int
    phases: int
    phase_name: str
    phase_minutes: int
    phase_started_at: float
    paused_at: float | None
    paused_total: float
    ended: bool
    end_reason: str
    moves_on: bool  # when this phase's time runs out, the next phase starts by itself

    def clock_remaining(self, now: float) -> float:
        end = self.paused_at if self.paused_at is not None else now
        return self.phase_minutes * 60 - (end - self.phase_started_at - self.paused_total)

    @property
    def paused(self) -> bool:
        return self.paused_at is not None


def position_fields(state: State) -> dict[str, Any]:
    """A Position's fields, from the state: for the views that extend it."""
    sc = state.world.scenario
    turn = sc.turns[state.turn - 1]
    phase = sc.phases[state.phase]
    return dict(
        scenario_title=sc.title,
        turn=state.turn,
        turns=len(sc.turns),
        turn_name=turn.name,
        turn_date=turn.date,
        phase=state.phase,
        phases=len(sc.phases),
        phase_name=phase.name,
        phase_minutes=phase.minutes,
        phase_started_at=state.phase_started_at,
        paused_at=state.paused_at,
        paused_total=state.paused_total,
        ended=state.ended,
        end_reason=state.end_reason,
        moves_on=moves_on(state),
    )


@dataclass(frozen=True)
class TeamView(Position):
    role: Role
    situation: str  # what the team knows as this scenario opens (its scenario briefing)
    inbox: tuple[TeamInboxItem, ...]
    decisions: tuple[Decision, ...]
    rulings: tuple[TeamRuling, ...]
    indicators: tuple[ShownIndicator, ...]  # those the facilitator shows the room
    messages: tuple[TeamMessage, ...]
    seq: int
    estimates: tuple[TeamEstimateRequest, ...] = ()  # newest first
    feedback: tuple[Feedback, ...] = ()  # what the team's participants answered at the end

    def asked(self) -> list[TeamEstimateRequest]:
        """The requests for estimates the team may still answer or revise."""
        return [r for r in self.estimates if r.answerable]

    def pending(self) -> list[TeamInject]:
        """Injects this team is asked to decide on and has not (or withdrew)."""
        return [
            i.inject
            for i in self.inbox
            if i.must_decide and (i.decision is None or i.decision.withdrawn)
        ]

    def waiting_in_order(self) -> list[TeamInject]:
        """The injects still waiting for this team's decision: this turn's first, each turn's in
        the order they came out; older ones after."""
        waiting = [
            i
            for i in reversed(self.inbox)
            if i.must_decide and (i.decision is None or i.decision.withdrawn)
        ]
        now = [i.inject for i in waiting if i.release.turn == self.turn]
        return now + [i.inject for i in waiting if i.release.turn != self.turn]

    def next_to_decide(self) -> str | None:
        """What the decision form should offer first: the first inject still waiting (None: a
        free action)."""
        waiting = self.waiting_in_order()
        return waiting[0].id if waiting else None

    def open_decision(self, inject_id: str | None) -> Decision | None:
        """This team's decision on the inject (or this turn's free action) while still amendable."""
        return next(
            (
                d
                for d in self.decisions
                if d.open and d.inject_id == inject_id and (inject_id or d.turn == self.turn)
            ),
            None,
        )

    def open_decisions(self) -> list[Decision]:
        return [d for d in self.decisions if d.open]

    def unread(self) -> int:
        return sum(1 for i in self.inbox if not i.read)

    def unread_messages(self) -> list[TeamMessage]:
        return [m for m in self.messages if not m.mine and not m.read]


def shown_indicators(state: State) -> tuple[ShownIndicator, ...]:
    """The indicators the facilitator shows the room, in the scenario's order."""
    start = state.turn_start_indicators
    return tuple(
        ShownIndicator(
            i.id,
            i.label,
            state.indicators.get(i.id, i.start),
            i.min,
            i.max,
            start.get(i.id, i.start),
        )
        for i in state.world.scenario.indicators
        if i.id in state.shown
    )


def team_view(state: State, role: str) -> TeamView:
    if role not in state.world.played:
        raise KeyError(role)
    sc = state.world.scenario
    return TeamView(
        **position_fields(state),
        role=state.world.roles[role],
        situation=b.text if (b := sc.briefing(role)) is not None else "",
        inbox=tuple(
            TeamInboxItem(
                i.release, team_inject(i.inject, role, state), i.read, i.decision, i.must_decide
            )
            for i in view.inbox(state, role)
        ),
        decisions=tuple(view.decisions(state, role)),
        rulings=tuple(
            team_ruling(r) for r in view.rulings(state, role)
        ),  # their effects stay with the white cell
        indicators=shown_indicators(state),
        messages=team_messages(state, role),
        seq=state.seq,
        estimates=team_estimates(state, role),
        feedback=tuple(f for f in state.feedback if f.role == role),
    )
