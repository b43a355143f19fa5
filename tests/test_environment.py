"""The notebook set-up and the environment check."""

import numpy as np

from dl101 import environment, setup


def test_setup_seeds_numpy_so_runs_repeat(capsys):
    setup(seed=7, tensorflow=False)
    first = np.random.rand(3)
    setup(seed=7, tensorflow=False)
    assert np.array_equal(first, np.random.rand(3))
    assert "seed 7" in capsys.readouterr().out


def test_setup_with_tensorflow_seeds_it_and_reports_the_device(capsys):
    import tensorflow as tf

    setup(seed=3)
    first = tf.random.uniform((3,)).numpy()
    setup(seed=3)
    assert np.array_equal(first, tf.random.uniform((3,)).numpy())
    out = capsys.readouterr().out
    assert "TensorFlow" in out and ("CPU only" in out or "GPU" in out)


def test_version_comparison():
    assert environment._at_least("2.21.0", "2.21")
    assert environment._at_least("3.15.1rc1", "3.15")
    assert not environment._at_least("2.9.3", "2.21")


def test_report_flags_a_missing_or_old_library(monkeypatch):
    versions = {"numpy": "1.26.4", "keras": None}
    real = environment._version
    monkeypatch.setattr(environment, "_version", lambda name: versions[name] if name in versions else real(name))
    rows = {name: (found, fine) for name, found, fine in environment.environment_report()}
    assert rows["numpy"][1] is False and "older than 2.1" in rows["numpy"][0]
    assert rows["keras"][1] is False and "missing" in rows["keras"][0]
    assert rows["tensorflow"][1] is True


def test_printed_report_says_whether_all_is_fine(capsys):
    all_fine = environment.print_environment_report()
    out = capsys.readouterr().out
    assert out.strip().endswith("All set.") == all_fine
