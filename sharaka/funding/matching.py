"""Matching, explained: which calls suit a project, which projects suit a call, and why.

A call first passes a hard filter (`refusals`): the commune may take part (at least as co-applicant),
Morocco is not excluded, the call is not closed and its next stage leaves the time to prepare it.
A call that fails is not ranked; it is listed apart with its reasons.

The others get a score out of 100: the weighted mean of named parts, each between 0 and 1 with the
sentence that justifies it in the reader's language (docs/funding.md, "Matching, explained"):

- area_sector: the objectives and areas (core.Theme) and the DAC sectors the project and call share;
- budget: what the project seeks (its funding gap if it has a co-financing plan, else its cost),
  converted to the call's currency at the latest dated rate, against the call's range;
- cofinancing: the commune's confirmed share (commune, national and partner rows) against the rate
  the call requires (cash only when the call counts only cash);
- time: the days left before the next deadline against the days the stage takes to prepare;
- priority: the project's PAC priority; a project outside the PAC is flagged and scores 0 here;
- record: what the funder has done with the commune (agreements, money, negotiations, applications,
  similar projects funded), and the activities IATI files show it reports, funds or extends in
  Morocco in the project's areas (imported by the iati app, whoever published the file);
- text: how close the titles and summaries are, language by language.

Weights are the unit's (`MatchingWeights.current()`); a weight of 0 removes the part. Everything is
read in bulk: the number of queries does not depend on the number of calls or projects. Reasons are
only put into words for the rows shown (`Part.reason`), so ranking thousands costs little more than
the arithmetic.
"""

import datetime
import gc
import re
from collections import defaultdict
from contextlib import contextmanager
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import BigIntegerField, Count, Exists, F, OuterRef, Q, Sum
from django.utils import formats, timezone, translation
from django.utils.html import conditional_escape, format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext, pgettext

from sharaka.core import codelists
from sharaka.core.models import Theme
from sharaka.funding.models import Application, Call, CallSector, CallStage, CallStatus, MatchingWeights
from sharaka.funding.pipeline import Status as AppStatus
from sharaka.iati import intelligence as iati_intelligence
from sharaka.lib.money import format_amount, format_number, quantize
from sharaka.lib.text import normalize

MOROCCO = "MA"
ZERO = Decimal("0.00")
# Parts whose facts are unknown (no budget, no rate) score this, and say so.
UNKNOWN = 0.5
PRIORITY_SCORE = {1: 1.0, 2: 0.6, 3: 0.3}
# Projects a call is matched with: not archived, and still looking for money or able to take more.
RANKED_PROJECT_STATUSES = ("idea", "concept_note", "proposal_submitted", "approved", "in_implementation")
# What a record is made of, and how much each fact counts (capped at 1).
RECORD_POINTS = {
    "agreements": 0.3,
    "money": 0.25,
    "rounds": 0.1,
    "awarded": 0.25,
    "rejected": 0.05,
    "similar": 0.2,
    "iati": 0.15,  # activities in Morocco in the project's area it reports, funds or extends (IATI files)
}
# Text: a Jaccard similarity of this much or more counts fully.
TEXT_FULL = 0.35
TWINNING_STAGES = ("strategic", "active")
# The words of a total score: strong from 70, possible from 40, weak below.
STRONG, POSSIBLE = 70, 40

PART_LABELS = {
    "area_sector": gettext_lazy("Areas and sectors"),
    "budget": gettext_lazy("Budget fit"),
    "cofinancing": gettext_lazy("Co-financing"),
    "time": gettext_lazy("Time to the deadline"),
    "priority": gettext_lazy("PAC priority"),
    "record": gettext_lazy("The funder's record"),
    "text": gettext_lazy("Closeness of the texts"),
}

# --- words -----------------------------------------------------------------------------------------

_WORD = re.compile(r"\w+")
_AR_ARTICLE = re.compile("^(?:[وفبكل]?ال|لل)(?=.{3,})")
# Normalised (lib.text.normalize: no accents, no hamza seats, ta marbuta as ha), as the texts are.
STOP_WORDS = {
    "ar": set(
        normalize(
            "في من الى إلى على عن مع هذا هذه ذلك التي الذي الذين او أو ثم كما لدى بين حول عبر ضد "
            "كل بعض غير قد لا لم لن ما ان أن إن كان كانت يكون هو هي هم نحن تم وفي ومن والى وعلى "
            "اجل أجل خلال ضمن لفائده لفائدة بها به له لها"
        ).split()
    ),
    "fr": set(
        normalize(
            "le la les un une des de du d l au aux et ou en dans par pour sur sous avec sans ce cet "
            "cette ces son sa ses leur leurs qui que quoi dont est sont a ont etre plus moins tout "
            "tous toute toutes ne pas se ainsi entre vers chez notre nos votre vos il elle ils elles"
        ).split()
    ),
    "en": set(
        "the a an and or of to in on for with by from at as is are be been this that these those "
        "it its their our your into over under between through about not no all any each more "
        "most other some such than too very can will".split()
    ),
}


def words(text: str, language: str) -> frozenset[str]:
    """The words of a text that carry meaning: normalised, without stop words or one-letter words,
    Arabic words without their article."""
    found = set()
    stop = STOP_WORDS[language]
    for word in _WORD.findall(normalize(text)):
        if language == "ar":
            word = _AR_ARTICLE.sub("", word)
        if len(word) < 2 or word in stop or word.isdigit():
            continue
        found.add(word)
    return frozenset(found)


_WORDS_CACHE: dict = {}
_WORDS_CACHE_SIZE = 60_000


def text_words(obj) -> dict[str, frozenset[str]]:
    """{language: words of the title and summary} for the languages the object is written in.

    Kept per process by (kind, id, last change): ranking thousands of calls or projects again does
    not normalise their texts again."""
    key = (type(obj).__name__, obj.pk, getattr(obj, "updated_at", None))
    found = _WORDS_CACHE.get(key) if key[2] is not None else None
    if found is None:
        found = _text_words(obj)
        if key[2] is not None:
            if len(_WORDS_CACHE) >= _WORDS_CACHE_SIZE:
                _WORDS_CACHE.clear()
            _WORDS_CACHE[key] = found
    return found


def _text_words(obj) -> dict[str, frozenset[str]]:
    out = {}
    for language in ("ar", "fr", "en"):
        text = f"{getattr(obj, f'title_{language}', '')} {getattr(obj, f'summary_{language}', '')}"
        found = words(text, language)
        if found:
            out[language] = found
    return out


# --- the result ------------------------------------------------------------------------------------


def _bdi(value) -> str:
    return format_html("<bdi>{}</bdi>", value)


def say(message: str, *, text: dict | None = None, **isolated) -> str:
    """A translated sentence with its numbers, codes and names each isolated (`<bdi>`) for
    right-to-left text, and `text` (words in the reader's language) escaped only."""
    params = {k: _bdi(v) for k, v in isolated.items()}
    params.update({k: conditional_escape(v) for k, v in (text or {}).items()})
    return mark_safe(conditional_escape(message) % params)  # noqa: S308


@dataclass
class Part:
    """One named part of a match: its score in [0, 1], its weight, and the facts behind its sentence."""

    key: str
    score: float
    weight: int
    facts: tuple = ()
    explain: object = None  # a function of the facts returning the sentence, called for shown rows

    @property
    def label(self) -> str:
        return str(PART_LABELS[self.key])

    @property
    def points(self) -> int:
        return round(100 * self.score)

    @property
    def reason(self) -> str:
        return self.explain(*self.facts) if self.explain else ""


class Match:
    """One call and one project: the total out of 100 and its parts. Thousands are made per ranking,
    so the parts are kept as tuples and become `Part`s (with their sentences) only when shown."""

    __slots__ = (
        "call",
        "project",
        "raw",
        "total",
        "outside_pac",
        "stage",
        "lead_needed",
        "candidates",
        "application",
        "_parts",
    )

    def __init__(self, call, project, stage=None):
        self.call, self.project, self.stage = call, project, stage
        self.raw, self.total, self.outside_pac = (), 0, False
        self.lead_needed, self.candidates, self.application, self._parts = "", [], None, None

    @property
    def parts(self) -> list[Part]:
        if self._parts is None:
            self._parts = [Part(*row) for row in self.raw]
        return self._parts

    @property
    def parts_html(self) -> str:
        """The parts as list items, each with its points, weight and sentence (the rows of "Why this
        score"): built here rather than by a template loop, which costs ten times more per row."""
        weight = _("weight %(weight)s")
        return format_html_join(
            "\n",
            '<li><strong>{}</strong> · <bdi dir="ltr">{}/100</bdi> <span class="meta">({})</span><br>{}</li>',
            ((p.label, p.points, weight % {"weight": p.weight}, p.reason) for p in self.parts),
        )

    @property
    def deadline(self):
        return self.stage.deadline if self.stage is not None else None

    @property
    def strength(self) -> str:
        """The score in words, so that the bar is never read by its length alone."""
        if self.total >= STRONG:
            return _("strong match")
        if self.total >= POSSIBLE:
            return _("possible match")
        return _("weak match")


@dataclass
class Filtered:
    call: Call
    reasons: list[str]


@dataclass
class Ranking:
    matches: list[Match]
    filtered: list[Filtered]
    weights: dict
    today: datetime.date
    refused: list[str] = field(default_factory=list)  # a call ranked against projects, failing the filter

    @property
    def weight_rows(self) -> list[tuple[str, int]]:
        """(label, weight) of the parts that count, in their order."""
        return [(str(PART_LABELS[k]), self.weights[k]) for k in MatchingWeights.PARTS if self.weights.get(k)]


# --- the hard filter -------------------------------------------------------------------------------


def refusals(call: Call, today: datetime.date) -> list[str]:
    """Why the commune cannot answer this call now (empty: it can)."""
    reasons = []
    if call.commune_role == Call.CommuneRole.NOT_ELIGIBLE:
        reasons.append(_("The commune is not eligible for this call, not even as a co-applicant."))
    if MOROCCO in call.excluded:
        reasons.append(_("The call excludes Morocco."))
    if not hasattr(call, "m_stages"):
        attach([call])
    if status_of(call, today) == CallStatus.CLOSED:
        reasons.append(_("The call is closed."))
    elif not call.rolling:
        stage = next_stage_of(call, today)
        if stage is not None and stage.deadline is not None:
            days = (stage.deadline - today).days
            if days < stage.days_to_prepare:
                reasons.append(
                    say(
                        _(
                            "Too late to prepare: the %(stage)s is due on %(date)s, in %(days)s days, "
                            "and preparing it takes %(needed)s days."
                        ),
                        text={"stage": stage.get_kind_display().lower()},
                        date=formats.date_format(stage.deadline, "DATE_FORMAT"),
                        days=days,
                        needed=stage.days_to_prepare,
                    )
                )
    return reasons


# --- what is read in bulk --------------------------------------------------------------------------


def calls_queryset(*, archived: bool = False):
    """The calls matching reads, with their funder (`attach` adds their stages, themes and sectors)."""
    calls = Call.objects.all() if archived else Call.objects.active()
    return calls.select_related("funder")


def attach(calls: list, ids=None) -> list:
    """Read the stages, themes (objectives and areas) and DAC sectors of many calls in three queries,
    as plain lists and sets on each call (`m_stages`, `m_themes`, `m_sectors`): a related manager's
    `.all()` costs a queryset per call, which thousands of calls cannot afford. `ids` may be a
    subquery of the calls' ids (no limit on the number of parameters)."""
    if not calls:
        return calls
    ids = ids if ids is not None else [c.pk for c in calls]
    stages, themes, sectors = defaultdict(list), defaultdict(set), defaultdict(set)
    for stage in CallStage.objects.filter(call_id__in=ids).order_by("order", "deadline", "id"):
        stages[stage.call_id].append(stage)
    for call_id, theme_id in Call.themes.through.objects.filter(
        call_id__in=ids, theme__kind__in=("objective", "area")
    ).values_list("call_id", "theme_id"):
        themes[call_id].add(theme_id)
    for call_id, code in CallSector.objects.filter(call_id__in=ids).values_list("call_id", "code"):
        sectors[call_id].add(code)
    for call in calls:
        call.m_stages, call.m_themes, call.m_sectors = stages[call.pk], themes[call.pk], sectors[call.pk]
    return calls


def status_of(call: Call, today: datetime.date) -> str:
    """`Call.status` on the attached stages (the same rule, without a query per call)."""
    if call.archived_at is not None:
        return CallStatus.CLOSED
    if call.opens_on and call.opens_on > today:
        return CallStatus.UPCOMING
    if call.rolling:
        return CallStatus.OPEN
    deadlines = [s.deadline for s in call.m_stages if s.deadline]
    return CallStatus.OPEN if deadlines and max(deadlines) >= today else CallStatus.CLOSED


def next_stage_of(call: Call, today: datetime.date):
    """`Call.next_stage` on the attached stages."""
    for stage in sorted(call.m_stages, key=lambda s: (s.deadline or datetime.date.max, s.order)):
        if stage.deadline is None or stage.deadline >= today:
            return stage
    return None


def latest_rates(today: datetime.date) -> dict[str, Decimal]:
    """{currency: dirhams for one unit}: the latest rate on or before today, at most the finance
    app's MAX_RATE_AGE old (finance/rates.py), in one query; MAD is 1."""
    from sharaka.finance.models import ExchangeRate
    from sharaka.finance.rates import MAX_RATE_AGE

    rates = {"MAD": Decimal(1)}
    for currency, rate in (
        ExchangeRate.objects.filter(date__lte=today, date__gte=today - MAX_RATE_AGE)
        .order_by("currency", "date")
        .values_list("currency", "rate")
    ):
        rates[currency] = rate  # ordered by date: the last one wins
    return rates


_CENTIMES = BigIntegerField()


def _money_of(centimes) -> Decimal:
    return Decimal(centimes or 0).scaleb(-2) + ZERO


@dataclass
class Profile:
    """What matching needs of a project, read in bulk."""

    themes: set = field(default_factory=set)
    areas: set = field(default_factory=set)
    sectors: set = field(default_factory=set)
    cost: Decimal = ZERO
    plan_total: Decimal = ZERO
    has_plan: bool = False
    confirmed_cash: Decimal = ZERO
    confirmed_all: Decimal = ZERO
    words: dict = field(default_factory=dict)


def theme_kinds() -> dict[int, tuple[str, str]]:
    return {t.pk: (t.kind, t.code) for t in Theme.objects.all()}


def profiles(project_ids, kinds: dict) -> dict[int, Profile]:
    """{project id: Profile} in four queries whatever the number of projects. `project_ids` may be a
    list or a subquery of ids; `kinds` is `theme_kinds()`."""
    from sharaka.finance.models import BudgetLine, Funder, Transaction, TxType
    from sharaka.projects.models import Project, ProjectSector

    out = defaultdict(Profile)
    through = Project.themes.through
    for pid, tid in through.objects.filter(project_id__in=project_ids).values_list("project_id", "theme_id"):
        kind, _code = kinds.get(tid, ("", ""))
        if kind in ("objective", "area"):
            out[pid].themes.add(tid)
        if kind == "area":
            out[pid].areas.add(tid)
    for pid, code in ProjectSector.objects.filter(project_id__in=project_ids).values_list(
        "project_id", "code"
    ):
        out[pid].sectors.add(code)
    # Sums read as integer centimes (how MoneyField stores them), turned into Decimals here: the
    # field's own conversion costs more than the arithmetic for thousands of projects.
    for pid, total in (
        BudgetLine.objects.filter(project_id__in=project_ids)
        .order_by()
        .values("project_id")
        .annotate(total=Sum("amount_mad", output_field=_CENTIMES))
        .values_list("project_id", "total")
    ):
        out[pid].cost = _money_of(total)
    # A plan row is confirmed when it is the commune's own share (its budget), or a national or
    # partner row from which a pledge, a commitment or a receipt has been recorded.
    backed = Transaction.objects.filter(
        funder=OuterRef("pk"), type__in=TxType.PLEDGED + TxType.RECEIVED, reverses__isnull=True
    )
    confirmed = Q(kind=Funder.Kind.COMMUNE) | (
        Q(kind__in=(Funder.Kind.NATIONAL, Funder.Kind.PARTNER)) & Q(Exists(backed))
    )
    both = F("cash_mad") + F("in_kind_mad")
    for pid, plan, cash, everything in (
        Funder.objects.filter(project_id__in=project_ids)
        .order_by()
        .values("project_id")
        .annotate(
            plan=Sum(both, output_field=_CENTIMES),
            cash=Sum("cash_mad", filter=confirmed, output_field=_CENTIMES),
            everything=Sum(both, filter=confirmed, output_field=_CENTIMES),
        )
        .values_list("project_id", "plan", "cash", "everything")
    ):
        p = out[pid]
        p.plan_total, p.confirmed_cash, p.confirmed_all = (
            _money_of(plan),
            _money_of(cash),
            _money_of(everything),
        )
        p.has_plan = p.plan_total > 0
    return out


@dataclass
class Record:
    agreements: int = 0
    money_count: int = 0
    money_mad: Decimal = ZERO
    rounds: int = 0
    awarded: int = 0
    rejected: int = 0
    other_applications: int = 0
    funded_by_area: dict = field(default_factory=lambda: defaultdict(set))  # area id → funded project ids
    iati_by_area: dict = field(default_factory=dict)  # area id → its activities in Morocco (IATI files)


def records(funder_ids) -> dict[int, Record]:
    """{organisation id: Record} in five queries whatever the number of funders (`funder_ids` may be
    a subquery)."""
    from sharaka.agreements.models import AgreementParty
    from sharaka.finance.models import Tally, TxType
    from sharaka.partners.models import NegotiationRound
    from sharaka.projects.models import Project, ProjectPartner

    out = defaultdict(Record)
    for org, n in (
        AgreementParty.objects.filter(organisation_id__in=funder_ids)
        .exclude(agreement__status="abandoned")
        .order_by()
        .values("organisation_id")
        .annotate(n=Count("agreement_id", distinct=True))
        .values_list("organisation_id", "n")
    ):
        out[org].agreements = n
    for org, n, total in (
        Tally.objects.filter(funder__organisation_id__in=funder_ids, type__in=TxType.INCOMING)
        .order_by()
        .values("funder__organisation_id")
        .annotate(n=Sum("count"), total=Sum("amount_mad"))
        .values_list("funder__organisation_id", "n", "total")
    ):
        out[org].money_count = n or 0
        out[org].money_mad = total or ZERO
    for org, n in (
        NegotiationRound.objects.filter(organisation_id__in=funder_ids)
        .order_by()
        .values("organisation_id")
        .annotate(n=Count("id"))
        .values_list("organisation_id", "n")
    ):
        out[org].rounds = n
    for org, status, n in (
        Application.objects.filter(call__funder_id__in=funder_ids)
        .order_by()
        .values("call__funder_id", "status")
        .annotate(n=Count("id"))
        .values_list("call__funder_id", "status", "n")
    ):
        if status == AppStatus.AWARDED:
            out[org].awarded += n
        elif status == AppStatus.REJECTED:
            out[org].rejected += n
        else:
            out[org].other_applications += n
    # Who funded which project (two indexed reads rather than one join of three tables).
    funded = ProjectPartner.objects.filter(organisation_id__in=funder_ids, role=ProjectPartner.Role.FUNDING)
    funders_of = defaultdict(set)
    for org, pid in funded.values_list("organisation_id", "project_id"):
        funders_of[pid].add(org)
    for pid, tid in Project.themes.through.objects.filter(
        project_id__in=funded.values("project_id"), theme__kind="area"
    ).values_list("project_id", "theme_id"):
        for org in funders_of[pid]:
            out[org].funded_by_area[tid].add(pid)
    # What the funder publishes in IATI about Morocco, by the seed's areas (iati/intelligence.py).
    counts = iati_intelligence.morocco_activities_by_area(funder_ids)
    if counts:
        area_ids = dict(Theme.objects.filter(kind="area").values_list("code", "id"))
        for (org, area), n in counts.items():
            if area in area_ids:
                out[org].iati_by_area[area_ids[area]] = n
    return out


def lead_candidates(calls, today=None) -> dict[tuple[str, str], list]:
    """{(model, country): organisations that could lead}, twinning partners first (a twinning
    agreement, or a strategic or active relationship), in one query for every kind of lead asked."""
    from sharaka.agreements.models import AgreementParty, Kind
    from sharaka.partners.models import Organisation

    wanted = {
        (c.lead_model, c.lead_country.upper())
        for c in calls
        if c.commune_role == Call.CommuneRole.CO_APPLICANT and c.lead_model
    }
    if not wanted:
        return {}
    condition = Q()
    for model, country in wanted:
        condition |= Q(model=model, country=country) if country else Q(model=model)
    twinned = AgreementParty.objects.filter(
        organisation=OuterRef("pk"), agreement__kind=Kind.TWINNING
    ).exclude(agreement__status="abandoned")
    found = defaultdict(list)
    for org in Organisation.objects.filter(condition).annotate(twinned=Exists(twinned)):
        # A twinning partner: a twinning agreement, or a foreign local government the commune works
        # with closely. An active association is a strong candidate, not a twin.
        org.is_twin = org.twinned or (
            org.model == Organisation.Model.FOREIGN_LOCAL_GOVERNMENT and org.stage in TWINNING_STAGES
        )
        for model, country in wanted:
            if org.model == model and (not country or org.country == country):
                found[(model, country)].append(org)
    for orgs in found.values():
        orgs.sort(key=lambda o: (not o.is_twin, o.stage not in TWINNING_STAGES, str(o)))
    return found


def lead_label(call: Call) -> str:
    """ "Foreign local government (France)": the kind of lead the call needs, in the reader's language."""
    from sharaka.partners.models import Organisation

    if not call.lead_model:
        return _("A lead applicant (the call does not say which kind)")
    kind = dict(Organisation.Model.choices).get(call.lead_model, call.lead_model)
    if call.lead_country:
        return _("%(kind)s from %(country)s") % {
            "kind": kind,
            "country": codelists.country_name(call.lead_country.upper()),
        }
    return str(kind)


# --- the parts -------------------------------------------------------------------------------------


def _lang() -> str:
    return (translation.get_language() or "ar").split("-")[0]


def _money(amount, currency) -> str:
    return format_amount(amount, currency, _lang())


def _pct(value) -> str:
    return format_number(value, _lang(), 0)


def _theme_label(tid, kinds) -> str:
    from sharaka.core.taxonomy import KINDS

    kind, code = kinds[tid]
    return str(KINDS[kind](code).label)


def part_area_sector(profile: Profile, call: Call, kinds: dict) -> tuple:
    call_themes, call_sectors = call.m_themes, call.m_sectors
    shared_themes = profile.themes & call_themes
    same, category = [], []
    for code in sorted(profile.sectors):
        if code in call_sectors:
            same.append(code)
        elif any(code[:3] == c[:3] for c in call_sectors):
            category.append(code)
    components = []
    if call_themes and profile.themes:
        components.append(len(shared_themes) / len(profile.themes))
    if call_sectors and profile.sectors:
        components.append((len(same) + 0.5 * len(category)) / len(profile.sectors))
    facts = (sorted(shared_themes), same, category, not components, kinds)
    if not components:
        return UNKNOWN, facts, _explain_area_sector
    return min(1.0, sum(components) / len(components)), facts, _explain_area_sector


def _explain_area_sector(themes, same, category, unknown, kinds):
    if unknown:
        return _("Areas and sectors: the project or the call names none, so this part counts half.")
    labels = [_theme_label(tid, kinds) for tid in themes]
    if not themes and not same and not category:
        return _("Areas and sectors: nothing in common with the call.")
    pieces = []
    if labels:
        pieces.append(say(_("shared areas and objectives: %(list)s"), text={"list": ", ".join(labels)}))
    if same:
        pieces.append(say(_("same DAC sectors: %(codes)s"), codes=", ".join(same)))
    if category:
        pieces.append(say(_("same DAC category (counts half): %(codes)s"), codes=", ".join(category)))
    return say(_("Areas and sectors: %(details)s."), text={"details": mark_safe("; ".join(pieces))})  # noqa: S308


def part_budget(profile: Profile, call: Call, rates: dict) -> tuple:
    if profile.has_plan:
        sought_mad, basis = max(profile.cost - profile.plan_total, ZERO), "gap"
    else:
        sought_mad, basis = profile.cost, "cost"
    if not profile.cost:
        return UNKNOWN, ("no_budget",), _explain_budget
    rate = rates.get(call.currency)
    if rate is None:
        return UNKNOWN, ("no_rate", call.currency, sought_mad), _explain_budget
    sought = quantize(sought_mad / rate)
    low, high = call.min_grant, call.max_grant
    if basis == "gap" and not sought:
        return 0.0, ("funded", sought_mad), _explain_budget
    if low is None and high is None:
        return 1.0, ("no_range", basis, sought, call.currency), _explain_budget
    if low is not None and sought < low:
        return float(sought / low), ("below", basis, sought, call.currency, low, high), _explain_budget
    if high is not None and sought > high:
        return float(high / sought), ("above", basis, sought, call.currency, low, high), _explain_budget
    return 1.0, ("within", basis, sought, call.currency, low, high), _explain_budget


def _range(currency, low, high) -> str:
    if low is not None and high is not None:
        return f"{_money(low, currency)} – {_money(high, currency)}"
    if low is not None:
        return _("at least %(amount)s") % {"amount": _money(low, currency)}
    return _("at most %(amount)s") % {"amount": _money(high, currency)}


def _explain_budget(case, *facts):
    if case == "no_budget":
        return _("Budget fit unknown: the project has no budget yet, so this part counts half.")
    if case == "no_rate":
        currency, sought_mad = facts
        return say(
            _(
                "Budget fit unknown: there is no recent exchange rate for %(currency)s to convert "
                "%(amount)s, so this part counts half. Enter the rate on the exchange-rate page."
            ),
            currency=currency,
            amount=_money(sought_mad, "MAD"),
        )
    if case == "funded":
        return _(
            "Budget fit: the co-financing plan already covers the whole budget; there is no gap to fund."
        )
    basis, sought, currency = facts[:3]
    what = _("the funding gap") if basis == "gap" else _("the project's cost")
    if case == "no_range":
        return say(
            _("Budget fit: %(what)s is %(amount)s; the call gives no range."),
            what=what,
            amount=_money(sought, currency),
        )
    low, high = facts[3:]
    messages = {
        "within": _("Budget fit: %(what)s of %(amount)s is within the call's range (%(range)s)."),
        "below": _("Budget fit: %(what)s of %(amount)s is below the call's range (%(range)s)."),
        "above": _("Budget fit: %(what)s of %(amount)s is above the call's range (%(range)s)."),
    }
    return say(
        messages[case],
        text={"what": what},
        amount=_money(sought, currency),
        range=_range(currency, low, high),
    )


def part_cofinancing(profile: Profile, call: Call) -> tuple:
    required = call.cofinancing_rate
    cash_only = call.cofinancing_counts == Call.Cofinancing.CASH
    if not required:
        return 1.0, ("none",), _explain_cofinancing
    if not profile.cost:
        return UNKNOWN, ("no_budget",), _explain_cofinancing
    available = profile.confirmed_cash if cash_only else profile.confirmed_all
    share = Decimal(100) * available / profile.cost
    score = min(1.0, float(share / required))
    return score, ("share", share, required, cash_only, available), _explain_cofinancing


def _explain_cofinancing(case, *facts):
    if case == "none":
        return _("Co-financing: the call asks for none.")
    if case == "no_budget":
        return _("Co-financing unknown: the project has no budget yet, so this part counts half.")
    share, required, cash_only, available = facts
    if cash_only:
        message = _(
            "Co-financing: the confirmed cash of the commune and its partners, %(amount)s, is %(share)s %% "
            "of the cost; the call requires %(required)s %% in cash."
        )
    else:
        message = _(
            "Co-financing: the confirmed share of the commune and its partners, %(amount)s, is %(share)s %% "
            "of the cost; the call requires %(required)s %%."
        )
    return say(message, amount=_money(available, "MAD"), share=_pct(share), required=_pct(required))


def part_time(call: Call, stage, today) -> tuple:
    if call.rolling:
        return 1.0, ("rolling",), _explain_time
    if stage is None or stage.deadline is None:
        return 1.0, ("no_deadline",), _explain_time
    days, needed = (stage.deadline - today).days, stage.days_to_prepare
    if days >= 2 * needed:
        score = 1.0
    else:
        score = max(0.0, min(1.0, (days - needed) / needed)) if needed else 1.0
    return score, ("days", stage.get_kind_display(), stage.deadline, days, needed), _explain_time


def _explain_time(case, *facts):
    if case == "rolling":
        return _("Time: the call is rolling, applications are received all year.")
    if case == "no_deadline":
        return _("Time: the next stage has no deadline yet.")
    kind, deadline, days, needed = facts
    return say(
        _(
            "Time: the %(stage)s is due on %(date)s, in %(days)s days; preparing it takes %(needed)s days "
            "(twice that or more counts fully)."
        ),
        text={"stage": str(kind).lower()},
        date=formats.date_format(deadline, "DATE_FORMAT"),
        days=days,
        needed=needed,
    )


def part_priority(project) -> tuple:
    if not (project.pac_reference or "").strip():
        return 0.0, ("outside",), _explain_priority
    return (
        PRIORITY_SCORE.get(project.priority, 0.6),
        ("pac", project.priority, project.pac_reference),
        _explain_priority,
    )


def _explain_priority(case, *facts):
    if case == "outside":
        return _("PAC priority: the project is outside the commune's action programme (no PAC line).")
    from sharaka.projects.models import Project

    priority, reference = facts
    label = dict(Project.Priority.choices).get(priority, priority)
    return say(
        _("PAC priority: %(priority)s priority, PAC line %(reference)s."),
        text={"priority": str(label).lower()},
        reference=reference,
    )


def part_record(record: Record, project_id, areas: set) -> tuple:
    similar = set()
    for area in areas:
        similar |= record.funded_by_area.get(area, set())
    similar.discard(project_id)
    iati = sum(record.iati_by_area.get(area, 0) for area in areas)
    facts = {
        "agreements": record.agreements,
        "money": record.money_count,
        "rounds": record.rounds,
        "awarded": record.awarded,
        "rejected": record.rejected,
        "similar": len(similar),
        "iati": iati,
    }
    score = min(1.0, sum(RECORD_POINTS[k] for k, v in facts.items() if v))
    return score, (facts, record.money_mad, record.other_applications), _explain_record


def _explain_record(facts, money_mad, other):
    if not any(facts.values()) and not other:
        return _(
            "The funder's record: nothing yet with the commune (no agreement, money, negotiation or application)."
        )
    pieces = []
    if facts["agreements"]:
        pieces.append(
            ngettext("%(n)s agreement", "%(n)s agreements", facts["agreements"]) % {"n": facts["agreements"]}
        )
    if facts["money"]:
        pieces.append(
            ngettext(
                "%(n)s transaction received (%(amount)s)",
                "%(n)s transactions received (%(amount)s)",
                facts["money"],
            )
            % {"n": facts["money"], "amount": _money(money_mad, "MAD")}
        )
    if facts["rounds"]:
        pieces.append(
            ngettext("%(n)s negotiation round", "%(n)s negotiation rounds", facts["rounds"])
            % {"n": facts["rounds"]}
        )
    if facts["awarded"]:
        pieces.append(
            ngettext("%(n)s application awarded", "%(n)s applications awarded", facts["awarded"])
            % {"n": facts["awarded"]}
        )
    if facts["rejected"]:
        pieces.append(
            ngettext("%(n)s application rejected", "%(n)s applications rejected", facts["rejected"])
            % {"n": facts["rejected"]}
        )
    if other:
        pieces.append(
            ngettext("%(n)s application in play", "%(n)s applications in play", other) % {"n": other}
        )
    if facts["similar"]:
        pieces.append(
            ngettext(
                "funded %(n)s project in the same area",
                "funded %(n)s projects in the same area",
                facts["similar"],
            )
            % {"n": facts["similar"]}
        )
    if facts.get("iati"):
        pieces.append(
            ngettext(
                "IATI files show %(n)s activity it funds in Morocco in the same area",
                "IATI files show %(n)s activities it funds in Morocco in the same area",
                facts["iati"],
            )
            % {"n": facts["iati"]}
        )
    separator = pgettext("list of facts", "; ")
    return say(_("The funder's record with the commune: %(facts)s."), text={"facts": separator.join(pieces)})


def part_text(project_words: dict, call_words: dict) -> tuple:
    best, best_language, common = 0.0, None, ()
    for language, mine in project_words.items():
        theirs = call_words.get(language)
        if not theirs:
            continue
        shared = mine & theirs
        if not shared:
            continue
        similarity = len(shared) / len(mine | theirs)
        if similarity > best:
            best, best_language, common = similarity, language, shared
    if best_language is None:
        return 0.0, (None, 0.0, (), 0), _explain_text
    return (
        min(1.0, best / TEXT_FULL),
        (best_language, best, tuple(sorted(common))[:8], len(common)),
        _explain_text,
    )


def _explain_text(language, similarity, common, count):
    from sharaka.core.multilingual import LANGUAGE_NAMES

    if language is None:
        return _(
            "Closeness of the texts: no word in common between the titles and summaries in the same language."
        )
    return say(
        ngettext(
            "Closeness of the texts: %(n)s word in common %(language)s (similarity %(similarity)s): %(words)s.",
            "Closeness of the texts: %(n)s words in common %(language)s (similarity %(similarity)s): %(words)s.",
            count,
        ),
        n=count,
        text={"language": str(LANGUAGE_NAMES[language])},
        similarity=format_number(similarity, _lang(), 2),
        words=", ".join(common) + ("…" if count > len(common) else ""),
    )


# --- scoring ---------------------------------------------------------------------------------------


def _compute(project, profile, call, stage, today, rates, kinds, record, weights, call_words) -> Match:
    match = Match(call, project, stage)
    match.outside_pac = not (project.pac_reference or "").strip()
    raw, total, total_weight = [], 0.0, 0
    for key in MatchingWeights.PARTS:
        weight = weights.get(key)
        if not weight:
            continue
        if key == "area_sector":
            score, facts, explain = part_area_sector(profile, call, kinds)
        elif key == "budget":
            score, facts, explain = part_budget(profile, call, rates)
        elif key == "cofinancing":
            score, facts, explain = part_cofinancing(profile, call)
        elif key == "time":
            score, facts, explain = part_time(call, stage, today)
        elif key == "priority":
            score, facts, explain = part_priority(project)
        elif key == "record":
            score, facts, explain = part_record(record, project.pk, profile.areas)
        else:
            score, facts, explain = part_text(profile.words, call_words)
        raw.append((key, score, weight, facts, explain))
        total += weight * score
        total_weight += weight
    match.raw = raw
    match.total = round(100 * total / total_weight) if total_weight else 0
    return match


def _order(matches: list[Match]) -> list[Match]:
    return sorted(matches, key=lambda m: (-m.total, m.deadline or datetime.date.max, m.call.pk, m.project.pk))


def calls_for_project(project, *, today=None, calls=None) -> Ranking:
    """The calls ranked for one project, and those filtered out with their reasons."""
    today = today or timezone.localdate()
    weights = MatchingWeights.current().as_dict()
    calls = calls if calls is not None else calls_queryset()
    # A queryset's ids go to the database as a subquery (no limit on the number of parameters).
    ids = calls.values("id") if hasattr(calls, "values") else None
    funder_ids = calls.values("funder_id") if ids is not None else None
    calls = attach(list(calls), ids)
    eligible, filtered = [], []
    for call in calls:
        reasons = refusals(call, today)
        if reasons:
            filtered.append(Filtered(call, reasons))
        else:
            eligible.append(call)
    if not eligible:
        return Ranking([], filtered, weights, today)
    kinds = theme_kinds()
    profile = profiles([project.pk], kinds).get(project.pk, Profile())
    profile.words = text_words(project)
    rates = latest_rates(today) if weights.get("budget") else {}
    if funder_ids is None:
        funder_ids = {c.funder_id for c in eligible}
    found_records = records(funder_ids) if weights.get("record") else {}
    leads = lead_candidates(eligible)
    applications = {
        a.call_id: a
        for a in Application.objects.filter(
            project=project, call_id__in=ids if ids is not None else [c.pk for c in eligible]
        )
    }
    matches = []
    for call in eligible:
        match = _compute(
            project,
            profile,
            call,
            next_stage_of(call, today),
            today,
            rates,
            kinds,
            found_records.get(call.funder_id, Record()),
            weights,
            text_words(call) if weights.get("text") else {},
        )
        _lead(match, call, leads)
        match.application = applications.get(call.pk)
        matches.append(match)
    return Ranking(_order(matches), filtered, weights, today)


def _lead(match: Match, call: Call, leads: dict) -> None:
    if call.commune_role == Call.CommuneRole.CO_APPLICANT:
        match.lead_needed = lead_label(call)
        match.candidates = leads.get((call.lead_model, call.lead_country.upper()), [])


class ProjectRow:
    """What a ranking reads and shows of a project, from one `values_list` row: thousands of model
    instances would cost more than the ranking itself."""

    FIELDS = (
        "id",
        "code",
        "title_ar",
        "title_fr",
        "title_en",
        "pac_reference",
        "priority",
        "status",
        "updated_at",
    )
    TEXT = ("summary_ar", "summary_fr", "summary_en")
    summary_ar = summary_fr = summary_en = ""

    def __init__(self, names, values):
        self.__dict__.update(zip(names, values, strict=True))
        self.pk = self.id

    def get_status_display(self) -> str:
        from sharaka.projects.pipeline import Status

        return str(dict(Status.choices).get(self.status, self.status))

    def get_priority_display(self) -> str:
        from sharaka.projects.models import Project

        return str(dict(Project.Priority.choices).get(self.priority, self.priority))


def project_rows(projects, *, text: bool = True) -> list[ProjectRow]:
    names = ProjectRow.FIELDS + (ProjectRow.TEXT if text else ())
    return [ProjectRow(names, row) for row in projects.order_by("id").values_list(*names)]


def ranked_projects():
    from sharaka.projects.models import Project

    return Project.objects.active().filter(status__in=RANKED_PROJECT_STATUSES)


def projects_for_call(call: Call, *, today=None, projects=None) -> Ranking:
    """The commune's projects ranked for one call (`projects`: a queryset, by default those still
    seeking money). A call that fails the hard filter ranks nothing and says why."""
    today = today or timezone.localdate()
    weights = MatchingWeights.current().as_dict()
    attach([call])
    reasons = refusals(call, today)
    if reasons:
        return Ranking([], [], weights, today, refused=reasons)
    projects = projects if projects is not None else ranked_projects()
    project_list = project_rows(projects, text=bool(weights.get("text")))
    ids = projects.values("id")
    kinds = theme_kinds()
    found = profiles(ids, kinds)
    rates = latest_rates(today) if weights.get("budget") else {}
    record = records([call.funder_id]).get(call.funder_id, Record()) if weights.get("record") else Record()
    leads = lead_candidates([call])
    applications = {a.project_id: a for a in Application.objects.filter(call=call, project_id__in=ids)}
    stage = next_stage_of(call, today)
    call_words = text_words(call) if weights.get("text") else {}
    matches = []
    for project in project_list:
        profile = found.get(project.pk) or Profile()
        if weights.get("text"):
            profile.words = text_words(project)
        match = _compute(project, profile, call, stage, today, rates, kinds, record, weights, call_words)
        _lead(match, call, leads)
        match.application = applications.get(project.pk)
        matches.append(match)
    return Ranking(_order(matches), [], weights, today)


# --- the pages: the order cached, the parts computed for the rows shown ------------------------------

# Rankings over at least this many calls or projects keep their order (ids and totals) in the cache,
# by the state of the data: every change writes the audit ledger, so its head names that state (as
# the portal's home figures do, portal/queries.py), with the day (deadlines) and the weights.
CACHE_FROM = 100
CACHE_SECONDS = 6 * 3600


@dataclass
class Index:
    """A ranking's order: [(id, total)] best first, the ids filtered out, and the full ranking when it
    was small enough to compute whole."""

    ranked: list
    filtered: list
    full: Ranking | None = None


@contextmanager
def _no_gc():
    """Thousands of small acyclic objects: the cyclic collector's passes would cost more than the work."""
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was:
            gc.enable()


def _cached(kind: str, pk: int, count: int, today, compute) -> Index:
    from django.core.cache import cache

    from sharaka.core import audit

    if count < CACHE_FROM:
        return compute()
    head = audit.head()
    current = MatchingWeights.current()
    weights = "-".join(str(v) for v in current.as_dict().values())
    key = f"funding:matching:{kind}:{pk}:{today:%Y%m%d}:{head}:{count}:{current.version}:{weights}"
    found = cache.get(key)
    if found is None:
        found = compute()
        found.full = None  # only the order is kept
        cache.set(key, found, CACHE_SECONDS)
    return found


def calls_index(project, *, today=None) -> Index:
    today = today or timezone.localdate()
    calls = calls_queryset()

    def compute():
        with _no_gc():
            ranking = calls_for_project(project, today=today, calls=calls)
        return Index(
            [(m.call.pk, m.total) for m in ranking.matches], [f.call.pk for f in ranking.filtered], ranking
        )

    return _cached("calls", project.pk, calls.count(), today, compute)


def projects_index(call: Call, *, today=None) -> Index:
    today = today or timezone.localdate()
    projects = ranked_projects()

    def compute():
        with _no_gc():
            ranking = projects_for_call(call, today=today, projects=projects)
        return Index([(m.project.pk, m.total) for m in ranking.matches], [], ranking)

    return _cached("projects", call.pk, projects.count(), today, compute)


def calls_shown(project, index: Index, ids: list, filtered_ids: list, *, today=None) -> Ranking:
    """The full matches (parts and sentences) of the calls `ids`, in the index's order, and the
    reasons of the calls `filtered_ids`: computed for these rows only."""
    if index.full is not None:
        wanted, unwanted = set(ids), set(filtered_ids)
        full = index.full
        return Ranking(
            [m for m in full.matches if m.call.pk in wanted],
            [f for f in full.filtered if f.call.pk in unwanted],
            full.weights,
            full.today,
        )
    ranking = calls_for_project(
        project, today=today, calls=calls_queryset().filter(pk__in=[*ids, *filtered_ids])
    )
    order = {pk: i for i, pk in enumerate(ids)}
    ranking.matches.sort(key=lambda m: order.get(m.call.pk, len(order)))
    return ranking


def projects_shown(call: Call, index: Index, ids: list, *, today=None) -> Ranking:
    if index.full is not None:
        wanted = set(ids)
        full = index.full
        return Ranking(
            [m for m in full.matches if m.project.pk in wanted], [], full.weights, full.today, full.refused
        )
    ranking = projects_for_call(call, today=today, projects=ranked_projects().filter(pk__in=ids))
    order = {pk: i for i, pk in enumerate(ids)}
    ranking.matches.sort(key=lambda m: order.get(m.project.pk, len(order)))
    return ranking
