"""Benchmark notebook 10's input pipelines: images per second from memory, from FITS files, from TFRecord shards.

Run from the repository root:

    python tools/benchmark_pipeline.py                  # writes tools/benchmark_pipeline_results.md
    python tools/benchmark_pipeline.py --objects 300 --output /tmp/pipeline.md

A mock survey (``dl101.data.write_survey``, 32 × 32 pixels in g, r, i) is written to a temporary
folder, read once into memory, and written again as 4 TFRecord shards (``dl101.pipeline``). Then
each form is streamed, batched by 64 and prefetched, as ``images_per_second`` measures it: the
arrays in memory (``Dataset.from_tensor_slices``), the FITS files (``file_dataset``: astropy reads
each file inside ``tf.numpy_function``) and the shards (``tfrecord_dataset``), the last two with 1
and with 2 reader threads (``parallel_reads``). Each figure is the best of several passes.
TensorFlow keeps its default thread pools. The time to write the survey and the shards is
reported too.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

from benchmark import report_header
from checkout import ROOT
from dl101.data import network_input, read_catalogue, read_cutout, write_survey
from dl101.pipeline import class_indices, file_dataset, images_per_second, tfrecord_dataset, write_tfrecords

DEFAULT_OUTPUT = ROOT / "tools" / "benchmark_pipeline_results.md"
SHARDS = 4
READERS = (1, 2)


def best_speed(make_dataset, repeats: int) -> float:
    """The most images per second of ``repeats`` passes, each over a fresh dataset from ``make_dataset()``."""
    return max(images_per_second(make_dataset()) for _ in range(repeats))


def measure(objects: int, repeats: int, directory: Path) -> tuple[list[tuple[str, str, float]], dict[str, float]]:
    """Rows of (source, reader threads, images per second), and the seconds each writing step took."""
    import tensorflow as tf

    start = time.perf_counter()
    catalogue = read_catalogue(write_survey(directory / "survey", objects, seed=10, labelled=0.75))
    written = {"the FITS survey (write_survey)": time.perf_counter() - start}
    paths, labels = list(catalogue["path"]), class_indices(catalogue["label"])
    start = time.perf_counter()
    images = np.stack([network_input(read_cutout(path)) for path in paths])
    written["the FITS files read one by one into memory"] = time.perf_counter() - start
    start = time.perf_counter()
    shards = write_tfrecords(tf.data.Dataset.from_tensor_slices((images, labels)), directory / "shards", SHARDS)
    written[f"{SHARDS} TFRecord shards from memory"] = time.perf_counter() - start

    def in_memory():
        return tf.data.Dataset.from_tensor_slices((images, labels))

    rows = [("arrays in memory", "—", best_speed(in_memory, repeats))]
    for readers in READERS:
        rows.append(
            (
                "FITS files",
                str(readers),
                best_speed(lambda r=readers: file_dataset(paths, labels, parallel_reads=r), repeats),
            )
        )
    for readers in READERS:
        rows.append(
            (
                "TFRecord shards",
                str(readers),
                best_speed(lambda r=readers: tfrecord_dataset(shards, images.shape[1:], parallel_reads=r), repeats),
            )
        )
    return rows, written


def render_report(rows, written: dict[str, float], objects: int, repeats: int, load: str) -> str:
    """The whole Markdown results file."""
    memory = rows[0][2]
    table = [
        "| source | reader threads | images per second | relative to memory |",
        "|---|---:|---:|---:|",
        *(f"| {source} | {readers} | {speed:.0f} | {speed / memory:.3g} |" for source, readers, speed in rows),
    ]
    writing = ["| step | seconds | per object (ms) |", "|---|---:|---:|"]
    writing += [f"| {step} | {seconds:.1f} | {1000 * seconds / objects:.2f} |" for step, seconds in written.items()]
    return "\n".join(
        [
            *report_header("Input-pipeline benchmark", "benchmark_pipeline.py", load),
            "## Results",
            "",
            f"A mock survey of {objects} objects (32 × 32 pixels, g, r, i; one FITS file each) streamed as the",
            "network's input, batched by 64 and prefetched; the best of "
            f"{repeats} passes. The shards: {SHARDS} TFRecord files.",
            "",
            *table,
            "",
            "Writing, once:",
            "",
            *writing,
            "",
        ]
    )


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    """Parse the command line."""
    parser = argparse.ArgumentParser(description="Measure images per second of notebook 10's input pipelines.")
    parser.add_argument("--output", type=Path, default=DEFAULT_OUTPUT, help="Markdown file to write")
    parser.add_argument("--objects", type=int, default=1000, help="objects in the mock survey (default 1000)")
    parser.add_argument("--repeats", type=int, default=3, help="passes per measurement, the best kept (default 3)")
    args = parser.parse_args(argv)
    if args.objects < 64 or args.repeats < 1:
        parser.error("expected --objects of at least 64 (one batch) and --repeats of at least 1")
    return args


def main(argv: list[str] | None = None) -> int:
    """Run the measurements, write the report and print it."""
    args = parse_args(argv)
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
    load = "- Load average when the run started (1, 5, 15 min): " + ", ".join(f"{v:.2f}" for v in os.getloadavg())
    with tempfile.TemporaryDirectory() as directory:
        rows, written = measure(args.objects, args.repeats, Path(directory))
    report = render_report(rows, written, args.objects, args.repeats, load)
    args.output.write_text(report, encoding="utf-8")
    print(report)
    return 0


if __name__ == "__main__":
    sys.exit(main())
