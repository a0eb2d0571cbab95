"""A note's leading mark ('+', 'strength:', '-', 'AFI:'...) makes it a strength or an area for
improvement in the report; any other note stays a note, its text as written."""

from hypothesis import given
from hypothesis import strategies as st

from exercise.review.report_scan import _MARKS, NOTE, classify


def by_every_mark(text: str) -> tuple[str, str]:
    """The rule, spelled out: the first mark the lowered, stripped text starts with."""
    stripped = text.strip()
    for kind, marks in _MARKS:
        for mark in marks:
            if stripped.lower().startswith(mark):
                return kind, stripped[len(mark) :].strip() or stripped
    return NOTE, stripped


MARKS = [mark for _, marks in _MARKS for mark in marks]


@given(
    st.one_of(
        st.text(max_size=40),
        st.tuples(st.sampled_from(MARKS), st.text(max_size=20)).map(lambda p: p[0] + p[1]),
        st.tuples(st.sampled_from(MARKS), st.text(max_size=20)).map(
            lambda p: "  " + p[0].upper() + " " + p[1]
        ),
    )
)
def test_a_note_is_marked_by_the_first_mark_it_starts_with(text):
    assert classify(text) == by_every_mark(text)


def test_the_marks_and_what_they_make():
    assert classify("+ held the line") == ("strength", "held the line")
    assert classify("AFI: slow to brief") == ("improvement", "slow to brief")
    assert classify("Improvement: the maps") == ("improvement", "the maps")
    assert classify("  plain note ") == (NOTE, "plain note")
    assert classify("+") == ("strength", "+")  # a mark alone is kept as the text
