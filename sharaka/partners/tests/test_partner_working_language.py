"""A partner's working language: set on the partner's form, shown on its page, and the language its
donor financial reports are written in unless the finance officer chooses another."""

import pytest

from sharaka.core.models import AuditEntry
from sharaka.partners.tests.html_forms import submit

pytestmark = pytest.mark.django_db


def test_the_officer_sets_the_working_language_and_the_page_shows_it(client, world):
    client.force_login(world.personas.officer)
    org = world.organisation

    response = submit(client, f"/partners/{org.pk}/edit/", {"working_language": "fr"}, follow=True)

    org.refresh_from_db()
    assert org.working_language == "fr"
    assert AuditEntry.objects.get(action="organisation.update").after == {"working_language": "fr"}
    html = response.content.decode()
    assert "<dt>لغة العمل</dt><dd>الفرنسية</dd>" in html  # "Working language: French", in Arabic


def test_the_form_refuses_a_language_the_commune_does_not_write_in(client, world):
    client.force_login(world.personas.officer)
    org = world.organisation

    response = submit(client, f"/partners/{org.pk}/edit/", {"working_language": "zgh"})

    assert response.status_code == 200
    org.refresh_from_db()
    assert org.working_language == ""
