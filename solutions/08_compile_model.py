import keras


def compile_model(model):
    """Adam, the cross-entropy for integer labels and probability outputs, and the accuracy."""
    model.compile(
        optimizer=keras.optimizers.Adam(learning_rate=1e-3),
        loss=keras.losses.SparseCategoricalCrossentropy(),
        metrics=["accuracy"],
    )
    return model
