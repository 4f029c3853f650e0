# Copyright (c) alibabacloud.vpcpeer contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Success paths and response fields of the eleven actions, the rules of Create/Accept/Reject/Delete,
visibility between accounts, List filters and paging, tags and resource groups."""

from __future__ import annotations

import re

import pytest
from alibabacloud_vpcpeer20220101 import models

from emulator_helpers import (
    HK, HZ, SH, assert_error, client_error, create, create_cross_account, create_cross_region, get, modify,
)
from vpcpeer_emulator import ACCEPTER_UID, REQUESTER_UID

GET_FIELDS = {"RequestId", "InstanceId", "Name", "Description", "Status", "BizStatus", "Bandwidth", "LinkType", "RegionId",
              "OwnerId", "AcceptingOwnerUid", "AcceptingRegionId", "Vpc", "AcceptingVpc", "GmtCreate", "GmtModified",
              "ResourceGroupId", "Tags"}
TIME = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$")


def _tag(key, value):
    return models.CreateVpcPeerConnectionRequestTag(key=key, value=value)


# -- success paths and fields -------------------------------------------------------------------

def test_create_then_get_returns_every_field(emulator, immediate, requester):
    answer = requester.create_vpc_peer_connection(models.CreateVpcPeerConnectionRequest(
        region_id=HZ, vpc_id="vpc-requester-hz-1", accepting_ali_uid=REQUESTER_UID, accepting_region_id=HZ,
        accepting_vpc_id="vpc-requester-hz-2", name="peer-1", description="first peering",
        resource_group_id="rg-emulator-requester-2", tag=[_tag("env", "test")], client_token="tok-create-1"))
    body = answer.body.to_map()
    assert set(body) == {"RequestId", "InstanceId"}
    assert re.fullmatch(r"pcc-[a-z0-9]{22}", body["InstanceId"])
    assert re.fullmatch(r"[0-9A-F]{8}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{12}", body["RequestId"])
    assert answer.headers["x-acs-request-id"] == body["RequestId"]
    assert answer.headers["content-type"] == "application/json;charset=utf-8"
    peer = get(requester, body["InstanceId"])
    assert set(peer) == GET_FIELDS
    assert peer["InstanceId"] == body["InstanceId"]
    assert (peer["Name"], peer["Description"], peer["Status"], peer["BizStatus"]) == ("peer-1", "first peering", "Activated", "Normal")
    assert (peer["Bandwidth"], peer["LinkType"]) == (-1, "")
    assert (peer["RegionId"], peer["AcceptingRegionId"], peer["OwnerId"], peer["AcceptingOwnerUid"]) == (HZ, HZ, REQUESTER_UID, REQUESTER_UID)
    assert peer["Vpc"] == {"VpcId": "vpc-requester-hz-1", "Ipv4Cidrs": ["10.0.0.0/16"], "Ipv6Cidrs": ["2408:4000:1000::/56"]}
    assert peer["AcceptingVpc"] == {"VpcId": "vpc-requester-hz-2", "Ipv4Cidrs": ["10.1.0.0/16"], "Ipv6Cidrs": []}
    assert TIME.match(peer["GmtCreate"]) and TIME.match(peer["GmtModified"])
    assert peer["ResourceGroupId"] == "rg-emulator-requester-2"
    assert peer["Tags"] == [{"Key": "env", "Value": "test"}]


def test_cross_region_defaults_to_1024_and_gold(emulator, immediate, requester):
    peer = get(requester, create_cross_region(requester))
    assert (peer["Bandwidth"], peer["LinkType"], peer["AcceptingRegionId"]) == (1024, "Gold", SH)
    peer = get(requester, create_cross_region(requester, vpc_id="vpc-requester-hz-2", bandwidth=200, link_type="Gold"))
    assert (peer["Bandwidth"], peer["LinkType"]) == (200, "Gold")


def test_cross_account_accept_flow(emulator, immediate, requester, accepter):
    instance_id = create_cross_account(requester)
    peer = get(requester, instance_id)
    assert peer["Status"] == "Accepting" and TIME.match(peer["GmtExpired"])
    assert get(accepter, instance_id)["Status"] == "Accepting"
    exc = client_error(requester.accept_vpc_peer_connection, models.AcceptVpcPeerConnectionRequest(instance_id=instance_id))
    assert_error(exc, "Forbidden.NoPermission")
    answer = accepter.accept_vpc_peer_connection(models.AcceptVpcPeerConnectionRequest(
        instance_id=instance_id, resource_group_id="rg-emulator-accepter-2",
        tag=[models.AcceptVpcPeerConnectionRequestTag(key="side", value="accepter")]))
    assert set(answer.body.to_map()) == {"RequestId"}
    accepted = get(accepter, instance_id)
    assert accepted["Status"] == "Activated" and "GmtExpired" not in accepted
    assert accepted["ResourceGroupId"] == "rg-emulator-accepter-2"
    assert accepted["Tags"] == [{"Key": "side", "Value": "accepter"}]
    assert get(requester, instance_id)["ResourceGroupId"] == "rg-emulator-requester-default"
    assert get(requester, instance_id)["Tags"] == []
    exc = client_error(accepter.accept_vpc_peer_connection, models.AcceptVpcPeerConnectionRequest(instance_id=instance_id))
    assert_error(exc, "IncorrectStatus.VpcPeer")
    assert exc.data["Message"] == "The status of %s [Activated] is incorrect." % instance_id


def test_accept_checks_business_status_resource_group_and_dry_run(emulator, immediate, requester, accepter):
    instance_id = create_cross_account(requester)
    exc = client_error(accepter.accept_vpc_peer_connection, models.AcceptVpcPeerConnectionRequest(
        instance_id=instance_id, resource_group_id="rg-does-not-exist"))
    assert_error(exc, "OperationFailed.NotExist.ResourceGroup")
    exc = client_error(accepter.accept_vpc_peer_connection, models.AcceptVpcPeerConnectionRequest(instance_id=instance_id, dry_run=True))
    assert_error(exc, "DryRunOperation")
    assert get(accepter, instance_id)["Status"] == "Accepting"
    emulator.control.patch_connection(instance_id, BizStatus="FinancialLocked")
    exc = client_error(accepter.accept_vpc_peer_connection, models.AcceptVpcPeerConnectionRequest(instance_id=instance_id))
    assert_error(exc, "IncorrectBusinessStatus.VpcPeer")
    assert exc.data["Message"] == "The business status of %s [FinancialLocked] is incorrect." % instance_id


def test_reject_flow(emulator, immediate, requester, accepter):
    instance_id = create_cross_account(requester)
    assert_error(client_error(requester.reject_vpc_peer_connection, models.RejectVpcPeerConnectionRequest(instance_id=instance_id)),
                 "Forbidden.NoPermission")
    assert_error(client_error(accepter.reject_vpc_peer_connection, models.RejectVpcPeerConnectionRequest(instance_id=instance_id, dry_run=True)),
                 "DryRunOperation")
    answer = accepter.reject_vpc_peer_connection(models.RejectVpcPeerConnectionRequest(instance_id=instance_id))
    assert set(answer.body.to_map()) == {"RequestId"}
    assert get(requester, instance_id)["Status"] == "Rejected"
    assert_error(client_error(accepter.reject_vpc_peer_connection, models.RejectVpcPeerConnectionRequest(instance_id=instance_id)),
                 "IncorrectStatus.VpcPeer")
    # A rejected request no longer blocks a new one between the same VPCs; the requester may delete it.
    create_cross_account(requester)
    requester.delete_vpc_peer_connection(models.DeleteVpcPeerConnectionRequest(instance_id=instance_id))
    assert_error(client_error(get, requester, instance_id), "ResourceNotFound.InstanceId")


def test_delete_success_and_not_found_afterwards(emulator, immediate, requester):
    instance_id = create(requester)
    answer = requester.delete_vpc_peer_connection(models.DeleteVpcPeerConnectionRequest(instance_id=instance_id))
    assert set(answer.body.to_map()) == {"RequestId"}
    exc = client_error(get, requester, instance_id)
    assert_error(exc, "ResourceNotFound.InstanceId")
    assert exc.data["Message"] == "The specified resource of %s is not found." % instance_id
    assert_error(client_error(requester.delete_vpc_peer_connection, models.DeleteVpcPeerConnectionRequest(instance_id=instance_id)),
                 "ResourceNotFound.InstanceId")


def test_delete_with_routes_needs_force(emulator, immediate, requester):
    instance_id = create(requester)
    emulator.control.patch_connection(instance_id, RouteCount=2)
    delete = requester.delete_vpc_peer_connection
    assert_error(client_error(delete, models.DeleteVpcPeerConnectionRequest(instance_id=instance_id)), "OperationDenied.RouteEntryExist")
    assert_error(client_error(delete, models.DeleteVpcPeerConnectionRequest(instance_id=instance_id, force=True, dry_run=True)),
                 "DryRunOperation")
    assert emulator.control.connection(instance_id)["RouteCount"] == 2
    delete(models.DeleteVpcPeerConnectionRequest(instance_id=instance_id, force=True))
    assert_error(client_error(get, requester, instance_id), "ResourceNotFound.InstanceId")


def test_delete_refused_for_managed_and_transitional_connections(emulator, requester, accepter):
    delete = requester.delete_vpc_peer_connection
    managed = emulator.control.seed_connection(ManagedService="SWAS")["InstanceId"]
    assert_error(client_error(delete, models.DeleteVpcPeerConnectionRequest(instance_id=managed)), "OperationDenied.ServiceManagedInstance")
    emulator.control.set_all_transitions({"mode": "never"})
    for status in ("Creating", "Updating", "Deleting"):
        seeded = emulator.control.seed_connection(Status=status)["InstanceId"]
        exc = client_error(delete, models.DeleteVpcPeerConnectionRequest(instance_id=seeded))
        assert_error(exc, "IncorrectStatus.VpcPeer")
        assert "[%s]" % status in exc.data["Message"]
    # On a VPC of their own: the busy connections above would refuse them with Conflict.Operation.
    pending = emulator.control.seed_connection(Status="Accepting", AcceptingOwnerUid=ACCEPTER_UID, VpcId="vpc-requester-hz-3",
                                               AcceptingVpcId="vpc-accepter-hz-1")
    # The accepter may only delete an active peering; the requester may withdraw its request.
    assert_error(client_error(accepter.delete_vpc_peer_connection, models.DeleteVpcPeerConnectionRequest(instance_id=pending["InstanceId"])),
                 "IncorrectStatus.VpcPeer")
    emulator.control.set_all_transitions({"mode": "immediate"})
    delete(models.DeleteVpcPeerConnectionRequest(instance_id=pending["InstanceId"]))
    expired = emulator.control.seed_connection(Status="Expired", AcceptingOwnerUid=ACCEPTER_UID, VpcId="vpc-requester-hz-3",
                                               AcceptingVpcId="vpc-accepter-hz-2")
    delete(models.DeleteVpcPeerConnectionRequest(instance_id=expired["InstanceId"]))
    assert {c["Status"] for c in emulator.control.connections()} == {"Activated", "Creating", "Updating", "Deleting"}


def test_accepter_can_delete_an_active_cross_account_peering(emulator, immediate, requester, accepter):
    instance_id = create_cross_account(requester)
    accepter.accept_vpc_peer_connection(models.AcceptVpcPeerConnectionRequest(instance_id=instance_id))
    accepter.delete_vpc_peer_connection(models.DeleteVpcPeerConnectionRequest(instance_id=instance_id))
    assert_error(client_error(get, requester, instance_id), "ResourceNotFound.InstanceId")


# -- visibility ---------------------------------------------------------------------------------

def test_other_accounts_cannot_see_or_touch_a_connection(emulator, immediate, requester, accepter):
    instance_id = create(requester)
    assert_error(client_error(get, accepter, instance_id), "ResourceNotFound.InstanceId")
    assert_error(client_error(modify, accepter, instance_id, name="x"), "ResourceNotFound.InstanceId")
    assert_error(client_error(accepter.delete_vpc_peer_connection, models.DeleteVpcPeerConnectionRequest(instance_id=instance_id)),
                 "ResourceNotFound.InstanceId")
    listed = accepter.list_vpc_peer_connections(models.ListVpcPeerConnectionsRequest()).body.to_map()
    assert listed["TotalCount"] == 0 and listed["VpcPeerConnects"] == []


def test_list_by_region_shows_owner_and_accepter_sides(emulator, immediate, requester, accepter):
    cross = create_cross_account(requester, accepting_region_id=SH, accepting_vpc_id="vpc-accepter-sh-1")
    local = create(requester)

    def listed(client, **kw):
        body = client.list_vpc_peer_connections(models.ListVpcPeerConnectionsRequest(**kw)).body.to_map()
        return [c["InstanceId"] for c in body["VpcPeerConnects"]]

    assert listed(requester, region_id=HZ) == [cross, local]
    assert listed(requester, region_id=SH) == []
    assert listed(accepter, region_id=SH) == [cross]
    assert listed(accepter, region_id=HZ) == []
    assert listed(accepter) == [cross]
    assert listed(requester) == [cross, local]
    body = requester.list_vpc_peer_connections(models.ListVpcPeerConnectionsRequest(region_id=HZ)).body.to_map()
    assert set(body) == {"RequestId", "TotalCount", "MaxResults", "VpcPeerConnects"}  # the last page has no NextToken
    assert all(set(item) == GET_FIELDS - {"RequestId"} | {"GmtExpired"} for item in body["VpcPeerConnects"][:1])
    assert set(body["VpcPeerConnects"][1]) == GET_FIELDS - {"RequestId"}


# -- List filters and paging ------------------------------------------------------------------

def test_list_filters(emulator, immediate, requester):
    first = create(requester, name="alpha", tag=[_tag("env", "prod"), _tag("team", "net")])
    second = create(requester, vpc_id="vpc-requester-hz-3", name="beta", resource_group_id="rg-emulator-requester-2",
                    tag=[_tag("env", "dev")])
    third = create_cross_region(requester, name="gamma")

    def ids(**kw):
        body = requester.list_vpc_peer_connections(models.ListVpcPeerConnectionsRequest(**kw)).body.to_map()
        assert body["TotalCount"] == len(body["VpcPeerConnects"])
        return [c["InstanceId"] for c in body["VpcPeerConnects"]]

    assert ids(region_id=HZ) == [first, second, third]
    assert ids(instance_id=second) == [second]
    assert ids(name="gamma") == [third]
    assert ids(vpc_id=["vpc-requester-hz-2"]) == [first, second]
    assert ids(vpc_id=["vpc-requester-hz-2", "vpc-requester-hz-1"]) == [first]
    assert ids(vpc_id=["vpc-requester-sh-1"]) == [third]
    assert ids(resource_group_id="rg-emulator-requester-2") == [second]
    assert ids(tags=[models.ListVpcPeerConnectionsRequestTags(key="env", value="prod")]) == [first]
    assert ids(tags=[models.ListVpcPeerConnectionsRequestTags(key="env")]) == [first, second]
    assert ids(tags=[models.ListVpcPeerConnectionsRequestTags(key="env", value="prod"),
                     models.ListVpcPeerConnectionsRequestTags(key="team", value="other")]) == []
    exc = client_error(requester.list_vpc_peer_connections, models.ListVpcPeerConnectionsRequest(vpc_id=["a", "b", "c"]))
    assert_error(exc, "IllegalParam.VpcId")


def test_list_pages_with_next_token(emulator, requester):
    seeded = [emulator.control.seed_connection(Name="seed-%02d" % i)["InstanceId"] for i in range(45)]
    seen, token, pages = [], None, 0
    while True:
        body = requester.list_vpc_peer_connections(models.ListVpcPeerConnectionsRequest(
            region_id=HZ, max_results=20, next_token=token)).body.to_map()
        pages += 1
        assert body["TotalCount"] == 45 and body["MaxResults"] == 20
        seen += [c["InstanceId"] for c in body["VpcPeerConnects"]]
        token = body.get("NextToken")
        if not token:
            assert "NextToken" not in body  # omitted on the last page, not ""
            break
    assert pages == 3 and seen == seeded
    default_page = requester.list_vpc_peer_connections(models.ListVpcPeerConnectionsRequest()).body.to_map()
    assert default_page["MaxResults"] == 20 and len(default_page["VpcPeerConnects"]) == 20 and default_page["NextToken"]


@pytest.mark.parametrize("field,value,code", [
    ("max_results", 0, "IllegalParam.MaxResults"), ("max_results", 101, "IllegalParam.MaxResults"),
    ("next_token", "not-a-token", "IllegalParam.NextToken"),
])
def test_list_rejects_bad_paging(emulator, requester, field, value, code):
    exc = client_error(requester.list_vpc_peer_connections, models.ListVpcPeerConnectionsRequest(**{field: value}))
    assert_error(exc, code)


# -- Create validation --------------------------------------------------------------------------

@pytest.mark.parametrize("missing", ["region_id", "vpc_id", "accepting_ali_uid", "accepting_region_id", "accepting_vpc_id"])
def test_create_missing_parameter(emulator, requester, missing):
    fields = dict(region_id=HZ, vpc_id="vpc-requester-hz-1", accepting_ali_uid=REQUESTER_UID,
                  accepting_region_id=HZ, accepting_vpc_id="vpc-requester-hz-2")
    fields[missing] = None
    exc = client_error(requester.create_vpc_peer_connection, models.CreateVpcPeerConnectionRequest(**fields))
    assert_error(exc, "MissingParameter")
    wire_name = {"region_id": "RegionId", "vpc_id": "VpcId", "accepting_ali_uid": "AcceptingAliUid",
                 "accepting_region_id": "AcceptingRegionId", "accepting_vpc_id": "AcceptingVpcId"}[missing]
    assert '"%s"' % wire_name in exc.data["Message"]


@pytest.mark.parametrize("fields,code", [
    ({"name": "1starts-with-digit"}, "IllegalParam.Name"),
    ({"name": "a"}, "IllegalParam.Name"),
    ({"name": "has space"}, "IllegalParam.Name"),
    ({"name": "x" * 129}, "IllegalParam.Name"),
    ({"description": "https://example.com"}, "IllegalParam.Description"),
    ({"description": "9 lives"}, "IllegalParam.Description"),
    ({"description": "d" * 257}, "IllegalParam.Description"),
    ({"bandwidth": 0}, "IllegalParam.Bandwidth"),
    ({"link_type": "Silver"}, "IllegalParam.LinkType"),
    ({"region_id": "mars-north-1"}, "UnsupportedRegion"),
    ({"accepting_region_id": "mars-north-1"}, "UnsupportedRegion"),
    ({"vpc_id": "vpc-nope"}, "ResourceNotFound.VpcId"),
    ({"vpc_id": "vpc-accepter-hz-1"}, "ResourceNotFound.VpcId"),
    ({"accepting_vpc_id": "vpc-nope"}, "ResourceNotFound.AcceptingVpcId"),
    ({"accepting_ali_uid": 1111}, "ResourceNotFound.AcceptingVpcId"),
    ({"bandwidth": 100}, "OperationFailed.BandwidthCannotBeChangedInSameRegion"),
    ({"link_type": "Gold"}, "OperationFailed.InterRegionLinkTypeNotSupported"),
    ({"accepting_region_id": SH, "accepting_vpc_id": "vpc-requester-sh-1", "link_type": "Platinum"},
     "OperationFailed.SpecificLinkTypeNotSupported"),
    ({"accepting_region_id": HK, "accepting_vpc_id": "vpc-requester-hk-1", "link_type": "Gold"},
     "OperationFailed.RegionIdNotSupportLinkType"),
    ({"accepting_region_id": SH, "accepting_vpc_id": "vpc-requester-sh-1", "bandwidth": 10241}, "QuotaExceeded.Bandwidth"),
    ({"resource_group_id": "rg-unknown"}, "OperationFailed.NotExist.ResourceGroup"),
    ({"tag": [_tag("aliyun-key", "v")]}, "Forbidden.TagKeys"),
    ({"tag": [_tag("k", "1"), _tag("k", "2")]}, "Forbidden.TagKey.Duplicated"),
    ({"tag": [_tag("k%d" % i, "v") for i in range(21)]}, "NumberExceed.Tags"),
    ({"tag": [_tag("", "v")]}, "IllegalParam.TagKey"),
])
def test_create_validation_errors(emulator, requester, fields, code):
    exc = client_error(create, requester, **fields)
    assert_error(exc, code)
    assert emulator.control.connections() == []


def test_create_refuses_a_second_peering_between_the_same_vpcs(emulator, immediate, requester):
    create(requester)
    exc = client_error(create, requester, vpc_id="vpc-requester-hz-2", accepting_vpc_id="vpc-requester-hz-1")
    assert_error(exc, "ResourceAlreadyExist.VpcPeer")


def test_create_dry_run_makes_nothing(emulator, requester):
    assert_error(client_error(create, requester, dry_run=True), "DryRunOperation")
    assert emulator.control.connections() == []
    assert emulator.control.journal()[-1]["dry_run"] is True


def test_platinum_and_bandwidth_follow_account_settings(emulator, immediate, requester):
    emulator.control.update_config({"accounts": {"requester": {"platinum_enabled": True, "bandwidth_quota": 50000}}})
    peer = get(requester, create_cross_region(requester, link_type="Platinum", bandwidth=20000))
    assert (peer["LinkType"], peer["Bandwidth"]) == ("Platinum", 20000)


def test_vpcs_added_through_the_control_api_can_be_peered(emulator, immediate, requester):
    emulator.control.add_vpc("requester", "cn-beijing", "vpc-requester-bj-9", ["10.9.0.0/16"])
    peer = get(requester, create(requester, region_id="cn-beijing", vpc_id="vpc-requester-bj-9",
                                 accepting_region_id=HZ, accepting_vpc_id="vpc-requester-hz-1"))
    assert peer["Vpc"]["Ipv4Cidrs"] == ["10.9.0.0/16"] and peer["RegionId"] == "cn-beijing"


# -- tags and resource groups ---------------------------------------------------------------------

def test_tag_untag_and_list_tag_resources(emulator, immediate, requester):
    first, second = create(requester), create(requester, vpc_id="vpc-requester-hz-3")
    tagged = requester.tag_resources(models.TagResourcesRequest(
        region_id=HZ, resource_type="PeerConnection", resource_id=[first, second],
        tag=[models.TagResourcesRequestTag(key="env", value="prod"), models.TagResourcesRequestTag(key="owner", value="net")]))
    assert tagged.body.to_map()["Success"] is True and set(tagged.body.to_map()) == {"RequestId", "Success"}
    rows = requester.list_tag_resources(models.ListTagResourcesRequest(
        region_id=HZ, resource_type="PeerConnection", resource_id=[first])).body.to_map()
    assert rows["TagResources"] == [
        {"ResourceId": first, "ResourceType": "PeerConnection", "TagKey": "env", "TagValue": "prod", "RegionNo": HZ},
        {"ResourceId": first, "ResourceType": "PeerConnection", "TagKey": "owner", "TagValue": "net", "RegionNo": HZ},
    ]
    assert "NextToken" not in rows
    untagged = requester.un_tag_resources(models.UnTagResourcesRequest(
        region_id=HZ, resource_type="PeerConnection", resource_id=[first], tag_key=["owner"]))
    assert untagged.body.to_map()["Success"] is True
    assert get(requester, first)["Tags"] == [{"Key": "env", "Value": "prod"}]
    requester.un_tag_resources(models.UnTagResourcesRequest(region_id=HZ, resource_type="PeerConnection", resource_id=[second], all=True))
    assert get(requester, second)["Tags"] == []
    by_tag = requester.list_tag_resources(models.ListTagResourcesRequest(
        region_id=HZ, resource_type="PeerConnection", tag=[models.ListTagResourcesRequestTag(key="env", value="prod")])).body.to_map()
    assert [row["ResourceId"] for row in by_tag["TagResources"]] == [first]


def test_list_tag_resources_pages(emulator, immediate, requester):
    instance_id = create(requester)
    requester.tag_resources(models.TagResourcesRequest(region_id=HZ, resource_type="PeerConnection", resource_id=[instance_id],
                                                       tag=[models.TagResourcesRequestTag(key="k%02d" % i, value=str(i)) for i in range(20)]))
    keys, token, pages = [], None, 0
    while True:
        body = requester.list_tag_resources(models.ListTagResourcesRequest(
            region_id=HZ, resource_type="PeerConnection", resource_id=[instance_id], max_results=8, next_token=token)).body.to_map()
        pages += 1
        assert body["MaxResults"] == 8
        keys += [row["TagKey"] for row in body["TagResources"]]
        token = body.get("NextToken")
        if not token:
            break
    assert pages == 3 and keys == ["k%02d" % i for i in range(20)]


@pytest.mark.parametrize("call,request_factory,code", [
    ("tag_resources", lambda i: models.TagResourcesRequest(region_id=HZ, resource_type="Vpc", resource_id=[i],
                                                           tag=[models.TagResourcesRequestTag(key="a", value="b")]),
     "InvalidInstanceType.NotFound"),
    ("tag_resources", lambda i: models.TagResourcesRequest(region_id=HZ, resource_type="PeerConnection", resource_id=["pcc-nope"],
                                                           tag=[models.TagResourcesRequestTag(key="a", value="b")]),
     "InvalidInstanceIds.NotFound"),
    ("tag_resources", lambda i: models.TagResourcesRequest(region_id=SH, resource_type="PeerConnection", resource_id=[i],
                                                           tag=[models.TagResourcesRequestTag(key="a", value="b")]),
     "InvalidInstanceIds.NotFound"),
    ("tag_resources", lambda i: models.TagResourcesRequest(region_id=HZ, resource_type="PeerConnection", resource_id=[i],
                                                           tag=[models.TagResourcesRequestTag(key="acs:x", value="b")]),
     "Forbidden.TagKeys"),
    ("tag_resources", lambda i: models.TagResourcesRequest(region_id=HZ, resource_type="PeerConnection", resource_id=[i],
                                                           tag=[models.TagResourcesRequestTag(key="a", value="1"),
                                                                models.TagResourcesRequestTag(key="a", value="2")]),
     "Forbidden.TagKey.Duplicated"),
    ("tag_resources", lambda i: models.TagResourcesRequest(region_id=HZ, resource_type="PeerConnection", resource_id=[i]),
     "MissingParameter"),
    ("un_tag_resources", lambda i: models.UnTagResourcesRequest(region_id=HZ, resource_type="PeerConnection", resource_id=["pcc-nope"],
                                                                all=True),
     "InvalidInstanceIds.NotFound"),
    ("list_tag_resources", lambda i: models.ListTagResourcesRequest(region_id=HZ, resource_type="PeerConnection"),
     "BothEmpty.TagsAndResources"),
    ("list_tag_resources", lambda i: models.ListTagResourcesRequest(region_id=HZ, resource_type="PeerConnection", resource_id=[i],
                                                                    max_results=51),
     "IllegalParam.MaxResults"),
    ("list_tag_resources", lambda i: models.ListTagResourcesRequest(region_id=HZ, resource_type="PeerConnection", resource_id=[i],
                                                                    next_token="bogus"),
     "IllegalParam.NextToken"),
    ("move_resource_group", lambda i: models.MoveResourceGroupRequest(region_id=HZ, resource_type="PeerConnection", resource_id=i,
                                                                      new_resource_group_id="rg-unknown"),
     "OperationFailed.NotExist.ResourceGroup"),
    ("move_resource_group", lambda i: models.MoveResourceGroupRequest(region_id=HZ, resource_type="PeerConnection", resource_id="pcc-nope",
                                                                      new_resource_group_id="rg-emulator-requester-2"),
     "ResourceNotFound.VpcPeer"),
])
def test_tag_and_resource_group_errors(emulator, immediate, requester, call, request_factory, code):
    instance_id = create(requester)
    assert_error(client_error(getattr(requester, call), request_factory(instance_id)), code)


def test_tags_over_twenty_per_resource_are_refused(emulator, immediate, requester):
    instance_id = create(requester, tag=[_tag("k%d" % i, "v") for i in range(15)])
    exc = client_error(requester.tag_resources, models.TagResourcesRequest(
        region_id=HZ, resource_type="PeerConnection", resource_id=[instance_id],
        tag=[models.TagResourcesRequestTag(key="n%d" % i, value="v") for i in range(6)]))
    assert_error(exc, "NumberExceed.Tags")
    assert len(get(requester, instance_id)["Tags"]) == 15


def test_move_resource_group(emulator, immediate, requester):
    instance_id = create(requester)
    answer = requester.move_resource_group(models.MoveResourceGroupRequest(
        region_id=HZ, resource_type="PeerConnection", resource_id=instance_id, new_resource_group_id="rg-emulator-requester-2"))
    assert answer.body.to_map()["Success"] is True
    assert get(requester, instance_id)["ResourceGroupId"] == "rg-emulator-requester-2"
