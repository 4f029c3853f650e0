# Copyright (c) alibabacloud.vpcpeer contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""ClientToken: the same token and parameters give the original answer and apply the change once."""

from __future__ import annotations

import pytest
from alibabacloud_vpcpeer20220101 import models
from Tea.exceptions import TeaException
from darabonba.exceptions import UnretryableException

from emulator_helpers import HZ, SH, assert_error, client_error, create, get, modify
from vpcpeer_emulator import ACCEPTER_UID

CREATE = dict(region_id=HZ, vpc_id="vpc-requester-hz-1", accepting_ali_uid=1234567890123456, accepting_region_id=SH,
              accepting_vpc_id="vpc-requester-sh-1")


def _create(client, **fields):
    return client.create_vpc_peer_connection(models.CreateVpcPeerConnectionRequest(**{**CREATE, **fields})).body.to_map()


def test_create_with_the_same_token_returns_the_original_answer(emulator, immediate, requester):
    first = _create(requester, client_token="create-token-1", name="once")
    second = _create(requester, client_token="create-token-1", name="once")
    assert second == first  # same InstanceId and the same RequestId
    assert len(emulator.control.connections()) == 1
    calls = emulator.control.journal("CreateVpcPeerConnection")
    assert [c["idempotent_replay"] for c in calls] == [False, True]
    assert calls[1]["request_id"] == first["RequestId"] and calls[1]["client_token"] == "create-token-1"


def test_same_token_with_other_parameters_is_a_mismatch(emulator, immediate, requester):
    _create(requester, client_token="create-token-2", name="once")
    exc = client_error(_create, requester, client_token="create-token-2", name="different")
    assert_error(exc, "IdempotentParameterMismatch")
    assert len(emulator.control.connections()) == 1


def test_a_new_token_makes_a_new_request(emulator, immediate, requester):
    _create(requester, client_token="create-token-3")
    exc = client_error(_create, requester, client_token="create-token-4")
    assert_error(exc, "ResourceAlreadyExist.VpcPeer")


def test_modify_replay_while_updating_returns_the_original_answer(emulator, immediate, requester):
    instance_id = create(requester, accepting_region_id=SH, accepting_vpc_id="vpc-requester-sh-1")
    emulator.control.set_transitions(modify={"mode": "never"})
    first = modify(requester, instance_id, bandwidth=300, client_token="modify-token-1")
    assert get(requester, instance_id)["Status"] == "Updating"
    again = modify(requester, instance_id, bandwidth=300, client_token="modify-token-1")
    assert again == first
    exc = client_error(modify, requester, instance_id, bandwidth=300, client_token="modify-token-2")
    assert_error(exc, "IncorrectStatus.VpcPeer")
    assert_error(client_error(modify, requester, instance_id, bandwidth=301, client_token="modify-token-1"), "IdempotentParameterMismatch")
    emulator.control.advance_connection(instance_id)
    peer = get(requester, instance_id)
    assert (peer["Status"], peer["Bandwidth"]) == ("Activated", 300)
    applied = [c for c in emulator.control.journal("ModifyVpcPeerConnection") if c["code"] is None and not c["idempotent_replay"]]
    assert len(applied) == 1


def test_dry_run_does_not_record_the_token(emulator, immediate, requester):
    assert_error(client_error(_create, requester, client_token="dry-token", dry_run=True), "DryRunOperation")
    created = _create(requester, client_token="dry-token")
    assert created["InstanceId"] and len(emulator.control.connections()) == 1


def test_a_refused_first_use_runs_again_when_failures_are_not_replayed(emulator, immediate, requester):
    emulator.control.update_config({"idempotency": {"replay_failures": False}})
    instance_id = create(requester, accepting_region_id=SH, accepting_vpc_id="vpc-requester-sh-1")
    emulator.control.patch_connection(instance_id, BizStatus="FinancialLocked")
    assert_error(client_error(modify, requester, instance_id, name="n", client_token="retry-me"), "IncorrectBusinessStatus.VpcPeer")
    emulator.control.patch_connection(instance_id, BizStatus="Normal")
    modify(requester, instance_id, name="n", client_token="retry-me")
    assert get(requester, instance_id)["Name"] == "n"
    calls = emulator.control.journal("ModifyVpcPeerConnection")
    assert [(c["code"], c["idempotent_replay"], c["applied"]) for c in calls] == [
        ("IncorrectBusinessStatus.VpcPeer", False, False), (None, False, True)]


def test_a_refused_first_use_is_replayed_by_default(emulator, immediate, requester):
    assert emulator.control.config()["idempotency"] == {"replay_failures": True}
    instance_id = create(requester, accepting_region_id=SH, accepting_vpc_id="vpc-requester-sh-1")
    emulator.control.patch_connection(instance_id, BizStatus="FinancialLocked")
    first = client_error(modify, requester, instance_id, name="n", client_token="refused-once")
    assert_error(first, "IncorrectBusinessStatus.VpcPeer")
    emulator.control.patch_connection(instance_id, BizStatus="Normal")
    # The cause is gone, but the token keeps its answer: the same error, byte for byte, with its RequestId.
    again = client_error(modify, requester, instance_id, name="n", client_token="refused-once")
    assert_error(again, "IncorrectBusinessStatus.VpcPeer")
    assert again.data == first.data and again.request_id == first.request_id
    assert get(requester, instance_id)["Name"] == ""
    assert_error(client_error(modify, requester, instance_id, name="other", client_token="refused-once"), "IdempotentParameterMismatch")
    modify(requester, instance_id, name="n", client_token="a-new-token")
    assert get(requester, instance_id)["Name"] == "n"
    calls = emulator.control.journal("ModifyVpcPeerConnection")
    assert [(c["code"], c["idempotent_replay"], c["applied"]) for c in calls] == [
        ("IncorrectBusinessStatus.VpcPeer", False, False), ("IncorrectBusinessStatus.VpcPeer", True, False),
        ("IdempotentParameterMismatch", False, False), (None, False, True)]
    assert calls[1]["request_id"] == calls[0]["request_id"]


def test_a_conflict_refusal_is_replayed_after_the_conflict_is_gone(emulator, requester):
    emulator.control.set_transitions(create={"mode": "never"})
    first = create(requester)  # hz-1 <-> hz-2 stays Creating
    assert_error(client_error(_create, requester, client_token="busy-vpc", vpc_id="vpc-requester-hz-2"), "Conflict.Operation")
    emulator.control.advance_connection(first)
    assert_error(client_error(_create, requester, client_token="busy-vpc", vpc_id="vpc-requester-hz-2"), "Conflict.Operation")
    # Switched off, recorded refusals are not replayed any more: the token runs as if new.
    emulator.control.update_config({"idempotency": {"replay_failures": False}})
    created = _create(requester, client_token="busy-vpc", vpc_id="vpc-requester-hz-2")
    assert _create(requester, client_token="busy-vpc", vpc_id="vpc-requester-hz-2") == created
    assert len(emulator.control.connections()) == 2


@pytest.mark.parametrize("fault", ["throttling", "service_unavailable", "internal_error"])
def test_gateway_refusals_and_faults_never_reach_the_token(emulator, immediate, requester, fault):
    emulator.control.add_fault(fault, action="CreateVpcPeerConnection")
    with pytest.raises(TeaException):
        _create(requester, client_token="faulted-first")
    created = _create(requester, client_token="faulted-first")
    assert created["InstanceId"] and len(emulator.control.connections()) == 1
    emulator.control.set_quotas(limits={"CreateVpcPeerConnection": 0})
    assert_error(client_error(_create, requester, client_token="throttled-first", vpc_id="vpc-requester-hz-3"), "Throttling.User")
    emulator.control.set_quotas(limits={"CreateVpcPeerConnection": 360})
    assert _create(requester, client_token="throttled-first", vpc_id="vpc-requester-hz-3")["InstanceId"]


def test_tokens_are_per_account_and_per_action(emulator, immediate, requester, accepter):
    instance_id = requester.create_vpc_peer_connection(models.CreateVpcPeerConnectionRequest(
        **{**CREATE, "accepting_ali_uid": ACCEPTER_UID, "accepting_vpc_id": "vpc-accepter-sh-1"})).body.instance_id
    accepter.accept_vpc_peer_connection(models.AcceptVpcPeerConnectionRequest(instance_id=instance_id))
    by_requester = modify(requester, instance_id, name="a", client_token="shared")
    by_accepter = modify(accepter, instance_id, name="a", client_token="shared")
    assert by_accepter["RequestId"] != by_requester["RequestId"]  # the accepter's token space is its own
    tagged = requester.tag_resources(models.TagResourcesRequest(region_id=HZ, resource_type="PeerConnection", resource_id=[instance_id],
                                                                tag=[models.TagResourcesRequestTag(key="k", value="v")],
                                                                client_token="shared"))
    assert tagged.body.success is True  # and so is each action's
    replays = [c for c in emulator.control.journal() if c["idempotent_replay"]]
    assert replays == []


def test_tokens_expire_after_a_day_of_emulator_time(emulator, immediate, requester):
    instance_id = create(requester, accepting_region_id=SH, accepting_vpc_id="vpc-requester-sh-1")
    first = modify(requester, instance_id, name="a", client_token="daily")
    assert modify(requester, instance_id, name="a", client_token="daily") == first
    emulator.control.advance_clock(86401)
    assert modify(requester, instance_id, name="a", client_token="daily")["RequestId"] != first["RequestId"]


def test_delete_replay_after_the_connection_is_gone(emulator, immediate, requester):
    instance_id = create(requester)
    request = models.DeleteVpcPeerConnectionRequest(instance_id=instance_id, client_token="delete-token")
    first = requester.delete_vpc_peer_connection(request).body.to_map()
    assert requester.delete_vpc_peer_connection(request).body.to_map() == first
    assert_error(client_error(get, requester, instance_id), "ResourceNotFound.InstanceId")


def test_lost_answer_then_retry_with_the_same_token_creates_once(emulator, immediate, requester):
    emulator.control.add_fault("drop", action="CreateVpcPeerConnection", after_apply=True)
    with pytest.raises(UnretryableException):
        _create(requester, client_token="lost-answer")
    created = _create(requester, client_token="lost-answer")
    assert [c["InstanceId"] for c in emulator.control.connections()] == [created["InstanceId"]]
    calls = emulator.control.journal("CreateVpcPeerConnection")
    assert [(c["fault"], c["idempotent_replay"], c["applied"]) for c in calls] == [("drop", False, True), (None, True, False)]
    assert calls[1]["request_id"] == calls[0]["request_id"] == created["RequestId"]


def test_journal_marks_only_the_calls_that_changed_something(emulator, immediate, requester):
    emulator.control.add_fault("drop", action="CreateVpcPeerConnection", after_apply=False)
    with pytest.raises(UnretryableException):
        _create(requester, client_token="dropped-before-apply")
    _create(requester, client_token="dropped-before-apply")
    _create(requester, client_token="dropped-before-apply")
    with pytest.raises(TeaException):
        _create(requester, client_token="dry", dry_run=True)
    calls = emulator.control.journal("CreateVpcPeerConnection")
    assert [(c["fault"], c["idempotent_replay"], c["applied"]) for c in calls] == [
        ("drop", False, False), (None, False, True), (None, True, False), (None, False, False)]
    assert all(not c["applied"] for c in emulator.control.journal("GetVpcPeerConnectionAttribute"))


def test_journal_records_the_user_agent_of_each_call(emulator, immediate):
    tagged = emulator.requester(user_agent="alibabacloud.vpcpeer/9.8.7-test")
    instance_id = _create(tagged, client_token="ua")["InstanceId"]
    tagged.get_vpc_peer_connection_attribute(models.GetVpcPeerConnectionAttributeRequest(instance_id=instance_id))
    emulator.requester().get_vpc_peer_connection_attribute(models.GetVpcPeerConnectionAttributeRequest(instance_id=instance_id))
    agents = [call["user_agent"] for call in emulator.control.journal()]
    assert len(agents) == 3
    # The SDK appends the configured user agent to its own (SDK, Python and OS versions).
    assert agents[0].endswith(" alibabacloud.vpcpeer/9.8.7-test") and agents[1] == agents[0]
    assert agents[2] and "alibabacloud.vpcpeer" not in agents[2]
