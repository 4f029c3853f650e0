# Copyright (c) alibabacloud.vpcpeer contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Run the integration targets with ansible-test against a freshly started VpcPeer emulator.

1. start ``vpcpeer-emulator`` on a free port of 127.0.0.1 and wait for its "listening" line;
2. write ``tests/integration/integration_config.yml`` into the collection tree: the endpoint, the
   control API URL and the emulator's (fake) accounts, read from the emulator's own config;
3. run ``ansible-test integration`` there (real ansible-playbook, real SDK, real HTTP);
4. stop the emulator, whatever happened, and exit with ansible-test's status.
"""

import argparse
import json
import os
import re
import signal
import subprocess
import sys
import time
import urllib.request

LISTENING = re.compile(r'listening on (http://127\.0\.0\.1:(\d+))')
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


def write_integration_config(collection_root, base_url, emulator_config, task_results_file=None):
    """``task_results_file``: a chaos run records every task result there, and the targets skip their assertions
    on the exact calls made (``vpcpeer_exact_calls`` false): faults add retries and reads."""
    path = os.path.join(collection_root, 'tests', 'integration', 'integration_config.yml')
    variables = {
        # Plain http:// tells the modules to talk HTTP to the emulator instead of HTTPS.
        'vpcpeer_endpoint': base_url,
        'vpcpeer_emulator_url': base_url + '/_emulator',
        'vpcpeer_emulator': emulator_config,
        'vpcpeer_exact_calls': task_results_file is None,
        'vpcpeer_task_results_file': task_results_file or '',
    }
    with open(path, 'w', encoding='utf-8') as handle:
        # JSON is valid YAML, and keeps this script free of a YAML dependency.
        json.dump(variables, handle, indent=2, sort_keys=True)
    return path


def run(collection_root, python, ansible_test_args, emulator_args=(), task_results_file=None, env=None):
    """Start an emulator (``emulator_args``: --profile, --seed, --journal-file...), run ansible-test integration
    against it, stop it; return ansible-test's exit status."""
    env = env or clean_environment()
    emulator, base_url = start_emulator(env, extra_args=emulator_args)
    try:
        write_integration_config(collection_root, base_url, read_emulator_config(base_url), task_results_file)
        command = ['ansible-test', 'integration', '--python', python, '--color', 'no'] + list(ansible_test_args)
        print('>>> %s   (emulator at %s %s)' % (' '.join(command), base_url, ' '.join(emulator_args)), flush=True)
        return subprocess.call(command, cwd=collection_root, env=env)
    finally:
        emulator.send_signal(signal.SIGTERM)
        try:
            emulator.wait(timeout=10)
        except subprocess.TimeoutExpired:
            emulator.kill()


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('--collection-root', required=True, help='ansible_collections/alibabacloud/vpcpeer tree to test')
    parser.add_argument('--python', required=True, help='Python version for ansible-test, e.g. 3.11')
    parser.add_argument('--profile', help='the emulator\'s timing profile (fast by default)')
    parser.add_argument('ansible_test_args', nargs='*', help='extra arguments for ansible-test integration (targets, -v, ...)')
    args = parser.parse_args()
    return run(args.collection_root, args.python, args.ansible_test_args,
               emulator_args=['--profile', args.profile] if args.profile else [])


if __name__ == '__main__':
    sys.exit(main())
