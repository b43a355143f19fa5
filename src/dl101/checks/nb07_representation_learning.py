"""Checks for notebook 07: the embedding of a trained network as a sub-model, and nearest-neighbour retrieval.

Keras is imported inside the functions that need it: notebooks without TensorFlow import this module too.
"""

from __future__ import annotations

import numpy as np

from dl101.checks.core import Case, Exercise, Known, Mistake, as_array, describe, difference, run, same

# A small network with fixed "trained" weights, whose layer named "features" is not the layer before the
# classifier ("whatever its name"), and in which every layer outputs something else.
INPUT_SHAPE = (6, 6, 2)


def _known_model():
    """images → conv1 → features (a convolution) → pool → embedding (Flatten) → classifier, fixed weights."""
    import keras

    zeros = {"kernel_initializer": "zeros", "bias_initializer": "zeros"}  # no draw from Keras's global seed
    inputs = keras.Input(INPUT_SHAPE, name="images")
    x = keras.layers.Conv2D(3, 3, padding="same", activation="relu", name="conv1", **zeros)(inputs)
    x = keras.layers.Conv2D(4, 3, padding="same", activation="relu", name="features", **zeros)(x)
    x = keras.layers.Flatten(name="embedding")(keras.layers.MaxPooling2D(name="pool")(x))
    outputs = keras.layers.Dense(3, activation="softmax", name="classifier", **zeros)(x)
    model = keras.Model(inputs, outputs, name="known_cnn")
    _draw_weights(model, seed=7)
    return model


def _draw_weights(model, seed: int) -> None:
    rng = np.random.default_rng(seed)
    model.set_weights([rng.normal(0.1, 0.5, size=w.shape).astype("float32") for w in model.get_weights()])


def _sub_model(model, layer):
    import keras

    return keras.Model(model.input, layer.output)


EMBEDDING = "The embedding is the output of the layer just before the classifier: model.layers[-2].output."
# fmt: off
PROBABILITIES = Known("probabilities",
    "Your sub-model outputs the classifier's probabilities (one per class), not the embedding.", EMBEDDING,
    lambda model: _sub_model(model, model.layers[-1]))
ONE_LAYER_EARLY = Known("one layer early",
    "Your sub-model outputs the layer two before the classifier: one layer too early.", EMBEDDING,
    lambda model: _sub_model(model, model.layers[-3]))
BY_NAME = Known("by name",
    'Your sub-model outputs the layer named "features", which in this model is not the layer before the classifier.',
    "Find the layer by its position, whatever its name: model.layers[-2] is the one before the classifier.",
    lambda model: _sub_model(model, model.get_layer("features")))
MODEL_ITSELF = Known("model itself",
    "embedding_model(model) returned the model itself, whose output is the classifier's probabilities.",
    "Build a new keras.Model that stops one layer earlier: its output is the layer before the classifier.")
THE_LAYER = Known("the layer",
    "embedding_model(model) returned a layer, or its symbolic output, not a model.",
    "A layer is a piece of the network, not a function of the images: build keras.Model(model.input, layer.output).")
FRESH_WEIGHTS = Known("fresh weights",
    "Your sub-model has the right output shape but other values: it does not use the trained weights.",
    "Did you build or clone a new (untrained) network? Reuse the given model's layers: keras.Model(model.input, "
    "model.layers[-2].output).")
COPY = Known("copy",
    "Your sub-model gives the embedding, but of a copy of the network: when the model's weights change, it does not.",
    "Reuse the given model's own layers, not a clone of them: keras.Model(model.input, model.layers[-2].output).")
NEW_NETWORK = Known("new network",
    "Your sub-model takes inputs of shape {got}, but the model it was given takes {expected}.",
    "Do not build a new network: start the sub-model at the given model's input, keras.Model(model.input, …).")
# fmt: on
WRONG_LAYERS = (PROBABILITIES, ONE_LAYER_EARLY, BY_NAME)  # recognised by what they output
EMBEDDING_MISTAKES = (*WRONG_LAYERS, MODEL_ITSELF, THE_LAYER, FRESH_WEIGHTS, COPY, NEW_NETWORK)


def _as_model(result, model):
    """The learner's result if it is a keras.Model of the model's images; otherwise the mistake it is."""
    import keras

    if result is model:
        raise MODEL_ITSELF()
    if isinstance(result, (keras.KerasTensor, keras.layers.Layer)) and not isinstance(result, keras.Model):
        raise THE_LAYER()
    if not isinstance(result, keras.Model):
        raise Mistake(
            f"embedding_model(model) should return a keras.Model, but it returned {describe(result)}.",
            "Return keras.Model(model.input, output of the layer before the classifier), without calling it on data.",
        )
    got = tuple(result.inputs[0].shape) if len(result.inputs) == 1 else f"{len(result.inputs)} inputs"
    if got != (None, *INPUT_SHAPE):
        raise NEW_NETWORK(got=got, expected=(None, *INPUT_SHAPE))
    return result


def _embeddings(sub_model, x: np.ndarray) -> np.ndarray:
    """The sub-model's output for the images x, as one array."""
    out = run(sub_model, x, training=False)
    if isinstance(out, (list, tuple, dict)):
        raise Mistake(f"Your sub-model has {len(out)} outputs; the embedding is one array.", EMBEDDING)
    return as_array(out, f"The sub-model's output for {len(x)} image{'s' if len(x) > 1 else ''}")


def check_embedding_model(embedding_model, reference) -> None:
    """A keras.Model from the model's input to its last layer but one (by position), sharing its layers;
    right for a batch of one too."""
    model = _known_model()
    x = np.random.default_rng(3).normal(size=(5, *INPUT_SHAPE)).astype("float32")
    sub_model = _as_model(run(embedding_model, model), model)
    got, expected = _embeddings(sub_model, x), _embeddings(reference(model), x)
    if not same(got, expected, rtol=1e-5, atol=1e-6):
        for known in WRONG_LAYERS:
            if same(got, _embeddings(known.answer(model), x), rtol=1e-5, atol=1e-6):
                raise known()
        if got.shape == expected.shape:
            raise FRESH_WEIGHTS()
        raise Mistake(f"Your sub-model's output has shape {got.shape}; the embedding, {expected.shape}.", EMBEDDING)
    one = _embeddings(sub_model, x[:1])
    if not same(one, expected[:1], rtol=1e-5, atol=1e-6):
        raise Mistake(f"For a batch of one image, your sub-model's output is wrong: {difference(one, expected[:1])}.")
    _draw_weights(model, seed=8)  # the model learns on: a sub-model that shares its layers follows it
    if not same(_embeddings(sub_model, x), _embeddings(reference(model), x), rtol=1e-5, atol=1e-6):
        raise COPY()


# Points whose Euclidean, cosine, Manhattan and dot-product neighbours differ, with no two distances close;
# points with duplicate rows, one of them equal to the query, and ties; 300 points, where np.argpartition
# gives the k nearest in another order than nearest first (it sorts arrays of up to 256).
# fmt: off
POINTS = np.array([[0.7, 0.2, 0.0, -0.1], [-0.3, 1.7, -1.2, 1.0], [1.3, -0.1, 0.1, 0.2], [-0.4, -0.5, -0.7, 1.3],
                   [-1.7, 2.2, -1.0, -0.2], [0.5, 0.2, -1.1, 1.2], [1.0, 0.5, -1.8, 0.5], [0.2, 0.2, -1.1, 0.3],
                   [1.3, -1.2, -2.2, 0.7], [-1.4, 0.5, 1.7, -1.1]], dtype="float32")  # as the notebook's embeddings
DUPLICATES = np.array([[2, 1], [0, 0], [1, 0], [3, 3], [0, 1], [0, 0], [2, 1]], dtype="float32")
MANY = np.random.default_rng(7).normal(size=(300, 3)).astype("float32")
# k from 1 to n − 1, a NumPy integer as the query (the notebook's `examples`), and both rows of a duplicate
# pair as the query, so that dropping the first sorted index fails for one of them.
NEIGHBOUR_CASES = tuple(
    Case(f"nearest_neighbours(embeddings of shape {e.shape}, query_index={q}, k={k})", (e, q, k))
    for e, q, k in ((POINTS, np.int64(2), 5), (POINTS, 7, 1), (POINTS, 0, 9), (DUPLICATES, 1, 2), (DUPLICATES, 5, 3),
                    (DUPLICATES, 5, 6), (MANY, 1, 160), (MANY, 4, 200))
)
# fmt: on


def _euclidean(embeddings, query_index):
    return np.linalg.norm(embeddings - embeddings[query_index], axis=1)


def _distances(neighbours, embeddings, query_index, k):
    """The distance to the query of each row returned, in order, the query itself infinitely far: rows at equal
    distances may come in any order."""
    distances = _euclidean(embeddings.astype(float), query_index)
    distances[query_index] = np.inf
    return distances[neighbours]


def _nearest_by(distance, query_index, k):
    """The k rows nearest the query by ``distance``, nearest first, the query left out."""
    order = np.argsort(distance)
    return order[order != query_index][:k]


NEAREST = "Sort by Euclidean distance with np.argsort, leave the query out by its index, and keep the first k."
# The wrong answers below take (e, q, k): the embeddings, the query's index and how many neighbours.
# fmt: off
NEIGHBOUR_MISTAKES = (
    Known("including the query", "The first index you return is the query itself (its distance to itself is 0).",
          "Leave the query out: set its distance to np.inf before sorting, or drop it from the sorted indices.",
          lambda e, q, k: np.argsort(_euclidean(e, q))[:k]),
    Known("first dropped", "A row equal to the query came first: your function dropped it, or kept the query itself. "
          "Dropping the first sorted index does not always drop the query.",
          "Rows at distance 0 may come in any order: leave out the query by its index, setting distances[query_index] "
          "= np.inf before sorting.",
          lambda e, q, k: np.argsort(_euclidean(e, q))[1 : k + 1]),
    Known("zero distances dropped", "A row equal to the query is its nearest neighbour, at distance 0, but you left "
          "it out.", "Leave out the query by its index, not every row at distance 0: distances[query_index] = np.inf.",
          lambda e, q, k: np.argsort(np.where(_euclidean(e, q) == 0, np.inf, _euclidean(e, q)))[:k]),
    Known("cosine", "These are the nearest neighbours by cosine similarity (the angle), not by Euclidean distance.",
          NEAREST, lambda e, q, k: _nearest_by(-e @ e[q] / np.linalg.norm(e, axis=1), q, k)),
    Known("manhattan", "These are the nearest neighbours by the sum of absolute differences (Manhattan distance).",
          NEAREST, lambda e, q, k: _nearest_by(np.abs(e - e[q]).sum(axis=1), q, k)),
    Known("dot product", "These are the images with the largest dot product with the query: a dot product is not a "
          "distance.", "Long vectors have large dot products with everything. " + NEAREST,
          lambda e, q, k: _nearest_by(-e @ e[q], q, k)),
    Known("query row deleted", "Some indices are off by one: they count the rows after the query's row was deleted.",
          "Indices must refer to the rows you were given: set the query's distance to np.inf rather than deleting it.",
          lambda e, q, k: np.argsort(np.linalg.norm(np.delete(e, q, axis=0) - e[q], axis=1))[:k]),
    Known("unsorted", "{what} found the right neighbours, but not nearest first.",
          "np.argpartition finds the k smallest in no particular order: sort by distance with np.argsort instead.",
          lambda e, q, k: np.argpartition(np.where(np.arange(len(e)) == q, np.inf, _euclidean(e, q)), k - 1)[:k]),
)

EXERCISES = [
    Exercise("07.embedding_model", "embedding_model", mistakes=EMBEDDING_MISTAKES, check=check_embedding_model),
    Exercise("07.nearest_neighbours", "nearest_neighbours", NEIGHBOUR_CASES, NEIGHBOUR_MISTAKES, names=("embeddings",),
             hint="Compared are the distances to the query of the rows you return, in order (the query itself counts "
                  "as infinitely far). " + NEAREST,
             dtype="integer", compared=_distances),
]
# fmt: on
