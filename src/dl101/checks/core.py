"""The exercise mechanism, and the small vocabulary every check is written in.

The reference solution in ``solutions/`` is the one source of each right answer. A pure function (or
a value) is checked from data alone by :func:`check_cases`: its :class:`Case` list and its catalogue
of :class:`Known` mistakes. The learner's result must have the form of the reference's on each case
(an array of the same shape, one number, a whole number, a tuple or a dictionary of them), leave the
inputs unchanged, and equal it. A catalogued mistake is named only when the learner's answer gives
what the mistake gives on every case, so that a second case confirms the first. Behavioural
exercises (a training loop, a Keras model, a tf.data pipeline) have a check of their own, which
raises :class:`Mistake` at the first problem it recognises. :func:`evaluate` never raises, and says
so when the course's own check code fails.
"""

from __future__ import annotations

import contextlib
import copy
import runpy
import warnings
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from dl101.paths import SOLUTIONS_DIR


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


class LearnerError(Mistake):
    """An exception raised inside the learner's code, told as feedback; ``error`` is that exception."""

    def __init__(self, message: str, hint: str, error: Exception):
        super().__init__(message, hint)
        self.error = error


@dataclass(frozen=True)
class Case:
    """One call of the learner's function: its arguments, and how a verdict names the call."""

    what: str
    args: tuple
    kwargs: dict = field(default_factory=dict)


@dataclass(frozen=True)
class Known:
    """A typical mistake, defined once: what to say about it, and the wrong answer a learner writes.

    The runner names it when the learner's answer gives what ``answer`` gives on every case, and fills
    ``{what}`` (the call), ``{got}`` (the learner's result) and ``{error}`` into the message and hint.
    Without ``answer``, a check recognises the mistake by a property only it has and raises ``known(...)``.
    """

    name: str
    message: str
    hint: str = ""
    answer: Any = None

    def __call__(self, **details: Any) -> Mistake:
        """The Mistake to raise, with ``details`` filled into the message and the hint."""
        return Mistake(self.message.format(**details), self.hint.format(**details), known=self.name)

    def outcome(self, case: Case | None) -> Any:
        """What this wrong answer returns on ``case`` (on copies) or the exception it raises; a value as it is."""
        if case is None:
            return self.answer
        try:
            return _apply(self.answer, case)
        except Exception as error:  # noqa: BLE001 -- a wrong answer that fails on a case fails there
            return error


@dataclass(frozen=True)
class Exercise:
    """One exercise: its id, the name the learner defines, its cases (or its own check) and its catalogue."""

    id: str  # "NN.name": the notebook number and a short name
    name: str  # the function or variable the learner writes; the solution defines the same name
    cases: tuple[Case, ...] = ()
    mistakes: tuple[Known, ...] = ()  # each is named for some answer in tests/ or some mutant of the solution
    names: tuple[str, ...] = ()  # the function's arguments, to say which one it changed in place
    parts: tuple[str, ...] = ()  # the things the function returns, when it returns several
    hint: str = ""  # what to do when a result differs from the reference's
    dtype: str = ""  # "integer" or "float64" where later cells need arrays of that type
    tolerance: tuple[float, float] = (1e-6, 1e-9)  # rtol and atol of the comparison
    compared: Callable[..., Any] | None = None  # what of a result (and the case's arguments) is compared, if not all
    secret: str = ""  # for a value that is itself the answer: what it is, said instead of showing it
    check: Callable[[Any, Any], None] | None = None  # a behavioural check of (answer, reference)
    kind: str = "function"  # "function": the learner writes a function; "value": a number or a list

    @property
    def solution_path(self):
        """The reference solution's file in ``solutions/``."""
        return SOLUTIONS_DIR / f"{self.id.replace('.', '_')}.py"

    def reference(self) -> Any:
        """The reference solution's answer, loaded from its file."""
        return runpy.run_path(str(self.solution_path))[self.name]


@dataclass(frozen=True)
class Verdict:
    """The outcome of checking one answer: ``known`` names a catalogued mistake; ``fault``, a failed check."""

    passed: bool
    message: str
    hint: str = ""
    unfinished: bool = False
    known: str | None = None
    fault: bool = False


def evaluate(exercise: Exercise, answer: Any) -> Verdict:
    """Check ``answer`` and describe the outcome; never raises."""
    try:
        _check_kind(exercise, answer)
        reference = exercise.reference()
        if exercise.check is not None:
            exercise.check(answer, reference)
        else:
            check_cases(exercise, answer, reference)
    except Unfinished as unfinished:
        return Verdict(False, unfinished.message, unfinished.hint, unfinished=True)
    except Mistake as mistake:
        return Verdict(False, mistake.message, mistake.hint, known=mistake.known)
    except Exception as error:  # noqa: BLE001 -- a bug in the course's check must not stop the notebook either
        return Verdict(
            False,
            f"The check of {exercise.id} failed in its own code ({type(error).__name__}: {error}): this is a fault "
            "in the course's check, not in your answer: please report it.",
            "Your answer was not judged; the rest of this notebook uses it as it is.",
            fault=True,
        )
    return Verdict(True, f"{exercise.name} is correct.")


def _check_kind(exercise: Exercise, answer: Any) -> None:
    """An answer of the kind the exercise asks for: a value or a function, and not None."""
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


# The runner of pure functions and values.


def check_cases(exercise: Exercise, answer: Any, reference: Any) -> None:
    """Judge a function on the exercise's cases (a value as it is) against what the reference gives there."""
    cases = exercise.cases or (None,)
    expected = [reference if case is None else _apply(reference, case) for case in cases]
    outcomes = [answer if case is None else _learner_outcome(exercise, answer, case) for case in cases]
    for case, outcome, like in zip(cases, outcomes, expected, strict=True):
        if is_right(exercise, outcome, like, case):
            continue
        what = exercise.name if case is None else case.what
        details = {"what": what, "got": describe(outcome), "error": getattr(outcome, "message", "")}
        for known in exercise.mistakes:
            if known.answer is not None and _gives(exercise, [known.outcome(c) for c in cases], outcomes, cases):
                raise known(**details)
        raise _what_is_wrong(exercise, outcome, like, what, case)


def _apply(function: Callable, case: Case) -> Any:
    """What the reference solution or a catalogued wrong answer gives on ``case``, run on copies of its inputs."""
    with _quiet():
        return function(*copy.deepcopy(case.args), **copy.deepcopy(case.kwargs))


def _learner_outcome(exercise: Exercise, answer: Callable, case: Case) -> Any:
    """The learner's result on ``case``, or the LearnerError its code raised; a change in place is a Mistake."""
    try:
        return call(answer, *case.args, names=exercise.names, **case.kwargs)
    except LearnerError as error:
        return error


def is_right(exercise: Exercise, outcome: Any, like: Any, case: Case | None) -> bool:
    """Whether an outcome has the reference's form and values."""
    if isinstance(outcome, Mistake):
        return False
    try:
        _form(outcome, like, "", exercise.parts, exercise.dtype)
    except Mistake:
        return False
    return _same(exercise, outcome, like, case)


def _same(exercise: Exercise, a: Any, b: Any, case: Case | None) -> bool:
    """Whether two results agree: in all their numbers, or in what ``exercise.compared`` makes of them."""
    if exercise.compared is not None and case is not None:
        try:
            a, b = (exercise.compared(result, *case.args, **case.kwargs) for result in (a, b))
        except Exception:  # noqa: BLE001 -- a result that cannot be compared is not equal
            return False
    return same(_flat(a), _flat(b), *exercise.tolerance)


def _gives(exercise: Exercise, known: Sequence[Any], learner: Sequence[Any], cases: Sequence[Case | None]) -> bool:
    """Whether the learner's outcomes are a wrong answer's on every case: the same exceptions, or the same results."""
    for theirs, ours, case in zip(known, learner, cases, strict=True):
        if isinstance(theirs, Exception) or isinstance(ours, Mistake):
            if not (isinstance(ours, LearnerError) and type(ours.error) is type(theirs)):
                return False
        elif _layout(theirs) != _layout(ours) or not _same(exercise, theirs, ours, case):
            return False
    return True


def _what_is_wrong(exercise: Exercise, outcome: Any, like: Any, what: str, case: Case | None) -> Mistake:
    """The Mistake that says what is off: the learner's exception, the form of the result, or its first difference."""
    if isinstance(outcome, Mistake):
        return outcome
    _form(outcome, like, what, exercise.parts, exercise.dtype)
    if exercise.compared is not None:
        outcome, like = (exercise.compared(result, *case.args, **case.kwargs) for result in (outcome, like))
    return _difference(exercise, outcome, like, what, exercise.parts)


def _difference(exercise: Exercise, got: Any, like: Any, what: str, names: Sequence[str] = ()) -> Mistake:
    """A Mistake naming the first part of a result that differs from the reference's, and how."""
    if isinstance(like, (dict, tuple, list)):
        keys = list(like) if isinstance(like, dict) else range(len(like))
        for key, name in zip(keys, _part_names(like, names), strict=True):
            if not same(_flat(got[key]), _flat(like[key]), *exercise.tolerance):
                return _difference(exercise, got[key], like[key], f"{name} from {what}")
    if exercise.secret:
        return Mistake(f"{what} is {describe(got)}, not {exercise.secret}.", exercise.hint)
    return Mistake(f"{what} is wrong: {difference(got, like, *exercise.tolerance)}.", exercise.hint)


def _part_names(like: Any, names: Sequence[str]) -> list[str]:
    """How a verdict names the parts of a result: the keys of a dictionary, else the given names or positions."""
    if isinstance(like, dict):
        return [repr(key) for key in like]
    return list(names) if len(names) == len(like) else [f"item {i + 1}" for i in range(len(like))]


def _form(got: Any, like: Any, what: str, names: Sequence[str] = (), dtype: str = "") -> None:
    """Raise a Mistake unless ``got`` has the form of the reference's result ``like``."""
    if isinstance(like, dict):
        if not isinstance(got, dict) or set(got) != set(like):
            shown = f"the keys {sorted(got)}" if isinstance(got, dict) else describe(got)
            raise Mistake(
                f"{what} should be a dictionary with the keys {', '.join(map(str, like))}, but it is {shown}.",
                "Return a new dictionary with the same keys: {name: ... for name in params}.",
            )
        for key in like:
            _form(got[key], like[key], f"{key!r} from {what}", dtype=dtype)
    elif isinstance(like, (tuple, list)):
        parts = returned(got, len(like), what, ", ".join(_part_names(like, names)))
        for part, like_part, name in zip(parts, like, _part_names(like, names), strict=True):
            _form(part, like_part, f"{name} from {what}", dtype=dtype)
    elif isinstance(like, np.ndarray) and like.ndim > 0:
        _array_form(got, like, what, dtype)
    elif isinstance(like, (int, np.integer)):
        whole_number(got, what)
    else:
        one_number(got, what)


def _array_form(got: Any, like: np.ndarray, what: str, dtype: str) -> None:
    """A NumPy array of the reference's shape, finite, and of ``dtype`` ("integer", "float64") where one is asked."""
    as_array(got, what, like.shape, array=True)
    if dtype == "integer" and got.dtype.kind not in "iu":
        raise Mistake(
            f"{what} is an array of {got.dtype}, but it should hold integers: NumPy indexes arrays with integers only.",
            "Keep the integer array NumPy gives (np.argsort does), or convert with .astype(int).",
        )
    if dtype == "float64" and got.dtype != np.float64:
        raise Mistake(
            f"{what} is an array of {got.dtype}, but the inputs are float64: later cells compare it with float64 "
            "results, to 1e-10 or exactly.",
            "Create the output as float64, for example np.zeros(shape), and keep the arithmetic in NumPy floats.",
        )


def _flat(value: Any) -> np.ndarray | None:
    """A result as one flat vector of floats (its parts joined, NaN and inf as markers); None if it is not numbers."""
    try:
        return np.nan_to_num(_numbers(value), nan=1e299, posinf=1e300, neginf=-1e300)
    except (TypeError, ValueError):
        return None


def _numbers(value: Any) -> np.ndarray:
    if isinstance(value, dict):
        value = [value[key] for key in sorted(value)]
    if isinstance(value, (tuple, list)):
        return np.concatenate([_numbers(part) for part in value] or [np.zeros(0)])
    return np.ravel(np.asarray(value, dtype=float))


def _layout(value: Any) -> Any:
    """The form of a result, whatever its numbers: an array's shape, one number, a tuple or dictionary of these."""
    if isinstance(value, dict):
        return tuple((key, _layout(value[key])) for key in sorted(value))
    if isinstance(value, (tuple, list)):
        return tuple(_layout(part) for part in value)
    if isinstance(value, (np.ndarray, np.generic, int, float)):
        return np.shape(value)
    return type(value).__name__


# The vocabulary of the checks.


@contextlib.contextmanager
def _quiet() -> Iterator[None]:
    """Keep NumPy and Python warnings from learner code silent."""
    with warnings.catch_warnings(), np.errstate(all="ignore"):
        warnings.simplefilter("ignore")
        yield


@contextlib.contextmanager
def learners_code(what: str, hint: str = "") -> Iterator[None]:
    """Run code of the learner's (their function, model or pipeline): an exception in it is a Mistake that names it."""
    try:
        with _quiet():
            yield
    except NotImplementedError:
        raise Unfinished(
            f"{what} is not written yet (it raises NotImplementedError).",
            "Replace the `raise NotImplementedError` line with your code, run the cell, then run the check again.",
        ) from None
    except Mistake:
        raise
    except Exception as error:  # noqa: BLE001 -- any error in the learner's code is feedback
        hint = hint or "Read the error message: the check called your function with inputs like those in the text."
        raise LearnerError(f"{what} raised {type(error).__name__}: {str(error)[:300]}", hint, error) from None


def run(function: Callable, *args, **kwargs) -> Any:
    """Call the learner's function; report an exception as a Mistake that names it."""
    with learners_code(getattr(function, "__name__", "your function")):
        return function(*args, **kwargs)


def call(function: Callable, *args, names: Sequence[str] = (), **kwargs) -> Any:
    """``run`` the learner's function on copies of ``args`` and require that it leaves them unchanged.

    The function gets copies the check keeps a second copy of, so a change made in place is seen;
    ``names`` names the arguments in the verdict.
    """
    given = copy.deepcopy(args)
    result = run(function, *given, **kwargs)
    for position, (before, after) in enumerate(zip(args, given, strict=True)):
        if not _equal(before, after):
            name = names[position] if position < len(names) else f"argument {position + 1}"
            raise Mistake(
                f"{getattr(function, '__name__', 'your function')} changed the caller's {name} in place.",
                f"Compute new arrays (`new = {name} - ...`, `np.sort({name})`, `{name}.reshape(...)`) instead of "
                f"changing {name} (`{name} -= ...`, `{name}[...] = ...`, `{name}.sort()`, `{name}.shape = ...`, "
                f"`np.clip(..., out={name})`); a slice of {name} is a view of it. The caller still needs {name}.",
            )
    return result


def _equal(a: Any, b: Any) -> bool:
    """Whether two values are equal, element by element for arrays and for containers of them."""
    if isinstance(a, np.ndarray) or isinstance(b, np.ndarray):
        both = isinstance(a, np.ndarray) and isinstance(b, np.ndarray)
        return both and a.shape == b.shape and np.array_equal(a, b, equal_nan=a.dtype.kind in "fc")
    if isinstance(a, dict) and isinstance(b, dict):
        return a.keys() == b.keys() and all(_equal(a[key], b[key]) for key in a)
    if isinstance(a, (list, tuple)) and isinstance(b, (list, tuple)):
        return type(a) is type(b) and len(a) == len(b) and all(map(_equal, a, b))
    try:
        return bool(a == b)
    except (TypeError, ValueError):
        return a is b


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
    if type(value).__module__.startswith("tensorflow") and hasattr(value, "shape"):
        return f"a TensorFlow tensor of shape {tuple(value.shape)}"
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
            "Later cells use the result as an array (its .shape, slices, indexing): compute it with NumPy "
            "operations, or wrap it in np.array(...).",
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


def one_number(value: Any, what: str) -> float:
    """``value`` as a float when it is one Python or NumPy number; otherwise a Mistake saying what it is."""
    is_number = isinstance(value, (int, float, np.number)) or (isinstance(value, np.ndarray) and value.ndim == 0)
    if not is_number or isinstance(value, (bool, np.bool_)):
        raise Mistake(
            f"{what} should be one number, but it is {describe(value)}.",
            "Reduce to one number with NumPy (np.mean, np.sum), or convert with float(...): later cells print it "
            "and compare it as a number.",
        )
    return float(as_array(value, what))


def whole_number(value: Any, what: str) -> int:
    """``value`` as an int when it is a Python or NumPy integer; otherwise a Mistake saying what it is."""
    if isinstance(value, (int, np.integer)) and not isinstance(value, (bool, np.bool_)):
        return int(value)
    if isinstance(value, (float, np.floating)) and float(value).is_integer():
        raise Mistake(
            f"{what} is {describe(value)}, a float: later cells use it as a count or an index, which must be an int.",
            "Keep the arithmetic in integers (`//` divides without a remainder), or wrap the result in int(...).",
        )
    as_array(value, what)  # text and NaN are said as such
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


def compare(got: Any, expected: Any, what: str, hint: str = "", rtol: float = 1e-6, atol: float = 1e-9) -> None:
    """Return when ``got`` equals ``expected``; otherwise a Mistake saying what differs, in one line."""
    if not same(got, expected, rtol, atol):
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
