"""Training on several devices or machines with ``tf.distribute`` and a custom loop (notebook 10).

Data parallelism: every replica holds a copy of the model, takes its share of each global batch,
computes its gradients, and the replicas add their gradients up (an all-reduce) before each
applies the same update, so the copies stay equal. :func:`train_distributed` is notebook 05's
training loop written for any ``tf.distribute`` strategy: ``MirroredStrategy`` (the devices of
one machine), ``MultiWorkerMirroredStrategy`` (several machines, told of each other by the
``TF_CONFIG`` variable) or the default strategy (one device). Keras 3's ``model.fit`` does not
support ``MultiWorkerMirroredStrategy`` (keras-team/keras#20585); this loop does.
:func:`split_cpu` makes one CPU look like several devices, to try it all on a laptop.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from dl101.models import LEARNING_RATE
from dl101.validation import check_integer


def split_cpu(n: int = 2) -> list[str]:
    """Split the CPU into ``n`` logical devices and return their names (all the CPU's, if it was split already).

    TensorFlow fixes its devices at its first operation: call this before any, right after ``setup()``.
    Afterwards the devices can no longer change, and the ones there are are returned.
    """
    import tensorflow as tf

    check_integer("n", n, 1, "the number of logical CPU devices")
    cpu = tf.config.list_physical_devices("CPU")[0]
    try:
        tf.config.set_logical_device_configuration(cpu, [tf.config.LogicalDeviceConfiguration()] * n)
    except RuntimeError:  # TensorFlow has run an operation: its devices are fixed
        pass
    return [device.name for device in tf.config.list_logical_devices("CPU")]


def replica_batches(strategy, images: np.ndarray, labels: np.ndarray, global_batch_size: int):
    """The global batches of (images, labels), in order, each cut into its replicas' shares.

    Replica r of the strategy's replicas gets rows r·b to (r + 1)·b of every global batch, with
    b = global_batch_size / replicas; a last incomplete batch is dropped.
    """
    import tensorflow as tf

    check_integer("global_batch_size", global_batch_size, 1, "the images per step, over all replicas")
    replicas = strategy.num_replicas_in_sync
    if global_batch_size % replicas:
        raise ValueError(f"expected a global batch size divisible by the {replicas} replicas, got {global_batch_size}")
    if len(images) != len(labels) or len(images) < global_batch_size:
        raise ValueError(
            f"expected as many labels as images, at least one global batch ({global_batch_size}); got "
            f"{len(images)} images and {len(labels)} labels"
        )

    def worker_batches(context: tf.distribute.InputContext) -> tf.data.Dataset:
        per_replica = context.get_per_replica_batch_size(global_batch_size)
        share = per_replica * replicas // context.num_input_pipelines  # the rows of this worker's replicas
        start = context.input_pipeline_id * share
        dataset = tf.data.Dataset.from_tensor_slices((images, labels)).batch(global_batch_size, drop_remainder=True)
        dataset = dataset.map(lambda x, y: (x[start : start + share], y[start : start + share]))
        return dataset.unbatch().batch(per_replica)  # one batch per local replica, in turn

    return strategy.distribute_datasets_from_function(worker_batches)


def train_distributed(
    strategy,
    build: Callable,
    images: np.ndarray,
    labels: np.ndarray,
    global_batch_size: int,
    epochs: int = 1,
    seed: int = 0,
):
    """A model from ``build()`` trained by every replica of ``strategy`` on its share of each global batch.

    Adam at the course's learning rate, sparse cross-entropy averaged over the global batch; the
    batches in the order of ``images``. Returns the model and the mean loss of each epoch.
    """
    import keras
    import tensorflow as tf

    check_integer("epochs", epochs, 1, "the passes over the images")
    with strategy.scope():  # variables made here are mirrored: one copy per replica
        keras.utils.set_random_seed(seed)  # the same initial weights on every worker
        model = build()
        optimizer = keras.optimizers.Adam(LEARNING_RATE)
        optimizer.build(model.trainable_variables)
    cross_entropy = keras.losses.SparseCategoricalCrossentropy(reduction="none")  # one loss per image

    def replica_step(x, y):
        with tf.GradientTape() as tape:
            per_image = cross_entropy(y, model(x, training=True))
            loss = tf.nn.compute_average_loss(per_image, global_batch_size=global_batch_size)  # sum / global batch
        gradients = tape.gradient(loss, model.trainable_variables)
        optimizer.apply_gradients(zip(gradients, model.trainable_variables, strict=True))  # summed over replicas first
        return loss

    @tf.function
    def step(batch):
        losses = strategy.run(replica_step, args=batch)
        return strategy.reduce(tf.distribute.ReduceOp.SUM, losses, axis=None)  # the global batch's mean loss

    batches = replica_batches(strategy, images, labels, global_batch_size)
    history = []
    for _ in range(epochs):
        history.append(float(np.mean([float(step(batch)) for batch in batches])))
    return model, history
