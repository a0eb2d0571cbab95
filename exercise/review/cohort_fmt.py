"""Words the cohort's Markdown and HTML share: how a session was played, a list of sessions,
a decision point, a number. Plain text; each renderer escapes it."""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from exercise.engine.view import team_name
from exercise.review.cohort_divergence import WORDS
from exercise.review.cohort_types import Branch, Cohort, CohortSession, IndicatorPaths, Split

SECTIONS = (
    ("sessions", "Sessions"),
    ("choices", "Choices against the historical record"),
    ("parting", "Where the sessions parted"),
    ("indicators", "Indicator paths"),
    ("teams", "Teams across the sessions"),
    ("endings", "How the sessions ended"),
)
SHOWN = 12  # session ids listed in full; past this, a count of the rest

RECORD_NOTE = (
    "For each inject, in the order play met it: what the real actors did, what the inject "
    "expects of each team, and how many sessions chose each option. 'Against the record' is the "
    "after-action report's verdict on a decision that chose the option: matched or departed "
    "from the expected action (exact where the author listed its options, else read from the "
    "wording), not assessed, or no expectation."
)
PARTING_NOTE = (
    "The first decision at which the sessions did not all choose the same, then, within each "
    "group that chose alike there, the next one. Decisions are taken in the order play meets "
    "them; an inject that came out in some sessions and not in others parts them too."
)
PATHS_NOTE = (
    "Each indicator at the start and at the end of each turn: a thin line per session (darker "
    "where sessions run together), the median across the sessions thick; dashed lines are "
    "end-condition thresholds."
)


def modes(s: CohortSession) -> str:
    """Who played the roles, as the session began: "bot: all" or "team: moscow; bot: ..."."""
    groups: dict[str, list[str]] = {}
    for role, mode in s.modes.items():
        groups.setdefault(mode, []).append(role)
    if len(groups) == 1:
        return f"{next(iter(groups))}: all"
    return "; ".join(f"{mode}: {', '.join(roles)}" for mode, roles in groups.items())


def chain(s: CohortSession) -> str:
    return "verified" if s.verified else f"NOT verified ({s.chain_problem})"


def ended(s: CohortSession) -> str:
    return s.end_reason or "not ended"


def sessions_text(ids: Sequence[str]) -> str:
    shown = ", ".join(ids[:SHOWN])
    return shown + (f" and {len(ids) - SHOWN} more" if len(ids) > SHOWN else "")


def plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def share(x: float) -> str:
    return f"{x * 100:.0f}%"


def number(v: float | None) -> str:
    return "-" if v is None else f"{v:g}"


def point(s: Split) -> str:
    """A decision point as a sentence's subject: "Turn 1, Moscow on The truce frays"."""
    where = s.inject_title or s.inject if s.inject else "its free actions"
    return f"Turn {s.turn}, {team_name(s.role)} on {where}"


def headline(c: Cohort) -> str:
    if not c.divergence:
        return (
            f"The {plural(len(c.sessions), 'session')} never parted: every team chose the same "
            "at every decision."
        )
    first = c.divergence[0]
    groups = "; ".join(f"{plural(len(b.sessions), 'session')} {_chose(b)}" for b in first.branches)
    return f"The sessions first parted at {point(first)}: {groups}."


def _chose(b: Branch) -> str:
    if b.choice in WORDS:  # not played, not released, no decision...
        return f"with {b.label}"
    return f"chose {choice_text(b.label, b.choice)}"


def final_spread(d: IndicatorPaths) -> str:
    if d.final_min is None:
        return "-"
    return f"{d.final_min} .. {number(d.final_median)} .. {d.final_max}"


def walk(c: Cohort) -> Iterator[tuple[int, Split | Branch]]:
    """(depth, split or branch) over the parting in reading order: a split, its first branch,
    the split that branch's sessions meet next (one deeper) and all under it, its second
    branch... Without recursion: a large cohort may part very deep."""
    stack: list[tuple[int, Split | Branch]] = [(0, c.divergence[0])] if c.divergence else []
    while stack:
        depth, item = stack.pop()
        yield depth, item
        if isinstance(item, Split):
            stack += [(depth, b) for b in reversed(item.branches)]
        elif item.then is not None:
            stack.append((depth + 1, c.divergence[item.then]))


def choice_text(label: str, choice: str) -> str:
    if choice.startswith("free: "):
        return f"free action: {label}"
    if label == choice:
        return label
    return f"{label} [{choice}]"
