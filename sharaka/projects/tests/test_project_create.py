"""Creating a project: the service's rules and the page that submits them."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from sharaka.core.models import AuditEntry, SearchEntry, Theme
from sharaka.core.search import matching_ids
from sharaka.projects.models import Project
from sharaka.projects.services import project_create
from sharaka.projects.tests.helpers import arabic, submit

URL = reverse("project_create")


# The service


def test_it_creates_a_project_with_its_history_audit_and_search_entry(personas):
    project = project_create(
        actor=personas.officer,
        data={"code": "AOU-2026-001", "title_ar": "تهيئة الأحياء", "summary_fr": "Mise à niveau urbaine"},
        themes=Theme.objects.filter(kind="area", code="urban"),
        sectors=[("43030", 100)],
    )

    assert project.status == "idea"
    assert [t.code for t in project.themes.all()] == ["urban"]
    assert list(project.sectors.values_list("code", "percentage")) == [("43030", 100)]
    first = project.status_changes.get()
    assert (first.old_status, first.new_status, first.changed_by) == ("", "idea", personas.officer)
    assert AuditEntry.objects.filter(action="project.create", object_id=str(project.pk)).exists()
    assert list(matching_ids("project", "الاحياء").values_list("object_id", flat=True)) == [project.pk]


def test_it_refuses_a_project_without_any_title(personas):
    with pytest.raises(ValidationError) as refused:
        project_create(
            actor=personas.officer, data={"code": "AOU-X", "title_ar": " ", "summary_fr": "Résumé"}
        )

    assert "title_ar" in refused.value.message_dict
    assert not Project.objects.exists()
    assert not AuditEntry.objects.exists()


@pytest.mark.parametrize("title", ["title_ar", "title_fr", "title_en"])
def test_it_accepts_a_title_in_any_one_language(personas, title):
    project = project_create(actor=personas.officer, data={"code": "AOU-X", title: "Titre"})

    assert getattr(project, title) == "Titre"


@pytest.mark.parametrize(
    "sectors",
    [[("14010", 60), ("23210", 30)], [("14010", 60), ("23210", 50)], [("99999", 100)]],
    ids=["under-100", "over-100", "unknown-code"],
)
def test_it_refuses_sectors_that_do_not_add_up_or_do_not_exist(personas, sectors):
    with pytest.raises(ValidationError) as refused:
        project_create(actor=personas.officer, data={"code": "AOU-X", "title_fr": "Titre"}, sectors=sectors)

    assert "sectors" in refused.value.message_dict
    assert not Project.objects.exists()  # the whole creation is undone, not only the sectors
    assert not SearchEntry.objects.exists()


def test_it_refuses_a_planned_end_before_the_start(personas):
    import datetime

    with pytest.raises(ValidationError) as refused:
        project_create(
            actor=personas.officer,
            data={
                "code": "AOU-X",
                "title_fr": "Titre",
                "planned_start": datetime.date(2027, 1, 1),
                "planned_end": datetime.date(2026, 1, 1),
            },
        )

    assert "planned_end" in refused.value.message_dict


# The page


def _open(client, user):
    client.force_login(user)
    return client.get(URL)


def test_it_creates_a_project_from_the_form(client, personas, localities):
    page = _open(client, personas.officer)
    urban = Theme.objects.get(kind="area", code="urban")
    goal = Theme.objects.get(kind="sdg", code="11")

    response = submit(
        client,
        page,
        {
            "code": "AOU-2026-014",
            "title_ar": "تأهيل حي تامراغت",
            "title_fr": "Mise à niveau du quartier de Tamraght",
            "pac_reference": "PAC 3.2",
            "priority": "1",
            "areas": [str(urban.pk)],
            "sdgs": [str(goal.pk)],
            "localities": [str(localities[1].pk)],
            "beneficiaries_women": "1200",
            "beneficiaries_youth": "800",
            "planned_start": "2027-01-01",
            "planned_end": "2028-06-30",
            "manager": str(personas.manager.pk),
            "sectors-0-code": "43030",
            "sectors-0-percentage": "70",
            "sectors-1-code": "14021",
            "sectors-1-percentage": "30",
        },
    )

    project = Project.objects.get(code="AOU-2026-014")
    assert response.status_code == 302
    assert response["Location"] == project.get_absolute_url()
    assert set(project.themes.all()) == {urban, goal}
    assert list(project.localities.all()) == [localities[1]]
    assert sorted(project.sectors.values_list("code", "percentage")) == [("14021", 30), ("43030", 70)]
    assert project.manager == personas.manager
    assert project.beneficiaries_total == 2000


def test_it_takes_a_single_sector_as_the_whole_project(client, personas):
    page = _open(client, personas.officer)

    submit(client, page, {"code": "AOU-1", "title_fr": "Titre", "sectors-0-code": "14010"})

    assert list(Project.objects.get().sectors.values_list("code", "percentage")) == [("14010", 100)]


def test_it_shows_bad_input_in_arabic_beside_the_field_and_keeps_what_was_typed(client, personas):
    page = _open(client, personas.officer)

    response = submit(
        client,
        page,
        {
            "code": "",
            "title_fr": "Dessalement à Imi Miki",
            "sectors-0-code": "14010",
            "sectors-0-percentage": "60",
            "sectors-1-code": "23210",
            "sectors-1-percentage": "30",
        },
    )

    html = response.content.decode()
    assert response.status_code == 200
    assert 'id="id_code_error">هذا الحقل مطلوب.' in html
    assert arabic("The sector percentages must add up to 100.") in html
    assert 'value="Dessalement à Imi Miki"' in html
    assert 'value="23210"' in html
    assert not Project.objects.exists()
    assert not AuditEntry.objects.exists()


def test_it_asks_for_a_title_in_at_least_one_language(client, personas):
    page = _open(client, personas.officer)

    response = submit(client, page, {"code": "AOU-1", "summary_fr": "Un résumé sans titre"})

    assert response.status_code == 200
    assert 'id="id_title_ar_error"' in response.content.decode()
    assert "Un résumé sans titre" in response.content.decode()
    assert not Project.objects.exists()


def test_it_refuses_dates_out_of_order_beside_the_end_date(client, personas):
    page = _open(client, personas.officer)

    response = submit(
        client,
        page,
        {"code": "AOU-1", "title_fr": "Titre", "planned_start": "2027-05-01", "planned_end": "2027-01-01"},
    )

    html = response.content.decode()
    assert response.status_code == 200
    assert (
        'id="id_planned_end_error">' + arabic("The planned end cannot be before the planned start.") in html
    )
    assert not Project.objects.exists()


def test_it_refuses_a_code_already_taken(client, personas):
    from sharaka.core.testing import make_project

    make_project(code="AOU-1")
    page = _open(client, personas.officer)

    response = submit(client, page, {"code": "AOU-1", "title_fr": "Autre"})

    assert response.status_code == 200
    assert 'id="id_code_error"' in response.content.decode()
    assert Project.objects.count() == 1


def test_it_refuses_a_sector_code_that_does_not_exist(client, personas):
    page = _open(client, personas.officer)

    response = submit(client, page, {"code": "AOU-1", "title_fr": "T", "sectors-0-code": "99999"})

    assert response.status_code == 200
    assert 'id="id_sectors-0-code_error"' in response.content.decode()
    assert not Project.objects.exists()


def test_it_refuses_garbage_without_a_server_error(client, personas):
    page = _open(client, personas.officer)

    response = submit(
        client,
        page,
        {
            "code": "AOU-1",
            "title_fr": "T",
            "priority": "9",
            "beneficiaries_women": "-3",
            "planned_start": "31/31/2027",
            "manager": "999999",
            "areas": ["nope"],
            "sectors-0-percentage": "abc",
            "sectors-TOTAL_FORMS": "5000",
        },
    )

    assert response.status_code == 200
    assert not Project.objects.exists()


def test_it_strips_invisible_direction_overrides_from_what_is_typed(client, personas):
    page = _open(client, personas.officer)

    submit(client, page, {"code": "AOU-\u202e1", "title_ar": "\u202bمشروع\u202c الماء\u200f"})

    project = Project.objects.get()
    assert (project.code, project.title_ar) == ("AOU-1", "مشروع الماء")


def test_it_offers_as_managers_only_active_staff_who_may_manage(client, personas):
    from sharaka.core.testing import make_user

    make_user("gone", "project_manager", is_active=False)
    page = _open(client, personas.officer)
    html = page.content.decode()
    html = html[html.index('name="manager"') : html.index("</select>", html.index('name="manager"'))]

    for user in (personas.manager, personas.admin):
        assert f'<option value="{user.pk}">' in html
    assert f'<option value="{personas.officer.pk}" selected>' in html  # the creator, by default
    for user in (personas.finance, personas.auditor, personas.partner_viewer):
        assert f'<option value="{user.pk}"' not in html
    assert ">gone<" not in html


@pytest.mark.parametrize(
    ("persona", "status"),
    [
        ("admin", 200),
        ("officer", 200),
        ("manager", 403),
        ("finance", 403),
        ("president", 403),
        ("council", 403),
        ("auditor", 403),
        ("partner_viewer", 403),
        ("prefecture", 404),
    ],
)
def test_it_lets_only_the_unit_create_projects(client, personas, persona, status):
    client.force_login(getattr(personas, persona))
    data = {"code": "AOU-1", "title_fr": "T", "priority": "2", "sectors-TOTAL_FORMS": "0"}
    data |= {"sectors-INITIAL_FORMS": "0"} | {
        f"beneficiaries_{g}": "0" for g in ("women", "youth", "disabled", "other")
    }

    assert client.get(URL).status_code == status
    assert client.post(URL, data).status_code == (302 if status == 200 else status)
    assert Project.objects.exists() == (status == 200)


def test_it_counts_empty_beneficiary_groups_as_none(client, personas):
    page = _open(client, personas.officer)

    submit(
        client,
        page,
        {"code": "AOU-1", "title_fr": "T", "beneficiaries_women": "", "beneficiaries_youth": "40"},
    )

    project = Project.objects.get()
    assert (project.beneficiaries_women, project.beneficiaries_youth, project.beneficiaries_total) == (
        0,
        40,
        40,
    )
