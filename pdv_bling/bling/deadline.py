"""A total deadline for every request to Bling: connect, TLS, write and read together.

httpx's timeouts are per phase: a read timeout restarts with every byte, so a server (or a
middlebox) that answers one byte every few seconds keeps a request alive for ever, and the
"longest possible request lifetime" the store's leadership relies on would be no bound at all.

Here the network backend under httpx (httpcore's) is wrapped: every socket operation gets at most
the time left before the deadline of the request in progress (`within`), and an operation that
would start after it fails at once (`ConnectTimeout` before anything was sent: safe to repeat;
`WriteTimeout`/`ReadTimeout` after: the outcome is unknown, as for a lost answer). No watchdog
thread, no abandoned request left running behind the caller's back.

DNS resolution is not interruptible by a socket timeout; a connection that only completes after
the deadline is closed before a byte is written, so a late resolver cannot make a request leave
late either.
"""

from __future__ import annotations

import contextlib
import contextvars
import logging
import time
import typing
from collections.abc import Iterable, Iterator

import httpcore
import httpx
from httpcore import NetworkBackend, NetworkStream

log = logging.getLogger(__name__)

_DEADLINE: contextvars.ContextVar[float | None] = contextvars.ContextVar("pdv_bling_http_deadline", default=None)
WRITE_CHUNK = 16 * 1024  # each piece of a body gets a fresh look at the time left


@contextlib.contextmanager
def within(seconds: float) -> Iterator[None]:
    """Requests made inside this block end (answered or abandoned) within `seconds` of its start."""
    mine = time.monotonic() + seconds
    outer = _DEADLINE.get()
    token = _DEADLINE.set(mine if outer is None else min(mine, outer))
    try:
        yield
    finally:
        _DEADLINE.reset(token)


def _left(timeout: float | None, expired: type[Exception]) -> float | None:
    """The timeout for one socket operation: the phase's own, cut to what the deadline leaves."""
    deadline = _DEADLINE.get()
    if deadline is None:
        return timeout
    remaining = deadline - time.monotonic()
    if remaining <= 0:
        raise expired("total deadline of the request passed")
    return remaining if timeout is None else min(timeout, remaining)


class DeadlineStream(NetworkStream):
    def __init__(self, inner: NetworkStream) -> None:
        self.inner = inner

    def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        return self.inner.read(max_bytes, timeout=_left(timeout, httpcore.ReadTimeout))

    def write(self, buffer: bytes, timeout: float | None = None) -> None:
        for start in range(0, len(buffer), WRITE_CHUNK):
            self.inner.write(buffer[start:start + WRITE_CHUNK], timeout=_left(timeout, httpcore.WriteTimeout))

    def close(self) -> None:
        self.inner.close()

    def start_tls(self, ssl_context: typing.Any, server_hostname: str | None = None,
                  timeout: float | None = None) -> NetworkStream:
        inner = self.inner.start_tls(ssl_context, server_hostname, timeout=_left(timeout, httpcore.ConnectTimeout))
        return DeadlineStream(inner)

    def get_extra_info(self, info: str) -> typing.Any:
        return self.inner.get_extra_info(info)


class DeadlineBackend(NetworkBackend):
    """httpcore's network backend with every operation held to the current request's deadline."""

    def __init__(self, inner: NetworkBackend) -> None:
        self.inner = inner

    def connect_tcp(self, host: str, port: int, timeout: float | None = None, local_address: str | None = None,
                    socket_options: Iterable[typing.Any] | None = None) -> NetworkStream:
        stream = self.inner.connect_tcp(host, port, timeout=_left(timeout, httpcore.ConnectTimeout),
                                        local_address=local_address, socket_options=socket_options)
        return self._checked(stream)

    def connect_unix_socket(self, path: str, timeout: float | None = None,
                            socket_options: Iterable[typing.Any] | None = None) -> NetworkStream:
        stream = self.inner.connect_unix_socket(path, timeout=_left(timeout, httpcore.ConnectTimeout),
                                                socket_options=socket_options)
        return self._checked(stream)

    @staticmethod
    def _checked(stream: NetworkStream) -> NetworkStream:
        """A connection that completed after the deadline (a slow resolver) is closed unused."""
        try:
            _left(None, httpcore.ConnectTimeout)
        except httpcore.ConnectTimeout:
            stream.close()
            raise
        return DeadlineStream(stream)

    def sleep(self, seconds: float) -> None:
        self.inner.sleep(seconds)


def enforce(client: httpx.Client) -> bool:
    """Hold every transport of `client` that reaches the network (the default one and any proxy
    mount) to the deadlines of `within`. True when at least one was wrapped (or already was);
    False for clients without a network (tests' mock transports)."""
    transports = [client._transport, *client._mounts.values()]  # httpx keeps them private
    wrapped = False
    for transport in transports:
        pool = getattr(transport, "_pool", None)
        backend = getattr(pool, "_network_backend", None)
        if backend is None:
            continue
        if not isinstance(backend, DeadlineBackend):
            pool._network_backend = DeadlineBackend(backend)  # type: ignore[union-attr]
        wrapped = True
    return wrapped


def deadline_client(*, timeout: float) -> httpx.Client:
    """An httpx client whose requests obey `within` (the per-phase `timeout` still applies)."""
    client = httpx.Client(timeout=timeout)
    if not enforce(client):
        log.warning("httpx transport without a network backend: total deadlines not enforced")
    return client
