#!/usr/bin/env bash
# The routes playbook tests (role tasks/), then what only a shell can show: ten forks routing connections of one hub
# VPC at once, and the documented example docs/examples/vpc_peering_with_routes.yml run as a user runs it (two
# accounts' credentials from two named profiles of ~/.aliyun/config.json, the endpoint from the environment).
set -eux

config=../../integration_config.yml
# The targets directory holds this role and setup_vpcpeer_emulator.
export ANSIBLE_ROLES_PATH=..
python=${ANSIBLE_TEST_PYTHON_INTERPRETER}
workdir=$(mktemp -d)
trap 'rm -rf "${workdir}"' EXIT
# emulator <command> [json]: talk to the emulator's control API (see docs/emulator.md).
emulator() {
    "${python}" ../setup_vpcpeer_emulator/files/emulator_control.py "${config}" "$@"
}
. ../setup_vpcpeer_emulator/files/task_results_env.sh
# routes <command>: this target's own seeds and checks of route tables (files/routes_emulator.py).
routes() {
    "${python}" files/routes_emulator.py "${config}" "$@"
}

ansible-playbook -i "${INVENTORY_PATH}" -e "@${config}" playbook.yml "$@"
if [ "${VPCPEER_LIVE}" = true ]; then
    # The forks below and the example playbook run on the emulator's hub VPC and accounts, checked by its journal.
    assertion_summary
    echo "vpc_peer_route: the shell checks need the emulator and were skipped (a live run)"
    exit 0
fi

# --- Ten forks, ten connections of one hub VPC, one route each in the hub's System table, all at once. ---------
# Another writer holds the hub VPC's route lock when they start (TaskConflict for each, whatever the timing), and
# lets go once the journal shows it; then the forks race each other, one write at a time per VPC.
emulator reset
routes hub-inventory 10 "${python}" > "${workdir}/spokes.ini"
emulator clear-journal
ansible-playbook -i "${workdir}/spokes.ini" -e "@${config}" -f 10 fan_out.yml "$@" &
fan_out=$!
routes release-hub || { kill "${fan_out}"; exit 1; }
wait "${fan_out}"
routes assert-hub 10

# --- The example playbook, three times: everything changes once, then nothing. -----------------------------------
# ansible-test copies only tests/integration; the collection itself is found through ANSIBLE_COLLECTIONS_PATH.
example=${ANSIBLE_COLLECTIONS_PATH%%:*}/ansible_collections/alibabacloud/vpcpeer/docs/examples/vpc_peering_with_routes.yml
[ -f "${example}" ] || { echo "the example playbook is not where the docs say: ${example}" >&2; exit 1; }

emulator reset
mkdir -p "${workdir}/home/.aliyun"
cat > "${workdir}/home/.aliyun/config.json" <<JSON
{"current": "requester", "profiles": [
  {"name": "requester", "mode": "AK", "access_key_id": "EMULATOR-AK-REQUESTER", "access_key_secret": "$(emulator secret EMULATOR-AK-REQUESTER)"},
  {"name": "accepter", "mode": "AK", "access_key_id": "EMULATOR-AK-ACCEPTER", "access_key_secret": "$(emulator secret EMULATOR-AK-ACCEPTER)"}]}
JSON
for expected in 4 0 0; do
    HOME="${workdir}/home" ALIBABA_CLOUD_VPCPEER_ENDPOINT="$(emulator endpoint)" \
        ansible-playbook -e "ansible_python_interpreter=${python}" "${example}" "$@" | tee "${workdir}/example.out"
    grep -Eq "localhost +: ok=[0-9]+ +changed=${expected} +unreachable=0 +failed=0" "${workdir}/example.out"
done
routes assert-example
echo "vpc_peer_route: all shell checks passed"
assertion_summary
