import pytest

from sharaka.core.models import AuditEntry

pytestmark = pytest.mark.django_db


def url(world, follow_up=None):
    return f"/partners/{world.organisation.pk}/follow-ups/{(follow_up or world.follow_up).pk}/done/"


def test_htmx_gets_back_only_the_follow_up_row_now_done(client, world):
    client.force_login(world.personas.officer)

    response = client.post(url(world), HTTP_HX_REQUEST="true")

    assert response.status_code == 200
    html = response.content.decode()
    assert html.lstrip().startswith(f'<li id="follow-up-{world.follow_up.pk}"')
    assert "<html" not in html
    assert "أُنجز في" in html
    world.follow_up.refresh_from_db()
    assert world.follow_up.done_at is not None


def test_without_javascript_it_returns_to_the_partner_page_with_a_message(client, world):
    client.force_login(world.personas.manager)

    response = client.post(url(world), follow=True)

    assert (
        response.redirect_chain[-1][0] == f"/partners/{world.organisation.pk}/#follow-up-{world.follow_up.pk}"
    )
    assert "تم تأكيد إنجاز الإجراء" in response.content.decode()
    assert AuditEntry.objects.filter(action="follow_up.complete", actor=world.personas.manager).exists()


def test_its_owner_may_mark_it_done_even_without_the_right_to_log_interactions(client, world):
    world.follow_up.owner = world.personas.finance
    world.follow_up.save()
    client.force_login(world.personas.finance)

    assert client.post(url(world)).status_code == 302


@pytest.mark.parametrize(
    ("persona", "status"), [("finance", 403), ("partner_viewer", 404), ("prefecture", 404)]
)
def test_others_may_not(client, world, persona, status):
    client.force_login(getattr(world.personas, persona))

    assert client.post(url(world)).status_code == status
    world.follow_up.refresh_from_db()
    assert world.follow_up.done_at is None


def test_a_follow_up_is_reached_only_through_its_own_organisation(client, world):
    client.force_login(world.personas.officer)

    response = client.post(f"/partners/{world.other_organisation.pk}/follow-ups/{world.follow_up.pk}/done/")

    assert response.status_code == 404
