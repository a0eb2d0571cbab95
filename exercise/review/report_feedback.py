"""The participants' feedback, as the report gives it: every answer in the order given, and the
mean realism and learning of each team and of the whole room (engine/judgement asks for them
once the session has ended, rated on FEEDBACK_SCALE)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from exercise.engine.judgement import FEEDBACK_SCALE
from exercise.engine.state import State
from exercise.review.judgement_types import FeedbackAnswer, FeedbackMeans, FeedbackSection
from exercise.session.narrate import team_name

Ref = tuple[int, str]


def feedback_section(state: State, refs: Sequence[Ref]) -> FeedbackSection | None:
    """None when no participant gave feedback. `refs`: each FeedbackGiven's (seq, time)."""
    if not state.feedback:
        return None
    answers = tuple(
        FeedbackAnswer(
            role=f.role,
            team=team_name(f.role),
            # The engine signs anonymous feedback with the role: the report names no one then.
            author="" if f.author in ("", f.role) else f.author,
            worked=f.worked,
            improve=f.improve,
            realism=f.realism,
            learning=f.learning,
            seq=refs[n][0] if n < len(refs) else None,
            at=refs[n][1] if n < len(refs) else None,
        )
        for n, f in enumerate(state.feedback)
    )
    return FeedbackSection(
        answers=answers,
        teams=tuple(_means(answers, state.world.scenario.roles)),
        realism=_mean([a.realism for a in answers]),
        learning=_mean([a.learning for a in answers]),
        scale=FEEDBACK_SCALE,
    )


def _means(answers: Sequence[FeedbackAnswer], roles: Sequence[str]) -> list[FeedbackMeans]:
    by_role: Mapping[str, list[FeedbackAnswer]] = {
        r: [a for a in answers if a.role == r] for r in roles
    }
    return [
        FeedbackMeans(
            role=role,
            team=team_name(role),
            answers=len(mine),
            realism=_mean([a.realism for a in mine]),
            learning=_mean([a.learning for a in mine]),
        )
        for role, mine in by_role.items()
        if mine
    ]


def _mean(values: Sequence[int]) -> float:
    return round(sum(values) / len(values), 2) if values else 0.0
