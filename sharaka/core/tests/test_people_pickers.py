"""People pickers name the role and the organisation; pickers are plain selects marked for picker.js."""

import pytest
from django.utils import translation

from sharaka.agreements.forms import AgreementForm, ObligationForm, PlanActionForm
from sharaka.core.people import PersonChoiceField, person_label
from sharaka.partners.forms import FollowUpForm
from sharaka.projects.forms import ProjectForm

pytestmark = pytest.mark.django_db


def test_a_person_is_named_with_role_and_organisation(personas):
    finance = personas.finance
    finance.first_name, finance.last_name = "Leila", "Amrani"
    with translation.override("en"):
        assert person_label(finance) == "Leila Amrani — Finance officer (Commune of Aourir)"
        assert (
            person_label(personas.partner_viewer)
            == "viewer — Partner viewer (United Nations Development Programme)"
        )


def test_the_follow_up_owner_choices_show_the_role(personas):
    with translation.override("en"):
        html = str(FollowUpForm(default_owner=personas.officer)["owner"])
    assert "finance — Finance officer (Commune of Aourir)" in html
    assert "officer — Cooperation officer (Commune of Aourir)" in html
    assert 'data-picker="single"' in html


@pytest.mark.parametrize(
    ("form", "field"),
    [
        (lambda w: AgreementForm(), "owner"),
        (lambda w: ProjectForm(), "manager"),
        (lambda w: FollowUpForm(), "owner"),
    ],
)
def test_every_people_picker_is_a_person_field(world, form, field):
    assert isinstance(form(world).fields[field], PersonChoiceField)


def test_the_model_forms_owners_are_person_fields():
    for form in (ObligationForm, PlanActionForm):
        assert form.base_fields["owner"].__class__ is PersonChoiceField


def test_the_agreement_form_lists_partners_and_projects_as_filterable_check_lists(client, world):
    client.force_login(world.personas.officer)
    html = client.get("/agreements/new/").content.decode()
    assert html.count('data-picker="multiple"') == 2  # partners, projects
    assert 'data-picker="single"' in html  # the owner
    assert "sharaka/picker.js" in html  # an own script: no CDN, no inline script


def test_people_choices_take_the_same_queries_for_many_people(personas, django_assert_max_num_queries):
    from sharaka.core.roles import Role
    from sharaka.core.testing import make_user

    with django_assert_max_num_queries(1):
        str(FollowUpForm()["owner"])
    for number in range(8):
        make_user(f"staff{number}", Role.PROJECT_MANAGER)
    with django_assert_max_num_queries(1):
        str(FollowUpForm()["owner"])
