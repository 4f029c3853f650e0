# Copyright (c) alibabacloud.vpcpeer contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""`make test-changelog`: lint the changelog fragments, and rehearse the release in a scratch copy.

The rehearsal copies the collection into a fresh git repository shaped ansible_collections/<ns>/<name>,
runs tests/utils/release.py there (without `make test`) for the version galaxy.yml is heading to, and checks
what a release must produce: the versions bumped, the fragments consumed, every module listed as new in
exactly one release and a module new in this one under this release's own heading, a commit and a tag.
"""

import argparse
import glob
import os
import re
import shutil
import subprocess
import sys
import tempfile

import yaml


def run(command, cwd, env=None):
    print('>>> %s' % ' '.join(command), flush=True)
    subprocess.run(command, cwd=cwd, check=True, env=env)


def next_version(root):
    """The version the rehearsal releases, and whether galaxy.yml names the last release (then: the next patch)."""
    with open(os.path.join(root, 'galaxy.yml'), encoding='utf-8') as handle:
        current = yaml.safe_load(handle)['version']
    version = re.sub(r'-.*$', '', current)  # 1.0.0-dev0 is heading to 1.0.0
    with open(os.path.join(root, 'changelogs', 'changelog.yaml'), encoding='utf-8') as handle:
        released = (yaml.safe_load(handle) or {}).get('releases') or {}
    if version not in released:
        return version, False
    major, minor, patch = version.split('.')
    return '%s.%s.%d' % (major, minor, int(patch) + 1), True


def rehearse(root, copy, version, next_release):
    """Copy the repository's files to ``copy``, commit them in a repository of its own, and release ``version``."""
    files = subprocess.check_output(['git', 'ls-files', '-z', '--cached', '--others', '--exclude-standard'], cwd=root)
    for path in (p for p in files.decode('utf-8').split('\0') if p):
        if os.path.isfile(os.path.join(root, path)):
            os.makedirs(os.path.dirname(os.path.join(copy, path)), exist_ok=True)
            shutil.copy2(os.path.join(root, path), os.path.join(copy, path))
    if next_release:  # its fragments were consumed by the last release; a release needs a summary
        os.makedirs(os.path.join(copy, 'changelogs', 'fragments'), exist_ok=True)
        with open(os.path.join(copy, 'changelogs', 'fragments', '%s.yml' % version), 'w', encoding='utf-8') as handle:
            handle.write('---\nrelease_summary: Rehearsal of the next patch release.\n')
    env = dict(os.environ, GIT_AUTHOR_NAME='rehearsal', GIT_AUTHOR_EMAIL='rehearsal@invalid',
               GIT_COMMITTER_NAME='rehearsal', GIT_COMMITTER_EMAIL='rehearsal@invalid')
    run(['git', 'init', '-q'], cwd=copy)
    run(['git', 'add', '--all'], cwd=copy)
    run(['git', 'commit', '-q', '-m', 'before the release'], cwd=copy, env=env)
    run([sys.executable, os.path.join('tests', 'utils', 'release.py'), '--version', version, '--no-test'], cwd=copy, env=env)


def release_section(changelog, version):
    """The text of CHANGELOG.rst's section for ``version``, up to the next release's heading."""
    match = re.search(r'^v%s\n=+\n(.*?)(?=^v\d[^\n]*\n=+\n|\Z)' % re.escape(version), changelog, re.M | re.S)
    return match.group(1) if match else ''


def new_module_problems(copy, changelog, version, modules):
    """Modules not listed as new in exactly one release, or new in ``version`` but missing from its section."""
    with open(os.path.join(copy, 'changelogs', 'changelog.yaml'), encoding='utf-8') as handle:
        releases = (yaml.safe_load(handle) or {}).get('releases') or {}
    listed = {}
    for release, content in releases.items():
        for entry in (content or {}).get('modules') or []:
            listed.setdefault(entry['name'], []).append(release)
    problems = ['changelog.yaml lists %s as new in %s, not in exactly one release' % (module, listed.get(module, []))
                for module in modules if len(listed.get(module, [])) != 1]
    section = release_section(changelog, version)
    new_in_section = section.split('New Modules', 1)[1] if 'New Modules' in section else ''
    for module in modules:
        if listed.get(module) == [version] and 'alibabacloud.vpcpeer.%s ' % module not in new_in_section:
            problems.append('CHANGELOG.rst does not list the new module %s under v%s' % (module, version))
    return problems


def release_problems(copy, version, modules):
    """What the rehearsed release in ``copy`` lacks: version bumps, consumed fragments, changelog, commit and tag."""
    problems = []
    with open(os.path.join(copy, 'galaxy.yml'), encoding='utf-8') as handle:
        if yaml.safe_load(handle)['version'] != version:
            problems.append('galaxy.yml does not say %s' % version)
    with open(os.path.join(copy, 'plugins', 'module_utils', 'client.py'), encoding='utf-8') as handle:
        if "COLLECTION_VERSION = '%s'" % version not in handle.read():
            problems.append('client.py COLLECTION_VERSION is not %s' % version)
    left = glob.glob(os.path.join(copy, 'changelogs', 'fragments', '*.yml'))
    if left:
        problems.append('fragments were not consumed: %s' % left)
    with open(os.path.join(copy, 'CHANGELOG.rst'), encoding='utf-8') as handle:
        changelog = handle.read()
    if 'v%s' % version not in changelog or 'Release Summary' not in changelog:
        problems.append('CHANGELOG.rst has no v%s section with its release summary' % version)
    problems.extend(new_module_problems(copy, changelog, version, modules))
    tags = subprocess.check_output(['git', 'tag', '--list'], cwd=copy, text=True).split()
    status = subprocess.check_output(['git', 'status', '--porcelain'], cwd=copy, text=True)
    if tags != [version] or status.strip():
        problems.append('the release is not committed and tagged (tags %s, status %r)' % (tags, status))
    return problems


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('--collection-root', required=True)
    args = parser.parse_args()
    root = os.path.abspath(args.collection_root)

    run(['antsibull-changelog', 'lint'], cwd=root)
    run(['antsibull-changelog', 'lint-changelog-yaml', os.path.join('changelogs', 'changelog.yaml')], cwd=root)
    version, next_release = next_version(root)
    modules = sorted(os.path.basename(p)[:-3] for p in glob.glob(os.path.join(root, 'plugins', 'modules', '*.py'))
                     if not os.path.basename(p).startswith('_'))
    fragments = sorted(os.path.basename(p) for p in glob.glob(os.path.join(root, 'changelogs', 'fragments', '*.yml')))
    scratch = tempfile.mkdtemp(prefix='release-rehearsal-')
    try:
        copy = os.path.join(scratch, 'ansible_collections', 'alibabacloud', 'vpcpeer')
        rehearse(root, copy, version, next_release)
        problems = release_problems(copy, version, modules)
        if problems:
            sys.exit('release rehearsal failed:\n  ' + '\n  '.join(problems))
        print('release rehearsal: %s from %d fragments, each of %d modules listed as new in one release, committed and tagged'
              % (version, len(fragments), len(modules)))
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


if __name__ == '__main__':
    main()
