# Copyright: (c) 2025, alibabacloud.vpcpeer maintainers
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Section 4: many connections changed in one playbook run, many forks, the emulator enforcing the
API's rate quota (a sliding window per account, region and action, shared by every fork).

Every connection must end changed and Activated with the requested values, its change applied exactly
once (the journal's ``applied``), and no throttling error may reach the user. The quota-bound minimum is
the calls each action needed (throttled answers do not take a slot) divided by its allowed rate; the
slowest action sets it.
"""

from __future__ import annotations

import os
from typing import Any, Dict

import harness


def measure(ctx: Any, connections: int, forks: int, limit: int, window_seconds: float, updating_window: float,
            path: str = harness.CONTROLLER) -> Dict[str, Any]:
    """One run of ``connections`` hosts on ``path``; ``cpu_busy`` is the share of the machine's CPUs that were busy
    during it (every process: Ansible, its workers or modules, and the emulator)."""
    emulator = ctx.emulator
    emulator.reset()
    limits = {action: limit for action in ('GetVpcPeerConnectionAttribute', 'ModifyVpcPeerConnection',
                                           'ListVpcPeerConnections', 'CreateVpcPeerConnection',
                                           'DeleteVpcPeerConnection', 'AcceptVpcPeerConnection',
                                           'RejectVpcPeerConnection')}
    emulator.control.set_quotas(limits=limits, enabled=True, window_seconds=window_seconds)
    hosts = {}
    instances = {}
    for n in range(1, connections + 1):
        instance = emulator.seed(n, window=updating_window)
        host = 's%03d' % n
        instances[host] = instance
        hosts[host] = harness.host_vars(emulator.endpoint, instance, n)
    task = harness.module_task('change at scale', {'name': 'scaled-{{ inventory_hostname }}', 'bandwidth': 2048})
    busy = harness.busy_cpu_seconds()
    run = ctx.ansible.run('scale', [task], hosts, forks=forks, path=path)
    busy = harness.busy_cpu_seconds() - busy
    journal = emulator.journal()
    stats = emulator.stats()
    grouped = harness.calls_by_instance(journal)
    results = run.by_host('change at scale')
    final = {c['InstanceId']: c for c in emulator.control.connections()}

    succeeded = lost = doubled = throttling_reached_user = failed = 0
    failures = []
    for host, instance in instances.items():
        result = results.get(host, {})
        applied = harness.applied_modifies(grouped.get(instance, []))
        state = final.get(instance, {})
        values_ok = state.get('Name') == 'scaled-' + host and state.get('Bandwidth') == 2048 and state.get('Status') == 'Activated'
        if applied > 1:
            doubled += 1
        if result.get('status') == 'ok' and result.get('changed') and values_ok and applied == 1:
            succeeded += 1
        elif result.get('status') == 'ok':
            lost += 1  # reported done, but the change is not there (or not applied by this run)
        else:
            failed += 1
            failures.append((host, result.get('msg')))
            if 'Throttling' in (result.get('msg') or ''):
                throttling_reached_user += 1
    per_action = {}
    for action, codes in sorted(stats.get('by_action', {}).items()):
        ok = codes.get('OK', 0)
        per_action[harness.short_action(action)] = {
            'ok': ok, 'throttled': codes.get('Throttling.User', 0),
            'other': sum(v for k, v in codes.items() if k not in ('OK', 'Throttling.User')),
            'quota_bound_seconds': ok / (limit / window_seconds),
        }
    quota_bound = max((a['quota_bound_seconds'] for a in per_action.values()), default=0.0)
    gets = [sum(1 for e in grouped.get(i, []) if e.get('action') == 'GetVpcPeerConnectionAttribute'
                and e.get('code') != 'Throttling.User') for i in instances.values()]
    return {
        'path': path, 'paths_seen': sorted({str(r.get('alibabacloud_vpcpeer_path')) for r in results.values()}),
        'cpu_seconds': run.cpu, 'cpu_busy': busy / (run.wall * (os.cpu_count() or 1)),
        'connections': connections, 'forks': forks, 'limit': limit, 'window_seconds': window_seconds,
        'updating_window': updating_window,
        'wall': run.wall, 'quota_bound_seconds': quota_bound, 'ratio': run.wall / quota_bound if quota_bound else None,
        'per_action': per_action,
        'succeeded': succeeded, 'failed': failed, 'lost': lost, 'doubled': doubled,
        'throttling_reached_user': throttling_reached_user,
        'gets_per_connection_median': harness.median(gets), 'gets_per_connection_max': max(gets) if gets else None,
        'failures': failures[:5],
        'rc': run.rc,
    }
