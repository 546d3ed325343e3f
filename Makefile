# The two commands a new user needs are `make demo` and `make test`; both set up .venv first.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
# pytest workers for `make test` (pytest-xdist; CI has 2 cores). Tests go by file; see workbench/testing/xdist_schedule.py.
TEST_WORKERS ?= 2

.PHONY: demo test test-fast check lock app clean

$(STAMP): pyproject.toml constraints.txt
	$(PY) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	# torch comes from the machine's local CPU wheel (pip's find-links); constraints.txt pins the rest.
	$(BIN)/pip install --quiet -c constraints.txt -e '.[test]'
	touch $(STAMP)

demo: $(STAMP)  ## build the data and knowledge index, then run the main job
	$(BIN)/workbench demo

test: $(STAMP)  ## the whole test suite, as CI runs it: data, eval gate, pytest (+ notebooks, browser)
	bash scripts/ensure_chromium.sh
	$(BIN)/workbench setup
	$(BIN)/workbench eval contamination --prompt-side-only
	$(BIN)/workbench eval gate --suite smoke --prompt v2 --model offline --out test-artifacts/gate
	VENV_BIN=$(BIN) bash scripts/services.sh start  # apt-installs redis-server/postgresql once; loopback only
	$(BIN)/python -m pytest tests notebooks --nbmake -n $(TEST_WORKERS) --dist loadgroup --durations=25 --junitxml=test-artifacts/junit.xml; s=$$?; bash scripts/services.sh stop; exit $$s

test-fast: $(STAMP)
	$(BIN)/python -m pytest -m "not slow and not e2e"

check: $(STAMP)
	$(BIN)/ruff check workbench tests benchmarks

lock:  ## re-resolve constraints.txt after changing dependencies
	$(BIN)/pip install --quiet uv && $(BIN)/uv pip compile requirements.in --python-version 3.11 -o constraints.txt

app: $(STAMP)  ## serve the chat app (set access codes first: workbench users demo-codes)
	$(BIN)/workbench app

clean:
	rm -rf data
