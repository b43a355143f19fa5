"""Checks for notebook 07: the embedding of a trained network as a sub-model, and nearest-neighbour retrieval.

Keras is imported inside the functions that need it: notebooks without TensorFlow import this
module too.
"""

from __future__ import annotations

import numpy as np

from dl101.checks.core import Exercise, Mistake, as_array, run, same

# Exercise 1: a small known network, named like the course's small CNN, with fixed "trained" weights.
KNOWN_INPUT_SHAPE = (6, 6, 2)


def _known_model():
    """Input → conv1 → pool1 → features (Flatten) → classifier (softmax), weights drawn from a fixed seed."""
    import keras

    inputs = keras.Input(KNOWN_INPUT_SHAPE, name="images")
    zeros = {"kernel_initializer": "zeros", "bias_initializer": "zeros"}  # no draw from Keras's global seed
    x = keras.layers.Conv2D(4, 3, padding="same", activation="relu", name="conv1", **zeros)(inputs)
    x = keras.layers.MaxPooling2D(name="pool1")(x)
    x = keras.layers.Flatten(name="features")(x)
    outputs = keras.layers.Dense(3, activation="softmax", name="classifier", **zeros)(x)
    model = keras.Model(inputs, outputs, name="known_cnn")
    rng = np.random.default_rng(7)
    model.set_weights([rng.normal(0.1, 0.5, size=w.shape).astype("float32") for w in model.get_weights()])
    return model


def _outputs_of(model, layer_names: list[str], x: np.ndarray) -> list[np.ndarray]:
    """What each named layer of ``model`` outputs for x."""
    import keras

    probe = keras.Model(model.input, [model.get_layer(name).output for name in layer_names])
    return [np.asarray(out) for out in probe(x, training=False)]


def _describe(value) -> str:
    shape = getattr(value, "shape", None)
    return type(value).__name__ + (f" of shape {tuple(shape)}" if shape is not None else "")


def _as_model(result, model):
    """The learner's result if it is a keras.Model; otherwise a Mistake saying what it is instead."""
    import keras

    if result is None:
        raise Mistake("embedding_model(model) returned None.", "Did you forget the `return` statement?")
    if isinstance(result, keras.Model):
        return result
    if isinstance(result, keras.layers.Layer):
        raise Mistake(
            f"embedding_model(model) returned the layer {result.name!r}, not a model.",
            "A layer is a piece of the network, not a function of the images: "
            "build keras.Model(model.input, layer.output).",
        )
    if isinstance(result, keras.KerasTensor):
        raise Mistake(
            "embedding_model(model) returned a symbolic tensor (a layer's .output), not a model.",
            "Wrap it in a model that starts at the images: keras.Model(model.input, that_output).",
        )
    raise Mistake(
        f"embedding_model(model) should return a keras.Model, but it returned a {_describe(result)}.",
        "Return keras.Model(model.input, output of the layer before the classifier), without calling it on data.",
    )


def _embeddings(sub_model, x: np.ndarray) -> np.ndarray:
    """The sub-model's output for x, as an array; a Mistake if it cannot be called on the known model's images."""
    expected_input = (None, *KNOWN_INPUT_SHAPE)
    got_input = tuple(getattr(sub_model.inputs[0], "shape", ())) if len(sub_model.inputs) == 1 else None
    if got_input != expected_input:
        raise Mistake(
            f"Your sub-model takes inputs of shape {got_input}, but the model it was given takes {expected_input}.",
            "Do not build a new network: start the sub-model at the given model's input, keras.Model(model.input, …).",
        )
    out = run(sub_model, x, training=False)
    if isinstance(out, (list, tuple, dict)):
        raise Mistake(
            f"Your sub-model has {len(out)} outputs; the embedding is one array.",
            "Give keras.Model one output: the output of the layer before the classifier.",
        )
    return as_array(out, "The sub-model's output")


def check_embedding_model(embedding_model) -> None:
    """A sub-model from the model's input to its last layer but one (the flattened features), sharing its weights."""
    model = _known_model()
    x = np.random.default_rng(3).normal(size=(5, *KNOWN_INPUT_SHAPE)).astype("float32")
    conv1, pool1, features, probabilities = _outputs_of(model, ["conv1", "pool1", "features", "classifier"], x)
    result = run(embedding_model, model)
    if result is model:
        raise Mistake(
            "embedding_model(model) returned the model itself, whose output is the classifier's probabilities.",
            "Build a new keras.Model that stops one layer earlier: its output is the layer before the classifier.",
        )
    got = _embeddings(_as_model(result, model), x)
    if same(got, features, rtol=1e-5, atol=1e-6):
        return
    known = [
        (
            probabilities,
            "Your sub-model outputs the classifier's probabilities (one per class), not the embedding.",
            "The embedding is the output of the layer *before* the classifier: model.layers[-2].output.",
        ),
        (
            conv1,
            "Your sub-model outputs the first convolution's activation maps, not the embedding.",
            "The embedding is the last representation, the layer just before the classifier: model.layers[-2].",
        ),
        (
            x,
            "Your sub-model outputs its input images unchanged: you took the input layer's output.",
            "model.layers[0] is the input layer; the embedding is the layer before the classifier, model.layers[-2].",
        ),
        (
            pool1,
            "Your sub-model outputs the layer before the flattening one: the right numbers, not yet one vector each.",
            "Take one layer later, the one just before the classifier: model.layers[-2].",
        ),
    ]
    for wrong, message, hint in known:
        if same(got, wrong, rtol=1e-5, atol=1e-6):
            raise Mistake(message, hint)
    if got.shape == features.shape:
        raise Mistake(
            "Your sub-model has the right output shape but other values: it does not use the trained weights.",
            "Did you build or clone a new (untrained) network? Reuse the given model's layers: "
            "keras.Model(model.input, model.layers[-2].output).",
        )
    raise Mistake(
        f"Your sub-model's output has shape {got.shape}; the embedding of these {len(x)} images has shape "
        f"{features.shape}.",
        "The embedding is the output of the layer just before the classifier: model.layers[-2].output.",
    )


# Exercise 2: points whose Euclidean, cosine and Manhattan neighbours differ, with no two distances equal.
EMBEDDINGS = np.array(
    [
        [0.1, 0.0, -0.2],
        [1.0, 0.2, 0.0],
        [3.0, 0.5, 0.1],
        [0.5, 2.5, 0.3],
        [2.0, 2.0, 2.0],
        [4.0, 4.1, 3.9],
        [2.6, 1.4, 2.2],
        [1.0, 1.0, 1.05],
        [-1.0, 2.0, 0.5],
        [5.5, -0.5, 1.0],
        [2.2, 3.1, 1.3],
        [0.3, -1.2, 2.5],
    ]
)
CASES = ((4, 3), (9, 5))  # (query_index, k)


def _euclidean(embeddings: np.ndarray, query_index: int) -> np.ndarray:
    return np.linalg.norm(embeddings - embeddings[query_index], axis=1)


def _cosine(embeddings: np.ndarray, query_index: int) -> np.ndarray:
    norms = np.linalg.norm(embeddings, axis=1) + 1e-12
    return 1 - embeddings @ embeddings[query_index] / (norms * norms[query_index])


def _order(distances: np.ndarray, query_index: int) -> np.ndarray:
    """Indices sorted by distance, the query left out."""
    order = np.argsort(distances, kind="stable")
    return order[order != query_index]


def _neighbour_mistakes(embeddings: np.ndarray, query_index: int, k: int) -> list[tuple]:
    """(wrong result, message, hint) of each typical mistake on this query."""
    distances = _euclidean(embeddings, query_index)
    with_query = np.argsort(distances, kind="stable")
    nearest = _order(distances, query_index)
    without_query_row = np.argsort(np.delete(distances, query_index), kind="stable")
    return [
        (
            with_query[:k],
            "The first index you return is the query itself (its distance to itself is 0).",
            "Leave the query out: set its distance to np.inf before sorting, or drop it from the sorted indices.",
        ),
        (
            with_query[: k + 1],
            f"You returned {k + 1} indices: the query itself and its {k} neighbours.",
            "Leave the query out, and return exactly k indices.",
        ),
        (
            nearest[: k - 1],
            f"You returned {k - 1} neighbours instead of k = {k}: an off-by-one slice.",
            "After leaving the query out, keep the first k: order[:k].",
        ),
        (
            nearest[::-1][:k],
            "You returned the farthest images: the distances were sorted in descending order.",
            "np.argsort sorts in ascending order: the nearest come first, so take the first k.",
        ),
        (
            np.sort(distances[nearest])[:k],
            "You returned the distances to the neighbours, not their indices.",
            "np.argsort gives the indices that sort the distances; np.sort the distances themselves.",
        ),
        (
            _order(_cosine(embeddings, query_index), query_index)[:k],
            "These are the nearest neighbours by cosine similarity (the angle), not by Euclidean distance.",
            "Euclidean distance: np.linalg.norm(embeddings - embeddings[query_index], axis=1).",
        ),
        (
            _order(np.abs(embeddings - embeddings[query_index]).sum(axis=1), query_index)[:k],
            "These are the nearest neighbours by the sum of absolute differences (Manhattan distance).",
            "Euclidean distance squares the differences, sums them, then takes the square root: "
            "np.linalg.norm(..., axis=1).",
        ),
        (
            _order(-(embeddings @ embeddings[query_index]), query_index)[:k],
            "These are the images with the largest dot product with the query: a dot product is not a distance.",
            "Long vectors have large dot products with everything. "
            "Use the Euclidean distance: np.linalg.norm(embeddings - embeddings[query_index], axis=1).",
        ),
        (
            _order(np.linalg.norm(embeddings - embeddings[query_index], axis=0), query_index)[:k],
            "You computed the distance along the wrong axis: one number per feature, not one per image.",
            "Sum over the features of each image: np.linalg.norm(..., axis=1).",
        ),
        (
            without_query_row[:k],
            "Some indices are off by one: they count the rows after the query's row was deleted.",
            "Indices must refer to the rows of the embeddings you were given: "
            "set the query's distance to np.inf rather than deleting its row.",
        ),
    ]


def check_nearest_neighbours(nearest_neighbours) -> None:
    """The k nearest other rows by Euclidean distance, nearest first, on two queries of a small set of points."""
    for query_index, k in CASES:
        embeddings = EMBEDDINGS.copy()
        what = f"nearest_neighbours(embeddings, query_index={query_index}, k={k})"
        got = as_array(run(nearest_neighbours, embeddings, query_index, k), what)
        if not np.array_equal(embeddings, EMBEDDINGS):
            raise Mistake(
                "Your function changed the caller's embeddings in place.",
                "Compute the distances into a new array and change that one, not the embeddings.",
            )
        expected = _order(_euclidean(EMBEDDINGS, query_index), query_index)[:k]
        if same(got, expected):
            continue
        for wrong, message, hint in _neighbour_mistakes(EMBEDDINGS, query_index, k):
            if same(got, wrong):
                raise Mistake(message, hint)
        if got.shape != (k,):
            raise Mistake(
                f"{what} returned an array of shape {got.shape}; expected shape ({k},), one index per neighbour.",
                "Return the indices of the k nearest images: a 1-D array of k integers.",
            )
        if sorted(got) == sorted(expected):
            raise Mistake(
                f"{what} found the right neighbours, but not nearest first.",
                "Sort by distance with np.argsort and keep that order.",
            )
        raise Mistake(
            f"{what} is wrong: expected the indices {expected.tolist()}, got {np.round(got, 4).tolist()}.",
            "Compute the Euclidean distance from the query to every image, leave the query out, "
            "and return the indices of the k smallest, nearest first.",
        )


EXERCISES = [
    Exercise("07.embedding_model", "embedding_model", check_embedding_model),
    Exercise("07.nearest_neighbours", "nearest_neighbours", check_nearest_neighbours),
]
