# Two commands a person needs: `make run` opens the app, `make test` runs lint and every test.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-$(shell cat pyproject.toml | cksum | cut -d' ' -f1)
PG_URL ?= postgresql+psycopg://postgres@127.0.0.1:5432/postgres

.PHONY: run test test-sqlite test-postgres test-stress lint bench install clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(STAMP): $(BIN)/python pyproject.toml
	$(BIN)/python -m pip install --quiet -e '.[test]'
	rm -f $(VENV)/.installed-*
	touch $(STAMP)

install: $(STAMP)

run: $(STAMP)
	$(BIN)/wellbeing

lint: $(STAMP)
	$(BIN)/ruff check .

test-sqlite: $(STAMP)
	WELLBEING_TEST_BACKEND=sqlite $(BIN)/python -m pytest -q

test-postgres: $(STAMP)
	WELLBEING_TEST_BACKEND=postgresql WELLBEING_TEST_PG_URL=$(PG_URL) $(BIN)/python -m pytest -q

test: lint test-sqlite test-postgres

test-stress: $(STAMP)
	WELLBEING_TEST_BACKEND=sqlite $(BIN)/python -m pytest -q -m stress
	WELLBEING_TEST_BACKEND=postgresql WELLBEING_TEST_PG_URL=$(PG_URL) $(BIN)/python -m pytest -q -m stress

bench: $(STAMP)
	$(BIN)/python benchmarks/run.py

clean:
	rm -rf $(VENV) .pytest_cache
