# Copyright (c) alibabacloud.vpcpeer contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""VPCs over time through the real SDKs: CreateVpc and DeleteVpc, peering VPCs that CreateVpc made, the routes
of a peering connection (RouteCount seeds, OperationDenied.RouteEntryExist, Force), reset, and the control API."""

from __future__ import annotations

import pytest
from alibabacloud_vpc20160428 import models
from alibabacloud_vpcpeer20220101 import models as peer_models

from emulator_helpers import assert_error, client_error
from vpc_helpers import (
    ACC_TABLE_HZ_1, HZ, REQ_HZ_1, REQ_HZ_2, TABLE_HZ_1, create_route, cross_account_peering, custom_routes,
    peering, refused, routes,
)
from vpcpeer_emulator import ControlError, REQUESTER_UID


@pytest.fixture
def vpc(emulator):
    return emulator.vpc_requester()


def _create_vpc(client, **fields):
    request = dict(region_id=HZ, cidr_block="192.168.0.0/16")
    request.update(fields)
    return client.create_vpc(models.CreateVpcRequest(**request)).body


def _delete_vpc(client, vpc_id, **fields):
    return client.delete_vpc(models.DeleteVpcRequest(region_id=HZ, vpc_id=vpc_id, **fields)).body


def _attribute(client, vpc_id):
    return client.describe_vpc_attribute(models.DescribeVpcAttributeRequest(region_id=HZ, vpc_id=vpc_id)).body


def test_create_vpc_is_pending_then_available(emulator, vpc):
    created = _create_vpc(vpc, vpc_name="made", description="by the test")
    assert created.vpc_id.startswith("vpc-") and created.vrouter_id.startswith("vrt-") and created.route_table_id.startswith("vtb-")
    assert created.resource_group_id == "rg-emulator-requester-default"
    shown = _attribute(vpc, created.vpc_id)
    assert (shown.status, shown.cidr_block, shown.vpc_name, shown.vrouter_id) == ("Pending", "192.168.0.0/16", "made", created.vrouter_id)
    refused("IncorrectVpcStatus", create_route, vpc, created.route_table_id, "10.0.0.0/16", next_hop_type="Instance", next_hop_id="i-1")
    emulator.control.advance_clock(0.3)
    assert _attribute(vpc, created.vpc_id).status == "Available"
    listed = [e["DestinationCidrBlock"] for e in routes(vpc, created.route_table_id)]
    assert listed == ["100.64.0.0/10"]  # no vSwitch yet: only the cloud-service route


def test_create_vpc_checks(emulator, vpc):
    refused("InvalidParameter", _create_vpc, vpc, cidr_block="100.64.0.0/16")
    refused("InvalidParameter", _create_vpc, vpc, cidr_block="not-a-cidr")
    refused("IllegalParam.CidrBlockMask", _create_vpc, vpc, cidr_block="10.0.0.0/30")
    refused("InvalidVpcName.Malformed", _create_vpc, vpc, vpc_name="https://x")
    refused("InvalidVpcDiscription.Malformed", _create_vpc, vpc, description="")
    refused("InvalidUserCidr.Quota", _create_vpc, vpc, user_cidr="10.0.0.0/8,11.0.0.0/8,12.0.0.0/8,13.0.0.0/8")
    refused("InvalidUserCidr.Malformed", _create_vpc, vpc, user_cidr="100.64.0.0/16")
    refused("InvalidResourceGroupId", _create_vpc, vpc, resource_group_id="rg-elsewhere")
    refused("DryRunOperation", _create_vpc, vpc, dry_run=True)
    assert _create_vpc(vpc, cidr_block=None).vpc_id  # 172.16.0.0/12 by default
    emulator.control.update_config({"vpc": {"max_vpcs_per_region": 4}})
    refused("QuotaExceeded.Vpc", _create_vpc, vpc)


def test_create_vpc_with_tags_and_describe_vpcs_by_tag(vpc):
    tag = models.CreateVpcRequestTag
    made = _create_vpc(vpc, vpc_name="tagged", tag=[tag(key="run", value="r-1"), tag(key="owner", value="tests")]).vpc_id
    _create_vpc(vpc, vpc_name="other", cidr_block="192.169.0.0/16", tag=[tag(key="run", value="r-2")])

    def tagged(*pairs):
        request = models.DescribeVpcsRequest(region_id=HZ, tag=[models.DescribeVpcsRequestTag(key=k, value=v) for k, v in pairs])
        return [item.vpc_id for item in vpc.describe_vpcs(request).body.vpcs.vpc]

    assert tagged(("run", "r-1")) == [made] and len(tagged(("run", None))) == 2 and tagged(("nobody", None)) == []
    shown = vpc.describe_vpcs(models.DescribeVpcsRequest(region_id=HZ, vpc_id=made)).body.vpcs.vpc[0]
    assert {t.key: t.value for t in shown.tags.tag} == {"run": "r-1", "owner": "tests"}


def test_create_vpc_with_a_client_token(emulator, vpc):
    first = _create_vpc(vpc, client_token="vpc-token")
    assert _create_vpc(vpc, client_token="vpc-token").vpc_id == first.vpc_id
    assert len(emulator.control.vpcs()) == 10


def test_delete_vpc_refuses_while_something_uses_it(emulator, vpc):
    emulator.control.set_all_transitions({"mode": "immediate"})
    created = _create_vpc(vpc)
    emulator.control.add_vswitch(VpcId=created.vpc_id, VSwitchId="vsw-made", CidrBlock="192.168.1.0/24")
    refused("DependencyViolation.VSwitch", _delete_vpc, vpc, created.vpc_id)
    pcc = peering(emulator, VpcId=created.vpc_id, AcceptingVpcId=REQ_HZ_2)
    refused("OperationDenied.VpcPeerExists", _delete_vpc, vpc, created.vpc_id)
    emulator.control.delete_connection(pcc)
    refused("InvalidVpcId.NotFound", _delete_vpc, vpc, "vpc-unknown", status=404)
    refused("DependencyViolation.VSwitch", _delete_vpc, vpc, REQ_HZ_1)


def test_delete_vpc_refuses_custom_routes_then_deletes(emulator, vpc):
    emulator.control.set_transitions(vpc_create={"mode": "immediate"}, route_create={"mode": "immediate"},
                                     vpc_delete={"mode": "reads", "reads": 1})
    created = _create_vpc(vpc)
    create_route(vpc, created.route_table_id, "10.0.0.0/16", next_hop_type="Instance", next_hop_id="i-1")
    refused("DependencyViolation.RouteEntry", _delete_vpc, vpc, created.vpc_id)
    emulator.control.delete_route_entry(custom_routes(vpc, created.route_table_id)[0]["RouteEntryId"])
    refused("DryRunOperation", _delete_vpc, vpc, created.vpc_id, dry_run=True)
    assert _delete_vpc(vpc, created.vpc_id, client_token="bye").request_id
    assert _attribute(vpc, created.vpc_id).status == "Deleting"
    refused("IncorrectVpcStatus", _delete_vpc, vpc, created.vpc_id)
    refused("InvalidVpcId.NotFound", _attribute, vpc, created.vpc_id, status=404)


def test_a_peering_between_vpcs_that_create_vpc_made(emulator, vpc):
    emulator.control.set_all_transitions({"mode": "immediate"})
    first, second = _create_vpc(vpc, cidr_block="192.168.0.0/16"), _create_vpc(vpc, cidr_block="172.20.0.0/16")
    request = peer_models.CreateVpcPeerConnectionRequest(region_id=HZ, vpc_id=first.vpc_id, accepting_ali_uid=REQUESTER_UID,
                                                         accepting_region_id=HZ, accepting_vpc_id=second.vpc_id)
    pcc = emulator.requester().create_vpc_peer_connection(request).body.instance_id
    entry_id = create_route(vpc, first.route_table_id, "172.20.0.0/16", next_hop_id=pcc)
    assert custom_routes(vpc, first.route_table_id)[0]["RouteEntryId"] == entry_id
    emulator.control.delete_route_entry(entry_id)
    emulator.requester().delete_vpc_peer_connection(peer_models.DeleteVpcPeerConnectionRequest(instance_id=pcc))
    _delete_vpc(vpc, first.vpc_id)
    assert_error(client_error(emulator.requester().create_vpc_peer_connection, request), "ResourceNotFound.VpcId")


def test_route_count_seeds_real_entries_and_blocks_delete_without_force(emulator, vpc):
    emulator.control.set_all_transitions({"mode": "immediate"})
    pcc = cross_account_peering(emulator, RouteCount=2)
    assert emulator.control.connection(pcc)["RouteCount"] == 2
    seeded = custom_routes(vpc)
    assert [e["DestinationCidrBlock"] for e in seeded] == ["172.16.0.0/16", "172.16.0.0/24"]
    assert all(e["NextHops"]["NextHop"][0]["NextHopId"] == pcc and e["Status"] == "Available" for e in seeded)
    delete = peer_models.DeleteVpcPeerConnectionRequest(instance_id=pcc)
    assert_error(client_error(emulator.requester().delete_vpc_peer_connection, delete), "OperationDenied.RouteEntryExist")
    assert emulator.control.patch_connection(pcc, RouteCount=1)["RouteCount"] == 1


def test_routes_on_either_side_need_force_and_force_deletes_them(emulator, vpc):
    emulator.control.set_transitions(route_create={"mode": "immediate"}, route_delete={"mode": "reads", "reads": 1})
    pcc = cross_account_peering(emulator)
    create_route(emulator.vpc_accepter(), ACC_TABLE_HZ_1, "10.0.0.0/16", next_hop_id=pcc)
    delete = peer_models.DeleteVpcPeerConnectionRequest(instance_id=pcc)
    assert_error(client_error(emulator.accepter().delete_vpc_peer_connection, delete), "OperationDenied.RouteEntryExist")
    create_route(vpc, TABLE_HZ_1, "172.16.0.0/16", next_hop_id=pcc)
    emulator.requester().delete_vpc_peer_connection(peer_models.DeleteVpcPeerConnectionRequest(instance_id=pcc, force=True))
    accepter_side = custom_routes(emulator.vpc_accepter(), ACC_TABLE_HZ_1)
    assert [e["Status"] for e in accepter_side + custom_routes(vpc)] == ["Deleting", "Deleting"]
    assert custom_routes(emulator.vpc_accepter(), ACC_TABLE_HZ_1) == [] and custom_routes(vpc) == []


def test_a_deleting_route_still_points_at_the_connection_unless_configured(emulator, vpc):
    emulator.control.set_transitions(route_delete={"mode": "never"})
    pcc = peering(emulator, RouteCount=1)
    emulator.control.patch_route_entry(custom_routes(vpc)[0]["RouteEntryId"], Status="Deleting")
    delete = peer_models.DeleteVpcPeerConnectionRequest(instance_id=pcc)
    assert_error(client_error(emulator.requester().delete_vpc_peer_connection, delete), "OperationDenied.RouteEntryExist")
    emulator.control.update_config({"vpc": {"route_entry_exist_counts_deleting": False}})
    emulator.requester().delete_vpc_peer_connection(delete)


def test_reset_brings_back_the_configured_vpcs_and_drops_created_ones(emulator, vpc):
    emulator.control.set_all_transitions({"mode": "immediate"})
    created = _create_vpc(vpc).vpc_id
    emulator.control.add_vpc("requester", HZ, "vpc-bare", ["10.9.0.0/16"])
    _delete_vpc(vpc, "vpc-bare")
    assert emulator.control.patch_vpc("vpc-requester-hz-3", Status="Deleting") == {"VpcId": "vpc-requester-hz-3", "Removed": True}
    ids = [v["VpcId"] for v in emulator.control.vpcs()]
    assert "vpc-bare" not in ids and "vpc-requester-hz-3" not in ids
    emulator.control.update_config({"seed": 1})  # a later configuration change does not bring a deleted VPC back
    assert "vpc-requester-hz-3" not in [v["VpcId"] for v in emulator.control.vpcs()]
    emulator.control.reset()
    ids = [v["VpcId"] for v in emulator.control.vpcs()]
    assert created not in ids and "vpc-bare" not in ids and "vpc-requester-hz-3" in ids and len(ids) == 9


def test_configured_vswitches_custom_tables_and_status(emulator, vpc):
    emulator.control.add_vpc("requester", HZ, "vpc-shaped", ["10.20.0.0/16"], name="shaped", status="Pending",
                             vswitches=[{"id": "vsw-shaped-1", "cidr": "10.20.1.0/24", "zone": "cn-hangzhou-j"},
                                        {"id": "vsw-shaped-2", "cidr": "10.20.2.0/24"}],
                             route_tables=[{"id": "vtb-shaped-apps", "name": "apps", "vswitch_ids": ["vsw-shaped-2"]}])
    shown = emulator.control.vpc("vpc-shaped")
    assert (shown["Status"], shown["VpcName"], shown["Origin"], shown["RouterTableIds"]["RouterTableIds"]) == (
        "Pending", "shaped", "config", ["vtb-shaped", "vtb-shaped-apps"])
    apps = [e["DestinationCidrBlock"] for e in routes(vpc, "vtb-shaped-apps")]
    assert apps == ["100.64.0.0/10", "10.20.1.0/24", "10.20.2.0/24"]
    emulator.control.advance_clock(0.3)
    assert _attribute(vpc, "vpc-shaped").status == "Available"
    with pytest.raises(ControlError) as info:
        emulator.control.add_vpc("requester", HZ, "vpc-bad", ["10.30.0.0/16"], vswitches=[{"cidr": "10.31.0.0/24"}])
    assert info.value.status == 400


def test_control_api_for_the_network(emulator, vpc):
    tables = {t["RouteTableId"]: t for t in emulator.control.route_tables()}
    assert tables[TABLE_HZ_1]["EntryCount"] == 3 and tables[TABLE_HZ_1]["RegionId"] == HZ
    vswitch = emulator.control.add_vswitch(VpcId=REQ_HZ_1, VSwitchId="vsw-extra", CidrBlock="10.0.3.0/24", ZoneId="cn-hangzhou-k")
    assert vswitch["RouteTable"] == {"RouteTableId": TABLE_HZ_1, "RouteTableType": "System"}
    assert "10.0.3.0/24" in [e["DestinationCidrBlock"] for e in routes(vpc)]
    entry = emulator.control.seed_route_entry(RouteTableId=TABLE_HZ_1, DestinationCidrBlock="192.168.9.0/24", NextHopId="i-1",
                                              Status="Pending", Transitions={"route_create": {"mode": "never"}})
    assert entry["Pending"]["phase"] == "route_create" and entry["VpcId"] == REQ_HZ_1
    assert emulator.control.set_route_entry_transitions(entry["RouteEntryId"], route_create={"mode": "immediate"})["Status"] == "Available"
    assert emulator.control.patch_route_entry(entry["RouteEntryId"], RouteEntryName="renamed")["RouteEntryName"] == "renamed"
    assert [e["RouteEntryId"] for e in emulator.control.route_entries(vpc_id=REQ_HZ_1, next_hop_id="i-1")] == [entry["RouteEntryId"]]
    emulator.control.delete_route_entry(entry["RouteEntryId"])
    for call, args in ((emulator.control.route_entry, ("rte-unknown",)), (emulator.control.vpc, ("vpc-unknown",)),
                       (emulator.control.patch_vswitch, ("vsw-unknown",))):
        with pytest.raises(ControlError) as info:
            call(*args)
        assert info.value.status == 404
    assert emulator.control.health()["api_versions"] == {"VpcPeer": "2022-01-01", "Vpc": "2016-04-28"}
