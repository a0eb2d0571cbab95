"""A command asked to open a file that is not a session says so before it loads the code it
would have needed for a good one: a console before Textual, the pack and the comparison before
theirs. The one line comes in a fifth of a second, not after half a second of imports."""

import subprocess
import sys

import pytest

from tests.conftest import ROOT

PROBE = """
import sys
from exercise.cli import main
code = main(sys.argv[2:])
print(sys.argv[1] in sys.modules, code)
"""


@pytest.mark.parametrize(
    ("module", "argv"),
    [
        ("textual", ["team", "{f}", "--role", "moscow"]),
        ("textual", ["observe", "{f}"]),
        ("textual", ["review", "{f}"]),
        ("textual", ["screen", "{f}"]),
        ("textual", ["play", "--resume", "{f}"]),
        ("exercise.review.print_pack", ["print", "{f}", "-o", "{out}"]),
        ("exercise.review.compare", ["compare", "{f}", "{f}"]),
    ],
    ids=lambda v: v[0] if isinstance(v, list) else None,
)
def test_a_bad_file_is_refused_before_the_code_for_a_good_one_loads(tmp_path, module, argv):
    bad = tmp_path / "bad.ttx"
    bad.write_bytes(b"SQLite format 3\x00" + b"\x00" * 200)  # a header and nothing after
    out = subprocess.run(
        [
            sys.executable,
            "-c",
            PROBE,
            module,
            *(a.format(f=bad, out=tmp_path / "pack.html") for a in argv),
        ],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=60,
        stdin=subprocess.DEVNULL,
    )
    assert out.stdout.split() == ["False", "2"], out.stdout + out.stderr
    [line] = out.stderr.strip().splitlines()
    assert line.startswith("ttx: error: ") and "bad.ttx" in line
    assert not (tmp_path / "pack.html").exists()
