"""The store server: a PostgreSQL database with the same models and migrations as a caixa's SQLite.

A caixa keeps the server's URL (without password) in its settings and the password in the keyring
(`keep_password`), or nowhere of ours: where libpq finds it by itself (`PGPASSFILE`/`~/.pgpass`,
`PGPASSWORD`: a headless PC without a keyring) the URL goes to libpq without one. URLs accept libpq's `sslmode` (`?sslmode=require`) for stores that want
TLS on the LAN. Connections time out fast (a caixa must never hang on a pulled cable) and use TCP
keepalives on both ends, so a dead peer is noticed in seconds, not hours.
"""

from __future__ import annotations

import socket
import sys
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

import keyring.errors
from sqlalchemy import Engine, create_engine, text
from sqlalchemy import exc as sqlalchemy_exc
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DBAPIError, SQLAlchemyError

from pdv_bling.base import keyrings
from pdv_bling.domain.errors import DomainError
from pdv_bling.store.engine import Store, current_revision, head_revision, migrate

KEYRING_SERVICE = "pdv-bling-store"
CONNECT_TIMEOUT_S = 3
# libpq keepalives (client side) and the same per session on the server (GUCs a user may set):
KEEPALIVE = {"keepalives": 1, "keepalives_idle": 5, "keepalives_interval": 2, "keepalives_count": 3}
SERVER_KEEPALIVE = "-c tcp_keepalives_idle=5 -c tcp_keepalives_interval=2 -c tcp_keepalives_count=3"
# "PDVB": the integrador's advisory lock (leadership.py), named here so a caixa reads it without psycopg
LOCK_KEY = 0x50445642
ALLOWED_QUERY = {"sslmode", "sslrootcert", "sslcert", "sslkey", "application_name", "target_session_attrs"}


class StoreServerError(DomainError):
    """The store server cannot be used now (pt_BR in domain/messages.py)."""


def normalize_url(raw: str) -> tuple[str, str | None]:
    """(URL without password, with the psycopg driver) and the password found in it, if any."""
    text_url = raw.strip()
    parts = urlsplit(text_url)
    if parts.scheme not in ("postgresql", "postgres", "postgresql+psycopg"):
        raise StoreServerError("store_url_invalid", "url", {"value": _safe(text_url)})
    if not parts.hostname or not parts.path.strip("/"):
        raise StoreServerError("store_url_invalid", "url", {"value": _safe(text_url)})
    unknown = [k for k, _v in parse_qsl(parts.query) if k not in ALLOWED_QUERY]
    if unknown:
        raise StoreServerError("store_url_option", "url", {"value": unknown[0]})
    password = parts.password
    user = parts.username or "postgres"
    host = parts.hostname if ":" not in parts.hostname else f"[{parts.hostname}]"
    netloc = f"{user}@{host}" + (f":{parts.port}" if parts.port else "")
    clean = urlunsplit(("postgresql+psycopg", netloc, parts.path, urlencode(parse_qsl(parts.query)), ""))
    return clean, password


def keyring_user(url: str) -> str:
    u = make_url(url)
    return f"{u.username}@{u.host}:{u.port or 5432}/{u.database}"


def save_password(url: str, password: str) -> None:
    """Keep the store's password in the keyring; `store_password_unkept` (with the way out) when
    this PC has no keyring that can keep it."""
    try:
        keyrings.set_secret(KEYRING_SERVICE, keyring_user(url), password)
    except (keyring.errors.KeyringError, OSError, RuntimeError, ValueError) as exc:
        raise StoreServerError("store_password_unkept", None, {"detail": str(exc).strip()[:160]}) from None


def load_password(url: str) -> str | None:
    try:
        return keyrings.get_secret(KEYRING_SERVICE, keyring_user(url))
    except (keyring.errors.KeyringError, OSError, RuntimeError, ValueError):
        return None  # then libpq looks (PGPASSWORD, PGPASSFILE, ~/.pgpass)


def libpq_connects(url: str) -> bool:
    """This PC reaches the store without a password of ours: libpq found one (PGPASSWORD,
    PGPASSFILE, ~/.pgpass) or the server needs none from here."""
    engine = server_engine(url, password="", application="pdv-bling-check", pool_size=1)
    try:
        with engine.connect():
            return True
    except SQLAlchemyError:
        return False
    finally:
        engine.dispose()


def keep_password(url: str, password: str) -> str:
    """Before anything is written: make sure the next command can connect too. "keyring" when the
    password was kept there, "libpq" when libpq finds it by itself (nothing of ours kept); else
    `store_password_unkept` with the way out."""
    try:
        save_password(url, password)
        return "keyring"
    except StoreServerError:
        if libpq_connects(url):
            return "libpq"
        raise


def server_engine(url: str, *, password: str | None = None, application: str = "pdv-bling",
                  statement_timeout_ms: int = 15_000, pool_size: int = 3) -> Engine:
    """An engine for the store server. The password comes from the argument or the keyring."""
    u = make_url(url)
    secret = password if password is not None else load_password(url)
    if secret:
        u = u.set(password=secret)
    options = f"{SERVER_KEEPALIVE} -c statement_timeout={statement_timeout_ms} -c lock_timeout=5000"
    connect_args: dict[str, object] = {
        "connect_timeout": CONNECT_TIMEOUT_S, "application_name": f"{application}@{socket.gethostname()}"[:60],
        "options": options, **KEEPALIVE,
    }
    return create_engine(u, connect_args=connect_args, pool_pre_ping=True, pool_size=pool_size, max_overflow=2,
                         pool_recycle=600)


def open_server(url: str, *, password: str | None = None, application: str = "pdv-bling") -> Store:
    """The store server as a `Store` (transaction/read like a caixa's), not migrated here."""
    return Store(url, run_migrations=False, engine=server_engine(url, password=password, application=application))


def check_schema(server: Store) -> None:
    """Refuse a store database that is not initialised or is from another version."""
    try:
        revision = current_revision(server.engine)
    except SQLAlchemyError as exc:
        raise unreachable(exc) from None
    if revision is None:
        raise StoreServerError("store_not_initialised", "url")
    if revision != head_revision():
        raise StoreServerError("store_schema_mismatch", "url", {"found": revision, "expected": head_revision()})


def init_store(url: str, *, password: str | None = None) -> str:
    """`pdv-bling store init URL`: create or migrate the store database; returns the revision."""
    server = open_server(url, password=password)
    try:
        migrate(server.engine)
        from pdv_bling.retaguarda.lineage import ensure_identity
        from pdv_bling.store.defaults import ensure_defaults

        with server.transaction() as session:
            session.execute(text("INSERT INTO integrator_lease (id, epoch) VALUES (1, 0) ON CONFLICT DO NOTHING"))
            ensure_identity(session)  # the store's UUID and first generation (lineage.py)
            ensure_defaults(session)  # the store's payment methods, for its DE-PARA
        return str(current_revision(server.engine))
    except SQLAlchemyError as exc:
        raise unreachable(exc) from None
    finally:
        server.close()


CONNECTION_STATES = ("08", "57P01", "57P02", "57P03")  # connection exception, admin/crash shutdown, cannot connect now
BUSY_STATES = ("55P03", "40P01", "40001", "57014")  # lock not available, deadlock, serialization, timeout


def _sqlstate(exc: BaseException) -> str | None:
    orig = getattr(exc, "orig", exc)
    state = getattr(orig, "sqlstate", None)
    return str(state) if state else None


def is_offline(exc: BaseException) -> bool:
    """Only a failure to reach the store server counts as "offline" (what unlocks a caixa's offline
    rules): a refused constraint or a lock wait is an answer from a server that is there."""
    if isinstance(exc, OSError):
        return True
    if isinstance(exc, DBAPIError) and exc.connection_invalidated:
        return True
    state = _sqlstate(exc)
    if state is not None:
        return any(state.startswith(prefix) for prefix in CONNECTION_STATES)
    orig = getattr(exc, "orig", exc)
    psycopg = sys.modules.get("psycopg")  # imported by SQLAlchemy's dialect once a store was opened:
    # not before, so a single-mode app or command never pays for it (an error of a driver never
    # loaded cannot be one of its errors)
    if psycopg is not None and isinstance(orig, psycopg.OperationalError | psycopg.InterfaceError):
        return True
    return isinstance(exc, sqlalchemy_exc.InterfaceError)


def store_problem(exc: BaseException) -> StoreServerError:
    """The pt_BR-ready error for any failure talking to the store: unreachable, busy, or refused."""
    if is_offline(exc):
        return unreachable(exc)
    detail = str(getattr(exc, "orig", exc)).strip().splitlines()[0][:200] if str(exc) else "sem detalhes"
    state = _sqlstate(exc)
    if state is not None and state in BUSY_STATES:
        return StoreServerError("store_busy", None, {"detail": detail})
    return StoreServerError("store_error", None, {"detail": detail})


def unreachable(exc: BaseException) -> StoreServerError:
    """A pt_BR-ready error for a failed connection (no password or full URL in it)."""
    detail = str(getattr(exc, "orig", exc)).strip().splitlines()[0][:200] if str(exc) else "sem detalhes"
    if "password authentication failed" in detail or "no password supplied" in detail:
        return StoreServerError("store_auth_failed", "url")
    return StoreServerError("store_unreachable", "url", {"detail": detail})


def _safe(url: str) -> str:
    parts = urlsplit(url)
    if parts.password:
        url = url.replace(f":{parts.password}@", ":***@")
    return url[:120]
