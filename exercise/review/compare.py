"""Compare two sessions of one scenario: where they part, and how far apart they end up.

Typical use: a session and a fork of it played on differently (counterfactual replay), or two
runs of one scenario with different seeds or teams. Events are compared by kind, actor and
content, never by wall time (two runs are never played at the same moment) nor by join codes;
the first event is compared on its content, seed and participants. Besides the first event
that differs, the comparison names the first difference in play: after the set-up, with console
bookkeeping (joins, heartbeats) left out.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from itertools import zip_longest
from typing import Any, Generic, TypeVar

from exercise.engine import events as ev
from exercise.engine.state import State
from exercise.review.render_md import code, esc, table
from exercise.review.report_model import turn_end_values
from exercise.session.narrate import describe
from exercise.session.service import Session, decode
from exercise.store import Row

# Console bookkeeping: who joined, a console's heartbeat (older logs), a code issued for the
# served consoles. Part of the log, not of the play.
BOOKKEEPING = frozenset({"TeamJoined", "TeamSeen", "JoinRefused", "CodeIssued"})
NO_EVENT = "no event: the session ends before this"


class CompareError(ValueError):
    """The two sessions cannot be compared."""


T = TypeVar("T")


@dataclass(frozen=True)
class Both(Generic[T]):
    """One thing of each session, and whether they are equal."""

    a: T
    b: T
    same: bool


@dataclass(frozen=True)
class Setup:
    seed: Both[int]
    participants: Both[dict[str, str]]
    content_same: bool


@dataclass(frozen=True)
class Side:
    """One session's event at a divergence."""

    seq: int
    kind: str
    actor: str
    at: str
    text: str


@dataclass(frozen=True)
class Divergence:
    seq: int
    kind: str  # "A / B" when the two events are of different kinds
    a: Side | None  # None: that session ends before it
    b: Side | None


@dataclass(frozen=True)
class Choice:
    option: str | None
    option_label: str | None
    text: str


@dataclass(frozen=True)
class DecisionDiff:
    role: str
    inject: str | None
    a: Choice | None
    b: Choice | None


@dataclass(frozen=True)
class TurnDiff:
    turn: int
    a: dict[str, int] | None  # indicators at the end of the turn; None: not played
    b: dict[str, int] | None
    difference: dict[str, int]  # B minus A
    decisions: tuple[DecisionDiff, ...]


@dataclass(frozen=True)
class Final:
    a: dict[str, int]
    b: dict[str, int]
    difference: dict[str, int]


@dataclass(frozen=True)
class Summary:
    file: str
    events: int
    seed: int
    turns_played: int
    ended: bool
    end_reason: str


@dataclass(frozen=True)
class Comparison:
    """The comparison; `ttx compare --format json` is `as_json` of it."""

    scenario: str
    a: Summary
    b: Summary
    setup: Setup
    diverged: bool
    divergence: Divergence | None
    play_divergence: Divergence | None
    indicators: tuple[str, ...]
    turns: tuple[TurnDiff, ...]
    final: Final


def _essence(event: ev.Event) -> ev.Event:
    """The event without what two runs never share: its wall time, and the join codes."""
    blank: dict[str, Any] = {f.name: 0.0 for f in dataclasses.fields(event) if f.name == "at"}
    if isinstance(event, ev.SessionStarted):
        blank["codes"] = ()
    return dataclasses.replace(event, **blank)


def _same(ra: Row, rb: Row) -> bool:
    if ra.kind != rb.kind or ra.actor != rb.actor:
        return False
    if ra.payload == rb.payload:
        return True
    return _essence(decode(ra)) == _essence(decode(rb))


def _side(row: Row | None, state: State) -> Side | None:
    if row is None:
        return None
    return Side(
        seq=row.seq, kind=row.kind, actor=row.actor, at=row.at, text=describe(decode(row), state)
    )


def _divergence(
    a: Session, b: Session, after: int = 0, skip: frozenset[str] = frozenset()
) -> Divergence | None:
    rows_a = (r for r in a.rows(after=after) if r.kind not in skip)
    rows_b = (r for r in b.rows(after=after) if r.kind not in skip)
    for ra, rb in zip_longest(rows_a, rows_b):
        if ra is not None and rb is not None and _same(ra, rb):
            continue
        seq = (ra or rb).seq
        kind = (
            ra.kind
            if ra is not None and (rb is None or ra.kind == rb.kind)
            else (rb.kind if ra is None else f"{ra.kind} / {rb.kind}")
        )
        return Divergence(seq=seq, kind=kind, a=_side(ra, a.state), b=_side(rb, b.state))
    return None


def _first(session: Session) -> ev.SessionStarted:
    event = decode(next(session.rows(upto=1)))
    if not isinstance(event, ev.SessionStarted):  # the engine refuses such a log: never here
        raise CompareError(f"{session.path.name}: the log does not open with the session's start")
    return event


def _setup(a: Session, b: Session) -> Setup:
    sa, sb = a.state, b.state
    pa, pb = _first(a), _first(b)
    return Setup(
        seed=Both(a=sa.seed, b=sb.seed, same=sa.seed == sb.seed),
        participants=Both(
            a=dict(pa.participants),
            b=dict(pb.participants),
            same=pa.participants == pb.participants,
        ),
        content_same=pa.world == pb.world,
    )


def _decisions(state: State) -> dict[tuple[int, str, str], Choice]:
    out = {}
    for d in state.decisions.values():
        if d.withdrawn:
            continue
        label = None
        if d.inject_id and d.option_id:
            opt = state.world.injects[d.inject_id].option(d.option_id)
            label = opt.label if opt else None
        out[(d.turn, d.role, d.inject_id or "")] = Choice(
            option=d.option_id, option_label=label, text=d.text
        )
    return out


def _summary(session: Session) -> Summary:
    s = session.state
    return Summary(
        file=session.path.name,
        events=s.seq,
        seed=s.seed,
        turns_played=s.turn,
        ended=s.ended,
        end_reason=s.end_reason,
    )


def _turns(sa: State, sb: State, ids: tuple[str, ...]) -> tuple[TurnDiff, ...]:
    ends_a, ends_b = turn_end_values(sa), turn_end_values(sb)
    da, db = _decisions(sa), _decisions(sb)
    turns = []
    for t in range(1, max(sa.turn, sb.turn) + 1):
        va, vb = ends_a.get(t), ends_b.get(t)
        diff = {i: (vb[i] - va[i]) for i in ids if va and vb and i in va and i in vb}
        decisions = []
        for key in sorted({k for k in da if k[0] == t} | {k for k in db if k[0] == t}):
            x, y = da.get(key), db.get(key)
            if x != y:
                decisions.append(DecisionDiff(role=key[1], inject=key[2] or None, a=x, b=y))
        turns.append(TurnDiff(turn=t, a=va, b=vb, difference=diff, decisions=tuple(decisions)))
    return tuple(turns)


def compare(a: Session, b: Session) -> Comparison:
    """The comparison of two sessions. Raises CompareError for sessions of different scenarios."""
    sa, sb = a.state, b.state
    if sa.world.scenario.id != sb.world.scenario.id:
        raise CompareError(
            f"the sessions are of different scenarios: "
            f"'{sa.world.scenario.id}' and '{sb.world.scenario.id}'"
        )
    divergence = _divergence(a, b)
    # where the play parts: after the set-up event, console bookkeeping aside
    play = _divergence(a, b, after=1, skip=BOOKKEEPING) if divergence else None
    ids = tuple(i.id for i in sa.world.scenario.indicators)
    final_diff = {
        i: sb.indicators[i] - sa.indicators[i]
        for i in ids
        if i in sa.indicators and i in sb.indicators
    }
    return Comparison(
        scenario=sa.world.scenario.id,
        a=_summary(a),
        b=_summary(b),
        setup=_setup(a, b),
        diverged=divergence is not None,
        divergence=divergence,
        play_divergence=play,
        indicators=ids,
        turns=_turns(sa, sb, ids),
        final=Final(a=dict(sa.indicators), b=dict(sb.indicators), difference=final_diff),
    )


# -- Markdown -----------------------------------------------------------------------------------


def _choice(d: Choice | None) -> str:
    if d is None:
        return "no decision"
    if d.option:
        return f"{d.option_label or d.option} [{d.option}]"
    return f"free action: {d.text}"


def render_compare_md(c: Comparison) -> str:
    out = [f"# Comparison of two sessions of {code(c.scenario)}", ""]
    for name, s in (("A", c.a), ("B", c.b)):
        out.append(
            f"- {name}: {code(s.file)}: seed {s.seed}, {s.events} events, "
            f"{s.turns_played} turns, {esc(s.end_reason or 'not ended')}"
        )
    seed = c.setup.seed
    out += [
        "",
        "## Set-up",
        "",
        f"- Seed: {'same' if seed.same else f'A {seed.a}, B {seed.b}'}",
        f"- Participants: {'same' if c.setup.participants.same else 'different'}",
        "- Scenario content: "
        + ("same" if c.setup.content_same else "different (edited between the sessions)"),
        "",
    ]
    out += ["## Divergence", ""] + _divergences(c)
    out += ["## Indicators at the end of each turn", "", "Difference is B minus A.", ""]
    out += _indicator_table(c)
    out += ["## Decisions that differ", ""]
    for t in c.turns:
        if t.decisions:
            out += [f"### Turn {t.turn}", ""]
            out += table(
                ["Role", "Inject", "A", "B"],
                [
                    [
                        esc(d.role),
                        code(d.inject) or "free action",
                        esc(_choice(d.a)),
                        esc(_choice(d.b)),
                    ]
                    for d in t.decisions
                ],
            )
    if not any(t.decisions for t in c.turns):
        out += ["None: every team decided the same in both sessions.", ""]
    return "\n".join(out).rstrip() + "\n"


def _divergences(c: Comparison) -> list[str]:
    if not c.diverged:
        return [
            "No divergence: the two sessions hold the same events (times and join codes aside).",
            "",
        ]
    shown = [("First difference", c.divergence)]
    if c.play_divergence != c.divergence:
        shown.append(("First difference in play", c.play_divergence))
    out: list[str] = []
    for title, d in shown:
        if d is None:
            out += [f"{title}: none after the set-up.", ""]
            continue
        out += [f"{title}: event {d.seq} ({esc(d.kind)})", ""]
        out += table(
            ["Side", "Event", "What happened"],
            [
                [name, str(side.seq) if side else "-", esc(side.text if side else NO_EVENT)]
                for name, side in (("A", d.a), ("B", d.b))
            ],
        )
    return out


def _indicator_table(c: Comparison) -> list[str]:
    ids = c.indicators
    head = (
        ["Turn"]
        + [f"{code(i)} A" for i in ids]
        + [f"{code(i)} B" for i in ids]
        + [f"{code(i)} B-A" for i in ids]
    )

    def diff(values: dict[str, int], i: str) -> str:
        return f"{values[i]:+d}" if i in values else "-"

    rows = [
        [str(t.turn)]
        + [str(t.a[i]) if t.a else "-" for i in ids]
        + [str(t.b[i]) if t.b else "-" for i in ids]
        + [diff(t.difference, i) for i in ids]
        for t in c.turns
    ]
    f = c.final
    rows.append(
        ["final"]
        + [str(f.a.get(i, "-")) for i in ids]
        + [str(f.b.get(i, "-")) for i in ids]
        + [diff(f.difference, i) for i in ids]
    )
    return table(head, rows)
