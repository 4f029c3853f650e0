# Copyright (c) alibabacloud.vpcpeer contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The VPCs of VPC 2016-04-28: vRouters, route tables, vSwitches and route entries.

Every VPC of the configuration (``accounts``) becomes a running VPC here, with a vRouter, a System route
table, its vSwitches, and System route entries: one per vSwitch CIDR block (next hop ``local``) and the
cloud-service route 100.64.0.0/10 (next hop ``service``), in every table of the VPC. CreateVpc adds VPCs;
DeleteVpc removes them; a reset goes back to the configuration's.

VPCs and route entries follow the lazy life cycle of ``lifecycle``:
  vpc_create    Pending   -> Available
  vpc_delete    Deleting  -> removed
  route_create  Pending   -> Available
  route_modify  Modifying -> Available
  route_delete  Deleting  -> removed
A read of a VPC is a DescribeVpcs or DescribeVpcAttribute that shows it; a read of a route entry is a
DescribeRouteEntryList that lists it.
"""

from __future__ import annotations

import ipaddress
import itertools
import random
import secrets
import string
from dataclasses import dataclass, field
from typing import Any, Callable, Dict, Iterator, List, Optional, Set, Tuple

from .accounts import AccountRegistry, RegisteredVpc, format_utc
from .lifecycle import LifeCycle, Pending, resource_rng

VPC_STATUSES = ("Pending", "Available", "Deleting")
TABLE_STATUSES = ("Pending", "Available", "Deleting")
VSWITCH_STATUSES = ("Pending", "Available")
ENTRY_STATUSES = ("Pending", "Available", "Modifying", "Deleting")
ENTRY_TYPES = ("Custom", "System", "BGP", "CEN", "ECR")
IN_FLIGHT_STATUSES = ("Pending", "Modifying", "Deleting")
# The phase each transitional status of a route entry runs, and the status it ends in ("" = removed).
ENTRY_PHASES = {"Pending": ("route_create", "Available"), "Modifying": ("route_modify", "Available"),
                "Deleting": ("route_delete", "")}
VPC_PHASES = {"Pending": ("vpc_create", "Available"), "Deleting": ("vpc_delete", "")}
SHARED_ADDRESS_SPACE = ipaddress.ip_network("100.64.0.0/10")
_ID_ALPHABET = string.ascii_lowercase + string.digits

IpNetwork = Any  # ipaddress.IPv4Network or ipaddress.IPv6Network


def new_id(prefix: str) -> str:
    """An id shaped like the service's: the resource prefix and 22 lower-case letters and digits."""
    return prefix + "-" + "".join(secrets.choice(_ID_ALPHABET) for _index in range(22))


def derived_id(prefix: str, vpc_id: str, suffix: str = "") -> str:
    """Readable ids for the configuration's VPCs: vpc-requester-hz-1 -> vtb-requester-hz-1."""
    base = vpc_id[4:] if vpc_id.startswith("vpc-") else vpc_id
    return "%s-%s%s" % (prefix, base, suffix)


def parse_destination(text: str) -> IpNetwork:
    """A destination CIDR block; a bare address means /32 (/128); host bits are cleared. ValueError when malformed."""
    return ipaddress.ip_network(text.strip(), strict=False)


@dataclass
class NextHop:
    next_hop_type: str
    next_hop_id: str
    weight: Optional[int] = None
    related: Optional[Dict[str, str]] = None   # NextHopRelatedInfo: the VPC on the other side of a peering

    def to_api(self) -> Dict[str, Any]:
        result: Dict[str, Any] = {"NextHopType": self.next_hop_type, "NextHopId": self.next_hop_id}
        if self.weight is not None:
            result.update(Weight=self.weight, Enabled=1)
        if self.related:
            result["NextHopRelatedInfo"] = dict(self.related)
        return result

    def same_as(self, other: "NextHop") -> bool:
        return (self.next_hop_type, self.next_hop_id) == (other.next_hop_type, other.next_hop_id)


@dataclass
class RouteEntry:
    route_entry_id: str
    seq: int
    route_table_id: str
    vpc_id: str
    destination: str
    entry_type: str = "Custom"
    origin: str = "CustomCreate"
    next_hops: List[NextHop] = field(default_factory=list)
    name: str = ""
    description: str = ""
    status: str = "Available"
    service_type: str = ""
    gmt_modified: float = 0.0
    pending: Optional[Pending] = None
    transitions: Dict[str, Dict[str, Any]] = field(default_factory=dict)
    rng: random.Random = field(default_factory=random.Random, repr=False, compare=False)
    removed: bool = False

    @property
    def network(self) -> IpNetwork:
        return ipaddress.ip_network(self.destination)

    def points_at(self, next_hop_id: str) -> bool:
        return any(hop.next_hop_id == next_hop_id for hop in self.next_hops)

    def to_api(self) -> Dict[str, Any]:
        result: Dict[str, Any] = {
            "RouteEntryId": self.route_entry_id, "RouteTableId": self.route_table_id,
            "DestinationCidrBlock": self.destination, "Status": self.status, "Type": self.entry_type,
            "Origin": self.origin, "RouteEntryName": self.name, "Description": self.description,
            "IpVersion": "ipv%d" % self.network.version, "GmtModified": format_utc(self.gmt_modified),
            "NextHops": {"NextHop": [hop.to_api() for hop in self.next_hops]},
        }
        if self.service_type:
            result["ServiceType"] = self.service_type
        return result

    def to_admin(self) -> Dict[str, Any]:
        result = self.to_api()
        result.update(VpcId=self.vpc_id, Pending=self.pending.to_dict() if self.pending else None,
                      Transitions=dict(self.transitions))
        return result


@dataclass
class VSwitch:
    vswitch_id: str
    vpc_id: str
    cidr_block: str
    zone_id: str
    route_table_id: str
    name: str = ""
    description: str = ""
    status: str = "Available"
    created: float = 0.0

    def to_api(self, vpc: "Vpc", table_type: str) -> Dict[str, Any]:
        size = ipaddress.ip_network(self.cidr_block).num_addresses
        return {
            "VSwitchId": self.vswitch_id, "VpcId": self.vpc_id, "Status": self.status, "CidrBlock": self.cidr_block,
            "ZoneId": self.zone_id, "VSwitchName": self.name, "Description": self.description,
            "CreationTime": format_utc(self.created), "IsDefault": vpc.is_default,
            # The first and last three addresses of every vSwitch are reserved.
            "AvailableIpAddressCount": max(0, size - 4), "OwnerId": vpc.owner_uid,
            "ResourceGroupId": vpc.resource_group_id, "Ipv6CidrBlock": "", "EnabledIpv6": False,
            "NetworkAclId": "", "Tags": {"Tag": []},
            "RouteTable": {"RouteTableId": self.route_table_id, "RouteTableType": table_type},
        }


@dataclass
class RouteTable:
    route_table_id: str
    vpc_id: str
    router_id: str
    table_type: str = "System"
    name: str = ""
    description: str = ""
    status: str = "Available"
    created: float = 0.0
    entries: Dict[str, RouteEntry] = field(default_factory=dict)

    def custom_entries(self) -> List[RouteEntry]:
        return [entry for entry in self.entries.values() if entry.entry_type == "Custom"]

    def to_api(self, vpc: "Vpc") -> Dict[str, Any]:
        return {
            "RouteTableId": self.route_table_id, "RouteTableType": self.table_type, "VpcId": self.vpc_id,
            "RouterId": self.router_id, "RouterType": "VRouter", "Status": self.status, "RouteTableName": self.name,
            "Description": self.description, "CreationTime": format_utc(self.created), "OwnerId": vpc.owner_uid,
            "ResourceGroupId": vpc.resource_group_id, "AssociateType": "VSwitch", "RoutePropagationEnable": True,
            "VSwitchIds": {"VSwitchId": [v.vswitch_id for v in vpc.vswitches.values() if v.route_table_id == self.route_table_id]},
            "GatewayIds": {"GatewayIds": []}, "Tags": {"Tag": []},
        }


@dataclass
class Vpc:
    vpc_id: str
    seq: int
    region_id: str
    owner_uid: int
    vrouter_id: str
    cidr_block: str = ""
    secondary_cidr_blocks: List[str] = field(default_factory=list)
    ipv6_cidr_blocks: List[str] = field(default_factory=list)
    user_cidrs: List[str] = field(default_factory=list)
    name: str = ""
    description: str = ""
    status: str = "Available"
    is_default: bool = False
    resource_group_id: str = ""
    tags: Dict[str, str] = field(default_factory=dict)  # CreateVpc's Tag (the only way a VPC gets tags here)
    origin: str = "config"        # config (the accounts' VPCs), api (CreateVpc), seed (a seeded connection's VPC)
    created: float = 0.0
    tables: Dict[str, RouteTable] = field(default_factory=dict)
    vswitches: Dict[str, VSwitch] = field(default_factory=dict)
    pending: Optional[Pending] = None
    transitions: Dict[str, Dict[str, Any]] = field(default_factory=dict)
    rng: random.Random = field(default_factory=random.Random, repr=False, compare=False)
    removed: bool = False

    @property
    def ipv4_cidrs(self) -> List[str]:
        return ([self.cidr_block] if self.cidr_block else []) + list(self.secondary_cidr_blocks)

    @property
    def ipv6_cidrs(self) -> List[str]:
        return list(self.ipv6_cidr_blocks)

    @property
    def system_table(self) -> RouteTable:
        return next(table for table in self.tables.values() if table.table_type == "System")

    def entries(self) -> List[RouteEntry]:
        return [entry for table in self.tables.values() for entry in table.entries.values()]

    def to_api(self, with_tables: bool) -> Dict[str, Any]:
        """DescribeVpcs' item (``with_tables``) or DescribeVpcAttribute's answer, in the SDK models' field names."""
        result: Dict[str, Any] = {
            "VpcId": self.vpc_id, "RegionId": self.region_id, "Status": self.status, "VpcName": self.name,
            "Description": self.description, "CidrBlock": self.cidr_block, "VRouterId": self.vrouter_id,
            "CreationTime": format_utc(self.created), "IsDefault": self.is_default, "OwnerId": self.owner_uid,
            "ResourceGroupId": self.resource_group_id, "EnabledIpv6": bool(self.ipv6_cidr_blocks),
            "Ipv6CidrBlock": self.ipv6_cidr_blocks[0] if self.ipv6_cidr_blocks else "",
            "Ipv6CidrBlocks": {"Ipv6CidrBlock": [{"Ipv6CidrBlock": block, "Ipv6Isp": "BGP"} for block in self.ipv6_cidr_blocks]},
            "SecondaryCidrBlocks": {"SecondaryCidrBlock": list(self.secondary_cidr_blocks)},
            "UserCidrs": {"UserCidr": list(self.user_cidrs)},
            "VSwitchIds": {"VSwitchId": list(self.vswitches)},
            "DnsHostnameStatus": "DISABLED", "DhcpOptionsSetStatus": "",
            "Tags": {"Tag": [{"Key": key, "Value": value} for key, value in self.tags.items()]},
        }
        if with_tables:
            result["RouterTableIds"] = {"RouterTableIds": list(self.tables)}
            result["NatGatewayIds"] = {"NatGatewayIds": []}
            result["CenStatus"] = ""
        else:
            result["ClassicLinkEnabled"] = False
            result["SupportIpv4Gateway"] = True
            result["AssociatedCens"] = {"AssociatedCen": []}
            result["CloudResources"] = {"CloudResourceSetType": [
                {"ResourceType": "VSwitch", "ResourceCount": len(self.vswitches)},
                {"ResourceType": "RouteTable", "ResourceCount": len(self.tables)}]}
        return result

    def to_admin(self, account_name: str) -> Dict[str, Any]:
        result = self.to_api(with_tables=True)
        result.update(Account=account_name, Origin=self.origin, Pending=self.pending.to_dict() if self.pending else None,
                      Transitions=dict(self.transitions),
                      VSwitches=[{"VSwitchId": v.vswitch_id, "CidrBlock": v.cidr_block, "ZoneId": v.zone_id,
                                  "Status": v.status, "RouteTableId": v.route_table_id} for v in self.vswitches.values()])
        return result


class Network(LifeCycle):
    """Every running VPC, indexed by VPC, route table and route entry id. Callers hold the emulator lock."""

    def __init__(self, settings: Callable[[], Dict[str, Any]]) -> None:
        super().__init__(settings)
        self.vpcs: Dict[str, Vpc] = {}
        self.tables: Dict[str, RouteTable] = {}
        self.entries: Dict[str, RouteEntry] = {}
        self.deleted_config_vpcs: Set[str] = set()   # configured VPCs that DeleteVpc removed, until a reset
        self._seq = itertools.count(1)

    # -- building ---------------------------------------------------------------------------
    def reset(self, registry: AccountRegistry, now: float) -> None:
        self.vpcs, self.tables, self.entries = {}, {}, {}
        self.deleted_config_vpcs = set()
        self._seq = itertools.count(1)
        self.sync(registry, now)

    def sync(self, registry: AccountRegistry, now: float) -> None:
        """Follow the configuration: add its new VPCs, drop those it no longer has, refresh their CIDR blocks."""
        configured = {}
        for account in registry.accounts.values():
            for region_vpcs in account.vpcs.values():
                for registered in region_vpcs.values():
                    configured[registered.vpc_id] = (account.uid, account.default_resource_group, registered)
        for vpc in [vpc for vpc in self.vpcs.values() if vpc.origin == "config" and vpc.vpc_id not in configured]:
            self.remove_vpc(vpc)
        for vpc_id, (uid, resource_group, registered) in configured.items():
            existing = self.vpcs.get(vpc_id)
            if existing is None and vpc_id not in self.deleted_config_vpcs:
                self.add_configured_vpc(uid, resource_group, registered, now)
            elif existing is not None and existing.origin == "config":
                existing.cidr_block = registered.ipv4_cidrs[0] if registered.ipv4_cidrs else ""
                existing.secondary_cidr_blocks = list(registered.ipv4_cidrs[1:])
                existing.ipv6_cidr_blocks = list(registered.ipv6_cidrs)

    def add_configured_vpc(self, uid: int, resource_group: str, registered: RegisteredVpc, now: float) -> Vpc:
        vpc_id = registered.vpc_id
        vpc = self.new_vpc(vpc_id, registered.region, uid, list(registered.ipv4_cidrs), now,
                           vrouter_id=registered.vrouter_id or derived_id("vrt", vpc_id),
                           table_id=registered.route_table_id or derived_id("vtb", vpc_id), origin="config")
        vpc.ipv6_cidr_blocks = list(registered.ipv6_cidrs)
        vpc.name, vpc.description, vpc.is_default = registered.name, registered.description, registered.is_default
        vpc.resource_group_id = resource_group
        for index, item in enumerate(registered.vswitches):
            self.add_vswitch(vpc, item.vswitch_id or derived_id("vsw", vpc_id, "-" + string.ascii_lowercase[index % 26]),
                             item.cidr_block, item.zone_id, now, name=item.name)
        for index, item in enumerate(registered.route_tables):
            table = self.add_table(vpc, item.route_table_id or derived_id("vtb", vpc_id, "-custom-%d" % (index + 1)),
                                   "Custom", now, name=item.name, description=item.description)
            for vswitch_id in item.vswitch_ids:
                vpc.vswitches[vswitch_id].route_table_id = table.route_table_id
        if registered.status != "Available":
            self.set_vpc_status(vpc, registered.status, now)
        return vpc

    def new_vpc(self, vpc_id: str, region: str, uid: int, ipv4_cidrs: List[str], now: float, *, vrouter_id: str,
                table_id: str, origin: str) -> Vpc:
        """A VPC with its vRouter and System route table (holding the cloud-service System route)."""
        if vpc_id in self.vpcs:
            raise ValueError("VPC %s already exists" % vpc_id)
        seq = next(self._seq)
        vpc = Vpc(vpc_id=vpc_id, seq=seq, region_id=region, owner_uid=uid, vrouter_id=vrouter_id,
                  cidr_block=ipv4_cidrs[0] if ipv4_cidrs else "", secondary_cidr_blocks=ipv4_cidrs[1:],
                  origin=origin, created=now, rng=resource_rng(self.settings().get("seed", 0), seq))
        self.vpcs[vpc_id] = vpc
        self.add_table(vpc, table_id, "System", now)
        return vpc

    def add_table(self, vpc: Vpc, table_id: str, table_type: str, now: float, name: str = "", description: str = "",
                  status: str = "Available") -> RouteTable:
        if table_id in self.tables:
            raise ValueError("route table %s already exists" % table_id)
        if status not in TABLE_STATUSES:
            raise ValueError("a route table's Status must be one of %s" % ", ".join(TABLE_STATUSES))
        table = RouteTable(table_id, vpc.vpc_id, vpc.vrouter_id, table_type, name, description, status, now)
        vpc.tables[table_id] = table
        self.tables[table_id] = table
        self.add_system_entry(table, str(SHARED_ADDRESS_SPACE), NextHop("service", ""), now)
        for vswitch in vpc.vswitches.values():
            self.add_system_entry(table, vswitch.cidr_block, NextHop("local", ""), now)
        return table

    def add_vswitch(self, vpc: Vpc, vswitch_id: str, cidr_block: str, zone_id: str, now: float, name: str = "",
                    status: str = "Available", route_table_id: Optional[str] = None) -> VSwitch:
        """A vSwitch, and its local System route in every table of the VPC."""
        if any(vswitch_id in other.vswitches for other in self.vpcs.values()):
            raise ValueError("vSwitch %s already exists" % vswitch_id)
        if status not in VSWITCH_STATUSES:
            raise ValueError("a vSwitch's Status must be one of %s" % ", ".join(VSWITCH_STATUSES))
        block = ipaddress.ip_network(cidr_block, strict=False)
        if vpc.ipv4_cidrs and not any(block.version == 4 and block.subnet_of(ipaddress.ip_network(c, strict=False))  # type: ignore[arg-type]
                                      for c in vpc.ipv4_cidrs):
            raise ValueError("vSwitch %s is outside the CIDR blocks of %s" % (cidr_block, vpc.vpc_id))
        table_id = route_table_id or vpc.system_table.route_table_id
        if table_id not in vpc.tables:
            raise ValueError("route table %s is not in %s" % (table_id, vpc.vpc_id))
        vswitch = VSwitch(vswitch_id, vpc.vpc_id, str(block), zone_id, table_id, name, "", status, now)
        vpc.vswitches[vswitch_id] = vswitch
        for table in vpc.tables.values():
            self.add_system_entry(table, vswitch.cidr_block, NextHop("local", ""), now)
        return vswitch

    def add_system_entry(self, table: RouteTable, destination: str, hop: NextHop, now: float) -> RouteEntry:
        """A System entry, numbered within its table (System entries only go with their table)."""
        table_id = table.route_table_id
        base = table_id[4:] if table_id.startswith("vtb-") else table_id
        number = 1 + sum(1 for entry in table.entries.values() if entry.entry_type == "System")
        return self.new_entry(table, destination, [hop], now, entry_type="System", origin="SystemCreate",
                              entry_id="rte-%s-system-%d" % (base, number))

    def new_entry(self, table: RouteTable, destination: str, hops: List[NextHop], now: float, *, entry_type: str = "Custom",
                  origin: str = "CustomCreate", entry_id: Optional[str] = None, name: str = "", description: str = "",
                  service_type: str = "") -> RouteEntry:
        """An Available entry in ``table``; ``start_entry_phase`` makes it Pending."""
        entry_id = entry_id or new_id("rte")
        if entry_id in self.entries:
            raise ValueError("route entry %s already exists" % entry_id)
        seq = next(self._seq)
        entry = RouteEntry(entry_id, seq, table.route_table_id, table.vpc_id, str(parse_destination(destination)), entry_type,
                           origin, hops, name, description, "Available", service_type, now,
                           rng=resource_rng(self.settings().get("seed", 0), seq))
        table.entries[entry_id] = entry
        self.entries[entry_id] = entry
        return entry

    # -- life cycle -------------------------------------------------------------------------
    def complete(self, resource: Any, at: float) -> None:
        pending = resource.pending
        if pending is None:
            return
        resource.pending = None
        if pending.target:
            resource.status = pending.target
        elif isinstance(resource, Vpc):
            self.remove_vpc(resource)
        else:
            self.remove_entry(resource)

    def set_entry_status(self, entry: RouteEntry, status: str, now: float) -> None:
        """Put an entry into ``status``; a transitional status starts its phase."""
        if status not in ENTRY_STATUSES:
            raise ValueError("a route entry's Status must be one of %s" % ", ".join(ENTRY_STATUSES))
        entry.pending = None
        entry.status = status
        if status in ENTRY_PHASES:
            phase, target = ENTRY_PHASES[status]
            self.start_phase(entry, phase, target, now)

    def set_vpc_status(self, vpc: Vpc, status: str, now: float) -> None:
        if status not in VPC_STATUSES:
            raise ValueError("a VPC's Status must be one of %s" % ", ".join(VPC_STATUSES))
        vpc.pending = None
        vpc.status = status
        if status in VPC_PHASES:
            phase, target = VPC_PHASES[status]
            self.start_phase(vpc, phase, target, now)

    def remove_entry(self, entry: RouteEntry) -> None:
        entry.removed = True
        entry.pending = None
        self.entries.pop(entry.route_entry_id, None)
        table = self.tables.get(entry.route_table_id)
        if table is not None:
            table.entries.pop(entry.route_entry_id, None)

    def remove_vpc(self, vpc: Vpc) -> None:
        vpc.removed = True
        vpc.pending = None
        for entry in vpc.entries():
            self.remove_entry(entry)
        for table_id in vpc.tables:
            self.tables.pop(table_id, None)
        self.vpcs.pop(vpc.vpc_id, None)
        if vpc.origin == "config":
            self.deleted_config_vpcs.add(vpc.vpc_id)

    def settle(self, vpc: Vpc, now: float) -> None:
        """Advance the VPC and every entry of its tables (an entry may be removed on the way)."""
        self.advance(vpc, now)
        if vpc.removed:
            return
        for entry in vpc.entries():
            self.advance(entry, now)

    def observe(self, resource: Any, now: float) -> bool:
        """One read: advance the resource, count the read; False when the resource is gone."""
        self.advance(resource, now)
        self.count_read(resource, now)
        return not resource.removed

    # -- lookups (each settles what it returns) ---------------------------------------------
    def vpc(self, vpc_id: str, now: float) -> Optional[Vpc]:
        vpc = self.vpcs.get(vpc_id)
        if vpc is None:
            return None
        self.settle(vpc, now)
        return None if vpc.removed else vpc

    def owned_vpc(self, uid: int, vpc_id: str, now: float, region: Optional[str] = None) -> Optional[Vpc]:
        """The caller's VPC, in ``region`` when one is named."""
        vpc = self.vpc(vpc_id, now)
        if vpc is None or vpc.owner_uid != uid or (region and vpc.region_id != region):
            return None
        return vpc

    def vpcs_of(self, uid: int, region: Optional[str], now: float) -> List[Vpc]:
        """The caller's VPCs (in ``region``), in creation order."""
        found = []
        for vpc in sorted(self.vpcs.values(), key=lambda v: v.seq):
            if vpc.owner_uid == uid and (region is None or vpc.region_id == region):
                self.settle(vpc, now)
                if not vpc.removed:
                    found.append(vpc)
        return found

    def table(self, table_id: str, now: float) -> Optional[Tuple[Vpc, RouteTable]]:
        table = self.tables.get(table_id)
        vpc = self.vpc(table.vpc_id, now) if table is not None else None
        if table is None or vpc is None:
            return None
        return vpc, table

    def entry(self, entry_id: str, now: float) -> Optional[Tuple[Vpc, RouteEntry]]:
        entry = self.entries.get(entry_id)
        vpc = self.vpc(entry.vpc_id, now) if entry is not None else None
        if entry is None or vpc is None or entry.removed:
            return None
        return vpc, entry

    def entries_to(self, next_hop_id: str, now: float) -> List[RouteEntry]:
        """Every existing entry (Deleting included) with ``next_hop_id`` among its next hops."""
        found = []
        for entry in sorted(self.entries.values(), key=lambda e: e.seq):
            self.advance(entry, now)
            if not entry.removed and entry.points_at(next_hop_id):
                found.append(entry)
        return found

    def in_flight(self, vpc: Vpc, now: float, besides: Optional[RouteEntry] = None) -> Optional[RouteEntry]:
        """An entry of the VPC's tables that a route write is still working on (Pending, Modifying, Deleting)."""
        self.settle(vpc, now)
        for entry in vpc.entries():
            if entry is not besides and entry.status in IN_FLIGHT_STATUSES:
                return entry
        return None

    def all_vpcs(self, now: float) -> Iterator[Vpc]:
        for vpc in sorted(self.vpcs.values(), key=lambda v: v.seq):
            self.settle(vpc, now)
            if not vpc.removed:
                yield vpc

    # -- seeded routes of a connection (control API's RouteCount) -----------------------------
    def set_routes_to(self, hop: NextHop, count: int, holder: Tuple[int, str, str, List[str]],
                      destinations_in: List[str], now: float) -> None:
        """Make exactly ``count`` entries point at ``hop``: new ones are Available Custom entries in the System
        table of the ``holder`` VPC (uid, region, VPC id, its IPv4 CIDR blocks; created when unknown) with
        destinations inside ``destinations_in``; extra ones are removed at once, newest first."""
        if count < 0:
            raise ValueError("RouteCount must be >= 0")
        existing = self.entries_to(hop.next_hop_id, now)
        for entry in reversed(existing[count:]):
            self.remove_entry(entry)
        if count <= len(existing):
            return
        uid, region, vpc_id, cidrs = holder
        vpc = self.vpc(vpc_id, now)
        if vpc is None:
            vpc = self.new_vpc(vpc_id, region, uid, list(cidrs), now, vrouter_id=new_id("vrt"), table_id=new_id("vtb"),
                               origin="seed")
        table = vpc.system_table
        taken = {entry.destination for entry in table.entries.values()}
        fresh = (str(block) for block in _destinations(destinations_in) if str(block) not in taken)
        for _index in range(count - len(existing)):
            destination = next(fresh, None)
            if destination is None:
                raise ValueError("no free destination left for another route entry in %s" % table.route_table_id)
            self.new_entry(table, destination, [NextHop(hop.next_hop_type, hop.next_hop_id, hop.weight, dict(hop.related or {}))],
                           now, name="seeded")


def _destinations(cidrs: List[str]) -> Iterator[IpNetwork]:
    """Candidate destinations: each CIDR block itself, then its subnets eight bits longer (at most /32)."""
    blocks = [ipaddress.ip_network(c, strict=False) for c in cidrs if ipaddress.ip_network(c, strict=False).version == 4]
    if not blocks:
        blocks = [ipaddress.ip_network("192.168.0.0/16")]
    yield from blocks
    for block in blocks:
        yield from block.subnets(new_prefix=min(block.prefixlen + 8, 32))
