# Copyright (c) alibabacloud.vpcpeer contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Stage a dirty copy of the collection, check the tarball built from it, and check the installed collection.

    package_check.py CONFIG COLLECTION_ROOT WORK {stage|check-tarball|seed|secret|endpoint|check-installed ID}
"""

import fnmatch
import glob
import json
import os
import re
import shutil
import subprocess
import sys
import tarfile
import uuid

import yaml

from vpcpeer_emulator import ControlClient

CROSS_REGION = {"RegionId": "cn-hangzhou", "VpcId": "vpc-requester-hz-1", "AcceptingRegionId": "cn-shanghai",
                "AcceptingVpcId": "vpc-requester-sh-1", "Name": "seeded-for-packaging", "Description": "seeded by ecosystem_packaging"}
# What a developer's checkout (and this test run) leaves behind; .gitignore keeps all of it out of git, and
# galaxy.yml's build_ignore must keep all of it out of the tarball.
DECOYS = (
    ".venv/pyvenv.cfg",
    ".venv/bin/activate",
    ".venv/lib/python3.11/site-packages/alibabacloud_credentials/__init__.py",
    "build/collections/ansible_collections/alibabacloud/vpcpeer/galaxy.yml",
    "build/sanity.log",
    "results/junit.xml",
    "tests/output/junit/ecosystem_packaging.xml",
    "tests/output/.tmp/integration/integration_config.yml",
    "tests/integration/integration_config.yml",
    "tests/integration/inventory",
    "plugins/modules/__pycache__/vpc_peer_connection.cpython-311.pyc",
    "plugins/module_utils/__pycache__/client.cpython-311.pyc",
    "tests/unit/plugins/__pycache__/conftest.cpython-311-pytest-8.0.0.pyc",
    ".pytest_cache/v/cache/nodeids",
    "tests/emulator/.pytest_cache/v/cache/lastfailed",
    "tests/emulator/vpcpeer_emulator.egg-info/PKG-INFO",
    ".ansible/collections/ansible_collections/alibabacloud/vpcpeer/MANIFEST.json",
    "alibabacloud-vpcpeer-0.9.0.tar.gz",
    "docs/examples/leftover.pyc",
)
# Must be in the tarball: what Galaxy, ansible-builder and users read.
REQUIRED = (
    "MANIFEST.json", "FILES.json", "README.md", "COPYING", "CHANGELOG.rst", "changelogs/changelog.yaml",
    "meta/runtime.yml", "meta/execution-environment.yml", "requirements.txt", "bindep.txt",
    "docs/awx/credential_type.yml", "docs/docsite/extra-docs.yml", "docs/docsite/links.yml",
)
# An Alibaba Cloud AccessKey ID (LTAI...) or anything that looks like a private key must never ship.
SECRET_PATTERNS = (re.compile(r"\bLTAI[0-9A-Za-z]{12,30}\b"), re.compile(r"-----BEGIN [A-Z ]*PRIVATE KEY-----"))
SRC = os.path.join("src", "ansible_collections", "alibabacloud", "vpcpeer")


def fail(message, **details):
    sys.exit("%s\n%s" % (message, json.dumps(details, indent=2, default=str)))


def git_files(root, *args):
    output = subprocess.check_output(["git", "-C", root, "ls-files", "-z"] + list(args))
    return sorted(path for path in output.decode("utf-8").split("\0") if path)


def stage(root, work):
    """Copy the collection's files (what git would commit) and plant decoys of what git ignores."""
    source = os.path.join(work, SRC)
    pristine = [path for path in git_files(root, "--cached", "--others", "--exclude-standard")
                if os.path.isfile(os.path.join(root, path))]
    for path in pristine:
        os.makedirs(os.path.dirname(os.path.join(source, path)), exist_ok=True)
        shutil.copy2(os.path.join(root, path), os.path.join(source, path))
    marker = "DECOY-%s" % uuid.uuid4().hex
    for path in DECOYS:
        os.makedirs(os.path.dirname(os.path.join(source, path)) or source, exist_ok=True)
        with open(os.path.join(source, path), "w", encoding="utf-8") as handle:
            handle.write("access_key_secret: %s\n" % marker)
    # A real integration_config.yml, with the emulator's keys, where ansible-test puts it.
    shutil.copy(os.path.join(root, "tests", "integration", "integration_config.yml"),
                os.path.join(source, "tests", "integration", "integration_config.yml"))
    # Each decoy must be something git ignores, or it would be a legitimate file of the collection.
    subprocess.check_call(["git", "-C", source, "init", "-q"])
    not_ignored = sorted(set(DECOYS) - set(git_files(source, "--others", "--ignored", "--exclude-standard")))
    if not_ignored:
        fail("decoys that .gitignore does not ignore (add them to .gitignore or drop them here)", decoys=not_ignored)
    shutil.rmtree(os.path.join(source, ".git"))
    with open(os.path.join(work, "staged.json"), "w", encoding="utf-8") as handle:
        json.dump({"pristine": pristine, "marker": marker}, handle)
    print("staged %d files of the collection and %d decoys" % (len(pristine), len(DECOYS)))


def ignored_by_galaxy(path, patterns):
    return any(fnmatch.fnmatch(path, pattern) or path.startswith(pattern.rstrip("/") + "/") for pattern in patterns)


def check_tarball(root, work):
    with open(os.path.join(work, "staged.json"), encoding="utf-8") as handle:
        staged = json.load(handle)
    with open(os.path.join(root, "galaxy.yml"), encoding="utf-8") as handle:
        galaxy = yaml.safe_load(handle)
    tarballs = glob.glob(os.path.join(work, "dist", "alibabacloud-vpcpeer-%s.tar.gz" % galaxy["version"]))
    if len(tarballs) != 1:
        fail("expected one tarball of version %s" % galaxy["version"], found=os.listdir(os.path.join(work, "dist")))
    with tarfile.open(tarballs[0]) as tar:
        members = [m for m in tar.getmembers() if m.isfile()]
        files = sorted(m.name for m in members)
        contents = {m.name: tar.extractfile(m).read() for m in members}
    pristine = set(staged["pristine"])
    shipped = set(files) - {"MANIFEST.json", "FILES.json"}
    extra = sorted(shipped - pristine)
    if extra:
        fail("the tarball holds files that are not part of the collection (add them to build_ignore)", files=extra)
    expected = {p for p in pristine if p != "galaxy.yml" and not ignored_by_galaxy(p, galaxy.get("build_ignore", []))}
    missing = sorted(expected - shipped)
    if missing:
        fail("files of the collection are missing from the tarball", files=missing)
    absent = sorted(set(REQUIRED) - set(files))
    if absent:
        fail("required files are missing from the tarball", files=absent)
    modules = sorted(p for p in pristine if fnmatch.fnmatch(p, "plugins/modules/*.py"))
    if not modules or not set(modules) <= set(files):
        fail("modules are missing from the tarball", modules=modules)
    for name, data in contents.items():
        text = data.decode("utf-8", errors="replace")
        if staged["marker"] in text:
            fail("a decoy's content is in the tarball", file=name)
        for pattern in SECRET_PATTERNS:
            if pattern.search(text):
                fail("something that looks like a real credential is in the tarball", file=name, pattern=pattern.pattern)
    size = os.path.getsize(tarballs[0])
    if size > 1024 * 1024:
        fail("the tarball is suspiciously large (%d bytes)" % size)
    print("%s: %d files, %d bytes; no decoy, cache, build output or credential; nothing of the collection missing"
          % (os.path.basename(tarballs[0]), len(files), size))


def check_installed(settings, root, work, instance_id):
    with open(os.path.join(root, "galaxy.yml"), encoding="utf-8") as handle:
        version = yaml.safe_load(handle)["version"]
    installed = os.path.join(work, "collections", "ansible_collections", "alibabacloud", "vpcpeer")
    with open(os.path.join(work, "list.json"), encoding="utf-8") as handle:
        listed = json.load(handle)
    if listed != {os.path.join(work, "collections", "ansible_collections"): {"alibabacloud.vpcpeer": {"version": version}}}:
        fail("ansible-galaxy does not list exactly the installed collection", listed=listed)
    for name in ("doc.json", "doc_info.json"):
        with open(os.path.join(work, name), encoding="utf-8") as handle:
            doc = next(iter(json.load(handle).values()))["doc"]
        if not doc["filename"].startswith(installed + os.sep) or not doc.get("options"):
            fail("ansible-doc did not read the installed collection", filename=doc["filename"])
    with open(os.path.join(work, "adhoc.out"), encoding="utf-8") as handle:
        output = handle.read()
    # -vvv names the module file the module path runs, and the action plugin file the controller path runs.
    path = settings.get("vpcpeer_path", "controller")
    kind = "modules" if path == "module" else "action"
    code = os.path.join(installed, "plugins", kind, "vpc_peer_connection.py")
    if (code not in output or "CHANGED" not in output or '"name": "from-the-tarball"' not in output
            or '"alibabacloud_vpcpeer_path": "%s"' % path not in output):
        fail("the module did not run from the installed collection on the %s path" % path, output=output[-4000:])
    control = ControlClient(settings["vpcpeer_emulator_url"].rsplit("/_emulator", 1)[0])
    if control.connection(instance_id)["Name"] != "from-the-tarball":
        fail("the emulator's connection was not changed")
    agents = {call["user_agent"] for call in control.journal()}
    if not agents or any(not (agent or "").endswith(" alibabacloud.vpcpeer/%s" % version) for agent in agents):
        fail("calls from the installed collection do not name its version", agents=sorted(agents, key=str))
    print("installed %s ran from %s and changed %s" % (version, installed, instance_id))


def main():
    with open(sys.argv[1], encoding="utf-8") as handle:
        settings = json.load(handle)
    root, work, command, args = sys.argv[2], sys.argv[3], sys.argv[4], sys.argv[5:]
    control = ControlClient(settings["vpcpeer_emulator_url"].rsplit("/_emulator", 1)[0])
    if command == "stage":
        stage(root, work)
    elif command == "check-tarball":
        check_tarball(root, work)
    elif command == "seed":
        control.set_all_transitions({"mode": "immediate"})
        print(control.seed_connection(CROSS_REGION)["InstanceId"])
        control.clear_journal()
    elif command == "secret":
        print(settings["vpcpeer_emulator"]["access_keys"]["EMULATOR-AK-REQUESTER"]["secret"])
    elif command == "endpoint":
        print(settings["vpcpeer_endpoint"])
    elif command == "check-installed":
        check_installed(settings, root, work, *args)
    else:
        fail("unknown command %s" % command)


if __name__ == "__main__":
    main()
