"""Benchmark the simulated sky: generation speed, and how learnable its classes are.

Run from the repository root:

    python tools/benchmark_sky.py                       # writes tools/benchmark_sky_results.md
    python tools/benchmark_sky.py --output /tmp/sky.md --speed-images 2000

Measures, on one fixed split of ``dl101.data.make_galaxies`` (32×32 pixels, g r i):

- generation speed in images per second on one core: measured in a child process with the
  thread variables of NumPy's libraries set to 1 and, on Linux, pinned to one CPU; the best of
  three runs;
- the test accuracy of a linear classifier (scikit-learn logistic regression on the flattened,
  standardised pixels, its regularisation chosen on the validation set): the floor a network
  must beat;
- the test accuracy and training time of a small convolutional network (Keras, three 3×3
  convolutions with max pooling), trained with the course's recipe (``train_classifier``: Adam,
  early stopping on the validation loss, up to 15 epochs) on the CPU with TensorFlow's default
  threads.

Both classifiers see the same input: each band divided by its empty-sky noise and compressed
with arcsinh, so faint and bright objects share one scale.
"""

from __future__ import annotations

import argparse
import functools
import os
import subprocess
import sys
import time
from pathlib import Path
from typing import NamedTuple

import numpy as np

from benchmark import report_header
from checkout import ROOT
from dl101.data import GALAXY_CLASSES, make_galaxies, sky_splits
from dl101.data.sky import SPLIT_SEEDS
from dl101.metrics import confusion_matrix
from dl101.models import predict_in_batches, small_cnn, train_classifier

DEFAULT_OUTPUT = ROOT / "tools" / "benchmark_sky_results.md"
SPLIT = {"train": 6000, "validation": 1000, "test": 2000}  # images per split; seeds: SPLIT_SEEDS
LINEAR_C = (0.001, 0.01, 0.1)  # regularisation strengths tried for the linear classifier
MIN_CNN_ACCURACY = 0.90
MIN_GAP = 0.15
THREAD_VARIABLES = ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS", "NUMEXPR_NUM_THREADS")


def load_split() -> dict[str, tuple[np.ndarray, np.ndarray]]:
    """The course's standard train / validation / test split, normalised for the networks."""
    splits = sky_splits(SPLIT["train"], SPLIT["validation"], SPLIT["test"])
    return dict(zip(("train", "validation", "test"), splits, strict=True))


def generation_speed(n: int) -> float:
    """Images per second of make_galaxies(n), measured in a child process limited to one core."""
    env = os.environ | dict.fromkeys(THREAD_VARIABLES, "1")
    command = [sys.executable, __file__, "--speed-only", "--speed-images", str(n)]
    result = subprocess.run(command, env=env, capture_output=True, text=True, check=True)
    return float(result.stdout.strip().splitlines()[-1])


def best_speed(n: int, repeats: int = 3) -> float:
    """Images per second of make_galaxies(n) in this process, the best of several runs."""
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})
    best = np.inf
    for repeat in range(repeats):
        start = time.perf_counter()
        make_galaxies(n, seed=100 + repeat)
        best = min(best, time.perf_counter() - start)
    return n / best


def linear_accuracy(split: dict[str, tuple[np.ndarray, np.ndarray]]) -> tuple[float, float]:
    """Test accuracy of logistic regression on the flattened, standardised pixels, and its C.

    The regularisation strength C is the one of ``LINEAR_C`` that scores best on the validation set.
    """
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import StandardScaler

    flat = {name: (images.reshape(len(images), -1), labels) for name, (images, labels) in split.items()}
    best, best_c, best_score = None, 0.0, -1.0
    for c in LINEAR_C:
        model = make_pipeline(StandardScaler(), LogisticRegression(C=c, tol=1e-3, max_iter=1000))
        score = model.fit(*flat["train"]).score(*flat["validation"])
        if score > best_score:
            best, best_c, best_score = model, c, score
    return float(best.score(*flat["test"])), best_c


class CnnResult(NamedTuple):
    """What the small CNN scored, how long and how many epochs it trained, its size and its test confusion matrix."""

    validation: float
    test: float
    seconds: float
    epochs: int
    weights: int
    confusion: np.ndarray  # confusion[true class, predicted class], counts


def cnn_accuracy(split: dict[str, tuple[np.ndarray, np.ndarray]], max_epochs: int) -> CnnResult:
    """Train the small CNN with the course's recipe on the training set and score it."""
    build = functools.partial(small_cnn, n_classes=len(GALAXY_CLASSES))
    start = time.perf_counter()
    model, history = train_classifier(build, *split["train"], *split["validation"], max_epochs=max_epochs)
    seconds = time.perf_counter() - start
    validation = model.evaluate(*split["validation"], verbose=0)[1]
    x_test, y_test = split["test"]
    predicted = predict_in_batches(model, x_test).argmax(axis=1)
    confusion = confusion_matrix(y_test, predicted, len(GALAXY_CLASSES))
    epochs = len(history.history["loss"])
    test = float(np.mean(predicted == y_test))
    return CnnResult(float(validation), test, seconds, epochs, model.count_params(), confusion)


def confusion_table(confusion: np.ndarray) -> list[str]:
    """A confusion matrix as Markdown table lines: one row per true class, one column per prediction."""
    header = "| true class ↓ / predicted → | " + " | ".join(GALAXY_CLASSES) + " |"
    rows = [
        f"| {name} | " + " | ".join(str(count) for count in row) + " |"
        for name, row in zip(GALAXY_CLASSES, confusion, strict=True)
    ]
    return [header, "|---|" + "---:|" * len(GALAXY_CLASSES), *rows]


def render_report(rows: list[tuple[str, str, str]], confusion: np.ndarray, load: str) -> str:
    """The whole Markdown results file."""
    table = ["| measurement | value | target |", "|---|---:|---|", *(f"| {a} | {b} | {c} |" for a, b, c in rows)]
    return "\n".join(
        [
            *report_header("Simulated-sky benchmark", "benchmark_sky.py", load),
            "## Results",
            "",
            "`make_galaxies` at 32×32 pixels in g, r, i. Split: "
            + ", ".join(f"{name} {n} images (seed {SPLIT_SEEDS[name]})" for name, n in SPLIT.items())
            + ".",
            "Generation speed: one core, the best of three runs. The CNN trains with TensorFlow's default",
            "threads on the CPU, with the course's recipe (early stopping, the best epoch's weights kept); its time",
            "includes the per-epoch validation.",
            "",
            *table,
            "",
            "The small CNN's mistakes on the test set:",
            "",
            *confusion_table(confusion),
            "",
        ]
    )


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    """Parse the command line."""
    parser = argparse.ArgumentParser(description="Measure speed and learnability of the simulated sky.")
    parser.add_argument("--output", type=Path, default=DEFAULT_OUTPUT, help="Markdown file to write")
    parser.add_argument("--speed-images", type=int, default=5000, help="images per speed run (default 5000)")
    parser.add_argument("--epochs", type=int, default=15, help="most CNN training epochs (default 15)")
    parser.add_argument("--speed-only", action="store_true", help="only print the generation speed (images/s)")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    """Run the measurements, write the report and print the table; 1 if a target is missed."""
    args = parse_args(argv)
    if args.speed_only:
        print(f"{best_speed(args.speed_images):.1f}")
        return 0
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
    load = "- Load average when the run started (1, 5, 15 min): " + ", ".join(f"{v:.2f}" for v in os.getloadavg())
    speed = generation_speed(args.speed_images)
    print(f"generation: {speed:.0f} images/s", file=sys.stderr, flush=True)
    split = load_split()
    linear, linear_c = linear_accuracy(split)
    print(f"linear: {linear:.3f}", file=sys.stderr, flush=True)
    cnn = cnn_accuracy(split, args.epochs)
    rows = [
        ("generation speed, one core (images/s)", f"{speed:.0f}", "thousands"),
        (f"linear classifier (C = {linear_c:g}): test accuracy", f"{linear:.3f}", f"≤ CNN − {MIN_GAP:.2f}"),
        (
            f"small CNN ({cnn.weights} weights, {cnn.epochs} of up to {args.epochs} epochs): validation accuracy",
            f"{cnn.validation:.3f}",
            "",
        ),
        ("small CNN: test accuracy", f"{cnn.test:.3f}", f"≥ {MIN_CNN_ACCURACY:.2f}"),
        ("small CNN: training time (s)", f"{cnn.seconds:.1f}", "< 60"),
        ("accuracy gap, CNN − linear", f"{cnn.test - linear:.3f}", f"≥ {MIN_GAP:.2f}"),
    ]
    report = render_report(rows, cnn.confusion, load)
    args.output.write_text(report, encoding="utf-8")
    print(report)
    met = cnn.test >= MIN_CNN_ACCURACY and cnn.test - linear >= MIN_GAP and cnn.seconds < 60
    return 0 if met else 1


if __name__ == "__main__":
    sys.exit(main())
