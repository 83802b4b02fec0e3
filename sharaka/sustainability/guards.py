"""The sustainability guards of the project pipeline, registered in projects/hooks.py by apps.py.

- No project becomes "completed" without a sustainability plan.
- No project becomes "closed" without a plan, nor with a coverage of its recurrent costs below the
  unit's threshold (SustainabilitySettings), unless the president recorded on the plan why it may
  close anyway (`services.plan_waive`), and the coverage has not fallen since.
- Once a project reaches "completed" or "closed", its post-support checks are scheduled.

The refusals are ValidationErrors in the reader's language, shown on the project's page beside the
move form, with nothing written.
"""

from django.core.exceptions import ValidationError
from django.template.defaultfilters import floatformat
from django.utils.translation import gettext as _

from sharaka.projects.pipeline import Status
from sharaka.sustainability import queries
from sharaka.sustainability.models import Plan, SustainabilitySettings


def check_move(*, actor, project, to: str, reason: str = "") -> None:
    if to not in (Status.COMPLETED, Status.CLOSED):
        return
    # Locked (after the project, as every writer of a plan takes them): a cost added or removed while
    # the project closes waits for the move, so the coverage read here is the one the project closes on.
    plan = Plan.objects.select_for_update().filter(project=project).first()
    if plan is None:
        raise ValidationError(
            _(
                "This project cannot move to “%(status)s” without a sustainability plan: say who "
                "maintains the asset and who pays its recurrent costs once the support ends."
            )
            % {"status": Status(to).label},
            code="no_sustainability_plan",
        )
    if to != Status.CLOSED:
        return
    coverage = queries.coverage(plan)
    threshold = SustainabilitySettings.current().coverage_threshold
    if coverage >= threshold:
        return
    if plan.waived_at is not None and plan.waived_coverage is not None and coverage >= plan.waived_coverage:
        return
    raise ValidationError(
        _(
            "This project cannot close: only %(coverage)s%% of its yearly recurrent costs have a "
            "confirmed payer, below the unit's threshold of %(threshold)s%%. Confirm the payers in "
            "the sustainability plan, or the president may record there why it may close anyway."
        )
        % {"coverage": _number(coverage), "threshold": _number(threshold)},
        code="coverage_below_threshold",
    )


def after_move(*, actor, project, old: str, to: str) -> None:
    if to in (Status.COMPLETED, Status.CLOSED):
        from sharaka.sustainability import services

        services.checks_schedule(project=project, actor=actor)


def _number(value) -> str:
    """80 or 66,66 (66.66 in English): as the pages show percentages."""
    return floatformat(value, "-2")
