"""One process of tests/test_distributed.py: the small CNN trained by dl101.distributed's custom loop.

    python tests/distributed_worker.py worker OUTPUT.npz    # MultiWorkerMirroredStrategy, cluster from TF_CONFIG
    python tests/distributed_worker.py local DIRECTORY       # mirrored.npz, then one.npz

"worker" trains under MultiWorkerMirroredStrategy, then tries Keras's ``model.fit`` under it and records
the error it raises (keras-team/keras#20585), or that it ran. "local" trains under MirroredStrategy over
two logical CPU devices, then with the default strategy (one device). Each file holds the final weights,
the epoch losses and the number of replicas.
"""

import os
import sys
from pathlib import Path

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
import numpy as np  # noqa: E402
import tensorflow as tf  # noqa: E402

from dl101.data import make_galaxies, normalise  # noqa: E402
from dl101.distributed import split_cpu, train_distributed  # noqa: E402
from dl101.models import small_cnn  # noqa: E402

IMAGES, GLOBAL_BATCH, EPOCHS = 128, 32, 2  # 8 steps: enough for Adam's moments to matter, seconds to run


def keras_fit_outcome(strategy, images, labels) -> str:
    """What Keras's model.fit does under ``strategy``: "ran", or the error it raises, in one line."""
    with strategy.scope():
        model = small_cnn()
        model.compile(optimizer="adam", loss="sparse_categorical_crossentropy")
    try:
        model.fit(images, labels, batch_size=GLOBAL_BATCH, epochs=1, verbose=0)
    except ValueError as error:
        return f"ValueError: {str(error).splitlines()[0]}"
    return "ran"


def train_and_save(strategy, output: Path, fit: str = "") -> None:
    """Train the small CNN under ``strategy`` on the test's images; save its weights, losses and replicas."""
    counts, labels, _ = make_galaxies(IMAGES, seed=5)
    images = normalise(counts)
    model, losses = train_distributed(strategy, small_cnn, images, labels, GLOBAL_BATCH, epochs=EPOCHS, seed=0)
    fit = keras_fit_outcome(strategy, images, labels) if fit else ""
    np.savez(output, *model.get_weights(), losses=np.array(losses), replicas=strategy.num_replicas_in_sync, fit=fit)


def main(mode: str, output: str) -> None:
    if mode == "worker":  # each strategy is created before any TensorFlow operation
        train_and_save(tf.distribute.MultiWorkerMirroredStrategy(), Path(output), fit="try")
    else:
        train_and_save(tf.distribute.MirroredStrategy(split_cpu(2)), Path(output) / "mirrored.npz")
        train_and_save(tf.distribute.get_strategy(), Path(output) / "one.npz")


if __name__ == "__main__":
    main(*sys.argv[1:])
