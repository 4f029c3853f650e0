# Copyright: (c) 2025, alibabacloud.vpcpeer maintainers
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Section 8: routes. What it takes to get from nothing to a peering that carries traffic, and many peerings
with routes from one hub VPC at once.

- **From nothing to traffic-ready**: the four steps of docs/examples/vpc_peering_with_routes.yml (create as the
  requester, accept as the accepter, routes on both sides with vpc_peer_route), one real ansible-playbook run, and
  the same four steps done the way Terraform's resources do them (a Terraform-like schedule, through the SDKs),
  each after a reset to the same emulator profile and seed. Every step runs with an access key of its own, so the
  emulator's journal tells the steps apart; the wall time of a step is its task's start to its result (Ansible) or
  the step's own clock (Terraform-like).
- **Hub**: one hub VPC of the requester peered with many spoke VPCs of the accepter, one inventory host per
  spoke, all at once through forks; each peering created, accepted and routed on both sides. Checked against the
  journal and the emulator's final state: every connection, acceptance and route entry exactly once, nothing the
  run reported done missing. The emulator does not model a per-VPC peering-count quota (docs/emulator.md, "Not
  modelled"), so the count is the benchmark's choice, not a quota's.
"""

from __future__ import annotations

import ipaddress
import os
import time
import uuid
from typing import Any, Callable, Dict, List, Optional, Tuple

import harness
import sdk

CONNECTION = 'alibabacloud.vpcpeer.vpc_peer_connection'
ROUTE = 'alibabacloud.vpcpeer.vpc_peer_route'
ACCEPTER = 'accepter'
# The example playbook's defaults: the emulator's built-in VPCs of the two accounts.
REQUESTER_VPC, REQUESTER_REGION = 'vpc-requester-hz-1', 'cn-hangzhou'
ACCEPTER_VPC, ACCEPTER_REGION = 'vpc-accepter-sh-1', 'cn-shanghai'
STEPS = ('create', 'accept', 'requester routes', 'accepter routes')
STEP_ACCOUNTS = (harness.ACCOUNT, ACCEPTER, harness.ACCOUNT, ACCEPTER)
HUB_VPC, HUB_CIDR = 'vpc-bench-hub', '10.100.0.0/16'
# What Terraform's alicloud_route_entry retries (a busy VPC, a connection not Activated yet); its waits between
# attempts are 3 s, then 5 s (incrementalWait(3s, 5s)).
TF_ROUTE_RETRIED = ('TaskConflict', 'IncorrectStatus.VpcPeer', 'IncorrectRouteEntryStatus', 'OperationConflict',
                    'IncorrectVpcStatus', 'OperationFailed.DistibuteLock', 'SystemBusy', 'LastTokenProcessing')
TF_DELAY, TF_INTERVAL = 5.0, 5.0


def _key(emulator: Any, name: str, account: str) -> Dict[str, str]:
    """An access key of its own for one step (or host), added after the reset that would forget it."""
    key = {'id': name, 'secret': 'secret-' + name.lower()}
    emulator.control.add_access_key(key['id'], key['secret'], account)
    return key


def _accepter_uid(emulator: Any) -> int:
    return int(emulator.control.config()['accounts'][ACCEPTER]['uid'])


def _table_of(emulator: Any, vpc_id: str) -> str:
    return emulator.control.request('GET', 'vpcs/' + vpc_id)['RouterTableIds']['RouterTableIds'][0]


def _cidr_of(emulator: Any, vpc_id: str) -> str:
    return emulator.control.request('GET', 'vpcs/' + vpc_id)['CidrBlock']


def _fresh(emulator: Any, profile: str, seed: int) -> None:
    """Empty state, the profile's windows drawn from the same seed: both ways of doing it meet the same emulator."""
    emulator.reset()
    emulator.control.set_profile(profile, seed=seed)


def _step_calls(journal: List[Dict[str, Any]], key_id: str) -> Dict[str, Any]:
    entries = [e for e in journal if e.get('access_key_id') == key_id]
    refused: Dict[str, int] = {}
    for entry in entries:
        if entry.get('code'):
            name = '%s %s' % (harness.short_action(entry['action']), entry['code'])
            refused[name] = refused.get(name, 0) + 1
    return {'calls': harness.count_actions(entries), 'total': len(entries), 'refused': refused}


# -- from nothing to traffic-ready, with ansible-playbook ----------------------------------------------------
def _ansible_tasks(accepter_uid: int) -> List[Dict[str, Any]]:
    def creds(n: int) -> Dict[str, str]:
        return {'access_key_id': '{{ key%d_id }}' % n, 'access_key_secret': '{{ key%d_secret }}' % n,
                'endpoint': '{{ endpoint }}'}
    peering = '{{ created.vpc_peer_connection.instance_id }}'
    return [
        {'name': STEPS[0], 'register': 'created', CONNECTION: dict(
            creds(1), region_id=REQUESTER_REGION, vpc_id=REQUESTER_VPC, accepting_region_id=ACCEPTER_REGION,
            accepting_vpc_id=ACCEPTER_VPC, accepting_ali_uid=accepter_uid, name='app-to-shared-services')},
        {'name': STEPS[1], CONNECTION: dict(creds(2), state='accepted', instance_id=peering)},
        {'name': STEPS[2], ROUTE: dict(creds(3), instance_id=peering, name='to-shared-services')},
        {'name': STEPS[3], ROUTE: dict(creds(4), instance_id=peering, name='to-app')},
    ]


def ansible_to_traffic(ctx: Any, profile: str, seed: int) -> Dict[str, Any]:
    emulator = ctx.emulator
    _fresh(emulator, profile, seed)
    keys = [_key(emulator, 'ROUTES-ANSIBLE-STEP%d' % (n + 1), account) for n, account in enumerate(STEP_ACCOUNTS)]
    host = {'endpoint': emulator.endpoint}
    for n, key in enumerate(keys, 1):
        host.update({'key%d_id' % n: key['id'], 'key%d_secret' % n: key['secret']})
    run = ctx.ansible.run('traffic-ready-%s' % profile, _ansible_tasks(_accepter_uid(emulator)), {'peering': host}, forks=1)
    journal = emulator.journal()
    steps = []
    for step, key in zip(STEPS, keys):
        result = run.by_host(step).get('peering', {})
        start = run.host_starts(step).get('peering')
        seconds = result['time'] - start if result and start is not None else None
        steps.append(dict(_step_calls(journal, key['id']), step=step, seconds=seconds, ok=result.get('status') == 'ok',
                          changed=bool(result.get('changed')), msg=(result.get('msg') or '')[:300]))
    return {'steps': steps, 'wall': run.wall, 'rc': run.rc, 'ready': _traffic_ready(emulator),
            'calls': sum(s['total'] for s in steps)}


def _traffic_ready(emulator: Any) -> bool:
    """One Activated connection between the two VPCs, and in each System table one Available route to the other
    VPC's block through it: what the run is for, read from the emulator's own state."""
    live = [c for c in emulator.control.connections() if c.get('Status') not in ('Deleted', 'Deleting')]
    if len(live) != 1 or live[0].get('Status') != 'Activated':
        return False
    pcc = live[0]['InstanceId']
    for vpc, other in ((REQUESTER_VPC, ACCEPTER_VPC), (ACCEPTER_VPC, REQUESTER_VPC)):
        routes = _routes_through(emulator, _table_of(emulator, vpc), pcc)
        if [(r['DestinationCidrBlock'], r['Status']) for r in routes] != [(_cidr_of(emulator, other), 'Available')]:
            return False
    return True


def _routes_through(emulator: Any, table: str, pcc: str) -> List[Dict[str, Any]]:
    entries = emulator.control.request('GET', 'route-entries', query={'route_table_id': table, 'next_hop_id': pcc})
    return entries['route_entries']


# -- the same, the way Terraform's resources do it ----------------------------------------------------------
def _vpc_client(endpoint_url: str, key: Dict[str, str], region: str) -> Any:
    from alibabacloud_tea_openapi.models import Config
    from alibabacloud_vpc20160428.client import Client
    config = Config(endpoint=endpoint_url.split('://', 1)[-1], protocol='http', region_id=region,
                    access_key_id=key['id'], access_key_secret=key['secret'], connect_timeout=5000, read_timeout=10000)
    config.retry_options = None
    return Client(config)


def _tf_wait(read: Callable[[], Any], done: Callable[[Any], bool], delay: float = TF_DELAY,
             interval: float = TF_INTERVAL, timeout: float = 600.0) -> Any:
    """The Terraform-like schedule: the first poll after ``delay``, then one every ``interval``, no jitter."""
    deadline = time.monotonic() + timeout
    time.sleep(delay)
    while True:
        value = read()
        if done(value) or time.monotonic() > deadline:
            return value
        time.sleep(interval)


def _token(action: str) -> str:
    return ('TF-%s-%d-%s' % (action, int(time.time()), uuid.uuid4()))[:64]


def _tf_connection(endpoint: str, keys: List[Dict[str, str]], accepter_uid: int) -> Tuple[str, List[float]]:
    """alicloud_vpc_peer_connection, then alicloud_vpc_peer_connection_accepter: each call, its wait for the
    target status, and the Read that ends the resource's Create."""
    from alibabacloud_vpcpeer20220101 import models
    seconds = []
    started = time.monotonic()
    requester = sdk.client(endpoint, keys[0]['id'], keys[0]['secret'])
    pcc = requester.create_vpc_peer_connection(models.CreateVpcPeerConnectionRequest(
        region_id=REQUESTER_REGION, vpc_id=REQUESTER_VPC, accepting_ali_uid=accepter_uid,
        accepting_region_id=ACCEPTER_REGION, accepting_vpc_id=ACCEPTER_VPC, name='app-to-shared-services',
        client_token=_token('CreateVpcPeerConnection'))).body.instance_id
    _tf_wait(lambda: sdk.get(requester, pcc)['Status'], lambda status: status in ('Activated', 'Accepting'))
    sdk.get(requester, pcc)
    seconds.append(time.monotonic() - started)
    started = time.monotonic()
    accepter = sdk.client(endpoint, keys[1]['id'], keys[1]['secret'])
    accepter.accept_vpc_peer_connection(models.AcceptVpcPeerConnectionRequest(
        instance_id=pcc, client_token=_token('AcceptVpcPeerConnection')))
    _tf_wait(lambda: sdk.get(accepter, pcc)['Status'], lambda status: status == 'Activated')
    sdk.get(accepter, pcc)
    seconds.append(time.monotonic() - started)
    return pcc, seconds


def _entries(client: Any, region: str, table: str, destination: Optional[str] = None) -> List[Dict[str, Any]]:
    from alibabacloud_vpc20160428 import models
    body = client.describe_route_entry_list(models.DescribeRouteEntryListRequest(
        region_id=region, route_table_id=table, destination_cidr_block=destination, max_result=100)).body.to_map()
    return (body.get('RouteEntrys') or {}).get('RouteEntry') or []


def _tf_route(client: Any, region: str, table: str, destination: str, pcc: str) -> None:
    """alicloud_route_entry: every entry of the table Available before the write, one ClientToken across the
    write's retries, then the wait for the new entry to be Available and the Read."""
    from alibabacloud_vpc20160428 import models
    from Tea.exceptions import TeaException
    _tf_wait(lambda: _entries(client, region, table), lambda rows: all(r.get('Status') == 'Available' for r in rows),
             delay=0.0)
    request = models.CreateRouteEntryRequest(region_id=region, route_table_id=table, destination_cidr_block=destination,
                                             next_hop_type='VpcPeer', next_hop_id=pcc, client_token=_token('CreateRouteEntry'))
    for wait in [3.0] + [5.0] * 60:
        try:
            client.create_route_entry(request)
            break
        except TeaException as exc:
            if exc.code not in TF_ROUTE_RETRIED:
                raise
            time.sleep(wait)
    _tf_wait(lambda: _entries(client, region, table, destination),
             lambda rows: bool(rows) and rows[0].get('Status') == 'Available')
    _entries(client, region, table, destination)


def terraform_to_traffic(ctx: Any, profile: str, seed: int) -> Dict[str, Any]:
    """The route table and the destination are given as literals, as a Terraform configuration would give them:
    the Terraform-like steps read neither (each vpc_peer_route task finds both itself)."""
    emulator = ctx.emulator
    _fresh(emulator, profile, seed)
    keys = [_key(emulator, 'ROUTES-TF-STEP%d' % (n + 1), account) for n, account in enumerate(STEP_ACCOUNTS)]
    sides = ((keys[2], REQUESTER_REGION, _table_of(emulator, REQUESTER_VPC), _cidr_of(emulator, ACCEPTER_VPC)),
             (keys[3], ACCEPTER_REGION, _table_of(emulator, ACCEPTER_VPC), _cidr_of(emulator, REQUESTER_VPC)))
    started = time.monotonic()
    seconds: List[Optional[float]] = []
    error = ''
    try:
        pcc, seconds = _tf_connection(emulator.endpoint, keys, _accepter_uid(emulator))
        for key, region, table, destination in sides:
            step_started = time.monotonic()
            _tf_route(_vpc_client(emulator.endpoint, key, region), region, table, destination, pcc)
            seconds.append(time.monotonic() - step_started)
    except Exception as exc:  # pylint: disable=broad-except
        error = '%s: %s' % (type(exc).__name__, exc)
    wall = time.monotonic() - started
    journal = emulator.journal()
    steps = []
    for n, (step, key) in enumerate(zip(STEPS, keys)):
        steps.append(dict(_step_calls(journal, key['id']), step=step, seconds=seconds[n] if n < len(seconds) else None,
                          ok=n < len(seconds), msg=error if n == len(seconds) else ''))
    return {'steps': steps, 'wall': wall, 'ready': _traffic_ready(emulator), 'calls': sum(s['total'] for s in steps),
            'error': error}


def traffic_ready(ctx: Any, profiles: List[str], seed: int) -> Dict[str, Any]:
    return {profile: {'ansible': ansible_to_traffic(ctx, profile, seed), 'terraform_like': terraform_to_traffic(ctx, profile, seed)}
            for profile in profiles}


# -- many peerings from one hub VPC ---------------------------------------------------------------------------
def _spoke(n: int) -> Tuple[str, str]:
    return 'vpc-bench-spoke-%03d' % n, '192.168.%d.0/24' % n


def _hub_setup(emulator: Any, peerings: int) -> Dict[str, Dict[str, Any]]:
    """The hub VPC (requester, cn-hangzhou) and one spoke VPC per host (accepter, cn-shanghai), each host with a key
    of each account, so that the journal tells the hosts apart."""
    emulator.reset()
    emulator.control.add_vpc(harness.ACCOUNT, REQUESTER_REGION, HUB_VPC, [HUB_CIDR],
                             vswitches=[{'cidr': '10.100.1.0/24', 'zone': REQUESTER_REGION + '-h'}])
    hosts = {}
    for n in range(1, peerings + 1):
        vpc, cidr = _spoke(n)
        emulator.control.add_vpc(ACCEPTER, ACCEPTER_REGION, vpc, [cidr],
                                 vswitches=[{'cidr': cidr.replace('.0/24', '.0/25'), 'zone': ACCEPTER_REGION + '-e'}])
        mine, theirs = harness.bench_key(n), _key(emulator, 'HUB-ACCEPTER-%04d' % n, ACCEPTER)
        hosts['hub-%03d' % n] = {'endpoint': emulator.endpoint, 'spoke_vpc': vpc, 'req_id': mine['id'],
                                 'req_secret': mine['secret'], 'acc_id': theirs['id'], 'acc_secret': theirs['secret']}
    return hosts


def _hub_tasks(accepter_uid: int) -> List[Dict[str, Any]]:
    req = {'access_key_id': '{{ req_id }}', 'access_key_secret': '{{ req_secret }}', 'endpoint': '{{ endpoint }}',
           'wait_timeout': 1800}
    acc = dict(req, access_key_id='{{ acc_id }}', access_key_secret='{{ acc_secret }}')
    peering = '{{ created.vpc_peer_connection.instance_id }}'
    return [
        {'name': 'request', 'register': 'created', CONNECTION: dict(
            req, region_id=REQUESTER_REGION, vpc_id=HUB_VPC, accepting_region_id=ACCEPTER_REGION,
            accepting_vpc_id='{{ spoke_vpc }}', accepting_ali_uid=accepter_uid, name='hub-{{ inventory_hostname }}')},
        {'name': 'accept', CONNECTION: dict(acc, state='accepted', instance_id=peering)},
        {'name': 'hub route', ROUTE: dict(req, instance_id=peering, name='to-{{ inventory_hostname }}')},
        {'name': 'spoke route', ROUTE: dict(acc, instance_id=peering, name='to-hub')},
    ]


def hub(ctx: Any, peerings: int, forks: int) -> Dict[str, Any]:
    emulator = ctx.emulator
    hosts = _hub_setup(emulator, peerings)
    busy = harness.busy_cpu_seconds()
    run = ctx.ansible.run('hub-%d' % peerings, _hub_tasks(_accepter_uid(emulator)), hosts, forks=forks, timeout=5400)
    busy = harness.busy_cpu_seconds() - busy
    journal = emulator.journal()
    stats = emulator.stats()
    checked = _hub_check(emulator, hosts, run, journal)
    task_seconds = {}
    for task in ('request', 'accept', 'hub route', 'spoke route'):
        starts, ends = run.host_starts(task).values(), [r['time'] for r in run.results(task)]
        task_seconds[task] = (max(ends) - min(starts)) if starts and ends else None
    refused = {}
    for action, codes in sorted(stats.get('by_action', {}).items()):
        for code, count in codes.items():
            if code != 'OK':
                refused['%s %s' % (harness.short_action(action), code)] = count
    return dict(checked, peerings=peerings, forks=forks, wall=run.wall, rc=run.rc, task_seconds=task_seconds,
                calls=harness.count_actions(journal), calls_total=len(journal), refused=refused,
                cpu_busy=busy / (run.wall * (os.cpu_count() or 1)))


def _applied(journal: List[Dict[str, Any]], action: str, key: Callable[[Dict[str, str]], Any]) -> Dict[Any, int]:
    counts: Dict[Any, int] = {}
    for entry in journal:
        if entry.get('action') == action and entry.get('applied') and not entry.get('dry_run'):
            counted = key(entry.get('params') or {})
            counts[counted] = counts.get(counted, 0) + 1
    return counts


def _destination(text: str) -> str:
    return str(ipaddress.ip_network(text, strict=False))


def _hub_check(emulator: Any, hosts: Dict[str, Dict[str, Any]], run: Any, journal: List[Dict[str, Any]]) -> Dict[str, Any]:
    """Per peering and per kind of change (connection, acceptance, hub route, spoke route): done exactly once,
    missing though its task said ok (lost), done more than once (doubled), or its task failed."""
    created = _applied(journal, 'CreateVpcPeerConnection', lambda p: p.get('AcceptingVpcId'))
    accepted = _applied(journal, 'AcceptVpcPeerConnection', lambda p: p.get('InstanceId'))
    routed = _applied(journal, 'CreateRouteEntry', lambda p: (p.get('RouteTableId'), _destination(p.get('DestinationCidrBlock', ''))))
    live = [c for c in emulator.control.connections() if c.get('Status') not in ('Deleted', 'Deleting')]
    hub_table = _table_of(emulator, HUB_VPC)
    counts = {kind: {'once': 0, 'lost': 0, 'doubled': 0, 'failed': 0} for kind in ('connection', 'accept', 'hub route', 'spoke route')}
    failures = []
    for host, variables in hosts.items():
        spoke_vpc = variables['spoke_vpc']
        spoke_cidr = _cidr_of(emulator, spoke_vpc)
        mine = [c for c in live if c['Vpc']['VpcId'] == HUB_VPC and c['AcceptingVpc']['VpcId'] == spoke_vpc]
        pcc = mine[0]['InstanceId'] if len(mine) == 1 else None
        routes = {side: _routes_through(emulator, table, pcc) if pcc else []
                  for side, table in (('hub', hub_table), ('spoke', _table_of(emulator, spoke_vpc)))}
        outcomes = {
            'connection': ('request', len(mine), created.get(spoke_vpc, 0), len(mine) == 1),
            'accept': ('accept', int(bool(pcc and mine[0]['Status'] == 'Activated')), accepted.get(pcc, 0), True),
            'hub route': ('hub route', len(routes['hub']), routed.get((hub_table, spoke_cidr), 0),
                          [(r['DestinationCidrBlock'], r['Status']) for r in routes['hub']] == [(spoke_cidr, 'Available')]),
            'spoke route': ('spoke route', len(routes['spoke']), routed.get((_table_of(emulator, spoke_vpc), HUB_CIDR), 0),
                            [(r['DestinationCidrBlock'], r['Status']) for r in routes['spoke']] == [(HUB_CIDR, 'Available')]),
        }
        for kind, (task, present, applied, right) in outcomes.items():
            result = run.by_host(task).get(host, {})
            counts[kind][_verdict(result, present, applied, right)] += 1
            if result.get('status') != 'ok' and len(failures) < 5:
                failures.append('%s %s: %s' % (host, task, (result.get('msg') or 'did not run')[:300]))
    return {'counts': counts, 'failures': failures,
            'lost': sum(c['lost'] for c in counts.values()), 'doubled': sum(c['doubled'] for c in counts.values())}


def _verdict(result: Dict[str, Any], present: int, applied: int, right: bool) -> str:
    if present > 1 or applied > 1:
        return 'doubled'
    if result.get('status') != 'ok':
        return 'failed'
    return 'once' if present == 1 and applied == 1 and right else 'lost'
