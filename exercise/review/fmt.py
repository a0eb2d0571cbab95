"""Formatting shared by the Markdown and HTML reports: times, changes, odds, section titles.

Everything here returns plain text; each renderer escapes it for its own format.
"""

from __future__ import annotations

from datetime import datetime
from typing import Protocol

from exercise.engine.view import team_name
from exercise.review.judgement_types import WHITE_CELL, EstimativeRoll
from exercise.review.report_types import (
    Audience,
    KnewInject,
    LedgerEntry,
    RoleOverview,
    Threshold,
    TurnInject,
    TurnMessage,
    Voiding,
)

SECTIONS = (
    ("overview", "1. Exercise overview"),
    ("objectives", "2. Objectives and evaluation"),
    ("narrative", "3. Turn-by-turn narrative"),
    ("history", "4. Decisions and the historical record"),
    ("ledger", "5. Adjudication ledger"),
    ("indicators", "6. Indicators"),
    ("outcomes", "7. Outcomes by team and hidden moves"),
    ("findings", "8. Strengths and areas for improvement"),
    ("plan", "Appendix A. Improvement plan"),
    ("knew", "Appendix B. Who knew what when"),
)

RATINGS = ("Performed", "Some challenges", "Major challenges", "Unable to perform")

RATING_NOTE = (
    "Rate each objective: Performed (P) without challenges; Some challenges (S); "
    "Major challenges (M); Unable to perform (U)."
)

MARKING_NOTE = (
    "Observations marked with a leading '+' (or 'strength:') count as strengths, those "
    "marked '-' (or 'AFI:') as areas for improvement; unmarked ones are listed as notes "
    "for the trainer to sort."
)

VERDICT_NOTE = (
    "Verdicts: an expected action that lists its options is matched exactly; otherwise "
    "the chosen option is compared by wording with the options open to the role "
    "(basis 'closest wording': confirm it). Free actions are not assessed."
)

SPARKS = "\u2581\u2582\u2583\u2584\u2585\u2586\u2587\u2588"


def parse(at: str | None) -> datetime | None:
    return datetime.fromisoformat(at) if at else None


def stamp(at: str | None) -> str:
    """A full UTC time: 2026-01-01 09:30:05 UTC."""
    t = parse(at)
    return t.strftime("%Y-%m-%d %H:%M:%S UTC") if t else "-"


def clock(at: str | None, day: str | None = None) -> str:
    """HH:MM:SS, with the date in front when it is not `day` (the session's first day)."""
    t = parse(at)
    if t is None:
        return "-"
    if day and t.strftime("%Y-%m-%d") != day:
        return t.strftime("%Y-%m-%d %H:%M:%S")
    return t.strftime("%H:%M:%S")


def day_of(at: str | None) -> str | None:
    t = parse(at)
    return t.strftime("%Y-%m-%d") if t else None


def duration(seconds: float | None) -> str:
    if seconds is None:
        return "-"
    s = int(round(seconds))
    h, rem = divmod(s, 3600)
    m, s = divmod(rem, 60)
    if h:
        return f"{h} h {m:02d} min"
    if m:
        return f"{m} min {s:02d} s"
    return f"{s} s"


def plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def signed(n: int) -> str:
    return f"+{n}" if n > 0 else str(n)


def score(x: float) -> str:
    """A scorecard's score, signed to two places: never "-0.00"."""
    return f"{round(x, 2) + 0.0:+.2f}"


def changes(deltas: dict[str, int], before: dict[str, int | None], applied: dict[str, int]) -> str:
    """'cohesion 5 → 8 (+3); escalation 1 → 2 (+1)'; a delta clamped by a bound shows both."""
    parts = []
    for ind in applied or deltas:
        new = applied.get(ind)
        old = before.get(ind)
        delta = deltas.get(ind)
        text = f"{ind} {old} \u2192 {new}" if old is not None else f"{ind} \u2192 {new}"
        if delta is not None:
            text += f" ({signed(delta)}"
            if old is not None and new is not None and new - old != delta:
                text += ", clamped"
            text += ")"
        parts.append(text)
    return "; ".join(parts) or "no change"


def odds(entry: LedgerEntry) -> str:
    """A ruling's odds: the matrix game's 2d6 target, or the estimative chance and whose."""
    if entry.estimative is not None:
        return estimative_odds(entry.estimative)
    o = entry.odds
    if not o:
        return "-"
    return (
        f"{len(o.pros)} pro, {len(o.cons)} con: 2d6 {signed(o.modifier)} needs "
        f"{o.target} ({o.probability * 100:.0f}%)"
    )


def estimative_odds(x: EstimativeRoll) -> str:
    """'55%, the teams' mean (Moscow 60%, Tehran 50%)'; '70%, the white cell's (...)'."""
    given = ", ".join(f"{t.team} {t.percent}%" for t in x.estimates)
    if x.set_by != WHITE_CELL:
        return f"{x.odds}%, the teams' mean ({given})"
    if x.teams_mean is None:
        return f"{x.odds}%, the white cell's (no team gave an estimate)"
    return f"{x.odds}%, the white cell's (the teams' mean {x.teams_mean}%: {given})"


def roll(entry: LedgerEntry) -> str:
    if entry.estimative is not None:
        return f"d100 {entry.estimative.roll}"
    if not entry.dice:
        return "-"
    a, b = entry.dice
    return f"{a}+{b}"


def result(entry: LedgerEntry) -> str:
    if entry.success is None:
        return "-"
    return "success" if entry.success else "failure"


def flags(entry: LedgerEntry) -> str:
    out = [f"+{f}" for f in entry.flags_set] + [f"-{f}" for f in entry.flags_cleared]
    return ", ".join(out)


def audience(value: Audience) -> str:
    return "public" if value == "public" or not value else "to " + ", ".join(value)


class Chosen(Protocol):
    """Anything that records a team's choice: a decision, its history row, an objective's."""

    @property
    def option(self) -> str | None: ...
    @property
    def option_label(self) -> str | None: ...
    @property
    def text(self) -> str | None: ...


def choice(d: Chosen) -> str:
    """What a team chose: the option's label (and id), or its free action."""
    if d.option:
        label = d.option_label or d.option
        return f"{label} [{d.option}]"
    return f"free action: {d.text or ''}".strip()


def sparkline(values: list[int | None], lo: int, hi: int) -> str:
    out = []
    span = (hi - lo) or 1
    for v in values:
        if v is None:
            out.append(" ")
            continue
        k = round((min(max(v, lo), hi) - lo) / span * (len(SPARKS) - 1))
        out.append(SPARKS[k])
    return "".join(out)


def modes(role: RoleOverview) -> str:
    """'team', or 'team, then bot from turn 2' when who played it changed."""
    if not role.changes:
        return role.mode
    return ", then ".join(
        [role.initial_mode] + [f"{c.mode} from turn {c.turn}" for c in role.changes]
    )


def threshold(t: Threshold) -> str:
    return f"{t.op} {t.value}: {t.label}" + (" (ends the session)" if t.ends_session else "")


OUTCOME_NOTE = (
    "Each team on its own scorecard: the indicators it wants up (+) or down (-), from the start "
    "to the end. The score adds each change as a share of the indicator's range, weighted; 0 is "
    "where the scenario began. A team can lose on its board and still have played well: read it "
    "beside the decisions and the history."
)
OUTCOME_HEAD = ["Team", "Score", "Its indicators, start → end"]
HIDDEN_HEAD = ["Team", "Move", "Hidden from", "Made", "Came out", "Turns hidden", "Odds a turn"]


def outcome_rows(outcomes) -> list[list[str]]:
    """Plain-text cells of the outcomes table (the renderers escape them)."""
    rows = []
    for o in outcomes:
        parts = ", ".join(
            f"{'+' if p.worth > 0 else '-'}{p.label} {p.start} → {p.end}" for p in o.parts
        )
        rows.append([o.name, f"{o.score:+.2f}", parts or "nothing on the board"])
    return rows


def hidden_rows(moves) -> list[list[str]]:
    rows = []
    for h in moves:
        found = (
            f"turn {h.found_turn} ({'a trigger' if h.cause == 'trigger' else 'a roll'})"
            if h.found_turn
            else "never"
        )
        rows.append(
            [
                h.role,
                f"{h.label} ({h.title})",
                ", ".join(h.hidden_from),
                f"turn {h.made_turn}",
                found,
                str(h.turns_hidden),
                f"{h.chance:.0%}",
            ]
        )
    return rows


def party(who: str) -> str:
    """A message's sender or recipient as the report names it."""
    return {"control": "the white cell", "all": "every team"}.get(who) or team_name(who)


def message_head(m: TurnMessage) -> str:
    """'Moscow (Olga) → the white cell'."""
    by = f" ({m.author})" if m.author and m.sender != "control" else ""
    return f"{party(m.sender)}{by} → {party(m.to)}"


def message_reads(m: TurnMessage, day: str | None = None) -> str:
    """Who read the message, and when: 'read by Damascus at 14:02:11'; 'not read'."""
    if not m.read:
        return "not read"
    return "read by " + ", ".join(f"{party(r.reader)} at {clock(r.at, day)}" for r in m.read)


def voided(v: Voiding | None) -> str:
    """'VOIDED (event 41, by facilitator): the wrong team was named; back: cohesion 5'."""
    if v is None:
        return ""
    back = ", ".join(f"{k} {n}" for k, n in v.applied.items())
    return f"VOIDED (event {v.seq or '-'}, by {v.by}): {v.reason}" + (
        f"; back: {back}" if back else ""
    )


def released_how(inject: TurnInject | KnewInject) -> str:
    """How an inject came out, in the report's words: 'deck from d1', 'written in session by X'."""
    if inject.how == "written":
        by = getattr(inject, "written_by", "")
        return f"written in session by {by}" if by else "written in session"
    deck = getattr(inject, "deck", None)
    return inject.how + (f" from {deck}" if deck else "")
