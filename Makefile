# Démarche progrès RH — everyday commands. `make run` and `make test` are the two that matter.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test test-fast quality install migrate demo worker beat bench clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e ".[dev]"
	touch $(STAMP)

install: $(STAMP)

migrate: $(STAMP)
	$(BIN)/python manage.py migrate --noinput

demo: migrate
	$(BIN)/python manage.py demo

## Install, migrate, load the demo and serve on http://127.0.0.1:8000 (SQLite, eager Celery, console e-mail).
run: demo
	$(BIN)/python manage.py runserver 127.0.0.1:8000

## The whole test suite (unit, access matrix, browser journeys when Chromium is installed).
## Uses PostgreSQL and Redis when DATABASE_URL / REDIS_URL are set, SQLite otherwise.
test: $(STAMP)
	$(BIN)/pytest -n 2 --dist loadfile -p no:logging $(PYTEST_ARGS)

test-fast: $(STAMP)
	$(BIN)/pytest -n 2 -p no:logging -m "not browser" $(PYTEST_ARGS)

quality: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/python manage.py makemigrations --check --dry-run
	$(BIN)/python manage.py collectstatic --noinput -v0

worker: $(STAMP)
	$(BIN)/celery -A apes_rh worker -l INFO --max-tasks-per-child 50

beat: $(STAMP)
	$(BIN)/celery -A apes_rh beat -l INFO

## Benchmarks (issue 9): query counts at 1× and 100×, page times, PDF, import and load. Writes bench/results.json.
bench: $(STAMP)
	$(BIN)/python -m bench

clean:
	rm -rf $(VENV) staticfiles test-artifacts db.sqlite3
