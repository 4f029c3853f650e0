# Copyright (c) alibabacloud.vpcpeer contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""``make test-live``: the integration targets against two real accounts, or (``--endpoint emulator``) exactly the
same way against a fresh emulator.

1. read the settings (tests/utils/live.py: two accounts' credentials, a region pair, the confirmation) or, against
   the emulator, start one and take two of its accounts; refuse to start when anything is missing;
2. print what the run creates and what it costs;
3. write integration_config.yml with the live settings (vpcpeer_live: no control API; the file holds the
   credentials, readable by its owner only, and is removed at the end);
4. run ansible-test integration on the live target (vpc_peer_live) and the targets written against the public
   interface (their tasks tagged emulator are skipped, and each says how many of its assertions ran);
5. sweep, whatever happened (tests/utils/live_sweep.py): delete whatever carries the run's tag or name;
6. exit with the worst status of the two.
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import subprocess
import sys
import time
from collections import Counter
from typing import Dict, List, Optional, Tuple

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import live  # noqa: E402 pylint: disable=wrong-import-position
import live_sweep  # noqa: E402 pylint: disable=wrong-import-position
import run_integration  # noqa: E402 pylint: disable=wrong-import-position

# The live target, and the targets whose tasks that need the emulator are tagged emulator (the others run live too).
LIVE_TARGETS = ('vpc_peer_live', 'vpc_peer_connection', 'vpc_peer_connection_info', 'vpc_peer_connection_lifecycle',
                'vpc_peer_route')


def settings_for(endpoint: str, env: Dict[str, str]) -> Tuple[live.LiveSettings, Optional[subprocess.Popen]]:
    """The run's settings, and the emulator started for it (None against the real service)."""
    if endpoint != 'emulator':
        return live.real_settings(env), None
    process, base_url = run_integration.start_emulator(env)
    try:
        config = run_integration.read_emulator_config(base_url)
    except Exception:
        process.kill()
        raise
    return live.emulator_settings(env, base_url, config), process


def write_config(collection_root: str, settings: live.LiveSettings, stop_after: str = '') -> str:
    """integration_config.yml for a live run: no emulator, the accounts' connection options, the run's id;
    ``stop_after``: the step after which the live target fails on purpose (the drill)."""
    accounts = {name: {'connection': dict(account.credentials, endpoint=settings.endpoint), 'region': account.region,
                       'cidr': account.cidr} for name, account in settings.accounts.items()}
    variables = {
        'vpcpeer_live': True, 'vpcpeer_live_run_id': settings.run_id, 'vpcpeer_live_accounts': accounts,
        'vpcpeer_live_wait_timeout': int(settings.wait_timeout), 'vpcpeer_endpoint': settings.endpoint,
        'vpcpeer_path': 'controller', 'alibabacloud_vpcpeer_controller': True, 'vpcpeer_exact_calls': False,
        'vpcpeer_task_results_file': '', 'vpcpeer_live_stop_after': stop_after,
    }
    path = os.path.join(collection_root, 'tests', 'integration', 'integration_config.yml')
    # Owner-only from its creation: it holds the accounts' secrets for as long as the run lasts.
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(descriptor, 'w', encoding='utf-8') as handle:
        json.dump(variables, handle, indent=2, sort_keys=True)
    return path


def integration(collection_root: str, python: str, targets: List[str], env: Dict[str, str], secret_values: List[str]) -> int:
    """ansible-test integration on ``targets`` (the live target is unsupported: never run unless named), its output
    masked of the accounts' secrets."""
    command = ['ansible-test', 'integration', '--python', python, '--color', 'no', '--allow-unsupported'] + targets
    print('>>> %s' % ' '.join(command), flush=True)
    process = subprocess.Popen(command, cwd=collection_root, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                               text=True, errors='replace')
    for line in process.stdout or []:
        print(live.masked(line.rstrip('\n'), secret_values), flush=True)
    return process.wait()


def stop(emulator: Optional[subprocess.Popen]) -> None:
    if emulator is None:
        return
    emulator.send_signal(signal.SIGTERM)
    try:
        emulator.wait(timeout=10)
    except subprocess.TimeoutExpired:
        emulator.kill()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('--collection-root', required=True, help='ansible_collections/alibabacloud/vpcpeer tree to test')
    parser.add_argument('--python', required=True, help='Python version for ansible-test, e.g. 3.13')
    parser.add_argument('--endpoint', default='real', choices=('real', 'emulator'),
                        help='the real service (default) or a fresh emulator')
    parser.add_argument('--drill', action='store_true',
                        help='first a run of the live target that fails after the routes, whose sweep must delete it all')
    parser.add_argument('targets', nargs='*', default=list(LIVE_TARGETS), help='targets (default: the live ones)')
    args = parser.parse_args()
    env = run_integration.clean_environment()
    try:
        settings, emulator = settings_for(args.endpoint, env)
    except live.SettingsError as exc:
        print(str(exc), file=sys.stderr)
        return 2
    started = time.monotonic()
    collection_root = os.path.abspath(args.collection_root)
    print(live.plan(settings), flush=True)
    if args.drill:
        try:
            drilled = drill(settings, collection_root, args.python, env)
        except BaseException:
            stop(emulator)
            raise
        if drilled:
            stop(emulator)
            return drilled
        settings.run_id = live.new_run_id()
        print('=== the run itself: %s' % settings.run_id, flush=True)
    status, swept = run(settings, emulator, collection_root, args, env)
    print('make test-live: targets %s, sweep %s, %.0f s (run %s%s)' % (
        'passed' if status == 0 else 'FAILED (status %d)' % status, 'clean' if swept == 0 else 'LEFT RESOURCES',
        time.monotonic() - started, settings.run_id, ', emulator' if settings.emulated else ''), flush=True)
    return max(status, swept)


def drill(settings: live.LiveSettings, collection_root: str, python: str, env: Dict[str, str]) -> int:
    """A run that fails after the routes, as a real one can: the sweep that follows must delete both VPCs, the
    connection and both routes, and find nothing of the run afterwards. 0 when it did."""
    live.collection_imports(os.path.dirname(os.path.dirname(os.path.dirname(collection_root))))
    print('=== drill: run %s stops after the routes; the sweep must delete what it made' % settings.run_id, flush=True)
    config = write_config(collection_root, settings, stop_after='routes')
    try:
        status = integration(collection_root, python, ['vpc_peer_live'], env, settings.secrets)
    finally:
        os.remove(config)
    sweep = live_sweep.Sweep(settings, settings.run_id)
    swept = sweep.run()
    again = live_sweep.Sweep(settings, settings.run_id)
    left = list(again.connections()) + [vpc['vpc_id'] for account in live.ACCOUNTS for vpc in again.vpcs(account)]
    kinds = Counter('route entry' if what.startswith('route entry') else what.split(' ')[0] for what in sweep.deleted)
    passed = status != 0 and swept == 0 and not left and len(sweep.deleted) == 5
    print('=== drill %s: the run failed as planned (status %d); the sweep deleted %d resources (%s); left: %s' % (
        'passed' if passed else 'FAILED', status, len(sweep.deleted), ', '.join('%d %s' % (n, k) for k, n in sorted(kinds.items())),
        left or 'nothing'), flush=True)
    return 0 if passed else 1


def run(settings: live.LiveSettings, emulator: Optional[subprocess.Popen], collection_root: str,
        args: argparse.Namespace, env: Dict[str, str]) -> Tuple[int, int]:
    """The targets, then the sweep whatever happened (an exception, ^C), then the emulator stopped."""
    live.collection_imports(os.path.dirname(os.path.dirname(os.path.dirname(collection_root))))
    config, status, swept = None, 1, 1
    try:
        config = write_config(collection_root, settings)
        status = integration(collection_root, args.python, list(args.targets), env, settings.secrets)
    finally:
        if config is not None and os.path.exists(config):
            os.remove(config)
        print('=== sweeping run %s' % settings.run_id, flush=True)
        try:
            swept = live_sweep.sweep(settings, settings.run_id)
        finally:
            stop(emulator)
    return status, swept


if __name__ == '__main__':
    sys.exit(main())
