"""Benchmark dl101.nn's convolution and pooling against TensorFlow's own ops on one CNN-sized batch.

Run from the repository root:

    python tools/benchmark_conv.py                          # writes tools/benchmark_conv_results.md
    python tools/benchmark_conv.py --repeats 50 --output /tmp/bench_conv.md

The batch is 64 images of 32×32 pixels with 3 channels. The convolution has 16 filters of 3×3
with "same" padding and stride 1: the vectorised ``conv2d`` and the teaching ``conv2d_loop`` run
against ``tf.nn.conv2d``. Pooling (2×2, stride 2) runs on the convolution's output, 64×32×32×16:
``max_pool2d`` and ``avg_pool2d`` against ``tf.nn.max_pool2d`` and ``tf.nn.avg_pool2d``, the ops
Keras's pooling layers call. dl101.nn computes in float64; TensorFlow runs in float32 (what Keras
trains in) and in float64 (the same arithmetic as ours). dl101.nn takes NumPy arrays; TensorFlow
takes tensors made beforehand (TensorFlow 2.21's eager MaxPool, given a NumPy float64 array,
computes in float32 from its second call on); both return a NumPy array. Every call is made once
to warm up, then timed; the table gives the best of the repeats. Each result is also compared
with TensorFlow's float64 one, so the timings are of the same computation.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import numpy as np

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
import tensorflow as tf  # noqa: E402

from benchmark import report_header  # noqa: E402
from checkout import ROOT  # noqa: E402
from dl101 import nn  # noqa: E402

DEFAULT_OUTPUT = ROOT / "tools" / "benchmark_conv_results.md"
BATCH, SIZE, CHANNELS, FILTERS, KERNEL, POOL = 64, 32, 3, 16, 3, 2
MS = 1e3


@dataclass
class Timing:
    """One implementation of one operation: its best time in seconds and its largest difference from TF float64."""

    operation: str
    implementation: str
    best_s: float
    max_difference: float


def best_time(function: Callable[[], np.ndarray], repeats: int) -> tuple[float, np.ndarray]:
    """The shortest of ``repeats`` timed calls after one warm-up call, and the call's result."""
    result = function()
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        function()
        times.append(time.perf_counter() - start)
    return min(times), result


def inputs(seed: int = 0) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Random images (64, 32, 32, 3), kernels (3, 3, 3, 16) and biases (16,), in float64."""
    rng = np.random.default_rng(seed)
    x = rng.standard_normal((BATCH, SIZE, SIZE, CHANNELS))
    w = rng.standard_normal((KERNEL, KERNEL, CHANNELS, FILTERS)) / KERNEL
    return x, w, rng.standard_normal(FILTERS)


def measure(operation: str, candidates: dict[str, Callable[[], np.ndarray]], repeats: int) -> list[Timing]:
    """Time each candidate; the one named "tf.nn float64" is the reference the others are compared with."""
    results = {name: best_time(function, repeats) for name, function in candidates.items()}
    reference = results["tf.nn float64"][1]
    return [
        Timing(operation, name, best_s, float(np.max(np.abs(result - reference))))
        for name, (best_s, result) in results.items()
    ]


def conv_timings(x: np.ndarray, w: np.ndarray, b: np.ndarray, repeats: int) -> list[Timing]:
    """conv2d and conv2d_loop against tf.nn.conv2d in float32 and float64."""
    x32, w32, b32 = (tf.constant(array, tf.float32) for array in (x, w, b))
    x64, w64, b64 = (tf.constant(array, tf.float64) for array in (x, w, b))
    candidates = {
        "tf.nn float32": lambda: (tf.nn.conv2d(x32, w32, 1, "SAME") + b32).numpy(),
        "tf.nn float64": lambda: (tf.nn.conv2d(x64, w64, 1, "SAME") + b64).numpy(),
        "dl101.nn conv2d": lambda: nn.conv2d(x, w, b, padding="same"),
        "dl101.nn conv2d_loop": lambda: nn.conv2d_loop(x, w, b, padding="same"),
    }
    name = f"conv2d {KERNEL}×{KERNEL}, {FILTERS} filters, same"
    return measure(name, candidates, repeats)


def pool_timings(x: np.ndarray, repeats: int) -> list[Timing]:
    """max_pool2d and avg_pool2d against tf.nn.max_pool2d and tf.nn.avg_pool2d in float32 and float64."""
    x32, x64 = tf.constant(x, tf.float32), tf.constant(x, tf.float64)
    timings = []
    for kind, ours, theirs in (("max", nn.max_pool2d, tf.nn.max_pool2d), ("avg", nn.avg_pool2d, tf.nn.avg_pool2d)):
        candidates = {
            "tf.nn float32": lambda theirs=theirs: theirs(x32, POOL, POOL, "VALID").numpy(),
            "tf.nn float64": lambda theirs=theirs: theirs(x64, POOL, POOL, "VALID").numpy(),
            f"dl101.nn {kind}_pool2d": lambda ours=ours: ours(x, POOL),
        }
        timings += measure(f"{kind} pool {POOL}×{POOL}, stride {POOL}", candidates, repeats)
    return timings


def format_table(timings: list[Timing]) -> str:
    """A Markdown table: best time and its ratio to TensorFlow's time for the same operation."""
    tf_times = {(t.operation, t.implementation): t.best_s for t in timings if t.implementation.startswith("tf.nn")}
    rows = [
        "| operation | implementation | best time (ms) | × tf.nn float32 | × tf.nn float64 | max abs difference |",
        "|---|---|---:|---:|---:|---:|",
    ]
    for t in timings:
        ratio32 = t.best_s / tf_times[(t.operation, "tf.nn float32")]
        ratio64 = t.best_s / tf_times[(t.operation, "tf.nn float64")]
        rows.append(
            f"| {t.operation} | {t.implementation} | {t.best_s * MS:.2f} | {ratio32:.1f} | {ratio64:.1f} "
            f"| {t.max_difference:.1e} |"
        )
    return "\n".join(rows)


def load_line(before: tuple[float, ...], after: tuple[float, ...]) -> str:
    """The 1-minute load average before and after the run, next to the number of cores."""
    return (
        f"- Load average (1 min) before / after the run: {before[0]:.2f} / {after[0]:.2f} "
        f"on {os.cpu_count()} cores (above about 1, other work shared the cores)"
    )


def render_report(table: str, repeats: int, load: str) -> str:
    """The whole Markdown results file around the table."""
    return "\n".join(
        [
            *report_header("Convolution and pooling benchmark", "benchmark_conv.py", load),
            "## Results",
            "",
            f"Images {BATCH}×{SIZE}×{SIZE}×{CHANNELS} (NHWC); kernels {KERNEL}×{KERNEL}×{CHANNELS}×{FILTERS} (HWIO) "
            f"with a bias. Pooling runs on the convolution's output, {BATCH}×{SIZE}×{SIZE}×{FILTERS}. Best of "
            f"{repeats} calls after a warm-up; dl101.nn goes from NumPy arrays to a NumPy array in float64, "
            "TensorFlow from tensors made beforehand to a NumPy array. × tf.nn: the time divided by TensorFlow's "
            "for the same operation (below 1 is faster). Max abs difference: from TensorFlow's float64 result.",
            "",
            table,
            "",
        ]
    )


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    """Parse the command line."""
    parser = argparse.ArgumentParser(description="Time dl101.nn's convolution and pooling against TensorFlow.")
    parser.add_argument("--repeats", type=int, default=20, help="timed calls per implementation (default: 20)")
    parser.add_argument(
        "--output",
        type=Path,
        default=DEFAULT_OUTPUT,
        help="Markdown file to write (default: tools/benchmark_conv_results.md)",
    )
    args = parser.parse_args(argv)
    if args.repeats < 1:
        parser.error(f"expected --repeats of at least 1, got {args.repeats}")
    return args


def main(argv: list[str] | None = None) -> int:
    """Measure every implementation, write the report and print the table."""
    args = parse_args(argv)
    before = os.getloadavg()
    x, w, b = inputs()
    timings = conv_timings(x, w, b, args.repeats)
    timings += pool_timings(nn.conv2d(x, w, b, padding="same"), args.repeats)
    table = format_table(timings)
    args.output.write_text(render_report(table, args.repeats, load_line(before, os.getloadavg())), encoding="utf-8")
    print(table)
    print(f"\nwritten to {args.output}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
