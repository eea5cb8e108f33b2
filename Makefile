# Two commands a person needs: `make run` opens the app, `make test` runs lint and every test.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-$(shell cat pyproject.toml | cksum | cut -d' ' -f1)
PG_URL ?= postgresql+psycopg://postgres@127.0.0.1:5432/postgres

.PHONY: run test test-sqlite test-postgres test-stress lint bench install clean i18n

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

# Style, types (strict on the domain) and the layer contracts of pyproject.toml.
lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/mypy
	$(BIN)/lint-imports --no-cache

# The SQLite pass holds every test, so pytest-xdist spreads it over the cores, a module per
# worker at a time (a module's fixtures are built once); PYTEST_WORKERS=0 runs it in one process.
PYTEST_WORKERS ?= auto
test-sqlite: $(STAMP)
	WELLBEING_TEST_BACKEND=sqlite $(BIN)/python -m pytest -q -n $(PYTEST_WORKERS) --dist loadfile

# Only the tests marked each_backend (those that reach a database below the UIs, and tests/e2e;
# see tests/conftest.py) run again on PostgreSQL, in one process beside the SQLite pass.
test-postgres: $(STAMP)
	WELLBEING_TEST_BACKEND=postgresql WELLBEING_TEST_PG_URL=$(PG_URL) $(BIN)/python -m pytest -q \
		-m 'each_backend and not stress'

# The two passes share nothing (each test has its own database), so they run side by side.
test: lint
	$(MAKE) --no-print-directory -j2 --output-sync=target test-sqlite test-postgres

test-stress: $(STAMP)
	WELLBEING_TEST_BACKEND=sqlite $(BIN)/python -m pytest -q -m stress
	WELLBEING_TEST_BACKEND=postgresql WELLBEING_TEST_PG_URL=$(PG_URL) $(BIN)/python -m pytest -q -m stress

bench: $(STAMP)
	$(BIN)/python benchmarks/run.py

# Re-extract translatable strings, merge them into the nl and fr catalogs, compile them.
i18n: $(STAMP)
	$(BIN)/pybabel --quiet extract -F babel.cfg -k _ -k N_ -k ngettext:1,2 -k counted:1,2 -k Nn_:1,2 --no-location \
		--project wellbeing -o wellbeing/i18n/wellbeing.pot .
	for lang in nl fr; do \
		if [ -f wellbeing/i18n/$$lang/LC_MESSAGES/wellbeing.po ]; then \
			$(BIN)/pybabel --quiet update --no-fuzzy-matching -D wellbeing -l $$lang \
				-i wellbeing/i18n/wellbeing.pot -d wellbeing/i18n; \
		else \
			$(BIN)/pybabel --quiet init -D wellbeing -l $$lang \
				-i wellbeing/i18n/wellbeing.pot -d wellbeing/i18n; \
		fi; \
	done
	$(BIN)/pybabel --quiet compile -D wellbeing -d wellbeing/i18n

clean:
	rm -rf $(VENV) .pytest_cache
