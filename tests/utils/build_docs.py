# Copyright (c) alibabacloud.vpcpeer contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""`make docs`: build the collection's docsite (antsibull-docs and Sphinx) into build/docs/html, offline.

The site is what `antsibull-docs sphinx-init` sets up (module pages from the plugin docs, plus the guide of
docs/docsite/extra-docs.yml), built with warnings as errors. Sphinx would fetch the inventories of the Python,
Jinja and Ansible docs to resolve references to them; these machines reach no such site, so the labels of the
Ansible docs that antsibull-docs pages refer to come from a small local inventory instead, with the same
targets on docs.ansible.com.
"""

import argparse
import os
import shutil
import stat
import subprocess
import zlib

ANSIBLE_DOCS = 'https://docs.ansible.com/projects/ansible/devel/'
# label -> (page#anchor, title) in the Ansible docs.
ANSIBLE_LABELS = {
    'common_return_values': ('reference_appendices/common_return_values.html#common-return-values', 'Return Values'),
    'ansible_configuration_settings': ('reference_appendices/config.html#ansible-configuration-settings',
                                       'Ansible Configuration Settings'),
    'module_defaults': ('playbook_guide/playbooks_module_defaults.html#module-defaults', 'Module defaults'),
    'check_mode_dry': ('playbook_guide/playbooks_checkmode.html#check-mode-dry', 'Validating tasks: check mode and diff mode'),
    # The note of a module that has an action plugin of the same name.
    'action_plugins': ('plugins/action.html#action-plugins', 'Action plugins'),
}


def write_inventory(path):
    lines = ['%s std:label -1 %s %s' % (label, uri, title) for label, (uri, title) in sorted(ANSIBLE_LABELS.items())]
    header = '# Sphinx inventory version 2\n# Project: Ansible\n# Version: devel\n' \
             '# The remainder of this file is compressed using zlib.\n'
    with open(path, 'wb') as handle:
        handle.write(header.encode('utf-8') + zlib.compress(('\n'.join(lines) + '\n').encode('utf-8')))


def run(command, cwd, env):
    print('>>> %s' % ' '.join(command), flush=True)
    subprocess.run(command, cwd=cwd, env=env, check=True)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('--collections-dir', required=True, help='directory that holds ansible_collections/alibabacloud/vpcpeer')
    parser.add_argument('--dest', required=True, help='output directory (the site goes to DEST/html)')
    args = parser.parse_args()
    dest = os.path.abspath(args.dest)
    source = os.path.join(dest, 'src')
    env = dict(os.environ, ANSIBLE_COLLECTIONS_PATH=os.path.abspath(args.collections_dir))

    shutil.rmtree(dest, ignore_errors=True)
    os.makedirs(source)
    os.chmod(source, stat.S_IRWXU)  # antsibull-docs only writes into a directory nobody else can write to
    run(['antsibull-docs', 'sphinx-init', '--use-current', '--fail-on-error', '--dest-dir', source,
         '--project', 'alibabacloud.vpcpeer', '--copyright', 'alibabacloud.vpcpeer contributors',
         '--title', 'alibabacloud.vpcpeer', '--html-short-title', 'alibabacloud.vpcpeer',
         '--no-add-antsibull-docs-version', 'alibabacloud.vpcpeer'], cwd=source, env=env)
    write_inventory(os.path.join(source, 'ansible_devel.inv'))
    with open(os.path.join(source, 'conf.py'), 'a', encoding='utf-8') as handle:
        handle.write("\n# Offline: resolve the Ansible docs' labels from a local inventory (tests/utils/build_docs.py).\n"
                     "intersphinx_mapping = {'ansible_devel': (%r, %r)}\n" % (ANSIBLE_DOCS, os.path.join(source, 'ansible_devel.inv')))
    rst = os.path.join(source, 'rst')
    os.chmod(rst, stat.S_IRWXU)
    run(['antsibull-docs', '--config-file', 'antsibull-docs.cfg', 'collection', '--cleanup', 'everything',
         '--fail-on-error', '--use-current', '--dest-dir', 'rst', 'alibabacloud.vpcpeer'], cwd=source, env=env)
    run(['sphinx-build', '-q', '-b', 'html', '-c', '.', '-W', '--keep-going', 'rst', os.path.join(dest, 'html')],
        cwd=source, env=env)
    index = os.path.join(dest, 'html', 'collections', 'alibabacloud', 'vpcpeer', 'index.html')
    guide = os.path.join(dest, 'html', 'collections', 'alibabacloud', 'vpcpeer', 'docsite', 'guide.html')
    for page in (index, guide):
        if not os.path.isfile(page):
            raise SystemExit('the docsite has no %s' % os.path.relpath(page, dest))
    print('docsite: %s' % os.path.join(dest, 'html', 'index.html'))


if __name__ == '__main__':
    main()
