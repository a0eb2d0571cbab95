# Two commands on a fresh machine: `make demo` opens the demo exercise, `make test` runs the tests.
# Each creates its own virtual environment in .venv (Python 3.11+ is the only prerequisite).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: demo test lint bench redteam clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

demo: $(STAMP)
	@$(BIN)/python -m compileall -q exercise  # bytecode even where PYTHONDONTWRITEBYTECODE is set
	$(BIN)/ttx play demo

test: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy
	@$(BIN)/python -m compileall -q exercise tests bench  # the tests start hundreds of ttx processes
	$(BIN)/python -m pytest -q -n auto  # one worker per core: the suite is mostly waiting on consoles

lint: $(STAMP)
	$(BIN)/ruff check .

bench: $(STAMP)
	for b in bench/[!_]*.py; do [ $$b = bench/redteam.py ] || $(BIN)/python $$b || exit 1; done

# Attacks on the real command line and server (crash storm, concurrency, damaged files, tampering,
# hostile YAML, served consoles); prints a table whose failure columns must all be 0.
redteam: $(STAMP)
	$(BIN)/python bench/redteam.py

clean:
	rm -rf $(VENV) .pytest_cache
