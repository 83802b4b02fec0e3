"""A training's effect in later assessments, on one concrete training: the unit reads the aggregate,
each person's levels only those who may read that person's assessments; a fixed number of queries."""

import datetime

import pytest
from django.urls import reverse

from sharaka.capacity.effects import training_effect
from sharaka.capacity.models import Participation, Training
from sharaka.capacity.tests import trainings_helpers as h

pytestmark = pytest.mark.django_db

D = datetime.date


@pytest.fixture
def scenario(personas):
    """Proposal writing, 10 to 12 March 2026. Five came, one was absent.

    - Amina: manager 1 and self 3 before (the manager's speaks), manager 2 after: +1
    - Brahim: self 2 before, manager 3 after: +1
    - Chama: manager 2 before; manager 2 in April then 3 in June (the latest speaks): +1
    - Driss: manager 3 before, manager 2 after: -1
    - Fatima: assessed before only: not compared yet
    - Hassan (absent): 0 before, 4 after: not counted, he did not come
    An assessment dated during the training counts neither before nor after.
    """
    skill = h.skill("proposal_writing")
    other_skill = h.skill("negotiation")
    boss = h.profile("Rachid (manager)", user=personas.manager)
    by = personas.admin
    people = {
        name: h.profile(name, manager=boss if name == "Amina" else None)
        for name in ("Amina", "Brahim", "Chama", "Driss", "Fatima", "Hassan")
    }
    training = Training.objects.create(
        title_fr="Rédaction de propositions",
        provider_name="Cabinet",
        starts_on=D(2026, 3, 10),
        ends_on=D(2026, 3, 12),
        format="workshop",
        status="held",
        created_by=personas.officer,
    )
    training.skills.set([skill])
    for name, person in people.items():
        attendance = "absent" if name == "Hassan" else ("partly" if name == "Driss" else "attended")
        Participation.objects.create(training=training, profile=person, attendance=attendance)
    p = people
    h.score(p["Amina"], skill, 1, D(2026, 1, 10), assessor=by)
    h.score(p["Amina"], skill, 3, D(2026, 2, 1), kind="self", assessor=by)
    h.score(p["Amina"], skill, 2, D(2026, 4, 20), assessor=by)
    h.score(p["Amina"], skill, 4, D(2026, 3, 11), assessor=by)  # during the training
    h.score(p["Amina"], other_skill, 0, D(2026, 1, 10), assessor=by)  # a skill it did not address
    h.score(p["Amina"], other_skill, 4, D(2026, 5, 10), assessor=by)
    h.score(p["Brahim"], skill, 2, D(2026, 2, 1), kind="self", assessor=by)
    h.score(p["Brahim"], skill, 3, D(2026, 5, 1), assessor=by)
    h.score(p["Chama"], skill, 2, D(2025, 12, 1), assessor=by)
    h.score(p["Chama"], skill, 2, D(2026, 4, 1), assessor=by)
    h.score(p["Chama"], skill, 3, D(2026, 6, 1), assessor=by)
    h.score(p["Driss"], skill, 3, D(2026, 2, 1), assessor=by)
    h.score(p["Driss"], skill, 2, D(2026, 5, 1), assessor=by)
    h.score(p["Fatima"], skill, 1, D(2026, 2, 1), assessor=by)
    h.score(p["Hassan"], skill, 0, D(2026, 2, 1), assessor=by)
    h.score(p["Hassan"], skill, 4, D(2026, 5, 1), assessor=by)
    return training


def test_the_unit_reads_how_many_rose_and_the_average_change(scenario, personas):
    (effect,) = training_effect(scenario, personas.officer).skills
    assert (effect.skill.code, effect.came, effect.compared) == ("proposal_writing", 5, 4)
    assert (effect.rose, effect.same, effect.fell, effect.not_assessed) == (3, 0, 1, 1)
    assert str(effect.average) == "0.5"


def test_the_officer_reads_no_one_s_levels(scenario, personas):
    effect = training_effect(scenario, personas.officer)
    assert effect.people == [] and effect.hidden == 5


def test_a_manager_reads_the_levels_of_their_own_report_only(scenario, personas):
    effect = training_effect(scenario, personas.manager)
    assert [(p.profile.full_name, p.before, p.after, p.change) for p in effect.people] == [("Amina", 1, 2, 1)]


def test_the_administrator_reads_each_person_s_levels(scenario, personas):
    rows = {
        p.profile.full_name: (p.before, p.after) for p in training_effect(scenario, personas.admin).people
    }
    assert rows == {"Amina": (1, 2), "Brahim": (2, 3), "Chama": (2, 3), "Driss": (3, 2), "Fatima": (1, None)}


def test_the_effect_takes_three_queries_whatever_the_number_of_people(
    scenario, personas, django_assert_num_queries
):
    with django_assert_num_queries(3):
        training_effect(scenario, personas.admin)
    for n in range(5):
        person = h.profile(f"Extra {n}")
        Participation.objects.create(training=scenario, profile=person, attendance="attended")
        h.score(person, scenario.skills.get(), 1, D(2026, 1, 5), assessor=personas.admin)
    with django_assert_num_queries(3):
        training_effect(scenario, personas.admin)


def test_the_training_page_shows_the_sentence_the_unit_reads(client, scenario, personas):
    from sharaka.core.models import User

    User.objects.update(language="en")
    client.force_login(personas.officer)
    client.cookies["django_language"] = "en"
    html = client.get(reverse("capacity:training", args=[scenario.pk])).content.decode()
    assert "3 of 4 participants assessed since rose" in html
    assert "+0.5" in html
    assert "Brahim" in html  # the participants list (attendance) is the unit's
    assert "Levels before and since" not in html  # but not their levels
