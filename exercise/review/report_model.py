"""The after-action report model, built once from a session (its types: report_types).

Shaped like an HSEEP After-Action Report / Improvement Plan: exercise overview, objectives with
their evidence and a rating slot, the turn-by-turn narrative, decisions beside the historical
record, the adjudication ledger, indicator series, strengths and areas for improvement, an
improvement plan for the trainer to complete, and who knew what when. Markdown, HTML and the
review console render the `Report`; the JSON report is `as_json(report)`.

Everything comes from the session: the final state (a fold of the log) for the world, releases,
decisions and rulings, plus one pass over the rows (report_scan) for what the state does not
keep (event numbers and times, reads, observations, who joined).
"""

from __future__ import annotations

import dataclasses
import json
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from exercise.engine import events as ev
from exercise.engine.state import UNSTARTED, Message, Ruling, State
from exercise.engine.state import Decision as StateDecision
from exercise.review import assess
from exercise.review.fmt import RATINGS
from exercise.review.phase_times import phase_times
from exercise.review.report_aar import hot_wash, scorecards, summary
from exercise.review.report_calibration import calibration_section
from exercise.review.report_evidence import EventAt, rating_of, shown_events, with_evidence
from exercise.review.report_feedback import feedback_section
from exercise.review.report_ledger import ledger, voiding
from exercise.review.report_outcomes import hidden_moves, outcomes
from exercise.review.report_roads import roads_section
from exercise.review.report_scan import IMPROVEMENT, NOTE, STRENGTH, Scan, classify
from exercise.review.report_sections import (
    findings,
    improvement_plan,
    indicators,
    role_name,
    seconds_between,
    who_knew,
)
from exercise.review.report_types import (
    Cite,
    Correction,
    Decision,
    EndCondition,
    ForkOrigin,
    HistoricalRecord,
    HistoryRow,
    InWorld,
    InWorldTurn,
    MessageReading,
    Objective,
    ObjectiveDecision,
    Observation,
    Overview,
    Period,
    Report,
    RoleObjectives,
    RoleOverview,
    ScenarioInfo,
    SessionInfo,
    Turn,
    TurnInject,
    TurnMessage,
    TurnRuling,
    Verification,
)
from exercise.session.fork import FORKED_FROM, forked_from
from exercise.session.narrate import describe
from exercise.session.service import Session, decode
from exercise.session.service import _fold as fold_rows  # the one fold of a log, its errors named
from exercise.session.whatif_file import check_belongs
from exercise.session.whatif_types import WhatIf
from exercise.store import Row, SessionLog
from exercise.store.chain import ChainCheck

__all__ = [
    "IMPROVEMENT",
    "NOTE",
    "STRENGTH",
    "build_report",
    "classify",
    "report_of_file",
    "turn_end_values",
]

REPORT_FORMAT = "ttx-after-action-report"
REPORT_VERSION = 1


def turn_end_values(state: State) -> dict[int, dict[str, int]]:
    """Indicators at the end of each played turn: what the next turn opened with, or the final."""
    openings = dict(state.indicator_history)
    out = {}
    for t in range(1, state.turn + 1):
        out[t] = dict(openings.get(t + 1, state.indicators) if t < state.turn else state.indicators)
    return out


@dataclass(frozen=True)
class _Check:
    """What verifying the chain found."""

    count: int
    bad: int | None
    reason: str
    verified: bool


@dataclass(frozen=True)
class _Source:
    """What the report says of the file itself."""

    file: str
    receipt: str
    origin: dict[str, Any] | None  # the session it was forked from


class ReportStopped(Exception):
    """`build_report` was told to stop: whoever asked for the report no longer shows it."""


def _stoppable(feed: Callable[[Row], object], stop: threading.Event) -> Callable[[Row], object]:
    def checked(row: Row) -> object:
        if stop.is_set():
            raise ReportStopped
        return feed(row)

    return checked


def build_report(
    session: Session, whatif: WhatIf | None = None, stop: threading.Event | None = None
) -> Report:
    """The report model of an open session: its state, and one more pass over the rows to check
    the chain and read what the state does not keep (`report_of_file` needs only the one).
    `whatif`: a `ttx whatif` result of this session (WhatIfFileError when it is not). `stop`:
    once set, the pass ends with ReportStopped (a review closed while its report was built)."""
    state = session.state
    if whatif is not None:  # before the pass over the log: a result of another session costs none
        check_belongs(
            whatif,
            state.scenario.id,
            state.seed,
            lambda seq: next((r.hash for r in session.rows(after=seq - 1, upto=seq)), None),
            session.path.name,
        )
    scan = Scan(state)
    feed = scan.feed if stop is None else _stoppable(scan.feed, stop)
    count, bad, reason = session.verify(feed)  # one pass: check the chain and read the rows
    if bad is not None:  # a broken chain stops the check, not the report
        for row in session.rows(after=scan.seen, upto=state.seq):
            feed(row)
    check = _Check(count, bad, reason, bad is None and count == state.seq)
    source = _Source(session.path.name, session.receipt(), forked_from(session))

    def event_at(seq: int) -> ev.Event | None:
        row = next(iter(session.rows(after=seq - 1, upto=seq)), None)
        return decode(row) if row is not None else None

    return _report(state, scan, check, source, event_at, whatif)


def report_of_file(path: Path | str, whatif: WhatIf | None = None) -> Report:
    """The report model of a session file, read once and never written: each row is checked
    against the chain, decoded, folded and scanned in the same pass, all from one moment of the
    file (a console may be appending). NotASession for a file that is not a session;
    SessionFileError for one that cannot be read; WhatIfFileError for a `whatif` result that
    is not of this session."""
    with SessionLog(path, readonly=True) as log:
        check = ChainCheck()
        rows: list[Row] = []

        def checked() -> Iterator[Row]:
            for row in log.rows():
                check.see(row)  # past a broken link the rows are still read: the report goes on
                rows.append(row)
                yield row

        with log.reading():
            state, events = fold_rows(UNSTARTED, checked(), log.path)
            count, bad, reason = log.verdict(check)
            origin = log.meta(FORKED_FROM)
    scan = Scan(state)
    for row, event in zip(rows, events, strict=True):
        scan.feed(row, event)
    source = _Source(
        log.path.name, f"{rows[-1].seq}:{rows[-1].hash}", json.loads(origin) if origin else None
    )
    if whatif is not None:
        hashes = {r.seq: r.hash for r in rows}
        check_belongs(whatif, state.scenario.id, state.seed, hashes.get, log.path.name)
    by_seq = {row.seq: event for row, event in zip(rows, events, strict=True)}
    return _report(
        state,
        scan,
        _Check(count, bad, reason, bad is None and count == state.seq),
        source,
        by_seq.get,
        whatif,
    )


def _report(
    state: State,
    scan: Scan,
    check: _Check,
    source: _Source,
    event_at: EventAt,
    whatif: WhatIf | None = None,
) -> Report:
    decisions = _decisions(state, scan)
    sc = state.world.scenario
    ends = turn_end_values(state)
    turns = _turns(state, scan, [d for d, _ in decisions])
    rulings = ledger(state, scan)
    # Each observation with the event it concerns, before the sections that list them.
    observations = with_evidence(
        scan.observations, scan.about, event_at, state, shown_events(turns, rulings)
    )
    scan.clock.finish(scan.last_at)
    report = Report(
        scenario=sc.id,
        title=sc.title,
        seed=state.seed,
        events=state.seq,
        participants=dict(state.participants),
        turns_played=state.turn,
        turns=turns,
        final_indicators=dict(state.indicators),
        end_conditions=tuple(state.end_conditions),
        ended=state.ended,
        end_reason=state.end_reason,
        verified=check.verified,
        format=REPORT_FORMAT,
        version=REPORT_VERSION,
        rating_scale=tuple(RATINGS),
        overview=_overview(source, state, scan, check),
        objectives=_objectives(state, observations, [d for d, _ in decisions]),
        decisions_vs_history=_history_order(state, decisions),
        ledger=rulings,
        indicators=indicators(state, ends),
        observations=tuple(observations),
        findings=findings(state, observations),
        improvement_plan=improvement_plan(state, observations),
        who_knew_what=who_knew(state, scan),
        outcomes=outcomes(state),
        hidden_moves=hidden_moves(state),
        roads_not_taken=roads_section(whatif) if whatif is not None else None,
        scorecards=scorecards(state, ends),
        phase_times=phase_times(state, scan.clock),
        calibration=calibration_section(
            state, {r: role_name(state, r) for r in state.world.scenario.roles}
        ),
        feedback=feedback_section(state, scan.feedback),
    )
    # The hot wash and the summary read the report itself: they say only what it shows.
    report = dataclasses.replace(report, hot_wash=hot_wash(report))
    return dataclasses.replace(report, executive_summary=summary(report))


def _history_order(
    state: State, decisions: list[tuple[Decision, HistoryRow]]
) -> tuple[HistoryRow, ...]:
    """Turn by turn, inject by inject in release order, free actions last."""
    released = {rel.inject_id: n for n, rel in enumerate(state.releases)}
    ordered = sorted(
        decisions,
        key=lambda d: (d[0].turn, released.get(d[0].inject or "", len(released)), d[0].seq or 0),
    )
    return tuple(row for _, row in ordered)


# -- overview -----------------------------------------------------------------------------------


def _overview(source: _Source, state: State, scan: Scan, check: _Check) -> Overview:
    sc = state.world.scenario
    roles = tuple(
        RoleOverview(
            role=role,
            name=role_name(state, role),
            mode=state.participants.get(role, "bot"),
            initial_mode=scan.initial_modes.get(role, "bot"),
            changes=tuple(scan.mode_changes.get(role, ())),
            clients=tuple(scan.joins.get(role, ())),
        )
        for role in sc.roles
    )
    return Overview(
        scenario=ScenarioInfo(
            id=sc.id,
            title=sc.title,
            period=Period(start=sc.period[0], end=sc.period[1]),
            minutes=sc.minutes,
            readme=sc.readme,
            learning_objectives=tuple(sc.learning_objectives),
        ),
        in_world=_in_world(state),
        session=_session_info(source, state, scan),
        seed=state.seed,
        roles=roles,
        events=state.seq,
        events_by_kind=dict(sorted(scan.counts.items())),
        verification=Verification(
            ok=check.verified,
            checked=check.count,
            first_bad=check.bad,
            reason=check.reason or None,
            receipt=source.receipt,
        ),
    )


def _in_world(state: State) -> InWorld:
    turns = state.world.scenario.turns
    played = [t for t in turns if t.number <= state.turn]
    return InWorld(
        from_=played[0].date if played else None,
        to=played[-1].date if played else None,
        turns=tuple(
            InWorldTurn(turn=t.number, name=t.name, date=t.date, played=t.number <= state.turn)
            for t in turns
        ),
    )


def _session_info(source: _Source, state: State, scan: Scan) -> SessionInfo:
    labels = {e.id: e.label for e in state.world.scenario.end_conditions}
    origin = source.origin
    return SessionInfo(
        file=source.file,
        started=scan.first_at,
        last_event=scan.last_at,
        duration_seconds=seconds_between(scan.first_at, scan.last_at),
        ended=state.ended,
        ended_at=scan.ended[1] if scan.ended else None,
        end_reason=state.end_reason or None,
        end_conditions=tuple(
            EndCondition(id=c, label=labels.get(c, c)) for c in state.end_conditions
        ),
        pauses=scan.pauses,
        paused_seconds=round(scan.paused_seconds, 3),
        forked_from=ForkOrigin(
            events=origin["events"], file=origin["file"], hash=origin["hash"], seq=origin["seq"]
        )
        if origin
        else None,
    )


# -- decisions, turns, objectives ---------------------------------------------------------------


def _option_label(state: State, inject_id: str | None, option_id: str | None) -> str | None:
    if not inject_id or not option_id:
        return None
    opt = state.world.injects[inject_id].option(option_id)
    return opt.label if opt else None


def _decisions(state: State, scan: Scan) -> list[tuple[Decision, HistoryRow]]:
    """Every standing (not withdrawn) decision, in the order it was submitted."""
    out = [_decision(state, scan, d) for d in state.decisions.values() if not d.withdrawn]
    out.sort(key=lambda e: (e[0].seq or 0, e[0].id))
    return out


def _decision(state: State, scan: Scan, d: StateDecision) -> tuple[Decision, HistoryRow]:
    inj = state.world.injects.get(d.inject_id) if d.inject_id else None
    rows = assess.assess(inj, d.role, d) if inj else []
    verdict = assess.overall(rows)
    seq, at = scan.submitted.get(d.decision_id, (None, None))
    label = _option_label(state, d.inject_id, d.option_id)
    entry = Decision(
        id=d.decision_id,
        role=d.role,
        inject=d.inject_id,
        option=d.option_id,
        text=d.text,
        rationale=d.rationale,
        author=d.author,
        ruling=d.ruling_id or None,
        turn=d.turn,
        option_label=label,
        amended=d.amended,
        seq=seq,
        at=at,
        verdict=verdict,
    )
    history = inj.history if inj else None
    row = HistoryRow(
        turn=d.turn,
        decision=d.decision_id,
        role=d.role,
        inject=d.inject_id,
        inject_title=inj.title if inj else None,
        option=d.option_id,
        option_label=label,
        text=d.text,
        rationale=d.rationale,
        counterfactual=inj.counterfactual if inj else False,
        history=HistoricalRecord(
            text=history.text.strip(),
            sources=tuple(
                Cite(key=c.key, quote=c.quote, note=c.note or None) for c in history.sources
            ),
        )
        if history
        else None,
        expected=tuple(rows),
        verdict=verdict,
    )
    return entry, row


def _turns(state: State, scan: Scan, decisions: list[Decision]) -> tuple[Turn, ...]:
    ends = turn_end_values(state)
    injects: dict[int, list[TurnInject]] = {}
    for rel in state.releases:
        inj = state.world.injects[rel.inject_id]
        seq, at = scan.released.get(rel.inject_id, (None, None))
        injects.setdefault(rel.turn, []).append(
            TurnInject(
                id=inj.id,
                title=inj.title,
                how=rel.how,
                deck=rel.deck or None,
                visibility=inj.visibility,
                audience=tuple(inj.audience),
                date=inj.date,
                from_=inj.sender,
                medium=inj.medium,
                counterfactual=inj.counterfactual,
                seq=seq,
                at=at,
                written_by=inj.written_by,
            )
        )
    rulings: dict[int, list[TurnRuling]] = {}
    for r in state.rulings:
        rulings.setdefault(r.turn, []).append(_turn_ruling(r, scan))
    corrections: dict[int, list[Correction]] = {}
    for turn, (seq, at), event in scan.corrections:
        by = getattr(event, "author", "") or "control"
        corrections.setdefault(turn, []).append(Correction(seq, at, by, describe(event, state)))
    messages: dict[int, list[TurnMessage]] = {}
    for m in state.messages:
        messages.setdefault(m.turn, []).append(_turn_message(m, scan))
    out = []
    for t in state.world.scenario.turns:
        if t.number > state.turn:
            continue
        seq, at = scan.turn_start.get(t.number, (None, None))
        out.append(
            Turn(
                turn=t.number,
                name=t.name,
                date=t.date,
                brief=t.brief or None,
                seq=seq,
                at=at,
                injects=tuple(injects.get(t.number, ())),
                decisions=tuple(d for d in decisions if d.turn == t.number),
                rulings=tuple(rulings.get(t.number, ())),
                messages=tuple(messages.get(t.number, ())),
                corrections=tuple(corrections.get(t.number, ())),
                indicators=ends.get(t.number, {}),
            )
        )
    return tuple(sorted(out, key=lambda t: t.turn))


def _turn_message(m: Message, scan: Scan) -> TurnMessage:
    seq, at = scan.messages_sent.get(m.message_id, (None, None))
    return TurnMessage(
        id=m.message_id,
        sender=m.sender,
        to=m.to,
        author=m.author or None,
        text=m.text,
        seq=seq,
        at=at,
        read=tuple(
            MessageReading(reader, ref[0], ref[1])
            for reader, ref in scan.message_reads.get(m.message_id, ())
        ),
    )


def _turn_ruling(r: Ruling, scan: Scan) -> TurnRuling:
    seq, at, _ = scan.rulings.get(r.ruling_id, (None, None, {}))
    return TurnRuling(
        id=r.ruling_id,
        method=r.method,
        narrative=r.narrative,
        reason=r.reason,
        decisions=tuple(r.decision_ids),
        deltas=r.deltas,
        applied=r.applied,
        flags_set=tuple(r.flags_set),
        flags_cleared=tuple(r.flags_cleared),
        audience=tuple(r.audience) or "public",
        matrix=r.matrix,
        seq=seq,
        at=at,
        voided=voiding(scan, r.ruling_id),
    )


def _objectives(
    state: State, observations: list[Observation], decisions: list[Decision]
) -> tuple[RoleObjectives, ...]:
    world = state.world
    by_id = {d.id: d for d in decisions}
    evidence: dict[tuple[str, str], list[ObjectiveDecision]] = {}
    for rel in state.releases:
        inj = world.injects[rel.inject_id]
        for entry in inj.expected:
            d = by_id.get(f"{entry.role}:{inj.id}")
            if d is None:
                verdict, basis = assess.NO_DECISION, ""
            else:
                verdict, basis = assess.assess_entry(entry, inj, entry.role, d.option, d.text)
            evidence.setdefault((entry.role, entry.objective), []).append(
                ObjectiveDecision(
                    turn=rel.turn,
                    inject=inj.id,
                    inject_title=inj.title,
                    expected=entry.text,
                    visible=inj.visible_to(entry.role),
                    decision=d.id if d else None,
                    option=d.option if d else None,
                    option_label=d.option_label if d else None,
                    text=d.text if d else None,
                    rationale=d.rationale if d else None,
                    verdict=verdict,
                    basis=basis,
                )
            )
    played = world.scenario.roles
    out = []
    for role in list(played) + sorted(r for r in world.roles if r not in played):
        r = world.roles.get(role)
        if r is None or not r.objectives:
            continue
        objectives = []
        for o in r.objectives:
            seen = tuple(x for x in observations if (x.role, x.objective) == (role, o.id))
            rating, rated_at = rating_of(seen)
            objectives.append(
                Objective(
                    id=o.id,
                    label=o.label or None,
                    text=o.text,
                    decisions=tuple(evidence.get((role, o.id), ())),
                    observations=seen,
                    rating=rating,
                    rated_at=rated_at,
                )
            )
        out.append(RoleObjectives(role=role, name=r.name, objectives=tuple(objectives)))
    return tuple(out)
