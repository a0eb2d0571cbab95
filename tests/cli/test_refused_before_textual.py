"""A console asked to open a file that is not a session says so before Textual loads: the one
line comes in a fifth of a second, not after the half second Textual's import takes."""

import subprocess
import sys

import pytest

from tests.conftest import ROOT

PROBE = """
import sys
from exercise.cli import main
code = main(sys.argv[1:])
print("textual" in sys.modules, code)
"""


@pytest.mark.parametrize(
    "argv",
    [
        ["team", "{f}", "--role", "moscow"],
        ["observe", "{f}"],
        ["review", "{f}"],
        ["screen", "{f}"],
        ["play", "--resume", "{f}"],
    ],
    ids=lambda a: a[0],
)
def test_a_console_refuses_a_bad_file_before_textual_loads(tmp_path, argv):
    bad = tmp_path / "bad.ttx"
    bad.write_bytes(b"SQLite format 3\x00" + b"\x00" * 200)  # a header and nothing after
    out = subprocess.run(
        [sys.executable, "-c", PROBE, *(a.format(f=bad) for a in argv)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=60,
        stdin=subprocess.DEVNULL,
    )
    assert out.stdout.split() == ["False", "2"], out.stdout + out.stderr
    [line] = out.stderr.strip().splitlines()
    assert line.startswith("ttx: error: ") and "bad.ttx" in line
