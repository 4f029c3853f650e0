# Copyright: (c) 2025, alibabacloud.vpcpeer maintainers
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Section 6: every invalid value of every option must fail the task before any API call (the emulator's
journal gains nothing while that task runs), with a message naming the option."""

from __future__ import annotations

import json
import os
import re
import subprocess
from typing import Any, Dict, List, Set, Tuple

import harness

# (option named in the message, what is wrong, module options: None removes the option)
Case = Tuple[str, str, Dict[str, Any]]
HOSTS = 4


def cases() -> List[Case]:
    result: List[Case] = [
        ('instance_id', 'empty', {'instance_id': ''}),
        ('instance_id', 'no pcc- prefix', {'instance_id': 'vpc-0123abcd'}),
        ('instance_id', 'upper case', {'instance_id': 'pcc-ABC123'}),
        ('instance_id', 'nothing after pcc-', {'instance_id': 'pcc-'}),
        ('instance_id', 'a space', {'instance_id': 'pcc-abc 123'}),
        ('instance_id', 'a list', {'instance_id': ['pcc-abc123']}),
    ]
    for option, limit in (('name', 128), ('description', 256)):
        result += [
            (option, 'empty', {option: ''}),
            (option, '%d characters' % (limit + 1), {option: 'x' * (limit + 1)}),
            (option, 'http:// prefix', {option: 'http://example.com'}),
            (option, 'https:// prefix', {option: 'https://example.com'}),
        ]
    result += [
        ('bandwidth', '0', {'bandwidth': 0}),
        ('bandwidth', '-1', {'bandwidth': -1}),
        ('bandwidth', '-100', {'bandwidth': -100}),
        ('bandwidth', '1.5', {'bandwidth': 1.5}),
        ('bandwidth', '"fast"', {'bandwidth': 'fast'}),
        ('bandwidth', 'empty string', {'bandwidth': ''}),
        ('bandwidth', 'a list', {'bandwidth': [100]}),
        ('link_type', 'Silver', {'link_type': 'Silver'}),
        ('link_type', 'gold (lower case)', {'link_type': 'gold'}),
        ('link_type', 'empty', {'link_type': ''}),
        ('link_type', 'trailing space', {'link_type': 'Gold '}),
        ('wait', '"maybe"', {'wait': 'maybe'}),
        ('wait_timeout', '0', {'wait_timeout': 0}),
        ('wait_timeout', '-5', {'wait_timeout': -5}),
        ('wait_timeout', '"soon"', {'wait_timeout': 'soon'}),
        ('connect_timeout', '0', {'connect_timeout': 0}),
        ('connect_timeout', '-1', {'connect_timeout': -1}),
        ('connect_timeout', '"slow"', {'connect_timeout': 'slow'}),
        ('read_timeout', '0', {'read_timeout': 0}),
        ('read_timeout', '-2.5', {'read_timeout': -2.5}),
        ('endpoint', 'ftp:// scheme', {'endpoint': 'ftp://127.0.0.1:1'}),
        ('endpoint', 'a path', {'endpoint': 'http://127.0.0.1:1/api'}),
        ('endpoint', 'port 99999', {'endpoint': 'http://127.0.0.1:99999'}),
        ('endpoint', 'user:password@', {'endpoint': 'http://user:pw@127.0.0.1:1'}),
        ('access_key_secret', 'access_key_id without a secret', {'access_key_secret': None}),
        ('access_key_id', 'access_key_secret without an id', {'access_key_id': None}),
        ('security_token', 'a token without a key pair', {'access_key_id': None, 'access_key_secret': None,
                                                          'security_token': 'bench-sts-value-1'}),
        ('profile', 'a profile that does not exist', {'access_key_id': None, 'access_key_secret': None,
                                                      'profile': 'no-such-profile'}),
        ('nmae', 'unknown option (typo of name)', {'nmae': 'x'}),
        ('bandwith', 'unknown option (typo of bandwidth)', {'bandwith': 100}),
        ('instanceid', 'unknown option (typo of instance_id)', {'instanceid': 'pcc-abc123'}),
        ('peering_name', 'unknown option', {'peering_name': 'x'}),
    ]
    return result


# A value of the wrong type (or outside the choices) for options the list above does not cover, so that
# options added to the module later are tried too. Plain strings have no generic invalid value.
GENERIC = {'bool': 'maybe', 'int': 'many', 'float': 'slow', 'dict': 'not-a-dict', 'list': None, 'str': None, 'path': None}


def generic_cases(documented: Dict[str, Dict[str, Any]], covered: Set[str]) -> Tuple[List[Case], List[str]]:
    extra: List[Case] = []
    uncovered: List[str] = []
    for option, spec in sorted(documented.items()):
        if option in covered:
            continue
        if spec.get('choices'):
            extra.append((option, 'not one of the choices', {option: 'not-a-choice'}))
        elif GENERIC.get(spec.get('type') or 'str') is not None:
            value = GENERIC[spec.get('type')]
            extra.append((option, '%r for a %s' % (value, spec.get('type')), {option: value}))
        else:
            uncovered.append(option)
    return extra, uncovered


def documented_options(ctx: Any) -> Dict[str, Dict[str, Any]]:
    env = ctx.ansible.env(os.devnull, 1)
    out = subprocess.run([os.path.join(harness.BIN, 'ansible-doc'), '-j', harness.MODULE], capture_output=True, text=True,
                         env=env, check=True).stdout
    return json.loads(out)[harness.MODULE]['doc']['options']


def measure(ctx: Any, smoke: bool) -> Dict[str, Any]:
    emulator = ctx.emulator
    emulator.reset()
    instance = emulator.seed(1, name='bench-bad-input')
    all_cases = cases()
    documented = documented_options(ctx)
    extra, uncovered = generic_cases(documented, {c[0] for c in all_cases})
    all_cases += extra
    if smoke:  # one case per option
        seen = set()
        all_cases = [c for c in all_cases if not (c[0] in seen or seen.add(c[0]))]
    # The cases are shared out over a few hosts (each with its own access key) that run independently
    # (strategy free); a host runs its cases one after the other, so a call in the journal belongs to the
    # case its host was running at that time.
    workers = min(HOSTS, len(all_cases))
    hosts = {'bad-input-%d' % k: harness.host_vars(emulator.endpoint, instance, k) for k in range(1, workers + 1)}
    tasks = []
    owner = {}
    for number, (option, what, options) in enumerate(all_cases, 1):
        values = {'name': 'bench-bad-input-new'}
        values.update(options)
        host = 'bad-input-%d' % (1 + (number - 1) % workers)
        owner[number] = host
        tasks.append(dict(harness.module_task('case %03d' % number, values), when="inventory_hostname == '%s'" % host))
    # An empty HOME: no ~/.aliyun or ~/.alibabacloud profile can make the profile case pass.
    home = os.path.join(harness.WORK, 'empty-home')
    os.makedirs(home, exist_ok=True)
    run = ctx.ansible.run('bad-input', tasks, hosts, forks=workers, serial_strategy='free',
                          extra_env={'HOME': home, 'ALIBABA_CLOUD_CREDENTIALS_FILE': home + '/none.ini'})
    journal = emulator.journal()
    keys = {host: variables['ak_id'] for host, variables in hosts.items()}
    rows = []
    for number, (option, what, _options) in enumerate(all_cases, 1):
        task = 'case %03d' % number
        host = owner[number]
        result = run.by_host(task).get(host, {})
        start = run.host_starts(task).get(host)
        end = result.get('time')
        calls = [e for e in journal if start is not None and end is not None and start <= harness.journal_time(e) <= end
                 and e.get('access_key_id') in (keys[host], None)]
        msg = result.get('msg') or ''
        rows.append({'option': option, 'what': what, 'failed': result.get('status') == 'failed',
                     'calls': len(calls), 'names_option': re.search(r'\b%s\b' % re.escape(option), msg) is not None,
                     'msg': msg[:240]})
    refused = [r for r in rows if r['failed'] and r['calls'] == 0]
    named = [r for r in refused if r['names_option']]
    by_option: Dict[str, Dict[str, int]] = {}
    for row in rows:
        entry = by_option.setdefault(row['option'], {'tried': 0, 'refused_before_call': 0, 'named': 0})
        entry['tried'] += 1
        entry['refused_before_call'] += int(row['failed'] and row['calls'] == 0)
        entry['named'] += int(row['failed'] and row['calls'] == 0 and row['names_option'])
    return {
        'documented_options': sorted(documented), 'generic_cases_for': [c[0] for c in extra],
        'options_without_an_invalid_value': uncovered,
        'tried': len(rows), 'refused_before_call': len(refused), 'refused_naming_option': len(named),
        'journal_entries': len(journal), 'by_option': by_option,
        'not_refused': [r for r in rows if not (r['failed'] and r['calls'] == 0)],
        'not_named': [r for r in refused if not r['names_option']],
        'rows': rows, 'rc': run.rc,
    }
