"""Keyed hashes that stand in for a child's UPN or ULN and for case-system record ids.

HMAC-SHA256 with a key derived per area from ``settings.PSEUDONYM_KEY``: the same
number gives the same pseudonym in one area's every extract (so re-imports
match), a different one in another area, and cannot be reversed or recomputed
without the secret, which is never stored in the database.
"""

from __future__ import annotations

import hashlib
import hmac

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured


def area_key(la_code: str) -> bytes:
    secret = settings.PSEUDONYM_KEY
    if not secret:
        raise ImproperlyConfigured(
            "Set PORTAL_PSEUDONYM_KEY before importing case data (see .env.example)"
        )
    return hmac.new(secret.encode(), f"area:{la_code}".encode(), hashlib.sha256).digest()


def pseudonym(key: bytes, kind: str, value: str) -> str:
    """The keyed hash of ``value`` (spaces and case ignored), for ``kind`` of identifier."""
    normal = "".join(value.split()).upper()
    return hmac.new(key, f"{kind}:{normal}".encode(), hashlib.sha256).hexdigest()
