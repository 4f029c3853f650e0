# Copyright (c) alibabacloud.vpcpeer contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The vpc_peer_route target's own use of the emulator's control API.

``routes_emulator.py CONFIG|URL COMMAND ...``: CONFIG is the integration_config.yml (runme.sh), URL the control API's
(the role's ``control`` variable, run through a pipe lookup: in the controller's process, much faster than a uri
task per call). Commands: ``post JSON [PATH]`` (POST each ``{"path", "body"}`` of the list in turn, or each body to PATH; print the answers),
``reset-seed JSON`` (reset, then seed a connection and print it), ``hub-inventory N PYTHON``, ``release-hub``,
``assert-hub N``, ``assert-example``.
"""

import json
import sys
import time

from vpcpeer_emulator import ControlClient

HUB_VPC, HUB_TABLE, REGION = "vpc-requester-hz-1", "vtb-requester-hz-1", "cn-hangzhou"
# Another writer in the hub VPC: an entry of another table, Pending until release-hub completes it.
OTHER_TABLE, OTHER_WRITER = "vtb-tests-hub-other", "rte-tests-hub-other-writer"


def fail(message, **details):
    sys.exit("%s\n%s" % (message, json.dumps(details, indent=2, default=str)))


def spoke_block(index):
    return "172.%d.0.0/16" % (20 + index)


def hub_inventory(control, settings, count, python):
    """``count`` VPCs of the accepter account in cn-hangzhou, each peered (Activated) with the requester's hub VPC;
    an inventory of one local host per connection, with its id and the spoke's block. Another writer holds the hub
    VPC's route lock (an entry of another table, Pending) until release-hub."""
    accepter_uid = settings["vpcpeer_emulator"]["accounts"]["accepter"]["uid"]
    control.add_route_table(VpcId=HUB_VPC, RouteTableId=OTHER_TABLE)
    control.seed_route_entry(RouteEntryId=OTHER_WRITER, RouteTableId=OTHER_TABLE, DestinationCidrBlock="192.168.0.0/16",
                             NextHopType="Instance", NextHopId="i-tests-firewall", Status="Pending",
                             Transitions={"route_create": {"mode": "never"}})
    lines = ["[spokes]"]
    for index in range(count):
        vpc_id = "vpc-tests-spoke-%d" % index
        control.add_vpc("accepter", REGION, vpc_id, [spoke_block(index)])
        connection = control.seed_connection(RegionId=REGION, VpcId=HUB_VPC, AcceptingAliUid=accepter_uid,
                                             AcceptingRegionId=REGION, AcceptingVpcId=vpc_id, Name="spoke-%d" % index)
        lines.append("spoke%d peering_id=%s destination=%s" % (index, connection["InstanceId"], spoke_block(index)))
    lines += ["[spokes:vars]", "ansible_connection=local", "ansible_python_interpreter=%s" % python]
    print("\n".join(lines))


def release_hub(control, timeout=120.0):
    """Once the forks have met the other writer's TaskConflict, let its entry become Available: from then on only
    the forks race each other."""
    deadline = time.monotonic() + timeout
    while not [call for call in control.journal("CreateRouteEntry") if call["code"] == "TaskConflict"]:
        if time.monotonic() > deadline:
            fail("no CreateRouteEntry met TaskConflict within %.0f s" % timeout, calls=control.journal())
        time.sleep(0.2)
    control.advance_route_entry(OTHER_WRITER)
    print("hub: the other writer's entry is Available")


def assert_hub(control, count):
    """Every spoke's route landed once in the hub's System table, through its own connection, despite TaskConflict."""
    connections = {conn["InstanceId"]: conn["AcceptingVpc"]["Ipv4Cidrs"][0] for conn in control.connections()}
    creates = control.journal("CreateRouteEntry")
    applied = [call for call in creates if call["applied"]]
    conflicts = [call for call in creates if call["code"] == "TaskConflict"]
    destinations = sorted(call["params"]["DestinationCidrBlock"] for call in applied)
    expected = sorted(spoke_block(index) for index in range(count))
    held = [entry for entry in control.route_entries(route_table_id=HUB_TABLE) if entry["Type"] == "Custom"]
    held_pairs = sorted((entry["NextHops"]["NextHop"][0]["NextHopId"], entry["DestinationCidrBlock"]) for entry in held)
    if destinations != expected or {call["params"]["RouteTableId"] for call in applied} != {HUB_TABLE}:
        fail("the applied CreateRouteEntry calls are not one per spoke", applied=destinations, expected=expected)
    if held_pairs != sorted(connections.items()) or any(entry["Status"] != "Available" for entry in held):
        fail("the hub's table does not hold exactly one route per spoke, through its connection",
             held=held_pairs, expected=sorted(connections.items()))
    if not conflicts:
        fail("no CreateRouteEntry met TaskConflict: the forks did not race", calls=len(creates))
    print("hub: %d routes, one per spoke, each applied once; %d CreateRouteEntry calls, %d answered TaskConflict"
          % (len(held), len(creates), len(conflicts)))


def assert_example(control):
    """docs/examples/vpc_peering_with_routes.yml: request, accept, a route on each side, each applied once by the
    right account; the emulator holds the routes both ways."""
    applied = [(call["action"], call["access_key_id"]) for call in control.journal() if call["applied"]]
    expected = [
        ("CreateVpcPeerConnection", "EMULATOR-AK-REQUESTER"),
        ("AcceptVpcPeerConnection", "EMULATOR-AK-ACCEPTER"),
        ("CreateRouteEntry", "EMULATOR-AK-REQUESTER"),
        ("CreateRouteEntry", "EMULATOR-AK-ACCEPTER"),
    ]
    [connection] = control.connections() or [None]
    if applied != expected or connection is None or connection["Status"] != "Activated":
        fail("the example playbook did not request, accept and route", applied=applied, expected=expected,
             connection=connection)
    held = sorted((entry["RouteTableId"], entry["DestinationCidrBlock"], entry["Status"])
                  for entry in control.route_entries(next_hop_id=connection["InstanceId"]))
    both_ways = [("vtb-accepter-sh-1", "10.0.0.0/16", "Available"), ("vtb-requester-hz-1", "172.17.0.0/16", "Available")]
    if held != both_ways:
        fail("the routes through the connection are not there both ways", held=held, expected=both_ways)
    print("example: %s, routed both ways: %s" % (connection["InstanceId"], held))


def main():
    if sys.argv[1].startswith("http"):
        settings, url = {}, sys.argv[1]
    else:
        with open(sys.argv[1], encoding="utf-8") as handle:
            settings = json.load(handle)
        url = settings["vpcpeer_emulator_url"]
    command, args = sys.argv[2], sys.argv[3:]
    control = ControlClient(url.rsplit("/_emulator", 1)[0])
    if command == "post":
        items = [{"path": args[1], "body": body} for body in json.loads(args[0])] if len(args) > 1 and args[1] else json.loads(args[0])
        print(json.dumps([control.request("POST", item["path"], item.get("body", {})) for item in items]))
    elif command == "reset-seed":
        control.reset()
        print(json.dumps(control.seed_connection(json.loads(args[0]))))
    elif command == "hub-inventory":
        hub_inventory(control, settings, int(args[0]), args[1])
    elif command == "release-hub":
        release_hub(control)
    elif command == "assert-hub":
        assert_hub(control, int(args[0]))
    elif command == "assert-example":
        assert_example(control)
    else:
        fail("unknown command %s" % command)


if __name__ == "__main__":
    main()
