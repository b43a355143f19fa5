"""Notebook set-up and the environment check of notebook 00."""

from __future__ import annotations

import contextlib
import importlib.metadata
import os
import platform
import random
import sys

import numpy as np

from dl101.paths import NOTEBOOKS_DIR

# (distribution, what it is for, the lowest version the course is tested with)
COMPONENTS = [
    ("numpy", "arrays, and every by-hand implementation", "2.1"),
    ("tensorflow", "deep learning framework", "2.21"),
    ("keras", "TensorFlow's model API (Keras 3)", "3.15"),
    ("matplotlib", "figures", "3.9"),
    ("scikit-learn", "classic machine-learning baselines", "1.5"),
    ("ipywidgets", "interactive explorers", "8.1"),
]


def in_colab() -> bool:
    """True when running on Google Colab."""
    return "google.colab" in sys.modules


def in_jupyter_kernel() -> bool:
    """True inside a Jupyter kernel, where rich displays and widgets can be shown."""
    try:
        from IPython import get_ipython
    except ImportError:
        return False
    shell = get_ipython()
    return shell is not None and hasattr(shell, "kernel")


def setup(seed: int = 0, tensorflow: bool = True) -> None:
    """Prepare a notebook: quiet TensorFlow logs, seeds, plot style, and print what runs it."""
    # Must be set before TensorFlow is imported: it filters TensorFlow's C++ log lines from then on.
    # Level 3 hides C++ errors too: TF 2.21 logs a harmless "E0000 ... use_unbounded_threadpool"
    # error at the first fit() or predict(). Python exceptions are raised as usual.
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
    if in_colab() and NOTEBOOKS_DIR.is_dir():
        os.chdir(NOTEBOOKS_DIR)  # relative paths then work as in the repository
    random.seed(seed)
    np.random.seed(seed)

    from dl101.plotting import use_course_style

    use_course_style()
    parts = [f"seed {seed}", f"Python {platform.python_version()}", f"NumPy {np.__version__}"]
    if tensorflow:
        parts += _setup_tensorflow(seed)
    print("Deep Learning 101 set-up: " + " · ".join(parts))


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


def _setup_tensorflow(seed: int) -> list[str]:
    """Seed TensorFlow, make its operations deterministic and let notebooks share a GPU."""
    # TensorFlow's C++ start-up notices (oneDNN, CUDA probing) are written before its log level
    # is read, so TF_CPP_MIN_LOG_LEVEL alone does not silence them.
    with _silenced_native_stderr():
        import keras
        import tensorflow as tf

        gpus = tf.config.list_physical_devices("GPU")
    for gpu in gpus:
        # Take GPU memory as needed rather than all of it, so several notebooks can share a card.
        tf.config.experimental.set_memory_growth(gpu, True)
    keras.utils.set_random_seed(seed)  # Python, NumPy and TensorFlow
    tf.config.experimental.enable_op_determinism()  # two runs print the same numbers
    device = f"{len(gpus)} GPU(s)" if gpus else f"CPU only ({os.cpu_count()} cores)"
    return [f"TensorFlow {tf.__version__}", f"Keras {keras.__version__}", device]


def _version(distribution: str) -> str | None:
    try:
        return importlib.metadata.version(distribution)
    except importlib.metadata.PackageNotFoundError:
        return None


def _at_least(version: str, minimum: str) -> bool:
    def numbers(text: str) -> tuple[int, ...]:
        return tuple(int("".join(c for c in part if c.isdigit()) or 0) for part in text.split(".")[:2])

    return numbers(version) >= numbers(minimum)


def environment_report() -> list[tuple[str, str, bool]]:
    """Rows of (component, what was found, fine?) for the libraries and hardware the course uses."""
    rows = [("Python", platform.python_version(), sys.version_info >= (3, 10))]
    for distribution, purpose, minimum in COMPONENTS:
        version = _version(distribution)
        if version is None:
            rows.append((distribution, f"missing — needed for {purpose}", False))
        else:
            fine = _at_least(version, minimum)
            note = "" if fine else f" — older than {minimum}, reinstall with the README's set-up command"
            rows.append((distribution, version + note, fine))
    rows.append(("CPU cores", str(os.cpu_count()), True))
    rows.append(("GPU", _describe_gpus(), True))
    return rows


def _describe_gpus() -> str:
    with _silenced_native_stderr():
        import tensorflow as tf

        gpus = tf.config.list_physical_devices("GPU")
    if not gpus:
        return "none — fine: every notebook runs on a CPU in seconds"
    names = [tf.config.experimental.get_device_details(gpu).get("device_name", gpu.name) for gpu in gpus]
    return ", ".join(names)


def print_environment_report() -> bool:
    """Print the environment check as a table; return True when everything is fine."""
    rows = environment_report()
    width = max(len(name) for name, _, _ in rows)
    for name, found, fine in rows:
        print(f"{'✓' if fine else '✗'} {name:<{width}}  {found}")
    all_fine = all(fine for _, _, fine in rows)
    print("All set." if all_fine else "Something needs attention: see the ✗ lines above.")
    return all_fine
