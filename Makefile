# Satu Pintu — the two commands: `make run` (server with demo data on SQLite) and `make test` (the whole suite).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PYTEST_ARGS ?=

.PHONY: run test install migrate demo lint format messages bench worker scheduler clean image replica

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[dev]"
	touch $@

install: $(VENV)/.installed

migrate: install
	mkdir -p var
	$(BIN)/python manage.py migrate --noinput

demo: migrate
	$(BIN)/python manage.py seed_demo

# The server, a task worker (sends the WhatsApp/e-mail notifications: printed here in development) and the periodic
# scheduler, side by side; Ctrl-C stops all three (satupintu/core/supervisor.py).
run: demo
	@echo "Satu Pintu: http://127.0.0.1:8000  (akun demo: lihat README.md)"
	$(BIN)/python manage.py run_dev 127.0.0.1:8000

test: install
	$(BIN)/python -m pytest $(PYTEST_ARGS)

lint: install
	$(BIN)/ruff check .

format: install
	$(BIN)/ruff format .

APPS := core wilayah organisasi akun kalender notifikasi penduduk aduan bansos ppid surat desa adminduk spmb keuangan antrean portal api

# English catalogues: one for the project templates (satupintu/locale), one per app; compiled .mo files are committed
# so a fresh machine needs no gettext.
messages: install
	cd satupintu && ../$(BIN)/django-admin makemessages -l en --no-location $(foreach a,$(APPS),--ignore=$(a))
	for app in $(APPS); do (cd satupintu/$$app && ../../$(BIN)/django-admin makemessages -l en --no-location --ignore=tests); done
	find satupintu -path "*/locale/en/LC_MESSAGES/django.po" -execdir msgfmt -o django.mo django.po \;

worker: install
	$(BIN)/python manage.py db_worker

scheduler: install
	$(BIN)/python manage.py run_scheduler

# surat.py runs penduduk.py (the register: import and NIK look-up) first, in a child process.
BENCHMARKS := aduan ppid outbox surat desa sid buku adminduk spmb keuangan antrean api portal

# Smoke run of every benchmark (--quick); full sizes: `.venv/bin/python benchmarks/<name>.py` (see README).
bench: migrate
	for b in $(BENCHMARKS); do $(BIN)/python benchmarks/$$b.py --quick || exit 1; done

# The container image (deploy/Dockerfile) where a container engine runs: build, then check it starts Django with the
# production settings. Elsewhere the deploy files are checked by the test suite (core/tests/test_deploy_files.py).
image:
	@if docker info >/dev/null 2>&1; then \
	  docker build -f deploy/Dockerfile -t satupintu:dev . && \
	  docker run --rm -e SECRET_KEY=$$(head -c 48 /dev/urandom | base64) -e DATABASE_URL=sqlite:////tmp/x.sqlite3 \
	    satupintu:dev python manage.py check --deploy --fail-level ERROR; \
	else echo "no container engine here: deploy/ files checked by 'make test' (test_deploy_files.py)"; fi

# A streaming standby of the local PostgreSQL on 127.0.0.1:5433 (for DATABASE_REPLICA_URL; needs root).
replica:
	scripts/pg-replica

clean:
	rm -rf $(VENV) var test-artifacts
