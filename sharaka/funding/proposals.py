"""The proposal builder: which sections each template family uses, in what order, and a first draft
of each, written from the project's data in the proposal's language. See docs/funding.md, "The proposal builder".

- `FAMILIES`: the sections of the EU-style (logframe matrix and budget), UN-style (results framework
  first) and short forms, in their order.
- `gather(application)`: the project's data in the proposal's language (summary, localities,
  beneficiaries, themes, the results chain with baselines and targets per period, budget lines in
  MAD and in the call's currency at a dated rate, the co-financing plan, the sustainability plan and
  the risk register, the partners and the commune's record), read in a bounded number of queries.
- `build(application)`: every section of the family with its saved text (a section the unit saved
  replaces the draft) or its draft, words counted against the call's next stage's limit.
- `reuse_offers(application)`: sections of AWARDED applications to the same funder or in a shared
  area, for the same key, newest first; `lessons(application)`: the lessons and the funder's feedback
  of past decided applications to the same funder or in a shared area.
"""

import datetime
import re
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Prefetch, Q
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from sharaka.core.multilingual import best
from sharaka.funding.models import Application, Call, ProposalSection
from sharaka.funding.pipeline import DECIDED
from sharaka.funding.pipeline import Status as AppStatus
from sharaka.funding.sections import SECTIONS
from sharaka.lib.money import format_amount, format_number, quantize

FAMILIES = {
    Call.Family.EU: (
        "summary", "problem", "objectives", "results", "activities", "budget",
        "sustainability", "risks", "partners", "record",
    ),
    # UN-style: the results framework right after the problem, then how and with whom.
    Call.Family.UN: (
        "summary", "problem", "results", "objectives", "activities", "partners",
        "budget", "sustainability", "risks", "record",
    ),
    Call.Family.SHORT: ("summary", "problem", "objectives", "activities", "budget", "sustainability"),
}  # fmt: skip
# The concept note: short, whatever the family.
CONCEPT_NOTE = ("summary", "problem", "objectives", "results", "budget", "partners")
REUSE_OFFERS_PER_KEY = 3
RECORD_ROWS = 10
_WORD = re.compile(r"[\s\u200b-\u200f\u2066-\u2069]+")


def count_words(text: str) -> int:
    """Words as a reader counts them, in Arabic too: pieces between spaces holding a letter or a digit.
    Arabic vowel marks (harakat), tatweel and attached clitics stay inside their word; punctuation
    standing alone (—, :, ،) is no word."""
    return sum(1 for piece in _WORD.split(text or "") if any(ch.isalnum() for ch in piece))


def sections_of(application: Application) -> tuple[str, ...]:
    return FAMILIES.get(application.call.family, FAMILIES[Call.Family.EU])


# --- the project's data -------------------------------------------------------------------------


@dataclass
class IndicatorRow:
    title: str
    unit: str
    baseline: str
    targets: list = field(default_factory=list)  # (period end "Y-m-d", formatted target)


@dataclass
class ResultRow:
    type: str
    level: str
    title: str
    description: str
    indicators: list = field(default_factory=list)


@dataclass
class BudgetRow:
    category: str
    description: str
    amount_mad: Decimal
    mad: str
    other: str  # in the call's currency, "" without a rate


@dataclass
class FunderRow:
    name: str
    kind: str
    cash: str
    in_kind: str
    total: str
    share: str


@dataclass
class ProjectData:
    language: str
    currency: str
    code: str = ""
    title: str = ""
    summary: str = ""
    localities: list = field(default_factory=list)
    beneficiaries: list = field(default_factory=list)  # (label, number)
    objectives: list = field(default_factory=list)
    areas: list = field(default_factory=list)
    sdgs: list = field(default_factory=list)
    start: datetime.date | None = None
    end: datetime.date | None = None
    months: int | None = None
    results: list = field(default_factory=list)
    periods: list = field(default_factory=list)  # (start, end) of the results' periods, distinct
    budget: list = field(default_factory=list)
    budget_total_mad: Decimal = Decimal(0)
    budget_total: str = ""
    budget_total_other: str = ""
    rate: object = None  # finance.ExchangeRate used, or None
    funders: list = field(default_factory=list)
    plan: object = None
    costs: list = field(default_factory=list)  # (what, formatted per year, payer, confirmed)
    risks: list = field(default_factory=list)  # (description, category, score, mitigation)
    partners: list = field(default_factory=list)  # (name, role, committed)
    record: list = field(default_factory=list)  # (code, title, years, partners, total)
    record_count: int = 0
    record_total: str = ""

    @property
    def rtl(self) -> bool:
        return self.language == "ar"

    @property
    def dates(self) -> str:
        return " – ".join(d.isoformat() for d in (self.start, self.end) if d)


def _months(start, end) -> int | None:
    if not (start and end):
        return None
    return (end.year - start.year) * 12 + end.month - start.month + (1 if end.day >= start.day else 0)


def rate_for(currency: str, today: datetime.date | None = None):
    """The latest exchange rate of `currency` on or before today (None for MAD or when there is none)."""
    from sharaka.finance.models import ExchangeRate

    if not currency or currency == "MAD":
        return None
    today = today or timezone.localdate()
    return ExchangeRate.objects.filter(currency=currency, date__lte=today).order_by("-date").first()


def gather(application: Application) -> ProjectData:
    language = application.language
    with translation.override(language):
        return _gather(application, language)


def _gather(application, language) -> ProjectData:
    from sharaka.finance.models import BudgetLine, Funder
    from sharaka.projects.models import Project
    from sharaka.results.models import Indicator, Period, Result
    from sharaka.results.narrative import format_value
    from sharaka.sustainability.models import Plan, Risk

    project = (
        Project.objects.filter(pk=application.project_id)
        .prefetch_related("themes", "localities", "participations__organisation")
        .get()
    )
    currency = application.call.currency or application.currency  # the funder asks in its currency
    d = ProjectData(language=language, currency=currency, code=project.code)
    d.title = best(project, "title", language)
    d.summary = best(project, "summary", language)
    d.localities = [best(loc, "name", language) for loc in project.localities.all()]
    d.beneficiaries = [
        (label, number)
        for label, number in (
            (_("women"), project.beneficiaries_women),
            (_("young people"), project.beneficiaries_youth),
            (_("people with disabilities"), project.beneficiaries_disabled),
            (_("other beneficiaries"), project.beneficiaries_other),
        )
        if number
    ]
    for theme in project.themes.all():
        {"objective": d.objectives, "area": d.areas, "sdg": d.sdgs}[theme.kind].append(str(theme))
    d.start = project.actual_start or project.planned_start
    d.end = project.actual_end or project.planned_end
    d.months = _months(d.start, d.end)

    results = Result.objects.filter(project=project).prefetch_related(
        Prefetch(
            "indicators",
            queryset=Indicator.objects.order_by("position", "id").prefetch_related(
                Prefetch("periods", queryset=Period.objects.order_by("start", "id"))
            ),
        )
    )
    periods = set()
    for result in results.order_by("-type", "position", "id"):  # impact, outcomes, outputs
        row = ResultRow(
            type=result.type,
            level=result.get_type_display(),
            title=best(result, "title", language),
            description=best(result, "description", language),
        )
        for indicator in result.indicators.all():
            baseline = ""
            if indicator.baseline_value is not None:
                baseline = format_value(indicator.baseline_value, language)
                if indicator.baseline_year:
                    baseline = _("%(value)s in %(year)s") % {
                        "value": baseline,
                        "year": indicator.baseline_year,
                    }
            unit = (
                "%"
                if indicator.measure == Indicator.Measure.PERCENTAGE
                else best(indicator, "unit", language)
            )
            item = IndicatorRow(title=best(indicator, "title", language), unit=unit, baseline=baseline)
            for period in indicator.periods.all():
                periods.add((period.start, period.end))
                if period.target is not None:
                    item.targets.append((f"{period.end:%Y-%m-%d}", format_value(period.target, language)))
            row.indicators.append(item)
        d.results.append(row)
    d.periods = sorted(periods)

    d.rate = rate_for(currency)
    lines = BudgetLine.objects.filter(project=project).order_by("category", "id")
    by_category: dict[str, list] = {}
    for line in lines:
        by_category.setdefault(line.category, []).append(line)
    for group in by_category.values():
        amount = sum((line.amount_mad for line in group), Decimal(0))
        d.budget_total_mad += amount
        d.budget.append(
            BudgetRow(
                category=group[0].get_category_display(),
                description="; ".join(line.description for line in group if line.description),
                amount_mad=amount,
                mad=format_amount(amount, "MAD", language),
                other=_in_currency(amount, d.rate, currency, language),
            )
        )
    d.budget_total = format_amount(d.budget_total_mad, "MAD", language)
    d.budget_total_other = _in_currency(d.budget_total_mad, d.rate, currency, language)

    funders = list(Funder.objects.filter(project=project).select_related("organisation"))
    plan_total = sum((f.total_mad for f in funders), Decimal(0))
    for f in funders:
        name = best(f.organisation, "name", language) if f.organisation_id else f.display_name
        d.funders.append(
            FunderRow(
                name=name or f.display_name,
                kind=f.get_kind_display(),
                cash=format_amount(f.cash_mad, "MAD", language),
                in_kind=format_amount(f.in_kind_mad, "MAD", language),
                total=format_amount(f.total_mad, "MAD", language),
                share=format_number(f.total_mad * 100 / plan_total if plan_total else 0, language, 1)
                + "\u00a0%",
            )
        )

    d.plan = Plan.objects.filter(project=project).prefetch_related("costs").first()
    if d.plan is not None:
        d.costs = [
            (
                cost.what,
                format_amount(cost.amount_per_year, "MAD", language),
                cost.get_payer_kind_display() + (f" · {cost.payer_detail}" if cost.payer_detail else ""),
                cost.covered,
            )
            for cost in d.plan.costs.all()
        ]
    d.risks = [
        (risk.description, risk.get_category_display(), risk.score, risk.mitigation)
        for risk in Risk.objects.filter(project=project, status=Risk.Status.OPEN).order_by("-score", "id")
    ]
    d.partners = [
        (
            best(pp.organisation, "name", language) or str(pp.organisation),
            pp.get_role_display(),
            format_amount(pp.committed_amount, pp.currency, language) if pp.committed_amount else "",
        )
        for pp in sorted(project.participations.all(), key=lambda pp: (pp.role, pp.pk))
    ]
    _record(d, project, language)
    return d


def _in_currency(amount_mad, rate, currency, language) -> str:
    if currency == "MAD":
        return format_amount(amount_mad, "MAD", language)
    if rate is None:
        return ""
    return format_amount(quantize(Decimal(amount_mad) / rate.rate), currency, language)


def _record(d: ProjectData, project, language) -> None:
    """The commune's past projects, completed or closed, with their partners and planned budget."""
    from django.db.models import Sum

    from sharaka.projects.models import Project
    from sharaka.projects.pipeline import Status as ProjectStatus

    past = (
        Project.objects.filter(status__in=[ProjectStatus.COMPLETED, ProjectStatus.CLOSED])
        .exclude(pk=project.pk)
        .annotate(total=Sum("budget_lines__amount_mad"))
    )
    d.record_count = past.count()
    total = past.aggregate(all=Sum("budget_lines__amount_mad"))["all"] or Decimal(0)
    d.record_total = format_amount(total, "MAD", language)
    rows = past.prefetch_related("participations__organisation").order_by(
        "-actual_end", "-planned_end", "-id"
    )[:RECORD_ROWS]
    for p in rows:
        start, end = p.actual_start or p.planned_start, p.actual_end or p.planned_end
        years = "–".join(str(x.year) for x in (start, end) if x)
        names = sorted(
            {best(pp.organisation, "name", language) or str(pp.organisation) for pp in p.participations.all()}
        )
        d.record.append(
            (
                p.code,
                best(p, "title", language),
                years,
                ", ".join(names),
                format_amount(p.total or 0, "MAD", language),
            )
        )


# --- the drafts ---------------------------------------------------------------------------------


def join_list(items) -> str:
    return "، ".join(items) if translation.get_language() == "ar" else ", ".join(items)


def draft(key: str, d: ProjectData) -> str:
    """The first draft of one section from the project's data ("" when the data says nothing)."""
    with translation.override(d.language):
        return DRAFTERS[key](d).strip()


def _summary(d: ProjectData) -> str:
    parts = []
    if d.title:
        parts.append(
            _("The project “%(title)s” (%(code)s) is carried by the Commune of Aourir.")
            % {"title": d.title, "code": d.code}
        )
    if d.summary:
        parts.append(d.summary)
    if d.localities:
        parts.append(_("It takes place in: %(places)s.") % {"places": join_list(d.localities)})
    if d.months:
        parts.append(_("It lasts %(months)s months (%(dates)s).") % {"months": d.months, "dates": d.dates})
    if d.budget_total_mad:
        parts.append(_("Its total cost is %(total)s.") % {"total": _total(d)})
    return "\n\n".join(parts) if (d.summary or d.budget_total_mad or d.localities) else ""


def _total(d: ProjectData) -> str:
    if d.budget_total_other and d.currency != "MAD":
        return f"{d.budget_total} ({d.budget_total_other})"
    return d.budget_total


def _problem(d: ProjectData) -> str:
    parts = []
    if d.summary:
        parts.append(d.summary)
    if d.localities:
        parts.append(
            _("The project serves the following localities of the commune of Aourir: %(places)s.")
            % {"places": join_list(d.localities)}
        )
    if d.beneficiaries:
        lines = [_("The people it serves:")]
        lines += [f"• {label}: {number}" for label, number in d.beneficiaries]
        parts.append("\n".join(lines))
    return "\n\n".join(parts)


def _objectives(d: ProjectData) -> str:
    parts = []
    for heading, items in (
        (_("Objectives of the commune's cooperation strategy:"), d.objectives),
        (_("Areas of cooperation:"), d.areas),
        (_("Sustainable Development Goals:"), d.sdgs),
    ):
        if items:
            parts.append("\n".join([heading, *[f"• {item}" for item in items]]))
    outcomes = [r.title for r in d.results if r.title and r.type == "2"]  # IATI ResultType 2: outcome
    if outcomes:
        parts.append(
            "\n".join([_("Specific objectives (from the results chain):"), *[f"• {t}" for t in outcomes]])
        )
    return "\n\n".join(parts)


def _results(d: ProjectData) -> str:
    parts = []
    for result in d.results:
        lines = [_("%(level)s: %(title)s") % {"level": result.level, "title": result.title}]
        for ind in result.indicators:
            text = _("Indicator: %(title)s") % {"title": ind.title}
            if ind.unit:
                text += f" ({ind.unit})"
            lines.append("• " + text)
            if ind.baseline:
                lines.append("  " + _("Baseline: %(value)s") % {"value": ind.baseline})
            for end, target in ind.targets:
                lines.append("  " + _("Target by %(date)s: %(value)s") % {"date": end, "value": target})
        parts.append("\n".join(lines))
    return "\n\n".join(parts)


def _activities(d: ProjectData) -> str:
    parts = []
    if d.start and d.end:
        parts.append(
            _("The project runs from %(start)s to %(end)s, that is %(months)s months.")
            % {"start": d.start.isoformat(), "end": d.end.isoformat(), "months": d.months}
        )
    outputs = [r for r in d.results if r.title]
    if outputs:
        parts.append(
            "\n".join([_("Main lines of work (by expected result):"), *[f"• {r.title}" for r in outputs]])
        )
    if d.periods:
        lines = [_("Reporting periods of the results:")]
        lines += [f"• {start:%Y-%m-%d} – {end:%Y-%m-%d}" for start, end in d.periods]
        parts.append("\n".join(lines))
    return "\n\n".join(parts)


def _budget(d: ProjectData) -> str:
    parts = []
    if d.budget:
        parts.append(_("The total cost of the project is %(total)s.") % {"total": _total(d)})
        lines = [_("Budget by line:")]
        for row in d.budget:
            amount = f"{row.mad} ({row.other})" if row.other and d.currency != "MAD" else row.mad
            lines.append(f"• {row.category}: {amount}")
        parts.append("\n".join(lines))
        if d.rate is not None:
            parts.append(
                _("Converted at %(rate)s MAD for 1 %(currency)s, the rate of %(date)s (%(source)s).")
                % {
                    "rate": format_number(d.rate.rate, d.language, 4),
                    "currency": d.currency,
                    "date": d.rate.date.isoformat(),
                    "source": d.rate.source,
                }
            )
    if d.funders:
        lines = [_("Co-financing plan:")]
        lines += [
            f"• {f.name}" + (f" ({f.kind})" if f.kind != f.name else "") + f": {f.total}, {f.share}"
            for f in d.funders
        ]
        parts.append("\n".join(lines))
    return "\n\n".join(parts)


def _sustainability(d: ProjectData) -> str:
    if d.plan is None:
        return ""
    parts = [d.plan.exit_strategy]
    parts.append(
        _("After the project, the asset is maintained by %(who)s (%(kind)s).")
        % {"who": d.plan.maintainer_name, "kind": d.plan.get_maintainer_kind_display()}
    )
    if d.plan.handover_on:
        parts.append(_("Handover planned on %(date)s.") % {"date": d.plan.handover_on.isoformat()})
    if d.costs:
        lines = [_("Recurrent costs after the project and who pays them:")]
        for what, amount, payer, covered in d.costs:
            state = _("confirmed") if covered else _("not yet confirmed")
            lines.append(
                "• "
                + _("%(what)s: %(amount)s per year, paid by %(payer)s (%(state)s)")
                % {"what": what, "amount": amount, "payer": payer, "state": state}
            )
        parts.append("\n".join(lines))
    elif d.plan.no_recurrent_cost:
        parts.append(_("The asset leaves no recurrent cost."))
    return "\n\n".join(parts)


def _risks(d: ProjectData) -> str:
    lines = []
    for description, category, score, mitigation in d.risks:
        line = "• " + _("%(risk)s (%(category)s, score %(score)s/25)") % {
            "risk": description,
            "category": category,
            "score": score,
        }
        if mitigation:
            line += "\n  " + _("Mitigation: %(text)s") % {"text": mitigation}
        lines.append(line)
    return "\n".join(lines)


def _partners(d: ProjectData) -> str:
    lines = []
    for name, role, committed in d.partners:
        line = f"• {name}: {role}"
        if committed:
            line += " · " + _("committed %(amount)s") % {"amount": committed}
        lines.append(line)
    if not lines:
        return ""
    return "\n".join([_("The Commune of Aourir leads the project with:"), *lines])


def _record_text(d: ProjectData) -> str:
    if not d.record_count:
        return ""
    parts = [
        _(
            "The Commune of Aourir has completed %(count)s projects with international partners, for a total of %(total)s."
        )
        % {"count": d.record_count, "total": d.record_total}
    ]
    lines = []
    for code, title, years, partners, total in d.record:
        line = f"• {code} · {title}"
        if years:
            line += f" ({years})"
        if partners:
            line += " · " + _("with %(partners)s") % {"partners": partners}
        lines.append(line + f" · {total}")
    parts.append("\n".join(lines))
    return "\n\n".join(parts)


DRAFTERS = {
    "summary": _summary,
    "problem": _problem,
    "objectives": _objectives,
    "results": _results,
    "activities": _activities,
    "budget": _budget,
    "sustainability": _sustainability,
    "risks": _risks,
    "partners": _partners,
    "record": _record_text,
}


# --- the proposal -------------------------------------------------------------------------------


@dataclass
class Section:
    key: str
    title: str
    saved: ProposalSection | None
    draft: str
    limit: int | None = None
    offers: list = field(default_factory=list)

    @property
    def text(self) -> str:
        if self.saved is not None and self.saved.text.strip():
            return self.saved.text
        return self.draft

    @property
    def is_saved(self) -> bool:
        return self.saved is not None and bool(self.saved.text.strip())

    @property
    def words(self) -> int:
        return count_words(self.text)

    @property
    def too_long(self) -> bool:
        return self.limit is not None and self.words > self.limit

    @property
    def version(self) -> int:
        return self.saved.version if self.saved is not None else 0

    @property
    def label(self) -> str:
        """The section's name in the reader's language (`title` is in the proposal's)."""
        return str(SECTIONS[self.key])

    @property
    def anchor(self) -> str:
        return f"section-{self.key}"


@dataclass
class Proposal:
    application: Application
    data: ProjectData
    stage: object
    sections: list

    @property
    def language(self) -> str:
        return self.data.language

    @property
    def rtl(self) -> bool:
        return self.data.rtl

    @property
    def family(self) -> str:
        return self.application.call.family

    def section(self, key: str) -> Section | None:
        return next((s for s in self.sections if s.key == key), None)


def limits(stage) -> dict[str, int]:
    out = {}
    for key, value in ((stage.word_limits if stage else None) or {}).items():
        try:
            number = int(value)
        except (TypeError, ValueError):
            continue
        if key in SECTIONS and number > 0:
            out[key] = number
    return out


def build(application: Application, *, today: datetime.date | None = None, offers: bool = False) -> Proposal:
    """Every section of the application's family: saved text or draft, with the stage's word limits."""
    data = gather(application)
    stage = application.call.next_stage(today)
    word_limits = limits(stage)
    saved = {s.key: s for s in ProposalSection.objects.filter(application=application)}
    by_key = reuse_offers(application) if offers else {}
    with translation.override(application.language):
        sections = [
            Section(
                key=key,
                title=str(SECTIONS[key]),
                saved=saved.get(key),
                draft=draft(key, data),
                limit=word_limits.get(key),
                offers=by_key.get(key, []),
            )
            for key in sections_of(application)
        ]
    return Proposal(application=application, data=data, stage=stage, sections=sections)


def _area_ids(application: Application) -> set[int]:
    ids = {t.pk for t in application.project.themes.all() if t.kind == "area"}
    ids |= {t.pk for t in application.call.themes.all() if t.kind == "area"}
    return ids


def _related(application: Application) -> Q:
    """Applications to the same funder or in a shared area (of the call or the project)."""
    areas = _area_ids(application)
    return (
        Q(call__funder_id=application.call.funder_id)
        | Q(call__themes__in=areas)
        | Q(project__themes__in=areas)
    )


def reuse_offers(application: Application) -> dict[str, list[ProposalSection]]:
    """{key: sections of awarded applications to the same funder or in a shared area}, newest first."""
    related = (
        Application.objects.filter(status=AppStatus.AWARDED)
        .exclude(pk=application.pk)
        .filter(_related(application))
        .values("pk")
    )
    found = (
        ProposalSection.objects.filter(application__in=related, key__in=sections_of(application))
        .exclude(text="")
        .select_related("application__project", "application__call__funder")
        .order_by("-updated_at", "-id")
    )
    out: dict[str, list] = {}
    for section in found:
        group = out.setdefault(section.key, [])
        if len(group) < REUSE_OFFERS_PER_KEY:
            group.append(section)
    return out


def may_reuse(application: Application, source: ProposalSection) -> bool:
    return any(s.pk == source.pk for s in reuse_offers(application).get(source.key, []))


def lessons(application: Application, limit: int = 10) -> list[Application]:
    """Past decided applications to the same funder or in a shared area with lessons or feedback."""
    related = (
        Application.objects.filter(status__in=DECIDED)
        .exclude(pk=application.pk)
        .filter(_related(application))
        .values("pk")
    )
    return list(
        Application.objects.filter(pk__in=related)
        .exclude(lessons="", feedback="")
        .select_related("project", "call__funder")
        .order_by("-decided_on", "-updated_at", "-id")[:limit]
    )
