"""Session housekeeping tied to sign-in: when a session started, and ending every
session of an account that is disabled."""

from django.contrib.auth import user_logged_in
from django.contrib.sessions.models import Session
from django.db.models.signals import post_save
from django.utils import timezone

from .middleware import mark_signed_in


def sessions_end_for(*, user) -> int:
    """Deletes every live session of this user; returns how many there were.

    Sessions are signed blobs, so each live one is decoded to find its owner;
    the portal has a few hundred users at most.
    """
    ended = 0
    for session in Session.objects.filter(expire_date__gt=timezone.now()).iterator():
        if str(session.get_decoded().get("_auth_user_id")) == str(user.pk):
            session.delete()
            ended += 1
    return ended


def _on_signed_in(sender, request, user, **kwargs):
    if request is not None and hasattr(request, "session"):
        mark_signed_in(request.session)


def _on_user_saved(sender, instance, created, **kwargs):
    if not created and not instance.is_active:
        sessions_end_for(user=instance)
        # Tokens of an inactive user are refused already (ApiToken.objects.active);
        # revoking them too means reactivating the account does not revive them.
        instance.api_tokens.filter(revoked_at__isnull=True).update(revoked_at=timezone.now())


def connect():
    from django.conf import settings

    user_logged_in.connect(_on_signed_in, dispatch_uid="portal_session_signed_in_at")
    post_save.connect(_on_user_saved, sender=settings.AUTH_USER_MODEL, dispatch_uid="portal_disabled_user_sessions_end")
