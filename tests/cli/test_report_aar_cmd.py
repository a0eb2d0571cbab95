"""ttx report --format pdf (through WeasyPrint, the 'pdf' extra) and --anonymise: a PDF written
whole, or one line and nothing written when it cannot be (no -o, no library); the anonymised
report names no participant."""

from __future__ import annotations

from pathlib import Path

import pytest

from exercise.cli import main
from exercise.review import print_pdf
from exercise.review.print_pdf import INSTALL, PdfUnavailable
from tests.conftest import one_error, weasyprint_works
from tests.review.judged import OLGA, REZA, judged


@pytest.fixture(scope="module")
def session_file(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("judged") / "judged.ttx"
    judged(path).close()
    return path


@pytest.mark.skipif(not weasyprint_works(), reason="WeasyPrint (the 'pdf' extra) is not usable")
@pytest.mark.parametrize("args", [[], ["--format", "pdf"]])
def test_a_pdf_report_is_written_whole(session_file, tmp_path, capsys, args):
    out = tmp_path / "report.pdf"
    assert main(["report", str(session_file), "-o", str(out), *args]) == 0
    data = out.read_bytes()
    assert data.startswith(b"%PDF-") and data.rstrip().endswith(b"%%EOF")
    assert f"wrote {out}" in capsys.readouterr().err


def test_a_pdf_needs_a_file_to_go_to(session_file, capsys):
    assert main(["report", str(session_file), "--format", "pdf"]) == 2
    assert "give the file to write with -o" in one_error(capsys, "--format pdf")


def test_without_the_library_one_line_and_nothing_written(
    session_file, tmp_path, capsys, monkeypatch
):
    def missing():
        raise PdfUnavailable(f"writing PDF needs the weasyprint package: {INSTALL}")

    monkeypatch.setattr(print_pdf, "weasyprint", missing)
    out = tmp_path / "report.pdf"
    assert main(["report", str(session_file), "-o", str(out)]) == 2
    assert INSTALL in one_error(capsys, f"-o {out}")
    assert not out.exists()
    # checked before the session is read: a missing session still gets the library's message
    assert main(["report", str(tmp_path / "missing.ttx"), "-o", str(out)]) == 2
    assert INSTALL in one_error(capsys)
    assert not out.exists()


def test_anonymise_names_no_participant(session_file, tmp_path, capsys):
    out = tmp_path / "report.md"
    assert main(["report", str(session_file), "--anonymise", "-o", str(out)]) == 0
    text = out.read_text(encoding="utf-8")
    assert OLGA not in text and REZA not in text and "Participant 1" in text
    assert "**Anonymised**" in text
    assert main(["report", str(session_file), "--format", "md"]) == 0
    assert OLGA in capsys.readouterr().out  # without the flag the names stay
