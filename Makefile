# Lesepult: `make run` sets everything up and serves; `make test` runs every test.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 5000
HOST ?= 127.0.0.1
DING := data/ding/usr/share/trans/de-en
# apt-get update and install need root; use sudo where we are not root.
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: run dev setup test test-fast install-model models dictionary browser redis rabbitmq bench bench-tools clean

run: setup
	@$(PY) -m lesepult install-model || echo "Continuing without a model: the reader shows a dictionary gloss."
	LESEPULT_BIND=$(HOST):$(PORT) $(PY) -m gunicorn -c deploy/gunicorn.conf.py

# Flask's debug server with reloading, for working on the code.
dev: setup
	$(PY) -m flask --app app run --debug --host $(HOST) --port $(PORT)

setup: $(VENV)/.installed data/ding.sqlite

$(VENV)/.installed: requirements.txt pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --disable-pip-version-check -q -r requirements.txt
	$(PY) -m pip install --disable-pip-version-check -q --no-deps --no-build-isolation -e .
	touch $@

# Debian's trans-de-en (Ding, GPL-2+): `apt-get download` needs no root;
# only an empty package list needs `apt-get update` first.
$(DING):
	mkdir -p data
	cd data && (apt-get download trans-de-en 2>/dev/null || ($(SUDO) apt-get update -qq && apt-get download trans-de-en))
	dpkg-deb -x data/trans-de-en_*.deb data/ding
	touch $@

# Rebuilt when the indexing code changes: the index format may have changed with it.
data/ding.sqlite: $(DING) lesepult/dictionary/ding.py lesepult/dictionary/index.py | $(VENV)/.installed
	$(PY) -m lesepult index-dictionary

dictionary: data/ding.sqlite

install-model: $(VENV)/.installed
	$(PY) -m lesepult install-model $(if $(FILE),--file $(FILE)) $(if $(SHA256),--sha256 $(SHA256))

models: $(VENV)/.installed
	$(PY) -m lesepult models

# Browser tests drive Debian's Chromium; no tool may download a browser of its own.
browser:
	@command -v chromium >/dev/null || ($(SUDO) apt-get update -qq && $(SUDO) apt-get install -y -qq chromium chromium-driver >/dev/null)

# The distributed-translation tests start their own redis-server (Debian's package) on a private port.
redis:
	@command -v redis-server >/dev/null || ($(SUDO) apt-get update -qq && $(SUDO) apt-get install -y -qq redis-server >/dev/null)

# ... and their own rabbitmq-server on private ports. Debian starts a system broker on 5672 after
# installing it; the tests never use it, and where a policy forbids starting services, none runs.
rabbitmq:
	@test -x /usr/lib/rabbitmq/bin/rabbitmq-server || ($(SUDO) apt-get update -qq && $(SUDO) apt-get install -y -qq rabbitmq-server >/dev/null)

test: setup browser redis rabbitmq
	$(PY) -m pytest

test-fast: setup redis rabbitmq
	$(PY) -m pytest -m "not browser"

# wrk (Debian) drives bench/serve.py's load.
bench-tools:
	@command -v wrk >/dev/null || ($(SUDO) apt-get update -qq && $(SUDO) apt-get install -y -qq wrk >/dev/null)

bench: setup bench-tools redis rabbitmq
	$(PY) bench/reader.py
	$(PY) bench/serve.py
	$(PY) bench/segment.py
	$(PY) bench/gloss_quality.py
	$(PY) bench/translate.py
	$(PY) bench/distributed.py
	$(PY) bench/lookup.py
	$(PY) bench/terms.py

clean:
	rm -rf $(VENV) data instance test-artifacts .pytest_cache
