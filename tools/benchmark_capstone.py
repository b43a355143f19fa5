"""Benchmark the capstone's reference model against a CNN after the original live tutorial's, same data, same time.

Run from the repository root:

    python tools/benchmark_capstone.py                  # writes tools/benchmark_capstone_results.md
    python tools/benchmark_capstone.py --output /tmp/capstone.md --epochs 20

On the course's standard split of the simulated sky (``sky_splits``: 6,000 training, 1,000
validation and 2,000 test images, 32×32 pixels in g, r, i), measures:

- the reference solution of notebook 08 (``solutions/08_*.py``: its tf.data pipeline with
  shuffling and flip/90° rotation augmentation, its model, its compile settings and its early
  stopping), trained for up to ``--epochs`` epochs: test accuracy and training time, against the
  target of 95 % in under 60 s on 2 CPU cores;
- a recipe after the original live tutorial's (``dl101.models.tutorial_cnn``: three conv blocks with
  batch normalisation, Dense 64, Adam, batches of 64 from the arrays, no augmentation), trained
  on the same images for the same time: it stops when one more epoch, as long as the last one,
  would take it past the reference's training time.

Training uses TensorFlow's default threads on the CPU; times include the per-epoch validation.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path
from typing import NamedTuple

from benchmark import report_header
from checkout import ROOT
from dl101.checks import EXERCISES
from dl101.data import GALAXY_CLASSES, sky_splits
from dl101.metrics import accuracy
from dl101.models import BATCH_SIZE, LEARNING_RATE, predict_in_batches, tutorial_cnn

DEFAULT_OUTPUT = ROOT / "tools" / "benchmark_capstone_results.md"
SPLIT = (6000, 1000, 2000)  # training, validation and test images
REFERENCE_BATCH = 128  # as in notebook 08
TARGET_ACCURACY = 0.95
TARGET_SECONDS = 60.0


class Trained(NamedTuple):
    """A trained classifier's test accuracy, training time (s), epochs run and number of weights."""

    accuracy: float
    seconds: float
    epochs: int
    weights: int


def train_reference(split: tuple, epochs: int) -> Trained:
    """Notebook 08's reference solution: its pipeline, model, compile settings and early stopping."""
    import keras

    (x_train, y_train), (x_val, y_val), (x_test, y_test) = split
    solution = {
        name: EXERCISES[f"08.{name}"].reference()
        for name in ("make_dataset", "build_model", "compile_model", "make_callbacks")
    }
    keras.utils.set_random_seed(0)
    train = solution["make_dataset"](x_train, y_train, training=True, batch_size=REFERENCE_BATCH)
    validation = solution["make_dataset"](x_val, y_val, training=False, batch_size=500)
    model = solution["compile_model"](solution["build_model"](x_train.shape[1:], len(GALAXY_CLASSES)))
    start = time.perf_counter()
    history = model.fit(
        train,
        validation_data=validation,
        epochs=epochs,
        callbacks=solution["make_callbacks"](),
        shuffle=False,
        verbose=0,
    )
    seconds = time.perf_counter() - start
    return Trained(
        accuracy(predict_in_batches(model, x_test), y_test), seconds, len(history.history["loss"]), model.count_params()
    )


def time_budget_callback(seconds: float):
    """A Keras callback that stops training when one more epoch, as long as the last, would end past ``seconds``."""
    import keras

    class TimeBudget(keras.callbacks.Callback):
        def on_train_begin(self, logs=None):
            self.start = self.last = time.perf_counter()

        def on_epoch_end(self, epoch, logs=None):
            now = time.perf_counter()
            if now - self.start + (now - self.last) > seconds:
                self.model.stop_training = True
            self.last = now

    return TimeBudget()


def train_tutorial(split: tuple, seconds: float, max_epochs: int) -> Trained:
    """The CNN and training recipe after the original live tutorial's, stopped within ``seconds`` of training."""
    import keras

    (x_train, y_train), (x_val, y_val), (x_test, y_test) = split
    keras.utils.set_random_seed(0)
    model = tutorial_cnn(x_train.shape[1:], len(GALAXY_CLASSES))
    model.compile(
        optimizer=keras.optimizers.Adam(LEARNING_RATE), loss="sparse_categorical_crossentropy", metrics=["accuracy"]
    )
    start = time.perf_counter()
    history = model.fit(
        x_train,
        y_train,
        batch_size=BATCH_SIZE,
        epochs=max_epochs,
        validation_data=(x_val, y_val),
        callbacks=[time_budget_callback(seconds)],
        verbose=0,
    )
    elapsed = time.perf_counter() - start
    return Trained(
        accuracy(predict_in_batches(model, x_test), y_test), elapsed, len(history.history["loss"]), model.count_params()
    )


def render_report(reference: Trained, tutorial: Trained, load: str, epochs: int) -> str:
    """The whole Markdown results file."""
    met = reference.accuracy >= TARGET_ACCURACY and reference.seconds < TARGET_SECONDS
    rows = [
        "| model | weights | epochs | training time (s) | test accuracy |",
        "|---|---:|---:|---:|---:|",
        f"| reference solution (notebook 08, up to {epochs} epochs, early stopping) | {reference.weights} | "
        f"{reference.epochs} | {reference.seconds:.1f} | {reference.accuracy:.3f} |",
        f"| CNN after the original live tutorial's, same data, same time | {tutorial.weights} | {tutorial.epochs} | "
        f"{tutorial.seconds:.1f} | {tutorial.accuracy:.3f} |",
    ]
    return "\n".join(
        [
            *report_header("Capstone benchmark: notebook 08's reference model", "benchmark_capstone.py", load),
            "## Results",
            "",
            "The simulated sky's standard split (`sky_splits`): "
            f"{SPLIT[0]} training, {SPLIT[1]} validation and {SPLIT[2]} test images, 32×32 pixels in g, r, i.",
            "Times are wall-clock seconds of `fit`, validation included, with TensorFlow's default threads on",
            "the CPU. The tutorial-style CNN trains from the arrays in batches of 64 without augmentation, and stops",
            "when one more epoch, as long as the last one, would take it past the reference's training time.",
            "",
            *rows,
            "",
            f"Target: the reference reaches ≥ {TARGET_ACCURACY:.0%} test accuracy in < {TARGET_SECONDS:.0f} s of "
            f"training: {'met' if met else 'missed'}.",
            "",
        ]
    )


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    """Parse the command line."""
    parser = argparse.ArgumentParser(description="Benchmark notebook 08's reference model against the tutorial CNN.")
    parser.add_argument("--output", type=Path, default=DEFAULT_OUTPUT, help="Markdown file to write")
    parser.add_argument("--epochs", type=int, default=20, help="most epochs for the reference (default 20)")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    """Train and score the models, write the report and print it; 1 if the reference misses its target."""
    args = parse_args(argv)
    if args.epochs < 1:
        raise ValueError(f"expected --epochs >= 1, got {args.epochs}")
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
    load = "- Load average when the run started (1, 5, 15 min): " + ", ".join(f"{v:.2f}" for v in os.getloadavg())
    split = sky_splits(*SPLIT)
    reference = train_reference(split, args.epochs)
    print(f"reference: {reference}", file=sys.stderr, flush=True)
    tutorial = train_tutorial(split, reference.seconds, max_epochs=100)
    print(f"tutorial: {tutorial}", file=sys.stderr, flush=True)
    report = render_report(reference, tutorial, load, args.epochs)
    args.output.write_text(report, encoding="utf-8")
    print(report)
    return 0 if reference.accuracy >= TARGET_ACCURACY and reference.seconds < TARGET_SECONDS else 1


if __name__ == "__main__":
    sys.exit(main())
