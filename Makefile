# Quick start: `make demo` and `make test` on a fresh clone do all the set-up themselves.
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-stamp
DEMO_DIR := build/demo

.PHONY: demo test lint bench clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[test]'
	touch $(STAMP)

demo: $(STAMP)
	@mkdir -p $(DEMO_DIR)
	$(VENV)/bin/korelint check samples/publish-status.json
	$(VENV)/bin/korelint check samples/publish-status.json --format json -o $(DEMO_DIR)/findings.json
	@echo "korelint demo: findings of samples/publish-status.json written to $(abspath $(DEMO_DIR))/findings.json"

test: $(STAMP)
	$(VENV)/bin/lint-imports
	$(PY) -m pytest

bench: $(STAMP)
	$(PY) benchmarks/run.py

clean:
	rm -rf $(VENV) build .pytest_cache .hypothesis
