# Copyright (c) alibabacloud.vpcpeer contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""VPC 2016-04-28: the route-entry actions (CreateRouteEntry, DeleteRouteEntry, ModifyRouteEntry and
DescribeRouteEntryList).

Route writes are asynchronous: an entry is Pending after CreateRouteEntry, Modifying after ModifyRouteEntry
and Deleting after DeleteRouteEntry, until its phase completes (``network``). While any entry of a VPC's
tables is in one of those statuses, the other route writes in that VPC are refused (TaskConflict), the last
check before DryRun, like VpcPeer's Conflict.Operation.
"""

from __future__ import annotations

import ipaddress
from dataclasses import dataclass, field
from typing import Any, Dict, List, Optional, Tuple

from .actions import decode_token, dry_run_passed, encode_token, with_next_token
from .calls import Call
from .errors import VPC_CATALOGUE, vpc_error
from .model import Connection
from .network import ENTRY_TYPES, SHARED_ADDRESS_SPACE, NextHop, RouteEntry, RouteTable, Vpc, parse_destination
from .vpc_actions import check_region, check_text, vpc_setting
from .wire import Params

NEXT_HOP_TYPES = ("Instance", "HaVip", "RouterInterface", "NetworkInterface", "VpnGateway", "IPv6Gateway", "NatGateway",
                  "Attachment", "VpcPeer", "Ipv4Gateway", "GatewayEndpoint", "Ecr", "GatewayLoadBalancerEndpoint",
                  "RouteTargetGroup")
MAX_DESTINATIONS = 20


# -- shared checks ------------------------------------------------------------------------------

def destination_of(text: str) -> str:
    """The destination as the service stores it: a bare address is a /32 (/128), host bits are cleared."""
    try:
        return str(parse_destination(text))
    except ValueError:
        raise vpc_error("InvalidCidrBlock.Malformed") from None


def route_table(call: Call, table_id: str, region: Optional[str], code: str = "InvalidRouteTableId.NotFound") -> Tuple[Vpc, RouteTable]:
    """The caller's route table (in ``region`` when named), or ``code``."""
    found = call.network.table(table_id, call.now)
    if found is None or found[0].owner_uid != call.uid or (region and found[0].region_id != region):
        raise vpc_error(code)
    return found


def check_vpc_writable(vpc: Vpc, table: RouteTable) -> None:
    """Route writes need the VPC, the table and every vSwitch of the VPC Available."""
    if vpc.status != "Available":
        raise vpc_error("IncorrectVpcStatus")
    if table.status != "Available":
        raise vpc_error("IncorrectStatus.RouteTableStatus")
    if any(vswitch.status != "Available" for vswitch in vpc.vswitches.values()):
        raise vpc_error("IncorrectVSwitchStatus")


def check_destination_allowed(call: Call, vpc: Vpc, destination: str, hops: List[NextHop]) -> None:
    """Not 100.64.0.0/10 or inside it, not a vSwitch CIDR block or inside one (containing one is allowed);
    an IPv6 destination through a peering only where the region allows it."""
    block = ipaddress.ip_network(destination)
    inside = [SHARED_ADDRESS_SPACE] + [ipaddress.ip_network(v.cidr_block) for v in vpc.vswitches.values()]
    if any(block.version == outer.version and block.subnet_of(outer) for outer in inside):  # type: ignore[arg-type]
        raise vpc_error("InvalidCidrBlock")
    peering = any(hop.next_hop_type == "VpcPeer" for hop in hops)
    if block.version == 6 and peering and vpc.region_id in (vpc_setting(call, "vpc_peer_ipv6_unsupported_regions") or []):
        raise vpc_error("UnsupportedFeature.VpcPeerIpv6")


def check_next_hop(call: Call, vpc: Vpc, hop: NextHop) -> None:
    """A peering next hop must be a connection the caller is party to, that joins this VPC, Activated.
    Other next-hop types are accepted as given: the emulator has no ECS instances, gateways or ENIs."""
    if hop.next_hop_type != "VpcPeer":
        return
    conn = call.model.get(hop.next_hop_id, call.now)
    if conn is None or not conn.is_party(call.uid) or conn.status == "Deleted":
        raise vpc_error(vpc_setting(call, "unknown_peer_code"), hop.next_hop_id)
    if vpc.vpc_id not in conn.vpc_ids:
        raise vpc_error("OperationFailed.InstanceDismatchCurrentVpc")
    if conn.status != "Activated":
        raise vpc_error("IncorrectStatus.VpcPeer", hop.next_hop_id, conn.status)
    hop.related = peer_of(conn, vpc.vpc_id)


def peer_of(conn: Connection, vpc_id: str) -> Dict[str, str]:
    """NextHopRelatedInfo of a peering next hop in ``vpc_id``'s tables: the VPC at the other end."""
    if conn.vpc.vpc_id == vpc_id:
        return {"InstanceId": conn.accepting_vpc.vpc_id, "InstanceType": "VPC", "RegionId": conn.accepting_region_id}
    return {"InstanceId": conn.vpc.vpc_id, "InstanceType": "VPC", "RegionId": conn.region_id}


def check_no_task_conflict(call: Call, vpc: Vpc, dry_run: bool, besides: Optional[RouteEntry] = None) -> None:
    """TaskConflict while another route write in this VPC is in flight (``vpc.task_conflict``)."""
    if not vpc_setting(call, "task_conflict.enabled") or (dry_run and not vpc_setting(call, "task_conflict.dry_run")):
        return
    if call.network.in_flight(vpc, call.now, besides) is not None:
        raise vpc_error(vpc_setting(call, "task_conflict.code"))


# -- CreateRouteEntry ---------------------------------------------------------------------------

def requested_next_hops(p: Params) -> List[NextHop]:
    """NextHopType/NextHopId (type Instance by default), or an ECMP NextHopList; never both."""
    hop_type, hop_id = p.text("NextHopType"), p.text("NextHopId")
    listed = list(p.indexed("NextHopList").values())
    if listed and (hop_type or hop_id):
        raise vpc_error("InvalidNexthopTypeAndList.BothNotNull")
    if listed:
        hops = [NextHop(group.get("NextHopType") or "RouterInterface", group.get("NextHopId") or "",
                        weight=int(group.get("Weight") or 100)) for group in listed]
        ids = [hop.next_hop_id for hop in hops]
        if len(set(ids)) != len(ids):
            raise vpc_error("Duplicated.VpcNextHop")
        return hops
    hop_type = hop_type or "Instance"
    if hop_type not in NEXT_HOP_TYPES:
        raise vpc_error("InvalidNextHopType")
    if not hop_id:
        raise vpc_error("MissingParameter", "NextHopId")
    return [NextHop(hop_type, hop_id)]


def check_not_duplicate(table: RouteTable, destination: str, hops: List[NextHop]) -> None:
    """The same destination again: InvalidRouteEntry.Duplicate with the same next hops, else RouteConflict.AlreadyExist."""
    for entry in table.entries.values():
        if entry.destination != destination:
            continue
        same_hops = len(entry.next_hops) == len(hops) and all(a.same_as(b) for a, b in zip(entry.next_hops, hops))
        raise vpc_error("InvalidRouteEntry.Duplicate" if same_hops else "RouteConflict.AlreadyExist")


def create_route_entry(call: Call) -> Dict[str, Any]:
    p = call.params
    region = p.text("RegionId")
    table_id = p.text("RouteTableId", required=True)
    destination = destination_of(p.text("DestinationCidrBlock", required=True) or "")
    name, description = p.text("RouteEntryName"), p.text("Description")
    check_text(name, 128, "InvalidRouteEntryName.Malformed")
    check_text(description, 256, "InvalidDescription.Malformed")
    hops = requested_next_hops(p)
    dry_run = p.boolean("DryRun")
    check_region(call, region)
    vpc, table = route_table(call, table_id, region)
    check_vpc_writable(vpc, table)
    check_destination_allowed(call, vpc, destination, hops)
    for hop in hops:
        check_next_hop(call, vpc, hop)
    check_not_duplicate(table, destination, hops)
    if len(table.custom_entries()) >= int(vpc_setting(call, "max_custom_entries_per_table")):
        raise vpc_error("QuotaExceeded")
    check_no_task_conflict(call, vpc, dry_run)
    if dry_run:
        dry_run_passed()
    entry = call.network.new_entry(table, destination, hops, call.now, name=name or "", description=description or "")
    call.network.set_entry_status(entry, "Pending", call.now)
    return {"RouteEntryId": entry.route_entry_id}


# -- the entry a Delete or Modify names ------------------------------------------------------------

@dataclass
class EntryReference:
    """RouteEntryId, or RouteTableId + DestinationCidrBlock (+ the next hops that must match)."""
    entry_id: Optional[str]
    table_id: Optional[str] = None
    destination: Optional[str] = None
    hop_ids: List[str] = field(default_factory=list)


def entry_reference(p: Params, exclusive: Optional[str]) -> EntryReference:
    """The two forms; ``exclusive`` ("table_or_cidr" or "cidr") says what may not come with RouteEntryId."""
    entry_id, table_id, destination = p.text("RouteEntryId"), p.text("RouteTableId"), p.text("DestinationCidrBlock")
    hop_ids = [group.get("NextHopId", "") for group in p.indexed("NextHopList").values()]
    if p.text("NextHopId") and hop_ids:
        raise vpc_error("ParamExclusive.NextHopIdAndList")
    hop_ids = [p.text("NextHopId") or ""] if p.text("NextHopId") else hop_ids
    others = (destination,) if exclusive == "cidr" else (table_id, destination)
    if entry_id and exclusive and any(others):
        raise vpc_error("ParamExclusive.RouteEntryIdAndRouteTableIdOrDestCidrBlock",
                        "RouteEntryId cannot be specified with %s." % ("DestinationCidrBlock" if exclusive == "cidr"
                                                                       else "RouteTableId or DestinationCidrBlock"))
    if entry_id:
        return EntryReference(entry_id)
    if not table_id and not destination:
        raise vpc_error("MissingParameter", "RouteEntryId")
    if not table_id or not destination:
        raise vpc_error("MissingParameter", "DestinationCidrBlock" if table_id else "RouteTableId")
    return EntryReference(None, table_id, destination_of(destination), hop_ids)


def find_entry(call: Call, ref: EntryReference, region: Optional[str], not_found: str) -> Tuple[Vpc, RouteEntry]:
    """The caller's entry: by id (InvalidRouteEntryId.NotFound), or by table and destination (``not_found``)."""
    if ref.entry_id:
        found = call.network.entry(ref.entry_id, call.now)
        if found is None or found[0].owner_uid != call.uid or (region and found[0].region_id != region):
            raise vpc_error("InvalidRouteEntryId.NotFound")
        return found
    vpc, table = route_table(call, ref.table_id or "", region)
    for entry in list(table.entries.values()):
        if entry.destination == ref.destination and all(entry.points_at(hop_id) for hop_id in ref.hop_ids):
            return vpc, entry
    raise vpc_error(not_found)


def check_entry_writable(call: Call, vpc: Vpc, entry: RouteEntry, deleting: bool) -> None:
    """System entries, managed entries and propagated entries are not the caller's to change; the VPC must be
    Available and the entry itself Available (``vpc.entry_status_code`` says which code refuses it)."""
    if entry.entry_type == "System" or (entry.entry_type != "Custom" and not deleting):
        raise vpc_error("OperationDenied")
    if entry.service_type:
        raise vpc_error("OperationDenied.DeleteManagedRouteEntry" if deleting else "OperationDenied.ModifyManagedRouteEntry")
    if entry.entry_type != "Custom":
        raise vpc_error("Forbbiden")
    if vpc.status != "Available":
        raise vpc_error("IncorrectVpcStatus")
    if entry.status != "Available":
        raise vpc_error(vpc_setting(call, "entry_status_code"))


def delete_route_entry(call: Call) -> Dict[str, Any]:
    p = call.params
    region = p.text("RegionId")
    ref = entry_reference(p, exclusive=vpc_setting(call, "delete_exclusive_params"))
    dry_run = p.boolean("DryRun")
    check_region(call, region)
    vpc, entry = find_entry(call, ref, region, "InvalidRouteEntry.NotFound")
    check_entry_writable(call, vpc, entry, deleting=True)
    check_no_task_conflict(call, vpc, dry_run, besides=entry)
    if dry_run:
        dry_run_passed()
    call.network.set_entry_status(entry, "Deleting", call.now)
    return {}


# -- ModifyRouteEntry -----------------------------------------------------------------------------

def new_next_hop(p: Params) -> Optional[NextHop]:
    hop_type, hop_id = p.text("NewNextHopType"), p.text("NewNextHopId")
    if not hop_type and not hop_id:
        return None
    if not hop_type or not hop_id:
        raise vpc_error("MissingParameter", "NewNextHopId" if hop_type else "NewNextHopType")
    if hop_type not in NEXT_HOP_TYPES:
        raise vpc_error("InvalidNextHopType")
    return NextHop(hop_type, hop_id)


def modify_route_entry(call: Call) -> Dict[str, Any]:
    p = call.params
    region = p.text("RegionId", required=True)
    ref = entry_reference(p, exclusive=None)
    name, description = p.text("RouteEntryName"), p.text("Description")
    check_text(name, 128, "InvalidRouteEntryName.Malformed")
    check_text(description, 256, "InvalidDescription.Malformed")
    hop = new_next_hop(p)
    dry_run = p.boolean("DryRun")
    check_region(call, region)
    vpc, entry = find_entry(call, ref, region, "InvalidRouteEntryId.NotFound")
    check_entry_writable(call, vpc, entry, deleting=False)
    if hop is not None:
        if len(entry.next_hops) == 1 and entry.next_hops[0].same_as(hop):
            raise vpc_error("OperationDenied.NextHopNotChanged")
        check_next_hop(call, vpc, hop)
    check_no_task_conflict(call, vpc, dry_run, besides=entry)
    if dry_run:
        dry_run_passed()
    # Reads show the new values at once; the entry is Modifying until its route_modify phase completes.
    entry.name = entry.name if name is None else name
    entry.description = entry.description if description is None else description
    entry.next_hops = entry.next_hops if hop is None else [hop]
    entry.gmt_modified = call.now
    call.network.set_entry_status(entry, "Modifying", call.now)
    return {}


# -- DescribeRouteEntryList -------------------------------------------------------------------------

@dataclass
class EntryQuery:
    """DescribeRouteEntryList's filters: those on fields that never change select the entries whose read is
    counted (``selects``); the others are applied after (``matches``)."""
    entry_id: Optional[str]
    destinations: List[str]
    entry_type: Optional[str]
    ip_version: Optional[int]
    service_type: Optional[str]
    name: Optional[str]
    hop_id: Optional[str]
    hop_type: Optional[str]

    @classmethod
    def from_params(cls, p: Params) -> "EntryQuery":
        entry_type = p.text("RouteEntryType")
        if entry_type is not None and entry_type not in ENTRY_TYPES:
            raise vpc_error("IllegalParam.RouteEntryType")
        version = (p.text("IpVersion") or "").lower()
        if version not in ("", "ipv4", "ipv6"):
            raise vpc_error("IllegalParam.IpVersion")
        if entry_type == "System" and (p.text("RouteEntryId") or p.text("RouteEntryName")):
            raise vpc_error("OperationFailed.FilterParamUnderWrongRouteType")
        listed = p.str_list("DestCidrBlockList")
        if len(listed) > MAX_DESTINATIONS:
            raise vpc_error("IllegalParam.DestCidrBlockList")
        single = [p.text("DestinationCidrBlock") or ""] if p.text("DestinationCidrBlock") else []
        return cls(p.text("RouteEntryId"), [destination_of(text) for text in single + listed], entry_type,
                   int(version[-1]) if version else None, p.text("ServiceType"), p.text("RouteEntryName"),
                   p.text("NextHopId"), p.text("NextHopType"))

    def selects(self, entry: RouteEntry) -> bool:
        return ((not self.entry_id or entry.route_entry_id == self.entry_id)
                and (not self.destinations or entry.destination in self.destinations)
                and (not self.entry_type or entry.entry_type == self.entry_type)
                and (not self.ip_version or entry.network.version == self.ip_version)
                and (not self.service_type or entry.service_type == self.service_type))

    def matches(self, entry: RouteEntry) -> bool:
        return ((self.name is None or entry.name == self.name)
                and (not self.hop_id or entry.points_at(self.hop_id))
                and (not self.hop_type or any(hop.next_hop_type == self.hop_type for hop in entry.next_hops)))


def describe_route_entry_list(call: Call) -> Dict[str, Any]:
    p = call.params
    region = p.text("RegionId", required=True)
    table_id = p.text("RouteTableId", required=True)
    query = EntryQuery.from_params(p)
    max_result = p.integer("MaxResult", minimum=1, maximum=100) or 10
    after = decode_token("routes", p.text("NextToken"), catalogue=VPC_CATALOGUE)
    check_region(call, region)
    _vpc, table = route_table(call, table_id or "", region, code="InvalidRouteTable.NotFound")
    shown = [entry for entry in list(table.entries.values())
             if query.selects(entry) and call.network.observe(entry, call.now) and query.matches(entry)]
    remaining = [entry for entry in shown if entry.seq > after]
    page = remaining[:max_result]
    next_token = encode_token("routes", page[-1].seq) if len(remaining) > max_result else None
    body = {"TotalCount": len(shown), "RouteEntrys": {"RouteEntry": [entry.to_api() for entry in page]}}
    return with_next_token(call, body, next_token)
