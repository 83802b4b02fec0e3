"""Matching, explained: which calls suit a project, which projects suit a call, and why.

A call first passes a hard filter (`refusals`): the commune may take part (at least as co-applicant),
Morocco is not excluded, the call is not closed and its next stage leaves the time to prepare it.
A call that fails is not ranked; it is listed apart with its reasons.

The others get a score out of 100: the weighted mean of named parts, each between 0 and 1 with the
sentence that justifies it in the reader's language (docs/funding-matching.md):

- area_sector: the objectives and areas (core.Theme) and the DAC sectors the project and call share;
- budget: what the project seeks (its funding gap if it has a co-financing plan, else its cost),
  converted to the call's currency at the latest dated rate, against the call's range;
- cofinancing: the commune's confirmed share (commune, national and partner rows) against the rate
  the call requires (cash only when the call counts only cash);
- time: the days left before the next deadline against the days the stage takes to prepare;
- priority: the project's PAC priority; a project outside the PAC is flagged and scores 0 here;
- record: what the funder has done with the commune (agreements, money, negotiations, applications,
  similar projects funded);
- text: how close the titles and summaries are, language by language.

Weights are the unit's (`MatchingWeights.current()`); a weight of 0 removes the part. Everything is
read in bulk: the number of queries does not depend on the number of calls or projects. Reasons are
only put into words for the rows shown (`Part.reason`), so ranking thousands costs little more than
the arithmetic.
"""

import datetime
import re
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, Exists, OuterRef, Prefetch, Q, Sum, prefetch_related_objects
from django.utils import formats, timezone, translation
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from sharaka.core import codelists
from sharaka.core.models import Theme
from sharaka.funding.models import Application, Call, CallStage, CallStatus, MatchingWeights
from sharaka.funding.pipeline import Status as AppStatus
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
    key = (obj._meta.label_lower, obj.pk, getattr(obj, "updated_at", None))
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


@dataclass
class Match:
    call: Call
    project: object
    parts: list[Part] = field(default_factory=list)
    total: int = 0
    outside_pac: bool = False
    stage: object = None
    lead_needed: str = ""
    candidates: list = field(default_factory=list)
    application: object = None

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
    """Why the commune cannot answer this call now (empty: it can). Stages must be prefetched."""
    reasons = []
    if call.commune_role == Call.CommuneRole.NOT_ELIGIBLE:
        reasons.append(_("The commune is not eligible for this call, not even as a co-applicant."))
    if MOROCCO in call.excluded:
        reasons.append(_("The call excludes Morocco."))
    status = call.status(today)
    if status == CallStatus.CLOSED:
        reasons.append(_("The call is closed."))
    elif not call.rolling:
        stage = call.next_stage(today)
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


def _prefetches():
    return [
        Prefetch("stages", queryset=CallStage.objects.order_by("order", "deadline", "id")),
        "sectors",
        Prefetch("themes", queryset=Theme.objects.only("id")),
    ]


def calls_queryset(*, archived: bool = False):
    """Calls with what matching reads of them (funder, stages, sectors, themes): four queries."""
    calls = Call.objects.all() if archived else Call.objects.active()
    return calls.select_related("funder").prefetch_related(*_prefetches())


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
    for pid, total in (
        BudgetLine.objects.filter(project_id__in=project_ids)
        .order_by()
        .values("project_id")
        .annotate(total=Sum("amount_mad"))
        .values_list("project_id", "total")
    ):
        out[pid].cost = total or ZERO
    # A plan row is confirmed when it is the commune's own share (its budget), or when a pledge, a
    # commitment or a receipt has been recorded from it.
    backed = Transaction.objects.filter(
        funder=OuterRef("pk"), type__in=TxType.PLEDGED + TxType.RECEIVED, reverses__isnull=True
    )
    rows = (
        Funder.objects.filter(project_id__in=project_ids)
        .annotate(backed=Exists(backed))
        .values_list("project_id", "kind", "cash_mad", "in_kind_mad", "backed")
    )
    for pid, kind, cash, in_kind, is_backed in rows:
        p = out[pid]
        p.plan_total += cash + in_kind
        p.has_plan = p.plan_total > 0
        if kind in (Funder.Kind.COMMUNE, Funder.Kind.NATIONAL, Funder.Kind.PARTNER) and (
            kind == Funder.Kind.COMMUNE or is_backed
        ):
            p.confirmed_cash += cash
            p.confirmed_all += cash + in_kind
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
    # One filter() call: the conditions and the organisation read share one join of participations.
    for org, pid, tid in Project.themes.through.objects.filter(
        theme__kind="area",
        project__participations__organisation_id__in=funder_ids,
        project__participations__role=ProjectPartner.Role.FUNDING,
    ).values_list("project__participations__organisation_id", "project_id", "theme_id"):
        out[org].funded_by_area[tid].add(pid)
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
        org.is_twin = org.twinned or org.stage in TWINNING_STAGES
        for model, country in wanted:
            if org.model == model and (not country or org.country == country):
                found[(model, country)].append(org)
    for orgs in found.values():
        orgs.sort(key=lambda o: (not o.twinned, o.stage not in TWINNING_STAGES, str(o)))
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
    call_themes = {t.pk for t in call.themes.all() if kinds.get(t.pk, ("",))[0] in ("objective", "area")}
    call_sectors = {s.code for s in call.sectors.all()}
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
        ("pac", project.get_priority_display(), project.pac_reference),
        (_explain_priority),
    )


def _explain_priority(case, *facts):
    if case == "outside":
        return _("PAC priority: the project is outside the commune's action programme (no PAC line).")
    label, reference = facts
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
    facts = {
        "agreements": record.agreements,
        "money": record.money_count,
        "rounds": record.rounds,
        "awarded": record.awarded,
        "rejected": record.rejected,
        "similar": len(similar),
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
    return say(_("The funder's record with the commune: %(facts)s."), text={"facts": "; ".join(pieces)})


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
        return 0.0, (None, 0.0, ()), _explain_text
    return min(1.0, best / TEXT_FULL), (best_language, best, tuple(sorted(common))[:6]), _explain_text


def _explain_text(language, similarity, common):
    from sharaka.core.multilingual import LANGUAGE_NAMES

    if language is None:
        return _(
            "Closeness of the texts: no word in common between the titles and summaries in the same language."
        )
    return say(
        _(
            "Closeness of the texts: %(n)s words in common %(language)s (similarity %(similarity)s): %(words)s."
        ),
        n=len(common) if len(common) < 6 else "6+",
        text={"language": str(LANGUAGE_NAMES[language])},
        similarity=format_number(similarity, _lang(), 2),
        words=", ".join(common),
    )


# --- scoring ---------------------------------------------------------------------------------------


def _score(match: Match, computed: dict, weights: dict) -> None:
    total_weight = 0
    total = 0.0
    for key in MatchingWeights.PARTS:
        weight = weights.get(key, 0)
        if not weight or key not in computed:
            continue
        score, facts, explain = computed[key]
        match.parts.append(Part(key, score, weight, facts, explain))
        total += weight * score
        total_weight += weight
    match.total = round(100 * total / total_weight) if total_weight else 0


def _compute(project, profile, call, stage, today, rates, kinds, record, weights, call_words) -> Match:
    match = Match(call=call, project=project, stage=stage)
    match.outside_pac = not (project.pac_reference or "").strip()
    computed = {}
    if weights.get("area_sector"):
        computed["area_sector"] = part_area_sector(profile, call, kinds)
    if weights.get("budget"):
        computed["budget"] = part_budget(profile, call, rates)
    if weights.get("cofinancing"):
        computed["cofinancing"] = part_cofinancing(profile, call)
    if weights.get("time"):
        computed["time"] = part_time(call, stage, today)
    if weights.get("priority"):
        computed["priority"] = part_priority(project)
    if weights.get("record"):
        computed["record"] = part_record(record, project.pk, profile.areas)
    if weights.get("text"):
        computed["text"] = part_text(profile.words, call_words)
    _score(match, computed, weights)
    return match


def _order(matches: list[Match]) -> list[Match]:
    return sorted(matches, key=lambda m: (-m.total, m.deadline or datetime.date.max, m.call.pk, m.project.pk))


def calls_for_project(project, *, today=None, calls=None) -> Ranking:
    """The calls ranked for one project, and those filtered out with their reasons."""
    today = today or timezone.localdate()
    weights = MatchingWeights.current().as_dict()
    calls = list(calls if calls is not None else calls_queryset())
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
    found_records = records({c.funder_id for c in eligible}) if weights.get("record") else {}
    leads = lead_candidates(eligible)
    applications = {
        a.call_id: a
        for a in Application.objects.filter(project=project, call_id__in=[c.pk for c in eligible])
    }
    matches = []
    for call in eligible:
        match = _compute(
            project,
            profile,
            call,
            call.next_stage(today),
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


def ranked_projects():
    from sharaka.projects.models import Project

    return Project.objects.active().filter(status__in=RANKED_PROJECT_STATUSES)


def projects_for_call(call: Call, *, today=None, projects=None) -> Ranking:
    """The commune's projects ranked for one call (`projects`: a queryset, by default those still
    seeking money). A call that fails the hard filter ranks nothing and says why."""
    today = today or timezone.localdate()
    weights = MatchingWeights.current().as_dict()
    if "stages" not in getattr(call, "_prefetched_objects_cache", {}):
        prefetch_related_objects([call], *_prefetches())
    reasons = refusals(call, today)
    if reasons:
        return Ranking([], [], weights, today, refused=reasons)
    projects = projects if projects is not None else ranked_projects()
    fields = (
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
    if weights.get("text"):
        fields += ("summary_ar", "summary_fr", "summary_en")
    project_list = list(projects.only(*fields).order_by("id"))
    ids = projects.values("id")
    kinds = theme_kinds()
    found = profiles(ids, kinds)
    rates = latest_rates(today) if weights.get("budget") else {}
    record = records([call.funder_id]).get(call.funder_id, Record()) if weights.get("record") else Record()
    leads = lead_candidates([call])
    applications = {a.project_id: a for a in Application.objects.filter(call=call, project_id__in=ids)}
    stage = call.next_stage(today)
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
