#!/usr/bin/python
# Copyright (c) alibabacloud.vpcpeer contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Test-only module of the live tests: a VPC made and removed through VPC 2016-04-28 CreateVpc and DeleteVpc.

The collection has no module for VPCs; the live tests need two, one per account, to peer. It goes through the
collection's own connection options, credentials and retries (``VpcPeerModule``), so a fixture reaches the service
exactly as the modules do. Not part of the collection's interface.
"""

from __future__ import annotations

DOCUMENTATION = r'''
---
module: live_vpc
short_description: A VPC for the live tests (test only)
description:
  - Finds the VPC of the account of the credentials named O(name) in O(region_id); with O(state=present) creates it
    (C(CreateVpc)) when there is none and waits until it is C(Available); with O(state=absent) deletes it
    (C(DeleteVpc)) and waits until it is gone.
options:
  name:
    description: The VPC's name, which finds it again.
    type: str
    required: true
  cidr_block:
    description: Its IPv4 block, when it is created.
    type: str
    default: 10.201.0.0/16
  description:
    description: Its description, when it is created.
    type: str
  tags:
    description: Its tags, when it is created.
    type: dict
  state:
    description: Whether the VPC exists.
    type: str
    choices: [present, absent]
    default: present
  wait_timeout:
    description: Seconds to wait for the VPC to be Available, or gone.
    type: int
    default: 600
author:
  - alibabacloud.vpcpeer maintainers (@alibabacloud-vpcpeer)
'''

EXAMPLES = r'''
- name: The requester's VPC of the run
  live_vpc:
    name: vpcpeer-live-20261130120000-ab12-requester
    cidr_block: 10.201.0.0/16
    tags: {vpcpeer-live-run: vpcpeer-live-20261130120000-ab12}
    region_id: cn-hangzhou
'''

RETURN = r'''
vpc:
  description: The VPC as DescribeVpcs shows it ({} once deleted).
  returned: always
  type: dict
'''

import time
from typing import Any, Dict, Optional

from ansible_collections.alibabacloud.vpcpeer.plugins.module_utils.errors import StateError
from ansible_collections.alibabacloud.vpcpeer.plugins.module_utils.module import TaskRun, VpcPeerModule

POLL_SECONDS = 2.0


def view(raw: Dict[str, Any]) -> Dict[str, Any]:
    return {
        'vpc_id': raw.get('VpcId'), 'name': raw.get('VpcName'), 'status': raw.get('Status'),
        'cidr_block': raw.get('CidrBlock'), 'owner_id': raw.get('OwnerId'), 'region_id': raw.get('RegionId'),
        'vrouter_id': raw.get('VRouterId'),
        'route_table_ids': list((raw.get('RouterTableIds') or {}).get('RouterTableIds') or []),
        'tags': {tag.get('Key'): tag.get('Value') for tag in (raw.get('Tags') or {}).get('Tag') or []},
    }


def find(api: Any, name: str) -> Optional[Dict[str, Any]]:
    """The account's VPC of that name in the region (the first, should there be several)."""
    found = api.all_numbered_pages('DescribeVpcs', {'RegionId': api.region_id, 'VpcName': name}, 'Vpcs.Vpc')
    return view(found[0]) if found else None


def wait_for(run: TaskRun, api: Any, name: str, done: Any, target: str) -> Optional[Dict[str, Any]]:
    while True:
        current = find(api, name)
        if done(current):
            return current
        if run.deadline.expired():
            raise StateError('Timed out after %.0f s waiting for VPC %s to be %s; last seen: %s'
                             % (run.deadline.elapsed(), name, target, current))
        time.sleep(POLL_SECONDS)


def converge(run: TaskRun) -> Dict[str, Any]:
    params = run.params
    api = run.vpc_api(params['region_id'])
    current = find(api, params['name'])
    if params['state'] == 'absent':
        if current is None:
            return {'changed': False, 'vpc': {}}
        if not run.check_mode:
            wait_for(run, api, params['name'], lambda vpc: vpc is None or vpc['status'] != 'Pending', 'settled')
            api.call('DeleteVpc', {'RegionId': api.region_id, 'VpcId': current['vpc_id']}, mutating=True)
            wait_for(run, api, params['name'], lambda vpc: vpc is None, 'gone')
        return {'changed': True, 'vpc': {}}
    if current is None:
        if run.check_mode:
            return {'changed': True, 'vpc': {}}
        tags = [{'Key': key, 'Value': str(value)} for key, value in (params.get('tags') or {}).items()] or None
        api.call('CreateVpc', {'RegionId': api.region_id, 'CidrBlock': params['cidr_block'], 'VpcName': params['name'],
                               'Description': params.get('description'), 'Tag': tags}, mutating=True)
    vpc = wait_for(run, api, params['name'], lambda found: found is not None and found['status'] == 'Available',
                   'Available')
    return {'changed': current is None, 'vpc': vpc}


def main() -> None:
    module = VpcPeerModule(
        argument_spec=dict(
            name=dict(type='str', required=True),
            cidr_block=dict(type='str', default='10.201.0.0/16'),
            description=dict(type='str'),
            tags=dict(type='dict'),
            state=dict(type='str', choices=['present', 'absent'], default='present'),
            wait_timeout=dict(type='int', default=600),
        ),
        required_if=[('state', 'present', ('region_id',))],
        supports_check_mode=True,
    )
    module.execute(converge)


if __name__ == '__main__':
    main()
