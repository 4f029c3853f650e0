# Copyright (c) alibabacloud.vpcpeer contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The products one emulator process speaks, chosen by the request's Version: VpcPeer 2022-01-01 and VPC
2016-04-28. Both go through the same pipeline (``Emulator.handle_api``): a product brings its actions, its
error catalogue and host, and where its quota region comes from.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Callable, Dict, Optional, Tuple

from .actions import ACTIONS as VPCPEER_ACTIONS
from .calls import ActionSpec
from .errors import CATALOGUE, VPC_CATALOGUE, VPC_SERVICE, VPCPEER_SERVICE, Service
from .route_actions import create_route_entry, delete_route_entry, describe_route_entry_list, modify_route_entry
from .vpc_actions import (
    create_vpc, delete_vpc, describe_route_table_list, describe_vpc_attribute, describe_vpcs, describe_vswitches,
)

if TYPE_CHECKING:  # pragma: no cover - imported for type hints only
    from .emulator import Emulator

# (emulator, caller's AliUid, parameters, now) -> the region of the quota key, or None when the call names none.
QuotaRegion = Callable[["Emulator", int, Dict[str, str], float], Optional[str]]


@dataclass(frozen=True)
class Product:
    name: str
    version: str
    service: Service
    actions: Dict[str, ActionSpec]
    catalogue: Dict[str, Tuple[int, str, str]]
    quota_region: QuotaRegion

    @property
    def read_only_actions(self) -> Tuple[str, ...]:
        return tuple(name for name, spec in self.actions.items() if spec.read_only)


def _connection_region(emulator: "Emulator", uid: int, params: Dict[str, str], now: float) -> Optional[str]:
    """Without RegionId: the caller's side of the named connection."""
    instance_id = params.get("InstanceId") or params.get("ResourceId")
    conn = emulator.model.get(instance_id, now) if instance_id else None
    return conn.region_for(uid) if conn is not None and conn.is_party(uid) else None


def _vpc_resource_region(emulator: "Emulator", uid: int, params: Dict[str, str], now: float) -> Optional[str]:
    """Without RegionId: the region of the caller's named VPC, route table or route entry."""
    network = emulator.network
    holders = []
    if params.get("VpcId"):
        holders.append(network.vpc(params["VpcId"], now))
    if params.get("RouteTableId"):
        holders.append((network.table(params["RouteTableId"], now) or (None,))[0])
    if params.get("RouteEntryId"):
        holders.append((network.entry(params["RouteEntryId"], now) or (None,))[0])
    return next((vpc.region_id for vpc in holders if vpc is not None and vpc.owner_uid == uid), None)


VPC_ACTIONS: Dict[str, ActionSpec] = {
    "DescribeVpcs": ActionSpec(describe_vpcs, read_only=True, dry_run=True),
    "DescribeVpcAttribute": ActionSpec(describe_vpc_attribute, read_only=True, dry_run=True),
    "DescribeVSwitches": ActionSpec(describe_vswitches, read_only=True, dry_run=True),
    "DescribeRouteTableList": ActionSpec(describe_route_table_list, read_only=True),
    "DescribeRouteEntryList": ActionSpec(describe_route_entry_list, read_only=True),
    "CreateRouteEntry": ActionSpec(create_route_entry, client_token=True, dry_run=True),
    "DeleteRouteEntry": ActionSpec(delete_route_entry, dry_run=True),
    "ModifyRouteEntry": ActionSpec(modify_route_entry, dry_run=True),
    "CreateVpc": ActionSpec(create_vpc, client_token=True, dry_run=True),
    "DeleteVpc": ActionSpec(delete_vpc, client_token=True, dry_run=True),
}

VPCPEER = Product("VpcPeer", "2022-01-01", VPCPEER_SERVICE, VPCPEER_ACTIONS, CATALOGUE, _connection_region)
VPC = Product("Vpc", "2016-04-28", VPC_SERVICE, VPC_ACTIONS, VPC_CATALOGUE, _vpc_resource_region)
PRODUCTS: Dict[str, Product] = {product.version: product for product in (VPCPEER, VPC)}
PRODUCTS_BY_NAME: Dict[str, Product] = {product.name: product for product in PRODUCTS.values()}
