"""Fixtures for the operations tests: a service that hangs."""

import socket
import threading

import pytest


@pytest.fixture
def silent_server():
    """A TCP server on 127.0.0.1 that accepts every connection and never answers,
    as a wedged broker or database does. Yields (host, port)."""
    listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    listener.bind(("127.0.0.1", 0))
    listener.listen(64)
    accepted = []
    stop = threading.Event()

    def accept():
        listener.settimeout(0.2)
        while not stop.is_set():
            try:
                conn, _ = listener.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            accepted.append(conn)  # held open, never read from or written to

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    yield listener.getsockname()
    stop.set()
    thread.join(timeout=2)
    for conn in accepted:
        conn.close()
    listener.close()
