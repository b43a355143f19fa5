import numpy as np


def train(step, evaluate, params, X, y, X_val, y_val, learning_rate=0.1, batch_size=32, epochs=100, patience=5):
    """Mini-batch gradient descent with early stopping: the parameters of the best validation loss, and the history."""
    history = {"loss": [], "val_loss": []}
    best_params, best_val_loss, epochs_without_improvement = params, np.inf, 0
    for epoch in range(epochs):
        batch_losses = []
        for start in range(0, len(X), batch_size):
            batch = slice(start, start + batch_size)
            params, loss = step(params, X[batch], y[batch], learning_rate)
            batch_losses.append(loss)
        val_loss = evaluate(params, X_val, y_val)
        history["loss"].append(float(np.mean(batch_losses)))
        history["val_loss"].append(float(val_loss))
        if val_loss < best_val_loss:
            best_params, best_val_loss, epochs_without_improvement = params, val_loss, 0
        else:
            epochs_without_improvement += 1
            if epochs_without_improvement >= patience:
                break
    return best_params, history
