"""Which projects have a sustainability plan, kept on the project (`Project.has_sustainability_plan`)
so that the dashboard's "funded projects without a plan" read a partial index in order of their end
instead of probing every funded project for a plan.

A plan is never deleted (its project is protected, its costs archived), so the flag only ever turns
on: `Plan.save()` marks the project when the plan is created, in the same transaction. A bulk load
that writes plans without `save()` (the bench generator) calls `rebuild()`, as `manage.py kept
--rebuild` does (core/kept.py).
"""

from django.db.models import Exists, OuterRef, Q

from sharaka.projects.models import Project


def mark(project_id: int) -> None:
    Project.objects.filter(pk=project_id, has_sustainability_plan=False).update(has_sustainability_plan=True)


def _with_plan():
    from sharaka.sustainability.models import Plan

    return Exists(Plan.objects.filter(project=OuterRef("pk")))


def rebuild() -> int:
    """Set every project's flag from its plan; returns the projects changed."""
    on = Project.objects.filter(_with_plan(), has_sustainability_plan=False).update(
        has_sustainability_plan=True
    )
    off = Project.objects.filter(~_with_plan(), has_sustainability_plan=True).update(
        has_sustainability_plan=False
    )
    return on + off


def differences() -> list[tuple]:
    """(project code, flag kept, plan found) for every project whose flag disagrees with its plan."""
    rows = (
        Project.objects.annotate(found=_with_plan())
        .filter(Q(found=True, has_sustainability_plan=False) | Q(found=False, has_sustainability_plan=True))
        .values_list("code", "has_sustainability_plan", "found")
        .order_by("code")
    )
    return list(rows[:100])
