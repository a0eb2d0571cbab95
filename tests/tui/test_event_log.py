"""The console's log tab on a long session: it reads and describes only the lines it shows, its
filter shows what a scan of every row would, and new events join it at the top, filter on."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import Input

from exercise.engine import events as ev
from exercise.session import Session, iso, log_index
from exercise.session.narrate import describe
from exercise.store import SessionLog
from exercise.tui.app import FacilitatorApp
from exercise.tui.internals.table import DataTable
from exercise.tui.widgets.event_log import SHOWN
from tests.conftest import idle, wait_for
from tests.tui.test_console import SIZE, opened

NOTES = 2000


def append(path: Path, n: int, first: int = 0) -> None:
    """n notes, each followed by a team console's heartbeat (never shown), in one transaction."""

    def rows(_seq: int) -> list[tuple[str, str, dict, str]]:
        out = []
        for i in range(first, first + n):
            note = {"text": f"note {i}", "role": "", "objective": "", "author": "facilitator"}
            out.append(("ObservationAdded", "facilitator", {**note, "turn": 1, "at": 1.0}, iso(1)))
            out.append(("TeamSeen", "moscow", {"role": "moscow", "at": 1.0}, iso(1)))
        return out

    with SessionLog(path) as log:
        log.transact(rows)


def every_line(path: Path, needle: str) -> list[int]:
    """The seqs a filter shows, found the slow way: every row described, newest first."""
    with Session.open(path) as s:
        state, rows = s.state, list(s.rows())
    out = []
    for row in reversed(rows):
        text = describe(ev.from_payload(row.kind, row.data()), state)
        hay = f"{row.kind}\n{row.actor}\n{text}".lower()
        if row.kind != "TeamSeen" and needle in hay:
            out.append(row.seq)
    return out[:SHOWN]


def shown(app) -> list[int]:
    tables = app.screen.query("#log-table")
    if not tables:
        return []
    table = tables.first(DataTable)
    return [int(str(table.get_row_at(i)[0])) for i in range(table.row_count)]


@pytest.fixture
def long_session(session_file: Path) -> Path:
    append(session_file, NOTES)
    return session_file


async def test_the_log_reads_only_the_lines_it_shows(long_session, clock, monkeypatch):
    described = []
    real = log_index.describe_row
    monkeypatch.setattr(
        log_index, "describe_row", lambda row, s: described.append(1) or real(row, s)
    )
    app = FacilitatorApp(".", session=long_session, clock=clock)
    async with app.run_test(size=SIZE) as pilot:
        await opened(pilot)
        await pilot.press("5")
        want = every_line(long_session, "")
        await wait_for(pilot, lambda: shown(app) == want, what="the newest lines, newest first")
        assert len(described) <= log_index.FIRST_READ  # of 4,000 events and more
        await idle(pilot)
        table = app.screen.query_one("#log-table", DataTable)
        # sized for every line before the first were painted: the later ones moved nothing
        assert [c.width for c in table.ordered_columns] == [
            c.content_width for c in table.ordered_columns
        ]
        assert "note 1999" in str(app.screen.query_one("#log-table", DataTable).get_row_at(0)[3])


async def test_the_filter_narrows_and_follows_new_events(long_session, clock):
    app = FacilitatorApp(".", session=long_session, clock=clock)
    async with app.run_test(size=SIZE) as pilot:
        await opened(pilot)
        await pilot.press("5")
        await wait_for(pilot, lambda: len(shown(app)) == SHOWN, what="the log's lines")
        field = app.screen.query_one("#log-filter", Input)
        for needle in ("note 1", "note 12", "note 123", "note 12", "moscow", "no such words", ""):
            field.value = needle.upper() if needle == "moscow" else needle  # any case matches
            want = every_line(long_session, needle)
            await wait_for(
                pilot,
                lambda w=want: shown(app) == w,
                what=lambda n=needle: f"the lines matching {n!r}, {shown(app)[:5]}…",
            )
        field.value = "note 12"
        append(long_session, 2, first=12_000)  # another console's notes: the poll brings them
        want = every_line(long_session, "note 12")
        assert len(want) >= 2 and want[0] > 4000
        await wait_for(pilot, lambda: shown(app) == want, what="the new notes on top, filtered")
