"""Exchange coupons: 8 characters (6 random + 2 check) from an unambiguous alphabet (Crockford
base32), grouped "XXXX-XXXX" for printing. The check characters refuse every single typo and
every adjacent swap of the random part instead of finding another sale."""

from __future__ import annotations

import re
import secrets

from pdv_bling.domain.errors import DomainError

ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"  # Crockford base32: no I, L, O, U
_MOD = len(ALPHABET)  # 32
_ALIASES = str.maketrans({"I": "1", "L": "1", "O": "0", "U": "V"})


def _check_chars(body: str) -> str:
    # Weighted sum modulo the prime 1021, written as two base32 characters: every single-character
    # substitution and every adjacent swap in the body changes it (weights 1..6 are distinct and
    # smaller than the prime, and so are the digit differences).
    value = sum((i + 1) * ALPHABET.index(c) for i, c in enumerate(body)) % 1021
    return ALPHABET[value // _MOD] + ALPHABET[value % _MOD]


def new_coupon() -> str:
    body = "".join(secrets.choice(ALPHABET) for _ in range(6))
    return body + _check_chars(body)


def format_coupon(code: str) -> str:
    return f"{code[:4]}-{code[4:]}"


def parse_coupon(text: object, *, field: str = "cupom") -> str:
    if not isinstance(text, str):
        raise DomainError("coupon_invalid", field)
    compact = re.sub(r"[\s-]", "", text).upper().translate(_ALIASES)
    if len(compact) != 8 or any(c not in ALPHABET for c in compact):
        raise DomainError("coupon_invalid", field)
    if _check_chars(compact[:6]) != compact[6:]:
        raise DomainError("coupon_check_digit", field)
    return compact
