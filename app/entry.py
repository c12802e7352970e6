"""bisik: the desktop command. `--version`, `--smoke-test` and `--demo` are here too.

This is the one module that may import every part of the app: it dispatches the command line to
the desktop app (app/ui), the demo, the smoke test or the embedded relay. Imports are lazy:
`--version` loads no Qt, and the first window loads only what it shows.

`bisik --run-relay ARGS...` (hidden) is `bisik-relay ARGS...`: a frozen build is one executable
that cannot run `-m app.relay`, so the demo and the LAN relay start their relay process this way
(app/ui/local_relay.py).
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path


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
    from app.ui.local_relay import RUN_RELAY

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
        return smoke_test()
    if args.demo:
        from app.ui.demo import run_demo

        return run_demo(quit_when_shown=args.quit_when_shown)
    from app.ui.app import run_app

    return run_app(args.profile, quit_when_shown=args.quit_when_shown)


def smoke_test() -> int:
    """`bisik --smoke-test`: prove a (frozen) build works without a relay, then exit 0.

    Checks a PQXDH (X3DH + ML-KEM-768) + Double Ratchet + sealed-sender round trip in memory, so
    a build that lost `cryptography`'s ML-KEM fails here, then a real SQLCipher profile and the
    main window built offscreen on it (app/ui/smoke.py).
    """
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    try:
        crypto_round_trip()
        print("crypto round trip: ok")
        from app.ui.smoke import check_profile_and_window

        check_profile_and_window()
    except Exception as exc:  # the one place that reports any failure as an exit code
        print(f"smoke test failed: {type(exc).__name__}: {exc}", file=sys.stderr)
        return 1
    return 0


def crypto_round_trip() -> None:
    from app import session
    from app.session.memory import MemoryStores

    def party() -> tuple[MemoryStores, bytes]:
        seed = session.new_identity_seed()
        return MemoryStores(seed, session.new_device_id()), session.identity_public_key(seed)

    (alice, alice_key), (bob, bob_key) = party(), party()
    spk_id, spk, signature = session.generate_signed_prekey(bob, time.time())
    [(opk_id, opk)] = session.generate_one_time_prekeys(bob, 1)
    [kem] = session.generate_kem_prekeys(bob, 1, last_resort=True, now=time.time())
    bundle = session.PreKeyBundle(bob_key, spk_id, spk, signature, opk_id, opk, *kem)
    bob_id = session.account_id(bob_key)
    session.start_session(alice, bob_id, bundle)
    envelope = session.seal(alice, bob_key, session.encrypt(alice, bob_id, b"smoke test"))
    unsealed = session.unseal(bob, envelope)
    decrypted = session.decrypt(
        bob, unsealed.sender, unsealed.sender_identity_key, unsealed.message
    )
    if decrypted.plaintext != b"smoke test" or unsealed.sender_identity_key != alice_key:
        raise RuntimeError("crypto round trip returned something else")


if __name__ == "__main__":
    sys.exit(main())
