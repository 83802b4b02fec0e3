"""The staff pages as their readers use them: the list and its filter, a profile showing progress over
time and the gap against the position, recording an assessment with each level's words on the form,
the catalogue and what each position needs, and the services' refusals."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from sharaka.capacity import services
from sharaka.capacity.expectations.staff import world_staff
from sharaka.capacity.models import Position, Requirement, Skill, SkillLevel, StaffProfile
from sharaka.core.models import AuditEntry
from sharaka.core.services import ConcurrentEdit


@pytest.mark.django_db
def test_the_catalogue_holds_eight_skills_with_five_described_levels_and_five_positions():
    assert set(Skill.objects.values_list("code", flat=True)) == {
        "negotiation",
        "proposal_writing",
        "donor_financial_reporting",
        "monitoring_evaluation",
        "iati_publishing",
        "procurement_donor_rules",
        "project_management",
        "protocol_delegations",
    }
    assert SkillLevel.objects.count() == 40
    assert not SkillLevel.objects.filter(description_ar="").exists()
    assert Position.objects.count() == 5
    assert Requirement.objects.count() == 40
    words = SkillLevel.objects.get(skill__code="proposal_writing", level=3)
    assert "EU call alone" in words.description_en


@pytest.mark.django_db
def test_the_staff_list_filters_by_position_in_a_fixed_number_of_queries(
    client, world, django_assert_max_num_queries
):
    world_staff(world)
    client.force_login(world.personas.president)
    finance = Position.objects.get(code="finance_officer")
    with django_assert_max_num_queries(12):
        response = client.get(reverse("capacity:staff"), {"position": finance.pk})
    body = response.content.decode()
    assert "Nadia Bouzid" in body and "Samira Idrissi" not in body
    assert "Hassan" in client.get(reverse("capacity:staff")).content.decode()


@pytest.mark.django_db
def test_the_profile_shows_self_and_manager_side_by_side_and_the_gap(
    client, world, django_assert_max_num_queries
):
    person = world_staff(world)
    world.personas.manager.language = "en"
    world.personas.manager.save()
    client.force_login(world.personas.manager)
    with django_assert_max_num_queries(25):
        response = client.get(reverse("capacity:profile", kwargs={"pk": person.pk}))
    body = response.content.decode()
    # Negotiation: self 2, manager 2; the cooperation officer's post needs 3: one level short.
    assert "Short of the need by 1" in body
    assert 'value="2"' in body and "2 / 4" in body
    assert "Record a manager&#x27;s assessment" in body or "Record a manager's assessment" in body


@pytest.mark.django_db
def test_the_assessment_form_shows_what_each_level_means_for_each_skill(client, world):
    person = world_staff(world)
    client.force_login(world.personas.officer)
    body = client.get(reverse("capacity:assess", kwargs={"pk": person.pk}) + "?kind=self").content.decode()
    assert "يكتب وحده مقترحاً كاملاً لطلب تمويل من الاتحاد الأوروبي" in body
    assert body.count('type="radio"') == 8 * 6


@pytest.mark.django_db
def test_an_officer_records_a_self_assessment_and_reads_it(client, world):
    person = world_staff(world)
    world.personas.officer.language = "en"
    world.personas.officer.save()
    client.force_login(world.personas.officer)
    skill = Skill.objects.get(code="iati_publishing")
    response = client.post(
        reverse("capacity:assess", kwargs={"pk": person.pk}),
        {
            "kind": "self",
            "assessed_on": "2026-11-30",
            f"level_{skill.pk}": "3",
            f"comment_{skill.pk}": "Portail",
        },
        follow=True,
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert "3 · Autonomous" in body and "Portail" in body


@pytest.mark.django_db
def test_the_unit_changes_what_a_position_needs(client, world):
    client.force_login(world.personas.officer)
    position = Position.objects.get(code="finance_officer")
    skill = Skill.objects.get(code="negotiation")
    url = reverse("capacity:position_needs", kwargs={"pk": position.pk})
    data = {f"need_{s.pk}": str(r) for s, r in ((r.skill, r.level) for r in position.requirements.all())}
    data[f"need_{skill.pk}"] = "2"
    assert client.post(url, data).status_code == 302
    assert Requirement.objects.get(position=position, skill=skill).level == 2
    assert AuditEntry.objects.filter(action="position.requirements").count() == 1
    # The president reads the catalogue, not its editing.
    client.force_login(world.personas.president)
    assert client.get(reverse("capacity:skills")).status_code == 200
    assert client.post(url, data).status_code == 403


@pytest.mark.django_db
def test_a_profile_saved_by_someone_else_meanwhile_is_not_overwritten(world):
    person = world_staff(world)
    services.profile_update(
        actor=world.personas.officer, profile=person, data={"service": "Division"}, expected_version=1
    )
    with pytest.raises(ConcurrentEdit):
        services.profile_update(
            actor=world.personas.admin, profile=person, data={"service": "Autre"}, expected_version=1
        )
    assert StaffProfile.objects.get(pk=person.pk).service == "Division"


@pytest.mark.django_db
def test_a_manager_chain_that_loops_is_refused(world):
    world_staff(world)
    head = world.extra["staff_head"]
    with pytest.raises(ValidationError):
        services.profile_update(
            actor=world.personas.admin,
            profile=head,
            data={"manager": world.extra["staff_officer"]},
            expected_version=head.version,
        )


@pytest.mark.django_db
def test_languages_are_set_with_levels_and_only_by_the_unit(world):
    person = world_staff(world)
    services.languages_set(actor=world.personas.officer, profile=person, levels={"ar": 4, "fr": 3, "zgh": 2})
    assert dict(person.languages.values_list("language", "level")) == {"ar": 4, "fr": 3, "zgh": 2}
    services.languages_set(actor=world.personas.officer, profile=person, levels={"zgh": None})
    assert set(person.languages.values_list("language", flat=True)) == {"ar", "fr"}
    with pytest.raises(PermissionDenied):
        services.languages_set(actor=world.personas.manager, profile=person, levels={"en": 1})


@pytest.mark.django_db
def test_someone_without_a_profile_is_told_so(client, world):
    world_staff(world)
    world.personas.president.language = "en"
    world.personas.president.save()
    client.force_login(world.personas.president)
    response = client.get(reverse("capacity:me"))
    assert response.status_code == 200
    assert "no staff profile" in response.content.decode()
    client.force_login(world.personas.officer)
    assert client.get(reverse("capacity:me")).url == reverse(
        "capacity:profile", kwargs={"pk": world.extra["staff_officer"].pk}
    )


def test_an_assessment_date_must_be_between_2000_and_today():
    with pytest.raises(ValidationError):
        services.validate_assessed_on(datetime.date(1999, 12, 31))
    services.validate_assessed_on(datetime.date(2000, 1, 1))
