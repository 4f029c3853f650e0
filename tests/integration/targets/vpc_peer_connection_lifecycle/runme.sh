#!/usr/bin/env bash
# The life-cycle playbook tests (role tasks/), then the documented example playbook
# docs/examples/vpc_peer_connection_lifecycle.yml, run as a user would run it: two accounts' credentials from
# two named profiles of ~/.aliyun/config.json, the endpoint from the environment. Running it here keeps it from rotting.
set -eux

config=../../integration_config.yml
export ANSIBLE_ROLES_PATH=..
python=${ANSIBLE_TEST_PYTHON_INTERPRETER}
workdir=$(mktemp -d)
trap 'rm -rf "${workdir}"' EXIT
emulator() {
    "${python}" ../setup_vpcpeer_emulator/files/emulator_control.py "${config}" "$@"
}
. ../setup_vpcpeer_emulator/files/task_results_env.sh

ansible-playbook -i "${INVENTORY_PATH}" -e "@${config}" playbook.yml "$@"
if [ "${VPCPEER_LIVE}" = true ]; then
    # The example playbook below runs with the emulator's accounts and VPCs and is checked by its journal.
    assertion_summary
    echo "vpc_peer_connection_lifecycle: the example playbook's run needs the emulator and was skipped (a live run)"
    exit 0
fi

# ansible-test copies only tests/integration; the collection itself is found through ANSIBLE_COLLECTIONS_PATH.
example=${ANSIBLE_COLLECTIONS_PATH%%:*}/ansible_collections/alibabacloud/vpcpeer/docs/examples/vpc_peer_connection_lifecycle.yml
[ -f "${example}" ] || { echo "the example playbook is not where the docs say: ${example}" >&2; exit 1; }

emulator reset
mkdir -p "${workdir}/home/.aliyun"
cat > "${workdir}/home/.aliyun/config.json" <<JSON
{"current": "requester", "profiles": [
  {"name": "requester", "mode": "AK", "access_key_id": "EMULATOR-AK-REQUESTER", "access_key_secret": "$(emulator secret EMULATOR-AK-REQUESTER)"},
  {"name": "accepter", "mode": "AK", "access_key_id": "EMULATOR-AK-ACCEPTER", "access_key_secret": "$(emulator secret EMULATOR-AK-ACCEPTER)"}]}
JSON
example_run() {
    HOME="${workdir}/home" ALIBABA_CLOUD_VPCPEER_ENDPOINT="$(emulator endpoint)" \
        ansible-playbook -e "ansible_python_interpreter=${python}" "${example}" "$@"
}
# Without its last step (delete) three times: everything changes once, then nothing.
for expected in 4 0 0; do
    example_run --skip-tags delete "$@" | tee "${workdir}/example.out"
    grep -Eq "localhost +: ok=[0-9]+ +changed=${expected} +unreachable=0 +failed=0" "${workdir}/example.out"
done
# Then the whole of it, which only deletes.
example_run "$@" | tee "${workdir}/example.out"
grep -Eq "localhost +: ok=[0-9]+ +changed=1 +unreachable=0 +failed=0" "${workdir}/example.out"
emulator assert-example-lifecycle
echo "vpc_peer_connection_lifecycle: the example playbook ran the whole life cycle, each step idempotent"
assertion_summary
