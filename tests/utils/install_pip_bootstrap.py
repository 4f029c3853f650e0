# Copyright (c) alibabacloud.vpcpeer contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Put the offline get-pip stand-in where the installed ansible-test looks for it.

The cache file name follows the pip version the installed ansible-test pins, so it is read
from ansible-test itself instead of being hard-coded (each ansible-core release may pin another).
"""

import os
import re
import shutil
import sys

import ansible_test


def pinned_pip_versions():
    source = os.path.join(os.path.dirname(ansible_test.__file__), '_internal', 'python_requirements.py')
    with open(source, encoding='utf-8') as handle:
        return sorted(set(re.findall(r"""\bpip\s*=\s*['"]([0-9][0-9.]*)['"]""", handle.read())))


def main():
    versions = pinned_pip_versions()
    if not versions:
        sys.exit('could not find the pip version pinned by ansible-test in %s' % ansible_test.__file__)
    cache = os.path.expanduser('~/.ansible/test/cache')
    os.makedirs(cache, exist_ok=True)
    standin = os.path.join(os.path.dirname(os.path.abspath(__file__)), 'get_pip_standin.py')
    for version in versions:
        target = os.path.join(cache, 'get_pip_%s.py' % version.replace('.', '_'))
        shutil.copyfile(standin, target)
        print('pip bootstrap stand-in for pip %s: %s' % (version, target))


if __name__ == '__main__':
    main()
