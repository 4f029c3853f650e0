# Copyright (c) alibabacloud.vpcpeer contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Offline stand-in for the get-pip bootstrap script that ansible-test downloads.

ansible-test bootstraps pip into each new, pip-less sanity/units virtualenv by running
``python get_pip_<version>.py --disable-pip-version-check pip==<version> --no-setuptools --no-wheel``.
The official script lives on a host these machines cannot reach, but ansible-test looks in
``~/.ansible/test/cache/`` first.  This stand-in installs the pip bundled with CPython
(ensurepip) and then lets that pip install the requested packages from the package registry.
"""

import ensurepip
import os
import subprocess
import sys

GET_PIP_ONLY_FLAGS = ('--no-setuptools', '--no-wheel')
CA_BUNDLE = '/etc/ssl/certs/ca-certificates.crt'


def main():
    ensurepip.bootstrap(upgrade=True)
    args = [arg for arg in sys.argv[1:] if arg not in GET_PIP_ONLY_FLAGS]
    if os.path.exists(CA_BUNDLE):
        # A venv's pip does not read the machine's pip configuration for certificates.
        args = ['--cert', CA_BUNDLE] + args
    return subprocess.call([sys.executable, '-m', 'pip', 'install'] + args)


if __name__ == '__main__':
    sys.exit(main())
