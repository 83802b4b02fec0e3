"""Demo results chains: the funded projects' results, indicators, baselines, half-yearly periods and
targets, and updates at every stage, written through the results services by the demo's people so
that the ledger records them: the project's manager writes and submits, the unit or the president
approves (feeding the actual) or returns with a comment; drafts wait; one old period is locked.

Runs before the portal part (ORDER 30): the published projects carry their chains, and the chains
pass the pre-publication checks. Idempotent: a project that already has results is left alone.
"""

from decimal import Decimal

from sharaka.core.models import Locality
from sharaka.demo.data.results import HALVES, RESULTS
from sharaka.projects.models import Project
from sharaka.results import services
from sharaka.results.models import Disaggregation, Result

ORDER = 25


def _titles(base, texts):
    return {f"{base}_{code}": text for code, text in zip(("ar", "fr", "en"), texts, strict=True) if text}


def _parts(kind, value, localities):
    """A plausible split of an approved value: by sex, by age group, or over the project's localities."""
    whole = int(value)
    if kind == "sex":
        women = whole * 52 // 100
        return [
            {"dimension": "sex", "category": Disaggregation.Category.FEMALE, "value": Decimal(women)},
            {"dimension": "sex", "category": Disaggregation.Category.MALE, "value": Decimal(whole - women)},
        ]
    if kind == "age":
        young = whole * 70 // 100
        return [
            {"dimension": "age", "category": Disaggregation.Category.AGE_15_24, "value": Decimal(young)},
            {
                "dimension": "age",
                "category": Disaggregation.Category.AGE_25_64,
                "value": Decimal(whole - young),
            },
        ]
    if kind == "locality" and localities:
        share, rows = whole // len(localities), []
        for i, locality in enumerate(localities):
            part = whole - share * (len(localities) - 1) if i == 0 else share
            rows.append({"dimension": "locality", "locality": locality, "value": Decimal(part)})
        return rows
    return None


def _report(loader, period, update_spec, reporter, approver, parts_kind, localities):
    road, value, text = update_spec
    data = {"value": Decimal(value) if value is not None else None}
    if road != "returned" and text:
        data["narrative_fr"] = text
    parts = _parts(parts_kind, value, localities) if parts_kind and road in ("approved", "locked") else None
    update = services.update_save(
        actor=reporter, period=period, update=None, data=data, disaggregations=parts
    )
    loader.created[f"result updates ({'approved' if road == 'locked' else road})"] += 1
    if road == "draft":
        return
    update = services.update_move(actor=reporter, update=update, to="submitted")
    if road == "submitted":
        return
    if road == "returned":
        services.update_move(actor=approver, update=update, to="returned", reason=text)
        return
    services.update_move(actor=approver, update=update, to="approved")
    if road == "locked":
        services.period_lock(actor=loader.users.get("officer") or approver, period=period)
        loader.created["result periods locked"] += 1


def load(loader):
    projects = Project.objects.filter(code__in=RESULTS, is_fictional=True).select_related("manager")
    for project in projects.order_by("code"):
        if project.archived_at is not None or Result.objects.filter(project=project).exists():
            continue
        spec = RESULTS[project.code]
        reporter = project.manager or loader.users["officer"]
        approver = loader.users.get(spec["approver"]) or loader.users["officer"]
        localities = list(Locality.objects.filter(project=project).order_by("id"))
        for position, (level, title, indicators) in enumerate(spec["results"]):
            result = services.result_save(
                actor=reporter,
                project=project,
                result=None,
                data={"type": level, "position": position, **_titles("title", title)},
            )
            loader.created["results"] += 1
            for rank, (name, measure, unit, ascending, baseline, periods) in enumerate(indicators):
                data = {
                    "measure": measure,
                    "ascending": ascending,
                    "position": rank,
                    "baseline_value": Decimal(baseline[0]) if baseline[0] is not None else None,
                    "baseline_year": baseline[1],
                    **_titles("title", name),
                    **(_titles("unit", unit) if unit else {}),
                }
                indicator = services.indicator_save(actor=reporter, result=result, indicator=None, data=data)
                loader.created["result indicators"] += 1
                for key, target, updates, *parts_kind in periods:
                    start, end = HALVES[key]
                    period = services.period_save(
                        actor=reporter,
                        indicator=indicator,
                        period=None,
                        data={"start": start, "end": end, "target": Decimal(target) if target else None},
                    )
                    loader.created["result periods"] += 1
                    for update_spec in updates:
                        _report(
                            loader,
                            period,
                            update_spec,
                            reporter,
                            approver,
                            parts_kind[0] if parts_kind else None,
                            localities,
                        )
