# Copyright (c) alibabacloud.vpcpeer contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Shared helpers of the VPC 2016-04-28 contract tests, driven by the real alibabacloud-vpc20160428 SDK."""

from __future__ import annotations

from typing import Any, Dict, List

import pytest
from alibabacloud_tea_openapi.exceptions import ClientException
from alibabacloud_vpc20160428 import models

from vpcpeer_emulator import ACCEPTER_UID

HZ = "cn-hangzhou"
SH = "cn-shanghai"
REQ_HZ_1, REQ_HZ_2, REQ_SH_1 = "vpc-requester-hz-1", "vpc-requester-hz-2", "vpc-requester-sh-1"
ACC_HZ_1 = "vpc-accepter-hz-1"
TABLE_HZ_1, TABLE_HZ_2 = "vtb-requester-hz-1", "vtb-requester-hz-2"
ACC_TABLE_HZ_1 = "vtb-accepter-hz-1"


def peering(emulator: Any, **fields: Any) -> str:
    """An Activated same-account peering hz-1 <-> hz-2 (or as ``fields`` say), seeded; its InstanceId."""
    spec = dict(RegionId=HZ, VpcId=REQ_HZ_1, AcceptingRegionId=HZ, AcceptingVpcId=REQ_HZ_2)
    spec.update(fields)
    return emulator.control.seed_connection(spec)["InstanceId"]


def cross_account_peering(emulator: Any, **fields: Any) -> str:
    spec = dict(AcceptingOwnerUid=ACCEPTER_UID, AcceptingVpcId=ACC_HZ_1)
    spec.update(fields)
    return peering(emulator, **spec)


def create_route(client: Any, table_id: str = TABLE_HZ_1, destination: str = "10.1.0.0/16", **fields: Any) -> str:
    """CreateRouteEntry in cn-hangzhou; next hop type VpcPeer when a next hop is given; the RouteEntryId."""
    request = dict(region_id=HZ, route_table_id=table_id, destination_cidr_block=destination)
    if "next_hop_id" in fields and "next_hop_type" not in fields:
        request["next_hop_type"] = "VpcPeer"
    request.update(fields)
    return client.create_route_entry(models.CreateRouteEntryRequest(**request)).body.route_entry_id


def delete_route(client: Any, **fields: Any) -> Dict[str, Any]:
    request = dict(region_id=HZ)
    request.update(fields)
    return client.delete_route_entry(models.DeleteRouteEntryRequest(**request)).body.to_map()


def modify_route(client: Any, **fields: Any) -> Dict[str, Any]:
    request = dict(region_id=HZ)
    request.update(fields)
    return client.modify_route_entry(models.ModifyRouteEntryRequest(**request)).body.to_map()


def route_list(client: Any, table_id: str = TABLE_HZ_1, **fields: Any) -> Dict[str, Any]:
    request = dict(region_id=HZ, route_table_id=table_id)
    request.update(fields)
    return client.describe_route_entry_list(models.DescribeRouteEntryListRequest(**request)).body.to_map()


def routes(client: Any, table_id: str = TABLE_HZ_1, **fields: Any) -> List[Dict[str, Any]]:
    """The table's entries, every page, as DescribeRouteEntryList shows them."""
    found: List[Dict[str, Any]] = []
    token = None
    while True:
        page = route_list(client, table_id, max_result=100, next_token=token, **fields)
        found.extend(page["RouteEntrys"]["RouteEntry"])
        token = page.get("NextToken")
        if not token:
            return found


def custom_routes(client: Any, table_id: str = TABLE_HZ_1) -> List[Dict[str, Any]]:
    return [entry for entry in routes(client, table_id) if entry["Type"] == "Custom"]


def vpc_error(call: Any, *args: Any, **kwargs: Any) -> ClientException:
    """Run an SDK call that must fail with a ClientException, and return it."""
    with pytest.raises(ClientException) as info:
        call(*args, **kwargs)
    return info.value


def assert_vpc_error(exc: Any, code: str, status: int = 400, message: str = "") -> None:
    """The VPC error envelope: its code, status, HostId vpc.aliyuncs.com and a Recommend link for product Vpc."""
    assert exc.code == code, exc.message
    assert exc.status_code == status
    body = exc.data
    assert set(body) >= {"RequestId", "HostId", "Code", "Message", "Recommend"}
    assert body["HostId"] == "vpc.aliyuncs.com"
    assert body["Recommend"] == "https://api.aliyun.com/troubleshoot?q=%s&product=Vpc&requestId=%s" % (code, body["RequestId"])
    if message:
        assert body["Message"] == message


def refused(code: str, call: Any, *args: Any, status: int = 400, **kwargs: Any) -> ClientException:
    """The call fails with ``code`` in the VPC envelope."""
    exc = vpc_error(call, *args, **kwargs)
    assert_vpc_error(exc, code, status)
    return exc
