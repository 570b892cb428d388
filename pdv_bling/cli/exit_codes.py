"""Exit codes of `pdv-bling` (documented in the README): one per situation a script must tell
apart. `sync` has one per reason it stopped; refused input is always 2."""

from __future__ import annotations

OK = 0  # done; for `sync --push`: every item delivered, the queue is empty
FAILED = 1  # an unexpected error (the log file has the details)
REFUSED = 2  # bad input or a data folder/database that cannot be used: nothing was written
BUSY = 3  # another process is delivering this data folder's queue
BLING_ERROR = 4  # Bling refused or failed a pull / a connection step
DATABASE_LOCKED = 5  # the database stayed locked by another program after retrying

SYNC_ONLY_PARKED = 10  # nothing pending; items wait in "Requer atenção" for the manager
SYNC_BLOCKED = 11  # items wait behind a parked item of their own sale
SYNC_BACKOFF = 12  # items wait for their next attempt (Bling asked to slow down, or failed)
SYNC_OFFLINE = 13  # Bling cannot be reached (no internet, DNS, firewall)
SYNC_BLING_DOWN = 14  # Bling answers with server errors (5xx) or lost the answer
SYNC_RECONNECT = 15  # the Bling authorization is missing, expired or revoked
SYNC_DAILY_LIMIT = 16  # the account's daily request budget is spent
SYNC_TIMEOUT = 17  # `--wait --timeout S` ran out with items still pending
SYNC_NO_KEYRING = 18  # no OS keyring on this machine to hold the Bling authorization

# Store mode (`store ...`, `integrator`, `troca`, and on a PC of a store `sync`, `depara`, `operador`,
# `outbox`, `config`): busy is BUSY (3: try again in a few seconds), refused is REFUSED (2: nothing
# written, fix the input), unreachable is STORE_UNREACHABLE (5: the store server did not answer).
STORE_UNREACHABLE = 5  # the store server (retaguarda) cannot be reached: nothing was written
NOT_IN_STORE = 6  # this data folder is not a caixa of a store nor an integrador host
NO_KEYRING = 18  # no keyring (nor libpq's password file) to keep what the command must keep
STORE_BUSY_CODES = frozenset({"store_busy", "store_busy_here", "store_sale_busy"})


def of_store_error(code: str) -> int:
    """The exit code of a store-mode refusal (`StoreServerError.code` and friends)."""
    if code == "store_unreachable":
        return STORE_UNREACHABLE
    if code in STORE_BUSY_CODES:
        return BUSY
    if code == "store_password_unkept":
        return NO_KEYRING
    if code == "store_not_joined":
        return NOT_IN_STORE
    return REFUSED


SYNC_BY_REASON: dict[str, int] = {
    "empty": OK,
    "only_parked": SYNC_ONLY_PARKED,
    "blocked_by_parked": SYNC_BLOCKED,
    "backoff": SYNC_BACKOFF,
    "offline": SYNC_OFFLINE,
    "bling_unavailable": SYNC_BLING_DOWN,
    "reconnection_needed": SYNC_RECONNECT,
    "daily_limit": SYNC_DAILY_LIMIT,
    "timeout": SYNC_TIMEOUT,
    "keyring_unavailable": SYNC_NO_KEYRING,
}


def of_store_problem(code: str) -> int:
    """A data folder or database that cannot be used (`StoreProblem.code`): locked is its own code."""
    return DATABASE_LOCKED if code == "locked" else REFUSED
