"""bisik: the desktop app."""

import sys


def main() -> int:
    print("the desktop app arrives with its own issue", file=sys.stderr)
    return 2
