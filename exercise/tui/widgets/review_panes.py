"""Panes of the review console built from the report model: decisions beside the record, the
adjudication ledger, and observations grouped by role and objective, followed by the teams'
judgement when the session has it (objective ratings with their evidence, calibration,
feedback)."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import Any

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, VerticalScroll
from textual.content import Content
from textual.widgets import Static

from exercise.content.text import reflow
from exercise.review import fmt
from exercise.review.judgement_types import WHITE_CELL
from exercise.review.render_judgement import evidence_text, rated_text
from exercise.review.report_types import Finding, HistoryRow, LedgerEntry, Report
from exercise.tui.internals.table import DataTable

VERDICT_STYLE = {
    "matched": "bold green",
    "departed": "bold red",
    "not assessed": "yellow",
    "no expectation": "dim",
}


def decision_detail(row: HistoryRow) -> Content:
    parts: list = [
        (f"Turn {row.turn} · {row.role} · {row.inject_title or 'free action'}", "bold"),
        "\n",
        "Chose: ",
        (fmt.choice(row), "bold"),
        "\n",
    ]
    if row.rationale:
        parts += ["Rationale: ", reflow(row.rationale), "\n"]
    if row.counterfactual:
        parts += [("This inject is counterfactual: it departs from the record.", "italic"), "\n"]
    parts += ["\n", ("What the real actors did", "bold underline"), "\n"]
    if row.history:
        parts += [reflow(row.history.text), "\n"]
        for c in row.history.sources:
            parts.append((f"  {c.key}: “{c.quote}”\n", "dim"))
    else:
        parts.append(("  no historical note\n", "dim"))
    parts += ["\n", ("Expected player actions", "bold underline"), "\n"]
    if not row.expected:
        parts.append(("  none for this team\n", "dim"))
    for e in row.expected:
        parts += ["  ", (e.verdict, VERDICT_STYLE.get(e.verdict, "")), f" — {e.text}"]
        if e.objective:
            parts.append((f" ({e.objective})", "dim"))
        if e.basis:
            parts.append((f" [{e.basis}]", "dim"))
        parts.append("\n")
    return Content.assemble(*parts)


def decision_cells(row: HistoryRow) -> tuple[object, ...]:
    """A row of the decisions table: turn, team, verdict, inject, choice."""
    return (
        row.turn,
        row.role,
        Text(row.verdict, style=VERDICT_STYLE.get(row.verdict, "")),
        row.inject_title or "free action",
        fmt.choice(row),
    )


def ledger_cells(entry: LedgerEntry) -> tuple[object, ...]:
    """A row of the ledger table: ruling, turn, method, odds, roll, result, changes."""
    return (
        entry.id,
        entry.turn,
        entry.method,
        _odds_cell(entry),
        fmt.roll(entry),
        fmt.result(entry),
        fmt.changes(entry.deltas, entry.before, entry.applied),
    )


def _odds_cell(entry: LedgerEntry) -> str:
    """The odds in a table cell: an estimative ruling's chance and whose, the rest in detail."""
    x = entry.estimative
    if x is None:
        return fmt.odds(entry)
    return f"{x.odds}% ({'white cell' if x.set_by == WHITE_CELL else 'teams mean'})"


def ledger_detail(entry: LedgerEntry) -> Content:
    parts: list = [
        (
            f"Ruling {entry.id} · turn {entry.turn} · {entry.method} · "
            f"{fmt.audience(entry.audience)}",
            "bold",
        ),
        "\n\n",
        reflow(entry.narrative),
        "\n",
    ]
    if entry.reason:
        parts += ["\n", ("Reason: ", "bold"), entry.reason, "\n"]
    if entry.odds:
        o = entry.odds
        parts += [
            "\n",
            ("Matrix game", "bold underline"),
            "\n",
            f"  For: {'; '.join(o.pros) or '—'}\n  Against: {'; '.join(o.cons) or '—'}\n",
            f"  Odds: {fmt.odds(entry)}\n  Roll: {fmt.roll(entry)} → {entry.total}: "
            f"{fmt.result(entry)}\n",
        ]
    if entry.estimative:
        x = entry.estimative
        parts += [
            "\n",
            ("Estimative", "bold underline"),
            "\n",
            f"  Odds: {fmt.odds(entry)}\n  Roll: {fmt.roll(entry)}: {fmt.result(entry)}\n",
        ]
        for t in x.estimates:
            why = f" — {t.reasoning}" if t.reasoning else ""
            parts.append(f"  {t.team} said {t.percent}%{why}\n")
    parts += [
        "\n",
        ("Indicators: ", "bold"),
        fmt.changes(entry.deltas, entry.before, entry.applied),
        "\n",
    ]
    if fmt.flags(entry):
        parts += [("Flags: ", "bold"), fmt.flags(entry), "\n"]
    if entry.decisions:
        parts += [("Decisions: ", "bold"), ", ".join(entry.decisions), "\n"]
    return Content.assemble(*parts)


def findings_content(findings: Sequence[Finding]) -> Content:
    if not findings:
        return Content("No observations were recorded.")
    parts: list = []
    for g in findings:
        head = g.name or "The whole exercise"
        if g.objective:
            head += f" — {g.objective}"
        parts += [(head, "bold underline"), "\n"]
        if g.objective_text:
            parts += [(g.objective_text, "italic"), "\n"]
        for observations, label, style in (
            (g.strengths, "Strength", "green"),
            (g.improvements, "Area for improvement", "red"),
            (g.notes, "Note", ""),
        ):
            for o in observations:
                parts += ["  ", (label, f"bold {style}".strip()), f" (turn {o.turn}): {o.text}\n"]
        parts.append("\n")
    return Content.assemble(*parts)


def judgement_content(report: Report) -> Content:
    """Ratings, calibration and feedback, each only when the session has it; empty if none."""
    parts: list = []
    rated = [(r, o) for r in report.objectives for o in r.objectives if o.rating]
    if rated:
        parts += [("Objective ratings", "bold underline"), "\n"]
        for role, o in rated:
            parts += [
                f"  {role.name} — {o.id}: ",
                (o.rating or "", "bold"),
                f" ({rated_text(o)})\n",
            ]
            for ob in o.observations:
                if ob.rating or ob.about:
                    parts.append((f"    {evidence_text(ob)}\n", "dim"))
        parts.append("\n")
    c = report.calibration
    if c is not None:
        parts += [("Calibration", "bold underline"), "\n"]
        for t in c.teams:
            parts += [
                f"  {t.name}: Brier {t.brier:.3f} over {fmt.plural(t.forecasts, 'forecast')}, ",
                (t.in_words, "bold"),
                "\n",
            ]
            for b in t.bands:
                parts.append(
                    (
                        f"    {b.low}-{b.high}%: {b.count} said {b.mean_forecast:.0%} on "
                        f"average, {b.came_true:.0%} came true\n",
                        "dim",
                    )
                )
        if c.pending:
            parts.append((f"  {fmt.plural(c.pending, 'stated chance')} not yet settled\n", "dim"))
        parts.append("\n")
    f = report.feedback
    if f is not None:
        parts += [
            ("Participant feedback", "bold underline"),
            f"\n  realism {f.realism:.1f}, learning {f.learning:.1f} (of {f.scale[1]})\n",
        ]
        for a in f.answers:
            parts += [
                (f"  {a.team}, {a.author}", "bold"),
                f": realism {a.realism}, learning {a.learning}\n",
            ]
            for label, text in (("worked", a.worked), ("improve", a.improve)):
                if text:
                    parts.append(f"    {label}: {reflow(text)}\n")
    return Content.assemble(*parts) if parts else Content("")


class DetailTable(Horizontal):
    """A table of rows with a detail pane for the highlighted one."""

    DEFAULT_CSS = """
    DetailTable { height: 1fr; }
    DetailTable DataTable { width: 3fr; height: 1fr; }
    DetailTable VerticalScroll {
        width: 2fr; height: 1fr; border: round $primary 50%; padding: 0 1;
    }
    """

    def __init__(self, columns: tuple[str, ...], detail: Callable[[Any], Content], **kwargs):
        super().__init__(**kwargs)
        self.columns = columns
        self.detail = detail
        self.rows: Sequence[Any] = ()

    def compose(self) -> ComposeResult:
        yield DataTable(cursor_type="row")
        with VerticalScroll():
            yield Static("", markup=False)

    def on_mount(self) -> None:
        self.query_one(DataTable).add_columns(*self.columns)

    def show(self, rows: Sequence[Any], cells: Callable[[Any], Iterable[object]]) -> None:
        self.rows = rows
        table = self.query_one(DataTable)
        table.clear()
        for n, row in enumerate(rows):
            table.add_row(
                *[c if isinstance(c, Text) else Text(str(c)) for c in cells(row)], key=str(n)
            )
        if not rows:
            self.query_one(Static).update("Nothing to show yet.")

    @on(DataTable.RowHighlighted)
    def _detail(self, event: DataTable.RowHighlighted) -> None:
        key = event.row_key.value if event.row_key is not None else None
        if key is not None and self.rows:
            self.query_one(Static).update(self.detail(self.rows[int(key)]))
