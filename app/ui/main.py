"""bisik: the desktop app. `--version`, `--smoke-test` and `--demo` are here too.

Imports are lazy: `--version` loads no Qt, and the first window loads only what it shows.

`bisik --run-relay ARGS...` (hidden) is `bisik-relay ARGS...`: a frozen build is one executable that
cannot run `-m app.relay`, so the demo and the LAN relay start their relay process this way.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

RUN_RELAY = "--run-relay"  # must come first; everything after it goes to bisik-relay


def version() -> str:
    from importlib.metadata import PackageNotFoundError
    from importlib.metadata import version as dist_version

    try:
        return dist_version("bisik")
    except PackageNotFoundError:
        return "0+unknown"


def parse_args(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="bisik", description="Bisik, the encrypted messenger.")
    parser.add_argument("--version", action="store_true", help="print the version and exit")
    parser.add_argument(
        "--smoke-test", action="store_true", help="check this build works offscreen, then exit"
    )
    parser.add_argument(
        "--demo", action="store_true", help="two throwaway profiles and a local relay, side by side"
    )
    parser.add_argument("--profile", type=Path, help="the profile folder (default: per user)")
    parser.add_argument("--quit-when-shown", action="store_true", help=argparse.SUPPRESS)
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    from app.crypto.secret import disable_core_dumps

    disable_core_dumps()
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] == [RUN_RELAY]:
        from app.relay.cli import main as relay_main

        return relay_main(argv[1:])
    args = parse_args(argv)
    if args.version:
        print(f"bisik {version()}")
        return 0
    if args.smoke_test:
        from app.ui.smoke import smoke_test

        return smoke_test()
    if args.demo:
        from app.ui.demo import run_demo

        return run_demo(quit_when_shown=args.quit_when_shown)
    return run_app(args.profile, quit_when_shown=args.quit_when_shown)


def run_app(profile: Path | None, *, quit_when_shown: bool = False) -> int:
    from PySide6.QtWidgets import QApplication

    from app.ui.app import make_application, open_profile_window, quit_on_interrupt
    from app.ui.paths import default_folders

    if profile is None:
        profile_dir, prefs_path = default_folders()  # portable or per user: app/ui/paths.py
    else:
        profile_dir, prefs_path = profile, profile.parent / f"{profile.name}.ini"
    app = make_application()
    quit_on_interrupt(app)
    window = open_profile_window(app, profile_dir, prefs_path)
    if window is None:
        return 0  # another instance had it and was asked to come forward
    window.show()
    if quit_when_shown:
        from app.ui.app import report_shown_and_quit

        report_shown_and_quit(window)
    return QApplication.exec()


if __name__ == "__main__":
    sys.exit(main())
