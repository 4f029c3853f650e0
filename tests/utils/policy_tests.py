# Copyright (c) alibabacloud.vpcpeer contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Each RAM policy of docs/ram/ through its use case, with real ansible-playbook against a fresh emulator.

For each policy, its use case (a playbook of tests/policies/) runs once with the policy as written, given to a RAM
user's key of the emulator (docs/emulator.md, RAM policies): it must pass, and call every action the policy grants
at least once (a grant the use case never needs would not be least privilege). Then it runs once per granted action
with that one action removed from the policy: it must fail, and the failing task's message must say Forbidden.RAM
and name that action (``RAM action denied: vpc:<Action>``). A table of every run is printed; the exit status is 1
when any run did not go as expected.

Every run has its own key, VPCs and connections in the one emulator, so runs go two at a time (``--jobs``).
"""

from __future__ import annotations

import argparse
import copy
import json
import os
import signal
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any, Callable, Dict, List, Optional, Tuple

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from run_integration import clean_environment, start_emulator  # noqa: E402  pylint: disable=wrong-import-position

from vpcpeer_emulator import ACCEPTER_AK, ACCEPTER_SECRET, ACCEPTER_UID, REQUESTER_AK, REQUESTER_SECRET, ControlClient  # noqa: E402

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
REQUESTER_REGION, ACCEPTER_REGION = 'cn-hangzhou', 'cn-shanghai'
CALLBACKS = os.path.join(ROOT, 'tests', 'integration', 'targets', 'setup_vpcpeer_emulator', 'callback_plugins')
# What the life-cycle user may be refused without failing: the read of the routes before a deletion, which routes.json
# grants; without it the module warns and deletes (the service itself refuses a connection that routes still use).
ROUTE_READ = 'vpc:DescribeVpcAttribute'


@dataclass
class Run:
    policy: str
    removed: Optional[str]
    index: int
    status: str = 'not run'
    detail: str = ''
    seconds: float = 0.0
    called: List[str] = field(default_factory=list)


@dataclass(frozen=True)
class UseCase:
    account: str                         # whose key carries the policy: requester or accepter
    seed: Callable[[ControlClient, Dict[str, Any]], Dict[str, Any]]
    besides: Tuple[str, ...] = ()        # actions the test grants besides the policy (not under test)
    tolerated: Tuple[str, ...] = ()      # denials a passing use case may meet (the module copes with them)


def _vpcs(control: ControlClient, index: int) -> Dict[str, Any]:
    """Two VPCs of the requester (Hangzhou) and one of the accepter (Shanghai), for this run only."""
    names = {'requester_vpc': 'vpc-policy-%d-r' % index, 'requester_vpc_2': 'vpc-policy-%d-r2' % index,
             'accepter_vpc': 'vpc-policy-%d-a' % index}
    control.add_vpc('requester', REQUESTER_REGION, names['requester_vpc'], ['10.%d.0.0/16' % (100 + index)],
                    vswitches=[{'cidr': '10.%d.1.0/24' % (100 + index), 'zone': REQUESTER_REGION + '-h'}])
    control.add_vpc('requester', REQUESTER_REGION, names['requester_vpc_2'], ['10.%d.0.0/16' % (150 + index)])
    control.add_vpc('accepter', ACCEPTER_REGION, names['accepter_vpc'], ['10.%d.0.0/16' % (200 + index)],
                    vswitches=[{'cidr': '10.%d.1.0/24' % (200 + index), 'zone': ACCEPTER_REGION + '-e'}])
    return names


def _connection(control: ControlClient, variables: Dict[str, Any], requester_vpc: str = 'requester_vpc', **fields: Any) -> str:
    spec = {'RegionId': REQUESTER_REGION, 'VpcId': variables[requester_vpc], 'AcceptingRegionId': ACCEPTER_REGION,
            'AcceptingVpcId': variables['accepter_vpc'], 'AcceptingOwnerUid': ACCEPTER_UID, **fields}
    return control.seed_connection(spec)['InstanceId']


def _seed_activated(control: ControlClient, variables: Dict[str, Any]) -> Dict[str, Any]:
    return {'peering_id': _connection(control, variables)}


def _seed_requests(control: ControlClient, variables: Dict[str, Any]) -> Dict[str, Any]:
    return {'peering_id': _connection(control, variables, Status='Accepting'),
            'peering_id_2': _connection(control, variables, 'requester_vpc_2', Status='Accepting')}


def _seed_named(control: ControlClient, variables: Dict[str, Any]) -> Dict[str, Any]:
    return {'peering_id': _connection(control, variables, Name='read-only-policy-test', Tags={'stage': 'test'}),
            'peering_id_2': _connection(control, variables, 'requester_vpc_2', Name='other')}


def _seed_nothing(_control: ControlClient, _variables: Dict[str, Any]) -> Dict[str, Any]:
    return {}


USE_CASES: Dict[str, UseCase] = {
    'modify-only': UseCase('requester', _seed_activated),
    'lifecycle': UseCase('requester', _seed_nothing, tolerated=(ROUTE_READ,)),
    'accepter': UseCase('accepter', _seed_requests),
    'routes': UseCase('requester', _seed_activated, besides=('vpc:DeleteVpcPeerConnection',)),
    'read-only': UseCase('requester', _seed_named),
}


def load_policy(name: str) -> Dict[str, Any]:
    with open(os.path.join(ROOT, 'docs', 'ram', name + '.json'), encoding='utf-8') as handle:
        return json.load(handle)


def granted_actions(document: Dict[str, Any]) -> List[str]:
    """The actions the policy's Allow statements name, in order."""
    actions: List[str] = []
    for statement in document['Statement']:
        names = statement['Action'] if isinstance(statement['Action'], list) else [statement['Action']]
        actions += [name for name in names if statement['Effect'] == 'Allow' and name not in actions]
    return actions


def without(document: Dict[str, Any], action: str) -> Dict[str, Any]:
    """The policy with one action taken out (and a statement left with none, dropped)."""
    trimmed = copy.deepcopy(document)
    statements = []
    for statement in trimmed['Statement']:
        names = statement['Action'] if isinstance(statement['Action'], list) else [statement['Action']]
        names = [name for name in names if name != action]
        if names:
            statements.append(dict(statement, Action=names))
    trimmed['Statement'] = statements
    return trimmed


def key_policies(run: Run) -> List[Dict[str, Any]]:
    document = load_policy(run.policy)
    label = run.policy + '.json' + (' without ' + run.removed if run.removed else '')
    document = without(document, run.removed) if run.removed else document
    # A policy left without statements is no policy at all: the user then has only what the test grants besides.
    policies = [{'PolicyName': label, 'PolicyDocument': document}] if document['Statement'] else []
    besides = USE_CASES[run.policy].besides
    if besides:
        policies.append({'PolicyName': 'besides the policy under test',
                         'PolicyDocument': {'Version': '1', 'Statement': [
                             {'Effect': 'Allow', 'Action': list(besides), 'Resource': '*'}]}})
    return policies


def prepare(control: ControlClient, base_url: str, run: Run) -> Tuple[str, Dict[str, Any]]:
    """The run's key (with its policies), VPCs and seeded connections; returns the key id and the playbook's variables."""
    use_case = USE_CASES[run.policy]
    key = 'EMULATOR-AK-POLICY-%d' % run.index
    secret = 'emulator-secret-policy-%d' % run.index
    control.add_access_key(key, secret, use_case.account, key_policies(run),
                           display_name='policy-test-%d@%s' % (run.index, use_case.account))
    variables: Dict[str, Any] = {
        'endpoint': base_url, 'policy_key': key, 'policy_secret': secret,
        'requester_key': REQUESTER_AK, 'requester_secret': REQUESTER_SECRET,
        'accepter_key': ACCEPTER_AK, 'accepter_secret': ACCEPTER_SECRET, 'accepter_uid': ACCEPTER_UID,
        'requester_region': REQUESTER_REGION, 'accepter_region': ACCEPTER_REGION,
        'requester_resource_group': 'rg-emulator-requester-2', 'accepter_resource_group': 'rg-emulator-accepter-2',
        'accepter_default_resource_group': 'rg-emulator-accepter-default',
    }
    variables.update(_vpcs(control, run.index))
    variables.update(use_case.seed(control, variables))
    return key, variables


def play(run: Run, variables: Dict[str, Any], env: Dict[str, str], work: str) -> Tuple[int, List[Dict[str, Any]], str]:
    """ansible-playbook on the use case; its exit status, the task results (vpcpeer_task_results) and its output."""
    prefix = os.path.join(work, 'run-%02d' % run.index)
    with open(prefix + '.vars.json', 'w', encoding='utf-8') as handle:
        json.dump(dict(variables, ansible_python_interpreter=sys.executable), handle)
    results = prefix + '.tasks.jsonl'
    env = dict(env, VPCPEER_TASK_RESULTS_FILE=results, ANSIBLE_CALLBACK_PLUGINS=CALLBACKS,
               ANSIBLE_CALLBACKS_ENABLED='vpcpeer_task_results', ANSIBLE_LOAD_CALLBACK_PLUGINS='1')
    command = ['ansible-playbook', '-i', 'localhost,', '-c', 'local', '-e', '@' + prefix + '.vars.json',
               os.path.join(ROOT, 'tests', 'policies', run.policy + '.yml')]
    completed = subprocess.run(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                               errors='replace', check=False)
    with open(prefix + '.out', 'w', encoding='utf-8') as handle:
        handle.write(completed.stdout)
    tasks = []
    if os.path.exists(results):
        with open(results, encoding='utf-8') as handle:
            tasks = [json.loads(line) for line in handle if line.strip()]
    return completed.returncode, tasks, completed.stdout


def judge(run: Run, status: int, tasks: List[Dict[str, Any]], calls: List[Dict[str, Any]]) -> Tuple[bool, str]:
    """Whether the run went as it must: the full policy passes and calls each granted action; a policy without
    ``run.removed`` fails at a task whose message says Forbidden.RAM and names that action."""
    denials = sorted({call['access_denied']['auth_action'] for call in calls if call.get('access_denied')})
    if run.removed is None:
        granted = granted_actions(load_policy(run.policy))
        unused = [action for action in granted if action not in run.called]
        unexpected = [action for action in denials if action not in USE_CASES[run.policy].tolerated]
        if status != 0:
            failed = [task for task in tasks if task['failed'] and not task['ignore_errors']]
            return False, 'the use case failed: %s' % (failed[-1]['msg'] if failed else 'status %d' % status)
        if unused or unexpected:
            return False, 'granted but never called: %s; denied: %s' % (unused or 'none', unexpected or 'none')
        tolerated = '; tolerated denial ' + ', '.join(denials) if denials else ''
        return True, 'passed; called %d actions%s' % (len(run.called), tolerated)
    failed = [task for task in tasks if task['failed'] and not task['ignore_errors']]
    if status == 0 or not failed:
        return False, 'the use case passed without %s' % run.removed
    message = str(failed[-1]['msg'])
    if 'Forbidden.RAM' not in message or run.removed not in message:
        return False, 'failed at "%s", but not naming %s: %s' % (failed[-1]['task'], run.removed, message[:300])
    return True, 'failed at "%s" with Forbidden.RAM naming %s' % (failed[-1]['task'], run.removed)


def execute(run: Run, control: ControlClient, base_url: str, env: Dict[str, str], work: str) -> Run:
    started = time.monotonic()
    try:
        key, variables = prepare(control, base_url, run)
        status, tasks, _output = play(run, variables, env, work)
        calls = [call for call in control.journal() if call.get('access_key_id') == key]
        run.called = sorted({'vpc:' + call['action'] for call in calls if call['http_status'] == 200
                             or call['code'] == 'DryRunOperation'})
        passed, run.detail = judge(run, status, tasks, calls)
        run.status = 'ok' if passed else 'FAILED'
    except Exception as exc:  # pylint: disable=broad-except
        # One broken run must not hide the others' results.
        run.status, run.detail = 'FAILED', '%s: %s' % (type(exc).__name__, exc)
    run.seconds = time.monotonic() - started
    return run


def plan(policies: List[str]) -> List[Run]:
    """Per policy: one run as written, then one per granted action with that action removed."""
    runs: List[Run] = []
    for name in policies:
        for removed in [None] + granted_actions(load_policy(name)):
            runs.append(Run(name, removed, len(runs) + 1))
    return runs


def report(runs: List[Run], seconds: float) -> None:
    print('\n| Policy | Removed action | Result | What happened | Time |')
    print('|---|---|---|---|---|')
    for run in runs:
        removed = run.removed or '(none: the policy as written)'
        print('| %s | %s | %s | %s | %.1f s |' % (run.policy, removed, run.status, run.detail.replace('|', '/'), run.seconds))
    failed = [run for run in runs if run.status != 'ok']
    print('\n%d runs, %d as expected, %d not, in %.0f s' % (len(runs), len(runs) - len(failed), len(failed), seconds))
    for run in runs:
        if run.removed is None:
            print('%s.json: the use case called %s' % (run.policy, ', '.join(run.called)))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('--collections-dir', required=True, help='the directory holding ansible_collections/ (make tree)')
    parser.add_argument('--work', required=True, help='where each run leaves its variables, task results and output')
    parser.add_argument('--jobs', type=int, default=2, help='runs at the same time (default 2)')
    parser.add_argument('policies', nargs='*', default=list(USE_CASES), help='policies to test (default: all)')
    args = parser.parse_args()
    os.makedirs(args.work, exist_ok=True)
    env = clean_environment()
    env.update(ANSIBLE_COLLECTIONS_PATH=os.path.abspath(args.collections_dir), ANSIBLE_NOCOLOR='1',
               ANSIBLE_HOME=tempfile.mkdtemp(prefix='policy-tests-'))
    emulator, base_url = start_emulator(env)
    started = time.monotonic()
    try:
        control = ControlClient(base_url)
        # Every phase at once: the runs test permissions, not timing.
        control.set_all_transitions({'mode': 'immediate'})
        # Runs share the accounts: the per-account rate limit would throttle them, which is not under test.
        control.set_quotas(enabled=False)
        runs = plan(args.policies)
        with ThreadPoolExecutor(max_workers=max(1, args.jobs)) as pool:
            list(pool.map(lambda run: execute(run, control, base_url, env, args.work), runs))
    finally:
        emulator.send_signal(signal.SIGTERM)
        emulator.wait(timeout=10)
    report(runs, time.monotonic() - started)
    return 0 if all(run.status == 'ok' for run in runs) else 1


if __name__ == '__main__':
    sys.exit(main())
