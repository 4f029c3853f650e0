# Copyright (c) alibabacloud.vpcpeer contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Conflict.Operation: the service refuses a peering operation on a VPC while another connection on it
is Creating, Updating or Deleting."""

from __future__ import annotations

import pytest
from alibabacloud_vpcpeer20220101 import models

from emulator_helpers import HZ, SH, assert_error, client_error, create, create_cross_account, get, modify
from vpcpeer_emulator import ACCEPTER_UID, ControlError

MESSAGE = "There are other peering operations on the requester VPC or accepter VPC, try again later."


def _delete(client, instance_id, **fields):
    return client.delete_vpc_peer_connection(models.DeleteVpcPeerConnectionRequest(instance_id=instance_id, **fields))


def _accept(client, instance_id, **fields):
    return client.accept_vpc_peer_connection(models.AcceptVpcPeerConnectionRequest(instance_id=instance_id, **fields))


def _reject(client, instance_id, **fields):
    return client.reject_vpc_peer_connection(models.RejectVpcPeerConnectionRequest(instance_id=instance_id, **fields))


@pytest.fixture
def stuck(emulator):
    """Every phase but expiry stays pending until advanced through the control API."""
    emulator.control.set_all_transitions({"mode": "never"})
    return emulator


def test_a_second_create_from_a_vpc_that_is_creating_is_refused(emulator, stuck, requester):
    first = create(requester)  # hz-1 <-> hz-2, Creating
    exc = client_error(create, requester, accepting_vpc_id="vpc-requester-hz-3")  # hz-1 again
    assert_error(exc, "Conflict.Operation")
    assert exc.data["Message"] == MESSAGE
    exc = client_error(create, requester, vpc_id="vpc-requester-hz-3")  # hz-2 is the accepting end of the first
    assert_error(exc, "Conflict.Operation")
    assert len(emulator.control.connections()) == 1
    emulator.control.advance_connection(first)
    assert get(requester, first)["Status"] == "Activated"
    create(requester, accepting_vpc_id="vpc-requester-hz-3")  # nothing busy any more


@pytest.mark.parametrize("busy_status", ["Creating", "Updating", "Deleting"])
def test_every_mutation_on_a_vpc_with_a_busy_connection_is_refused(emulator, stuck, requester, accepter, busy_status):
    # Two connections that share vpc-requester-hz-1: an Activated one and a cross-account Accepting one.
    active = emulator.control.seed_connection(VpcId="vpc-requester-hz-1", AcceptingRegionId=SH,
                                              AcceptingVpcId="vpc-requester-sh-1")["InstanceId"]
    pending = emulator.control.seed_connection(Status="Accepting", VpcId="vpc-requester-hz-1", AcceptingOwnerUid=ACCEPTER_UID,
                                               AcceptingVpcId="vpc-accepter-hz-1")["InstanceId"]
    emulator.control.seed_connection(Status=busy_status, VpcId="vpc-requester-hz-2", AcceptingVpcId="vpc-requester-hz-1")
    refusals = [
        lambda: modify(requester, active, name="x"),
        lambda: _delete(requester, active),
        lambda: _delete(requester, pending),
        lambda: _accept(accepter, pending),
        lambda: _reject(accepter, pending),
        lambda: create(requester, vpc_id="vpc-requester-hz-3", accepting_vpc_id="vpc-requester-hz-1"),
    ]
    for refused in refusals:
        assert_error(client_error(refused), "Conflict.Operation")
    assert get(requester, active)["Status"] == "Activated" and get(accepter, pending)["Status"] == "Accepting"


def test_accepting_rejected_expired_and_deleted_connections_are_not_busy(emulator, stuck, requester):
    for status, accepting_vpc in (("Accepting", "vpc-accepter-hz-1"), ("Rejected", "vpc-accepter-hz-2"),
                                  ("Expired", "vpc-accepter-hz-1"), ("Deleted", "vpc-accepter-hz-2")):
        emulator.control.seed_connection(Status=status, VpcId="vpc-requester-hz-1", AcceptingOwnerUid=ACCEPTER_UID,
                                         AcceptingVpcId=accepting_vpc)
    instance_id = create(requester, accepting_region_id=SH, accepting_vpc_id="vpc-requester-sh-1")
    assert get(requester, instance_id)["Status"] == "Creating"


def test_own_status_and_parameters_are_checked_before_the_conflict(emulator, stuck, requester):
    peer = create(requester, accepting_region_id=SH, accepting_vpc_id="vpc-requester-sh-1")
    emulator.control.advance_connection(peer)
    modify(requester, peer, name="first")  # peer Updating: its own VPCs are busy because of it
    emulator.control.seed_connection(Status="Creating", VpcId="vpc-requester-hz-2", AcceptingVpcId="vpc-requester-hz-1")
    # The connection's own status comes first: a Modify while it is Updating stays IncorrectStatus.VpcPeer.
    exc = client_error(modify, requester, peer, name="second")
    assert_error(exc, "IncorrectStatus.VpcPeer")
    assert "[Updating]" in exc.data["Message"]
    # Parameter errors come before the conflict as well.
    assert_error(client_error(create, requester, accepting_vpc_id="vpc-requester-hz-3", name="1-bad"), "IllegalParam.Name")
    assert_error(client_error(create, requester, accepting_vpc_id="vpc-requester-hz-3"), "Conflict.Operation")


def test_dry_run_reports_the_conflict_unless_configured_otherwise(emulator, stuck, requester):
    create(requester)
    assert emulator.control.config()["conflicts"] == {"enabled": True, "dry_run": True}
    assert_error(client_error(create, requester, accepting_vpc_id="vpc-requester-hz-3", dry_run=True), "Conflict.Operation")
    emulator.control.update_config({"conflicts": {"dry_run": False}})
    assert_error(client_error(create, requester, accepting_vpc_id="vpc-requester-hz-3", dry_run=True), "DryRunOperation")
    assert_error(client_error(create, requester, accepting_vpc_id="vpc-requester-hz-3"), "Conflict.Operation")
    emulator.control.update_config({"conflicts": {"dry_run": True}})
    assert_error(client_error(create, requester, accepting_vpc_id="vpc-requester-hz-3", dry_run=True), "Conflict.Operation")


def test_conflicts_can_be_turned_off_and_on(emulator, stuck, requester):
    create(requester)
    emulator.control.update_config({"conflicts": {"enabled": False}})
    second = create(requester, accepting_vpc_id="vpc-requester-hz-3")
    assert get(requester, second)["Status"] == "Creating"
    emulator.control.update_config({"conflicts": {"enabled": True}})
    assert_error(client_error(create, requester, vpc_id="vpc-requester-hz-3", accepting_region_id=SH,
                              accepting_vpc_id="vpc-requester-sh-1"), "Conflict.Operation")
    with pytest.raises(ControlError) as info:
        emulator.control.update_config({"conflicts": {"enabled": "sometimes"}})
    assert info.value.status == 400


def test_a_busy_vpc_frees_up_when_the_phase_ends(emulator, requester):
    emulator.control.set_transitions(create={"mode": "time", "seconds": 5})
    create(requester)
    assert_error(client_error(create, requester, accepting_vpc_id="vpc-requester-hz-3"), "Conflict.Operation")
    emulator.control.advance_clock(5)
    create(requester, accepting_vpc_id="vpc-requester-hz-3")


def test_external_modify_is_refused_like_a_modify(emulator, stuck, requester):
    peer = emulator.control.seed_connection(AcceptingRegionId=SH, AcceptingVpcId="vpc-requester-sh-1")["InstanceId"]
    emulator.control.seed_connection(Status="Deleting", VpcId="vpc-requester-hz-2", AcceptingVpcId="vpc-requester-sh-1")
    with pytest.raises(ControlError) as info:
        emulator.control.external_modify(peer, Name="elsewhere")
    assert info.value.status == 400 and info.value.body["Code"] == "Conflict.Operation"


def test_conflict_is_journaled_and_changes_nothing(emulator, stuck, requester):
    create_cross_account(requester)
    emulator.control.clear_journal()
    assert_error(client_error(create, requester, accepting_vpc_id="vpc-requester-hz-3", region_id=HZ), "Conflict.Operation")
    call = emulator.control.journal("CreateVpcPeerConnection")[0]
    assert (call["code"], call["http_status"], call["applied"]) == ("Conflict.Operation", 400, False)
    assert len(emulator.control.connections()) == 1
