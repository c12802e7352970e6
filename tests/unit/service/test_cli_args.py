"""bisik-cli's argument layer: usage errors, passphrase sources and one-line error reports."""

from __future__ import annotations

import argparse
import io
import subprocess
import sys
from pathlib import Path

import pytest

from app import cli
from app.cli.output import Printer
from app.cli.passphrase import new_passphrase, passphrase
from app.service.errors import ContactNotFound


def _run_main(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = cli.main(argv)
    captured = capsys.readouterr()
    return code, captured.out, captured.err


@pytest.mark.parametrize(
    "argv",
    [
        [],
        ["init"],
        ["--profile", "p"],
        ["--profile", "p", "frobnicate"],
        ["--profile", "p", "init", "--name", "x"],
        ["--profile", "p", "sync", "--wait", "soon"],
        ["--profile", "p", "sync", "--wait", "-1"],
        ["--profile", "p", "sync", "--wait", "31"],
        ["--profile", "p", "history", "x", "--limit", "0"],
        ["--profile", "p", "timer", "x", "-5"],
        ["--profile", "p", "send", "alice"],
    ],
)
def test_usage_errors_are_one_line_and_exit_2(
    argv: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = _run_main(argv, capsys)
    assert code == cli.EXIT_USAGE
    assert out == ""
    assert err.startswith("bisik-cli: ") and err.count("\n") == 1
    assert "Traceback" not in err


def _args(tmp_path: Path, **extra: object) -> argparse.Namespace:
    values: dict[str, object] = {
        "command": "sync",
        "passphrase_file": None,
        "new_passphrase_file": None,
    }
    values.update(extra)
    return argparse.Namespace(**values)


def test_passphrase_file_wins_over_the_environment(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    file = tmp_path / "pass"
    file.write_text("rahasia sekali\n")
    monkeypatch.setenv("BISIK_PASSPHRASE", "from env")
    assert passphrase(_args(tmp_path, passphrase_file=file)) == "rahasia sekali"
    assert passphrase(_args(tmp_path)) == "from env"


@pytest.mark.parametrize(
    ("content", "message"),
    [(b"", "empty"), (b"\n", "empty"), (b"\xff\xfe", "UTF-8"), (b"x" * 5000, "too large")],
)
def test_bad_passphrase_files_are_refused(tmp_path: Path, content: bytes, message: str) -> None:
    file = tmp_path / "pass"
    file.write_bytes(content)
    with pytest.raises(cli.CliError, match=message):
        passphrase(_args(tmp_path, passphrase_file=file))


def test_missing_passphrase_file_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(cli.CliError, match="cannot read passphrase file"):
        passphrase(_args(tmp_path, passphrase_file=tmp_path / "nope"))


def test_no_terminal_and_no_passphrase_source_is_an_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("BISIK_PASSPHRASE", raising=False)
    monkeypatch.setattr(sys, "stdin", io.StringIO(""))
    with pytest.raises(cli.CliError, match="no passphrase"):
        passphrase(_args(tmp_path))


def test_new_passphrase_for_a_change_comes_from_its_own_variable(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("BISIK_PASSPHRASE", "old")
    monkeypatch.setenv("BISIK_NEW_PASSPHRASE", "new")
    assert new_passphrase(_args(tmp_path, command="passphrase")) == "new"
    assert new_passphrase(_args(tmp_path, command="init")) == "old"


def test_describe_gives_one_line_for_any_error() -> None:
    assert cli.describe(ContactNotFound("no contact matches 'x'")) == "no contact matches 'x'"
    assert (
        cli.describe(ValueError("line one\nline two")) == "unexpected error (ValueError): line one"
    )
    assert cli.describe(KeyError()) == "unexpected error (KeyError)"
    assert "No such file" in cli.describe(FileNotFoundError(2, "No such file or directory", "f"))


def test_json_output_of_dataclasses_and_enums() -> None:
    from app.service.api import Contact, TrustState

    out = io.StringIO()
    printer = Printer(out, as_json=True)
    printer.emit([Contact("ab", "Ani", TrustState.VERIFIED, False, True)], "ignored")
    assert out.getvalue() == (
        '[{"contact_id": "ab", "display_name": "Ani", "trust": "verified", '
        '"blocked": false, "accepted": true, "key_change_pending": false}]\n'
    )


def test_python_dash_m_runs_the_same_entry_point() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "app.cli", "--profile"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == cli.EXIT_USAGE
    assert result.stderr.startswith("bisik-cli: ")
