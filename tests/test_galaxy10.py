"""Galaxy10 on request: downloaded from a server these tests run on 127.0.0.1, from a file they make.

A good download is verified and cached; a wrong checksum, an interrupted transfer or no
network give a clear error and leave nothing in the cache.
"""

import hashlib
import http.server
import threading

import h5py
import numpy as np
import pytest

from dl101.data import galaxy10
from dl101.data.galaxy10 import Galaxy10Unavailable, galaxy10_is_cached, load_galaxy10, stratified_indices

# A small stand-in for the real file: the same datasets, dtypes and image size, unbalanced classes.
COUNTS = [30, 60, 50, 8, 12, 1, 5, 9, 7, 4]


@pytest.fixture(scope="module")
def fake_galaxy10(tmp_path_factory):
    """The bytes of an HDF5 file shaped like Galaxy10, and their SHA-256."""
    rng = np.random.default_rng(0)
    labels = np.repeat(np.arange(10), COUNTS)
    rng.shuffle(labels)
    images = rng.integers(0, 256, size=(len(labels), 69, 69, 3), dtype=np.uint8)
    images[:, 0, 0, 0] = labels  # a fingerprint: each image knows its label
    path = tmp_path_factory.mktemp("source") / "Galaxy10.h5"
    with h5py.File(path, "w") as file:
        file["images"] = images
        file["ans"] = labels.astype(np.uint8)
    content = path.read_bytes()
    return content, hashlib.sha256(content).hexdigest()


class Server:
    """An HTTP server on 127.0.0.1 that serves one body, whole or cut short, and counts requests."""

    def __init__(self, body: bytes, cut_at: int | None = None):
        self.requests = 0
        outer = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_GET(self):  # noqa: N802 -- the name http.server calls
                outer.requests += 1
                self.send_response(200)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body if cut_at is None else body[:cut_at])

            def log_message(self, *args):
                pass

        self.httpd = http.server.HTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}/Galaxy10.h5"
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()

    def close(self):
        self.httpd.shutdown()
        self.httpd.server_close()


@pytest.fixture
def serve():
    servers = []

    def start(body, cut_at=None):
        servers.append(Server(body, cut_at))
        return servers[-1]

    yield start
    for server in servers:
        server.close()


def closed_port_url() -> str:
    """A URL on this machine where nothing listens: what being offline looks like to a download."""
    server = http.server.HTTPServer(("127.0.0.1", 0), http.server.BaseHTTPRequestHandler)
    port = server.server_address[1]
    server.server_close()
    return f"http://127.0.0.1:{port}/Galaxy10.h5"


def test_download_is_verified_cached_and_loaded_like_the_simulator(fake_galaxy10, serve, tmp_path):
    content, sha256 = fake_galaxy10
    server = serve(content)
    images, labels, class_names = load_galaxy10(n=None, cache_dir=tmp_path, url=server.url, sha256=sha256)
    assert images.shape == (sum(COUNTS), 69, 69, 3) and images.dtype == np.float32
    assert 0.0 <= images.min() and images.max() <= 1.0
    assert labels.shape == (sum(COUNTS),) and np.bincount(labels).tolist() == COUNTS
    np.testing.assert_array_equal(np.round(images[:, 0, 0, 0] * 255), labels)  # each image kept its label
    assert len(class_names) == 10 and "smooth, completely round" in class_names
    assert galaxy10_is_cached(tmp_path, sha256)

    server.close()  # the second call must not need the network
    again = load_galaxy10(n=None, cache_dir=tmp_path, url=server.url, sha256=sha256)
    np.testing.assert_array_equal(again[0], images)
    assert server.requests == 1


def test_a_wrong_checksum_is_an_error_and_leaves_nothing_in_the_cache(fake_galaxy10, serve, tmp_path):
    content, _ = fake_galaxy10
    server = serve(content)
    with pytest.raises(Galaxy10Unavailable, match="does not have the expected SHA-256"):
        load_galaxy10(cache_dir=tmp_path, url=server.url, sha256="0" * 64)
    assert not any(tmp_path.rglob("Galaxy10*"))


def test_an_interrupted_download_is_an_error_and_leaves_nothing_in_the_cache(fake_galaxy10, serve, tmp_path):
    content, sha256 = fake_galaxy10
    server = serve(content, cut_at=len(content) // 3)
    with pytest.raises(Galaxy10Unavailable, match="could not be downloaded"):
        load_galaxy10(cache_dir=tmp_path, url=server.url, sha256=sha256)
    assert not any(tmp_path.rglob("Galaxy10*"))
    assert not galaxy10_is_cached(tmp_path, sha256)


def test_offline_the_error_says_what_was_tried_and_suggests_the_simulated_sky(tmp_path):
    url = closed_port_url()
    with pytest.raises(Galaxy10Unavailable) as error:
        load_galaxy10(cache_dir=tmp_path, url=url)
    message = str(error.value)
    assert url in message and "offline" in message and "make_galaxies" in message
    assert not any(tmp_path.rglob("Galaxy10*"))


def test_the_real_address_is_blocked_while_testing_and_reported_the_same_way(tmp_path):
    with pytest.raises(Galaxy10Unavailable, match="zenodo.org"):
        load_galaxy10(cache_dir=tmp_path)


def test_a_corrupted_cached_file_is_downloaded_again(fake_galaxy10, serve, tmp_path):
    content, sha256 = fake_galaxy10
    cached = galaxy10.galaxy10_path(tmp_path)
    cached.parent.mkdir(parents=True)
    cached.write_bytes(content[:1000])
    server = serve(content)
    images, _, _ = load_galaxy10(n=50, cache_dir=tmp_path, url=server.url, sha256=sha256)
    assert images.shape == (50, 69, 69, 3) and server.requests == 1
    assert galaxy10_is_cached(tmp_path, sha256)


def test_a_subset_is_stratified_reproducible_and_has_every_class(fake_galaxy10, serve, tmp_path):
    content, sha256 = fake_galaxy10
    server = serve(content)
    _, labels, _ = load_galaxy10(n=60, seed=3, cache_dir=tmp_path, url=server.url, sha256=sha256)
    _, same, _ = load_galaxy10(n=60, seed=3, cache_dir=tmp_path, url=server.url, sha256=sha256)
    counts = np.bincount(labels, minlength=10)
    assert len(labels) == 60 and np.all(counts >= 1)
    expected = np.array(COUNTS) * 60 / sum(COUNTS)
    assert np.all(np.abs(counts - expected) <= 1.5)
    np.testing.assert_array_equal(labels, same)


@pytest.mark.parametrize("n", [0, 5, 10_000])
def test_stratified_indices_refuses_impossible_sizes(n):
    labels = np.repeat(np.arange(10), COUNTS)
    with pytest.raises(ValueError, match="expected n between 10"):
        stratified_indices(labels, n)


def test_stratified_indices_are_unique_and_sorted():
    labels = np.repeat(np.arange(10), COUNTS)
    indices = stratified_indices(labels, 100, seed=1)
    assert len(indices) == 100 == len(set(indices.tolist()))
    assert np.all(np.diff(indices) > 0)
