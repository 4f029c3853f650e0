# Copyright (c) alibabacloud.vpcpeer contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""`make test-lint`: ansible-lint (production profile, offline) over the whole collection tree.

Findings listed in .ansible-lint-ignore ("path rule" lines) are reported as warnings and do not fail. An entry that
no longer matches any finding is reported too (the file was fixed: delete the entry, so that the same mistake is not
accepted again there); it does not fail the run, so fixing a file never needs a change of this list first.
"""

import argparse
import os
import re
import subprocess
import sys

FINDING = re.compile(r'^(?P<path>[^:\s]+):\d+(?::\d+)?: (?P<rule>[\w-]+(?:\[[\w-]+\])?)')


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('--collection-root', required=True)
    args = parser.parse_args()
    root = os.path.abspath(args.collection_root)
    collections_dir = os.path.dirname(os.path.dirname(os.path.dirname(root)))
    env = dict(os.environ, ANSIBLE_COLLECTIONS_PATH=collections_dir, ANSIBLE_COLLECTIONS_SCAN_SYS_PATH='false',
               ANSIBLE_ROLES_PATH=os.path.join(root, 'tests', 'integration', 'targets'), NO_COLOR='1')
    result = subprocess.run(['ansible-lint', '--nocolor', '-f', 'pep8'], cwd=root, env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, check=False)
    print(result.stdout, end='')
    occurrences = []
    for line in result.stdout.splitlines():
        match = FINDING.match(line)
        if match:
            occurrences.append((match.group('path'), match.group('rule')))
    findings = set(occurrences)
    summary = [line for line in result.stderr.splitlines() if line.startswith(('Passed', 'Failed', 'WARNING  Listing'))]
    print('\n'.join(summary))

    ignored = []
    with open(os.path.join(root, '.ansible-lint-ignore'), encoding='utf-8') as handle:
        for line in handle:
            line = line.split('#', 1)[0].strip()
            if line:
                path, rule = line.split()[:2]
                ignored.append((path, rule))
    stale = [entry for entry in ignored if entry not in findings]
    if result.returncode != 0:
        sys.exit('ansible-lint failed (exit %d):\n%s' % (result.returncode, result.stderr[-3000:]))
    if stale:
        print('NOTE: .ansible-lint-ignore lists findings that are gone; delete these lines:\n  %s'
              % '\n  '.join(' '.join(entry) for entry in stale))
    if ignored:
        print('ansible-lint: passed; %d findings accepted by the %d entries of .ansible-lint-ignore'
              % (len([f for f in occurrences if f in ignored]), len(ignored)))
    else:
        print('ansible-lint: passed, production profile, no findings')


if __name__ == '__main__':
    main()
