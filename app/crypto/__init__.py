"""Bisik."""
