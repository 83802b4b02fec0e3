"""The current-level rule, the gap, and the gap matrix: whose rows each reader gets."""

import datetime

import pytest
from django.urls import reverse

from sharaka.capacity import gaps
from sharaka.capacity.models import Assessment, Participation, Training
from sharaka.capacity.tests.gaps_scenario import (
    D,
    Scenario,
    assess,
    attend,
    position,
    profile,
    reads_english,
    skill,
    training,
)

SELF = Assessment.Kind.SELF


@pytest.fixture
def two_skills(db):
    return skill("negotiation", 1), skill("proposal_writing", 2)


def level(profile_, skill_, on=None):
    current = gaps.current_levels([profile_.pk], on=on).get((profile_.pk, skill_.pk))
    return None if current is None else (current.level, current.kind)


def test_a_managers_assessment_beats_a_later_self_assessment(personas, two_skills):
    negotiation, _ = two_skills
    amina = profile("Amina", position("finance_officer"), user=personas.finance)
    assess(amina, D(2026, 1, 10), {negotiation: 1}, by=personas.manager)
    assess(amina, D(2026, 6, 1), {negotiation: 4}, by=personas.finance, kind=SELF)
    assert level(amina, negotiation) == (1, "manager")


def test_the_latest_managers_assessment_holding_the_skill_wins(personas, two_skills):
    negotiation, writing = two_skills
    amina = profile("Amina", position("finance_officer"))
    assess(amina, D(2025, 1, 10), {negotiation: 1, writing: 2}, by=personas.manager)
    assess(amina, D(2026, 1, 10), {negotiation: 3}, by=personas.manager)  # does not hold writing
    assert level(amina, negotiation) == (3, "manager")
    assert level(amina, writing) == (2, "manager")


def test_on_the_same_day_the_assessment_recorded_last_wins(personas, two_skills):
    negotiation, _ = two_skills
    amina = profile("Amina", position("finance_officer"))
    assess(amina, D(2026, 1, 10), {negotiation: 1}, by=personas.manager)
    assess(amina, D(2026, 1, 10), {negotiation: 2}, by=personas.manager)
    assert level(amina, negotiation) == (2, "manager")


def test_without_a_managers_assessment_the_latest_self_assessment_counts(personas, two_skills):
    negotiation, writing = two_skills
    amina = profile("Amina", position("finance_officer"), user=personas.finance)
    assess(amina, D(2025, 1, 10), {negotiation: 3}, by=personas.finance, kind=SELF)
    assess(amina, D(2026, 1, 10), {negotiation: 2}, by=personas.finance, kind=SELF)
    assert level(amina, negotiation) == (2, "self")
    assert level(amina, writing) is None


def test_levels_as_they_stood_at_a_date(personas, two_skills):
    negotiation, _ = two_skills
    amina = profile("Amina", position("finance_officer"))
    assess(amina, D(2024, 5, 1), {negotiation: 1}, by=personas.finance, kind=SELF)
    assess(amina, D(2025, 5, 1), {negotiation: 2}, by=personas.manager)
    assess(amina, D(2026, 5, 1), {negotiation: 3}, by=personas.manager)
    assert level(amina, negotiation, on=D(2023, 12, 31)) is None
    assert level(amina, negotiation, on=D(2024, 12, 31)) == (1, "self")
    assert level(amina, negotiation, on=D(2025, 12, 31)) == (2, "manager")
    at = gaps.levels_at([amina.pk], [D(2024, 12, 31), D(2025, 12, 31), D(2026, 12, 31)])
    assert [at[d][(amina.pk, negotiation.pk)].level for d in sorted(at)] == [1, 2, 3]


def test_the_gap_is_the_level_needed_minus_the_current_level():
    assert gaps.gap(3, 1) == 2
    assert gaps.gap(2, 4) == -2
    assert gaps.gap(3, None) is None  # not assessed
    assert gaps.gap(None, 2) is None  # not needed


def test_each_cell_says_needed_current_gap_and_training(personas):
    s = Scenario(personas.admin)
    held = training([s.reporting], by=personas.officer, starts_on=D(2025, 3, 1))
    attend(held, s.f1)
    absent = training([s.iati], by=personas.officer, starts_on=D(2025, 3, 1))
    attend(absent, s.f1, Participation.Attendance.ABSENT)
    planned = training([s.iati], by=personas.officer, starts_on=D(2030, 3, 1), status=Training.Status.PLANNED)
    attend(planned, s.f1)
    row = next(r for r in gaps.matrix(personas.admin).rows if r.profile == s.f1)
    cells = {cell.skill.code: cell for cell in row.cells}
    reporting = cells["donor_financial_reporting"]
    assert (reporting.required, reporting.current.level, reporting.gap, reporting.state) == (3, 1, 2, "below")
    assert reporting.trained is True
    assert cells["iati_publishing"].trained is False  # absent, and a planned training does not count
    assert cells["negotiation"].state == "not_assessed" and cells["negotiation"].gap is None
    assert cells["protocol_delegations"].state == "not_required"
    f3 = next(r for r in gaps.matrix(personas.admin).rows if r.profile == s.f3)
    assert {c.skill.code: c.state for c in f3.cells}["iati_publishing"] == "met"


# --- whose rows each reader gets: a literal table ---------------------------------------------------

# The staff: Malika (the project manager's account) manages Amina (the finance officer's account) and
# Karim (no account); Omar (the cooperation officer's account) reports to Hassan (no account); Olga
# (the other project manager's account) has no manager and no report; Ghita, Malika's former report,
# has left (not in post).
ROWS_SEEN = {
    "administrator": {"Amina", "Hassan", "Karim", "Malika", "Olga", "Omar"},
    "project_manager": {"Amina", "Karim", "Malika"},
    "finance_officer": {"Amina"},
    "cooperation_officer": {"Omar"},
    "other_manager": {"Olga"},
    "president": set(),
    "auditor": set(),
    "council_member": set(),
}


@pytest.fixture
def staff(personas):
    post = position("cooperation_officer")
    hassan = profile("Hassan", post)
    malika = profile("Malika", post, user=personas.manager)
    profile("Amina", post, user=personas.finance, manager=malika)
    profile("Karim", post, manager=malika)
    profile("Ghita", post, manager=malika, active=False)
    profile("Omar", post, user=personas.officer, manager=hassan)
    profile("Olga", post, user=personas.other_manager)
    return personas


def _reader(personas, role):
    return personas.other_manager if role == "other_manager" else personas.by_role()[role]


@pytest.mark.parametrize("role", sorted(ROWS_SEEN))
def test_the_matrix_holds_exactly_the_rows_the_reader_may_read(staff, role):
    rows = gaps.matrix(_reader(staff, role)).rows
    assert {row.profile.full_name for row in rows} == ROWS_SEEN[role]


@pytest.mark.parametrize("role", sorted(ROWS_SEEN))
def test_the_matrix_page_names_exactly_those_people(client, staff, role):
    client.force_login(reads_english(_reader(staff, role)))
    response = client.get(reverse("capacity:gaps"))
    assert response.status_code == 200
    page = response.content.decode()
    everyone = {"Amina", "Hassan", "Karim", "Malika", "Olga", "Omar", "Ghita"}
    shown = {name for name in everyone if f"<bdi>{name}</bdi>" in page}
    assert shown == ROWS_SEEN[role]
    if not ROWS_SEEN[role]:
        assert "only the person, their manager and the administrator" in page


def test_the_matrix_reads_without_colour(client, personas):
    Scenario(personas.admin)
    client.force_login(reads_english(personas.admin))
    page = client.get(reverse("capacity:gaps")).content.decode()
    assert "−2 below" in page  # F1 in reporting: a sign, a number and a word
    assert "not assessed" in page and "✓ met" in page
    assert 'class="gap-legend"' in page


def _csv(response) -> str:
    return b"".join(response.streaming_content).decode("utf-8-sig")


def test_the_matrix_exports_what_it_shows(client, personas):
    Scenario(personas.admin)
    client.force_login(personas.finance)  # no profile: an empty export, not everyone's
    assert len(_csv(client.get(reverse("capacity:gaps"), {"export": "csv"})).splitlines()) == 1
    client.force_login(reads_english(personas.admin))
    response = client.get(reverse("capacity:gaps"), {"export": "csv"})
    text = _csv(response)
    assert response["Content-Type"].startswith("text/csv")
    line = next(line for line in text.splitlines() if line.startswith("Fatima One"))
    assert "−2 (below: 1 of 3)" in line and "not assessed" in line


def test_outsiders_do_not_find_the_matrix(client, personas):
    client.force_login(personas.partner_viewer)
    assert client.get(reverse("capacity:gaps")).status_code == 404


# --- queries do not grow with the number of people --------------------------------------------------


def _staff_of(count, start, post, skills, by):
    for number in range(start, start + count):
        person = profile(f"Person {number}", post)
        assess(person, D(2025, 1, 1), {s: 1 for s in skills}, by=by, kind=SELF)
        assess(person, D(2026, 1, 1), {s: 2 for s in skills[:2]}, by=by)


def test_the_matrix_and_its_page_cost_the_same_queries_for_10_and_40_people(
    client, personas, django_assert_num_queries
):
    skills = [skill(f"skill_{n}", n) for n in range(4)]
    post = position("project_manager", {s: 3 for s in skills})
    held = training(skills, by=personas.officer, starts_on=datetime.date(2025, 6, 1))
    client.force_login(personas.admin)
    counts = []
    for start, count in ((0, 10), (10, 30)):
        _staff_of(count, start, post, skills, personas.admin)
        for person in post.staff.order_by("id")[start : start + count]:
            attend(held, person)
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as captured:
            assert client.get(reverse("capacity:gaps")).status_code == 200
        counts.append(len(captured))
        with django_assert_num_queries(5):
            assert len(gaps.matrix(personas.admin).rows) == start + count
    assert counts == [8, 8]  # the page: session, user, the matrix (5), the reader's own profile
