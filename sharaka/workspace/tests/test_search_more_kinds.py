"""The search also finds agreements, interactions, documents (by title) and, for those who answer
them, citizens' inquiries; each only for the roles that may open it."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from sharaka.agreements import services as agreement_services
from sharaka.core import search
from sharaka.core.models import SearchEntry
from sharaka.core.testing import make_project
from sharaka.partners import services as partner_services
from sharaka.partners.models import Organisation
from sharaka.portal import services as portal_services
from sharaka.projects import services as project_services


@pytest.fixture
def found(personas):
    partner = Organisation.objects.get(acronym="UNDP")
    project = make_project(manager=personas.manager)
    agreement = agreement_services.agreement_create(
        actor=personas.officer,
        data={
            "kind": "partnership",
            "reference": "AGR-77",
            "title_ar": "اتفاقية تعاون لتحلية مياه البحر",
            "title_fr": "Convention de coopération pour le dessalement",
            "starts_on": datetime.date(2026, 7, 1),
            "duration_months": 24,
            "notice_months": 3,
            "owner": personas.officer,
        },
        partners=[partner],
    )
    interaction = partner_services.interaction_log(
        actor=personas.officer,
        organisation=partner,
        data={"kind": "meeting", "date": datetime.date(2026, 11, 3), "subject": "اجتماع حول المكتبة البلدية"},
    )
    document = project_services.document_upload(
        actor=personas.officer,
        project=project,
        title="Étude de faisabilité – قنطرة الوادي",
        kind="report",
        visibility="private",
        upload=SimpleUploadedFile("etude.pdf", b"%PDF-1.4 etude\n%%EOF\n"),
    )
    inquiry = portal_services.inquiry_submit(
        message="متى تنتهي أشغال الطريق المؤدية إلى الدوار؟", language="ar"
    )
    return agreement, interaction, document, inquiry


def results(client, user, query):
    client.force_login(user)
    response = client.get("/search/", {"q": query})
    return response.status_code, response.content.decode()


@pytest.mark.parametrize(
    ("query", "what"),
    [
        ("اتفاقيه تعاون", "agreement"),  # ta marbuta typed as ha
        ("dessalement cooperation", "agreement"),  # French without accents
        ("agr-77", "agreement"),
        ("المكتبه البلديه", "interaction"),
        ("etude faisabilite", "document"),
        ("قنطره", "document"),
        ("الطريق الدوار", "inquiry"),
    ],
)
def test_it_finds_the_new_kinds_in_arabic_and_french(client, personas, found, query, what):
    agreement, interaction, document, inquiry = found
    marks = {
        "agreement": f"/agreements/{agreement.pk}/",
        "interaction": f"#interaction-{interaction.pk}",
        "document": f"/documents/{document.pk}/",
        "inquiry": inquiry.reference,
    }
    status, html = results(client, personas.officer, query)
    assert status == 200
    assert marks[what] in html, query


# Who finds what, written out: role -> (agreement, interaction, document, inquiry); None: no search.
SEES = {
    "administrator": (True, True, True, True),
    "cooperation_officer": (True, True, True, True),
    "finance_officer": (True, True, True, False),
    "project_manager": (True, True, True, False),
    "president": (True, True, True, False),
    "council_member": (True, True, True, False),
    "auditor": (True, True, True, False),
    "prefecture": None,
    "partner_viewer": None,
}


@pytest.mark.parametrize("role", sorted(SEES))
def test_each_role_finds_only_what_it_may_open(client, personas, found, role):
    agreement, interaction, document, inquiry = found
    user = personas.by_role()[role]
    marks = (
        ("AGR-77", "اتفاقية تعاون"),
        ("المكتبة", "المكتبة البلدية"),
        ("faisabilite", "Étude de faisabilité"),
        (inquiry.reference, "الدوار"),
    )
    for (query, shown), expected in zip(marks, SEES[role] or (None,) * 4, strict=True):
        status, html = results(client, user, query)
        if SEES[role] is None:
            assert status == 403
            continue
        assert status == 200
        assert (shown in html) is expected, (role, query)


def test_reindex_rebuilds_the_rows_from_the_database(personas, found):
    agreement, interaction, document, inquiry = found
    SearchEntry.objects.filter(kind__in=list(search.TEXTS)).delete()
    assert search.reindex() == 4  # one agreement, interaction, project document and inquiry
    assert SearchEntry.objects.filter(kind="inquiry", object_id=inquiry.pk).exists()
    assert SearchEntry.objects.get(kind="document", object_id=document.pk).text.startswith(
        "etude de faisabilite"
    )


def test_the_unit_finds_an_inquiry_about_an_opportunity_and_the_rest_of_the_staff_do_not(client, personas):
    from sharaka.promotion.inquiries import inquiry_submit
    from sharaka.promotion.tests.helpers import opportunity

    inquiry = inquiry_submit(
        opportunity=opportunity(personas.officer),
        name="Saïd Oubella",
        organisation_name="Amis des vagues de Tamraght",
        country="MA",
        email="said@amis-des-vagues.example",
        message="Nous voulons parrainer l'école de surf.",
        language="fr",
    )
    client.force_login(personas.officer)
    page = client.get("/search/", {"q": "vagues"}).content.decode()
    assert f"/promotion/inquiries/{inquiry.pk}/" in page
    client.force_login(personas.finance)
    page = client.get("/search/", {"q": "vagues"}).content.decode()
    assert f"/promotion/inquiries/{inquiry.pk}/" not in page
