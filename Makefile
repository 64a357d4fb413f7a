# Two commands do all the set-up: `make serve` and `make test` (see README.md).
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
# `make install WHEELHOUSE=wheelhouse` installs from a folder of wheels, with no internet.
WHEELHOUSE ?=
PIP_SOURCE := $(if $(WHEELHOUSE),--no-index --find-links $(WHEELHOUSE),)

.PHONY: install test test-installed serve build check clean wheelhouse

$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 10) else "token-economics needs Python 3.10 or newer")'
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(if $(WHEELHOUSE),,$(BIN)/python -m pip install --quiet --upgrade pip)
	$(BIN)/python -m pip install --quiet $(PIP_SOURCE) -e '.[dev]'
	@touch $(STAMP)

install: $(STAMP)  ## create .venv and install the course with everything it needs

test: $(STAMP)  ## the whole suite: unit tests, grading tests, notebooks, mkdocs build --strict
	$(BIN)/python -m pytest

test-installed:  ## build the wheel, install it without extras in a fresh venv, init, check and grade (needs PyPI)
	PYTHON=$(PYTHON) scripts/check_installed_package.sh

serve: $(STAMP)  ## build the site with executed notebooks and serve it at http://127.0.0.1:8000
	$(BIN)/mkdocs serve --strict -a 127.0.0.1:8000

build: $(STAMP)  ## build the site into site/
	$(BIN)/mkdocs build --strict

check: $(STAMP)  ## grade your exercises
	$(BIN)/token-economics check

wheelhouse: $(STAMP)  ## download every wheel the course needs into wheelhouse/ (for rooms without internet)
	$(BIN)/python -m pip wheel --quiet --wheel-dir wheelhouse '.[dev]' hatchling editables
	@echo "wheelhouse/ is ready: copy the course folder with it, then run 'make install WHEELHOUSE=wheelhouse'."

clean:
	rm -rf site .pytest_cache
