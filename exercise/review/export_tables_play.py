"""The export's tables of the session itself and its decisions: sessions, participants,
events, releases, decisions and their changes (registered in export_tables)."""

from __future__ import annotations

from exercise.engine import events as ev
from exercise.review import assess
from exercise.review.export_columns import (
    AT,
    BOOL,
    DECISION,
    INJECT,
    INT,
    ROLE,
    SEQ,
    SESSION,
    TEXT,
    TIME,
    TURN,
    Column,
    Rows,
    Table,
    joined,
)
from exercise.review.export_read import SessionRead

# -- the session, and who played ----------------------------------------------------------------


def _sessions(s: SessionRead) -> Rows:
    st, sc = s.state, s.state.world.scenario
    origin = s.origin
    yield (
        s.id,
        str(s.path),
        sc.id,
        sc.title,
        st.seed,
        st.seq,
        st.turn,
        len(sc.turns),
        st.ended,
        st.end_reason or None,
        joined(st.end_conditions) or None,
        s.rows[0].at,
        s.rows[-1].at,
        s.chain.verified,
        s.chain.first_bad,
        s.chain.reason or None,
        s.chain.receipt,
        f"{origin['file']}@{origin['seq']}" if origin else None,
    )


SESSIONS = Table(
    "sessions",
    "one row per session file",
    (
        SESSION,
        Column("file", TEXT, "the session file, as given"),
        Column("scenario", TEXT, "the scenario's id"),
        Column("title", TEXT, "the scenario's title"),
        Column("seed", INT, "the session's seed (bots, decks, dice)"),
        Column("events", INT, "events in the log"),
        Column("turns_played", INT, "the last turn reached"),
        Column("turns", INT, "turns in the scenario"),
        Column("ended", BOOL, "whether the session ended"),
        Column("end_reason", TEXT, "why it ended"),
        Column("end_conditions", TEXT, "end conditions met, '; '-separated ids"),
        Column("started", TIME, "its first event"),
        Column("last_event", TIME, "its last event"),
        Column("verified", BOOL, "the hash chain checks: nothing was changed after the fact"),
        Column("first_bad_event", INT, "the first event that does not check, if any"),
        Column("chain_problem", TEXT, "what is wrong with the chain, if anything"),
        Column("receipt", TEXT, "SEQ:HASH of the chain's head (ttx verify --head)"),
        Column("forked_from", TEXT, "FILE@SEQ of the session it was forked from"),
    ),
    _sessions,
)


def _participants(s: SessionRead) -> Rows:
    st = s.state
    first = s.events[0]
    start = dict(first.participants) if isinstance(first, ev.SessionStarted) else {}
    for role in st.world.scenario.roles:
        r = st.world.roles.get(role)
        yield (
            s.id,
            role,
            r.name if r else role,
            start.get(role, "bot"),
            st.participants.get(role, "bot"),
        )


PARTICIPANTS = Table(
    "participants",
    "one row per played role of each session",
    (
        SESSION,
        ROLE,
        Column("name", TEXT, "the role's name"),
        Column("mode_at_start", TEXT, "team | facilitator | bot, as the session began"),
        Column("mode_at_end", TEXT, "team | facilitator | bot, at its last event"),
    ),
    _participants,
)


def _events(s: SessionRead) -> Rows:
    sid = s.id
    for row, turn in zip(s.rows, s.turns, strict=True):
        yield (sid, row.seq, row.at, row.kind, row.actor, turn)


EVENTS = Table(
    "events",
    "one row per event of the log: every other table's seq joins here",
    (
        SESSION,
        SEQ,
        AT,
        Column("kind", TEXT, "the event's type"),
        Column("actor", TEXT, "who caused it"),
        TURN,
    ),
    _events,
)


# -- injects and decisions ----------------------------------------------------------------------


def _releases(s: SessionRead) -> Rows:
    injects = s.state.world.injects
    taken_back: dict[str, list[int]] = {}
    for row, _, back in s.of(ev.ReleaseWithdrawn):
        taken_back.setdefault(back.inject_id, []).append(row.seq)
    for row, _, e in s.of(ev.InjectReleased):
        inj = injects.get(e.inject_id)
        later = [seq for seq in taken_back.get(e.inject_id, ()) if seq > row.seq]
        yield (
            s.id,
            row.seq,
            row.at,
            e.turn,
            e.inject_id,
            inj.title if inj else None,
            e.how,
            e.deck or None,
            e.draw if e.draw >= 0 else None,
            later[0] if later else None,
        )


RELEASES = Table(
    "releases",
    "one row per inject released",
    (
        SESSION,
        SEQ,
        AT,
        TURN,
        INJECT,
        Column("title", TEXT, "the inject's title"),
        Column("how", TEXT, "scheduled | triggered | deck | manual | written"),
        Column("deck", TEXT, "the deck it was drawn from"),
        Column("draw", INT, "the RNG draw used to pick it from its deck"),
        Column("withdrawn_seq", INT, "the event that took the release back, if any"),
    ),
    _releases,
)


def _decisions(s: SessionRead) -> Rows:
    st = s.state
    submitted = {e.decision_id: row for row, _, e in s.of(ev.DecisionSubmitted)}
    for d in sorted(st.decisions.values(), key=lambda d: submitted[d.decision_id].seq):
        inj = st.world.injects.get(d.inject_id) if d.inject_id else None
        option = inj.option(d.option_id) if inj and d.option_id else None
        verdict = assess.overall(assess.assess(inj, d.role, d)) if inj else assess.NO_EXPECTATION
        row = submitted[d.decision_id]
        yield (
            s.id,
            d.decision_id,
            row.seq,
            row.at,
            d.turn,
            d.role,
            d.inject_id,
            inj.title if inj else None,
            d.option_id,
            option.label if option else None,
            None if d.option_id else d.text,
            d.rationale or None,
            d.author,
            d.amended,
            d.withdrawn,
            d.ruling_id or None,
            verdict,
            d.confidence if d.confidence >= 0 else None,
        )


DECISIONS = Table(
    "decisions",
    "one row per decision, as it stands at the session's last event",
    (
        SESSION,
        DECISION,
        Column("seq", INT, "the event that submitted it (the last submission, if resubmitted)"),
        AT,
        TURN,
        ROLE,
        INJECT,
        Column("inject_title", TEXT, "the inject's title"),
        Column("option", TEXT, "the option chosen; empty for a free action"),
        Column("option_label", TEXT, "the option's label"),
        Column("free_action", TEXT, "the free action written, when no option was chosen"),
        Column("rationale", TEXT, "the team's rationale"),
        Column("author", TEXT, "who submitted or last amended it"),
        Column("amended", INT, "times it was amended"),
        Column("withdrawn", BOOL, "withdrawn and not submitted again"),
        Column("ruling", TEXT, "the ruling that covers it (joins with rulings)"),
        Column(
            "verdict",
            TEXT,
            "against the inject's expected actions, as the after-action report says: matched | "
            "departed | not assessed | no expectation",
        ),
        Column(
            "confidence",
            INT,
            "the chance (%) the team gave that it gets what it wants this turn; empty: none",
        ),
    ),
    _decisions,
)


def _decision_changes(s: SessionRead) -> Rows:
    decisions = s.state.decisions
    kinds = (ev.DecisionSubmitted, ev.DecisionAmended, ev.DecisionWithdrawn)
    for row, turn, e in s.of_any(*kinds):
        draw = None
        match e:
            case ev.DecisionSubmitted():
                change, option, text, rationale = "submitted", e.option_id, e.text, e.rationale
                draw = e.draw if e.draw >= 0 else None
            case ev.DecisionAmended():
                change, option, text, rationale = "amended", e.option_id, e.text, e.rationale
            case ev.DecisionWithdrawn():
                change, option, text, rationale = "withdrawn", None, "", ""
            case _:
                continue
        d = decisions.get(e.decision_id)
        yield (
            s.id,
            row.seq,
            row.at,
            turn,
            e.decision_id,
            change,
            d.role if d else None,
            d.inject_id if d else None,
            option,
            None if option else (text or None),
            rationale or None,
            e.author,
            draw,
        )


DECISION_CHANGES = Table(
    "decision_changes",
    "one row per submission, amendment and withdrawal of a decision, in log order",
    (
        SESSION,
        SEQ,
        AT,
        TURN,
        DECISION,
        Column("change", TEXT, "submitted | amended | withdrawn"),
        ROLE,
        INJECT,
        Column("option", TEXT, "the option chosen by this change"),
        Column("free_action", TEXT, "the free action written by this change"),
        Column("rationale", TEXT, "the rationale given with it"),
        Column("author", TEXT, "who made the change"),
        Column("draw", INT, "the RNG draw a bot chose with"),
    ),
    _decision_changes,
)
