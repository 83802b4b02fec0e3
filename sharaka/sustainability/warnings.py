"""Early warnings: rules evaluated once a day by the background task, stored as rows.

A rule is registered here with `register(Rule(...))`:

- `code`: stored in EarlyWarning.rule;
- `title`: the heading of its group on the dashboard (lazy translated);
- `find(today)`: every (project id, key, details) for which it holds today; `key` names the thing
  (e.g. "check:12"), unique within the rule; `details` a small JSON dict;
- `message(details)`: why, worded at display time in the reader's language;
- `fix(warning)`: the URL of the page that fixes it.

`refresh(today=...)` opens a warning for what newly holds (since = today), updates the details of
what still holds when they changed, and resolves (resolved_at = today) what no longer holds; it
never deletes. A second run the same day changes nothing.

This app registers: the project ends within 6 months with recurrent costs not fully covered (or no
plan); a post-support check overdue; the last check found the asset not working; a risk past its
review date. Another app registers its own rules from its AppConfig.ready() (e.g. results:
indicators off track, reports overdue) with the same `register`.
"""

import datetime
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from decimal import Decimal

from django.db import transaction
from django.db.models.functions import Coalesce
from django.template.defaultfilters import floatformat
from django.urls import reverse
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from sharaka.core import locks
from sharaka.lib.money import format_amount
from sharaka.projects.models import Project
from sharaka.projects.pipeline import Status
from sharaka.sustainability import queries
from sharaka.sustainability.models import Check, EarlyWarning, Plan, Risk

ENDING_WITHIN_MONTHS = 6


@dataclass(frozen=True)
class Rule:
    code: str
    title: object
    find: Callable[[datetime.date], Iterable[tuple[int, str, dict]]]
    message: Callable[[dict], str]
    fix: Callable[[EarlyWarning], str]
    # Whether find() also takes `only` (a set of project ids) to look at those projects alone: such a
    # rule is brought up to date at once when a project's plan, costs, risks or checks change
    # (`refresh_projects`), not only by the daily run.
    scoped: bool = False


RULES: dict[str, Rule] = {}


def register(rule: Rule) -> Rule:
    RULES[rule.code] = rule
    return rule


def message(warning: EarlyWarning) -> str:
    rule = RULES.get(warning.rule)
    return rule.message(warning.details) if rule else warning.rule


def fix_url(warning: EarlyWarning) -> str:
    rule = RULES.get(warning.rule)
    return rule.fix(warning) if rule else reverse("project_detail", kwargs={"pk": warning.project_id})


def title(code: str) -> str:
    rule = RULES.get(code)
    return str(rule.title) if rule else code


@transaction.atomic
def refresh(*, today: datetime.date | None = None) -> dict:
    """Bring the stored warnings in line with the rules as they hold `today`. Idempotent."""
    today = today or timezone.localdate()
    rules = list(RULES.values())
    return _reconcile(rules, today, lambda rule: rule.find(today), projects=None)


@transaction.atomic
def refresh_projects(project_ids, *, today: datetime.date | None = None) -> dict:
    """Bring these projects' warnings of the scoped rules up to date at once (a plan, a cost, a risk or a
    check changed): the warning then speaks of what the page beside it shows. The other rules wait for
    the daily run. Opens, updates and resolves as `refresh` does."""
    today = today or timezone.localdate()
    only = {int(pk) for pk in project_ids}
    rules = [rule for rule in RULES.values() if rule.scoped]
    return _reconcile(rules, today, lambda rule: rule.find(today, only=only), projects=only)


def _reconcile(rules, today, find, *, projects) -> dict:
    """Open what newly holds, update the details of what still holds, resolve what no longer holds, for
    these rules (and these projects, unless None). `find(rule)` gives (project id, key, details) rows;
    it runs under the lock, so two runs at once see each other's work."""
    locks.hold("sustainability.warnings")  # two runs at once (a worker and the command) take turns
    holding: dict[tuple[str, str], tuple[int, dict]] = {}
    for rule in rules:
        for project_id, key, details in find(rule):
            holding[rule.code, key] = (project_id, details)
    stored = EarlyWarning.objects.select_for_update().filter(
        resolved_at__isnull=True, rule__in=[rule.code for rule in rules]
    )
    if projects is not None:
        stored = stored.filter(project_id__in=projects)
    current = {(w.rule, w.key): w for w in stored}
    done = {"opened": 0, "updated": 0, "resolved": 0}
    for held, warning in current.items():
        if held not in holding:
            warning.resolved_at = today
            warning.save(update_fields=["resolved_at"])
            done["resolved"] += 1
    new = []
    for (code, key), (project_id, details) in holding.items():
        warning = current.get((code, key))
        if warning is None:
            new.append(EarlyWarning(project_id=project_id, rule=code, key=key, since=today, details=details))
        elif warning.details != details or warning.project_id != project_id:
            warning.details, warning.project_id = details, project_id
            warning.save(update_fields=["details", "project"])
            done["updated"] += 1
    EarlyWarning.objects.bulk_create(new)
    done["opened"] = len(new)
    return done


def _only(manager, only):
    return manager.all() if only is None else manager.filter(project_id__in=only)


def open_warnings():
    return EarlyWarning.objects.filter(
        resolved_at__isnull=True, rule__in=list(RULES), project__archived_at__isnull=True
    )


def _plan_url(warning) -> str:
    return reverse("sustainability_plan", kwargs={"pk": warning.project_id})


# --- (a) the project ends soon and nobody is known to pay what it leaves behind --------------------


def _ending(today: datetime.date, only=None):
    horizon = queries.months_after(today, ENDING_WITHIN_MONTHS)
    projects = Project.objects.active() if only is None else Project.objects.active().filter(pk__in=only)
    ending = list(
        projects.filter(status__in=[Status.APPROVED, Status.IN_IMPLEMENTATION])
        .annotate(end=Coalesce("actual_end", "planned_end"))
        .filter(end__lte=horizon)
        .only("pk", "planned_end", "actual_end")
    )
    plans = {p.project_id: p for p in queries.annotate_plans(list(Plan.objects.filter(project__in=ending)))}
    for project in ending:
        plan = plans.get(project.pk)
        end = queries.project_end(project).isoformat()
        if plan is None:
            yield project.pk, f"project:{project.pk}", {"end": end, "plan": False}
        elif plan.coverage < queries.HUNDRED:
            uncovered = plan.total - plan.covered
            yield (
                project.pk,
                f"project:{project.pk}",
                {"end": end, "plan": True, "coverage": str(plan.coverage), "uncovered": str(uncovered)},
            )


def _ending_message(details: dict) -> str:
    if not details.get("plan"):
        return _("The project ends on %(end)s and has no sustainability plan yet.") % {
            "end": _day(details["end"])
        }
    return _(
        "The project ends on %(end)s and only %(coverage)s%% of its recurrent costs have a confirmed payer: "
        "%(uncovered)s a year are not covered."
    ) % {
        "end": _day(details["end"]),
        "coverage": _percent(details["coverage"]),
        "uncovered": _mad(details["uncovered"]),
    }


register(
    Rule(
        code="ending_uncovered",
        title=gettext_lazy("Ending within 6 months without covered recurrent costs"),
        find=_ending,
        scoped=True,
        message=_ending_message,
        fix=_plan_url,
    )
)


# --- (b) post-support checks: overdue, or the asset found not working ----------------------------


def _check_overdue(today: datetime.date, only=None):
    checks = (
        _only(Check.objects, only)
        .filter(checked_on__isnull=True, due_on__lt=today, project__archived_at__isnull=True)
        .values_list("pk", "project_id", "months", "due_on")
    )
    for pk, project_id, months, due_on in checks:
        yield project_id, f"check:{pk}", {"check": pk, "months": months, "due": due_on.isoformat()}


def _check_url(warning) -> str:
    return reverse(
        "sustainability_check_record", kwargs={"pk": warning.project_id, "check_pk": warning.details["check"]}
    )


register(
    Rule(
        code="check_overdue",
        title=gettext_lazy("Post-support checks overdue"),
        find=_check_overdue,
        scoped=True,
        message=lambda d: (
            _("The check %(months)s months after the end was due on %(due)s and is not recorded.")
            % {"months": d["months"], "due": _day(d["due"])}
        ),
        fix=_check_url,
    )
)


def _not_working(today: datetime.date, only=None):
    """The latest recorded check of each project, when it found the asset not working."""
    latest: dict[int, tuple] = {}
    done = (
        _only(Check.objects, only)
        .filter(checked_on__isnull=False, project__archived_at__isnull=True)
        .order_by("project_id", "months")
        .values_list("pk", "project_id", "months", "checked_on", "working")
    )
    for row in done:
        latest[row[1]] = row
    for pk, project_id, months, checked_on, working in latest.values():
        if working == Check.Answer.NO:
            yield (
                project_id,
                f"project:{project_id}",
                {"check": pk, "months": months, "checked": checked_on.isoformat()},
            )


register(
    Rule(
        code="asset_not_working",
        title=gettext_lazy("Assets found not working"),
        find=_not_working,
        scoped=True,
        message=lambda d: (
            _("The check of %(checked)s (%(months)s months after the end) found the asset not working.")
            % {"checked": _day(d["checked"]), "months": d["months"]}
        ),
        fix=_plan_url,
    )
)


# --- (c) a risk past its review date ---------------------------------------------------------------


def _risk_review(today: datetime.date, only=None):
    risks = (
        _only(Risk.objects, only)
        .filter(status=Risk.Status.OPEN, review_on__lt=today, project__archived_at__isnull=True)
        .values_list("pk", "project_id", "review_on", "score")
    )
    for pk, project_id, review_on, score in risks:
        yield project_id, f"risk:{pk}", {"risk": pk, "review": review_on.isoformat(), "score": score}


register(
    Rule(
        code="risk_review_overdue",
        title=gettext_lazy("Risks past their review date"),
        find=_risk_review,
        scoped=True,
        message=lambda d: (
            _("A risk (score %(score)s) was to be reviewed by %(review)s.")
            % {"score": d["score"], "review": _day(d["review"])}
        ),
        fix=lambda w: reverse(
            "sustainability_risk_edit", kwargs={"pk": w.project_id, "risk_pk": w.details["risk"]}
        ),
    )
)


def _day(value: str) -> str:
    return formats.date_format(datetime.date.fromisoformat(value), "SHORT_DATE_FORMAT")


def _percent(value: str) -> str:
    """A percentage for the reader: 75 or 66,66 in Arabic and French, 66.66 in English."""
    return floatformat(Decimal(value), "-2")


def _mad(value: str) -> str:
    return format_amount(Decimal(value), "MAD", translation.get_language() or "ar")
