"""The funding objects of the test world (`core.testing.world`), built once per test on demand.

`world_funding(w)` gives a funder (a French local government, the twinning kind), a call where the
commune may lead (open, with a concept-note stage 60 days ahead), a call where it may only be a
co-applicant (led by a French local authority), a call closed to Morocco, and an application of the
world's project to the first call, in drafting, with one proposal section. The clock of these
objects is `TODAY` (tests that depend on the date freeze `timezone.localdate` to it).
"""

import datetime
from decimal import Decimal

TODAY = datetime.date(2026, 12, 5)


def world_funding(w) -> dict:
    if "funding" not in w.extra:
        from sharaka.core.models import Theme
        from sharaka.core.testing import make_organisation
        from sharaka.funding.models import (
            Application,
            ApplicationStatusChange,
            Call,
            CallSector,
            CallStage,
            ProposalSection,
            RequiredAttachment,
        )
        from sharaka.partners.models import Organisation

        water = Theme.objects.get_or_create(kind="area", code="water_energy")[0]
        twin = make_organisation(
            name_fr="Ville de Sainte-Maxime (test)",
            name_en="Town of Sainte-Maxime (test)",
            name_ar="مدينة سانت ماكسيم (اختبار)",
            acronym="SMX",
            model=Organisation.Model.FOREIGN_LOCAL_GOVERNMENT,
            legal_type=Organisation.LegalType.FOREIGN_LOCAL_AUTHORITY,
            country="FR",
            iati_identifier="",
            iati_type="",
        )
        lead_call = Call.objects.create(
            funder=w.organisation,
            programme="Small grants",
            reference="T-LEAD-1",
            title_fr="Eau et énergie pour les communes rurales",
            title_en="Water and energy for rural communes",
            title_ar="الماء والطاقة للجماعات القروية",
            summary_fr="Dessalement, pompage solaire, économies d'eau.",
            commune_role=Call.CommuneRole.LEAD,
            currency="USD",
            min_grant=Decimal("20000.00"),
            max_grant=Decimal("50000.00"),
            cofinancing_rate=Decimal("20.00"),
            languages="fr,en",
            family=Call.Family.SHORT,
            opens_on=TODAY - datetime.timedelta(days=30),
        )
        lead_call.themes.add(water)
        CallSector.objects.create(call=lead_call, code="14020")
        CallStage.objects.create(
            call=lead_call,
            kind=CallStage.Kind.CONCEPT_NOTE,
            deadline=TODAY + datetime.timedelta(days=60),
            word_limits={"summary": 300},
        )
        RequiredAttachment.objects.create(call=lead_call, kind=RequiredAttachment.Kind.DELIBERATION)
        co_call = Call.objects.create(
            funder=w.other_organisation,
            reference="T-CO-1",
            title_fr="Appel conjoint de coopération décentralisée",
            title_en="Joint decentralised cooperation call",
            commune_role=Call.CommuneRole.CO_APPLICANT,
            who_may_lead="A French local authority",
            lead_model=Organisation.Model.FOREIGN_LOCAL_GOVERNMENT,
            lead_country="FR",
            currency="EUR",
            max_grant=Decimal("250000.00"),
            cofinancing_rate=Decimal("50.00"),
            languages="fr",
            family=Call.Family.EU,
            opens_on=TODAY - datetime.timedelta(days=10),
        )
        co_call.themes.add(water)
        CallStage.objects.create(
            call=co_call, kind=CallStage.Kind.FULL_PROPOSAL, deadline=TODAY + datetime.timedelta(days=90)
        )
        closed_call = Call.objects.create(
            funder=w.other_organisation,
            reference="T-NO-1",
            title_en="Interreg (test)",
            commune_role=Call.CommuneRole.NOT_ELIGIBLE,
            excluded_countries="MA",
            currency="EUR",
            rolling=True,
        )
        application = Application.objects.create(
            project=w.project,
            call=lead_call,
            status="drafting",
            language="fr",
            currency="USD",
            amount_requested=Decimal("45000.00"),
            owner=w.personas.officer,
            created_by=w.personas.officer,
        )
        ApplicationStatusChange.objects.create(
            application=application,
            old_status="considered",
            new_status="drafting",
            changed_by=w.personas.president,
            reason="Go: the project fits the call.",
        )
        section = ProposalSection.objects.create(
            application=application,
            key="problem",
            text="Les puits d'Imi Miki sont saumâtres.",
            updated_by=w.personas.officer,
        )
        w.extra["funding"] = {
            "twin": twin,
            "lead_call": lead_call,
            "co_call": co_call,
            "closed_call": closed_call,
            "application": application,
            "section": section,
        }
    return w.extra["funding"]
