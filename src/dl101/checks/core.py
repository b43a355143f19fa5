"""The exercise mechanism, and the small vocabulary every check is written in.

A check function receives the learner's answer and raises :class:`Mistake` at the first
problem it recognises, with a message and a hint; returning normally means correct. The
typical mistakes of an exercise are a catalogue of :class:`Known` entries, each a wrong answer
written as a learner would write it: the check recognises one by running it on the check's own
inputs, and the tests give each one to the check and require its own message.

:func:`check` never raises: whatever the answer, it prints a verdict and returns the answer
when it is right, otherwise the reference solution, so the notebook still runs to the end.
"""

from __future__ import annotations

import contextlib
import copy
import runpy
import warnings
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from dl101.paths import SOLUTIONS_DIR
from dl101.runtime import in_jupyter_kernel


class Mistake(Exception):
    """A wrong answer, recognised: what is wrong and a hint towards the fix.

    ``known`` is the name of the catalogued mistake it is, if any.
    """

    def __init__(self, message: str, hint: str = "", known: str | None = None):
        super().__init__(message)
        self.message = message
        self.hint = hint
        self.known = known


class Unfinished(Mistake):
    """The exercise is still the stub the learner found."""


@dataclass(frozen=True)
class Known:
    """A typical mistake, defined once: the wrong answer a learner writes, and what to say about it.

    ``answer`` is that wrong answer itself (a function like the learner's, or a value). A check
    recognises the mistake when the learner's result equals what ``answer`` gives on the same
    inputs (:func:`compare`), or by a property only this mistake has (then it raises
    ``known(...)``). ``message`` and ``hint`` may hold ``{fields}`` the check fills in.
    """

    name: str
    answer: Any
    message: str
    hint: str = ""

    def __call__(self, **details: Any) -> Mistake:
        """The Mistake to raise, with ``details`` filled into the message and the hint."""
        return Mistake(self.message.format(**details), self.hint.format(**details), known=self.name)

    def result(self, inputs: Sequence[Any], keywords: dict | None = None) -> Any:
        """What this wrong answer gives on ``inputs`` (copies of them); None when it fails there."""
        if not callable(self.answer):
            return self.answer
        try:
            with _quiet():
                return self.answer(*copy.deepcopy(tuple(inputs)), **copy.deepcopy(keywords or {}))
        except Exception:  # noqa: BLE001 -- a wrong answer that fails on these inputs is simply not this one
            return None


@dataclass(frozen=True)
class Exercise:
    """One exercise: its id, the name the learner defines, the check, and its catalogue of mistakes."""

    id: str  # "NN.name": the notebook number and a short name
    name: str  # the function or variable the learner writes; the solution defines the same name
    check: Callable[[Any], None]  # raises Mistake on a wrong answer
    kind: str = "function"  # "function": the learner writes a function; "value": a number or an array
    mistakes: tuple[Known, ...] = field(default=())  # each must get its own message (tests/test_checks.py)

    @property
    def solution_path(self):
        """The reference solution's file in ``solutions/``."""
        return SOLUTIONS_DIR / f"{self.id.replace('.', '_')}.py"

    def reference(self) -> Any:
        """The reference solution's answer, loaded from its file."""
        return runpy.run_path(str(self.solution_path))[self.name]


@dataclass(frozen=True)
class Verdict:
    """The outcome of checking one answer; ``known`` names the catalogued mistake recognised."""

    passed: bool
    message: str
    hint: str = ""
    unfinished: bool = False
    known: str | None = None


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
                f"{exercise.name} should be a function, but it is {describe(answer)}.",
                f"Define it with `def {exercise.name}(...):` and pass the function itself, without calling it.",
            )
        exercise.check(answer)
    except Unfinished as unfinished:
        return Verdict(False, unfinished.message, unfinished.hint, unfinished=True)
    except Mistake as mistake:
        return Verdict(False, mistake.message, mistake.hint, known=mistake.known)
    except Exception as error:  # noqa: BLE001 -- a bug in a check must not stop the notebook either
        return Verdict(False, f"The check could not judge this answer ({type(error).__name__}: {error}).")
    return Verdict(True, f"{exercise.name} is correct.")


def check(exercise_id: str, answer: Any) -> Any:
    """Check the learner's answer to an exercise, print the verdict, and return what later cells should use."""
    exercise = _exercise(exercise_id)
    if exercise is None:
        return answer
    verdict = evaluate(exercise, answer)
    if verdict.passed:
        print(f"✓ Well done: {verdict.message}")
        return answer
    symbol = "…" if verdict.unfinished else "✗"
    print(f"{symbol} {verdict.message}")
    if verdict.hint:
        print(f"  Hint: {verdict.hint}")
    try:
        reference = exercise.reference()
    except Exception as error:  # noqa: BLE001 -- a missing or broken solution file must not stop the notebook
        print(f"  The reference solution could not be loaded ({type(error).__name__}: {error}); keeping your answer.")
        return answer
    print(
        f'  The rest of this notebook uses the reference solution instead; see it with show_solution("{exercise_id}").'
    )
    return reference


def show_solution(exercise_id: str) -> None:
    """Display the reference solution of an exercise (on the command line, print it); never raises."""
    exercise = _exercise(exercise_id)
    if exercise is None:
        return
    try:
        code = exercise.solution_path.read_text(encoding="utf-8")
    except OSError as error:
        print(f"✗ The solution of {exercise_id} cannot be read ({type(error).__name__}: {error}).")
        return
    if in_jupyter_kernel():
        from IPython.display import Markdown, display

        display(Markdown(f"```python\n{code}\n```"))
    else:
        print(code)


def _exercise(exercise_id: Any) -> Exercise | None:
    """The exercise with this id; None, after saying which ids exist, when there is none."""
    from dl101.checks import EXERCISES

    if isinstance(exercise_id, str) and exercise_id in EXERCISES:
        return EXERCISES[exercise_id]
    print(f"✗ There is no exercise {exercise_id!r}; known exercises: {', '.join(sorted(EXERCISES))}.")
    return None


# The vocabulary of the checks.


@contextlib.contextmanager
def _quiet():
    """Keep NumPy and Python warnings from learner code silent."""
    with warnings.catch_warnings(), np.errstate(all="ignore"):
        warnings.simplefilter("ignore")
        yield


def run(function: Callable, *args, **kwargs) -> Any:
    """Call the learner's function; report an exception as a Mistake that names it."""
    try:
        with _quiet():
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


def call(function: Callable, *args, in_place: Known | None = None, names: Sequence[str] = (), **kwargs) -> Any:
    """``run`` the learner's function on copies of ``args`` and require that it leaves them unchanged.

    The function gets arrays the check keeps a second copy of, so a change made in place is seen.
    ``in_place`` is the catalogued mistake to name when that happens; ``names`` names the arguments.
    """
    given = copy.deepcopy(args)
    result = run(function, *given, **kwargs)
    for position, (before, after) in enumerate(zip(args, given, strict=True)):
        if not _equal(before, after):
            name = names[position] if position < len(names) else f"argument {position + 1}"
            if in_place is not None:
                raise in_place(name=name)
            raise Mistake(
                f"{_name(function)} changed the caller's {name} in place.",
                f"Compute new values (`new = {name} + ...`) instead of changing {name} (`{name} += ...`, "
                f"`{name}[...] = ...`, `shuffle({name})`): the caller still needs it.",
            )
    return result


def _equal(a: Any, b: Any) -> bool:
    """Whether two values are equal, element by element for arrays and for containers of them."""
    if isinstance(a, np.ndarray) or isinstance(b, np.ndarray):
        return (
            isinstance(a, np.ndarray)
            and isinstance(b, np.ndarray)
            and a.shape == b.shape
            and (np.array_equal(a, b, equal_nan=a.dtype.kind in "fc"))
        )
    if isinstance(a, dict) and isinstance(b, dict):
        return a.keys() == b.keys() and all(_equal(a[key], b[key]) for key in a)
    if isinstance(a, (list, tuple)) and isinstance(b, (list, tuple)):
        return type(a) is type(b) and len(a) == len(b) and all(map(_equal, a, b))
    try:
        return bool(a == b)
    except (TypeError, ValueError):
        return a is b


def _name(function: Callable) -> str:
    return getattr(function, "__name__", "your function")


def describe(value: Any) -> str:
    """What a value is, in a few words: "the string '12'", "a list of 3 items", "an array of shape (2, 3) of int64"."""
    if value is None:
        return "None"
    if isinstance(value, np.ndarray):
        return f"an array of shape {value.shape} of {value.dtype}"
    if isinstance(value, (bool, np.bool_)):
        return f"the boolean {value}"
    if isinstance(value, str):
        return f"the string {value!r}"
    if isinstance(value, (int, float, np.integer, np.floating)):
        return f"the {type(value).__name__} {value}"
    if isinstance(value, (list, tuple, dict, set)):
        return f"a {type(value).__name__} of {len(value)} item{'s' if len(value) != 1 else ''}"
    if callable(value):
        return "a function"
    kind = type(value).__name__
    return f"{'an' if kind[0].lower() in 'aeiou' else 'a'} {kind}"


def as_array(value: Any, what: str, shape: Sequence[int] | None = None, *, array: bool = False) -> np.ndarray:
    """``value`` as a float array of the expected shape, finite; otherwise a Mistake saying what is off.

    With ``array``, the value must be a NumPy array already (later cells index or slice it).
    """
    if value is None:
        raise Mistake(f"{what} is None.", "Did you forget the `return` statement?")
    if array and not isinstance(value, np.ndarray):
        raise Mistake(
            f"{what} should be a NumPy array, but it is {describe(value)}.",
            "Later cells index and slice it as an array: build it with NumPy operations, or wrap it in np.asarray.",
        )
    if isinstance(value, str) or (isinstance(value, np.ndarray) and value.dtype.kind in "USO"):
        raise Mistake(f"{what} should be numbers, but it is {describe(value)}.", "Return numbers, not text.")
    try:
        numbers = np.asarray(value, dtype=float)
    except (TypeError, ValueError):
        raise Mistake(f"{what} should be numbers, but it is {describe(value)}.") from None
    if shape is not None and numbers.shape != tuple(shape):
        raise Mistake(
            f"{what} has shape {numbers.shape}, but shape {tuple(shape)} was expected.",
            _shape_hint(numbers.shape, tuple(shape)),
        )
    if np.isnan(numbers).any():
        raise Mistake(f"{what} contains NaN.", "NaN comes from 0/0, inf − inf or the log of a negative number.")
    if np.isinf(numbers).any():
        raise Mistake(f"{what} contains inf.", "Look for an overflow or a division by zero.")
    return numbers


def _shape_hint(got: tuple[int, ...], expected: tuple[int, ...]) -> str:
    """Why an array may have come out with shape ``got`` instead of ``expected``."""
    if expected == ():
        return "It should be one number: reduce the array (np.mean, np.sum) or take its one element."
    if len(got) > len(expected) and [n for n in got if n != 1] == [n for n in expected if n != 1]:
        return "There is an extra axis of length 1: drop it (np.ravel, or keepdims=False)."
    if got == (*expected, expected[-1]):
        return "A column (n, 1) met a row (n,) and broadcast to a table: flatten both with np.ravel first."
    if got == expected[::-1]:
        return "The axes are swapped: check the order of a matrix product or a transpose."
    if int(np.prod(got)) == int(np.prod(expected)):
        return "The values are all there but arranged differently: check a reshape or a missing axis."
    return "Check which axis you reduce over and whether you keep a dimension you should drop."


def whole_number(value: Any, what: str) -> int:
    """``value`` as an int when it is a Python or NumPy integer; otherwise a Mistake saying what it is."""
    if isinstance(value, (int, np.integer)) and not isinstance(value, (bool, np.bool_)):
        return int(value)
    if isinstance(value, (float, np.floating)) and float(value).is_integer():
        raise Mistake(
            f"{what} is {describe(value)}, a float: later cells use it as a count or an index, which must be an int.",
            "Keep the arithmetic in integers (`//` divides without a remainder), or wrap the result in int(...).",
        )
    raise Mistake(f"{what} should be one whole number, but it is {describe(value)}.")


def returned(result: Any, count: int, what: str, names: str) -> tuple:
    """The ``count`` things a function returned (a tuple or a list of them); a Mistake saying what came back instead."""
    if isinstance(result, (tuple, list)) and len(result) == count:
        return tuple(result)
    raise Mistake(
        f"{what} should return {count} things ({names}), but it returned {describe(result)}.",
        f"End with `return {names}`.",
    )


def same(a: Any, b: Any, rtol: float = 1e-6, atol: float = 1e-9) -> bool:
    """True when two arrays of the same shape agree within floating-point tolerance."""
    try:
        a, b = np.asarray(a, dtype=float), np.asarray(b, dtype=float)
    except (TypeError, ValueError):
        return False
    return a.shape == b.shape and np.allclose(a, b, rtol=rtol, atol=atol)


def compare(
    got: Any,
    expected: Any,
    what: str,
    mistakes: Sequence[Known] = (),
    inputs: Sequence[Any] = (),
    *,
    project: Callable[[Any], Any] = lambda result: result,
    hint: str = "",
    secret: str = "",
    rtol: float = 1e-6,
    atol: float = 1e-9,
) -> None:
    """Return when ``got`` equals ``expected``; otherwise raise the catalogued mistake it matches, or say what differs.

    Each of ``mistakes`` is run on ``inputs`` and its result, passed through ``project`` (the
    form ``got`` has, such as the pair (w, b) joined into one array), compared with ``got``.
    Where the expected value is itself the answer (a count the learner works out), ``secret``
    names it instead of showing it: "n is 96, not <secret>".
    """
    if same(got, expected, rtol, atol):
        return
    for known in mistakes:
        wrong = known.result(inputs)
        if wrong is None:
            continue
        try:
            wrong = project(wrong)
        except Exception:  # noqa: BLE001 -- a wrong answer of another form is not this one
            continue
        if same(got, wrong, rtol, atol):
            raise known()
    if secret:
        raise Mistake(f"{what} is {describe(got)}, not {secret}.", hint)
    raise Mistake(f"{what} is wrong: {difference(got, expected, rtol, atol)}.", hint)


def difference(got: Any, expected: Any, rtol: float = 1e-6, atol: float = 1e-9) -> str:
    """In one line, how ``got`` differs from ``expected``: the shape, or the first value that differs and how many."""
    got, expected = np.asarray(got, dtype=float), np.asarray(expected, dtype=float)
    if got.shape != expected.shape:
        return f"it has shape {got.shape}, expected {expected.shape}"
    if expected.ndim == 0:
        return f"expected {_number(expected)}, got {_number(got)}"
    wrong = ~np.isclose(got, expected, rtol=rtol, atol=atol)
    first = tuple(int(i) for i in np.argwhere(wrong)[0])
    index = first[0] if len(first) == 1 else first
    share = "every value differs" if wrong.all() else f"{int(wrong.sum())} of {wrong.size} values differ"
    return f"{share}; at index {index}: expected {_number(expected[first])}, got {_number(got[first])}"


def _number(value: Any) -> str:
    return f"{float(value):.6g}"
