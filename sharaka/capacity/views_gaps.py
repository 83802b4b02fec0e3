"""The capacity dashboard, the gap matrix and the training plan (the gaps part of the capacity app).

- `home` (capacity:home): the unit's aggregates, for `capacity.view` (403 for the commune's other
  staff, 404 outside).
- `gaps` (capacity:gaps) and `plan` (capacity:plan): personal data, so their rows are the people the
  reader may read (`access.assessed_profiles`): every member of the commune's staff may open them and
  finds their own row, their direct reports' (a manager) or everyone's (the administrator), or a page
  saying why there is nothing. Outsiders get 404.
"""

from django.http import Http404
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _

from sharaka.capacity import access, dashboard
from sharaka.capacity import gaps as gap_rules
from sharaka.capacity import plan as plan_rules
from sharaka.core import exports
from sharaka.core.multilingual import best
from sharaka.core.roles import can, is_internal


def _require_staff(user) -> None:
    """The pages of personal gaps: anyone of the commune's staff (they see at most their own row);
    404 for everyone outside."""
    if not (is_internal(user) or can(user, "capacity.view")):
        raise Http404


def home(request):
    access.require_view(request.user)
    context = dashboard.summary()
    context["may_read_gaps"] = access.assessed_profiles(request.user).exists()
    return render(request, "capacity/dashboard.html", context)


def _cell_text(cell) -> str:
    """A cell as a spreadsheet reads it: the same words as the page."""
    if cell.state == "not_required":
        return ""
    if cell.state == "not_assessed":
        return str(_("not assessed"))
    if cell.gap > 0:
        return str(_("−%(gap)s (below: %(current)s of %(required)s)")) % {
            "gap": cell.gap,
            "current": cell.current.level,
            "required": cell.required,
        }
    return str(_("met (%(current)s of %(required)s)")) % {
        "current": cell.current.level,
        "required": cell.required,
    }


def _export_columns(skills):
    columns = [
        exports.Column(_("Name"), lambda row: row.profile.full_name),
        exports.Column(_("Position"), lambda row: str(row.profile.position)),
    ]
    for index, skill in enumerate(skills):
        columns.append(
            exports.Column(best(skill, "name") or skill.code, lambda row, i=index: _cell_text(row.cells[i]))
        )
    return columns


def gaps(request):
    _require_staff(request.user)
    matrix = gap_rules.matrix(request.user)
    exported = exports.respond(request, matrix.rows, _export_columns(matrix.skills), name="skill-gaps")
    if exported is not None:
        return exported
    own = access.profile_of(request.user)
    return render(
        request,
        "capacity/gaps.html",
        {
            "matrix": matrix,
            "has_profile": own is not None,
            "is_administrator": access.is_administrator(request.user),
            "unit": can(request.user, "capacity.view"),
        },
    )


def plan(request):
    _require_staff(request.user)
    proposed = plan_rules.propose(request.user)
    return render(
        request,
        "capacity/plan.html",
        {
            "plan": proposed,
            "min_people": plan_rules.MIN_PEOPLE,
            "has_profile": access.profile_of(request.user) is not None,
        },
    )
