"""The benchmark script's verdicts and report: a notebook over its budget, or a failed one, is never 'yes'."""

from pathlib import Path

import benchmark

GB = benchmark.GB


def result(name, wall_s, peak_gb, error=None):
    path = Path(f"notebooks/{name}.ipynb")
    return benchmark.Result(path.name, benchmark.target_for(path), wall_s, wall_s - 0.5, int(peak_gb * GB), error)


def test_each_notebook_has_its_own_target_and_later_ones_a_larger_one():
    assert benchmark.target_for(Path("03_mlp.ipynb")) == benchmark.Target(30, 1.2 * GB)
    assert benchmark.target_for(Path("08_build_your_own_model.ipynb")) == benchmark.Target(90, 1.5 * GB)


def test_a_notebook_over_time_or_memory_or_failed_does_not_meet_its_target():
    assert benchmark.meets_target(result("03_mlp", 10, 0.8))
    assert not benchmark.meets_target(result("03_mlp", 31, 0.8))
    assert not benchmark.meets_target(result("03_mlp", 10, 1.3))
    assert not benchmark.meets_target(result("03_mlp", 10, 0.8, error="CellExecutionError"))


def test_the_table_totals_the_measured_notebooks_and_names_failures():
    table = benchmark.format_table([result("02_perceptron", 3, 0.2), result("03_mlp", 9, 0.8, error="DeadKernel")])
    assert "| 03_mlp.ipynb | — | — | — | < 30 s, < 1.2 GB | failed: DeadKernel |" in table
    assert "**total** (1 failed, not counted) | 3.00 |" in table and table.rstrip().endswith("| no |")


def test_the_series_section_reports_nbval_time_and_the_setup():
    results = [result("02_perceptron", 3, 0.2), result("05_backprop_and_training", 11, 0.78)]
    series = benchmark.SeriesRun(seconds=320, passed=True)
    setup = benchmark.SetupRun(seconds=95, size_bytes=int(2.2 * GB), pip_cache=False)
    text = "\n".join(benchmark.series_lines(results, series, setup))
    assert "14 s in all" in text and "320 s, passed; over the 300 s target" in text
    assert "780 MB" in text and "95 s (no pip cache" in text and "2.20 GB" in text


def test_directory_size_counts_file_bytes(tmp_path):
    (tmp_path / "a").write_bytes(b"x" * 10)
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "b").write_bytes(b"y" * 5)
    assert benchmark.directory_size(tmp_path) == 15


def test_every_report_opens_with_the_same_header_and_its_own_notes():
    header = benchmark.report_header("Sky benchmark", "benchmark_sky.py", "- Load average: 1.00")
    assert header[0] == "# Sky benchmark"
    assert "Regenerate with `python tools/benchmark_sky.py` (from the repository root)." in header
    assert header.index("## Machine") < header.index("- Load average: 1.00") and header[-1] == ""
