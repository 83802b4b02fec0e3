import datetime

import pytest

from sharaka.core.models import AuditEntry
from sharaka.partners.models import FollowUp, Interaction
from sharaka.partners.tests.html_forms import submit

pytestmark = pytest.mark.django_db


def url(org):
    return f"/partners/{org.pk}/interactions/new/"


VISIT = {
    "kind": "visit",
    "date": "2026-12-04",
    "subject": "زيارة ميدانية إلى تامراغت",
    "summary": "Visite du site.",
}


def test_the_manager_logs_a_visit_with_two_follow_ups_in_one_go(client, world):
    client.force_login(world.personas.manager)

    response = submit(
        client,
        url(world.organisation),
        {
            **VISIT,
            "contacts": [world.contact.pk],
            "follow_up-0-description": "إرسال الصور",
            "follow_up-0-owner": world.personas.manager.pk,
            "follow_up-0-due_date": "2026-12-10",
            "follow_up-1-description": "Préparer la convention",
            "follow_up-1-owner": world.personas.officer.pk,
            "follow_up-1-due_date": "2026-12-20",
        },
        follow=True,
    )

    interaction = Interaction.objects.get(subject=VISIT["subject"])
    assert interaction.recorded_by == world.personas.manager
    assert list(interaction.contacts.all()) == [world.contact]
    assert [(f.description, f.owner, f.due_date) for f in interaction.follow_ups.all()] == [
        ("إرسال الصور", world.personas.manager, datetime.date(2026, 12, 10)),
        ("Préparer la convention", world.personas.officer, datetime.date(2026, 12, 20)),
    ]
    assert response.redirect_chain[-1][0].endswith("#timeline")
    assert "أضيف التفاعل إلى السجل الزمني" in response.content.decode()
    assert AuditEntry.objects.filter(action="interaction.create").count() == 1


def test_rows_left_empty_are_ignored(client, world):
    client.force_login(world.personas.officer)

    submit(client, url(world.organisation), VISIT)

    assert Interaction.objects.get(subject=VISIT["subject"]).follow_ups.count() == 0


def test_a_half_filled_follow_up_saves_nothing_at_all_and_keeps_what_was_typed(client, world):
    client.force_login(world.personas.officer)
    counts = Interaction.objects.count(), FollowUp.objects.count()

    response = submit(
        client,
        url(world.organisation),
        {
            **VISIT,
            "follow_up-0-description": "إرسال الصور",
            "follow_up-0-due_date": "2026-12-10",
            "follow_up-1-description": "Sans échéance",  # no due date
        },
    )

    assert response.status_code == 200
    html = response.content.decode()
    assert 'id="id_follow_up-1-due_date_error"' in html
    assert "هذا الحقل مطلوب" in html
    assert "Sans échéance" in html and "زيارة ميدانية إلى تامراغت" in html
    assert (Interaction.objects.count(), FollowUp.objects.count()) == counts


def test_a_follow_up_is_owned_by_staff_only(client, world):
    client.force_login(world.personas.officer)

    page = client.get(url(world.organisation)).content.decode()

    assert f'<option value="{world.personas.council.pk}">' in page
    assert f'<option value="{world.personas.partner_viewer.pk}">' not in page
    assert f'<option value="{world.personas.prefecture.pk}">' not in page


def test_people_met_are_the_organisations_own_contacts(client, world):
    client.force_login(world.personas.officer)

    response = submit(client, url(world.other_organisation), {**VISIT, "contacts": [world.contact.pk]})

    assert response.status_code == 200
    assert not Interaction.objects.filter(subject=VISIT["subject"]).exists()


@pytest.mark.parametrize(
    ("persona", "status"), [("finance", 403), ("auditor", 403), ("partner_viewer", 403), ("prefecture", 404)]
)
def test_readers_may_not_log_interactions(client, world, persona, status):
    client.force_login(getattr(world.personas, persona))

    assert client.post(url(world.organisation), VISIT).status_code == status
    assert not Interaction.objects.filter(subject=VISIT["subject"]).exists()
