import keras


def embedding_model(model):
    """A keras.Model from model's input to the output of the layer before its classifier: the embedding."""
    return keras.Model(model.input, model.layers[-2].output)
