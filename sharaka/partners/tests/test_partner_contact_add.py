import pytest

from sharaka.core.models import AuditEntry
from sharaka.partners.models import Contact
from sharaka.partners.tests.html_forms import submit

pytestmark = pytest.mark.django_db


def url(org):
    return f"/partners/{org.pk}/contacts/new/"


def test_the_officer_adds_a_contact_through_the_form(client, world):
    client.force_login(world.personas.officer)

    response = submit(
        client,
        url(world.organisation),
        {
            "name": "Nadia Ouali",
            "email": "nadia@example.org",
            "phone": "+212 528 11 22 33",
            "is_primary": "on",
        },
        follow=True,
    )

    contact = world.organisation.contacts.get(name="Nadia Ouali")
    assert contact.is_primary
    assert response.redirect_chain[-1][0] == f"/partners/{world.organisation.pk}/#contacts"
    assert "تمت إضافة جهة الاتصال" in response.content.decode()
    assert AuditEntry.objects.filter(action="contact.create").exists()


def test_bad_input_is_shown_in_arabic_beside_the_field_and_nothing_is_saved(client, world):
    client.force_login(world.personas.officer)

    response = submit(
        client, url(world.organisation), {"name": "Nadia Ouali", "email": "nadia@", "phone": "call me"}
    )

    assert response.status_code == 200
    html = response.content.decode()
    assert 'id="id_email_error"' in html
    assert "عنوان بريد إلكتروني صحيح" in html  # Django's own Arabic message
    assert "اكتب رقم الهاتف بالأرقام" in html
    assert 'value="Nadia Ouali"' in html
    assert not Contact.objects.filter(name="Nadia Ouali").exists()


@pytest.mark.parametrize(
    ("persona", "status"), [("manager", 403), ("auditor", 403), ("partner_viewer", 403), ("prefecture", 404)]
)
def test_only_editors_may_add_contacts(client, world, persona, status):
    client.force_login(getattr(world.personas, persona))

    assert client.get(url(world.organisation)).status_code == status
    assert client.post(url(world.organisation), {"name": "Intrus"}).status_code == status
    assert not Contact.objects.filter(name="Intrus").exists()
