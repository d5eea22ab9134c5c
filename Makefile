# Two commands from a fresh clone: `make site` and `make test`. Each sets up what is missing
# first (system packages, then the virtual environment), and does nothing twice.

PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.kp-installed

.PHONY: all site pdf test check serve watch setup system bench clean

all: site

system:
	@scripts/setup-system.sh

$(STAMP): pyproject.toml scripts/constraints.txt
	@scripts/setup-system.sh
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -c scripts/constraints.txt -e '.[test]'
	@touch $(STAMP)

# kp's modules compiled once here: where PYTHONDONTWRITEBYTECODE is set (as on CI machines),
# Python would otherwise compile them again in every process, a tenth of a second of a check
# that runs on every save. An edited module is compiled again at the next `make`.
BYTECODE := $(VENV)/.kp-bytecode
$(BYTECODE): $(STAMP) $(shell find scripts/kp -name '*.py')
	@$(PY) -m compileall -q scripts/kp
	@touch $@

setup: system $(STAMP) $(BYTECODE)

site: setup
	$(VENV)/bin/kp site

pdf: setup
	$(VENV)/bin/kp pdf

test: setup
	@KP_EXTRA_PACKAGES=chromium scripts/setup-system.sh
	$(PY) -m pytest -q

check: setup
	$(VENV)/bin/kp check

serve: setup
	$(VENV)/bin/mkdocs serve --livereload

watch: setup
	$(VENV)/bin/kp site --watch

bench: setup
	$(PY) bench/run.py

clean:
	rm -rf site site.* .kp-build .kp-cache
