# Copyright (c) alibabacloud.vpcpeer contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Validation the service does and how it words its refusals: the VpcPeer error-code page's messages,
system prefixes in tag values, overlapping CIDRs, a Modify without changes and the last page's NextToken."""

from __future__ import annotations

import pytest
from alibabacloud_vpcpeer20220101 import models

from emulator_helpers import HZ, SH, assert_error, client_error, create, create_cross_account, get, modify
from vpcpeer_emulator import ACCEPTER_UID, ControlError

PAGE_WORDING = {
    # Code -> the message as the VpcPeer error-code page (or the action's API page) words it, with %s filled in.
    "DryRunOperation": "The operation DryRun verifies success.",
    "Forbidden.NoPermission": "Authentication is failed for {id}.",
    "IllegalParam.Name": "The param of Name is illegal.",
    "IllegalParam.TagKey": "The param of Tag.Key is illegal.",
    "IllegalParam.TagValue": "The param of Tag.Value is illegal.",
    "Forbidden.TagKeys": "The tag key cannot be operated by the request.",
    "Forbidden.TagKey.Duplicated": "The specified tag key already exists.",
    "BothEmpty.TagsAndResources": "The specified Tags and ResourcesIds are not allow to both empty.",
    "ResourceAlreadyExist.VpcPeer": "The specified resource of {id} already exists.",
    "UnsupportedRegion": "The feature of VpcPeer is not supported in the region of mars-north-1.",
    "OperationFailed.NotExist.ResourceGroup": "The operation failed because the resource group does not exist.",
    "OperationDenied.RouteEntryExist": "The operation is not allowed because of existing routeEntry point to VpcPeer.",
    "InvalidInstanceIds.NotFound": "The instance IDs are not found.",
    "InvalidInstanceType.NotFound": "The instance type is not found.",
    "ResourceNotFound.VpcPeer": "The specified resource of VpcPeer is not found.",
}


def _tag(key, value):
    return models.CreateVpcPeerConnectionRequestTag(key=key, value=value)


def _tag_resources(client, instance_id, key="k", value="v", resource_type="PeerConnection"):
    return client.tag_resources(models.TagResourcesRequest(region_id=HZ, resource_type=resource_type, resource_id=[instance_id],
                                                           tag=[models.TagResourcesRequestTag(key=key, value=value)]))


REFUSALS = {
    "DryRunOperation": lambda em, c, i: create(c, vpc_id="vpc-requester-hz-3", dry_run=True),
    "Forbidden.NoPermission": lambda em, c, i: c.accept_vpc_peer_connection(models.AcceptVpcPeerConnectionRequest(instance_id=i)),
    "IllegalParam.Name": lambda em, c, i: create(c, vpc_id="vpc-requester-hz-3", name="1-starts-with-a-digit"),
    "IllegalParam.TagKey": lambda em, c, i: _tag_resources(c, i, key=""),
    "IllegalParam.TagValue": lambda em, c, i: _tag_resources(c, i, value="acs:reserved"),
    "Forbidden.TagKeys": lambda em, c, i: _tag_resources(c, i, key="aliyun-reserved"),
    "Forbidden.TagKey.Duplicated": lambda em, c, i: create(c, vpc_id="vpc-requester-hz-3", tag=[_tag("k", "1"), _tag("k", "2")]),
    "BothEmpty.TagsAndResources": lambda em, c, i: c.list_tag_resources(models.ListTagResourcesRequest(
        region_id=HZ, resource_type="PeerConnection")),
    "ResourceAlreadyExist.VpcPeer": lambda em, c, i: create_cross_account(c),
    "UnsupportedRegion": lambda em, c, i: create(c, region_id="mars-north-1"),
    "OperationFailed.NotExist.ResourceGroup": lambda em, c, i: create(c, vpc_id="vpc-requester-hz-3", resource_group_id="rg-unknown"),
    "OperationDenied.RouteEntryExist": lambda em, c, i: (
        em.control.patch_connection(i, RouteCount=1),
        c.delete_vpc_peer_connection(models.DeleteVpcPeerConnectionRequest(instance_id=i))),
    "InvalidInstanceIds.NotFound": lambda em, c, i: _tag_resources(c, "pcc-unknown"),
    "InvalidInstanceType.NotFound": lambda em, c, i: _tag_resources(c, i, resource_type="Vpc"),
    "ResourceNotFound.VpcPeer": lambda em, c, i: c.move_resource_group(models.MoveResourceGroupRequest(
        region_id=HZ, resource_type="PeerConnection", resource_id="pcc-unknown", new_resource_group_id="rg-emulator-requester-2")),
}


@pytest.mark.parametrize("code", sorted(PAGE_WORDING))
def test_messages_are_worded_as_the_error_code_page_words_them(emulator, immediate, requester, code):
    instance_id = create_cross_account(requester)
    exc = client_error(REFUSALS[code], emulator, requester, instance_id)
    assert_error(exc, code)
    assert exc.data["Message"] == PAGE_WORDING[code].format(id=instance_id)


# -- tags -----------------------------------------------------------------------------------------

@pytest.mark.parametrize("value", ["acs:reserved", "aliyun-value", "ALIYUN", "Acs:mixed-case"])
def test_tag_values_with_a_system_prefix_are_refused_everywhere(emulator, immediate, requester, accepter, value):
    assert_error(client_error(create, requester, tag=[_tag("k", value)]), "IllegalParam.TagValue")
    instance_id = create_cross_account(requester)
    assert_error(client_error(_tag_resources, requester, instance_id, value=value), "IllegalParam.TagValue")
    exc = client_error(accepter.accept_vpc_peer_connection, models.AcceptVpcPeerConnectionRequest(
        instance_id=instance_id, tag=[models.AcceptVpcPeerConnectionRequestTag(key="k", value=value)]))
    assert_error(exc, "IllegalParam.TagValue")
    assert get(requester, instance_id)["Tags"] == [] and get(accepter, instance_id)["Status"] == "Accepting"


def test_tag_values_may_contain_the_prefixes_elsewhere(emulator, immediate, requester):
    instance_id = create(requester, tag=[_tag("k", "not-acs:at-start"), _tag("e", "")])
    assert get(requester, instance_id)["Tags"] == [{"Key": "k", "Value": "not-acs:at-start"}, {"Key": "e", "Value": ""}]


# -- paging ---------------------------------------------------------------------------------------

def test_last_page_next_token_can_be_an_empty_string_instead(emulator, immediate, requester):
    instance_id = create(requester, tag=[_tag("k", "v")])
    list_request = models.ListVpcPeerConnectionsRequest(region_id=HZ)
    tags_request = models.ListTagResourcesRequest(region_id=HZ, resource_type="PeerConnection", resource_id=[instance_id])
    assert "NextToken" not in requester.list_vpc_peer_connections(list_request).body.to_map()
    assert "NextToken" not in requester.list_tag_resources(tags_request).body.to_map()
    assert emulator.control.config()["paging"] == {"last_page_next_token": "omit"}
    emulator.control.update_config({"paging": {"last_page_next_token": "empty"}})
    assert requester.list_vpc_peer_connections(list_request).body.to_map()["NextToken"] == ""
    assert requester.list_tag_resources(tags_request).body.to_map()["NextToken"] == ""
    emulator.control.update_config({"paging": {"last_page_next_token": "omit"}})
    assert "NextToken" not in requester.list_vpc_peer_connections(list_request).body.to_map()


def test_paging_setting_is_validated(emulator):
    with pytest.raises(ControlError) as info:
        emulator.control.update_config({"paging": {"last_page_next_token": "null"}})
    assert info.value.status == 400


# -- overlapping CIDR blocks ----------------------------------------------------------------------

def test_create_refuses_vpcs_whose_ipv4_cidrs_overlap(emulator, immediate, requester):
    emulator.control.add_vpc("requester", HZ, "vpc-requester-hz-overlap", ["192.168.0.0/16", "10.0.128.0/20"])
    emulator.control.add_vpc("accepter", SH, "vpc-accepter-sh-overlap", ["10.0.0.0/8"])
    exc = client_error(create, requester, accepting_vpc_id="vpc-requester-hz-overlap")  # 10.0.0.0/16 holds 10.0.128.0/20
    assert_error(exc, "OperationFailed.VpcCidrOverlap")
    assert exc.data["Message"] == ("The operation failed because the IPv4 CIDR blocks of vpc-requester-hz-1 and "
                                   "vpc-requester-hz-overlap overlap.")
    exc = client_error(create, requester, vpc_id="vpc-requester-hz-2", accepting_ali_uid=ACCEPTER_UID, accepting_region_id=SH,
                       accepting_vpc_id="vpc-accepter-sh-overlap")
    assert_error(exc, "OperationFailed.VpcCidrOverlap")
    assert emulator.control.connections() == []
    create(requester, vpc_id="vpc-requester-hz-2", accepting_vpc_id="vpc-requester-hz-3")  # 10.1/16 and 10.4/16 are apart


def test_cidr_overlap_check_can_be_turned_off_and_on(emulator, immediate, requester):
    emulator.control.add_vpc("requester", HZ, "vpc-requester-hz-same", ["10.0.0.0/16"])
    assert emulator.control.config()["cidr_overlap"] == {"enabled": True}
    emulator.control.update_config({"cidr_overlap": {"enabled": False}})
    instance_id = create(requester, accepting_vpc_id="vpc-requester-hz-same")
    emulator.control.delete_connection(instance_id)
    emulator.control.update_config({"cidr_overlap": {"enabled": True}})
    assert_error(client_error(create, requester, accepting_vpc_id="vpc-requester-hz-same"), "OperationFailed.VpcCidrOverlap")


def test_cidr_overlap_comes_after_the_vpc_lookups_and_before_the_region_rules(emulator, immediate, requester):
    emulator.control.add_vpc("requester", HZ, "vpc-requester-hz-same", ["10.0.0.0/16"])
    assert_error(client_error(create, requester, accepting_vpc_id="vpc-nope"), "ResourceNotFound.AcceptingVpcId")
    assert_error(client_error(create, requester, accepting_vpc_id="vpc-requester-hz-same", bandwidth=5),
                 "OperationFailed.VpcCidrOverlap")


def test_malformed_cidr_blocks_are_refused_by_the_control_api(emulator):
    with pytest.raises(ControlError) as info:
        emulator.control.add_vpc("requester", HZ, "vpc-bad", ["10.0.0.0/33"])
    assert info.value.status == 400


# -- a Modify that changes nothing ----------------------------------------------------------------

@pytest.fixture
def active_peer(emulator, requester):
    emulator.control.set_transitions(create={"mode": "immediate"}, modify={"mode": "never"})
    return create(requester, accepting_region_id=SH, accepting_vpc_id="vpc-requester-sh-1", name="kept")


def test_modify_without_changes_enters_updating_by_default(emulator, requester, active_peer):
    assert emulator.control.config()["modify_without_changes"] == "updating"
    before = get(requester, active_peer)
    emulator.control.advance_clock(5)
    assert set(modify(requester, active_peer)) == {"RequestId"}
    after = get(requester, active_peer)
    assert (after["Status"], after["Name"], after["Bandwidth"]) == ("Updating", "kept", 1024)
    assert after["GmtModified"] > before["GmtModified"]
    assert emulator.control.journal("ModifyVpcPeerConnection")[-1]["applied"] is True


def test_modify_without_changes_can_be_a_missing_parameter(emulator, requester, active_peer):
    emulator.control.update_config({"modify_without_changes": "missing_parameter"})
    exc = client_error(modify, requester, active_peer)
    assert_error(exc, "MissingParameter")
    assert '"Name, Description, Bandwidth or LinkType"' in exc.data["Message"]
    assert_error(client_error(modify, requester, "pcc-unknown"), "MissingParameter")  # a parameter check: first
    assert get(requester, active_peer)["Status"] == "Activated"
    modify(requester, active_peer, name="changed")


def test_modify_without_changes_can_be_a_no_op(emulator, requester, active_peer):
    emulator.control.update_config({"modify_without_changes": "noop"})
    before = get(requester, active_peer)
    emulator.control.advance_clock(5)
    modify(requester, active_peer)
    after = get(requester, active_peer)
    assert {k: v for k, v in after.items() if k != "RequestId"} == {k: v for k, v in before.items() if k != "RequestId"}
    assert_error(client_error(modify, requester, active_peer, dry_run=True), "DryRunOperation")
    emulator.control.patch_connection(active_peer, Status="Updating")
    assert_error(client_error(modify, requester, active_peer), "IncorrectStatus.VpcPeer")  # still validated
    emulator.control.update_config({"modify_without_changes": "updating"})
    emulator.control.advance_connection(active_peer)
    modify(requester, active_peer)
    assert get(requester, active_peer)["Status"] == "Updating"


def test_modify_without_changes_setting_is_validated(emulator):
    with pytest.raises(ControlError) as info:
        emulator.control.update_config({"modify_without_changes": "sometimes"})
    assert info.value.status == 400
