"""Block every network connection that leaves this machine.

The test suite puts this folder first on PYTHONPATH, so every Python process it starts
(pytest itself, the grader's child processes, notebook kernels, ``mkdocs build``) imports
this module at start-up. Loopback stays open: Jupyter kernels talk to their client over
127.0.0.1. Anything else raises ``NetworkBlocked``, so a code path that needs the internet
fails the suite instead of quietly working on a connected machine.
"""

import ipaddress
import socket

_ALLOWED_NAMES = {"localhost", "localhost.localdomain", "ip6-localhost", "ip6-loopback"}


class NetworkBlocked(OSError):
    """Raised instead of opening a connection to another machine."""


def _is_local(host) -> bool:
    if host is None:
        return True
    if isinstance(host, bytes):
        host = host.decode()
    host = str(host).strip("[]")
    if host in _ALLOWED_NAMES or host == "":
        return True
    try:
        address = ipaddress.ip_address(host.split("%")[0])
    except ValueError:
        return False
    return address.is_loopback or address.is_unspecified


def _check(address) -> None:
    if isinstance(address, tuple) and address and not _is_local(address[0]):
        raise NetworkBlocked(f"network access is blocked in the test suite (tried {address[0]!r})")


_real_connect = socket.socket.connect
_real_connect_ex = socket.socket.connect_ex
_real_getaddrinfo = socket.getaddrinfo


def _connect(self, address):
    if self.family in (socket.AF_INET, socket.AF_INET6):
        _check(address)
    return _real_connect(self, address)


def _connect_ex(self, address):
    if self.family in (socket.AF_INET, socket.AF_INET6):
        _check(address)
    return _real_connect_ex(self, address)


def _getaddrinfo(host, *args, **kwargs):
    if not _is_local(host):
        raise NetworkBlocked(f"network access is blocked in the test suite (tried to resolve {host!r})")
    return _real_getaddrinfo(host, *args, **kwargs)


def block_network() -> None:
    """Install the guard in this process (idempotent)."""
    socket.socket.connect = _connect
    socket.socket.connect_ex = _connect_ex
    socket.getaddrinfo = _getaddrinfo


block_network()
