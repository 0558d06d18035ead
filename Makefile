# koordynator: `make run` starts the platform with demo data, `make test` runs every check.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
MANAGE := $(BIN)/python manage.py
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run serve test lint typecheck unit install install-dev lock messages bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: requirements.lock pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -r requirements.lock
	$(BIN)/pip install --quiet --no-deps -e .
	touch $@

$(VENV)/.installed-dev: requirements-dev.lock pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -r requirements-dev.lock
	$(BIN)/pip install --quiet --no-deps -e .
	touch $@ $(VENV)/.installed

install: $(VENV)/.installed
install-dev: $(VENV)/.installed-dev

## run: the platform on an embedded SQLite database with demo data at http://$(HOST):$(PORT)
run: install
	mkdir -p var
	$(MANAGE) migrate --no-input -v 0
	$(MANAGE) load_demo
	@echo "koordynator: http://$(HOST):$(PORT)/  (background jobs: var/worker.log)"
	@trap 'kill 0' INT TERM EXIT; \
	$(MANAGE) db_worker --queue-name '*' > var/worker.log 2>&1 & \
	$(MANAGE) runserver $(HOST):$(PORT)

## serve: production server (gunicorn) behind a reverse proxy; needs the production environment
serve: install
	DJANGO_SETTINGS_MODULE=koordynator.config.settings.production $(MANAGE) migrate --no-input
	DJANGO_SETTINGS_MODULE=koordynator.config.settings.production $(MANAGE) collectstatic --no-input -v 0
	@echo "Run the background worker beside it: DJANGO_SETTINGS_MODULE=koordynator.config.settings.production $(MANAGE) db_worker --queue-name '*'"
	DJANGO_SETTINGS_MODULE=koordynator.config.settings.production $(BIN)/gunicorn koordynator.config.wsgi \
		--bind $(HOST):$(PORT) --workers $${WEB_CONCURRENCY:-2} --access-logfile - --forwarded-allow-ips "$${FORWARDED_ALLOW_IPS:-127.0.0.1}"

## test: lint, types, import contracts, templates, migrations, deploy checks, all tests
test: install-dev lint typecheck unit

lint: install-dev
	$(BIN)/ruff check src tests bench
	$(BIN)/ruff format --check src tests bench
	$(BIN)/djlint src/koordynator --lint --quiet
	$(BIN)/lint-imports
	DJANGO_SETTINGS_MODULE=koordynator.config.settings.test DATABASE_URL=sqlite://:memory: $(MANAGE) makemigrations --check --dry-run
	DJANGO_SETTINGS_MODULE=koordynator.config.settings.production SECRET_KEY=check-deploy-$$(date +%s)-a-long-random-enough-value-for-the-check DATABASE_URL=$${DATABASE_URL:-sqlite:///var/check.sqlite3} ALLOWED_HOSTS=koordynator.example $(MANAGE) check --deploy --fail-level WARNING

typecheck: install-dev
	$(BIN)/mypy

unit: install-dev
	$(BIN)/pytest --numprocesses auto --dist loadgroup

## lock: re-pin every dependency after changing pyproject.toml (needs `pip install uv`)
lock:
	uv pip compile pyproject.toml --python-version 3.11 -o requirements.lock
	uv pip compile pyproject.toml --python-version 3.11 --extra dev -o requirements-dev.lock

## messages: refresh and compile the Polish translations (needs GNU gettext)
messages: install-dev
	cd src/koordynator && ../../$(BIN)/django-admin makemessages -l pl --ignore "migrations/*"
	cd src/koordynator && ../../$(BIN)/django-admin compilemessages -l pl

## bench: speed figures (SQLite, or PostgreSQL with DATABASE_URL); never asserted in tests
bench: install-dev
	@for script in bench/bench_*.py; do echo "== $$script"; (cd bench && ../$(BIN)/python $$(basename $$script)) || exit 1; done

clean:
	rm -rf $(VENV) var .pytest_cache .mypy_cache .ruff_cache
