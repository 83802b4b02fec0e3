"""A person's profile lists the trainings they followed; the person evaluates a held one from there."""

import pytest
from django.urls import reverse

from sharaka.capacity.models import Participation, Training
from sharaka.capacity.tests import trainings_helpers as h


@pytest.fixture
def amina(personas):
    """Amina (the finance officer's account) came to a held training; her manager is the project manager."""
    from sharaka.core.models import User

    User.objects.update(language="en")
    boss = h.profile("Rachid", user=personas.manager)
    person = h.profile("Amina", user=personas.finance, manager=boss)
    training = h.training(personas.officer, provider=None)
    Training.objects.filter(pk=training.pk).update(status="held")
    participation = Participation.objects.create(training=training, profile=person, attendance="attended")
    return person, participation


def test_the_person_finds_her_training_on_her_profile_with_the_link_to_evaluate_it(client, personas, amina):
    person, participation = amina
    client.force_login(personas.finance)
    page = client.get(reverse("capacity:profile", args=[person.pk])).content.decode()
    assert "Trainings followed" in page
    assert str(participation.training) in page
    assert reverse("capacity:training_evaluation", args=[participation.training_id, participation.pk]) in page


def test_the_unit_sees_the_training_and_its_attendance_but_no_link_to_evaluate_in_her_place(
    client, personas, amina
):
    person, participation = amina
    client.force_login(personas.officer)
    page = client.get(reverse("capacity:profile", args=[person.pk])).content.decode()
    assert str(participation.training) in page and "Attended" in page
    assert reverse("capacity:training", args=[participation.training_id]) in page
    assert (
        reverse("capacity:training_evaluation", args=[participation.training_id, participation.pk])
        not in page
    )
