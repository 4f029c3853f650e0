#!/usr/bin/env bash
# `make demo`: build and install the collection, start the local VpcPeer emulator with one seeded
# cross-region peering connection, and run docs/examples/vpc_peer_connection.yml three times.
set -euo pipefail

root=$(cd "$(dirname "$0")/../.." && pwd)
work=$root/build/demo
playbook=$root/docs/examples/vpc_peer_connection.yml
rm -rf "$work" && mkdir -p "$work"

say() { printf '\n\033[1m==> %s\033[0m\n' "$*"; }

# Only what this demo installs, and no chatter about the implicit localhost inventory.
export ANSIBLE_COLLECTIONS_PATH=$work/collections
export ANSIBLE_LOCALHOST_WARNING=false ANSIBLE_INVENTORY_UNPARSED_WARNING=false

say "Building and installing the collection into $work/collections"
ansible-galaxy collection build --force --output-path "$work" "$root" >/dev/null
ansible-galaxy collection install --force -p "$work/collections" "$work"/alibabacloud-vpcpeer-*.tar.gz >/dev/null

say "Starting the VpcPeer emulator (127.0.0.1 only; the same API, signatures and errors as the service)"
vpcpeer-emulator --host 127.0.0.1 --port 0 --port-file "$work/port" >"$work/emulator.out" 2>&1 &
emulator_pid=$!
trap 'kill "$emulator_pid" 2>/dev/null || true' EXIT
for _ in $(seq 100); do [ -s "$work/port" ] && break; sleep 0.1; done
[ -s "$work/port" ] || { cat "$work/emulator.out"; echo "the emulator did not start" >&2; exit 1; }
url=http://127.0.0.1:$(cat "$work/port")
cat "$work/emulator.out"

# A modification takes 2 seconds to go from Updating back to Activated, so the waiting is visible.
peering_id=$(python - "$url" <<'PY'
import sys
from vpcpeer_emulator import ControlClient
control = ControlClient(sys.argv[1])
control.set_transitions(modify={"mode": "time", "seconds": 2})
connection = control.seed_connection(
    RegionId="cn-hangzhou", VpcId="vpc-requester-hz-1",
    AcceptingRegionId="cn-shanghai", AcceptingVpcId="vpc-requester-sh-1",
    Name="peering-demo", Description="seeded by make demo")
print(connection["InstanceId"])
PY
)
echo "Seeded $peering_id: cn-hangzhou -> cn-shanghai, name 'peering-demo', 1024 Mbit/s, Activated"

# What an AWX credential or a shell profile would provide.
export ALIBABA_CLOUD_ACCESS_KEY_ID=EMULATOR-AK-REQUESTER
export ALIBABA_CLOUD_ACCESS_KEY_SECRET=emulator-secret-requester
export ALIBABA_CLOUD_VPCPEER_ENDPOINT=$url
export ANSIBLE_FORCE_COLOR=${ANSIBLE_FORCE_COLOR:-1}

say "Run 1: the connection differs from the playbook -> changed (waits until Activated with the new values)"
ansible-playbook "$playbook" -e "peering_id=$peering_id"

say "Run 2: the same playbook again -> ok, nothing changed, a single read of the connection"
ansible-playbook "$playbook" -e "peering_id=$peering_id"

say "Run 3: --check --diff for a further change (bandwidth 4096): the service's DryRun approves it, nothing changes"
ansible-playbook "$playbook" -e "peering_id=$peering_id" -e bandwidth=4096 --check --diff

say "Calls the emulator received (action: answers)"
python - "$url" <<'PY'
import sys
from vpcpeer_emulator import ControlClient
for action, codes in sorted(ControlClient(sys.argv[1]).stats()["by_action"].items()):
    print("  %-32s %s" % (action, ", ".join("%s x%d" % item for item in sorted(codes.items()))))
PY
echo
echo "Done. The emulator stops now; 'make emulator' runs it in the foreground for your own playbooks."
