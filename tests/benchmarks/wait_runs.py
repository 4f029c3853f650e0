# Copyright: (c) 2025, alibabacloud.vpcpeer maintainers
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Sections 1 and 2: API calls per run, and how soon a change is reported after the connection is
Activated again, with a Terraform-like poller run beside the module against the same emulator.

Calls are counted from the emulator's journal, per connection. The switch time of a change is when the
emulator started handling the applied ModifyVpcPeerConnection plus the Updating window (the pending
phase's ``due``); the end of an Ansible task is the controller's result callback, the end of the
Terraform-like update its return.
"""

from __future__ import annotations

import threading
from typing import Any, Dict, List, Optional

import harness
import sdk

TF_KEY_OFFSET = 300  # the Terraform-like poller uses bench keys 301.. (the module's hosts use 1..)


def _per_instance_calls(journal: List[Dict[str, Any]], instance_ids: List[str]) -> List[Dict[str, int]]:
    grouped = harness.calls_by_instance(journal)
    return [harness.count_actions(grouped.get(i, [])) for i in instance_ids]


def _median_calls(per_run: List[Dict[str, int]]) -> Dict[str, float]:
    names = sorted({name for calls in per_run for name in calls})
    return {name: harness.median([calls.get(name, 0) for calls in per_run]) for name in names}


def _max_calls(per_run: List[Dict[str, int]]) -> Dict[str, int]:
    names = sorted({name for calls in per_run for name in calls})
    return {name: max(calls.get(name, 0) for calls in per_run) for name in names}


def converged_and_check_mode(ctx: Any, runs: int) -> Dict[str, Any]:
    """Section 1: a converged task (target: 1 call) and check mode with a change (target: 1 Get + 1 DryRun)."""
    emulator = ctx.emulator
    emulator.reset()
    hosts = {}
    converged_ids, check_ids = [], []
    for n in range(1, runs + 1):
        converged = emulator.seed(n, name='bench-converged-%04d' % n)
        check = emulator.seed(1000 + n, name='bench-check-%04d' % n)
        converged_ids.append(converged)
        check_ids.append(check)
        hosts['c%03d' % n] = harness.host_vars(emulator.endpoint, converged, n, pcc_check=check,
                                               current_name='bench-converged-%04d' % n)
    tasks = [
        harness.module_task('converged', {'name': '{{ current_name }}', 'bandwidth': 1024}),
        harness.module_task('check mode with a change', {'instance_id': '{{ pcc_check }}', 'name': 'preview-{{ inventory_hostname }}',
                                                         'bandwidth': 2048}, check_mode=True),
    ]
    run = ctx.ansible.run('calls-converged-check', tasks, hosts, forks=min(runs, 10))
    journal = emulator.journal()
    converged_calls = _per_instance_calls(journal, converged_ids)
    check_calls = _per_instance_calls(journal, check_ids)
    converged_results = run.results('converged')
    check_results = run.results('check mode with a change')
    return {
        'runs': runs,
        'converged': {'per_run': converged_calls, 'median': _median_calls(converged_calls), 'max': _max_calls(converged_calls),
                      'ok': sum(1 for r in converged_results if r['status'] == 'ok' and not r.get('changed')),
                      'target': {'total': 1}},
        'check_mode': {'per_run': check_calls, 'median': _median_calls(check_calls), 'max': _max_calls(check_calls),
                       'ok': sum(1 for r in check_results if r['status'] == 'ok' and r.get('changed')),
                       'applied': sum(1 for e in journal if e.get('applied')),
                       'target': {'Get': 1, 'Modify(DryRun)': 1}},
        'rc': run.rc,
    }


def _tf_worker(endpoint: str, key_number: int, instance_id: str, changes: Dict[str, Any], out: Dict[str, Any]) -> None:
    key = harness.bench_key(key_number)
    try:
        client = sdk.client(endpoint, key['id'], key['secret'])
        out.update(sdk.terraform_like_update(client, instance_id, changes))
    except Exception as exc:  # pylint: disable=broad-except
        out['error'] = '%s: %s' % (type(exc).__name__, exc)


def change_with_wait(ctx: Any, windows: List[float], runs: int, together: bool) -> Dict[str, Any]:
    """Sections 1 and 2: a change with wait for each Updating window, module and Terraform-like poller."""
    emulator = ctx.emulator
    groups = [windows] if together else [[w] for w in windows]
    results: Dict[str, Any] = {}
    for group in groups:
        emulator.reset()
        hosts: Dict[str, Dict[str, Any]] = {}
        module_runs: Dict[float, List[Dict[str, Any]]] = {}
        tf_runs: Dict[float, List[Dict[str, Any]]] = {}
        number = 0
        for window in group:
            module_runs[window] = []
            tf_runs[window] = []
            for k in range(1, runs + 1):
                number += 1
                instance = emulator.seed(number, window=window)
                host = 'w%s-%02d' % (('%g' % window).replace('.', '_'), k)
                hosts[host] = harness.host_vars(emulator.endpoint, instance, number)
                module_runs[window].append({'host': host, 'instance': instance})
                tf_instance = emulator.seed(TF_KEY_OFFSET + number, window=window)
                tf_runs[window].append({'instance': tf_instance, 'key': TF_KEY_OFFSET + number})
        threads = []
        for window in group:
            for tf in tf_runs[window]:
                thread = threading.Thread(target=_tf_worker, args=(
                    emulator.endpoint, tf['key'], tf['instance'], {'name': 'tf-changed', 'bandwidth': 2048}, tf), daemon=True)
                threads.append(thread)
        for thread in threads:
            thread.start()
        task = harness.module_task('change with wait', {'name': 'changed-{{ inventory_hostname }}', 'bandwidth': 2048,
                                                        'wait_timeout': 600})
        run = ctx.ansible.run('wait-%s' % '-'.join('%g' % w for w in group), [task], hosts, forks=len(hosts))
        for thread in threads:
            thread.join(timeout=900)
        journal = emulator.journal()
        stats = emulator.stats()
        grouped = harness.calls_by_instance(journal)
        by_host = run.by_host('change with wait')
        for window in group:
            measured_module = [_measure(grouped.get(r['instance'], []), window, by_host.get(r['host'], {}).get('time'),
                                        by_host.get(r['host'])) for r in module_runs[window]]
            measured_tf = [_measure(grouped.get(r['instance'], []), window, r.get('end'), r) for r in tf_runs[window]]
            results['%g' % window] = {
                'window': window,
                'module': _summarise(measured_module),
                'terraform_like': _summarise(measured_tf),
                'throttled': sum(codes.get('Throttling.User', 0) for codes in stats.get('by_action', {}).values()),
                'rc': run.rc,
            }
    return results


def change_alone(ctx: Any, windows: List[float], runs: int, max_window: float = 30.0) -> Dict[str, Any]:
    """Section 2, uncontended: for each window up to ``max_window``, ``runs`` single-host playbook runs one
    after the other, so the end of the task is not delayed by other module processes ending at the same
    moment on the same CPUs (the runs of ``change_with_wait`` share the machine)."""
    emulator = ctx.emulator
    results: Dict[str, Any] = {}
    for window in [w for w in windows if w <= max_window]:
        measured = []
        for k in range(1, runs + 1):
            emulator.reset()
            instance = emulator.seed(k, window=window)
            host = 'alone-%s-%02d' % (('%g' % window).replace('.', '_'), k)
            task = harness.module_task('change with wait', {'name': 'changed-{{ inventory_hostname }}', 'bandwidth': 2048,
                                                            'wait_timeout': 600})
            run = ctx.ansible.run('alone-%g-%d' % (window, k), [task], {host: harness.host_vars(emulator.endpoint, instance, k)},
                                  forks=1)
            result = run.by_host('change with wait').get(host)
            measured.append(_measure(harness.calls_by_instance(emulator.journal()).get(instance, []), window,
                                     (result or {}).get('time'), result))
        results['%g' % window] = {'window': window, 'module': _summarise(measured)}
    return results


def _measure(entries: List[Dict[str, Any]], window: float, end: Optional[float], result: Optional[Dict[str, Any]]) -> Dict[str, Any]:
    calls = harness.count_actions(entries)
    applied = [e for e in entries if e.get('action') == 'ModifyVpcPeerConnection' and e.get('applied')]
    measured: Dict[str, Any] = {'calls': calls, 'applied': len(applied), 'ok': False}
    if result is not None:
        measured['ok'] = result.get('status') == 'ok' or (result.get('status') == 'Activated' and 'error' not in result)
        if 'error' in result:
            measured['error'] = result['error']
        if result.get('msg'):
            measured['msg'] = result['msg']
    if len(applied) != 1 or end is None:
        return measured
    switch = harness.journal_start(applied[0]) + window
    gets_after = sorted(harness.journal_start(e) for e in entries
                        if e.get('action') == 'GetVpcPeerConnectionAttribute' and harness.journal_start(e) >= switch)
    measured['latency'] = end - switch
    measured['noticed'] = (gets_after[0] - switch) if gets_after else None
    measured['gets'] = calls.get('Get', 0)
    return measured


def _summarise(measured: List[Dict[str, Any]]) -> Dict[str, Any]:
    latencies = [m['latency'] for m in measured if 'latency' in m]
    noticed = [m['noticed'] for m in measured if m.get('noticed') is not None]
    gets = [m['gets'] for m in measured if 'gets' in m]
    per_run_calls = [m['calls'] for m in measured]
    return {
        'runs': len(measured),
        'ok': sum(1 for m in measured if m['ok']),
        'applied_once': sum(1 for m in measured if m['applied'] == 1),
        'latency_median': harness.median(latencies), 'latency_worst': max(latencies) if latencies else None,
        'noticed_median': harness.median(noticed), 'noticed_worst': max(noticed) if noticed else None,
        'end_overhead_median': harness.median([m['latency'] - m['noticed'] for m in measured
                                               if 'latency' in m and m.get('noticed') is not None]),
        'gets_median': harness.median(gets), 'gets_worst': max(gets) if gets else None,
        'calls_median': _median_calls(per_run_calls), 'calls_max': _max_calls(per_run_calls),
        'errors': [m.get('error') or m.get('msg') for m in measured if not m['ok']][:3],
    }
