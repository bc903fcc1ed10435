# Set-up and everyday commands. `make serve` and `make test` are the README's two commands.
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp
TICKET_CLASSIFIER := classifiers/models/tickets.json

export LITELLM_LOCAL_MODEL_COST_MAP := True
# llama.cpp is compiled for a portable x86-64 target: a -march=native build uses AMX
# kernels that crash on machines where the kernel does not grant AMX to the process.
export CMAKE_ARGS := -DGGML_NATIVE=OFF -DGGML_AVX=ON -DGGML_AVX2=ON -DGGML_FMA=ON -DGGML_F16C=ON

.PHONY: setup serve test lint typecheck pytest classifier

$(STAMP): pyproject.toml
	test -x $(BIN)/python || python3 -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[serve,dev]'
	touch $(STAMP)

# The shipped ticket classifier: rebuilt from the project's own labelled tickets if missing,
# or older than the tickets or the code that defines its features and file format.
CLASSIFIER_SOURCES := classifiers/data/tickets.jsonl $(wildcard classifiers/features.py \
	classifiers/structure.py classifiers/vectorizer.py classifiers/estimator.py \
	classifiers/artifact.py classifiers/persistence.py)
$(TICKET_CLASSIFIER): $(CLASSIFIER_SOURCES) | $(STAMP)
	$(BIN)/tierroute train --data classifiers/data/tickets.jsonl --out $(TICKET_CLASSIFIER) --cv 0

classifier: $(STAMP)
	$(BIN)/tierroute train --data classifiers/data/tickets.jsonl --out $(TICKET_CLASSIFIER)

setup: $(STAMP) $(TICKET_CLASSIFIER)

serve: setup
	$(BIN)/tierroute serve

lint: setup
	$(BIN)/ruff check router classifiers tools tests bench
	$(BIN)/ruff format --check router classifiers tools tests bench

typecheck: setup
	$(BIN)/mypy

pytest: setup
	bash scripts/install-test-services.sh
	$(BIN)/python -m pytest

test: lint typecheck pytest
