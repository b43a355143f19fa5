"""Checks for notebook 01: a train/test split without leakage, and accuracy."""

from __future__ import annotations

import math
from collections import Counter

import numpy as np

from dl101.checks.core import Exercise, Known, Mistake, as_array, call, compare, describe, returned


def _catalogue(n: int, duplicates: bool = False) -> tuple[np.ndarray, np.ndarray]:
    """A catalogue sorted by class, as real catalogues often are; each row unique unless ``duplicates``."""
    X = np.arange(2 * n, dtype=float).reshape(n, 2)
    if duplicates:
        X[1::2] = X[::2][: n // 2]  # every other row repeats the one before it
    y = (np.arange(n) >= n // 2).astype(int)
    return X, y


def _shuffled_in_place(X, y, test_fraction=0.25, seed=0):
    order = np.random.default_rng(seed).permutation(len(X))
    X[:], y[:] = X[order], y[order]
    n_test = round(test_fraction * len(X))
    return X[n_test:], X[:n_test], y[n_test:], y[:n_test]


def _swapped(X, y, test_fraction=0.25, seed=0):
    order = np.random.default_rng(seed).permutation(len(X))
    n_test = round(test_fraction * len(X))
    return X[order[:n_test]], X[order[n_test:]], y[order[:n_test]], y[order[n_test:]]


def _other_order(X, y, test_fraction=0.25, seed=0):
    order = np.random.default_rng(seed).permutation(len(X))
    n_test = round(test_fraction * len(X))
    train, test = order[n_test:], order[:n_test]
    return X[train], y[train], X[test], y[test]


def _not_shuffled(X, y, test_fraction=0.25, seed=0):
    n_test = round(test_fraction * len(X))
    return X[:-n_test], X[-n_test:], y[:-n_test], y[-n_test:]


def _with_replacement(X, y, test_fraction=0.25, seed=0):
    rng = np.random.default_rng(seed)
    n_test = round(test_fraction * len(X))
    test, train = rng.integers(0, len(X), n_test), rng.integers(0, len(X), len(X) - n_test)
    return X[train], X[test], y[train], y[test]


def _labels_shuffled_apart(X, y, test_fraction=0.25, seed=0):
    rng = np.random.default_rng(seed)
    n_test = round(test_fraction * len(X))
    X_order, y_order = rng.permutation(len(X)), rng.permutation(len(X))
    return X[X_order[n_test:]], X[X_order[:n_test]], y[y_order[n_test:]], y[y_order[:n_test]]


def _unseeded(X, y, test_fraction=0.25, seed=0):
    order = np.random.permutation(len(X))
    n_test = round(test_fraction * len(X))
    return X[order[n_test:]], X[order[:n_test]], y[order[n_test:]], y[order[:n_test]]


def _seed_ignored(X, y, test_fraction=0.25, seed=0):
    order = np.random.default_rng(0).permutation(len(X))
    n_test = round(test_fraction * len(X))
    return X[order[n_test:]], X[order[:n_test]], y[order[n_test:]], y[order[:n_test]]


def _fraction_ignored(X, y, test_fraction=0.25, seed=0):
    order = np.random.default_rng(seed).permutation(len(X))
    n_test = len(X) // 4
    return X[order[n_test:]], X[order[:n_test]], y[order[n_test:]], y[order[:n_test]]


def _rounded_down(X, y, test_fraction=0.25, seed=0):
    order = np.random.default_rng(seed).permutation(len(X))
    n_test = int(test_fraction * len(X))
    return X[order[n_test:]], X[order[:n_test]], y[order[n_test:]], y[order[:n_test]]


def _rounded_up(X, y, test_fraction=0.25, seed=0):
    order = np.random.default_rng(seed).permutation(len(X))
    n_test = math.ceil(test_fraction * len(X))
    return X[order[n_test:]], X[order[:n_test]], y[order[n_test:]], y[order[:n_test]]


def _unique_rows(X, y, test_fraction=0.25, seed=0):
    rows = np.unique(X, axis=0, return_index=True)[1]
    order = rows[np.random.default_rng(seed).permutation(len(rows))]
    n_test = round(test_fraction * len(rows))
    return X[order[n_test:]], X[order[:n_test]], y[order[n_test:]], y[order[:n_test]]


def _lists(X, y, test_fraction=0.25, seed=0):
    order = np.random.default_rng(seed).permutation(len(X))
    n_test = round(test_fraction * len(X))
    train, test = order[n_test:], order[:n_test]
    return [X[i] for i in train], [X[i] for i in test], [y[i] for i in train], [y[i] for i in test]


SHUFFLED_IN_PLACE = Known(
    "shuffled in place",
    _shuffled_in_place,
    "Your function changed the caller's {name} (it shuffled or overwrote it in place).",
    "Shuffle indices instead: `order = rng.permutation(len(X))`, then `X[order]`; the caller still needs X and y.",
)
SWAPPED = Known(
    "swapped",
    _swapped,
    "The test set ({n_test}) is larger than the training set ({n_train}): the two are swapped.",
    "Return X_train, X_test, y_train, y_test in that order, the training set first.",
)
OTHER_ORDER = Known(
    "other order",
    _other_order,
    "You returned X_train, y_train, X_test, y_test; the order is X_train, X_test, y_train, y_test.",
    "End with `return X_train, X_test, y_train, y_test`, the order of scikit-learn's train_test_split.",
)
NOT_SHUFFLED = Known(
    "not shuffled",
    _not_shuffled,
    "The split is not shuffled: the test set is one end of a catalogue sorted by class.",
    "Catalogues are often sorted (here by class): shuffle the indices before cutting.",
)
WITH_REPLACEMENT = Known(
    "with replacement",
    _with_replacement,
    "Some examples are in both sets, or twice in one: leakage. {detail}",
    "Split one permutation of the indices into two disjoint parts; do not draw with replacement.",
)
LABELS_SHUFFLED_APART = Known(
    "labels shuffled apart",
    _labels_shuffled_apart,
    "Some examples got another example's label: X and y were shuffled differently.",
    "Draw one permutation and index both X and y with it.",
)
UNSEEDED = Known(
    "unseeded",
    _unseeded,
    "Two calls with the same seed gave different splits.",
    "Use the seed: `rng = np.random.default_rng(seed)`, then `rng.permutation(len(X))`.",
)
SEED_IGNORED = Known(
    "seed ignored",
    _seed_ignored,
    "Different seeds gave the same split: the seed argument is not used.",
    "Create the random generator from the seed argument: np.random.default_rng(seed).",
)
FRACTION_IGNORED = Known(
    "fraction ignored",
    _fraction_ignored,
    "With test_fraction={fraction} the test set has {n_test} of {n} examples: the argument is not used.",
    "Compute the test size from the test_fraction argument: round(test_fraction * len(X)).",
)
ROUNDED_DOWN = Known(
    "rounded down",
    _rounded_down,
    "With {n} examples and test_fraction={fraction}, the test set has {n_test}: the size is rounded down.",
    "The text asks for round(test_fraction * len(X)) test examples: {expected} here. int(...) rounds down.",
)
ROUNDED_UP = Known(
    "rounded up",
    _rounded_up,
    "With {n} examples and test_fraction={fraction}, the test set has {n_test}: the size is rounded up.",
    "The text asks for round(test_fraction * len(X)) test examples: {expected} here. math.ceil rounds up.",
)
UNIQUE_ROWS = Known(
    "unique rows",
    _unique_rows,
    "With duplicate rows in X, your two sets hold {count} of the {n} examples.",
    "Split the indices 0 … n − 1, not the distinct rows: two objects can have the same features.",
)
LISTS = Known(
    "lists",
    _lists,
    "Your split returned {what} where an array belongs.",
    "Index the arrays with an array of indices, X[train], so that later cells can slice X_train[:, 1].",
)
SPLIT_MISTAKES = (
    SHUFFLED_IN_PLACE,
    SWAPPED,
    OTHER_ORDER,
    NOT_SHUFFLED,
    WITH_REPLACEMENT,
    LABELS_SHUFFLED_APART,
    UNSEEDED,
    SEED_IGNORED,
    FRACTION_IGNORED,
    ROUNDED_DOWN,
    ROUNDED_UP,
    UNIQUE_ROWS,
    LISTS,
)


def _split(split_train_test, X, y, test_fraction: float, seed: int) -> tuple[np.ndarray, ...]:
    """The learner's four arrays, checked for type, order, shapes and the caller's arrays left alone."""
    what = f"split_train_test(X, y, test_fraction={test_fraction}, seed={seed})"
    result = call(split_train_test, X, y, test_fraction, seed=seed, in_place=SHUFFLED_IN_PLACE, names=("X", "y"))
    parts = returned(result, 4, what, "X_train, X_test, y_train, y_test")
    if [np.ndim(part) for part in parts] == [2, 1, 2, 1]:
        raise OTHER_ORDER()
    if not all(isinstance(part, np.ndarray) for part in parts):
        raise LISTS(what=", ".join(describe(part) for part in parts))
    X_train, X_test, y_train, y_test = parts
    for name, X_part in (("X_train", X_train), ("X_test", X_test)):
        if X_part.ndim != 2 or X_part.shape[1] != X.shape[1]:
            raise Mistake(
                f"{name} has shape {X_part.shape}; expected (rows, {X.shape[1]}), whole rows of X.",
                "Select whole rows of X with an array of indices: X[indices].",
            )
    for name, X_part, y_part in (("training", X_train, y_train), ("test", X_test, y_test)):
        if len(X_part) != len(y_part):
            raise Mistake(
                f"The {name} set has {len(X_part)} examples but {len(y_part)} labels.",
                "Index X and y with the same indices.",
            )
        if y_part.dtype != y.dtype or X_part.dtype != X.dtype:
            raise Mistake(
                f"The {name} set changed type: X {X.dtype} → {X_part.dtype}, y {y.dtype} → {y_part.dtype}.",
                "Select rows of the arrays as they are, X[indices] and y[indices], without converting them.",
            )
    return X_train, X_test, y_train, y_test


def _rows(X: np.ndarray) -> Counter:
    return Counter(map(tuple, X.tolist()))


def _checked_split(split_train_test, X, y, fraction: float, seed: int = 0) -> tuple[np.ndarray, ...]:
    """The learner's split of a catalogue of unique rows, each example in exactly one set with its label."""
    X_train, X_test, y_train, y_test = _split(split_train_test, X, y, fraction, seed)
    n, n_test, expected = len(X), len(X_test), round(fraction * len(X))
    if n_test > len(X_train):
        raise SWAPPED(n_test=n_test, n_train=len(X_train))
    train_rows, test_rows = _rows(X_train), _rows(X_test)
    if set(train_rows) & set(test_rows) or max((train_rows + test_rows).values()) > 1:
        shared = len(set(train_rows) & set(test_rows))
        raise WITH_REPLACEMENT(detail=f"{shared} of {n} are in both sets." if shared else "")
    if len(X_train) + n_test != n:
        raise Mistake(
            f"The two sets hold {len(X_train) + n_test} different examples of the {n} given.",
            "Every example should end up in exactly one of the two sets.",
        )
    if n_test != expected:
        if float(fraction * n).is_integer():
            raise FRACTION_IGNORED(fraction=fraction, n_test=n_test, n=n)
        rounding = {int(fraction * n): ROUNDED_DOWN, math.ceil(fraction * n): ROUNDED_UP}[n_test]
        raise rounding(n=n, fraction=fraction, n_test=n_test, expected=expected)
    label_of_row = dict(zip(map(tuple, X.tolist()), y.tolist(), strict=True))
    for X_part, y_part in ((X_train, y_train), (X_test, y_test)):
        rows = map(tuple, X_part.tolist())
        if any(label_of_row[row] != label for row, label in zip(rows, y_part.tolist(), strict=True)):
            raise LABELS_SHUFFLED_APART()
    if set(test_rows) in (set(_rows(X[:n_test])), set(_rows(X[-n_test:]))):
        raise NOT_SHUFFLED()
    return X_train, X_test, y_train, y_test


def check_split_train_test(split_train_test) -> None:
    """A shuffled split, reproducible from the seed, with round(test_fraction · n) test examples, each example
    in exactly one set with its own label; the caller's arrays unchanged, duplicate rows kept."""
    X, y = _catalogue(40)
    first = _checked_split(split_train_test, X, y, 0.25)
    if not np.array_equal(_checked_split(split_train_test, X, y, 0.25)[1], first[1]):
        raise UNSEEDED()
    if np.array_equal(_checked_split(split_train_test, X, y, 0.25, seed=1)[1], first[1]):
        raise SEED_IGNORED()
    _checked_split(split_train_test, X, y, 0.5)
    for n in (14, 10):  # round(3.5) = 4, round(2.5) = 2: a test size rounded down or up differs
        _checked_split(split_train_test, *_catalogue(n), 0.25)
    X, y = _catalogue(40, duplicates=True)
    X_train, X_test, _, _ = _split(split_train_test, X, y, 0.25, seed=0)
    if _rows(X_train) + _rows(X_test) != _rows(X):
        raise UNIQUE_ROWS(count=len(X_train) + len(X_test), n=len(X))


def _count(y_true, y_pred):
    return np.sum(np.ravel(y_true) == np.ravel(y_pred))


def _error_rate(y_true, y_pred):
    return np.mean(np.ravel(y_true) != np.ravel(y_pred))


def _percentage(y_true, y_pred):
    return 100 * np.mean(np.ravel(y_true) == np.ravel(y_pred))


def _broadcast(y_true, y_pred):
    return np.mean(y_true == y_pred)


def _one_side_flattened(y_true, y_pred):
    return np.mean(y_true == np.ravel(y_pred))


def _integer_division(y_true, y_pred):
    return np.sum(np.ravel(y_true) == np.ravel(y_pred)) // len(y_true)


def _rounded(y_true, y_pred):
    return round(float(np.mean(np.ravel(y_true) == np.ravel(y_pred))), 2)


COUNT = Known(
    "count",
    _count,
    "You returned the number of correct predictions, not the fraction.",
    "Divide by the number of examples, or use np.mean.",
)
ERROR_RATE = Known(
    "error rate",
    _error_rate,
    "You returned the fraction of wrong predictions (the error rate).",
    "Accuracy counts the predictions that equal the labels.",
)
PERCENTAGE = Known("percentage", _percentage, "You returned a percentage.", "Return a fraction between 0 and 1.")
BROADCAST = Known(
    "broadcast",
    _broadcast,
    "With one of the two of shape (n, 1) and the other of shape (n,), `==` broadcast to an (n, n) table.",
    "Flatten both first: np.ravel(y_true) == np.ravel(y_pred).",
)
ONE_SIDE_FLATTENED = Known(
    "one side flattened",
    _one_side_flattened,
    "Your accuracy is right when y_true has shape (n,), but when y_true is the column, `==` broadcasts to a table.",
    "Flatten both, not only y_pred: np.ravel(y_true) == np.ravel(y_pred).",
)
INTEGER_DIVISION = Known(
    "integer division",
    _integer_division,
    "You divided with //, which rounds down to a whole number: {got} instead of a fraction.",
    "Divide with /, or use np.mean of the comparison.",
)
ROUNDED = Known(
    "rounded",
    _rounded,
    "Your accuracy is rounded ({got} for {expected:.6g}).",
    'Return the fraction itself; round only when printing it, f"{{acc:.3f}}".',
)
ACCURACY_MISTAKES = (COUNT, ERROR_RATE, PERCENTAGE, ONE_SIDE_FLATTENED, BROADCAST, INTEGER_DIVISION, ROUNDED)

# (y_true, y_pred, what): labels and predictions of the shapes and types the notebook uses.
ACCURACY_CASES = (
    (np.array([0, 1, 1, 0, 1]), np.array([0, 1, 0, 0, 0]), "accuracy([0, 1, 1, 0, 1], [0, 1, 0, 0, 0])"),
    (np.array([1, 1, 0]), np.array([True, False, False]), "accuracy of 3 labels and 3 boolean predictions"),
    (np.array([0, 1, 1, 0, 1]), np.array([[0], [1], [0], [0], [0]]), "accuracy with y_pred of shape (5, 1)"),
    (np.array([[1], [1], [0]]), np.array([1, 0, 0]), "accuracy with y_true of shape (3, 1)"),
    (np.array([1, 0, 1, 1]), np.array([1, 0, 1, 1]), "accuracy of four right predictions"),
    (np.array([1, 0]), np.array([0, 1]), "accuracy of two wrong predictions"),
)


def check_accuracy(accuracy) -> None:
    """The fraction of correct predictions, one number, for labels and predictions of shape (n,) or (n, 1)."""
    for y_true, y_pred, what in ACCURACY_CASES:
        result = call(accuracy, y_true, y_pred, names=("y_true", "y_pred"))
        if isinstance(result, (list, tuple)) or np.ndim(result) != 0:
            raise Mistake(
                f"{what} returned {describe(result)}; it should be one number.",
                "Average the per-example comparison: np.mean(y_true == y_pred).",
            )
        got = float(as_array(result, what))
        expected = float(np.mean(np.ravel(y_true) == np.ravel(y_pred)))
        if isinstance(result, (int, np.integer)) and got == 0 < expected:
            raise INTEGER_DIVISION(got=result)
        if got == round(expected, 2) != expected:
            raise ROUNDED(got=got, expected=expected)
        compare(
            got,
            expected,
            what,
            ACCURACY_MISTAKES,
            (y_true, y_pred),
            hint="Accuracy = (number of right predictions) / (number of examples).",
        )


EXERCISES = [
    Exercise("01.split_train_test", "split_train_test", check_split_train_test, mistakes=SPLIT_MISTAKES),
    Exercise("01.accuracy", "accuracy", check_accuracy, mistakes=ACCURACY_MISTAKES),
]
