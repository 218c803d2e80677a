# Quick start: `make demo` and `make test` on a fresh clone do all the set-up themselves.
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-stamp
DEMO_DIR := build/demo

.PHONY: demo test dist fuzz lint bench scaling clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[test]'
	touch $(STAMP)

demo: $(STAMP)
	@mkdir -p $(DEMO_DIR)
	$(VENV)/bin/korelint check samples/publish-status.json
	$(VENV)/bin/korelint report samples/publish-status.json -o $(DEMO_DIR)/report.html
	@echo "korelint demo: the report of samples/publish-status.json is $(abspath $(DEMO_DIR))/report.html"
	@echo "Now run korelint on your own bot (a file or a folder of exports):"
	@echo "  $(abspath $(VENV))/bin/korelint check path/to/botDefinition.json"
	@echo "(or '. $(VENV)/bin/activate' once, then 'korelint check ...'; README: Use it on your bot)"

test: $(STAMP)
	$(VENV)/bin/lint-imports
	$(VENV)/bin/ruff check analyzer tests benchmarks
	$(PY) -m pytest

# The sdist and the wheel, into dist/ (elsewhere: `pip install dist/korelint-*.whl`, or pipx).
dist: $(STAMP)
	$(PY) -m pip install --quiet build
	rm -rf dist
	$(PY) -m build --outdir dist

# The fuzzing harness (tests/fuzz) with the long profile: >= 10,000 generated payloads through
# `check` (the session fails with fewer), plus `report` and the loaders; a few minutes.
fuzz: $(STAMP)
	HYPOTHESIS_PROFILE=fuzz KORELINT_FUZZ_MIN=10000 $(PY) -m pytest -q tests/fuzz

bench: $(STAMP)
	$(PY) benchmarks/run.py

# Time at n and 4n of each hostile shape (ratio ~4: linear; ~16: quadratic); about a minute.
scaling: $(STAMP)
	$(PY) benchmarks/scaling.py

clean:
	rm -rf $(VENV) build dist .pytest_cache .hypothesis
