# Copyright (c) alibabacloud.vpcpeer contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""What reads show of a Modify in flight: Name and Description at once, Bandwidth and LinkType only
once Activated, and a replica lag after that during which chosen fields still read their old values."""

from __future__ import annotations

import pytest
from alibabacloud_vpcpeer20220101 import models

from emulator_helpers import HZ, create_cross_region, get, modify
from vpcpeer_emulator import ControlError


def _listed(client, instance_id):
    body = client.list_vpc_peer_connections(models.ListVpcPeerConnectionsRequest(region_id=HZ, instance_id=instance_id)).body.to_map()
    return body["VpcPeerConnects"][0]


def _seen(peer):
    return peer["Status"], peer["Name"], peer["Bandwidth"]


@pytest.fixture
def peer(emulator, requester):
    """An Activated hz -> sh peering named old-name with 1024 Mbit/s; Modify takes 5 s of emulator time."""
    emulator.control.set_transitions(create={"mode": "immediate"}, modify={"mode": "time", "seconds": 5})
    return create_cross_region(requester, name="old-name")


def test_name_at_once_bandwidth_when_activated_then_after_the_replica_lag(emulator, requester, peer):
    emulator.control.update_config({"visibility": {"replica_lag": {"seconds": 3}}})
    modify(requester, peer, name="new-name", bandwidth=2048)
    assert _seen(get(requester, peer)) == ("Updating", "new-name", 1024)
    assert _seen(_listed(requester, peer)) == ("Updating", "new-name", 1024)
    emulator.control.advance_clock(5)
    # Activated, but a replica behind still reads the old bandwidth.
    assert _seen(get(requester, peer)) == ("Activated", "new-name", 1024)
    assert _seen(_listed(requester, peer)) == ("Activated", "new-name", 1024)
    emulator.control.advance_clock(2.9)
    assert _seen(get(requester, peer)) == ("Activated", "new-name", 1024)
    emulator.control.advance_clock(0.1)
    assert _seen(get(requester, peer)) == ("Activated", "new-name", 2048)
    assert _seen(_listed(requester, peer)) == ("Activated", "new-name", 2048)


def test_without_replica_lag_the_new_values_show_when_activated(emulator, requester, peer):
    assert emulator.control.config()["visibility"] == {
        "deferred_fields": ["Bandwidth", "LinkType"], "replica_lag": {"seconds": 0, "reads": 0, "fields": ["Bandwidth", "LinkType"]}}
    modify(requester, peer, description="new description", bandwidth=300)
    peer_now = get(requester, peer)
    assert (peer_now["Status"], peer_now["Description"], peer_now["Bandwidth"]) == ("Updating", "new description", 1024)
    emulator.control.advance_clock(5)
    assert (get(requester, peer)["Status"], get(requester, peer)["Bandwidth"]) == ("Activated", 300)


def test_replica_lag_counted_in_reads(emulator, requester, peer):
    emulator.control.set_transitions(modify={"mode": "reads", "reads": 1})
    emulator.control.update_config({"visibility": {"replica_lag": {"reads": 2, "fields": ["Bandwidth"]}}})
    modify(requester, peer, name="new-name", bandwidth=2048, link_type="Gold")
    assert _seen(get(requester, peer)) == ("Updating", "new-name", 1024)
    for _read in range(2):  # the read that sees Activated is the first of the lag's two
        assert _seen(_listed(requester, peer)) == ("Activated", "new-name", 1024)
    assert _seen(get(requester, peer)) == ("Activated", "new-name", 2048)


def test_deferred_fields_are_configurable(emulator, requester, peer):
    emulator.control.update_config({"visibility": {"deferred_fields": []}})
    modify(requester, peer, name="new-name", bandwidth=2048)
    assert _seen(get(requester, peer)) == ("Updating", "new-name", 2048)
    emulator.control.advance_clock(5)
    emulator.control.update_config({"visibility": {"deferred_fields": ["Name", "Bandwidth", "LinkType"]}})
    modify(requester, peer, name="newer-name", bandwidth=4096)
    assert _seen(get(requester, peer)) == ("Updating", "new-name", 2048)
    emulator.control.advance_clock(5)
    assert _seen(get(requester, peer)) == ("Activated", "newer-name", 4096)


def test_mutations_and_the_admin_view_see_the_true_values(emulator, requester, peer):
    emulator.control.update_config({"visibility": {"replica_lag": {"seconds": 30}}})
    modify(requester, peer, bandwidth=2048)
    admin = emulator.control.connection(peer)
    assert (admin["Status"], admin["Bandwidth"], admin["ReadOverrides"]) == ("Updating", 2048, {"Bandwidth": 1024, "LinkType": "Gold"})
    emulator.control.advance_clock(5)
    admin = emulator.control.connection(peer)
    assert admin["ReplicaLags"][0]["opened_by"] == "activation" and admin["ReplicaLags"][0]["values"] == {"Bandwidth": 1024, "LinkType": "Gold"}
    # The connection is Activated, so a new Modify is accepted although reads still show the old bandwidth.
    modify(requester, peer, bandwidth=4096)
    assert get(requester, peer)["Bandwidth"] == 1024
    emulator.control.advance_clock(35)
    assert get(requester, peer)["Bandwidth"] == 4096 and emulator.control.connection(peer)["ReadOverrides"] is None


def test_replica_lag_range_is_drawn_per_connection(emulator, requester, peer):
    emulator.control.update_config({"visibility": {"replica_lag": {"seconds": [1, 2]}}})
    modify(requester, peer, bandwidth=2048)
    emulator.control.advance_clock(5)
    lag = emulator.control.connection(peer)["ReplicaLags"][0]
    assert lag["reads_left"] == 0 and lag["until"] is not None
    emulator.control.advance_clock(0.99)
    assert get(requester, peer)["Bandwidth"] == 1024
    emulator.control.advance_clock(1.02)
    assert get(requester, peer)["Bandwidth"] == 2048


@pytest.mark.parametrize("patch", [
    {"visibility": {"deferred_fields": ["Status"]}},
    {"visibility": {"replica_lag": {"fields": ["Tags"]}}},
    {"visibility": {"replica_lag": {"seconds": [3, 1]}}},
    {"visibility": {"replica_lag": {"seconds": -1}}},
    {"visibility": {"replica_lag": {"reads": -1}}},
])
def test_visibility_settings_are_validated(emulator, patch):
    with pytest.raises(ControlError) as info:
        emulator.control.update_config(patch)
    assert info.value.status == 400
    assert emulator.control.config()["visibility"]["replica_lag"]["seconds"] == 0


def test_accept_does_not_hold_anything_back(emulator, requester, accepter):
    emulator.control.set_transitions(create={"mode": "immediate"}, accept={"mode": "time", "seconds": 5})
    emulator.control.update_config({"visibility": {"replica_lag": {"seconds": 30}}})
    instance_id = create_cross_region(requester, accepting_ali_uid=9876543210987654, accepting_vpc_id="vpc-accepter-sh-1", bandwidth=300)
    accepter.accept_vpc_peer_connection(models.AcceptVpcPeerConnectionRequest(instance_id=instance_id))
    assert (get(accepter, instance_id)["Status"], get(accepter, instance_id)["Bandwidth"]) == ("Updating", 300)
    emulator.control.advance_clock(5)
    assert emulator.control.connection(instance_id)["ReplicaLags"] == []
