# Copyright: (c) 2025, alibabacloud.vpcpeer maintainers
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Section 3, per path: whole ansible-playbook runs of N converged vpc_peer_connection tasks against whole runs of N
ansible.builtin.ping tasks, on one host, and the CPU each costs.

Each round runs, in an order rotated from round to round: an empty play (the start of a run), N pings, N converged
tasks on the controller path, and N converged tasks on the module path. The figures are medians over the rounds: the
wall time of each run, the ratio of the converged runs to the ping run (the issue's measure), and per task, the wall
and CPU time beyond the start of a run. CPU is that of ansible-playbook and every process it waited for (workers,
modules), from the kernel's accounting of this process's children.
"""

from __future__ import annotations

from typing import Any, Dict, List, Tuple

import harness

KINDS = ('start', 'ping', harness.CONTROLLER, harness.MODULE_PATH)


def _plays(tasks: int) -> Dict[str, Tuple[List[Dict[str, Any]], str]]:
    pings = [{'name': 'ping %03d' % k, 'ansible.builtin.ping': {}} for k in range(tasks)]
    converged = [harness.module_task('converged %03d' % k, {'name': 'bench-paths'}, ignore_errors=False)
                 for k in range(tasks)]
    return {'start': ([], harness.CONTROLLER), 'ping': (pings, harness.CONTROLLER),
            harness.CONTROLLER: (converged, harness.CONTROLLER), harness.MODULE_PATH: (converged, harness.MODULE_PATH)}


def _run_ok(run: harness.RunResult, kind: str, tasks: int) -> bool:
    results = run.results()
    if run.rc != 0 or len(results) != (0 if kind == 'start' else tasks):
        return False
    if kind in ('start', 'ping'):
        return all(r['status'] == 'ok' for r in results)
    return all(r['status'] == 'ok' and not r.get('changed') and r.get('alibabacloud_vpcpeer_path') == kind
               for r in results)


def measure(ctx: Any, tasks: int, rounds: int) -> Dict[str, Any]:
    emulator = ctx.emulator
    emulator.reset()
    instance = emulator.seed(1, name='bench-paths')
    hosts = {'paths': harness.host_vars(emulator.endpoint, instance, 1)}
    plays = _plays(tasks)
    samples: Dict[str, List[Dict[str, Any]]] = {kind: [] for kind in KINDS}
    for round_number in range(rounds):
        shift = round_number % len(KINDS)
        for kind in KINDS[shift:] + KINDS[:shift]:
            play, path = plays[kind]
            run = ctx.ansible.run('paths-%s' % kind, play, hosts, forks=1, path=path)
            samples[kind].append({'wall': run.wall, 'cpu': run.cpu, 'ok': _run_ok(run, kind, tasks)})
    calls = harness.count_actions(emulator.journal())
    return summarise(samples, tasks, rounds, calls)


def summarise(samples: Dict[str, List[Dict[str, Any]]], tasks: int, rounds: int, calls: Dict[str, int]) -> Dict[str, Any]:
    wall = {kind: harness.median([s['wall'] for s in samples[kind]]) for kind in KINDS}
    cpu = {kind: harness.median([s['cpu'] for s in samples[kind]]) for kind in KINDS}
    per_task_wall = {kind: (wall[kind] - wall['start']) / tasks for kind in KINDS[1:]}
    per_task_cpu = {kind: (cpu[kind] - cpu['start']) / tasks for kind in KINDS[1:]}
    converged_tasks = 2 * tasks * rounds
    return {
        'tasks': tasks, 'rounds': rounds, 'samples': samples,
        'wall_median': wall, 'cpu_median': cpu,
        'ratio_to_ping': {path: wall[path] / wall['ping'] for path in harness.PATHS},
        'per_task_wall': per_task_wall, 'per_task_cpu': per_task_cpu,
        'runs_ok': {kind: sum(1 for s in samples[kind] if s['ok']) for kind in KINDS},
        'calls_per_converged_task': {name: count / float(converged_tasks) for name, count in calls.items()},
    }
