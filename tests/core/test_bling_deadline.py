"""Every request to Bling has a total deadline (connect + write + read together): a server that
answers one byte at a time is cut at the deadline, however fresh each byte keeps httpx's per-phase
read timeout; once the deadline has passed nothing leaves at all."""

from __future__ import annotations

import json
import socket
import threading
import time
from collections.abc import Iterator
from datetime import date

import httpx
import pytest

from pdv_bling.bling import BlingClient, BlingConfig
from pdv_bling.bling import deadline as deadline_mod
from pdv_bling.bling.errors import BlingTransportError, OutcomeUnknown
from pdv_bling.bling.pacer import Pacer
from pdv_bling.bling.pedidos_vendas import ItemIn, ParcelaIn, PedidoVendaIn
from pdv_bling.bling.tokens import MemoryTokenStore
from tests.core.bling_support import CREDS, fresh_pair

BODY = json.dumps({"data": {"id": 777, "alertas": []}}).encode()
ANSWER = (b"HTTP/1.1 201 Created\r\nContent-Type: application/json\r\n"
          + f"Content-Length: {len(BODY)}\r\n\r\n".encode() + BODY)
PEDIDO = PedidoVendaIn(
    contato_id=1, data=date(2026, 11, 26), numero_loja="PDV01-0000042", observacoes_internas="PDV Bling venda 7f3c",
    itens=(ItemIn(descricao="Café", quantidade=1, valor_centavos=1050, produto_id=99),),
    parcelas=(ParcelaIn(date(2026, 11, 26), 1050, 11),),
)


class DrippingServer:
    """Reads one request, then answers it one byte every `gap_s` (bounded: the answer's length),
    on 127.0.0.1. Counts the connections and the requests it read in full."""

    def __init__(self, gap_s: float) -> None:
        self.gap_s = gap_s
        self.sock = socket.create_server(("127.0.0.1", 0))
        self.sock.settimeout(0.2)
        self.port = self.sock.getsockname()[1]
        self.connections = 0
        self.requests = 0
        self.bytes_sent = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._serve, daemon=True)
        self._thread.start()

    def _serve(self) -> None:
        while not self._stop.is_set():
            try:
                conn, _addr = self.sock.accept()
            except (TimeoutError, OSError):
                continue
            self.connections += 1
            with conn:
                conn.settimeout(5.0)
                if self._read_request(conn):
                    self.requests += 1
                    self._drip(conn)

    def _read_request(self, conn: socket.socket) -> bool:
        data = b""
        while b"\r\n\r\n" not in data:
            chunk = conn.recv(65536)
            if not chunk:
                return False
            data += chunk
        head, _sep, rest = data.partition(b"\r\n\r\n")
        length = next((int(line.split(b":")[1]) for line in head.split(b"\r\n")
                       if line.lower().startswith(b"content-length:")), 0)
        while len(rest) < length:
            chunk = conn.recv(65536)
            if not chunk:
                return False
            rest += chunk
        return True

    def _drip(self, conn: socket.socket) -> None:
        for byte in ANSWER:
            if self._stop.wait(self.gap_s):
                return
            try:
                conn.sendall(bytes([byte]))
            except OSError:
                return  # the client gave up
            self.bytes_sent += 1

    def stop(self) -> None:
        self._stop.set()
        self._thread.join(timeout=5)
        self.sock.close()


@pytest.fixture
def dripping() -> Iterator[DrippingServer]:
    server = DrippingServer(gap_s=0.1)  # the whole answer would take ~13 s
    yield server
    server.stop()


def _client(port: int, *, deadline_s: float, timeout: float = 0.5) -> BlingClient:
    config = BlingConfig.for_url(f"http://127.0.0.1:{port}/Api/v3", deadline_s=deadline_s, timeout=timeout,
                                 max_attempts=1)
    return BlingClient(config=config, tokens=MemoryTokenStore(fresh_pair(), CREDS),
                       pacer=Pacer(rate_per_second=100.0, start_rate=100.0))


def test_a_server_answering_byte_by_byte_is_cut_at_the_total_deadline(dripping: DrippingServer) -> None:
    """Each byte comes 0.1 s after the last, well inside httpx's 0.5 s read timeout: without a total
    deadline this POST would wait ~13 s for its answer. With a 1.5 s deadline it is abandoned at
    1.5 s, and since the order had left, its outcome is unknown (looked up before any new POST)."""
    with _client(dripping.port, deadline_s=1.5) as client:
        started = time.monotonic()
        with pytest.raises(OutcomeUnknown) as caught:
            client.pedidos_vendas.create(PEDIDO)
        elapsed = time.monotonic() - started
    assert caught.value.timeout
    assert 1.4 <= elapsed < 2.5, elapsed
    assert dripping.requests == 1  # the order reached the server: unknown, not "not sent"
    assert 0 < dripping.bytes_sent < len(ANSWER)  # cut mid-answer


def test_the_token_endpoint_is_held_to_the_same_deadline(dripping: DrippingServer) -> None:
    with _client(dripping.port, deadline_s=1.0) as client:
        started = time.monotonic()
        with pytest.raises(BlingTransportError):
            client.token_endpoint.refresh(CREDS, "refresh-1")
        assert time.monotonic() - started < 2.0


def test_nothing_leaves_once_the_deadline_has_passed(dripping: DrippingServer) -> None:
    """A connection that only completes after the deadline (a resolver that hung) is closed
    before a byte is written: the request is reported as not sent (safe to repeat)."""
    http = deadline_mod.deadline_client(timeout=5.0)
    try:
        with deadline_mod.within(-1.0), pytest.raises(httpx.ConnectTimeout):
            http.post(f"http://127.0.0.1:{dripping.port}/Api/v3/pedidos/vendas", json={"x": 1})
    finally:
        http.close()
    time.sleep(0.3)
    assert dripping.requests == 0


def test_deadlines_nest_to_the_earliest_and_leave_other_code_alone() -> None:
    assert deadline_mod._left(7.0, TimeoutError) == 7.0  # no request in progress: the phase's own
    with deadline_mod.within(10.0):
        with deadline_mod.within(100.0):
            left = deadline_mod._left(None, TimeoutError)
            assert left is not None and left <= 10.0
        with deadline_mod.within(0.5):
            left = deadline_mod._left(30.0, TimeoutError)
            assert left is not None and left <= 0.5
    assert deadline_mod._left(None, TimeoutError) is None


def test_every_client_the_app_builds_enforces_it() -> None:
    with BlingClient(config=BlingConfig(), tokens=MemoryTokenStore()) as client:
        assert isinstance(client._http._transport._pool._network_backend,  # type: ignore[attr-defined]
                          deadline_mod.DeadlineBackend)
