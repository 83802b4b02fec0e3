"""Demo money for the funded projects (fictional figures, rates marked illustrative).

For each approved, in-implementation, completed or closed project with committed funders: a
co-financing plan (the funders' pledges, the commune's own share in cash and in kind), budget lines,
two planned tranches per funder (one late on AOU-2025-003, owned by the project's manager), the
pledge, the money received at the Treasury, a works commitment under an open tender, and payments
against the budget lines. AOU-2025-010's tranches are planned from the Saint-Aubin twinning's
tranche calls (DEMO-AGR-01 is linked to the project and given a second call).
Everything goes through the finance services (audit ledger). Idempotent: a project that already
has a co-financing plan is skipped, and so are rates and accounts that exist.
"""

import datetime
from decimal import Decimal

from django.utils import translation

from sharaka.agreements import services as agreement_services
from sharaka.agreements.models import Agreement, Obligation
from sharaka.finance import services
from sharaka.finance.models import Account, ExchangeRate, FinancialReport, Funder
from sharaka.lib.money import quantize
from sharaka.partners import services as partner_services
from sharaka.partners.models import Organisation
from sharaka.projects.models import Project, ProjectPartner

ORDER = 20

# Illustrative yearly levels (MAD for one unit), with a small monthly movement. Not official rates.
RATE_LEVELS = {
    "EUR": {2023: "10.98", 2024: "10.84", 2025: "10.66", 2026: "10.79"},
    "USD": {2023: "10.14", 2024: "10.02", 2025: "9.62", 2026: "9.21"},
    "JPY": {2023: "0.0742", 2024: "0.0664", 2025: "0.0641", 2026: "0.0603"},
    "CHF": {2023: "11.21", 2024: "11.33", 2025: "11.42", 2026: "11.56"},
}
RATE_SOURCE = "Illustrative demo rate (not Bank Al-Maghrib data)"
STATUSES = ("approved", "in_implementation", "completed", "closed")
NATIONAL = {"CRSM", "INDH"}
LATE_PROJECT = "AOU-2025-003"
CAS_PROJECT = "AOU-2025-001"
REPORT_PROJECT = "AOU-2023-001"
AGREEMENT_PROJECT, AGREEMENT = "AOU-2025-010", "DEMO-AGR-01"
SPLITS = {
    Funder.Kind.PARTNER: [
        ("works", "0.55"),
        ("equipment", "0.20"),
        ("training", "0.15"),
        ("monitoring", "0.10"),
    ],
    Funder.Kind.NATIONAL: [("works", "0.70"), ("services", "0.30")],
    Funder.Kind.COMMUNE: [("staff", "0.60"), ("communication", "0.15"), ("contingency", "0.25")],
}
# The language each funder's reports are written in (Organisation.working_language): the EU and the
# French-speaking bodies in French, the others in English; Moroccan bodies keep none (Arabic).
WORKING_LANGUAGES = {
    "fr": ("EU", "SASL", "CD44", "AFD", "ENABEL", "MEAE-DCTCIV", "WBI", "FDF"),
    "en": ("UNDP", "UNICEF", "UN-HABITAT", "WWF", "IFRC", "GIZ", "JICA", "JP-GOV", "GCF", "AF", "SKEW"),
}
REPORT_NARRATIVE = (
    "Les deux tranches de l'Union européenne ont été encaissées à la Trésorerie. Le marché de travaux, "
    "passé sur appel d'offres ouvert, est achevé et réceptionné ; les équipements ont été livrés et les "
    "formations prévues ont eu lieu. Le solde non dépensé sera affecté au suivi de la qualité de l'eau, "
    "comme convenu lors du comité de pilotage (fictif)."
)
SPENT_SHARE = {"in_implementation": Decimal("0.35"), "completed": Decimal("0.96"), "closed": Decimal("0.98")}


# Projects still being prepared, whose budget and the commune's own share the unit estimates before it
# applies for funding (the proposal builder writes them into the concept note): code → the commune's
# cash and in-kind share (MAD), and the estimated lines (category, MAD, description).
PLANNED = {
    "AOU-2026-001": {
        "commune": ("120000.00", "60000.00"),
        "lines": [
            ("works", "380000.00", "Génie civil, local technique et raccordement aux puits"),
            ("equipment", "310000.00", "Unité d'osmose inverse et champ solaire de 24 kWc"),
            ("training", "45000.00", "Formation de deux techniciens du douar à l'entretien"),
            ("monitoring", "35000.00", "Analyses de la qualité de l'eau pendant deux ans"),
        ],
    },
}


def load(loader) -> None:
    actor = loader.users["finance"]
    _working_languages(loader)
    _rates(loader, actor)
    accounts = _accounts(loader, actor)
    _planned(loader, actor)
    projects = Project.objects.filter(status__in=STATUSES, is_fictional=True).order_by("code")
    for project in projects:
        if project.finance_funders.exists():
            continue
        pledges = list(
            ProjectPartner.objects.filter(
                project=project, role=ProjectPartner.Role.FUNDING, committed_amount__isnull=False
            ).select_related("organisation")
        )
        if pledges:
            _project(loader, actor, project, pledges, accounts)


def working_language_of(acronym: str) -> str:
    return next((lang for lang, acronyms in WORKING_LANGUAGES.items() if acronym in acronyms), "")


def _working_languages(loader) -> None:
    """Set once on the registry's partners, through the partners' service (audit ledger); a language
    already set is kept. The funders the funding part adds get theirs when it creates them."""
    registry = [org.pk for org in loader.organisations.values()]
    for language, acronyms in WORKING_LANGUAGES.items():
        for org in Organisation.objects.filter(acronym__in=acronyms, working_language="", pk__in=registry):
            partner_services.organisation_update(
                actor=loader.users["officer"],
                organisation=org,
                data={"working_language": language},
                expected_version=org.version,
            )
            loader.created["working languages"] += 1


def _planned(loader, actor) -> None:
    for code, spec in PLANNED.items():
        project = Project.objects.filter(code=code, is_fictional=True).first()
        if project is None or project.finance_funders.exists():
            continue
        cash, in_kind = spec["commune"]
        commune = services.funder_set(
            actor=actor,
            project=project,
            data={
                "kind": Funder.Kind.COMMUNE,
                "name": "Commune d'Aourir",
                "currency": "MAD",
                "cash": Decimal(cash),
                "in_kind": Decimal(in_kind),
            },
        )
        loader.created["funders"] += 1
        for category, amount, description in spec["lines"]:
            services.budget_line_set(
                actor=actor,
                project=project,
                category=category,
                funder=commune,
                amount_mad=Decimal(amount),
                description=description,
            )
            loader.created["budget lines"] += 1


def _rates(loader, actor) -> None:
    existing = set(ExchangeRate.objects.values_list("currency", "date"))
    for currency, levels in RATE_LEVELS.items():
        for year, level in levels.items():
            for month in range(1, 13):
                date = datetime.date(year, month, 1)
                if date > loader.today or (currency, date) in existing:
                    continue
                wiggle = Decimal(month % 4 - 1) * Decimal(level) * Decimal("0.002")
                services.rate_set(
                    actor=actor,
                    currency=currency,
                    date=date,
                    rate=(Decimal(level) + wiggle).quantize(Decimal("0.0001")),
                    source=RATE_SOURCE,
                    is_illustrative=True,
                )
                loader.created["exchange rates"] += 1


def _accounts(loader, actor) -> dict:
    wanted = {
        "aid": (
            Account.Kind.AID_LINE,
            "Fonds de concours, dons et legs (fictif)",
            "II-20.10.30",
            "2020-01-01",
        ),
        "cas": (
            Account.Kind.EARMARKED,
            "CAS Coopération décentralisée (fictif)",
            "CAS-2025-01",
            "2025-06-01",
        ),
        "old": (
            Account.Kind.EARMARKED,
            "CAS Jumelage 2019 (fictif, sans dépense)",
            "CAS-2019-02",
            "2019-03-01",
        ),
    }
    out = {}
    for key, (kind, name, reference, opened) in wanted.items():
        account = Account.objects.filter(reference=reference).first()
        if account is None:
            account = services.account_open(
                actor=actor,
                kind=kind,
                name=name,
                reference=reference,
                opened_on=datetime.date.fromisoformat(opened),
            )
            loader.created["accounts"] += 1
        out[key] = account
    return out


def _split(total: Decimal, shares) -> list[tuple[str, Decimal]]:
    parts = [(category, quantize(total * Decimal(share))) for category, share in shares]
    first_category, first = parts[0]
    parts[0] = (first_category, first + total - sum(amount for _c, amount in parts))
    return parts


def _on(start: datetime.date, end: datetime.date, fraction: str) -> datetime.date:
    return start + datetime.timedelta(days=int((end - start).days * Decimal(fraction)))


def _project(loader, actor, project, pledges, accounts) -> None:
    today = loader.today
    start = project.actual_start or project.planned_start
    end = project.actual_end or project.planned_end
    account = accounts["cas"] if project.code == CAS_PROJECT else accounts["aid"]
    funders = []
    for pledge in pledges:
        kind = Funder.Kind.NATIONAL if pledge.organisation.acronym in NATIONAL else Funder.Kind.PARTNER
        funder = services.funder_set(
            actor=actor,
            project=project,
            data={
                "kind": kind,
                "organisation": pledge.organisation,
                "currency": pledge.currency,
                "cash": pledge.committed_amount,
                "rate_on": min(pledge.committed_on, today),
            },
        )
        funders.append((funder, pledge))
    partners_mad = sum(f.total_mad for f, _p in funders)
    commune = services.funder_set(
        actor=actor,
        project=project,
        data={
            "kind": Funder.Kind.COMMUNE,
            "name": "Commune d'Aourir",
            "currency": "MAD",
            "cash": quantize(partners_mad * Decimal("0.12")),
            "in_kind": quantize(partners_mad * Decimal("0.05")),
        },
    )
    loader.created["funders"] += len(funders) + 1
    lines = {}
    for funder in [f for f, _p in funders] + [commune]:
        for category, amount in _split(funder.total_mad, SPLITS[funder.kind]):
            lines[(funder.pk, category)] = services.budget_line_set(
                actor=actor, project=project, category=category, funder=funder, amount_mad=amount
            )
            loader.created["budget lines"] += 1
    if project.code == CAS_PROJECT:  # a line nobody funds yet: the funding gap
        services.budget_line_set(
            actor=actor,
            project=project,
            category="contingency",
            funder=commune,
            amount_mad=lines[(commune.pk, "contingency")].amount_mad + Decimal("250000.00"),
        )
    for funder, pledge in funders:
        _funder_money(loader, actor, project, funder, pledge, start, end, today, account, lines)
    if project.status != "approved":
        _commune_spending(loader, actor, project, commune, start, end, today, lines)
    if project.code == REPORT_PROJECT and not FinancialReport.objects.filter(project=project).exists():
        services.report_issue(  # in the funder's working language (the EU's: French)
            actor=actor,
            project=project,
            funder=funders[0][0],
            period_start=start,
            period_end=end,
            narrative=REPORT_NARRATIVE,
            certifier_name="Rachid Amellal (fictif)",
            certifier_function="Ordonnateur délégué, directeur des services de la commune",
        )
        loader.created["financial reports"] += 1


def _record(loader, actor, project, **data) -> None:
    services.transaction_record(actor=actor, project=project, data=data)
    loader.created["transactions"] += 1


def _funder_money(loader, actor, project, funder, pledge, start, end, today, account, lines) -> None:
    name = funder.display_name
    commune_tgr = "Commune d'Aourir (compte TGR)"
    amount = funder.cash
    _record(
        loader,
        actor,
        project,
        type="11",
        funder=funder,
        provider=name,
        receiver=commune_tgr,
        value_date=min(pledge.committed_on, today),
        currency=funder.currency,
        amount=amount,
        reference=f"CONV-{project.code}-{name}",
        description=f"Engagement de {name} au titre de la convention de financement",
    )
    first, second = quantize(amount * Decimal("0.6")), amount - quantize(amount * Decimal("0.6"))
    if project.status == "approved":
        dates = (start + datetime.timedelta(days=30), _on(start, end, "0.5"))
    elif project.status == "in_implementation":
        late = project.code == LATE_PROJECT
        dates = (
            start + datetime.timedelta(days=20),
            today - datetime.timedelta(days=75) if late else today + datetime.timedelta(days=120),
        )
    else:
        dates = (start + datetime.timedelta(days=20), end - datetime.timedelta(days=60))
    tranches = _agreement_tranches(loader, actor, project, funder) or [
        services.tranche_plan(
            actor=actor,
            project=project,
            funder=funder,
            expected_on=d,
            amount=a,
            currency=funder.currency,
            note=f"Tranche {i}",
        )
        for i, (d, a) in enumerate(zip(dates, (first, second), strict=True), start=1)
    ]
    loader.created["tranches"] += len(tranches)
    received_mad = Decimal(0)
    for i, tranche in enumerate(tranches, start=1):
        arrives = tranche.expected_on + datetime.timedelta(days=10)
        if project.status == "approved" or arrives > today:
            continue
        if project.status == "in_implementation" and i == 2:
            continue
        _record(
            loader,
            actor,
            project,
            type="1",
            funder=funder,
            tranche=tranche,
            account=account,
            provider=name,
            receiver=commune_tgr,
            value_date=arrives,
            currency=funder.currency,
            amount=tranche.amount,
            reference=f"TGR-{arrives:%Y%m%d}-{project.code[-3:]}{i}",
            description=f"Versement de la tranche {i} par {name}, encaissé à la Trésorerie",
        )
        received_mad += quantize(tranche.amount * funder.rate)
    if project.status == "approved" or not received_mad:
        return
    spend_until = min(end, today)
    works = lines.get((funder.pk, "works"))
    if works:
        _record(
            loader,
            actor,
            project,
            type="2",
            funder=funder,
            budget_line=works,
            provider="Commune d'Aourir",
            receiver="Entreprise de travaux (fictive)",
            value_date=_on(start, spend_until, "0.15"),
            currency="MAD",
            amount=works.amount_mad,
            reference=f"MARCHE-{project.code}",
            description="Marché de travaux sur appel d'offres ouvert (engagement)",
            procedure="open_tender",
            nature="works",
            procurement_reference=f"AO {project.code[-3:]}/{start.year}",
            donor_rules=name in {"EU", "AFD"},
        )
    spent = quantize(received_mad * SPENT_SHARE[project.status])
    funder_lines = [line for (pk, _c), line in lines.items() if pk == funder.pk]
    budgeted = sum(line.amount_mad for line in funder_lines)
    shares = [(line.category, line.amount_mad / budgeted) for line in funder_lines]
    for i, (category, part) in enumerate(_split(spent, shares)):
        line = next(x for x in funder_lines if x.category == category)
        _record(
            loader,
            actor,
            project,
            type="4",
            funder=funder,
            budget_line=line,
            account=account,
            provider="Commune d'Aourir",
            receiver="Prestataires (fictifs)",
            value_date=_on(start, spend_until, ("0.3", "0.5", "0.7", "0.9")[i % 4]),
            currency="MAD",
            amount=part,
            reference=f"OP-{project.code[-3:]}-{i + 1:02d}",
            description=f"Paiement des prestations : {_in_french(line)}",
        )


def _agreement_tranches(loader, actor, project, funder) -> list:
    """The twinning's tranche calls become the project's tranches: the agreement is linked to the
    project, a second call four months ahead is added, and finance plans one tranche per call."""
    agreement = Agreement.objects.filter(reference=AGREEMENT).first()
    if project.code != AGREEMENT_PROJECT or agreement is None:
        return []
    calls = agreement.obligations.filter(
        kind=Obligation.Kind.TRANCHE, party__organisation=funder.organisation_id
    ).select_related("party", "owner")
    first = calls.first()
    if first is None:
        return []
    officer = loader.users["officer"]
    if not agreement.projects.filter(pk=project.pk).exists():
        agreement = agreement_services.agreement_update(
            actor=officer,
            agreement=agreement,
            data={},
            expected_version=agreement.version,
            projects=[*agreement.projects.all(), project],
        )
    if calls.count() == 1:
        agreement_services.obligation_add(
            actor=officer,
            agreement=agreement,
            data={
                "party": first.party,
                "kind": Obligation.Kind.TRANCHE,
                "title": "Appel de la seconde tranche (fictif)",
                "due_on": loader.today + datetime.timedelta(days=120),
                "owner": first.owner,
            },
        )
    done = services.tranches_from_agreement(actor=actor, project=project, agreement=agreement)
    loader.created["tranches from agreements"] += len(done.created)
    return sorted(done.created, key=lambda t: t.expected_on)


def _commune_spending(loader, actor, project, commune, start, end, today, lines) -> None:
    staff = lines[(commune.pk, "staff")]
    share = Decimal("0.4") if project.status == "in_implementation" else Decimal("0.95")
    _record(
        loader,
        actor,
        project,
        type="4",
        funder=commune,
        budget_line=staff,
        provider="Commune d'Aourir",
        receiver="Personnel communal",
        value_date=_on(start, min(end, today), "0.6"),
        currency="MAD",
        amount=quantize(staff.amount_mad * share),
        reference=f"PAIE-{project.code[-3:]}",
        description="Salaires du personnel communal affecté au projet (part de la commune)",
    )


def _in_french(line) -> str:
    """The line's category as French demo text (get_category_display() would answer in the
    language active while the demo loads)."""
    with translation.override("fr"):
        return str(dict(line.Category.choices)[line.category])
