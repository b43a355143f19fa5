"""The test suite runs offline: pytest, its subprocesses and notebook kernels reach only this machine."""

import socket
import subprocess
import sys
import threading

import nbformat
import pytest
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError

REMOTE_HOST = "example.org"
REMOTE_ADDRESS = ("93.184.215.14", 80)  # a public address: no name lookup needed to try it


def test_name_lookups_and_connections_to_other_hosts_fail_here():
    with pytest.raises(OSError, match="blocked while testing"):
        socket.getaddrinfo(REMOTE_HOST, 443)
    with pytest.raises(OSError, match="blocked while testing"):
        socket.create_connection(REMOTE_ADDRESS, timeout=2)


def test_loopback_still_works():
    with socket.create_server(("127.0.0.1", 0)) as server:
        port = server.getsockname()[1]
        accepted = threading.Thread(target=lambda: server.accept()[0].close())
        accepted.start()
        with socket.create_connection(("localhost", port), timeout=5):
            pass
        accepted.join(timeout=5)


def test_a_subprocess_cannot_download_either():
    code = f"import urllib.request; urllib.request.urlopen('https://{REMOTE_HOST}', timeout=5)"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert result.returncode != 0
    assert "blocked while testing" in result.stderr


def test_a_notebook_kernel_cannot_download_either():
    notebook = nbformat.v4.new_notebook(
        cells=[nbformat.v4.new_code_cell(f"import socket\nsocket.getaddrinfo('{REMOTE_HOST}', 443)")]
    )
    with pytest.raises(CellExecutionError, match="blocked while testing"):
        NotebookClient(notebook, kernel_name="python3", timeout=60).execute()
