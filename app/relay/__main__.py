"""`python -m app.relay` is `bisik-relay`."""

import sys

from app.relay.cli import main

sys.exit(main())
