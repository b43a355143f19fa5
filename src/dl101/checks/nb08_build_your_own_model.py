"""Checks for notebook 08."""

from __future__ import annotations

from dl101.checks.core import Exercise

EXERCISES: list[Exercise] = []
