# ESAP — the two commands: `make run` (embedded default) and `make test` (everything).
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
HOST ?= 127.0.0.1
PORT ?= 8000
DEMO_CONFIG ?= config/demo-archives.json
FRONTEND_SOURCES := $(shell find frontend/src frontend/index.html frontend/vite.config.ts -type f 2>/dev/null)

.PHONY: run run-local test venv frontend migrate demo lint schema bench bench-fanout bench-overhead bench-export bench-basket bench-rucio services-up services-down clean help

help:
	@echo "make run        serve ESAP on http://$(HOST):$(PORT) (SQLite, no broker, demo archives)"
	@echo "make run-local  same, plus the local DaCHS, Rucio and recorded Zooniverse services (offline demo)"
	@echo "make test       install, provision and run every test suite (what CI runs)"
	@echo "make bench      run the benchmarks in bench/ (needs the local DaCHS and Rucio)"
	@echo "make lint       ruff + TypeScript type check"
	@echo "make schema     write the OpenAPI schema to docs/openapi.json"

$(VENV)/.installed: requirements.txt requirements-dev.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --disable-pip-version-check -r requirements-dev.txt
	touch $@

venv: $(VENV)/.installed

frontend/node_modules/.installed: frontend/package.json frontend/package-lock.json
	cd frontend && npm ci --no-audit --no-fund --loglevel=error
	touch $@

frontend/dist/index.html: frontend/node_modules/.installed $(FRONTEND_SOURCES)
	cd frontend && npm run build --silent

frontend: frontend/dist/index.html

migrate: venv
	$(PY) manage.py migrate --noinput -v0

demo: migrate
	$(PY) manage.py load_archives --if-empty $(DEMO_CONFIG)

run: venv frontend demo
	@echo
	@echo "  ESAP is served at   http://$(HOST):$(PORT)/"
	@echo "  API docs:           http://$(HOST):$(PORT)/api/docs/"
	@echo "  Admin:              http://$(HOST):$(PORT)/admin/"
	@echo "  Create an admin:    $(PY) manage.py createsuperuser"
	@echo
	$(VENV)/bin/gunicorn esap.wsgi:application --bind $(HOST):$(PORT) --workers 1 --threads 16 \
		--timeout 120 --access-logfile - --error-logfile -

run-local: venv frontend migrate
	bash tests/services/setup-dachs.sh
	RUCIO_DAEMONS=1 bash tests/services/setup-rucio.sh
	bash tests/services/setup-panoptes.sh
	$(PY) manage.py load_archives config/local-archives.json
	ESAP_RUCIO_PASSWORD=esap-secret ESAP_ZOONIVERSE_CLIENT_ID=esap-test-client \
	  $(MAKE) run DEMO_CONFIG=config/local-archives.json

test:
	bash tests/run-all.sh

lint: venv frontend/node_modules/.installed
	$(VENV)/bin/ruff check .
	cd frontend && npm run typecheck --silent

schema: venv
	$(PY) manage.py spectacular --file docs/openapi.json --format openapi-json --validate

bench: venv
	bash bench/run.sh

bench-fanout bench-overhead bench-export bench-basket bench-rucio: venv
	BENCHMARKS=$(@:bench-%=%) bash bench/run.sh

services-up:
	bash tests/services/setup-dachs.sh
	bash tests/services/setup-rucio.sh
	bash tests/services/setup-panoptes.sh

services-down:
	bash tests/services/stop-dachs.sh
	bash tests/services/stop-rucio.sh
	bash tests/services/stop-panoptes.sh

clean:
	rm -rf $(VENV) frontend/node_modules frontend/dist staticfiles var
