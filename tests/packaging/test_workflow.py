"""The release workflow: valid YAML, the promised matrix, the order of tests, builds, smoke tests
and upload, and every script it runs present in the repository."""

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


def test_each_os_builds_and_smoke_tests_after_the_tests_and_before_the_upload(
    workflow: dict[Any, Any],
) -> None:
    """The order that makes a release trustworthy: tests pass, then each OS builds with its own
    script, which smoke-tests what it built, and only then are the artifacts uploaded."""
    steps = build_steps(workflow)
    tests_at = next(i for i, step in enumerate(steps) if "pytest" in step.get("run", ""))
    upload_at = next(i for i, step in enumerate(steps) if "upload-artifact" in step.get("uses", ""))
    for system, folder in (("Linux", "linux"), ("Windows", "windows"), ("macOS", "macos")):
        script = f"build/{folder}/make_dist.py"
        [build_at] = [
            i
            for i, step in enumerate(steps)
            if step.get("if") == f"runner.os == '{system}'" and script in step.get("run", "")
        ]
        assert tests_at < build_at < upload_at, system
        assert "smoke" in (ROOT / script).read_text(), f"{script} smoke-tests its build"
    appimage = next(step for step in steps if "make_appimage.py" in step.get("run", ""))
    assert appimage["if"] == "runner.os == 'Linux'"


def test_every_script_it_runs_exists(workflow: dict[Any, Any]) -> None:
    commands = " ".join(step.get("run", "") for step in build_steps(workflow))
    scripts = set(re.findall(r"build/[\w/.-]+\.(?:py|sh|txt)", commands))
    assert len(scripts) >= 4
    for script in scripts:
        assert (ROOT / script).is_file(), script
