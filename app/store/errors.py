"""Typed errors for opening and using a profile. None of them is raised after a partial write."""

from __future__ import annotations


class StoreError(Exception):
    """Base class for everything the store raises on purpose."""


class WrongPassphrase(StoreError):
    """The passphrase does not derive this profile's key."""


class NotAProfile(StoreError):
    """The folder holds no Bisik profile (missing or foreign profile.json or database)."""


class CorruptProfile(StoreError):
    """The profile is a Bisik profile, but its files are damaged or truncated."""


class ProfileFromNewerVersion(StoreError):
    """The profile was written by a newer Bisik whose format this version cannot read."""


class ProfileInUse(StoreError):
    """Another process (or another open store in this one) holds the profile's lock file."""


class ProfileExists(StoreError):
    """`create` was pointed at a folder that already holds a profile."""


class StoreLocked(StoreError):
    """The store was locked: its key and connections are gone; open the profile again."""


class KeyringUnavailable(StoreError):
    """'Remember on this device' needs an OS keyring, and none answered."""


class NotFound(StoreError, LookupError):
    """A row the caller named (contact, conversation, message, attachment) does not exist."""
