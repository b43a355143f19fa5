"""Checks for notebook 07: the embedding of a trained network as a sub-model, and nearest-neighbour retrieval.

Keras is imported inside the functions that need it: notebooks without TensorFlow import this
module too.
"""

from __future__ import annotations

import numpy as np

from dl101.checks.core import Exercise, Known, Mistake, as_array, call, compare, describe, difference, run, same

# Exercise 1: a small network with fixed "trained" weights, whose layer named "features" is not the
# layer before the classifier ("whatever its name"), and in which every layer outputs something else.
INPUT_SHAPE = (6, 6, 2)


def _known_model():
    """images → conv1 → features (a convolution) → pool → embedding (Flatten) → classifier, fixed weights."""
    import keras

    zeros = {"kernel_initializer": "zeros", "bias_initializer": "zeros"}  # no draw from Keras's global seed
    inputs = keras.Input(INPUT_SHAPE, name="images")
    x = keras.layers.Conv2D(3, 3, padding="same", activation="relu", name="conv1", **zeros)(inputs)
    x = keras.layers.Conv2D(4, 3, padding="same", activation="relu", name="features", **zeros)(x)
    x = keras.layers.MaxPooling2D(name="pool")(x)
    x = keras.layers.Flatten(name="embedding")(x)
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


def _clone(model, trained: bool):
    """A sub-model of a clone of the model: new layers, with new weights or a copy of the trained ones."""
    import keras

    clone = keras.models.clone_model(model)
    if trained:
        clone.set_weights(model.get_weights())  # the trained values, in layers that no longer follow the model
    return _sub_model(clone, clone.layers[-2])


def _new_network(model):
    from dl101.models import small_cnn

    new = small_cnn()
    return _sub_model(new, new.get_layer("features"))


def _every_layer(model):
    import keras

    return keras.Model(model.input, [layer.output for layer in model.layers[1:]])


PROBABILITIES = Known(
    "probabilities",
    lambda model: _sub_model(model, model.layers[-1]),
    "Your sub-model outputs the classifier's probabilities (one per class), not the embedding.",
    "The embedding is the output of the layer *before* the classifier: model.layers[-2].output.",
)
MODEL_ITSELF = Known(
    "model itself",
    lambda model: model,
    "embedding_model(model) returned the model itself, whose output is the classifier's probabilities.",
    "Build a new keras.Model that stops one layer earlier: its output is the layer before the classifier.",
)
FIRST_LAYER = Known(
    "first layer",
    lambda model: _sub_model(model, model.layers[1]),
    "Your sub-model outputs the first convolution's activation maps, not the embedding.",
    "The embedding is the last representation, the layer just before the classifier: model.layers[-2].",
)
INPUT_LAYER = Known(
    "input layer",
    lambda model: _sub_model(model, model.layers[0]),
    "Your sub-model outputs its input images unchanged: you took the input layer's output.",
    "model.layers[0] is the input layer; the embedding is the layer before the classifier, model.layers[-2].",
)
ONE_LAYER_EARLY = Known(
    "one layer early",
    lambda model: _sub_model(model, model.layers[-3]),
    "Your sub-model outputs the layer two before the classifier: one layer too early.",
    "Take one layer later, the one just before the classifier: model.layers[-2].",
)
BY_NAME = Known(
    "by name",
    lambda model: _sub_model(model, model.get_layer("features")),
    'Your sub-model outputs the layer named "features", which in this model is not the layer before the classifier.',
    "Find the layer by its position, whatever its name: model.layers[-2] is the one before the classifier.",
)
THE_LAYER = Known(
    "the layer",
    lambda model: model.layers[-2],
    "embedding_model(model) returned a layer, not a model.",
    "A layer is a piece of the network, not a function of the images: build keras.Model(model.input, layer.output).",
)
SYMBOLIC_OUTPUT = Known(
    "symbolic output",
    lambda model: model.layers[-2].output,
    "embedding_model(model) returned a symbolic tensor (a layer's .output), not a model.",
    "Wrap it in a model that starts at the images: keras.Model(model.input, that_output).",
)
FRESH_CLONE = Known(
    "fresh clone",
    lambda model: _clone(model, trained=False),
    "Your sub-model has the right output shape but other values: it does not use the trained weights.",
    "Did you build or clone a new (untrained) network? Reuse the given model's layers: "
    "keras.Model(model.input, model.layers[-2].output).",
)
COPY = Known(
    "copy",
    lambda model: _clone(model, trained=True),
    "Your sub-model gives the embedding, but of a copy of the network: when the model's weights change, it does not.",
    "Reuse the given model's own layers, not a clone of them: keras.Model(model.input, model.layers[-2].output).",
)
NEW_NETWORK = Known(
    "new network",
    _new_network,
    "Your sub-model takes inputs of shape {got}, but the model it was given takes {expected}.",
    "Do not build a new network: start the sub-model at the given model's input, keras.Model(model.input, …).",
)
EVERY_LAYER = Known(
    "every layer",
    _every_layer,
    "Your sub-model has {count} outputs; the embedding is one array.",
    "Give keras.Model one output: the output of the layer before the classifier.",
)
EMBEDDING_MISTAKES = (
    PROBABILITIES,
    MODEL_ITSELF,
    FIRST_LAYER,
    INPUT_LAYER,
    ONE_LAYER_EARLY,
    BY_NAME,
    THE_LAYER,
    SYMBOLIC_OUTPUT,
    FRESH_CLONE,
    COPY,
    NEW_NETWORK,
    EVERY_LAYER,
)
WRONG_LAYERS = (PROBABILITIES, FIRST_LAYER, INPUT_LAYER, ONE_LAYER_EARLY, BY_NAME)  # recognised by their output


def _as_model(result, model):
    """The learner's result if it is a keras.Model of the model's images; otherwise the mistake it is."""
    import keras

    if result is model:
        raise MODEL_ITSELF()
    if isinstance(result, keras.layers.Layer) and not isinstance(result, keras.Model):
        raise THE_LAYER()
    if isinstance(result, keras.KerasTensor):
        raise SYMBOLIC_OUTPUT()
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
        raise EVERY_LAYER(count=len(out))
    return as_array(out, f"The sub-model's output for {len(x)} image{'s' if len(x) > 1 else ''}")


def _embedding_of(model, x: np.ndarray) -> np.ndarray:
    return np.asarray(_sub_model(model, model.layers[-2])(x, training=False))


def check_embedding_model(embedding_model) -> None:
    """A keras.Model from the model's input to its last layer but one (by position), sharing its layers;
    right for a batch of one too."""
    model = _known_model()
    x = np.random.default_rng(3).normal(size=(5, *INPUT_SHAPE)).astype("float32")
    sub_model = _as_model(run(embedding_model, model), model)
    got, expected = _embeddings(sub_model, x), _embedding_of(model, x)
    if not same(got, expected, rtol=1e-5, atol=1e-6):
        for known in WRONG_LAYERS:
            if same(got, _embeddings(known.answer(model), x), rtol=1e-5, atol=1e-6):
                raise known()
        if got.shape == expected.shape:
            raise FRESH_CLONE()
        raise Mistake(
            f"Your sub-model's output has shape {got.shape}; the embedding of {len(x)} images has shape "
            f"{expected.shape}.",
            "The embedding is the output of the layer just before the classifier: model.layers[-2].output.",
        )
    one = _embeddings(sub_model, x[:1])
    if not same(one, expected[:1], rtol=1e-5, atol=1e-6):
        raise Mistake(f"For a batch of one image, your sub-model's output is wrong: {difference(one, expected[:1])}.")
    _draw_weights(model, seed=8)  # the model learns on: a sub-model that shares its layers follows it
    if not same(_embeddings(sub_model, x), _embedding_of(model, x), rtol=1e-5, atol=1e-6):
        raise COPY()


# Exercise 2: points whose Euclidean, cosine, Manhattan and dot-product neighbours differ, with no
# two distances close; and points with duplicate rows, one of them equal to the query, and ties.
POINTS = np.array(
    [
        [0.7, 0.2, 0.0, -0.1],
        [-0.3, 1.7, -1.2, 1.0],
        [1.3, -0.1, 0.1, 0.2],
        [-0.4, -0.5, -0.7, 1.3],
        [-1.7, 2.2, -1.0, -0.2],
        [0.5, 0.2, -1.1, 1.2],
        [1.0, 0.5, -1.8, 0.5],
        [0.2, 0.2, -1.1, 0.3],
        [1.3, -1.2, -2.2, 0.7],
        [-1.4, 0.5, 1.7, -1.1],
    ],
    dtype="float32",  # as the notebook's embeddings
)
DUPLICATES = np.array([[2, 1], [0, 0], [1, 0], [3, 3], [0, 1], [0, 0], [2, 1]], dtype="float32")
# (embeddings, query_index, k): k from 1 to n − 1, a NumPy integer as the query (the notebook's
# `examples`), and both rows of a duplicate pair as the query, so dropping the first sorted index
# fails for one of them whatever order a sort gives equal distances.
CASES = (
    (POINTS, np.int64(2), 5),
    (POINTS, 7, 1),
    (POINTS, 0, 9),
    (DUPLICATES, 1, 2),
    (DUPLICATES, 5, 3),
    (DUPLICATES, 5, 6),
)


def _euclidean(embeddings, query_index):
    return np.linalg.norm(embeddings - embeddings[query_index], axis=1)


def _order(embeddings, query_index):
    """The rows by distance to the query, the query itself last (as the reference solution sorts them)."""
    distances = _euclidean(embeddings, query_index)
    distances[query_index] = np.inf
    return np.argsort(distances)


def _zero_distances_dropped(embeddings, query_index, k):
    distances = _euclidean(embeddings, query_index)
    order = np.argsort(distances)
    return order[distances[order] > 0][:k]


def _cosine(embeddings, query_index, k):
    norms = np.linalg.norm(embeddings, axis=1)
    similarity = embeddings @ embeddings[query_index] / (norms * norms[query_index])
    return np.argsort(-similarity)[1 : k + 1]


def _dot_product(embeddings, query_index, k):
    scores = embeddings @ embeddings[query_index]
    scores[query_index] = -np.inf
    return np.argsort(-scores)[:k]


def _wrong_axis(embeddings, query_index, k):
    distances = np.linalg.norm(embeddings - embeddings[query_index], axis=0)  # one per feature
    distances[query_index] = np.inf
    return np.argsort(distances)[:k]


def _query_row_deleted(embeddings, query_index, k):
    others = np.delete(embeddings, query_index, axis=0)  # the rows after the query move up by one
    return np.argsort(np.linalg.norm(others - embeddings[query_index], axis=1))[:k]


def _in_place(embeddings, query_index, k):
    embeddings -= embeddings[query_index]  # moves the query to 0, and the caller's embeddings with it
    distances = np.linalg.norm(embeddings, axis=1)
    distances[query_index] = np.inf
    return np.argsort(distances)[:k]


def _unsorted(embeddings, query_index, k):
    distances = _euclidean(embeddings, query_index)
    distances[query_index] = np.inf
    return np.sort(np.argpartition(distances, k - 1)[:k])


def _list(embeddings, query_index, k):
    others = [i for i in range(len(embeddings)) if i != query_index]
    return sorted(others, key=lambda i: np.linalg.norm(embeddings[i] - embeddings[query_index]))[:k]


def _float_indices(embeddings, query_index, k):
    neighbours = np.zeros(k)  # a float array: the indices stored in it become floats
    neighbours[:] = _order(embeddings, query_index)[:k]
    return neighbours


INCLUDING_THE_QUERY = Known(
    "including the query",
    lambda embeddings, query_index, k: np.argsort(_euclidean(embeddings, query_index))[:k],
    "The first index you return is the query itself (its distance to itself is 0).",
    "Leave the query out: set its distance to np.inf before sorting, or drop it from the sorted indices.",
)
ONE_TOO_MANY = Known(
    "one too many",
    lambda embeddings, query_index, k: np.argsort(_euclidean(embeddings, query_index))[: k + 1],
    "You returned k + 1 indices: the query itself and its k neighbours.",
    "Leave the query out, and return exactly k indices.",
)
ONE_TOO_FEW = Known(
    "one too few",
    lambda embeddings, query_index, k: np.argsort(_euclidean(embeddings, query_index))[1:k],
    "You returned k − 1 neighbours instead of k: an off-by-one slice.",
    "After leaving the query out, keep the first k: order[:k].",
)
FIRST_DROPPED = Known(
    "first dropped",
    lambda embeddings, query_index, k: np.argsort(_euclidean(embeddings, query_index))[1 : k + 1],
    "Row {twin} equals the query (row {query}): your function returned the query itself and left row {twin} out. "
    "Dropping the first sorted index does not always drop the query.",
    "Rows at distance 0 may come in any order: leave out the query by its index, "
    "setting distances[query_index] = np.inf before sorting.",
)
ZERO_DISTANCES_DROPPED = Known(
    "zero distances dropped",
    _zero_distances_dropped,
    "Row {twin} equals the query, so it is its nearest neighbour, at distance 0, but you left it out.",
    "Leave out the query by its index, not every row at distance 0: distances[query_index] = np.inf.",
)
FARTHEST = Known(
    "farthest",
    lambda embeddings, query_index, k: np.argsort(-_euclidean(embeddings, query_index))[:k],
    "You returned the farthest images: the distances were sorted in descending order.",
    "np.argsort sorts in ascending order: the nearest come first, so take the first k.",
)
DISTANCES = Known(
    "distances",
    lambda embeddings, query_index, k: np.sort(_euclidean(embeddings, query_index))[1 : k + 1],
    "You returned the distances to the neighbours, not their indices.",
    "np.argsort gives the indices that sort the distances; np.sort the distances themselves.",
)
ROWS = Known(
    "rows",
    lambda embeddings, query_index, k: embeddings[_order(embeddings, query_index)[:k]],
    "You returned the neighbours' embeddings (rows), not their indices.",
    "Return the indices themselves, np.argsort(distances)[:k]: later cells index the images and labels with them.",
)
COSINE = Known(
    "cosine",
    _cosine,
    "These are the nearest neighbours by cosine similarity (the angle), not by Euclidean distance.",
    "Euclidean distance: np.linalg.norm(embeddings - embeddings[query_index], axis=1).",
)
MANHATTAN = Known(
    "manhattan",
    lambda embeddings, query_index, k: np.argsort(np.abs(embeddings - embeddings[query_index]).sum(axis=1))[1 : k + 1],
    "These are the nearest neighbours by the sum of absolute differences (Manhattan distance).",
    "Euclidean distance squares the differences, sums them, then takes the square root: np.linalg.norm(..., axis=1).",
)
DOT_PRODUCT = Known(
    "dot product",
    _dot_product,
    "These are the images with the largest dot product with the query: a dot product is not a distance.",
    "Long vectors have large dot products with everything. "
    "Use the Euclidean distance: np.linalg.norm(embeddings - embeddings[query_index], axis=1).",
)
WRONG_AXIS = Known(
    "wrong axis",
    _wrong_axis,
    "You computed the distance along the wrong axis: one number per feature, not one per image.",
    "Sum over the features of each image: np.linalg.norm(..., axis=1).",
)
QUERY_ROW_DELETED = Known(
    "query row deleted",
    _query_row_deleted,
    "Some indices are off by one: they count the rows after the query's row was deleted.",
    "Indices must refer to the rows of the embeddings you were given: "
    "set the query's distance to np.inf rather than deleting its row.",
)
IN_PLACE = Known(
    "in place",
    _in_place,
    "Your function changed the caller's {name} in place.",
    "Compute the distances into a new array and change that one, not the embeddings.",
)
UNSORTED = Known(
    "unsorted",
    _unsorted,
    "{what} found the right neighbours, but not nearest first.",
    "Sort by distance with np.argsort and keep that order.",
)
FIXED_K = Known(
    "fixed k",
    lambda embeddings, query_index, k: _order(embeddings, query_index)[:3],
    "You returned 3 indices whatever k is: the number of neighbours is fixed instead of taken from k.",
    "Return one index per neighbour asked for: order[:k].",
)
LIST = Known(
    "list",
    _list,
    "Your neighbours are right, but they come as {what}; the exercise asks for a NumPy array.",
    "Wrap the result in np.array(...), or sort with np.argsort: later cells index arrays with it.",
)
FLOAT_INDICES = Known(
    "float indices",
    _float_indices,
    "Your neighbours are right, but as floats ({dtype}): NumPy cannot index the images with floats.",
    "Return the integer array np.argsort gives, or convert with .astype(int).",
)
NEIGHBOUR_MISTAKES = (
    INCLUDING_THE_QUERY,
    ONE_TOO_MANY,
    ONE_TOO_FEW,
    FIRST_DROPPED,
    ZERO_DISTANCES_DROPPED,
    FARTHEST,
    DISTANCES,
    ROWS,
    COSINE,
    MANHATTAN,
    DOT_PRODUCT,
    WRONG_AXIS,
    QUERY_ROW_DELETED,
    IN_PLACE,
    UNSORTED,
    FIXED_K,
    LIST,
    FLOAT_INDICES,
)
# Recognised by what they return on the case; the others by a property only they have.
COMPUTED = (INCLUDING_THE_QUERY, ONE_TOO_MANY, ONE_TOO_FEW, FARTHEST, DISTANCES, ROWS, COSINE, MANHATTAN)
COMPUTED += (DOT_PRODUCT, WRONG_AXIS, QUERY_ROW_DELETED, FIXED_K)


def _indices(got: np.ndarray, n: int, k: int) -> np.ndarray | None:
    """``got`` as k distinct row indices of 0 … n − 1; None when it is not that."""
    if got.shape != (k,) or not np.array_equal(got, np.round(got)):
        return None
    indices = got.astype(int)
    return indices if np.all((indices >= 0) & (indices < n)) and len(set(indices.tolist())) == k else None


def check_nearest_neighbours(nearest_neighbours) -> None:
    """An integer array of the k rows nearest by Euclidean distance, nearest first (ties in any order), the query
    row left out but a row equal to it kept, for k from 1 to n − 1; the caller's embeddings unchanged."""
    for embeddings, query_index, k in CASES:
        what = f"nearest_neighbours(embeddings, query_index={query_index}, k={k})"
        result = call(nearest_neighbours, embeddings, query_index, k, in_place=IN_PLACE, names=("embeddings",))
        got = as_array(result, what)
        distances = _euclidean(embeddings.astype(float), query_index)
        others = np.delete(np.arange(len(embeddings)), query_index)
        nearest = others[np.argsort(distances[others], kind="stable")][:k]
        twins = [int(i) for i in others if distances[i] == 0]
        indices = _indices(got, len(embeddings), k)
        if indices is not None and query_index not in indices:
            if same(distances[indices], distances[nearest]):
                if not isinstance(result, np.ndarray):
                    raise LIST(what=describe(result))
                if result.dtype.kind not in "iu":
                    raise FLOAT_INDICES(dtype=result.dtype)
                continue
            if same(np.sort(distances[indices]), distances[nearest]):
                raise UNSORTED(what=what)
            if twins and not set(twins) & set(indices.tolist()):
                raise ZERO_DISTANCES_DROPPED(twin=twins[0])
        left_out = [twin for twin in twins if indices is not None and twin not in indices]
        if left_out and query_index in indices:
            raise FIRST_DROPPED(query=query_index, twin=left_out[0])
        hint = "Compute the Euclidean distance from the query to every row, leave the query row out, "
        hint += "and return the indices of the k smallest, nearest first."
        if indices is not None and query_index in indices:
            hint = f"Your indices include the query {query_index} itself: leave it out by its index."
        compare(got, nearest, what, COMPUTED, (embeddings, query_index, k), hint=hint)


EXERCISES = [
    Exercise("07.embedding_model", "embedding_model", check_embedding_model, mistakes=EMBEDDING_MISTAKES),
    Exercise("07.nearest_neighbours", "nearest_neighbours", check_nearest_neighbours, mistakes=NEIGHBOUR_MISTAKES),
]
