# The two commands of the README: `make demo` and `make test`. Everything else supports them.
PYTHON ?= python3
BIN := .venv/bin
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: demo test test-postgres test-sqlite check venv messages catalogues clean

venv: .venv/.installed

.venv/.installed: requirements.txt requirements-dev.txt tools/bootstrap_venv.sh
	PYTHON=$(PYTHON) tools/bootstrap_venv.sh
	touch $@

## Extract the interface strings into locale/*/LC_MESSAGES/*.po (needs GNU gettext); translate, then commit
catalogues: venv
	for domain in django djangojs; do \
		$(BIN)/python manage.py makemessages -d $$domain -l ro -l ru -l uk --no-obsolete \
			--ignore=.venv --ignore=./static --ignore=var --ignore=tests --ignore=bench --ignore=node_modules; \
	done

## Compile the interface catalogues (locale/) that Django reads
messages: venv
	$(BIN)/python tools/compile_messages.py

## Run the product with demo content on the embedded default (SQLite) at http://127.0.0.1:8000/
demo: venv messages
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py load_demo
	@echo ""
	@echo "  Public site:    http://$(HOST):$(PORT)/ro/  (also /ru/ /uk/ /en/)"
	@echo "  Wagtail admin:  http://$(HOST):$(PORT)/admin/"
	@echo ""
	$(BIN)/python manage.py runserver $(HOST):$(PORT)

## Run the whole suite on a throwaway PostgreSQL and, alongside it, the smoke subset on SQLite
# The two passes share nothing (separate databases, separate browser sites), so they run at the
# same time; each pass's output is printed whole when it ends. The PostgreSQL pass, four times
# the longer, is split over two pytest-xdist workers (each with its own test database); the
# browser tests stay together on one of them, which loads their demo site once.
test: venv messages
	$(MAKE) -j2 --output-sync=target test-postgres test-sqlite

test-postgres: venv messages
	$(BIN)/python tools/throwaway_postgres.py -- $(BIN)/python -m pytest -n 2 --dist loadgroup $(PYTEST_ARGS)

test-sqlite: venv messages
	env -u DATABASE_URL $(BIN)/python -m pytest -m smoke $(PYTEST_ARGS)

check: venv
	$(BIN)/python manage.py check
	$(BIN)/python manage.py makemigrations --check --dry-run

clean:
	rm -rf .venv var static .pytest_cache
	find locale -name '*.mo' -delete
