"""Writes about people: inviting them, their role and CSPs, ending their access,
unlocking them and resetting their second factor. Every change of role, CSPs or
active state is recorded as a RoleChange, with who made it.

The admin's user page calls these; nothing else changes a role.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.conf import settings
from django.contrib.auth.tokens import PasswordResetTokenGenerator
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone
from django.utils.crypto import constant_time_compare
from django.utils.encoding import force_bytes
from django.utils.http import base36_to_int, urlsafe_base64_encode

from .models import Organisation, Role, RoleChange, User
from .sessions import sessions_end_for


class InvitationTokenGenerator(PasswordResetTokenGenerator):
    """Django's password-reset token, with its own salt and a longer life
    (PORTAL_INVITATION_DAYS): a link made for a reset never accepts an
    invitation, and either stops working once a password is set."""

    key_salt = "partnership.people.InvitationTokenGenerator"

    def check_token(self, user: User | None, token: str | None) -> bool:
        if not (user and token):
            return False
        try:
            timestamp = base36_to_int(token.split("-")[0])
        except ValueError:
            return False
        if not constant_time_compare(self._make_token_with_timestamp(user, timestamp, self.secret), token):
            return False
        age = self._num_seconds(self._now()) - timestamp
        return age <= settings.PORTAL_INVITATION_DAYS * 24 * 60 * 60


invitation_tokens = InvitationTokenGenerator()


def role_problems(*, role: str, csps: Iterable[Organisation]) -> dict:
    """What is wrong with this role and these CSPs, by field; empty when nothing."""
    csps = list(csps)
    if role == Role.CSP_COORDINATOR and not csps:
        return {"csps": "Choose the CSP, or CSPs, this person coordinates"}
    if role != Role.CSP_COORDINATOR and csps:
        return {"csps": "Only a CSP coordinator coordinates a CSP: clear the CSPs or choose that role"}
    if any(not csp.is_csp for csp in csps):
        return {"csps": "Choose community safety partnerships only"}
    return {}


def describe(role: str, csps: Iterable[Organisation]) -> str:
    label = Role(role).label
    names = sorted(csp.name for csp in csps)
    return f"{label} ({', '.join(names)})" if names else label


def role_change_record(*, user: User, by: User | None, what: str) -> RoleChange:
    return RoleChange.objects.create(user=user, by=by, what=what[:300])


@transaction.atomic
def user_role_set(*, user: User, role: str, csps: list[Organisation], by: User | None) -> bool:
    """Gives `user` this role (and, for a coordinator, these CSPs). Returns
    whether anything changed; a change is recorded."""
    problems = role_problems(role=role, csps=csps)
    if problems:
        raise ValidationError(problems)
    before = describe(user.role, user.csps.all()) if user.pk else ""
    after = describe(role, csps)
    user.role = role
    # The Django admin's own flags follow the role: only administrators use it.
    user.is_staff = role == Role.ADMIN or user.is_superuser
    user.save()
    user.csps.set(csps)
    user.forget_csps()
    if before == after:
        return False
    role_change_record(user=user, by=by, what=f"Role: {before or 'none'} → {after}")
    return True


def invitation_link(*, user: User, request: HttpRequest | None = None) -> str:
    path = reverse(
        "invitation_accept",
        kwargs={"uidb64": urlsafe_base64_encode(force_bytes(user.pk)), "token": invitation_tokens.make_token(user)},
    )
    return request.build_absolute_uri(path) if request is not None else f"{settings.PORTAL_BASE_URL}{path}"


@transaction.atomic
def user_invite(
    *,
    email: str,
    username: str,
    first_name: str,
    last_name: str,
    role: str,
    csps: list,
    by: User | None,
    request: HttpRequest | None = None,
) -> User:
    """A new person, with no password until they choose one from the e-mailed
    link. The link stops working once used, or after PORTAL_INVITATION_DAYS."""
    problems = role_problems(role=role, csps=csps)
    if problems:
        raise ValidationError(problems)
    user = User(username=username, email=email, first_name=first_name, last_name=last_name, role=role)
    user.set_unusable_password()
    user.full_clean()
    user.save()
    user_role_set(user=user, role=role, csps=csps, by=by)
    invitation_send(user=user, by=by, request=request)
    return user


def invitation_send(*, user: User, by: User | None, request: HttpRequest | None = None) -> None:
    """(Re)sends the set-password link; an earlier link still works until it expires."""
    from .models import Partnership

    partnership = Partnership.current()
    name = partnership.name if partnership else settings.PORTAL_SERVICE_NAME
    link = invitation_link(user=user, request=request)
    days = settings.PORTAL_INVITATION_DAYS
    send_mail(
        subject=f"You are invited to {name}",
        message=(
            f"Hello {user.get_full_name() or user.username},\n\n"
            f"You have an account on {name}, with the username {user.username}.\n"
            f"Choose your password here (the link works once, for {days} days):\n\n{link}\n\n"
            "If you were not expecting this, ignore this e-mail.\n"
        ),
        from_email=None,
        recipient_list=[user.email],
    )
    role_change_record(user=user, by=by, what=f"Invitation sent to {user.email}")


@transaction.atomic
def user_deactivate(*, user: User, by: User | None) -> None:
    """Ends access at once: sessions are deleted and API tokens revoked."""
    was_active = user.is_active
    user.is_active = False
    user.save()  # partnership.sessions ends sessions and revokes tokens on this save
    sessions_end_for(user=user)
    user.api_tokens.filter(revoked_at__isnull=True).update(revoked_at=timezone.now())
    if was_active:
        role_change_record(user=user, by=by, what="Deactivated: sessions ended and API tokens revoked")


@transaction.atomic
def user_reactivate(*, user: User, by: User | None) -> None:
    if not user.is_active:
        user.is_active = True
        user.save()
        role_change_record(user=user, by=by, what="Reactivated")


def user_unlock(*, user: User, by: User | None) -> int:
    """Clears django-axes's lockout of this username (from every address)."""
    from axes.utils import reset

    cleared = reset(username=user.username)
    role_change_record(user=user, by=by, what="Sign-in lockout cleared")
    return cleared


@transaction.atomic
def user_second_factor_reset(*, user: User, by: User | None) -> int:
    """Removes every second-factor device; the person sets one up at next sign-in."""
    from django_otp import devices_for_user

    devices = list(devices_for_user(user, confirmed=None))
    for device in devices:
        device.delete()
    sessions_end_for(user=user)
    role_change_record(user=user, by=by, what="Second factor reset: sessions ended")
    return len(devices)
