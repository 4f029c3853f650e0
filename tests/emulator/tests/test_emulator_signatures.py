# Copyright (c) alibabacloud.vpcpeer contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Authentication: both signature algorithms, STS tokens, every signature failure."""

from __future__ import annotations

import datetime

import pytest
from alibabacloud_credentials import models as credentials_models
from alibabacloud_credentials.client import Client as CredentialsClient
from alibabacloud_tea_openapi import models as open_api_models
from alibabacloud_tea_openapi.utils import Utils
from alibabacloud_vpcpeer20220101 import models
from alibabacloud_vpcpeer20220101.client import Client

from emulator_helpers import HZ, assert_error, capture, client_error, create, get, join_raw, send_raw, signed_v3, split_raw
from vpcpeer_emulator import (
    REQUESTER_AK, REQUESTER_SECRET, REQUESTER_STS_AK, REQUESTER_STS_SECRET, REQUESTER_STS_TOKEN, REQUESTER_UID,
)

LIST_REQUEST = models.ListVpcPeerConnectionsRequest(region_id=HZ)


def _list(client):
    return client.list_vpc_peer_connections(LIST_REQUEST).body.to_map()


@pytest.mark.parametrize("algorithm", [None, "v2"], ids=["acs3-hmac-sha256", "rpc-hmac-sha1"])
def test_both_signature_algorithms_authenticate(emulator, immediate, algorithm):
    overrides = {"signature_algorithm": algorithm} if algorithm else {}
    client = emulator.requester(**overrides)
    instance_id = create(client, name="signed", description="Body parameters are signed too", tag=[
        models.CreateVpcPeerConnectionRequestTag(key="k 1/\u00e9*", value="")])
    assert get(client, instance_id)["Tags"] == [{"Key": "k 1/\u00e9*", "Value": ""}]
    calls = emulator.control.journal("CreateVpcPeerConnection")
    assert calls[0]["signature_method"] == ("HMAC-SHA1" if algorithm else "ACS3-HMAC-SHA256")
    assert calls[0]["account_uid"] == REQUESTER_UID
    assert "Signature" not in calls[0]["params"] and "AccessKeyId" not in calls[0]["params"]


@pytest.mark.parametrize("algorithm", [None, "v2"], ids=["acs3", "rpc"])
def test_sts_key_with_its_token_is_accepted(emulator, algorithm):
    overrides = {"signature_algorithm": algorithm} if algorithm else {}
    client = emulator.sdk_client(REQUESTER_STS_AK, REQUESTER_STS_SECRET, REQUESTER_STS_TOKEN, **overrides)
    assert _list(client)["TotalCount"] == 0
    call = emulator.control.journal()[-1]
    assert call["access_key_id"] == REQUESTER_STS_AK and call["account_uid"] == REQUESTER_UID
    assert REQUESTER_STS_TOKEN not in str(call)


@pytest.mark.parametrize("algorithm", [None, "v2"], ids=["acs3", "rpc"])
def test_sts_key_with_a_wrong_token_is_refused(emulator, algorithm):
    overrides = {"signature_algorithm": algorithm} if algorithm else {}
    client = emulator.sdk_client(REQUESTER_STS_AK, REQUESTER_STS_SECRET, "not-the-token", **overrides)
    assert_error(client_error(_list, client), "InvalidSecurityToken.MismatchWithAccessKey")


@pytest.mark.parametrize("algorithm", [None, "v2"], ids=["acs3", "rpc"])
def test_sts_key_without_token_is_missing_security_token(emulator, algorithm):
    overrides = {"signature_algorithm": algorithm} if algorithm else {}
    client = emulator.sdk_client(REQUESTER_STS_AK, REQUESTER_STS_SECRET, "", **overrides)
    exc = client_error(_list, client)
    assert_error(exc, "MissingSecurityToken")
    assert exc.data["Message"] == "SecurityToken is mandatory for this action."


def test_malformed_sts_token_is_refused(emulator):
    client = emulator.sdk_client(REQUESTER_STS_AK, REQUESTER_STS_SECRET, "token with spaces")
    assert_error(client_error(_list, client), "InvalidSecurityToken.Malformed")


def test_expired_sts_token_is_refused(emulator):
    emulator.control.update_config({"access_keys": {REQUESTER_STS_AK: {"expiration": "2020-01-01T00:00:00Z"}}})
    client = emulator.sdk_client(REQUESTER_STS_AK)
    assert_error(client_error(_list, client), "InvalidSecurityToken.Expired")


def test_v3_accesskey_id_header_must_match_the_credential(emulator):
    good = {"x-acs-accesskey-id": REQUESTER_STS_AK, "x-acs-security-token": REQUESTER_STS_TOKEN}
    raw = signed_v3(emulator.port, "ListVpcPeerConnections", {}, {"RegionId": HZ}, REQUESTER_STS_AK, REQUESTER_STS_SECRET, good)
    status, _headers, answer = send_raw(emulator.port, raw)
    assert status == 200, answer
    bad = dict(good, **{"x-acs-accesskey-id": REQUESTER_AK})
    raw = signed_v3(emulator.port, "ListVpcPeerConnections", {}, {"RegionId": HZ}, REQUESTER_STS_AK, REQUESTER_STS_SECRET, bad)
    status, _headers, answer = send_raw(emulator.port, raw)
    assert status == 400 and answer["Code"] == "InvalidSecurityToken.MismatchWithAccessKey"


def test_token_headers_must_be_signed(emulator):
    headers = {"x-acs-accesskey-id": REQUESTER_STS_AK, "x-acs-security-token": REQUESTER_STS_TOKEN}
    raw = signed_v3(emulator.port, "ListVpcPeerConnections", {}, {"RegionId": HZ}, REQUESTER_STS_AK, REQUESTER_STS_SECRET, headers)
    line, parsed, body = split_raw(raw)
    parsed["Authorization"] = parsed["Authorization"].replace("x-acs-security-token;", "")
    status, _headers, answer = send_raw(emulator.port, join_raw(line, parsed, body))
    assert status == 400 and answer["Code"] == "IncompleteSignature"


def test_parameters_are_read_from_query_and_body_alike(emulator, immediate):
    create_params = {"RegionId": HZ, "VpcId": "vpc-requester-hz-1", "AcceptingAliUid": str(REQUESTER_UID),
                     "AcceptingRegionId": HZ, "AcceptingVpcId": "vpc-requester-hz-2", "Name": "all-in-query", "DryRun": "false"}
    status, _headers, answer = send_raw(emulator.port, signed_v3(
        emulator.port, "CreateVpcPeerConnection", create_params, {}, REQUESTER_AK, REQUESTER_SECRET))
    assert status == 200, answer
    assert get(emulator.requester(), answer["InstanceId"])["Name"] == "all-in-query"
    status, _headers, answer = send_raw(emulator.port, signed_v3(
        emulator.port, "ListVpcPeerConnections", {}, {"RegionId": HZ, "Name": "all-in-query"}, REQUESTER_AK, REQUESTER_SECRET))
    assert status == 200 and answer["TotalCount"] == 1


def test_wrong_secret_gives_signature_does_not_match_with_string_to_sign(emulator):
    client = emulator.sdk_client(REQUESTER_AK, "not-the-secret")
    exc = client_error(_list, client)
    assert_error(exc, "SignatureDoesNotMatch")
    message = exc.data["Message"]
    assert message.startswith("Specified signature is not matched with our calculation. server string to sign is:ACS3-HMAC-SHA256\n")
    assert REQUESTER_SECRET not in message and "not-the-secret" not in message
    assert emulator.control.journal()[-1]["server_canonical_request"].startswith("POST\n/\n")


def test_wrong_secret_rpc_echoes_the_rpc_string_to_sign(emulator):
    client = emulator.sdk_client(REQUESTER_AK, "not-the-secret", signature_algorithm="v2")
    exc = client_error(_list, client)
    assert_error(exc, "SignatureDoesNotMatch")
    assert "server string to sign is:POST&%2F&AccessKeyId%3DEMULATOR-AK-REQUESTER%26Action%3DListVpcPeerConnections" in exc.data["Message"]


@pytest.mark.parametrize("algorithm", [None, "v2"], ids=["acs3", "rpc"])
def test_unknown_access_key_is_404(emulator, algorithm):
    overrides = {"signature_algorithm": algorithm} if algorithm else {}
    client = emulator.sdk_client("EMULATOR-AK-NOBODY", "whatever", **overrides)
    exc = client_error(_list, client)
    assert_error(exc, "InvalidAccessKeyId.NotFound", 404)
    assert exc.data["Message"] == "Specified access key is not found."


@pytest.mark.parametrize("algorithm", [None, "v2"], ids=["acs3", "rpc"])
def test_replayed_request_is_refused_as_nonce_reuse(emulator, algorithm):
    overrides = {"signature_algorithm": algorithm} if algorithm else {}
    raw = capture(lambda endpoint: emulator.sdk_client(REQUESTER_AK, endpoint=endpoint, **overrides), _list)
    first = send_raw(emulator.port, raw)
    second = send_raw(emulator.port, raw)
    assert first[0] == 200 and first[2]["TotalCount"] == 0
    assert second[0] == 400 and second[2]["Code"] == "SignatureNonceUsed"
    assert second[2]["Message"] == "Specified signature nonce was used already."
    assert second[1]["x-acs-request-id"] == second[2]["RequestId"]


@pytest.mark.parametrize("algorithm", [None, "v2"], ids=["acs3", "rpc"])
def test_stale_date_is_refused(emulator, monkeypatch, algorithm):
    stale = (datetime.datetime.now(datetime.timezone.utc) - datetime.timedelta(minutes=16)).strftime("%Y-%m-%dT%H:%M:%SZ")
    monkeypatch.setattr(Utils, "get_timestamp", staticmethod(lambda: stale))
    overrides = {"signature_algorithm": algorithm} if algorithm else {}
    exc = client_error(_list, emulator.requester(**overrides))
    assert_error(exc, "InvalidTimeStamp.Expired")
    assert exc.data["Message"] == "Specified time stamp or date value is expired."


def test_date_within_the_window_is_accepted(emulator, monkeypatch):
    recent = (datetime.datetime.now(datetime.timezone.utc) - datetime.timedelta(minutes=14)).strftime("%Y-%m-%dT%H:%M:%SZ")
    monkeypatch.setattr(Utils, "get_timestamp", staticmethod(lambda: recent))
    assert _list(emulator.requester())["TotalCount"] == 0


def _capture_modify(emulator):
    def call(client):
        client.modify_vpc_peer_connection(models.ModifyVpcPeerConnectionRequest(instance_id="pcc-x", name="abc", description="d"))
    return capture(lambda endpoint: emulator.sdk_client(REQUESTER_AK, endpoint=endpoint), call)


def test_missing_mandatory_signed_header_is_incomplete_signature(emulator):
    line, headers, body = split_raw(_capture_modify(emulator))
    auth = headers["Authorization"]
    headers["Authorization"] = auth.replace("x-acs-date;", "")
    status, _headers, answer = send_raw(emulator.port, join_raw(line, headers, body))
    assert status == 400 and answer["Code"] == "IncompleteSignature"


def test_signed_header_absent_from_request_is_incomplete_signature(emulator):
    line, headers, body = split_raw(_capture_modify(emulator))
    del headers["x-acs-signature-nonce"]
    status, _headers, answer = send_raw(emulator.port, join_raw(line, headers, body))
    assert status == 400 and answer["Code"] == "IncompleteSignature"


@pytest.mark.parametrize("authorization", [
    "garbage", "ACS3-HMAC-SHA256 Credential=EMULATOR-AK-REQUESTER", "ACS3-HMAC-SM3 Credential=a,SignedHeaders=b,Signature=c"])
def test_malformed_authorization_is_incomplete_signature(emulator, authorization):
    line, headers, body = split_raw(_capture_modify(emulator))
    headers["Authorization"] = authorization
    status, _headers, answer = send_raw(emulator.port, join_raw(line, headers, body))
    assert status == 400 and answer["Code"] == "IncompleteSignature"


def test_no_signature_at_all_is_incomplete_signature(emulator):
    line, headers, body = split_raw(_capture_modify(emulator))
    del headers["Authorization"]
    status, _headers, answer = send_raw(emulator.port, join_raw(line, headers, body))
    assert status == 400 and answer["Code"] == "IncompleteSignature"


def test_tampered_body_fails_the_signature(emulator):
    line, headers, body = split_raw(_capture_modify(emulator))
    assert b"Name=abc" in body
    status, _headers, answer = send_raw(emulator.port, join_raw(line, headers, body.replace(b"Name=abc", b"Name=abd")))
    assert status == 400 and answer["Code"] == "SignatureDoesNotMatch"
    assert "payload_hash_mismatch" in emulator.control.journal()[-1]


def test_tampered_body_with_matching_hash_header_still_fails(emulator):
    import hashlib  # pylint: disable=import-outside-toplevel
    line, headers, body = split_raw(_capture_modify(emulator))
    tampered = body.replace(b"Name=abc", b"Name=abd")
    headers["x-acs-content-sha256"] = hashlib.sha256(tampered).hexdigest()
    status, _headers, answer = send_raw(emulator.port, join_raw(line, headers, tampered))
    assert status == 400 and answer["Code"] == "SignatureDoesNotMatch"


def test_tampered_query_fails_the_rpc_signature(emulator):
    raw = capture(lambda endpoint: emulator.sdk_client(REQUESTER_AK, endpoint=endpoint, signature_algorithm="v2"), _list)
    line, headers, body = split_raw(raw)
    assert "Action=ListVpcPeerConnections" in line
    status, _headers, answer = send_raw(emulator.port, join_raw(line, headers, body.replace(b"cn-hangzhou", b"cn-shanghai")))
    assert status == 400 and answer["Code"] == "SignatureDoesNotMatch"


def test_invalid_version_and_unknown_action(emulator):
    line, headers, body = split_raw(_capture_modify(emulator))
    headers["x-acs-version"] = "2099-01-01"
    status, _headers, answer = send_raw(emulator.port, join_raw(line, headers, body))
    assert status == 400 and answer["Code"] == "InvalidVersion"
    # 2016-04-28 is the VPC API's version: it has no ModifyVpcPeerConnection.
    line, headers, body = split_raw(_capture_modify(emulator))
    headers["x-acs-version"] = "2016-04-28"
    status, _headers, answer = send_raw(emulator.port, join_raw(line, headers, body))
    assert status == 404 and answer["Code"] == "InvalidAction.NotFound" and answer["HostId"] == "vpc.aliyuncs.com"
    line, headers, body = split_raw(_capture_modify(emulator))
    headers["x-acs-action"] = "DescribeVpcs"
    status, _headers, answer = send_raw(emulator.port, join_raw(line, headers, body))
    assert status == 404 and answer["Code"] == "InvalidAction.NotFound"


def test_credentials_uri_provider_gets_working_sts_credentials(emulator):
    uri = "%s/_emulator/credentials/%s" % (emulator.url, REQUESTER_AK)
    credential = CredentialsClient(credentials_models.Config(type="credentials_uri", credentials_uri=uri))
    client = Client(open_api_models.Config(credential=credential, endpoint=emulator.endpoint, protocol="http"))
    assert _list(client)["TotalCount"] == 0
    call = emulator.control.journal()[-1]
    assert call["access_key_id"].startswith("STS.EMULATOR-") and call["account_uid"] == REQUESTER_UID


def test_credentials_endpoint_returns_the_configured_sts_key(emulator):
    answer = emulator.control.credentials(REQUESTER_STS_AK)
    assert answer["Code"] == "Success"
    assert (answer["AccessKeyId"], answer["AccessKeySecret"], answer["SecurityToken"]) == (
        REQUESTER_STS_AK, REQUESTER_STS_SECRET, REQUESTER_STS_TOKEN)
    datetime.datetime.strptime(answer["Expiration"], "%Y-%m-%dT%H:%M:%SZ")
