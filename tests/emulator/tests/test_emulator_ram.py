# Copyright (c) alibabacloud.vpcpeer contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""RAM policies given to access keys, through both real SDKs: Allow and Deny per action, Deny wins, wildcards,
resource ARNs, dry runs, conditions, several policies, the control API that sets them, and the read-only keys."""

from __future__ import annotations

import base64
import json
from typing import Any, Dict, List

import pytest
from alibabacloud_vpc20160428 import models as vpc_models
from alibabacloud_vpcpeer20220101 import models

from emulator_helpers import HZ, assert_error, client_error, create_cross_region, get, modify
from vpc_helpers import TABLE_HZ_1, TABLE_HZ_2, create_route, delete_route, peering, refused, routes
from vpcpeer_emulator import REQUESTER_RO_AK, REQUESTER_UID, ControlError

KEY, SECRET = "EMULATOR-AK-POLICY", "emulator-secret-policy"


def policy(*statements: Dict[str, Any]) -> Dict[str, Any]:
    return {"Version": "1", "Statement": list(statements)}


def allow(actions: Any, resources: Any = "*", **extra: Any) -> Dict[str, Any]:
    return {"Effect": "Allow", "Action": actions, "Resource": resources, **extra}


def deny(actions: Any, resources: Any = "*", **extra: Any) -> Dict[str, Any]:
    return {"Effect": "Deny", "Action": actions, "Resource": resources, **extra}


@pytest.fixture
def restricted(emulator):
    """A RAM user's key of the requester account; ``restricted(policy)`` gives it that policy and a VpcPeer client."""
    def give(document: Any, vpc: bool = False) -> Any:
        emulator.control.add_access_key(KEY, SECRET, "requester", document, display_name="policy-user@requester")
        return (emulator.vpc_client if vpc else emulator.sdk_client)(KEY, SECRET)
    return give


def denied(exc: Any, action: str, kind: str = "ImplicitDeny") -> Dict[str, Any]:
    """The answer is 403 Forbidden.RAM naming ``action`` (in either product's envelope); returns the decoded diagnostic."""
    assert (exc.code, exc.status_code) == ("Forbidden.RAM", 403), exc.message
    detail = exc.data["AccessDeniedDetail"]
    assert detail["AuthAction"] == "vpc:" + action
    assert detail["NoPermissionType"] == kind
    assert detail["PolicyType"] == "AccountLevelIdentityBasedPolicy"
    assert detail["AuthPrincipalType"] == "SubUser" and detail["AuthPrincipalOwnerId"] == str(REQUESTER_UID)
    return json.loads(base64.b64decode(detail["EncodedDiagnosticMessage"]))


@pytest.mark.parametrize("dry_run", [False, True])
def test_an_action_the_policy_does_not_allow_is_implicitly_denied(emulator, requester, restricted, dry_run, immediate):
    instance_id = create_cross_region(requester)
    client = restricted(policy(allow("vpc:GetVpcPeerConnectionAttribute")))
    assert get(client, instance_id)["InstanceId"] == instance_id
    # A dry run is authorized like the call itself: a missing permission shows before anything changes.
    diagnostic = denied(client_error(modify, client, instance_id, name="x", dry_run=dry_run), "ModifyVpcPeerConnection")
    assert diagnostic["AuthResource"] == "*" and "MatchedPolicy" not in diagnostic
    call = emulator.control.journal()[-1]
    assert call["code"] == "Forbidden.RAM" and call["access_key_id"] == KEY and not call["applied"]
    assert call["access_denied"] == {"auth_action": "vpc:ModifyVpcPeerConnection", "resource": "*",
                                     "no_permission_type": "ImplicitDeny", "policy": None, "conditions_ignored": False}


def test_an_allowed_dry_run_answers_dry_run_operation(requester, restricted, immediate):
    instance_id = create_cross_region(requester)
    client = restricted(policy(allow(["vpc:GetVpcPeerConnectionAttribute", "vpc:ModifyVpcPeerConnection"])))
    assert_error(client_error(modify, client, instance_id, name="x", dry_run=True), "DryRunOperation")


def test_deny_wins_over_allow_and_names_its_policy(requester, emulator, immediate):
    instance_id = create_cross_region(requester)
    emulator.control.add_access_key(KEY, SECRET, "requester", [
        {"PolicyName": "everything", "PolicyDocument": policy(allow("vpc:*"))},
        {"PolicyName": "no-modify", "PolicyDocument": policy(deny("vpc:ModifyVpcPeerConnection"))}])
    client = emulator.sdk_client(KEY, SECRET)
    get(client, instance_id)
    diagnostic = denied(client_error(modify, client, instance_id, name="x"), "ModifyVpcPeerConnection", "ExplicitDeny")
    assert diagnostic["MatchedPolicy"] == "no-modify"
    assert emulator.control.key_policy(KEY)["policy_names"] == ["everything", "no-modify"]


def test_wildcards_match_actions_case_insensitively(emulator, restricted):
    pcc = peering(emulator)
    vpc = restricted(policy(allow("VPC:describe*")), vpc=True)
    assert routes(vpc) and vpc.describe_vpcs(vpc_models.DescribeVpcsRequest(region_id=HZ)).body.total_count == 3
    denied(refused("Forbidden.RAM", create_route, vpc, next_hop_id=pcc, status=403), "CreateRouteEntry")


def test_an_arn_limits_a_get_to_one_connection(requester, restricted, immediate):
    mine, other = create_cross_region(requester), create_cross_region(requester, vpc_id="vpc-requester-hz-2")
    client = restricted(policy(allow("vpc:GetVpcPeerConnectionAttribute", "acs:vpc:*:%d:vpcpeer/%s" % (REQUESTER_UID, mine))))
    assert get(client, mine)["InstanceId"] == mine
    diagnostic = denied(client_error(get, client, other), "GetVpcPeerConnectionAttribute")
    assert diagnostic["AuthResource"] == "acs:vpc:*:%d:vpcpeer/%s" % (REQUESTER_UID, other)


def test_an_arn_on_an_all_resource_action_grants_nothing(requester, restricted, immediate):
    instance_id = create_cross_region(requester)
    client = restricted(policy(allow(["vpc:GetVpcPeerConnectionAttribute", "vpc:ModifyVpcPeerConnection"],
                                     "acs:vpc:*:*:vpcpeer/*")))
    get(client, instance_id)
    denied(client_error(modify, client, instance_id, name="x"), "ModifyVpcPeerConnection")


def test_route_writes_are_authorized_on_their_route_table(emulator, restricted):
    pcc = peering(emulator)
    vpc = restricted(policy(allow("vpc:DescribeRouteEntryList", "acs:vpc:*:*:routetable/*"),
                            allow(["vpc:CreateRouteEntry", "vpc:DeleteRouteEntry"],
                                  "acs:vpc:cn-hangzhou:%d:routetable/%s" % (REQUESTER_UID, TABLE_HZ_1))), vpc=True)
    entry_id = create_route(vpc, next_hop_id=pcc)
    exc = refused("Forbidden.RAM", create_route, vpc, TABLE_HZ_2, "10.9.0.0/16", next_hop_id=pcc, status=403)
    assert denied(exc, "CreateRouteEntry")["AuthResource"] == "acs:vpc:cn-hangzhou:%d:routetable/%s" % (REQUESTER_UID, TABLE_HZ_2)
    emulator.control.advance_route_entry(entry_id)
    # Deleted by its id alone: the ARN is its table's.
    delete_route(vpc, route_entry_id=entry_id)
    assert emulator.control.journal()[-1]["code"] is None


def test_conditions_are_not_evaluated_and_a_denial_says_so(requester, restricted, immediate):
    instance_id = create_cross_region(requester)
    condition = {"IpAddress": {"acs:SourceIp": ["192.0.2.0/24"]}}
    client = restricted(policy(allow("vpc:*", Condition=condition), deny("vpc:ModifyVpcPeerConnection", Condition=condition)))
    get(client, instance_id)
    diagnostic = denied(client_error(modify, client, instance_id, name="x"), "ModifyVpcPeerConnection", "ExplicitDeny")
    assert diagnostic["ConditionsIgnored"] is True


@pytest.mark.parametrize("document, needle", [
    ({"Statement": [allow("vpc:*")]}, "Version"),
    (policy(), "Statement"),
    (policy({"Effect": "Maybe", "Action": "vpc:*", "Resource": "*"}), "Effect"),
    (policy({"Effect": "Allow", "Action": "vpc:*"}), "Resource"),
    (policy({"Effect": "Allow", "NotAction": "vpc:*", "Resource": "*"}), "NotAction"),
    (policy(allow("GetVpcPeerConnectionAttribute")), "<service>:<action>"),
])
def test_a_malformed_policy_is_refused_and_nothing_changes(emulator, document, needle):
    with pytest.raises(ControlError) as info:
        emulator.control.set_key_policy(REQUESTER_RO_AK, document)
    assert info.value.status == 400 and needle in info.value.body["error"]
    assert emulator.control.key_policy(REQUESTER_RO_AK)["policy_names"] == ["read-only"]


def test_the_read_only_key_is_a_policy_that_can_be_replaced(emulator, requester, immediate):
    instance_id = create_cross_region(requester)
    view = emulator.control.key_policy(REQUESTER_RO_AK)
    assert view["read_only"] and view["principal_type"] == "SubUser" and view["policy"] is None
    denied_exc = client_error(modify, emulator.read_only(), instance_id, name="x")
    assert denied_exc.data["AccessDeniedDetail"]["AuthPrincipalDisplayName"] == "emulator-readonly@requester"
    emulator.control.set_key_policy(REQUESTER_RO_AK, policy(allow("vpc:*Vpc*Connection*")))
    modify(emulator.read_only(), instance_id, name="now-allowed")
    emulator.control.set_key_policy(REQUESTER_RO_AK, None)
    assert emulator.control.key_policy(REQUESTER_RO_AK)["principal_type"] == "Account"
    emulator.control.reset()
    assert emulator.control.key_policy(REQUESTER_RO_AK)["policy_names"] == ["read-only"]


def test_the_policy_applies_to_sts_keys_and_to_credentials_from_a_uri(emulator, requester, immediate):
    instance_id = create_cross_region(requester)
    emulator.control.add_access_key("STS.EMULATOR-POLICY", SECRET, "requester", policy(allow("vpc:Get*")),
                                    security_token="emulator-sts-token-policy")
    sts = emulator.sdk_client("STS.EMULATOR-POLICY", SECRET, "emulator-sts-token-policy")
    get(sts, instance_id)
    exc = client_error(modify, sts, instance_id, name="x")
    assert_error(exc, "Forbidden.RAM", 403)
    assert exc.data["AccessDeniedDetail"]["AuthPrincipalType"] == "AssumedRoleUser"
    emulator.control.add_access_key(KEY, SECRET, "requester", policy(allow("vpc:Get*")))
    minted = emulator.control.credentials(KEY)
    temporary = emulator.sdk_client(minted["AccessKeyId"], minted["AccessKeySecret"], minted["SecurityToken"])
    get(temporary, instance_id)
    assert_error(client_error(modify, temporary, instance_id, name="x"), "Forbidden.RAM", 403)


def test_a_user_without_policies_may_do_nothing(requester, restricted, immediate):
    instance_id = create_cross_region(requester)
    denied(client_error(get, restricted([]), instance_id), "GetVpcPeerConnectionAttribute")


def test_an_unknown_key_or_account_is_refused_by_the_control_api(emulator):
    with pytest.raises(ControlError) as info:
        emulator.control.set_key_policy("EMULATOR-AK-NOBODY", policy(allow("vpc:*")))
    assert info.value.status == 404
    with pytest.raises(ControlError) as info:
        emulator.control.add_access_key(KEY, SECRET, "nobody")
    assert info.value.status == 400


def _listed(client: Any) -> List[str]:
    answer = client.list_vpc_peer_connections(models.ListVpcPeerConnectionsRequest(region_id=HZ)).body
    return [item.instance_id for item in answer.vpc_peer_connects]


def test_a_list_is_allowed_on_all_resources_only(requester, restricted, immediate):
    instance_id = create_cross_region(requester)
    assert instance_id in _listed(restricted(policy(allow("vpc:ListVpcPeerConnections"))))
    exc = client_error(_listed, restricted(policy(allow("vpc:ListVpcPeerConnections", "acs:vpc:*:*:vpcpeer/*"))))
    denied(exc, "ListVpcPeerConnections")
