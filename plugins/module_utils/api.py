# Copyright: (c) 2025, alibabacloud.vpcpeer maintainers
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""The only place that knows the service's field names: one method per action, all through one retry loop.

This module util is PRIVATE to the collection: its interface may change in any release.

Every method takes snake_case keyword arguments; reads return the resource in the snake_case shape the
modules return (``connection_view``), so nothing outside this file ever sees a PascalCase field.
Mutations get a ClientToken made once per logical call and reused on every retry of that call.
``dry_run=True`` sends ``DryRun=true`` without a ClientToken and turns the service's ``DryRunOperation``
answer into ``{'dry_run': True, 'request_id': ...}``; any other answer raises ``ApiError``.
"""

from __future__ import annotations

import contextlib
import os
import re
import uuid
from typing import Any, Callable, Dict, Iterable, Iterator, List, Mapping, Optional

from ansible_collections.alibabacloud.vpcpeer.plugins.module_utils.errors import KIND_API, ApiError
from ansible_collections.alibabacloud.vpcpeer.plugins.module_utils.retry import (
    Backoff,
    Deadline,
    call_with_retry,
)

RESOURCE_TYPE = 'PeerConnection'  # ResourceType of the tag and resource-group actions
DRY_RUN_PASSED = 'DryRunOperation'
LIST_PAGE_SIZE = 100     # ListVpcPeerConnections allows 1-100
NOT_FOUND_CODES = frozenset(('ResourceNotFound.InstanceId', 'ResourceNotFound.VpcPeer'))
# What the SDK reads by itself when it is given no proxy.
SDK_PROXY_VARIABLES = ('HTTP_PROXY', 'http_proxy', 'HTTPS_PROXY', 'https_proxy')


def new_client_token() -> str:
    """A ClientToken: unique per logical call, ASCII, at most 64 characters."""
    return str(uuid.uuid4())


def _without_userinfo(url: str) -> str:
    """A proxy URL fit to print: a user name and password in it are replaced."""
    return re.sub(r'(?<=//)[^/@]*@', '***@', url)


# Client methods whose names do not follow the action's words one by one.
_METHOD_NAMES = {'DescribeVSwitches': 'describe_vswitches'}


def _snake(action: str) -> str:
    return _METHOD_NAMES.get(action) or re.sub(r'(?<!^)(?=[A-Z])', '_', action).lower()


def tag_text(value: Any) -> str:
    """A tag value as the service stores it: a string; None is empty, booleans are spelled ``true``/``false``
    (as Terraform's HCL-to-string conversion does, not Python's ``True``)."""
    if value is None:
        return ''
    if isinstance(value, bool):
        return 'true' if value else 'false'
    return str(value)


def _tag_list(tags: Optional[Mapping[str, Any]]) -> Optional[List[Dict[str, str]]]:
    if tags is None:
        return None
    return [{'Key': str(key), 'Value': tag_text(value)} for key, value in tags.items()]


# -- views ----------------------------------------------------------------------------------------------
def _vpc_view(raw: Any) -> Dict[str, Any]:
    raw = raw if isinstance(raw, Mapping) else {}
    return {
        'vpc_id': raw.get('VpcId'),
        'ipv4_cidrs': list(raw.get('Ipv4Cidrs') or []),
        'ipv6_cidrs': list(raw.get('Ipv6Cidrs') or []),
    }


def _tags_view(raw: Any) -> Dict[str, str]:
    if isinstance(raw, Mapping):  # tolerate the {"Tag": [...]} wrapping of some RPC answers
        raw = raw.get('Tag') or raw.get('Tags') or []
    return {tag.get('Key'): tag_text(tag.get('Value')) for tag in raw or [] if isinstance(tag, Mapping)}


def connection_view(raw: Mapping[str, Any]) -> Dict[str, Any]:
    """A GetVpcPeerConnectionAttribute answer (or ListVpcPeerConnections item) in the modules' snake_case shape."""
    return {
        'instance_id': raw.get('InstanceId'),
        'name': raw.get('Name'),
        'description': raw.get('Description'),
        'status': raw.get('Status'),
        'biz_status': raw.get('BizStatus'),
        'bandwidth': raw.get('Bandwidth'),
        'link_type': raw.get('LinkType'),
        'region_id': raw.get('RegionId'),
        'accepting_region_id': raw.get('AcceptingRegionId'),
        'owner_id': raw.get('OwnerId'),
        'accepting_owner_uid': raw.get('AcceptingOwnerUid'),
        'vpc': _vpc_view(raw.get('Vpc')),
        'accepting_vpc': _vpc_view(raw.get('AcceptingVpc')),
        'gmt_create': raw.get('GmtCreate'),
        'gmt_modified': raw.get('GmtModified'),
        'gmt_expired': raw.get('GmtExpired'),
        'resource_group_id': raw.get('ResourceGroupId'),
        'tags': _tags_view(raw.get('Tags')),
        'managed_service': raw.get('ManagedService'),
    }


def _write_answer(answer: Mapping[str, Any]) -> Dict[str, Any]:
    """A write's answer: its request id, or the dry run's answer as it is."""
    if answer.get('dry_run'):
        return dict(answer)
    return {'request_id': answer.get('RequestId')}


def _dig(answer: Mapping[str, Any], path: str) -> List[Dict[str, Any]]:
    """The list at a dotted ``path`` of an answer (RPC answers wrap lists: ``{"RouteEntrys": {"RouteEntry": []}}``)."""
    value: Any = answer
    for key in path.split('.'):
        value = value.get(key) if isinstance(value, Mapping) else None
    return [item for item in value or [] if isinstance(item, Mapping)]


def _strings(answer: Any, path: str) -> List[str]:
    """The strings at a dotted ``path`` (``SecondaryCidrBlocks.SecondaryCidrBlock``)."""
    value: Any = answer
    for key in path.split('.'):
        value = value.get(key) if isinstance(value, Mapping) else None
    return [str(item) for item in value or [] if isinstance(item, (str, int))]


def vpc_view(raw: Mapping[str, Any]) -> Dict[str, Any]:
    """A VPC (DescribeVpcAttribute or DescribeVpcs item) in snake_case: its IPv4 blocks together in ``cidr_blocks``."""
    primary = [raw['CidrBlock']] if raw.get('CidrBlock') else []
    ipv6 = [block.get('Ipv6CidrBlock') for block in _dig(raw, 'Ipv6CidrBlocks.Ipv6CidrBlock') if block.get('Ipv6CidrBlock')]
    if not ipv6 and raw.get('Ipv6CidrBlock'):
        ipv6 = [raw['Ipv6CidrBlock']]
    return {
        'vpc_id': raw.get('VpcId'), 'region_id': raw.get('RegionId'), 'status': raw.get('Status'),
        'name': raw.get('VpcName'), 'owner_id': raw.get('OwnerId'), 'vrouter_id': raw.get('VRouterId'),
        'cidr_blocks': primary + _strings(raw, 'SecondaryCidrBlocks.SecondaryCidrBlock') + ipv6,
        'vswitch_ids': _strings(raw, 'VSwitchIds.VSwitchId'),
    }


def vswitch_view(raw: Mapping[str, Any]) -> Dict[str, Any]:
    table = raw.get('RouteTable') if isinstance(raw.get('RouteTable'), Mapping) else {}
    return {'vswitch_id': raw.get('VSwitchId'), 'vpc_id': raw.get('VpcId'), 'cidr_block': raw.get('CidrBlock'),
            'status': raw.get('Status'), 'route_table_id': table.get('RouteTableId')}


def route_table_view(raw: Mapping[str, Any]) -> Dict[str, Any]:
    return {'route_table_id': raw.get('RouteTableId'), 'route_table_type': raw.get('RouteTableType'),
            'vpc_id': raw.get('VpcId'), 'status': raw.get('Status'), 'name': raw.get('RouteTableName'),
            'vswitch_ids': _strings(raw, 'VSwitchIds.VSwitchId')}


def route_entry_view(raw: Mapping[str, Any]) -> Dict[str, Any]:
    """A route entry in snake_case, with its next hops as a list (``next_hop_type``/``next_hop_id``: the first)."""
    hops = [{'next_hop_type': hop.get('NextHopType'), 'next_hop_id': hop.get('NextHopId') or None}
            for hop in _dig(raw, 'NextHops.NextHop')]
    first = hops[0] if hops else {'next_hop_type': None, 'next_hop_id': None}
    return {
        'route_entry_id': raw.get('RouteEntryId'), 'route_table_id': raw.get('RouteTableId'),
        'destination_cidr_block': raw.get('DestinationCidrBlock'), 'status': raw.get('Status'),
        'type': raw.get('Type'), 'origin': raw.get('Origin'), 'name': raw.get('RouteEntryName') or None,
        'description': raw.get('Description') or None, 'ip_version': raw.get('IpVersion'),
        'next_hop_type': first['next_hop_type'], 'next_hop_id': first['next_hop_id'], 'next_hops': hops,
    }


# -- the call machinery ---------------------------------------------------------------------------------
@contextlib.contextmanager
def sdk_proxy_environment(proxy: Optional[str]) -> Iterator[None]:
    """While the SDK sends a request that must go direct, hide the proxy variables it would fall back to (it
    ignores NO_PROXY); a proxy that applies is passed to it explicitly instead."""
    if proxy is not None:
        yield
        return
    hidden = {name: os.environ.pop(name) for name in SDK_PROXY_VARIABLES if name in os.environ}
    try:
        yield
    finally:
        os.environ.update(hidden)


class ServiceApi:
    """One SDK client of a Tea OpenAPI product, called through one retry loop.

    ``calls`` lists the action of every attempt sent, in order. ``models_module`` names the SDK's models
    (``<Action>Request`` classes); the client's ``<action>_with_options`` methods are called with them.
    ``proxy``: the proxy URL for this endpoint (``client.proxy_for``), None to connect directly.
    """

    models_module = ''

    def __init__(
        self,
        client: Any,
        deadline: Deadline,
        *,
        connect_timeout: float = 5.0,
        read_timeout: float = 10.0,
        sleep: Optional[Callable[[float], Any]] = None,
        backoff: Optional[Backoff] = None,
        token_factory: Callable[[], str] = new_client_token,
        proxy: Optional[str] = None,
    ) -> None:
        self._client = client
        self.proxy = proxy
        self.deadline = deadline
        self.connect_timeout = connect_timeout
        self.read_timeout = read_timeout
        self._sleep = sleep
        self._backoff = backoff
        self._token_factory = token_factory
        self._models: Any = None
        self._runtime_options: Any = None
        self.calls: List[str] = []

    def _sdk_models(self) -> Any:
        if self._models is None:
            self._models = __import__(self.models_module, fromlist=['models'])
        return self._models

    def _runtime(self, connect: float, read: float) -> Any:
        if self._runtime_options is None:
            from alibabacloud_tea_util.models import RuntimeOptions
            self._runtime_options = RuntimeOptions
        # Milliseconds; at least 1 because the SDK treats 0 as "use the default".
        return self._runtime_options(connect_timeout=max(1, int(connect * 1000)), read_timeout=max(1, int(read * 1000)),
                                     http_proxy=self.proxy, https_proxy=self.proxy)

    def call(
        self,
        action: str,
        fields: Mapping[str, Any],
        *,
        mutating: bool = False,
        dry_run: bool = False,
        resendable: bool = True,
    ) -> Dict[str, Any]:
        """Send one logical call of ``action`` with the API-named ``fields`` (None values are left out).

        ``mutating``: a write that takes a ClientToken (one per logical call, the same on every retry).
        ``resendable`` false: a write without a ClientToken that must not be sent twice; when its answer is lost
        the error comes back at once, ``unconfirmed``, for the caller to read what happened. Returns the answer body
        with the service's own keys; a passed dry run returns ``{'dry_run': True, 'request_id': ...}``.
        """
        request_fields = {key: value for key, value in fields.items() if value is not None}
        if dry_run:
            request_fields['DryRun'] = True
        elif mutating:
            request_fields['ClientToken'] = self._token_factory()
        request = getattr(self._sdk_models(), action + 'Request')().from_map(request_fields)
        method = getattr(self._client, _snake(action) + '_with_options')

        def attempt(connect: float, read: float) -> Dict[str, Any]:
            self.calls.append(action)
            try:
                with sdk_proxy_environment(self.proxy):
                    response = method(request, self._runtime(connect, read))
            except Exception as exc:  # everything the SDK and its HTTP stack raise becomes an ApiError
                raise self._with_proxy_note(ApiError.from_exception(exc, action))
            body = getattr(response, 'body', None)
            return body.to_map() if body is not None else {}

        try:
            return call_with_retry(attempt, deadline=self.deadline, connect_timeout=self.connect_timeout,
                                   read_timeout=self.read_timeout, backoff=self._backoff, sleep=self._sleep,
                                   resend_after_lost_answer=resendable or dry_run)
        except ApiError as err:
            if dry_run and err.code == DRY_RUN_PASSED:
                return {'dry_run': True, 'request_id': err.request_id}
            raise

    def _with_proxy_note(self, err: ApiError) -> ApiError:
        if self.proxy is not None and err.kind != KIND_API and not err.notes:
            err.add_note('The request went through the proxy %s (from HTTPS_PROXY, HTTP_PROXY or ALL_PROXY; NO_PROXY '
                         'lists the hosts to reach directly).' % _without_userinfo(self.proxy))
        return err

    def all_pages(self, action: str, fields: Mapping[str, Any], items_key: str) -> List[Dict[str, Any]]:
        """Every item of a paged ``action``, following NextToken to the last page. ``items_key`` is a dotted path
        into the answer (``RouteEntrys.RouteEntry``)."""
        items: List[Dict[str, Any]] = []
        seen = set()
        token = None
        while True:
            answer = self.call(action, dict(fields, NextToken=token))
            items.extend(_dig(answer, items_key))
            token = answer.get('NextToken') or None
            if not token or token in seen:  # the last page, or a service that repeats itself
                return items
            seen.add(token)

    def all_numbered_pages(self, action: str, fields: Mapping[str, Any], items_key: str,
                           page_size: int = 50) -> List[Dict[str, Any]]:
        """Every item of an ``action`` paged by PageNumber and PageSize, until a page is short or TotalCount is met."""
        items: List[Dict[str, Any]] = []
        page = 1
        while True:
            answer = self.call(action, dict(fields, PageNumber=page, PageSize=page_size))
            found = _dig(answer, items_key)
            items.extend(found)
            total = answer.get('TotalCount')
            if len(found) < page_size or (isinstance(total, int) and len(items) >= total):
                return items
            page += 1


# -- VpcPeer 2022-01-01 ---------------------------------------------------------------------------------
class VpcPeerApi(ServiceApi):
    """The VpcPeer actions the collection uses."""

    models_module = 'alibabacloud_vpcpeer20220101.models'

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.not_found: Dict[str, ApiError] = {}  # the answer that said so, per connection, for error results

    def get_connection(self, instance_id: str) -> Optional[Dict[str, Any]]:
        """The connection, or None when the service says it does not exist (for these credentials)."""
        try:
            raw = self.call('GetVpcPeerConnectionAttribute', {'InstanceId': instance_id})
        except ApiError as err:
            if err.code in NOT_FOUND_CODES:
                self.not_found[instance_id] = err
                return None
            raise
        self.not_found.pop(instance_id, None)
        return connection_view(raw)

    def list_connections(
        self,
        *,
        region_id: Optional[str] = None,
        instance_id: Optional[str] = None,
        name: Optional[str] = None,
        vpc_ids: Optional[Iterable[str]] = None,
        resource_group_id: Optional[str] = None,
        tags: Optional[Mapping[str, Any]] = None,
    ) -> List[Dict[str, Any]]:
        """Every connection matching the filters, oldest first. ``vpc_ids`` (at most 2) matches either end."""
        raw_items = self.all_pages('ListVpcPeerConnections', {
            'RegionId': region_id, 'InstanceId': instance_id, 'Name': name,
            'VpcId': list(vpc_ids) if vpc_ids is not None else None,
            'ResourceGroupId': resource_group_id, 'Tags': _tag_list(tags), 'MaxResults': LIST_PAGE_SIZE,
        }, 'VpcPeerConnects')
        return [connection_view(raw) for raw in raw_items]

    def create_connection(
        self,
        *,
        region_id: str,
        vpc_id: str,
        accepting_ali_uid: int,
        accepting_region_id: str,
        accepting_vpc_id: str,
        name: Optional[str] = None,
        description: Optional[str] = None,
        bandwidth: Optional[int] = None,
        link_type: Optional[str] = None,
        resource_group_id: Optional[str] = None,
        tags: Optional[Mapping[str, Any]] = None,
        dry_run: bool = False,
    ) -> Dict[str, Any]:
        """``{'instance_id': ..., 'request_id': ...}`` (or the dry run's answer)."""
        answer = self.call('CreateVpcPeerConnection', {
            'RegionId': region_id, 'VpcId': vpc_id, 'AcceptingAliUid': accepting_ali_uid,
            'AcceptingRegionId': accepting_region_id, 'AcceptingVpcId': accepting_vpc_id, 'Name': name,
            'Description': description, 'Bandwidth': bandwidth, 'LinkType': link_type,
            'ResourceGroupId': resource_group_id, 'Tag': _tag_list(tags),
        }, mutating=True, dry_run=dry_run)
        return answer if dry_run else {'instance_id': answer.get('InstanceId'), 'request_id': answer.get('RequestId')}

    def accept_connection(
        self,
        instance_id: str,
        *,
        resource_group_id: Optional[str] = None,
        tags: Optional[Mapping[str, Any]] = None,
        dry_run: bool = False,
    ) -> Dict[str, Any]:
        return _write_answer(self.call('AcceptVpcPeerConnection', {
            'InstanceId': instance_id, 'ResourceGroupId': resource_group_id, 'Tag': _tag_list(tags),
        }, mutating=True, dry_run=dry_run))

    def reject_connection(self, instance_id: str, *, dry_run: bool = False) -> Dict[str, Any]:
        return _write_answer(self.call('RejectVpcPeerConnection', {'InstanceId': instance_id},
                                       mutating=True, dry_run=dry_run))

    def modify_connection(
        self,
        instance_id: str,
        *,
        name: Optional[str] = None,
        description: Optional[str] = None,
        bandwidth: Optional[int] = None,
        link_type: Optional[str] = None,
        dry_run: bool = False,
    ) -> Dict[str, Any]:
        return _write_answer(self.call('ModifyVpcPeerConnection', {
            'InstanceId': instance_id, 'Name': name, 'Description': description,
            'Bandwidth': bandwidth, 'LinkType': link_type,
        }, mutating=True, dry_run=dry_run))

    def delete_connection(self, instance_id: str, *, force: bool = False, dry_run: bool = False) -> Dict[str, Any]:
        # Force also deletes the route entries that point at the connection; leave it out when false.
        return _write_answer(self.call('DeleteVpcPeerConnection', {'InstanceId': instance_id, 'Force': force or None},
                                       mutating=True, dry_run=dry_run))

    def tag_connection(self, instance_id: str, tags: Mapping[str, Any], *, region_id: str) -> Dict[str, Any]:
        return _write_answer(self.call('TagResources', {
            'RegionId': region_id, 'ResourceId': [instance_id], 'ResourceType': RESOURCE_TYPE, 'Tag': _tag_list(tags),
        }, mutating=True))

    def untag_connection(self, instance_id: str, tag_keys: Iterable[str], *, region_id: str) -> Dict[str, Any]:
        return _write_answer(self.call('UnTagResources', {
            'RegionId': region_id, 'ResourceId': [instance_id], 'ResourceType': RESOURCE_TYPE, 'TagKey': list(tag_keys),
        }, mutating=True))

    def move_connection(self, instance_id: str, resource_group_id: str, *, region_id: str) -> Dict[str, Any]:
        # No ClientToken in this action: after a lost answer it is not sent again; the task reads where the
        # connection is and plans again, so that one move is applied once.
        return _write_answer(self.call('MoveResourceGroup', {
            'ResourceId': instance_id, 'NewResourceGroupId': resource_group_id,
            'RegionId': region_id, 'ResourceType': RESOURCE_TYPE,
        }, resendable=False))


# -- VPC 2016-04-28: VPCs and the route entries through a peering connection ---------------------------------------
VPC_NOT_FOUND_CODES = frozenset(('InvalidVpcId.NotFound', 'Forbidden.VpcNotFound', 'InvalidVpcID.NotFound'))
ROUTE_ENTRY_PAGE_SIZE = 100  # DescribeRouteEntryList allows 1-100


class VpcApi(ServiceApi):
    """The VPC actions the collection uses, in one region (the client's endpoint is the region's)."""

    models_module = 'alibabacloud_vpc20160428.models'

    def __init__(self, *args: Any, region_id: str = '', **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.region_id = region_id

    def get_vpc(self, vpc_id: str) -> Optional[Dict[str, Any]]:
        """The VPC, or None when it is not one of these credentials' in this region."""
        try:
            raw = self.call('DescribeVpcAttribute', {'RegionId': self.region_id, 'VpcId': vpc_id})
        except ApiError as err:
            if err.code in VPC_NOT_FOUND_CODES:
                return None
            raise
        return dict(vpc_view(raw), region_id=raw.get('RegionId') or self.region_id)

    def list_vswitches(self, vpc_id: str) -> List[Dict[str, Any]]:
        return [vswitch_view(raw) for raw in self.all_numbered_pages(
            'DescribeVSwitches', {'RegionId': self.region_id, 'VpcId': vpc_id}, 'VSwitches.VSwitch')]

    def list_route_tables(self, vpc_id: str, *, route_table_type: Optional[str] = None) -> List[Dict[str, Any]]:
        return [route_table_view(raw) for raw in self.all_numbered_pages('DescribeRouteTableList', {
            'RegionId': self.region_id, 'VpcId': vpc_id, 'RouteTableType': route_table_type,
        }, 'RouterTableList.RouterTableListType')]

    def list_route_entries(self, route_table_id: str, *, route_entry_id: Optional[str] = None,
                           next_hop_id: Optional[str] = None) -> List[Dict[str, Any]]:
        """The entries of a route table (System, Custom and propagated ones), or only one, or only those through
        one next hop."""
        return [route_entry_view(raw) for raw in self.all_pages('DescribeRouteEntryList', {
            'RegionId': self.region_id, 'RouteTableId': route_table_id, 'RouteEntryId': route_entry_id,
            'NextHopId': next_hop_id, 'MaxResult': ROUTE_ENTRY_PAGE_SIZE,
        }, 'RouteEntrys.RouteEntry')]

    def create_route_entry(self, route_table_id: str, destination: str, *, next_hop_id: str,
                           name: Optional[str] = None, description: Optional[str] = None,
                           dry_run: bool = False) -> Dict[str, Any]:
        """A route to ``destination`` through the peering connection ``next_hop_id``."""
        answer = self.call('CreateRouteEntry', {
            'RegionId': self.region_id, 'RouteTableId': route_table_id, 'DestinationCidrBlock': destination,
            'NextHopType': 'VpcPeer', 'NextHopId': next_hop_id, 'RouteEntryName': name, 'Description': description,
        }, mutating=True, dry_run=dry_run)
        if dry_run:
            return answer
        return {'route_entry_id': answer.get('RouteEntryId'), 'request_id': answer.get('RequestId')}

    def delete_route_entry(self, route_entry_id: str, *, dry_run: bool = False) -> Dict[str, Any]:
        # No ClientToken: a lost answer is not resent, the caller reads whether the entry is going.
        return _write_answer(self.call('DeleteRouteEntry', {
            'RegionId': self.region_id, 'RouteEntryId': route_entry_id}, dry_run=dry_run, resendable=False))

    def modify_route_entry(self, route_entry_id: str, *, name: Optional[str] = None,
                           description: Optional[str] = None, dry_run: bool = False) -> Dict[str, Any]:
        return _write_answer(self.call('ModifyRouteEntry', {
            'RegionId': self.region_id, 'RouteEntryId': route_entry_id, 'RouteEntryName': name,
            'Description': description}, dry_run=dry_run, resendable=False))
