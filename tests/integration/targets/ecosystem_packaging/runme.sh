#!/usr/bin/env bash
# Packaging: `ansible-galaxy collection build` on a checkout full of what a developer's checkout holds (virtual
# environments, caches, build output, test credentials) makes a tarball with none of it; installed into an
# empty collections path, the collection runs from there against the emulator.
set -eux

config=$(cd ../.. && pwd)/integration_config.yml
python=${ANSIBLE_TEST_PYTHON_INTERPRETER}
root=${ANSIBLE_COLLECTIONS_PATH%%:*}/ansible_collections/alibabacloud/vpcpeer
here=${PWD}
# The path the modules run on (tests/utils/run_integration.py --path), for the commands below too.
ALIBABACLOUD_VPCPEER_CONTROLLER=$("${python}" "${PWD}/../setup_vpcpeer_emulator/files/emulator_control.py" "${config}" controller-setting)
export ALIBABACLOUD_VPCPEER_CONTROLLER
work=$(mktemp -d)
trap 'rm -rf "${work}"' EXIT

export ANSIBLE_ROLES_PATH=..
ansible-playbook -i "${INVENTORY_PATH}" -e "@${config}" setup.yml "$@"

helper() {
    "${python}" "${here}/package_check.py" "${config}" "${root}" "${work}" "$@"
}

# 1. A copy of the collection, plus decoys of everything .gitignore keeps out of git.
helper stage

# 2. Build, and check what the tarball holds (and what it must not).
ansible-galaxy collection build "${work}/src/ansible_collections/alibabacloud/vpcpeer" --output-path "${work}/dist"
helper check-tarball

# 3. Install into an empty collections path, and use only that one: no other configured path (ansible-galaxy
#    would find the collection under test there, and install nothing), and from outside any collection tree
#    (ansible-core adds the collection a working directory lies in).
cd "${work}"
export ANSIBLE_COLLECTIONS_PATH=${work}/collections ANSIBLE_COLLECTIONS_SCAN_SYS_PATH=false
ansible-galaxy collection install --offline -p "${work}/collections" "${work}"/dist/alibabacloud-vpcpeer-*.tar.gz
ansible-galaxy collection list alibabacloud.vpcpeer --format json > "${work}/list.json"
ansible-doc --json alibabacloud.vpcpeer.vpc_peer_connection > "${work}/doc.json"
ansible-doc --json alibabacloud.vpcpeer.vpc_peer_connection_info > "${work}/doc_info.json"

# 4. Run a module from the installed collection against the emulator (credentials from the environment).
id=$(helper seed)
ALIBABA_CLOUD_ACCESS_KEY_ID=EMULATOR-AK-REQUESTER ALIBABA_CLOUD_ACCESS_KEY_SECRET="$(helper secret)" \
    ALIBABA_CLOUD_VPCPEER_ENDPOINT="$(helper endpoint)" \
    ansible localhost -vvv -m alibabacloud.vpcpeer.vpc_peer_connection -e "ansible_python_interpreter=${python}" \
    -a "instance_id=${id} name=from-the-tarball" > "${work}/adhoc.out" 2>&1 || { cat "${work}/adhoc.out"; exit 1; }
helper check-installed "${id}"
echo "ecosystem_packaging: all checks passed"
