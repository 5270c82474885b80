"""Test-only network guard, loaded at start-up by every Python process the tests start.

tests/conftest.py puts this folder on PYTHONPATH and sets CASEFILE_TEST_NO_NETWORK=1, so the reader worker
processes of the import pipeline (spawned, fresh interpreters), CLI subprocesses and the test process itself all
refuse to open internet connections or resolve names. Local (AF_UNIX) sockets stay allowed.
"""

from __future__ import annotations

import os
import socket

ENV = "CASEFILE_TEST_NO_NETWORK"


class NetworkUsed(AssertionError):
    pass


def _refuse(*args: object, **kwargs: object) -> None:
    raise NetworkUsed(f"a test process tried to use the network: {args[1:] or args}")


_connect = socket.socket.connect
_connect_ex = socket.socket.connect_ex


def _guarded_connect(self: socket.socket, address: object) -> None:
    if self.family in (socket.AF_INET, socket.AF_INET6):
        _refuse(self, address)
    return _connect(self, address)


def _guarded_connect_ex(self: socket.socket, address: object) -> int:
    if self.family in (socket.AF_INET, socket.AF_INET6):
        _refuse(self, address)
    return _connect_ex(self, address)


def install() -> None:
    socket.socket.connect = _guarded_connect  # type: ignore[method-assign]
    socket.socket.connect_ex = _guarded_connect_ex  # type: ignore[method-assign]
    socket.getaddrinfo = _refuse  # type: ignore[assignment]
    socket.create_connection = _refuse  # type: ignore[assignment]


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
