# Copyright (c) alibabacloud.vpcpeer contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The control API's side of the network: inspect, seed and change VPCs, vSwitches, route tables and
route entries directly, without the API's rules (tests set up states the API would refuse to reach).

Bodies use the API's field names. Every method takes the emulator lock and answers the admin view (the
API view plus Pending and Transitions), or None when the resource is unknown; ValueError for a bad body.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Dict, List, Optional

from .lifecycle import normalize_transitions
from .network import ENTRY_TYPES, NextHop, RouteEntry, Vpc, new_id, parse_destination
from .route_actions import peer_of

if TYPE_CHECKING:  # pragma: no cover - imported for type hints only
    from .emulator import Emulator

# Where a seeded entry of each type comes from, unless the seed says otherwise.
ORIGINS = {"Custom": "CustomCreate", "System": "SystemCreate", "BGP": "RoutePropagation", "CEN": "RoutePropagation",
           "ECR": "RoutePropagation"}


class NetworkAdmin:
    def __init__(self, emulator: "Emulator") -> None:
        self.emulator = emulator

    @property
    def network(self) -> Any:
        return self.emulator.network

    def _vpc_view(self, vpc: Vpc) -> Dict[str, Any]:
        account = self.emulator.registry.account(vpc.owner_uid)
        return vpc.to_admin(account.name if account else str(vpc.owner_uid))

    # -- VPCs -------------------------------------------------------------------------------
    def vpcs(self) -> List[Dict[str, Any]]:
        with self.emulator.lock:
            return [self._vpc_view(vpc) for vpc in self.network.all_vpcs(self.emulator.now())]

    def vpc(self, vpc_id: str) -> Optional[Dict[str, Any]]:
        with self.emulator.lock:
            vpc = self.network.vpc(vpc_id, self.emulator.now())
            return self._vpc_view(vpc) if vpc else None

    def patch_vpc(self, vpc_id: str, spec: Dict[str, Any]) -> Optional[Dict[str, Any]]:
        """VpcName, Description, IsDefault, Transitions; Status restarts the life cycle from that status."""
        with self.emulator.lock:
            now = self.emulator.now()
            vpc = self.network.vpc(vpc_id, now)
            if vpc is None:
                return None
            vpc.name = str(spec.get("VpcName", vpc.name))
            vpc.description = str(spec.get("Description", vpc.description))
            vpc.is_default = bool(spec.get("IsDefault", vpc.is_default))
            if "Transitions" in spec:
                vpc.transitions = normalize_transitions(spec["Transitions"] or {})
            if "Status" in spec:
                self.network.set_vpc_status(vpc, spec["Status"], now)
            return self._vpc_view(vpc) if not vpc.removed else {"VpcId": vpc_id, "Removed": True}

    def retime_vpc(self, vpc_id: str, specs: Dict[str, Any]) -> Optional[Dict[str, Any]]:
        normalized = normalize_transitions(specs)
        with self.emulator.lock:
            now = self.emulator.now()
            vpc = self.network.vpc(vpc_id, now)
            if vpc is None:
                return None
            self.network.retime(vpc, normalized, now)
            return self._vpc_view(vpc) if not vpc.removed else {"VpcId": vpc_id, "Removed": True}

    def advance_vpc(self, vpc_id: str) -> Optional[Dict[str, Any]]:
        with self.emulator.lock:
            now = self.emulator.now()
            vpc = self.network.vpc(vpc_id, now)
            if vpc is None:
                return None
            self.network.force_complete(vpc, now)
            return self._vpc_view(vpc) if not vpc.removed else {"VpcId": vpc_id, "Removed": True}

    # -- vSwitches and route tables -----------------------------------------------------------
    def vswitches(self) -> List[Dict[str, Any]]:
        with self.emulator.lock:
            return [vswitch.to_api(vpc, vpc.tables[vswitch.route_table_id].table_type)
                    for vpc in self.network.all_vpcs(self.emulator.now()) for vswitch in vpc.vswitches.values()]

    def add_vswitch(self, spec: Dict[str, Any]) -> Dict[str, Any]:
        """VpcId and CidrBlock; VSwitchId, ZoneId, VSwitchName, Status and RouteTableId optional."""
        with self.emulator.lock:
            now = self.emulator.now()
            vpc = self._existing_vpc(spec)
            vswitch = self.network.add_vswitch(vpc, spec.get("VSwitchId") or new_id("vsw"), str(spec["CidrBlock"]),
                                               str(spec.get("ZoneId") or vpc.region_id + "-a"), now,
                                               name=str(spec.get("VSwitchName") or ""), status=spec.get("Status") or "Available",
                                               route_table_id=spec.get("RouteTableId"))
            return vswitch.to_api(vpc, vpc.tables[vswitch.route_table_id].table_type)

    def patch_vswitch(self, vswitch_id: str, spec: Dict[str, Any]) -> Optional[Dict[str, Any]]:
        """Status (Pending or Available), VSwitchName, RouteTableId (a table of the same VPC)."""
        with self.emulator.lock:
            for vpc in self.network.all_vpcs(self.emulator.now()):
                vswitch = vpc.vswitches.get(vswitch_id)
                if vswitch is None:
                    continue
                if spec.get("Status", vswitch.status) not in ("Pending", "Available"):
                    raise ValueError("a vSwitch's Status must be Pending or Available")
                if spec.get("RouteTableId", vswitch.route_table_id) not in vpc.tables:
                    raise ValueError("route table %s is not in %s" % (spec["RouteTableId"], vpc.vpc_id))
                vswitch.status = spec.get("Status", vswitch.status)
                vswitch.name = str(spec.get("VSwitchName", vswitch.name))
                vswitch.route_table_id = spec.get("RouteTableId", vswitch.route_table_id)
                return vswitch.to_api(vpc, vpc.tables[vswitch.route_table_id].table_type)
            return None

    def route_tables(self) -> List[Dict[str, Any]]:
        with self.emulator.lock:
            return [self._table_view(vpc, table) for vpc in self.network.all_vpcs(self.emulator.now())
                    for table in vpc.tables.values()]

    def route_table(self, table_id: str) -> Optional[Dict[str, Any]]:
        with self.emulator.lock:
            found = self.network.table(table_id, self.emulator.now())
            return self._table_view(*found) if found else None

    @staticmethod
    def _table_view(vpc: Vpc, table: Any) -> Dict[str, Any]:
        view = table.to_api(vpc)
        view.update(RegionId=vpc.region_id, EntryCount=len(table.entries), CustomEntryCount=len(table.custom_entries()))
        return view

    def add_route_table(self, spec: Dict[str, Any]) -> Dict[str, Any]:
        """A Custom table: VpcId; RouteTableId, RouteTableName, Description, Status and VSwitchIds optional."""
        with self.emulator.lock:
            now = self.emulator.now()
            vpc = self._existing_vpc(spec)
            table = self.network.add_table(vpc, spec.get("RouteTableId") or new_id("vtb"), "Custom", now,
                                           name=str(spec.get("RouteTableName") or ""), description=str(spec.get("Description") or ""),
                                           status=spec.get("Status") or "Available")
            self._associate(vpc, table.route_table_id, spec.get("VSwitchIds") or [])
            return self._table_view(vpc, table)

    def patch_route_table(self, table_id: str, spec: Dict[str, Any]) -> Optional[Dict[str, Any]]:
        """Status (Pending, Available, Deleting), RouteTableName, Description, VSwitchIds (associated from now on)."""
        with self.emulator.lock:
            found = self.network.table(table_id, self.emulator.now())
            if found is None:
                return None
            vpc, table = found
            if spec.get("Status", table.status) not in ("Pending", "Available", "Deleting"):
                raise ValueError("a route table's Status must be Pending, Available or Deleting")
            table.status = spec.get("Status", table.status)
            table.name = str(spec.get("RouteTableName", table.name))
            table.description = str(spec.get("Description", table.description))
            self._associate(vpc, table_id, spec.get("VSwitchIds") or [])
            return self._table_view(vpc, table)

    @staticmethod
    def _associate(vpc: Vpc, table_id: str, vswitch_ids: List[str]) -> None:
        for vswitch_id in vswitch_ids:
            if vswitch_id not in vpc.vswitches:
                raise ValueError("%s has no vSwitch %s" % (vpc.vpc_id, vswitch_id))
            vpc.vswitches[vswitch_id].route_table_id = table_id

    def _existing_vpc(self, spec: Dict[str, Any]) -> Vpc:
        vpc = self.network.vpc(str(spec.get("VpcId") or ""), self.emulator.now())
        if vpc is None:
            raise ValueError("unknown VpcId %r" % spec.get("VpcId"))
        return vpc

    # -- route entries ----------------------------------------------------------------------
    def route_entries(self, table_id: Optional[str] = None, vpc_id: Optional[str] = None,
                      next_hop_id: Optional[str] = None) -> List[Dict[str, Any]]:
        with self.emulator.lock:
            now = self.emulator.now()
            return [entry.to_admin() for vpc in self.network.all_vpcs(now) for entry in vpc.entries()
                    if (not table_id or entry.route_table_id == table_id) and (not vpc_id or entry.vpc_id == vpc_id)
                    and (not next_hop_id or entry.points_at(next_hop_id))]

    def route_entry(self, entry_id: str) -> Optional[Dict[str, Any]]:
        with self.emulator.lock:
            found = self.network.entry(entry_id, self.emulator.now())
            return found[1].to_admin() if found else None

    def seed_route_entry(self, spec: Dict[str, Any]) -> Dict[str, Any]:
        """RouteTableId and DestinationCidrBlock; NextHopType/NextHopId (or NextHops: [{NextHopType, NextHopId}]),
        RouteEntryId, RouteEntryName, Description, Type, Origin, ServiceType, Status and Transitions optional."""
        with self.emulator.lock:
            now = self.emulator.now()
            found = self.network.table(str(spec.get("RouteTableId") or ""), now)
            if found is None:
                raise ValueError("unknown RouteTableId %r" % spec.get("RouteTableId"))
            entry_type = spec.get("Type") or "Custom"
            if entry_type not in ENTRY_TYPES:
                raise ValueError("Type must be one of %s" % ", ".join(ENTRY_TYPES))
            entry = self.network.new_entry(
                found[1], str(parse_destination(str(spec["DestinationCidrBlock"]))), self._next_hops(spec, found[0].vpc_id, now), now,
                entry_type=entry_type, origin=spec.get("Origin") or ORIGINS[entry_type], entry_id=spec.get("RouteEntryId"),
                name=str(spec.get("RouteEntryName") or ""), description=str(spec.get("Description") or ""),
                service_type=str(spec.get("ServiceType") or ""))
            self._patch_entry(entry, spec, now)
            return entry.to_admin() if not entry.removed else {"RouteEntryId": entry.route_entry_id, "Removed": True}

    def _next_hops(self, spec: Dict[str, Any], vpc_id: str, now: float) -> List[NextHop]:
        listed = spec.get("NextHops") or ([{"NextHopType": spec.get("NextHopType"), "NextHopId": spec.get("NextHopId")}]
                                          if spec.get("NextHopId") else [])
        hops = []
        for item in listed:
            hop_id = str(item.get("NextHopId") or "")
            hop = NextHop(str(item.get("NextHopType") or ("VpcPeer" if hop_id.startswith("pcc-") else "Instance")), hop_id)
            conn = self.emulator.model.get(hop_id, now) if hop.next_hop_type == "VpcPeer" else None
            if conn is not None:
                hop.related = peer_of(conn, vpc_id)
            hops.append(hop)
        return hops

    def patch_route_entry(self, entry_id: str, spec: Dict[str, Any]) -> Optional[Dict[str, Any]]:
        """RouteEntryName, Description, NextHopType/NextHopId, Transitions; Status restarts the life cycle."""
        with self.emulator.lock:
            now = self.emulator.now()
            found = self.network.entry(entry_id, now)
            if found is None:
                return None
            entry = found[1]
            entry.name = str(spec.get("RouteEntryName", entry.name))
            entry.description = str(spec.get("Description", entry.description))
            if spec.get("NextHopId") or spec.get("NextHops"):
                entry.next_hops = self._next_hops(spec, entry.vpc_id, now)
            self._patch_entry(entry, spec, now)
            return entry.to_admin() if not entry.removed else {"RouteEntryId": entry_id, "Removed": True}

    def _patch_entry(self, entry: RouteEntry, spec: Dict[str, Any], now: float) -> None:
        if "Transitions" in spec:
            entry.transitions = normalize_transitions(spec["Transitions"] or {})
        if "Status" in spec:
            self.network.set_entry_status(entry, spec["Status"], now)

    def delete_route_entry(self, entry_id: str) -> bool:
        """Removed at once, without a Deleting phase."""
        with self.emulator.lock:
            found = self.network.entry(entry_id, self.emulator.now())
            if found is not None:
                self.network.remove_entry(found[1])
            return found is not None

    def retime_route_entry(self, entry_id: str, specs: Dict[str, Any]) -> Optional[Dict[str, Any]]:
        normalized = normalize_transitions(specs)
        with self.emulator.lock:
            now = self.emulator.now()
            found = self.network.entry(entry_id, now)
            if found is None:
                return None
            self.network.retime(found[1], normalized, now)
            return found[1].to_admin() if not found[1].removed else {"RouteEntryId": entry_id, "Removed": True}

    def advance_route_entry(self, entry_id: str) -> Optional[Dict[str, Any]]:
        with self.emulator.lock:
            now = self.emulator.now()
            found = self.network.entry(entry_id, now)
            if found is None:
                return None
            self.network.force_complete(found[1], now)
            return found[1].to_admin() if not found[1].removed else {"RouteEntryId": entry_id, "Removed": True}
