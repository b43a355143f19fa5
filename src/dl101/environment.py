"""Notebook set-up and the environment check of notebook 00."""

from __future__ import annotations

import contextlib
import importlib.metadata
import os
import platform
import random
import re
import shutil
import subprocess
import sys

import numpy as np

from dl101.paths import NOTEBOOKS_DIR
from dl101.plotting import use_course_style
from dl101.runtime import in_colab

# (distribution, what it is for, the oldest version the course is verified on). The oldest
# verified versions are Colab's (tools/colab_runtime.txt, checked by tools/check_colab_versions.py);
# the README's set-up installs newer ones.
COMPONENTS = [
    ("numpy", "arrays, and every by-hand implementation", "2.1"),
    ("tensorflow", "deep learning framework", "2.20"),
    ("keras", "TensorFlow's model API (Keras 3)", "3.13"),
    ("matplotlib", "figures", "3.10"),
    ("scikit-learn", "classic machine-learning baselines", "1.6"),
    ("ipywidgets", "interactive explorers", "7.7"),
]
# The Python versions TensorFlow and Keras publish packages for (Keras 3.13+ needs 3.11;
# TensorFlow 2.21 has no wheels for 3.14); the same range as requires-python in pyproject.toml.
PYTHON_VERSIONS = ((3, 11), (3, 13))
# Set to run every training of the course with another seed (the tests do, to show that the
# checked claims do not hang on one seed).
SEED_VARIABLE = "DL101_SEED"


def setup(seed: int = 0, tensorflow: bool = True, deterministic: bool = True) -> int:
    """Prepare a notebook: quiet TensorFlow logs, seeds, plot style; print what runs it; return the seed.

    The environment variable ``DL101_SEED``, when set, replaces ``seed``. With ``deterministic``,
    TensorFlow's operations give the same numbers on every run; a GPU op that has no deterministic
    kernel then fails, with a message that says to call ``setup(deterministic=False)``.
    """
    seed = _seed_from_environment(seed)
    # Must be set before TensorFlow is imported: it filters TensorFlow's C++ log lines from then on.
    # Level 3 hides C++ errors too: TF 2.21 logs a harmless "E0000 ... use_unbounded_threadpool"
    # error at the first fit() or predict(). Python exceptions are raised as usual.
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
    if in_colab() and NOTEBOOKS_DIR.is_dir():
        os.chdir(NOTEBOOKS_DIR)  # relative paths then work as in the repository
    random.seed(seed)
    np.random.seed(seed)
    use_course_style()
    parts = [f"seed {seed}", f"Python {platform.python_version()}", f"NumPy {np.__version__}"]
    if tensorflow:
        parts += _setup_tensorflow(seed, deterministic)
    print("Deep Learning 101 set-up: " + " · ".join(parts))
    if tensorflow and (hidden := _gpu_advice()):
        print(hidden)
    return seed


def _seed_from_environment(seed: int) -> int:
    """``seed``, or the whole number in ``DL101_SEED`` when that is set."""
    text = os.environ.get(SEED_VARIABLE, "").strip()
    if not text:
        return seed
    if not text.isdigit():
        raise ValueError(f"expected {SEED_VARIABLE} to be a whole number such as 1, got {text!r}")
    return int(text)


@contextlib.contextmanager
def _silenced_native_stderr():
    """Send what C++ code writes to the process's stderr to /dev/null; Python's own errors still show."""
    sys.stderr.flush()
    saved = os.dup(2)
    with open(os.devnull, "w") as devnull:
        os.dup2(devnull.fileno(), 2)
        try:
            yield
        finally:
            os.dup2(saved, 2)
            os.close(saved)


def _setup_tensorflow(seed: int, deterministic: bool) -> list[str]:
    """Seed TensorFlow, make its operations deterministic and let notebooks share a GPU."""
    # TensorFlow's C++ start-up notices (oneDNN, CUDA probing) are written before its log level
    # is read, so TF_CPP_MIN_LOG_LEVEL alone does not silence them.
    with _silenced_native_stderr():
        import keras
        import tensorflow as tf

    gpus = _tensorflow_gpus()
    for gpu in gpus:
        # Take GPU memory as needed rather than all of it, so several notebooks can share a card.
        # It cannot change once TensorFlow has used the GPU, as when setup() runs a second time.
        with contextlib.suppress(RuntimeError):
            tf.config.experimental.set_memory_growth(gpu, True)
    keras.utils.set_random_seed(seed)  # Python, NumPy and TensorFlow
    # Ampere and newer GPUs would otherwise multiply float32 matrices at TF32's 10-bit mantissa:
    # the notebooks compare with NumPy at float32 precision, on a GPU as on a CPU.
    tf.config.experimental.enable_tensor_float_32_execution(False)
    if deterministic:
        tf.config.experimental.enable_op_determinism()  # two runs print the same numbers
        _explain_determinism_errors()
    else:
        from tensorflow.python.framework import config

        config.disable_op_determinism()  # no public counterpart of enable_op_determinism
    device = f"{len(gpus)} GPU(s)" if gpus else f"CPU only ({os.cpu_count()} cores)"
    return [f"TensorFlow {tf.__version__}", f"Keras {keras.__version__}", device]


def determinism_advice(error: BaseException) -> str | None:
    """What to do about an op with no deterministic kernel; None when ``error`` is about something else."""
    message = str(error)
    if "eterministic" not in message:
        return None
    named = re.search(r"implementation of (\w+)", message) or re.search(r"Detected at node (\S+)", message)
    op = named.group(1) if named else "one of its ops"
    return (
        f"✗ TensorFlow has no deterministic kernel for {op} on this device. setup() turned on op "
        "determinism so that two runs print the same numbers, and that op cannot run that way. "
        "Run `setup(deterministic=False)` (runs then differ slightly), then this cell again; "
        "or use a layer without that op."
    )


def _explain_determinism_errors() -> None:
    """In a notebook, add :func:`determinism_advice` under the traceback of a determinism error."""
    try:
        from IPython import get_ipython
    except ImportError:
        return
    shell = get_ipython()
    if shell is None:
        return
    import tensorflow as tf

    def show_with_advice(shell, kind, error, traceback, tb_offset=None):
        shell.showtraceback((kind, error, traceback), tb_offset=tb_offset)
        if advice := determinism_advice(error):
            print(advice)

    shell.set_custom_exc((tf.errors.UnimplementedError,), show_with_advice)


def nvidia_gpus() -> list[str]:
    """The names of the NVIDIA GPUs the driver sees (``nvidia-smi -L``), whether or not TensorFlow can use them."""
    if shutil.which("nvidia-smi") is None:
        return []
    try:
        listing = subprocess.run(["nvidia-smi", "-L"], capture_output=True, text=True, timeout=10, check=True)
    except (OSError, subprocess.SubprocessError):
        return []
    # Lines look like "GPU 0: NVIDIA H100 80GB HBM3 (UUID: GPU-...)".
    lines = [line for line in listing.stdout.splitlines() if line.startswith("GPU ")]
    return [line.split(":", 1)[1].split(" (UUID")[0].strip() for line in lines]


def _tensorflow_gpus() -> list:
    """The GPUs TensorFlow can use (imported with its start-up notices silenced)."""
    with _silenced_native_stderr():
        import tensorflow as tf

        return tf.config.list_physical_devices("GPU")


def _gpu_advice() -> str | None:
    """Why TensorFlow sees no GPU although the machine has one; None when there is nothing to say."""
    if _tensorflow_gpus() or not nvidia_gpus():
        return None
    import tensorflow as tf

    return (
        "An NVIDIA GPU is here (nvidia-smi sees it) but TensorFlow does not use it: TensorFlow's "
        "CUDA libraries are missing. On Linux install them with "
        f'`python -m pip install "tensorflow[and-cuda]=={tf.__version__}"` and restart the kernel; '
        "on Windows, TensorFlow uses a GPU only inside WSL2. The course runs on the CPU meanwhile."
    )


def installed_version(distribution: str) -> str | None:
    """The version of an installed distribution (``"2.21.0"``); None when it is not installed."""
    try:
        return importlib.metadata.version(distribution)
    except importlib.metadata.PackageNotFoundError:
        return None


def _at_least(version: str, minimum: str) -> bool:
    def numbers(text: str) -> tuple[int, ...]:
        return tuple(int("".join(c for c in part if c.isdigit()) or 0) for part in text.split(".")[:2])

    return numbers(version) >= numbers(minimum)


def _install_advice() -> str:
    """How to get newer libraries where the notebook runs."""
    if in_colab():
        return (
            "on Colab, pick the latest runtime (Runtime → Change runtime type → Runtime version), "
            "then run the notebook from the top"
        )
    return "reinstall with the README's set-up command"


def _python_row() -> tuple[str, str, bool]:
    (low_major, low_minor), (high_major, high_minor) = PYTHON_VERSIONS
    version = sys.version_info[:2]
    if PYTHON_VERSIONS[0] <= version <= PYTHON_VERSIONS[1]:
        return ("Python", platform.python_version(), True)
    return (
        "Python",
        f"{platform.python_version()} — TensorFlow and Keras support Python "
        f"{low_major}.{low_minor}–{high_major}.{high_minor}: make the environment with one of those",
        False,
    )


def _machine_row() -> tuple[str, str, bool]:
    machine = f"{platform.system()} {platform.machine()}"
    if platform.system() == "Darwin" and platform.machine() == "x86_64":
        return ("machine", f"{machine} — TensorFlow stopped at 2.16 on Intel Macs: use Colab or Binder", False)
    return ("machine", machine + (" (Google Colab)" if in_colab() else ""), True)


def environment_report() -> list[tuple[str, str, bool]]:
    """Rows of (component, what was found, fine?) for the libraries and hardware the course uses."""
    rows = [_python_row(), _machine_row()]
    for distribution, purpose, minimum in COMPONENTS:
        version = installed_version(distribution)
        if version is None:
            rows.append((distribution, f"missing — needed for {purpose}; {_install_advice()}", False))
        else:
            fine = _at_least(version, minimum)
            note = "" if fine else f" — older than {minimum}, the oldest the course is verified on; {_install_advice()}"
            rows.append((distribution, version + note, fine))
    rows.append(("CPU cores", str(os.cpu_count()), True))
    rows.append(_gpu_row())
    return rows


def _gpu_row() -> tuple[str, str, bool]:
    gpus = _tensorflow_gpus()
    if gpus:
        import tensorflow as tf

        names = [tf.config.experimental.get_device_details(gpu).get("device_name", gpu.name) for gpu in gpus]
        return ("GPU", ", ".join(names), True)
    if advice := _gpu_advice():
        return ("GPU", advice, False)
    return ("GPU", "none — fine: every notebook runs on a CPU in seconds", True)


def print_environment_report() -> bool:
    """Print the environment check as a table; return True when everything is fine."""
    rows = environment_report()
    width = max(len(name) for name, _, _ in rows)
    for name, found, fine in rows:
        print(f"{'✓' if fine else '✗'} {name:<{width}}  {found}")
    all_fine = all(fine for _, _, fine in rows)
    print("All set." if all_fine else "Something needs attention: see the ✗ lines above.")
    return all_fine
