"""Creating and correcting a staff profile and its languages through the unit's pages: what is typed
stays on the page when it is refused, a form opened before someone else's save is refused, a loop of
managers is refused, every save grows the ledger; and who may open these pages, from a literal table."""

import pytest
from django.urls import reverse

from sharaka.capacity.expectations.staff import world_staff
from sharaka.capacity.models import Position, StaffProfile
from sharaka.core.models import AuditEntry

# Who may create and correct profiles (capacity.manage), written out here rather than read from the
# roles module: the unit's administrator and cooperation officer; the commune's other staff are
# refused (403); outsiders do not find the pages (404); a visitor is sent to sign in (302).
EXPECTED = {
    "administrator": 200,
    "cooperation_officer": 200,
    "finance_officer": 403,
    "project_manager": 403,
    "president": 403,
    "council_member": 403,
    "auditor": 403,
    "prefecture": 404,
    "partner_viewer": 404,
    "anonymous": 302,
}


def _form(person, **changes):
    data = {
        "full_name": person.full_name,
        "position": person.position_id,
        "service": person.service,
        "email": person.email,
        "is_active": "on",
        "version": person.version,
    }
    if person.user_id:
        data["user"] = person.user_id
    if person.manager_id:
        data["manager"] = person.manager_id
    data.update(changes)
    return {k: v for k, v in data.items() if v is not None}


def _in_english(client, user):
    user.language = "en"
    user.save()
    client.force_login(user)


@pytest.mark.django_db
@pytest.mark.parametrize("role", list(EXPECTED))
def test_who_may_open_and_post_the_profile_forms(client, world, role):
    person = world_staff(world)
    if role != "anonymous":
        client.force_login(world.personas.by_role()[role])
    urls = [
        reverse("capacity:profile_add"),
        reverse("capacity:profile_edit", kwargs={"pk": person.pk}),
        reverse("capacity:profile_languages", kwargs={"pk": person.pk}),
    ]
    for url in urls:
        assert client.get(url).status_code == EXPECTED[role], url
    ledger = AuditEntry.objects.count()
    posted = client.post(urls[2], {"level_en": "2"}).status_code
    if EXPECTED[role] == 200:
        assert posted == 302
        assert AuditEntry.objects.count() == ledger + 1
    else:
        assert posted == EXPECTED[role]
        assert AuditEntry.objects.count() == ledger
        assert not person.languages.exists()


@pytest.mark.django_db
def test_the_buttons_show_only_for_those_who_may(client, world):
    person = world_staff(world)
    _in_english(client, world.personas.officer)
    assert "Add a person" in client.get(reverse("capacity:staff")).content.decode()
    body = client.get(reverse("capacity:profile", kwargs={"pk": person.pk})).content.decode()
    assert reverse("capacity:profile_edit", kwargs={"pk": person.pk}) in body
    assert reverse("capacity:profile_languages", kwargs={"pk": person.pk}) in body
    _in_english(client, world.personas.president)
    assert "Add a person" not in client.get(reverse("capacity:staff")).content.decode()
    body = client.get(reverse("capacity:profile", kwargs={"pk": person.pk})).content.decode()
    assert reverse("capacity:profile_edit", kwargs={"pk": person.pk}) not in body


@pytest.mark.django_db
def test_the_unit_adds_a_person_without_an_account_and_the_ledger_grows(client, world):
    world_staff(world)
    _in_english(client, world.personas.officer)
    head = world.extra["staff_head"]
    ledger = AuditEntry.objects.count()
    response = client.post(
        reverse("capacity:profile_add"),
        {
            "full_name": "Youssef Ait Lahcen",
            "position": Position.objects.get(code="project_manager").pk,
            "service": "Projets",
            "manager": head.pk,
            "email": "y.aitlahcen@aourir.ma",
            "is_active": "on",
        },
        follow=True,
    )
    person = StaffProfile.objects.get(full_name="Youssef Ait Lahcen")
    assert response.redirect_chain[-1][0] == reverse("capacity:profile", kwargs={"pk": person.pk})
    assert "was created" in response.content.decode()
    assert person.manager == head and person.user is None and person.is_active
    assert AuditEntry.objects.filter(action="staff_profile.create").count() == 1
    assert AuditEntry.objects.count() == ledger + 1


@pytest.mark.django_db
def test_bad_input_stays_on_the_page_and_nothing_is_saved(client, world):
    person = world_staff(world)
    _in_english(client, world.personas.officer)
    count, ledger = StaffProfile.objects.count(), AuditEntry.objects.count()
    response = client.post(
        reverse("capacity:profile_add"),
        {"full_name": "Karima Oubaha", "service": "Accueil", "email": "not an address"},
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert 'value="Karima Oubaha"' in body and 'value="Accueil"' in body
    assert "Enter a valid email address." in body and "This field is required." in body
    # An account already linked to another profile is refused beside the field.
    response = client.post(
        reverse("capacity:profile_add"),
        _form(person, full_name="Samira Idrissi (2)", version=None),
    )
    assert response.status_code == 200
    assert "already exists" in response.content.decode()
    assert StaffProfile.objects.count() == count and AuditEntry.objects.count() == ledger


@pytest.mark.django_db
def test_the_unit_corrects_a_profile_and_the_ledger_grows(client, world):
    person = world_staff(world)
    _in_english(client, world.personas.admin)
    url = reverse("capacity:profile_edit", kwargs={"pk": person.pk})
    assert 'value="Samira Idrissi"' in client.get(url).content.decode()
    response = client.post(url, _form(person, service="Coopération décentralisée", is_active=None))
    assert response.status_code == 302
    person.refresh_from_db()
    assert person.service == "Coopération décentralisée" and not person.is_active and person.version == 2
    entry = AuditEntry.objects.get(action="staff_profile.update")
    assert entry.after == {"service": "Coopération décentralisée", "is_active": False}


@pytest.mark.django_db
def test_a_form_opened_before_someone_elses_save_is_refused_and_keeps_what_was_typed(client, world):
    person = world_staff(world)
    _in_english(client, world.personas.officer)
    url = reverse("capacity:profile_edit", kwargs={"pk": person.pk})
    stale = _form(person, service="Service typed on the old form")
    assert client.post(url, _form(person, service="Division de la coopération")).status_code == 302
    ledger = AuditEntry.objects.count()
    response = client.post(url, stale)
    body = response.content.decode()
    assert response.status_code == 200
    assert "Someone else changed this record" in body
    assert 'value="Service typed on the old form"' in body
    person.refresh_from_db()
    assert person.service == "Division de la coopération" and person.version == 2
    assert AuditEntry.objects.count() == ledger


@pytest.mark.django_db
def test_a_loop_of_managers_is_refused_on_the_page(client, world):
    world_staff(world)
    head, officer = world.extra["staff_head"], world.extra["staff_officer"]
    _in_english(client, world.personas.admin)
    url = reverse("capacity:profile_edit", kwargs={"pk": head.pk})
    # The head of unit managed by the officer, who is managed by the head: a loop.
    response = client.post(url, _form(head, manager=officer.pk))
    assert response.status_code == 200
    assert "cannot be their own manager" in response.content.decode()
    head.refresh_from_db()
    assert head.manager is None and head.version == 1
    # Nor can a person be picked as their own manager: they are not in the list.
    response = client.post(url, _form(head, manager=head.pk))
    assert response.status_code == 200 and "Select a valid choice" in response.content.decode()


@pytest.mark.django_db
def test_the_unit_sets_languages_with_levels_and_removes_one(client, world):
    person = world_staff(world)
    _in_english(client, world.personas.officer)
    url = reverse("capacity:profile_languages", kwargs={"pk": person.pk})
    body = client.get(url).content.decode()
    for language in ("Arabic", "French", "English", "Tamazight", "Spanish"):
        assert language in body
    assert client.post(url, {"level_ar": "4", "level_fr": "3", "level_zgh": "2"}).status_code == 302
    assert dict(person.languages.values_list("language", "level")) == {"ar": 4, "fr": 3, "zgh": 2}
    page = client.get(reverse("capacity:profile", kwargs={"pk": person.pk})).content.decode()
    assert "Tamazight" in page
    # The form opens on what is recorded; emptying a language removes it.
    assert 'value="2" selected' in client.get(url).content.decode()
    assert client.post(url, {"level_ar": "4", "level_fr": "3"}).status_code == 302
    assert set(person.languages.values_list("language", flat=True)) == {"ar", "fr"}
    assert AuditEntry.objects.filter(action="staff_profile.languages").count() == 2
    # A level outside 0-4 stays on the page with a message; nothing changes.
    response = client.post(url, {"level_ar": "7", "level_fr": "3"})
    assert response.status_code == 200 and "Select a valid choice" in response.content.decode()
    assert dict(person.languages.values_list("language", "level")) == {"ar": 4, "fr": 3}
    assert AuditEntry.objects.filter(action="staff_profile.languages").count() == 2
