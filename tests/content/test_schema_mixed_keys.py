"""Unknown keys that YAML reads as numbers beside ones it reads as text are named, one line each,
not a TypeError from sorting them together."""

from __future__ import annotations

import shutil

from exercise.cli import main
from tests.conftest import MINI


def test_a_number_key_and_a_text_key_both_unknown_are_each_told(tmp_path, monkeypatch, capsys):
    root = tmp_path / "content"
    shutil.copytree(MINI, root)
    monkeypatch.chdir(root)
    news = root / "injects" / "t1-news.yaml"
    news.write_text(news.read_text(encoding="utf-8") + "1: one\nzz: two\n", encoding="utf-8")
    assert main(["validate", "--root", "."]) == 2
    out = capsys.readouterr().out.splitlines()
    assert out[0].startswith("injects/t1-news.yaml:30:1: unknown key '1'; expected one of: ")
    assert out[1].startswith("injects/t1-news.yaml:31:1: unknown key 'zz'; expected one of: ")
