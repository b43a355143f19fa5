"""The exercise mechanism: run the learner's answer, print one verdict, return what to use next.

A check function receives the learner's answer and raises :class:`Mistake` at the first
problem it recognises, with a message and a hint; returning normally means correct. Checks
run the learner's code through :func:`run`, which turns any exception into a ``Mistake``.
:func:`check` never raises: whatever the answer, it prints a verdict and returns the answer
when it is right, otherwise the reference solution, so the notebook still runs to the end.
"""

from __future__ import annotations

import runpy
import warnings
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from dl101.environment import in_jupyter_kernel
from dl101.paths import SOLUTIONS_DIR


class Mistake(Exception):
    """A wrong answer, recognised: what is wrong and a hint towards the fix."""

    def __init__(self, message: str, hint: str = ""):
        super().__init__(message)
        self.message = message
        self.hint = hint


class Unfinished(Mistake):
    """The exercise is still the stub the learner found."""


@dataclass(frozen=True)
class Exercise:
    """One exercise: its id, the name the learner defines, and the check of an answer."""

    id: str  # "NN.name": the notebook number and a short name
    name: str  # the function or variable the learner writes; the solution defines the same name
    check: Callable[[Any], None]  # raises Mistake on a wrong answer
    kind: str = "function"  # "function": the learner writes a function; "value": a number or an array

    @property
    def solution_path(self):
        """The reference solution's file in ``solutions/``."""
        return SOLUTIONS_DIR / f"{self.id.replace('.', '_')}.py"

    def reference(self) -> Any:
        """The reference solution's answer, loaded from its file."""
        return runpy.run_path(str(self.solution_path))[self.name]


@dataclass(frozen=True)
class Verdict:
    """The outcome of checking one answer."""

    passed: bool
    message: str
    hint: str = ""
    unfinished: bool = False


def evaluate(exercise: Exercise, answer: Any) -> Verdict:
    """Check ``answer`` and describe the outcome; never raises."""
    try:
        if answer is None:
            raise Unfinished(f"{exercise.name} is None: there is no answer yet.", "Replace None with your answer.")
        if exercise.kind == "value" and callable(answer):
            raise Mistake(
                f"{exercise.name} should be a value, but it is a function.",
                f"Assign the result itself: `{exercise.name} = ...`, for example a number or an expression.",
            )
        if exercise.kind == "function" and not callable(answer):
            raise Mistake(
                f"{exercise.name} should be a function, but it is a {type(answer).__name__}.",
                f"Define it with `def {exercise.name}(...):` and pass the function itself, without calling it.",
            )
        exercise.check(answer)
    except Unfinished as unfinished:
        return Verdict(False, unfinished.message, unfinished.hint, unfinished=True)
    except Mistake as mistake:
        return Verdict(False, mistake.message, mistake.hint)
    except Exception as error:  # noqa: BLE001 -- a bug in a check must not stop the notebook either
        return Verdict(False, f"The check could not judge this answer ({type(error).__name__}: {error}).")
    return Verdict(True, f"{exercise.name} is correct.")


def check(exercise_id: str, answer: Any) -> Any:
    """Check the learner's answer to an exercise, print the verdict, and return what later cells should use."""
    from dl101.checks import EXERCISES

    if exercise_id not in EXERCISES:
        print(f"✗ There is no exercise {exercise_id!r}; known exercises: {', '.join(sorted(EXERCISES))}.")
        return answer
    exercise = EXERCISES[exercise_id]
    verdict = evaluate(exercise, answer)
    if verdict.passed:
        print(f"✓ Well done: {verdict.message}")
        return answer
    symbol = "…" if verdict.unfinished else "✗"
    print(f"{symbol} {verdict.message}")
    if verdict.hint:
        print(f"  Hint: {verdict.hint}")
    print(
        f'  The rest of this notebook uses the reference solution instead; see it with show_solution("{exercise_id}").'
    )
    return exercise.reference()


def show_solution(exercise_id: str) -> None:
    """Display the reference solution of an exercise (on the command line, print it)."""
    from dl101.checks import EXERCISES

    code = EXERCISES[exercise_id].solution_path.read_text()
    if in_jupyter_kernel():
        from IPython.display import Markdown, display

        display(Markdown(f"```python\n{code}\n```"))
    else:
        print(code)


# Helpers for writing checks.


def run(function: Callable, *args, **kwargs) -> Any:
    """Call the learner's function; report an exception as a Mistake that names it."""
    try:
        with warnings.catch_warnings(), np.errstate(all="ignore"):
            warnings.simplefilter("ignore")
            return function(*args, **kwargs)
    except NotImplementedError:
        raise Unfinished(
            f"{_name(function)} is not written yet (it raises NotImplementedError).",
            "Replace the `raise NotImplementedError` line with your code, run the cell, then run the check again.",
        ) from None
    except Exception as error:  # noqa: BLE001 -- any error in the learner's code is feedback
        raise Mistake(
            f"{_name(function)} raised {type(error).__name__}: {error}",
            "Read the error message: the check called your function with inputs like those in the exercise text.",
        ) from None


def _name(function: Callable) -> str:
    return getattr(function, "__name__", "your function")


def as_array(value: Any, what: str, shape: Sequence[int] | None = None) -> np.ndarray:
    """``value`` as a float array of the expected shape, finite; otherwise a Mistake saying what is off."""
    if value is None:
        raise Mistake(f"{what} is None.", "Did you forget the `return` statement?")
    try:
        array = np.asarray(value, dtype=float)
    except (TypeError, ValueError):
        raise Mistake(f"{what} should be numbers, but it is a {type(value).__name__}.") from None
    if shape is not None and array.shape != tuple(shape):
        raise Mistake(
            f"{what} has shape {array.shape}, but shape {tuple(shape)} was expected.",
            "Check which axis you reduce over and whether you keep a dimension you should drop.",
        )
    if np.isnan(array).any():
        raise Mistake(f"{what} contains NaN.", "NaN comes from 0/0, inf − inf or the log of a negative number.")
    if np.isinf(array).any():
        raise Mistake(f"{what} contains inf.", "Look for an overflow or a division by zero.")
    return array


def same(a: np.ndarray, b: np.ndarray, rtol: float = 1e-6, atol: float = 1e-9) -> bool:
    """True when two arrays of the same shape agree within floating-point tolerance."""
    a, b = np.asarray(a, dtype=float), np.asarray(b, dtype=float)
    return a.shape == b.shape and np.allclose(a, b, rtol=rtol, atol=atol)


def compare(got: np.ndarray, expected: np.ndarray, what: str, known_mistakes: Sequence[tuple] = ()) -> None:
    """Raise a Mistake unless ``got`` equals ``expected``; name the known mistake it matches, if any.

    ``known_mistakes`` holds ``(wrong_result, message, hint)``: what a typical mistake would
    have returned on the same input, and what to say when the learner's result matches it.
    """
    if same(got, expected):
        return
    for wrong_result, message, hint in known_mistakes:
        if same(got, wrong_result):
            raise Mistake(message, hint)
    raise Mistake(f"{what} is wrong: expected {_short(expected)}, got {_short(got)}.")


def _short(array: np.ndarray) -> str:
    return np.array2string(np.asarray(array), precision=4, threshold=6, separator=", ")
