# Copyright (c) alibabacloud.vpcpeer contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The lazy life cycle in each transition mode, expiry, Deleted, per-connection rules and the legacy
stale-read window."""

from __future__ import annotations

import time

import pytest
from alibabacloud_tea_openapi.exceptions import ClientException
from alibabacloud_vpcpeer20220101 import models

from emulator_helpers import HZ, SH, assert_error, client_error, create, create_cross_account, get, modify
from vpcpeer_emulator import ACCEPTER_UID


def _status(client, instance_id):
    return get(client, instance_id)["Status"]


def _list_status(client, instance_id):
    body = client.list_vpc_peer_connections(models.ListVpcPeerConnectionsRequest(instance_id=instance_id)).body.to_map()
    return body["VpcPeerConnects"][0]["Status"]


def _wait_for(predicate, timeout=3.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.02)
    return predicate()


def test_immediate_mode(emulator, requester):
    emulator.control.set_transitions(create={"mode": "immediate"})
    assert _status(requester, create(requester)) == "Activated"


def test_default_mode_is_a_short_time(emulator, requester):
    transitions = emulator.control.config()["transitions"]
    assert transitions["create"] == {"mode": "time", "seconds": 0.3}
    assert transitions["deleted"] == {"mode": "time", "seconds": 0.5}
    assert transitions["expire"] == {"mode": "time", "seconds": 604800.0}


def test_time_mode(emulator, requester):
    emulator.control.set_transitions(create={"mode": "time", "seconds": 0.4})
    instance_id = create(requester)
    assert _status(requester, instance_id) == "Creating"
    assert _wait_for(lambda: _status(requester, instance_id) == "Activated")


def test_reads_mode_counts_get_and_list(emulator, requester):
    emulator.control.set_transitions(create={"mode": "reads", "reads": 3})
    instance_id = create(requester)
    assert _status(requester, instance_id) == "Creating"
    assert _list_status(requester, instance_id) == "Creating"
    assert _status(requester, instance_id) == "Creating"
    assert _status(requester, instance_id) == "Activated"
    assert emulator.control.connection(instance_id)["Pending"] is None


def test_mutations_are_not_reads(emulator, requester):
    emulator.control.set_transitions(create={"mode": "reads", "reads": 1})
    instance_id = create(requester)
    assert_error(client_error(modify, requester, instance_id, name="x"), "IncorrectStatus.VpcPeer")
    assert_error(client_error(modify, requester, instance_id, name="x"), "IncorrectStatus.VpcPeer")
    assert _status(requester, instance_id) == "Creating"
    assert _status(requester, instance_id) == "Activated"
    modify(requester, instance_id, name="x")


def test_never_mode_sticks_until_advanced(emulator, requester):
    emulator.control.set_transitions(create={"mode": "never"})
    instance_id = create(requester)
    for _attempt in range(5):
        assert _status(requester, instance_id) == "Creating"
    assert emulator.control.connection(instance_id)["Pending"]["mode"] == "never"
    emulator.control.advance_connection(instance_id)
    assert _status(requester, instance_id) == "Activated"


def test_per_connection_transition_overrides_the_global_one(emulator, requester):
    emulator.control.set_transitions(create={"mode": "never"})
    # Two VPCs of its own for the second one: a Creating connection refuses others on its VPCs (Conflict.Operation).
    stuck = create(requester)
    moving = create(requester, vpc_id="vpc-requester-hz-3", accepting_region_id=SH, accepting_vpc_id="vpc-requester-sh-1")
    emulator.control.set_connection_transitions(moving, create={"mode": "immediate"})
    assert (_status(requester, stuck), _status(requester, moving)) == ("Creating", "Activated")


def test_full_cross_account_cycle_with_reads(emulator, requester, accepter):
    emulator.control.set_all_transitions({"mode": "reads", "reads": 1})
    instance_id = create_cross_account(requester)
    assert _status(requester, instance_id) == "Creating"
    assert _status(accepter, instance_id) == "Accepting"
    accepter.accept_vpc_peer_connection(models.AcceptVpcPeerConnectionRequest(instance_id=instance_id))
    assert _status(requester, instance_id) == "Updating"
    assert _status(requester, instance_id) == "Activated"
    modify(requester, instance_id, name="renamed")
    assert _status(accepter, instance_id) == "Updating"
    assert _status(accepter, instance_id) == "Activated"
    requester.delete_vpc_peer_connection(models.DeleteVpcPeerConnectionRequest(instance_id=instance_id))
    assert _status(requester, instance_id) == "Deleting"
    assert _status(accepter, instance_id) == "Deleted"
    assert_error(client_error(get, requester, instance_id), "ResourceNotFound.InstanceId")


def test_accepting_expires_after_the_expire_time(emulator, requester, accepter):
    emulator.control.set_transitions(create={"mode": "immediate"}, expire={"mode": "time", "seconds": 0.4})
    instance_id = create_cross_account(requester)
    peer = get(requester, instance_id)
    assert peer["Status"] == "Accepting" and "GmtExpired" in peer
    assert _wait_for(lambda: _status(requester, instance_id) == "Expired")
    assert "GmtExpired" in get(requester, instance_id)
    exc = client_error(accepter.accept_vpc_peer_connection, models.AcceptVpcPeerConnectionRequest(instance_id=instance_id))
    assert_error(exc, "IncorrectStatus.VpcPeer")


def test_accepting_expires_after_seven_days_by_default(emulator, requester):
    emulator.control.set_transitions(create={"mode": "immediate"})
    instance_id = create_cross_account(requester)
    created = get(requester, instance_id)
    emulator.control.advance_clock(7 * 86400 - 60)
    assert _status(requester, instance_id) == "Accepting"
    emulator.control.advance_clock(61)
    expired = get(requester, instance_id)
    assert expired["Status"] == "Expired" and expired["GmtExpired"] == created["GmtExpired"]


def test_seeded_transitional_statuses_progress(emulator, requester):
    emulator.control.set_all_transitions({"mode": "reads", "reads": 1})
    updating = emulator.control.seed_connection(Status="Updating")["InstanceId"]
    deleting = emulator.control.seed_connection(Status="Deleting", VpcId="vpc-requester-hz-3")["InstanceId"]
    assert (_status(requester, updating), _status(requester, deleting)) == ("Updating", "Deleting")
    assert _status(requester, updating) == "Activated"
    assert _status(requester, deleting) == "Deleted"
    assert_error(client_error(get, requester, deleting), "ResourceNotFound.InstanceId")


def test_seeded_accepting_connection_with_expiry_date(emulator, requester, accepter):
    seeded = emulator.control.seed_connection(Status="Accepting", AcceptingOwnerUid=ACCEPTER_UID, AcceptingVpcId="vpc-accepter-hz-1",
                                              GmtExpired="2020-01-01T00:00:00Z")
    assert seeded["Status"] == "Expired"
    assert _status(accepter, seeded["InstanceId"]) == "Expired"


@pytest.mark.parametrize("window", [{"stale_seconds": 0.8}, {"stale_reads": 2}], ids=["seconds", "reads"])
def test_stale_window_after_modify(emulator, requester, window):
    emulator.control.set_transitions(create={"mode": "immediate"}, modify={"mode": "immediate"})
    instance_id = create(requester, accepting_region_id=SH, accepting_vpc_id="vpc-requester-sh-1", name="old-name")
    emulator.control.update_config({"stale_window": window})
    modify(requester, instance_id, name="new-name", bandwidth=2048)
    first = get(requester, instance_id)
    listed = requester.list_vpc_peer_connections(models.ListVpcPeerConnectionsRequest(region_id=HZ)).body.to_map()["VpcPeerConnects"][0]
    # A poller that trusts the first Activated read sees the old values.
    assert (first["Status"], first["Name"], first["Bandwidth"]) == ("Activated", "old-name", 1024)
    assert (listed["Status"], listed["Name"]) == ("Activated", "old-name")
    assert _wait_for(lambda: get(requester, instance_id)["Name"] == "new-name")
    assert get(requester, instance_id)["Bandwidth"] == 2048


def test_mutations_during_the_stale_window_see_the_true_state(emulator, requester):
    emulator.control.set_transitions(create={"mode": "immediate"}, modify={"mode": "never"})
    emulator.control.set_stale_window(seconds=30)
    instance_id = create(requester, accepting_region_id=SH, accepting_vpc_id="vpc-requester-sh-1")
    modify(requester, instance_id, name="first")
    assert get(requester, instance_id)["Status"] == "Activated"  # stale
    exc = client_error(modify, requester, instance_id, name="second")
    assert_error(exc, "IncorrectStatus.VpcPeer")
    assert "[Updating]" in exc.data["Message"]
    admin = emulator.control.connection(instance_id)
    assert admin["ReadOverrides"]["Name"] == "" and admin["ReadOverrides"]["Status"] == "Activated"
    assert admin["ReplicaLags"][0]["opened_by"] == "modify" and admin["ReplicaLags"][0]["values"]["Name"] == ""


def test_external_modify_enters_updating_with_the_configured_transition(emulator, requester):
    emulator.control.set_transitions(create={"mode": "immediate"}, modify={"mode": "reads", "reads": 1})
    instance_id = create(requester, accepting_region_id=SH, accepting_vpc_id="vpc-requester-sh-1")
    emulator.control.external_modify(instance_id, Description="changed elsewhere")
    peer = get(requester, instance_id)
    assert (peer["Status"], peer["Description"]) == ("Updating", "changed elsewhere")
    assert _status(requester, instance_id) == "Activated"
    assert emulator.control.journal("ModifyVpcPeerConnection") == []


# -- Deleted: seen for a while after Deleting, then gone ----------------------------------------

def _delete(client, instance_id, **fields):
    return client.delete_vpc_peer_connection(models.DeleteVpcPeerConnectionRequest(instance_id=instance_id, **fields))


def _listed_statuses(client):
    body = client.list_vpc_peer_connections(models.ListVpcPeerConnectionsRequest(region_id=HZ)).body.to_map()
    return {item["InstanceId"]: item["Status"] for item in body["VpcPeerConnects"]}


def test_deleted_is_seen_for_the_deleted_time_then_gone(emulator, requester):
    emulator.control.set_transitions(create={"mode": "immediate"}, delete={"mode": "time", "seconds": 5},
                                     deleted={"mode": "time", "seconds": 10})
    instance_id = create(requester)
    _delete(requester, instance_id)
    assert _status(requester, instance_id) == "Deleting"
    emulator.control.advance_clock(5)
    assert _status(requester, instance_id) == "Deleted"
    assert _listed_statuses(requester) == {instance_id: "Deleted"}
    assert emulator.control.connection(instance_id)["Pending"]["phase"] == "deleted"
    emulator.control.advance_clock(9.5)
    assert _status(requester, instance_id) == "Deleted"
    emulator.control.advance_clock(1)
    assert_error(client_error(get, requester, instance_id), "ResourceNotFound.InstanceId")
    assert _listed_statuses(requester) == {}


@pytest.mark.parametrize("spec,reads_showing_deleted", [
    ({"mode": "immediate"}, 0), ({"mode": "reads", "reads": 2}, 2), ({"mode": "never"}, 6)])
def test_deleted_phase_modes(emulator, requester, spec, reads_showing_deleted):
    emulator.control.set_transitions(create={"mode": "immediate"}, delete={"mode": "reads", "reads": 1}, deleted=spec)
    instance_id = create(requester)
    _delete(requester, instance_id)
    assert _status(requester, instance_id) == "Deleting"
    shown = []
    for _read in range(6):
        try:
            shown.append(_status(requester, instance_id))
        except ClientException:
            break
    assert shown == ["Deleted"] * reads_showing_deleted
    if spec["mode"] == "never":
        emulator.control.advance_connection(instance_id)
        assert_error(client_error(get, requester, instance_id), "ResourceNotFound.InstanceId")


def test_a_deleted_connection_refuses_every_change_and_blocks_nothing(emulator, requester, accepter):
    emulator.control.set_all_transitions({"mode": "immediate"})
    emulator.control.set_transitions(deleted={"mode": "never"})
    instance_id = create_cross_account(requester)
    accepter.accept_vpc_peer_connection(models.AcceptVpcPeerConnectionRequest(instance_id=instance_id))
    _delete(requester, instance_id)
    assert _status(accepter, instance_id) == "Deleted"
    refusals = [
        lambda: modify(requester, instance_id, name="x"),
        lambda: _delete(requester, instance_id),
        lambda: _delete(accepter, instance_id),
        lambda: accepter.accept_vpc_peer_connection(models.AcceptVpcPeerConnectionRequest(instance_id=instance_id)),
        lambda: accepter.reject_vpc_peer_connection(models.RejectVpcPeerConnectionRequest(instance_id=instance_id)),
        lambda: requester.tag_resources(models.TagResourcesRequest(
            region_id=HZ, resource_type="PeerConnection", resource_id=[instance_id], tag=[models.TagResourcesRequestTag(key="k", value="v")])),
        lambda: requester.un_tag_resources(models.UnTagResourcesRequest(
            region_id=HZ, resource_type="PeerConnection", resource_id=[instance_id], all=True)),
        lambda: requester.move_resource_group(models.MoveResourceGroupRequest(
            region_id=HZ, resource_type="PeerConnection", resource_id=instance_id, new_resource_group_id="rg-emulator-requester-2")),
    ]
    for refused in refusals:
        exc = client_error(refused)
        assert_error(exc, "IncorrectStatus.VpcPeer")
        assert exc.data["Message"] == "The status of %s [Deleted] is incorrect." % instance_id
    # The same two VPCs may be peered again at once, and nothing on them is busy.
    again = create_cross_account(requester)
    assert again != instance_id and _status(requester, again) == "Accepting"
    assert _listed_statuses(requester) == {instance_id: "Deleted", again: "Accepting"}


def test_seeded_deleted_connection_follows_the_deleted_phase(emulator, requester):
    emulator.control.set_transitions(deleted={"mode": "time", "seconds": 1})
    instance_id = emulator.control.seed_connection(Status="Deleted")["InstanceId"]
    assert _status(requester, instance_id) == "Deleted"
    emulator.control.advance_clock(1)
    assert_error(client_error(get, requester, instance_id), "ResourceNotFound.InstanceId")
