#!/usr/bin/env bash
# Rough edges a user would hit, where they would hit them. This script shows what needs a shell: ansible-doc, and
# empty environment variables (as AWX injects them for empty credential fields) with ad-hoc commands as a user types
# them. The playbook (role tasks/) shows the rest: bad values refused before any call, endpoint typos that fail in
# seconds, messages that say what to do, wait=false, empty info filters, boolean tags, and proxies (set through the
# task's environment), NO_PROXY included. Local stand-ins (files/ux_helpers.py) run on 127.0.0.1: a forwarding proxy
# that logs what it forwards, and an HTTP server that is not the API. Nothing leaves the machine.
set -eux

config=../../integration_config.yml
export ANSIBLE_ROLES_PATH=..
python=${ANSIBLE_TEST_PYTHON_INTERPRETER}
workdir=$(mktemp -d)
helper_pids=()
cleanup() {
    for pid in "${helper_pids[@]}"; do
        kill "${pid}" 2>/dev/null || true
    done
    rm -rf "${workdir}"
}
trap cleanup EXIT
emulator() {
    "${python}" ../setup_vpcpeer_emulator/files/emulator_control.py "${config}" "$@"
}
. ../setup_vpcpeer_emulator/files/task_results_env.sh
helpers() {
    "${python}" files/ux_helpers.py "$@"
}
fail() {
    set +x
    [ -f "${workdir}/out" ] && cat "${workdir}/out"
    echo "user_experience: $*" >&2
    exit 1
}

# Only what each command below sets: no proxy, key, region or profile inherited from the caller.
unset HTTP_PROXY http_proxy HTTPS_PROXY https_proxy ALL_PROXY all_proxy NO_PROXY no_proxy \
    ALIBABA_CLOUD_ACCESS_KEY_ID ALIBABA_CLOUD_ACCESS_KEY_SECRET ALIBABA_CLOUD_SECURITY_TOKEN ALIBABA_CLOUD_REGION_ID \
    ALIBABA_CLOUD_PROFILE ALIBABA_CLOUD_VPCPEER_ENDPOINT ALICLOUD_ACCESS_KEY ALICLOUD_SECRET_KEY ALICLOUD_SECURITY_TOKEN \
    ALICLOUD_REGION ALIBABA_CLOUD_CREDENTIALS_FILE ALIBABA_CLOUD_CREDENTIALS_URI

# start_server KIND: run a stand-in in the background until this script ends; its port is in $workdir/KIND.port.
start_server() {
    : > "${workdir}/$1.log"
    # Started directly (not through the helpers function), so that $! is the server itself; its output goes to a
    # file, so that it can never hold ansible-test's pipes open.
    "${python}" files/ux_helpers.py "$1" "${workdir}/$1.port" "${workdir}/$1.log" > "${workdir}/$1.out" 2>&1 &
    helper_pids+=("$!")
    for _ in $(seq 100); do
        [ -s "${workdir}/$1.port" ] && return 0
        sleep 0.1
    done
    fail "the $1 stand-in did not start"
}
start_server foreign
start_server proxy
foreign_port=$(cat "${workdir}/foreign.port")
proxy_port=$(cat "${workdir}/proxy.port")
closed_port=$(helpers closed-port)

endpoint=$(emulator endpoint)
secret=$(emulator secret EMULATOR-AK-REQUESTER)
sts_secret=$(emulator secret STS.EMULATOR-REQUESTER)
sts_token=$(emulator token STS.EMULATOR-REQUESTER)
mkdir -p "${workdir}/nohome"

# list_with VAR=value...: find connections from a shell, ad hoc, with exactly that environment (and a home without
# credential files); the output is in $workdir/out, the exit status is the command's.
list_with() {
    env HOME="${workdir}/nohome" "$@" \
        ansible localhost -m alibabacloud.vpcpeer.vpc_peer_connection_info -e "ansible_python_interpreter=${python}" \
        > "${workdir}/out" 2>&1
}
# The emulator's journal since the last clear-journal, one line per call: ACTION key=KEY region=REGION status=STATUS.
calls() {
    helpers calls "${config}"
}

# --- ansible-doc states the rules that are checked before any call. ----------------------------------------------
ansible-doc alibabacloud.vpcpeer.vpc_peer_connection | tr -s ' \n' '  ' | tr -d "\`'" > "${workdir}/doc.txt"
grep -qF 'starting with a letter, and only letters, digits, underscores (_) and hyphens (-)' "${workdir}/doc.txt" \
    || fail "ansible-doc does not state the create-time name rule"
grep -qF 'from 1 to 2147483647' "${workdir}/doc.txt" || fail "ansible-doc does not state the bandwidth's bound"
grep -qF 'Every rule is checked before any API call' "${workdir}/doc.txt" \
    || fail "ansible-doc does not say the rules are checked before any call"

# --- An empty variable never hides its fallback (AWX injects empty variables for empty credential fields). --------
# Every credential field empty, as AWX injects them, and the older variable names set: the key pair and the region
# come from those, and the empty profile variable is no profile ("profile is ignored" would say otherwise).
emulator clear-journal
list_with ALIBABA_CLOUD_VPCPEER_ENDPOINT="${endpoint}" ALIBABA_CLOUD_ACCESS_KEY_ID= ALIBABA_CLOUD_ACCESS_KEY_SECRET= \
    ALIBABA_CLOUD_REGION_ID= ALIBABA_CLOUD_PROFILE= ALICLOUD_ACCESS_KEY=EMULATOR-AK-REQUESTER ALICLOUD_SECRET_KEY="${secret}" \
    ALICLOUD_REGION=cn-hongkong || fail "empty ALIBABA_CLOUD_* variables hid ALICLOUD_ACCESS_KEY / ALICLOUD_SECRET_KEY"
calls > "${workdir}/calls"
grep -q '^ListVpcPeerConnections key=EMULATOR-AK-REQUESTER .* status=200$' "${workdir}/calls" \
    || fail "ALICLOUD_ACCESS_KEY was not used: $(cat "${workdir}/calls")"
grep -qx 'ListVpcPeerConnections key=EMULATOR-AK-REQUESTER region=cn-hongkong status=200' "${workdir}/calls" \
    || fail "ALICLOUD_REGION was not used: $(cat "${workdir}/calls")"
if grep -v 'region=cn-hongkong' "${workdir}/calls"; then fail "a call without the region of ALICLOUD_REGION"; fi
if grep -F "is ignored" "${workdir}/out"; then fail "an empty ALIBABA_CLOUD_PROFILE was taken for a profile"; fi

emulator clear-journal
list_with ALIBABA_CLOUD_VPCPEER_ENDPOINT="${endpoint}" ALIBABA_CLOUD_ACCESS_KEY_ID=STS.EMULATOR-REQUESTER \
    ALIBABA_CLOUD_ACCESS_KEY_SECRET="${sts_secret}" ALIBABA_CLOUD_SECURITY_TOKEN= ALICLOUD_SECURITY_TOKEN="${sts_token}" \
    || fail "empty ALIBABA_CLOUD_SECURITY_TOKEN"
calls | grep -q '^ListVpcPeerConnections key=STS.EMULATOR-REQUESTER .* status=200$' || fail "ALICLOUD_SECURITY_TOKEN not used"

# Without a key pair, an empty profile variable leaves the default chain its current profile of ~/.aliyun/config.json.
mkdir -p "${workdir}/home/.aliyun"
cat > "${workdir}/home/.aliyun/config.json" <<JSON
{"current": "emulator", "profiles": [
  {"name": "emulator", "mode": "AK", "access_key_id": "EMULATOR-AK-REQUESTER", "access_key_secret": "${secret}"}]}
JSON
emulator clear-journal
list_with HOME="${workdir}/home" ALIBABA_CLOUD_VPCPEER_ENDPOINT="${endpoint}" ALIBABA_CLOUD_PROFILE= \
    || fail "empty ALIBABA_CLOUD_PROFILE hid the current CLI profile"
calls | grep -q '^ListVpcPeerConnections key=EMULATOR-AK-REQUESTER .* status=200$' || fail "the CLI profile was not used"

# An empty endpoint variable is the default endpoint, vpcpeer.aliyuncs.com over HTTPS: asked of the local proxy
# (HTTPS_PROXY, whose password must never show), which logs the tunnel and closes it, so nothing leaves the machine.
before=$(wc -l < "${workdir}/proxy.log")
if list_with ALIBABA_CLOUD_VPCPEER_ENDPOINT= ALIBABA_CLOUD_ACCESS_KEY_ID=EMULATOR-AK-REQUESTER \
    ALIBABA_CLOUD_ACCESS_KEY_SECRET="${secret}" HTTPS_PROXY="http://ux-user:ux-proxy-password@127.0.0.1:${proxy_port}"; then
    fail "a tunnel the proxy refused worked"
fi
tail -n "+$((before + 1))" "${workdir}/proxy.log" \
    | grep -qF '"method": "CONNECT", "name": null, "proxy_authorization": true, "url": "vpcpeer.aliyuncs.com:443"' \
    || fail "the empty endpoint variable was not the default endpoint, through HTTPS_PROXY"
grep -qF "through the proxy http://***@127.0.0.1:${proxy_port}" "${workdir}/out" || fail "the failure does not name the proxy"
if grep -F 'ux-proxy-password' "${workdir}/out"; then fail "the proxy's password was shown"; fi

# --- The playbook: everything a playbook can show, proxies included. ---------------------------------------------
ansible-playbook -i "${INVENTORY_PATH}" -e "@${config}" -e "ux_foreign_port=${foreign_port}" \
    -e "ux_foreign_log=${workdir}/foreign.log" -e "ux_proxy_port=${proxy_port}" -e "ux_proxy_log=${workdir}/proxy.log" \
    -e "ux_closed_port=${closed_port}" playbook.yml "$@"
echo "user_experience: all checks passed"
assertion_summary
