"""Informant protection: receipt codes and the encrypted identity vault.

- A receipt code is 16 random digits (like GlobaLeaks). Only a keyed hash is stored (HMAC-SHA256
  with `HUB389_RECEIPT_PEPPER`, which is not in the database), so a copy of the database does not
  let anyone try the 10^16 codes offline.
- The informant's identity and contact are sealed with a fresh key per tip (Fernet: AES-128-CBC
  + HMAC-SHA256); that key is stored wrapped by the server key(s) from the environment
  (`HUB389_TIP_KEYS`, a MultiFernet so keys can be rotated). The database alone can decrypt
  nothing.
"""

import json
import secrets
from pathlib import Path
from typing import Any

from cryptography.fernet import Fernet, MultiFernet
from django.conf import settings
from django.utils.crypto import constant_time_compare, salted_hmac

RECEIPT_DIGITS = 16


def new_receipt() -> str:
    return f"{secrets.randbelow(10**RECEIPT_DIGITS):0{RECEIPT_DIGITS}d}"


def normalise_receipt(text: str) -> str:
    """What the informant typed, spaces and dashes removed; '' if it cannot be a receipt."""
    digits = "".join(ch for ch in text if not ch.isspace() and ch != "-")
    return digits if len(digits) == RECEIPT_DIGITS and digits.isdigit() else ""


def format_receipt(code: str) -> str:
    return " ".join(code[i : i + 4] for i in range(0, len(code), 4))


def receipt_hash(code: str) -> str:
    return salted_hmac(
        "hub389.tips.receipt", code, secret=settings.HUB389_RECEIPT_PEPPER, algorithm="sha256"
    ).hexdigest()


def typed_receipt_hash(text: str) -> str:
    """The stored hash a receipt code as typed would have; "" when it cannot be a code."""
    digits = normalise_receipt(text)
    return receipt_hash(digits) if digits else ""


def receipt_matches(code: str, stored_hash: str) -> bool:
    return constant_time_compare(receipt_hash(code), stored_hash)


def server_keys() -> list[str]:
    """`HUB389_TIP_KEYS`, or in development a key generated once into var/tip-key (outside the
    database: a copy of the database alone decrypts nothing). Production refuses to start
    without the setting (settings.py)."""
    if settings.HUB389_TIP_KEYS:
        return list(settings.HUB389_TIP_KEYS)
    key_file = Path(settings.HUB389_VAR_DIR) / "tip-key"
    if not key_file.exists():
        key_file.parent.mkdir(parents=True, exist_ok=True)
        key_file.write_bytes(Fernet.generate_key())
        key_file.chmod(0o600)
    return [key_file.read_text().strip()]


def _server() -> MultiFernet:
    return MultiFernet([Fernet(key) for key in server_keys()])


def seal(data: dict[str, Any]) -> tuple[bytes, bytes]:
    """Encrypt `data` under a new per-tip key; returns (wrapped key, ciphertext)."""
    tip_key = Fernet.generate_key()
    ciphertext = Fernet(tip_key).encrypt(json.dumps(data, ensure_ascii=False).encode())
    return _server().encrypt(tip_key), ciphertext


def unseal(wrapped_key: bytes, ciphertext: bytes) -> dict[str, Any]:
    tip_key = _server().decrypt(bytes(wrapped_key))
    result: dict[str, Any] = json.loads(Fernet(tip_key).decrypt(bytes(ciphertext)))
    return result


def rewrap(wrapped_key: bytes) -> bytes:
    """The same per-tip key wrapped by the newest server key (key rotation)."""
    return _server().rotate(bytes(wrapped_key))
