"""Helpers shared by every app's services (the conflict check, the common errors), and the services of
the users and localities, which the administration writes through."""

import secrets

from axes.handlers.proxy import AxesProxyHandler
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from sharaka.core import audit
from sharaka.core.models import Locality, User
from sharaka.core.roles import Role, can


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


# --- users and places, written from the administration -------------------------------------------

# What the user administration changes besides the role, the active flag and the password, each of
# which has its own service and ledger entry.
USER_FIELDS = ["first_name", "last_name", "email", "language", "gender", "is_staff"]
LOCALITY_FIELDS = ["name_ar", "name_fr", "name_en", "name_zgh", "kind", "parent", "latitude", "longitude"]


def require_administrator(actor) -> None:
    """Users, places and the holiday calendar are the administrator's to change (`users.manage`)."""
    if not can(actor, "users.manage"):
        raise PermissionDenied


def load_for_save(model, instance, fields: list[str], data: dict):
    """For a service that adds a row (`instance` None or unsaved) or corrects one: the row to save with
    `data`'s values of `fields` set, and its snapshot before (None for a new row), locked while it changes."""
    if instance is None or instance.pk is None:
        obj, before = model(), None
    else:
        obj = model.objects.select_for_update().get(pk=instance.pk)
        before = audit.snapshot(obj, fields=fields)
    for name in fields:
        if name in data:
            setattr(obj, name, data[name])
    return obj, before


def _join_role_group(user) -> None:
    """The user's Django group is their role's (`setup_roles`): the admin's permissions follow the role."""
    groups = list(Group.objects.filter(name__in=Role.values))
    user.groups.remove(*[g for g in groups if g.name != user.role])
    user.groups.add(*[g for g in groups if g.name == user.role])


@transaction.atomic
def user_create(*, actor, data: dict, password: str | None):
    """A new user with a role; no password given means password sign-in is disabled for them."""
    require_administrator(actor)
    user = User(
        username=data["username"],
        role=data["role"],
        **{k: data[k] for k in [*USER_FIELDS, "is_active"] if k in data},
    )
    if password:
        user.set_password(password)
    else:
        user.set_unusable_password()
    user.full_clean(exclude=["password"])
    user.save()
    _join_role_group(user)
    fields = ["username", "role", "is_active", *USER_FIELDS]
    audit.record(actor=actor, action="user.create", obj=user, after=audit.snapshot(user, fields=fields))
    return user


@transaction.atomic
def user_update(*, actor, user, data: dict):
    """Names, e-mail, language and staff flag (one `user.update` entry when any changed); the role and
    the active flag, when present in `data`, through `user_set_role` and `user_set_active`."""
    require_administrator(actor)
    locked = User.objects.select_for_update().get(pk=user.pk)
    before = audit.snapshot(locked, fields=USER_FIELDS)
    for name in USER_FIELDS:
        if name in data:
            setattr(locked, name, data[name])
    locked.full_clean(exclude=["password"])
    old, new = audit.diff(before, audit.snapshot(locked, fields=USER_FIELDS))
    if new:
        locked.save(update_fields=list(new))
        audit.record(actor=actor, action="user.update", obj=locked, before=old, after=new)
    if "role" in data:
        locked = user_set_role(actor=actor, user=locked, role=data["role"])
    if "is_active" in data:
        locked = user_set_active(actor=actor, user=locked, active=data["is_active"])
    return locked


@transaction.atomic
def user_set_role(*, actor, user, role: str):
    """Give a user another role (and its admin group): one `user.set_role` entry naming both roles."""
    require_administrator(actor)
    if role not in Role.values:
        raise ValidationError({"role": _("Choose a role.")})
    locked = User.objects.select_for_update().get(pk=user.pk)
    if locked.role == role:
        return locked
    old = locked.role
    locked.role = role
    locked.save(update_fields=["role"])
    _join_role_group(locked)
    audit.record(actor=actor, action="user.set_role", obj=locked, before={"role": old}, after={"role": role})
    return locked


@transaction.atomic
def user_set_active(*, actor, user, active: bool):
    """Deactivate a user who leaves (never delete: their name stays on what they did), or bring them back."""
    require_administrator(actor)
    locked = User.objects.select_for_update().get(pk=user.pk)
    if locked.is_active == bool(active):
        return locked
    if locked.pk == getattr(actor, "pk", None) and not active:
        raise ValidationError({"is_active": _("You cannot deactivate your own account.")})
    locked.is_active = bool(active)
    locked.save(update_fields=["is_active"])
    audit.record(
        actor=actor,
        action="user.activate" if active else "user.deactivate",
        obj=locked,
        before={"is_active": not active},
        after={"is_active": bool(active)},
    )
    return locked


@transaction.atomic
def user_set_password(*, actor, user, password: str | None):
    """Set a user's password, or disable password sign-in (None). The ledger says so, never the hash."""
    require_administrator(actor)
    locked = User.objects.select_for_update().get(pk=user.pk)
    if password:
        locked.set_password(password)
    else:
        locked.set_unusable_password()
    locked.save(update_fields=["password"])
    audit.record(
        actor=actor,
        action="user.set_password",
        obj=locked,
        after={"password_sign_in": bool(password)},
    )
    return locked


@transaction.atomic
def locality_save(*, actor, locality, data: dict):
    """Add a locality of Aourir or correct one (`locality` None to add)."""
    require_administrator(actor)
    obj, before = load_for_save(Locality, locality, LOCALITY_FIELDS, data)
    obj.full_clean()
    after = audit.snapshot(obj, fields=LOCALITY_FIELDS)
    if before is not None:
        before, after = audit.diff(before, after)
        if not after:
            return obj
    obj.save()
    action = "locality.update" if before is not None else "locality.create"
    audit.record(actor=actor, action=action, obj=obj, before=before, after=after)
    return obj


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
