"""Input pipelines for a survey on disk (notebook 10): FITS cutouts streamed by ``tf.data``, and TFRecord shards.

A survey too large for memory is read while the network trains. :func:`file_dataset` reads the
cutouts a catalogue lists, several at once, into the network's input (``dl101.data.read_cutout``
then ``network_input``): the same numbers as the simulator's ``normalise``. Reading FITS is slow
(astropy parses every header in Python), so :func:`write_tfrecords` writes the network's inputs
once into a few shards, TensorFlow's own record format, and :func:`tfrecord_dataset` streams
them back in the same order. :func:`images_per_second` times any of them. TensorFlow is imported
only when a pipeline is built.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from pathlib import Path

import numpy as np

from dl101.data.sky import GALAXY_CLASSES
from dl101.data.survey import SURVEY_BANDS, network_input, read_cutout
from dl101.validation import check_integer

UNLABELLED = -1  # the label of an object nobody has classified


def class_indices(labels: Sequence[str], class_names: Sequence[str] = GALAXY_CLASSES) -> np.ndarray:
    """A catalogue's class names as integer labels, ``UNLABELLED`` (-1) where the name is ""."""
    unknown = sorted({str(label) for label in labels} - {"", *class_names})
    if unknown:
        raise ValueError(f'expected labels among {list(class_names)} or "", found {unknown}')
    return np.array([class_names.index(str(label)) if label else UNLABELLED for label in labels], np.int64)


def read_network_input(path: str | bytes | Path, bands: str = SURVEY_BANDS) -> np.ndarray:
    """One cutout file as the network's input (height, width, bands), float32."""
    return network_input(read_cutout(path.decode() if isinstance(path, bytes) else path, bands))


def file_dataset(paths: Sequence[str], labels: np.ndarray, bands: str = SURVEY_BANDS, parallel_reads=None):
    """(image, label) pairs read from FITS cutouts, in the order of ``paths``.

    ``parallel_reads`` files are read at once (None: as many as tf.data finds best, AUTOTUNE);
    the order stays that of ``paths`` (``deterministic=True``).
    """
    import tensorflow as tf

    paths, labels = [str(path) for path in paths], np.asarray(labels)
    if not paths or labels.shape != (len(paths),):
        raise ValueError(
            f"expected one label per path for at least one path, got {len(paths)} paths and labels "
            f"of shape {labels.shape}"
        )
    shape = read_network_input(paths[0], bands).shape  # the files' common shape, which TensorFlow cannot know

    def load(path, label):
        image = tf.numpy_function(lambda name: read_network_input(name, bands), [path], tf.float32)
        return tf.ensure_shape(image, shape), label

    dataset = tf.data.Dataset.from_tensor_slices((paths, labels))
    return dataset.map(load, num_parallel_calls=parallel_reads or tf.data.AUTOTUNE, deterministic=True)


def write_tfrecords(dataset, directory: str | Path, n_shards: int = 4) -> list[Path]:
    """Write (image, label) pairs as ``n_shards`` TFRecord files in ``directory``; return their paths.

    Pair i goes to shard i mod n_shards, so that reading the shards in turn, one record from each
    (:func:`tfrecord_dataset`), gives the pairs back in their order.
    """
    import tensorflow as tf

    check_integer("n_shards", n_shards, 1, "the number of files")
    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    paths = [directory / f"shard-{k:03d}-of-{n_shards:03d}.tfrecord" for k in range(n_shards)]
    writers = [tf.io.TFRecordWriter(str(path)) for path in paths]
    try:
        for i, (image, label) in enumerate(dataset.as_numpy_iterator()):
            writers[i % n_shards].write(_example(image, label))
    finally:
        for writer in writers:
            writer.close()
    return paths


def _example(image: np.ndarray, label: int) -> bytes:
    """One (image, label) pair as a serialised tf.train.Example: the image's float32 bytes and shape, the label."""
    import tensorflow as tf

    image = np.asarray(image, np.float32)
    features = {
        "image": tf.train.Feature(bytes_list=tf.train.BytesList(value=[image.tobytes()])),
        "shape": tf.train.Feature(int64_list=tf.train.Int64List(value=list(image.shape))),
        "label": tf.train.Feature(int64_list=tf.train.Int64List(value=[int(label)])),
    }
    return tf.train.Example(features=tf.train.Features(feature=features)).SerializeToString()


def tfrecord_dataset(paths: Sequence[str | Path], image_shape: tuple[int, int, int], parallel_reads=None):
    """(image, label) pairs streamed from the shards :func:`write_tfrecords` wrote, in the order written.

    The shards are read in turn, one record from each (``interleave`` with ``block_length=1``),
    ``parallel_reads`` of them at once (None: AUTOTUNE), the order kept.
    """
    import tensorflow as tf

    paths = [str(path) for path in paths]
    if not paths:
        raise ValueError("expected at least one TFRecord shard, got none")
    if missing := [path for path in paths if not Path(path).is_file()]:
        raise FileNotFoundError(f"no TFRecord shard at {missing[0]}: write the shards with write_tfrecords")
    spec = {
        "image": tf.io.FixedLenFeature([], tf.string),
        "shape": tf.io.FixedLenFeature([3], tf.int64),
        "label": tf.io.FixedLenFeature([], tf.int64),
    }

    def parse(record):
        example = tf.io.parse_single_example(record, spec)
        image = tf.reshape(tf.io.decode_raw(example["image"], tf.float32), image_shape)
        return image, example["label"]

    shards = tf.data.Dataset.from_tensor_slices(paths)
    records = shards.interleave(
        tf.data.TFRecordDataset,
        cycle_length=len(paths),  # every shard open, one record from each in turn: the order written
        block_length=1,
        num_parallel_calls=parallel_reads or tf.data.AUTOTUNE,
        deterministic=True,
    )
    return records.map(parse, num_parallel_calls=parallel_reads or tf.data.AUTOTUNE, deterministic=True)


def images_per_second(dataset, batch_size: int = 64) -> float:
    """How many images per second ``dataset`` of (image, label) pairs delivers, batched and prefetched, in one pass."""
    import tensorflow as tf

    check_integer("batch_size", batch_size, 1, "the images per batch")
    batches = dataset.batch(batch_size).prefetch(tf.data.AUTOTUNE)
    start, count = time.perf_counter(), 0
    for images, _ in batches:
        count += int(images.shape[0])
    return count / (time.perf_counter() - start)
