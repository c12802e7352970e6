"""Where the proxy is set: bisik-cli's --proxy wins over BISIK_PROXY, which wins over the
profile's setting (`bisik-cli proxy set`), "" means none in each; a password never shows; and
the settings dialog saves it through the service on a worker."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from app import cli
from app.service.account import KdfParams, create_profile
from app.ui.prefs import Preferences
from app.ui.settings import SettingsDialog
from app.ui.workers import TaskRunner
from tests.e2e.support import PASSPHRASE
from tests.ui.fake_messenger import FakeMessenger

SAVED = "socks5h://tor:rahasia-sekali@127.0.0.1:9050"
SAVED_SHOWN = "socks5h://tor:***@127.0.0.1:9050"


@pytest.fixture
def profile(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A profile whose relay is not there (its keys wait), with BISIK_PROXY unset."""
    monkeypatch.setenv("BISIK_PASSPHRASE", PASSPHRASE)
    monkeypatch.delenv("BISIK_PROXY", raising=False)
    folder = tmp_path / "p"
    create_profile(
        folder, PASSPHRASE, "Ani", "http://127.0.0.1:1", kdf=KdfParams.interactive(), proxy=""
    ).lock()
    yield folder


def _proxy(folder: Path, capsys: pytest.CaptureFixture[str], *argv: str) -> dict[str, str]:
    """`bisik-cli [global options] proxy ...` (argv), as JSON."""
    split = argv.index("proxy")
    full = ["--profile", str(folder), "--json", *argv[:split], *argv[split:]]
    code = cli.main(full)
    out, err = capsys.readouterr()
    assert code == cli.EXIT_OK, err
    answer: dict[str, str] = json.loads(out)
    return answer


def test_the_flag_wins_over_the_environment_which_wins_over_the_profile(
    profile: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    assert _proxy(profile, capsys, "proxy") == {"proxy": "", "from": "profile"}
    assert _proxy(profile, capsys, "proxy", "set", SAVED) == {
        "proxy": SAVED_SHOWN,
        "from": "profile",
    }
    assert _proxy(profile, capsys, "proxy", "show")["proxy"] == SAVED_SHOWN  # stored

    monkeypatch.setenv("BISIK_PROXY", "socks5h://127.0.0.1:9150")
    assert _proxy(profile, capsys, "proxy") == {
        "proxy": "socks5h://127.0.0.1:9150",
        "from": "override",
    }
    flag = ("--proxy", "socks5h://127.0.0.1:1080", "proxy")
    assert _proxy(profile, capsys, *flag)["proxy"] == "socks5h://127.0.0.1:1080"
    assert _proxy(profile, capsys, "--proxy", "", "proxy") == {"proxy": "", "from": "override"}

    monkeypatch.setenv("BISIK_PROXY", "")  # empty: none, whatever the profile says
    assert _proxy(profile, capsys, "proxy")["proxy"] == ""
    monkeypatch.delenv("BISIK_PROXY")
    assert _proxy(profile, capsys, "proxy")["proxy"] == SAVED_SHOWN  # the profile's, unchanged
    assert _proxy(profile, capsys, "proxy", "clear") == {"proxy": "", "from": "profile"}
    assert _proxy(profile, capsys, "proxy")["proxy"] == ""


def test_the_text_output_never_shows_the_password(
    profile: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert cli.main(["--profile", str(profile), "proxy", "set", SAVED]) == cli.EXIT_OK
    assert cli.main(["--profile", str(profile), "proxy"]) == cli.EXIT_OK
    out, err = capsys.readouterr()
    assert out == f"Proxy: {SAVED_SHOWN}\n" * 2 and err == ""


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["--proxy", "socks5://127.0.0.1:9050", "proxy"], "DNS query leaks"),
        (["proxy", "set", "http://tor:rahasia-sekali@127.0.0.1:8080"], "only SOCKS5"),
        (["proxy", "set"], "proxy set takes a URL"),
        (["proxy", "clear", "socks5h://127.0.0.1:9050"], "proxy set takes a URL"),
    ],
)
def test_a_bad_proxy_is_one_line_without_the_address(
    profile: Path, capsys: pytest.CaptureFixture[str], argv: list[str], message: str
) -> None:
    assert cli.main(["--profile", str(profile), *argv]) == cli.EXIT_ERROR
    out, err = capsys.readouterr()
    assert out == "" and err.count("\n") == 1 and message in err
    assert "rahasia" not in err


def test_a_bad_environment_proxy_is_refused_before_the_passphrase_is_asked(
    profile: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("BISIK_PASSPHRASE")  # a prompt would fail: none may come
    monkeypatch.setenv("BISIK_PROXY", "socks5://127.0.0.1:9050")
    assert cli.main(["--profile", str(profile), "sync"]) == cli.EXIT_ERROR
    assert "socks5h://" in capsys.readouterr().err


def test_the_settings_dialog_saves_the_proxy_on_a_worker(qtbot: QtBot, tmp_path: Path) -> None:
    fake = FakeMessenger("Rani")
    fake.set_proxy_url("socks5h://127.0.0.1:9050")
    runner = TaskRunner()
    dialog = SettingsDialog(Preferences(tmp_path / "bisik.ini"), fake, runner)
    qtbot.addWidget(dialog)
    qtbot.waitUntil(lambda: dialog.proxy.text() == "socks5h://127.0.0.1:9050", timeout=5000)
    qtbot.waitUntil(dialog.save.isEnabled, timeout=5000)
    dialog.proxy.setText(" socks5h://127.0.0.1:9150 ")
    dialog.save.click()
    qtbot.waitUntil(lambda: fake.proxy_url() == "socks5h://127.0.0.1:9150", timeout=5000)

    dialog = SettingsDialog(Preferences(tmp_path / "bisik.ini"), fake, runner)
    qtbot.addWidget(dialog)
    qtbot.waitUntil(lambda: dialog.proxy.text() != "", timeout=5000)
    qtbot.waitUntil(dialog.save.isEnabled, timeout=5000)
    dialog.proxy.clear()
    dialog.save.click()
    qtbot.waitUntil(lambda: fake.proxy_url() == "", timeout=5000)
