# Copyright (c) alibabacloud.vpcpeer contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Cut a release in one command: `make release VERSION=x.y.z`.

1. refuse a working tree with uncommitted changes, a version that is not x.y.z, or an existing tag;
2. set the version in galaxy.yml and in plugins/module_utils/client.py (the User-Agent);
3. `antsibull-changelog release`: the fragments become the release's section of changelogs/changelog.yaml
   (and are deleted), CHANGELOG.rst is regenerated, new modules are listed from their version_added;
4. run `make test` (skip with --no-test);
5. commit "Release x.y.z" and tag it x.y.z (skip with --no-commit).

Then build and publish: ansible-galaxy collection build && ansible-galaxy collection publish <tarball>.
"""

import argparse
import os
import re
import subprocess
import sys

ROOT = os.path.abspath(os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', '..'))
GALAXY_YML = 'galaxy.yml'
CLIENT_PY = os.path.join('plugins', 'module_utils', 'client.py')
VERSION = re.compile(r'^\d+\.\d+\.\d+$')


def run(*command, **kwargs):
    print('>>> %s' % ' '.join(command), flush=True)
    return subprocess.run(command, cwd=ROOT, check=True, **kwargs)


def git(*args):
    return subprocess.run(('git',) + args, cwd=ROOT, check=True, stdout=subprocess.PIPE, text=True).stdout


def replace_once(path, pattern, replacement):
    full = os.path.join(ROOT, path)
    with open(full, encoding='utf-8') as handle:
        text = handle.read()
    new, count = re.subn(pattern, replacement, text, count=1, flags=re.MULTILINE)
    if count != 1:
        sys.exit('%s: found no line matching %s' % (path, pattern))
    with open(full, 'w', encoding='utf-8') as handle:
        handle.write(new)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('--version', required=True, help='the version to release, x.y.z')
    parser.add_argument('--no-test', action='store_true', help='do not run make test')
    parser.add_argument('--no-commit', action='store_true', help='leave the changes uncommitted and untagged')
    args = parser.parse_args()

    if not VERSION.match(args.version):
        sys.exit('version %r is not x.y.z' % args.version)
    if git('status', '--porcelain', '--untracked-files=no').strip():
        sys.exit('the working tree has uncommitted changes; commit or stash them first')
    if git('tag', '--list', args.version).strip():
        sys.exit('tag %s exists already' % args.version)
    fragments = [name for name in os.listdir(os.path.join(ROOT, 'changelogs', 'fragments')) if name.endswith(('.yml', '.yaml'))]
    if not fragments:
        sys.exit('changelogs/fragments/ is empty: a release needs at least its release_summary fragment')

    replace_once(GALAXY_YML, r'^version: .*$', 'version: %s' % args.version)
    replace_once(CLIENT_PY, r"^COLLECTION_VERSION = '[^']*'$", "COLLECTION_VERSION = '%s'" % args.version)
    run('antsibull-changelog', 'lint')
    run('antsibull-changelog', 'release', '--version', args.version)
    run('antsibull-changelog', 'lint-changelog-yaml', os.path.join('changelogs', 'changelog.yaml'))
    if not args.no_test:
        run('make', 'test')
    if not args.no_commit:
        run('git', 'add', '--all', '--', GALAXY_YML, CLIENT_PY, 'changelogs', 'CHANGELOG.rst')
        run('git', 'commit', '-q', '-m', 'Release %s' % args.version)
        run('git', 'tag', '-a', args.version, '-m', 'alibabacloud.vpcpeer %s' % args.version)
    print('\nReleased %s. Next: ansible-galaxy collection build, then ansible-galaxy collection publish '
          'alibabacloud-vpcpeer-%s.tar.gz; push the commit and the tag; then set galaxy.yml and '
          'COLLECTION_VERSION to the next x.y.z-dev0.' % (args.version, args.version))


if __name__ == '__main__':
    main()
