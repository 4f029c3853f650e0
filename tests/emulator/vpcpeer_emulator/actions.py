# Copyright (c) alibabacloud.vpcpeer contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The eleven VpcPeer 2022-01-01 actions.

Each handler validates everything first, in the order the service documents (parameters, then
the resource, then its state, then account and region limits), then answers DryRunOperation for
a dry run, and only then changes state. Handlers run under the emulator lock and return the
answer body without RequestId.
"""

from __future__ import annotations

import base64
import binascii
import ipaddress
import json
from typing import Any, Callable, Dict, List, Optional, Tuple

from .accounts import Account
from .calls import ActionSpec, Call
from .errors import api_error
from .model import LINK_TYPES, AccountView, Connection, VpcEnd
from .network import Vpc
from .visibility import FIELD_ATTRIBUTES, field_values
from .wire import Params

RESOURCE_TYPE = "PeerConnection"
MAX_TAGS_PER_RESOURCE = 20
MAX_RESOURCE_IDS = 50
INACTIVE_STATUSES = ("Rejected", "Expired", "Deleted")
# A connection in one of these is being worked on: the service refuses other peering operations on its VPCs.
TRANSITIONAL_STATUSES = ("Creating", "Updating", "Deleting")


# -- validation helpers ---------------------------------------------------------------------

def _starts_with_url(value: str) -> bool:
    return value.startswith("http://") or value.startswith("https://")


def check_modify_text(name: str, value: Optional[str], maximum: int) -> None:
    """Modify's rule for Name/Description: 1..maximum characters, no leading http(s)://."""
    if value is None:
        return
    if not 1 <= len(value) <= maximum or _starts_with_url(value):
        raise api_error("IllegalParam." + name)


def check_create_name(value: Optional[str]) -> None:
    """Create's rule for Name: 2..128 characters, starts with a letter; letters, digits, _ and -."""
    if value is None:
        return
    if not 2 <= len(value) <= 128 or not value[0].isalpha() or _starts_with_url(value):
        raise api_error("IllegalParam.Name")
    if any(not (ch.isalnum() or ch in "_-") for ch in value):
        raise api_error("IllegalParam.Name")


def check_create_description(value: Optional[str]) -> None:
    """Create's rule for Description: 2..256 characters, starts with a letter, no http(s)://."""
    if value is None:
        return
    if not 2 <= len(value) <= 256 or not value[0].isalpha() or _starts_with_url(value):
        raise api_error("IllegalParam.Description")


def check_link_type(value: Optional[str]) -> None:
    if value is not None and value not in LINK_TYPES:
        raise api_error("IllegalParam.LinkType")


def check_region(call: Call, region: str) -> None:
    if region not in (call.settings().get("regions") or []):
        raise api_error("UnsupportedRegion", "VpcPeer", region)


def _system_prefixed(text: str) -> bool:
    """Whether a tag key or value starts with a prefix reserved for system tags (case-insensitive)."""
    lowered = text.lower()
    return lowered.startswith("aliyun") or lowered.startswith("acs:")


def check_tags(pairs: List[Tuple[str, Optional[str]]]) -> None:
    """The tag rules: at most 20, valid keys and values, no system prefixes, no duplicates."""
    if len(pairs) > MAX_TAGS_PER_RESOURCE:
        raise api_error("NumberExceed.Tags")
    seen = set()
    for key, value in pairs:
        if not key or len(key) > 128 or "http://" in key or "https://" in key:
            raise api_error("IllegalParam.TagKey")
        if _system_prefixed(key):
            raise api_error("Forbidden.TagKeys")
        if key in seen:
            raise api_error("Forbidden.TagKey.Duplicated")
        seen.add(key)
        if value is not None and (len(value) > 128 or "http://" in value or "https://" in value or _system_prefixed(value)):
            raise api_error("IllegalParam.TagValue")


def check_link_type_rules(call: Call, regions: Tuple[str, str], link_type: Optional[str], bandwidth: Optional[int]) -> None:
    """Region and account limits on LinkType and Bandwidth, shared by Create and Modify."""
    if link_type is not None:
        unsupported = call.settings().get("link_type_unsupported_regions") or []
        if regions[0] in unsupported or regions[1] in unsupported:
            raise api_error("OperationFailed.RegionIdNotSupportLinkType")
        if link_type == "Platinum" and not call.account.platinum_enabled:
            raise api_error("OperationFailed.SpecificLinkTypeNotSupported")
    if bandwidth is not None and bandwidth > call.account.bandwidth_quota:
        raise api_error("QuotaExceeded.Bandwidth")


def dry_run_passed() -> None:
    raise api_error("DryRunOperation")


def check_no_conflict(call: Call, vpc_ids: Tuple[str, str], dry_run: bool, changed: Optional[Connection] = None) -> None:
    """Conflict.Operation when another connection on either VPC is Creating, Updating or Deleting.

    The last check before DryRun: parameters and the connection's own status are checked first.
    ``conflicts.dry_run: false`` lets a dry run pass without this check.
    """
    rule = call.settings().get("conflicts") or {}
    if not rule.get("enabled", True) or (dry_run and not rule.get("dry_run", True)):
        return
    for other in call.model.connections(call.now):
        if other is changed or other.status not in TRANSITIONAL_STATUSES:
            continue
        if other.vpc.vpc_id in vpc_ids or other.accepting_vpc.vpc_id in vpc_ids:
            raise api_error("Conflict.Operation")


def refuse_deleted(conn: Connection) -> None:
    """A Deleted connection is still shown for a while, but nothing may change it any more."""
    if conn.status == "Deleted":
        raise api_error("IncorrectStatus.VpcPeer", conn.instance_id, conn.status)


def visible_connection(call: Call, instance_id: str) -> Connection:
    """The connection if the caller owns or accepts it, else ResourceNotFound.InstanceId."""
    conn = call.model.get(instance_id, call.now)
    if conn is None or not conn.is_party(call.uid):
        raise api_error("ResourceNotFound.InstanceId", instance_id)
    return conn


def with_next_token(call: Call, body: Dict[str, Any], next_token: Optional[str]) -> Dict[str, Any]:
    """``body`` plus NextToken. On the last page NextToken is left out, or "" with
    ``paging.last_page_next_token: "empty"``: clients must treat both as the end."""
    if next_token:
        body["NextToken"] = next_token
    elif (call.settings().get("paging") or {}).get("last_page_next_token") == "empty":
        body["NextToken"] = ""
    return body


def encode_token(kind: str, value: int) -> str:
    raw = json.dumps({"k": kind, "v": value}, separators=(",", ":")).encode("utf-8")
    return base64.urlsafe_b64encode(raw).decode("ascii").rstrip("=")


def decode_token(kind: str, token: Optional[str], catalogue: Optional[Dict[str, Tuple[int, str, str]]] = None) -> int:
    """The position an ``encode_token`` cursor holds; IllegalParam.NextToken (worded from ``catalogue``) otherwise."""
    if not token:
        return 0
    try:
        raw = base64.urlsafe_b64decode(token + "=" * (-len(token) % 4))
        data = json.loads(raw.decode("utf-8"))
        if data["k"] != kind or not isinstance(data["v"], int) or data["v"] < 0:
            raise ValueError(token)
        return data["v"]
    except (ValueError, KeyError, TypeError, binascii.Error, UnicodeDecodeError):
        raise api_error("IllegalParam.NextToken", catalogue=catalogue) from None


def peered_vpcs(call: Call, requester: Tuple[str, str], accepting_uid: int, accepting: Tuple[str, str]) -> Tuple[Vpc, Account, Vpc]:
    """The two VPCs of a Create, given as (region, VPC id), and the accepting account; refuses unknown VPCs,
    a VPC peered with itself and overlapping CIDR blocks. VPCs are the running ones (CreateVpc adds, DeleteVpc removes)."""
    vpc = call.network.owned_vpc(call.uid, requester[1], call.now, region=requester[0])
    if vpc is None:
        raise api_error("ResourceNotFound.VpcId", requester[1])
    accepter = call.emulator.registry.account(accepting_uid)
    accepting_vpc = call.network.owned_vpc(accepter.uid, accepting[1], call.now, region=accepting[0]) if accepter else None
    if accepter is None or accepting_vpc is None:
        raise api_error("ResourceNotFound.AcceptingVpcId", accepting[1])
    if accepter.uid == call.uid and accepting == requester:
        raise api_error("IllegalParam.AcceptingVpcId")
    check_cidrs_apart(call, vpc, accepting_vpc)
    return vpc, accepter, accepting_vpc


def check_not_peered(call: Call, vpc_id: str, accepting_vpc_id: str) -> None:
    """ResourceAlreadyExist.VpcPeer: a live connection (Deleting included) already joins the two VPCs."""
    for other in call.model.connections(call.now):
        if other.status not in INACTIVE_STATUSES and other.joins(vpc_id, accepting_vpc_id):
            raise api_error("ResourceAlreadyExist.VpcPeer", other.instance_id)


def check_cidrs_apart(call: Call, vpc: Vpc, accepting_vpc: Vpc) -> None:
    """The IPv4 CIDR blocks of the two VPCs must not overlap (``cidr_overlap.enabled``)."""
    if not (call.settings().get("cidr_overlap") or {}).get("enabled", True):
        return
    for cidr in vpc.ipv4_cidrs:
        for accepting_cidr in accepting_vpc.ipv4_cidrs:
            if ipaddress.ip_network(cidr, strict=False).overlaps(ipaddress.ip_network(accepting_cidr, strict=False)):
                raise api_error("OperationFailed.VpcCidrOverlap", vpc.vpc_id, accepting_vpc.vpc_id)


# -- connection actions ---------------------------------------------------------------------

def create_vpc_peer_connection(call: Call) -> Dict[str, Any]:
    p = call.params
    region_id = p.text("RegionId", required=True)
    vpc_id = p.text("VpcId", required=True)
    accepting_uid = p.integer("AcceptingAliUid", required=True, minimum=1)
    accepting_region_id = p.text("AcceptingRegionId", required=True)
    accepting_vpc_id = p.text("AcceptingVpcId", required=True)
    name = p.text("Name")
    description = p.text("Description")
    check_create_name(name)
    check_create_description(description)
    bandwidth = p.integer("Bandwidth", minimum=1)
    link_type = p.text("LinkType")
    check_link_type(link_type)
    resource_group_id = p.text("ResourceGroupId")
    tags = p.tags("Tag")
    check_tags(tags)
    dry_run = p.boolean("DryRun")

    check_region(call, region_id)
    check_region(call, accepting_region_id)
    vpc, accepter, accepting_vpc = peered_vpcs(call, (region_id, vpc_id), accepting_uid, (accepting_region_id, accepting_vpc_id))
    same_region = region_id == accepting_region_id
    if same_region and bandwidth is not None:
        raise api_error("OperationFailed.BandwidthCannotBeChangedInSameRegion")
    if same_region and link_type is not None:
        raise api_error("OperationFailed.InterRegionLinkTypeNotSupported")
    check_link_type_rules(call, (region_id, accepting_region_id), link_type, bandwidth)
    if resource_group_id is not None and resource_group_id not in call.account.resource_groups:
        raise api_error("OperationFailed.NotExist.ResourceGroup")
    check_not_peered(call, vpc_id, accepting_vpc_id)
    check_no_conflict(call, (vpc_id, accepting_vpc_id), dry_run)
    if dry_run:
        dry_run_passed()

    conn = call.model.new_connection(
        owner_uid=call.uid, region_id=region_id,
        vpc=VpcEnd(vpc.vpc_id, list(vpc.ipv4_cidrs), list(vpc.ipv6_cidrs)),
        accepting_uid=accepter.uid, accepting_region_id=accepting_region_id,
        accepting_vpc=VpcEnd(accepting_vpc.vpc_id, list(accepting_vpc.ipv4_cidrs), list(accepting_vpc.ipv6_cidrs)),
        now=call.now,
    )
    conn.name = name or ""
    conn.description = description or ""
    if bandwidth is not None:
        conn.bandwidth = bandwidth
    if link_type is not None:
        conn.link_type = link_type
    conn.views[call.uid] = AccountView(resource_group_id=resource_group_id or call.account.default_resource_group,
                                       tags={key: value or "" for key, value in tags})
    if accepter.uid != call.uid:
        conn.views[accepter.uid] = AccountView(resource_group_id=accepter.default_resource_group)
    conn.status = "Creating"
    call.model.store.add(conn)
    call.model.start_phase(conn, "create", "Accepting" if conn.cross_account else "Activated", call.now)
    return {"InstanceId": conn.instance_id}


def accept_vpc_peer_connection(call: Call) -> Dict[str, Any]:
    p = call.params
    instance_id = p.text("InstanceId", required=True)
    resource_group_id = p.text("ResourceGroupId")
    tags = p.tags("Tag")
    check_tags(tags)
    dry_run = p.boolean("DryRun")
    conn = visible_connection(call, instance_id)
    if call.uid != conn.accepting_uid:
        raise api_error("Forbidden.NoPermission", instance_id)
    if conn.biz_status != "Normal":
        raise api_error("IncorrectBusinessStatus.VpcPeer", instance_id, conn.biz_status)
    if conn.status != "Accepting":
        raise api_error("IncorrectStatus.VpcPeer", instance_id, conn.status)
    if resource_group_id is not None and resource_group_id not in call.account.resource_groups:
        raise api_error("OperationFailed.NotExist.ResourceGroup")
    view = conn.view(call.uid)
    merged = dict(view.tags)
    merged.update({key: value or "" for key, value in tags})
    if len(merged) > MAX_TAGS_PER_RESOURCE:
        raise api_error("NumberExceed.Tags")
    check_no_conflict(call, conn.vpc_ids, dry_run, conn)
    if dry_run:
        dry_run_passed()
    if resource_group_id is not None:
        view.resource_group_id = resource_group_id
    view.tags = merged
    conn.status = "Updating"
    conn.gmt_modified = call.now
    call.model.start_phase(conn, "accept", "Activated", call.now)
    return {}


def reject_vpc_peer_connection(call: Call) -> Dict[str, Any]:
    p = call.params
    instance_id = p.text("InstanceId", required=True)
    dry_run = p.boolean("DryRun")
    conn = visible_connection(call, instance_id)
    if call.uid != conn.accepting_uid:
        raise api_error("Forbidden.NoPermission", instance_id)
    if conn.status != "Accepting":
        raise api_error("IncorrectStatus.VpcPeer", instance_id, conn.status)
    check_no_conflict(call, conn.vpc_ids, dry_run, conn)
    if dry_run:
        dry_run_passed()
    conn.pending = None
    conn.status = "Rejected"
    conn.gmt_modified = call.now
    return {}


def modify_vpc_peer_connection(call: Call) -> Dict[str, Any]:
    p = call.params
    instance_id = p.text("InstanceId", required=True)
    name = p.text("Name")
    description = p.text("Description")
    check_modify_text("Name", name, 128)
    check_modify_text("Description", description, 256)
    bandwidth = p.integer("Bandwidth", minimum=1)
    link_type = p.text("LinkType")
    check_link_type(link_type)
    dry_run = p.boolean("DryRun")
    changes = {field_name: value for field_name, value in
               (("Name", name), ("Description", description), ("Bandwidth", bandwidth), ("LinkType", link_type)) if value is not None}
    # The API page makes every field optional and says nothing of a Modify that changes nothing.
    without_changes = call.settings().get("modify_without_changes", "updating") if not changes else None
    if without_changes == "missing_parameter":
        raise api_error("MissingParameter", "Name, Description, Bandwidth or LinkType")
    conn = visible_connection(call, instance_id)
    if conn.managed_service:
        raise api_error("OperationDenied.ServiceManagedInstance")
    if conn.biz_status != "Normal":
        raise api_error("IncorrectBusinessStatus.VpcPeer", instance_id, conn.biz_status)
    if conn.status != "Activated":
        # The service's guard against concurrent changes of one connection.
        raise api_error("IncorrectStatus.VpcPeer", instance_id, conn.status)
    if conn.same_region and bandwidth is not None:
        raise api_error("OperationFailed.BandwidthCannotBeChangedInSameRegion")
    if conn.same_region and link_type is not None:
        raise api_error("OperationFailed.InterRegionLinkTypeNotSupported")
    check_link_type_rules(call, (conn.region_id, conn.accepting_region_id), link_type, bandwidth)
    check_no_conflict(call, conn.vpc_ids, dry_run, conn)
    if dry_run:
        dry_run_passed()
    if without_changes == "noop":
        return {}
    before = field_values(conn)
    for field_name, value in changes.items():
        setattr(conn, FIELD_ATTRIBUTES[field_name], value)
    conn.status = "Updating"
    conn.gmt_modified = call.now
    call.model.modify_started(conn, before, call.now)
    call.model.start_phase(conn, "modify", "Activated", call.now)
    return {}


def delete_vpc_peer_connection(call: Call) -> Dict[str, Any]:
    p = call.params
    instance_id = p.text("InstanceId", required=True)
    force = p.boolean("Force")
    dry_run = p.boolean("DryRun")
    conn = visible_connection(call, instance_id)
    if conn.managed_service:
        raise api_error("OperationDenied.ServiceManagedInstance")
    if call.uid == conn.owner_uid:
        deletable = ("Activated", "Accepting", "Rejected", "Expired")
    else:
        deletable = ("Activated",)
    if conn.status not in deletable:
        raise api_error("IncorrectStatus.VpcPeer", instance_id, conn.status)
    routes = call.network.entries_to(instance_id, call.now)
    # Entries being deleted still point at the connection until they are gone (``vpc.route_entry_exist_counts_deleting``).
    counts_deleting = (call.settings().get("vpc") or {}).get("route_entry_exist_counts_deleting", True)
    blocking = [entry for entry in routes if counts_deleting or entry.status != "Deleting"]
    if blocking and not force:
        raise api_error("OperationDenied.RouteEntryExist")
    check_no_conflict(call, conn.vpc_ids, dry_run, conn)
    if dry_run:
        dry_run_passed()
    for entry in routes:
        # Force deletes the routes with the connection: each goes through its own Deleting phase.
        if entry.status != "Deleting":
            call.network.set_entry_status(entry, "Deleting", call.now)
    conn.status = "Deleting"
    conn.gmt_modified = call.now
    call.model.start_phase(conn, "delete", "Deleted", call.now)
    return {}


def get_vpc_peer_connection_attribute(call: Call) -> Dict[str, Any]:
    instance_id = call.params.text("InstanceId", required=True)
    conn = call.model.store.get(instance_id)
    shown = None
    if conn is not None and conn.is_party(call.uid):
        shown = call.model.observe(conn, call.now)
    if shown is None:
        raise api_error("ResourceNotFound.InstanceId", instance_id)
    return shown.to_api(call.uid)


def _tag_filter(pairs: List[Tuple[str, Optional[str]]]) -> Callable[[Dict[str, str]], bool]:
    def matches(tags: Dict[str, str]) -> bool:
        for key, value in pairs:
            if key not in tags:
                return False
            if value not in (None, "") and tags[key] != value:
                return False
        return True
    return matches


def list_vpc_peer_connections(call: Call) -> Dict[str, Any]:
    p = call.params
    region_id = p.text("RegionId")
    if region_id:
        check_region(call, region_id)
    instance_id = p.text("InstanceId")
    name = p.text("Name")
    vpc_ids = p.csv("VpcId")
    if len(vpc_ids) > 2:
        raise api_error("IllegalParam.VpcId")
    resource_group_id = p.text("ResourceGroupId")
    tag_pairs = p.tags("Tags")
    if len(tag_pairs) > MAX_TAGS_PER_RESOURCE:
        raise api_error("NumberExceed.Tags")
    max_results = p.integer("MaxResults", minimum=1, maximum=100)
    if max_results is None:
        max_results = 20
    after = decode_token("list", p.text("NextToken"))
    tag_matches = _tag_filter(tag_pairs)

    shown: List[Tuple[Connection, Connection]] = []
    for conn in call.model.connections(call.now):
        if region_id and not conn.visible_in_region(call.uid, region_id):
            continue
        if not region_id and not conn.is_party(call.uid):
            continue
        # Filters on fields that never change run before the read is counted.
        if instance_id and conn.instance_id != instance_id:
            continue
        if vpc_ids and not all(v in (conn.vpc.vpc_id, conn.accepting_vpc.vpc_id) for v in vpc_ids):
            continue
        version = call.model.observe(conn, call.now)
        if version is None:
            continue
        view = version.views.get(call.uid) or version.views.get(version.owner_uid) or AccountView("")
        if name and version.name != name:
            continue
        if resource_group_id and view.resource_group_id != resource_group_id:
            continue
        if tag_pairs and not tag_matches(view.tags):
            continue
        shown.append((conn, version))
    remaining = [(conn, version) for conn, version in shown if conn.seq > after]
    page = remaining[:max_results]
    next_token = encode_token("list", page[-1][0].seq) if len(remaining) > max_results else None
    body = {
        "TotalCount": len(shown),
        "MaxResults": max_results,
        "VpcPeerConnects": [version.to_api(call.uid) for _conn, version in page],
    }
    return with_next_token(call, body, next_token)


# -- tags and resource groups ---------------------------------------------------------------

def _resource_type(p: Params) -> None:
    resource_type = p.text("ResourceType", required=True)
    if resource_type != RESOURCE_TYPE:
        raise api_error("InvalidInstanceType.NotFound", resource_type)


def _tag_targets(call: Call, region_id: str, resource_ids: List[str]) -> List[Connection]:
    if not resource_ids:
        raise api_error("MissingParameter", "ResourceId.1")
    if len(resource_ids) > MAX_RESOURCE_IDS:
        raise api_error("NumberExceed.ResourceIds")
    found, missing = [], []
    for resource_id in resource_ids:
        conn = call.model.get(resource_id, call.now)
        if conn is None or not conn.visible_in_region(call.uid, region_id):
            missing.append(resource_id)
        else:
            found.append(conn)
    if missing:
        raise api_error("InvalidInstanceIds.NotFound")
    for conn in found:
        refuse_deleted(conn)
    return found


def tag_resources(call: Call) -> Dict[str, Any]:
    p = call.params
    region_id = p.text("RegionId", required=True)
    _resource_type(p)
    resource_ids = p.str_list("ResourceId")
    tags = p.tags("Tag")
    if not tags:
        raise api_error("MissingParameter", "Tag.1.Key")
    check_tags(tags)
    check_region(call, region_id)
    targets = _tag_targets(call, region_id, resource_ids)
    for conn in targets:
        merged = dict(conn.view(call.uid).tags)
        merged.update({key: value or "" for key, value in tags})
        if len(merged) > MAX_TAGS_PER_RESOURCE:
            raise api_error("NumberExceed.Tags")
    for conn in targets:
        conn.view(call.uid).tags.update({key: value or "" for key, value in tags})
    return {"Success": True}


def untag_resources(call: Call) -> Dict[str, Any]:
    p = call.params
    region_id = p.text("RegionId", required=True)
    _resource_type(p)
    resource_ids = p.str_list("ResourceId")
    keys = p.str_list("TagKey")
    remove_all = p.boolean("All")
    if not keys and not remove_all:
        raise api_error("MissingParameter", "TagKey.1")
    if len(keys) > MAX_TAGS_PER_RESOURCE:
        raise api_error("NumberExceed.Tags")
    check_region(call, region_id)
    targets = _tag_targets(call, region_id, resource_ids)
    for conn in targets:
        view = conn.view(call.uid)
        if keys:
            for key in keys:
                view.tags.pop(key, None)
        else:
            view.tags.clear()
    return {"Success": True}


def list_tag_resources(call: Call) -> Dict[str, Any]:
    p = call.params
    region_id = p.text("RegionId", required=True)
    _resource_type(p)
    resource_ids = p.str_list("ResourceId")
    tag_pairs = p.tags("Tag")
    if not resource_ids and not tag_pairs:
        raise api_error("BothEmpty.TagsAndResources")
    if len(resource_ids) > MAX_RESOURCE_IDS:
        raise api_error("NumberExceed.ResourceIds")
    if len(tag_pairs) > MAX_TAGS_PER_RESOURCE:
        raise api_error("NumberExceed.Tags")
    category = p.text("Category") or "All"
    if category not in ("All", "Custom", "System"):
        raise api_error("IllegalParam.Category")
    max_results = p.integer("MaxResults", minimum=1, maximum=50)
    if max_results is None:
        max_results = 50
    offset = decode_token("tags", p.text("NextToken"))
    check_region(call, region_id)
    tag_matches = _tag_filter(tag_pairs)
    rows: List[Dict[str, Any]] = []
    for conn in call.model.connections(call.now):
        if not conn.visible_in_region(call.uid, region_id):
            continue
        if resource_ids and conn.instance_id not in resource_ids:
            continue
        tags = conn.view(call.uid).tags
        if tag_pairs and not tag_matches(tags):
            continue
        if category == "System":
            continue  # the emulator has no system tags: acs:/aliyun keys are refused
        for key, value in tags.items():
            rows.append({"ResourceId": conn.instance_id, "ResourceType": RESOURCE_TYPE,
                         "TagKey": key, "TagValue": value, "RegionNo": region_id})
    page = rows[offset:offset + max_results]
    next_token = encode_token("tags", offset + max_results) if offset + max_results < len(rows) else None
    return with_next_token(call, {"MaxResults": max_results, "TagResources": page}, next_token)


def move_resource_group(call: Call) -> Dict[str, Any]:
    p = call.params
    resource_id = p.text("ResourceId", required=True)
    _resource_type(p)
    new_group = p.text("NewResourceGroupId", required=True)
    region_id = p.text("RegionId", required=True)
    check_region(call, region_id)
    conn = call.model.get(resource_id, call.now)
    if conn is None or not conn.visible_in_region(call.uid, region_id):
        raise api_error("ResourceNotFound.VpcPeer")
    refuse_deleted(conn)
    if new_group not in call.account.resource_groups:
        raise api_error("OperationFailed.NotExist.ResourceGroup")
    conn.view(call.uid).resource_group_id = new_group
    return {"Success": True}


ACTIONS: Dict[str, ActionSpec] = {
    "CreateVpcPeerConnection": ActionSpec(create_vpc_peer_connection, client_token=True, dry_run=True),
    "AcceptVpcPeerConnection": ActionSpec(accept_vpc_peer_connection, client_token=True, dry_run=True),
    "RejectVpcPeerConnection": ActionSpec(reject_vpc_peer_connection, client_token=True, dry_run=True),
    "ModifyVpcPeerConnection": ActionSpec(modify_vpc_peer_connection, client_token=True, dry_run=True),
    "DeleteVpcPeerConnection": ActionSpec(delete_vpc_peer_connection, client_token=True, dry_run=True),
    "GetVpcPeerConnectionAttribute": ActionSpec(get_vpc_peer_connection_attribute, read_only=True),
    "ListVpcPeerConnections": ActionSpec(list_vpc_peer_connections, read_only=True),
    "TagResources": ActionSpec(tag_resources, client_token=True),
    "UnTagResources": ActionSpec(untag_resources, client_token=True),
    "ListTagResources": ActionSpec(list_tag_resources, read_only=True),
    "MoveResourceGroup": ActionSpec(move_resource_group),
}
