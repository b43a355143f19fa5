"""Checks of arguments that several modules share, each raising a ValueError that says what was expected."""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike


def check_integer(name: str, value: object, minimum: int, meaning: str) -> None:
    """Raise unless ``value`` is an integer (not a bool) of at least ``minimum``; ``meaning`` says what it counts."""
    if isinstance(value, bool) or not isinstance(value, (int, np.integer)) or value < minimum:
        raise ValueError(f"expected {name}, {meaning}, to be an integer >= {minimum}, got {value!r}")


def as_float(x: ArrayLike, name: str = "x") -> np.ndarray:
    """``x`` as a float64 array; a clear ValueError for anything that is not numbers."""
    try:
        return np.asarray(x, dtype=np.float64)
    except (TypeError, ValueError):
        raise ValueError(f"expected {name} to be numbers (an array or a scalar), got {type(x).__name__}") from None
