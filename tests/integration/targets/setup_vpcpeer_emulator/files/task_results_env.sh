# shellcheck shell=bash
# Sourced by the targets' runme.sh once they define emulator(): in a chaos run (tests/utils/chaos.py) every task
# result, of playbooks and ad-hoc commands alike, is recorded for the run's checks; otherwise nothing is.
# The modules run on the path tests/utils/run_integration.py chose (--path), in ad-hoc commands too: the setting
# that forces the module path, for the whole run.
ALIBABACLOUD_VPCPEER_CONTROLLER=$(emulator controller-setting)
export ALIBABACLOUD_VPCPEER_CONTROLLER
VPCPEER_TASK_RESULTS_FILE=$(emulator task-results-file)
if [ -n "${VPCPEER_TASK_RESULTS_FILE}" ]; then
    export VPCPEER_TASK_RESULTS_FILE
    ANSIBLE_CALLBACK_PLUGINS=$(cd ../setup_vpcpeer_emulator/callback_plugins && pwd)
    export ANSIBLE_CALLBACK_PLUGINS
    export ANSIBLE_CALLBACKS_ENABLED="${ANSIBLE_CALLBACKS_ENABLED:+${ANSIBLE_CALLBACKS_ENABLED},}vpcpeer_task_results"
    export ANSIBLE_LOAD_CALLBACK_PLUGINS=1
fi
# A live run (make test-live, tests/utils/run_live.py) has no control API: playbooks skip the tasks tagged emulator,
# and runme.sh skips its own checks that need the emulator when VPCPEER_LIVE is true. In every run the assertion
# tasks that ran are recorded, and assertion_summary (the last line of runme.sh) says how many of the target's ran.
VPCPEER_LIVE=$(emulator live)
export VPCPEER_LIVE
if [ "${VPCPEER_LIVE}" = true ]; then
    export ANSIBLE_SKIP_TAGS="${ANSIBLE_SKIP_TAGS:+${ANSIBLE_SKIP_TAGS},}emulator"
fi
VPCPEER_ASSERTIONS_FILE="${OUTPUT_DIR:-$(mktemp -d)}/assertions.jsonl"
rm -f "${VPCPEER_ASSERTIONS_FILE}"
export VPCPEER_ASSERTIONS_FILE
callbacks=$(cd ../setup_vpcpeer_emulator/callback_plugins && pwd)
case ":${ANSIBLE_CALLBACK_PLUGINS:-}:" in
    *":${callbacks}:"*) ;;
    *) export ANSIBLE_CALLBACK_PLUGINS="${callbacks}${ANSIBLE_CALLBACK_PLUGINS:+:${ANSIBLE_CALLBACK_PLUGINS}}" ;;
esac
export ANSIBLE_CALLBACKS_ENABLED="${ANSIBLE_CALLBACKS_ENABLED:+${ANSIBLE_CALLBACKS_ENABLED},}vpcpeer_assertions"
assertion_summary() {
    "${ANSIBLE_TEST_PYTHON_INTERPRETER}" ../setup_vpcpeer_emulator/files/assertion_summary.py "$(pwd)" \
        "${VPCPEER_ASSERTIONS_FILE}" "${VPCPEER_LIVE}"
}
