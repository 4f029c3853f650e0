# Copyright (c) alibabacloud.vpcpeer contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Compare the runs of path_parity: ``compare.py INTEGRATION_CONFIG WORKDIR``.

WORKDIR holds, for each path (controller, module) and verbosity (default, -vvvv), the registered results
(``<path>.<verbosity>.json``) and the output (``.out``) of parity.yml. Checks:

- every result says the path it ran on, and nothing else does;
- the results of the two paths are equal, once request ids, times and the digests of signed requests are
  replaced (by the same placeholders);
- the default-verbosity outputs of the two paths are equal, line by line, once normalised the same way;
- no secret of the emulator's keys, nor the wrong secret of the test, appears in any result, nor in what the
  collection's tasks print.
"""

import json
import os
import re
import sys

REQUEST_ID = re.compile(r'\b[0-9A-F]{8}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{12}\b', re.IGNORECASE)
TIME = re.compile(r'\b\d{4}-\d\d-\d\d[T ]\d\d:\d\d:\d\d(?:\.\d+)?Z?\b')
# The digest of the request a refused signature quotes (it covers the request's time and nonce).
DIGEST = re.compile(r'(?<![0-9a-f])[0-9a-f]{64}(?![0-9a-f])')
PATH_FIELD = re.compile(r'"alibabacloud_vpcpeer_path": "(controller|module)"')
PATHS = ('controller', 'module')
WRONG_SECRET = 'wrong-secret-of-the-parity-test'
# The first play sets the test's fixtures, the emulator's keys among them (shown at -v as any fact is); what the
# collection's tasks print starts with the second.
TASKS_PLAY = 'PLAY [The same tasks on either path]'


def fail(message, **details):
    sys.exit('path_parity: %s\n%s' % (message, json.dumps(details, indent=2, default=str)[:20000]))


def normal_text(text):
    return DIGEST.sub('<digest>', TIME.sub('<time>', REQUEST_ID.sub('<request-id>', text)))


def normal(value):
    """``value`` with request ids and times replaced, and without the path field."""
    if isinstance(value, dict):
        return {key: normal(item) for key, item in value.items() if key != 'alibabacloud_vpcpeer_path'}
    if isinstance(value, list):
        return [normal(item) for item in value]
    if isinstance(value, str):
        return normal_text(value)
    return value


def differences(left, right, where=''):
    """Where two normalised values differ, as paths into them."""
    if isinstance(left, dict) and isinstance(right, dict):
        found = ['%s.%s: only on one path' % (where, key) for key in sorted(set(left) ^ set(right))]
        for key in sorted(set(left) & set(right)):
            found += differences(left[key], right[key], '%s.%s' % (where, key))
        return found
    if isinstance(left, list) and isinstance(right, list) and len(left) == len(right):
        found = []
        for index, (one, other) in enumerate(zip(left, right)):
            found += differences(one, other, '%s[%d]' % (where, index))
        return found
    return [] if left == right else ['%s: %r != %r' % (where, left, right)]


def check_paths(results, path):
    for task, result in results.items():
        if result.get('alibabacloud_vpcpeer_path') != path:
            fail('%s did not run on the %s path' % (task, path), result=result)


def compare_results(workdir, verbosity):
    loaded = {}
    for path in PATHS:
        with open(os.path.join(workdir, '%s.%s.json' % (path, verbosity)), encoding='utf-8') as handle:
            loaded[path] = json.load(handle)
        check_paths(loaded[path], path)
    controller, module = (normal(loaded[path]) for path in PATHS)
    found = differences(controller, module)
    if found:
        fail('the two paths gave different results (%s)' % verbosity, differences=found)
    return len(controller)


def compare_outputs(workdir):
    lines = {}
    for path in PATHS:
        with open(os.path.join(workdir, '%s.default.out' % path), encoding='utf-8', errors='replace') as handle:
            text = handle.read()
        if PATH_FIELD.search(text) and set(PATH_FIELD.findall(text)) != {path}:
            fail('the %s output names another path' % path, paths=sorted(set(PATH_FIELD.findall(text))))
        lines[path] = PATH_FIELD.sub('"alibabacloud_vpcpeer_path": "<path>"', normal_text(text)).splitlines()
    if lines['controller'] != lines['module']:
        changed = [(number + 1, one, other) for number, (one, other) in enumerate(zip(lines['controller'], lines['module']))
                   if one != other]
        fail('the two paths printed different output', lengths=[len(lines[p]) for p in PATHS], first_differences=changed[:10])
    return len(lines['controller'])


def scan_secrets(settings, workdir):
    keys = settings['vpcpeer_emulator']['access_keys']
    secrets = {WRONG_SECRET}
    for key in keys.values():
        secrets.update(value for value in (key.get('secret'), key.get('security_token')) if value)
    names = sorted(name for name in os.listdir(workdir) if name.endswith(('.out', '.json')))
    for name in names:
        with open(os.path.join(workdir, name), encoding='utf-8', errors='replace') as handle:
            text = handle.read()
        if name.endswith('.out'):
            if TASKS_PLAY not in text:
                fail('%s does not show the tasks' % name)
            text = text.split(TASKS_PLAY, 1)[1]
        shown = [secret[:4] + '...' for secret in secrets if secret in text]
        if shown:
            fail('a secret appears in %s' % name, secrets=shown)
    return len(names), len(secrets)


def main():
    with open(sys.argv[1], encoding='utf-8') as handle:
        settings = json.load(handle)
    workdir = sys.argv[2]
    results = compare_results(workdir, 'default')
    compare_results(workdir, '-vvvv')
    lines = compare_outputs(workdir)
    files, secrets = scan_secrets(settings, workdir)
    print('path_parity: %d results equal on both paths at both verbosities but for request ids, times and digests; %d lines of '
          'output equal; %d files free of %d secrets' % (results, lines, files, secrets))


if __name__ == '__main__':
    main()
