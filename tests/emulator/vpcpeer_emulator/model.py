# Copyright (c) alibabacloud.vpcpeer contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Peering connections, their life cycle, and the store keyed by (owner AliUid, region).

The life cycle is the lazy one of ``lifecycle`` (no timer threads). The connections' phases:
  create  Creating  -> Activated (same account) or Accepting (cross-account, then ``expire`` runs)
  accept  Updating  -> Activated
  modify  Updating  -> Activated
  delete  Deleting  -> Deleted (then ``deleted`` runs)
  deleted Deleted   -> removed (then ResourceNotFound.InstanceId)
  expire  Accepting -> Expired
A read is a Get, or a List that selects the connection. What reads show of a Modify in flight is in
``visibility``.
"""

from __future__ import annotations

import copy
import itertools
import random
import secrets
import string
from dataclasses import dataclass, field
from typing import Any, Callable, Dict, Iterator, List, Optional, Tuple

from .accounts import format_utc, parse_utc
from .lifecycle import SEVEN_DAYS, LifeCycle, Pending, draw_seconds, normalize_transitions, resource_rng
from .visibility import (
    OPENS_AT_ACTIVATION, OPENS_AT_MODIFY, ReplicaLag, lag_rules, printable, read_overrides, shown_version,
)

STATUSES = ("Creating", "Accepting", "Updating", "Activated", "Rejected", "Expired", "Deleting", "Deleted")
BIZ_STATUSES = ("Normal", "FinancialLocked")
LINK_TYPES = ("Platinum", "Gold")
CROSS_REGION_DEFAULT_BANDWIDTH = 1024
CROSS_REGION_DEFAULT_LINK_TYPE = "Gold"
SAME_REGION_BANDWIDTH = -1

_ID_ALPHABET = string.ascii_lowercase + string.digits


def new_instance_id() -> str:
    return "pcc-" + "".join(secrets.choice(_ID_ALPHABET) for _index in range(22))


@dataclass
class VpcEnd:
    vpc_id: str
    ipv4_cidrs: List[str] = field(default_factory=list)
    ipv6_cidrs: List[str] = field(default_factory=list)

    def to_api(self) -> Dict[str, Any]:
        return {"VpcId": self.vpc_id, "Ipv4Cidrs": list(self.ipv4_cidrs), "Ipv6Cidrs": list(self.ipv6_cidrs)}


@dataclass
class AccountView:
    """What one party of the connection attaches to it: its resource group and its tags."""
    resource_group_id: str
    tags: Dict[str, str] = field(default_factory=dict)


@dataclass
class Connection:
    instance_id: str
    seq: int
    owner_uid: int
    region_id: str
    vpc: VpcEnd
    accepting_uid: int
    accepting_region_id: str
    accepting_vpc: VpcEnd
    name: str = ""
    description: str = ""
    bandwidth: int = SAME_REGION_BANDWIDTH
    link_type: str = ""
    status: str = "Creating"
    biz_status: str = "Normal"
    managed_service: str = ""
    gmt_create: float = 0.0
    gmt_modified: float = 0.0
    gmt_expired: Optional[float] = None
    views: Dict[int, AccountView] = field(default_factory=dict)
    pending: Optional[Pending] = None
    transitions: Dict[str, Dict[str, Any]] = field(default_factory=dict)
    before_modify: Dict[str, Any] = field(default_factory=dict)  # field values before the running Modify
    lags: List[ReplicaLag] = field(default_factory=list)
    rng: random.Random = field(default_factory=random.Random, repr=False, compare=False)
    removed: bool = False

    @property
    def same_region(self) -> bool:
        return self.region_id == self.accepting_region_id

    @property
    def cross_account(self) -> bool:
        return self.owner_uid != self.accepting_uid

    def is_party(self, uid: int) -> bool:
        return uid in (self.owner_uid, self.accepting_uid)

    def visible_in_region(self, uid: int, region: str) -> bool:
        """Whether ``uid`` sees this connection when it names ``region`` (its own side's region)."""
        return (uid == self.owner_uid and region == self.region_id) or (uid == self.accepting_uid and region == self.accepting_region_id)

    def region_for(self, uid: int) -> str:
        return self.region_id if uid == self.owner_uid else self.accepting_region_id

    def view(self, uid: int) -> AccountView:
        if uid not in self.views:
            owner_view = self.views.get(self.owner_uid)
            self.views[uid] = AccountView(resource_group_id=owner_view.resource_group_id if owner_view else "")
        return self.views[uid]

    @property
    def vpc_ids(self) -> Tuple[str, str]:
        return self.vpc.vpc_id, self.accepting_vpc.vpc_id

    def joins(self, vpc_a: str, vpc_b: str) -> bool:
        return {self.vpc.vpc_id, self.accepting_vpc.vpc_id} == {vpc_a, vpc_b}

    def snapshot(self) -> "Connection":
        copied = copy.copy(self)
        copied.vpc = copy.deepcopy(self.vpc)
        copied.accepting_vpc = copy.deepcopy(self.accepting_vpc)
        copied.views = copy.deepcopy(self.views)
        copied.pending = None
        copied.before_modify = {}
        copied.lags = []
        copied.transitions = {}
        return copied

    def to_api(self, viewer_uid: int) -> Dict[str, Any]:
        """The connection as Get/List return it to ``viewer_uid`` (fields of the SDK models)."""
        view = self.views.get(viewer_uid) or self.views.get(self.owner_uid) or AccountView("")
        result: Dict[str, Any] = {
            "InstanceId": self.instance_id,
            "Name": self.name,
            "Description": self.description,
            "Status": self.status,
            "BizStatus": self.biz_status,
            "Bandwidth": self.bandwidth,
            "LinkType": self.link_type,
            "RegionId": self.region_id,
            "OwnerId": self.owner_uid,
            "AcceptingOwnerUid": self.accepting_uid,
            "AcceptingRegionId": self.accepting_region_id,
            "Vpc": self.vpc.to_api(),
            "AcceptingVpc": self.accepting_vpc.to_api(),
            "GmtCreate": format_utc(self.gmt_create),
            "GmtModified": format_utc(self.gmt_modified),
            "ResourceGroupId": view.resource_group_id,
            "Tags": [{"Key": key, "Value": value} for key, value in view.tags.items()],
        }
        if self.status in ("Accepting", "Expired") and self.gmt_expired is not None:
            result["GmtExpired"] = format_utc(self.gmt_expired)
        if self.managed_service:
            result["ManagedService"] = self.managed_service
        return result

    def to_admin(self, now: float) -> Dict[str, Any]:
        """The control API's view: the owner's API view plus the emulator's internals."""
        result = self.to_api(self.owner_uid)
        accepter_view = self.views.get(self.accepting_uid)
        if accepter_view is not None and self.cross_account:
            result["AcceptingResourceGroupId"] = accepter_view.resource_group_id
            result["AcceptingTags"] = [{"Key": k, "Value": v} for k, v in accepter_view.tags.items()]
        result["Pending"] = self.pending.to_dict() if self.pending else None
        result["Transitions"] = dict(self.transitions)
        if self.gmt_expired is not None:
            result["GmtExpired"] = format_utc(self.gmt_expired)
        result["ReplicaLags"] = [lag.to_dict() for lag in self.lags if lag.active(now)]
        return result


class Store:
    """Connections keyed by (owner AliUid, region), with an index by instance id."""

    def __init__(self) -> None:
        self.scopes: Dict[Tuple[int, str], Dict[str, Connection]] = {}
        self.index: Dict[str, Tuple[int, str]] = {}
        self._seq = itertools.count(1)

    def next_seq(self) -> int:
        return next(self._seq)

    def add(self, conn: Connection) -> None:
        scope = (conn.owner_uid, conn.region_id)
        self.scopes.setdefault(scope, {})[conn.instance_id] = conn
        self.index[conn.instance_id] = scope

    def remove(self, conn: Connection) -> None:
        conn.removed = True
        scope = self.index.pop(conn.instance_id, None)
        if scope is not None:
            self.scopes.get(scope, {}).pop(conn.instance_id, None)

    def get(self, instance_id: str) -> Optional[Connection]:
        scope = self.index.get(instance_id)
        if scope is None:
            return None
        return self.scopes[scope].get(instance_id)

    def all(self) -> List[Connection]:
        return sorted((conn for scope in self.scopes.values() for conn in scope.values()), key=lambda c: c.seq)

    def __iter__(self) -> Iterator[Connection]:
        return iter(self.all())

    def __len__(self) -> int:
        return len(self.index)


class Model(LifeCycle):
    """The connection store plus the connections' life cycle. Callers hold the emulator lock."""

    def __init__(self, settings: Callable[[], Dict[str, Any]]) -> None:
        super().__init__(settings)
        self.store = Store()

    def reset(self) -> None:
        self.store = Store()

    # -- life cycle -------------------------------------------------------------------------
    def phase_started(self, conn: Connection, now: float) -> None:  # pylint: disable=arguments-renamed
        pending = conn.pending
        if pending is not None and pending.phase == "expire":
            conn.gmt_expired = now + (pending.seconds if pending.mode == "time" else SEVEN_DAYS)

    def complete(self, conn: Connection, at: float) -> None:  # pylint: disable=arguments-renamed
        """Finish the pending phase as of time ``at``."""
        pending = conn.pending
        if pending is None:
            return
        conn.pending = None
        if pending.phase == "deleted":
            self.store.remove(conn)
            return
        conn.status = pending.target
        if pending.phase == "create" and pending.target == "Accepting":
            self.start_phase(conn, "expire", "Expired", at)
        elif pending.phase == "delete":
            # Deleted stays visible to Get and List for the ``deleted`` phase, then the connection is gone.
            self.start_phase(conn, "deleted", "", at)
        elif pending.phase == "modify":
            before, conn.before_modify = conn.before_modify, {}
            self.open_lags(conn, OPENS_AT_ACTIVATION, before, at)
        elif pending.phase == "expire":
            conn.gmt_modified = at

    def observe(self, conn: Connection, now: float) -> Optional[Connection]:
        """One Get/List read: advance the life cycle, count the read, pick the version to show.

        Returns None when the connection is gone; while a Modify's values are not all visible yet
        (see ``visibility``), a copy with the old values put back.
        """
        self.advance(conn, now)
        self.count_read(conn, now)
        if conn.removed:
            return None
        return shown_version(conn, read_overrides(conn, self.deferred_fields(), now, count=True))

    def deferred_fields(self) -> List[str]:
        return list((self.settings().get("visibility") or {}).get("deferred_fields") or [])

    def modify_started(self, conn: Connection, before: Dict[str, Any], now: float) -> None:
        """A Modify was accepted: remember the old values for reads, open the lags that start now."""
        conn.before_modify = before
        self.open_lags(conn, OPENS_AT_MODIFY, before, now)

    def open_lags(self, conn: Connection, opens: str, before: Dict[str, Any], at: float) -> None:
        for rule in lag_rules(self.settings()):
            if rule.opens == opens:
                conn.lags.append(ReplicaLag.open(rule, before, at, draw_seconds(rule.seconds, conn.rng)))

    def admin_view(self, conn: Connection, now: float) -> Dict[str, Any]:
        """The control API's view, plus the old values the next read would show (without counting it)."""
        result = conn.to_admin(now)
        overrides = read_overrides(conn, self.deferred_fields(), now, count=False)
        result["ReadOverrides"] = printable(overrides) if overrides else None
        return result

    # -- lookups ----------------------------------------------------------------------------
    def get(self, instance_id: str, now: float) -> Optional[Connection]:
        """A connection with its time-based phases advanced (no read counted)."""
        conn = self.store.get(instance_id)
        if conn is None:
            return None
        self.advance(conn, now)
        return None if conn.removed else conn

    def connections(self, now: float) -> List[Connection]:
        result = []
        for conn in self.store.all():
            self.advance(conn, now)
            if not conn.removed:
                result.append(conn)
        return result

    # -- creation ---------------------------------------------------------------------------
    def new_connection(self, *, owner_uid: int, region_id: str, vpc: VpcEnd, accepting_uid: int,
                       accepting_region_id: str, accepting_vpc: VpcEnd, now: float,
                       instance_id: Optional[str] = None) -> Connection:
        same_region = region_id == accepting_region_id
        conn = Connection(
            instance_id=instance_id or new_instance_id(),
            seq=self.store.next_seq(),
            owner_uid=owner_uid, region_id=region_id, vpc=vpc,
            accepting_uid=accepting_uid, accepting_region_id=accepting_region_id, accepting_vpc=accepting_vpc,
            bandwidth=SAME_REGION_BANDWIDTH if same_region else CROSS_REGION_DEFAULT_BANDWIDTH,
            link_type="" if same_region else CROSS_REGION_DEFAULT_LINK_TYPE,
            gmt_create=now, gmt_modified=now,
        )
        conn.rng = resource_rng(self.settings().get("seed", 0), conn.seq)
        return conn

    def seed(self, spec: Dict[str, Any], defaults: Dict[str, Any], now: float) -> Connection:
        """A connection from a control-API body in API field names (any status)."""
        def vpc_end(prefix: str, uid: int, region: str, exclude: Optional[str]) -> VpcEnd:
            nested = spec.get(prefix) or {}
            base = defaults["vpc"](uid, region, spec.get(prefix + "Id") or nested.get("VpcId"), exclude)
            return VpcEnd(vpc_id=base.vpc_id, ipv4_cidrs=list(nested.get("Ipv4Cidrs", base.ipv4_cidrs)),
                          ipv6_cidrs=list(nested.get("Ipv6Cidrs", base.ipv6_cidrs)))

        owner_uid = int(spec.get("OwnerId") or defaults["owner_uid"])
        accepting_uid = int(spec.get("AcceptingOwnerUid") or spec.get("AcceptingAliUid") or owner_uid)
        region_id = spec.get("RegionId") or defaults["region_id"]
        accepting_region_id = spec.get("AcceptingRegionId") or region_id
        instance_id = spec.get("InstanceId")
        if instance_id and self.store.get(instance_id) is not None:
            raise ValueError("connection %s already exists" % instance_id)
        vpc = vpc_end("Vpc", owner_uid, region_id, None)
        accepting_vpc = vpc_end("AcceptingVpc", accepting_uid, accepting_region_id, vpc.vpc_id)
        conn = self.new_connection(
            owner_uid=owner_uid, region_id=region_id, vpc=vpc,
            accepting_uid=accepting_uid, accepting_region_id=accepting_region_id, accepting_vpc=accepting_vpc,
            now=now, instance_id=instance_id,
        )
        if "GmtCreate" in spec:
            conn.gmt_create = parse_utc(spec["GmtCreate"])
        conn.gmt_modified = parse_utc(spec["GmtModified"]) if "GmtModified" in spec else conn.gmt_create
        conn.views[owner_uid] = AccountView(resource_group_id=spec.get("ResourceGroupId") or defaults["resource_group"](owner_uid))
        if accepting_uid != owner_uid:
            conn.views[accepting_uid] = AccountView(
                resource_group_id=spec.get("AcceptingResourceGroupId") or defaults["resource_group"](accepting_uid))
        if spec.get("Transitions"):
            conn.transitions = normalize_transitions(spec["Transitions"])
        self.store.add(conn)
        status = spec.get("Status") or "Activated"
        self.patch(conn, {k: v for k, v in spec.items() if k != "Status"}, now)
        self.set_status(conn, status, now)
        if spec.get("GmtExpired"):
            conn.gmt_expired = parse_utc(spec["GmtExpired"])
            pending = conn.pending
            if pending is not None and pending.phase == "expire" and pending.mode == "time":
                # An explicit expiry date moves the Accepting -> Expired deadline with it.
                pending.seconds = max(0.0, conn.gmt_expired - pending.started)
                self.advance(conn, now)
        return conn

    def patch(self, conn: Connection, spec: Dict[str, Any], now: float) -> None:
        """Change stored fields directly (control API); ValueError on bad values."""
        if "Name" in spec:
            conn.name = str(spec["Name"])
        if "Description" in spec:
            conn.description = str(spec["Description"])
        if "Bandwidth" in spec:
            conn.bandwidth = int(spec["Bandwidth"])
        if "LinkType" in spec:
            conn.link_type = str(spec["LinkType"] or "")
        if "BizStatus" in spec:
            if spec["BizStatus"] not in BIZ_STATUSES:
                raise ValueError("BizStatus must be one of %s" % ", ".join(BIZ_STATUSES))
            conn.biz_status = spec["BizStatus"]
        if "ManagedService" in spec:
            conn.managed_service = str(spec["ManagedService"] or "")
        if "ResourceGroupId" in spec and spec["ResourceGroupId"]:
            conn.view(conn.owner_uid).resource_group_id = spec["ResourceGroupId"]
        if "AcceptingResourceGroupId" in spec and spec["AcceptingResourceGroupId"]:
            conn.view(conn.accepting_uid).resource_group_id = spec["AcceptingResourceGroupId"]
        if "Tags" in spec:
            conn.view(conn.owner_uid).tags = tags_from_spec(spec["Tags"])
        if "AcceptingTags" in spec:
            conn.view(conn.accepting_uid).tags = tags_from_spec(spec["AcceptingTags"])
        if "GmtExpired" in spec:
            conn.gmt_expired = parse_utc(spec["GmtExpired"]) if spec["GmtExpired"] else None
        if "Transitions" in spec:
            conn.transitions = normalize_transitions(spec["Transitions"] or {})
        if "Status" in spec:
            self.set_status(conn, spec["Status"], now)

    def set_status(self, conn: Connection, status: str, now: float) -> None:
        """Put a connection into ``status``; transitional statuses start their phase."""
        if status not in STATUSES:
            raise ValueError("Status must be one of %s" % ", ".join(STATUSES))
        conn.pending = None
        conn.before_modify = {}
        conn.lags = []
        conn.status = status
        if status == "Creating":
            self.start_phase(conn, "create", "Accepting" if conn.cross_account else "Activated", now)
        elif status == "Accepting":
            self.start_phase(conn, "expire", "Expired", now)
        elif status == "Updating":
            self.start_phase(conn, "modify", "Activated", now)
        elif status == "Deleting":
            self.start_phase(conn, "delete", "Deleted", now)
        elif status == "Deleted":
            self.start_phase(conn, "deleted", "", now)


def tags_from_spec(value: Any) -> Dict[str, str]:
    """Tags given as [{"Key":..,"Value":..}] or {"key": "value"}."""
    if isinstance(value, dict):
        return {str(k): "" if v is None else str(v) for k, v in value.items()}
    result: Dict[str, str] = {}
    for item in value or []:
        result[str(item["Key"])] = "" if item.get("Value") is None else str(item["Value"])
    return result
