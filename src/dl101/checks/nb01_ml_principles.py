"""Checks for notebook 01: a train/test split without leakage, and accuracy."""

from __future__ import annotations

from collections import Counter

import numpy as np

from dl101.checks.core import Case, Exercise, Known, Mistake, as_array, call, describe, returned


def _catalogue(n: int, duplicates: bool = False) -> tuple[np.ndarray, np.ndarray]:
    """A catalogue sorted by class, as real catalogues often are; each row unique unless ``duplicates``."""
    X = np.arange(2 * n, dtype=float).reshape(n, 2)
    if duplicates:
        X[1::2] = X[::2][: n // 2]  # every other row repeats the one before it
    y = (np.arange(n) >= n // 2).astype(int)
    return X, y


# fmt: off
SWAPPED = Known("swapped",
    "The test set ({n_test}) is larger than the training set ({n_train}): the two are swapped.",
    "Return X_train, X_test, y_train, y_test in that order, the training set first.")
OTHER_ORDER = Known("other order",
    "You returned X_train, y_train, X_test, y_test; the order is X_train, X_test, y_train, y_test.",
    "End with `return X_train, X_test, y_train, y_test`, the order of scikit-learn's train_test_split.")
NOT_SHUFFLED = Known("not shuffled",
    "The split is not shuffled: the test set is one end of a catalogue sorted by class.",
    "Catalogues are often sorted (here by class): shuffle the indices before cutting.")
WITH_REPLACEMENT = Known("with replacement",
    "Some examples are in both sets, or twice in one: leakage. {detail}",
    "Split one permutation of the indices into two disjoint parts; do not draw with replacement.")
LABELS_SHUFFLED_APART = Known("labels shuffled apart",
    "Some examples got another example's label: X and y were shuffled differently.",
    "Draw one permutation and index both X and y with it.")
UNSEEDED = Known("unseeded",
    "Two calls with the same seed gave different splits.",
    "Use the seed: `rng = np.random.default_rng(seed)`, then `rng.permutation(len(X))`.")
SEED_IGNORED = Known("seed ignored",
    "Different seeds gave the same split: the seed argument is not used.",
    "Create the random generator from the seed argument: np.random.default_rng(seed).")
SIZE_HINT = "The text asks for round(test_fraction * len(X)) test examples: {expected} here."
FRACTION_IGNORED = Known("fraction ignored",
    "With test_fraction={fraction} the test set has {n_test} of {n} examples: the argument is not used.",
    "Compute the test size from the test_fraction argument. " + SIZE_HINT)
ROUNDED_DOWN = Known("rounded down",
    "With {n} examples and test_fraction={fraction}, the test set has {n_test}: the size is rounded down.",
    SIZE_HINT + " int(...) rounds down.")
ROUNDED_UP = Known("rounded up",
    "With {n} examples and test_fraction={fraction}, the test set has {n_test}: the size is rounded up.",
    SIZE_HINT + " math.ceil rounds up.")
ANOTHER_SPLIT = Known("another split",
    "Your split is shuffled, disjoint and seeded, but it is not the split the text describes: later cells would "
    "print other numbers than the notebook's.",
    "Shuffle once, order = np.random.default_rng(seed).permutation(len(X)); the first "
    "round(test_fraction * len(X)) indices of order, in that order, are the test set, the rest the training set.")
UNIQUE_ROWS = Known("unique rows",
    "With duplicate rows in X, your two sets hold {count} of the {n} examples.",
    "Split the indices 0 … n − 1, not the distinct rows: two objects can have the same features.")
SPLIT_MISTAKES = (SWAPPED, OTHER_ORDER, NOT_SHUFFLED, WITH_REPLACEMENT, LABELS_SHUFFLED_APART, UNSEEDED, SEED_IGNORED,
                  FRACTION_IGNORED, ROUNDED_DOWN, ROUNDED_UP, ANOTHER_SPLIT, UNIQUE_ROWS)
# fmt: on


def _split(split_train_test, X, y, fraction: float, seed: int) -> tuple[np.ndarray, ...]:
    """The learner's four arrays, checked for their order, type and shapes, the caller's arrays left alone."""
    what = f"split_train_test(X, y, test_fraction={fraction}, seed={seed})"
    result = call(split_train_test, X, y, fraction, seed=seed, names=("X", "y"))
    parts = returned(result, 4, what, "X_train, X_test, y_train, y_test")
    if [np.ndim(part) for part in parts] == [2, 1, 2, 1]:
        raise OTHER_ORDER()
    for name, part, whole in zip(("X_train", "X_test", "y_train", "y_test"), parts, (X, X, y, y), strict=True):
        as_array(part, f"{name} from {what}", array=True)
        if part.shape[1:] != whole.shape[1:] or part.dtype != whole.dtype:
            raise Mistake(
                f"{name} from {what} is {describe(part)}; expected whole rows of the given array, "
                f"shape (rows, {', '.join(map(str, whole.shape[1:]))}) of {whole.dtype}.",
                "Select whole rows of the arrays as they are, X[indices] and y[indices], without converting them.",
            )
    for name, X_part, y_part in (("training", parts[0], parts[2]), ("test", parts[1], parts[3])):
        if len(X_part) != len(y_part):
            raise Mistake(f"The {name} set has {len(X_part)} examples but {len(y_part)} labels.", "Index both alike.")
    return parts


def _rows(X: np.ndarray) -> Counter:
    return Counter(map(tuple, X.tolist()))


def _checked_split(split_train_test, reference, X, y, fraction: float, seed: int = 0) -> tuple[np.ndarray, ...]:
    """The learner's split of a catalogue of unique rows: each example in exactly one set, with its label,
    and as many test examples as the reference puts there."""
    X_train, X_test, y_train, y_test = _split(split_train_test, X, y, fraction, seed)
    n, n_test, expected = len(X), len(X_test), len(reference(X, y, fraction, seed=seed)[1])
    if n_test > len(X_train):
        raise SWAPPED(n_test=n_test, n_train=len(X_train))
    train_rows, test_rows = _rows(X_train), _rows(X_test)
    shared = len(set(train_rows) & set(test_rows))
    if shared or max((train_rows + test_rows).values()) > 1:
        raise WITH_REPLACEMENT(detail=f"{shared} of {n} are in both sets." if shared else "")
    if len(X_train) + n_test != n:
        raise Mistake(
            f"The two sets hold {len(X_train) + n_test} different examples of the {n} given.",
            "Every example should end up in exactly one of the two sets.",
        )
    if n_test != expected:
        details = {"fraction": fraction, "n_test": n_test, "n": n, "expected": expected}
        if abs(n_test - fraction * n) < 1:  # fraction · n rounded, the other way
            raise (ROUNDED_DOWN if n_test < expected else ROUNDED_UP)(**details)
        raise FRACTION_IGNORED(**details)
    label_of_row = dict(zip(map(tuple, X.tolist()), y.tolist(), strict=True))
    for X_part, y_part in ((X_train, y_train), (X_test, y_test)):
        if [label_of_row[row] for row in map(tuple, X_part.tolist())] != y_part.tolist():
            raise LABELS_SHUFFLED_APART()
    if set(test_rows) in (set(_rows(X[:n_test])), set(_rows(X[-n_test:]))):
        raise NOT_SHUFFLED()
    return X_train, X_test, y_train, y_test


def check_split_train_test(split_train_test, reference) -> None:
    """A shuffled split, reproducible from the seed, with as many test examples as the reference, each example
    in exactly one set with its own label; the caller's arrays unchanged, duplicate rows kept."""
    X, y = _catalogue(40)
    first = _checked_split(split_train_test, reference, X, y, 0.25)
    if not np.array_equal(_checked_split(split_train_test, reference, X, y, 0.25)[1], first[1]):
        raise UNSEEDED()
    if np.array_equal(_checked_split(split_train_test, reference, X, y, 0.25, seed=1)[1], first[1]):
        raise SEED_IGNORED()
    _checked_split(split_train_test, reference, X, y, 0.5)
    for seed in (0, 1):  # the text fixes the split, order included: later cells print numbers of that one split
        got, expected = _split(split_train_test, X, y, 0.25, seed), reference(X, y, 0.25, seed=seed)
        if not all(np.array_equal(a, b) for a, b in zip(got, expected, strict=True)):
            raise ANOTHER_SPLIT()
    for n in (14, 10):  # round(3.5) = 4, round(2.5) = 2: a test size rounded down or up differs
        _checked_split(split_train_test, reference, *_catalogue(n), 0.25)
    X, y = _catalogue(40, duplicates=True)
    X_train, X_test, _, _ = _split(split_train_test, X, y, 0.25, seed=0)
    if _rows(X_train) + _rows(X_test) != _rows(X):
        raise UNIQUE_ROWS(count=len(X_train) + len(X_test), n=len(X))


# Labels and predictions of the shapes and types the notebook uses: either of the two may be a column (n, 1).
ACCURACY_CASES = tuple(
    Case(f"accuracy{what}", (np.array(y_true), np.array(y_pred)))
    for y_true, y_pred, what in (
        ([0, 1, 1, 0, 1], [0, 1, 0, 0, 0], "([0, 1, 1, 0, 1], [0, 1, 0, 0, 0])"),
        ([1, 1, 0], [True, False, False], " of 3 labels and 3 boolean predictions"),
        ([0, 1, 1, 0, 1], [[0], [1], [0], [0], [0]], " with y_pred a column of shape (5, 1) and y_true of shape (5,)"),
        ([[1], [1], [0]], [1, 0, 0], " with y_true a column of shape (3, 1) and y_pred of shape (3,)"),
        (
            [[2], [0], [1], [1], [0], [2]],
            [2, 0, 0, 1, 1, 2],
            " with y_true a column of shape (6, 1) and y_pred of shape (6,)",
        ),
        ([[1], [0], [1], [1]], [[1], [1], [1], [0]], " with y_true and y_pred both columns of shape (4, 1)"),
        ([1, 0, 1, 1], [1, 0, 1, 1], " of four right predictions"),
        ([1, 0], [0, 1], " of two wrong predictions"),
    )
)
FLATTEN_BOTH = "Flatten both first, np.ravel(y_true) == np.ravel(y_pred): either of the two may be a column (n, 1)."
# fmt: off
ACCURACY_MISTAKES = (
    Known("count", "You returned the number of correct predictions, not the fraction.",
          "Divide by the number of examples, or use np.mean.",
          lambda y_true, y_pred: np.sum(np.ravel(y_true) == np.ravel(y_pred))),
    Known("error rate", "You returned the fraction of wrong predictions (the error rate).",
          "Accuracy counts the predictions that equal the labels.",
          lambda y_true, y_pred: np.mean(np.ravel(y_true) != np.ravel(y_pred))),
    Known("percentage", "You returned a percentage.", "Return a fraction between 0 and 1.",
          lambda y_true, y_pred: 100 * np.mean(np.ravel(y_true) == np.ravel(y_pred))),
    Known("one side flattened", "Your accuracy is right when y_true has shape (n,), but the labels may be the column "
          "too: for {what}, `==` broadcasts to a table.", FLATTEN_BOTH,
          lambda y_true, y_pred: np.mean(y_true == np.ravel(y_pred))),
    Known("broadcast", "With one of the two of shape (n, 1) and the other of shape (n,), `==` broadcast to an (n, n) "
          "table.", FLATTEN_BOTH, lambda y_true, y_pred: np.mean(y_true == y_pred)),
)

EXERCISES = [
    Exercise("01.split_train_test", "split_train_test", mistakes=SPLIT_MISTAKES, check=check_split_train_test),
    Exercise("01.accuracy", "accuracy", ACCURACY_CASES, ACCURACY_MISTAKES, names=("y_true", "y_pred"),
             hint="Accuracy = (number of right predictions) / (number of examples). " + FLATTEN_BOTH),
]
# fmt: on
