# Copyright (c) alibabacloud.vpcpeer contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Timing profiles (fast, realistic, chaos): windows drawn per connection from a seeded generator,
explicit settings over the profile, the fault hook of chaos, and the command line's --profile."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys

import pytest
from alibabacloud_vpcpeer20220101 import models

from emulator_helpers import SH, create, get, modify
from vpcpeer_emulator import ControlClient, ControlError
from vpcpeer_emulator import profiles as profiles_module

PHASES = ("create", "accept", "modify", "delete", "deleted")


def _pending_seconds(emulator, instance_id):
    return emulator.control.connection(instance_id)["Pending"]["seconds"]


def test_fast_is_the_default_and_the_fixture_keeps_it(emulator):
    current = emulator.control.profile()
    assert (current["profile"], current["seed"]) == ("fast", 0)
    assert current["transitions"]["create"] == {"mode": "time", "seconds": 0.3}
    assert current["transitions"]["deleted"] == {"mode": "time", "seconds": 0.5}
    assert current["replica_lag"] == {"seconds": 0, "reads": 0, "fields": ["Bandwidth", "LinkType"]}


def test_the_profiles_and_their_numbers(emulator):
    listed = emulator.control.profiles()
    assert set(listed) == {"fast", "realistic", "chaos"}
    realistic = listed["realistic"]
    assert {phase: realistic["transitions"][phase]["seconds"] for phase in PHASES} == {
        "create": [3, 20], "accept": [2, 10], "modify": [2, 15], "delete": [2, 10], "deleted": [2, 10]}
    assert realistic["replica_lag"] == {"seconds": [0.5, 3], "reads": 0}
    chaos = listed["chaos"]
    assert all(0.5 <= chaos["transitions"][phase]["seconds"][0] <= chaos["transitions"][phase]["seconds"][1] <= 4 for phase in PHASES)
    assert chaos["replica_lag"] == {"seconds": [0.2, 1.5], "reads": 0}
    kinds = {(rule["fault"], rule.get("code"), bool(rule.get("after_apply"))) for rule in chaos["faults"]}
    assert kinds == {("throttling", None, False), ("service_unavailable", None, False), ("internal_error", None, False),
                     ("bad_gateway", None, False), ("drop", None, False), ("slow", None, False), ("drop", None, True),
                     ("slow", None, True), ("error", "Conflict.Operation", False), ("error", "IncorrectStatus.VpcPeer", False),
                     ("error", "TaskConflict", False), ("error", "OperationFailed.DistibuteLock", False)}
    assert all(0 < rule["probability"] <= 0.05 for rule in chaos["faults"])


def test_realistic_draws_each_window_per_connection(emulator, requester):
    emulator.control.set_profile("realistic", seed=7)
    first = create(requester)
    second = create(requester, vpc_id="vpc-requester-hz-3", accepting_region_id=SH, accepting_vpc_id="vpc-requester-sh-1")
    windows = [_pending_seconds(emulator, first), _pending_seconds(emulator, second)]
    assert all(3 <= seconds <= 20 for seconds in windows) and windows[0] != windows[1]
    assert get(requester, first)["Status"] == "Creating"
    emulator.control.advance_clock(20)
    assert get(requester, first)["Status"] == "Activated"
    modify(requester, second, bandwidth=2048)
    window = _pending_seconds(emulator, second)
    assert 2 <= window <= 15
    emulator.control.advance_clock(window)
    lag = emulator.control.connection(second)
    assert lag["Status"] == "Activated" and lag["ReadOverrides"] == {"Bandwidth": 1024, "LinkType": "Gold"}
    emulator.control.advance_clock(3)
    assert get(requester, second)["Bandwidth"] == 2048


def test_the_same_seed_gives_the_same_windows(emulator, requester):
    drawn = []
    for seed in (7, 7, 8):
        emulator.control.reset()
        emulator.control.set_profile("realistic", seed=seed)
        drawn.append(_pending_seconds(emulator, create(requester)))
    assert drawn[0] == drawn[1] != drawn[2]


def test_chaos_windows_are_short(emulator, requester):
    emulator.control.set_profile("chaos")
    emulator.control.clear_faults()  # the windows alone
    instance_id = create(requester)
    assert 0.5 <= _pending_seconds(emulator, instance_id) <= 4
    emulator.control.advance_clock(4)
    requester.delete_vpc_peer_connection(models.DeleteVpcPeerConnectionRequest(instance_id=instance_id))
    assert 0.5 <= _pending_seconds(emulator, instance_id) <= 3


def test_explicit_transitions_override_the_profile(emulator, requester):
    emulator.control.update_config({"profile": "realistic", "transitions": {"create": {"mode": "immediate"}}})
    transitions = emulator.control.config()["transitions"]
    assert transitions["create"] == {"mode": "immediate"} and transitions["modify"]["seconds"] == [2, 15]
    assert get(requester, create(requester))["Status"] == "Activated"
    emulator.control.set_transitions(modify={"mode": "time", "seconds": 1})  # later changes override it too
    assert emulator.control.profile()["transitions"]["modify"] == {"mode": "time", "seconds": 1.0}
    emulator.control.set_profile("fast")  # selecting a profile again replaces the transitions
    assert emulator.control.config()["transitions"]["create"] == {"mode": "time", "seconds": 0.3}


def test_selecting_a_profile_keeps_the_replica_lag_fields(emulator):
    emulator.control.set_replica_lag(fields=["Bandwidth"])
    assert emulator.control.set_profile("realistic")["replica_lag"] == {"seconds": [0.5, 3], "reads": 0, "fields": ["Bandwidth"]}


def test_reset_goes_back_to_the_startup_profile(emulator):
    emulator.control.set_profile("chaos", seed=3)
    emulator.control.reset()
    assert (emulator.control.profile()["profile"], emulator.control.profile()["seed"]) == ("fast", 0)


@pytest.mark.parametrize("body", [{"profile": "glacial"}, {"seed": 1}, {"profile": "fast", "transitions": {}}, {"profile": None}])
def test_profile_requests_are_validated(emulator, body):
    with pytest.raises(ControlError) as info:
        emulator.control.request("POST", "profile", body)
    assert info.value.status == 400
    assert emulator.control.profile()["profile"] == "fast"


def test_unknown_profile_in_the_config_is_refused(emulator):
    with pytest.raises(ControlError) as info:
        emulator.control.update_config({"profile": "glacial"})
    assert info.value.status == 400


def test_a_profile_installs_its_fault_rules(emulator, monkeypatch, requester):
    # The chaos fault mix is a later addition: fill the hook here to prove the mechanism.
    chaos = dict(profiles_module.PROFILES["chaos"], faults=[{"fault": "service_unavailable", "action": "ListVpcPeerConnections",
                                                            "count": 1}])
    monkeypatch.setitem(profiles_module.PROFILES, "chaos", chaos)
    own_rule = emulator.control.add_fault("drop", action="DeleteVpcPeerConnection")
    emulator.control.set_profile("chaos")
    rules = emulator.control.faults()
    assert [(r["id"], r["origin"]) for r in rules][0] == (own_rule, "api")
    assert [(r["fault"], r["origin"]) for r in rules][1:] == [("service_unavailable", "profile")]
    emulator.control.set_profile("fast")
    assert [(r["id"], r["origin"]) for r in emulator.control.faults()] == [(own_rule, "api")]


def test_command_line_profile_and_config_file(tmp_path):
    config = tmp_path / "config.json"
    config.write_text(json.dumps({"profile": "chaos", "seed": 5, "transitions": {"create": {"mode": "immediate"}}}))
    env = {k: v for k, v in os.environ.items() if k.lower() not in ("http_proxy", "https_proxy", "all_proxy")}
    process = subprocess.Popen(  # pylint: disable=consider-using-with
        [sys.executable, "-m", "vpcpeer_emulator", "--port", "0", "--profile", "realistic", "--config", str(config)],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
    try:
        url = process.stdout.readline().strip().rsplit(" ", 1)[-1]
        control = ControlClient(url)
        current = control.profile()
        # --profile wins over the file's profile; the file's other settings win over the profile.
        assert (current["profile"], current["seed"]) == ("realistic", 5)
        assert current["transitions"]["create"] == {"mode": "immediate"}
        assert current["transitions"]["modify"]["seconds"] == [2, 15]
        control.set_profile("fast")
        control.reset()
        assert control.profile()["profile"] == "realistic"
    finally:
        process.send_signal(signal.SIGTERM)
        process.communicate(timeout=10)
    assert process.returncode == 0


def _chaos_outcomes(emulator, requester, seed):
    """The answers of the same 60 reads under the chaos profile with ``seed``: which calls met a fault."""
    emulator.control.reset()
    emulator.control.set_profile("chaos", seed=seed)
    outcomes = []
    for _index in range(60):
        try:
            requester.list_vpc_peer_connections(models.ListVpcPeerConnectionsRequest(region_id="cn-hangzhou"))
            outcomes.append("OK")
        except Exception as exc:  # pylint: disable=broad-except
            outcomes.append(type(exc).__name__ + ":" + str(getattr(exc, "code", "")))
    return outcomes


def test_chaos_faults_replay_with_their_seed(emulator):
    requester = emulator.sdk_client(read_timeout=300)
    first, again, other = (_chaos_outcomes(emulator, requester, seed) for seed in (11, 11, 12))
    assert first == again != other
    assert any(outcome != "OK" for outcome in first)


def test_a_fault_a_test_adds_comes_before_the_chaos_profiles(emulator):
    requester = emulator.sdk_client(read_timeout=300)
    emulator.control.reset()
    emulator.control.set_profile("chaos", seed=11)
    codes = []
    for _index in range(60):
        emulator.control.add_fault("error", action="ListVpcPeerConnections", code="Conflict.Operation")
        with pytest.raises(Exception) as info:
            requester.list_vpc_peer_connections(models.ListVpcPeerConnectionsRequest(region_id="cn-hangzhou"))
        codes.append(getattr(info.value, "code", type(info.value).__name__))
    assert set(codes) == {"Conflict.Operation"}


def test_an_error_fault_answers_the_code_given(emulator, requester):
    emulator.control.add_fault("error", action="ListVpcPeerConnections", code="Conflict.Operation")
    with pytest.raises(Exception) as info:
        requester.list_vpc_peer_connections(models.ListVpcPeerConnectionsRequest())
    assert info.value.code == "Conflict.Operation" and info.value.status_code == 400
    assert "other peering operations" in info.value.message
    emulator.control.add_fault("error", action="ListVpcPeerConnections", code="IncorrectStatus.VpcPeer", message="busy", status=409)
    with pytest.raises(Exception) as info:
        requester.list_vpc_peer_connections(models.ListVpcPeerConnectionsRequest())
    assert (info.value.code, info.value.status_code) == ("IncorrectStatus.VpcPeer", 409) and "busy" in info.value.message
    with pytest.raises(ControlError):
        emulator.control.add_fault("error", action="ListVpcPeerConnections")  # no code


def test_an_error_fault_words_its_code_for_the_resource_the_call_names(emulator, requester):
    emulator.control.add_fault("error", action="GetVpcPeerConnectionAttribute", code="Forbidden.NoPermission")
    with pytest.raises(Exception) as info:
        requester.get_vpc_peer_connection_attribute(models.GetVpcPeerConnectionAttributeRequest(instance_id="pcc-any"))
    assert info.value.code == "Forbidden.NoPermission"
    assert "Authentication is failed for pcc-any." in info.value.message and "%s" not in info.value.message


def test_the_journal_file_keeps_every_call_across_resets(tmp_path):
    journal = tmp_path / "journal.jsonl"
    env = {k: v for k, v in os.environ.items() if k.lower() not in ("http_proxy", "https_proxy", "all_proxy")}
    process = subprocess.Popen(  # pylint: disable=consider-using-with
        [sys.executable, "-m", "vpcpeer_emulator", "--port", "0", "--journal-file", str(journal)],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
    try:
        url = process.stdout.readline().strip().rsplit(" ", 1)[-1]
        control = ControlClient(url)
        client = _client_for(url)
        client.list_vpc_peer_connections(models.ListVpcPeerConnectionsRequest())
        control.reset()
        client.list_vpc_peer_connections(models.ListVpcPeerConnectionsRequest(region_id="cn-hangzhou"))
        assert len(control.journal()) == 1
    finally:
        process.send_signal(signal.SIGTERM)
        process.communicate(timeout=10)
    entries = [json.loads(line) for line in journal.read_text().splitlines()]
    assert [(entry["action"], entry["http_status"]) for entry in entries] == [("ListVpcPeerConnections", 200)] * 2
    assert entries[1]["params"] == {"RegionId": "cn-hangzhou"}


def _client_for(url):
    from alibabacloud_tea_openapi import models as open_api_models  # pylint: disable=import-outside-toplevel
    from alibabacloud_vpcpeer20220101.client import Client  # pylint: disable=import-outside-toplevel
    from vpcpeer_emulator.accounts import REQUESTER_AK, REQUESTER_SECRET  # pylint: disable=import-outside-toplevel
    return Client(open_api_models.Config(access_key_id=REQUESTER_AK, access_key_secret=REQUESTER_SECRET,
                                         endpoint=url.split("//", 1)[1], protocol="http"))
