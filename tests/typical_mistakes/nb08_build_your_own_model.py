"""Typical wrong answers to notebook 08's exercises, each with a piece of the hint it must get."""

import keras
import tensorflow as tf


def _augment(image, label):
    image = tf.image.rot90(image, k=tf.random.uniform([], 0, 4, dtype=tf.int32))
    return tf.image.random_flip_left_right(image), label


def _pipeline(images, labels, batch_size, shuffle=False, augment=False, prefetch=True):
    dataset = tf.data.Dataset.from_tensor_slices((images, labels))
    if shuffle:
        dataset = dataset.shuffle(len(images))
    if augment:
        dataset = dataset.map(_augment)
    dataset = dataset.batch(batch_size)
    return dataset.prefetch(tf.data.AUTOTUNE) if prefetch else dataset


def _dataset_shuffles_evaluation_too(images, labels, training, batch_size=64):
    return _pipeline(images, labels, batch_size, shuffle=True, augment=training)


def _dataset_augments_evaluation_too(images, labels, training, batch_size=64):
    return _pipeline(images, labels, batch_size, shuffle=training, augment=True)


def _dataset_never_shuffled(images, labels, training, batch_size=64):
    return _pipeline(images, labels, batch_size, augment=training)


def _dataset_not_augmented(images, labels, training, batch_size=64):
    return _pipeline(images, labels, batch_size, shuffle=training)


def _dataset_not_batched(images, labels, training, batch_size=64):
    dataset = tf.data.Dataset.from_tensor_slices((images, labels))
    if training:
        dataset = dataset.shuffle(len(images)).map(_augment)
    return dataset.prefetch(tf.data.AUTOTUNE)


def _dataset_not_prefetched(images, labels, training, batch_size=64):
    return _pipeline(images, labels, batch_size, shuffle=training, augment=training, prefetch=False)


def _dataset_repeats(images, labels, training, batch_size=64):
    return _pipeline(images, labels, batch_size, shuffle=training, augment=training).repeat()


def _dataset_shuffles_batches(images, labels, training, batch_size=64):
    dataset = tf.data.Dataset.from_tensor_slices((images, labels))
    if training:
        dataset = dataset.map(_augment).batch(batch_size).shuffle(len(images))
    else:
        dataset = dataset.batch(batch_size)
    return dataset.prefetch(tf.data.AUTOTUNE)


def _dataset_shuffles_labels_apart(images, labels, training, batch_size=64):
    if training:
        images = tf.random.shuffle(images)
    return _pipeline(images, labels, batch_size, shuffle=training, augment=training)


def _dataset_rotates_by_any_angle(images, labels, training, batch_size=64):
    dataset = _pipeline(images, labels, batch_size, shuffle=training)
    if training:
        rotate = keras.layers.RandomRotation(0.5, fill_mode="constant")
        dataset = dataset.map(lambda x, y: (rotate(x, training=True), y))
    return dataset.prefetch(tf.data.AUTOTUNE)


def _dataset_one_rotation_per_batch(images, labels, training, batch_size=64):
    dataset = _pipeline(images, labels, batch_size, shuffle=training, prefetch=False)
    if training:
        dataset = dataset.map(lambda x, y: (tf.image.rot90(x, k=tf.random.uniform([], 1, 4, dtype=tf.int32)), y))
    return dataset.prefetch(tf.data.AUTOTUNE)


def _dataset_drops_remainder_at_evaluation(images, labels, training, batch_size=64):
    dataset = tf.data.Dataset.from_tensor_slices((images, labels))
    if training:
        dataset = dataset.shuffle(len(images)).map(_augment)
    return dataset.batch(batch_size, drop_remainder=True).prefetch(tf.data.AUTOTUNE)


def _convolutions(input_shape):
    return [
        keras.Input(shape=input_shape),
        keras.layers.Conv2D(8, 3, padding="same", activation="relu"),
        keras.layers.MaxPooling2D(),
    ]


def _model_outputs_logits(input_shape, n_classes):
    return keras.Sequential([*_convolutions(input_shape), keras.layers.Flatten(), keras.layers.Dense(n_classes)])


def _model_with_sigmoid_outputs(input_shape, n_classes):
    return keras.Sequential(
        [*_convolutions(input_shape), keras.layers.Flatten(), keras.layers.Dense(n_classes, activation="sigmoid")]
    )


def _model_without_flatten(input_shape, n_classes):
    return keras.Sequential([*_convolutions(input_shape), keras.layers.Dense(n_classes, activation="softmax")])


def _model_with_ten_classes(input_shape, n_classes):
    return keras.Sequential(
        [*_convolutions(input_shape), keras.layers.Flatten(), keras.layers.Dense(10, activation="softmax")]
    )


def _model_with_fixed_input_shape(input_shape, n_classes):
    return keras.Sequential(
        [*_convolutions((32, 32, 3)), keras.layers.Flatten(), keras.layers.Dense(n_classes, activation="softmax")]
    )


def _model_too_large(input_shape, n_classes):
    return keras.Sequential(
        [
            keras.Input(shape=input_shape),
            keras.layers.Conv2D(64, 3, padding="same", activation="relu"),
            keras.layers.Flatten(),
            keras.layers.Dense(512, activation="relu"),
            keras.layers.Dense(n_classes, activation="softmax"),
        ]
    )


def _model_frozen(input_shape, n_classes):
    model = keras.Sequential(
        [*_convolutions(input_shape), keras.layers.Flatten(), keras.layers.Dense(n_classes, activation="softmax")]
    )
    model.trainable = False
    return model


def _model_not_returned(input_shape, n_classes):
    keras.Sequential(
        [*_convolutions(input_shape), keras.layers.Flatten(), keras.layers.Dense(n_classes, activation="softmax")]
    )


def _compile_from_logits(model):
    model.compile(
        optimizer="adam", loss=keras.losses.SparseCategoricalCrossentropy(from_logits=True), metrics=["accuracy"]
    )
    return model


def _compile_one_hot_loss(model):
    model.compile(optimizer="adam", loss="categorical_crossentropy", metrics=["accuracy"])
    return model


def _compile_mse(model):
    model.compile(optimizer="adam", loss="mse", metrics=["accuracy"])
    return model


def _compile_without_metrics(model):
    model.compile(optimizer="adam", loss="sparse_categorical_crossentropy")
    return model


def _compile_huge_learning_rate(model):
    model.compile(
        optimizer=keras.optimizers.SGD(learning_rate=5.0), loss="sparse_categorical_crossentropy", metrics=["accuracy"]
    )
    return model


def _compile_without_return(model):
    model.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"])


def _callbacks_on_training_loss():
    return [keras.callbacks.EarlyStopping(monitor="loss", patience=3, restore_best_weights=True)]


def _callbacks_keep_last_weights():
    return [keras.callbacks.EarlyStopping(monitor="val_loss", patience=3)]


def _callbacks_no_patience():
    return [keras.callbacks.EarlyStopping(monitor="val_loss", patience=0, restore_best_weights=True)]


def _callbacks_endless_patience():
    return [keras.callbacks.EarlyStopping(monitor="val_loss", patience=100, restore_best_weights=True)]


def _callbacks_accuracy_minimised():
    return [keras.callbacks.EarlyStopping(monitor="val_accuracy", mode="min", restore_best_weights=True, patience=3)]


def _callbacks_not_a_list():
    return keras.callbacks.EarlyStopping(monitor="val_loss", patience=3, restore_best_weights=True)


def _callbacks_without_early_stopping():
    return [keras.callbacks.TerminateOnNaN()]


TYPICAL_MISTAKES = {
    "08.make_dataset": [
        (_dataset_shuffles_evaluation_too, "Shuffle only the training set"),
        (_dataset_augments_evaluation_too, "Augment only the training set"),
        (_dataset_never_shuffled, ".shuffle(len(images)) before .batch()"),
        (_dataset_not_augmented, "random flip and a random rotation"),
        (_dataset_not_batched, "Group the images into batches"),
        (_dataset_not_prefetched, ".prefetch(tf.data.AUTOTUNE)"),
        (_dataset_repeats, "Do not call .repeat()"),
        (_dataset_shuffles_batches, "Call .shuffle() before .batch()"),
        (_dataset_shuffles_labels_apart, "Keep labels with their images"),
        (_dataset_rotates_by_any_angle, "multiples of 90°"),
        (_dataset_one_rotation_per_batch, "for each image"),
        (_dataset_drops_remainder_at_evaluation, "without drop_remainder"),
    ],
    "08.build_model": [
        (_model_outputs_logits, "logits, not probabilities"),
        (_model_with_sigmoid_outputs, "one sigmoid per class"),
        (_model_without_flatten, "Flatten the feature maps"),
        (_model_with_ten_classes, "expected n_classes = 4"),
        (_model_with_fixed_input_shape, "Use the input_shape argument"),
        (_model_too_large, "too many to train on a CPU"),
        (_model_frozen, "no trainable weights"),
        (_model_not_returned, "return model"),
    ],
    "08.compile_model": [
        (_compile_from_logits, "keep from_logits=False"),
        (_compile_one_hot_loss, "not one-hot vectors"),
        (_compile_mse, "not a regression loss"),
        (_compile_without_metrics, "metrics=['accuracy']"),
        (_compile_huge_learning_rate, "too large"),
        (_compile_without_return, "then `return model`"),
    ],
    "08.make_callbacks": [
        (_callbacks_on_training_loss, "monitor='val_loss'"),
        (_callbacks_keep_last_weights, "restore_best_weights=True"),
        (_callbacks_no_patience, "first noisy epoch"),
        (_callbacks_endless_patience, "hardly ever stop early"),
        (_callbacks_accuracy_minimised, "it keeps the worst epoch"),
        (_callbacks_not_a_list, "Return a list"),
        (_callbacks_without_early_stopping, "holds no EarlyStopping"),
    ],
}
