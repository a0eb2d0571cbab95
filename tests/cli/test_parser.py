"""The command line builds only the sub-command it is given, and every sub-command by its name."""

import argparse

import pytest

from exercise.cli import commands, main, parser


def _names(p: argparse.ArgumentParser) -> list[str]:
    sub = next(a for a in p._actions if isinstance(a, argparse._SubParsersAction))
    return list(sub.choices)


def test_each_register_function_adds_the_command_it_is_named_for():
    assert _names(parser()) == list(commands.REGISTRY)
    for name in commands.REGISTRY:
        assert _names(parser([name, "--help"])) == [name]


def test_an_unknown_command_lists_them_all(capsys):
    with pytest.raises(SystemExit) as exit_:
        main(["plya"])
    assert exit_.value.code == 2
    err = capsys.readouterr().err
    assert "invalid choice: 'plya'" in err and all(name in err for name in commands.REGISTRY)
