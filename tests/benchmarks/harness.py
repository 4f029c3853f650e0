# Copyright: (c) 2025, alibabacloud.vpcpeer maintainers
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""What every benchmark section needs: the emulator process, the installed collection, ansible runs
with a timing callback, the emulator's journal, the machine's description and small statistics.

Everything talks to 127.0.0.1 only; proxy variables are removed from every child's environment.
"""

from __future__ import annotations

import calendar
import json
import os
import platform
import re
import resource
import shutil
import signal
import statistics
import subprocess
import sys
import time
from typing import Any, Dict, Iterable, List, Optional, Sequence

from vpcpeer_emulator import ControlClient

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
BENCH_DIR = os.path.join(ROOT, 'tests', 'benchmarks')
WORK = os.path.join(ROOT, 'build', 'bench')
BIN = os.path.dirname(sys.executable)
PYTHON = sys.executable
PROXY_VARIABLES = ('HTTP_PROXY', 'HTTPS_PROXY', 'http_proxy', 'https_proxy', 'ALL_PROXY', 'all_proxy')
LISTENING = re.compile(r'listening on (http://127\.0\.0\.1:(\d+))')
MODULE = 'alibabacloud.vpcpeer.vpc_peer_connection'
# Where the collection's tasks run (the guide: where a task runs); the benchmarks' hosts take the controller path
# unless a run asks for the module path.
CONTROLLER, MODULE_PATH = 'controller', 'module'
PATHS = (CONTROLLER, MODULE_PATH)

# The requester account of the emulator, and one extra access key per benchmark host, so that fault
# rules can target one host (``access_key_id``) and the journal tells the hosts apart.
ACCOUNT = 'requester'
REQUESTER_KEY = ('EMULATOR-AK-REQUESTER', 'emulator-secret-requester')
BENCH_KEYS = 400
REGION = 'cn-hangzhou'
ACCEPTING_REGION = 'cn-shanghai'


def bench_key(n: int) -> Dict[str, str]:
    return {'id': 'BENCH-AK-%04d' % n, 'secret': 'bench-secret-%04d' % n}


def clean_environment(extra: Optional[Dict[str, str]] = None) -> Dict[str, str]:
    # No proxy, and no credentials or settings of the user's own (ALIBABA_CLOUD_*, ALICLOUD_*).
    env = {key: value for key, value in os.environ.items()
           if key not in PROXY_VARIABLES and not key.startswith(('ALIBABA_CLOUD_', 'ALICLOUD_'))}
    env['ALIBABA_CLOUD_ECS_METADATA_DISABLED'] = 'true'
    env['PATH'] = BIN + os.pathsep + env.get('PATH', '')
    env.update(extra or {})
    return env


def ensure_clean_process_environment() -> None:
    """The SDK ignores NO_PROXY: never let this process (SDK pollers, capacity runs) use a proxy."""
    for name in list(os.environ):
        if name in PROXY_VARIABLES or name.startswith(('ALIBABA_CLOUD_', 'ALICLOUD_')):
            os.environ.pop(name, None)
    os.environ['ALIBABA_CLOUD_ECS_METADATA_DISABLED'] = 'true'


def children_cpu() -> float:
    """CPU seconds (user + system) of the processes this one has waited for, theirs included."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def busy_cpu_seconds() -> float:
    """CPU seconds the whole machine has spent not idle since boot (/proc/stat), every process included."""
    with open('/proc/stat', encoding='utf-8') as handle:
        fields = [int(value) for value in handle.readline().split()[1:]]
    idle = fields[3] + (fields[4] if len(fields) > 4 else 0)
    return (sum(fields[:8]) - idle) / float(os.sysconf('SC_CLK_TCK'))


# -- the machine ----------------------------------------------------------------------------------------
def machine_info() -> Dict[str, Any]:
    try:
        from ansible.release import __version__ as ansible_core
    except ImportError:  # pragma: no cover - the venv always has it
        ansible_core = 'unknown'
    cpu_model = ''
    try:
        with open('/proc/cpuinfo', encoding='utf-8') as handle:
            for line in handle:
                if line.startswith('model name'):
                    cpu_model = line.split(':', 1)[1].strip()
                    break
    except OSError:
        pass
    sdk = {}
    for dist in ('alibabacloud-vpcpeer20220101', 'alibabacloud-tea-openapi', 'alibabacloud-credentials'):
        try:
            from importlib.metadata import version
            sdk[dist] = version(dist)
        except Exception:  # pylint: disable=broad-except
            sdk[dist] = 'missing'
    commit = ''
    try:
        commit = subprocess.run(['git', '-C', ROOT, 'rev-parse', '--short', 'HEAD'], capture_output=True, text=True,
                                check=False).stdout.strip()
        if subprocess.run(['git', '-C', ROOT, 'diff', '--quiet', 'HEAD', '--', 'plugins'], check=False).returncode:
            commit += '+dirty(plugins)'
    except OSError:
        pass
    return {
        'cpus': os.cpu_count(),
        'cpu_model': cpu_model,
        'python': platform.python_version(),
        'ansible_core': ansible_core,
        'kernel': platform.release(),
        'system': platform.system(),
        'sdk': sdk,
        'commit': commit,
        'load_average_at_start': [round(x, 2) for x in os.getloadavg()],
    }


def machine_line(info: Dict[str, Any]) -> str:
    return ('%(cpus)s CPU (%(cpu_model)s), Python %(python)s, ansible-core %(ansible_core)s, kernel %(kernel)s, '
            'commit %(commit)s, load average at start %(load)s' % dict(info, load=info['load_average_at_start'][0]))


# -- the emulator ---------------------------------------------------------------------------------------
class Emulator:
    """One ``vpcpeer-emulator`` process on a free port of 127.0.0.1, with the benchmark keys configured."""

    def __init__(self, log_dir: str) -> None:
        self.log_dir = log_dir
        self.process: Optional[subprocess.Popen] = None
        self.url = ''
        self.endpoint = ''
        self.control: Optional[ControlClient] = None

    def start(self) -> 'Emulator':
        os.makedirs(self.log_dir, exist_ok=True)
        config_path = os.path.join(self.log_dir, 'emulator-config.json')
        keys = {}
        for n in range(1, BENCH_KEYS + 1):
            key = bench_key(n)
            keys[key['id']] = {'secret': key['secret'], 'account': ACCOUNT}
        with open(config_path, 'w', encoding='utf-8') as handle:
            json.dump({'access_keys': keys, 'journal_max_entries': 200000}, handle)
        stderr = open(os.path.join(self.log_dir, 'emulator.err'), 'w', encoding='utf-8')  # pylint: disable=consider-using-with
        self.process = subprocess.Popen(  # pylint: disable=consider-using-with
            [os.path.join(BIN, 'vpcpeer-emulator'), '--host', '127.0.0.1', '--port', '0', '--config', config_path],
            stdout=subprocess.PIPE, stderr=stderr, env=clean_environment(), text=True)
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            line = self.process.stdout.readline() if self.process.stdout else ''
            if not line:
                break
            match = LISTENING.search(line)
            if match:
                self.url = match.group(1)
                self.endpoint = self.url  # the modules take http://host:port and then talk plain HTTP
                self.control = ControlClient(self.url, timeout=120)
                return self
        self.stop()
        raise RuntimeError('vpcpeer-emulator did not report a listening address within 30 s')

    def stop(self) -> None:
        if self.process is None:
            return
        self.process.send_signal(signal.SIGTERM)
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        self.process = None

    def __enter__(self) -> 'Emulator':
        return self.start()

    def __exit__(self, *exc: Any) -> None:
        self.stop()

    # -- helpers over the control API -----------------------------------------------------------------
    def reset(self) -> None:
        self.control.reset()

    def seed(self, n: int, *, window: Optional[float] = 2.0, name: Optional[str] = None, **fields: Any) -> str:
        """A cross-region Activated connection between two VPCs of its own; ``window`` = seconds in Updating."""
        spec = {
            'RegionId': REGION, 'VpcId': 'vpc-bench-%04d' % n,
            'AcceptingRegionId': ACCEPTING_REGION, 'AcceptingVpcId': 'vpc-bench-%04d-peer' % n,
            'Name': name or 'bench-%04d' % n, 'Description': 'seeded by the benchmarks', 'Bandwidth': 1024,
        }
        if window is not None:
            spec['Transitions'] = {'modify': {'mode': 'time', 'seconds': float(window)}}
        spec.update(fields)
        return self.control.seed_connection(spec)['InstanceId']

    def journal(self, action: Optional[str] = None) -> List[Dict[str, Any]]:
        return self.control.journal(action)

    def stats(self) -> Dict[str, Any]:
        return self.control.stats()


def journal_time(entry: Dict[str, Any]) -> float:
    """Epoch seconds of a journal entry's ``time`` (``2026-11-25T17:21:17.253Z``, recorded after handling)."""
    stamp = entry['time']
    whole, _dot, fraction = stamp.rstrip('Z').partition('.')
    return calendar.timegm(time.strptime(whole, '%Y-%m-%dT%H:%M:%S')) + (int(fraction) / 1000.0 if fraction else 0.0)


def journal_start(entry: Dict[str, Any]) -> float:
    """When the emulator started handling the call (its state changes happen then)."""
    return journal_time(entry) - (entry.get('duration_ms') or 0.0) / 1000.0


def calls_by_instance(entries: Iterable[Dict[str, Any]]) -> Dict[str, List[Dict[str, Any]]]:
    result: Dict[str, List[Dict[str, Any]]] = {}
    for entry in entries:
        instance = (entry.get('params') or {}).get('InstanceId')
        if instance:
            result.setdefault(instance, []).append(entry)
    return result


def applied_modifies(entries: Iterable[Dict[str, Any]]) -> int:
    return sum(1 for e in entries if e.get('action') == 'ModifyVpcPeerConnection' and e.get('applied'))


def count_actions(entries: Iterable[Dict[str, Any]]) -> Dict[str, int]:
    result: Dict[str, int] = {}
    for entry in entries:
        name = short_action(entry.get('action') or '?')
        if entry.get('dry_run'):
            name += '(DryRun)'
        result[name] = result.get(name, 0) + 1
    return result


SHORT = {'GetVpcPeerConnectionAttribute': 'Get', 'ModifyVpcPeerConnection': 'Modify',
         'ListVpcPeerConnections': 'List'}


def short_action(action: str) -> str:
    return SHORT.get(action, action)


# -- the collection and ansible --------------------------------------------------------------------------
class RunResult:
    """One ansible-playbook run: exit status, wall time, start (epoch), the callback's events, the log file, and the
    CPU seconds (user + system) of ansible-playbook and every process it waited for (its workers and modules)."""

    def __init__(self, rc: int, wall: float, started: float, events: List[Dict[str, Any]], log: str,
                 cpu: float = 0.0) -> None:
        self.rc = rc
        self.wall = wall
        self.started = started
        self.events = events
        self.log = log
        self.cpu = cpu

    def results(self, task: Optional[str] = None) -> List[Dict[str, Any]]:
        return [e for e in self.events if e['event'] == 'result' and (task is None or e['task'] == task)]

    def by_host(self, task: str) -> Dict[str, Dict[str, Any]]:
        return {e['host']: e for e in self.results(task)}

    def host_starts(self, task: str) -> Dict[str, float]:
        return {e['host']: e['time'] for e in self.events if e['event'] == 'host_start' and e['task'] == task}


class Ansible:
    """The collection built into a tarball and installed under build/bench, and ansible-playbook runs."""

    def __init__(self, work: str = WORK) -> None:
        self.work = work
        self.collections = os.path.join(work, 'collections')
        self.logs = os.path.join(work, 'logs')
        self._counter = 0

    def install(self) -> None:
        shutil.rmtree(self.collections, ignore_errors=True)
        os.makedirs(self.logs, exist_ok=True)
        dist = os.path.join(self.work, 'dist')
        shutil.rmtree(dist, ignore_errors=True)
        os.makedirs(dist)
        env = clean_environment({'ANSIBLE_COLLECTIONS_PATH': self.collections})
        subprocess.run([os.path.join(BIN, 'ansible-galaxy'), 'collection', 'build', '--force', '--output-path', dist, ROOT],
                       check=True, env=env, stdout=subprocess.DEVNULL)
        tarball = [os.path.join(dist, name) for name in os.listdir(dist) if name.endswith('.tar.gz')][0]
        subprocess.run([os.path.join(BIN, 'ansible-galaxy'), 'collection', 'install', '--force', '-p', self.collections, tarball],
                       check=True, env=env, stdout=subprocess.DEVNULL)
        with open(os.path.join(self.work, 'ansible.cfg'), 'w', encoding='utf-8') as handle:
            handle.write('# empty on purpose: the benchmarks set everything through the environment\n[defaults]\n')

    def env(self, events: str, forks: int, extra: Optional[Dict[str, str]] = None) -> Dict[str, str]:
        values = {
            'ANSIBLE_CONFIG': os.path.join(self.work, 'ansible.cfg'),  # empty: never pick up a stray one
            'ANSIBLE_COLLECTIONS_PATH': self.collections,
            'ANSIBLE_CALLBACK_PLUGINS': os.path.join(BENCH_DIR, 'callback_plugins'),
            'ANSIBLE_CALLBACKS_ENABLED': 'bench_events',
            'ANSIBLE_FORKS': str(forks),
            'ANSIBLE_LOCALHOST_WARNING': 'false',
            'ANSIBLE_INVENTORY_UNPARSED_WARNING': 'false',
            'ANSIBLE_HOST_KEY_CHECKING': 'false',
            'ANSIBLE_RETRY_FILES_ENABLED': 'false',
            'ANSIBLE_NOCOLOR': '1',
            'ANSIBLE_DEPRECATION_WARNINGS': 'false',
            'BENCH_EVENTS_FILE': events,
            'HOME': os.environ.get('HOME', self.work),
        }
        values.update(extra or {})
        return clean_environment(values)

    def run(self, name: str, tasks: List[Dict[str, Any]], hosts: Dict[str, Dict[str, Any]], *, forks: int,
            extra_env: Optional[Dict[str, str]] = None, args: Sequence[str] = (), timeout: float = 3600,
            serial_strategy: str = 'linear', path: str = CONTROLLER) -> RunResult:
        """Run one play over ``hosts`` (name -> host vars), connection local, the venv's Python, the collection's
        tasks on ``path``: ``controller`` (what such hosts get by default) or ``module`` (the setting that forces it)."""
        self._counter += 1
        extra_env = dict(extra_env or {}, ALIBABACLOUD_VPCPEER_CONTROLLER='true' if path == CONTROLLER else 'false')
        stem = os.path.join(self.logs, '%02d-%s-%s' % (self._counter, name, path))
        inventory = {'all': {'hosts': {}, 'vars': {
            'ansible_connection': 'local', 'ansible_python_interpreter': PYTHON}}}
        for host, variables in hosts.items():
            inventory['all']['hosts'][host] = variables
        play = [{'name': name, 'hosts': 'all', 'gather_facts': False, 'strategy': serial_strategy, 'tasks': tasks}]
        with open(stem + '.inventory.json', 'w', encoding='utf-8') as handle:
            json.dump(inventory, handle, indent=1)
        with open(stem + '.playbook.json', 'w', encoding='utf-8') as handle:
            json.dump(play, handle, indent=1)  # JSON is YAML
        events = stem + '.events.jsonl'
        if os.path.exists(events):
            os.unlink(events)
        command = [os.path.join(BIN, 'ansible-playbook'), '-i', stem + '.inventory.json', stem + '.playbook.json'] + list(args)
        started = time.time()
        t0 = time.monotonic()
        cpu0 = children_cpu()
        with open(stem + '.log', 'w', encoding='utf-8') as log:
            rc = subprocess.call(command, env=self.env(events, forks, extra_env), stdout=log, stderr=subprocess.STDOUT,
                                 cwd=self.work, timeout=timeout)
        wall = time.monotonic() - t0
        cpu = children_cpu() - cpu0
        loaded: List[Dict[str, Any]] = []
        if os.path.exists(events):
            with open(events, encoding='utf-8') as handle:
                loaded = [json.loads(line) for line in handle if line.strip()]
        return RunResult(rc, wall, started, loaded, stem + '.log', cpu)


def module_task(title: str, options: Optional[Dict[str, Any]] = None, ignore_errors: bool = True,
                **keywords: Any) -> Dict[str, Any]:
    """A vpc_peer_connection task; credentials, endpoint and instance from host vars unless ``options`` say
    otherwise (a value of None leaves the option out). ``keywords`` are task keywords (check_mode, ...)."""
    args = {
        'instance_id': '{{ pcc_id }}',
        'access_key_id': '{{ ak_id }}',
        'access_key_secret': '{{ ak_secret }}',
        'endpoint': '{{ endpoint }}',
    }
    args.update(options or {})
    args = {key: value for key, value in args.items() if value is not None}
    task = {'name': title, MODULE: args}
    if ignore_errors:
        task['ignore_errors'] = True
    task.update(keywords)
    return task


def host_vars(endpoint: str, instance_id: str, key_number: Optional[int] = None, **extra: Any) -> Dict[str, Any]:
    key = bench_key(key_number) if key_number else {'id': REQUESTER_KEY[0], 'secret': REQUESTER_KEY[1]}
    variables = {'pcc_id': instance_id, 'ak_id': key['id'], 'ak_secret': key['secret'], 'endpoint': endpoint}
    variables.update(extra)
    return variables


# -- statistics ------------------------------------------------------------------------------------------
def median(values: Sequence[float]) -> Optional[float]:
    return statistics.median(values) if values else None


def percentile(values: Sequence[float], q: float) -> Optional[float]:
    if not values:
        return None
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, int(round(q * (len(ordered) - 1)))))
    return ordered[index]


def fmt(value: Optional[float], digits: int = 2) -> str:
    if value is None:
        return '-'
    return '%.*f' % (digits, value)
