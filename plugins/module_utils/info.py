# Copyright: (c) 2025, alibabacloud.vpcpeer maintainers
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""``vpc_peer_connection_info``: find VPC peering connections by id, name, VPCs, resource group and tags.

This module util is PRIVATE to the collection: its interface may change in any release.

Every filter is sent to ListVpcPeerConnections where the API has it, and applied again to what comes back, so the
documented meaning holds whatever the service does with it. In particular two ``vpc_ids`` select the connections
with either end in either VPC: the module lists each VPC on its own (the service may read two VpcIds as "both
ends") and merges the answers.
"""

from __future__ import annotations

from typing import Any, Dict, Iterable, List, Mapping, Optional

from ansible_collections.alibabacloud.vpcpeer.plugins.module_utils.api import VpcPeerApi
from ansible_collections.alibabacloud.vpcpeer.plugins.module_utils.errors import ValidationError
from ansible_collections.alibabacloud.vpcpeer.plugins.module_utils.peering_model import INSTANCE_ID_PATTERN, tag_dict

MAX_VPC_IDS = 2  # ListVpcPeerConnections takes at most two VpcIds


def _unique(values: Optional[Iterable[str]]) -> List[str]:
    result: List[str] = []
    for value in values or []:
        if value not in result:
            result.append(value)
    return result


def validate_info_options(params: Mapping[str, Any]) -> None:
    """Check the filters before any API call. Raises ``ValidationError`` listing every problem."""
    problems = []
    for instance_id in params.get('instance_ids') or []:
        if not isinstance(instance_id, str) or not INSTANCE_ID_PATTERN.match(instance_id):
            problems.append('instance_ids: %r does not look like pcc-<lowercase letters and digits>' % (instance_id,))
    wanted_vpcs = _unique(params.get('vpc_ids'))
    if len(wanted_vpcs) > MAX_VPC_IDS:
        problems.append('vpc_ids takes at most %d VPC IDs (a connection matches when either of its ends is one of '
                        'them), got %d' % (MAX_VPC_IDS, len(wanted_vpcs)))
    if any(not vpc for vpc in wanted_vpcs):
        problems.append('vpc_ids must not contain empty values')
    tags = params.get('tags')
    if tags is not None and any(not str(key) for key in tags):
        problems.append('tags: a tag key must not be empty')
    if problems:
        raise ValidationError(problems)


def tags_match(tags: Mapping[str, str], wanted: Mapping[str, str]) -> bool:
    """Every wanted tag is there; an empty wanted value matches the key with any value (as the API's filter)."""
    return all(key in tags and (value == '' or tags[key] == value) for key, value in wanted.items())


def matches(view: Mapping[str, Any], params: Mapping[str, Any]) -> bool:
    """Whether a listed connection passes every filter of the task."""
    instance_ids = _unique(params.get('instance_ids'))
    if instance_ids and view.get('instance_id') not in instance_ids:
        return False
    wanted_vpcs = _unique(params.get('vpc_ids'))
    if wanted_vpcs and not {view['vpc']['vpc_id'], view['accepting_vpc']['vpc_id']} & set(wanted_vpcs):
        return False
    if params.get('name') is not None and view.get('name') != params['name']:
        return False
    if params.get('resource_group_id') is not None and view.get('resource_group_id') != params['resource_group_id']:
        return False
    if params.get('tags') and not tags_match(view.get('tags') or {}, tag_dict(params['tags'])):
        return False
    return True


def empty_filters(params: Mapping[str, Any]) -> List[str]:
    """The filters given as an empty list or dictionary: they match no connection (leaving a filter out is how
    not to filter), so a templated empty list never turns into "every connection"."""
    return [option for option in ('instance_ids', 'vpc_ids', 'tags') if params.get(option) is not None and not params[option]]


def find_connections(api: VpcPeerApi, params: Mapping[str, Any]) -> List[Dict[str, Any]]:
    """The connections that pass the task's filters, each listed once, following NextToken to the last page."""
    if empty_filters(params):
        return []
    base: Dict[str, Any] = {
        'region_id': params.get('region_id') or None,
        'name': params.get('name'),
        'resource_group_id': params.get('resource_group_id'),
        'tags': tag_dict(params['tags']) if params.get('tags') else None,
    }
    instance_ids, wanted_vpcs = _unique(params.get('instance_ids')), _unique(params.get('vpc_ids'))
    if instance_ids:  # InstanceId takes one id: one query per id (the VPC filter is applied afterwards)
        queries = [dict(base, instance_id=instance_id) for instance_id in instance_ids]
    elif wanted_vpcs:  # one VPC per query: "either end is this VPC", however the service reads two
        queries = [dict(base, vpc_ids=[vpc]) for vpc in wanted_vpcs]
    else:
        queries = [base]
    found: Dict[str, Dict[str, Any]] = {}
    for query in queries:
        for view in api.list_connections(**query):
            found.setdefault(view.get('instance_id') or '', view)
    result = [view for view in found.values() if matches(view, params)]
    if len(queries) > 1:  # each answer is oldest first; keep that order across the merged answers
        result.sort(key=lambda view: str(view.get('gmt_create') or ''))
    return result


def vpc_peer_connection_info_spec() -> Dict[str, Any]:
    """The options of ``vpc_peer_connection_info`` (``AnsibleModule`` keyword arguments), for the module and its
    action plugin alike; the connection options are added to every module."""
    return dict(
        argument_spec=dict(
            instance_ids=dict(type='list', elements='str'),
            name=dict(type='str'),
            vpc_ids=dict(type='list', elements='str'),
            resource_group_id=dict(type='str'),
            tags=dict(type='dict'),
        ),
        supports_check_mode=True,
    )


def run_info(module: Any) -> Dict[str, Any]:
    """The whole task of ``vpc_peer_connection_info``: validate, list, filter. Never changes anything."""
    validate_info_options(module.params)
    return {'changed': False, 'vpc_peer_connections': find_connections(module.api, module.params)}
