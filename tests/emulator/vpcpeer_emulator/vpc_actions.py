# Copyright (c) alibabacloud.vpcpeer contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""VPC 2016-04-28: the VPC, vSwitch and route-table actions, and the helpers every VPC action shares.

VPCs are regional: a call names RegionId and sees only that region's VPCs of the caller's account.
Handlers validate first (parameters, then the resource, then its state and limits), answer
DryRunOperation for a dry run, and only then change state; they run under the emulator lock and
return the answer body without RequestId. The route-entry actions are in ``route_actions``.
"""

from __future__ import annotations

import ipaddress
from typing import Any, Dict, List, Optional, Tuple

from .actions import dry_run_passed
from .calls import Call
from .errors import vpc_error
from .network import SHARED_ADDRESS_SPACE, Vpc, new_id
from .wire import Params

MAX_VPC_IDS = 20
MAX_VSWITCH_IDS = 20
MAX_USER_CIDRS = 3
DEFAULT_VPC_CIDR = "172.16.0.0/12"
# CreateVpc refuses these ranges and their subnets as a VPC's primary CIDR block.
RESERVED_VPC_RANGES = tuple(ipaddress.ip_network(block) for block in
                            ("100.64.0.0/10", "224.0.0.0/4", "127.0.0.0/8", "169.254.0.0/16"))


def default_vpc_settings() -> Dict[str, Any]:
    """The ``vpc`` section of the configuration: the emulator's choices where the sources are silent."""
    return {
        "task_conflict": {"enabled": True, "dry_run": True, "code": "TaskConflict"},
        "entry_status_code": "IncorrectRouteEntryStatus",
        "unknown_peer_code": "ResourceNotFound.VpcPeer",
        "delete_exclusive_params": "table_or_cidr",
        "max_custom_entries_per_table": 200,
        "vpc_peer_ipv6_unsupported_regions": [],
        "max_vpcs_per_region": 10,
        "route_entry_exist_counts_deleting": True,
    }


VPC_SETTING_CHOICES = {
    "vpc.task_conflict.code": ("TaskConflict", "IncorrectRouteEntryStatus"),
    "vpc.entry_status_code": ("IncorrectRouteEntryStatus", "IncorrectStatus.VpcRouteEntry"),
    "vpc.unknown_peer_code": ("ResourceNotFound.VpcPeer", "InvalidNextHopId.NotFound"),
    "vpc.delete_exclusive_params": ("table_or_cidr", "cidr"),
}


def vpc_setting(call: Call, name: str) -> Any:
    """A setting of the ``vpc`` section, by dotted name (``task_conflict.code``); the default when unset."""
    default: Any = default_vpc_settings()
    value: Any = call.settings().get("vpc") or {}
    for part in name.split("."):
        default = default[part]
        value = value.get(part) if isinstance(value, dict) else None
    return default if value is None else value


# -- shared checks ------------------------------------------------------------------------------

def check_text(value: Optional[str], maximum: int, code: str) -> None:
    """The VPC rule for names and descriptions: 1..maximum characters, not starting with http:// or https://."""
    if value is None:
        return
    if not 1 <= len(value) <= maximum or value.startswith("http://") or value.startswith("https://"):
        raise vpc_error(code)


def check_region(call: Call, region: Optional[str]) -> None:
    if region is not None and region not in (call.settings().get("regions") or []):
        raise vpc_error("InvalidRegionId.NotFound")


def page_of(p: Params, maximum: int = 50, default: int = 10) -> Tuple[int, int]:
    """PageNumber (from 1) and PageSize (1..maximum, default 10)."""
    number = p.integer("PageNumber", minimum=1)
    size = p.integer("PageSize", minimum=1, maximum=maximum)
    return number or 1, size or default


def paged(body: Dict[str, Any], items: List[Any], number: int, size: int) -> Dict[str, Any]:
    body.update(PageNumber=number, PageSize=size, TotalCount=len(items))
    return body


def tag_filter_passes(p: Params, tags: Optional[Dict[str, str]] = None) -> bool:
    """Whether a resource with ``tags`` passes the call's Tag filter: every tag named, with its value when one is
    given. Only VPCs carry tags here (CreateVpc's), so a Tag filter matches no vSwitch or route table."""
    return all(key in (tags or {}) and (value is None or (tags or {})[key] == value) for key, value in p.tags("Tag"))


def _create_tags(p: Params) -> Dict[str, str]:
    """CreateVpc's Tag.N, as given (a later pair with the same key wins)."""
    return {key: value or "" for key, value in p.tags("Tag")}


def read_vpc(call: Call, vpc_id: str, region: str) -> Vpc:
    vpc = call.network.owned_vpc(call.uid, vpc_id, call.now, region=region)
    if vpc is None or not call.network.observe(vpc, call.now):
        raise vpc_error("InvalidVpcId.NotFound")
    return vpc


# -- VPCs -------------------------------------------------------------------------------------

def describe_vpcs(call: Call) -> Dict[str, Any]:
    p = call.params
    region = p.text("RegionId", required=True)
    vpc_ids = p.csv("VpcId")
    if len(vpc_ids) > MAX_VPC_IDS:
        raise vpc_error("InvalidVpcIdNumber.NotSupported")
    name = p.text("VpcName")
    resource_group = p.text("ResourceGroupId")
    if resource_group is not None and resource_group not in call.account.resource_groups:
        raise vpc_error("InvalidResourceGroupId.NotFound")
    owner = p.integer("VpcOwnerId", code="IllegalParam.OwnerId")
    default_only = p.boolean("IsDefault") if p.text("IsDefault") else None
    number, size = page_of(p)
    check_region(call, region)
    if p.boolean("DryRun"):
        dry_run_passed()
    found = []
    for vpc in call.network.vpcs_of(call.uid, region, call.now):
        if (vpc_ids and vpc.vpc_id not in vpc_ids) or (name and vpc.name != name) or (owner and owner != vpc.owner_uid):
            continue
        if (resource_group and vpc.resource_group_id != resource_group) or (default_only is not None and vpc.is_default != default_only):
            continue
        if tag_filter_passes(p, vpc.tags) and call.network.observe(vpc, call.now):
            found.append(vpc)
    shown = found[(number - 1) * size:number * size]
    return paged({"Vpcs": {"Vpc": [vpc.to_api(with_tables=True) for vpc in shown]}}, found, number, size)


def describe_vpc_attribute(call: Call) -> Dict[str, Any]:
    p = call.params
    region = p.text("RegionId", required=True)
    vpc_id = p.text("VpcId", required=True)
    check_region(call, region)
    if p.boolean("DryRun"):
        dry_run_passed()
    return read_vpc(call, vpc_id, region).to_api(with_tables=False)


def _vpc_cidr(text: Optional[str]) -> str:
    """CreateVpc's primary CIDR block: mask 8 to 28 bits, not in a reserved range."""
    try:
        block = ipaddress.ip_network((text or DEFAULT_VPC_CIDR).strip(), strict=False)
    except ValueError:
        raise vpc_error("InvalidParameter") from None
    if block.version != 4 or any(block.subnet_of(reserved) for reserved in RESERVED_VPC_RANGES):  # type: ignore[arg-type]
        raise vpc_error("InvalidParameter")
    if not 8 <= block.prefixlen <= 28:
        raise vpc_error("IllegalParam.CidrBlockMask", str(block.prefixlen))
    return str(block)


def _user_cidrs(p: Params) -> List[str]:
    cidrs = p.csv("UserCidr")
    if len(cidrs) > MAX_USER_CIDRS:
        raise vpc_error("InvalidUserCidr.Quota")
    for cidr in cidrs:
        try:
            block = ipaddress.ip_network(cidr, strict=False)
        except ValueError:
            raise vpc_error("IllegalParam.UserCidr", "UserCidr") from None
        if block.overlaps(SHARED_ADDRESS_SPACE):  # type: ignore[arg-type]
            raise vpc_error("InvalidUserCidr.Malformed")
    return cidrs


def create_vpc(call: Call) -> Dict[str, Any]:
    p = call.params
    region = p.text("RegionId", required=True)
    cidr = _vpc_cidr(p.text("CidrBlock"))
    name, description = p.text("VpcName"), p.text("Description")
    check_text(name, 128, "InvalidVpcName.Malformed")
    check_text(description, 256, "InvalidVpcDiscription.Malformed")
    user_cidrs = _user_cidrs(p)
    enable_ipv6 = p.boolean("EnableIpv6")
    resource_group = p.text("ResourceGroupId")
    tags = _create_tags(p)
    check_region(call, region)
    if resource_group is not None and resource_group not in call.account.resource_groups:
        raise vpc_error("InvalidResourceGroupId")
    if len(call.network.vpcs_of(call.uid, region, call.now)) >= int(vpc_setting(call, "max_vpcs_per_region")):
        raise vpc_error("QuotaExceeded.Vpc")
    if p.boolean("DryRun"):
        dry_run_passed()
    vpc = call.network.new_vpc(new_id("vpc"), region, call.uid, [cidr], call.now, vrouter_id=new_id("vrt"),
                               table_id=new_id("vtb"), origin="api")
    vpc.name, vpc.description, vpc.user_cidrs = name or "", description or "", user_cidrs
    vpc.resource_group_id = resource_group or call.account.default_resource_group
    vpc.tags = tags
    if enable_ipv6:
        vpc.ipv6_cidr_blocks = ["2408:4000:%x::/56" % (0x2000 + vpc.seq)]
    call.network.set_vpc_status(vpc, "Pending", call.now)
    return {"VpcId": vpc.vpc_id, "VRouterId": vpc.vrouter_id, "RouteTableId": vpc.system_table.route_table_id,
            "ResourceGroupId": vpc.resource_group_id}


def _check_vpc_unused(call: Call, vpc: Vpc) -> None:
    """DeleteVpc's dependencies, in order: peering connections (any but Deleted), vSwitches, custom route entries."""
    for conn in call.model.connections(call.now):
        if conn.status != "Deleted" and vpc.vpc_id in conn.vpc_ids:
            raise vpc_error("OperationDenied.VpcPeerExists")
    if vpc.vswitches:
        raise vpc_error("DependencyViolation.VSwitch")
    if any(entry.entry_type != "System" for entry in vpc.entries()):
        raise vpc_error("DependencyViolation.RouteEntry")


def delete_vpc(call: Call) -> Dict[str, Any]:
    p = call.params
    vpc_id = p.text("VpcId", required=True)
    region = p.text("RegionId")
    p.boolean("ForceDelete")  # only about IPv4/IPv6 gateways, which the emulator does not have
    check_region(call, region)
    vpc = call.network.owned_vpc(call.uid, vpc_id, call.now, region=region)
    if vpc is None:
        raise vpc_error("InvalidVpcId.NotFound")
    if vpc.status != "Available":
        raise vpc_error("IncorrectVpcStatus")
    _check_vpc_unused(call, vpc)
    if p.boolean("DryRun"):
        dry_run_passed()
    call.network.set_vpc_status(vpc, "Deleting", call.now)
    return {}


# -- vSwitches and route tables -----------------------------------------------------------------

def describe_vswitches(call: Call) -> Dict[str, Any]:
    p = call.params
    region, vpc_id = p.text("RegionId"), p.text("VpcId")
    if not region and not vpc_id:
        raise vpc_error("MissingParameter", "RegionId")
    vswitch_ids = p.csv("VSwitchId")
    if len(vswitch_ids) > MAX_VSWITCH_IDS:
        raise vpc_error("InvalidVSwitchIdNumber.NotSupported")
    zone, name, table_id = p.text("ZoneId"), p.text("VSwitchName"), p.text("RouteTableId")
    default_only = p.boolean("IsDefault") if p.text("IsDefault") else None
    resource_group, owner = p.text("ResourceGroupId"), p.integer("VSwitchOwnerId", code="IllegalParam.OwnerId")
    number, size = page_of(p)
    check_region(call, region)
    if vpc_id is not None and call.network.owned_vpc(call.uid, vpc_id, call.now, region=region) is None:
        raise vpc_error("Forbidden.VpcNotFound")
    if p.boolean("DryRun"):
        dry_run_passed()
    rows = []
    for vpc in call.network.vpcs_of(call.uid, region, call.now):
        if (vpc_id and vpc.vpc_id != vpc_id) or (default_only is not None and vpc.is_default != default_only):
            continue
        if (resource_group and vpc.resource_group_id != resource_group) or (owner and vpc.owner_uid != owner):
            continue
        for vswitch in vpc.vswitches.values():
            if (vswitch_ids and vswitch.vswitch_id not in vswitch_ids) or (zone and vswitch.zone_id != zone):
                continue
            if (name and vswitch.name != name) or (table_id and vswitch.route_table_id != table_id) or not tag_filter_passes(p):
                continue
            rows.append(vswitch.to_api(vpc, vpc.tables[vswitch.route_table_id].table_type))
    return paged({"VSwitches": {"VSwitch": rows[(number - 1) * size:number * size]}}, rows, number, size)


def describe_route_table_list(call: Call) -> Dict[str, Any]:
    p = call.params
    region = p.text("RegionId", required=True)
    vpc_id, table_id, table_type = p.text("VpcId"), p.text("RouteTableId"), p.text("RouteTableType")
    router_id, router_type, name = p.text("RouterId"), p.text("RouterType"), p.text("RouteTableName")
    resource_group = p.text("ResourceGroupId")
    number, size = page_of(p)
    check_region(call, region)
    rows = []
    if router_type in (None, "VRouter"):  # the emulator has no virtual border routers
        for vpc in call.network.vpcs_of(call.uid, region, call.now):
            if (vpc_id and vpc.vpc_id != vpc_id) or (router_id and vpc.vrouter_id != router_id):
                continue
            if resource_group and vpc.resource_group_id != resource_group:
                continue
            for table in vpc.tables.values():
                if (table_id and table.route_table_id != table_id) or (table_type and table.table_type != table_type):
                    continue
                if (name and table.name != name) or not tag_filter_passes(p):
                    continue
                rows.append(table.to_api(vpc))
    return paged({"RouterTableList": {"RouterTableListType": rows[(number - 1) * size:number * size]}}, rows, number, size)
