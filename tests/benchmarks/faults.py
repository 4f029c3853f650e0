# Copyright: (c) 2025, alibabacloud.vpcpeer maintainers
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Section 5: the fault drill. For each fault, N hosts (one connection and one access key each) run the
same change in one playbook; the fault rules are per host (``access_key_id``), so every run meets the
fault itself. Per fault: succeeded, failed with an error naming the cause, failed otherwise, lost
(reported done but the change is not there) and doubled (the change applied more than once, from the
journal's ``applied``).
"""

from __future__ import annotations

import re
import threading
import time
from typing import Any, Callable, Dict, List, Optional

import harness

NEW_NAME = 'drilled-{{ inventory_hostname }}'
NEW_BANDWIDTH = 2048


class Fault:
    def __init__(self, key: str, title: str, rules: Callable[[int, str], List[Dict[str, Any]]], cause: str,
                 expect_success: bool = True, options: Optional[Dict[str, Any]] = None,
                 seed_fields: Optional[Dict[str, Any]] = None, watcher: bool = False) -> None:
        self.key = key
        self.title = title
        self.rules = rules
        self.cause = re.compile(cause)
        self.expect_success = expect_success
        self.options = options or {}
        self.seed_fields = seed_fields or {}
        self.watcher = watcher


def _all(fault: str, **extra: Any) -> Callable[[int, str], List[Dict[str, Any]]]:
    return lambda n, key: [dict(action='*', fault=fault, access_key_id=key, seed=n, **extra)]


def faults(stuck_timeout: int) -> List[Fault]:
    return [
        Fault('throttling', 'throttling storm: every call throttled with p=0.5',
              _all('throttling', probability=0.5), r'Throttling'),
        Fault('service_unavailable', '503 bursts: 3 in a row on the first read, 2 on Modify',
              lambda n, key: [dict(action='*', fault='service_unavailable', count=3, access_key_id=key),
                              dict(action='ModifyVpcPeerConnection', fault='service_unavailable', count=2, access_key_id=key)],
              r'ServiceUnavailable'),
        Fault('internal_error', '500 InternalError on every call with p=0.3',
              _all('internal_error', probability=0.3), r'InternalError'),
        Fault('bad_gateway', 'non-JSON 502 (HTML) on every call with p=0.3',
              _all('bad_gateway', probability=0.3), r'InvalidServerResponse|502'),
        Fault('slow', 'answers 2.5 s late, read_timeout 1 s: Modify (applied before the late answer on odd hosts, '
                      'after it on even ones) and one poll',
              lambda n, key: [dict(action='ModifyVpcPeerConnection', fault='slow', delay=2.5, count=1,
                                   after_apply=bool(n % 2), access_key_id=key),
                              dict(action='GetVpcPeerConnectionAttribute', fault='slow', delay=2.5, count=1, skip=1,
                                   access_key_id=key)],
              r'ReadTimeout|timed out', options={'read_timeout': 1}),
        Fault('drop', 'connection dropped: after Modify was applied, and one poll before an answer',
              lambda n, key: [dict(action='ModifyVpcPeerConnection', fault='drop', after_apply=True, count=1, access_key_id=key),
                              dict(action='GetVpcPeerConnectionAttribute', fault='drop', count=1, skip=1, access_key_id=key)],
              r'ServerUnreachable|onnection'),
        Fault('stuck', 'stuck in Updating (transition never), wait_timeout %d s' % stuck_timeout,
              lambda n, key: [], r'Timed out.*Updating', expect_success=False,
              options={'wait_timeout': stuck_timeout}, seed_fields={'Transitions': {'modify': {'mode': 'never'}}}),
        Fault('external', 'another client modifies the same connection (same field) between our read and our Modify',
              lambda n, key: [dict(action='GetVpcPeerConnectionAttribute', fault='slow', after_apply=True, delay=1.5,
                                   count=1, access_key_id=key)],
              r'IncorrectStatus', watcher=True),
    ]


class ExternalModifier(threading.Thread):
    """Another client: as soon as a host's first read is in the journal (its answer held back 1.5 s by a
    ``slow`` after_apply rule), modify the same field of the same connection through the control API."""

    def __init__(self, emulator: harness.Emulator, instances: Dict[str, str]) -> None:
        super().__init__(daemon=True)
        self.emulator = emulator
        self.pending = {instance: host for host, instance in instances.items()}
        self.done: Dict[str, str] = {}
        self.stop = threading.Event()

    def run(self) -> None:
        while self.pending and not self.stop.is_set():
            for entry in self.emulator.journal('GetVpcPeerConnectionAttribute'):
                instance = (entry.get('params') or {}).get('InstanceId')
                if instance in self.pending and entry.get('fault') == 'slow':
                    host = self.pending.pop(instance)
                    try:
                        self.emulator.control.external_modify(instance, Name='other-client-' + host)
                        self.done[instance] = 'modified'
                    except Exception as exc:  # pylint: disable=broad-except
                        self.done[instance] = 'refused: %s' % exc
            time.sleep(0.05)


def drill(ctx: Any, chosen: List[Fault], runs: int, updating_window: float) -> Dict[str, Dict[str, Any]]:
    """Run ``runs`` hosts per fault, all of ``chosen`` in one playbook (forks = hosts); results per fault."""
    emulator = ctx.emulator
    emulator.reset()
    hosts: Dict[str, Dict[str, Any]] = {}
    instances: Dict[str, Dict[str, str]] = {}
    number = 0
    for fault in chosen:
        instances[fault.key] = {}
        for k in range(1, runs + 1):
            number += 1
            instance = emulator.seed(number, window=updating_window, **fault.seed_fields)
            host = '%s-%02d' % (fault.key, k)
            instances[fault.key][host] = instance
            hosts[host] = harness.host_vars(emulator.endpoint, instance, number, **{'opt_' + k2: v for k2, v in fault.options.items()})
            for rule in fault.rules(number, harness.bench_key(number)['id']):
                emulator.control.add_fault(**rule)
    watched = {h: i for fault in chosen if fault.watcher for h, i in instances[fault.key].items()}
    watcher = ExternalModifier(emulator, watched) if watched else None
    if watcher:
        watcher.start()
    options = {'name': NEW_NAME, 'bandwidth': NEW_BANDWIDTH}
    for option in sorted({o for fault in chosen for o in fault.options}):
        options[option] = '{{ opt_%s | default(omit) }}' % option
    run = ctx.ansible.run('faults-%s' % ('all' if len(chosen) > 1 else chosen[0].key),
                          [harness.module_task('change under a fault', options)], hosts, forks=len(hosts))
    if watcher:
        watcher.stop.set()
        watcher.join(timeout=10)
    journal = emulator.journal()
    grouped = harness.calls_by_instance(journal)
    final = {c['InstanceId']: c for c in emulator.control.connections()}
    results = run.by_host('change under a fault')
    injected_by_key: Dict[str, int] = {}
    for rule in emulator.control.faults():
        injected_by_key[rule.get('access_key_id')] = injected_by_key.get(rule.get('access_key_id'), 0) + rule.get('injected', 0)
    return {fault.key: _assess(fault, instances[fault.key], results, grouped, final, hosts, injected_by_key, watcher, run)
            for fault in chosen}


def _assess(fault: Fault, instances: Dict[str, str], results: Dict[str, Dict[str, Any]], grouped: Dict[str, List[Dict[str, Any]]],
            final: Dict[str, Dict[str, Any]], hosts: Dict[str, Dict[str, Any]], injected_by_key: Dict[str, int],
            watcher: Optional[ExternalModifier], run: harness.RunResult) -> Dict[str, Any]:
    counts = {'succeeded': 0, 'failed_clear': 0, 'failed_unclear': 0, 'lost': 0, 'doubled': 0}
    examples: List[str] = []
    tokens_per_payload_ok = True
    injected = 0
    for host, instance in instances.items():
        injected += injected_by_key.get(hosts[host]['ak_id'], 0)
        result = results.get(host, {})
        entries = grouped.get(instance, [])
        applied = harness.applied_modifies(entries)
        state = final.get(instance, {})
        wanted = state.get('Name') == 'drilled-' + host and state.get('Bandwidth') == NEW_BANDWIDTH
        superseded = any('another change replaced' in w for w in result.get('warnings') or [])
        if applied > 1:
            counts['doubled'] += 1
        if result.get('status') == 'ok':
            if (wanted or superseded) and applied >= 1:
                counts['succeeded'] += 1
            else:
                counts['lost'] += 1
                examples.append('%s: reported ok, final %s/%s, applied %d' % (host, state.get('Name'), state.get('Bandwidth'), applied))
        else:
            msg = result.get('msg') or '(no result)'
            if fault.cause.search(msg):
                counts['failed_clear'] += 1
            else:
                counts['failed_unclear'] += 1
            if len(examples) < 2:
                examples.append('%s: %s' % (host, msg[:300]))
        # Every attempt of one payload carries one ClientToken (a new payload, after IncorrectStatus, a new one).
        by_payload: Dict[str, set] = {}
        for entry in entries:
            if entry.get('action') == 'ModifyVpcPeerConnection' and not entry.get('dry_run'):
                payload = repr(sorted((k, v) for k, v in (entry.get('params') or {}).items() if k != 'ClientToken'))
                by_payload.setdefault(payload, set()).add(entry.get('client_token'))
        if any(len(tokens) > 1 for tokens in by_payload.values()):
            tokens_per_payload_ok = False
    external = None
    if watcher is not None and fault.watcher:
        external = sum(1 for instance in instances.values() if watcher.done.get(instance) == 'modified')
    return {
        'fault': fault.key, 'title': fault.title, 'runs': len(instances), 'expect_success': fault.expect_success,
        'counts': counts, 'faults_injected': injected, 'one_token_per_payload': tokens_per_payload_ok,
        'external_modifies': external, 'wall': run.wall, 'examples': examples[:3], 'rc': run.rc,
    }
