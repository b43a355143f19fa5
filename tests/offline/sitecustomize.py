"""What every Python process the tests start does first: no network but loopback; its figures audited.

The root ``conftest.py`` puts this folder first on ``PYTHONPATH``, so Python imports this module
at start-up in pytest itself and in every process it starts: notebook kernels, the Jupyter
servers of the browser tests, subprocesses. A connection or a name lookup for any host but this
machine raises ``OSError`` with a message that says so: the course must run offline. And in the
processes pytest starts, every figure shown or saved is audited for a legend over data, text over
text and text cut off (``audit_hook.py``, ``figure_audit.py``).
"""

import socket

import audit_hook

BLOCKED = "network access is blocked while testing: every notebook must run offline"
LOCAL_NAMES = {"localhost", "localhost.localdomain", "ip6-localhost", ""}

_connect = socket.socket.connect
_connect_ex = socket.socket.connect_ex
_getaddrinfo = socket.getaddrinfo


def is_local(host) -> bool:
    """True for this machine: loopback addresses and names, and Unix sockets' paths."""
    if isinstance(host, bytes):
        host = host.decode()
    host = str(host).lower()
    return host in LOCAL_NAMES or host.startswith("127.") or host in {"::1", "0:0:0:0:0:0:0:1"}


def _check(sock: socket.socket, address) -> None:
    if sock.family == getattr(socket, "AF_UNIX", None):
        return
    if not is_local(address[0]):
        raise OSError(f"{BLOCKED} (tried to connect to {address[0]}:{address[1]})")


def _guarded_connect(self, address):
    _check(self, address)
    return _connect(self, address)


def _guarded_connect_ex(self, address):
    _check(self, address)
    return _connect_ex(self, address)


def _guarded_getaddrinfo(host, *args, **kwargs):
    if host is not None and not is_local(host):
        raise socket.gaierror(socket.EAI_NONAME, f"{BLOCKED} (tried to look up {host})")
    return _getaddrinfo(host, *args, **kwargs)


socket.socket.connect = _guarded_connect
socket.socket.connect_ex = _guarded_connect_ex
socket.getaddrinfo = _guarded_getaddrinfo

audit_hook.install_if_testing()
