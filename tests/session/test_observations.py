"""An observer's own observations, read from the log as typed events, each row once; and the name
an observer signs with."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from exercise.engine import commands as cmd
from exercise.session import Session
from exercise.session.observations import MAX_NAME, AuthorsObservations, author_name


def test_only_the_authors_observations_in_log_order(session_file):
    with Session.open(session_file) as s:
        reader = AuthorsObservations("Ana")
        assert reader.read(s) == ()
        s.execute(cmd.AddObservation("first", author="Ana"))
        s.execute(cmd.AddObservation("someone else's", author="Bo"))
        s.execute(cmd.AddObservation("the white cell's"))
        s.execute(cmd.AddObservation("second", role="tehran", objective="tehran-win", author="Ana"))
        found = reader.read(s)
        assert [n.event.text for n in found] == ["first", "second"]
        assert [n.seq for n in found] == sorted(n.seq for n in found)
        for n in found:  # each with the seq of its own event
            [row] = s.rows(after=n.seq - 1, upto=n.seq)
            assert row.kind == "ObservationAdded" and row.data()["text"] == n.event.text


def test_each_row_is_read_once(session_file, monkeypatch):
    with Session.open(session_file) as s:
        reader = AuthorsObservations("Ana")
        reader.read(s)
        s.execute(cmd.AddObservation("new", author="Ana"))
        asked: list[tuple[int, int | None]] = []
        rows = s.rows
        monkeypatch.setattr(
            s, "rows", lambda after=0, upto=None: asked.append((after, upto)) or rows(after, upto)
        )
        assert [n.event.text for n in reader.read(s)] == ["new"]
        assert reader.read(s)[-1].event.text == "new"  # nothing new: the log is not read again
        assert len(asked) == 1 and asked[0][0] > 0  # only what came after the last read


def test_a_name_signs_observations():
    assert author_name("  Ana Evaluator ") == ("Ana Evaluator", "")
    assert author_name("")[0] == "" and "Type your name" in author_name("  \t\x07")[1]
    for taken in ("facilitator", "FACILITATOR", " White Cell "):
        assert author_name(taken)[0] == "" and "white cell" in author_name(taken)[1]
    assert author_name("[b]x[/b]") == ("[b]x[/b]", "")  # markup is text, shown as written


@given(st.text(max_size=500))
def test_any_typed_name_is_printable_short_and_trimmed_or_refused(typed):
    name, problem = author_name(typed)
    assert bool(name) != bool(problem)
    assert len(name) <= MAX_NAME and name == name.strip()
    assert all(ch.isprintable() for ch in name)
