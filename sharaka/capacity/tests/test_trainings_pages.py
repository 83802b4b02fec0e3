"""The trainings pages as people use them: forms that keep what was typed when they refuse, the
certificate upload that checks the file's content, who reads an evaluation (a literal table), and the
training on its partner's page."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from sharaka.capacity import trainings
from sharaka.capacity.models import Participation, Training
from sharaka.capacity.tests import trainings_helpers as h
from sharaka.core.models import AuditEntry
from sharaka.finance.models import ExchangeRate

pytestmark = pytest.mark.django_db


@pytest.fixture
def english(client, personas):
    """Pages in English: the cookie, and every account's remembered language."""
    from sharaka.core.models import User

    User.objects.update(language="en")
    client.cookies["django_language"] = "en"
    return client


def _form(**overrides):
    values = {
        "title_ar": "ورشة التفاوض",
        "title_fr": "Atelier de négociation",
        "skills": [h.skill("negotiation").pk],
        "provider_name": "Cabinet Souss Conseil",
        "starts_on": "2026-03-10",
        "ends_on": "2026-03-12",
        "place": "Aourir",
        "format": "workshop",
        "cost": "0",
        "currency": "MAD",
    }
    values.update(overrides)
    return values


# --- bad input stays on the page ------------------------------------------------------------------


def test_a_training_that_ends_before_it_starts_is_refused_on_the_same_page_with_what_was_typed(
    english, personas
):
    english.force_login(personas.officer)
    response = english.post(
        reverse("capacity:training_create"),
        _form(title_fr="Atelier de négociation avancée", ends_on="2026-03-01"),
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "The training cannot end before it starts." in html
    assert 'value="Atelier de négociation avancée"' in html
    assert not Training.objects.exists() and not AuditEntry.objects.exists()


def test_a_cost_without_the_rate_of_its_date_is_refused_naming_the_currency_and_the_date(english, personas):
    english.force_login(personas.officer)
    response = english.post(reverse("capacity:training_create"), _form(cost="2500", currency="EUR"))
    html = response.content.decode()
    assert response.status_code == 200
    assert "There is no exchange rate for EUR on 2026-03-10" in html
    assert 'value="2500"' in html
    assert not Training.objects.exists()


def test_a_training_with_a_rate_is_saved_with_its_value_in_dirhams(english, personas, world):
    ExchangeRate.objects.create(
        currency="EUR", date=datetime.date(2026, 3, 10), rate=Decimal("10.9"), source="BAM"
    )
    english.force_login(personas.officer)
    response = english.post(
        reverse("capacity:training_create"),
        _form(
            cost="2500",
            currency="EUR",
            provider=world.organisation.pk,
            provider_name="",
            funder=world.organisation.pk,
        ),
    )
    training = Training.objects.get()
    assert response.status_code == 302
    assert (training.cost_mad, training.provider, training.funder) == (
        Decimal("27250.00"),
        world.organisation,
        world.organisation,
    )
    html = english.get(reverse("capacity:training", args=[training.pk])).content.decode()
    assert "27,250.00" in html and "2026-03-10" in html


def test_an_edit_opened_before_someone_else_s_is_refused_on_the_page(english, personas):
    training = h.training(personas.officer)
    trainings.training_update(
        actor=personas.admin,
        training=training,
        data=h.data(place="Agadir"),
        skills=[h.skill()],
        expected_version=1,
    )
    english.force_login(personas.officer)
    response = english.post(
        reverse("capacity:training_edit", args=[training.pk]), _form(place="Taghazout", version="1")
    )
    assert response.status_code == 200
    assert "Someone else changed this record" in response.content.decode()
    training.refresh_from_db()
    assert training.place == "Agadir"


def test_cancelling_without_a_reason_is_refused_on_the_status_page(english, personas):
    training = h.training(personas.officer)
    english.force_login(personas.officer)
    response = english.post(
        reverse("capacity:training_move", args=[training.pk]), {"to": "cancelled", "reason": ""}
    )
    assert response.status_code == 200
    assert "a reason is required" in response.content.decode()
    training.refresh_from_db()
    assert training.status == "planned"


# --- certificates ---------------------------------------------------------------------------------


@pytest.fixture
def held(personas):
    """A held training; Amina (the finance officer's profile, managed by the project manager) came."""
    boss = h.profile("Rachid", user=personas.manager)
    amina = h.profile("Amina", user=personas.finance, manager=boss)
    training = h.training(personas.officer, provider=None)
    Training.objects.filter(pk=training.pk).update(status="held")
    training.refresh_from_db()
    row = Participation.objects.create(training=training, profile=amina, attendance="attended")
    return row


def test_a_program_renamed_pdf_is_refused_as_a_certificate(english, personas, held):
    english.force_login(personas.officer)
    entries = AuditEntry.objects.count()
    fake = SimpleUploadedFile("certificat.pdf", b"MZ\x90\x00" + b"\x00" * 200, content_type="application/pdf")
    response = english.post(
        reverse("capacity:training_certificate", args=[held.training_id, held.pk]), {"file": fake}
    )
    assert response.status_code == 200
    assert "does not match its name" in response.content.decode()
    held.refresh_from_db()
    assert not held.certificate and AuditEntry.objects.count() == entries


def test_a_pdf_certificate_is_kept_and_downloaded_by_the_unit_and_the_person(client, personas, held):
    client.force_login(personas.officer)
    real = SimpleUploadedFile(
        "Certificat Amina.pdf", b"%PDF-1.4 certificate\n%%EOF\n", content_type="application/pdf"
    )
    url = reverse("capacity:training_certificate", args=[held.training_id, held.pk])
    assert client.post(url, {"file": real}).status_code == 302
    held.refresh_from_db()
    assert held.certificate_name == "Certificat Amina.pdf" and len(held.certificate_sha256) == 64
    file_url = reverse("capacity:training_certificate_file", args=[held.training_id, held.pk])
    for user, status in (
        (personas.officer, 200),
        (personas.finance, 200),
        (personas.manager, 200),
        (personas.council, 403),
    ):
        client.force_login(user)
        assert client.get(file_url).status_code == status, user


def test_no_certificate_for_someone_absent(personas, held):
    Participation.objects.filter(pk=held.pk).update(attendance="absent")
    upload = SimpleUploadedFile("c.pdf", b"%PDF-1.4 x\n", content_type="application/pdf")
    with pytest.raises(ValidationError, match="Amina"):
        trainings.certificate_upload(actor=personas.officer, participation=held, upload=upload)


# --- evaluations: who reads them (literal) --------------------------------------------------------

# role → (status of the evaluation page, reads the words)
EVALUATION_READERS = {
    "administrator": (200, True),
    "finance_officer": (200, True),  # the participant themself
    "project_manager": (200, True),  # their manager
    "cooperation_officer": (200, False),  # runs the training, reads the average, not the words
    "president": (403, False),
    "auditor": (403, False),
    "council_member": (403, False),
    "prefecture": (404, False),
    "partner_viewer": (404, False),
}
WORDS = "Les exemples de budgets étaient précieux."


@pytest.mark.parametrize(("role", "expected"), EVALUATION_READERS.items())
def test_who_reads_a_participant_s_evaluation(client, personas, held, role, expected):
    trainings.evaluation_set(actor=personas.finance, participation=held, rating=4, text=WORDS)
    client.force_login(personas.by_role()[role])
    response = client.get(reverse("capacity:training_evaluation", args=[held.training_id, held.pk]))
    assert (response.status_code, WORDS in response.content.decode()) == expected


def test_another_manager_reads_no_evaluation_but_their_reports(client, personas, held):
    trainings.evaluation_set(actor=personas.finance, participation=held, rating=4, text=WORDS)
    client.force_login(personas.other_manager)
    assert (
        client.get(reverse("capacity:training_evaluation", args=[held.training_id, held.pk])).status_code
        == 403
    )


def test_the_training_page_shows_no_one_s_words_and_the_rating_only_to_its_readers(english, personas, held):
    trainings.evaluation_set(actor=personas.finance, participation=held, rating=2, text=WORDS)
    url = reverse("capacity:training", args=[held.training_id])
    for user, sees_rating in ((personas.officer, False), (personas.president, False), (personas.admin, True)):
        english.force_login(user)
        html = english.get(url).content.decode()
        assert WORDS not in html
        assert ("2 of 5" in html) is sees_rating, user
        assert "1 evaluation" in html


def test_the_unit_enters_a_paper_form_once_and_never_overwrites_the_person_s_own(personas, held):
    trainings.evaluation_set(actor=personas.officer, participation=held, rating=3, text="Sur papier")
    entry = AuditEntry.objects.get(action="capacity.evaluation_set")
    assert entry.after == {"evaluated": True, "entered_by": "unit"}  # never the words
    held.refresh_from_db()
    with pytest.raises(Exception) as refused:
        trainings.evaluation_set(actor=personas.officer, participation=held, rating=5, text="Autre")
    assert refused.type.__name__ == "PermissionDenied"
    trainings.evaluation_set(actor=personas.finance, participation=held, rating=5, text="Mes mots")
    held.refresh_from_db()
    assert (held.rating, held.evaluation) == (5, "Mes mots")


def test_the_average_is_shown_from_three_ratings(personas, held):
    training = held.training
    assert trainings.evaluation_summary(training) == {"count": 0, "average": None, "minimum": 3}
    for n, rating in enumerate((4, 5)):
        Participation.objects.create(
            training=training, profile=h.profile(f"P{n}"), attendance="attended", rating=rating
        )
    assert trainings.evaluation_summary(training)["average"] is None
    held.rating = 3
    held.save()
    summary = trainings.evaluation_summary(training)
    assert (summary["count"], str(summary["average"])) == (3, "4.0")


def test_a_rating_outside_1_to_5_is_refused_on_the_page(english, personas, held):
    english.force_login(personas.finance)
    url = reverse("capacity:training_evaluation", args=[held.training_id, held.pk])
    response = english.post(url, {"rating": "9", "evaluation": WORDS})
    assert response.status_code == 200 and WORDS in response.content.decode()
    held.refresh_from_db()
    assert held.rating is None


# --- the partner's page ---------------------------------------------------------------------------


def _partner_page(client, org):
    return client.get(reverse("partner_detail", args=[org.pk])).content.decode()


def test_a_training_given_or_paid_by_a_partner_shows_on_its_page_in_a_fixed_number_of_queries(
    english, personas, world, django_assert_num_queries
):
    org = world.organisation
    h.training(personas.officer, provider=org, provider_name="", title_ar="", title_fr="Atelier IATI")
    english.force_login(personas.officer)
    english.get(reverse("partner_detail", args=[org.pk]))  # warm the session and caches
    with django_assert_num_queries(PARTNER_PAGE_QUERIES):
        html = _partner_page(english, org)
    assert "Atelier IATI" in html and "Given by this partner" in html
    h.training(
        personas.officer,
        funder=org,
        title_ar="",
        title_fr="Cours de suivi-évaluation",
        skills=[h.skill("negotiation")],
    )
    h.training(
        personas.officer, provider=org, provider_name="", funder=org, title_ar="", title_fr="Protocole"
    )
    with django_assert_num_queries(PARTNER_PAGE_QUERIES):
        html = _partner_page(english, org)
    assert "Paid by this partner" in html and "Given and paid by this partner" in html


# The partner page as the cooperation officer sees it (the trainings section adds two queries, the
# events it sponsored one: promotion; what its IATI files say one: iati).
PARTNER_PAGE_QUERIES = 15


def test_the_trainings_section_is_for_those_who_read_the_unit_s_trainings(english, personas, world):
    org = world.organisation
    h.training(
        personas.officer,
        provider=org,
        provider_name="",
        title_ar="",
        title_fr="Atelier IATI",
        cost=Decimal("900"),
    )
    for user, sees in (
        (personas.officer, True),
        (personas.president, True),
        (personas.auditor, True),
        (personas.finance, False),
        (personas.manager, False),
        (personas.partner_viewer, False),  # the partner's own page: the commune's timeline is not shown
    ):
        english.force_login(user)
        assert ("Atelier IATI" in _partner_page(english, org)) is sees, user


# --- the list -------------------------------------------------------------------------------------


def test_the_list_filters_by_year_skill_and_status_in_a_fixed_number_of_queries(
    english, personas, django_assert_num_queries
):
    negotiation = h.skill("negotiation")
    h.training(personas.officer, title_ar="", title_fr="Atelier 2026")
    h.training(
        personas.officer,
        title_ar="",
        title_fr="Cours 2025",
        skills=[negotiation],
        starts_on=datetime.date(2025, 5, 1),
        ends_on=datetime.date(2025, 5, 2),
    )
    english.force_login(personas.president)
    url = reverse("capacity:trainings")
    english.get(url)
    with django_assert_num_queries(LIST_QUERIES):
        html = english.get(url).content.decode()
    assert "Atelier 2026" in html and "Cours 2025" in html and "Record a training" not in html
    for _ in range(5):
        h.training(personas.officer, title_ar="", title_fr="Encore")
    with django_assert_num_queries(LIST_QUERIES):
        english.get(url)
    html = english.get(url, {"year": "2025"}).content.decode()
    assert "Cours 2025" in html and "Atelier 2026" not in html
    html = english.get(url, {"skill": negotiation.pk, "status": "planned"}).content.decode()
    assert "Cours 2025" in html and "Atelier 2026" not in html
    html = english.get(url, {"status": "held", "year": "nonsense"}).content.decode()
    assert "No training matches these filters." in html


LIST_QUERIES = 7


# --- Arabic pages isolate Latin text --------------------------------------------------------------


def test_the_arabic_trainings_pages_isolate_latin_names_and_titles(client, personas, world):
    """Until the #14 demo holds trainings (the bidi walk of core/tests), the pages are checked here with
    a training entered in French only, a Latin-named partner, provider, place and participant."""
    from sharaka.core.models import User
    from sharaka.core.tests.test_bidi_isolation import unisolated

    ExchangeRate.objects.create(
        currency="EUR", date=datetime.date(2026, 3, 1), rate=Decimal("10.9"), source="BAM"
    )
    training = h.training(
        personas.officer,
        title_ar="",
        title_fr="Atelier de négociation",
        provider=world.organisation,
        provider_name="",
        funder=world.organisation,
        place="Hôtel Atlantic, Agadir",
        cost=Decimal("1200"),
        currency="EUR",
    )
    Training.objects.filter(pk=training.pk).update(status="held")
    boss = h.profile("Rachid Alami", user=personas.manager)
    row = Participation.objects.create(
        training=training,
        profile=h.profile("Karim Ouhadi", user=personas.finance, manager=boss),
        attendance="attended",
        certificate_name="Certificat Karim.pdf",
        rating=4,
        evaluation="Très utile.",
    )
    User.objects.update(language="ar")
    client.cookies["django_language"] = "ar"
    pages = {
        personas.officer: [
            reverse("capacity:trainings"),
            reverse("capacity:training", args=[training.pk]),
            reverse("capacity:training_edit", args=[training.pk]),
            reverse("capacity:training_participants", args=[training.pk]),
            reverse("capacity:training_attendance", args=[training.pk]),
            reverse("capacity:training_certificate", args=[training.pk, row.pk]),
            reverse("partner_detail", args=[world.organisation.pk]),
        ],
        personas.admin: [
            reverse("capacity:training", args=[training.pk]),
            reverse("capacity:training_evaluation", args=[training.pk, row.pk]),
        ],
    }
    found = {}
    for user, urls in pages.items():
        client.force_login(user)
        for url in urls:
            response = client.get(url)
            assert response.status_code == 200, url
            if problems := unisolated(response.content.decode()):
                found[url] = problems
    assert not found, found


def test_attendance_is_changed_in_place_on_the_training_s_page(english, personas, held):
    english.force_login(personas.officer)
    detail = english.get(reverse("capacity:training", args=[held.training_id])).content.decode()
    assert f'hx-target="#participant-{held.pk}"' in detail
    response = english.post(
        reverse("capacity:training_attendance", args=[held.training_id]),
        {f"p{held.pk}": "absent"},
        HTTP_HX_REQUEST="true",
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert html.lstrip().startswith(f'<tr id="participant-{held.pk}">')
    assert '<option value="absent" selected>' in html
    assert "certificate/" not in html  # no certificate for someone absent
    held.refresh_from_db()
    assert held.attendance == "absent"
    assert AuditEntry.objects.filter(action="capacity.attendance_set").count() == 1


def test_an_attendance_form_with_nothing_chosen_is_refused(english, personas, held):
    english.force_login(personas.officer)
    response = english.post(reverse("capacity:training_attendance", args=[held.training_id]), {})
    assert response.status_code == 200
    assert "Choose the attendance of each participant." in response.content.decode()
