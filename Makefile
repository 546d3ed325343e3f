# The two commands a new user needs are `make demo` and `make test`; both set up .venv first.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: demo test test-fast check lock app clean

$(STAMP): pyproject.toml constraints.txt
	$(PY) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	# torch comes from the machine's local CPU wheel (pip's find-links); constraints.txt pins the rest.
	$(BIN)/pip install --quiet -c constraints.txt -e '.[test]'
	touch $(STAMP)

demo: $(STAMP)  ## build the data and knowledge index, then run the main job
	$(BIN)/workbench demo

test: $(STAMP)  ## the whole test suite, as CI runs it
	$(BIN)/python -m pytest

test-fast: $(STAMP)
	$(BIN)/python -m pytest -m "not slow and not e2e"

check: $(STAMP)
	$(BIN)/ruff check workbench tests || true

lock:  ## re-resolve constraints.txt after changing dependencies
	$(BIN)/pip install --quiet uv && $(BIN)/uv pip compile requirements.in --python-version 3.11 -o constraints.txt

app: $(STAMP)
	$(BIN)/streamlit run app_streamlit.py

clean:
	rm -rf data
