# Copyright (c) alibabacloud.vpcpeer contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Rate limits and fault rules, seen through the SDK's exception classes."""

from __future__ import annotations

import time

import pytest
from alibabacloud_tea_openapi.exceptions import ClientException, ServerException, ThrottlingException
from darabonba.exceptions import UnretryableException
from darabonba.policy.retry import RetryOptions
from Tea.exceptions import UnretryableException as TeaUnretryableException
from alibabacloud_vpcpeer20220101 import models

from emulator_helpers import HZ, SH, create, get, modify
from vpcpeer_emulator import ACCEPTER_AK, REQUESTER_AK

LIST = models.ListVpcPeerConnectionsRequest(region_id=HZ)


def _list(client, region=HZ):
    return client.list_vpc_peer_connections(models.ListVpcPeerConnectionsRequest(region_id=region)).body.to_map()


@pytest.fixture
def peer(emulator, immediate, requester):
    return create(requester, accepting_region_id=SH, accepting_vpc_id="vpc-requester-sh-1")


# -- quotas -------------------------------------------------------------------------------------

def test_default_quotas_are_the_documented_ones(emulator):
    limits = emulator.control.config()["quotas"]["limits"]
    assert limits["ModifyVpcPeerConnection"] == 360 and limits["ListVpcPeerConnections"] == 360
    assert limits["TagResources"] == 1000 and limits["MoveResourceGroup"] == 1000 and limits["ListTagResources"] == 3000


def test_quota_exceeded_without_retry_after_is_a_client_exception(emulator, requester):
    emulator.control.set_quotas(limits={"ListVpcPeerConnections": 3})
    for _call in range(3):
        _list(requester)
    with pytest.raises(ClientException) as info:
        _list(requester)
    exc = info.value
    assert not isinstance(exc, ThrottlingException)
    assert (exc.code, exc.status_code, exc.retry_after) == ("Throttling.User", 400, None)
    assert exc.data["Message"] == "Request was denied due to user flow control."
    # Other regions, actions and accounts have their own counters.
    _list(requester, SH)
    requester.list_tag_resources(models.ListTagResourcesRequest(region_id=HZ, resource_type="PeerConnection", resource_id=["pcc-x"]))
    _list(emulator.accepter())


def test_quota_exceeded_with_retry_after_is_a_throttling_exception(emulator, requester):
    emulator.control.set_quotas(limits={"ListVpcPeerConnections": 2}, window_seconds=30, retry_after_header=True)
    _list(requester)
    _list(requester)
    with pytest.raises(ThrottlingException) as info:
        _list(requester)
    assert info.value.code == "Throttling.User" and info.value.status_code == 400
    assert 0 < info.value.retry_after <= 30000


def test_quota_window_slides(emulator, requester):
    emulator.control.set_quotas(limits={"ListVpcPeerConnections": 1}, window_seconds=0.2)
    _list(requester)
    with pytest.raises(ClientException):
        _list(requester)
    time.sleep(0.25)
    _list(requester)


def test_quotas_can_be_disabled(emulator, requester):
    emulator.control.set_quotas(limits={"ListVpcPeerConnections": 1}, enabled=False)
    for _call in range(5):
        _list(requester)


def test_actions_without_region_use_the_connection_region(emulator, requester, peer):
    emulator.control.set_quotas(limits={"GetVpcPeerConnectionAttribute": 1})
    get(requester, peer)
    with pytest.raises(ClientException) as info:
        get(requester, peer)
    assert info.value.code == "Throttling.User"
    assert emulator.control.journal("GetVpcPeerConnectionAttribute")[0]["region"] == HZ


# -- faults -------------------------------------------------------------------------------------

@pytest.mark.parametrize("fault,status,code", [("service_unavailable", 503, "ServiceUnavailable"), ("internal_error", 500, "InternalError")])
def test_server_side_faults_raise_server_exception(emulator, requester, fault, status, code):
    emulator.control.add_fault(fault, action="ListVpcPeerConnections")
    with pytest.raises(ServerException) as info:
        _list(requester)
    assert (info.value.code, info.value.status_code) == (code, status)
    assert info.value.data["HostId"] == "vpcpeer.aliyuncs.com"
    _list(requester)  # count defaults to 1
    assert emulator.control.journal()[0]["fault"] == fault


def test_throttling_fault_with_and_without_retry_after(emulator, requester):
    emulator.control.add_fault("throttling", action="ListVpcPeerConnections")
    with pytest.raises(ClientException) as info:
        _list(requester)
    assert info.value.code == "Throttling.User" and not isinstance(info.value, ThrottlingException)
    emulator.control.add_fault("throttling", action="ListVpcPeerConnections", retry_after_ms=1500)
    with pytest.raises(ThrottlingException) as info:
        _list(requester)
    assert info.value.retry_after == 1500


def test_bad_gateway_html_is_unretryable(emulator, requester):
    emulator.control.add_fault("bad_gateway")
    with pytest.raises(UnretryableException) as info:
        _list(requester)
    assert isinstance(info.value, TeaUnretryableException)
    assert "json" in repr(info.value.inner_exception).lower()
    assert emulator.control.stats()["by_code"] == {"HTTP_502": 1}


def test_slow_answer_after_apply_times_out_but_the_change_is_made(emulator, peer):
    emulator.control.add_fault("slow", action="ModifyVpcPeerConnection", delay=0.6, after_apply=True)
    impatient = emulator.requester(read_timeout=200)
    started = time.monotonic()
    with pytest.raises(UnretryableException) as info:
        modify(impatient, peer, name="lost-answer")
    assert time.monotonic() - started < 0.55
    assert "timed out" in repr(info.value.inner_exception).lower()
    assert get(emulator.requester(), peer)["Name"] == "lost-answer"


def test_slow_answer_before_apply_makes_the_change_late(emulator, peer):
    emulator.control.add_fault("slow", action="ModifyVpcPeerConnection", delay=0.8)
    with pytest.raises(UnretryableException):
        modify(emulator.requester(read_timeout=150), peer, name="late")
    patient = emulator.requester()
    assert get(patient, peer)["Name"] == ""
    deadline = time.monotonic() + 3
    while get(patient, peer)["Name"] != "late" and time.monotonic() < deadline:
        time.sleep(0.05)
    assert get(patient, peer)["Name"] == "late"


def test_dropped_connection_without_apply_changes_nothing(emulator, requester, peer):
    emulator.control.add_fault("drop", action="ModifyVpcPeerConnection")
    with pytest.raises(UnretryableException):
        modify(requester, peer, name="never-made")
    assert get(requester, peer)["Name"] == ""
    call = emulator.control.journal("ModifyVpcPeerConnection")[0]
    assert call["fault"] == "drop" and call["http_status"] is None


def test_dropped_connection_after_apply_makes_the_change(emulator, requester, peer):
    emulator.control.add_fault("drop", action="ModifyVpcPeerConnection", after_apply=True)
    with pytest.raises(UnretryableException):
        modify(requester, peer, name="made-anyway")
    assert get(requester, peer)["Name"] == "made-anyway"


def test_skip_count_and_the_rule_list(emulator, requester):
    rule_id = emulator.control.add_fault("service_unavailable", action="ListVpcPeerConnections", skip=1, count=2)
    _list(requester)
    for _call in range(2):
        with pytest.raises(ServerException):
            _list(requester)
    _list(requester)
    rule = [r for r in emulator.control.faults() if r["id"] == rule_id][0]
    assert (rule["remaining"], rule["injected"], rule["matched"]) == (0, 2, 3)
    emulator.control.clear_faults()
    assert emulator.control.faults() == []


def test_probability_and_access_key_filter(emulator, requester, accepter):
    emulator.control.add_fault("internal_error", probability=1.0, access_key_id=ACCEPTER_AK)
    _list(requester)
    for _call in range(3):
        with pytest.raises(ServerException):
            _list(accepter)
    emulator.control.clear_faults()
    emulator.control.add_fault("internal_error", probability=0.0)
    _list(accepter)


def test_sdk_retry_options_recover_from_transient_faults(emulator):
    emulator.control.add_fault("service_unavailable", action="ListVpcPeerConnections", count=2)
    retry = RetryOptions({"retryable": True, "retryCondition": [
        {"maxAttempts": 3, "errorCode": ["ServiceUnavailable"], "backoff": {"policy": "Fixed", "period": 10}}]})
    client = emulator.sdk_client(REQUESTER_AK, retry_options=retry)
    assert _list(client)["TotalCount"] == 0
    calls = emulator.control.journal("ListVpcPeerConnections")
    assert [c["retry_attempt"] for c in calls] == [0, 1, 2]
    assert [c["http_status"] for c in calls] == [503, 503, 200]


def test_fault_rules_validate_their_kind(emulator):
    from vpcpeer_emulator import ControlError  # pylint: disable=import-outside-toplevel
    with pytest.raises(ControlError) as info:
        emulator.control.add_fault("meteor_strike")
    assert info.value.status == 400


def test_order_authentication_before_faults(emulator):
    emulator.control.add_fault("service_unavailable")
    with pytest.raises(ClientException) as info:
        _list(emulator.sdk_client(REQUESTER_AK, "wrong-secret"))
    assert info.value.code == "SignatureDoesNotMatch"
    assert emulator.control.faults()[0]["remaining"] == 1
