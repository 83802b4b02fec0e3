import pytest

from sharaka.core.models import AuditEntry
from sharaka.partners.services import organisation_update
from sharaka.partners.tests.html_forms import read_form, submit

pytestmark = pytest.mark.django_db


def url(org):
    return f"/partners/{org.pk}/edit/"


def test_the_officer_edits_a_partner_through_the_form(client, world):
    client.force_login(world.personas.officer)

    response = submit(client, url(world.organisation), {"stage": "strategic"}, follow=True)

    world.organisation.refresh_from_db()
    assert world.organisation.stage == "strategic"
    assert world.organisation.version == 2
    assert "تم حفظ التعديلات" in response.content.decode()
    assert AuditEntry.objects.get(action="organisation.update").after == {"stage": "strategic"}


def test_the_form_carries_the_version_it_was_opened_on(client, world):
    client.force_login(world.personas.officer)

    form = read_form(client.get(url(world.organisation)).content.decode())

    assert form["values"]["version"] == ["1"]


def test_a_second_save_over_someone_elses_is_refused_with_the_typed_text_kept(client, world):
    client.force_login(world.personas.officer)
    page = client.get(url(world.organisation))
    form = read_form(page.content.decode())
    # Meanwhile the administrator saves the same partner.
    organisation_update(
        actor=world.personas.admin,
        organisation=world.organisation,
        data={"stage": "dormant"},
        expected_version=1,
    )
    data = {k: v if len(v) > 1 else v[0] for k, v in form["values"].items()}
    data["description_fr"] = "Ma description, tapée pendant ce temps."

    response = client.post(url(world.organisation), data)

    assert response.status_code == 200
    html = response.content.decode()
    assert "غيّر شخص آخر هذا الشريك" in html
    assert "Ma description, tapée pendant ce temps." in html
    world.organisation.refresh_from_db()
    assert world.organisation.stage == "dormant"
    assert world.organisation.description_fr == ""
    assert AuditEntry.objects.filter(action="organisation.update").count() == 1


def test_a_foreign_state_stays_one(client, world):
    world.other_organisation.legal_type = "foreign_state"
    world.other_organisation.iati_identifier = ""
    world.other_organisation.save()
    client.force_login(world.personas.admin)

    response = submit(client, url(world.other_organisation), {"legal_type": "intergovernmental"})

    assert response.status_code == 200
    assert "لا يمكن تغيير صفتها القانونية" in response.content.decode()
    world.other_organisation.refresh_from_db()
    assert world.other_organisation.legal_type == "foreign_state"


@pytest.mark.parametrize(
    ("persona", "status"),
    [("officer", 200), ("manager", 403), ("finance", 403), ("council", 403), ("prefecture", 404)],
)
def test_only_editors_may_edit(client, world, persona, status):
    client.force_login(getattr(world.personas, persona))

    assert client.get(url(world.organisation)).status_code == status


def test_a_partner_viewer_may_read_but_not_edit_its_own_organisation_and_cannot_see_another(client, world):
    client.force_login(world.personas.partner_viewer)

    assert client.get(url(world.organisation)).status_code == 403
    assert client.get(url(world.other_organisation)).status_code == 404
