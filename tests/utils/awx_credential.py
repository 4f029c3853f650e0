# Copyright (c) alibabacloud.vpcpeer contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Check and render an AWX / Ansible Automation Platform custom credential type the way AWX does.

    awx_credential.py validate docs/awx/credential_type.yml
    awx_credential.py render docs/awx/credential_type.yml --inputs inputs.json [--safe] > env/envvars

``validate`` applies the checks AWX makes when a credential type is saved (field ids and types, required
fields that exist, injector templates that only use defined fields, no reserved environment variable),
plus this collection's own rules (the secret fields are marked secret, every injected variable is one the
modules read). ``render`` turns a credential's inputs into the environment AWX gives the job, as YAML
(the format of ansible-runner's ``env/envvars``); ``--safe`` renders what AWX stores in the job record,
with secrets replaced by ``**********``.

The rendering follows AWX's ``CredentialType.inject_credential`` (awx/main/models/credential/__init__.py):
only non-empty inputs enter the template namespace, boolean fields default to false, the templates run in
Jinja's ImmutableSandboxedEnvironment, where an input that was not given renders as an empty string.
"""

import argparse
import json
import os
import re
import sys

import yaml
from jinja2 import StrictUndefined, meta
from jinja2.exceptions import UndefinedError
from jinja2.sandbox import ImmutableSandboxedEnvironment

# awx/main/constants.py ENV_BLOCKLIST, and AWX refuses every name that starts with ANSIBLE_.
AWX_ENV_BLOCKLIST = frozenset((
    'VIRTUAL_ENV', 'PATH', 'PYTHONPATH', 'JOB_ID', 'INVENTORY_ID', 'INVENTORY_SOURCE_ID', 'INVENTORY_UPDATE_ID',
    'AD_HOC_COMMAND_ID', 'REST_API_URL', 'REST_API_TOKEN', 'MAX_EVENT_RES', 'CALLBACK_QUEUE', 'CALLBACK_CONNECTION',
    'CACHE', 'JOB_CALLBACK_DEBUG', 'INVENTORY_HOSTVARS', 'AWX_HOST', 'PROJECT_REVISION', 'SUPERVISOR_CONFIG_PATH',
))
FIELD_TYPES = ('string', 'boolean')
SECRET_MASK = '**********'

CLIENT_PY = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', '..', 'plugins', 'module_utils', 'client.py')
# The inputs that must be secret.
MUST_BE_SECRET = frozenset(('access_key_secret', 'security_token'))


def module_env_variables():
    """The environment variables the modules read: the env_fallback names of connection_argument_spec()."""
    with open(CLIENT_PY, encoding='utf-8') as handle:
        source = handle.read()
    names = set()
    for group in re.findall(r'env_fallback,\s*\[([^\]]*)\]', source):
        names.update(re.findall(r"'([A-Z0-9_]+)'", group))
    if not names:
        raise SystemExit('found no env_fallback variables in %s' % CLIENT_PY)
    return names


def load(path):
    with open(path, encoding='utf-8') as handle:
        return yaml.safe_load(handle)


def validate(credential_type):
    """Return the problems AWX (or this collection) would find in the credential type; empty when it is fine."""
    problems = []
    if credential_type.get('kind') not in ('cloud', 'net'):
        problems.append('kind must be cloud or net for a custom credential type, not %r' % credential_type.get('kind'))
    if not credential_type.get('name'):
        problems.append('the credential type has no name')
    inputs = credential_type.get('inputs') or {}
    fields = inputs.get('fields') or []
    ids = []
    for field in fields:
        field_id = field.get('id')
        if not field_id or not re.match(r'^[A-Za-z_][A-Za-z0-9_]*$', field_id):
            problems.append('field id %r is not a valid identifier' % field_id)
        if not field.get('label'):
            problems.append('field %r has no label' % field_id)
        if field.get('type', 'string') not in FIELD_TYPES:
            problems.append('field %r has type %r; AWX knows %s' % (field_id, field.get('type'), ', '.join(FIELD_TYPES)))
        if field_id in ids:
            problems.append('field id %r is defined twice' % field_id)
        ids.append(field_id)
    for name in inputs.get('required') or []:
        if name not in ids:
            problems.append('required field %r is not defined' % name)
    secret = {field['id'] for field in fields if field.get('secret')}
    for name in sorted(MUST_BE_SECRET - secret):
        problems.append('field %r must be marked secret: true' % name)

    # AWX renders every template with each field set, and StrictUndefined: a template that uses anything else
    # is refused when the credential type is saved.
    example = {'tower': type('TowerNamespace', (), {})()}
    for field in fields:
        example[field['id']] = True if field.get('type') == 'boolean' else 'EXAMPLE'
    strict = ImmutableSandboxedEnvironment(undefined=StrictUndefined)
    injectors = credential_type.get('injectors') or {}
    for kind in injectors:
        if kind not in ('env', 'extra_vars', 'file'):
            problems.append('unknown injector kind %r' % kind)
    for kind in ('env', 'extra_vars', 'file'):
        for key, template in (injectors.get(kind) or {}).items():
            try:
                strict.from_string(template).render(**example)
            except UndefinedError as exc:
                problems.append('%s injector %s uses an undefined field (%s)' % (kind, key, exc))
    env = injectors.get('env') or {}
    module_variables = module_env_variables()
    for name in env:
        if name.startswith('ANSIBLE_') or name in AWX_ENV_BLOCKLIST:
            problems.append('AWX does not allow the environment variable %s in a credential' % name)
        elif name not in module_variables:
            problems.append('%s is not an environment variable the modules read' % name)
    for field_id in ids:
        used = any(field_id in meta.find_undeclared_variables(strict.parse(template)) for template in env.values())
        if not used:
            problems.append('field %r is never injected' % field_id)
    return problems


def render_env(credential_type, inputs, safe=False):
    """The environment variables AWX injects for a credential with these inputs (``safe``: as stored)."""
    secret_fields = {field['id'] for field in credential_type['inputs'].get('fields', []) if field.get('secret')}
    namespace = {'tower': type('TowerNamespace', (), {})()}
    for name, value in inputs.items():
        if isinstance(value, bool):
            namespace[name] = value
        elif safe and name in secret_fields:
            namespace[name] = SECRET_MASK
        elif len(value):
            namespace[name] = value
    for field in credential_type['inputs'].get('fields', []):
        if field.get('type') == 'boolean' and field['id'] not in inputs:
            namespace[field['id']] = False
    sandbox = ImmutableSandboxedEnvironment()
    env = {}
    for name, template in (credential_type.get('injectors') or {}).get('env', {}).items():
        if name.startswith('ANSIBLE_') or name in AWX_ENV_BLOCKLIST:
            continue  # AWX logs and skips these
        env[name] = sandbox.from_string(template).render(**namespace)
    return env


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest='command', required=True)
    check = sub.add_parser('validate', help='check the credential type as AWX does when it is saved')
    check.add_argument('credential_type')
    render = sub.add_parser('render', help="print the injected environment as YAML (ansible-runner's env/envvars)")
    render.add_argument('credential_type')
    render.add_argument('--inputs', required=True, help='JSON file with the credential inputs')
    render.add_argument('--safe', action='store_true', help='mask secret inputs, as AWX does in the job record')
    args = parser.parse_args()

    credential_type = load(args.credential_type)
    problems = validate(credential_type)
    if problems:
        sys.exit('%s:\n  %s' % (args.credential_type, '\n  '.join(problems)))
    if args.command == 'validate':
        print('%s: a valid AWX credential type; injects %s' % (
            args.credential_type, ', '.join(sorted(credential_type['injectors']['env']))))
        return
    with open(args.inputs, encoding='utf-8') as handle:
        inputs = json.load(handle)
    unknown = set(inputs) - {field['id'] for field in credential_type['inputs']['fields']}
    if unknown:
        sys.exit('unknown inputs: %s' % ', '.join(sorted(unknown)))
    missing = [name for name in credential_type['inputs'].get('required', []) if not inputs.get(name)]
    if missing:
        sys.exit('AWX would refuse this credential, required inputs are missing: %s' % ', '.join(missing))
    sys.stdout.write(yaml.safe_dump(render_env(credential_type, inputs, safe=args.safe), default_flow_style=False))


if __name__ == '__main__':
    main()
