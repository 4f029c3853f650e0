# Copyright (c) alibabacloud.vpcpeer contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""VPC 2016-04-28 reads through the real SDK: DescribeVpcs, DescribeVpcAttribute, DescribeVSwitches,
DescribeRouteTableList and DescribeRouteEntryList; their answers' shapes, filters, paging and errors."""

from __future__ import annotations

import pytest
from alibabacloud_vpc20160428 import models

from vpc_helpers import (
    ACC_HZ_1, HZ, REQ_HZ_1, REQ_HZ_2, SH, TABLE_HZ_1, TABLE_HZ_2, create_route, peering, refused, route_list, routes,
)


@pytest.fixture
def vpc(emulator):
    return emulator.vpc_requester()


def _vpcs(client, **fields):
    request = dict(region_id=HZ)
    request.update(fields)
    return client.describe_vpcs(models.DescribeVpcsRequest(**request)).body


def test_describe_vpcs_answers_the_sdk_model(vpc):
    body = _vpcs(vpc)
    assert (body.total_count, body.page_number, body.page_size) == (3, 1, 10)
    first = body.vpcs.vpc[0]
    assert (first.vpc_id, first.cidr_block, first.vrouter_id, first.status) == (REQ_HZ_1, "10.0.0.0/16", "vrt-requester-hz-1", "Available")
    assert first.router_table_ids.router_table_ids == [TABLE_HZ_1]
    assert first.v_switch_ids.v_switch_id == ["vsw-requester-hz-1-a", "vsw-requester-hz-1-b"]
    assert first.ipv_6cidr_blocks.ipv_6cidr_block[0].ipv_6cidr_block == "2408:4000:1000::/56"
    assert (first.region_id, first.owner_id, first.is_default) == (HZ, 1234567890123456, False)
    assert [v.vpc_id for v in _vpcs(vpc, region_id=SH).vpcs.vpc] == ["vpc-requester-sh-1"]


def test_describe_vpcs_filters_and_pages(vpc):
    assert [v.vpc_id for v in _vpcs(vpc, vpc_id="%s,%s,vpc-unknown" % (REQ_HZ_2, ACC_HZ_1)).vpcs.vpc] == [REQ_HZ_2]
    second = _vpcs(vpc, page_size=2, page_number=2)
    assert (second.total_count, [v.vpc_id for v in second.vpcs.vpc]) == (3, ["vpc-requester-hz-3"])
    assert _vpcs(vpc, vpc_name="nothing").total_count == 0
    assert _vpcs(vpc, is_default=True).total_count == 0
    assert _vpcs(vpc, resource_group_id="rg-emulator-requester-default").total_count == 3
    refused("InvalidVpcIdNumber.NotSupported", _vpcs, vpc, vpc_id=",".join("vpc-%d" % n for n in range(21)))
    refused("InvalidResourceGroupId.NotFound", _vpcs, vpc, resource_group_id="rg-elsewhere")
    refused("IllegalParam.PageSize", _vpcs, vpc, page_size=51)
    refused("DryRunOperation", _vpcs, vpc, dry_run=True)


def test_vpcs_are_per_account_and_region(emulator):
    accepter = emulator.vpc_accepter()
    assert [v.vpc_id for v in _vpcs(accepter).vpcs.vpc] == [ACC_HZ_1, "vpc-accepter-hz-2"]
    refused("InvalidVpcId.NotFound", accepter.describe_vpc_attribute,
            models.DescribeVpcAttributeRequest(region_id=HZ, vpc_id=REQ_HZ_1), status=404)
    refused("InvalidVpcId.NotFound", emulator.vpc_requester().describe_vpc_attribute,
            models.DescribeVpcAttributeRequest(region_id=SH, vpc_id=REQ_HZ_1), status=404)
    refused("InvalidRegionId.NotFound", _vpcs, accepter, region_id="mars-1", status=404)


def test_describe_vpc_attribute(vpc):
    body = vpc.describe_vpc_attribute(models.DescribeVpcAttributeRequest(region_id=HZ, vpc_id=REQ_HZ_2)).body
    assert (body.vpc_id, body.cidr_block, body.vrouter_id, body.status) == (REQ_HZ_2, "10.1.0.0/16", "vrt-requester-hz-2", "Available")
    assert body.v_switch_ids.v_switch_id == ["vsw-requester-hz-2-a"]
    counts = {item.resource_type: item.resource_count for item in body.cloud_resources.cloud_resource_set_type}
    assert counts == {"VSwitch": 1, "RouteTable": 1}
    refused("DryRunOperation", vpc.describe_vpc_attribute, models.DescribeVpcAttributeRequest(region_id=HZ, vpc_id=REQ_HZ_2, dry_run=True))


def _vswitches(client, **fields):
    return client.describe_vswitches(models.DescribeVSwitchesRequest(**fields)).body


def test_describe_vswitches(vpc):
    body = _vswitches(vpc, region_id=HZ)
    assert body.total_count == 4
    first = body.v_switches.v_switch[0]
    assert (first.v_switch_id, first.vpc_id, first.cidr_block, first.zone_id) == ("vsw-requester-hz-1-a", REQ_HZ_1, "10.0.1.0/24", "cn-hangzhou-h")
    assert (first.route_table.route_table_id, first.route_table.route_table_type, first.available_ip_address_count) == (TABLE_HZ_1, "System", 252)
    assert [v.v_switch_id for v in _vswitches(vpc, vpc_id=REQ_HZ_1).v_switches.v_switch] == ["vsw-requester-hz-1-a", "vsw-requester-hz-1-b"]
    assert [v.v_switch_id for v in _vswitches(vpc, region_id=HZ, zone_id="cn-hangzhou-i").v_switches.v_switch] == [
        "vsw-requester-hz-1-b", "vsw-requester-hz-3-a"]
    assert _vswitches(vpc, region_id=HZ, v_switch_id="vsw-requester-hz-2-a").total_count == 1
    assert _vswitches(vpc, region_id=HZ, resource_group_id="rg-emulator-requester-2").total_count == 0
    assert _vswitches(vpc, region_id=HZ, v_switch_owner_id=1234567890123456).total_count == 4
    assert [v.v_switch_id for v in _vswitches(vpc, region_id=HZ, page_size=1, page_number=4).v_switches.v_switch] == ["vsw-requester-hz-3-a"]
    refused("MissingParameter", _vswitches, vpc)
    refused("Forbidden.VpcNotFound", _vswitches, vpc, vpc_id=ACC_HZ_1)
    refused("InvalidVSwitchIdNumber.NotSupported", _vswitches, vpc, region_id=HZ, v_switch_id=",".join("vsw-%d" % n for n in range(21)),
            status=404)
    refused("DryRunOperation", _vswitches, vpc, region_id=HZ, dry_run=True)


def _tables(client, **fields):
    request = dict(region_id=HZ)
    request.update(fields)
    return client.describe_route_table_list(models.DescribeRouteTableListRequest(**request)).body


def test_describe_route_table_list(emulator, vpc):
    emulator.control.add_route_table(VpcId=REQ_HZ_1, RouteTableId="vtb-custom-1", RouteTableName="apps",
                                     VSwitchIds=["vsw-requester-hz-1-b"])
    body = _tables(vpc)
    assert body.total_count == 4
    system = body.router_table_list.router_table_list_type[0]
    assert (system.route_table_id, system.route_table_type, system.vpc_id, system.router_id, system.router_type) == (
        TABLE_HZ_1, "System", REQ_HZ_1, "vrt-requester-hz-1", "VRouter")
    assert system.v_switch_ids.v_switch_id == ["vsw-requester-hz-1-a"]
    custom = _tables(vpc, route_table_type="Custom").router_table_list.router_table_list_type
    assert [(t.route_table_id, t.route_table_name, t.v_switch_ids.v_switch_id) for t in custom] == [
        ("vtb-custom-1", "apps", ["vsw-requester-hz-1-b"])]
    assert [t.route_table_id for t in _tables(vpc, vpc_id=REQ_HZ_2).router_table_list.router_table_list_type] == [TABLE_HZ_2]
    assert _tables(vpc, router_type="VBR").total_count == 0
    assert [t.route_table_id for t in _tables(vpc, page_size=1, page_number=3).router_table_list.router_table_list_type] == [TABLE_HZ_2]


def test_the_system_table_holds_the_system_routes(vpc):
    listed = routes(vpc)
    assert [(e["DestinationCidrBlock"], e["Type"], e["Origin"], e["NextHops"]["NextHop"][0]["NextHopType"]) for e in listed] == [
        ("100.64.0.0/10", "System", "SystemCreate", "service"), ("10.0.1.0/24", "System", "SystemCreate", "local"),
        ("10.0.2.0/24", "System", "SystemCreate", "local")]
    assert all(e["Status"] == "Available" and e["IpVersion"] == "ipv4" and e["RouteTableId"] == TABLE_HZ_1 for e in listed)


def test_describe_route_entry_list_filters(emulator, vpc):
    emulator.control.set_all_transitions({"mode": "immediate"})
    pcc = peering(emulator)
    entry_id = create_route(vpc, next_hop_id=pcc, route_entry_name="to-hz-2")
    assert [e["RouteEntryId"] for e in routes(vpc, route_entry_type="Custom")] == [entry_id]
    assert [e["RouteEntryId"] for e in routes(vpc, next_hop_id=pcc)] == [entry_id]
    assert [e["RouteEntryId"] for e in routes(vpc, route_entry_name="to-hz-2")] == [entry_id]
    assert [e["RouteEntryId"] for e in routes(vpc, destination_cidr_block="10.1.0.0/16")] == [entry_id]
    assert len(routes(vpc, dest_cidr_block_list=["10.1.0.0/16", "10.0.1.0/24"])) == 2
    assert len(routes(vpc, route_entry_type="System")) == 3 and routes(vpc, ip_version="IPv6") == []
    hop = routes(vpc, route_entry_id=entry_id)[0]["NextHops"]["NextHop"][0]
    assert hop == {"NextHopType": "VpcPeer", "NextHopId": pcc,
                   "NextHopRelatedInfo": {"InstanceId": REQ_HZ_2, "InstanceType": "VPC", "RegionId": HZ}}
    refused("IllegalParam.RouteEntryType", route_list, vpc, route_entry_type="Static")
    refused("IllegalParam.IpVersion", route_list, vpc, ip_version="IPv5")
    refused("OperationFailed.FilterParamUnderWrongRouteType", route_list, vpc, route_entry_type="System", route_entry_id=entry_id)
    refused("InvalidRouteTable.NotFound", route_list, vpc, "vtb-unknown")
    refused("InvalidRouteTable.NotFound", route_list, emulator.vpc_accepter(), TABLE_HZ_1)


def test_describe_route_entry_list_pages_with_next_token(emulator, vpc):
    pcc = peering(emulator, VpcId=REQ_HZ_2, AcceptingVpcId=REQ_HZ_1)
    emulator.control.seed_route_entries([{"RouteTableId": TABLE_HZ_2, "DestinationCidrBlock": "10.0.%d.0/24" % n, "NextHopId": pcc}
                                         for n in range(10, 22)])
    first = route_list(vpc, TABLE_HZ_2, max_result=5)
    assert (first["TotalCount"], len(first["RouteEntrys"]["RouteEntry"])) == (14, 5) and first["NextToken"]
    second = route_list(vpc, TABLE_HZ_2, max_result=5, next_token=first["NextToken"])
    third = route_list(vpc, TABLE_HZ_2, max_result=5, next_token=second["NextToken"])
    assert "NextToken" not in third and len(third["RouteEntrys"]["RouteEntry"]) == 4
    assert route_list(vpc, TABLE_HZ_2)["RouteEntrys"]["RouteEntry"].__len__() == 10  # MaxResult defaults to 10
    emulator.control.update_config({"paging": {"last_page_next_token": "empty"}})
    assert route_list(vpc, TABLE_HZ_2, max_result=100)["NextToken"] == ""
    refused("IllegalParam.NextToken", route_list, vpc, TABLE_HZ_2, next_token="garbage")
    refused("IllegalParam.MaxResult", route_list, vpc, TABLE_HZ_2, max_result=101)
