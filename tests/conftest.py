"""Shared test settings: Qt runs offscreen; hypothesis gets a bounded default profile."""

import os

from hypothesis import settings

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

LONG = os.environ.get("BISIK_LONG") == "1"
settings.register_profile("default", max_examples=60, deadline=None)
settings.register_profile("long", max_examples=2000, deadline=None)
settings.load_profile("long" if LONG else "default")
