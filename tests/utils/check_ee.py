# Copyright (c) alibabacloud.vpcpeer contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""`make test-ee`: an execution environment built with this collection gets its SDK, without a container engine.

1. requirements.txt (what meta/execution-environment.yml points at) has lower bounds only, and neither ansible
   nor ansible-core (the partner certification rules);
2. build the collection's tarball and install it into an empty collections path;
3. `ansible-builder introspect --sanitize` on that path finds the SDK packages and bindep.txt's packages;
4. `ansible-builder create` with docs/execution-environment/execution-environment.yml (its galaxy requirement
   pointed at the tarball) writes a build context: the Containerfile, the tarball and requirements.yml in _build/;
5. the container build's two collection steps are then replayed from that context, outside a container: the
   `ansible-galaxy collection install -r requirements.yml` of its galaxy stage, and its own
   `_build/scripts/introspect.py introspect` of the builder stage. The pip requirements that step writes (the ones
   the image gets) must list the SDK packages.
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

SDK_PACKAGES = ('alibabacloud-vpcpeer20220101', 'alibabacloud-vpc20160428', 'alibabacloud-tea-openapi', 'alibabacloud-credentials')


def run(command, **kwargs):
    print('>>> %s' % ' '.join(command), flush=True)
    return subprocess.run(command, check=True, **kwargs)


def requirement_names(lines):
    names = {}
    for line in lines:
        line = line.split('#', 1)[0].strip()
        if line:
            names[re.split(r'[<>=!~\[; ]', line, maxsplit=1)[0].lower()] = line
    return names


def check_declared(root):
    """The problems of the Python requirements meta/execution-environment.yml declares."""
    problems = []
    with open(os.path.join(root, 'meta', 'execution-environment.yml'), encoding='utf-8') as handle:
        meta = yaml.safe_load(handle)
    python_file = meta['dependencies']['python']
    with open(os.path.join(root, python_file), encoding='utf-8') as handle:
        declared = requirement_names(handle.read().splitlines())
    for name, line in declared.items():
        if name in ('ansible', 'ansible-core', 'ansible-base'):
            problems.append('%s must not list %s' % (python_file, name))
        specifiers = re.findall(r'(<=|>=|==|!=|~=|<|>)', line)
        if not specifiers or set(specifiers) != {'>='}:
            problems.append('%s: %r must have a lower bound (>=) and nothing else' % (python_file, line))
    if sorted(declared) != sorted(SDK_PACKAGES):
        problems.append('%s lists %s, expected the SDK packages %s' % (python_file, sorted(declared), list(SDK_PACKAGES)))
    return problems


def introspect(command, collections, work, name, env):
    """Run an introspection ``command`` (ansible-builder's, or the build context's script) over ``collections``:
    the Python requirements it found, and its bindep text."""
    pip_out, bindep_out = os.path.join(work, name + '-pip.txt'), os.path.join(work, name + '-bindep.txt')
    run(command + [collections, '--write-pip', pip_out, '--write-bindep', bindep_out], env=env, cwd=work,
        stdout=subprocess.DEVNULL)
    with open(pip_out, encoding='utf-8') as handle:
        requirements = requirement_names(handle.read().splitlines())
    with open(bindep_out, encoding='utf-8') as handle:
        return requirements, handle.read()


def check_introspection(work, env):
    """The problems ansible-builder introspect finds in the collection installed under ``work``."""
    found, bindep = introspect(['ansible-builder', 'introspect', '--sanitize'], os.path.join(work, 'collections'),
                               work, 'introspect', env)
    problems = ['ansible-builder introspect did not find %s' % package for package in SDK_PACKAGES if package not in found]
    if 'from collection alibabacloud.vpcpeer' not in bindep:
        problems.append('ansible-builder introspect did not read bindep.txt')
    return problems


def create_context(root, work, env, tarball):
    """ansible-builder create from the shipped definition, the tarball in place of Galaxy: the build directory
    and the problems of the context."""
    problems = []
    with open(os.path.join(root, 'docs', 'execution-environment', 'execution-environment.yml'), encoding='utf-8') as handle:
        definition = yaml.safe_load(handle)
    shipped_galaxy = definition['dependencies']['galaxy']
    if [c['name'] for c in shipped_galaxy['collections']] != ['alibabacloud.vpcpeer']:
        problems.append('the shipped execution environment does not install alibabacloud.vpcpeer from Galaxy')
    definition['dependencies']['galaxy'] = {
        'collections': [{'name': 'collections/%s' % os.path.basename(tarball), 'type': 'file'}]}
    definition['additional_build_files'] = [{'src': tarball, 'dest': 'collections'}]
    ee_file = os.path.join(work, 'execution-environment.yml')
    with open(ee_file, 'w', encoding='utf-8') as handle:
        yaml.safe_dump(definition, handle)
    context = os.path.join(work, 'context')
    run(['ansible-builder', 'create', '-f', ee_file, '-c', context, '--output-filename', 'Containerfile'], env=env, cwd=work)
    with open(os.path.join(context, 'Containerfile'), encoding='utf-8') as handle:
        containerfile = handle.read()
    for needle in ('ansible-galaxy collection install', 'introspect.py introspect', definition['images']['base_image']['name']):
        if needle not in containerfile:
            problems.append('the Containerfile lacks %r' % needle)
    build_dir = os.path.join(context, '_build')
    if not os.path.isfile(os.path.join(build_dir, 'collections', os.path.basename(tarball))):
        problems.append('the build context lacks the collection tarball')
    return build_dir, problems


def replay_image_stages(work, env, build_dir):
    """The galaxy stage (WORKDIR /build = _build) and the builder stage's introspection, replayed: their problems."""
    problems = []
    image_collections = os.path.join(work, 'image', 'usr', 'share', 'ansible', 'collections')
    run(['ansible-galaxy', 'collection', 'install', '--offline', '-r', 'requirements.yml', '--collections-path', image_collections],
        env=dict(env, ANSIBLE_COLLECTIONS_PATH=image_collections), cwd=build_dir)
    image_requirements, _bindep = introspect(
        [sys.executable, os.path.join(build_dir, 'scripts', 'introspect.py'), 'introspect'], image_collections, work,
        'image', env)
    problems += ['the build context would not install %s into the image' % package for package in SDK_PACKAGES
                 if package not in image_requirements]
    for forbidden in ('ansible', 'ansible-core'):
        if forbidden in image_requirements:
            problems.append('the build context would install %s from the collection\'s requirements' % forbidden)
    return problems


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('--collection-root', required=True)
    args = parser.parse_args()
    root = os.path.abspath(args.collection_root)
    problems = check_declared(root)
    work = tempfile.mkdtemp(prefix='ee-check-')
    try:
        env = dict(os.environ, ANSIBLE_COLLECTIONS_PATH=os.path.join(work, 'collections'), ANSIBLE_COLLECTIONS_SCAN_SYS_PATH='false')
        run(['ansible-galaxy', 'collection', 'build', root, '--output-path', os.path.join(work, 'dist')], env=env, cwd=work)
        tarball = glob.glob(os.path.join(work, 'dist', 'alibabacloud-vpcpeer-*.tar.gz'))[0]
        run(['ansible-galaxy', 'collection', 'install', '--offline', '-p', os.path.join(work, 'collections'), tarball], env=env, cwd=work)
        problems += check_introspection(work, env)
        build_dir, context_problems = create_context(root, work, env, tarball)
        problems += context_problems + replay_image_stages(work, env, build_dir)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    if problems:
        sys.exit('execution environment problems:\n- ' + '\n- '.join(problems))
    print('execution environment: introspection and the build context both give %s' % ', '.join(SDK_PACKAGES))


if __name__ == '__main__':
    main()
