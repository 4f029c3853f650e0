#!/usr/bin/env bash
# AWX / Ansible Automation Platform, without AWX: the example playbook run by ansible-runner (the engine AWX
# runs jobs with) in a private data directory, with the environment that the collection's custom credential
# type (docs/awx/credential_type.yml) injects, rendered from its injector templates as AWX renders them.
set -eux

config=../../integration_config.yml
python=${ANSIBLE_TEST_PYTHON_INTERPRETER}
root=${ANSIBLE_COLLECTIONS_PATH%%:*}/ansible_collections/alibabacloud/vpcpeer
credential_type=${root}/docs/awx/credential_type.yml
# The path the modules run on (tests/utils/run_integration.py --path), for the commands below too.
ALIBABACLOUD_VPCPEER_CONTROLLER=$("${python}" "${PWD}/../setup_vpcpeer_emulator/files/emulator_control.py" "${config}" controller-setting)
export ALIBABACLOUD_VPCPEER_CONTROLLER
work=$(mktemp -d)
trap 'rm -rf "${work}"' EXIT

# Reset the emulator (the role every target starts with).
export ANSIBLE_ROLES_PATH=..
ansible-playbook -i "${INVENTORY_PATH}" -e "@${config}" setup.yml "$@"

helper() {
    "${python}" "${PWD}/awx_job.py" "${config}" "${root}" "$@"
}

# job <private data dir> <ident> [ansible-playbook arguments]: what AWX does to launch a job template.
job() {
    "${python}" -m ansible_runner run "$1" -p vpc_peer_connection.yml --ident "$2" ${3:+--cmdline "$3"}
}

# 1. The credential type passes AWX's own checks (and the checks refuse broken ones).
"${python}" "${root}/tests/utils/awx_credential.py" validate "${credential_type}"
helper check-validator "${credential_type}"

# 2. An AccessKey pair, without token or region: the first job changes the connection, the second finds
#    nothing to do.
id=$(helper seed)
helper private-data-dir "${work}/keys" "${credential_type}" key-pair "${id}"
job "${work}/keys" first
helper assert-job "${work}/keys" first changed "${id}" EMULATOR-AK-REQUESTER 2048
job "${work}/keys" second
helper assert-job "${work}/keys" second ok "${id}" EMULATOR-AK-REQUESTER 2048

# 3. Temporary STS credentials (AccessKey pair and security token) and a region: a "Check" job (check mode
#    and diff) predicts a change without making it, then a "Run" job makes it.
helper private-data-dir "${work}/sts" "${credential_type}" sts "${id}"
job "${work}/sts" check '--check --diff -e bandwidth=4096'
helper assert-job "${work}/sts" check predicted "${id}" STS.EMULATOR-REQUESTER 2048
job "${work}/sts" run '-e bandwidth=4096'
helper assert-job "${work}/sts" run changed "${id}" STS.EMULATOR-REQUESTER 4096

# 4. A wrong secret fails the job with the service's error and what to do.
helper private-data-dir "${work}/wrong" "${credential_type}" wrong-secret "${id}"
if job "${work}/wrong" wrong; then
    echo "a job with a wrong secret succeeded" >&2; exit 1
fi
helper assert-job "${work}/wrong" wrong failed "${id}" EMULATOR-AK-REQUESTER 4096
echo "ecosystem_awx_runner: all checks passed"
