"""Training on several devices and machines, for real: dl101.distributed's custom loop run by two worker processes
on 127.0.0.1 (MultiWorkerMirroredStrategy, TF_CONFIG) and by MirroredStrategy over two logical CPUs, against one
device on the same global batches.

The runs are processes of their own (tests/distributed_worker.py): a strategy must be created before TensorFlow's
first operation, and a worker waits for the other at its first step. The three start together.
"""

import json
import os
import socket
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

pytestmark = pytest.mark.slow  # starts worker processes and trains: the full tier runs it

WORKER = Path(__file__).with_name("distributed_worker.py")
TIMEOUT_S = 600  # the three processes together


def free_ports(n: int) -> list[int]:
    """``n`` ports of 127.0.0.1 that nothing listens on now."""
    sockets = [socket.socket() for _ in range(n)]
    try:
        for each in sockets:
            each.bind(("127.0.0.1", 0))
        return [each.getsockname()[1] for each in sockets]
    finally:
        for each in sockets:
            each.close()


def start(mode: str, output: Path, tf_config: dict | None = None) -> subprocess.Popen:
    """A process of tests/distributed_worker.py: "worker" (to the file ``output``) or "local" (into the folder)."""
    env = {key: value for key, value in os.environ.items() if key != "TF_CONFIG"}
    if tf_config is not None:
        env["TF_CONFIG"] = json.dumps(tf_config)
    return subprocess.Popen(
        [sys.executable, str(WORKER), mode, str(output)],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )


@pytest.fixture(scope="module")
def runs(tmp_path_factory) -> dict[str, dict]:
    """The final weights and losses of each run: one device, two logical CPUs, and each of two workers."""
    directory = tmp_path_factory.mktemp("distributed")
    cluster = {"worker": [f"127.0.0.1:{port}" for port in free_ports(2)]}
    processes = {
        f"worker {i}": start(
            "worker", directory / f"worker{i}.npz", {"cluster": cluster, "task": {"type": "worker", "index": i}}
        )
        for i in range(2)
    }
    processes["local"] = start("local", directory)
    try:
        for name, process in processes.items():
            output, _ = process.communicate(timeout=TIMEOUT_S)
            assert process.returncode == 0, f"{name} failed:\n{output[-3000:]}"
    finally:
        for process in processes.values():
            if process.poll() is None:
                process.kill()
    files = {"worker 0": "worker0", "worker 1": "worker1", "mirrored": "mirrored", "one": "one"}
    return {name: dict(np.load(directory / f"{stem}.npz")) for name, stem in files.items()}


def weights(run: dict) -> list[np.ndarray]:
    return [run[f"arr_{i}"] for i in range(sum(key.startswith("arr_") for key in run))]


def test_each_run_had_the_replicas_it_asked_for(runs):
    assert {name: int(run["replicas"]) for name, run in runs.items()} == {
        "worker 0": 2,
        "worker 1": 2,
        "mirrored": 2,
        "one": 1,
    }


def test_the_two_workers_end_with_the_same_weights(runs):
    for a, b in zip(weights(runs["worker 0"]), weights(runs["worker 1"]), strict=True):
        np.testing.assert_array_equal(a, b)


@pytest.mark.parametrize("name", ["worker 0", "mirrored"])
def test_two_replicas_train_as_one_device_on_the_same_global_batches(runs, name):
    one = weights(runs["one"])
    assert len(one) == 8  # the small CNN's 3 convolutions and its classifier, kernels and biases
    for a, b in zip(weights(runs[name]), one, strict=True):
        np.testing.assert_allclose(a, b, rtol=0, atol=1e-4 * np.abs(b).max())  # float32 sums in another order
    np.testing.assert_allclose(runs[name]["losses"], runs["one"]["losses"], rtol=1e-5)
    assert runs["one"]["losses"][1] < runs["one"]["losses"][0]  # it trained: the second epoch's loss is lower


def test_keras_fit_still_fails_under_multi_worker_mirrored_strategy(runs):
    # keras-team/keras#20585, open: notebook 10 says so. If this fails, Keras has fixed it: update the notebook.
    for name in ("worker 0", "worker 1"):
        assert str(runs[name]["fit"]).startswith("ValueError: Attempt to convert a value (PerReplica")
