# Two commands do all the set-up: `make serve` and `make test` (see README.md).
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
# What learners need (the library, the site, JupyterLab), and the test suite on top of it.
STAMP     := $(VENV)/.installed
DEV_STAMP := $(VENV)/.installed-dev
# `make install WHEELHOUSE=wheelhouse` installs from a folder of wheels, with no internet.
WHEELHOUSE ?=
PIP_SOURCE := $(if $(WHEELHOUSE),--no-index --find-links $(WHEELHOUSE),)
# Every package at the version the suite was run with (`make lock` rebuilds it).
CONSTRAINTS := -c constraints.txt
# Extra options for JupyterLab (`make lab LAB_ARGS="--port 8890"`).
LAB_ARGS ?=
# `make room` writes a folder for a room without internet here.
ROOM ?= room

.PHONY: install install-dev lock lint test test-fast test-installed test-room serve build check lab clean wheelhouse room

$(STAMP): pyproject.toml constraints.txt
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 10) else "token-economics needs Python 3.10 or newer")'
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(if $(WHEELHOUSE),,$(BIN)/python -m pip install --quiet --upgrade pip)
	$(BIN)/python -m pip install --quiet $(PIP_SOURCE) $(CONSTRAINTS) -e '.[learner]'
	@touch $(STAMP)

$(DEV_STAMP): $(STAMP)
	$(BIN)/python -m pip install --quiet $(PIP_SOURCE) $(CONSTRAINTS) -e '.[dev]'
	@touch $(DEV_STAMP)

install: $(STAMP)  ## create .venv with the course, its site and JupyterLab (what a learner needs)

install-dev: $(DEV_STAMP)  ## the same, and what the test suite needs

lock:  ## rebuild constraints.txt: what `pip install '.[dev]'` picks today, in a fresh environment
	$(PYTHON) scripts/lock.py

lint: $(DEV_STAMP)  ## ruff: the checks and the formatting the suite holds the code to
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

test: lint  ## the whole suite: lint, unit tests, grading tests, notebooks, mkdocs build --strict
	$(BIN)/python -m pytest

test-fast: $(DEV_STAMP)  ## the quick tier while editing: no site build, no notebooks, no class grading
	$(BIN)/python -m pytest -m "not slow" -q

test-installed:  ## build the wheel, install it without extras in a fresh venv, init, check and grade (needs PyPI)
	PYTHON=$(PYTHON) scripts/check_installed_package.sh

test-room: $(STAMP)  ## make a room folder, copy it elsewhere, install and use it with no network (needs PyPI once)
	PYTHON=$(PYTHON) scripts/check_offline_room.sh

serve: $(STAMP)  ## build the site with executed notebooks and serve it at http://127.0.0.1:8000
	$(BIN)/mkdocs serve --strict -a 127.0.0.1:8000

build: $(STAMP)  ## build the site into site/
	$(BIN)/mkdocs build --strict

check: $(STAMP)  ## grade your exercises
	$(BIN)/token-economics check

lab: $(STAMP)  ## open the lesson notebooks in JupyterLab
	$(BIN)/jupyter lab lessons/ $(if $(filter 0,$(shell id -u)),--allow-root,) $(LAB_ARGS)

wheelhouse: $(STAMP)  ## download the wheels a learner's laptop needs into wheelhouse/
	$(BIN)/python -m pip wheel --quiet $(CONSTRAINTS) --wheel-dir wheelhouse '.[learner]' hatchling editables
	@echo "wheelhouse/ is ready. For a room without internet, 'make room' makes a whole folder to copy."

room: $(STAMP)  ## a folder to copy to each laptop of a room without internet: the course and its wheels
	$(BIN)/python scripts/make_room.py $(ROOM)

clean:
	rm -rf site .pytest_cache
