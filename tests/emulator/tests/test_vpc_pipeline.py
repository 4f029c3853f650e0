# Copyright (c) alibabacloud.vpcpeer contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""VPC 2016-04-28 calls go through the same pipeline as VpcPeer's: signatures (V3, RPC, STS), RAM read-only
keys, quotas, fault rules, ClientToken, DryRun, the journal; and TaskConflict under concurrent writes."""

from __future__ import annotations

import threading

import pytest
from alibabacloud_tea_openapi.exceptions import ClientException, ServerException
from alibabacloud_vpc20160428 import models
from alibabacloud_vpcpeer20220101 import models as peer_models

from vpc_helpers import (
    HZ, REQ_HZ_1, TABLE_HZ_1, TABLE_HZ_2, assert_vpc_error, create_route, custom_routes, delete_route, modify_route,
    peering, refused, routes, vpc_error,
)
from vpcpeer_emulator import REQUESTER_RO_AK, REQUESTER_STS_AK
from vpcpeer_emulator.errors import VPC_CODES


@pytest.fixture
def vpc(emulator):
    return emulator.vpc_requester()


@pytest.fixture
def pcc(emulator):
    return peering(emulator)


def _describe(client):
    return client.describe_vpcs(models.DescribeVpcsRequest(region_id=HZ)).body.total_count


@pytest.mark.parametrize("settings", [{}, {"signature_algorithm": "v2"}])
def test_both_signatures_and_sts(emulator, settings):
    assert _describe(emulator.vpc_client(**settings)) == 3
    assert _describe(emulator.vpc_client(REQUESTER_STS_AK, **settings)) == 3
    exc = vpc_error(_describe, emulator.vpc_client(access_key_secret="wrong", **settings))
    assert_vpc_error(exc, "SignatureDoesNotMatch")


def test_read_only_keys_describe_but_never_write(emulator, pcc):
    read_only = emulator.vpc_read_only()
    assert _describe(read_only) == 3 and routes(read_only)
    for call, kwargs in ((create_route, {"next_hop_id": pcc}), (create_route, {"next_hop_id": pcc, "dry_run": True})):
        exc = refused("Forbidden.RAM", call, read_only, status=403, **kwargs)
        assert exc.data["AccessDeniedDetail"]["AuthAction"] == "vpc:CreateRouteEntry"
    refused("Forbidden.RAM", read_only.delete_vpc, models.DeleteVpcRequest(region_id=HZ, vpc_id=REQ_HZ_1), status=403)


def test_the_journal_names_the_product_and_version(emulator, vpc, pcc):
    create_route(vpc, next_hop_id=pcc, client_token="tok-1")
    emulator.requester().list_vpc_peer_connections(peer_models.ListVpcPeerConnectionsRequest(region_id=HZ))
    calls = emulator.control.journal()
    assert [(c["action"], c["product"], c["version"]) for c in calls] == [
        ("CreateRouteEntry", "Vpc", "2016-04-28"), ("ListVpcPeerConnections", "VpcPeer", "2022-01-01")]
    create = calls[0]
    assert (create["region"], create["client_token"], create["applied"], create["account_uid"]) == (HZ, "tok-1", True, 1234567890123456)
    assert create["params"]["NextHopId"] == pcc and "Signature" not in create["params"]
    assert emulator.control.stats()["by_action"]["CreateRouteEntry"] == {"OK": 1}


def test_client_token_replays_the_first_answer(emulator, vpc, pcc):
    first = create_route(vpc, next_hop_id=pcc, client_token="same")
    assert create_route(vpc, next_hop_id=pcc, client_token="same") == first
    assert len(custom_routes(vpc)) == 1
    refused("IdempotentParameterMismatch", create_route, vpc, destination="10.1.1.0/24", next_hop_id=pcc, client_token="same")
    replays = [c for c in emulator.control.journal("CreateRouteEntry") if c["idempotent_replay"]]
    assert len(replays) == 1 and not replays[0]["applied"]


def test_a_refused_first_use_replays_its_refusal_unless_configured(emulator, vpc, pcc):
    emulator.control.patch_vpc(REQ_HZ_1, Status="Pending", Transitions={"vpc_create": {"mode": "never"}})
    first = refused("IncorrectVpcStatus", create_route, vpc, next_hop_id=pcc, client_token="t")
    emulator.control.patch_vpc(REQ_HZ_1, Status="Available")
    again = refused("IncorrectVpcStatus", create_route, vpc, next_hop_id=pcc, client_token="t")
    assert again.data["RequestId"] == first.data["RequestId"]
    emulator.control.update_config({"idempotency": {"replay_failures": False}})
    assert create_route(vpc, next_hop_id=pcc, client_token="t")


def test_task_conflict_while_a_route_write_is_in_flight(emulator, vpc, pcc):
    first = create_route(vpc, next_hop_id=pcc)
    exc = refused("TaskConflict", create_route, vpc, "vtb-requester-hz-1", "10.1.1.0/24", next_hop_type="Instance", next_hop_id="i-1")
    assert exc.data["Message"] == "The operation is too frequent, please wait a moment and try again."
    other_vpc = create_route(vpc, TABLE_HZ_2, "10.0.0.0/16", next_hop_id=pcc)  # another VPC is another lock
    assert other_vpc
    emulator.control.advance_clock(0.3)
    bystander = emulator.control.seed_route_entry(RouteTableId=TABLE_HZ_1, DestinationCidrBlock="192.168.0.0/24",
                                                  NextHopId="i-emulator")["RouteEntryId"]
    delete_route(vpc, route_entry_id=first)
    refused("TaskConflict", modify_route, vpc, route_entry_id=bystander, route_entry_name="x")
    refused("TaskConflict", delete_route, vpc, route_entry_id=bystander)
    emulator.control.update_config({"vpc": {"task_conflict": {"code": "IncorrectRouteEntryStatus"}}})
    refused("IncorrectRouteEntryStatus", create_route, vpc, destination="10.1.2.0/24", next_hop_id=pcc)
    emulator.control.update_config({"vpc": {"task_conflict": {"dry_run": False}}})
    refused("DryRunOperation", create_route, vpc, destination="10.1.2.0/24", next_hop_id=pcc, dry_run=True)
    emulator.control.update_config({"vpc": {"task_conflict": {"enabled": False}}})
    assert create_route(vpc, destination="10.1.2.0/24", next_hop_id=pcc)


def test_concurrent_writes_in_one_vpc_one_wins(emulator, pcc):
    emulator.control.set_transitions(route_create={"mode": "time", "seconds": 30})
    clients = [emulator.vpc_requester() for _client in range(8)]
    outcomes = []
    barrier = threading.Barrier(len(clients))

    def write(index):
        barrier.wait()
        try:
            outcomes.append(create_route(clients[index], destination="10.1.%d.0/24" % index, next_hop_id=pcc))
        except ClientException as exc:
            outcomes.append(exc.code)

    threads = [threading.Thread(target=write, args=(n,)) for n in range(len(clients))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(o for o in outcomes if not o.startswith("rte-")) == ["TaskConflict"] * 7
    assert len(custom_routes(clients[0])) == 1


def test_quotas_count_vpc_actions_per_account_region_and_action(emulator, vpc):
    emulator.control.set_quotas(limits={"DescribeVpcs": 2})
    assert _describe(vpc) == 3 and _describe(vpc) == 3
    refused("Throttling.User", _describe, vpc)
    assert _describe(emulator.vpc_accepter()) == 2
    assert vpc.describe_vpcs(models.DescribeVpcsRequest(region_id="cn-shanghai")).body.total_count == 1


def test_faults_match_vpc_actions(emulator, vpc, pcc):
    emulator.control.add_fault("error", action="CreateRouteEntry", code="OperationFailed.DistibuteLock")
    exc = refused("OperationFailed.DistibuteLock", create_route, vpc, next_hop_id=pcc)
    assert exc.data["Message"] == "Distibute lock fail."
    emulator.control.add_fault("internal_error", action="DeleteRouteEntry")
    with pytest.raises(ServerException) as info:
        delete_route(vpc, route_entry_id="rte-any")
    assert info.value.code == "InternalError" and info.value.data["HostId"] == "vpc.aliyuncs.com"
    emulator.control.add_fault("service_unavailable", action="*", product="VpcPeer")
    assert _describe(vpc) == 3  # a rule for the other product leaves VPC calls alone
    for code in ("InvalidCIDRBlock.Duplicate", "OperationFailed.CidrConflictWithPrefixList", "TaskConflict"):
        emulator.control.add_fault("error", action="CreateRouteEntry", code=code)
        refused(code, create_route, vpc, next_hop_id=pcc)
    assert custom_routes(vpc) == []
    assert [f["fault"] for f in emulator.control.journal("CreateRouteEntry")] == ["error"] * 4


def test_a_lost_answer_still_applies_the_route(emulator, vpc, pcc):
    emulator.control.add_fault("drop", action="CreateRouteEntry", after_apply=True)
    with pytest.raises(Exception):
        create_route(vpc, next_hop_id=pcc, client_token="retry-me")
    entry_id = create_route(vpc, next_hop_id=pcc, client_token="retry-me")
    assert [e["RouteEntryId"] for e in custom_routes(vpc)] == [entry_id]
    assert [c["applied"] for c in emulator.control.journal("CreateRouteEntry")] == [True, False]


def test_read_only_key_is_refused_for_dry_run_writes_but_not_for_dry_run_reads(emulator):
    read_only = emulator.vpc_client(REQUESTER_RO_AK)
    refused("DryRunOperation", read_only.describe_vpcs, models.DescribeVpcsRequest(region_id=HZ, dry_run=True))
    assert TABLE_HZ_1 in [t.route_table_id for t in read_only.describe_route_table_list(
        models.DescribeRouteTableListRequest(region_id=HZ)).body.router_table_list.router_table_list_type]


@pytest.mark.parametrize("code", sorted(VPC_CODES))
def test_every_vpc_code_is_worded_as_its_source_words_it(emulator, vpc, code):
    """Injected as a fault, every VPC code answers with the catalogue's status and message in the VPC envelope."""
    status, template, _source = VPC_CODES[code]  # all 400 or 404: the SDK raises ClientException
    emulator.control.add_fault("error", action="DescribeVpcs", code=code)
    assert_vpc_error(vpc_error(_describe, vpc), code, status, message=template)


def test_without_region_id_the_quota_region_is_the_named_resources(emulator, vpc, pcc):
    entry_id = create_route(vpc, next_hop_id=pcc)
    refused("IncorrectRouteEntryStatus", vpc.delete_route_entry, models.DeleteRouteEntryRequest(route_entry_id=entry_id))
    vpc.describe_vswitches(models.DescribeVSwitchesRequest(vpc_id=REQ_HZ_1))
    refused("InvalidRouteEntryId.NotFound", vpc.delete_route_entry, models.DeleteRouteEntryRequest(route_entry_id="rte-unknown"))
    assert [call["region"] for call in emulator.control.journal()][1:] == [HZ, HZ, "global"]
