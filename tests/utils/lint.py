# Copyright (c) alibabacloud.vpcpeer contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""`make test-lint`: ansible-lint (production profile, offline) over the whole collection tree, with no findings.

ansible-lint would downgrade findings listed in an .ansible-lint-ignore file (or a `skip_list` / `warn_list` in
.ansible-lint) to warnings; there must be none of either, so a finding is fixed where it is, never accepted.
"""

import argparse
import os
import subprocess
import sys

import yaml


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('--collection-root', required=True)
    args = parser.parse_args()
    root = os.path.abspath(args.collection_root)

    if os.path.exists(os.path.join(root, '.ansible-lint-ignore')):
        sys.exit('.ansible-lint-ignore exists: fix the findings instead of accepting them')
    with open(os.path.join(root, '.ansible-lint'), encoding='utf-8') as handle:
        config = yaml.safe_load(handle) or {}
    accepted = [key for key in ('skip_list', 'warn_list') if config.get(key)]
    if accepted:
        sys.exit('.ansible-lint accepts findings (%s): fix them instead' % ', '.join(accepted))
    if config.get('profile') != 'production':
        sys.exit('.ansible-lint must use the production profile, not %r' % config.get('profile'))

    collections_dir = os.path.dirname(os.path.dirname(os.path.dirname(root)))
    env = dict(os.environ, ANSIBLE_COLLECTIONS_PATH=collections_dir, ANSIBLE_COLLECTIONS_SCAN_SYS_PATH='false',
               ANSIBLE_ROLES_PATH=os.path.join(root, 'tests', 'integration', 'targets'), NO_COLOR='1')
    result = subprocess.run(['ansible-lint', '--nocolor', '-f', 'pep8', '--strict'], cwd=root, env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, check=False)
    print(result.stdout, end='')
    summary = [line for line in result.stderr.splitlines() if line.startswith(('Passed', 'Failed'))]
    print('\n'.join(summary))
    if result.returncode != 0 or not summary or not summary[-1].startswith('Passed: 0 failure(s), 0 warning(s)'):
        sys.exit('ansible-lint failed (exit %d):\n%s' % (result.returncode, result.stderr[-3000:]))
    print('ansible-lint: passed, production profile, no findings and no warnings')


if __name__ == '__main__':
    main()
