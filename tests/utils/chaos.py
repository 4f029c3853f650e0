# Copyright (c) alibabacloud.vpcpeer contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Chaos runs: integration targets against the emulator's ``chaos`` profile, one seed at a time, each checked.

For each seed the emulator starts with ``--profile chaos --seed N`` (short drawn windows, a replica lag, and a
seeded mix of every fault it has) and a journal file; the targets run with every task result recorded; then
``chaos_check`` checks the run: no change lost, none doubled, every failed task names its cause, and the targets
passed (a task failing even with a cause fails its target: the faults are transient, and each task's time
budget is meant to absorb them). The targets skip their assertions on the exact calls made (``vpcpeer_exact_calls``), since
faults add retries and reads. Prints the seed first and a table at the end; exits 1 when a seed fails. A failing
seed reruns the same way: ``make test-chaos SEED=n``.

The same seed replays the same faults for the same sequence of calls; timing (the modules' jittered polls) can
still shift which call meets which fault, so a rerun follows the failure closely, not exactly.
"""

import argparse
import json
import os
import queue
import random
import sys
import threading
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import chaos_check  # noqa: E402 pylint: disable=wrong-import-position
import run_integration  # noqa: E402 pylint: disable=wrong-import-position

# The targets that drive the modules. ecosystem_awx_runner and ecosystem_packaging run the same modules through
# ansible-runner and an installed tarball, whose task results the callback does not see.
TARGETS = ('vpc_peer_connection', 'vpc_peer_connection_lifecycle', 'vpc_peer_connection_info', 'vpc_peer_route',
           'ecosystem_action_group', 'ecosystem_user_agent', 'user_experience')


def run_seed(args, seed, collection_root=None, output=None):
    """Run the targets under ``seed`` in ``collection_root`` (default: args'), their output to ``output`` (default:
    this process's own); return the check's report."""
    directory = os.path.join(args.out, 'seed-%d' % seed)
    os.makedirs(directory, exist_ok=True)
    journal, results = os.path.join(directory, 'journal.jsonl'), os.path.join(directory, 'tasks.jsonl')
    for path in (journal, results):
        if os.path.exists(path):
            os.remove(path)
    print('=== chaos seed %d: %s (rerun: make test-chaos SEED=%d)' % (seed, ' '.join(args.targets), seed), flush=True)
    started = time.monotonic()
    status = run_integration.run(
        collection_root or args.collection_root, args.python, list(args.targets) + ['--continue-on-error'],
        emulator_args=['--profile', 'chaos', '--seed', str(seed), '--journal-file', journal], task_results_file=results,
        output=output)
    report = chaos_check.check(chaos_check.load_jsonl(journal), chaos_check.load_jsonl(results))
    report.update(seed=seed, ansible_test_status=status, seconds=round(time.monotonic() - started))
    with open(os.path.join(directory, 'report.json'), 'w', encoding='utf-8') as handle:
        json.dump(report, handle, indent=2)
    print(chaos_check.summary(report, seed), flush=True)
    for kind in ('lost', 'doubled', 'failed_without_cause', 'test_failures', 'failed_with_cause'):
        for line in report[kind]:
            print('  %s: %s' % (kind, line))
    return report


def run_seeds(args, seeds):
    """Run ``seeds``, ``args.jobs`` at a time, each job in a collection tree of its own (ansible-test writes into the
    tree) with its output prefixed by the seed; the reports in the order of ``seeds``."""
    if args.jobs <= 1:
        return [run_seed(args, seed) for seed in seeds]
    pending, reports, lock = queue.Queue(), {}, threading.Lock()
    run_integration.prepare_ansible_test_key(run_integration.clean_environment())
    for seed in seeds:
        pending.put(seed)

    def worker(job):
        root = args.collection_root if job == 0 else run_integration.copy_tree(args.collection_root, 'chaos-%d' % job)
        while True:
            try:
                seed = pending.get_nowait()
            except queue.Empty:
                return

            def output(line, seed=seed):
                with lock:
                    print('[seed %d] %s' % (seed, line), flush=True)
            reports[seed] = run_seed(args, seed, root, output)

    threads = [threading.Thread(target=worker, args=(job,)) for job in range(min(args.jobs, len(seeds)))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return [reports[seed] for seed in seeds]


def table(reports):
    lines = ['| seed | tasks | calls | faults injected | lost | doubled | failed (with a cause) | failed without a cause '
             '| test failures | time | result |', '|' + ' --- |' * 11]
    for report in reports:
        lines.append('| %d | %d | %d | %d | %d | %d | %d | %d | %d | %d s | %s |' % (
            report['seed'], report['tasks'], report['calls'], report['faults'], len(report['lost']),
            len(report['doubled']), len(report['failed_with_cause']), len(report['failed_without_cause']),
            len(report['test_failures']), report['seconds'], 'passed' if chaos_check.passed(report) else 'FAILED'))
    return '\n'.join(lines)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('--collection-root', required=True)
    parser.add_argument('--python', required=True)
    parser.add_argument('--runs', type=int, default=1, help='how many seeds (default 1)')
    parser.add_argument('--seed', type=int, help='the first seed (default: a new one, printed)')
    parser.add_argument('--jobs', type=int, default=1,
                        help='how many seeds at once, each with its own emulator and tree (default 1)')
    parser.add_argument('--targets', nargs='+', default=list(TARGETS))
    parser.add_argument('--out', default='build/chaos')
    args = parser.parse_args()
    first = args.seed if args.seed is not None else random.SystemRandom().randrange(1, 10 ** 6)
    started = time.monotonic()
    reports = run_seeds(args, list(range(first, first + args.runs)))
    elapsed = time.monotonic() - started
    text = table(reports) + '\n\n%d seeds, %d at a time, in %.0f s' % (len(reports), args.jobs, elapsed)
    with open(os.path.join(args.out, 'summary.md'), 'w', encoding='utf-8') as handle:
        handle.write(text + '\n')
    print(text)
    return 0 if all(chaos_check.passed(report) for report in reports) else 1


if __name__ == '__main__':
    sys.exit(main())
