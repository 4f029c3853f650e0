# Copyright (c) alibabacloud.vpcpeer contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""VPC 2016-04-28 route writes through the real SDK: CreateRouteEntry, DeleteRouteEntry and ModifyRouteEntry,
their life cycle, their rules and every error code they answer."""

from __future__ import annotations

import pytest
from alibabacloud_vpc20160428 import models

from vpc_helpers import (
    ACC_TABLE_HZ_1, HZ, REQ_HZ_1, REQ_SH_1, TABLE_HZ_1, TABLE_HZ_2, create_route, cross_account_peering,
    custom_routes, delete_route, modify_route, peering, refused, route_list, routes,
)


@pytest.fixture
def vpc(emulator):
    return emulator.vpc_requester()


@pytest.fixture
def pcc(emulator):
    """An Activated peering between hz-1 and hz-2 of the requester."""
    return peering(emulator)


def _entry(client, entry_id, table_id=TABLE_HZ_1):
    found = routes(client, table_id, route_entry_id=entry_id)
    return found[0] if found else None


def test_create_is_pending_then_available(emulator, vpc, pcc):
    entry_id = create_route(vpc, next_hop_id=pcc, route_entry_name="to-hz-2", description="peer route")
    assert entry_id.startswith("rte-")
    pending = _entry(vpc, entry_id)
    assert (pending["Status"], pending["Type"], pending["Origin"], pending["RouteEntryName"], pending["Description"]) == (
        "Pending", "Custom", "CustomCreate", "to-hz-2", "peer route")
    emulator.control.advance_clock(0.3)
    assert _entry(vpc, entry_id)["Status"] == "Available"


def test_create_with_reads_mode_and_never(emulator, vpc, pcc):
    emulator.control.set_transitions(route_create={"mode": "reads", "reads": 2})
    entry_id = create_route(vpc, next_hop_id=pcc)
    assert [_entry(vpc, entry_id)["Status"] for _read in range(3)] == ["Pending", "Pending", "Available"]
    emulator.control.set_transitions(route_create={"mode": "never"})
    other = create_route(vpc, "vtb-requester-hz-2", "10.0.0.0/16", next_hop_id=pcc)
    emulator.control.advance_clock(3600)
    assert _entry(vpc, other, TABLE_HZ_2)["Status"] == "Pending"
    assert emulator.control.advance_route_entry(other)["Status"] == "Available"


def test_destinations_are_normalized(emulator, vpc, pcc):
    emulator.control.set_all_transitions({"mode": "immediate"})
    host = create_route(vpc, destination="10.1.2.3", next_hop_id=pcc)
    wide = create_route(vpc, destination="10.1.7.9/24", next_hop_id=pcc)
    assert _entry(vpc, host)["DestinationCidrBlock"] == "10.1.2.3/32"
    assert _entry(vpc, wide)["DestinationCidrBlock"] == "10.1.7.0/24"


def test_create_checks_the_destination(emulator, vpc, pcc):
    refused("InvalidCidrBlock.Malformed", create_route, vpc, destination="10.1.0.0/33", next_hop_id=pcc)
    refused("InvalidCidrBlock", create_route, vpc, destination="100.64.0.0/10", next_hop_id=pcc)
    refused("InvalidCidrBlock", create_route, vpc, destination="100.100.2.0/24", next_hop_id=pcc)
    refused("InvalidCidrBlock", create_route, vpc, destination="10.0.1.0/24", next_hop_id=pcc)   # a vSwitch's block
    refused("InvalidCidrBlock", create_route, vpc, destination="10.0.1.128/25", next_hop_id=pcc)  # inside one
    emulator.control.set_all_transitions({"mode": "immediate"})
    assert create_route(vpc, destination="10.0.0.0/8", next_hop_id=pcc)  # containing vSwitch blocks is allowed


def test_create_checks_the_table_and_the_next_hop(emulator, vpc, pcc):
    refused("InvalidRouteTableId.NotFound", create_route, vpc, "vtb-unknown", next_hop_id=pcc, status=404)
    refused("InvalidRouteTableId.NotFound", create_route, vpc, ACC_TABLE_HZ_1, next_hop_id=pcc, status=404)
    refused("MissingParameter", create_route, vpc, destination="")
    refused("MissingParameter", create_route, vpc, next_hop_type="VpcPeer")
    refused("InvalidNextHopType", create_route, vpc, next_hop_type="Teleporter", next_hop_id="x-1")
    refused("ResourceNotFound.VpcPeer", create_route, vpc, next_hop_id="pcc-unknown")
    emulator.control.update_config({"vpc": {"unknown_peer_code": "InvalidNextHopId.NotFound"}})
    refused("InvalidNextHopId.NotFound", create_route, vpc, next_hop_id="pcc-unknown", status=404)
    elsewhere = peering(emulator, VpcId="vpc-requester-hz-3", AcceptingRegionId="cn-shanghai", AcceptingVpcId=REQ_SH_1)
    refused("OperationFailed.InstanceDismatchCurrentVpc", create_route, vpc, next_hop_id=elsewhere, status=404)
    emulator.control.patch_connection(pcc, Status="Updating", Transitions={"modify": {"mode": "never"}})
    exc = refused("IncorrectStatus.VpcPeer", create_route, vpc, next_hop_id=pcc)
    assert exc.data["Message"] == "The status of %s [Updating] is incorrect." % pcc
    refused("InvalidRouteEntryName.Malformed", create_route, vpc, next_hop_id=pcc, route_entry_name="http://x")
    refused("InvalidDescription.Malformed", create_route, vpc, next_hop_id=pcc, description="x" * 257)


def test_other_next_hop_types_and_ecmp(emulator, vpc):
    emulator.control.set_all_transitions({"mode": "immediate"})
    instance = create_route(vpc, destination="192.168.0.0/24", next_hop_type="Instance", next_hop_id="i-emulator")
    assert _entry(vpc, instance)["NextHops"]["NextHop"] == [{"NextHopType": "Instance", "NextHopId": "i-emulator"}]
    hops = [models.CreateRouteEntryRequestNextHopList(next_hop_type="RouterInterface", next_hop_id="ri-%d" % n, weight=100)
            for n in (1, 2)]
    ecmp = create_route(vpc, destination="192.168.1.0/24", next_hop_list=hops)
    assert [hop["NextHopId"] for hop in _entry(vpc, ecmp)["NextHops"]["NextHop"]] == ["ri-1", "ri-2"]
    twice = [models.CreateRouteEntryRequestNextHopList(next_hop_type="RouterInterface", next_hop_id="ri-1")] * 2
    refused("Duplicated.VpcNextHop", create_route, vpc, destination="192.168.2.0/24", next_hop_list=twice)
    refused("InvalidNexthopTypeAndList.BothNotNull", create_route, vpc, destination="192.168.2.0/24", next_hop_list=hops,
            next_hop_type="Instance", next_hop_id="i-1")


def test_the_same_destination_twice(emulator, vpc, pcc):
    emulator.control.set_all_transitions({"mode": "immediate"})
    create_route(vpc, next_hop_id=pcc)
    refused("InvalidRouteEntry.Duplicate", create_route, vpc, next_hop_id=pcc)
    refused("RouteConflict.AlreadyExist", create_route, vpc, next_hop_type="Instance", next_hop_id="i-emulator")


def test_at_most_200_custom_entries_per_table(emulator, vpc, pcc):
    emulator.control.seed_route_entries([{"RouteTableId": TABLE_HZ_1, "DestinationCidrBlock": "192.168.%d.0/24" % n,
                                          "NextHopId": "i-emulator"} for n in range(200)])
    refused("QuotaExceeded", create_route, vpc, next_hop_id=pcc)
    emulator.control.update_config({"vpc": {"max_custom_entries_per_table": 201}})
    assert create_route(vpc, next_hop_id=pcc)


def test_vpc_table_and_vswitch_status_block_writes(emulator, vpc, pcc):
    emulator.control.patch_vpc(REQ_HZ_1, Status="Pending", Transitions={"vpc_create": {"mode": "never"}})
    refused("IncorrectVpcStatus", create_route, vpc, next_hop_id=pcc)
    emulator.control.patch_vpc(REQ_HZ_1, Status="Available")
    emulator.control.patch_route_table(TABLE_HZ_1, Status="Pending")
    refused("IncorrectStatus.RouteTableStatus", create_route, vpc, next_hop_id=pcc)
    emulator.control.patch_route_table(TABLE_HZ_1, Status="Available")
    emulator.control.patch_vswitch("vsw-requester-hz-1-b", Status="Pending")
    refused("IncorrectVSwitchStatus", create_route, vpc, next_hop_id=pcc)


def test_ipv6_routes_through_a_peering_where_the_region_refuses_them(emulator, vpc, pcc):
    emulator.control.update_config({"vpc": {"vpc_peer_ipv6_unsupported_regions": [HZ]}})
    refused("UnsupportedFeature.VpcPeerIpv6", create_route, vpc, destination="2408:4000:2000::/56", next_hop_id=pcc)
    emulator.control.update_config({"vpc": {"vpc_peer_ipv6_unsupported_regions": []}})
    entry_id = create_route(vpc, destination="2408:4000:2000::/56", next_hop_id=pcc)
    assert routes(vpc, route_entry_id=entry_id, ip_version="IPv6")[0]["IpVersion"] == "ipv6"


def test_delete_by_id_then_deleting_then_gone(emulator, vpc, pcc):
    emulator.control.set_transitions(route_create={"mode": "immediate"})
    entry_id = create_route(vpc, next_hop_id=pcc)
    assert delete_route(vpc, route_entry_id=entry_id)["RequestId"]
    assert _entry(vpc, entry_id)["Status"] == "Deleting"
    emulator.control.advance_clock(0.3)
    assert _entry(vpc, entry_id) is None
    refused("InvalidRouteEntryId.NotFound", delete_route, vpc, route_entry_id=entry_id)


def test_delete_by_table_and_destination(emulator, vpc, pcc):
    emulator.control.set_all_transitions({"mode": "immediate"})
    create_route(vpc, next_hop_id=pcc)
    refused("InvalidRouteEntry.NotFound", delete_route, vpc, route_table_id=TABLE_HZ_1, destination_cidr_block="10.9.0.0/16")
    refused("InvalidRouteEntry.NotFound", delete_route, vpc, route_table_id=TABLE_HZ_1, destination_cidr_block="10.1.0.0/16",
            next_hop_id="pcc-other")
    refused("InvalidRouteTableId.NotFound", delete_route, vpc, route_table_id="vtb-unknown", destination_cidr_block="10.1.0.0/16",
            status=404)
    refused("InvalidCidrBlock.Malformed", delete_route, vpc, route_table_id=TABLE_HZ_1, destination_cidr_block="ten")
    delete_route(vpc, route_table_id=TABLE_HZ_1, destination_cidr_block="10.1.0.0/16", next_hop_id=pcc)
    assert custom_routes(vpc) == []


def test_delete_forms_exclude_each_other(emulator, vpc, pcc):
    emulator.control.set_all_transitions({"mode": "immediate"})
    entry_id = create_route(vpc, next_hop_id=pcc)
    refused("ParamExclusive.RouteEntryIdAndRouteTableIdOrDestCidrBlock", delete_route, vpc, route_entry_id=entry_id,
            destination_cidr_block="10.1.0.0/16")
    refused("ParamExclusive.RouteEntryIdAndRouteTableIdOrDestCidrBlock", delete_route, vpc, route_entry_id=entry_id,
            route_table_id=TABLE_HZ_1)
    refused("MissingParameter", delete_route, vpc)
    refused("MissingParameter", delete_route, vpc, route_table_id=TABLE_HZ_1)
    emulator.control.update_config({"vpc": {"delete_exclusive_params": "cidr"}})
    delete_route(vpc, route_entry_id=entry_id, route_table_id=TABLE_HZ_1)
    assert custom_routes(vpc) == []


def test_entries_that_are_not_the_callers_to_delete(emulator, vpc):
    system = routes(vpc)[0]["RouteEntryId"]
    refused("OperationDenied", delete_route, vpc, route_entry_id=system)
    refused("OperationDenied", delete_route, vpc, route_table_id=TABLE_HZ_1, destination_cidr_block="10.0.1.0/24")
    managed = emulator.control.seed_route_entry(RouteTableId=TABLE_HZ_1, DestinationCidrBlock="192.168.0.0/24",
                                                NextHopType="Attachment", NextHopId="tr-attach", ServiceType="TR")
    refused("OperationDenied.DeleteManagedRouteEntry", delete_route, vpc, route_entry_id=managed["RouteEntryId"])
    refused("OperationDenied.ModifyManagedRouteEntry", modify_route, vpc, route_entry_id=managed["RouteEntryId"], route_entry_name="x")
    learned = emulator.control.seed_route_entry(RouteTableId=TABLE_HZ_1, DestinationCidrBlock="192.168.1.0/24", Type="BGP",
                                                NextHopType="RouterInterface", NextHopId="ri-bgp")
    assert learned["Origin"] == "RoutePropagation"
    refused("Forbbiden", delete_route, vpc, route_entry_id=learned["RouteEntryId"])
    refused("InvalidRouteEntryId.NotFound", delete_route, emulator.vpc_accepter(), route_entry_id=learned["RouteEntryId"])


def test_only_an_available_entry_can_change(emulator, vpc, pcc):
    emulator.control.set_transitions(route_create={"mode": "never"})
    entry_id = create_route(vpc, next_hop_id=pcc)
    refused("IncorrectRouteEntryStatus", delete_route, vpc, route_entry_id=entry_id)
    refused("IncorrectRouteEntryStatus", modify_route, vpc, route_entry_id=entry_id, route_entry_name="x")
    emulator.control.update_config({"vpc": {"entry_status_code": "IncorrectStatus.VpcRouteEntry"}})
    refused("IncorrectStatus.VpcRouteEntry", delete_route, vpc, route_entry_id=entry_id)


def test_modify_name_description_and_next_hop(emulator, vpc, pcc):
    emulator.control.set_transitions(route_create={"mode": "immediate"})
    entry_id = create_route(vpc, next_hop_id=pcc, route_entry_name="old")
    modify_route(vpc, route_entry_id=entry_id, route_entry_name="new", description="described")
    shown = _entry(vpc, entry_id)
    assert (shown["Status"], shown["RouteEntryName"], shown["Description"]) == ("Modifying", "new", "described")
    refused("IncorrectRouteEntryStatus", modify_route, vpc, route_entry_id=entry_id, description="again")
    emulator.control.advance_clock(0.3)
    assert _entry(vpc, entry_id)["Status"] == "Available"
    refused("OperationDenied.NextHopNotChanged", modify_route, vpc, route_entry_id=entry_id, new_next_hop_type="VpcPeer",
            new_next_hop_id=pcc)
    modify_route(vpc, route_table_id=TABLE_HZ_1, destination_cidr_block="10.1.0.0/16", new_next_hop_type="Instance",
                 new_next_hop_id="i-emulator")
    assert _entry(vpc, entry_id)["NextHops"]["NextHop"] == [{"NextHopType": "Instance", "NextHopId": "i-emulator"}]


def test_modify_errors(emulator, vpc, pcc):
    emulator.control.set_all_transitions({"mode": "immediate"})
    entry_id = create_route(vpc, next_hop_id=pcc)
    refused("InvalidRouteEntryId.NotFound", modify_route, vpc, route_entry_id="rte-unknown", route_entry_name="x")
    refused("InvalidRouteEntryId.NotFound", modify_route, vpc, route_table_id=TABLE_HZ_1, destination_cidr_block="10.9.0.0/16",
            route_entry_name="x")
    refused("InvalidRouteEntryName.Malformed", modify_route, vpc, route_entry_id=entry_id, route_entry_name="")
    refused("MissingParameter", modify_route, vpc, route_entry_id=entry_id, new_next_hop_type="VpcPeer")
    refused("OperationDenied", modify_route, vpc, route_entry_id=routes(vpc)[0]["RouteEntryId"], route_entry_name="x")
    refused("ResourceNotFound.VpcPeer", modify_route, vpc, route_entry_id=entry_id, new_next_hop_type="VpcPeer",
            new_next_hop_id="pcc-unknown")


def test_dry_runs_check_everything_and_change_nothing(emulator, vpc, pcc):
    emulator.control.set_all_transitions({"mode": "immediate"})
    refused("DryRunOperation", create_route, vpc, next_hop_id=pcc, dry_run=True)
    refused("InvalidCidrBlock", create_route, vpc, destination="10.0.1.0/24", next_hop_id=pcc, dry_run=True)
    assert custom_routes(vpc) == []
    entry_id = create_route(vpc, next_hop_id=pcc)
    refused("DryRunOperation", modify_route, vpc, route_entry_id=entry_id, route_entry_name="x", dry_run=True)
    refused("DryRunOperation", delete_route, vpc, route_entry_id=entry_id, dry_run=True)
    assert [(e["RouteEntryName"], e["Status"]) for e in custom_routes(vpc)] == [("", "Available")]
    assert not [call for call in emulator.control.journal() if call["applied"] and call["dry_run"]]


def test_the_accepter_writes_its_own_side(emulator, pcc):
    emulator.control.set_all_transitions({"mode": "immediate"})
    cross = cross_account_peering(emulator)
    accepter = emulator.vpc_accepter()
    entry_id = create_route(accepter, ACC_TABLE_HZ_1, "10.0.0.0/16", next_hop_id=cross)
    assert _entry(accepter, entry_id, ACC_TABLE_HZ_1)["NextHops"]["NextHop"][0]["NextHopRelatedInfo"] == {
        "InstanceId": REQ_HZ_1, "InstanceType": "VPC", "RegionId": HZ}
    refused("ResourceNotFound.VpcPeer", create_route, accepter, ACC_TABLE_HZ_1, "10.1.0.0/16", next_hop_id=pcc)
    assert route_list(emulator.vpc_requester(), TABLE_HZ_2)["TotalCount"] == 2  # the other account's tables are apart
