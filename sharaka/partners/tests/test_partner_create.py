import pytest

from sharaka.core.models import AuditEntry, Theme
from sharaka.partners.models import Organisation
from sharaka.partners.tests.html_forms import submit

pytestmark = pytest.mark.django_db
URL = "/partners/new/"

UNICEF = {
    "name_ar": "منظمة الأمم المتحدة للطفولة",
    "name_fr": "Fonds des Nations unies pour l'enfance",
    "acronym": "UNICEF",
    "model": "un_agency",
    "legal_type": "intergovernmental",
    "country": "US",
    "stage": "prospect",
    "iati_identifier": "XM-DAC-41122",
    "iati_type": "40",
}


def test_the_officer_adds_a_partner_through_the_form(client, personas):
    client.force_login(personas.officer)
    social = Theme.objects.get(kind="area", code="social")

    response = submit(client, URL, {**UNICEF, "focus_areas": [social.pk]}, follow=True)

    org = Organisation.objects.get(acronym="UNICEF")
    assert response.redirect_chain[-1][0] == f"/partners/{org.pk}/"
    assert "تمت إضافة الشريك" in response.content.decode()
    assert list(org.focus_areas.all()) == [social]
    assert AuditEntry.objects.filter(action="organisation.create", actor=personas.officer).exists()


def test_without_any_name_it_says_so_in_arabic_beside_the_field_keeps_the_input_and_saves_nothing(
    client, personas
):
    client.force_login(personas.officer)

    response = submit(client, URL, {**UNICEF, "name_ar": "", "name_fr": "  "})

    assert response.status_code == 200
    html = response.content.decode()
    assert "اكتب اسم الهيئة بلغة واحدة على الأقل" in html
    assert 'id="id_name_ar_error"' in html
    assert 'value="XM-DAC-41122"' in html  # what was typed is still there
    assert not Organisation.objects.filter(acronym="UNICEF").exists()


def test_a_malformed_iati_identifier_is_explained_in_arabic(client, personas):
    client.force_login(personas.officer)

    response = submit(client, URL, {**UNICEF, "iati_identifier": "XM DAC 41122"})

    assert response.status_code == 200
    html = response.content.decode()
    assert "ليس معرّف منظمة وفق معيار IATI" in html
    assert 'value="XM DAC 41122"' in html
    assert not Organisation.objects.filter(acronym="UNICEF").exists()


def test_a_missing_country_is_refused_with_djangos_arabic_message(client, personas):
    client.force_login(personas.officer)

    response = submit(client, URL, {**UNICEF, "country": ""})

    assert response.status_code == 200
    assert "هذا الحقل مطلوب" in response.content.decode()
    assert not Organisation.objects.filter(acronym="UNICEF").exists()


def test_invisible_direction_controls_are_removed_from_what_is_typed(client, personas):
    client.force_login(personas.officer)

    submit(
        client, URL, {**UNICEF, "name_fr": "Fonds\u202e des Nations unies\u200f", "acronym": "UNI\u2066CEF"}
    )

    org = Organisation.objects.get(acronym="UNICEF")
    assert org.name_fr == "Fonds des Nations unies"


@pytest.mark.parametrize(
    ("persona", "status"),
    [
        ("admin", 200),
        ("officer", 200),
        ("manager", 403),
        ("president", 403),
        ("auditor", 403),
        ("partner_viewer", 404),
    ],
)
def test_only_editors_may_open_the_form(client, personas, persona, status):
    client.force_login(getattr(personas, persona))

    assert client.get(URL).status_code == status
    assert client.post(URL, UNICEF).status_code == (302 if status == 200 else status)
