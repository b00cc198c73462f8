"""Tokens in mail links: 256 random or keyed bits, stored only as hashes, compared in constant time.

- A confirmation token is random; the database keeps its SHA-256 and an expiry; it works once.
- A cancel token is an HMAC of the registration's id and a per-registration salt under the secret
  key, so every mail can carry the same link without the database storing the token at all.
"""
from __future__ import annotations

import base64
import hashlib
import hmac
import secrets

TOKEN_BYTES = 32  # 256 bits


def new_token() -> str:
    return secrets.token_urlsafe(TOKEN_BYTES)


def token_hash(token: str) -> str:
    """What the database stores instead of a token."""
    return hashlib.sha256(token.encode("utf-8", "surrogateescape")).hexdigest()


def same_hash(token: str, stored: str | None) -> bool:
    return stored is not None and hmac.compare_digest(token_hash(token), stored)


def new_salt() -> str:
    return secrets.token_hex(16)


def cancel_token(secret: str, registration_id: int, salt: str) -> str:
    mac = hmac.new(secret.encode(), f"cancel:{registration_id}:{salt}".encode(), hashlib.sha256).digest()
    return f"{registration_id}-{base64.urlsafe_b64encode(mac).decode().rstrip('=')}"


def cancel_token_id(token: str) -> int | None:
    """The registration id a cancel token names, or None when it is not even well-formed."""
    head, _, tail = token.partition("-")
    if not (head.isascii() and head.isdigit()) or len(head) > 10 or len(tail) != 43:
        return None
    value = int(head)
    return value if 0 < value <= 2**31 - 1 else None  # beyond the id column's range: no such registration


def cancel_token_valid(secret: str, token: str, registration_id: int, salt: str) -> bool:
    return hmac.compare_digest(cancel_token(secret, registration_id, salt).encode(), token.encode("utf-8", "surrogateescape"))
