"""Helpers shared by every app's services: the conflict check and the common errors."""

import secrets

from axes.handlers.proxy import AxesProxyHandler
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from sharaka.core import audit
from sharaka.core.roles import can


class ConcurrentEdit(ValidationError):
    """Someone else saved the record after this user opened it."""


def check_version(locked, expected_version: int) -> None:
    """`locked` must come from select_for_update(); raise when the form was opened on an older version."""
    if expected_version is None or int(expected_version) != locked.version:
        raise ConcurrentEdit(
            _(
                "Someone else changed this record while you were editing it. Nothing was saved. "
                "Open it again to see their changes, then make yours."
            ),
            code="concurrent_edit",
        )


# --- accounts: sign-in locks and the second factor (sharaka/core/signin.py, second_factor.py) --------


def user_unlock_sign_in(*, actor, user) -> int:
    """Forget the failed sign-ins of `user` (an administrator's unlock); returns how many were forgotten."""
    if not can(actor, "users.manage"):
        raise PermissionDenied
    with transaction.atomic():
        forgotten = AxesProxyHandler.reset_attempts(username=user.get_username())
        audit.record(
            actor=actor, action="user.unlock_sign_in", obj=user, after={"attempts_forgotten": forgotten}
        )
    return forgotten


RECOVERY_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"  # no look-alikes (0/o, 1/l/i)


def new_recovery_code() -> str:
    """Ten characters, about 49 bits: typed once, from paper, in place of a code from the app."""
    return "".join(secrets.choice(RECOVERY_ALPHABET) for _ in range(10))


def recovery_codes_issue(*, actor, user, count: int = 10) -> list[str]:
    """Replace the user's recovery codes with `count` new single-use ones, returned once to be shown."""
    if actor.pk != user.pk:
        raise ValueError("only the user issues their own recovery codes")
    from django_otp.plugins.otp_static.models import StaticDevice, StaticToken

    codes = [new_recovery_code() for _ in range(count)]
    with transaction.atomic():
        device, _ = StaticDevice.objects.get_or_create(
            user=user, name="recovery", defaults={"confirmed": True}
        )
        device.token_set.all().delete()
        StaticToken.objects.bulk_create([StaticToken(device=device, token=code) for code in codes])
        audit.record(actor=actor, action="user.recovery_codes_issue", obj=user, after={"codes": count})
    return codes


def second_factor_confirm(*, actor, device, token: str) -> bool:
    """Confirm a new authenticator (the TOTP device being set up) with a code it shows."""
    if device.user_id != actor.pk or device.confirmed:
        raise ValueError("only the user confirms their own new authenticator")
    with transaction.atomic():
        if not device.verify_token(token):
            return False
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        # Another authenticator confirmed before this one is replaced by it.
        type(device).objects.filter(user=actor).exclude(pk=device.pk).delete()
        audit.record(
            actor=actor, action="user.second_factor_confirm", obj=actor, after={"device": device.name}
        )
    return True


def second_factor_reset(*, actor, user) -> None:
    """An administrator's reset: the user's authenticator and recovery codes are removed, and they set up
    a new authenticator at their next sign-in (a lost phone)."""
    from django_otp.plugins.otp_static.models import StaticDevice
    from django_otp.plugins.otp_totp.models import TOTPDevice

    if not can(actor, "users.manage"):
        raise PermissionDenied
    with transaction.atomic():
        TOTPDevice.objects.filter(user=user).delete()
        StaticDevice.objects.filter(user=user).delete()
        audit.record(actor=actor, action="user.second_factor_reset", obj=user)
