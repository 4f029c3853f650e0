# Copyright (c) alibabacloud.vpcpeer contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The checks of a chaos run: the emulator's journal file against the task results the callback recorded.

- **lost**: a change a task reported as applied that the service never applied (its request id is not among
  the journal's applied calls), or a change the service applied that no task reported (a ``changed`` that lied).
  A task reports an applied call in ``applied_actions``: by request id, or ``answer_lost`` when the answer never
  came (matched to an applied call of that action within the task's time);
- **doubled**: within one task, the same change applied twice in a row to one resource (same action and
  parameters but the ClientToken, nothing else applied to that resource in between);
- **failed without a cause**: a failed task of the collection whose result names no cause (no API error code
  and no message, or a crash);
- **test failures**: failed tasks of other modules (a target's assertions): what the targets check after the
  changes, so a change lost from the service's state shows here.
"""

from __future__ import annotations

import calendar
import json
import re
import time
from typing import Any, Dict, Iterable, List, Optional, Tuple

COLLECTION = 'alibabacloud.vpcpeer.'
CRASH = re.compile(r'MODULE FAILURE|Traceback \(most recent call last\)|unexpected exception', re.IGNORECASE)
# Parameters that name the resource a mutation acts on.
RESOURCE_PARAMS = ('InstanceId', 'ResourceId.1', 'ResourceId', 'RouteEntryId', 'RouteTableId', 'VpcId')


def load_jsonl(path: str) -> List[Dict[str, Any]]:
    try:
        with open(path, encoding='utf-8') as handle:
            return [json.loads(line) for line in handle if line.strip()]
    except FileNotFoundError:
        return []


def _epoch(stamp: str) -> float:
    """The journal's ``2026-11-30T12:57:06.232Z`` as epoch seconds."""
    whole, _dot, millis = stamp.rstrip('Z').partition('.')
    return calendar.timegm(time.strptime(whole, '%Y-%m-%dT%H:%M:%S')) + int(millis or 0) / 1000.0


def _resource(call: Dict[str, Any]) -> Tuple[str, str]:
    params = call.get('params') or {}
    for name in RESOURCE_PARAMS:
        if params.get(name):
            return name, str(params[name])
    return 'pair', '%s>%s' % (params.get('VpcId'), params.get('AcceptingVpcId'))


def _effect(call: Dict[str, Any]) -> str:
    params = {key: value for key, value in (call.get('params') or {}).items() if key != 'ClientToken'}
    return json.dumps([call.get('action'), params], sort_keys=True)


def _within(task: Dict[str, Any], moment: float, slack: float = 1.0) -> bool:
    started, ended = task.get('started'), task.get('ended')
    return started is not None and ended is not None and started - slack <= moment <= ended + slack


def lost_changes(applied: List[Dict[str, Any]], tasks: List[Dict[str, Any]]) -> List[str]:
    """Reported but never applied, and applied but never reported."""
    problems = []
    applied_ids = {call.get('request_id') for call in applied}
    reported_ids = set()
    lost_answers: List[Tuple[Dict[str, Any], str]] = []
    for task in tasks:
        for entry in task.get('applied_actions') or []:
            if entry.get('answer_lost') or not entry.get('request_id'):
                lost_answers.append((task, entry.get('action')))
                continue
            reported_ids.add(entry['request_id'])
            if task.get('outcome') == 'ok' and entry['request_id'] not in applied_ids:
                problems.append('task %r reported %s (request %s), which the service never applied'
                                % (task.get('task'), entry.get('action'), entry['request_id']))
    for call in applied:
        if call.get('request_id') in reported_ids:
            continue
        moment = _epoch(call['time'])
        claim = next((pair for pair in lost_answers if pair[1] == call.get('action') and _within(pair[0], moment)), None)
        if claim is not None:
            lost_answers.remove(claim)
            continue
        problems.append('%s %s was applied at %s (request %s) but no task reported it'
                        % (call.get('action'), _resource(call)[1], call.get('time'), call.get('request_id')))
    return problems


def doubled_changes(applied: List[Dict[str, Any]], tasks: List[Dict[str, Any]]) -> List[str]:
    """The same change applied twice in a row to one resource within one task."""
    problems = []
    previous: Dict[Tuple[str, str], Dict[str, Any]] = {}
    for call in applied:
        key = _resource(call)
        before = previous.get(key)
        previous[key] = call
        if before is None or _effect(before) != _effect(call):
            continue
        first, second = _epoch(before['time']), _epoch(call['time'])
        if any(_within(task, first, 0) and _within(task, second, 0) for task in tasks):
            problems.append('%s applied twice to %s (requests %s and %s)'
                            % (call.get('action'), key[1], before.get('request_id'), call.get('request_id')))
    return problems


def failures(tasks: Iterable[Dict[str, Any]]) -> Tuple[List[str], List[str], List[str]]:
    """Failed tasks of the collection with a cause, without one, and failed tasks of other modules."""
    caused, uncaused, test_failures = [], [], []
    for task in tasks:
        if task.get('outcome') not in ('failed', 'unreachable'):
            continue
        text = '%s: %s' % (task.get('task'), str(task.get('msg'))[:300])
        if not str(task.get('action') or '').startswith(COLLECTION):
            if not task.get('ignore_errors'):
                test_failures.append(text)
            continue
        named = task.get('error_code') or (task.get('msg') and not CRASH.search(str(task.get('msg'))))
        (caused if named else uncaused).append(text)
    return caused, uncaused, test_failures


def check(journal: List[Dict[str, Any]], results: List[Dict[str, Any]]) -> Dict[str, Any]:
    calls = [entry for entry in journal if entry.get('action')]
    applied = sorted((call for call in calls if call.get('applied')), key=lambda call: call.get('seq') or 0)
    applied.sort(key=lambda call: _epoch(call['time']))
    tasks = [task for task in results if str(task.get('action') or '').startswith(COLLECTION)]
    caused, uncaused, test_failures = failures(results)
    return {
        'tasks': len(tasks),
        'calls': len(calls),
        'faults': sum(1 for call in calls if call.get('fault')),
        'lost': lost_changes(applied, tasks),
        'doubled': doubled_changes(applied, tasks),
        'failed_with_cause': caused,
        'failed_without_cause': uncaused,
        'test_failures': test_failures,
    }


def passed(report: Dict[str, Any]) -> bool:
    """No change lost or doubled, every failure with a cause, and the targets themselves passed (their scripts'
    own checks included, which are no task)."""
    return not (report['lost'] or report['doubled'] or report['failed_without_cause'] or report['test_failures']
                or report.get('ansible_test_status'))


def summary(report: Dict[str, Any], seed: Optional[int] = None) -> str:
    return ('seed %s: %d tasks, %d calls, %d faults injected, %d lost, %d doubled, %d failed with a cause, '
            '%d without, %d test failures' % (
                seed, report['tasks'], report['calls'], report['faults'], len(report['lost']), len(report['doubled']),
                len(report['failed_with_cause']), len(report['failed_without_cause']), len(report['test_failures'])))
