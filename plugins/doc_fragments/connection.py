# Copyright: (c) 2025, alibabacloud.vpcpeer maintainers
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations


class ModuleDocFragment:
    # Connection options shared by every module of alibabacloud.vpcpeer.
    DOCUMENTATION = r'''
options:
  access_key_id:
    description:
      - The AccessKey ID of an Alibaba Cloud account, RAM user or STS token.
      - If not set, the value of the environment variable E(ALIBABA_CLOUD_ACCESS_KEY_ID) is used, then
        E(ALICLOUD_ACCESS_KEY).
      - Must be given together with O(access_key_secret). When neither is set (options or environment),
        the credentials come from O(profile) or, without a profile, from the C(alibabacloud-credentials)
        default chain.
    type: str
  access_key_secret:
    description:
      - The AccessKey secret that belongs to O(access_key_id).
      - If not set, the value of the environment variable E(ALIBABA_CLOUD_ACCESS_KEY_SECRET) is used, then
        E(ALICLOUD_SECRET_KEY).
      - Never logged nor returned.
    type: str
  security_token:
    description:
      - An STS security token, for temporary credentials. Needs the temporary O(access_key_id) and
        O(access_key_secret) it was issued with.
      - If not set, the value of the environment variable E(ALIBABA_CLOUD_SECURITY_TOKEN) is used, then
        E(ALICLOUD_SECURITY_TOKEN).
      - Never logged nor returned.
    type: str
  region_id:
    description:
      - The region of the requester, for example V(cn-hangzhou).
      - If not set, the value of the environment variable E(ALIBABA_CLOUD_REGION_ID) is used, then
        E(ALICLOUD_REGION).
      - The VpcPeer API has one global endpoint, and actions on an existing connection address it by its id,
        so modifying, accepting, rejecting or deleting a connection by its id does not need a region.
      - Creating a connection needs it (the region of the requester VPC). Looking connections up by their VPCs, and
        listing them, are limited to the connections whose caller's side is in this region when it is set.
    type: str
  profile:
    description:
      - A named profile to take the credentials from, looked up first in the aliyun CLI file
        C(~/.aliyun/config.json), then in the C(alibabacloud-credentials) file
        (E(ALIBABA_CLOUD_CREDENTIALS_FILE), default C(~/.alibabacloud/credentials.ini)).
      - If not set, the value of the environment variable E(ALIBABA_CLOUD_PROFILE) is used.
      - Ignored, with a warning, when an AccessKey pair is given (options or environment).
      - When neither an AccessKey pair nor a profile is given, the C(alibabacloud-credentials) default chain is
        used, which tries environment variables, an OIDC role, the CLI profile, the credentials file, the ECS RAM role
        and a credentials URI, in this order.
    type: str
  endpoint:
    description:
      - The VpcPeer API endpoint, as C(host[:port]), C(https://host[:port]) or C(http://host[:port]).
      - C(http://) means plain HTTP, for a local emulator only; anything else uses HTTPS.
      - If not set, the value of the environment variable E(ALIBABA_CLOUD_VPCPEER_ENDPOINT) is used, then
        V(vpcpeer.aliyuncs.com).
    type: str
  vpc_endpoint:
    description:
      - The VPC API (2016-04-28) endpoint, for every region, in the same forms as O(endpoint). Route entries live in
        that API, which is regional - each side's routes are read and written in that side's region.
      - If not set, the value of the environment variable E(ALIBABA_CLOUD_VPC_ENDPOINT) is used; then, when O(endpoint)
        is a plain-HTTP one (a local emulator, which serves both APIs), that same endpoint; else the region's endpoint
        as the SDK resolves it (C(vpc.<region>.aliyuncs.com), or C(vpc.aliyuncs.com) for some regions).
      - Used by M(alibabacloud.vpcpeer.vpc_peer_route), and by M(alibabacloud.vpcpeer.vpc_peer_connection) to find the
        routes that point at a connection it is asked to delete.
    type: str
  connect_timeout:
    description:
      - Seconds to wait for a connection to the endpoint, per attempt.
      - Never more than the time left before O(ignore:wait_timeout) where the module has one.
    type: float
    default: 5
  read_timeout:
    description:
      - Seconds to wait for an answer, per attempt, so a hung answer is bounded. A timed-out attempt is retried.
      - Never more than the time left before O(ignore:wait_timeout) where the module has one.
    type: float
    default: 10
notes:
  - Calls that fail with throttling, C(ServiceUnavailable), C(InternalError), another HTTP 5xx, a lost answer (read
    time-out, broken connection) or an answer that is not the API's are retried with capped exponential backoff and
    jitter, honouring the service's C(x-acs-retry-after). Every change that takes a client token is sent with one that
    is reused on each retry, so a retry after a lost answer never applies a change twice; a change without one is
    not resent after a lost answer, but read again.
  - A host name that does not resolve, a TLS or protocol mismatch, or a non-API 4xx answer fail at once; a refused
    connection is retried for about 5 seconds.
  - Errors name the API error code, the service's message and the request id, and say what to do.
  - Proxies are taken from E(HTTPS_PROXY) (or E(HTTP_PROXY) for a plain-HTTP endpoint) and E(ALL_PROXY), either case,
    unless E(NO_PROXY) names the endpoint's host, as curl and Python's requests decide it.
requirements:
  - python >= 3.9
  - alibabacloud-vpcpeer20220101 >= 2.0.5
  - alibabacloud-vpc20160428 >= 7.2.2 (for the routes)
  - alibabacloud-tea-openapi >= 0.4.6
  - alibabacloud-credentials >= 1.0.12
'''
