# Copyright (c) alibabacloud.vpcpeer contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""`make test-matrix`: the integration tests on every ansible-core minor release from 2.16 to the newest.

1. find this machine's Pythons: the one `make` uses, `python3.X` on PATH, and pyenv's 3.x versions;
2. ask the package index which ansible-core releases exist (one look-up), and which of them each Python can
   install (one look-up per Python, `pip index versions --python-version`);
3. for each minor release, pick a Python (3.9 or later) that can install it (the newest; `--pythons all`: each
   of them), make a virtual environment under build/matrix/ with that ansible-core, the SDK, ansible-runner
   and the emulator; if that release's ansible-test does not run on that Python, take the newest one it runs
   on; make a collection tree of its own and run tests/utils/run_integration.py in it;
4. write build/matrix/summary.md and summary.json. A release no Python here can install, or whose environment
   cannot be built, is reported as SKIPPED with the reason, never as passed. Exit 1 if any run failed.
"""

import argparse
import glob
import json
import os
import re
import shutil
import subprocess
import sys
import time

ROOT = os.path.abspath(os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', '..'))
OLDEST_MINOR = 16
MIN_PYTHON = (3, 9)  # tests/config.yml: modules.python_requires '>=3.9'
PROXY_VARIABLES = ('HTTP_PROXY', 'HTTPS_PROXY', 'http_proxy', 'https_proxy', 'ALL_PROXY', 'all_proxy')


def log(message):
    print('[matrix] %s' % message, flush=True)


def python_version(executable):
    """'3.13.0', or None when it does not run or is an alpha, beta or release candidate (which the SDK and
    ansible-core may not support yet)."""
    try:
        out = subprocess.run([executable, '-c', 'import sys; '
                              'sys.version_info.releaselevel == "final" and print("%d.%d.%d" % sys.version_info[:3])'],
                             check=True, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True, timeout=30).stdout
    except (OSError, subprocess.SubprocessError):
        return None
    return out.strip() or None


def path_without_venv(path):
    """PATH without this checkout's .venv, whose python3 is not one of the machine's Pythons."""
    return os.pathsep.join(p for p in path.split(os.pathsep) if not p.startswith(os.path.join(ROOT, '.venv')))


def find_pythons(default_python, path):
    """{'3.11': (executable, '3.11.7'), ...}: one interpreter per minor version, the newest patch release, looked up
    on ``path`` (without this checkout's .venv)."""
    candidates = [default_python] + ['python3.%d' % n for n in range(8, 20)]
    try:
        root = subprocess.run(['pyenv', 'root'], check=True, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                              text=True).stdout.strip()
        candidates += sorted(glob.glob(os.path.join(root, 'versions', '3.*', 'bin', 'python3')))
    except (OSError, subprocess.SubprocessError):
        log('pyenv not found: only the Pythons on PATH are used')
    found = {}
    for candidate in candidates:
        executable = shutil.which(candidate, path=path) or (candidate if os.path.isfile(candidate) else None)
        if not executable:
            continue
        version = python_version(executable)
        if not version:
            continue  # e.g. a pyenv shim for a version that is not selected, or a pre-release
        minor = '.'.join(version.split('.')[:2])
        if minor not in found or tuple(map(int, version.split('.'))) > tuple(map(int, found[minor][1].split('.'))):
            found[minor] = (executable, version)
    usable = {k: v for k, v in found.items() if tuple(map(int, k.split('.'))) >= MIN_PYTHON}
    return dict(sorted(usable.items(), key=lambda item: tuple(map(int, item[0].split('.')))))


def controller_pythons(python):
    """The Python versions the installed ansible-test runs on (it refuses any other)."""
    code = ('import ansible_test, os, re; '
            'p = os.path.join(os.path.dirname(ansible_test.__file__), "_util", "target", "common", "constants.py"); '
            't = open(p).read(); '
            'm = re.search(r"CONTROLLER_PYTHON_VERSIONS = \\(([^)]*)\\)", t); '
            'print(" ".join(re.findall(r"[0-9]+[.][0-9]+", m.group(1))))')
    out = subprocess.run([python, '-c', code], stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True, check=False).stdout
    return out.split()


def index_versions(python, *extra):
    """Versions of ansible-core the package index offers (to this Python, or per ``extra`` options)."""
    result = subprocess.run([python, '-m', 'pip', 'index', 'versions', 'ansible-core', '--disable-pip-version-check'] + list(extra),
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, check=False)
    match = re.search(r'Available versions: (.*)', result.stdout)
    if result.returncode != 0 or not match:
        return None, (result.stderr.strip().splitlines() or ['pip index gave no answer'])[-1]
    versions = [v.strip() for v in match.group(1).split(',')]
    return [v for v in versions if re.match(r'^2\.\d+\.\d+$', v)], None


def minor_of(version):
    return '.'.join(version.split('.')[:2])


def run_logged(command, logfile, env=None, cwd=None):
    with open(logfile, 'a', encoding='utf-8') as handle:
        handle.write('\n>>> %s\n' % ' '.join(command))
        handle.flush()
        return subprocess.run(command, stdout=handle, stderr=subprocess.STDOUT, env=env, cwd=cwd, check=False).returncode


def last_lines(logfile, count=15):
    with open(logfile, encoding='utf-8', errors='replace') as handle:
        return [line.rstrip() for line in handle.readlines()[-count:]]


def build_environment(entry, out_dir, env):
    """A venv with the entry's Python and ansible-core; returns (work, logfile, bin_dir) or None (entry updated)."""
    name = 'ansible-core-%s-py%s' % (entry['core_minor'], entry['python'])
    work = os.path.join(out_dir, name)
    shutil.rmtree(work, ignore_errors=True)
    os.makedirs(work)
    logfile = os.path.join(work, 'run.log')
    venv = os.path.join(work, 'venv')
    bin_dir = os.path.join(venv, 'bin')
    log('%s: building the environment (log: %s)' % (name, logfile))
    steps = [
        [entry['executable'], '-m', 'venv', venv],
        [os.path.join(bin_dir, 'python'), '-m', 'pip', 'install', '--disable-pip-version-check', '-q',
         'ansible-core==%s.*' % entry['core_minor'], 'ansible-runner', '-r', os.path.join(ROOT, 'requirements.txt'),
         '-e', os.path.join(ROOT, 'tests', 'emulator')],
    ]
    for step in steps:
        if run_logged(step, logfile, env=env) != 0:
            entry.update(result='SKIPPED', reason='the environment could not be built: %s' % ' / '.join(last_lines(logfile, 3)),
                         log=logfile)
            return None
    return work, logfile, bin_dir


def read(path):
    with open(path, encoding='utf-8', errors='replace') as handle:
        return handle.read()


def failed_targets(logfile):
    """The targets ansible-test --continue-on-error lists as failed at the end of its output."""
    match = re.search(r'integration test\(s\) listed below \(out of \d+\) failed[^\n]*\n((?:[\w.-]+\n)+)', read(logfile))
    return match.group(1).split() if match else []


def run_entry(entry, out_dir, env, pythons, able, fallback=True):
    """Build the environment and run the integration tests; moves to an older Python if ansible-test refuses this one."""
    started = time.monotonic()
    built = build_environment(entry, out_dir, env)
    if built is None:
        return entry
    work, logfile, bin_dir = built
    supported = controller_pythons(os.path.join(bin_dir, 'python'))
    if entry['python'] not in supported:
        fitting = [py for py in able if py in supported]
        log('ansible-core %s: ansible-test runs on Python %s only' % (entry['core_minor'], ', '.join(supported)))
        shutil.rmtree(work, ignore_errors=True)
        if not fallback:
            entry.update(result='SKIPPED', reason='ansible-test %s does not run on Python %s (it runs on %s)'
                         % (entry['core_minor'], entry['python'], ', '.join(supported)))
            return entry
        if not fitting:
            entry.update(result='SKIPPED', python=None, python_full=None,
                         reason='ansible-test %s runs on Python %s; none of them is on this machine (found %s)'
                                % (entry['core_minor'], ', '.join(supported), ', '.join(pythons)))
            return entry
        entry.update(python=fitting[-1], python_full=pythons[fitting[-1]][1], executable=pythons[fitting[-1]][0])
        built = build_environment(entry, out_dir, env)
        if built is None:
            return entry
        work, logfile, bin_dir = built
    installed = subprocess.run([os.path.join(bin_dir, 'python'), '-c', 'import ansible; print(ansible.__version__)'],
                               stdout=subprocess.PIPE, text=True, env=env, check=False).stdout.strip()
    entry['core'] = installed
    run_env = dict(env, PATH=bin_dir + os.pathsep + env['PATH'], VIRTUAL_ENV=os.path.dirname(bin_dir))
    build = os.path.join(work, 'build')
    if run_logged(['make', '--no-print-directory', '-C', ROOT, 'tree', 'BUILD=%s' % build], logfile, env=run_env) != 0:
        entry.update(result='FAILED', reason='make tree failed', log=logfile)
        return entry
    tree = os.path.join(build, 'collections', 'ansible_collections', 'alibabacloud', 'vpcpeer')
    log('ansible-core %s on Python %s: integration tests' % (installed, entry['python_full']))
    code = run_logged([os.path.join(bin_dir, 'python'), os.path.join(ROOT, 'tests', 'utils', 'run_integration.py'),
                       '--collection-root', tree, '--python', entry['python'], '--', '--continue-on-error'], logfile, env=run_env)
    entry['seconds'] = round(time.monotonic() - started)
    entry['log'] = logfile
    entry['targets'] = sorted(set(re.findall(r'^Running (\S+) integration test', read(logfile), re.M)))
    if code == 0:
        entry['result'] = 'PASSED'
    else:
        failed = failed_targets(logfile)
        entry.update(result='FAILED', failed_targets=failed,
                     reason=('failed: %s' % ', '.join(failed)) if failed else ' / '.join(last_lines(logfile, 4)))
    log('ansible-core %s on Python %s: %s in %d s' % (installed, entry['python_full'], entry['result'], entry['seconds']))
    return entry


def write_summary(out_dir, entries, pythons, make_python):
    with open(os.path.join(out_dir, 'summary.json'), 'w', encoding='utf-8') as handle:
        json.dump({'pythons': {k: v[1] for k, v in pythons.items()}, 'entries': entries}, handle, indent=2)
    lines = ['# ansible-core version matrix (integration tests against the emulator, every target, '
             'ansible-test --continue-on-error)', '',
             'Run on %s; Pythons found: %s; `make test` uses %s.' % (
                 time.strftime('%Y-%m-%d'), ', '.join(v[1] for v in pythons.values()) or 'none', make_python), '',
             '| ansible-core | Python | Result | Time | Notes |', '| --- | --- | --- | --- | --- |']
    for entry in entries:
        lines.append('| %s | %s | %s | %s | %s |' % (
            entry.get('core') or entry['core_minor'] + '.x', entry.get('python_full') or '-', entry['result'],
            '%d s' % entry['seconds'] if entry.get('seconds') else '-',
            (entry.get('reason') or entry.get('log') or '').replace('|', '/')))
    text = '\n'.join(lines) + '\n'
    with open(os.path.join(out_dir, 'summary.md'), 'w', encoding='utf-8') as handle:
        handle.write(text)
    print('\n' + text)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('--python', default='python3', help='the Python make uses (listed first)')
    parser.add_argument('--pythons', choices=('newest', 'all'), default='newest',
                        help='per ansible-core minor: the newest Python that can install it, or every one')
    parser.add_argument('--only', help='comma-separated minors to run, e.g. 2.16,2.21')
    parser.add_argument('--out', default=os.path.join(ROOT, 'build', 'matrix'))
    args = parser.parse_args()

    env = dict(os.environ)
    for name in PROXY_VARIABLES:
        env.pop(name, None)
    env['ALIBABA_CLOUD_ECS_METADATA_DISABLED'] = 'true'
    env.pop('VIRTUAL_ENV', None)
    env['PATH'] = path_without_venv(env['PATH'])
    os.makedirs(args.out, exist_ok=True)

    pythons = find_pythons(args.python, env['PATH'])
    if not pythons:
        sys.exit('no Python 3 found')
    log('Pythons: %s' % ', '.join('%s (%s)' % (v[1], v[0]) for v in pythons.values()))
    newest_python = list(pythons.values())[-1][0]
    every, problem = index_versions(newest_python, '--ignore-requires-python')
    if every is None:
        sys.exit('cannot ask the package index for ansible-core releases: %s' % problem)
    minors = sorted({minor_of(v) for v in every if int(v.split('.')[1]) >= OLDEST_MINOR}, key=lambda m: int(m.split('.')[1]))
    offered = {}
    for minor_py, (executable, _version) in pythons.items():
        versions, problem = index_versions(executable, '--python-version', minor_py)
        offered[minor_py] = {minor_of(v) for v in versions or []}
        if versions is None:
            log('Python %s: pip index failed (%s)' % (minor_py, problem))
    make_python = python_version(shutil.which(args.python, path=env['PATH']) or args.python) or args.python
    if args.only:
        minors = [m for m in minors if m in args.only.split(',')]

    entries = []
    for minor in minors:
        able = [py for py in pythons if minor in offered[py]]
        if not able:
            entries.append({'core_minor': minor, 'result': 'SKIPPED',
                            'reason': 'no Python here can install it (found %s; the index offers ansible-core %s '
                                      'to none of them)' % (', '.join(pythons), minor)})
            continue
        for py in (able if args.pythons == 'all' else able[-1:]):
            entry = {'core_minor': minor, 'python': py, 'python_full': pythons[py][1], 'executable': pythons[py][0]}
            entries.append(run_entry(entry, args.out, env, pythons, able, fallback=args.pythons == 'newest'))
    write_summary(args.out, entries, pythons, make_python)
    if any(e['result'] == 'FAILED' for e in entries):
        sys.exit(1)
    if not any(e['result'] == 'PASSED' for e in entries):
        sys.exit('nothing passed')


if __name__ == '__main__':
    main()
