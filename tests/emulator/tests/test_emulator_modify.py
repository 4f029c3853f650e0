# Copyright (c) alibabacloud.vpcpeer contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""ModifyVpcPeerConnection: every error code of the API page, the validation order, DryRun, and
Forbidden.RAM for read-only keys."""

from __future__ import annotations

import pytest
from alibabacloud_tea_openapi.exceptions import ClientException
from alibabacloud_vpcpeer20220101 import models

from emulator_helpers import HK, HZ, SH, assert_error, client_error, create, get, modify
from vpcpeer_emulator import ACCEPTER_UID, REQUESTER_RO_AK, REQUESTER_UID


@pytest.fixture
def cross_region(emulator, immediate, requester):
    """An Activated cross-region peering hz -> sh."""
    return create(requester, accepting_region_id=SH, accepting_vpc_id="vpc-requester-sh-1")


@pytest.fixture
def same_region(emulator, immediate, requester):
    return create(requester)


def test_modify_success_changes_values_and_gmt_modified(emulator, requester, cross_region):
    before = get(requester, cross_region)
    emulator.control.advance_clock(5)
    answer = modify(requester, cross_region, name="renamed peer", description="new", bandwidth=2048, link_type="Gold")
    assert set(answer) == {"RequestId"}
    after = get(requester, cross_region)
    assert (after["Name"], after["Description"], after["Bandwidth"], after["LinkType"], after["Status"]) == (
        "renamed peer", "new", 2048, "Gold", "Activated")
    assert after["GmtModified"] > before["GmtModified"] and after["GmtCreate"] == before["GmtCreate"]


def test_accepter_may_modify_too(emulator, immediate, requester, accepter):
    instance_id = create(requester, accepting_ali_uid=ACCEPTER_UID, accepting_vpc_id="vpc-accepter-hz-1")
    accepter.accept_vpc_peer_connection(models.AcceptVpcPeerConnectionRequest(instance_id=instance_id))
    modify(accepter, instance_id, name="set-by-accepter")
    assert get(requester, instance_id)["Name"] == "set-by-accepter"


def test_resource_not_found(emulator, requester):
    exc = client_error(modify, requester, "pcc-doesnotexist000000000", name="x")
    assert_error(exc, "ResourceNotFound.InstanceId")
    assert exc.data["Message"] == "The specified resource of pcc-doesnotexist000000000 is not found."


def test_missing_instance_id(emulator, requester):
    exc = client_error(requester.modify_vpc_peer_connection, models.ModifyVpcPeerConnectionRequest(name="x"))
    assert_error(exc, "MissingParameter")


@pytest.mark.parametrize("fields,code", [
    ({"name": ""}, "IllegalParam.Name"),
    ({"name": "n" * 129}, "IllegalParam.Name"),
    ({"name": "http://peer"}, "IllegalParam.Name"),
    ({"description": "https://d"}, "IllegalParam.Description"),
    ({"description": "d" * 257}, "IllegalParam.Description"),
    ({"bandwidth": 0}, "IllegalParam.Bandwidth"),
    ({"bandwidth": -5}, "IllegalParam.Bandwidth"),
    ({"link_type": "Silver"}, "IllegalParam.LinkType"),
])
def test_illegal_parameters(emulator, requester, cross_region, fields, code):
    assert_error(client_error(modify, requester, cross_region, **fields), code)


def test_modify_rules_accept_one_character_names_unlike_create(emulator, requester, cross_region):
    modify(requester, cross_region, name="x", description="1 digit first is fine here")
    assert get(requester, cross_region)["Name"] == "x"


def test_parameters_are_checked_before_the_resource(emulator, requester):
    assert_error(client_error(modify, requester, "pcc-doesnotexist000000000", bandwidth=0), "IllegalParam.Bandwidth")


def test_service_managed_instance(emulator, requester):
    instance_id = emulator.control.seed_connection(ManagedService="SWAS", AcceptingRegionId=SH)["InstanceId"]
    exc = client_error(modify, requester, instance_id, name="x")
    assert_error(exc, "OperationDenied.ServiceManagedInstance")


def test_financially_locked(emulator, requester, cross_region):
    emulator.control.patch_connection(cross_region, BizStatus="FinancialLocked")
    exc = client_error(modify, requester, cross_region, name="x")
    assert_error(exc, "IncorrectBusinessStatus.VpcPeer")
    assert exc.data["Message"] == "The business status of %s [FinancialLocked] is incorrect." % cross_region


@pytest.mark.parametrize("status", ["Creating", "Accepting", "Updating", "Rejected", "Expired", "Deleting", "Deleted"])
def test_any_status_but_activated_is_incorrect(emulator, requester, status):
    emulator.control.set_all_transitions({"mode": "never"}, include_expire=True)
    instance_id = emulator.control.seed_connection(Status=status, AcceptingRegionId=SH)["InstanceId"]
    exc = client_error(modify, requester, instance_id, name="x")
    assert_error(exc, "IncorrectStatus.VpcPeer")
    assert exc.data["Message"] == "The status of %s [%s] is incorrect." % (instance_id, status)


def test_concurrent_modification_is_refused_while_updating(emulator, requester, cross_region):
    emulator.control.set_transitions(modify={"mode": "never"})
    modify(requester, cross_region, name="first")
    exc = client_error(modify, requester, cross_region, name="second")
    assert_error(exc, "IncorrectStatus.VpcPeer")
    assert "[Updating]" in exc.data["Message"]
    assert get(requester, cross_region)["Name"] == "first"


def test_bandwidth_cannot_change_in_same_region(emulator, requester, same_region):
    exc = client_error(modify, requester, same_region, bandwidth=100)
    assert_error(exc, "OperationFailed.BandwidthCannotBeChangedInSameRegion")
    assert exc.data["Message"] == "The operation failed because the bandwidth cannot be changed in the same region."


def test_link_type_not_supported_in_same_region(emulator, requester, same_region):
    exc = client_error(modify, requester, same_region, link_type="Gold")
    assert_error(exc, "OperationFailed.InterRegionLinkTypeNotSupported")
    assert exc.data["Message"] == "The same region not supported link type feature."


def test_region_does_not_support_link_type(emulator, immediate, requester):
    instance_id = create(requester, accepting_region_id=HK, accepting_vpc_id="vpc-requester-hk-1")
    exc = client_error(modify, requester, instance_id, link_type="Gold")
    assert_error(exc, "OperationFailed.RegionIdNotSupportLinkType")
    assert exc.data["Message"] == "The feature link type is not supported in the region."
    modify(requester, instance_id, bandwidth=300)  # bandwidth alone is fine there


def test_platinum_needs_the_account_feature(emulator, requester, cross_region):
    exc = client_error(modify, requester, cross_region, link_type="Platinum")
    assert_error(exc, "OperationFailed.SpecificLinkTypeNotSupported")
    assert exc.data["Message"] == "The operation failed because the special link type of user is not opened."
    emulator.control.update_config({"accounts": {"requester": {"platinum_enabled": True}}})
    modify(requester, cross_region, link_type="Platinum")
    assert get(requester, cross_region)["LinkType"] == "Platinum"


def test_bandwidth_quota(emulator, requester, cross_region):
    exc = client_error(modify, requester, cross_region, bandwidth=10241)
    assert_error(exc, "QuotaExceeded.Bandwidth")
    assert exc.data["Message"] == "The quota of bandwidth is exceeded."
    modify(requester, cross_region, bandwidth=10240)
    emulator.control.update_config({"accounts": {"requester": {"bandwidth_quota": 100}}})
    assert_error(client_error(modify, requester, cross_region, bandwidth=101), "QuotaExceeded.Bandwidth")


def test_validation_order_status_before_region_rules(emulator, requester, same_region):
    emulator.control.patch_connection(same_region, BizStatus="FinancialLocked", ManagedService="CEN")
    assert_error(client_error(modify, requester, same_region, bandwidth=100), "OperationDenied.ServiceManagedInstance")
    emulator.control.patch_connection(same_region, ManagedService="")
    assert_error(client_error(modify, requester, same_region, bandwidth=100), "IncorrectBusinessStatus.VpcPeer")
    emulator.control.patch_connection(same_region, BizStatus="Normal")
    assert_error(client_error(modify, requester, same_region, bandwidth=100, link_type="Gold"),
                 "OperationFailed.BandwidthCannotBeChangedInSameRegion")


def test_dry_run_validates_and_changes_nothing(emulator, requester, cross_region):
    before = get(requester, cross_region)
    emulator.control.clear_journal()
    exc = client_error(modify, requester, cross_region, name="dry", bandwidth=4096, dry_run=True)
    assert_error(exc, "DryRunOperation")
    assert exc.data["Message"] == "The operation DryRun verifies success."  # as the VpcPeer error-code page words it
    after = get(requester, cross_region)
    assert {k: v for k, v in after.items() if k != "RequestId"} == {k: v for k, v in before.items() if k != "RequestId"}
    calls = emulator.control.journal("ModifyVpcPeerConnection")
    assert len(calls) == 1 and calls[0]["dry_run"] is True and calls[0]["code"] == "DryRunOperation"
    assert calls[0]["http_status"] == 400


def test_dry_run_still_reports_real_errors(emulator, requester, cross_region):
    assert_error(client_error(modify, requester, cross_region, bandwidth=99999, dry_run=True), "QuotaExceeded.Bandwidth")


@pytest.mark.parametrize("dry_run", [False, True])
def test_read_only_key_gets_forbidden_ram(emulator, requester, cross_region, dry_run):
    read_only = emulator.read_only()
    exc = client_error(modify, read_only, cross_region, name="x", dry_run=dry_run)
    assert_error(exc, "Forbidden.RAM", 403)
    detail = exc.access_denied_detail
    assert detail["AuthAction"] == "vpc:ModifyVpcPeerConnection"
    assert set(detail) >= {"AuthAction", "AuthPrincipalType", "AuthPrincipalDisplayName", "PolicyType", "NoPermissionType",
                           "EncodedDiagnosticMessage"}
    assert exc.data["AccessDeniedDetail"] == detail
    call = emulator.control.journal()[-1]
    assert get(requester, cross_region)["Name"] == ""
    assert call["access_key_id"] == REQUESTER_RO_AK and call["code"] == "Forbidden.RAM"


def test_read_only_key_may_read(emulator, requester, cross_region):
    read_only = emulator.read_only()
    assert get(read_only, cross_region)["OwnerId"] == REQUESTER_UID
    read_only.list_vpc_peer_connections(models.ListVpcPeerConnectionsRequest(region_id=HZ))
    read_only.list_tag_resources(models.ListTagResourcesRequest(region_id=HZ, resource_type="PeerConnection", resource_id=[cross_region]))
    for call in ("create_vpc_peer_connection", "delete_vpc_peer_connection", "tag_resources", "move_resource_group"):
        request_class = {"create_vpc_peer_connection": models.CreateVpcPeerConnectionRequest,
                         "delete_vpc_peer_connection": models.DeleteVpcPeerConnectionRequest,
                         "tag_resources": models.TagResourcesRequest,
                         "move_resource_group": models.MoveResourceGroupRequest}[call]
        with pytest.raises(ClientException) as info:
            getattr(read_only, call)(request_class())
        assert info.value.code == "Forbidden.RAM"
        assert info.value.access_denied_detail["AuthAction"].startswith("vpc:")


def test_external_modify_follows_the_same_rules(emulator, requester, cross_region):
    emulator.control.set_transitions(modify={"mode": "never"})
    changed = emulator.control.external_modify(cross_region, Name="by-someone-else", Bandwidth=512)
    assert changed["Status"] == "Updating" and changed["Bandwidth"] == 512
    exc = client_error(modify, requester, cross_region, name="mine")
    assert_error(exc, "IncorrectStatus.VpcPeer")
    emulator.control.advance_connection(cross_region)
    peer = get(requester, cross_region)
    assert (peer["Status"], peer["Name"], peer["Bandwidth"]) == ("Activated", "by-someone-else", 512)
    with pytest.raises(Exception) as info:
        emulator.control.external_modify(cross_region, LinkType="Platinum")
    assert info.value.status == 400 and info.value.body["Code"] == "OperationFailed.SpecificLinkTypeNotSupported"
