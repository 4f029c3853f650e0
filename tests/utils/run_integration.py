# Copyright (c) alibabacloud.vpcpeer contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Run the integration targets with ansible-test against a freshly started VpcPeer emulator, on the controller
path, the module path or both (``--path``; see the guide: the modules run in the controller's worker process or as
modules).

1. start ``vpcpeer-emulator`` on a free port of 127.0.0.1 and wait for its "listening" line;
2. write ``tests/integration/integration_config.yml`` into the collection tree: the endpoint, the
   control API URL, the emulator's (fake) accounts and the path (``alibabacloud_vpcpeer_controller``, the setting
   itself, for every playbook run with ``-e @integration_config.yml``; ``vpcpeer_path``, what the targets check;
   ``setup_vpcpeer_emulator/files/task_results_env.sh`` exports the setting for the targets' ad-hoc commands);
3. run ``ansible-test integration`` there (real ansible-playbook, real SDK, real HTTP);
4. stop the emulator, whatever happened, and exit with ansible-test's status.

``--path both`` runs the two paths at the same time, each with its own emulator and its own copy of the collection
tree (ansible-test writes its output into the tree), and prefixes every line with the path. Unless targets are named,
the controller path runs every target and the module path ``MODULE_PATH_TARGETS``: every target on both paths takes
longer than make test may on 2 CPUs (measured: 926 s and 1337 s side by side), and the module path runs the modules'
code as it always has, while path_parity compares the two paths task by task. path_parity, which runs both paths
itself, runs in one of the two runs only (``vpcpeer_path_parity``): the module path's, the shorter. ``--path module``
runs every target on the module path.
"""

import argparse
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import threading
import time
import urllib.request

LISTENING = re.compile(r'listening on (http://127\.0\.0\.1:(\d+))')
PATHS = ('controller', 'module')
# The targets the module path runs beside the controller path (--path both, no target named): the -vvvv secret checks
# and the shell checks of vpc_peer_connection, the action group, AWX's job runner, the installed tarball, the User-Agent,
# and the comparison of the two paths. The info, life cycle, routes and user_experience targets run on the controller
# path only.
MODULE_PATH_TARGETS = ('vpc_peer_connection', 'ecosystem_action_group', 'ecosystem_awx_runner', 'ecosystem_packaging',
                       'ecosystem_user_agent', 'path_parity')
PROXY_VARIABLES = ('HTTP_PROXY', 'HTTPS_PROXY', 'http_proxy', 'https_proxy', 'ALL_PROXY', 'all_proxy')


def clean_environment():
    env = dict(os.environ)
    for name in PROXY_VARIABLES:
        env.pop(name, None)
    env['ALIBABA_CLOUD_ECS_METADATA_DISABLED'] = 'true'
    return env


def start_emulator(env, startup_timeout=30.0, extra_args=()):
    process = subprocess.Popen(['vpcpeer-emulator', '--host', '127.0.0.1', '--port', '0'] + list(extra_args),
                               stdout=subprocess.PIPE, env=env, text=True)
    deadline = time.monotonic() + startup_timeout
    while time.monotonic() < deadline:
        line = process.stdout.readline()
        if not line:
            break
        match = LISTENING.search(line)
        if match:
            return process, match.group(1)
    process.kill()
    raise SystemExit('vpcpeer-emulator did not report a listening address within %.0f s' % startup_timeout)


def read_emulator_config(base_url):
    # The control API is on loopback; never route it through a proxy.
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
    with opener.open(base_url + '/_emulator/config', timeout=10) as response:
        return json.loads(response.read().decode('utf-8'))


def write_integration_config(collection_root, base_url, emulator_config, task_results_file=None, path='controller',
                             path_parity=True):
    """``task_results_file``: a chaos run records every task result there, and the targets skip their assertions
    on the exact calls made (``vpcpeer_exact_calls`` false): faults add retries and reads. ``path``: controller or
    module, the way the modules run; ``path_parity``: whether path_parity compares the two paths in this run."""
    config = os.path.join(collection_root, 'tests', 'integration', 'integration_config.yml')
    variables = {
        'alibabacloud_vpcpeer_controller': path == 'controller',
        'vpcpeer_path': path,
        'vpcpeer_path_parity': path_parity,
        # Plain http:// tells the modules to talk HTTP to the emulator instead of HTTPS.
        'vpcpeer_endpoint': base_url,
        'vpcpeer_emulator_url': base_url + '/_emulator',
        'vpcpeer_emulator': emulator_config,
        'vpcpeer_exact_calls': task_results_file is None,
        'vpcpeer_task_results_file': task_results_file or '',
    }
    with open(config, 'w', encoding='utf-8') as handle:
        # JSON is valid YAML, and keeps this script free of a YAML dependency.
        json.dump(variables, handle, indent=2, sort_keys=True)
    return config


def run(collection_root, python, ansible_test_args, emulator_args=(), task_results_file=None, env=None,
        path='controller', output=None, path_parity=True):
    """Start an emulator (``emulator_args``: --profile, --seed, --journal-file...), run ansible-test integration
    against it on ``path``, stop it; return ansible-test's exit status. ``output``: a function each line of
    ansible-test's output goes to (default: this process's own output)."""
    env = env or clean_environment()
    emulator, base_url = start_emulator(env, extra_args=emulator_args)
    try:
        write_integration_config(collection_root, base_url, read_emulator_config(base_url), task_results_file, path,
                                 path_parity)
        command = ['ansible-test', 'integration', '--python', python, '--color', 'no'] + list(ansible_test_args)
        banner = '>>> %s   (%s path, emulator at %s %s)' % (' '.join(command), path, base_url, ' '.join(emulator_args))
        if output is None:
            print(banner, flush=True)
            return subprocess.call(command, cwd=collection_root, env=env)
        output(banner)
        process = subprocess.Popen(command, cwd=collection_root, env=env, stdout=subprocess.PIPE,
                                   stderr=subprocess.STDOUT, text=True, errors='replace')
        for line in process.stdout:
            output(line.rstrip('\n'))
        return process.wait()
    finally:
        emulator.send_signal(signal.SIGTERM)
        try:
            emulator.wait(timeout=10)
        except subprocess.TimeoutExpired:
            emulator.kill()


def copy_tree(collection_root, suffix):
    """A copy of the collection tree beside it (``<collections dir>-<suffix>/ansible_collections/...``), with its
    own repository as the original has (``make tree``), without ansible-test's output."""
    collections = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(collection_root))))
    copy = os.path.join(collections + '-' + suffix, os.path.relpath(os.path.abspath(collection_root), collections))
    shutil.rmtree(os.path.dirname(os.path.dirname(os.path.dirname(copy))), ignore_errors=True)
    output = os.path.join(os.path.abspath(collection_root), 'tests')
    shutil.copytree(collection_root, copy, symlinks=True,
                    ignore=lambda directory, names: ['output'] if os.path.abspath(directory) == output else [])
    return copy


def prepare_ansible_test_key(env=None):
    """ansible-test makes its SSH key pair (~/.ansible/test/id_rsa) on first use. Runs started side by side in a
    new home race to make it, and the loser fails (ssh-keygen asks whether to overwrite): make it first, as
    ansible-test does (core_ci.SshKey.generate_key_pair), before starting them."""
    home = (env or os.environ).get('HOME') or os.path.expanduser('~')
    key = os.path.join(home, '.ansible', 'test', 'id_rsa')
    if os.path.isfile(key) and os.path.isfile(key + '.pub'):
        return
    os.makedirs(os.path.dirname(key), exist_ok=True)
    for path in (key, key + '.pub'):
        if os.path.exists(path):
            os.remove(path)
    subprocess.run(['ssh-keygen', '-m', 'PEM', '-q', '-t', 'rsa', '-N', '', '-f', key], check=True,
                   stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL)
    with open(key, encoding='utf-8') as handle:
        contents = handle.read()
    # paramiko reads only the older PEM header, which ansible-test writes too
    with open(key, 'w', encoding='utf-8') as handle:
        handle.write(re.sub(r'(BEGIN|END) PRIVATE KEY', r'\1 RSA PRIVATE KEY', contents))


def names_targets(ansible_test_args):
    """Whether the arguments for ansible-test name targets (anything that is not an option)."""
    return any(not arg.startswith('-') for arg in ansible_test_args)


def run_both(collection_root, python, ansible_test_args, emulator_args=()):
    """Both paths at once, each with its own emulator and tree; the worst exit status of the two."""
    roots = {'controller': collection_root, 'module': copy_tree(collection_root, 'module-path')}
    arguments = {path: list(ansible_test_args) for path in PATHS}
    if not names_targets(ansible_test_args):
        arguments['module'] += list(MODULE_PATH_TARGETS)
    lock = threading.Lock()
    statuses = {}
    prepare_ansible_test_key(clean_environment())

    def one(path):
        def output(line):
            with lock:
                print('[%s] %s' % (path, line), flush=True)
        statuses[path] = run(roots[path], python, arguments[path], emulator_args, path=path, output=output,
                             path_parity=path == 'module')

    threads = [threading.Thread(target=one, args=(path,)) for path in PATHS]
    started = time.monotonic()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    for path in PATHS:
        print('%s path: %s' % (path, 'passed' if statuses.get(path) == 0 else 'FAILED (status %s)' % statuses.get(path)))
    print('both paths in %.0f s' % (time.monotonic() - started), flush=True)
    return max(statuses.get(path, 1) for path in PATHS)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('--collection-root', required=True, help='ansible_collections/alibabacloud/vpcpeer tree to test')
    parser.add_argument('--python', required=True, help='Python version for ansible-test, e.g. 3.11')
    parser.add_argument('--profile', help='the emulator\'s timing profile (fast by default)')
    parser.add_argument('--path', choices=PATHS + ('both',), default='both',
                        help='where the modules run: in the controller\'s worker, as modules, or both at once (default)')
    parser.add_argument('ansible_test_args', nargs='*', help='extra arguments for ansible-test integration (targets, -v, ...)')
    args = parser.parse_args()
    emulator_args = ['--profile', args.profile] if args.profile else []
    if args.path == 'both':
        return run_both(args.collection_root, args.python, args.ansible_test_args, emulator_args)
    return run(args.collection_root, args.python, args.ansible_test_args, emulator_args=emulator_args, path=args.path)


if __name__ == '__main__':
    sys.exit(main())
