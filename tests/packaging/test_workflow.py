"""The release workflow: valid YAML, the promised matrix, every step named, and every script it
runs present in the repository."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
import yaml  # type: ignore[import-untyped]

ROOT = Path(__file__).resolve().parents[2]
WORKFLOW = ROOT / ".github" / "workflows" / "release.yml"


@pytest.fixture(scope="module")
def workflow() -> dict[Any, Any]:
    loaded = yaml.safe_load(WORKFLOW.read_text())
    assert isinstance(loaded, dict)
    return loaded


def build_steps(workflow: dict[Any, Any]) -> list[dict[str, Any]]:
    steps = workflow["jobs"]["build"]["steps"]
    assert all("name" in step for step in steps), "every step has a name"
    return list(steps)


def test_runs_on_tags_and_by_hand(workflow: dict[Any, Any]) -> None:
    triggers = workflow[True]  # YAML 1.1 reads the bare key `on` as true
    assert triggers["push"]["tags"] == ["v*"] and "workflow_dispatch" in triggers


def test_matrix_covers_windows_both_macs_and_ubuntu_22_04(workflow: dict[Any, Any]) -> None:
    matrix = workflow["jobs"]["build"]["strategy"]["matrix"]["include"]
    targets = {entry["target"]: entry["os"] for entry in matrix}
    assert targets["linux-x86_64"] == "ubuntu-22.04"
    assert targets["windows-x86_64"].startswith("windows")
    assert {"macos-arm64", "macos-x86_64"} <= targets.keys()


def test_names_tests_build_smoke_test_and_upload_for_each_os(workflow: dict[Any, Any]) -> None:
    names = [step["name"] for step in build_steps(workflow)]
    assert "Run the tests" in names and "Upload the artifacts" in names
    for system in ("Linux", "Windows", "macOS"):
        assert any("smoke-test" in name and system in name for name in names), system
    appimage = next(step for step in build_steps(workflow) if "AppImage" in step["name"])
    assert appimage["if"] == "runner.os == 'Linux'"


def test_every_script_it_runs_exists(workflow: dict[Any, Any]) -> None:
    commands = " ".join(step.get("run", "") for step in build_steps(workflow))
    scripts = set(re.findall(r"build/[\w/.-]+\.(?:py|sh|txt)", commands))
    assert len(scripts) >= 4
    for script in scripts:
        assert (ROOT / script).is_file(), script
