"""Checks for notebook 03: a dense layer's forward pass, counting parameters, the smallest network for circles."""

from __future__ import annotations

import numpy as np

from dl101.checks.core import Exercise, Known, Mistake, as_array, call, compare, describe, same, whole_number
from dl101.nn import dense, relu, sigmoid

_rng = np.random.default_rng(3)
# (x, W, b, activation): a square case (3 examples, 3 inputs, 3 units), where every wrong order of the product
# runs and can be named; sigmoid on other shapes; a batch of one; one output unit, like the notebook's last layer.
DENSE_CASES = (
    (
        np.array([[1.0, -2.0, 0.5], [0.0, 1.5, -1.0], [2.0, 0.5, 1.0]]),
        np.array([[0.5, -1.0, 0.8], [-0.3, 0.6, 0.2], [1.2, 0.4, -0.7]]),
        np.array([0.1, -0.4, 0.3]),
        relu,
    ),
    (_rng.normal(size=(5, 2)), _rng.normal(size=(2, 4)), _rng.normal(size=4), sigmoid),
    (_rng.normal(size=(1, 3)), _rng.normal(size=(3, 2)), _rng.normal(size=2), relu),
    (_rng.normal(size=(4, 4)), _rng.normal(size=(4, 1)), _rng.normal(size=1), sigmoid),
)


def _last_example_only(x, W, b, activation):
    for example in x:
        out = activation(example @ W + b)
    return out


def _bias_reshaped_in_place(x, W, b, activation):
    b.shape = (1, len(b))  # a row, to add to every example
    return activation(x @ W + b)


_ORDER = "With examples in the rows of x, shape (n, n_in), and W of shape (n_in, n_out), compute x @ W."
_CALL_IT = "Call the function passed as the `activation` argument: activation(x @ W + b)."
_ONE_ROW = "Compute the whole batch at once: x @ W + b gives one row per example (row of x)."
LIST_OF_ROWS = Known(
    "list of rows",
    lambda x, W, b, activation: [activation(example @ W + b) for example in x],
    "Your layer's values are right, but it returned {what}, not an array.",
    "Later cells take output.shape and hidden[:, 0]: compute the batch with NumPy, activation(x @ W + b).",
)
IN_PLACE = Known(
    "in place",
    _bias_reshaped_in_place,
    "Your layer changed the caller's {name} in place.",
    "Compute new arrays instead of changing x, W or b (`+=`, `[...] =`, `.shape =`): later cells reuse the same "
    "weights and inputs. x @ W + b already adds b to every row.",
)
DENSE_MISTAKES = (
    Known(
        "W first",
        lambda x, W, b, activation: activation(W @ x + b),
        "The matrix product is in the wrong order: you computed W @ x.",
        _ORDER,
    ),
    Known(
        "column convention",
        lambda x, W, b, activation: activation(W.T @ x + b),
        "You computed W.T @ x, the convention for one example written as a column vector.",
        "Here the examples are the rows of x: x @ W computes all of them at once.",
    ),
    Known(
        "W transposed",
        lambda x, W, b, activation: activation(x @ W.T + b),
        "W looks transposed: you computed x @ W.T.",
        "Keras stores a kernel as (n_in, n_out), so no transpose is needed: x @ W.",
    ),
    Known(
        "bias missing",
        lambda x, W, b, activation: activation(x @ W),
        "The bias is missing.",
        "Add b to the weighted sum: activation(x @ W + b).",
    ),
    Known(
        "activation missing",
        lambda x, W, b, activation: x @ W + b,
        "The activation is missing: you returned x @ W + b.",
        "Apply the activation you are given to the weighted sum: activation(x @ W + b).",
    ),
    Known(
        "activation before bias",
        lambda x, W, b, activation: activation(x @ W) + b,
        "The activation is applied before the bias is added.",
        "The bias belongs to the weighted sum: activation(x @ W + b), not activation(x @ W) + b.",
    ),
    Known(
        "activation on inputs",
        lambda x, W, b, activation: activation(x) @ W + b,
        "The activation is applied to the inputs, not to the weighted sum.",
        "First the weighted sum, then the activation: activation(x @ W + b).",
    ),
    Known(
        "elementwise",
        lambda x, W, b, activation: activation(x * W + b),
        "You multiplied elementwise (x * W) instead of taking a matrix product.",
        "Each unit sums over all its inputs: use x @ W (or np.matmul).",
    ),
    Known(
        "bias per example",
        lambda x, W, b, activation: activation(x @ W + b[:, None]),
        "The bias was added per example (as a column) instead of per unit.",
        "b has one entry per unit, a column of the output: x @ W + b broadcasts it along the rows.",
    ),
    Known(
        "always relu",
        lambda x, W, b, activation: np.maximum(0, x @ W + b),
        "Your layer applies relu, whatever activation it is given.",
        _CALL_IT,
    ),
    Known(
        "always sigmoid",
        lambda x, W, b, activation: 1 / (1 + np.exp(-(x @ W + b))),
        "Your layer applies sigmoid, whatever activation it is given.",
        _CALL_IT,
    ),
    Known(
        "always tanh",
        lambda x, W, b, activation: np.tanh(x @ W + b),
        "Your layer applies tanh, whatever activation it is given.",
        _CALL_IT,
    ),
    Known(  # before the one-row mistakes: for a batch of one, squeezing also leaves one row
        "squeezed",
        lambda x, W, b, activation: np.squeeze(activation(x @ W + b)),
        "The output lost an axis (np.squeeze): for a batch of one, or one unit, it should keep its shape (n, n_out).",
        "Return activation(x @ W + b) as it is: later cells index it as hidden[:, 0], even for one example or unit.",
    ),
    Known(
        "first example only",
        lambda x, W, b, activation: np.array(
            [activation(sum(x[0, i] * W[i, j] for i in range(len(W))) + b[j]) for j in range(len(b))]
        ),
        "Your layer returned one row, the result of the first example only, instead of one row per example.",
        _ONE_ROW,
    ),
    Known(
        "last example only",
        _last_example_only,
        "Your layer returned one row, the result of the last example: each turn of the loop overwrote the one before.",
        _ONE_ROW,
    ),
    LIST_OF_ROWS,
    IN_PLACE,
)


def check_dense_forward(dense_forward) -> None:
    """activation(x @ W + b), an array of shape (n, n_out), for batches of several and of one; inputs unchanged."""
    for x, W, b, activation in DENSE_CASES:
        what = f"dense_forward(x, W, b, {activation.__name__}) with x {x.shape}, W {W.shape}, b {b.shape}"
        result = call(dense_forward, x, W, b, activation, in_place=IN_PLACE, names=("x", "W", "b"))
        expected = activation(dense(x, W, b))
        if isinstance(result, (list, tuple)) and same(result, expected):
            raise LIST_OF_ROWS(what=describe(result))
        got = as_array(result, what, array=True)
        compare(
            got,
            expected,
            what,
            DENSE_MISTAKES,
            (x, W, b, activation),
            hint="A dense layer computes activation(x @ W + b).",
        )


def _parameters(sizes) -> int:
    """The weights and biases of a dense network of these layer sizes, inputs first."""
    return sum(n_in * n_out + n_out for n_in, n_out in zip(sizes[:-1], sizes[1:], strict=True))


# Exercise 2: the network 2 → 8 → 8 → 1 of the notebook's text; each wrong count as a learner writes it.
COUNTED_NETWORK = (2, 8, 8, 1)
_PER_LAYER = "A Dense layer from n_in to n_out units has n_in × n_out weights and n_out biases."
_ALL = "Add up all 3 layers. " + _PER_LAYER
COUNT_MISTAKES = (
    Known("weights only", 2 * 8 + 8 * 8 + 8 * 1, "You counted the weights but not the biases.", _PER_LAYER),
    Known("biases only", 8 + 8 + 1, "17 is the number of biases: the weights are missing.", _PER_LAYER),
    Known("nodes", 2 + 8 + 8 + 1, "19 is the number of nodes (neurons), not of parameters.", _PER_LAYER),
    Known("no output layer", (2 * 8 + 8) + (8 * 8 + 8), "The output layer's 9 parameters are missing.", _ALL),
    Known("no first layer", (8 * 8 + 8) + (8 * 1 + 1), "The first layer's 24 parameters are missing.", _ALL),
    Known("first layer only", 2 * 8 + 8, "You counted only the first layer.", _ALL),
    Known("first weights only", 2 * 8, "You counted only the first layer's weights.", _ALL),
    Known("middle layer only", 8 * 8 + 8, "You counted only the layer 8 → 8.", _ALL),
    Known("a bias per layer", (2 * 8 + 1) + (8 * 8 + 1) + (8 * 1 + 1), "You counted one bias per layer.", _PER_LAYER),
    Known(
        "a bias per input",
        (2 * 8 + 2) + (8 * 8 + 8) + (8 * 1 + 8),
        "You counted one bias per input of each layer, n_in, instead of one per unit, n_out.",
        _PER_LAYER,
    ),
    Known(
        "input biases",
        (2 * 8 + 8) + (8 * 8 + 8) + (8 * 1 + 1) + 2,
        "You gave the input nodes biases too.",
        "Inputs are data, not units: only hidden and output units have a bias.",
    ),
    Known(
        "sizes added",
        (2 + 8) + (8 + 8) + (8 + 1) + (8 + 8 + 1),
        "You added the sizes of consecutive layers where they should be multiplied.",
        "Each of the n_in nodes connects to each of the n_out units: n_in × n_out weights.",
    ),
    Known("sizes multiplied", 2 * 8 * 8 * 1, "You multiplied all the layer sizes together.", _ALL),
    Known("per layer", [2 * 8 + 8, 8 * 8 + 8, 8 * 1 + 1], "You gave each layer's count, not their sum.", _ALL),
)
COUNT_AS_TEXT = Known(
    "as text",
    "105",
    "n_parameters is the string {text}: text, which never equals Keras's count, a number.",
    "Remove the quotes: write the number itself, or the arithmetic that gives it.",
)
COUNT_AS_FLOAT = Known(
    "as float",
    105.0,
    "n_parameters is the float {value}: the count is right, but a count is a whole number, an int (105, not 105.0).",
    "Keep the arithmetic in integers: / always gives a float; the count needs no division.",
)


def check_n_parameters(n_parameters) -> None:
    """The number of weights and biases of the network 2 → 8 → 8 → 1, as an int."""
    expected = _parameters(COUNTED_NETWORK)
    if isinstance(n_parameters, str) and n_parameters.strip().isdigit():
        raise COUNT_AS_TEXT(text=repr(n_parameters))
    as_array(n_parameters, "n_parameters")  # numbers, not text or NaN
    compare(
        n_parameters,
        expected,
        "n_parameters",
        COUNT_MISTAKES,
        secret="the number of parameters of the network 2 → 8 → 8 → 1",
        hint="For each pair of consecutive layers, count n_in × n_out weights and n_out biases; then add them up.",
    )
    if isinstance(n_parameters, (float, np.floating)):
        raise COUNT_AS_FLOAT(value=n_parameters)
    whole_number(n_parameters, "n_parameters")


# Exercise 3: the smallest network that solves circles, trained as the notebook states.
CIRCLES_TRAINING = {"activation": "tanh", "learning_rate": 0.05, "epochs": 300, "seed": 0}
SOLVED = 0.95  # the validation accuracy that counts as solving circles
# Measured with CIRCLES_TRAINING over seeds 0-29: one hidden layer of 3 tanh units solves circles from 29 seeds
# (4 units from all 30), 2 units from none; networks with a layer of 2 units from at most 1 seed. Every network
# with fewer parameters has only layers of 1 or 2 units, which cannot enclose the disc: [3] is the answer, and it
# is accepted without training, so that its verdict does not hang on one training run on this machine.
SMALLEST = [3]
LARGEST_TRAINED = (4, 64)  # at most 4 hidden layers of 64 units: larger answers are not trained

_LINES = "How many straight lines does it take to enclose a disc?"
NO_HIDDEN_LAYER = Known(
    "no hidden layer",
    [],
    "With no hidden layer, the network is one sigmoid unit: its boundary is a straight line, and no line "
    "separates the disc from the ring around it ({score}).",
    "Add a hidden layer: each hidden unit draws one line, and the output unit combines them.",
)
ONE_UNIT = Known(
    "one unit",
    [1],
    "Too few hidden units ({score}): one tanh unit draws one straight line, which cannot enclose the disc.",
    _LINES,
)
TWO_UNITS = Known(
    "two units",
    [2],
    "Too few hidden units ({score}): 2 tanh units draw 2 straight lines, which cannot enclose the disc.",
    _LINES,
)
NARROW = Known(
    "narrow",
    [2, 2],
    "Every layer has 2 units or fewer, no more than the 2 inputs ({score}): a network that narrow cannot close "
    "a boundary around the disc, however many layers it stacks.",
    "Widen a layer. With a single hidden layer: " + _LINES.lower(),
)
NOT_SMALLEST = Known(
    "not the smallest",
    [4],
    "It solves circles (validation accuracy {accuracy:.2f}), but with {n} parameters it is not the smallest network "
    "that does.",
    "Remove units and layers until it fails: how few straight lines can enclose a disc?",
)
TOO_LARGE = Known(
    "too large",
    [512],
    "A network with {n} parameters is far larger than circles need (and than this check trains).",
    "Start small: one hidden layer of a few units.",
)
BARE_NUMBER = Known(
    "bare number",
    3,
    "hidden_layers should be a list of layer sizes, but it is {what}.",
    "Write a list: [3] is one hidden layer of 3 units, [3, 3] two such layers, [] none.",
)
LAYERS_AS_TEXT = Known(
    "as text",
    "[3]",
    "hidden_layers is the string {text}, but it should be numbers: a list of layer sizes, not text.",
    "Remove the quotes: hidden_layers = [5] is one hidden layer of 5 units.",
)
LAYER_MISTAKES = (NO_HIDDEN_LAYER, ONE_UNIT, TWO_UNITS, NARROW, NOT_SMALLEST, TOO_LARGE, BARE_NUMBER, LAYERS_AS_TEXT)


def _layer_sizes(hidden_layers) -> list[int]:
    """The answer as a list of whole numbers >= 1, as train_network takes them; a Mistake saying what is off."""
    if isinstance(hidden_layers, str):
        raise LAYERS_AS_TEXT(text=repr(hidden_layers))
    sizes = as_array(hidden_layers, "hidden_layers")
    if sizes.ndim == 0:
        raise BARE_NUMBER(what=describe(hidden_layers))
    if sizes.ndim != 1:
        raise Mistake(
            f"hidden_layers has shape {sizes.shape}; expected a flat list of layer sizes such as [4] or [4, 4].",
            "One number per hidden layer: its number of units.",
        )
    layers = [whole_number(size, f"hidden_layers[{i}]") for i, size in enumerate(hidden_layers)]
    if min(layers, default=1) < 1:
        raise Mistake(
            f"hidden_layers = {layers}: a layer needs at least 1 unit.",
            "For example [4] is one hidden layer of 4 units.",
        )
    return layers


def check_hidden_layers(hidden_layers) -> None:
    """[3], a list (or tuple) of ints; any other network is trained on circles to say why it is not the answer."""
    from dl101.models import binary_accuracy, playground_data, train_network

    layers = _layer_sizes(hidden_layers)
    if layers == SMALLEST:
        return
    n_parameters = _parameters([2, *layers, 1])
    if len(layers) > LARGEST_TRAINED[0] or max(layers, default=0) > LARGEST_TRAINED[1]:
        raise TOO_LARGE(n=n_parameters)
    X_train, y_train, X_val, y_val = playground_data("circles")
    accuracy = binary_accuracy(train_network(X_train, y_train, layers, **CIRCLES_TRAINING)[0], X_val, y_val)
    if accuracy >= SOLVED:
        if n_parameters > _parameters([2, *SMALLEST, 1]):
            raise NOT_SMALLEST(accuracy=accuracy, n=n_parameters)
        return  # no network this small is known to solve circles, but one that does is as good an answer
    score = f"validation accuracy {accuracy:.2f}, below {SOLVED}"
    if not layers:
        raise NO_HIDDEN_LAYER(score=score)
    if layers == [1]:
        raise ONE_UNIT(score=score)
    if layers == [2]:
        raise TWO_UNITS(score=score)
    if max(layers) <= 2:
        raise NARROW(score=score)
    raise Mistake(
        f"This network does not solve circles with the training of the exercise ({score}).",
        "Try a single hidden layer of a few units.",
    )


EXERCISES = [
    Exercise("03.dense_forward", "dense_forward", check_dense_forward, mistakes=DENSE_MISTAKES),
    Exercise(
        "03.n_parameters",
        "n_parameters",
        check_n_parameters,
        kind="value",
        mistakes=(*COUNT_MISTAKES, COUNT_AS_TEXT, COUNT_AS_FLOAT),
    ),
    Exercise("03.hidden_layers", "hidden_layers", check_hidden_layers, kind="value", mistakes=LAYER_MISTAKES),
]
