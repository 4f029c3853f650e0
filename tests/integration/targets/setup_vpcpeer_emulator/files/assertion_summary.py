# Copyright (c) alibabacloud.vpcpeer contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""How many of a target's assertion tasks ran: ``assertion_summary.py <target dir> <records file> [live]``.

The target's assert tasks are found in its YAML files (tasks/, and the playbooks beside runme.sh), each with the tags
it inherits from its blocks and from the tasks that include its file; the records are what the vpcpeer_assertions
callback wrote while the target ran. Prints one line, ``<target>: N of M assertion tasks ran``, and says what became
of the others: skipped by a condition, tagged ``emulator`` (skipped in a live run: they need the emulator's control
API), or not reached.
"""

from __future__ import annotations

import json
import os
import sys
from collections import defaultdict
from typing import Any, Dict, Iterator, List, Set, Tuple

import yaml

ASSERT_ACTIONS = frozenset(('assert', 'ansible.builtin.assert', 'ansible.legacy.assert'))
INCLUDE_ACTIONS = frozenset(('include_tasks', 'import_tasks', 'ansible.builtin.include_tasks', 'ansible.builtin.import_tasks'))
BLOCK_KEYS = ('block', 'rescue', 'always')
PLAY_KEYS = ('pre_tasks', 'tasks', 'post_tasks', 'handlers')
EMULATOR_TAG = 'emulator'

Assertion = Tuple[str, int]  # (file relative to the target, line of the task)


def _value(node: Any, key: str) -> Any:
    for key_node, value_node in getattr(node, 'value', []) if isinstance(node, yaml.MappingNode) else []:
        if key_node.value == key:
            return value_node
    return None


def _tags(node: Any) -> Set[str]:
    tags = _value(node, 'tags')
    if isinstance(tags, yaml.ScalarNode):
        return {tags.value}
    if isinstance(tags, yaml.SequenceNode):
        return {item.value for item in tags.value if isinstance(item, yaml.ScalarNode)}
    return set()


def _included_file(node: Any) -> str:
    """The file an include_tasks/import_tasks task names (``name: file.yml`` or ``file: file.yml``), or ''."""
    for action in INCLUDE_ACTIONS:
        value = _value(node, action)
        if isinstance(value, yaml.ScalarNode):
            return value.value
        if isinstance(value, yaml.MappingNode) and isinstance(_value(value, 'file'), yaml.ScalarNode):
            return _value(value, 'file').value
    return ''


def walk(node: Any, tags: Set[str]) -> Iterator[Tuple[str, Any, Set[str]]]:
    """('assert' | 'include', task node, inherited tags) for every task under ``node`` (a list of tasks or plays)."""
    for item in node.value if isinstance(node, yaml.SequenceNode) else []:
        own = tags | _tags(item)
        if any(_value(item, key) is not None for key in PLAY_KEYS + BLOCK_KEYS):
            for key in PLAY_KEYS + BLOCK_KEYS:
                yield from walk(_value(item, key), own)
        elif any(_value(item, action) is not None for action in ASSERT_ACTIONS):
            yield 'assert', item, own
        elif _included_file(item):
            yield 'include', item, own


# Per included file: (the file that includes it, the tags of the include) for each include.
Includes = Dict[str, List[Tuple[str, Set[str]]]]


def scan(target: str) -> Tuple[Dict[Assertion, Tuple[str, Set[str]]], Includes]:
    """The target's assertions (name, own and inherited tags) and, per included file, where and how it is included."""
    assertions: Dict[Assertion, Tuple[str, Set[str]]] = {}
    includes: Includes = defaultdict(list)
    for directory in (target, os.path.join(target, 'tasks')):
        for name in sorted(os.listdir(directory)) if os.path.isdir(directory) else []:
            if not name.endswith(('.yml', '.yaml')):
                continue
            relative = os.path.relpath(os.path.join(directory, name), target)
            with open(os.path.join(directory, name), encoding='utf-8') as handle:
                root = yaml.compose(handle)
            for kind, item, tags in walk(root, set()):
                if kind == 'assert':
                    title = _value(item, 'name')
                    assertions[(relative, item.start_mark.line + 1)] = (title.value if title is not None else '', tags)
                else:
                    includes[os.path.basename(_included_file(item))].append((name, tags))
    return assertions, includes


def file_tagged(name: str, includes: Includes, seen: Tuple[str, ...] = ()) -> bool:
    """Whether a live run never reaches a file: every include of it is tagged emulator or in such a file."""
    found = includes.get(name, [])
    if not found or name in seen:
        return False
    return all(EMULATOR_TAG in tags or file_tagged(parent, includes, seen + (name,)) for parent, tags in found)


def tagged(assertion: Assertion, tags: Set[str], includes: Includes) -> bool:
    """Whether a live run skips the assertion: its own or inherited tags, or those of every way to its file."""
    return EMULATOR_TAG in tags or file_tagged(os.path.basename(assertion[0]), includes)


def ran(target: str, records_file: str) -> Dict[Assertion, Set[str]]:
    outcomes: Dict[Assertion, Set[str]] = defaultdict(set)
    if not os.path.exists(records_file):
        return outcomes
    with open(records_file, encoding='utf-8') as handle:
        for line in handle:
            record = json.loads(line)
            path, _sep, number = record['path'].rpartition(':')
            outcomes[(os.path.relpath(os.path.realpath(path), os.path.realpath(target)), int(number))].add(record['outcome'])
    return outcomes


def summary(target: str, records_file: str, live: bool) -> str:
    assertions, includes = scan(target)
    if not assertions:
        return '%s: no assertion tasks; its checks are runme.sh\'s own' % os.path.basename(os.path.abspath(target))
    outcomes = ran(target, records_file)
    done = [key for key in assertions if outcomes.get(key, set()) - {'skipped'}]
    skipped = [key for key in assertions if key not in done and 'skipped' in outcomes.get(key, set())]
    rest = [key for key in assertions if key not in done and key not in skipped]
    need_emulator = [key for key in rest if tagged(key, assertions[key][1], includes)]
    line = '%s: %d of %d assertion tasks ran%s' % (os.path.basename(os.path.abspath(target)), len(done), len(assertions),
                                                   ' (a live run: no control API)' if live else '')
    parts = []
    if skipped:
        parts.append('%d skipped by a condition' % len(skipped))
    if need_emulator:
        per_file = defaultdict(int)
        for key in need_emulator:
            per_file[key[0]] += 1
        parts.append('%d need the emulator (tagged emulator%s: %s)' % (
            len(need_emulator), ', skipped live' if live else '', ', '.join('%s %d' % item for item in sorted(per_file.items()))))
    unreached = [key for key in rest if key not in need_emulator]
    if unreached:
        parts.append('%d not reached: %s' % (len(unreached), ', '.join('%s:%d' % key for key in sorted(unreached))))
    return line + ('; ' + '; '.join(parts) if parts else '')


if __name__ == '__main__':
    print(summary(sys.argv[1], sys.argv[2], len(sys.argv) > 3 and sys.argv[3] == 'true'))
