"""The teams' judgement as tables: the estimates given before estimative rulings, every stated
chance scored against what happened (engine/calibration.py), and the participants' feedback."""

from __future__ import annotations

from exercise.engine import events as ev
from exercise.engine.calibration import forecasts
from exercise.review.export_columns import (
    AT,
    BOOL,
    INT,
    NUMBER,
    ROLE,
    SEQ,
    SESSION,
    TEXT,
    TURN,
    Column,
    Rows,
    Table,
)
from exercise.review.export_read import SessionRead

REQUEST = Column("request", TEXT, "the white cell's request for estimates, within its session")
ON_BEHALF = Column(
    "on_behalf",
    BOOL,
    "an estimate the white cell entered for a team played in the room (no console of its own)",
)


def _estimates(s: SessionRead) -> Rows:
    asked = {e.request_id: e for _, _, e in s.of(ev.EstimatesAsked)}
    for row, turn, e in s.of(ev.EstimateGiven):
        request = asked.get(e.request_id)
        yield (
            s.id,
            e.request_id,
            row.seq,
            row.at,
            turn,
            e.role,
            e.percent,
            e.reasoning or None,
            e.author,
            e.on_behalf,
            " ".join(request.decision_ids) if request else None,
        )


ESTIMATES = Table(
    "estimates",
    "one row per estimate a team gave before an estimative ruling (a revision is a new row)",
    (
        SESSION,
        REQUEST,
        SEQ,
        AT,
        TURN,
        ROLE,
        Column("percent", INT, "the chance the team gave the action"),
        Column("reasoning", TEXT, "its line of reasoning"),
        Column("author", TEXT, "who gave it"),
        ON_BEHALF,
        Column("decisions", TEXT, "the decisions the action is made of, space-separated"),
    ),
    _estimates,
)


def _forecasts(s: SessionRead) -> Rows:
    for f in forecasts(s.state):
        yield (
            s.id,
            f.role,
            f.kind,
            f.turn,
            " ".join(f.decision_ids),
            f.ruling_id,
            round(f.probability, 4),
            f.came_true,
            round((f.probability - f.came_true) ** 2, 6),
            f.on_behalf,
        )


FORECASTS = Table(
    "forecasts",
    "one row per stated chance settled by a standing ruling, scored (engine/calibration.py)",
    (
        SESSION,
        ROLE,
        Column("kind", TEXT, "confidence (on a team's own decision) | estimate (before a ruling)"),
        TURN,
        Column("decisions", TEXT, "the decisions it was about, space-separated"),
        Column("ruling", TEXT, "the ruling that settled it (joins with rulings)"),
        Column("probability", NUMBER, "the chance stated, 0 to 1"),
        Column(
            "came_true",
            BOOL,
            "what the ruling gave: its roll's success, or a change worth "
            "something to the team by its scorecard",
        ),
        Column("brier", NUMBER, "(probability - outcome) squared: its part of the Brier score"),
        ON_BEHALF,
    ),
    _forecasts,
)


def _feedback(s: SessionRead) -> Rows:
    for row, _, e in s.of(ev.FeedbackGiven):
        yield (
            s.id,
            row.seq,
            row.at,
            e.role,
            e.author or None,
            e.worked or None,
            e.improve or None,
            e.realism,
            e.learning,
        )


FEEDBACK = Table(
    "feedback",
    "one row per participant's feedback at the end",
    (
        SESSION,
        SEQ,
        AT,
        ROLE,
        Column("author", TEXT, "the participant; empty when given anonymously"),
        Column("worked", TEXT, "what worked"),
        Column("improve", TEXT, "what to improve"),
        Column("realism", INT, "realism, 1 (poor) to 5 (excellent)"),
        Column("learning", INT, "learning, 1 (poor) to 5 (excellent)"),
    ),
    _feedback,
)
