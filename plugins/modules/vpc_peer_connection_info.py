#!/usr/bin/python
# Copyright: (c) 2025, alibabacloud.vpcpeer maintainers
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r'''
---
module: vpc_peer_connection_info
short_description: Find Alibaba Cloud VPC peering connections
version_added: 1.0.0
description:
  - Lists the VPC peering connections (VpcPeer API 2022-01-01) that the account of the credentials owns or accepts,
    and that pass every filter given, following C(NextToken) to the last page.
  - Each connection is returned in exactly the shape of RV(alibabacloud.vpcpeer.vpc_peer_connection#module:vpc_peer_connection).
  - Never changes anything.
author:
  - alibabacloud.vpcpeer maintainers (@alibabacloud-vpcpeer)
options:
  instance_ids:
    description:
      - Only these connections (IDs C(pcc-...)). IDs that do not exist, or belong to other accounts, are left out.
      - An empty list matches no connection (leave the option out not to filter by ID), so that a templated list that
        turns out empty never selects every connection.
    type: list
    elements: str
  name:
    description:
      - Only the connections with exactly this name.
    type: str
  vpc_ids:
    description:
      - At most two VPC IDs. A connection matches when either of its ends (requester or accepter VPC) is one of them.
      - To find the connection between two VPCs, look for the item whose RV(vpc_peer_connections[].vpc.vpc_id) and
        RV(vpc_peer_connections[].accepting_vpc.vpc_id) are those two.
      - An empty list matches no connection.
    type: list
    elements: str
  resource_group_id:
    description:
      - Only the connections in this resource group (the resource group of the account of the credentials).
    type: str
  tags:
    description:
      - Only the connections that have all these tags (the tags of the account of the credentials). A tag with an empty
        value matches the key with any value.
      - An empty dictionary matches no connection (leave the option out not to filter by tags).
      - Boolean values are compared as the service stores them, V(true) and V(false).
    type: dict
extends_documentation_fragment:
  - alibabacloud.vpcpeer.connection
  - ansible.builtin.action_common_attributes
  - ansible.builtin.action_common_attributes.flow
  - alibabacloud.vpcpeer.attributes.controller
  - alibabacloud.vpcpeer.attributes.info_module
attributes:
  platform:
    support: full
    platforms: posix
notes:
  - O(region_id) limits the list to the connections whose caller's side (requester or accepter) is in that region;
    without it, every connection of the account is listed.
  - Every filter is sent to C(ListVpcPeerConnections) and applied again to its answer, so the meanings above hold.
    Each of several O(instance_ids), and each of two O(vpc_ids), is listed with a request of its own.
  - Calls that fail for temporary reasons are retried within 120 seconds.
seealso:
  - module: alibabacloud.vpcpeer.vpc_peer_connection
  - name: ListVpcPeerConnections
    description: The API operation this module calls.
    link: https://api.alibabacloud.com/api/VpcPeer/2022-01-01/ListVpcPeerConnections
'''

EXAMPLES = r'''
- name: Every peering connection of the account
  alibabacloud.vpcpeer.vpc_peer_connection_info:
  register: all_peerings

- name: The connections of one VPC, in either role, in its region
  alibabacloud.vpcpeer.vpc_peer_connection_info:
    region_id: cn-hangzhou
    vpc_ids: [vpc-bp1gsk7h12ew7oegk1234]
  register: of_vpc

- name: The connections that touch either of two VPCs, tagged env=prod
  alibabacloud.vpcpeer.vpc_peer_connection_info:
    vpc_ids: [vpc-bp1gsk7h12ew7oegk1234, vpc-uf6nx8nxl4hg7lmc1234]
    tags:
      env: prod
  register: prod

- name: Two connections by ID, and the IDs of those that are Activated
  alibabacloud.vpcpeer.vpc_peer_connection_info:
    instance_ids: [pcc-lnk0m24khwvtkm1234, pcc-0ppqwe9nbjm4t1234]
  register: by_id

- name: Show them
  ansible.builtin.debug:
    msg: "{{ by_id.vpc_peer_connections | selectattr('status', 'equalto', 'Activated') | map(attribute='instance_id') }}"

- name: By name and resource group, with the credentials of a named profile
  alibabacloud.vpcpeer.vpc_peer_connection_info:
    name: prod-to-dr
    resource_group_id: rg-acfmxazb4ph6aiy
    profile: network-admin
'''

RETURN = r'''
alibabacloud_vpcpeer_path:
  description:
    - Where the task ran - V(controller) in the controller's worker process, through the action plugin of the module;
      V(module) as a module. The collection's guide says when each applies and how to choose the module path.
  returned: always
  type: str
  sample: controller
  version_added: 1.1.0
vpc_peer_connections:
  description:
    - The connections that pass every filter, each with every attribute of C(GetVpcPeerConnectionAttribute) in
      snake_case, oldest first.
    - The tags and the resource group are those of the account of the credentials.
  returned: success
  type: list
  elements: dict
  contains:
    instance_id:
      description: The ID of the connection.
      returned: always
      type: str
      sample: pcc-lnk0m24khwvtkm1234
    name:
      description: The name of the connection.
      returned: always
      type: str
      sample: prod-to-dr
    description:
      description: The description of the connection.
      returned: always
      type: str
      sample: Production VPC to disaster-recovery VPC
    status:
      description:
        - The status of the connection.
        - One of V(Creating), V(Accepting), V(Updating), V(Activated), V(Rejected), V(Expired), V(Deleting),
          V(Deleted).
      returned: always
      type: str
      sample: Activated
    biz_status:
      description: The business status, V(Normal) or V(FinancialLocked) (locked because of an overdue payment).
      returned: always
      type: str
      sample: Normal
    bandwidth:
      description: The bandwidth in Mbit/s; V(-1) means unlimited (always so for same-region connections).
      returned: always
      type: int
      sample: 200
    link_type:
      description: The link type, V(Platinum) or V(Gold); empty for same-region connections.
      returned: always
      type: str
      sample: Gold
    region_id:
      description: The region of the requester VPC.
      returned: always
      type: str
      sample: cn-hangzhou
    accepting_region_id:
      description: The region of the accepter VPC.
      returned: always
      type: str
      sample: cn-shanghai
    owner_id:
      description: The ID of the account that owns the requester VPC.
      returned: always
      type: int
      sample: 1210123456123456
    accepting_owner_uid:
      description: The ID of the account that owns the accepter VPC.
      returned: always
      type: int
      sample: 1210123456123456
    vpc:
      description: The requester VPC.
      returned: always
      type: dict
      contains:
        vpc_id:
          description: The ID of the VPC.
          returned: always
          type: str
          sample: vpc-bp1gsk7h12ew7oegk****
        ipv4_cidrs:
          description: The IPv4 CIDR blocks of the VPC.
          returned: always
          type: list
          elements: str
          sample: ["192.168.0.0/16"]
        ipv6_cidrs:
          description: The IPv6 CIDR blocks of the VPC.
          returned: always
          type: list
          elements: str
          sample: []
    accepting_vpc:
      description: The accepter VPC.
      returned: always
      type: dict
      contains:
        vpc_id:
          description: The ID of the VPC.
          returned: always
          type: str
          sample: vpc-2zeeg3dfbrkd5ay3t****
        ipv4_cidrs:
          description: The IPv4 CIDR blocks of the VPC.
          returned: always
          type: list
          elements: str
          sample: ["10.0.0.0/16"]
        ipv6_cidrs:
          description: The IPv6 CIDR blocks of the VPC.
          returned: always
          type: list
          elements: str
          sample: []
    gmt_create:
      description: When the connection was created, UTC.
      returned: always
      type: str
      sample: "2025-11-25T08:00:00Z"
    gmt_modified:
      description: When the connection was last modified, UTC.
      returned: always
      type: str
      sample: "2025-11-25T09:30:00Z"
    gmt_expired:
      description: When an unaccepted connection expires, UTC; null unless the status is V(Accepting) or V(Expired).
      returned: always
      type: str
      sample: null
    resource_group_id:
      description: The ID of the resource group of the connection.
      returned: always
      type: str
      sample: rg-acfmxazb4ph6aiy
    tags:
      description: The tags of the connection, as a dictionary.
      returned: always
      type: dict
      sample: {"env": "prod"}
    managed_service:
      description: The Alibaba Cloud service that manages the connection, if any (it cannot be changed directly then).
      returned: always
      type: str
      sample: null
'''

from ansible_collections.alibabacloud.vpcpeer.plugins.module_utils.info import run_info, vpc_peer_connection_info_spec
from ansible_collections.alibabacloud.vpcpeer.plugins.module_utils.module import VpcPeerModule


def main() -> None:
    VpcPeerModule(**vpc_peer_connection_info_spec()).execute(run_info)


if __name__ == '__main__':
    main()
