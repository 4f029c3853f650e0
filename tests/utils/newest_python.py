# Copyright (c) alibabacloud.vpcpeer contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Print the Python `make` builds its virtual environment with: the newest final CPython 3 release on this
machine (`python3.X` on PATH, and pyenv's versions, as `make test-matrix` finds them).

pip then installs the newest ansible-core that Python can run, so `make test` tests the newest ansible-core the
machine allows (ansible-core 2.20 and later need Python 3.12 or later). Prints `python3` when nothing better is
found. `make PYTHON=...` overrides the choice.
"""

import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from matrix import find_pythons, path_without_venv  # noqa: E402  pylint: disable=wrong-import-position


def main() -> None:
    pythons = find_pythons('python3', path_without_venv(os.environ.get('PATH', '')))  # final releases, oldest first
    print(list(pythons.values())[-1][0] if pythons else 'python3')


if __name__ == '__main__':
    main()
