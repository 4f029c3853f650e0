#!/usr/bin/env bash
# The whole life cycle of a VPC peering connection between two accounts, against the real service (make test-live)
# or a fresh emulator (make test-live ENDPOINT=emulator), through the public interface only: two VPCs made for the
# run (CreateVpc, by the test-only module library/live_vpc.py), request, accept, modify, tags, routes both ways,
# info, delete with its routes, the VPCs deleted. tests/utils/run_live.py writes the settings and sweeps afterwards.
set -eux

config=../../integration_config.yml
export ANSIBLE_ROLES_PATH=..
python=${ANSIBLE_TEST_PYTHON_INTERPRETER}
emulator() {
    "${python}" ../setup_vpcpeer_emulator/files/emulator_control.py "${config}" "$@"
}
. ../setup_vpcpeer_emulator/files/task_results_env.sh
if [ "${VPCPEER_LIVE}" != true ]; then
    echo "vpc_peer_live runs only through make test-live (tests/utils/run_live.py), which gives it two accounts" >&2
    exit 1
fi

# Secrets never reach the output: the settings file is read by the playbook, not passed on the command line.
ansible-playbook -i "${INVENTORY_PATH}" -e "@${config}" playbook.yml "$@"
assertion_summary
