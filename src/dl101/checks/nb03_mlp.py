"""Checks for notebook 03: a dense layer's forward pass, counting parameters, the smallest network for circles."""

from __future__ import annotations

import numpy as np

from dl101.checks.core import Exercise, Mistake, as_array, run, same
from dl101.nn import dense, relu, sigmoid

# A square case (3 examples, 3 inputs, 3 units) lets every wrong order of the product run, so it can be named.
SQUARE_X = np.array([[1.0, -2.0, 0.5], [0.0, 1.5, -1.0], [2.0, 0.5, 1.0]])
SQUARE_W = np.array([[0.5, -1.0, 0.8], [-0.3, 0.6, 0.2], [1.2, 0.4, -0.7]])
SQUARE_B = np.array([0.1, -0.4, 0.3])


def _dense_output(got, expected_shape: tuple[int, ...], what: str, expected: np.ndarray) -> np.ndarray:
    """The learner's output as an array of the expected shape; a Mistake naming a single row or a wrong shape."""
    got = as_array(got, what)
    if got.shape == expected.shape[1:] and (same(got, expected[0]) or same(got, expected[-1])):
        raise Mistake(
            f"{what} returned one row, the result of a single example, instead of one row per example.",
            "Compute the whole batch at once: x @ W + b gives one row per example (row of x).",
        )
    if got.shape != expected_shape:
        raise Mistake(
            f"{what} has shape {got.shape}, but shape {expected_shape} was expected.",
            "The output has one row per example (rows of x) and one column per unit (columns of W).",
        )
    return got


def _ignored_activation(pre: np.ndarray, given: str) -> list[tuple]:
    """What a layer that always applies another activation than ``given`` would return."""
    others = {"relu": relu(pre), "sigmoid": sigmoid(pre), "tanh": np.tanh(pre)}
    return [
        (
            value,
            f"Your layer applies {name}, whatever activation it is given (here {given}).",
            "Call the function passed as the `activation` argument: activation(x @ W + b).",
        )
        for name, value in others.items()
        if name != given
    ]


def _square_case_mistakes(x: np.ndarray, W: np.ndarray, b: np.ndarray) -> list[tuple]:
    """What each typical mistake returns on the square case, with ReLU as the activation."""
    pre = dense(x, W, b)
    order_hint = "With examples in the rows of x, shape (n, n_in), and W of shape (n_in, n_out), compute x @ W."
    return [
        (relu(W @ x + b), "The matrix product is in the wrong order: you computed W @ x.", order_hint),
        (
            relu(W.T @ x + b),
            "You computed W.T @ x, the convention for one example written as a column vector.",
            "Here the examples are the rows of x: x @ W computes all of them at once.",
        ),
        (
            relu(x @ W.T + b),
            "W looks transposed: you computed x @ W.T.",
            "Keras stores a kernel as (n_in, n_out), so no transpose is needed: x @ W.",
        ),
        (relu(x @ W), "The bias is missing.", "Add b to the weighted sum: activation(x @ W + b)."),
        (
            pre,
            "The activation is missing: you returned x @ W + b.",
            "Apply the activation you are given to the weighted sum: activation(x @ W + b).",
        ),
        (
            relu(x @ W) + b,
            "The activation is applied before the bias is added.",
            "The bias belongs to the weighted sum: activation(x @ W + b), not activation(x @ W) + b.",
        ),
        (
            relu(x) @ W + b,
            "The activation is applied to the inputs, not to the weighted sum.",
            "First the weighted sum, then the activation: activation(x @ W + b).",
        ),
        (
            relu(x * W + b),
            "You multiplied elementwise (x * W) instead of taking a matrix product.",
            "Each unit sums over all its inputs: use x @ W (or np.matmul).",
        ),
        (
            relu(x @ W + b[:, None]),
            "The bias was added per example (as a column) instead of per unit.",
            "b has one entry per unit, a column of the output: x @ W + b broadcasts it along the rows.",
        ),
        *_ignored_activation(pre, "relu"),
    ]


def _match(got: np.ndarray, expected: np.ndarray, what: str, known_mistakes: list[tuple]) -> None:
    """Raise the Mistake ``got`` matches, or a plain one; return when it equals ``expected``."""
    if same(got, expected):
        return
    for wrong, message, hint in known_mistakes:
        if same(got, wrong):
            raise Mistake(message, hint)
    raise Mistake(
        f"{what} is wrong: expected {np.round(expected, 4).tolist()}, got {np.round(got, 4).tolist()}.",
        "A dense layer computes activation(x @ W + b).",
    )


def check_dense_forward(dense_forward) -> None:
    """activation(x @ W + b) for a batch, compared with dl101.nn.dense on a square and a non-square case."""
    x, W, b = SQUARE_X, SQUARE_W, SQUARE_B
    expected = relu(dense(x, W, b))
    what = "dense_forward(x, W, b, relu) on 3 examples, 3 inputs, 3 units"
    got = _dense_output(run(dense_forward, x.copy(), W.copy(), b.copy(), relu), expected.shape, what, expected)
    _match(got, expected, what, _square_case_mistakes(x, W, b))

    rng = np.random.default_rng(3)
    x, W, b = rng.normal(size=(5, 2)), rng.normal(size=(2, 4)), rng.normal(size=4)
    expected = sigmoid(dense(x, W, b))
    what = "dense_forward(x, W, b, sigmoid) on 5 examples, 2 inputs, 4 units"
    got = _dense_output(run(dense_forward, x.copy(), W.copy(), b.copy(), sigmoid), expected.shape, what, expected)
    _match(got, expected, what, _ignored_activation(dense(x, W, b), "sigmoid"))


# Exercise 2: the parameters of the network 2 → 8 → 8 → 1 of the notebook's text.
COUNTED_NETWORK = (2, 8, 8, 1)


def _parameter_count_mistakes(sizes: tuple[int, ...]) -> list[tuple]:
    """(wrong count, message, hint) for each typical way of miscounting a network of these layer sizes."""
    pairs = list(zip(sizes[:-1], sizes[1:], strict=True))
    weights = sum(n_in * n_out for n_in, n_out in pairs)
    biases = sum(n_out for _, n_out in pairs)
    per_layer = "A Dense layer from n_in to n_out units has n_in × n_out weights and n_out biases."
    every_layer = f"Add up all {len(pairs)} layers. " + per_layer
    first, middle, last = (n_in * n_out + n_out for n_in, n_out in (pairs[0], pairs[1], pairs[-1]))
    return [
        (weights, "You counted the weights but not the biases.", "Each unit also has a bias. " + per_layer),
        (
            biases,
            f"{biases} is the number of biases (one per unit after the inputs): the weights are missing.",
            "Every connection between two consecutive layers carries a weight. " + per_layer,
        ),
        (
            sum(sizes),
            f"{sum(sizes)} is the number of nodes (neurons), not of parameters.",
            "Parameters are the weights on the connections and the biases of the units. " + per_layer,
        ),
        (
            weights + biases - last,
            f"The output layer's {last} parameters are missing.",
            "The output layer is a Dense layer too. " + per_layer,
        ),
        (
            weights + biases + sizes[0],
            "You gave the input nodes biases too.",
            "Inputs are data, not units: only hidden and output units have a bias.",
        ),
        (first, "You counted only the first layer.", every_layer),
        (
            pairs[0][0] * pairs[0][1],
            "You counted only the first layer's weights.",
            every_layer,
        ),
        (
            middle,
            f"You counted only the layer {pairs[1][0]} → {pairs[1][1]}.",
            every_layer,
        ),
        (
            sum(n_in + n_out for n_in, n_out in pairs) + biases,
            "You added the sizes of consecutive layers where they should be multiplied.",
            "Each of the n_in nodes connects to each of the n_out units: n_in × n_out weights.",
        ),
        (
            int(np.prod(sizes)),
            "You multiplied all the layer sizes together.",
            "Count layer by layer, then add the layers up. " + per_layer,
        ),
    ]


def check_n_parameters(n_parameters) -> None:
    """The number of weights and biases of the network 2 → 8 → 8 → 1, computed here from its layer sizes."""
    got = as_array(n_parameters, "n_parameters")
    if got.shape != ():
        raise Mistake(f"n_parameters has shape {got.shape}, but it should be one number.", "Write one integer.")
    if got != np.round(got):
        raise Mistake(f"n_parameters = {float(got):g} is not a whole number.", "Parameters are counted: an integer.")
    pairs = zip(COUNTED_NETWORK[:-1], COUNTED_NETWORK[1:], strict=True)
    if got == sum(n_in * n_out + n_out for n_in, n_out in pairs):
        return
    for wrong, message, hint in _parameter_count_mistakes(COUNTED_NETWORK):
        if got == wrong:
            raise Mistake(message, hint)
    raise Mistake(
        f"n_parameters = {int(got)} is not the number of parameters of the network 2 → 8 → 8 → 1.",
        "For each pair of consecutive layers, count n_in × n_out weights and n_out biases; then add the layers up.",
    )


# Exercise 3: the smallest network that solves circles, trained as the notebook states.
CIRCLES_TRAINING = {"activation": "tanh", "learning_rate": 0.05, "epochs": 300, "seed": 0}
SOLVED = 0.95  # the test accuracy that counts as solving circles
# Measured with CIRCLES_TRAINING over seeds 0-29: one hidden layer of 3 tanh units solves circles from 29 seeds
# (4 units from all 30), 2 units from none; networks with a layer of 2 units from at most 1 seed.
SMALLEST = (3,)
LARGEST_TRAINED = (4, 64)  # at most 4 hidden layers of 64 units: larger answers are not trained


def _network_parameters(hidden_layers: list[int]) -> int:
    sizes = [2, *hidden_layers, 1]
    return sum(n_in * n_out + n_out for n_in, n_out in zip(sizes[:-1], sizes[1:], strict=True))


def _layer_sizes(hidden_layers) -> list[int]:
    """The answer as a list of layer sizes; a Mistake saying what is off."""
    sizes = as_array(hidden_layers, "hidden_layers")
    if sizes.ndim == 0:
        raise Mistake(
            f"hidden_layers should be a list of layer sizes, but it is the single number {float(sizes):g}.",
            "Write a list: [3] is one hidden layer of 3 units, [3, 3] two such layers, [] none.",
        )
    if sizes.ndim != 1:
        raise Mistake(
            f"hidden_layers has shape {sizes.shape}; expected a flat list of layer sizes such as [4] or [4, 4].",
            "One number per hidden layer: its number of units.",
        )
    if np.any(sizes != np.round(sizes)) or np.any(sizes < 1):
        raise Mistake(
            f"hidden_layers = {hidden_layers!r}: layer sizes count units, so they are whole numbers >= 1.",
            "For example [4] is one hidden layer of 4 units.",
        )
    return [int(size) for size in sizes]


def check_hidden_layers(hidden_layers) -> None:
    """Train the chosen network on circles: it must reach SOLVED test accuracy with no more parameters than SMALLEST."""
    from dl101.models import accuracy_of, playground_data, train_network

    layers = _layer_sizes(hidden_layers)
    n_parameters = _network_parameters(layers)
    if len(layers) > LARGEST_TRAINED[0] or max(layers, default=0) > LARGEST_TRAINED[1]:
        raise Mistake(
            f"A network with {n_parameters} parameters is far larger than circles need (and than this check trains).",
            "Start small: one hidden layer of a few units.",
        )
    X_train, y_train, X_test, y_test = playground_data("circles")
    model, _ = train_network(X_train, y_train, layers, **CIRCLES_TRAINING)
    accuracy = accuracy_of(model, X_test, y_test)
    if accuracy < SOLVED:
        _explain_failure(layers, accuracy)
    if n_parameters > _network_parameters(list(SMALLEST)):
        raise Mistake(
            f"It solves circles (test accuracy {accuracy:.2f}), but with {n_parameters} parameters "
            "it is not the smallest network that does.",
            "Remove units and layers until it fails: how few straight lines can enclose a disc?",
        )


def _explain_failure(layers: list[int], accuracy: float) -> None:
    """Raise the Mistake that says why this network does not solve circles."""
    score = f"test accuracy {accuracy:.2f}, below {SOLVED}"
    if not layers:
        raise Mistake(
            "With no hidden layer, the network is one sigmoid unit: its boundary is a straight line, "
            f"and no line separates the disc from the ring around it ({score}).",
            "Add a hidden layer: each hidden unit draws one line, and the output unit combines them.",
        )
    if len(layers) == 1 and layers[0] < SMALLEST[0]:
        lines = "one tanh unit draws one straight line" if layers[0] == 1 else "2 tanh units draw 2 straight lines"
        raise Mistake(
            f"Too few hidden units ({score}): {lines}, and that cannot enclose the disc.",
            "How many straight lines does it take to enclose a disc?",
        )
    if max(layers) <= 2:
        raise Mistake(
            f"Every layer has 2 units or fewer, no more than the 2 inputs ({score}): a network that narrow "
            "cannot close a boundary around the disc, however many layers it stacks.",
            "Widen a layer. With a single hidden layer: how many straight lines does it take to enclose a disc?",
        )
    raise Mistake(
        f"This network does not solve circles with the training of the exercise ({score}).",
        "Try a single hidden layer of a few units.",
    )


EXERCISES = [
    Exercise("03.dense_forward", "dense_forward", check_dense_forward),
    Exercise("03.n_parameters", "n_parameters", check_n_parameters, kind="value"),
    Exercise("03.hidden_layers", "hidden_layers", check_hidden_layers, kind="value"),
]
