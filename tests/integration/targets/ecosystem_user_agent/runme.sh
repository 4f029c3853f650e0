#!/usr/bin/env bash
# The role's tests, as a playbook run by this script so that a chaos run (tests/utils/chaos.py) records their
# task results like those of the other targets.
set -eux

config=../../integration_config.yml
export ANSIBLE_ROLES_PATH=..
emulator() {
    "${ANSIBLE_TEST_PYTHON_INTERPRETER}" ../setup_vpcpeer_emulator/files/emulator_control.py "${config}" "$@"
}
. ../setup_vpcpeer_emulator/files/task_results_env.sh

ansible-playbook -i "${INVENTORY_PATH}" -e "@${config}" playbook.yml "$@"
assertion_summary
