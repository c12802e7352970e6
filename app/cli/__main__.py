"""`python -m app.cli`: the same program as bisik-cli."""

import sys

from app.cli import main

sys.exit(main())
