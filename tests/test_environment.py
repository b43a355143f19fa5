"""The notebook set-up and the environment check."""

import os
import sys
import tomllib
import types

import numpy as np
import pytest

import check_colab_versions
from dl101 import environment, setup
from dl101.paths import ROOT


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


def test_setup_keeps_float32_matrix_products_at_float32_on_every_gpu(capsys):
    import tensorflow as tf

    tf.config.experimental.enable_tensor_float_32_execution(True)  # TensorFlow's own default
    setup()
    assert not tf.config.experimental.tensor_float_32_execution_enabled()


def test_version_comparison():
    assert environment._at_least("2.21.0", "2.21")
    assert environment._at_least("3.15.1rc1", "3.15")
    assert not environment._at_least("2.9.3", "2.21")


def test_report_flags_a_missing_or_old_library(monkeypatch):
    versions = {"numpy": "1.26.4", "keras": None}
    real = environment.installed_version
    monkeypatch.setattr(
        environment, "installed_version", lambda name: versions[name] if name in versions else real(name)
    )
    rows = {name: (found, fine) for name, found, fine in environment.environment_report()}
    assert rows["numpy"][1] is False and "older than 2.1" in rows["numpy"][0]
    assert rows["keras"][1] is False and "missing" in rows["keras"][0]
    assert rows["tensorflow"][1] is True


def test_printed_report_says_whether_all_is_fine(capsys):
    all_fine = environment.print_environment_report()
    out = capsys.readouterr().out
    assert out.strip().endswith("All set.") == all_fine


def test_setup_returns_its_seed_and_takes_another_from_the_environment(monkeypatch, capsys):
    assert setup(seed=5, tensorflow=False) == 5
    monkeypatch.setenv(environment.SEED_VARIABLE, "12")
    assert setup(seed=5, tensorflow=False) == 12
    assert "seed 12" in capsys.readouterr().out
    monkeypatch.setenv(environment.SEED_VARIABLE, "one")
    with pytest.raises(ValueError, match="DL101_SEED to be a whole number"):
        setup(tensorflow=False)


def test_oldest_verified_versions_are_the_colab_runtime_s():
    pinned = check_colab_versions.pinned_versions(check_colab_versions.PINS.read_text())
    for distribution, _, minimum in environment.COMPONENTS:
        assert ".".join(pinned[distribution].split(".")[:2]) == minimum, distribution
    assert check_colab_versions.pinned_python(check_colab_versions.PINS.read_text()) == "{}.{}".format(
        *environment.PYTHON_VERSIONS[1]
    )


def test_python_range_is_the_one_pyproject_requires():
    requires = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["requires-python"]
    (low_major, low_minor), (high_major, high_minor) = environment.PYTHON_VERSIONS
    assert requires == f">={low_major}.{low_minor},<{high_major}.{high_minor + 1}"


@pytest.mark.parametrize(
    ("version", "fine"), [((3, 10, 13), False), ((3, 11, 7), True), ((3, 13, 0), True), ((3, 14, 0), False)]
)
def test_report_warns_on_a_python_tensorflow_does_not_support(monkeypatch, version, fine):
    monkeypatch.setattr(environment.sys, "version_info", version)
    monkeypatch.setattr(environment.platform, "python_version", lambda: ".".join(map(str, version)))
    name, found, ok = environment.environment_report()[0]
    assert name == "Python" and ok is fine
    assert ("3.11–3.13" in found) is not fine


def test_report_on_colab_recognises_it_and_gives_colab_advice(monkeypatch):
    monkeypatch.setitem(sys.modules, "google.colab", types.ModuleType("google.colab"))
    versions = {"tensorflow": "2.19.0", "keras": "3.10.0", "ipywidgets": "7.7.1", "numpy": "2.0.2"}
    real = environment.installed_version
    monkeypatch.setattr(environment, "installed_version", lambda name: versions.get(name) or real(name))
    rows = {name: (found, fine) for name, found, fine in environment.environment_report()}
    assert "Google Colab" in rows["machine"][0]
    assert rows["ipywidgets"] == ("7.7.1", True), "Colab's ipywidgets 7 is verified"
    for old in ("tensorflow", "keras", "numpy"):
        found, fine = rows[old]
        assert not fine and "Runtime → Change runtime type" in found and "README" not in found


def test_report_flags_an_intel_mac(monkeypatch):
    monkeypatch.setattr(environment.platform, "system", lambda: "Darwin")
    monkeypatch.setattr(environment.platform, "machine", lambda: "x86_64")
    rows = {name: (found, fine) for name, found, fine in environment.environment_report()}
    assert rows["machine"][1] is False and "2.16" in rows["machine"][0]


def test_a_gpu_tensorflow_cannot_see_is_explained(monkeypatch):
    monkeypatch.setattr(environment, "_tensorflow_gpus", lambda: [])
    monkeypatch.setattr(environment, "nvidia_gpus", lambda: ["NVIDIA A100"])
    name, found, fine = environment._gpu_row()
    assert not fine and "nvidia-smi" in found and "tensorflow[and-cuda]==" in found
    monkeypatch.setattr(environment, "nvidia_gpus", lambda: [])
    assert environment._gpu_advice() is None and environment._gpu_row()[2] is True


def test_nvidia_gpus_reads_the_driver_s_listing(monkeypatch, tmp_path):
    fake = tmp_path / "nvidia-smi"
    fake.write_text("#!/bin/sh\necho 'GPU 0: NVIDIA H200 (UUID: GPU-abc)'\n")
    fake.chmod(0o755)
    monkeypatch.setenv("PATH", f"{tmp_path}{os.pathsep}{os.environ['PATH']}")
    assert environment.nvidia_gpus() == ["NVIDIA H200"]


def test_determinism_error_gets_advice_naming_the_op():
    import tensorflow as tf

    error = tf.errors.UnimplementedError(
        None, None, "A deterministic GPU implementation of ResizeNearestNeighborGrad is not currently available."
    )
    advice = environment.determinism_advice(error)
    assert "ResizeNearestNeighborGrad" in advice and "setup(deterministic=False)" in advice
    assert environment.determinism_advice(tf.errors.UnimplementedError(None, None, "unrelated")) is None


def test_in_a_notebook_a_determinism_error_shows_its_traceback_and_the_advice(capsys):
    from IPython.core.interactiveshell import InteractiveShell

    shell = InteractiveShell.instance()
    try:
        setup(seed=0)
        shell.run_cell(
            "import tensorflow as tf\n"
            "raise tf.errors.UnimplementedError(None, None, 'A deterministic GPU implementation of AdjustContrast "
            "is not currently available.')"
        )
        out = capsys.readouterr().out
        assert "UnimplementedError" in out and "no deterministic kernel for AdjustContrast" in out
    finally:
        InteractiveShell.clear_instance()


def test_setup_can_turn_determinism_off_again():
    from tensorflow.python.framework import config

    setup(seed=0)
    assert config.is_op_determinism_enabled()
    setup(seed=0, deterministic=False)
    assert not config.is_op_determinism_enabled()
    setup(seed=0)
    assert config.is_op_determinism_enabled()
