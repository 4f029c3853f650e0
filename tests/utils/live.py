# Copyright (c) alibabacloud.vpcpeer contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""What the live tests (``make test-live``, ``make test-live-sweep``) share: their settings, read from the
environment, the run's id and the names and tags everything it creates carries, what a run creates and costs, and
the collection's own API facades for the scripts that call the APIs outside Ansible (the sweeper).

Settings, for each account (REQUESTER, ACCEPTER):

- ``LIVE_<ACCOUNT>_ACCESS_KEY_ID`` and ``LIVE_<ACCOUNT>_ACCESS_KEY_SECRET`` (and ``LIVE_<ACCOUNT>_SECURITY_TOKEN``
  for STS credentials), or ``LIVE_<ACCOUNT>_PROFILE``, a profile of ``~/.aliyun/config.json`` or
  ``~/.alibabacloud/credentials.ini``;
- ``LIVE_<ACCOUNT>_REGION``, the region of that account's VPC;

and ``LIVE_CONFIRM=yes-create-billable-resources``. ``LIVE_RUN_ID`` names a run (default: a new one); the sweeper
without it sweeps every run's leftovers. Against the emulator (``--endpoint emulator``) the two accounts are the
emulator's and no confirmation is needed; the regions default to cn-hangzhou and cn-shanghai.
"""

from __future__ import annotations

import os
import secrets
import sys
import time
from dataclasses import dataclass, field
from typing import Any, Dict, List, Mapping, Optional, Tuple

CONFIRMATION = 'yes-create-billable-resources'
TAG_KEY = 'vpcpeer-live-run'
NAME_PREFIX = 'vpcpeer-live-'
ACCOUNTS = ('requester', 'accepter')
REAL_ENDPOINT = 'vpcpeer.aliyuncs.com'
EMULATOR_REGIONS = {'requester': 'cn-hangzhou', 'accepter': 'cn-shanghai'}
# Non-overlapping blocks for the two VPCs (a peering connection refuses overlapping ones).
CIDRS = {'requester': '10.201.0.0/16', 'accepter': '10.202.0.0/16'}
BILLING_PAGE = 'https://www.alibabacloud.com/help/en/vpc/vpc-product-billing'


class SettingsError(Exception):
    """What is missing or wrong in the environment; the message lists every problem."""


@dataclass
class LiveAccount:
    name: str
    region: str
    credentials: Dict[str, str]  # the modules' options: access_key_id/access_key_secret/security_token, or profile
    cidr: str

    def module_options(self, endpoint: str, wait_timeout: float) -> Dict[str, Any]:
        """The connection options of a task (or a ``TaskRun``) acting as this account."""
        return dict(self.credentials, region_id=self.region, endpoint=endpoint, wait_timeout=wait_timeout)


@dataclass
class LiveSettings:
    endpoint: str                 # the VpcPeer endpoint: the real service's, or the emulator's http://127.0.0.1:PORT
    accounts: Dict[str, LiveAccount]
    run_id: str
    emulated: bool
    wait_timeout: float = 600.0
    secrets: List[str] = field(default_factory=list)

    @property
    def cross_region(self) -> bool:
        return self.accounts['requester'].region != self.accounts['accepter'].region


def new_run_id() -> str:
    """``vpcpeer-live-<UTC time>-<random>``: sorts by time, and tells runs started in the same second apart."""
    return NAME_PREFIX + time.strftime('%Y%m%d%H%M%S', time.gmtime()) + '-' + secrets.token_hex(2)


def _credentials(account: str, env: Mapping[str, str], problems: List[str]) -> Dict[str, str]:
    prefix = 'LIVE_%s_' % account.upper()
    key, secret = env.get(prefix + 'ACCESS_KEY_ID'), env.get(prefix + 'ACCESS_KEY_SECRET')
    token, profile = env.get(prefix + 'SECURITY_TOKEN'), env.get(prefix + 'PROFILE')
    if key and secret:
        return dict({'access_key_id': key, 'access_key_secret': secret}, **({'security_token': token} if token else {}))
    if profile and not (key or secret):
        return {'profile': profile}
    problems.append('%s account: set %sACCESS_KEY_ID and %sACCESS_KEY_SECRET (and %sSECURITY_TOKEN for STS '
                    'credentials), or %sPROFILE' % (account, prefix, prefix, prefix, prefix))
    return {}


def real_settings(env: Mapping[str, str]) -> LiveSettings:
    """The settings of a run against the real service; ``SettingsError`` lists whatever is missing."""
    problems: List[str] = []
    accounts = {}
    for account in ACCOUNTS:
        credentials = _credentials(account, env, problems)
        region = env.get('LIVE_%s_REGION' % account.upper())
        if not region:
            problems.append('%s account: set LIVE_%s_REGION (the region of its VPC)' % (account, account.upper()))
        accounts[account] = LiveAccount(account, region or '', credentials, CIDRS[account])
    if env.get('LIVE_CONFIRM') != CONFIRMATION:
        problems.append('set LIVE_CONFIRM=%s: the run creates resources in two real accounts' % CONFIRMATION)
    if problems:
        raise SettingsError('make test-live needs:\n  - ' + '\n  - '.join(problems))
    secret_values = [value for account in accounts.values() for name, value in account.credentials.items()
                     if name in ('access_key_secret', 'security_token')]
    return LiveSettings(REAL_ENDPOINT, accounts, env.get('LIVE_RUN_ID') or new_run_id(), emulated=False,
                        secrets=secret_values)


def emulator_settings(env: Mapping[str, str], base_url: str, emulator_config: Mapping[str, Any]) -> LiveSettings:
    """The settings of a run against a fresh emulator: its requester and accepter accounts' full keys."""
    accounts = {}
    for account in ACCOUNTS:
        key_id = 'EMULATOR-AK-' + account.upper()
        credentials = {'access_key_id': key_id, 'access_key_secret': emulator_config['access_keys'][key_id]['secret']}
        region = env.get('LIVE_%s_REGION' % account.upper()) or EMULATOR_REGIONS[account]
        accounts[account] = LiveAccount(account, region, credentials, CIDRS[account])
    return LiveSettings(base_url, accounts, env.get('LIVE_RUN_ID') or new_run_id(), emulated=True, wait_timeout=120.0)


def plan(settings: LiveSettings) -> str:
    """What the run creates and what that costs, printed before anything is created."""
    requester, accepter = settings.accounts['requester'], settings.accounts['accepter']
    where = 'the emulator at %s' % settings.endpoint if settings.emulated else 'the real service (%s)' % settings.endpoint
    kind = 'inter-region' if settings.cross_region else 'intra-region'
    lines = [
        'make test-live: run %s against %s' % (settings.run_id, where),
        'It creates, each named after the run and tagged %s=%s:' % (TAG_KEY, settings.run_id),
        '  - 2 VPCs: %s-requester (%s, %s, requester account) and %s-accepter (%s, %s, accepter account);'
        % (settings.run_id, requester.cidr, requester.region, settings.run_id, accepter.cidr, accepter.region),
        '    no vSwitches, no instances',
        '  - 1 %s VPC peering connection between them, requested, accepted, modified, tagged' % kind,
        '  - 2 route entries, one in each VPC\'s System route table, through the connection',
        'and deletes them again, in the order routes, connection, VPCs; the sweeper (make test-live-sweep) runs at the',
        'end whatever happened and deletes whatever carries the run\'s tag or name.',
        'Cost: VPCs, route tables and route entries are free, and so is an intra-region peering connection; an',
        'inter-region one bills its outbound traffic through Cloud Data Transfer (CDT), per GB by region pair and',
        'link type (%s; for example USD 0.072/GB for Gold within the Chinese mainland when this was written).' % BILLING_PAGE,
        'The tests send no traffic through the connection, so the expected charge is USD 0. CDT must be activated in',
        'both accounts for a peering connection to be created at all.',
    ]
    if settings.emulated:
        lines.append('(Against the emulator: nothing is billed, nothing leaves 127.0.0.1.)')
    return '\n'.join(lines)


def collection_imports(collections_dir: str) -> None:
    """Make the collection under test importable (its module_utils: credentials, retries, the API facades)."""
    path = os.path.abspath(collections_dir)
    if path not in sys.path:
        sys.path.insert(0, path)


def task_run(account: LiveAccount, endpoint: str, wait_timeout: float, warn: Any = None) -> Any:
    """The collection's ``TaskRun`` for ``account``: its API facades resolve credentials, retry, and use the
    endpoints as the modules do. ``collection_imports`` must have run."""
    from ansible_collections.alibabacloud.vpcpeer.plugins.module_utils.module import (  # pylint: disable=import-error
        PATH_MODULE, TaskRun)
    params = account.module_options(endpoint, wait_timeout)
    return TaskRun(params, check_mode=False, diff=False, warn=warn or (lambda text: print('warning: ' + text)),
                   no_log=lambda value: None, path=PATH_MODULE)


def masked(text: str, secret_values: List[str]) -> str:
    for value in sorted(secret_values, key=len, reverse=True):
        text = text.replace(value, '********')
    return text


def split_name(vpc_name: str) -> Tuple[Optional[str], Optional[str]]:
    """(run id, account) of a VPC the live tests named ``<run id>-<account>``, else (None, None)."""
    for account in ACCOUNTS:
        suffix = '-' + account
        if vpc_name.startswith(NAME_PREFIX) and vpc_name.endswith(suffix):
            return vpc_name[:-len(suffix)], account
    return None, None
