import numpy as np


def nearest_neighbours(embeddings, query_index, k):
    """Indices of the k rows nearest to embeddings[query_index] by Euclidean distance, nearest first, query left out."""
    distances = np.linalg.norm(embeddings - embeddings[query_index], axis=1)
    distances[query_index] = np.inf  # the query is not its own neighbour
    return np.argsort(distances)[:k]
