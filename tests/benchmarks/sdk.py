# Copyright: (c) 2025, alibabacloud.vpcpeer maintainers
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Direct SDK clients for the parts of the benchmarks that are not Ansible runs: the Terraform-like poller
and the emulator's capacity. SDK-level retries are off, as in the collection."""

from __future__ import annotations

import time
import uuid
from typing import Any, Dict, Optional


def client(endpoint_url: str, access_key_id: str, access_key_secret: str, read_timeout_ms: int = 10000) -> Any:
    from alibabacloud_tea_openapi.models import Config
    from alibabacloud_vpcpeer20220101.client import Client
    host = endpoint_url.split('://', 1)[-1]
    config = Config(endpoint=host, protocol='http', access_key_id=access_key_id, access_key_secret=access_key_secret,
                    connect_timeout=5000, read_timeout=read_timeout_ms)
    config.retry_options = None
    return Client(config)


def get(sdk_client: Any, instance_id: str) -> Dict[str, Any]:
    from alibabacloud_vpcpeer20220101 import models
    return sdk_client.get_vpc_peer_connection_attribute(
        models.GetVpcPeerConnectionAttributeRequest(instance_id=instance_id)).body.to_map()


def modify(sdk_client: Any, instance_id: str, client_token: Optional[str] = None, **fields: Any) -> Dict[str, Any]:
    from alibabacloud_vpcpeer20220101 import models
    request = models.ModifyVpcPeerConnectionRequest(instance_id=instance_id, client_token=client_token, **fields)
    return sdk_client.modify_vpc_peer_connection(request).body.to_map()


def terraform_like_update(sdk_client: Any, instance_id: str, changes: Dict[str, Any]) -> Dict[str, Any]:
    """What ``terraform apply`` does for a changed name/bandwidth of alicloud_vpc_peer_connection
    (the provider's Update and BuildStateConf): the refresh Read, ModifyVpcPeerConnection with a fresh
    ClientToken, StateChangeConf(target Activated, Delay 5 s, MinTimeout 3 s), then the final Read.
    The StateChangeConf waits double from 100 ms, at least MinTimeout, at most 10 s: 3, 6, 10, 10... s.
    Retries of single calls (a fixed 5 s sleep and a new ClientToken each time) are not exercised here:
    the runs this poller takes part in inject no faults."""
    get(sdk_client, instance_id)                                      # refresh before the plan
    token = 'TF-ModifyVpcPeerConnection-%d-%s' % (int(time.time()), uuid.uuid4())
    modify(sdk_client, instance_id, client_token=token[:64], **changes)
    time.sleep(5.0)                                                   # Delay
    wait = 0.1
    while True:
        if get(sdk_client, instance_id).get('Status') == 'Activated':
            break
        wait = min(10.0, max(3.0, wait * 2))
        time.sleep(wait)
    final = get(sdk_client, instance_id)                              # Read at the end of Update
    return {'end': time.time(), 'status': final.get('Status')}
