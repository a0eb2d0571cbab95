"""What one pass over a session's rows tells the report beyond the final state: event numbers
and times, reads, observations, who joined, pauses. Rows are decoded into the engine's events
and read by their type."""

from __future__ import annotations

from exercise.engine import events as ev
from exercise.engine.state import State
from exercise.review.phase_times import PhaseClock
from exercise.review.report_types import ModeChange, Observation
from exercise.session.service import decode
from exercise.store import Row

STRENGTH, IMPROVEMENT, NOTE = "strength", "improvement", "note"
_MARKS = (
    (STRENGTH, ("+", "strength:", "s:")),
    (IMPROVEMENT, ("-", "\u2212", "afi:", "improve:", "improvement:", "area:")),
)
_ANY_MARK = tuple(mark for _, marks in _MARKS for mark in marks)
_LONGEST_MARK = max(map(len, _ANY_MARK))

# The events whose content the report reads; the others are only counted (and not decoded:
# most of a long log is reads and joins).
_READ: tuple[type, ...] = (
    ev.TurnStarted,
    ev.PhaseStarted,
    ev.InjectReleased,
    ev.InjectRead,
    ev.ObservationAdded,
    ev.DecisionSubmitted,
    ev.Adjudicated,
    ev.ParticipantChanged,
    ev.TeamJoined,
    ev.SessionEnded,
    ev.ClockPaused,
    ev.ClockResumed,
    ev.SessionStarted,
    ev.MessageSent,
    ev.MessageRead,
    ev.RulingVoided,
    ev.ReleaseWithdrawn,
    ev.PhaseUndone,
    ev.ClockRestarted,
    ev.FeedbackGiven,
)
_CLOCK = (
    ev.TurnStarted,
    ev.PhaseStarted,
    ev.PhaseUndone,
    ev.ClockRestarted,
    ev.ClockPaused,
    ev.ClockResumed,
    ev.SessionEnded,
)
_CORRECTIONS = (ev.RulingVoided, ev.ReleaseWithdrawn, ev.PhaseUndone, ev.ClockRestarted)
_READ_KINDS = frozenset(t.__name__ for t in _READ)  # a row's kind is its event type's name

Ref = tuple[int, str]  # (event number, time) of a row


def classify(text: str) -> tuple[str, str]:
    """(strength | improvement | note, text without its mark). The console records the kind;
    a leading '+'/'strength:' or '-'/'AFI:' in the text also marks one (handy in free notes)."""
    stripped = text.strip()
    low = stripped[:_LONGEST_MARK].lower()
    if low.startswith(_ANY_MARK):  # (most notes have no mark: one test for all of them)
        for kind, marks in _MARKS:
            for mark in marks:
                if low.startswith(mark):
                    return kind, stripped[len(mark) :].strip() or stripped
    return NOTE, stripped


class Scan:
    """Feed it rows in order; rows past the state the report is built from are left out."""

    def __init__(self, state: State):
        self.upto = state.seq  # rows appended after the state was read are not in this report
        self.seen = 0
        self.first_at: str | None = None
        self.last_at: str | None = None
        self.counts: dict[str, int] = {}
        self.turn_start: dict[int, Ref] = {}
        self.released: dict[str, Ref] = {}
        self.reads: dict[tuple[str, str], Ref] = {}
        self.messages_sent: dict[str, Ref] = {}
        self.voided: dict[str, tuple[Ref, ev.RulingVoided]] = {}
        self.corrections: list[tuple[int, Ref, ev.Event]] = []  # (turn, ref, event)
        self.message_reads: dict[str, list[tuple[str, Ref]]] = {}  # id -> (reader, ref), in order
        self.submitted: dict[str, Ref] = {}
        self.rulings: dict[str, tuple[int, str, dict[str, int | None]]] = {}  # seq, at, before
        self.observations: list[Observation] = []
        self.mode_changes: dict[str, list[ModeChange]] = {}
        self.joins: dict[str, list[str]] = {}
        self.pauses = 0
        self.paused_seconds = 0.0
        self.ended: Ref | None = None
        self.initial_modes: dict[str, str] = {}
        self.about: dict[int, int] = {}  # observation's seq -> the seq of the event it concerns
        self.feedback: list[Ref] = []  # each FeedbackGiven, in order (as state.feedback)
        self.clock = PhaseClock()
        self._values: dict[str, int] = {i.id: i.start for i in state.world.scenario.indicators}
        self._turn = 0
        self._paused_at: float | None = None

    def feed(self, row: Row, event: ev.Event | None = None) -> None:
        """The next row; `event`, when the caller has decoded it already (the one-pass report
        decodes each row once, for the fold and for this)."""
        if row.seq > self.upto or row.seq <= self.seen:
            return
        self.seen = row.seq
        self.counts[row.kind] = self.counts.get(row.kind, 0) + 1
        if self.first_at is None:
            self.first_at = row.at
        self.last_at = row.at
        if row.kind in _READ_KINDS:
            self._read(decode(row) if event is None else event, (row.seq, row.at))

    def _read(self, event: ev.Event, ref: Ref) -> None:
        if isinstance(event, _CORRECTIONS):
            self.corrections.append((self._turn, ref, event))
        if isinstance(event, _CLOCK):
            self.clock.feed(event, ref)
        match event:
            case ev.InjectRead():
                self.reads.setdefault((event.role, event.inject_id), ref)
            case ev.RulingVoided():
                self._values.update(event.applied)
                self.voided[event.ruling_id] = (ref, event)
            case ev.MessageSent():
                self.messages_sent[event.message_id] = ref
            case ev.MessageRead():
                self.message_reads.setdefault(event.message_id, []).append((event.reader, ref))
            case ev.ObservationAdded():
                self.observations.append(self._observation(event, ref))
                if event.about:
                    self.about[ref[0]] = event.about
            case ev.TurnStarted():
                self._turn = event.turn
                self.turn_start[event.turn] = ref
            case ev.InjectReleased():
                self.released[event.inject_id] = ref
            case ev.DecisionSubmitted():
                self.submitted[event.decision_id] = ref
            case ev.Adjudicated():
                before = {k: self._values.get(k) for k in event.applied}
                self._values.update(event.applied)
                self.rulings[event.ruling_id] = (ref[0], ref[1], before)
            case ev.ParticipantChanged():
                self.mode_changes.setdefault(event.role, []).append(
                    ModeChange(turn=self._turn, seq=ref[0], at=ref[1], mode=event.mode)
                )
            case ev.TeamJoined():
                clients = self.joins.setdefault(event.role, [])
                if event.client not in clients:
                    clients.append(event.client)
            case ev.ClockPaused():
                self.pauses += 1
                self._paused_at = event.at
            case ev.ClockResumed():
                if self._paused_at is not None:
                    self.paused_seconds += event.at - self._paused_at
                self._paused_at = None
            case ev.SessionEnded():
                self.ended = ref
            case ev.SessionStarted():
                self.initial_modes = dict(event.participants)
            case ev.FeedbackGiven():
                self.feedback.append(ref)

    def _observation(self, event: ev.ObservationAdded, ref: Ref) -> Observation:
        if event.kind != NOTE:  # marked in the console; the text needs no prefix
            mark, text = event.kind, event.text.strip()
        else:
            mark, text = classify(event.text)
        return Observation(
            seq=ref[0],
            at=ref[1],
            turn=event.turn,
            role=event.role or None,
            objective=event.objective or None,
            author=event.author,
            kind=mark,
            text=text,
            rating=event.rating or None,
        )
