#!/usr/bin/env bash
# The playbook tests (role tasks/), then what only a shell can show: forks racing on one connection,
# ad-hoc `ansible` with credentials from the environment and from the default credentials chain, and
# no secret in -vvvv output.
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

ansible-playbook -i "${INVENTORY_PATH}" -e "@${config}" playbook.yml "$@"
if [ "${VPCPEER_LIVE}" = true ]; then
    # The shell checks below seed connections, race forks and read the emulator's keys: none runs live.
    assertion_summary
    echo "vpc_peer_connection: the shell checks need the emulator and were skipped (a live run)"
    exit 0
fi

endpoint=$(emulator endpoint)
secret=$(emulator secret EMULATOR-AK-REQUESTER)
module=alibabacloud.vpcpeer.vpc_peer_connection
adhoc=(ansible localhost -m "${module}" -e "ansible_python_interpreter=${python}")

# --- Two forks change one connection at the same time: both succeed, nothing is lost. -----------------
emulator config '{"transitions": {"modify": {"mode": "time", "seconds": 1.5}}}'
id=$(emulator seed)
cat > "${workdir}/racers.ini" <<INI
[racers]
racer_name description_unchanged_by_me=true
racer_description
[racers:vars]
ansible_connection=local
ansible_python_interpreter=${python}
INI
emulator clear-journal
ansible-playbook -i "${workdir}/racers.ini" -e "@${config}" -e "peering_id=${id}" -f 2 race_different_fields.yml "$@"
emulator assert-race-different-fields "${id}"

id=$(emulator seed)
emulator clear-journal
ansible-playbook -i "${workdir}/racers.ini" -e "@${config}" -e "peering_id=${id}" -f 2 race_same_field.yml "$@"
emulator assert-race-last-write-wins "${id}"
emulator config '{"transitions": {"modify": {"mode": "time", "seconds": 0.3}}}'

# --- Ad-hoc commands with credentials from the environment. ---------------------------------------------
id=$(emulator seed)
ALIBABA_CLOUD_ACCESS_KEY_ID=EMULATOR-AK-REQUESTER ALIBABA_CLOUD_ACCESS_KEY_SECRET="${secret}" \
    ALIBABA_CLOUD_VPCPEER_ENDPOINT="${endpoint}" \
    "${adhoc[@]}" -a "instance_id=${id} name=adhoc-1" | tee "${workdir}/adhoc.out"
grep -q 'CHANGED' "${workdir}/adhoc.out"
grep -q '"name": "adhoc-1"' "${workdir}/adhoc.out"

# The names the alibaba.alicloud collection made common work too; running again changes nothing.
ALICLOUD_ACCESS_KEY=EMULATOR-AK-REQUESTER ALICLOUD_SECRET_KEY="${secret}" ALIBABA_CLOUD_VPCPEER_ENDPOINT="${endpoint}" \
    "${adhoc[@]}" -a "instance_id=${id} name=adhoc-1" | tee "${workdir}/adhoc.out"
grep -q 'SUCCESS' "${workdir}/adhoc.out"
grep -q '"changed": false' "${workdir}/adhoc.out"

# Half a key pair is refused before any API call.
emulator clear-journal
if ALIBABA_CLOUD_ACCESS_KEY_ID=EMULATOR-AK-REQUESTER ALIBABA_CLOUD_VPCPEER_ENDPOINT="${endpoint}" \
    "${adhoc[@]}" -a "instance_id=${id} name=adhoc-2" > "${workdir}/half.out" 2>&1; then
    cat "${workdir}/half.out"; echo "half a key pair was accepted" >&2; exit 1
fi
grep -q 'access_key_secret' "${workdir}/half.out"
emulator assert-no-calls

# --- No key given: the alibabacloud-credentials default chain. --------------------------------------------
# A profile of the aliyun CLI's ~/.aliyun/config.json, chosen with the profile option ...
mkdir -p "${workdir}/home/.aliyun"
cat > "${workdir}/home/.aliyun/config.json" <<JSON
{"current": "other", "profiles": [
  {"name": "other", "mode": "AK", "access_key_id": "EMULATOR-AK-NOBODY", "access_key_secret": "nope"},
  {"name": "emulator", "mode": "AK", "access_key_id": "EMULATOR-AK-REQUESTER", "access_key_secret": "${secret}"}]}
JSON
HOME="${workdir}/home" ALIBABA_CLOUD_VPCPEER_ENDPOINT="${endpoint}" \
    "${adhoc[@]}" -a "instance_id=${id} name=from-profile profile=emulator" | tee "${workdir}/profile.out"
grep -q '"name": "from-profile"' "${workdir}/profile.out"
# ... and with ALIBABA_CLOUD_PROFILE.
HOME="${workdir}/home" ALIBABA_CLOUD_PROFILE=emulator ALIBABA_CLOUD_VPCPEER_ENDPOINT="${endpoint}" \
    "${adhoc[@]}" -a "instance_id=${id} name=from-profile-env" | tee "${workdir}/profile.out"
grep -q '"name": "from-profile-env"' "${workdir}/profile.out"
# A credentials URI (what ECS RAM roles and sidecars provide), served by the emulator: STS credentials.
HOME="${workdir}/nohome" ALIBABA_CLOUD_CREDENTIALS_URI="${endpoint}/_emulator/credentials/EMULATOR-AK-REQUESTER" \
    ALIBABA_CLOUD_VPCPEER_ENDPOINT="${endpoint}" \
    "${adhoc[@]}" -a "instance_id=${id} name=from-credentials-uri" | tee "${workdir}/uri.out"
grep -q '"name": "from-credentials-uri"' "${workdir}/uri.out"

# --- No secret in -vvvv output, whether it comes from the environment, the task, or a failure. ------------
ALIBABA_CLOUD_ACCESS_KEY_ID=EMULATOR-AK-REQUESTER ALIBABA_CLOUD_ACCESS_KEY_SECRET="${secret}" \
    ALIBABA_CLOUD_VPCPEER_ENDPOINT="${endpoint}" \
    "${adhoc[@]}" -vvvv -a "instance_id=${id} name=verbose-env" > "${workdir}/verbose.out" 2>&1
"${adhoc[@]}" -vvvv -a "instance_id=${id} name=verbose-args endpoint=${endpoint} access_key_id=EMULATOR-AK-REQUESTER access_key_secret=${secret}" \
    >> "${workdir}/verbose.out" 2>&1
sts_secret=$(emulator secret STS.EMULATOR-REQUESTER)
sts_token=$(emulator token STS.EMULATOR-REQUESTER)
"${adhoc[@]}" -vvvv -a "instance_id=${id} name=verbose-sts endpoint=${endpoint} access_key_id=STS.EMULATOR-REQUESTER access_key_secret=${sts_secret} security_token=${sts_token}" \
    >> "${workdir}/verbose.out" 2>&1
if ALIBABA_CLOUD_ACCESS_KEY_ID=STS.EMULATOR-REQUESTER ALIBABA_CLOUD_ACCESS_KEY_SECRET="${sts_secret}" \
    ALIBABA_CLOUD_SECURITY_TOKEN=wrong-token-must-not-leak ALIBABA_CLOUD_VPCPEER_ENDPOINT="${endpoint}" \
    "${adhoc[@]}" -vvvv -a "instance_id=${id} name=verbose-failure" >> "${workdir}/verbose.out" 2>&1; then
    echo "a wrong security token was accepted" >&2; exit 1
fi
grep -q 'name=verbose-sts\|"verbose-sts"' "${workdir}/verbose.out"   # the runs really happened
# ... on the path this run tests (tests/utils/run_integration.py --path), and on no other.
path=$([ "${ALIBABACLOUD_VPCPEER_CONTROLLER}" = true ] && echo controller || echo module)
other=$([ "${path}" = controller ] && echo module || echo controller)
grep -q "\"alibabacloud_vpcpeer_path\": \"${path}\"" "${workdir}/verbose.out"
if grep -q "\"alibabacloud_vpcpeer_path\": \"${other}\"" "${workdir}/verbose.out"; then
    echo "a verbose run took the ${other} path" >&2; exit 1
fi
grep -q 'InvalidSecurityToken' "${workdir}/verbose.out"
for leak in "${secret}" "${sts_secret}" "${sts_token}" wrong-token-must-not-leak; do
    if grep -n -F -- "${leak}" "${workdir}/verbose.out"; then
        echo "a secret appeared in -vvvv output" >&2; exit 1
    fi
done
echo "vpc_peer_connection: all shell checks passed"
assertion_summary
