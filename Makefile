# wzdata: raw figures -> processed tables -> executed notebooks -> HTML reports.
# Every target that needs Python sets up .venv itself; set-up is skipped when current.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
LAB_VENV := .venv-lab
LAB_STAMP := $(LAB_VENV)/.installed
KERNEL := wzdata

.DEFAULT_GOAL := help
.PHONY: help setup data reports test lint format lab font bench clean

help: ## Show this help
	@awk 'BEGIN {FS = ":.*## "} /^[a-zA-Z_-]+:.*## / {printf "  make %-9s %s\n", $$1, $$2}' $(MAKEFILE_LIST)

$(STAMP): pyproject.toml
	@echo "setting up $(VENV) (Python, package, test tools, Jupyter kernel '$(KERNEL)')"
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	@$(BIN)/python -m pip install --quiet --upgrade pip
	@$(BIN)/python -m pip install --quiet -e '.[test]'
	@$(BIN)/python -m ipykernel install --sys-prefix --name $(KERNEL) --display-name "Python (wzdata)" >/dev/null
	@touch $@

setup: $(STAMP) ## Create .venv with the package, test tools and the project kernel

data: $(STAMP) ## Rebuild data/processed/ from data/raw/
	@$(BIN)/wzdata build

reports: data ## Build data, run every notebook and write HTML to reports/
	@$(BIN)/wzdata reports

test: $(STAMP) ## Run lint, the import contract, the test suite and the notebooks (nbval, strict)
	@$(BIN)/ruff check wzdata tests bench
	@$(BIN)/lint-imports --no-cache
	@$(BIN)/python -m pytest
	@$(BIN)/python -m pytest --nbval -p no:randomly notebooks --nbval-sanitize-with notebooks/sanitize.cfg -q

lint: $(STAMP) ## Check the code with ruff and the layers with import-linter
	@$(BIN)/ruff check wzdata tests bench
	@$(BIN)/ruff format --check wzdata tests bench
	@$(BIN)/lint-imports --no-cache

format: $(STAMP) ## Format the code with ruff
	@$(BIN)/ruff check --fix wzdata tests bench
	@$(BIN)/ruff format wzdata tests bench

# JupyterLab lives in its own environment: installed beside the package it slows the start of
# every papermill, nbconvert and pytest run by seconds (see bench/bench_setup.py --lab).
$(LAB_STAMP): pyproject.toml
	@echo "setting up $(LAB_VENV) (JupyterLab; notebooks run on the '$(KERNEL)' kernel of $(VENV))"
	@test -x $(LAB_VENV)/bin/python || $(PYTHON) -m venv $(LAB_VENV)
	@$(LAB_VENV)/bin/python -m pip install --quiet --upgrade pip
	@$(LAB_VENV)/bin/python -m pip install --quiet 'jupyterlab>=4.2'
	@touch $@

# Containers often run as root, which JupyterLab refuses without --allow-root.
LAB_ROOT := $(shell [ "$$(id -u)" = 0 ] && echo --allow-root)

lab: $(STAMP) $(LAB_STAMP) ## Open JupyterLab on notebooks/ with the project kernel (installs it once)
	@JUPYTER_PATH=$(CURDIR)/$(VENV)/share/jupyter $(LAB_VENV)/bin/jupyter lab --notebook-dir=notebooks $(LAB_ROOT)

font: $(STAMP) ## Rebuild the shipped CJK font subset from Debian's fonts-noto-cjk (after new characters)
	@$(BIN)/python bench/build_font.py

bench: $(STAMP) ## Run the benchmarks in bench/ (prints ratios against baselines)
	@for b in bench/bench_*.py; do echo "== $$b"; $(BIN)/python $$b || exit 1; done

clean: ## Remove .venv, caches and built reports (data/processed is kept)
	rm -rf $(VENV) $(LAB_VENV) .pytest_cache .ruff_cache .hypothesis reports/*.html reports/.cache reports/data
	find . -name __pycache__ -type d -prune -exec rm -rf {} +
