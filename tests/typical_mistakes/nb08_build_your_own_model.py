"""Typical wrong answers to notebook 08's exercises, each with a piece of the hint it must get."""

TYPICAL_MISTAKES: dict[str, list] = {}
