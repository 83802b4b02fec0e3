"""Who reads and writes what in capacity building: one helper per question, used by every view, service
and query of the app.

Two kinds of data:

- The unit's (`capacity.view`, `capacity.manage` in core/roles.py): the skills catalogue, positions,
  the staff list (names, positions, services), trainings and the dashboard's aggregates.
- Personal data: a person's assessments, scores, the gaps they show, and their own evaluation of a
  training. Only three people read them: **the person** (their StaffProfile is linked to their account),
  **their manager** (the account of the profile named as their manager; direct reports only) and **the
  administrator**. No capability opens them, not even `capacity.manage`: the cooperation officer who
  runs trainings sees who attended, not how anyone was assessed. `core/roles.py` is not consulted for
  this on purpose; the literal table in `capacity/tests/` pins it.

Writing an assessment: a self-assessment only by the person; a manager's assessment by the manager,
or by the administrator when the person's manager has no account.
"""

from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import Http404
from django.shortcuts import get_object_or_404

from sharaka.capacity.models import Assessment, StaffProfile
from sharaka.core.roles import Role, can, is_internal


def is_administrator(user) -> bool:
    return bool(
        getattr(user, "is_authenticated", False) and user.is_active and user.role == Role.ADMINISTRATOR
    )


def profile_of(user) -> StaffProfile | None:
    """The signed-in person's own staff profile, if they have one."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return None
    return StaffProfile.objects.filter(user=user).select_related("position", "manager").first()


def assessed_profiles(user):
    """The profiles whose assessments `user` may read: all for the administrator; otherwise their own
    and their direct reports'. Every query of personal data starts here."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return StaffProfile.objects.none()
    if is_administrator(user):
        return StaffProfile.objects.all()
    return StaffProfile.objects.filter(Q(user=user) | Q(manager__user=user))


def may_read_assessments(user, profile: StaffProfile) -> bool:
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    if is_administrator(user):
        return True
    if profile.user_id is not None and profile.user_id == user.pk:
        return True
    manager = profile.manager
    return manager is not None and manager.user_id is not None and manager.user_id == user.pk


def may_assess(user, profile: StaffProfile, kind: str) -> bool:
    """Who may record an assessment of `kind` for `profile`."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    if kind == Assessment.Kind.SELF:
        return profile.user_id is not None and profile.user_id == user.pk
    if kind == Assessment.Kind.MANAGER:
        manager = profile.manager
        if manager is not None and manager.user_id is not None:
            return manager.user_id == user.pk
        return is_administrator(user) and profile.user_id != user.pk
    return False


def assessments_for(user):
    """Every assessment `user` may read."""
    return Assessment.objects.filter(profile__in=assessed_profiles(user).values("pk"))


def get_assessment_for(user, pk) -> Assessment:
    """One assessment, or 404 for anyone who may not read it (its existence is personal too)."""
    return get_object_or_404(assessments_for(user).select_related("profile", "assessor"), pk=pk)


def require_view(user) -> None:
    """The unit's capacity pages: 403 for the commune's other staff, 404 for everyone outside."""
    if not can(user, "capacity.view"):
        if is_internal(user):
            raise PermissionDenied
        raise Http404


def require_manage(user) -> None:
    if not can(user, "capacity.manage"):
        if is_internal(user) or can(user, "capacity.view"):
            raise PermissionDenied
        raise Http404


def get_profile_for(user, pk) -> StaffProfile:
    """A staff profile's page: the unit (`capacity.view`) reads every profile's public part; the person
    and their manager read theirs; everyone else 404. What the page shows of assessments is decided
    by `may_read_assessments`, not here."""
    queryset = StaffProfile.objects.select_related("position", "manager", "user")
    if can(user, "capacity.view"):
        return get_object_or_404(queryset, pk=pk)
    return get_object_or_404(queryset.filter(pk__in=assessed_profiles(user).values("pk")), pk=pk)
