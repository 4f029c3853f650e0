# Copyright: (c) 2025, alibabacloud.vpcpeer maintainers
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Benchmarks and fault drills of alibabacloud.vpcpeer against the local VpcPeer emulator.

    .venv/bin/python tests/benchmarks/run.py            # full (about 20 min): the table, results/bench-<time>.json
    .venv/bin/python tests/benchmarks/run.py --smoke    # tiny counts, for make test (about 3 min): results/bench-smoke.json

Real ansible-playbook runs of the collection (built and installed under build/bench) against a real
emulator process over HTTP on 127.0.0.1; calls are counted from the emulator's journal and statistics.
Benchmarks are not tests: a missed target is printed, not failed. The exit status is 1 only when a hard
invariant breaks (a change lost or applied twice, bad input reaching the API, a section that produced no
figures). docs/benchmarks.md explains every figure.
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import sys
import time
import traceback
from typing import Any, Callable, Dict, List, Optional

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import bad_input  # noqa: E402 pylint: disable=wrong-import-position
import capacity  # noqa: E402 pylint: disable=wrong-import-position
import faults  # noqa: E402 pylint: disable=wrong-import-position
import harness  # noqa: E402 pylint: disable=wrong-import-position
import overhead  # noqa: E402 pylint: disable=wrong-import-position
import paths  # noqa: E402 pylint: disable=wrong-import-position
import routes  # noqa: E402 pylint: disable=wrong-import-position
import scale  # noqa: E402 pylint: disable=wrong-import-position
import schedule_sweep  # noqa: E402 pylint: disable=wrong-import-position
import wait_runs  # noqa: E402 pylint: disable=wrong-import-position

FULL = {
    'calls_runs': 5,
    'windows': [2, 10, 60], 'window_runs': 10, 'windows_together': False, 'alone_runs': 3,
    'sweep_draws': 200, 'sweep_step': 0.1,
    'overhead_tasks': 50, 'import_samples': 20, 'direct_samples': 5, 'paths_tasks': 20, 'paths_rounds': 5,
    'scale_connections': 200, 'scale_forks': 50, 'scale_limit': 360, 'scale_window': 60.0, 'scale_updating': 2.0,
    # The same machine cannot start modules fast enough to saturate 360 Gets a minute; a quota cut to
    # 1 Get a second makes 30 forks here oversubscribe it about 5 times, as 50 forks on a fast controller do.
    'saturated': {'connections': 60, 'forks': 30, 'limit': 5, 'window': 5.0, 'updating': 2.0},
    'fault_runs': 20, 'fault_window': 1.0, 'stuck_timeout': 20, 'faults_together': False,
    'capacity_single': 2000, 'capacity_clients': 50, 'capacity_calls': 100,
    # fast: the emulator's default windows (0.3 s); realistic: seconds to tens of seconds, as the service takes.
    'routes_profiles': ['fast', 'realistic'], 'routes_seed': 1, 'hub_peerings': 50, 'hub_forks': 50,
}
SMOKE = {
    'calls_runs': 1,
    'windows': [1, 2, 3], 'window_runs': 1, 'windows_together': True, 'alone_runs': 1,
    'sweep_draws': 3, 'sweep_step': 0.5,
    'overhead_tasks': 2, 'import_samples': 2, 'direct_samples': 1, 'paths_tasks': 2, 'paths_rounds': 1,
    'scale_connections': 12, 'scale_forks': 6, 'scale_limit': 20, 'scale_window': 10.0, 'scale_updating': 1.0,
    'saturated': {'connections': 6, 'forks': 6, 'limit': 3, 'window': 2.0, 'updating': 1.0},
    'fault_runs': 2, 'fault_window': 1.0, 'stuck_timeout': 6, 'faults_together': True,
    'capacity_single': 200, 'capacity_clients': 50, 'capacity_calls': 4,
    'routes_profiles': ['fast'], 'routes_seed': 1, 'hub_peerings': 3, 'hub_forks': 3,
}
SECTIONS = ('1', '2', '3', '4', '5', '6', '7', '8')


class Context:
    def __init__(self, emulator: harness.Emulator, ansible: harness.Ansible, params: Dict[str, Any]) -> None:
        self.emulator = emulator
        self.ansible = ansible
        self.params = params


class Table:
    """The one table: section, measure, measured, target, verdict."""

    def __init__(self) -> None:
        self.rows: List[Dict[str, str]] = []
        self.violations: List[str] = []

    def add(self, section: str, measure: str, measured: str, target: str = '', verdict: str = '') -> None:
        self.rows.append({'section': section, 'measure': measure, 'measured': measured, 'target': target, 'verdict': verdict})

    def invariant(self, ok: bool, what: str) -> str:
        if not ok:
            self.violations.append(what)
        return 'ok' if ok else 'BROKEN'

    def render(self) -> List[str]:
        heading = dict(section='§', measure='measure', measured='measured', target='target', verdict='verdict')
        widths = [max(len(row[key]) for row in self.rows + [heading])
                  for key in ('section', 'measure', 'measured', 'target', 'verdict')]
        widths = [min(w, limit) for w, limit in zip(widths, (2, 58, 52, 34, 7))]
        line = '  '.join('%-*s' % (w, h) for w, h in zip(widths, ('§', 'measure', 'measured', 'target', 'verdict')))
        out = [line, '-' * len(line)]
        for row in self.rows:
            out.append('  '.join('%-*s' % (w, row[k]) for w, k in zip(widths, ('section', 'measure', 'measured', 'target', 'verdict'))))
        return out


def met(ok: bool) -> str:
    return 'met' if ok else 'MISSED'


def calls_text(calls: Dict[str, Any]) -> str:
    return ', '.join('%s %g' % (name, value) for name, value in sorted(calls.items())) or 'none'


# -- sections ---------------------------------------------------------------------------------------------
def section_1_2(ctx: Context, table: Table, detail: List[str], data: Dict[str, Any], retry: Any) -> None:
    p = ctx.params
    s1 = wait_runs.converged_and_check_mode(ctx, p['calls_runs'])
    data['1_calls'] = s1
    conv, check = s1['converged'], s1['check_mode']
    conv_total = sum(conv['max'].values())
    table.add('1', 'calls: converged task (max of %d runs)' % s1['runs'], calls_text(conv['max']),
              '1 call', met(conv_total == 1 and conv['ok'] == s1['runs']))
    check_ok = check['max'] == {'Get': 1, 'Modify(DryRun)': 1} and check['applied'] == 0 and check['ok'] == s1['runs']
    table.add('1', 'calls: check mode with a change (max)', calls_text(check['max']), '1 Get + 1 DryRun', met(check_ok))

    s2 = wait_runs.change_with_wait(ctx, p['windows'], p['window_runs'], p['windows_together'])
    data['2_latency'] = s2
    alone = wait_runs.change_alone(ctx, p['windows'], p['alone_runs'])
    data['2_latency_alone'] = alone
    for key, result in s2.items():
        mod = result['module']
        table.add('1', 'calls: change with wait, W=%s s (median of %d)' % (key, mod['runs']), calls_text(mod['calls_median']),
                  '', 'info')
    for key, result in s2.items():
        window = result['window']
        mod, tf = result['module'], result['terraform_like']
        l_target, g_target = schedule_sweep.latency_target(window), schedule_sweep.gets_target(window)
        applied_ok = mod['applied_once'] == mod['runs'] and mod['ok'] == mod['runs']
        table.invariant(applied_ok, 'section 2 W=%s: %d/%d runs ok and applied once' % (key, mod['applied_once'], mod['runs']))
        if key in alone:
            one = alone[key]['module']
            table.invariant(one['applied_once'] == one['runs'] and one['ok'] == one['runs'],
                            'section 2 W=%s alone: %d/%d runs ok and applied once' % (key, one['applied_once'], one['runs']))
            table.add('2', 'latency W=%s s, module alone (%d runs): median / worst' % (key, one['runs']),
                      '%s / %s s' % (harness.fmt(one['latency_median']), harness.fmt(one['latency_worst'])),
                      '<= %.2f s' % l_target, met(one['latency_worst'] is not None and one['latency_worst'] <= l_target))
            detail.append('W=%s s module alone: noticed median %s / worst %s s, end of task %s s after that (median)' % (
                key, harness.fmt(one['noticed_median']), harness.fmt(one['noticed_worst']), harness.fmt(one['end_overhead_median'])))
        table.add('2', 'latency W=%s s, module, %d in parallel: median / worst' % (key, mod['runs']),
                  '%s / %s s' % (harness.fmt(mod['latency_median']), harness.fmt(mod['latency_worst'])),
                  '<= %.2f s' % l_target, met(mod['latency_worst'] is not None and mod['latency_worst'] <= l_target))
        table.add('2', 'Gets W=%s s, module, %d in parallel: median / worst' % (key, mod['runs']),
                  '%s / %s' % (harness.fmt(mod['gets_median'], 0), harness.fmt(mod['gets_worst'], 0)),
                  '<= %.2f' % g_target, met(mod['gets_worst'] is not None and mod['gets_worst'] <= g_target))
        table.add('2', 'W=%s s, Terraform-like: latency med / worst, Gets' % key,
                  '%s / %s s, %s Gets' % (harness.fmt(tf['latency_median']), harness.fmt(tf['latency_worst']),
                                          harness.fmt(tf['gets_worst'], 0)), '(comparison)', 'info')
        detail.append('W=%s s module: noticed median %s / worst %s s after the switch; end of task %s s after that '
                      '(median); calls median %s, max %s; throttled %d; runs ok %d/%d%s' % (
                          key, harness.fmt(mod['noticed_median']), harness.fmt(mod['noticed_worst']),
                          harness.fmt(mod['end_overhead_median']), calls_text(mod['calls_median']), calls_text(mod['calls_max']),
                          result['throttled'], mod['ok'], mod['runs'], (' errors: %s' % mod['errors']) if mod['errors'] else ''))
        detail.append('W=%s s Terraform-like: noticed median %s / worst %s s; calls %s; runs ok %d/%d%s' % (
            key, harness.fmt(tf['noticed_median']), harness.fmt(tf['noticed_worst']), calls_text(tf['calls_max']),
            tf['ok'], tf['runs'], (' errors: %s' % tf['errors']) if tf['errors'] else ''))

    started = time.monotonic()
    sweep = schedule_sweep.sweep(retry, draws=p['sweep_draws'], step=p['sweep_step'])
    sweep['seconds'] = time.monotonic() - started
    data['2_sweep'] = sweep
    for name, label in (('current', 'this collection'), ('previous', 'previous schedule'), ('terraform', 'Terraform-like')):
        s = sweep['summary'][name]
        table.add('2', 'sweep W=1-120 s (simulation), %s' % label,
                  'latency met %d/%d (worst %.2fx), Gets met %d/%d (worst %.2fx)' % (
                      s['latency_met'], s['windows'], s['worst_latency_ratio'], s['gets_met'], s['windows'], s['worst_gets_ratio']),
                  'both on every window', met(s['latency_met'] == s['windows'] and s['gets_met'] == s['windows'])
                  if name == 'current' else 'info')
    detail.extend(schedule_sweep.render(sweep))


def section_3(ctx: Context, table: Table, detail: List[str], data: Dict[str, Any]) -> None:
    section_3_paths(ctx, table, detail, data)
    section_3_module(ctx, table, detail, data)


def section_3_paths(ctx: Context, table: Table, detail: List[str], data: Dict[str, Any]) -> None:
    p = ctx.params
    s3 = paths.measure(ctx, p['paths_tasks'], p['paths_rounds'])
    data['3_paths'] = s3
    wall, ratio, per_task = s3['wall_median'], s3['ratio_to_ping'], s3['per_task_wall']
    # The issue's measure: whole runs (with their start and the SDK import), its prototype (a bare Get) 0.31 x.
    for path, reference in ((harness.CONTROLLER, "(issue's prototype: 0.31 x)"), (harness.MODULE_PATH, '(issue: 2.2 x)')):
        label = 'whole runs, %d converged vs %d pings, %s path (median of %d)' % (s3['tasks'], s3['tasks'], path, s3['rounds'])
        table.add('3', label, '%.2f s vs %.2f s = %.2f x' % (wall[path], wall['ping'], ratio[path]), reference, 'info')
    controller_share = per_task[harness.CONTROLLER] / per_task['ping'] if per_task['ping'] > 0 else None
    table.add('3', 'per task beyond the start of a run: ping / controller / module',
              '%.3f / %.3f (%s x) / %.3f s' % (per_task['ping'], per_task[harness.CONTROLLER], harness.fmt(controller_share),
                                               per_task[harness.MODULE_PATH]),
              'controller <= 1/3 x ping', met(controller_share is not None and controller_share <= 1 / 3.0))
    table.add('3', 'CPU per task beyond the start of a run: ping / controller / module',
              '%.3f / %.3f / %.3f s' % tuple(s3['per_task_cpu'][k] for k in paths.KINDS[1:]), '', 'info')
    table.add('3', 'calls per converged task (both paths)', calls_text(s3['calls_per_converged_task']), '1 call',
              met(s3['calls_per_converged_task'] == {'Get': 1.0}))
    failed_runs = {kind: s3['rounds'] - ok for kind, ok in s3['runs_ok'].items() if ok != s3['rounds']}
    table.invariant(not failed_runs, 'section 3: runs that failed or took another path: %s' % failed_runs)
    detail.append('whole runs (median of %d rounds, order rotated): start %.2f s, %d pings %.2f s, controller %.2f s, '
                  'module %.2f s; CPU per run %s' % (
                      s3['rounds'], wall['start'], s3['tasks'], wall['ping'], wall[harness.CONTROLLER],
                      wall[harness.MODULE_PATH], ', '.join('%s %.2f s' % (k, v) for k, v in s3['cpu_median'].items())))


def section_3_module(ctx: Context, table: Table, detail: List[str], data: Dict[str, Any]) -> None:
    p = ctx.params
    s3 = overhead.measure(ctx, p['overhead_tasks'], p['import_samples'], p['direct_samples'])
    data['3_overhead'] = s3
    limit = 1.2 * s3['sdk_import_median'] if s3['sdk_import_median'] else None
    table.add('3', 'module path: converged task - ping task (median of %d each)' % s3['tasks_each'],
              '%s s (ping %s, module %s)' % (harness.fmt(s3['difference_median']), harness.fmt(s3['ping_task_median']),
                                             harness.fmt(s3['module_task_median'])),
              '<= 1.2 x SDK import = %s s' % harness.fmt(limit),
              met(limit is not None and s3['difference_median'] is not None and s3['difference_median'] <= limit))
    table.add('3', 'bare SDK client import, fresh interpreter (median)', '%s s' % harness.fmt(s3['sdk_import_median']),
              '', 'info')
    table.add('3', 'calls per converged task', calls_text(s3['module_calls']), '1 call', met(sum(s3['module_calls'].values()) == 1))
    b = s3.get('breakdown') or {}
    direct = s3.get('direct_process_median') or {}
    detail.append('%d ping tasks %.1f s, %d converged tasks %.1f s in one run (ratio to the import: %s)' % (
        s3['tasks_each'], s3['ping_tasks_wall'], s3['tasks_each'], s3['module_tasks_wall'], harness.fmt(s3['ratio'])))
    if direct:
        detail.append('the kept AnsiballZ payloads run directly: ping %s s, vpc_peer_connection %s s (difference %s s)' % (
            harness.fmt(direct.get('ping')), harness.fmt(direct.get('module')),
            harness.fmt((direct.get('module') or 0) - (direct.get('ping') or 0))))
    if b:
        detail.append('imports of the module process beyond the ping process: %.0f ms (SDK and its dependencies %.0f ms, '
                      'collection module_utils %.0f ms, other ansible %.0f ms); alibabacloud_vpcpeer20220101.client '
                      'cumulative %s ms, alibabacloud_credentials.client %s ms' % (
                          b['extra_import_ms'], b['by_group_ms']['sdk'], b['by_group_ms']['collection_module_utils'],
                          b['by_group_ms']['other'], harness.fmt(b['sdk_client_cumulative_ms'], 0),
                          harness.fmt(b['credentials_cumulative_ms'], 0)))
        detail.append('collection module_utils (self / cumulative ms, compiled from the AnsiballZ zip on every run): ' +
                      ', '.join('%s %.0f/%.0f' % (m['module'], m['self_ms'], m['cumulative_ms'])
                                for m in b['collection_module_utils'] if m['cumulative_ms'] >= 1))
        detail.append('largest imports: ' + ', '.join('%s %.0f ms' % (t['import'], t['cumulative_ms']) for t in b['top'][:8]))


def section_4(ctx: Context, table: Table, detail: List[str], data: Dict[str, Any]) -> None:
    p = ctx.params
    sat = p['saturated']
    issue = (p['scale_connections'], p['scale_forks'], p['scale_limit'], p['scale_window'], p['scale_updating'])
    scenarios = (
        ('issue-controller', issue, harness.CONTROLLER),
        ('issue-module', issue, harness.MODULE_PATH),
        ('saturated', (sat['connections'], sat['forks'], sat['limit'], sat['window'], sat['updating']), harness.CONTROLLER),
    )
    data['4_scale'] = {}
    for name, args, path in scenarios:
        s4 = scale.measure(ctx, *args, path=path)
        data['4_scale'][name] = s4
        label = '%d conns, forks %d, quota %d/%g s, %s path' % (
            s4['connections'], s4['forks'], s4['limit'], s4['window_seconds'], path)
        quota_bound = name.startswith('issue')
        table.add('4', label + ': wall', '%.1f s = %.2f x quota-bound %.1f s' % (
            s4['wall'], s4['ratio'] or 0, s4['quota_bound_seconds']), '<= 1.1 x quota-bound' if quota_bound else '',
            met(s4['ratio'] is not None and s4['ratio'] <= 1.1) if quota_bound else 'info')
        table.add('4', '  CPU busy during the run (all processes)', '%.0f %% of %d CPUs; Ansible %.0f CPU s' % (
            100 * s4['cpu_busy'], os.cpu_count() or 1, s4['cpu_seconds']), 'CPU to spare' if quota_bound else '',
            met(s4['cpu_busy'] < 0.9) if quota_bound else 'info')
        table.invariant(s4['paths_seen'] == [path], 'section 4 %s: tasks ran on %s' % (name, s4['paths_seen']))
        table.add('4', '  succeeded / failed / lost / doubled', '%d / %d / %d / %d' % (
            s4['succeeded'], s4['failed'], s4['lost'], s4['doubled']), 'all / 0 / 0 / 0', met(s4['succeeded'] == s4['connections']))
        table.invariant(s4['lost'] == 0 and s4['doubled'] == 0, 'section 4 %s: %d lost, %d doubled' % (name, s4['lost'], s4['doubled']))
        table.add('4', '  throttling errors that reached the user', str(s4['throttling_reached_user']), '0',
                  met(s4['throttling_reached_user'] == 0))
        per_action = '; '.join('%s %d/%d' % (a, v['ok'], v['throttled']) for a, v in s4['per_action'].items())
        table.add('4', '  calls OK / throttled per action', per_action, '', 'info')
        detail.append('%s (%s): Gets per connection median %s, max %s; Updating window %g s; quota-bound per action: %s' % (
            label, name, harness.fmt(s4['gets_per_connection_median'], 0), harness.fmt(s4['gets_per_connection_max'], 0),
            s4['updating_window'], ', '.join('%s %.1f s' % (a, v['quota_bound_seconds']) for a, v in s4['per_action'].items())))
        for host, msg in s4['failures']:
            detail.append('  failed %s: %s' % (host, (msg or '')[:300]))


def section_5(ctx: Context, table: Table, detail: List[str], data: Dict[str, Any]) -> None:
    p = ctx.params
    chosen = faults.faults(p['stuck_timeout'])
    results: Dict[str, Any] = {}
    if p['faults_together']:
        results.update(faults.drill(ctx, chosen, p['fault_runs'], p['fault_window']))
    else:
        for fault in chosen:
            results.update(faults.drill(ctx, [fault], p['fault_runs'], p['fault_window']))
    data['5_faults'] = results
    for fault in chosen:
        r = results[fault.key]
        c = r['counts']
        expected = ('%d ok' % r['runs']) if fault.expect_success else ('%d clear failures' % r['runs'])
        as_expected = (c['succeeded'] == r['runs']) if fault.expect_success else (c['failed_clear'] == r['runs'])
        table.add('5', '%s: ok/clear fail/unclear/lost/doubled' % fault.key,
                  '%d / %d / %d / %d / %d' % (c['succeeded'], c['failed_clear'], c['failed_unclear'], c['lost'], c['doubled']),
                  expected + ', 0 lost/doubled', met(as_expected and c['failed_unclear'] == 0))
        table.invariant(c['lost'] == 0 and c['doubled'] == 0, 'section 5 %s: %d lost, %d doubled' % (fault.key, c['lost'], c['doubled']))
        table.invariant(c['failed_unclear'] == 0, 'section 5 %s: %d failures without a clear cause' % (fault.key, c['failed_unclear']))
        detail.append('%s (%s): %d faults injected, one ClientToken per payload: %s%s, %.1f s%s' % (
            fault.key, fault.title, r['faults_injected'], r['one_token_per_payload'],
            (', other client changed %s/%d' % (r['external_modifies'], r['runs'])) if r['external_modifies'] is not None else '',
            r['wall'], ''.join('\n    ' + e for e in r['examples'])))


def section_6(ctx: Context, table: Table, detail: List[str], data: Dict[str, Any]) -> None:
    s6 = bad_input.measure(ctx, ctx.params is SMOKE)
    data['6_bad_input'] = s6
    table.add('6', 'bad inputs refused before any call / naming the option',
              '%d / %d of %d tried (%d options)' % (
                  s6['refused_before_call'], s6['refused_naming_option'], s6['tried'], len(s6['by_option'])),
              'all / all', met(s6['refused_naming_option'] == s6['tried']))
    table.invariant(s6['refused_before_call'] == s6['tried'], 'section 6: %d of %d bad inputs reached the API or did not fail'
                    % (s6['tried'] - s6['refused_before_call'], s6['tried']))
    detail.append('per option (tried/refused/named): ' + ', '.join(
        '%s %d/%d/%d' % (o, v['tried'], v['refused_before_call'], v['named']) for o, v in s6['by_option'].items()))
    for row in s6['not_refused'] + s6['not_named']:
        detail.append('  %s (%s): failed=%s calls=%d msg=%s' % (row['option'], row['what'], row['failed'], row['calls'], row['msg']))


def section_7(ctx: Context, table: Table, detail: List[str], data: Dict[str, Any]) -> None:
    p = ctx.params
    s7 = capacity.measure(ctx, p['capacity_single'], p['capacity_clients'], p['capacity_calls'])
    data['7_capacity'] = s7
    single, many = s7['single'], s7['concurrent']
    table.add('7', 'emulator: warm Gets/s through the SDK, 1 client', '%.0f /s (%d calls, %d errors)' % (
        single['per_second'], single['calls'], single['errors']), '', 'info')
    table.add('7', 'emulator: warm Gets/s, %d concurrent clients' % many['clients'], '%.0f /s (%d calls, %d errors, %d processes)' % (
        many['per_second'], many['calls'], many['errors'], many['processes']), '', 'info')


def section_8(ctx: Context, table: Table, detail: List[str], data: Dict[str, Any]) -> None:
    p = ctx.params
    ready = routes.traffic_ready(ctx, p['routes_profiles'], p['routes_seed'])
    data['8_traffic_ready'] = ready
    for profile, both in ready.items():
        for who, label in (('ansible', 'ansible-playbook'), ('terraform_like', 'Terraform-like')):
            r = both[who]
            table.add('8', 'nothing to traffic-ready, %s profile, %s: calls, wall' % (profile, label),
                      '%d calls, %.1f s (steps %s)' % (r['calls'], r['wall'], ' / '.join(
                          harness.fmt(s['seconds'], 1) for s in r['steps'])), 'traffic-ready',
                      met(r['ready'] and all(s['ok'] for s in r['steps'])))
            for s in r['steps']:
                detail.append('%s profile, %s, %s: %s s, %d calls: %s%s%s' % (
                    profile, label, s['step'], harness.fmt(s['seconds']), s['total'], calls_text(s['calls']),
                    ('; refused: ' + calls_text(s['refused'])) if s['refused'] else '',
                    (' - ' + s['msg']) if s['msg'] and not s['ok'] else ''))
            detail.append('%s profile, %s: %.1f s in all%s; traffic-ready at the end: %s' % (
                profile, label, r['wall'], ' (the whole ansible-playbook run, its start included)' if who == 'ansible' else '',
                r['ready']))
    section_8_hub(ctx, table, detail, data)


def section_8_hub(ctx: Context, table: Table, detail: List[str], data: Dict[str, Any]) -> None:
    p = ctx.params
    h = routes.hub(ctx, p['hub_peerings'], p['hub_forks'])
    data['8_hub'] = h
    label = 'hub: %d peerings + routes both sides, forks %d' % (h['peerings'], h['forks'])
    table.add('8', label + ': wall, calls', '%.1f s, %d calls; CPUs %.0f %% busy' % (
        h['wall'], h['calls_total'], 100 * h['cpu_busy']), '', 'info')
    for kind, c in h['counts'].items():
        table.add('8', '  %s: once / failed / lost / doubled' % kind, '%d / %d / %d / %d' % (
            c['once'], c['failed'], c['lost'], c['doubled']), 'all / 0 / 0 / 0', met(c['once'] == h['peerings']))
    table.invariant(h['lost'] == 0 and h['doubled'] == 0, 'section 8 hub: %d lost, %d doubled' % (h['lost'], h['doubled']))
    detail.append('%s: each task across the hosts (first start to last result): %s' % (label, ', '.join(
        '%s %s s' % (task, harness.fmt(seconds, 1)) for task, seconds in h['task_seconds'].items())))
    detail.append('  calls: %s' % calls_text(h['calls']))
    detail.append('  refused and retried: %s' % (calls_text(h['refused']) if h['refused'] else 'none'))
    for line in h['failures']:
        detail.append('  failed ' + line)


RUNNERS: Dict[str, Callable[..., None]] = {'3': section_3, '4': section_4, '5': section_5, '6': section_6, '7': section_7,
                                           '8': section_8}
TITLES = {'1': 'API calls per run', '2': 'Convergence latency', '3': 'Overhead', '4': 'Scale at the quota',
          '5': 'Fault drill', '6': 'Bad input', '7': 'Emulator capacity', '8': 'Routes'}


def load_retry() -> Any:
    """retry.py of the collection as installed for these runs (the schedule the modules really use)."""
    collections = os.path.join(harness.WORK, 'collections')
    if collections not in sys.path:
        sys.path.insert(0, collections)
    from ansible_collections.alibabacloud.vpcpeer.plugins.module_utils import retry  # pylint: disable=import-outside-toplevel
    return retry


def parse_args(argv: Optional[List[str]]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('--smoke', action='store_true', help='tiny counts, for make test')
    parser.add_argument('--sections', default=','.join(SECTIONS), help='comma-separated subset of 1-8 (1 and 2 run together)')
    parser.add_argument('--output', help='JSON file (default results/bench-<time>.json, or results/bench-smoke.json)')
    parser.add_argument('--work', help='where the collection is installed and the runs keep their logs (default build/bench)')
    return parser.parse_args(argv)


def run_sections(ctx: Context, wanted: List[str], table: Table, data: Dict[str, Any], save: Callable[[], None]) -> List[str]:
    """Run each wanted section, keeping its detail lines and time in ``data``; what crashed, as error texts."""
    retry = load_retry()
    errors: List[str] = []
    for section in wanted:
        detail: List[str] = []
        section_started = time.monotonic()
        print('... section %s%s' % (section, ' and 2' if section == '1' else ''), flush=True)
        try:
            if section == '1':
                section_1_2(ctx, table, detail, data, retry)
            else:
                RUNNERS[section](ctx, table, detail, data)
        except Exception:  # pylint: disable=broad-except
            errors.append('section %s crashed:\n%s' % (section, traceback.format_exc()))
            print(errors[-1], file=sys.stderr, flush=True)
        data.setdefault('seconds', {})[section] = time.monotonic() - section_started
        data['details'][section] = detail
        save()  # what is measured so far survives a later crash
    return errors


def print_report(header: List[str], table: Table, data: Dict[str, Any], logs: str) -> None:
    print()
    print('\n'.join(header))
    print('\n'.join(table.render()))
    for section, lines in sorted(data['details'].items()):
        if lines:
            print('\n[%s%s] %s' % (section, ' and 2' if section == '1' else '',
                                   TITLES[section] + (' / ' + TITLES['2'] if section == '1' else '')))
            for line in lines:
                print('  ' + line)
    print('\nlogs: %s; %.0f s in all; load average at the end %s (other work on the machine skews the times)'
          % (logs, data['total_seconds'], data['load_average_at_end'][0]))


def main(argv: Optional[List[str]] = None) -> int:
    args = parse_args(argv)
    if args.work:
        harness.WORK = os.path.abspath(args.work)
    wanted = [s.strip() for s in args.sections.split(',') if s.strip()]
    if '1' in wanted or '2' in wanted:
        wanted = ['1'] + [s for s in wanted if s not in ('1', '2')]
    params = SMOKE if args.smoke else FULL
    harness.ensure_clean_process_environment()
    machine = harness.machine_info()
    stamp = datetime.datetime.now().strftime('%Y%m%d-%H%M%S')
    mode = 'smoke' if args.smoke else 'full'
    header = ['alibabacloud.vpcpeer benchmarks (%s), %s' % (mode, datetime.datetime.now().strftime('%Y-%m-%d %H:%M')),
              'machine: ' + harness.machine_line(machine)]
    print('\n'.join(header), flush=True)

    table = Table()
    data: Dict[str, Any] = {'machine': machine, 'mode': mode, 'params': params, 'started': stamp,
                            'table': table.rows, 'details': {}}
    # Full runs keep one file each (and bench-latest.json); smoke runs (make test) overwrite one file.
    results = os.path.join(harness.ROOT, 'results')
    output = args.output or os.path.join(results, 'bench-smoke.json' if args.smoke else 'bench-%s.json' % stamp)
    os.makedirs(os.path.dirname(output), exist_ok=True)

    def save() -> None:
        for path in [output] + ([] if args.smoke or args.output else [os.path.join(results, 'bench-latest.json')]):
            with open(path, 'w', encoding='utf-8') as handle:
                json.dump(data, handle, indent=1, sort_keys=True, default=str)

    started = time.monotonic()
    ansible = harness.Ansible(harness.WORK)
    ansible.install()
    with harness.Emulator(ansible.logs) as emulator:
        errors = run_sections(Context(emulator, ansible, params), wanted, table, data, save)
    data['total_seconds'] = time.monotonic() - started
    data['load_average_at_end'] = [round(x, 2) for x in os.getloadavg()]

    expected_sections = set(wanted) | ({'2'} if '1' in wanted else set())
    produced = {row['section'] for row in table.rows}
    for section in sorted(expected_sections - produced):
        table.violations.append('section %s produced no figures' % section)
    data['violations'] = table.violations + errors
    print_report(header, table, data, ansible.logs)
    save()
    print('JSON: %s' % output)
    if data['violations']:
        print('\nHARD INVARIANTS BROKEN:\n  ' + '\n  '.join(data['violations']), file=sys.stderr)
        return 1
    return 0


if __name__ == '__main__':
    sys.exit(main())
