# Copyright (c) alibabacloud.vpcpeer contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Accounts (AliUid), their access keys, VPCs, resource groups and per-account settings.

The VPCs here are the configuration's: what each account has at startup and after a reset. The running
VPCs, with their vRouters, route tables, vSwitches and route entries, are ``network.Network``'s.

All keys here are fake and only valid against the emulator.
"""

from __future__ import annotations

import calendar
import ipaddress
import time
from dataclasses import dataclass, field
from typing import Any, Dict, List, Optional, Tuple

from .ram import READ_ONLY_POLICY, Policy, parse_policies

REQUESTER_UID = 1234567890123456
ACCEPTER_UID = 9876543210987654

REQUESTER_AK = "EMULATOR-AK-REQUESTER"
REQUESTER_SECRET = "emulator-secret-requester"
REQUESTER_RO_AK = "EMULATOR-AK-REQUESTER-RO"
REQUESTER_RO_SECRET = "emulator-secret-requester-ro"
REQUESTER_STS_AK = "STS.EMULATOR-REQUESTER"
REQUESTER_STS_SECRET = "emulator-sts-secret-requester"
REQUESTER_STS_TOKEN = "emulator-sts-token-requester"
ACCEPTER_AK = "EMULATOR-AK-ACCEPTER"
ACCEPTER_SECRET = "emulator-secret-accepter"

REQUESTER_DEFAULT_RG = "rg-emulator-requester-default"
REQUESTER_SECOND_RG = "rg-emulator-requester-2"
ACCEPTER_DEFAULT_RG = "rg-emulator-accepter-default"
ACCEPTER_SECOND_RG = "rg-emulator-accepter-2"

DEFAULT_REGIONS = [
    "cn-hangzhou", "cn-shanghai", "cn-beijing", "cn-shenzhen", "cn-hongkong",
    "ap-southeast-1", "us-west-1", "eu-central-1",
]


def _vpc(ipv4: str, vswitches: List[Tuple[str, str]], ipv6: Optional[str] = None) -> Dict[str, Any]:
    """A default VPC: its CIDR blocks and its vSwitches as (CIDR block, zone)."""
    return {"ipv4_cidrs": [ipv4], "ipv6_cidrs": [ipv6] if ipv6 else [],
            "vswitches": [{"cidr": cidr, "zone": zone} for cidr, zone in vswitches]}


def default_accounts_config() -> Dict[str, Any]:
    """The accounts, keys and regions part of the built-in configuration (a fresh copy)."""
    return {
        "accounts": {
            "requester": {
                "uid": REQUESTER_UID,
                "platinum_enabled": False,
                "bandwidth_quota": 10240,
                "resource_groups": [REQUESTER_DEFAULT_RG, REQUESTER_SECOND_RG],
                "vpcs": {
                    "cn-hangzhou": {
                        "vpc-requester-hz-1": _vpc("10.0.0.0/16", [("10.0.1.0/24", "cn-hangzhou-h"),
                                                                   ("10.0.2.0/24", "cn-hangzhou-i")], "2408:4000:1000::/56"),
                        "vpc-requester-hz-2": _vpc("10.1.0.0/16", [("10.1.1.0/24", "cn-hangzhou-h")]),
                        "vpc-requester-hz-3": _vpc("10.4.0.0/16", [("10.4.1.0/24", "cn-hangzhou-i")]),
                    },
                    "cn-shanghai": {"vpc-requester-sh-1": _vpc("10.2.0.0/16", [("10.2.1.0/24", "cn-shanghai-e")])},
                    "cn-hongkong": {"vpc-requester-hk-1": _vpc("10.3.0.0/16", [("10.3.1.0/24", "cn-hongkong-b")])},
                },
            },
            "accepter": {
                "uid": ACCEPTER_UID,
                "platinum_enabled": False,
                "bandwidth_quota": 10240,
                "resource_groups": [ACCEPTER_DEFAULT_RG, ACCEPTER_SECOND_RG],
                "vpcs": {
                    "cn-hangzhou": {
                        "vpc-accepter-hz-1": _vpc("172.16.0.0/16", [("172.16.1.0/24", "cn-hangzhou-h"),
                                                                    ("172.16.2.0/24", "cn-hangzhou-i")]),
                        "vpc-accepter-hz-2": _vpc("172.18.0.0/16", [("172.18.1.0/24", "cn-hangzhou-h")]),
                    },
                    "cn-shanghai": {"vpc-accepter-sh-1": _vpc("172.17.0.0/16", [("172.17.1.0/24", "cn-shanghai-e")])},
                    "cn-hongkong": {"vpc-accepter-hk-1": _vpc("172.19.0.0/16", [("172.19.1.0/24", "cn-hongkong-b")])},
                },
            },
        },
        "access_keys": {
            REQUESTER_AK: {"secret": REQUESTER_SECRET, "account": "requester"},
            REQUESTER_RO_AK: {"secret": REQUESTER_RO_SECRET, "account": "requester", "read_only": True,
                              "display_name": "emulator-readonly@requester"},
            REQUESTER_STS_AK: {"secret": REQUESTER_STS_SECRET, "account": "requester",
                               "security_token": REQUESTER_STS_TOKEN, "expiration": None,
                               "display_name": "emulator-role/emulator-session"},
            ACCEPTER_AK: {"secret": ACCEPTER_SECRET, "account": "accepter"},
        },
        "regions": list(DEFAULT_REGIONS),
        "link_type_unsupported_regions": ["cn-hongkong"],
    }


def parse_utc(value: str) -> float:
    """``YYYY-MM-DDThh:mm:ssZ`` to epoch seconds (ValueError when malformed)."""
    return float(calendar.timegm(time.strptime(value, "%Y-%m-%dT%H:%M:%SZ")))


def format_utc(epoch: float) -> str:
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(epoch))


# A configured VPC's keys besides its CIDR blocks.
VPC_CONFIG_KEYS = ("name", "description", "vrouter_id", "route_table_id", "is_default", "status", "vswitches", "route_tables")


@dataclass
class RegisteredVSwitch:
    """A vSwitch of a configured VPC: ``{"id": .., "cidr": .., "zone": .., "name": ..}`` (id optional)."""
    vswitch_id: Optional[str]
    cidr_block: str
    zone_id: str
    name: str = ""


@dataclass
class RegisteredRouteTable:
    """A custom route table of a configured VPC: ``{"id": .., "name": .., "vswitch_ids": [..]}``."""
    route_table_id: Optional[str]
    name: str = ""
    description: str = ""
    vswitch_ids: List[str] = field(default_factory=list)


@dataclass
class RegisteredVpc:
    """A VPC of the configuration; ``network.Network`` builds the running VPC from it."""
    vpc_id: str
    region: str
    ipv4_cidrs: List[str] = field(default_factory=list)
    ipv6_cidrs: List[str] = field(default_factory=list)
    name: str = ""
    description: str = ""
    vrouter_id: Optional[str] = None
    route_table_id: Optional[str] = None
    is_default: bool = False
    status: str = "Available"
    vswitches: List[RegisteredVSwitch] = field(default_factory=list)
    route_tables: List[RegisteredRouteTable] = field(default_factory=list)

    @classmethod
    def from_config(cls, vpc_id: str, region: str, spec: Dict[str, Any]) -> "RegisteredVpc":
        """ValueError names a malformed CIDR block or a vSwitch outside the VPC's CIDR blocks."""
        vpc = cls(vpc_id=vpc_id, region=region, ipv4_cidrs=list(spec.get("ipv4_cidrs") or []),
                  ipv6_cidrs=list(spec.get("ipv6_cidrs") or []), name=str(spec.get("name") or ""),
                  description=str(spec.get("description") or ""), vrouter_id=spec.get("vrouter_id"),
                  route_table_id=spec.get("route_table_id"), is_default=bool(spec.get("is_default", False)),
                  status=str(spec.get("status") or "Available"))
        networks = [ipaddress.ip_network(cidr, strict=False) for cidr in vpc.ipv4_cidrs + vpc.ipv6_cidrs]
        for item in spec.get("vswitches") or []:
            vswitch = RegisteredVSwitch(item.get("id"), str(item["cidr"]), str(item.get("zone") or region + "-a"),
                                        str(item.get("name") or ""))
            block = ipaddress.ip_network(vswitch.cidr_block, strict=False)
            if not any(block.version == net.version and block.subnet_of(net) for net in networks):  # type: ignore[arg-type]
                raise ValueError("vSwitch %s of %s is outside the VPC's CIDR blocks" % (vswitch.cidr_block, vpc_id))
            vpc.vswitches.append(vswitch)
        named = {vswitch.vswitch_id for vswitch in vpc.vswitches if vswitch.vswitch_id}
        for item in spec.get("route_tables") or []:
            table = RegisteredRouteTable(item.get("id"), str(item.get("name") or ""), str(item.get("description") or ""),
                                         list(item.get("vswitch_ids") or []))
            if set(table.vswitch_ids) - named:
                raise ValueError("route table %s of %s names vSwitches it does not have (give them an id)" % (table.route_table_id, vpc_id))
            vpc.route_tables.append(table)
        if vpc.status not in ("Pending", "Available"):
            raise ValueError("the status of VPC %s must be Pending or Available" % vpc_id)
        return vpc


@dataclass
class Account:
    name: str
    uid: int
    platinum_enabled: bool = False
    bandwidth_quota: int = 10240
    resource_groups: List[str] = field(default_factory=list)
    vpcs: Dict[str, Dict[str, RegisteredVpc]] = field(default_factory=dict)

    @property
    def default_resource_group(self) -> str:
        return self.resource_groups[0] if self.resource_groups else "rg-emulator-%d-default" % self.uid

    def vpc(self, region: str, vpc_id: str) -> Optional[RegisteredVpc]:
        return self.vpcs.get(region, {}).get(vpc_id)


@dataclass
class AccessKey:
    access_key_id: str
    secret: str
    account: Account
    read_only: bool = False
    security_token: Optional[str] = None
    expiration: Optional[float] = None  # epoch seconds of emulator time; None = never
    display_name: str = ""
    disabled: bool = False
    # None: the account's own key, allowed everything; else the RAM policies of the user or role (read_only: true
    # stands for ram.READ_ONLY_POLICY when no policy is given).
    policies: Optional[Tuple[Policy, ...]] = None

    @property
    def is_sts(self) -> bool:
        return self.access_key_id.startswith("STS.")

    @property
    def principal_type(self) -> str:
        if self.is_sts:
            return "AssumedRoleUser"
        return "SubUser" if self.policies is not None else "Account"


class AccountRegistry:
    """Read-only lookup tables built from the ``accounts``/``access_keys`` configuration."""

    def __init__(self, config: Dict[str, Any]) -> None:
        self.accounts: Dict[str, Account] = {}
        self.by_uid: Dict[int, Account] = {}
        self.keys: Dict[str, AccessKey] = {}
        for name, spec in (config.get("accounts") or {}).items():
            if spec is None:
                continue
            account = Account(
                name=name,
                uid=int(spec["uid"]),
                platinum_enabled=bool(spec.get("platinum_enabled", False)),
                bandwidth_quota=int(spec.get("bandwidth_quota", 10240)),
                resource_groups=list(spec.get("resource_groups") or []),
            )
            for region, vpcs in (spec.get("vpcs") or {}).items():
                for vpc_id, vpc_spec in (vpcs or {}).items():
                    if vpc_spec is None:
                        continue
                    account.vpcs.setdefault(region, {})[vpc_id] = RegisteredVpc.from_config(vpc_id, region, vpc_spec)
            self.accounts[name] = account
            self.by_uid[account.uid] = account
        vpc_ids = [vpc_id for account in self.accounts.values() for region in account.vpcs.values() for vpc_id in region]
        named = vpc_ids + [item.vswitch_id or "" for account in self.accounts.values() for region in account.vpcs.values()
                           for vpc in region.values() for item in vpc.vswitches if item.vswitch_id]
        if len(named) != len(set(named)):
            raise ValueError("an id of a VPC or vSwitch is configured twice: %s" % sorted({v for v in named if named.count(v) > 1}))
        for key_id, spec in (config.get("access_keys") or {}).items():
            if spec is None:
                continue
            self.keys[key_id] = self.make_key(key_id, spec)

    def account(self, ref: Any) -> Optional[Account]:
        """An account by name or AliUid (int or decimal string)."""
        if isinstance(ref, str) and ref in self.accounts:
            return self.accounts[ref]
        try:
            return self.by_uid.get(int(ref))
        except (TypeError, ValueError):
            return None

    def make_key(self, key_id: str, spec: Dict[str, Any]) -> AccessKey:
        account = self.account(spec.get("account"))
        if account is None:
            raise ValueError("access key %s refers to unknown account %r" % (key_id, spec.get("account")))
        expiration = spec.get("expiration")
        if isinstance(expiration, str):
            expiration = parse_utc(expiration)
        read_only = bool(spec.get("read_only", False))
        policy = spec.get("policy")
        if policy is None and read_only:
            policy = {"PolicyName": "read-only", "PolicyDocument": READ_ONLY_POLICY}
        return AccessKey(
            access_key_id=key_id,
            secret=str(spec["secret"]),
            account=account,
            read_only=read_only,
            security_token=spec.get("security_token"),
            expiration=float(expiration) if expiration is not None else None,
            display_name=str(spec.get("display_name") or key_id),
            disabled=bool(spec.get("disabled", False)),
            policies=parse_policies(policy, key_id) if policy is not None else None,
        )
