# Copyright (c) alibabacloud.vpcpeer contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Small command line over the emulator's control API for the targets' runme.sh: seed, inspect and assert."""

import json
import sys

from vpcpeer_emulator import ControlClient

CROSS_REGION = {"RegionId": "cn-hangzhou", "VpcId": "vpc-requester-hz-1", "AcceptingRegionId": "cn-shanghai",
                "AcceptingVpcId": "vpc-requester-sh-1", "Name": "seeded-for-shell", "Description": "seeded by runme.sh"}


def applied_modifies(control):
    return [call for call in control.journal("ModifyVpcPeerConnection") if call["applied"]]


def assert_example_lifecycle(control):
    """docs/examples/vpc_peer_connection_lifecycle.yml: each step applied once, by the right account; nothing left."""
    applied = [(call["action"], call["access_key_id"]) for call in control.journal() if call["applied"]]
    expected = [
        ("CreateVpcPeerConnection", "EMULATOR-AK-REQUESTER"),
        ("AcceptVpcPeerConnection", "EMULATOR-AK-ACCEPTER"),
        ("ModifyVpcPeerConnection", "EMULATOR-AK-REQUESTER"),
        ("TagResources", "EMULATOR-AK-REQUESTER"),
        ("DeleteVpcPeerConnection", "EMULATOR-AK-REQUESTER"),
    ]
    listed = [call for call in control.journal("ListVpcPeerConnections") if call["http_status"] == 200]
    # A deleted connection shows as Deleted for a while (seconds, in a chaos run) before it is gone.
    left = [connection for connection in control.connections() if connection.get("Status") != "Deleted"]
    if applied != expected or not listed or left:
        fail("the example playbook did not run the life cycle", applied=applied, expected=expected,
             lists=len(listed), left=left)
    print("example life cycle: %s" % ", ".join(action for action, _key in applied))


def fail(message, **details):
    sys.exit("%s\n%s" % (message, json.dumps(details, indent=2, default=str)))


def main():
    with open(sys.argv[1], encoding="utf-8") as handle:
        settings = json.load(handle)
    command, args = sys.argv[2], sys.argv[3:]
    # A live run's settings (tests/utils/run_live.py) have no control API: only the commands that read settings work.
    control = ControlClient(settings["vpcpeer_emulator_url"].rsplit("/_emulator", 1)[0]) if "vpcpeer_emulator_url" in settings else None
    keys = (settings.get("vpcpeer_emulator") or {}).get("access_keys") or {}
    if command == "live":
        print("true" if settings.get("vpcpeer_live") else "false")
    elif command == "endpoint":
        print(settings["vpcpeer_endpoint"])
    elif command == "task-results-file":
        print(settings.get("vpcpeer_task_results_file") or "")
    elif command == "controller-setting":
        print("true" if settings.get("alibabacloud_vpcpeer_controller", True) else "false")
    elif command == "secret":
        print(keys[args[0]]["secret"])
    elif command == "token":
        print(keys[args[0]]["security_token"])
    elif command == "config":
        control.update_config(json.loads(args[0]))
    elif command == "seed":
        print(control.seed_connection(dict(CROSS_REGION, **json.loads(args[0] if args else "{}")))["InstanceId"])
    elif command == "reset":
        control.reset()
    elif command == "clear-journal":
        control.clear_journal()
    elif command == "assert-no-calls":
        if control.journal():
            fail("expected no API call", calls=control.journal())
    elif command == "assert-race-different-fields":
        connection, applied = control.connection(args[0]), applied_modifies(control)
        if (connection["Name"], connection["Description"]) != ("raced-name", "raced description") or len(applied) != 2:
            fail("a change was lost or doubled", connection=connection, applied=applied)
        print("both changes kept; %d Modify calls applied" % len(applied))
    elif command == "assert-race-last-write-wins":
        connection, applied = control.connection(args[0]), applied_modifies(control)
        if len(applied) != 2 or connection["Name"] != applied[-1]["params"]["Name"]:
            fail("the last write did not win", connection=connection, applied=applied)
        print("last write won: %s; %d Modify calls applied" % (connection["Name"], len(applied)))
    elif command == "assert-example-lifecycle":
        assert_example_lifecycle(control)
    else:
        fail("unknown command %s" % command)


if __name__ == "__main__":
    main()
