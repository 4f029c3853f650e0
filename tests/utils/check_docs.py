# Copyright (c) alibabacloud.vpcpeer contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""`make test-docs` (with `make docs`): the documentation renders, lints clean and agrees with the code.

1. ansible-doc lists exactly the modules of plugins/modules and renders each one (text and JSON), warning-free;
2. antsibull-docs lint-collection-docs --plugin-docs, with every collection reference and the guide's references
   checked;
3. the guide (docs/docsite/rst/guide.rst): its troubleshooting table covers every error code of
   ModifyVpcPeerConnection's API reference and the common credential, permission and throttling codes, and its
   "What to do" text for each code is the module's own advice (plugins/module_utils/errors.py ADVICE); its table of
   connection options names the environment variables the modules read (plugins/module_utils/client.py);
4. the relative links of README.md and docs/*.md point at files that exist.
"""

import argparse
import glob
import importlib.util
import json
import os
import re
import subprocess
import sys

# The error codes of ModifyVpcPeerConnection's API reference (the seed of this collection's error handling).
SEED_CODES = (
    'ResourceNotFound.InstanceId', 'IncorrectStatus.VpcPeer', 'IncorrectBusinessStatus.VpcPeer',
    'OperationFailed.BandwidthCannotBeChangedInSameRegion', 'QuotaExceeded.Bandwidth',
    'OperationFailed.InterRegionLinkTypeNotSupported', 'OperationFailed.RegionIdNotSupportLinkType',
    'OperationFailed.SpecificLinkTypeNotSupported', 'OperationDenied.ServiceManagedInstance',
)
# The credential, signature, permission, throttling and transport codes users meet most.
COMMON_CODES = (
    'Forbidden.RAM', 'Throttling.User', 'Throttling', 'InvalidAccessKeyId.NotFound', 'InvalidAccessKeyId.Inactive',
    'SignatureDoesNotMatch', 'InvalidSecurityToken.Expired', 'InvalidSecurityToken.MismatchWithAccessKey',
    'InvalidTimeStamp.Expired', 'ServiceUnavailable', 'InternalError', 'SDK.CredentialsNotFound',
    'SDK.ServerUnreachable', 'SDK.ReadTimeout', 'SDK.InvalidServerResponse',
)
GUIDE = os.path.join('docs', 'docsite', 'rst', 'guide.rst')


def normalize(text):
    return ' '.join(text.split())


def list_tables(text):
    """Every ``.. list-table::`` of an RST text, as a list of rows, each a list of cell texts."""
    tables = []
    for block in re.split(r'\n(?=\S|\.\. list-table::)', text):
        if not block.lstrip().startswith('.. list-table::'):
            continue
        rows = []
        row_indent = None
        for line in block.splitlines():
            indent = len(line) - len(line.lstrip())
            stripped = line.strip()
            if stripped.startswith('* -'):
                row_indent = indent
                rows.append([stripped[3:].strip()])
            elif rows and indent == row_indent + 2 and (stripped == '-' or stripped.startswith('- ')):
                rows[-1].append(stripped[1:].strip())
            elif rows and stripped:
                rows[-1][-1] += ' ' + stripped
        tables.append([[normalize(c) for c in r] for r in rows])
    return tables


def load_errors(root):
    spec = importlib.util.spec_from_file_location('vpcpeer_errors', os.path.join(root, 'plugins', 'module_utils', 'errors.py'))
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def env_fallbacks(root):
    """option -> [environment variables] of connection_argument_spec() in client.py."""
    with open(os.path.join(root, 'plugins', 'module_utils', 'client.py'), encoding='utf-8') as handle:
        source = handle.read()
    found = {}
    for option, names in re.findall(r"(\w+)=dict\([^()]*?fallback=\(env_fallback, \[([^\]]*)\]\)", source, re.S):
        found[option] = re.findall(r"'([A-Z0-9_]+)'", names)
    return found


def check_guide(root, problems):
    with open(os.path.join(root, GUIDE), encoding='utf-8') as handle:
        tables = list_tables(handle.read())
    errors = load_errors(root)
    troubleshooting = [t for t in tables if t and t[0][:1] == ['Code']]
    options = [t for t in tables if t and t[0][:1] == ['Option']]
    if len(troubleshooting) != 1 or len(options) != 1:
        problems.append('%s: expected one troubleshooting table (Code, ...) and one options table (Option, ...)' % GUIDE)
        return
    covered = set()
    for row in troubleshooting[0][1:]:
        codes = re.findall(r'``([A-Za-z0-9.]+)``', row[0])
        advice = row[-1]
        for code in codes:
            covered.add(code)
            expected = errors.advice_for(code)
            if expected is None:
                problems.append('%s: %s has no advice in errors.py' % (GUIDE, code))
            elif normalize(expected) != advice:
                problems.append('%s: the "What to do" of %s differs from errors.py ADVICE:\n    guide:     %s\n    errors.py: %s'
                                % (GUIDE, code, advice, normalize(expected)))
    for code in SEED_CODES + COMMON_CODES:
        if code not in covered:
            problems.append('%s: the troubleshooting table lacks %s' % (GUIDE, code))
    for code in SEED_CODES:
        if code not in errors.ADVICE:
            problems.append('errors.py ADVICE lacks the seed error code %s' % code)
    fallbacks = env_fallbacks(root)
    if not fallbacks:
        problems.append('found no env_fallback in client.py')
    documented = {}
    for row in options[0][1:]:
        for option in re.findall(r'``(\w+)``', row[0]):
            documented[option] = re.findall(r'``([A-Z0-9_]+)``', row[1])
    for option, names in fallbacks.items():
        if documented.get(option) != names:
            problems.append('%s: option %s reads %s (client.py), the guide says %s'
                            % (GUIDE, option, ', '.join(names), ', '.join(documented.get(option, [])) or 'nothing'))
    print('guide: checked the advice of %d error codes and the environment variables of %d options'
          % (len(covered), len(fallbacks)))


def check_links(root, problems):
    for path in [os.path.join(root, 'README.md')] + glob.glob(os.path.join(root, 'docs', '**', '*.md'), recursive=True):
        with open(path, encoding='utf-8') as handle:
            text = handle.read()
        for target in re.findall(r'\]\(([^)#\s]+)(?:#[^)]*)?\)', text):
            if re.match(r'^[a-z]+://', target) or target.startswith('mailto:'):
                continue
            if not os.path.exists(os.path.join(os.path.dirname(path), target)):
                problems.append('%s links to %s, which does not exist' % (os.path.relpath(path, root), target))


def check_ansible_doc(root, collections_dir, problems):
    env = dict(os.environ, ANSIBLE_COLLECTIONS_PATH=collections_dir, ANSIBLE_COLLECTIONS_SCAN_SYS_PATH='false')
    modules = sorted(os.path.basename(p)[:-3] for p in glob.glob(os.path.join(root, 'plugins', 'modules', '*.py'))
                     if not os.path.basename(p).startswith('_'))
    listed = subprocess.run(['ansible-doc', '-t', 'module', '-l', 'alibabacloud.vpcpeer', '--json'], env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, check=False)
    names = sorted(name.split('.')[-1] for name in json.loads(listed.stdout or '{}'))
    if names != modules:
        problems.append('ansible-doc -l lists %s, plugins/modules has %s' % (names, modules))
    for module in modules:
        fqcn = 'alibabacloud.vpcpeer.%s' % module
        text = subprocess.run(['ansible-doc', '-t', 'module', fqcn], env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, check=False)
        data = subprocess.run(['ansible-doc', '-t', 'module', '--json', fqcn], env=env, stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, text=True, check=False)
        if text.returncode or data.returncode or text.stderr.strip() or data.stderr.strip():
            problems.append('ansible-doc %s failed or warned: %s' % (fqcn, (text.stderr + data.stderr).strip()[:2000]))
            continue
        doc = json.loads(data.stdout)[fqcn]
        for key in ('doc', 'examples', 'return'):
            if not doc.get(key):
                problems.append('ansible-doc %s: no %s' % (fqcn, key))
        if 'EXAMPLES' not in text.stdout or 'RETURN VALUES' not in text.stdout:
            problems.append('ansible-doc %s: the text rendering lacks EXAMPLES or RETURN VALUES' % fqcn)
    print('ansible-doc: %s render (text and JSON) without warnings' % ', '.join(modules))


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('--collection-root', required=True, help='.../ansible_collections/alibabacloud/vpcpeer')
    args = parser.parse_args()
    root = os.path.abspath(args.collection_root)
    collections_dir = os.path.dirname(os.path.dirname(os.path.dirname(root)))
    problems = []
    check_ansible_doc(root, collections_dir, problems)
    lint = subprocess.run(['antsibull-docs', 'lint-collection-docs', '--plugin-docs', '--validate-collection-refs', 'all',
                           '--disallow-unknown-collection-refs', '--check-extra-docs-refs', root],
                          env=dict(os.environ, ANSIBLE_COLLECTIONS_PATH=collections_dir), stdout=subprocess.PIPE,
                          stderr=subprocess.STDOUT, text=True, check=False)
    if lint.returncode or lint.stdout.strip():
        problems.append('antsibull-docs lint-collection-docs:\n%s' % lint.stdout.strip())
    else:
        print('antsibull-docs lint-collection-docs --plugin-docs: clean')
    check_guide(root, problems)
    check_links(root, problems)
    if problems:
        sys.exit('documentation problems:\n- ' + '\n- '.join(problems))
    print('documentation: all checks passed')


if __name__ == '__main__':
    main()
