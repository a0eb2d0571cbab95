from exercise.content.text import reflow


def test_reflow_joins_wrapped_lines_and_keeps_paragraphs_and_lists():
    text = "One line\nwrapped by hand.\n\nSecond para:\n- item one\n  continued\n- item two\n"
    assert (
        reflow(text)
        == "One line wrapped by hand.\n\nSecond para:\n- item one continued\n- item two"
    )
