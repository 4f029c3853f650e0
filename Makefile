# alibabacloud.vpcpeer: one entry point for newcomers, CI and maintainers.
#
#   make demo         install everything, start the local VpcPeer emulator, run the example playbook
#   make test         every test: emulator contract, unit, sanity, docs, changelog, lint, execution
#                     environment, integration on the controller and the module path (with AWX's job runner,
#                     packaging, action group, User-Agent, path parity), benchmark smoke runs
#   make test-chaos   the integration targets under the emulator's chaos profile, RUNS seeds (SEED= the first)
#   make test-matrix  the integration tests on every ansible-core release from 2.16 to the newest
#   make bench        the benchmarks and fault drills (about 20 min): a table of figures, results/*.json
#   make docs         the docsite, into build/docs/html
#   make release VERSION=x.y.z   cut a release (version, changelog, make test, commit and tag)
#
# Everything runs from a fresh clone on a machine with python3, make and a package registry.

SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := help

# The newest final CPython 3 here (python3.X on PATH, pyenv's versions), so that pip installs the newest
# ansible-core the machine can run; `make PYTHON=/path/to/python3` chooses another.
ifndef PYTHON
PYTHON := $(shell python3 tests/utils/newest_python.py 2>/dev/null || echo python3)
endif
VENV ?= .venv
BIN := $(CURDIR)/$(VENV)/bin
PY_VERSION := $(shell $(PYTHON) -c 'import sys; print("%d.%d" % sys.version_info[:2])')

# ansible-test only runs inside a tree shaped ansible_collections/<namespace>/<name>.
BUILD ?= $(CURDIR)/build
COLLECTIONS_DIR := $(BUILD)/collections
COLLECTION_TREE := $(COLLECTIONS_DIR)/ansible_collections/alibabacloud/vpcpeer

# Tests only ever talk to 127.0.0.1, and the SDK ignores NO_PROXY: never inherit a proxy.
unexport HTTP_PROXY HTTPS_PROXY http_proxy https_proxy ALL_PROXY all_proxy
# No metadata-service lookups (and no background thread) from the credentials chain.
export ALIBABA_CLOUD_ECS_METADATA_DISABLED := true
export PATH := $(BIN):$(PATH)

.PHONY: help venv tree test test-emulator test-units test-sanity test-docs test-changelog test-lint test-ee \
	test-integration test-policies test-live test-live-emulator test-live-sweep test-chaos-smoke test-chaos test-bench-smoke \
	test-matrix bench docs release demo emulator clean

help:
	@echo "make demo              install, start the emulator, run the example playbook three times"
	@echo "make test              every test (emulator contract, unit, sanity, docs, changelog, lint,"
	@echo "                       execution environment, integration, benchmark smoke runs)"
	@echo "make test-chaos        the integration targets under chaos: RUNS=n seeds (default 1), SEED=s reruns one"
	@echo "make test-matrix       integration tests on each ansible-core minor release from 2.16 to the newest"
	@echo "make test-live         the integration tests against two real accounts (README: LIVE_* variables, cost);"
	@echo "                       ENDPOINT=emulator runs the same against a fresh emulator (part of make test)"
	@echo "make test-live-sweep   delete whatever live runs left (LIVE_RUN_ID=... for one run)"
	@echo "make bench             benchmarks and fault drills (about 20 min; figures, not pass/fail)"
	@echo "make docs              build the docsite into build/docs/html"
	@echo "make release VERSION=x.y.z   version, changelog, make test, commit and tag"
	@echo "make emulator          run the VpcPeer emulator in the foreground"
	@echo "make test-emulator | test-units | test-sanity | test-docs | test-changelog | test-lint | test-ee | test-integration | test-policies | test-chaos-smoke | test-bench-smoke"
	@echo "make clean             remove the virtualenv and build output"

# The stamp names the Python minor: a virtualenv made with another Python is replaced, not mixed.
$(VENV)/.installed-$(PY_VERSION): requirements.txt test-requirements.txt tests/emulator/pyproject.toml
	rm -rf $(VENV)
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --disable-pip-version-check -q -r requirements.txt -r test-requirements.txt -e tests/emulator
	touch $@

venv: $(VENV)/.installed-$(PY_VERSION)

# A copy, not a symlink: ansible-test resolves the real path of the working directory.
tree:
	rm -rf $(COLLECTION_TREE)
	mkdir -p $(COLLECTION_TREE)
	git ls-files -z --cached --others --exclude-standard \
	  | while IFS= read -r -d '' f; do [ -e "$$f" ] && printf '%s\0' "$$f"; done \
	  | tar --null -T - -cf - | tar -xf - -C $(COLLECTION_TREE)
	# Without a repository of its own, ansible-test would find this checkout's .git, in which build/ is
	# ignored, and silently test no files at all.
	git -C $(COLLECTION_TREE) init -q

test: test-emulator test-units test-sanity test-docs test-changelog test-lint test-ee test-integration test-policies \
	test-live-emulator test-chaos-smoke test-bench-smoke
	@echo "make test: all stages passed"

test-emulator: venv
	$(BIN)/python -m pytest -p no:cacheprovider -q tests/emulator/tests

test-units: venv tree
	cd $(COLLECTION_TREE) && $(BIN)/ansible-test units --python $(PY_VERSION) --color no

test-sanity: venv tree
	$(BIN)/python tests/utils/install_pip_bootstrap.py
	cd $(COLLECTION_TREE) && $(BIN)/ansible-test sanity --requirements --python $(PY_VERSION) --color no 2>&1 | tee $(BUILD)/sanity.log
	@# A sanity run that found no files passes; that must not count as a pass here.
	@! grep -q "All targets skipped" $(BUILD)/sanity.log || { echo "ansible-test sanity tested nothing" >&2; exit 1; }

# ansible-doc renders every module, antsibull-docs lints, the guide agrees with the code, and the docsite builds.
test-docs: venv tree
	$(BIN)/python tests/utils/check_docs.py --collection-root $(COLLECTION_TREE)
	$(BIN)/python tests/utils/build_docs.py --collections-dir $(COLLECTIONS_DIR) --dest $(BUILD)/docs

docs: venv tree
	$(BIN)/python tests/utils/build_docs.py --collections-dir $(COLLECTIONS_DIR) --dest $(BUILD)/docs

# The fragments lint clean, and a rehearsal of `make release` in a scratch copy produces a proper release.
test-changelog: venv tree
	$(BIN)/python tests/utils/check_changelog.py --collection-root $(COLLECTION_TREE)

test-lint: venv tree
	$(BIN)/python tests/utils/lint.py --collection-root $(COLLECTION_TREE)

# ansible-builder introspect and create on the built collection (no container engine needed).
test-ee: venv tree
	$(BIN)/python tests/utils/check_ee.py --collection-root $(COLLECTION_TREE)

# Every target on both paths at once (the controller path and the module path, each with its own emulator and tree);
# ON_PATH=controller or ON_PATH=module runs one.
test-integration: venv tree
	$(BIN)/python tests/utils/run_integration.py --collection-root $(COLLECTION_TREE) --python $(PY_VERSION) \
	  --path $(or $(ON_PATH),both)

# Each RAM policy of docs/ram through its use case (tests/policies), as written and with each granted action removed.
test-policies: venv tree
	$(BIN)/python tests/utils/policy_tests.py --collections-dir $(COLLECTIONS_DIR) --work $(BUILD)/policies

# The live tests (README, "Live tests"): the live target and the targets written against the public interface, against
# two real accounts (LIVE_REQUESTER_*, LIVE_ACCEPTER_*, LIVE_CONFIRM; never part of make test), or with ENDPOINT=emulator
# exactly the same way against a fresh emulator; the sweeper runs at the end whatever happened.
test-live: venv tree
	$(BIN)/python tests/utils/run_live.py --collection-root $(COLLECTION_TREE) --python $(PY_VERSION) \
	  --endpoint $(if $(filter emulator,$(ENDPOINT)),emulator,real)

# make test-live ENDPOINT=emulator, as part of make test: the live plumbing, tested here; first a drill, a run that
# fails after the routes on purpose, whose sweep must delete everything it made.
test-live-emulator: venv tree
	$(BIN)/python tests/utils/run_live.py --collection-root $(COLLECTION_TREE) --python $(PY_VERSION) --endpoint emulator --drill

# Delete whatever live runs left in the two accounts (LIVE_RUN_ID=... for one run), found by tag and name.
test-live-sweep: venv tree
	$(BIN)/python tests/utils/live_sweep.py --collections-dir $(COLLECTIONS_DIR)

# The modify and life-cycle targets once more under the chaos profile, with a new seed each time (printed first).
test-chaos-smoke: venv tree
	$(BIN)/python tests/utils/chaos.py --collection-root $(COLLECTION_TREE) --python $(PY_VERSION) --out $(BUILD)/chaos \
	  --targets vpc_peer_connection vpc_peer_connection_lifecycle $(if $(SEED),--seed $(SEED))

# RUNS seeds over every target that drives the modules, JOBS at a time (default 1); a table of seed, tasks, faults,
# lost, doubled, failures.
test-chaos: venv tree
	$(BIN)/python tests/utils/chaos.py --collection-root $(COLLECTION_TREE) --python $(PY_VERSION) --out $(BUILD)/chaos \
	  --runs $(or $(RUNS),1) --jobs $(or $(JOBS),1) $(if $(SEED),--seed $(SEED))

# Every benchmark section with tiny counts: it fails only when a hard invariant breaks (a change lost or
# applied twice, bad input reaching the API, a section without figures), never on a missed figure.
test-bench-smoke: venv
	$(BIN)/python tests/benchmarks/run.py --smoke --work $(BUILD)/bench

# The full benchmarks (docs/benchmarks.md): figures to read, not a test.
bench: venv
	$(BIN)/python tests/benchmarks/run.py --work $(BUILD)/bench

# Each ansible-core minor release in a virtual environment of its own, under build/matrix (see the README).
test-matrix:
	$(PYTHON) tests/utils/matrix.py --python $(PYTHON) --out $(BUILD)/matrix $(if $(MATRIX_PYTHONS),--pythons $(MATRIX_PYTHONS))

release: venv
	@test -n "$(VERSION)" || { echo "usage: make release VERSION=x.y.z" >&2; exit 1; }
	$(BIN)/python tests/utils/release.py --version $(VERSION)

demo: venv
	tests/utils/demo.sh

emulator: venv
	$(BIN)/vpcpeer-emulator --host 127.0.0.1 --port $${PORT:-0}

clean:
	rm -rf $(VENV) build results tests/output
