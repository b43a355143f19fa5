"""Checks for notebook 03: a dense layer's forward pass, counting parameters, the smallest network for circles."""

from __future__ import annotations

import numpy as np

from dl101.checks.core import Case, Exercise, Known, Mistake, as_array, describe, whole_number
from dl101.models import binary_accuracy, playground_data, train_network
from dl101.nn import relu, sigmoid

_rng = np.random.default_rng(3)
# A square case (3 examples, 3 inputs, 3 units), where every wrong order of the product runs and can be named;
# sigmoid on other shapes; a batch of one; one output unit, like the notebook's last layer.
# fmt: off
DENSE_CASES = tuple(
    Case(f"dense_forward(x, W, b, {activation.__name__}) with x {x.shape}, W {W.shape}, b {b.shape}",
         (x, W, b, activation))
    for x, W, b, activation in (
        (np.array([[1.0, -2.0, 0.5], [0.0, 1.5, -1.0], [2.0, 0.5, 1.0]]),
         np.array([[0.5, -1.0, 0.8], [-0.3, 0.6, 0.2], [1.2, 0.4, -0.7]]), np.array([0.1, -0.4, 0.3]), relu),
        (_rng.normal(size=(5, 2)), _rng.normal(size=(2, 4)), _rng.normal(size=4), sigmoid),
        (_rng.normal(size=(1, 3)), _rng.normal(size=(3, 2)), _rng.normal(size=2), relu),
        (_rng.normal(size=(4, 4)), _rng.normal(size=(4, 1)), _rng.normal(size=1), sigmoid),
    )
)
# fmt: on


def _last_example_only(x, W, b, activation):
    for example in x:
        out = activation(example @ W + b)
    return out


ORDER = "With examples in the rows of x, shape (n, n_in), and W of shape (n_in, n_out), compute x @ W."
CALL_IT = "Call the function passed as the `activation` argument: activation(x @ W + b)."
# fmt: off
DENSE_MISTAKES = (
    Known("W first", "The matrix product is in the wrong order: you computed W @ x.", ORDER,
          lambda x, W, b, activation: activation(W @ x + b)),
    Known("W transposed", "W looks transposed: you computed x @ W.T.",
          "Keras stores a kernel as (n_in, n_out), so no transpose is needed: x @ W.",
          lambda x, W, b, activation: activation(x @ W.T + b)),
    Known("bias missing", "The bias is missing.",
          "Add b to the weighted sum: activation(x @ W + b).", lambda x, W, b, activation: activation(x @ W)),
    Known("activation missing", "The activation is missing: you returned x @ W + b.",
          "Apply the activation you are given to the weighted sum: activation(x @ W + b).",
          lambda x, W, b, activation: x @ W + b),
    Known("activation before bias", "The activation is applied before the bias is added.",
          "The bias belongs to the weighted sum: activation(x @ W + b), not activation(x @ W) + b.",
          lambda x, W, b, activation: activation(x @ W) + b),
    Known("elementwise", "You multiplied elementwise (x * W) instead of taking a matrix product.",
          "Each unit sums over all its inputs: use x @ W (or np.matmul).",
          lambda x, W, b, activation: activation(x * W + b)),
    Known("bias per example", "The bias was added per example (as a column) instead of per unit.",
          "b has one entry per unit, a column of the output: x @ W + b broadcasts it along the rows.",
          lambda x, W, b, activation: activation(x @ W + b[:, None])),
    Known("always relu", "Your layer applies relu, whatever activation it is given.", CALL_IT,
          lambda x, W, b, activation: np.maximum(0, x @ W + b)),
    Known("last example only", "Your layer returned one row, the result of the last example: each turn of the loop "
          "overwrote the one before.",
          "Compute the whole batch at once: x @ W + b gives one row per example (row of x).", _last_example_only),
)
# fmt: on


def _parameters(sizes) -> int:
    """The weights and biases of a dense network of these layer sizes, inputs first."""
    return sum(n_in * n_out + n_out for n_in, n_out in zip(sizes[:-1], sizes[1:], strict=True))


# Exercise 2: the network 2 → 8 → 8 → 1 of the notebook's text; each wrong count as a learner writes it.
PER_LAYER = "A Dense layer from n_in to n_out units has n_in × n_out weights and n_out biases."
ALL = "Add up all 3 layers. " + PER_LAYER
# fmt: off
COUNT_MISTAKES = (
    Known("weights only", "You counted the weights but not the biases.", PER_LAYER, 2 * 8 + 8 * 8 + 8 * 1),
    Known("biases only", "17 is the number of biases: the weights are missing.", PER_LAYER, 8 + 8 + 1),
    Known("nodes", "19 is the number of nodes (neurons), not of parameters.", PER_LAYER, 2 + 8 + 8 + 1),
    Known("no output layer", "The output layer's 9 parameters are missing.", ALL, (2 * 8 + 8) + (8 * 8 + 8)),
    Known("no first layer", "The first layer's 24 parameters are missing.", ALL, (8 * 8 + 8) + (8 * 1 + 1)),
    Known("first layer only", "You counted only the first layer.", ALL, 2 * 8 + 8),
    Known("middle layer only", "You counted only the layer 8 → 8.", ALL, 8 * 8 + 8),
    Known("a bias per layer", "You counted one bias per layer.", PER_LAYER, (2 * 8 + 1) + (8 * 8 + 1) + (8 * 1 + 1)),
    Known("a bias per input", "You counted one bias per input of each layer, n_in, instead of one per unit, n_out.",
          PER_LAYER, (2 * 8 + 2) + (8 * 8 + 8) + (8 * 1 + 8)),
    Known("input biases", "You gave the input nodes biases too.",
          "Inputs are data, not units: only hidden and output units have a bias.",
          (2 * 8 + 8) + (8 * 8 + 8) + (8 * 1 + 1) + 2),
    Known("sizes added", "You added the sizes of consecutive layers where they should be multiplied.",
          "Each of the n_in nodes connects to each of the n_out units: n_in × n_out weights.",
          (2 + 8) + (8 + 8) + (8 + 1) + (8 + 8 + 1)),
    Known("sizes multiplied", "You multiplied all the layer sizes together.", ALL, 2 * 8 * 8 * 1),
    Known("per layer", "You gave each layer's count, not their sum.", ALL, [2 * 8 + 8, 8 * 8 + 8, 8 * 1 + 1]),
)


# Exercise 3: the smallest network that solves circles, trained as the notebook states.
CIRCLES_TRAINING = {"activation": "tanh", "learning_rate": 0.05, "epochs": 300, "seed": 0}
SOLVED = 0.95  # the validation accuracy that counts as solving circles
# Measured with CIRCLES_TRAINING over seeds 0-29: one hidden layer of 3 tanh units solves circles from 29 seeds
# (4 units from all 30), 2 units from none; networks with a layer of 2 units from at most 1 seed. Every network
# with fewer parameters has only layers of 1 or 2 units, which cannot enclose the disc: the reference, [3], is
# accepted without training, so that its verdict does not hang on one training run on this machine.
LARGEST_TRAINED = (4, 64)  # at most 4 hidden layers of 64 units: larger answers are not trained
LINES = "How many straight lines does it take to enclose a disc?"
NO_HIDDEN_LAYER = Known("no hidden layer",
    "With no hidden layer, the network is one sigmoid unit: its boundary is a straight line, and no line separates "
    "the disc from the ring around it ({score}).",
    "Add a hidden layer: each hidden unit draws one line, and the output unit combines them.")
ONE_UNIT = Known("one unit",
    "Too few hidden units ({score}): one tanh unit draws one straight line, which cannot enclose the disc.", LINES)
TWO_UNITS = Known("two units",
    "Too few hidden units ({score}): 2 tanh units draw 2 straight lines, which cannot enclose the disc.", LINES)
NARROW = Known("narrow",
    "Every layer has 2 units or fewer, no more than the 2 inputs ({score}): a network that narrow cannot close a "
    "boundary around the disc, however many layers it stacks.",
    "Widen a layer. With a single hidden layer: " + LINES.lower())
NOT_SMALLEST = Known("not the smallest",
    "It solves circles (validation accuracy {accuracy:.2f}), but with {n} parameters it is not the smallest network "
    "that does.", "Remove units and layers until it fails: how few straight lines can enclose a disc?")
TOO_LARGE = Known("too large",
    "A network with {n} parameters is far larger than circles need (and than this check trains).",
    "Start small: one hidden layer of a few units.")
BARE_NUMBER = Known("bare number",
    "hidden_layers should be a list of layer sizes, but it is {what}.",
    "Write a list: [3] is one hidden layer of 3 units, [3, 3] two such layers, [] none.")
LAYERS_AS_TEXT = Known("as text",
    "hidden_layers is the string {text}, but it should be numbers: a list of layer sizes, not text.",
    "Remove the quotes: hidden_layers = [5] is one hidden layer of 5 units.")
LAYER_MISTAKES = (NO_HIDDEN_LAYER, ONE_UNIT, TWO_UNITS, NARROW, NOT_SMALLEST, TOO_LARGE, BARE_NUMBER, LAYERS_AS_TEXT)
# fmt: on


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


def check_hidden_layers(hidden_layers, reference) -> None:
    """The reference, a list (or tuple) of ints; any other network is trained on circles to say why it is not it."""
    layers = _layer_sizes(hidden_layers)
    if layers == list(reference):
        return
    n_parameters = _parameters([2, *layers, 1])
    if len(layers) > LARGEST_TRAINED[0] or max(layers, default=0) > LARGEST_TRAINED[1]:
        raise TOO_LARGE(n=n_parameters)
    X_train, y_train, X_val, y_val = playground_data("circles")
    accuracy = binary_accuracy(train_network(X_train, y_train, layers, **CIRCLES_TRAINING)[0], X_val, y_val)
    if accuracy >= SOLVED:
        if n_parameters > _parameters([2, *reference, 1]):
            raise NOT_SMALLEST(accuracy=accuracy, n=n_parameters)
        return  # no network this small is known to solve circles, but one that does is as good an answer
    score = f"validation accuracy {accuracy:.2f}, below {SOLVED}"
    named = {(): NO_HIDDEN_LAYER, (1,): ONE_UNIT, (2,): TWO_UNITS}
    if tuple(layers) in named or max(layers) <= 2:
        raise named.get(tuple(layers), NARROW)(score=score)
    raise Mistake(
        f"This network does not solve circles with the training of the exercise ({score}).",
        "Try a single hidden layer of a few units.",
    )


# fmt: off
EXERCISES = [
    Exercise("03.dense_forward", "dense_forward", DENSE_CASES, DENSE_MISTAKES, names=("x", "W", "b"),
             hint="A dense layer computes activation(x @ W + b)."),
    Exercise("03.n_parameters", "n_parameters", mistakes=COUNT_MISTAKES, kind="value",
             hint="For each pair of consecutive layers, count n_in × n_out weights and n_out biases; then add them up.",
             secret="the number of parameters of the network 2 → 8 → 8 → 1"),
    Exercise("03.hidden_layers", "hidden_layers", mistakes=LAYER_MISTAKES, check=check_hidden_layers, kind="value"),
]
# fmt: on
