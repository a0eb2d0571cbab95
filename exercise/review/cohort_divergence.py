"""Where sessions of one scenario part: the first decision at which they did not all choose the
same, and then, within each group that chose alike there, the next one, and so on.

A decision point is (turn, inject, role), in the order play meets them: turn by turn, injects
in the order they came out (the earliest any session released them), roles in the scenario's
order, the turn's free actions last. At each point a session's choice is the option its team
chose, its free action ("free: ..."), or one of the words below: two sessions part where those
differ, so an inject that came out in one session and not in another parts them too.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from exercise.review.cohort_types import Branch, Split

NOT_PLAYED = "not played"  # the session ended before this turn
NOT_RELEASED = "not released"  # the inject did not come out in this turn of the session
NO_DECISION = "no decision"  # it came out and the team was asked, but did not decide
NO_FREE_ACTION = "no free action"
WORDS = frozenset({NOT_PLAYED, NOT_RELEASED, NO_DECISION, NO_FREE_ACTION})

Point = tuple[int, str, str]  # (turn, inject id or "" for the turn's free actions, role)


@dataclass(frozen=True)
class Choice:
    value: str  # what sessions are compared by
    label: str  # what a reader is shown


def parting(
    sessions: Sequence[str],
    points: Sequence[Point],
    choices: dict[Point, dict[str, Choice]],
    titles: dict[str, str],
) -> tuple[Split, ...]:
    """The splits, the first where all `sessions` first part (empty if they never do).

    `choices[point][session]` is each session's choice at each point, in `points`' order. Worked
    through a list of groups still to split rather than by recursion: a cohort of a thousand
    sessions may part a thousand levels deep."""
    # Each split as it is found: (its point, its branches as [choice, sessions, next split]).
    found: list[tuple[int, list[list]]] = []
    # Groups still to split: (their sessions, the point to look from, (split, branch) above).
    todo: list[tuple[tuple[str, ...], int, tuple[int, int] | None]] = [(tuple(sessions), 0, None)]
    while todo:
        group, start, above = todo.pop()
        parts = _first_difference(group, points, choices, start)
        if parts is None:
            continue
        at, groups = parts
        index = len(found)
        if above is not None:
            found[above[0]][1][above[1]][2] = index
        found.append((at, [[choice, members, None] for choice, members in groups]))
        for n in reversed(range(len(groups))):  # depth first, the largest branch first
            if len(groups[n][1]) > 1:
                todo.append((groups[n][1], at + 1, (index, n)))
    out = []
    for index, (at, branches) in enumerate(found):
        turn, inject, role = points[at]
        out.append(
            Split(
                index=index,
                turn=turn,
                inject=inject or None,
                inject_title=titles.get(inject) if inject else None,
                role=role,
                branches=tuple(
                    Branch(choice=c.value, label=c.label, sessions=members, then=then)
                    for c, members, then in branches
                ),
            )
        )
    return tuple(out)


def _first_difference(
    group: tuple[str, ...],
    points: Sequence[Point],
    choices: dict[Point, dict[str, Choice]],
    start: int,
) -> tuple[int, list[tuple[Choice, tuple[str, ...]]]] | None:
    """(the point, the group's sessions by their choice there, most first) at the first point
    from `start` where the group's sessions do not all choose the same; None if they never do."""
    for at in range(start, len(points)):
        row = choices[points[at]]
        first = row[group[0]].value
        if all(row[s].value == first for s in group):
            continue
        by_value: dict[str, list[str]] = {}
        shown: dict[str, Choice] = {}
        for s in group:
            c = row[s]
            by_value.setdefault(c.value, []).append(s)
            shown.setdefault(c.value, c)
        ordered = sorted(by_value.items(), key=lambda item: -len(item[1]))  # stable: first seen
        return at, [(shown[value], tuple(members)) for value, members in ordered]
    return None
