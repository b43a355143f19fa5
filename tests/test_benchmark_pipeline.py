"""The input-pipeline benchmark: it measures every form with each number of readers, and its report says so."""

import pytest

import benchmark_pipeline


def test_the_report_has_a_row_per_source_and_reader_count_relative_to_memory():
    rows = [("arrays in memory", "—", 20000.0), ("FITS files", "1", 400.0), ("TFRecord shards", "2", 10000.0)]
    report = benchmark_pipeline.render_report(rows, {"the FITS survey (write_survey)": 2.0}, 1000, 3, "- Load: 1.0")
    assert report.startswith("# Input-pipeline benchmark") and "- Load: 1.0" in report
    assert "| FITS files | 1 | 400 | 0.02 |" in report and "| TFRecord shards | 2 | 10000 | 0.5 |" in report
    assert "| the FITS survey (write_survey) | 2.0 | 2.00 |" in report and "best of 3 passes" in report


@pytest.mark.slow  # writes and streams a survey
def test_a_small_survey_is_measured_in_every_form(tmp_path):
    rows, written = benchmark_pipeline.measure(64, 1, tmp_path)
    assert [(source, readers) for source, readers, _ in rows] == [
        ("arrays in memory", "—"),
        ("FITS files", "1"),
        ("FITS files", "2"),
        ("TFRecord shards", "1"),
        ("TFRecord shards", "2"),
    ]
    assert all(speed > 0 for _, _, speed in rows) and len(written) == 3


def test_too_few_objects_are_refused():
    with pytest.raises(SystemExit):
        benchmark_pipeline.parse_args(["--objects", "10"])
