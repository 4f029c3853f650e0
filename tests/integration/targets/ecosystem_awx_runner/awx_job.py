# Copyright (c) alibabacloud.vpcpeer contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Prepare ansible-runner private data directories the way AWX does, and check the jobs' results.

    awx_job.py CONFIG COLLECTION_ROOT seed
    awx_job.py CONFIG COLLECTION_ROOT clear-journal
    awx_job.py CONFIG COLLECTION_ROOT check-validator CREDENTIAL_TYPE
    awx_job.py CONFIG COLLECTION_ROOT private-data-dir DIR CREDENTIAL_TYPE {key-pair|sts|wrong-secret} INSTANCE_ID
    awx_job.py CONFIG COLLECTION_ROOT assert-job DIR IDENT {changed|ok|predicted|failed} INSTANCE_ID ACCESS_KEY_ID BANDWIDTH
"""

import copy
import glob
import json
import os
import shutil
import sys

from vpcpeer_emulator import ControlClient

CROSS_REGION = {"RegionId": "cn-hangzhou", "VpcId": "vpc-requester-hz-1", "AcceptingRegionId": "cn-shanghai",
                "AcceptingVpcId": "vpc-requester-sh-1", "Name": "seeded-for-awx", "Description": "seeded by ecosystem_awx_runner",
                "Bandwidth": 1024}
PLAYBOOK = "vpc_peer_connection.yml"
# What the example playbook declares (docs/examples/vpc_peer_connection.yml).
DECLARED_NAME = "web-to-db"
WRONG_SECRET = "wrong-secret-that-must-not-leak"


def fail(message, **details):
    sys.exit("%s\n%s" % (message, json.dumps(details, indent=2, default=str)))


def credential_inputs(settings, kind):
    """The inputs a user would type into a credential of the collection's type."""
    keys = settings["vpcpeer_emulator"]["access_keys"]
    endpoint = settings["vpcpeer_endpoint"]
    if kind == "key-pair":  # no token, no region: AWX injects those as empty variables
        return {"access_key_id": "EMULATOR-AK-REQUESTER", "access_key_secret": keys["EMULATOR-AK-REQUESTER"]["secret"],
                "endpoint": endpoint}
    if kind == "sts":
        sts = keys["STS.EMULATOR-REQUESTER"]
        return {"access_key_id": "STS.EMULATOR-REQUESTER", "access_key_secret": sts["secret"],
                "security_token": sts["security_token"], "region_id": "cn-hangzhou", "endpoint": endpoint,
                "vpc_endpoint": endpoint}
    if kind == "wrong-secret":
        return {"access_key_id": "EMULATOR-AK-REQUESTER", "access_key_secret": WRONG_SECRET, "endpoint": endpoint}
    fail("unknown credential kind %s" % kind)
    return None


def secrets_of(settings):
    """Every secret the jobs may have been given: none may appear in what AWX keeps of a job."""
    values = {WRONG_SECRET}
    for key in settings["vpcpeer_emulator"]["access_keys"].values():
        values.update(v for k, v in key.items() if k in ("secret", "security_token") and v)
    return values


def private_data_dir(settings, root, awx_credential, directory, type_path, kind, instance_id):
    """project/, inventory/ and env/ as AWX hands them to ansible-runner for a job template run."""
    credential_type = awx_credential.load(type_path)
    inputs = credential_inputs(settings, kind)
    shutil.rmtree(directory, ignore_errors=True)
    for sub in ("project", "inventory", "env"):
        os.makedirs(os.path.join(directory, sub))
    shutil.copy(os.path.join(root, "docs", "examples", PLAYBOOK), os.path.join(directory, "project", PLAYBOOK))
    # AWX's "Demo Inventory": localhost, run with the interpreter of the execution environment.
    with open(os.path.join(directory, "inventory", "hosts"), "w", encoding="utf-8") as handle:
        handle.write("localhost ansible_connection=local ansible_python_interpreter=\"{{ ansible_playbook_python }}\"\n")
    with open(os.path.join(directory, "env", "extravars"), "w", encoding="utf-8") as handle:
        json.dump({"peering_id": instance_id}, handle)
    env = awx_credential.render_env(credential_type, inputs)
    with open(os.path.join(directory, "env", "envvars"), "w", encoding="utf-8") as handle:
        json.dump(env, handle)  # JSON is YAML: ansible-runner reads either
    # What AWX stores as the job's environment (UnifiedJob.job_env), shown to users.
    safe_env = awx_credential.render_env(credential_type, inputs, safe=True)
    with open(os.path.join(directory, "job_env.json"), "w", encoding="utf-8") as handle:
        json.dump(safe_env, handle)
    expected = {"ALIBABA_CLOUD_ACCESS_KEY_ID", "ALIBABA_CLOUD_ACCESS_KEY_SECRET", "ALIBABA_CLOUD_SECURITY_TOKEN",
                "ALIBABA_CLOUD_REGION_ID", "ALIBABA_CLOUD_VPCPEER_ENDPOINT", "ALIBABA_CLOUD_VPC_ENDPOINT"}
    if set(env) != expected or env["ALIBABA_CLOUD_ACCESS_KEY_SECRET"] != inputs["access_key_secret"]:
        fail("the injector did not render the expected variables", env=sorted(env))
    if env["ALIBABA_CLOUD_SECURITY_TOKEN"] != inputs.get("security_token", ""):
        fail("the security token was not injected as given")
    if safe_env["ALIBABA_CLOUD_ACCESS_KEY_SECRET"] != awx_credential.SECRET_MASK:
        fail("the stored job environment shows the secret", safe_env=safe_env)
    print("private data directory %s: %s credential, %s" % (directory, kind, ", ".join(sorted(env))))


def check_validator(awx_credential, type_path):
    """The validator must refuse the mistakes a credential type can have, or the check above proves nothing."""
    good = awx_credential.load(type_path)
    mutations = {
        "a secret field not marked secret": lambda t: t["inputs"]["fields"][1].pop("secret"),
        "an undefined field in a template": lambda t: t["injectors"]["env"].update(ALIBABA_CLOUD_REGION_ID="{{ region }}"),
        "a reserved variable": lambda t: t["injectors"]["env"].update(ANSIBLE_CONFIG="{{ endpoint }}"),
        "a variable the modules do not read": lambda t: t["injectors"]["env"].update(ALIYUN_KEY="{{ access_key_id }}"),
        "a required field that does not exist": lambda t: t["inputs"]["required"].append("password"),
        "a field that is never injected": lambda t: t["injectors"]["env"].pop("ALIBABA_CLOUD_REGION_ID"),
    }
    for title, mutate in mutations.items():
        broken = copy.deepcopy(good)
        mutate(broken)
        if not awx_credential.validate(broken):
            fail("the validator accepted %s" % title)
    print("the validator refuses %d kinds of broken credential types" % len(mutations))


def job_stats(directory, ident):
    events = []
    for path in glob.glob(os.path.join(directory, "artifacts", ident, "job_events", "*.json")):
        with open(path, encoding="utf-8") as handle:
            events.append(json.load(handle))
    stats = [e for e in events if e.get("event") == "playbook_on_stats"]
    if not stats:
        fail("no playbook_on_stats event in %s" % ident)
    return stats[0]["event_data"], events


def assert_job(settings, control, directory, ident, expect, instance_id, access_key_id, bandwidth):
    artifacts = os.path.join(directory, "artifacts", ident)
    with open(os.path.join(artifacts, "status"), encoding="utf-8") as handle:
        status = handle.read().strip()
    with open(os.path.join(artifacts, "stdout"), encoding="utf-8", errors="replace") as handle:
        stdout = handle.read()
    stats, events = job_stats(directory, ident)
    connection = control.connection(instance_id)
    calls = control.journal()
    details = {"status": status, "stats": {k: stats.get(k) for k in ("changed", "ok", "failures")},
               "connection": connection, "calls": [(c["action"], c["access_key_id"], c["code"]) for c in calls]}

    if expect == "failed":
        if status != "failed" or "SignatureDoesNotMatch" not in stdout or "What to do" not in stdout:
            fail("the job with a wrong secret did not fail with the service's error and advice", stdout=stdout[-3000:], **details)
    else:
        if status != "successful" or stats.get("failures"):
            fail("the job failed", stdout=stdout[-3000:], **details)
        changed = stats.get("changed", {}).get("localhost", 0)
        if (expect == "ok") != (changed == 0):
            fail("expected the job to report %s" % expect, **details)
        if connection["Name"] != DECLARED_NAME or connection["Bandwidth"] != int(bandwidth):
            fail("the connection does not have the declared name and bandwidth %s" % bandwidth, **details)
    # The job ran on the path this run tests (tests/utils/run_integration.py --path).
    paths = {e["event_data"]["res"]["alibabacloud_vpcpeer_path"] for e in events
             if e.get("event") in ("runner_on_ok", "runner_on_failed")
             and "alibabacloud_vpcpeer_path" in e.get("event_data", {}).get("res", {})}
    if paths != {settings.get("vpcpeer_path", "controller")}:
        fail("the job ran on the %s path" % sorted(paths, key=str), **details)
    modifies = [c for c in calls if c["action"] == "ModifyVpcPeerConnection"]
    if expect == "changed" and not any(c["applied"] for c in modifies):
        fail("no change was applied", **details)
    if expect == "predicted" and (any(c["applied"] for c in modifies) or not any(c["dry_run"] for c in modifies)):
        fail("check mode did not preview through a dry run only", **details)
    if expect == "ok" and modifies:
        fail("a job with nothing to do sent a change", **details)
    # The credential's keys were used, and nothing else.
    if not calls or any(c["access_key_id"] != access_key_id for c in calls):
        fail("the calls did not all use the credential's AccessKey ID %s" % access_key_id, **details)
    # Nothing AWX keeps of a job (its output, its events and the stored environment) shows a secret. The
    # runner's own artifacts/<ident>/command file does hold the environment, as in AWX, where the private data
    # directory is deleted after the job.
    kept = [os.path.join(artifacts, "stdout"), os.path.join(directory, "job_env.json")]
    kept += glob.glob(os.path.join(artifacts, "job_events", "*.json"))
    for path in kept:
        with open(path, encoding="utf-8", errors="replace") as handle:
            text = handle.read()
        for secret in secrets_of(settings):
            if secret in text:
                fail("a secret appears in %s" % os.path.relpath(path, directory))
    control.clear_journal()
    print("job %s: %s, as expected (%d API calls, all with %s)" % (ident, expect, len(calls), access_key_id))


def main():
    with open(sys.argv[1], encoding="utf-8") as handle:
        settings = json.load(handle)
    root, command, args = sys.argv[2], sys.argv[3], sys.argv[4:]
    sys.path.insert(0, os.path.join(root, "tests", "utils"))
    import awx_credential  # pylint: disable=import-outside-toplevel,import-error

    control = ControlClient(settings["vpcpeer_emulator_url"].rsplit("/_emulator", 1)[0])
    if command == "seed":
        control.set_all_transitions({"mode": "immediate"})
        print(control.seed_connection(CROSS_REGION)["InstanceId"])
        control.clear_journal()
    elif command == "check-validator":
        check_validator(awx_credential, args[0])
    elif command == "private-data-dir":
        private_data_dir(settings, root, awx_credential, *args)
    elif command == "assert-job":
        assert_job(settings, control, *args)
    else:
        fail("unknown command %s" % command)


if __name__ == "__main__":
    main()
