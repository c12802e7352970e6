"""bisik-relay: serve and inspect."""

import sys


def main() -> int:
    print("bisik-relay arrives with the relay issue", file=sys.stderr)
    return 2
