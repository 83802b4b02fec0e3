"""The narrative progress report of a project for a date range, in Arabic, French or English, as PDF
and DOCX.

What it holds is exactly what a partner viewer of the project may read: the results chain with, per
indicator, the baseline, and for each period that meets the range its target and its actual (fed by
approved updates only, `services.recompute_actual`); the narratives of the approved updates in the
chosen language, or in another one marked as such; the parts of the approved values by sex, age
group and locality; the project's money to date from the running totals (`finance.queries`:
received, spent, balance, absorption); and a certification block. Drafts, submitted and returned
updates never appear, whoever downloads it.

The PDF is drawn by WeasyPrint from `results/report_pdf.html` (Noto fonts, shaping of Arabic by
HarfBuzz); the DOCX by the agreements' writer (`agreements.drafts._Writer`), which sets right to
left in the XML (w:bidi, w:rtl, w:bidiVisual) for Arabic.
"""

import datetime
import re
import unicodedata
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Prefetch, Q
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from sharaka.core.multilingual import LANGUAGE_NAMES, best, best_language
from sharaka.lib.money import format_amount, format_number
from sharaka.results import pipeline
from sharaka.results.models import Disaggregation, Indicator, Period, Result, Update

LANGUAGES = ("ar", "fr", "en")
DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
SEX_AND_AGE = [*Disaggregation.SEX_CATEGORIES, *Disaggregation.AGE_CATEGORIES]


def format_value(value, language) -> str:
    """45.5 → '45,50' in French, '45.50' in English and Arabic; whole numbers without decimals."""
    if value is None:
        return ""
    value = Decimal(value)
    places = 0 if value == value.to_integral_value() else 2
    return format_number(value, language, places)


def last_full_quarter(today: datetime.date) -> tuple[datetime.date, datetime.date]:
    first_month = 3 * ((today.month - 1) // 3) + 1  # the current quarter's first month
    this_quarter = datetime.date(today.year, first_month, 1)
    end = this_quarter - datetime.timedelta(days=1)
    start = datetime.date(end.year, 3 * ((end.month - 1) // 3) + 1, 1)
    return start, end


@dataclass
class PeriodLine:
    period: Period
    target: str
    actual: str
    parts: dict = field(default_factory=dict)  # category → formatted value
    localities: list = field(default_factory=list)  # (name, formatted value)

    @property
    def part_values(self) -> list[str]:
        return [self.parts.get(c, "") for c in SEX_AND_AGE]


@dataclass
class Narrative:
    period: Period
    text: str
    other_language: str = ""  # "in French" when the chosen language had no narrative


@dataclass
class IndicatorBlock:
    indicator: Indicator
    title: str
    unit: str
    baseline: str
    periods: list = field(default_factory=list)
    narratives: list = field(default_factory=list)

    @property
    def has_parts(self) -> bool:
        return any(line.parts or line.localities for line in self.periods)


@dataclass
class ResultBlock:
    result: Result
    title: str
    level: str
    heading: str = ""
    indicators: list = field(default_factory=list)


@dataclass
class ReportData:
    project: object
    language: str
    start: datetime.date
    end: datetime.date
    title: str
    partners: list = field(default_factory=list)  # (name, role)
    results: list = field(default_factory=list)
    finance: list = field(default_factory=list)  # (label, formatted)
    generated: datetime.date | None = None
    part_labels: list = field(default_factory=list)  # headings of the sex and age columns

    @property
    def rtl(self) -> bool:
        return self.language == "ar"


def _unit(indicator: Indicator, language: str) -> str:
    if indicator.is_qualitative:
        return _("qualitative")
    if indicator.measure == Indicator.Measure.PERCENTAGE:
        return "%"
    return best(indicator, "unit", language)


def build(project, start: datetime.date, end: datetime.date, language: str) -> ReportData:
    """What the report says, every label in `language`."""
    if language not in LANGUAGES:
        raise ValueError(language)
    with translation.override(language):
        return _build(project, start, end, language)


def _build(project, start, end, language) -> ReportData:
    approved = Update.objects.filter(status=pipeline.Status.APPROVED).order_by("approved_at", "id")
    periods = (
        Period.objects.filter(Q(start__lte=end) & Q(end__gte=start))
        .select_related("actual_update")
        .prefetch_related(
            Prefetch("updates", queryset=approved, to_attr="approved_updates"),
            "actual_update__disaggregations__locality",
        )
        .order_by("start", "id")
    )
    results = Result.objects.filter(project=project).prefetch_related(
        Prefetch(
            "indicators",
            queryset=Indicator.objects.order_by("position", "id").prefetch_related(
                Prefetch("periods", queryset=periods, to_attr="periods_in_range")
            ),
        )
    )
    data = ReportData(
        project=project,
        language=language,
        start=start,
        end=end,
        title=best(project, "title", language),
        generated=timezone.localdate(),
        part_labels=[str(Disaggregation.Category(c).label) for c in SEX_AND_AGE],
    )
    data.partners = [
        (best(pp.organisation, "name", language) or str(pp.organisation), pp.get_role_display())
        for pp in project.participations.select_related("organisation").order_by("role", "id")
    ]
    for result in results:
        title, level = best(result, "title", language), result.get_type_display()
        block = ResultBlock(
            result=result,
            title=title,
            level=level,
            heading=_("%(level)s: %(title)s") % {"level": level, "title": title},
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
            item = IndicatorBlock(
                indicator=indicator,
                title=best(indicator, "title", language),
                unit=_unit(indicator, language),
                baseline=baseline,
            )
            for period in indicator.periods_in_range:
                line = PeriodLine(
                    period=period,
                    target=format_value(period.target, language),
                    actual=format_value(period.actual, language),
                )
                source = period.actual_update
                if source is not None and source.status == pipeline.Status.APPROVED:
                    for part in source.disaggregations.all():
                        if part.locality_id:
                            line.localities.append((str(part.locality), format_value(part.value, language)))
                        else:
                            line.parts[part.category] = format_value(part.value, language)
                item.periods.append(line)
                for update in period.approved_updates:
                    code = best_language(update, "narrative", language)
                    if code:
                        item.narratives.append(
                            Narrative(
                                period=period,
                                text=getattr(update, f"narrative_{code}"),
                                other_language=str(LANGUAGE_NAMES[code]) if code != language else "",
                            )
                        )
            block.indicators.append(item)
        data.results.append(block)
    data.finance = _finance(project, language)
    return data


def _finance(project, language: str) -> list[tuple[str, str]]:
    from sharaka.finance.queries import project_finance

    money = project_finance(project)
    received, spent = money.road["received"], money.road["paid"]
    return [
        (_("Planned budget"), format_amount(money.budget_total, "MAD", language)),
        (_("Received to date"), format_amount(received, "MAD", language)),
        (_("Spent to date"), format_amount(spent, "MAD", language)),
        (_("Balance"), format_amount(received - spent, "MAD", language)),
        (_("Absorption (spent against budget)"), format_number(money.absorption, language, 1) + "\u00a0%"),
    ]


def filename(project, start, end, language: str, ext: str) -> str:
    """ASCII only: 'aou-2026-014-progress-20260101-20260331-fr.pdf'."""
    code = re.sub(r"[^a-z0-9]+", "-", project.code.lower()).strip("-")[:40] or str(project.pk)
    return f"{code}-progress-{start:%Y%m%d}-{end:%Y%m%d}-{language}.{ext}"


def _dates(data: ReportData) -> str:
    return f"{data.start:%Y-%m-%d} – {data.end:%Y-%m-%d}"


def _project_dates(project) -> str:
    start = project.actual_start or project.planned_start
    end = project.actual_end or project.planned_end
    return " – ".join(d.isoformat() for d in (start, end) if d) or "—"


def to_pdf(data: ReportData) -> bytes:
    from weasyprint import HTML

    with translation.override(data.language):
        html = render_to_string(
            "results/report_pdf.html",
            {
                "d": data,
                "project": data.project,
                "project_dates": _project_dates(data.project),
                "certification": _certification(),
            },
        )
    return HTML(string=html).write_pdf()


def to_docx(data: ReportData) -> bytes:
    from docx.shared import RGBColor

    from sharaka.agreements.drafts import _Writer, user

    class _ReportWriter(_Writer):
        """In Arabic, what is written left to right (dates, codes, numbers, Latin words) goes in runs
        of its own, not marked right to left: inside an RTL run Word and LibreOffice turn
        '2026-06-30' into '30-06-2026'."""

        def run(self, paragraph, text, **kwargs):
            if not self.rtl:
                return super().run(paragraph, text, **kwargs)
            run = None
            for piece in _LTR_PIECES.split(text):
                if piece and _has_rtl(piece):
                    run = super().run(paragraph, piece, **kwargs)
                elif piece:  # held left to right by an explicit embedding (LRE ... PDF)
                    run = super().run(paragraph, "\u202a" + piece + "\u202c", **kwargs)
                    run.font.rtl = None
            return run if run is not None else super().run(paragraph, text, **kwargs)

    with translation.override(data.language):
        w = _ReportWriter(data.language)
        w.doc.core_properties.title = _("Narrative progress report")
        w.doc.core_properties.comments = ""
        for line in (_("Kingdom of Morocco"), _("Prefecture of Agadir Ida-Outanane"), _("Commune of Aourir")):
            w.paragraph(line, bold=True, space_after=0)
        w.paragraph("")
        w.heading(_("Narrative progress report"), level=0)
        w.paragraph(user(f"{data.project.code} · {data.title}"), center=True, bold=True)
        w.paragraph(_("Reporting period: %(dates)s") % {"dates": _dates(data)}, center=True)
        w.heading(_("The project"), level=1)
        facts = [
            (_("Code"), data.project.code),
            (_("Title"), data.title),
            (_("Dates"), _project_dates(data.project)),
            (_("Partners"), "\n".join(f"{name} ({role})" for name, role in data.partners) or "—"),
        ]
        w.table([_("Item"), _("Details")], [(k, user(v)) for k, v in facts], widths=(4.5, 12))
        w.heading(_("Results"), level=1)
        if not data.results:
            w.paragraph(_("No results chain yet."), italic=True)
        for block in data.results:
            w.heading(user(block.heading), level=2)
            for item in block.indicators:
                w.paragraph(user(item.title), bold=True)
                facts = _("Unit: %(unit)s · Baseline: %(baseline)s") % {
                    "unit": user(item.unit) or "—",
                    "baseline": item.baseline or "—",
                }
                w.paragraph(facts, italic=True)
                if item.periods:
                    w.table(
                        [_("Period"), _("Target"), _("Actual (approved)")],
                        [
                            (
                                f"{line.period.start:%Y-%m-%d} – {line.period.end:%Y-%m-%d}",
                                line.target or "—",
                                line.actual or "—",
                            )  # fmt: skip
                            for line in item.periods
                        ],
                        numeric={1, 2},
                        widths=(6, 5, 5.5),
                    )
                else:
                    w.paragraph(_("No period in this range."), italic=True)
                if item.has_parts:
                    w.paragraph(_("Disaggregation of the approved values"), bold=True)
                    w.table(
                        [_("Period"), *data.part_labels, _("Localities")],
                        [
                            (
                                f"{line.period.start:%Y-%m-%d}",
                                *[line.parts.get(c, "—") for c in SEX_AND_AGE],
                                "\n".join(f"{user(n)}: {v}" for n, v in line.localities) or "—",
                            )
                            for line in item.periods
                        ],
                        numeric=set(range(1, 1 + len(SEX_AND_AGE))),
                        widths=(2.6, *[1.9] * len(SEX_AND_AGE), 2.6),
                    )
                for narrative in item.narratives:
                    label = f"{narrative.period.start:%Y-%m-%d} – {narrative.period.end:%Y-%m-%d}"
                    if narrative.other_language:
                        label += f" ({narrative.other_language})"
                    w.paragraph(label, bold=True, size=10, space_after=0)
                    w.paragraph(user(narrative.text))
        w.heading(_("Financial summary to date"), level=1)
        w.table([_("Item"), _("Amount")], data.finance, numeric={1}, widths=(9, 7.5))
        w.heading(_("Certification"), level=1)
        w.paragraph(_certification())
        w.signatures(
            [
                [_("For the cooperation unit"), _("Name and function:"), _("Date:"), _("Signature:")],
                [_("The President of the council"), _("Date:"), _("Signature and seal:")],
            ]
        )
        w.paragraph(
            _("Generated by Sharaka on %(date)s from the approved values only.")
            % {"date": f"{data.generated:%Y-%m-%d}"},
            italic=True,
            size=9,
            color=RGBColor(0x55, 0x55, 0x55),
        )
        return w.save()


# A stretch of left-to-right text: starts and ends with a Latin letter or a digit, and holds only
# those, separators of numbers and dates, and spaces.
_LTR_PIECES = re.compile(r"([0-9A-Za-zÀ-ÿ](?:[0-9A-Za-zÀ-ÿ\-./,:'’–\u00a0\u202f ]*[0-9A-Za-zÀ-ÿ])?)")


def _has_rtl(text: str) -> bool:
    return any(unicodedata.bidirectional(ch) in ("R", "AL") for ch in text)


def _certification() -> str:
    return _(
        "We certify that the values and narratives in this report are those approved by the Commune "
        "of Aourir for the period stated, and that the financial summary reflects the transactions "
        "recorded to date."
    )
