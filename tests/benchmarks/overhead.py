# Copyright: (c) 2025, alibabacloud.vpcpeer maintainers
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Section 3, the module path: what a converged vpc_peer_connection task run as a module costs over an
ansible.builtin.ping task, against the bare cost of importing the SDK client in a fresh interpreter; and where the
difference goes. (paths.py compares the controller path and the module path.)

1. One play on one host: N ping tasks, then N converged module tasks; a task's time is from the host's
   start callback to its result callback.
2. The SDK import: ``import alibabacloud_vpcpeer20220101.client`` timed inside fresh interpreters.
3. The breakdown: the two AnsiballZ payloads of that run are kept (ANSIBLE_KEEP_REMOTE_FILES) and run
   again directly, timed, and once with ``python -X importtime``: what the module process imports that
   the ping process does not.
"""

from __future__ import annotations

import glob
import os
import shutil
import subprocess
import time
from typing import Any, Dict, List, Tuple

import harness

SDK_IMPORT = ('import time; t = time.perf_counter(); import alibabacloud_vpcpeer20220101.client; '
              'print(time.perf_counter() - t)')


def sdk_import_seconds(samples: int) -> List[float]:
    values = []
    env = harness.clean_environment()
    for _sample in range(samples):
        out = subprocess.run([harness.PYTHON, '-c', SDK_IMPORT], capture_output=True, text=True, check=True, env=env).stdout
        values.append(float(out.strip()))
    return values


def _task_durations(run: harness.RunResult, task_prefix: str) -> List[float]:
    starts = {}
    for event in run.events:
        if event['event'] == 'host_start' and event['task'].startswith(task_prefix):
            starts[event['task']] = event['time']
    return [e['time'] - starts[e['task']] for e in run.results() if e['task'].startswith(task_prefix) and e['task'] in starts]


def parse_importtime(stderr: str) -> List[Tuple[str, int, int, int]]:
    """(package, self us, cumulative us, depth) for every line of ``-X importtime``."""
    rows = []
    for line in stderr.splitlines():
        if not line.startswith('import time:') or 'self [us]' in line:
            continue
        rest = line.split(':', 1)[1]
        parts = rest.split('|')
        if len(parts) != 3:
            continue
        name = parts[2].rstrip()
        depth = (len(name) - len(name.lstrip())) // 2
        rows.append((name.strip(), int(parts[0]), int(parts[1]), depth))
    return rows


def _breakdown(module_rows: List[Tuple[str, int, int, int]], ping_rows: List[Tuple[str, int, int, int]]) -> Dict[str, Any]:
    in_ping = {row[0] for row in ping_rows}
    extra = [row for row in module_rows if row[0] not in in_ping]
    groups = {'sdk': 0, 'collection_module_utils': 0, 'other': 0}
    for name, self_us, _cum, _depth in extra:
        if name.startswith('ansible_collections.alibabacloud.vpcpeer'):
            groups['collection_module_utils'] += self_us
        elif name.startswith('ansible') or name in ('__main__',):
            groups['other'] += self_us
        else:
            groups['sdk'] += self_us
    top = sorted(extra, key=lambda row: -row[2])
    collection = [{'module': name.rsplit('.', 1)[-1], 'self_ms': self_us / 1000.0, 'cumulative_ms': cum / 1000.0}
                  for name, self_us, cum, _depth in module_rows if name.startswith('ansible_collections.alibabacloud.vpcpeer.plugins')]
    return {
        'extra_import_ms': sum(row[1] for row in extra) / 1000.0,
        'by_group_ms': {key: value / 1000.0 for key, value in groups.items()},
        'top': [{'import': name, 'cumulative_ms': cum / 1000.0} for name, _self, cum, depth in top if depth <= 2][:12],
        'collection_module_utils': collection,
        'sdk_client_cumulative_ms': next((cum / 1000.0 for name, _s, cum, _d in module_rows
                                          if name == 'alibabacloud_vpcpeer20220101.client'), None),
        'credentials_cumulative_ms': next((cum / 1000.0 for name, _s, cum, _d in module_rows
                                           if name == 'alibabacloud_credentials.client'), None),
    }


def measure(ctx: Any, tasks_each: int, import_samples: int, direct_samples: int) -> Dict[str, Any]:
    emulator = ctx.emulator
    emulator.reset()
    instance = emulator.seed(1, name='bench-overhead')
    keep = os.path.join(harness.WORK, 'remote_tmp')
    shutil.rmtree(keep, ignore_errors=True)
    os.makedirs(keep)
    hosts = {'overhead': harness.host_vars(emulator.endpoint, instance, 1)}
    tasks = [{'name': 'ping %03d' % k, 'ansible.builtin.ping': {}} for k in range(tasks_each)]
    tasks += [harness.module_task('converged %03d' % k, {'name': 'bench-overhead'}, ignore_errors=False)
              for k in range(tasks_each)]
    run = ctx.ansible.run('overhead', tasks, hosts, forks=1, path=harness.MODULE_PATH)
    ping = _task_durations(run, 'ping ')
    module = _task_durations(run, 'converged ')
    journal = emulator.journal()
    calls = harness.count_actions(journal)
    imports = sdk_import_seconds(import_samples)
    # A second, tiny run keeps its payloads (keeping them skips the clean-up, so it is not timed above).
    ctx.ansible.run('overhead-keep', [tasks[0], tasks[-1]], hosts, forks=1, path=harness.MODULE_PATH,
                    extra_env={'ANSIBLE_KEEP_REMOTE_FILES': '1', 'ANSIBLE_REMOTE_TMP': keep})

    # Run one kept payload of each again, directly (no Ansible controller), timed and with -X importtime.
    env = harness.clean_environment()
    payloads = {}
    for kind, pattern in (('ping', 'AnsiballZ_ping.py'), ('module', 'AnsiballZ_vpc_peer_connection.py')):
        found = sorted(glob.glob(os.path.join(keep, '*', pattern)))
        payloads[kind] = found[-1] if found else None
    direct: Dict[str, Any] = {}
    importtime: Dict[str, List[Tuple[str, int, int, int]]] = {}
    for kind, path in payloads.items():
        if not path:
            continue
        walls = []
        for _sample in range(direct_samples):
            started = time.monotonic()
            subprocess.run([harness.PYTHON, path], capture_output=True, env=env, check=False)
            walls.append(time.monotonic() - started)
        direct[kind] = harness.median(walls)
        out = subprocess.run([harness.PYTHON, '-X', 'importtime', path], capture_output=True, text=True, env=env, check=False)
        importtime[kind] = parse_importtime(out.stderr)
    breakdown = _breakdown(importtime.get('module', []), importtime.get('ping', [])) if len(importtime) == 2 else {}
    shutil.rmtree(keep, ignore_errors=True)

    ping_median = harness.median(ping)
    module_median = harness.median(module)
    import_median = harness.median(imports)
    difference = module_median - ping_median if ping_median is not None and module_median is not None else None
    return {
        'tasks_each': tasks_each,
        'ping_task_median': ping_median, 'module_task_median': module_median,
        'ping_tasks_wall': sum(ping), 'module_tasks_wall': sum(module),
        'difference_median': difference,
        'sdk_import_median': import_median, 'sdk_import_samples': imports,
        'ratio': difference / import_median if difference is not None and import_median else None,
        'module_calls': {name: count / float(tasks_each) for name, count in calls.items()},
        'module_ok': sum(1 for r in run.results()
                         if r['task'].startswith('converged ') and r['status'] == 'ok' and not r.get('changed')),
        'direct_process_median': direct,
        'breakdown': breakdown,
        'rc': run.rc,
    }
