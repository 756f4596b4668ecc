# The two commands: `make demo` serves the example news site, `make test` runs the suite.
# Both create their own virtual environment. Variables choose the version leg, e.g.
#   make test VENV=.venv-py312 PYTHON="env PYENV_VERSION=3.12.1 python" \
#        DJANGO="Django>=6.1,<6.2" WAGTAIL="wagtail>=8.0,<8.1"

PYTHON ?= python3
VENV ?= .venv
DJANGO ?= Django>=5.2,<5.3
WAGTAIL ?= wagtail>=7.4,<7.5
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
PIP_FLAGS ?= --quiet --disable-pip-version-check
DEMO_DB ?= sqlite:///$(CURDIR)/example_project/db.sqlite3

.PHONY: help install demo test e2e fuzz lint migrations-check messages bench wheel clean

help:
	@echo "make demo    serve the example news site on http://127.0.0.1:8000 and its headless front end on :8001"
	@echo "make test    run the test suite (DATABASE_URL / REDIS_URL select services)"
	@echo "make e2e     browser tests in headless Chromium"
	@echo "make fuzz    schemathesis against the JSON API's OpenAPI schema (bounded)"
	@echo "make lint    ruff check and format check"

$(STAMP): setup.cfg pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install $(PIP_FLAGS) --upgrade pip
	$(BIN)/python -m pip install $(PIP_FLAGS) "$(DJANGO)" "$(WAGTAIL)" -e ".[test,demo]"
	@echo "$(DJANGO) $(WAGTAIL)" > $(STAMP)

install: $(STAMP)

demo: $(STAMP)
	cd example_project && DATABASE_URL=$${DATABASE_URL:-$(DEMO_DB)} ../$(BIN)/python manage.py migrate --noinput
	cd example_project && DATABASE_URL=$${DATABASE_URL:-$(DEMO_DB)} ../$(BIN)/python manage.py load_demo_content
	cd example_project && DATABASE_URL=$${DATABASE_URL:-$(DEMO_DB)} ../$(BIN)/python manage.py ensure_demo_admin
	@echo "CMS:                http://127.0.0.1:8000/  (admin: http://127.0.0.1:8000/admin/)"
	@echo "Headless front end: http://127.0.0.1:8001/  (example_project/headless, public APIs only)"
	$(BIN)/python -m http.server 8001 --bind 127.0.0.1 --directory example_project/headless >/dev/null 2>&1 & \
	  headless=$$!; \
	  trap 'kill $$headless 2>/dev/null' EXIT; trap 'exit 130' INT TERM; \
	  cd example_project && DATABASE_URL=$${DATABASE_URL:-$(DEMO_DB)} ../$(BIN)/python manage.py runserver 127.0.0.1:8000

test: $(STAMP)
	$(BIN)/python -m pytest $(PYTEST_ARGS)

$(VENV)/.e2e: $(STAMP)
	$(BIN)/python -m pip install $(PIP_FLAGS) -e ".[e2e]"
	@command -v chromium >/dev/null 2>&1 || (apt-get update -qq && apt-get install -y -qq chromium)
	@touch $@

e2e: $(VENV)/.e2e
	$(BIN)/python -m pytest tests/e2e -o addopts="-p no:cacheprovider" $(PYTEST_ARGS)

$(VENV)-fuzz/bin/schemathesis:
	$(PYTHON) -m venv $(VENV)-fuzz
	$(VENV)-fuzz/bin/python -m pip install $(PIP_FLAGS) "schemathesis>=4.32,<5"

fuzz: $(STAMP) $(VENV)-fuzz/bin/schemathesis
	bash .ci/fuzz.sh $(CURDIR)/$(BIN)/python $(CURDIR)/$(VENV)-fuzz/bin/schemathesis

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

migrations-check: $(STAMP)
	DJANGO_SETTINGS_MODULE=tests.settings PYTHONPATH=. $(BIN)/django-admin makemigrations --check --dry-run
	cd example_project && DATABASE_URL=sqlite:///:memory: ../$(BIN)/python manage.py makemigrations --check --dry-run

messages: $(STAMP)
	cd wagtail_analytics && PYTHONPATH=$(CURDIR) DJANGO_SETTINGS_MODULE=tests.settings ../$(BIN)/django-admin makemessages -l ru --no-obsolete --add-location file
	cd wagtail_analytics && PYTHONPATH=$(CURDIR) DJANGO_SETTINGS_MODULE=tests.settings ../$(BIN)/django-admin compilemessages

bench: $(STAMP)
	$(BIN)/python bench/render_article.py

wheel: $(STAMP)
	$(BIN)/python -m build --wheel --no-isolation --outdir dist .

clean:
	rm -rf .venv .venv-* dist build *.egg-info .e2e-artifacts
