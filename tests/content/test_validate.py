"""ttx validate: every problem as path:line:col: message, exit 2; clean content exit 0."""

import re
from pathlib import Path

import pytest

from exercise.cli import main
from exercise.content.yamlio import parse_text
from tests.conftest import MINI, MINI_TEXTS

LINE = re.compile(r"^(?P<path>[^:]+):(?P<line>\d+):(?P<col>\d+): (?P<msg>.+)$")


def run(capsys, *args):
    code = main(["validate", *map(str, args)])
    out = capsys.readouterr()
    return code, out.out.splitlines(), out.err


def problems_for(capsys, root: Path, *extra):
    code, lines, err = run(capsys, "--root", root, *extra)
    parsed = [LINE.match(line) for line in lines]
    assert all(parsed), lines
    return code, [(Path(m["path"]).name, int(m["line"]), int(m["col"]), m["msg"]) for m in parsed]


def test_clean_fixture_exit_0(capsys):
    code, lines, err = run(capsys, "--root", MINI, "--sources", MINI_TEXTS)
    assert code == 0, lines
    # the fixture's flags exist for the engine's tests; nothing in it reads them: warnings only
    assert lines and all(": warning: flag '" in line for line in lines), lines
    assert "ok:" in err and "quotes checked" in err and f"{len(lines)} warnings" in err


def test_dates_stay_strings():
    doc = parse_text("x.yaml", "date: 2016-05-01\nother: 2016-05\n")
    assert doc.data == {"date": "2016-05-01", "other": "2016-05"}


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text()
    assert old in text, old
    path.write_text(text.replace(old, new, 1))


def test_unknown_key_points_at_key(mini_copy, capsys):
    edit(mini_copy / "injects/t1-news.yaml", "medium: cable", "medium: cable\nmediun: cable")
    code, probs = problems_for(capsys, mini_copy)
    assert code == 2
    assert ("t1-news.yaml", 7, 1, "unknown key 'mediun'; did you mean 'medium'?") in probs


def test_wrong_type_points_at_value(mini_copy, capsys):
    edit(mini_copy / "injects/t1-news.yaml", "effects: {cohesion: 1}", "effects: {cohesion: lots}")
    code, probs = problems_for(capsys, mini_copy)
    assert code == 2
    [(name, line, col, msg), note] = probs
    assert (name, line) == ("t1-news.yaml", 16)
    assert col == 25 and "should be a whole number" in msg and "options[0].effects.cohesion" in msg
    # and one note for what could not be checked because the file did not load
    assert note[0] == "t1-news.yaml" and "to 't1-news'" in note[3] and "did not load" in note[3]


def test_missing_key_and_bad_enum_both_reported(mini_copy, capsys):
    edit(mini_copy / "injects/t1-moscow.yaml", "title: Test inject t1-moscow\n", "")
    edit(mini_copy / "injects/t1-tehran.yaml", "medium: cable", "medium: cabel")
    code, probs = problems_for(capsys, mini_copy)
    msgs = {(p[0], p[3]) for p in probs}
    assert ("t1-moscow.yaml", "missing required key 'title'") in msgs
    assert any(n == "t1-tehran.yaml" and "did you mean 'cable'" in m for n, m in msgs)


@pytest.mark.parametrize(
    "text, fragment",
    [
        ("", "the file is empty"),
        ("kind: inject\nid: [unclosed\n", "invalid YAML"),
        ("- a\n- b\n", "expected a mapping"),
        ("kind: inject\nkind: role\n", "duplicate key 'kind'"),
        ("\x00\x01\x02binary", "binary data"),
    ],
)
def test_malformed_files(mini_copy, capsys, text, fragment):
    (mini_copy / "injects/bad.yaml").write_text(text)
    code, probs = problems_for(capsys, mini_copy)
    assert code == 2
    assert any(p[0] == "bad.yaml" and fragment in p[3] for p in probs), probs


def test_wrong_encoding(mini_copy, capsys):
    (mini_copy / "injects/bad.yaml").write_bytes("kind: inject\ntitle: caf\xe9\n".encode("latin-1"))
    code, probs = problems_for(capsys, mini_copy)
    assert ("bad.yaml", 2, 11, "the file is not UTF-8 text; save it as UTF-8") in probs


def test_cross_references(mini_copy, capsys):
    edit(
        mini_copy / "scenarios/mini.yaml",
        "injects: [t2-moscow, t2-tehran]",
        "injects: [t2-moscow, t2-nope]",
    )
    edit(mini_copy / "injects/t1-news.yaml", "from: ankara", "from: atlantis")
    edit(mini_copy / "injects/t1-moscow.yaml", "objective: moscow-win", "objective: moscow-lose")
    edit(mini_copy / "injects/rupture.yaml", "{indicator: cohesion,", "{indicator: cohesionn,")
    edit(mini_copy / "injects/t1-tehran.yaml", "sources: [{key: doc,", "sources: [{key: nodoc,")
    edit(mini_copy / "injects/t2-moscow.yaml", "escalation: 1}", "escalation: 7}")
    edit(mini_copy / "injects/t1-pair.yaml", "id: t1-pair", "id: t1-moscow")
    code, probs = problems_for(capsys, mini_copy)
    msgs = [(p[0], p[3]) for p in probs]
    expected = [
        ("mini.yaml", "unknown inject 't2-nope'"),
        ("t1-news.yaml", "unknown sender 'atlantis': not a role or actor"),
        ("t1-moscow.yaml", "role 'moscow' has no objective 'moscow-lose'"),
        ("rupture.yaml", "unknown indicator 'cohesionn'"),
        ("t1-tehran.yaml", "unknown bibliography key 'nodoc'"),
    ]
    for item in expected:
        assert item in msgs, msgs
    assert any(n == "t2-moscow.yaml" and "outside the bounds" in m for n, m in msgs)
    assert any(n == "t1-pair.yaml" and "duplicate inject id 't1-moscow'" in m for n, m in msgs)


def test_trigger_on_unknown_option_and_turn_out_of_range(mini_copy, capsys):
    edit(
        mini_copy / "injects/rupture.yaml",
        '- {indicator: cohesion, op: "<=", value: 3}',
        "- {decision: t1-moscow/surrender}",
    )
    edit(mini_copy / "scenarios/mini.yaml", "{turn: 2, injects", "{turn: 3, injects")
    code, probs = problems_for(capsys, mini_copy)
    msgs = [p[3] for p in probs]
    assert "inject 't1-moscow' has no option 'surrender' (options: coop, push)" in msgs
    assert "turn 3 is out of range 1..2" in msgs


def test_grounding_names_inject_and_source(mini_copy, capsys):
    edit(
        mini_copy / "injects/t1-news.yaml",
        "one wanted a negotiated settlement",
        "one wanted a quick settlement",
    )
    code, probs = problems_for(capsys, mini_copy, "--sources", mini_copy / "texts")
    assert code == 2
    [(name, _, _, msg)] = probs
    assert name == "t1-news.yaml" and msg.startswith(
        "t1-news: quote not found verbatim in 'doc' (doc.txt)"
    )


def test_typographic_quotes_and_dashes_are_normalised(mini_copy, capsys):
    # The text has curly quotes and an em dash; the YAML quote uses straight ones.
    edit(
        mini_copy / "injects/t1-news.yaml",
        'sources: [{key: doc, quote: "one wanted',
        'sources: [{key: doc, quote: "while their aims diverged - one wanted',
    )
    code, probs = problems_for(capsys, mini_copy, "--sources", mini_copy / "texts")
    assert code == 0, probs


def test_quote_over_40_words(mini_copy, capsys):
    long = " ".join(["word"] * 41)
    edit(
        mini_copy / "injects/t1-news.yaml",
        'quote: "one wanted a negotiated settlement, the other a military victory"',
        f'quote: "{long}"',
    )
    code, probs = problems_for(capsys, mini_copy)
    assert any("quote has 41 words; at most 40" in p[3] for p in probs)


def test_paths_restrict_the_report(mini_copy, capsys):
    edit(mini_copy / "injects/t1-news.yaml", "medium: cable", "medium: 3")
    edit(mini_copy / "injects/t1-moscow.yaml", "medium: cable", "medium: 3")
    code, probs = problems_for(capsys, mini_copy, mini_copy / "injects/t1-news.yaml")
    assert code == 2 and {p[0] for p in probs} == {"t1-news.yaml"}


def test_bad_arguments_one_line_exit_2(capsys):
    code, lines, err = run(capsys, "--root", "/no/such/dir")
    assert code == 2 and err.count("\n") == 1 and "/no/such/dir" in err
    code, lines, err = run(capsys, "--root", MINI, "no-such-file.yaml")
    assert code == 2 and "no-such-file.yaml" in err


def test_yaml_scalars_merge_keys_and_recursive_aliases():
    doc = parse_text(
        "x.yaml", "a: 1\nb: 2.5\nc: true\nd: ~\ne: '2016'\nbase: &b {x: 1}\nf:\n  <<: *b\n  y: 2\n"
    )
    assert doc.data == {
        "a": 1,
        "b": 2.5,
        "c": True,
        "d": None,
        "e": "2016",
        "base": {"x": 1},
        "f": {"x": 1, "y": 2},
    }
    with pytest.raises(Exception, match="recursive alias"):
        parse_text("x.yaml", "a: &x [*x]\n")
    with pytest.raises(Exception, match="unsupported YAML tag"):
        parse_text("x.yaml", "a: !!python/object {}\n")


def test_narrative_copied_from_a_source_is_reported(mini_copy, capsys):
    # ten consecutive words of texts/doc.txt in a body: copying, not paraphrase
    edit(
        mini_copy / "injects/t1-news.yaml",
        "  A body with [brackets]",
        "  As they say, the two patrons needed each other while their aims diverged one wanted.\n"
        "  A body with [brackets]",
    )
    code, probs = problems_for(capsys, mini_copy, "--sources", mini_copy / "texts")
    assert code == 2
    [(name, line, col, msg)] = probs
    assert name == "t1-news.yaml" and "narrative copies a source word for word" in msg
    assert "the two patrons needed each other while their aims diverged" in msg
