# Copyright: (c) 2025, alibabacloud.vpcpeer maintainers
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""A thin facade over the VpcPeer 2022-01-01 SDK client: one method per action, all through one retry loop.

Every method takes snake_case keyword arguments and returns the answer body as a plain dict with the
API's own (PascalCase) keys. Mutations get a ClientToken made once per logical call and reused on every
retry of that call (pass ``client_token`` to reuse one across calls). ``dry_run=True`` sends
``DryRun=true`` without a ClientToken and turns the service's ``DryRunOperation`` answer into
``{'DryRunOperation': True, 'RequestId': ...}``; any other answer raises ``ApiError``.
"""

from __future__ import annotations

import re
import uuid
from typing import Any, Callable, Dict, Iterable, List, Mapping, Optional

from ansible_collections.alibabacloud.vpcpeer.plugins.module_utils.errors import ApiError
from ansible_collections.alibabacloud.vpcpeer.plugins.module_utils.retry import (
    Backoff,
    Deadline,
    call_with_retry,
)

RESOURCE_TYPE = 'PeerConnection'  # ResourceType of the tag and resource-group actions
DRY_RUN_PASSED = 'DryRunOperation'
LIST_PAGE_SIZE = 100     # ListVpcPeerConnections allows 1-100
TAG_PAGE_SIZE = 50       # ListTagResources allows 1-50


def new_client_token() -> str:
    """A ClientToken: unique per logical call, ASCII, at most 64 characters."""
    return str(uuid.uuid4())


def _snake(action: str) -> str:
    return re.sub(r'(?<!^)(?=[A-Z])', '_', action).lower()


def _tag_list(tags: Optional[Mapping[str, Any]]) -> Optional[List[Dict[str, Any]]]:
    if tags is None:
        return None
    return [{'Key': key, 'Value': '' if value is None else str(value)} for key, value in tags.items()]


class VpcPeerApi:
    """The eleven VpcPeer actions. ``calls`` lists the action of every attempt sent, in order."""

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
        models: Any = None,
        runtime_options: Any = None,
    ) -> None:
        self._client = client
        self.deadline = deadline
        self.connect_timeout = connect_timeout
        self.read_timeout = read_timeout
        self._sleep = sleep
        self._backoff = backoff
        self._token_factory = token_factory
        self._models = models
        self._runtime_options = runtime_options
        self.calls: List[str] = []

    # -- plumbing ------------------------------------------------------------------------------------
    def _sdk_models(self) -> Any:
        if self._models is None:
            from alibabacloud_vpcpeer20220101 import models
            self._models = models
        return self._models

    def _runtime(self, connect: float, read: float) -> Any:
        if self._runtime_options is None:
            from alibabacloud_tea_util.models import RuntimeOptions
            self._runtime_options = RuntimeOptions
        # Milliseconds; at least 1 because the SDK treats 0 as "use the default".
        return self._runtime_options(connect_timeout=max(1, int(connect * 1000)), read_timeout=max(1, int(read * 1000)))

    def new_token(self) -> str:
        return self._token_factory()

    def call(
        self,
        action: str,
        fields: Mapping[str, Any],
        *,
        mutating: bool = False,
        dry_run: bool = False,
        client_token: Optional[str] = None,
    ) -> Dict[str, Any]:
        """Send one logical call of ``action`` with the API-named ``fields`` (None values are left out)."""
        request_fields = {key: value for key, value in fields.items() if value is not None}
        if dry_run:
            request_fields['DryRun'] = True
        elif mutating:
            request_fields['ClientToken'] = client_token or self._token_factory()
        request = getattr(self._sdk_models(), action + 'Request')().from_map(request_fields)
        method = getattr(self._client, _snake(action) + '_with_options')

        def attempt(connect: float, read: float) -> Dict[str, Any]:
            self.calls.append(action)
            try:
                response = method(request, self._runtime(connect, read))
            except Exception as exc:  # everything the SDK and its HTTP stack raise becomes an ApiError
                raise ApiError.from_exception(exc, action)
            body = getattr(response, 'body', None)
            return body.to_map() if body is not None else {}

        try:
            return call_with_retry(
                attempt,
                deadline=self.deadline,
                connect_timeout=self.connect_timeout,
                read_timeout=self.read_timeout,
                backoff=self._backoff,
                sleep=self._sleep,
            )
        except ApiError as err:
            if dry_run and err.code == DRY_RUN_PASSED:
                return {'DryRunOperation': True, 'RequestId': err.request_id}
            raise

    # -- the peering connection ---------------------------------------------------------------------
    def create_vpc_peer_connection(
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
        client_token: Optional[str] = None,
    ) -> Dict[str, Any]:
        return self.call('CreateVpcPeerConnection', {
            'RegionId': region_id, 'VpcId': vpc_id, 'AcceptingAliUid': accepting_ali_uid,
            'AcceptingRegionId': accepting_region_id, 'AcceptingVpcId': accepting_vpc_id, 'Name': name,
            'Description': description, 'Bandwidth': bandwidth, 'LinkType': link_type,
            'ResourceGroupId': resource_group_id, 'Tag': _tag_list(tags),
        }, mutating=True, dry_run=dry_run, client_token=client_token)

    def accept_vpc_peer_connection(
        self,
        instance_id: str,
        *,
        resource_group_id: Optional[str] = None,
        tags: Optional[Mapping[str, Any]] = None,
        dry_run: bool = False,
        client_token: Optional[str] = None,
    ) -> Dict[str, Any]:
        return self.call('AcceptVpcPeerConnection', {
            'InstanceId': instance_id, 'ResourceGroupId': resource_group_id, 'Tag': _tag_list(tags),
        }, mutating=True, dry_run=dry_run, client_token=client_token)

    def reject_vpc_peer_connection(
        self, instance_id: str, *, dry_run: bool = False, client_token: Optional[str] = None,
    ) -> Dict[str, Any]:
        return self.call('RejectVpcPeerConnection', {'InstanceId': instance_id},
                         mutating=True, dry_run=dry_run, client_token=client_token)

    def modify_vpc_peer_connection(
        self,
        instance_id: str,
        *,
        name: Optional[str] = None,
        description: Optional[str] = None,
        bandwidth: Optional[int] = None,
        link_type: Optional[str] = None,
        dry_run: bool = False,
        client_token: Optional[str] = None,
    ) -> Dict[str, Any]:
        return self.call('ModifyVpcPeerConnection', {
            'InstanceId': instance_id, 'Name': name, 'Description': description,
            'Bandwidth': bandwidth, 'LinkType': link_type,
        }, mutating=True, dry_run=dry_run, client_token=client_token)

    def delete_vpc_peer_connection(
        self,
        instance_id: str,
        *,
        force: Optional[bool] = None,
        dry_run: bool = False,
        client_token: Optional[str] = None,
    ) -> Dict[str, Any]:
        return self.call('DeleteVpcPeerConnection', {'InstanceId': instance_id, 'Force': force},
                         mutating=True, dry_run=dry_run, client_token=client_token)

    def get_vpc_peer_connection_attribute(self, instance_id: str) -> Dict[str, Any]:
        return self.call('GetVpcPeerConnectionAttribute', {'InstanceId': instance_id})

    def list_vpc_peer_connections(
        self,
        *,
        region_id: Optional[str] = None,
        instance_id: Optional[str] = None,
        name: Optional[str] = None,
        vpc_ids: Optional[Iterable[str]] = None,
        resource_group_id: Optional[str] = None,
        tags: Optional[Mapping[str, Any]] = None,
        max_results: Optional[int] = None,
        next_token: Optional[str] = None,
    ) -> Dict[str, Any]:
        """One page. ``vpc_ids`` (at most 2) matches either end of a connection."""
        return self.call('ListVpcPeerConnections', {
            'RegionId': region_id, 'InstanceId': instance_id, 'Name': name,
            'VpcId': list(vpc_ids) if vpc_ids is not None else None,
            'ResourceGroupId': resource_group_id, 'Tags': _tag_list(tags),
            'MaxResults': max_results, 'NextToken': next_token or None,
        })

    def list_all_vpc_peer_connections(self, **filters: Any) -> List[Dict[str, Any]]:
        """Every connection matching the filters of ``list_vpc_peer_connections``, following NextToken."""
        filters.setdefault('max_results', LIST_PAGE_SIZE)
        return self._all_pages(self.list_vpc_peer_connections, 'VpcPeerConnects', filters)

    # -- tags and resource groups -------------------------------------------------------------------
    def tag_resources(
        self,
        resource_ids: Iterable[str],
        tags: Mapping[str, Any],
        *,
        region_id: str,
        client_token: Optional[str] = None,
    ) -> Dict[str, Any]:
        return self.call('TagResources', {
            'RegionId': region_id, 'ResourceId': list(resource_ids), 'ResourceType': RESOURCE_TYPE,
            'Tag': _tag_list(tags),
        }, mutating=True, client_token=client_token)

    def untag_resources(
        self,
        resource_ids: Iterable[str],
        *,
        region_id: str,
        tag_keys: Optional[Iterable[str]] = None,
        all_tags: Optional[bool] = None,
        client_token: Optional[str] = None,
    ) -> Dict[str, Any]:
        return self.call('UnTagResources', {
            'RegionId': region_id, 'ResourceId': list(resource_ids), 'ResourceType': RESOURCE_TYPE,
            'TagKey': list(tag_keys) if tag_keys is not None else None, 'All': all_tags,
        }, mutating=True, client_token=client_token)

    def list_tag_resources(
        self,
        *,
        region_id: str,
        resource_ids: Optional[Iterable[str]] = None,
        tags: Optional[Mapping[str, Any]] = None,
        category: Optional[str] = None,
        max_results: Optional[int] = None,
        next_token: Optional[str] = None,
    ) -> Dict[str, Any]:
        return self.call('ListTagResources', {
            'RegionId': region_id, 'ResourceType': RESOURCE_TYPE,
            'ResourceId': list(resource_ids) if resource_ids is not None else None,
            'Tag': _tag_list(tags), 'Category': category, 'MaxResults': max_results,
            'NextToken': next_token or None,
        })

    def list_all_tag_resources(self, **filters: Any) -> List[Dict[str, Any]]:
        filters.setdefault('max_results', TAG_PAGE_SIZE)
        return self._all_pages(self.list_tag_resources, 'TagResources', filters)

    def move_resource_group(self, resource_id: str, new_resource_group_id: str, *, region_id: str) -> Dict[str, Any]:
        # No ClientToken in this action; moving to the same group twice is harmless.
        return self.call('MoveResourceGroup', {
            'ResourceId': resource_id, 'NewResourceGroupId': new_resource_group_id,
            'RegionId': region_id, 'ResourceType': RESOURCE_TYPE,
        })

    # -- helpers ------------------------------------------------------------------------------------
    @staticmethod
    def _all_pages(page: Callable[..., Dict[str, Any]], key: str, filters: Dict[str, Any]) -> List[Dict[str, Any]]:
        items: List[Dict[str, Any]] = []
        seen = set()
        token = None
        while True:
            answer = page(next_token=token, **filters)
            items.extend(answer.get(key) or [])
            token = answer.get('NextToken') or None
            if not token or token in seen:  # the last page, or a service that repeats itself
                return items
            seen.add(token)
