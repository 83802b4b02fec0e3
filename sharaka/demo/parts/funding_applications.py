"""Demo of the funding applications, written through funding/applications.py (open, go / no-go with its
reasons, submission, the funder's answer, feedback and lessons).

The story (fictional, on real needs of Aourir):
- AOU-2026-001, a small solar desalination unit in Imi Miki → KUSANONE: go decided by the president
  with his reasons, the proposal in drafting, in French, about EUR 70,000 asked for;
- AOU-2026-001 → FR-MA-2027, the French-Moroccan joint call where the commune is only a co-applicant:
  considered, led by Saint-Avold-Saint-Laurent (SASL), the French twin;
- AOU-2025-010, composting of the souk's and the banana groves' green waste → GEF-SGP-MA: awarded
  USD 45,000 last spring, the funder's feedback and the lessons written; the award added the funder
  to the project and started a draft of the financing agreement;
- AOU-2025-008, market access for the women's argan cooperatives → PRIM (else FDF-MED): rejected,
  with the funder's reasons, feedback and lessons.

The calls come from the catalogue's demo part (ORDER 50); a call or project that is missing is
skipped, so this part loads on its own too. Idempotent: an application of a project to a call that
exists already is left as it is.
"""

import datetime
from decimal import Decimal

from sharaka.funding import applications
from sharaka.funding.models import Application, Call
from sharaka.projects.models import Project

ORDER = 55

# About the same money in the currencies calls use (clamped to the call's grant range).
AMOUNTS = {
    "kusanone": {"EUR": "70000", "JPY": "11000000", "USD": "75000", "MAD": "750000"},
    "gef": {"USD": "45000", "EUR": "42000", "MAD": "450000", "JPY": "6800000"},
    "rejected": {"EUR": "120000", "USD": "130000", "MAD": "1300000", "JPY": "19000000"},
}


def _call(*references):
    for reference in references:
        call = Call.objects.filter(reference=reference).select_related("funder").first()
        if call is not None:
            return call
    return None


def _amount(call: Call, table: str) -> Decimal:
    amount = Decimal(AMOUNTS[table].get(call.currency, AMOUNTS[table]["EUR"]))
    if call.max_grant is not None and amount > call.max_grant:
        amount = call.max_grant
    if call.min_grant is not None and amount < call.min_grant:
        amount = call.min_grant
    return amount


def _language(call: Call, wanted: str) -> str:
    accepted = call.language_list
    return wanted if not accepted or wanted in accepted else accepted[0]


def _lead(loader, call: Call | None, *acronyms):
    """When the commune can only be a co-applicant: the first of these partners the demo holds."""
    if call is None or call.commune_role != Call.CommuneRole.CO_APPLICANT:
        return None
    for acronym in acronyms:
        if acronym in loader.organisations and loader.organisations[acronym].pk != call.funder_id:
            return loader.organisations[acronym]
    return None


def _open(loader, code: str, call: Call | None, data: dict):
    """The application of project `code` to `call`, opened now; None when either is missing or it exists."""
    project = Project.objects.filter(code=code).first()
    if project is None or call is None:
        return None
    if Application.objects.filter(project=project, call=call).exists():
        return None
    application = applications.application_open(
        actor=loader.users["officer"], project=project, call=call, data=data
    )
    loader.created["funding applications"] += 1
    return application


def _move(loader, application, to, *, actor="officer", reason="", **data):
    return applications.application_move(
        actor=loader.users[actor], application=application, to=to, reason=reason, data=data
    )


def load(loader) -> None:
    today = loader.today
    officer = loader.users["officer"]

    # AOU-2026-001 → KUSANONE: go, drafting, in French.
    call = _call("KUSANONE")
    application = _open(
        loader,
        "AOU-2026-001",
        call,
        {
            "language": _language(call, "fr") if call else "fr",
            "amount_requested": _amount(call, "kusanone") if call else None,
            "owner": officer,
        },
    )
    if application is not None:
        _move(
            loader,
            application,
            "drafting",
            actor="president",
            reason=(
                "قرار الانطلاق: المشروع يستجيب لأولوية الماء في برنامج عمل الجماعة، ومبلغ المنحة يناسب "
                "وحدة تحلية صغيرة. Go : le projet répond à la priorité eau du PAC ; le montant convient à une "
                "petite unité."
            ),
        )

    # AOU-2026-001 → FR-MA-2027: considered, led by the French twin.
    call = _call("FR-MA-2027")
    if call is not None and "SASL" in loader.organisations:
        _open(
            loader,
            "AOU-2026-001",
            call,
            {
                "lead": loader.organisations["SASL"],
                "language": _language(call, "fr"),
                "owner": officer,
            },
        )

    # AOU-2025-010 → GEF-SGP-MA: awarded, feedback and lessons; led by a local association when the
    # commune may only be a co-applicant (the Small Grants go to civil society).
    call = _call("GEF-SGP-MA")
    application = _open(
        loader,
        "AOU-2025-010",
        call,
        {
            "language": _language(call, "fr") if call else "fr",
            "amount_requested": _amount(call, "gef") if call else None,
            "lead": _lead(loader, call, "SURFRIDER-MA", "AACS"),
            "owner": officer,
        },
    )
    if application is not None:
        _move(
            loader,
            application,
            "drafting",
            actor="president",
            reason="Go : le compostage répond au programme de petites subventions du FEM (déchets, sols).",
        )
        _move(loader, application, "submitted", on=today - datetime.timedelta(days=240))
        application = _move(
            loader,
            application,
            "awarded",
            on=today - datetime.timedelta(days=180),
            amount_awarded=_amount(call, "gef"),
        )
        applications.application_save(
            actor=officer,
            application=application,
            expected_version=application.version,
            data={
                "feedback": (
                    "Le comité national a apprécié l'implication des coopératives de bananiers et le suivi "
                    "des tonnages ; il demande des indicateurs de qualité du compost."
                ),
                "lessons": (
                    "إرفاق مداولة المجلس الجماعي ورسائل الالتزام بالمبالغ منذ المذكرة المفاهيمية؛ "
                    "تحديد مؤشرات الجودة قبل الإيداع. Joindre la délibération et les lettres d'engagement "
                    "chiffrées dès la note conceptuelle."
                ),
            },
        )

    # AOU-2025-008 → PRIM (else FDF-MED): rejected with the funder's reasons.
    call = _call("PRIM", "FDF-MED")
    application = _open(
        loader,
        "AOU-2025-008",
        call,
        {
            "language": _language(call, "fr") if call else "fr",
            "amount_requested": _amount(call, "rejected") if call else None,
            "lead": _lead(loader, call, "FDS", "AACS"),
            "owner": officer,
        },
    )
    if application is not None:
        _move(
            loader,
            application,
            "drafting",
            actor="president",
            reason="Go : les coopératives d'argan sont prêtes, le cofinancement de l'INDH est acquis.",
        )
        _move(loader, application, "submitted", on=today - datetime.timedelta(days=300))
        application = _move(
            loader,
            application,
            "rejected",
            on=today - datetime.timedelta(days=200),
            reason="Le bailleur juge le budget marketing trop élevé et l'étude de marché insuffisante.",
            feedback=(
                "Note de 58/100 : pertinence bonne, mais budget de commercialisation surestimé et absence "
                "d'étude de marché ; partenariat avec un acheteur à formaliser."
            ),
        )
        applications.application_save(
            actor=officer,
            application=application,
            expected_version=application.version,
            data={
                "lessons": (
                    "إنجاز دراسة السوق قبل كتابة المقترح، وإرفاق رسالة نية من مشترٍ. Faire l'étude de marché "
                    "avant la proposition et joindre la lettre d'intention d'un acheteur."
                )
            },
        )
