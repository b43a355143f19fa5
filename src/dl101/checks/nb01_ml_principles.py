"""Checks for notebook 01: a train/test split without leakage, and accuracy."""

from __future__ import annotations

import numpy as np

from dl101.checks.core import Exercise, Mistake, as_array, compare, run


def _catalogue(n: int = 40) -> tuple[np.ndarray, np.ndarray]:
    """A catalogue sorted by class, as real catalogues often are: each row of X is unique."""
    X = np.arange(2 * n, dtype=float).reshape(n, 2)
    y = (np.arange(n) >= n // 2).astype(int)
    return X, y


def _split_parts(result, what: str, n_features: int) -> list[np.ndarray]:
    if not isinstance(result, (tuple, list)) or len(result) != 4:
        raise Mistake(
            f"{what} should return four arrays (X_train, X_test, y_train, y_test), "
            f"got {type(result).__name__}{'' if not isinstance(result, (tuple, list)) else f' of {len(result)}'}.",
            "End with `return X_train, X_test, y_train, y_test`.",
        )
    X_train, X_test, y_train, y_test = (as_array(part, f"{what}[{i}]") for i, part in enumerate(result))
    for name, X_part in (("X_train", X_train), ("X_test", X_test)):
        if X_part.ndim != 2 or X_part.shape[1] != n_features:
            raise Mistake(
                f"{name} has shape {X_part.shape}; expected (rows, {n_features}).",
                "Select whole rows of X: X[indices], not single values.",
            )
    for name, X_part, y_part in (("train", X_train, y_train), ("test", X_test, y_test)):
        if len(X_part) != len(y_part):
            raise Mistake(
                f"The {name} set has {len(X_part)} examples but {len(y_part)} labels.",
                "Index X and y with the same indices.",
            )
    return [X_train, X_test, y_train, y_test]


def check_split_train_test(split_train_test) -> None:
    """A shuffled, reproducible split in which every example is in exactly one set, with its label."""
    X, y = _catalogue()
    X_given, y_given = X.copy(), y.copy()
    what = "split_train_test(X, y, test_fraction=0.25, seed=0)"
    X_train, X_test, y_train, y_test = _split_parts(run(split_train_test, X_given, y_given, 0.25, seed=0), what, 2)
    if not (np.array_equal(X_given, X) and np.array_equal(y_given, y)):
        raise Mistake(
            "Your function changed the caller's X or y (it shuffled them in place).",
            "Shuffle indices instead: `order = rng.permutation(len(X))`, then `X[order]`.",
        )
    if len(X_test) > len(X_train):
        raise Mistake(
            f"The test set ({len(X_test)}) is larger than the training set ({len(X_train)}).",
            "Did you swap them? Return X_train, X_test, y_train, y_test in that order.",
        )
    if abs(len(X_test) - 0.25 * len(X)) >= 1:
        raise Mistake(
            f"With test_fraction=0.25 and {len(X)} examples, the test set has {len(X_test)} examples.",
            f"Expected about {0.25 * len(X):g}: n_test = round(test_fraction * len(X)).",
        )
    train_rows = {tuple(row) for row in X_train}
    test_rows = {tuple(row) for row in X_test}
    if train_rows & test_rows:
        raise Mistake(
            f"{len(train_rows & test_rows)} examples are in both the training and the test set: leakage.",
            "Split one permutation of the indices into two disjoint parts; do not draw with replacement.",
        )
    if len(train_rows | test_rows) != len(X) or len(X_train) + len(X_test) != len(X):
        raise Mistake(
            f"The two sets hold {len(train_rows | test_rows)} different examples of the {len(X)} given.",
            "Every example should end up in exactly one of the two sets.",
        )
    label_of_row = dict(zip(map(tuple, X), y, strict=True))
    for X_part, y_part in ((X_train, y_train), (X_test, y_test)):
        if any(label_of_row[tuple(row)] != label for row, label in zip(X_part, y_part, strict=True)):
            raise Mistake(
                "Some examples got another example's label: X and y were shuffled differently.",
                "Draw one permutation and index both X and y with it.",
            )
    if set(y_test) != {0, 1} or np.array_equal(X_test, X[-len(X_test) :]) or np.array_equal(X_test, X[: len(X_test)]):
        raise Mistake(
            "The split is not shuffled: the test set is one end of a catalogue sorted by class.",
            "Catalogues are often sorted (here by class): shuffle the indices before cutting.",
        )
    again = _split_parts(run(split_train_test, X.copy(), y.copy(), 0.25, seed=0), what, 2)
    if not np.array_equal(again[1], X_test):
        raise Mistake(
            "Two calls with the same seed gave different splits.",
            "Use the seed: `rng = np.random.default_rng(seed)`, then `rng.permutation(len(X))`.",
        )
    other = _split_parts(run(split_train_test, X.copy(), y.copy(), 0.25, seed=1), what, 2)
    if np.array_equal(other[1], X_test):
        raise Mistake(
            "Different seeds gave the same split: the seed argument is not used.",
            "Create the random generator from the seed argument.",
        )
    half = _split_parts(run(split_train_test, X.copy(), y.copy(), 0.5, seed=0), "split with test_fraction=0.5", 2)
    if len(half[1]) != len(X) // 2:
        raise Mistake(
            f"With test_fraction=0.5 the test set has {len(half[1])} of {len(X)} examples.",
            "Compute the test size from the test_fraction argument, not a fixed number.",
        )


def check_accuracy(accuracy) -> None:
    """The fraction of correct predictions, for labels given as (n,) or (n, 1) arrays."""
    y_true = np.array([0, 1, 1, 0, 1])
    y_pred = np.array([0, 1, 0, 0, 0])
    expected = 3 / 5
    got = as_array(run(accuracy, y_true, y_pred), "accuracy(y_true, y_pred)")
    if got.shape != ():
        raise Mistake(
            f"accuracy returned an array of shape {got.shape}; it should be one number.",
            "Average the per-example comparison: np.mean(y_true == y_pred).",
        )
    compare(
        got,
        expected,
        "accuracy([0, 1, 1, 0, 1], [0, 1, 0, 0, 0])",
        [
            (
                3,
                "You returned the number of correct predictions, not the fraction.",
                "Divide by the number of examples, or use np.mean.",
            ),
            (
                2 / 5,
                "You returned the fraction of wrong predictions (the error rate).",
                "Accuracy counts the predictions that equal the labels.",
            ),
            (60, "You returned a percentage.", "Return a fraction between 0 and 1."),
        ],
    )
    column = as_array(run(accuracy, y_true, y_pred[:, None]), "accuracy(y_true, y_pred as a column)")
    compare(
        column,
        expected,
        "accuracy with y_pred of shape (5, 1), as Keras's predict returns it",
        [
            (
                np.mean(y_true == y_pred[:, None]),
                "With y_pred of shape (5, 1) and y_true of shape (5,), `==` broadcast to a (5, 5) table.",
                "Flatten both first: np.ravel(y_true) == np.ravel(y_pred).",
            ),
        ],
    )


EXERCISES = [
    Exercise("01.split_train_test", "split_train_test", check_split_train_test),
    Exercise("01.accuracy", "accuracy", check_accuracy),
]
