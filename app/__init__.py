"""Bisik: a desktop end-to-end encrypted messenger whose relay holds nothing worth handing over."""

__version__ = "0.1.0"
