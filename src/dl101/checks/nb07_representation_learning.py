"""Checks for notebook 07."""

from __future__ import annotations

from dl101.checks.core import Exercise

EXERCISES: list[Exercise] = []
