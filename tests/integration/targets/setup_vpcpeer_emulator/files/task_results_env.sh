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
