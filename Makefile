# Two commands do everything: `make demo` and `make test`.
PYTHON ?= python3.11
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.PHONY: demo test install translations migrate serve bench lint format worker beat clean

$(PY):
	@command -v $(PYTHON) >/dev/null 2>&1 || { echo "Python 3.11 is required ($(PYTHON) not found)"; exit 1; }
	$(PYTHON) -m venv $(VENV)

$(STAMP): $(PY) requirements.txt requirements-dev.txt
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements-dev.txt
	touch $(STAMP)

install: $(STAMP)

translations: install
	$(PY) manage.py compile_translations

migrate: translations
	$(PY) manage.py migrate --noinput

## make demo: install, migrate, load the demo catalogue and accounts, serve on :8000
demo: migrate
	$(PY) manage.py load_demo
	@echo "Open http://127.0.0.1:8000/ (admin: http://127.0.0.1:8000/admin/)"
	$(PY) manage.py runserver 127.0.0.1:8000

## make test: the whole pytest suite (SQLite unless DATABASE_URL is set), one
## process per core (TEST_WORKERS=0 runs it in this process)
TEST_WORKERS ?= auto
test: translations
	$(PY) -m pytest -n $(TEST_WORKERS) $(PYTEST_ARGS)

serve: migrate
	$(PY) manage.py runserver 127.0.0.1:8000

worker: install
	$(VENV)/bin/celery -A elearn worker -l info

beat: install
	$(VENV)/bin/celery -A elearn beat -l info

bench: install
	$(PY) -m pip install --quiet -r requirements-bench.txt
	$(PY) bench/run.py

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/djhtml --check templates
	$(VENV)/bin/lint-imports

format: install
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .
	$(VENV)/bin/djhtml templates

clean:
	rm -rf $(VENV) db.sqlite3 staticfiles .test-media media
