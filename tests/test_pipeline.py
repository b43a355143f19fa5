"""The survey's input pipelines: FITS files and TFRecord shards streamed by tf.data give what the files hold."""

import os

import numpy as np
import pytest

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
import tensorflow as tf  # noqa: E402

from dl101.data import GALAXY_CLASSES, read_catalogue, write_survey  # noqa: E402
from dl101.pipeline import (  # noqa: E402
    UNLABELLED,
    class_indices,
    file_dataset,
    images_per_second,
    read_network_input,
    tfrecord_dataset,
    write_tfrecords,
)

N = 23  # not a multiple of the shard counts below: the shards hold unequal numbers of records


@pytest.fixture(scope="module")
def survey(tmp_path_factory):
    """A small survey, its labels as integers, and its images read one file at a time."""
    catalogue = read_catalogue(write_survey(tmp_path_factory.mktemp("survey"), N, seed=4))
    images = np.stack([read_network_input(path) for path in catalogue["path"]])
    return catalogue, class_indices(catalogue["label"]), images


def test_class_names_become_indices_and_unknown_ones_minus_one():
    labels = class_indices(["spiral", "", "star", "elliptical"])
    assert labels.dtype == np.int64 and list(labels) == [1, UNLABELLED, 3, 0]
    with pytest.raises(ValueError, match="'galaxy'"):
        class_indices(["spiral", "galaxy"])


def test_the_file_pipeline_gives_the_files_in_order_with_their_labels(survey):
    catalogue, labels, images = survey
    for parallel_reads in (1, 2, None):
        got = list(file_dataset(catalogue["path"], labels, parallel_reads=parallel_reads).as_numpy_iterator())
        np.testing.assert_array_equal(np.stack([image for image, _ in got]), images)
        assert [label for _, label in got] == list(labels)
    assert images.dtype == np.float32 and images.shape == (N, 32, 32, 3)
    assert ((labels == UNLABELLED) == (np.array(catalogue["label"]) == "")).all()
    assert set(labels) - {UNLABELLED} <= set(range(len(GALAXY_CLASSES)))


def test_the_file_pipeline_reads_the_bands_asked_for(survey):
    catalogue, labels, images = survey
    image, _ = next(iter(file_dataset(catalogue["path"][:2], labels[:2], bands="irg")))
    np.testing.assert_array_equal(image.numpy(), images[0][..., ::-1])


def test_a_missing_file_is_named_when_the_pipeline_reaches_it(survey, tmp_path):
    catalogue, labels, _ = survey
    paths = [catalogue["path"][0], str(tmp_path / "gone.fits")]
    dataset = file_dataset(paths, labels[:2], parallel_reads=1)
    with pytest.raises(tf.errors.OpError, match="gone.fits"):
        list(dataset.as_numpy_iterator())
    with pytest.raises(ValueError, match="one label per path"):
        file_dataset(paths, labels)


@pytest.mark.parametrize("n_shards", [1, 3, 4])
def test_tfrecord_shards_give_the_pairs_back_in_the_order_written(survey, tmp_path, n_shards):
    _, labels, images = survey
    shards = write_tfrecords(tf.data.Dataset.from_tensor_slices((images, labels)), tmp_path, n_shards)
    assert [path.name for path in shards] == [f"shard-{k:03d}-of-{n_shards:03d}.tfrecord" for k in range(n_shards)]
    for parallel_reads in (1, None):
        got = list(tfrecord_dataset(shards, images.shape[1:], parallel_reads).as_numpy_iterator())
        np.testing.assert_array_equal(np.stack([image for image, _ in got]), images)
        assert [label for _, label in got] == list(labels)


def test_each_shard_holds_every_n_th_pair(survey, tmp_path):
    _, labels, images = survey
    shards = write_tfrecords(tf.data.Dataset.from_tensor_slices((images, labels)), tmp_path, 3)
    second = [label for _, label in tfrecord_dataset(shards[1:2], images.shape[1:]).as_numpy_iterator()]
    assert second == list(labels[1::3])


def test_missing_or_no_shards_are_said(tmp_path):
    with pytest.raises(FileNotFoundError, match="shard-000.tfrecord"):
        tfrecord_dataset([tmp_path / "shard-000.tfrecord"], (32, 32, 3))
    with pytest.raises(ValueError, match="at least one"):
        tfrecord_dataset([], (32, 32, 3))
    with pytest.raises(ValueError, match="n_shards"):
        write_tfrecords(tf.data.Dataset.range(3), tmp_path, 0)


def test_images_per_second_counts_every_image_once(survey):
    _, labels, images = survey
    speed = images_per_second(tf.data.Dataset.from_tensor_slices((images, labels)), batch_size=5)
    assert speed > 0 and np.isfinite(speed)
    with pytest.raises(ValueError, match="batch_size"):
        images_per_second(tf.data.Dataset.from_tensor_slices((images, labels)), batch_size=0)
