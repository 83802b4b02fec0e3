"""The proposed training plan: its order on a concrete scenario, and who sees names or counts."""

import pytest
from django.urls import reverse

from sharaka.capacity import plan
from sharaka.capacity.models import Training
from sharaka.capacity.tests.gaps_scenario import D, Scenario, attend, reads_english, training

TODAY = D(2026, 12, 5)


@pytest.fixture
def scenario(personas):
    return Scenario(personas.admin)


def _lines(proposed):
    return [
        (item.rank, item.skill.code, item.gap, item.count, sorted(n.profile.full_name for n in item.named))
        for item in proposed.items
    ]


def test_the_plan_puts_larger_gaps_first_then_more_people_then_higher_needs(personas, scenario):
    proposed = plan.propose(personas.admin, today=TODAY)
    assert _lines(proposed) == [
        # the only gap of two levels, though one person has it
        (1, "donor_financial_reporting", 2, 1, ["Fatima One"]),
        # one level: three people share it
        (2, "iati_publishing", 1, 3, ["Chama One", "Farid Two", "Fatima One"]),
        # one level, two people
        (3, "protocol_delegations", 1, 2, ["Chakib Two", "Chama One"]),
        # one level, one person each: negotiation is needed at level 4, reporting at 3
        (4, "negotiation", 1, 1, ["Chakib Two"]),
        (5, "donor_financial_reporting", 1, 1, ["Fouad Three"]),
    ]
    # Farid Two was at 1 in reporting in 2024, then 3: no longer in the plan for it.
    assert [(i.skill.code, i.count) for i in proposed.assess_first] == [("negotiation", 3)]
    assert proposed.left_out == 0


def test_the_plan_lists_the_planned_trainings_on_the_skill_with_their_registrations(personas, scenario):
    s = scenario
    soon = training([s.iati], by=personas.officer, starts_on=D(2027, 2, 1), status=Training.Status.PLANNED)
    attend(soon, s.f1)
    training([s.iati], by=personas.officer, starts_on=D(2026, 1, 1), status=Training.Status.PLANNED)  # past
    training([s.iati], by=personas.officer, starts_on=D(2027, 3, 1), status=Training.Status.CANCELLED)
    iati = plan.propose(personas.admin, today=TODAY).items[1]
    assert [(t.pk, t.registered) for t in iati.trainings] == [(soon.pk, 1)]
    assert iati.registered == {s.f1.pk}


def test_the_unit_sees_counts_and_not_the_small_groups(personas, scenario):
    """The cooperation officer (capacity.view) with a profile of their own (C1) and no reports: counts
    over the whole unit, their own name only; protocol, which only two people need, is left out."""
    scenario.c1.user = personas.officer
    scenario.c1.save()
    proposed = plan.propose(personas.officer, today=TODAY)
    assert _lines(proposed) == [
        (1, "donor_financial_reporting", 2, 1, []),
        (2, "iati_publishing", 1, 3, ["Chama One"]),
        (3, "negotiation", 1, 1, []),
        (4, "donor_financial_reporting", 1, 1, []),
    ]
    assert proposed.left_out == 1
    assert proposed.whole_unit is True


def test_a_manager_without_the_units_view_sees_only_their_people(personas, scenario):
    s = scenario
    s.f3.user = personas.manager
    s.f3.save()
    for report in (s.f1, s.f2):
        report.manager = s.f3
        report.save()
    proposed = plan.propose(personas.manager, today=TODAY)
    assert [(i.skill.code, i.gap, i.count) for i in proposed.items] == [
        ("donor_financial_reporting", 2, 1),
        ("iati_publishing", 1, 2),
        ("donor_financial_reporting", 1, 1),
    ]
    assert all(item.hidden == 0 for item in proposed.items)


def test_the_plan_page_explains_each_rank_in_words(client, personas, scenario):
    client.force_login(reads_english(personas.admin))
    page = client.get(reverse("capacity:plan")).content.decode()
    assert "2 levels below what a finance officer needs" in page
    assert "Why this rank: a gap of 2 (larger first), shared by 1 (more first), level needed up to 3." in page
    assert "No planned training addresses this skill yet." in page


def test_someone_without_profile_or_reports_is_told_why_the_plan_is_empty(client, personas, scenario):
    client.force_login(reads_english(personas.finance))
    response = client.get(reverse("capacity:plan"))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Fatima One" not in page
    assert "only the person, their manager and the administrator" in page


def test_the_plan_costs_the_same_queries_whatever_the_number_of_people(
    personas, scenario, django_assert_num_queries
):
    from sharaka.capacity.tests.gaps_scenario import assess, profile

    training([scenario.iati], by=personas.officer, starts_on=D(2027, 2, 1), status=Training.Status.PLANNED)
    for start, count in ((0, 10), (10, 30)):
        for number in range(start, start + count):
            person = profile(f"Extra {number}", scenario.finance)
            assess(person, D(2025, 1, 1), {scenario.iati: 0}, by=personas.admin)
        with django_assert_num_queries(8):
            proposed = plan.propose(personas.admin, today=TODAY)
        assert (proposed.items[0].skill, proposed.items[0].count) == (scenario.iati, start + count)
