"""`SandboxServer`: the stand-in served by werkzeug's threaded server in a daemon thread.

    with SandboxServer(SandboxConfig(products=300, seed=1)) as sb:
        sb.base_url        # http://127.0.0.1:<port>/Api/v3
        pair = sb.issue_tokens()
"""

from __future__ import annotations

import threading
import time
from dataclasses import asdict
from types import TracebackType
from typing import Any

from werkzeug.serving import BaseWSGIServer, WSGIRequestHandler, make_server

from pdv_bling.sandbox.account_knobs import date_skew_of
from pdv_bling.sandbox.app import create_app
from pdv_bling.sandbox.auth import OAuthServer
from pdv_bling.sandbox.config import Clock, Faults, NfceKnobs, SandboxConfig, Traps, update_dataclass
from pdv_bling.sandbox.control import inspect_account
from pdv_bling.sandbox.limits import FaultInjector, RateLimiter
from pdv_bling.sandbox.persist import Persistence
from pdv_bling.sandbox.seed import build_seed
from pdv_bling.sandbox.state import SandboxState
from pdv_bling.sandbox.web import Ctx


class _QuietHandler(WSGIRequestHandler):
    def log_request(self, code: int | str = "-", size: int | str = "-") -> None:
        return None

    def date_time_string(self, timestamp: float | None = None) -> str:
        """The `Date` header, skewed by the account knob `date_skew_s` (a wrong clock, either side)."""
        return super().date_time_string((timestamp or time.time()) + date_skew_of(self.server))


class SandboxServer:
    def __init__(self, config: SandboxConfig | None = None) -> None:
        self.config = config or SandboxConfig()
        cfg = self.config
        self.clock = Clock()
        self._persistence = Persistence(cfg.state_file) if cfg.state_file else None
        seed = build_seed(products=cfg.products, seed=cfg.seed, card_formas=cfg.card_formas)
        self.state = SandboxState(seed, clock=self.clock, persistence=self._persistence)
        self.oauth = OAuthServer(cfg, self.clock, self._persistence)
        self.ctx = Ctx(config=cfg, clock=self.clock, state=self.state, oauth=self.oauth,
                       limiter=RateLimiter(cfg, self.clock), faults=FaultInjector(cfg.faults))
        self.app = create_app(self.ctx)
        self._server: BaseWSGIServer | None = None
        self._thread: threading.Thread | None = None

    # --- life cycle ---------------------------------------------------------------------------
    def start(self) -> SandboxServer:
        self._server = make_server(self.config.host, self.config.port, self.app, threaded=True,
                                   request_handler=_QuietHandler)
        server = self._server
        server.account_knobs = self.config.account  # type: ignore[attr-defined]
        self._thread = threading.Thread(target=lambda: server.serve_forever(poll_interval=0.05),
                                        name="bling-sandbox", daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None
        if self._thread is not None:
            self._thread.join(timeout=5)
            self._thread = None
        if self._persistence is not None:
            self._persistence.close()
            self._persistence = None

    def __enter__(self) -> SandboxServer:
        return self.start()

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.stop()

    def serve_forever(self) -> None:
        """Block serving requests (command line); `stop()` from a signal handler ends it."""
        if self._thread is None:
            self.start()
        assert self._thread is not None
        while self._thread is not None and self._thread.is_alive():
            self._thread.join(timeout=0.5)

    # --- addresses and credentials ---------------------------------------------------------------
    @property
    def port(self) -> int:
        if self._server is None:
            raise RuntimeError("sandbox not started")
        return int(self._server.server_port)

    @property
    def root_url(self) -> str:
        return f"http://{self.config.host}:{self.port}"

    @property
    def base_url(self) -> str:
        return f"{self.root_url}/Api/v3"

    @property
    def control_url(self) -> str:
        return f"{self.root_url}/__sandbox__"

    @property
    def client_id(self) -> str:
        return self.config.client_id

    @property
    def client_secret(self) -> str:
        return self.config.client_secret

    # --- direct helpers for tests, demo mode and harnesses -------------------------------------------
    def issue_tokens(self) -> dict[str, Any]:
        """A fresh token pair as `/oauth/token` would return it, without an HTTP call."""
        return self.oauth.issue_pair()

    def new_authorization_code(self) -> str:
        return self.oauth.new_code()

    def set_faults(self, **values: Any) -> Faults:
        unknown = update_dataclass(self.config.faults, values)
        if unknown:
            raise TypeError(f"unknown fault knobs: {unknown}")
        if "seed" in values:
            self.ctx.faults.reseed()
        return self.config.faults

    def set_traps(self, **values: Any) -> Traps:
        unknown = update_dataclass(self.config.traps, values)
        if unknown:
            raise TypeError(f"unknown traps: {unknown}")
        return self.config.traps

    def set_nfce(self, **values: Any) -> NfceKnobs:
        """The NFC-e/SEFAZ knobs (`config.NfceKnobs`), e.g. `set_nfce(reject_cstat=778)`."""
        unknown = update_dataclass(self.config.nfce, values)
        if unknown:
            raise TypeError(f"unknown nfce knobs: {unknown}")
        return self.config.nfce

    def cancel_nfce(self, nota_id: int) -> dict[str, Any]:
        """The manager cancels an authorized note in Bling's screens (v3 has no endpoint for it)."""
        result: dict[str, Any] = self.ctx.nfce.cancel(nota_id)
        return result

    def advance_clock(self, seconds: float) -> None:
        self.clock.advance(seconds)

    def inspect(self) -> dict[str, Any]:
        return inspect_account(self.ctx)

    def describe(self) -> dict[str, Any]:
        return {"base_url": self.base_url, "faults": asdict(self.config.faults), "traps": asdict(self.config.traps)}
