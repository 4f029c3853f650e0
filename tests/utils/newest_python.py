# Copyright (c) alibabacloud.vpcpeer contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Print the Python `make` builds its virtual environment with: the newest final CPython 3 release on this
machine (`python3.X` on PATH, and pyenv's versions, as `make test-matrix` finds them).

pip then installs the newest ansible-core that Python can run, so `make test` tests the newest ansible-core the
machine allows (ansible-core 2.20 and later need Python 3.12 or later). Prints `python3` when nothing better is
found. `make PYTHON=...` overrides the choice.
"""

import os
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from matrix import find_pythons  # noqa: E402  pylint: disable=wrong-import-position


def is_final_release(executable: str) -> bool:
    """False for alpha, beta and release-candidate interpreters, which the SDK and ansible-core may not support."""
    result = subprocess.run([executable, '-c', 'import sys; print(sys.version_info.releaselevel)'],
                            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True, timeout=30, check=False)
    return result.stdout.strip() == 'final'


def main() -> None:
    path = os.pathsep.join(p for p in os.environ.get('PATH', '').split(os.pathsep) if '/.venv/' not in p + '/')
    finals = [executable for executable, _version in find_pythons('python3', path).values() if is_final_release(executable)]
    print(finals[-1] if finals else 'python3')


if __name__ == '__main__':
    main()
