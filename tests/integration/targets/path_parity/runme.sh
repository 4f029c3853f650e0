#!/usr/bin/env bash
# The same tasks (parity.yml: success, check and diff mode, validation errors, API failures, credentials from options,
# the task's environment, a profile and a credentials URI, the action group) on the controller path and on the module
# path, each at the default verbosity and at -vvvv: files/compare.py compares every registered result and the output
# of the two paths (equal but for request ids and times), and looks for every secret in all four outputs.
set -eux

config=../../integration_config.yml
export ANSIBLE_ROLES_PATH=..
python=${ANSIBLE_TEST_PYTHON_INTERPRETER}
emulator() {
    "${python}" ../setup_vpcpeer_emulator/files/emulator_control.py "${config}" "$@"
}
. ../setup_vpcpeer_emulator/files/task_results_env.sh

# This target runs both paths itself: once, in the run tests/utils/run_integration.py chose (vpcpeer_path_parity).
parity=$("${python}" -c 'import json, sys; print(json.load(open(sys.argv[1])).get("vpcpeer_path_parity", True))' "${config}")
if [ "${parity}" != True ]; then
    echo "path_parity: both paths are compared in the other run of tests/utils/run_integration.py"
    exit 0
fi

workdir=$(mktemp -d)
trap 'rm -rf "${workdir}"' EXIT
# A profile only the task's environment (HOME) leads to: its secret is known to the credentials chain alone.
mkdir -p "${workdir}/home/.aliyun"
cat > "${workdir}/home/.aliyun/config.json" <<JSON
{"current": "parity", "profiles": [
  {"name": "parity", "mode": "AK", "access_key_id": "EMULATOR-AK-ACCEPTER", "access_key_secret": "$(emulator secret EMULATOR-AK-ACCEPTER)"}]}
JSON
# ansible-core 2.21 adds invocation to a result only when asked: ask, so that it is compared too.
export ANSIBLE_INJECT_INVOCATION=true

for path in controller module; do
    setting=$([ "${path}" = controller ] && echo true || echo false)
    for verbosity in default -vvvv; do
        out="${workdir}/${path}.${verbosity}"
        flags=()
        [ "${verbosity}" = default ] || flags=("${verbosity}")
        ansible-playbook -i "${INVENTORY_PATH}" -e "@${config}" -e "alibabacloud_vpcpeer_controller=${setting}" \
            -e "vpcpeer_path=${path}" -e "parity_out=${out}.json" -e "parity_home=${workdir}/home" \
            "${flags[@]}" parity.yml > "${out}.out" 2>&1 || { cat "${out}.out"; exit 1; }
    done
done
"${python}" files/compare.py "${config}" "${workdir}"
assertion_summary
