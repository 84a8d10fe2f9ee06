"""The format of personal API tokens, and finding the token a request presents.

A token reads `vrp_<prefix>_<secret>`. The prefix is random but not secret: it is
stored as is and finds the row. The secret is stored only as its SHA-256 digest,
so a copy of the database gives nobody a working token. A long random secret
needs no slow password hash: nothing short enough to guess is ever hashed.
"""

import hashlib
import hmac
import secrets
from datetime import timedelta

from django.utils import timezone

from .models import ApiToken

SCHEME = "vrp"
PREFIX_BYTES = 6  # 12 hex characters
SECRET_BYTES = 32
# How stale "last used" may be: recording every request would add a write to
# every read; once a minute is enough for a person deciding what to revoke.
LAST_USED_RESOLUTION = timedelta(minutes=1)


def digest(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def new_token_parts() -> tuple[str, str, str]:
    """(prefix, secret, the whole token as shown once to its owner)."""
    prefix = secrets.token_hex(PREFIX_BYTES)
    secret = secrets.token_urlsafe(SECRET_BYTES)
    return prefix, secret, f"{SCHEME}_{prefix}_{secret}"


def split(raw: str) -> tuple[str, str] | None:
    scheme, _, rest = raw.partition("_")
    prefix, _, secret = rest.partition("_")
    if scheme != SCHEME or len(prefix) != PREFIX_BYTES * 2 or not secret:
        return None
    return prefix, secret


def api_token_find(raw: str) -> ApiToken | None:
    """The unrevoked token of an active user this string is, or None; it may have
    expired (the caller says so). Looked up on every request, never cached, so a
    revoked token or a deactivated user is refused at once."""
    parts = split(raw)
    if parts is None:
        return None
    prefix, secret = parts
    token = ApiToken.objects.active().select_related("user").filter(prefix=prefix).first()
    if token is None or not hmac.compare_digest(token.secret_sha256, digest(secret)):
        return None
    return token


def api_token_touch(token: ApiToken) -> None:
    now = timezone.now()
    if token.last_used_at is None or now - token.last_used_at >= LAST_USED_RESOLUTION:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        token.last_used_at = now
