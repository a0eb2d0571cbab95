"""The engine imports nothing from textual, sqlite3, yaml, the store or the shells."""

import ast
import subprocess
import sys
from pathlib import Path

ENGINE = Path(__file__).resolve().parents[2] / "exercise" / "engine"
FORBIDDEN = (
    "textual",
    "sqlite3",
    "yaml",
    "exercise.store",
    "exercise.session",
    "exercise.tui",
    "exercise.cli",
    "exercise.review",
    "time",
    "datetime",
    "os",
    "secrets",
)


def test_engine_source_has_no_forbidden_imports():
    for path in ENGINE.glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text())):
            names = []
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module]
            for name in names:
                assert not any(name == f or name.startswith(f + ".") for f in FORBIDDEN), (
                    f"{path.name} imports {name}"
                )


def test_importing_the_engine_pulls_in_no_io_library():
    code = (
        "import sys, pkgutil, importlib, exercise.engine as e\n"
        "for m in pkgutil.iter_modules(e.__path__): "
        "importlib.import_module('exercise.engine.' + m.name)\n"
        "print(','.join(n for n in ('textual','sqlite3','yaml','exercise.store',"
        "'exercise.session') if n in sys.modules))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout.strip()
    assert out == ""
