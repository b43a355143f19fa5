"""Checks for notebook 02: the perceptron's forward pass and its learning rule."""

from __future__ import annotations

import numpy as np

from dl101.checks.core import Case, Exercise, Known

# Binary fractions, so that some weighted sums are exactly 0, where the step gives 0: a batch of seven
# objects with two features, batches of four and five with three, and a batch of one, as notebook 02 uses it.
# fmt: off
PREDICT_CASES = tuple(
    Case(f"perceptron_predict(X, w, b) with X of shape {np.shape(X)}", (np.array(X), np.array(w), b))
    for X, w, b in (
        ([[0.25, 0.125], [1.75, 1.25], [0.75, 0.5], [1.0, 0.25], [-0.125, 0.25], [0.5, 0.0], [2.25, 0.5]],
         [-2.0, 1.0], 1.0),
        ([[1.0, 0.5, 2.0], [0.5, 1.5, -1.0], [-1.0, 2.0, 0.5], [2.0, 1.0, 1.0]], [0.5, -1.0, 1.5], -0.5),
        ([[0.5, 1.0, 0.25], [2.0, 0.5, 1.0], [-1.0, 0.5, 2.0], [1.0, 1.0, -0.5], [0.0, 2.0, 1.0]],
         [1.0, 0.5, -2.0], -0.5),
        ([[0.75, 0.25]], [-2.0, 1.0], 1.5),
    )
)
STEP = "Apply the step to the weighted sums: 1 where z > 0, else 0, for example (z > 0).astype(int)."
PREDICT_MISTAKES = (
    Known("weighted sums", "You returned the weighted sums z = X @ w + b themselves, not labels.", STEP,
          lambda X, w, b: X @ w + b),
    Known("bias missing", "Your labels are those of X @ w without the bias: the bias is missing.",
          "Add b to every weighted sum before the step: z = X @ w + b.", lambda X, w, b: (X @ w > 0).astype(int)),
    Known("bias subtracted", "Your labels are those of X @ w − b: the bias is subtracted.",
          "The weighted sum is z = X @ w + b.", lambda X, w, b: (X @ w - b > 0).astype(int)),
    Known("inverted", "Your labels are inverted: 1 where z < 0 and 0 where z > 0.",
          "The step gives 1 where z > 0 and 0 elsewhere.", lambda X, w, b: (X @ w + b < 0).astype(int)),
    Known("one at zero", "Where the weighted sum is exactly 0, your step gives 1; the step of the notebook gives 0 "
          "there.",
          "Compare with a strict inequality: z > 0, not z >= 0.", lambda X, w, b: (X @ w + b >= 0).astype(int)),
    Known("plus minus one", "You returned labels −1 and +1 (the sign of z), but the classes here are 0 and 1.",
          "Use (z > 0).astype(int) rather than np.sign(z).", lambda X, w, b: np.sign(X @ w + b)),
    Known("one example only", "Your function works for one example but not for a batch X of shape (n, d): {error}",
          "Write it for a whole batch: z = X @ w + b gives every weighted sum at once; threshold them without "
          "if/else, for example (z > 0).astype(int).", lambda x, w, b: 1 if np.dot(x, w) + b > 0 else 0),
    Known("everything summed", "For {what} your function returned one number: it sums over the examples too.",
          "Sum over the features only: X @ w + b has one weighted sum per example, shape (n,).",
          lambda X, w, b: int(np.sum(X * w) + b > 0)),
)
# fmt: on


# A correctly classified example of each class (class 0 first, where updating always and updating by ±x
# differ), misclassified ones of each, and two whose weighted sum is exactly 0 (predicted 0, so a class-1
# example moves the line and a class-0 one does not).
UPDATE_CASES = tuple(
    Case(f"perceptron_update(w={w}, b={b}, x={x}, y={y}, learning_rate={rate})", (np.array(w), b, np.array(x), y, rate))
    for w, b, x, y, rate in (
        ([0.5, -1.5], -0.25, [1.0, 2.0], np.int64(0), 0.5),
        ([0.5, -1.5], -0.25, [3.0, 0.5], 1, 0.5),
        ([0.5, -1.5], -0.25, [1.0, 2.0], 1, 0.5),
        ([1.0, 0.5, -0.5], 0.5, [2.0, -1.0, 0.5], 0, 0.25),
        ([0.5, 0.25], -1.0, [1.5, 1.0], np.int64(1), 0.125),
        ([1.0, -0.5], 0.25, [0.5, 1.5], 0, 0.5),
        ([0.5, 0.5], 0.0, [1.0, 1.0], 0, 0.25),
    )
)


def _predicted(w, x, b) -> int:
    return 1 if np.dot(w, x) + b > 0 else 0


def _moved(w, b, x, change):
    """The weights moved by change · x and the bias by change, as the rule moves them with change = η (y − ŷ)."""
    return w + change * x, b + change


ERROR = "Use the error y − ŷ, which is 0 when the prediction is right: then nothing changes."
# fmt: off
UPDATE_MISTAKES = (
    Known("sign flipped", "Your update moves the line the wrong way: its sign is flipped.",
          "The error is y − ŷ (target minus prediction): w + learning_rate · (y − ŷ) · x.",
          lambda w, b, x, y, rate: _moved(w, b, x, -rate * (y - _predicted(w, x, b)))),
    Known("bias not updated", "The weights are right, but the bias is not updated.",
          "The bias learns too, like a weight whose input is always 1: b + learning_rate · (y − ŷ).",
          lambda w, b, x, y, rate: (w + rate * (y - _predicted(w, x, b)) * x, b)),
    Known("learning rate ignored", "Your update ignores the learning rate.",
          "Multiply the change of w and of b by learning_rate.",
          lambda w, b, x, y, rate: _moved(w, b, x, y - _predicted(w, x, b))),
    Known("class zero ignored", "A misclassified example of class 0 does not change your line: with labels 0 and 1, y "
          "· x is 0 for it.", "Use the error y − ŷ as the factor: it is −1 for a class-0 example predicted as 1.",
          lambda w, b, x, y, rate: _moved(w, b, x, rate * y) if _predicted(w, x, b) != y else (w, b)),
    Known("always", "Your update changes the weights even when the prediction is right.", ERROR,
          lambda w, b, x, y, rate: _moved(w, b, x, rate * y)),
    Known("weighted sum as prediction", "Your error uses the weighted sum z instead of the predicted label ŷ = "
          "step(z).", "Predict first, ŷ = 1 if w · x + b > 0 else 0, then use y − ŷ.",
          lambda w, b, x, y, rate: _moved(w, b, x, rate * (y - np.dot(w, x) - b))),
    Known("x forgotten", "Every weight changed by the same amount: the input x is missing from the weight update.",
          "Each weight moves in proportion to its input: w + learning_rate · (y − ŷ) · x.",
          lambda w, b, x, y, rate: _moved(w, b, 1, rate * (y - _predicted(w, x, b)))),
    Known("one at zero", "Where w · x + b is exactly 0, your prediction is 1; the step of the notebook gives 0 there.",
          "Predict with a strict inequality: ŷ = 1 if w · x + b > 0 else 0.",
          lambda w, b, x, y, rate: _moved(w, b, x, rate * (y - (w @ x + b >= 0)))),
    Known("bias as an array", "The new b should be one number, but it is an array of shape (1,).",
          "Predict one example as a number (1 if w · x + b > 0 else 0), so the bias stays a number.",
          lambda w, b, x, y, rate: _moved(w, b, x, rate * (y - (x[None] @ w + b > 0).astype(int)))),
)

EXERCISES = [
    Exercise("02.perceptron_predict", "perceptron_predict", PREDICT_CASES, PREDICT_MISTAKES, names=("X", "w"),
             hint="The label is 1 where X @ w + b > 0 and 0 elsewhere, exactly 0 included."),
    Exercise("02.perceptron_update", "perceptron_update", UPDATE_CASES, UPDATE_MISTAKES, names=("w", "b", "x"),
             parts=("w_new", "b_new"),
             hint="The rule: ŷ = 1 if w · x + b > 0 else 0, then w + η (y − ŷ) x and b + η (y − ŷ)."),
]
# fmt: on
