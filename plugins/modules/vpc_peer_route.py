#!/usr/bin/python
# Copyright: (c) 2025, alibabacloud.vpcpeer maintainers
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r'''
---
module: vpc_peer_route
short_description: Route the other VPC's addresses through an Alibaba Cloud VPC peering connection, on one side
version_added: 1.1.0
description:
  - A peering connection carries traffic only once each side's route tables send the other VPC's addresses to it.
    This module manages the route entries of one side (the VPC of the account of the credentials), through the VPC
    API 2016-04-28, in that side's region.
  - O(state=present) makes sure each route table (the VPC's System table, or O(route_table_ids)) has a route to each
    destination (the other VPC's IPv4 blocks, or O(destinations)) whose next hop is the connection
    (C(NextHopType=VpcPeer)). Only the missing ones are created (C(CreateRouteEntry)); the name and description of
    existing ones are changed in place (C(ModifyRouteEntry)) when O(name) or O(description) differ. With O(purge),
    the routes of those tables that point at the connection and go to other destinations are deleted - only routes
    a user created, never system or propagated ones, nor routes through other next hops.
  - O(state=absent) deletes the routes to the destinations through the connection (C(DeleteRouteEntry)).
  - Before any change, the module checks what its read can decide - the connection is C(Activated) (a connection that
    is C(Creating) or C(Updating) is waited for; one that is C(Accepting), C(Rejected), C(Expired), C(Deleting) or
    C(Deleted) fails at once, saying what to do); no destination lies in C(100.64.0.0/10), inside the VPC's own blocks
    or inside one of its vSwitches; no route to a destination goes through another next hop (that is a conflict - the
    task fails naming the entry, and never replaces it); and each table keeps within its quota of 200 custom entries.
  - The service takes one route write at a time per VPC (C(TaskConflict) otherwise). The module waits until every
    entry of the tables is C(Available) before writing, waits for each write before the next one, and waits out
    another writer's conflict within O(wait_timeout) by reading again and planning again.
  - Which side of the connection is routed is decided by which of its two VPCs the credentials own; a connection
    between two VPCs of one account needs O(vpc_id).
author:
  - alibabacloud.vpcpeer maintainers (@alibabacloud-vpcpeer)
options:
  instance_id:
    description:
      - The ID of the VPC peering connection, C(pcc-) followed by lowercase letters and digits.
    type: str
    required: true
    aliases: [id]
  vpc_id:
    description:
      - The VPC whose routes to manage - one of the connection's two VPCs.
      - Not needed when only one of them belongs to the account of the credentials (the usual case of a connection
        between two accounts); needed when one account owns both.
    type: str
  route_table_ids:
    description:
      - The route tables to manage, all of the VPC's.
      - If not set, the VPC's System route table.
    type: list
    elements: str
  destinations:
    description:
      - The destination CIDR blocks, IPv4 or IPv6; a bare address means a /32 (/128). A block with host bits set, such
        as V(10.0.0.1/16), is refused, naming the block it probably means.
      - If not set, the IPv4 blocks of the other VPC of the connection, as C(GetVpcPeerConnectionAttribute) shows
        them.
      - Compared as networks - V(10.0.0.0/16) and a route the service lists as V(10.0.0.0/16) are the same.
    type: list
    elements: str
  name:
    description:
      - The name of the route entries, 1 to 128 characters, not starting with C(http://) or C(https://).
      - Set on new entries and changed on existing ones when it differs. Left unchanged when not set.
    type: str
  description:
    description:
      - The description of the route entries, 1 to 256 characters, not starting with C(http://) or C(https://).
      - Set on new entries and changed on existing ones when it differs. Left unchanged when not set.
    type: str
  state:
    description:
      - V(present) - a route to each destination goes through the connection in each table.
      - V(absent) - no route to the destinations goes through the connection in those tables.
    type: str
    choices: [present, absent]
    default: present
  purge:
    description:
      - With O(state=present), also delete the routes of those tables that point at the connection and go to other
        destinations than O(destinations). Only routes a user created (C(Custom), origin C(CustomCreate)).
    type: bool
    default: false
extends_documentation_fragment:
  - alibabacloud.vpcpeer.connection
  - alibabacloud.vpcpeer.wait
  - ansible.builtin.action_common_attributes
  - ansible.builtin.action_common_attributes.flow
  - alibabacloud.vpcpeer.attributes.controller
attributes:
  check_mode:
    support: full
    details:
      - One read, then C(CreateRouteEntry), C(ModifyRouteEntry) and C(DeleteRouteEntry) are sent with C(DryRun=true),
        so the service checks each; any answer but C(DryRunOperation) fails the task.
      - Check mode never waits. A call the service would refuse for now (entries of the tables still being written, or
        a new route through a connection that is not C(Activated) yet) is predicted, not dry-run, with a warning.
  diff_mode:
    support: full
    details:
      - The diff shows, for each table, its entries that point at the connection - destination, name, description and
        status - before and after.
  platform:
    support: full
    platforms: posix
notes:
  - With O(wait=true) (the default) the task returns once every route written is C(Available) (or gone), with the
    entries as read then. Writes are waited for one by one in any case, since the VPC takes one at a time; O(wait=false)
    only skips waiting for the last one.
  - Each C(CreateRouteEntry) carries a client token reused on its retries, so a lost answer never creates a second
    route. C(DeleteRouteEntry) and C(ModifyRouteEntry) take none - after a lost answer the module reads the table
    again instead of resending.
  - C(changed) is V(true) whenever the service accepted a write, also when the task then fails; RV(applied_actions)
    lists them.
  - The other side's routes are that account's to manage - run this module with its credentials as well (see the
    example).
  - RAM actions needed - C(vpc:GetVpcPeerConnectionAttribute), C(vpc:DescribeVpcAttribute), C(vpc:DescribeVSwitches),
    C(vpc:DescribeRouteTableList), C(vpc:DescribeRouteEntryList), and to change routes C(vpc:CreateRouteEntry),
    C(vpc:ModifyRouteEntry), C(vpc:DeleteRouteEntry).
seealso:
  - module: alibabacloud.vpcpeer.vpc_peer_connection
  - name: VPC API 2016-04-28, route entries
    description: The API operations this module calls.
    link: https://api.alibabacloud.com/api/Vpc/2016-04-28
'''

EXAMPLES = r'''
- name: Route the accepter VPC's blocks through the connection (System table of the requester's VPC)
  alibabacloud.vpcpeer.vpc_peer_route:
    profile: requester
    instance_id: pcc-lnk0m24khwvtkm1234

- name: And back, on the accepter's side
  alibabacloud.vpcpeer.vpc_peer_route:
    profile: accepter
    instance_id: pcc-lnk0m24khwvtkm1234

- name: Two custom tables, chosen destinations, named routes; remove the other routes through the connection there
  alibabacloud.vpcpeer.vpc_peer_route:
    instance_id: pcc-lnk0m24khwvtkm1234
    route_table_ids: [vtb-bp1app000000000001, vtb-bp1db0000000000001]
    destinations: [172.16.0.0/20, 172.16.32.0/20]
    name: to-shared-services
    description: Managed by Ansible
    purge: true

- name: A connection between two VPCs of one account - name the side
  alibabacloud.vpcpeer.vpc_peer_route:
    instance_id: pcc-lnk0m24khwvtkm1234
    vpc_id: vpc-bp1gsk7h12ew7oegk1234

- name: Preview, with the diff
  alibabacloud.vpcpeer.vpc_peer_route:
    instance_id: pcc-lnk0m24khwvtkm1234
  check_mode: true
  diff: true

- name: Remove the routes through the connection before deleting it
  alibabacloud.vpcpeer.vpc_peer_route:
    instance_id: pcc-lnk0m24khwvtkm1234
    state: absent
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
vpc_peer_route:
  description:
    - The side of the connection routed, and the entries of its tables that point at the connection.
    - After a change with O(wait=true), as read once the writes settled; with O(wait=false) and in check mode, as
      predicted (new entries have no RV(vpc_peer_route.route_entries[].route_entry_id) yet).
  returned: success, and on failure when the connection was read
  type: dict
  contains:
    instance_id:
      description: The peering connection.
      returned: always
      type: str
      sample: pcc-lnk0m24khwvtkm1234
    vpc_id:
      description: The VPC routed, on the side of the account of the credentials.
      returned: always
      type: str
      sample: vpc-bp1gsk7h12ew7oegk1234
    region_id:
      description: The region of that VPC, where its routes live.
      returned: always
      type: str
      sample: cn-hangzhou
    side:
      description: Which end of the connection that VPC is, V(requester) or V(accepter).
      returned: always
      type: str
      sample: requester
    route_table_ids:
      description: The route tables managed.
      returned: always
      type: list
      elements: str
      sample: [vtb-bp1system00000001]
    route_entries:
      description: The entries of those tables whose next hop is the connection.
      returned: always
      type: list
      elements: dict
      contains:
        route_entry_id:
          description: The ID of the entry (C(rte-...)); null for one check mode predicts.
          returned: always
          type: str
          sample: rte-bp1mnnr2al0naomnpxxx
        route_table_id:
          description: Its route table.
          returned: always
          type: str
          sample: vtb-bp1system00000001
        destination_cidr_block:
          description: Its destination.
          returned: always
          type: str
          sample: 172.16.0.0/16
        status:
          description: V(Pending), V(Available), V(Modifying) or V(Deleting).
          returned: always
          type: str
          sample: Available
        type:
          description: V(Custom) for routes a user created.
          returned: always
          type: str
          sample: Custom
        origin:
          description: Where the route comes from, such as V(CustomCreate).
          returned: always
          type: str
          sample: CustomCreate
        name:
          description: The name of the entry.
          returned: always
          type: str
          sample: to-shared-services
        description:
          description: The description of the entry.
          returned: always
          type: str
          sample: Managed by Ansible
        ip_version:
          description: V(ipv4) or V(ipv6).
          returned: always
          type: str
          sample: ipv4
        next_hop_type:
          description: V(VpcPeer).
          returned: always
          type: str
          sample: VpcPeer
        next_hop_id:
          description: The connection.
          returned: always
          type: str
          sample: pcc-lnk0m24khwvtkm1234
        next_hops:
          description: Every next hop of the entry, each with C(next_hop_type) and C(next_hop_id).
          returned: always
          type: list
          elements: dict
applied_actions:
  description:
    - The calls that changed something, in order, each as the service accepted it (empty in check mode). Also in the
      result of a failed task, whose C(changed) is then V(true).
  returned: always, and on failure
  type: list
  elements: dict
  contains:
    action:
      description: The API action, such as C(CreateRouteEntry).
      returned: always
      type: str
      sample: CreateRouteEntry
    request_id:
      description: The request ID of the accepted call; null when its answer was lost.
      returned: always
      type: str
      sample: 880C99E1-449B-524A-B81F-1EC53D2A7EAC
    answer_lost:
      description: V(true) when the call's answer never came back; the service may or may not have applied it.
      returned: always
      type: bool
      sample: false
diff:
  description: For each managed table, its entries that point at the connection, before and after.
  returned: in diff mode
  type: dict
  contains:
    before:
      description: "C({table id: [{destination_cidr_block, name, description, status}, ...]})."
      returned: in diff mode
      type: dict
    after:
      description: The same after the change (predicted in check mode and with O(wait=false)).
      returned: in diff mode
      type: dict
error:
  description: The API error that failed the task, as for M(alibabacloud.vpcpeer.vpc_peer_connection).
  returned: when an API call failed
  type: dict
'''

from ansible_collections.alibabacloud.vpcpeer.plugins.module_utils.module import VpcPeerModule
from ansible_collections.alibabacloud.vpcpeer.plugins.module_utils.routes import run_vpc_peer_route, vpc_peer_route_spec


def main() -> None:
    VpcPeerModule(**vpc_peer_route_spec()).execute(run_vpc_peer_route)


if __name__ == '__main__':
    main()
