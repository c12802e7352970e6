"""bisik-cli: a headless client on the service layer."""

import sys


def main() -> int:
    print("bisik-cli arrives with the service issue", file=sys.stderr)
    return 2
