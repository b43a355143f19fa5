import tensorflow as tf


def augment(image, label):
    """A random flip and a random rotation by a multiple of 90°: one of the 8 symmetries of the pixel grid."""
    image = tf.image.rot90(image, k=tf.random.uniform([], 0, 4, dtype=tf.int32))
    image = tf.image.random_flip_left_right(image)
    return image, label


def make_dataset(images, labels, training, batch_size=64):
    """A tf.data pipeline of (images, labels) batches; shuffled and augmented only for training."""
    dataset = tf.data.Dataset.from_tensor_slices((images, labels))
    if training:
        dataset = dataset.shuffle(len(images))
        # One image at a time: a parallel map (num_parallel_calls) would draw the random numbers in an order
        # that changes from run to run, and the same seed would no longer give the same augmentations.
        dataset = dataset.map(augment)
    return dataset.batch(batch_size).prefetch(tf.data.AUTOTUNE)
