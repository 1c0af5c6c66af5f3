"""A free TCP port on 127.0.0.1 for a server a test starts (standard library only, so the
early pytest plugin tests/private_redis.py can use it before Django loads)."""

from __future__ import annotations

import socket


def free_port() -> int:
    """Bind port 0 on loopback, release it and return the port the system chose."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]
