"""Typical wrong answers to notebook 07's exercises, each with a piece of the hint it must get."""

TYPICAL_MISTAKES: dict[str, list] = {}
