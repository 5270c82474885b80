"""Test-only network guard, loaded at start-up by every Python process the tests start.

tests/conftest.py puts this folder on PYTHONPATH and sets CASEFILE_TEST_NO_NETWORK=1, so the reader worker
processes of the import pipeline (spawned, fresh interpreters), CLI subprocesses and the test process itself all
refuse to open internet connections or resolve names. Local (AF_UNIX) sockets stay allowed.
"""

from __future__ import annotations

import ipaddress
import os
import socket

ENV = "CASEFILE_TEST_NO_NETWORK"
# web-capture tests set this for their worker processes: loopback servers the test started are reachable, every
# other name fails to resolve (as an unknown host would) and every other address is refused
LOOPBACK_ENV = "CASEFILE_TEST_LOOPBACK_ONLY"
LOOPBACK_NAMES = ("localhost", "127.0.0.1", "127.0.0.2", "::1")


class NetworkUsed(AssertionError):
    pass


def _refuse(*args: object, **kwargs: object) -> None:
    raise NetworkUsed(f"a test process tried to use the network: {args[1:] or args}")


_connect = socket.socket.connect
_connect_ex = socket.socket.connect_ex
_getaddrinfo = socket.getaddrinfo
_create_connection = socket.create_connection


def _loopback_only() -> bool:
    return os.environ.get(LOOPBACK_ENV) == "1"


def _is_loopback(address: object) -> bool:
    try:
        return ipaddress.ip_address(str(address[0])).is_loopback  # type: ignore[index]
    except (ValueError, TypeError, IndexError):
        return False


def _guarded_connect(self: socket.socket, address: object) -> None:
    if self.family in (socket.AF_INET, socket.AF_INET6) and not (_loopback_only() and _is_loopback(address)):
        _refuse(self, address)
    return _connect(self, address)


def _guarded_connect_ex(self: socket.socket, address: object) -> int:
    if self.family in (socket.AF_INET, socket.AF_INET6) and not (_loopback_only() and _is_loopback(address)):
        _refuse(self, address)
    return _connect_ex(self, address)


def _guarded_getaddrinfo(host: object, *args: object, **kwargs: object) -> object:
    if _loopback_only():
        if str(host).lower().strip("[]") in LOOPBACK_NAMES:
            return _getaddrinfo(host, *args, **kwargs)  # type: ignore[arg-type]
        raise socket.gaierror(socket.EAI_NONAME, "Name or service not known (the tests' network guard)")
    _refuse(None, host)
    return None


def _guarded_create_connection(address: object, *args: object, **kwargs: object) -> socket.socket:
    if _loopback_only():
        return _create_connection(address, *args, **kwargs)  # type: ignore[arg-type] - resolves and connects guarded
    _refuse(None, address)
    raise AssertionError


def install() -> None:
    socket.socket.connect = _guarded_connect  # type: ignore[method-assign]
    socket.socket.connect_ex = _guarded_connect_ex  # type: ignore[method-assign]
    socket.getaddrinfo = _guarded_getaddrinfo  # type: ignore[assignment]
    socket.create_connection = _guarded_create_connection  # type: ignore[assignment]


def probe() -> str:
    """Try to reach a documentation address (TEST-NET-1); say what happened (run in a worker by the tests)."""
    try:
        socket.create_connection(("192.0.2.1", 80), timeout=0.5)
    except NetworkUsed:
        return "refused by the guard"
    except OSError as exc:
        return f"network attempted: {exc}"
    return "connected"


if os.environ.get(ENV) == "1":
    install()
