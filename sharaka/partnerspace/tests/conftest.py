"""Two partner organisations around one agreement, and what each must never see of the other.

UNDP (the world's organisation, read by `personas.partner_viewer`) and OTH (the world's other
organisation, read by `personas.outsider_partner_viewer`) are both parties to the twinning agreement,
each bringing cash; OTH alone is a party to a second agreement. Each has its own tranche call, the
agreement a yearly report for all; each has a project, a follow-up and (OTH) an accepted report.
"""

import datetime
from decimal import Decimal

import pytest
from django.core.files.base import ContentFile

from sharaka.core.testing import make_project, share_project
from sharaka.finance.tests.conftest import money, rates  # noqa: F401 (the finance fixtures, for the portal's figures)


def _doc(agreement, kind, title):
    from sharaka.agreements.models import AgreementDocument

    return AgreementDocument.objects.create(
        agreement=agreement,
        kind=kind,
        title=title,
        file=ContentFile(b"%PDF-1.4 doc", name=f"{kind}.pdf"),
        content_type="application/pdf",
        size=12,
        sha256="1" * 64,
    )


@pytest.fixture
def space(world):
    from types import SimpleNamespace

    from sharaka.agreements.models import Agreement, AgreementParty, Obligation
    from sharaka.partners.models import FollowUp, Interaction
    from sharaka.partnerspace.models import Submission

    officer = world.personas.officer
    undp, oth = world.organisation, world.other_organisation
    agreement = Agreement.objects.create(
        kind="partnership",
        title_fr="Convention eau potable",
        reference="CONV-2026-07",
        status="in_force",
        starts_on=datetime.date(2026, 1, 1),
        duration_months=36,
        owner=officer,
    )
    agreement.projects.add(world.project)
    AgreementParty.objects.create(
        agreement=agreement, organisation=None, cash_amount=Decimal("300000.00"), currency="MAD"
    )
    own_party = AgreementParty.objects.create(
        agreement=agreement, organisation=undp, cash_amount=Decimal("111111.00"), currency="EUR"
    )
    other_party = AgreementParty.objects.create(
        agreement=agreement,
        organisation=oth,
        cash_amount=Decimal("777777.00"),
        currency="EUR",
        in_kind_description="Secret in-kind of OTH",
    )
    other_agreement = Agreement.objects.create(kind="partnership", title_fr="Accord OTH seul", owner=officer)
    AgreementParty.objects.create(agreement=other_agreement, organisation=oth)

    due = datetime.date(2027, 3, 31)
    yearly = Obligation.objects.create(agreement=agreement, kind="report", title="Rapport annuel", due_on=due)
    own_call = Obligation.objects.create(
        agreement=agreement, party=own_party, kind="tranche", title="Appel de fonds UNDP", due_on=due
    )
    other_call = Obligation.objects.create(
        agreement=agreement, party=other_party, kind="tranche", title="Appel de fonds OTH", due_on=due
    )
    other_only = Obligation.objects.create(
        agreement=other_agreement, kind="report", title="Rapport de l'accord OTH", due_on=due
    )

    decision = _doc(agreement, "decision", "Décision du conseil")
    draft = _doc(agreement, "draft", "Projet de convention en négociation")
    other_report_doc = _doc(agreement, "other", "Rapport financier OTH")
    Submission.objects.create(
        obligation=other_call,
        organisation=oth,
        title="Rapport financier OTH",
        file=ContentFile(b"%PDF-1.4 oth", name="oth.pdf"),
        file_name="oth.pdf",
        content_type="application/pdf",
        size=12,
        sha256="3" * 64,
        submitted_by=world.personas.outsider_partner_viewer,
        status="accepted",
        document=other_report_doc,
    )

    other_project = make_project(
        code="AOU-T-009", title_fr="Projet OTH", title_ar="مشروع", title_en="OTH project"
    )
    share_project(other_project, oth)
    other_meeting = Interaction.objects.create(
        organisation=oth,
        kind="call",
        date=datetime.date(2026, 11, 2),
        subject="Appel OTH",
        recorded_by=officer,
    )
    FollowUp.objects.create(
        interaction=other_meeting,
        description="Relancer OTH",
        owner=officer,
        due_date=datetime.date(2026, 12, 9),
    )
    return SimpleNamespace(
        world=world,
        agreement=agreement,
        other_agreement=other_agreement,
        yearly=yearly,
        own_call=own_call,
        other_call=other_call,
        other_only=other_only,
        decision=decision,
        draft=draft,
        other_report_doc=other_report_doc,
        other_project=other_project,
    )
