"""Typical wrong answers to notebook 07's exercises, each with a piece of the hint it must get."""

import numpy as np


def _embedding_is_the_classifier_output(model):
    import keras

    return keras.Model(model.input, model.output)


def _embedding_is_the_model_itself(model):
    return model


def _embedding_of_the_first_layer(model):
    import keras

    return keras.Model(model.input, model.layers[1].output)


def _embedding_of_the_input_layer(model):
    import keras

    return keras.Model(model.input, model.layers[0].output)


def _embedding_before_flattening(model):
    import keras

    return keras.Model(model.input, model.layers[-3].output)


def _embedding_returns_the_layer(model):
    return model.layers[-2]


def _embedding_returns_the_symbolic_output(model):
    return model.layers[-2].output


def _embedding_of_a_clone(model):
    import keras

    clone = keras.models.clone_model(model)  # same architecture, fresh weights
    return keras.Model(clone.input, clone.layers[-2].output)


def _embedding_of_a_new_small_cnn(model):
    import keras

    from dl101.models import small_cnn

    new = small_cnn()
    return keras.Model(new.input, new.get_layer("features").output)


def _embedding_with_every_layer_as_output(model):
    import keras

    return keras.Model(model.input, [layer.output for layer in model.layers[1:]])


def _distances(embeddings, query_index):
    return np.linalg.norm(embeddings - embeddings[query_index], axis=1)


def _neighbours_including_the_query(embeddings, query_index, k):
    return np.argsort(_distances(embeddings, query_index))[:k]


def _neighbours_one_too_many(embeddings, query_index, k):
    return np.argsort(_distances(embeddings, query_index))[: k + 1]


def _neighbours_one_too_few(embeddings, query_index, k):
    return np.argsort(_distances(embeddings, query_index))[1:k]


def _neighbours_sorted_descending(embeddings, query_index, k):
    distances = _distances(embeddings, query_index)
    distances[query_index] = -np.inf
    return np.argsort(distances)[::-1][:k]


def _neighbours_distances(embeddings, query_index, k):
    return np.sort(_distances(embeddings, query_index))[1 : k + 1]


def _neighbours_cosine(embeddings, query_index, k):
    norms = np.linalg.norm(embeddings, axis=1)
    similarity = embeddings @ embeddings[query_index] / (norms * norms[query_index])
    return np.argsort(-similarity)[1 : k + 1]


def _neighbours_manhattan(embeddings, query_index, k):
    return np.argsort(np.abs(embeddings - embeddings[query_index]).sum(axis=1))[1 : k + 1]


def _neighbours_dot_product(embeddings, query_index, k):
    scores = embeddings @ embeddings[query_index]
    scores[query_index] = -np.inf
    return np.argsort(-scores)[:k]


def _neighbours_deleting_the_query_row(embeddings, query_index, k):
    others = np.delete(embeddings, query_index, axis=0)
    return np.argsort(np.linalg.norm(others - embeddings[query_index], axis=1))[:k]


def _neighbours_in_place(embeddings, query_index, k):
    embeddings[query_index] = np.inf  # hides the query, and destroys the caller's embeddings
    return np.argsort(np.linalg.norm(embeddings - embeddings[query_index], axis=1))[:k]


def _neighbours_unsorted(embeddings, query_index, k):
    distances = _distances(embeddings, query_index)
    distances[query_index] = np.inf
    return np.sort(np.argpartition(distances, k)[:k])


def _neighbours_with_a_fixed_k(embeddings, query_index, k):
    distances = _distances(embeddings, query_index)
    distances[query_index] = np.inf
    return np.argsort(distances)[:3]


TYPICAL_MISTAKES = {
    "07.embedding_model": [
        (_embedding_is_the_classifier_output, "probabilities"),
        (_embedding_is_the_model_itself, "the model itself"),
        (_embedding_of_the_first_layer, "first convolution"),
        (_embedding_of_the_input_layer, "input layer"),
        (_embedding_before_flattening, "before the flattening"),
        (_embedding_returns_the_layer, "not a model"),
        (_embedding_returns_the_symbolic_output, "symbolic tensor"),
        (_embedding_of_a_clone, "does not use the trained weights"),
        (_embedding_of_a_new_small_cnn, "Do not build a new network"),
        (_embedding_with_every_layer_as_output, "one output"),
    ],
    "07.nearest_neighbours": [
        (_neighbours_including_the_query, "the query itself"),
        (_neighbours_one_too_many, "the query itself and its"),
        (_neighbours_one_too_few, "off-by-one"),
        (_neighbours_sorted_descending, "farthest"),
        (_neighbours_distances, "distances to the neighbours, not their indices"),
        (_neighbours_cosine, "cosine"),
        (_neighbours_manhattan, "Manhattan"),
        (_neighbours_dot_product, "dot product"),
        (_neighbours_deleting_the_query_row, "deleted"),
        (_neighbours_in_place, "in place"),
        (_neighbours_unsorted, "not nearest first"),
        (_neighbours_with_a_fixed_k, "one index per neighbour"),
    ],
}
