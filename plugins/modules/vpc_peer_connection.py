#!/usr/bin/python
# Copyright: (c) 2025, alibabacloud.vpcpeer maintainers
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r'''
---
module: vpc_peer_connection
short_description: Create, modify, accept, reject and delete Alibaba Cloud VPC peering connections
version_added: 1.0.0
description:
  - Manages the whole life cycle of a VPC peering connection (VpcPeer API 2022-01-01) from either account.
  - O(state=present) with O(instance_id) brings the name, description, bandwidth and link type of an existing
    connection to the values the task asks for. Only the options the task sets are compared, and only those that
    differ are sent, in one C(ModifyVpcPeerConnection) call. Nothing differs - C(changed=false) after exactly one API
    call.
  - O(state=present) without O(instance_id) first looks for a connection between O(vpc_id) and O(accepting_vpc_id),
    in either direction, that is not C(Rejected), C(Expired), C(Deleting) or C(Deleted). If there is one, it is the
    connection, and the module brings it to what the task asks; it never creates a second one. Otherwise it creates the
    connection with C(CreateVpcPeerConnection), and waits until it is C(Activated) (both VPCs in the same account) or
    C(Accepting) (the accepter account must accept it, see O(state=accepted)).
  - O(state=accepted), with the accepter account's credentials, accepts a connection that is C(Accepting) and waits
    until it is C(Activated); an C(Activated) connection is left as it is. The accepter's own tags and resource group,
    and the name, description, bandwidth and link type, are then managed as with O(state=present).
  - O(state=rejected), with the accepter account's credentials, rejects a connection that is C(Accepting); a
    C(Rejected) connection is left as it is.
  - O(state=absent) deletes the connection given by O(instance_id), or the one between O(vpc_id) and
    O(accepting_vpc_id), and waits until it is gone (C(Deleted), or no longer found). A connection that does not exist,
    or is being deleted already, gives C(changed=false). When more than one connection that is not C(Rejected),
    C(Expired), C(Deleting) or C(Deleted) joins the two VPCs, the task fails before deleting anything and names them;
    delete each by O(instance_id).
  - Only the accepter account accepts or rejects a request, and only the requester account deletes one that was not
    accepted (or was rejected, or expired). The module reads which side of the connection the credentials are on and
    refuses such a task before any change, naming the account that can; for two accounts in one region, where no read
    can tell, the service's C(Forbidden.NoPermission) is reported with both possible causes.
  - O(tags) and O(resource_group_id) are kept per account. Each account (requester and accepter) sees and manages its
    own tags and resource group of a connection.
  - In check mode, creating, accepting, rejecting, deleting and modifying are previewed through the API's own dry run
    (C(DryRun=true)), so permissions, quotas and the connection's state are checked by the service; nothing changes.
  - A connection that is C(Creating) or C(Updating) is waited for before anything is changed. One that is
    C(Accepting), C(Rejected), C(Expired), C(Deleting) or C(Deleted) can never be modified, and the task fails at once
    saying what to do.
  - When another change of the same connection is in flight (C(IncorrectStatus.VpcPeer)), the module waits until the
    connection is C(Activated), compares again, and then sends what still differs.
author:
  - alibabacloud.vpcpeer maintainers (@alibabacloud-vpcpeer)
options:
  state:
    description:
      - V(present) - the connection exists with the requested attributes; it is found by O(instance_id), or by its two
        VPCs and created when there is none.
      - V(accepted) - the accepter account accepts the connection O(instance_id) (and manages its attributes as with
        V(present)).
      - V(rejected) - the accepter account rejects the connection O(instance_id).
      - V(absent) - the connection O(instance_id), or the one between O(vpc_id) and O(accepting_vpc_id), does not exist.
    type: str
    choices: [present, absent, accepted, rejected]
    default: present
  instance_id:
    description:
      - The ID of the VPC peering connection, C(pcc-) followed by lowercase letters and digits.
      - Required with O(state=accepted) and O(state=rejected). With O(state=present) and O(state=absent), the
        connection may instead be named by O(vpc_id) and O(accepting_vpc_id).
    type: str
    aliases: [id]
  vpc_id:
    description:
      - The ID of the requester VPC, in the account of the credentials and in O(region_id).
      - With O(state=present) and no O(instance_id), required together with O(accepting_vpc_id),
        O(accepting_region_id), O(accepting_ali_uid) and O(region_id).
      - With O(state=absent) and no O(instance_id), required together with O(accepting_vpc_id); the connection between
        the two is looked up in O(region_id) (the region of O(vpc_id)) when that is set, else among all the account's
        connections.
      - With O(instance_id), it is only compared with the connection (see O(accepting_vpc_id)).
    type: str
  accepting_vpc_id:
    description:
      - The ID of the accepter VPC.
      - A connection joins two VPCs; a connection created the other way round (from O(accepting_vpc_id) to O(vpc_id))
        is the same connection, and is found and managed instead of creating a second one.
      - O(vpc_id), O(accepting_vpc_id), O(accepting_region_id), O(accepting_ali_uid) and O(region_id) cannot change
        after creation. When a task gives them for an existing connection (found by O(instance_id) or by its VPCs)
        and they differ from the connection's, the task fails before changing anything.
    type: str
  accepting_region_id:
    description:
      - The region of the accepter VPC, for example V(cn-shanghai). The same as O(region_id) for a connection within
        one region.
    type: str
  accepting_ali_uid:
    description:
      - The ID of the Alibaba Cloud account that owns the accepter VPC. Your own account ID for a connection between
        two of your VPCs (it is then Activated at once); another account's ID for a cross-account connection, which
        stays C(Accepting) until that account accepts it (O(state=accepted)), or expires after 7 days.
    type: int
  name:
    description:
      - The name the connection should have, not starting with C(http://) or C(https://); 1 to 128 characters to modify
        a connection.
      - When the task may create the connection (O(state=present) without O(instance_id)), the stricter rule of
        C(CreateVpcPeerConnection) applies - 2 to 128 characters, starting with a letter, and only letters, digits,
        underscores (C(_)) and hyphens (C(-)).
      - Every rule is checked before any API call.
      - Left unchanged when not set.
    type: str
  description:
    description:
      - The description the connection should have, not starting with C(http://) or C(https://); 1 to 256 characters
        to modify a connection, 2 to 256 starting with a letter when the task may create it.
      - Left unchanged when not set.
    type: str
  bandwidth:
    description:
      - The bandwidth the connection should have, in Mbit/s, from 1 to 2147483647 (the API's integer type; the account's
        quota is usually far lower, and the service refuses more with C(QuotaExceeded.Bandwidth)).
      - Only for cross-region connections. Connections between two VPCs of the same region always have unlimited
        bandwidth, reported as V(-1); setting O(bandwidth) on one fails before any change.
      - Left unchanged when not set. A new cross-region connection gets the service's default (1024) when not set.
    type: int
  link_type:
    description:
      - The link type the connection should have. V(Platinum) must be enabled for the account.
      - Only for cross-region connections; same-region connections report an empty link type, and setting
        O(link_type) on one fails before any change.
      - Left unchanged when not set.
    type: str
    choices: [Platinum, Gold]
  resource_group_id:
    description:
      - The resource group the connection should be in, in the account of the credentials.
      - Given to C(CreateVpcPeerConnection) and C(AcceptVpcPeerConnection); an existing connection is moved with
        C(MoveResourceGroup).
      - Left unchanged when not set.
    type: str
  tags:
    description:
      - The tags the connection should have, as a dictionary; at most 20. Keys must not start with C(aliyun) or
        C(acs:).
      - Values are stored as strings - V(true) and V(false) for booleans (as Terraform stores them), numbers in
        decimal - and compared the same way, so a boolean tag does not change on every run.
      - Only the differences are sent, C(TagResources) for tags added or changed and C(UnTagResources) for tags removed.
      - Left unchanged when not set. V({}) with O(purge_tags=true) removes every tag.
    type: dict
  purge_tags:
    description:
      - Remove the tags that are not in O(tags). System tags (C(aliyun*), C(acs:*)) are never removed.
      - When V(false), tags not in O(tags) are kept.
      - Has no effect when O(tags) is not set.
    type: bool
    default: true
  force:
    description:
      - With O(state=absent), also delete the route entries that point at the connection (C(Force=true)).
      - Without it, deleting a connection that routes still point at fails with C(OperationDenied.RouteEntryExist),
        and nothing is deleted.
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
      - C(CreateVpcPeerConnection), C(AcceptVpcPeerConnection), C(RejectVpcPeerConnection),
        C(DeleteVpcPeerConnection) and C(ModifyVpcPeerConnection) are sent with C(DryRun=true) (Modify with only the
        differing values), so the service checks them; any answer but C(DryRunOperation) fails the task.
      - C(TagResources), C(UnTagResources) and C(MoveResourceGroup) have no dry run; check mode predicts them from the
        comparison of the tags and resource group only.
      - A modification that follows an acceptance cannot be dry-run before the connection is C(Activated); check mode
        predicts it from the comparison.
      - Check mode never waits - it reads once. A call the service would refuse for now (the connection is C(Creating) or
        C(Updating), or a connection between the same VPCs is still C(Deleting)) is predicted, not dry-run, with a warning.
  diff_mode:
    support: full
    details:
      - The diff shows the name, description, bandwidth and link type before and after the change, plus the tags and
        the resource group when the task sets them, and the status with O(state=accepted) and O(state=rejected).
      - A created connection has an empty C(before), a deleted one an empty C(after).
  platform:
    support: full
    platforms: posix
notes:
  - With O(wait=true) (the default) the task reports a change only once it has taken effect - a modification once the
    connection is C(Activated) again and the new values can be read back, tags and resource group once they can be read
    back, a new connection once it is C(Activated) or C(Accepting), an accepted one once it is C(Activated), a rejected
    one once it is C(Rejected), a deleted one once it is C(Deleted) or C(GetVpcPeerConnectionAttribute) answers that it
    does not exist. A read just after a modification may still show some old values (fields become visible one by one,
    replicas lag); the module keeps reading until every requested value shows. Only when a field shows a value that is
    neither its old one nor the requested one did another task change the same connection right after this one; its
    values win, and the module returns them with a warning.
  - C(changed) is V(true) whenever the service accepted a change, also when the task then fails (for example when
    O(wait_timeout) ends before the change shows); RV(applied_actions) lists the calls it accepted.
  - With O(wait=false) the task returns right after the API accepted the change. The returned RV(vpc_peer_connection)
    is then the connection as read before the change with the requested values filled in (a new connection - its new
    RV(vpc_peer_connection.instance_id) and the requested values), and the status one read shows right after the
    calls (such as C(Updating) or C(Creating)). An acceptance that the task
    follows with a modification, or with tags to remove, waits for C(Activated) in any case, since only an
    C(Activated) connection can be modified.
  - In check mode the returned RV(vpc_peer_connection) is likewise the predicted one. A connection that check mode
    would create has no RV(vpc_peer_connection.instance_id) yet, and the attributes only the service assigns are null.
  - Creating sends a client token made once per task run and reused on every retry, so a retry after a lost answer
    never creates a second connection; and looking for an existing connection first means running the task again
    never does either.
  - O(region_id) is the requester's region when creating. Tags and the resource group are set in the region of the
    caller's own side of the connection, which the module finds out itself.
seealso:
  - module: alibabacloud.vpcpeer.vpc_peer_connection_info
  - name: VpcPeer API 2022-01-01
    description: The API operations this module calls.
    link: https://api.alibabacloud.com/api/VpcPeer/2022-01-01
'''

EXAMPLES = r'''
- name: Rename a peering connection and give it 200 Mbit/s
  alibabacloud.vpcpeer.vpc_peer_connection:
    instance_id: pcc-lnk0m24khwvtkm1234
    name: prod-to-dr
    description: Production VPC to disaster-recovery VPC
    bandwidth: 200

- name: Create (or find) the connection between two VPCs of one account, in two regions
  alibabacloud.vpcpeer.vpc_peer_connection:
    region_id: cn-hangzhou
    vpc_id: vpc-bp1gsk7h12ew7oegk1234
    accepting_region_id: cn-shanghai
    accepting_vpc_id: vpc-uf6nx8nxl4hg7lmc1234
    accepting_ali_uid: 1210123456123456
    name: prod-to-dr
    description: Production to disaster recovery
    bandwidth: 1024
    resource_group_id: rg-acfmxazb4ph6aiy
    tags:
      env: prod
      owner: network-team
  register: peering

- name: Ask another account to peer (the connection stays Accepting until that account accepts it)
  alibabacloud.vpcpeer.vpc_peer_connection:
    profile: requester
    region_id: cn-hangzhou
    vpc_id: vpc-bp1gsk7h12ew7oegk1234
    accepting_region_id: cn-hangzhou
    accepting_vpc_id: vpc-bp1partner0000001234
    accepting_ali_uid: 1987654321098765
    name: to-partner
  register: request

- name: Accept it with the accepter account, in that account's own resource group and with its own tags
  alibabacloud.vpcpeer.vpc_peer_connection:
    profile: accepter
    state: accepted
    instance_id: "{{ request.vpc_peer_connection.instance_id }}"
    resource_group_id: rg-aek2partner1234
    tags:
      peer: requester-account

- name: Or reject it
  alibabacloud.vpcpeer.vpc_peer_connection:
    profile: accepter
    state: rejected
    instance_id: "{{ request.vpc_peer_connection.instance_id }}"

- name: Add a tag and keep the others
  alibabacloud.vpcpeer.vpc_peer_connection:
    instance_id: pcc-lnk0m24khwvtkm1234
    tags:
      cost-center: "4711"
    purge_tags: false

- name: Move the connection to another resource group
  alibabacloud.vpcpeer.vpc_peer_connection:
    instance_id: pcc-lnk0m24khwvtkm1234
    resource_group_id: rg-aek2k3rqlvv6jiy

- name: Preview a change of link type without making it (check mode and diff)
  alibabacloud.vpcpeer.vpc_peer_connection:
    instance_id: pcc-lnk0m24khwvtkm1234
    link_type: Platinum
  check_mode: true
  diff: true
  register: preview

- name: Start the change and continue without waiting for it to finish
  alibabacloud.vpcpeer.vpc_peer_connection:
    id: pcc-lnk0m24khwvtkm1234
    description: Changed without waiting
    wait: false

- name: Delete the connection between two VPCs, with the routes that still point at it
  alibabacloud.vpcpeer.vpc_peer_connection:
    state: absent
    region_id: cn-hangzhou
    vpc_id: vpc-bp1gsk7h12ew7oegk1234
    accepting_vpc_id: vpc-uf6nx8nxl4hg7lmc1234
    force: true

- name: Delete a connection by its ID
  alibabacloud.vpcpeer.vpc_peer_connection:
    state: absent
    instance_id: pcc-lnk0m24khwvtkm1234

- name: Credentials from a named profile of ~/.aliyun/config.json, a longer time budget
  alibabacloud.vpcpeer.vpc_peer_connection:
    instance_id: pcc-lnk0m24khwvtkm1234
    bandwidth: 500
    profile: network-admin
    wait_timeout: 1200

# Credentials from the environment, for example in an AWX custom credential type or a CI job:
#   export ALIBABA_CLOUD_ACCESS_KEY_ID=... ALIBABA_CLOUD_ACCESS_KEY_SECRET=...
#   ansible localhost -m alibabacloud.vpcpeer.vpc_peer_connection -a 'instance_id=pcc-lnk0m24khwvtkm1234 name=prod-to-dr'
- name: Credentials given explicitly, from vaulted variables
  alibabacloud.vpcpeer.vpc_peer_connection:
    instance_id: pcc-lnk0m24khwvtkm1234
    name: prod-to-dr
    access_key_id: "{{ vault_alibaba_access_key_id }}"
    access_key_secret: "{{ vault_alibaba_access_key_secret }}"

- name: Against the local VpcPeer emulator (plain HTTP) of this collection's tests
  alibabacloud.vpcpeer.vpc_peer_connection:
    instance_id: "{{ emulator_instance_id }}"
    name: demo
    endpoint: http://127.0.0.1:8080
    access_key_id: EMULATOR-AK-REQUESTER
    access_key_secret: emulator-secret-requester
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
vpc_peer_connection:
  description:
    - The VPC peering connection, with every attribute of C(GetVpcPeerConnectionAttribute) in snake_case, in the same
      shape as each item of RV(alibabacloud.vpcpeer.vpc_peer_connection_info#module:vpc_peer_connections).
    - After a change with O(wait=true), the fresh attributes read once the change took effect. With O(wait=false)
      and in check mode, the attributes read before the change with the requested values filled in.
    - With O(state=absent), the connection as it was read before it was deleted, or V({}) when there was none.
    - The tags and the resource group are those of the account of the credentials.
  returned: success, and on failure when the connection was read
  type: dict
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
applied_actions:
  description:
    - The calls that changed something, in order, each as the service accepted it. Empty when nothing changed, and in
      check mode (dry runs change nothing).
    - Also in the result of a failed task, whose C(changed) is V(true) when this list is not empty.
  returned: always, and on failure
  type: list
  elements: dict
  contains:
    action:
      description: The API action, such as C(ModifyVpcPeerConnection) or C(TagResources).
      returned: always
      type: str
      sample: ModifyVpcPeerConnection
    request_id:
      description: The request ID of the accepted call, for Alibaba Cloud support; null when its answer was lost.
      returned: always
      type: str
      sample: 880C99E1-449B-524A-B81F-1EC53D2A7EAC
    answer_lost:
      description:
        - V(true) when the call was sent but its answer never came back, after every retry with the same client
          token; the service may or may not have applied it. Run the task again to converge.
      returned: always
      type: bool
      sample: false
diff:
  description: The managed attributes before and after the change.
  returned: in diff mode
  type: dict
  contains:
    before:
      description:
        - V(name), V(description), V(bandwidth) and V(link_type) before the change; V(tags) and V(resource_group_id)
          too when the task sets them, and V(status) with O(state=accepted) and O(state=rejected).
        - Empty when the connection is created. When it is deleted, its IDs, VPCs, regions, status, attributes,
          tags and resource group.
      returned: in diff mode
      type: dict
      sample: {"name": "old", "description": "d", "bandwidth": 100, "link_type": "Gold", "tags": {"env": "test"}}
    after:
      description:
        - The same attributes after the change (predicted in check mode and with O(wait=false)).
        - Empty when the connection is deleted. When it is created, its IDs, VPCs, regions, status, attributes, tags
          and resource group.
      returned: in diff mode
      type: dict
      sample: {"name": "prod-to-dr", "description": "d", "bandwidth": 200, "link_type": "Gold", "tags": {"env": "prod"}}
error:
  description: The API error that failed the task.
  returned: when an API call failed
  type: dict
  contains:
    code:
      description: The API error code, or a C(SDK.*) code when the service was not reached or did not answer usably.
      returned: always
      type: str
      sample: IncorrectStatus.VpcPeer
    message:
      description: The service's error message.
      returned: always
      type: str
      sample: The status of pcc-lnk0m24khwvtkm1234 [Updating] is incorrect.
    request_id:
      description: The request ID, for Alibaba Cloud support.
      returned: always
      type: str
      sample: 880C99E1-449B-524A-B81F-1EC53D2A7EAC
    recommend:
      description: The service's troubleshooting link, when it sent one.
      returned: always
      type: str
      sample: https://api.alibabacloud.com/troubleshoot?q=IncorrectStatus.VpcPeer&product=VpcPeer
    action:
      description: The API action that failed.
      returned: always
      type: str
      sample: ModifyVpcPeerConnection
    http_status:
      description: The HTTP status of the error answer, when there was one.
      returned: always
      type: int
      sample: 400
    advice:
      description: What to do about the error, when known.
      returned: always
      type: str
      sample: Wait until it is Activated and run the task again.
'''

from ansible_collections.alibabacloud.vpcpeer.plugins.module_utils.module import VpcPeerModule
from ansible_collections.alibabacloud.vpcpeer.plugins.module_utils.peering import run_vpc_peer_connection, vpc_peer_connection_spec


def main() -> None:
    VpcPeerModule(**vpc_peer_connection_spec()).execute(run_vpc_peer_connection)


if __name__ == '__main__':
    main()
