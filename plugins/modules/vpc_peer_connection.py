#!/usr/bin/python
# Copyright: (c) 2025, alibabacloud.vpcpeer maintainers
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r'''
---
module: vpc_peer_connection
short_description: Modify an Alibaba Cloud VPC peering connection
version_added: 1.0.0
description:
  - Brings the name, description, bandwidth and link type of an existing VPC peering connection
    (VpcPeer API 2022-01-01) to the values the task asks for. Only the options the task sets are compared,
    and only those that differ are sent, in one C(ModifyVpcPeerConnection) call.
  - Nothing differs - the task reports C(changed=false) after exactly one API call.
  - In check mode the change is previewed through the API's own dry run (C(DryRun=true)), so permissions, quotas
    and the connection's state are checked by the service; nothing changes.
  - A connection that is C(Creating) or C(Updating) is waited for before it is compared. One that is
    C(Accepting), C(Rejected), C(Expired), C(Deleting) or C(Deleted) can never be modified, and the task fails
    at once saying what to do.
  - When another change of the same connection is in flight (C(IncorrectStatus.VpcPeer)), the module waits until
    the connection is C(Activated), compares again, and then sends what still differs.
author:
  - alibabacloud.vpcpeer maintainers (@alibabacloud-vpcpeer)
options:
  instance_id:
    description:
      - The ID of the VPC peering connection, C(pcc-) followed by lowercase letters and digits.
    type: str
    required: true
    aliases: [id]
  name:
    description:
      - The name the connection should have, 1 to 128 characters, not starting with C(http://) or C(https://).
      - Left unchanged when not set.
    type: str
  description:
    description:
      - The description the connection should have, 1 to 256 characters, not starting with C(http://) or
        C(https://).
      - Left unchanged when not set.
    type: str
  bandwidth:
    description:
      - The bandwidth the connection should have, in Mbit/s, greater than 0.
      - Only for cross-region connections. Connections between two VPCs of the same region always have unlimited
        bandwidth, reported as V(-1); setting O(bandwidth) on one fails before any change.
      - Left unchanged when not set.
    type: int
  link_type:
    description:
      - The link type the connection should have. V(Platinum) must be enabled for the account.
      - Only for cross-region connections; same-region connections report an empty link type, and setting
        O(link_type) on one fails before any change.
      - Left unchanged when not set.
    type: str
    choices: [Platinum, Gold]
extends_documentation_fragment:
  - alibabacloud.vpcpeer.connection
  - alibabacloud.vpcpeer.wait
  - ansible.builtin.action_common_attributes
attributes:
  check_mode:
    support: full
    details: Check mode sends C(ModifyVpcPeerConnection) with C(DryRun=true) and only the differing values.
  diff_mode:
    support: full
    details: The diff shows the name, description, bandwidth and link type before and after the change.
  platform:
    support: full
    platforms: posix
notes:
  - With O(wait=true) (the default) the task reports a change only once the connection is C(Activated) again and
    the new values can be read back. A read just after the change may still show the old values; such reads are
    not taken as done. If another task changed the same connection right after this one, its values win, and the
    module returns them with a warning.
  - With O(wait=false) the task returns right after C(ModifyVpcPeerConnection) was accepted. The returned
    RV(vpc_peer_connection) is then the connection as read before the change, with the requested values filled
    in; its RV(vpc_peer_connection.status) and RV(vpc_peer_connection.gmt_modified) are those read before the
    change (the connection is usually C(Updating) at that moment).
  - In check mode the returned RV(vpc_peer_connection) is likewise the predicted one.
seealso:
  - name: ModifyVpcPeerConnection
    description: The API operation this module calls.
    link: https://api.alibabacloud.com/api/VpcPeer/2022-01-01/ModifyVpcPeerConnection
'''

EXAMPLES = r'''
- name: Rename a peering connection and give it 200 Mbit/s
  alibabacloud.vpcpeer.vpc_peer_connection:
    instance_id: pcc-lnk0m24khwvtkm1234
    name: prod-to-dr
    description: Production VPC to disaster-recovery VPC
    bandwidth: 200

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
vpc_peer_connection:
  description:
    - The VPC peering connection, with every attribute of C(GetVpcPeerConnectionAttribute) in snake_case.
    - After a change with O(wait=true), the fresh attributes read once the change took effect. With O(wait=false)
      and in check mode, the attributes read before the change with the requested values filled in.
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
diff:
  description: The managed attributes before and after the change.
  returned: in diff mode
  type: dict
  contains:
    before:
      description: V(name), V(description), V(bandwidth) and V(link_type) before the change.
      returned: in diff mode
      type: dict
      sample: {"name": "old", "description": "d", "bandwidth": 100, "link_type": "Gold"}
    after:
      description: The same attributes after the change (predicted in check mode and with O(wait=false)).
      returned: in diff mode
      type: dict
      sample: {"name": "prod-to-dr", "description": "d", "bandwidth": 200, "link_type": "Gold"}
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
from ansible_collections.alibabacloud.vpcpeer.plugins.module_utils.vpc_peer import LINK_TYPES, run_modify


def main() -> None:
    module = VpcPeerModule(
        argument_spec=dict(
            instance_id=dict(type='str', required=True, aliases=['id']),
            name=dict(type='str'),
            description=dict(type='str'),
            bandwidth=dict(type='int'),
            link_type=dict(type='str', choices=list(LINK_TYPES)),
            wait=dict(type='bool', default=True),
            wait_timeout=dict(type='int', default=600),
        ),
        supports_check_mode=True,
    )
    module.execute(run_modify)


if __name__ == '__main__':
    main()
