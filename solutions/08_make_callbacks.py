import keras


def make_callbacks():
    """Stop when the validation loss has not improved for 3 epochs, and go back to the best weights."""
    return [keras.callbacks.EarlyStopping(monitor="val_loss", patience=3, restore_best_weights=True)]
