"""The administrator reads the capacity dashboard, the gap matrix and the training plan, in Arabic and
in French; the gap matrix on a 375 px phone, where each person becomes a card of their skills.

The test adds a small team of its own (skills and positions found or made by code, so that it runs on
the demo with or without the #14 capacity data): a finance officer two levels below in financial
reporting to donors and never assessed in IATI publishing, and a colleague who attended a training.
"""

import datetime

import pytest

from e2e.actions import go, sign_in
from e2e.conftest import E2E
from e2e.pages import check_page

pytestmark = E2E

NAME = "Rachida Ait Oufkir"


def _team():
    from sharaka.capacity.models import (
        Assessment,
        AssessmentScore,
        Participation,
        Position,
        Requirement,
        Skill,
        StaffProfile,
        Training,
    )
    from sharaka.core.models import User

    admin = User.objects.get(username="admin")
    reporting, _ = Skill.objects.get_or_create(
        code="donor_financial_reporting",
        defaults={
            "name_ar": "التقارير المالية للمانحين",
            "name_fr": "Rapports financiers aux bailleurs",
            "name_en": "Financial reporting to donors",
            "order": 3,
        },
    )
    iati, _ = Skill.objects.get_or_create(
        code="iati_publishing",
        defaults={
            "name_ar": "النشر وفق معيار IATI",
            "name_fr": "Publication IATI",
            "name_en": "IATI publishing",
            "order": 5,
        },
    )
    finance, _ = Position.objects.get_or_create(
        code="finance_officer",
        defaults={"name_ar": "مسؤول مالي", "name_fr": "Responsable financier", "name_en": "Finance officer"},
    )
    Requirement.objects.update_or_create(position=finance, skill=reporting, defaults={"level": 3})
    Requirement.objects.update_or_create(position=finance, skill=iati, defaults={"level": 2})
    from django.utils import timezone

    today = timezone.localdate()
    people = []
    for name in (NAME, "Youssef Id Belkacem", "Hanane Amzil"):
        person = StaffProfile.objects.create(full_name=name, position=finance)
        assessment = Assessment.objects.create(
            profile=person, kind=Assessment.Kind.MANAGER, assessed_on=today, assessor=admin
        )
        AssessmentScore.objects.create(assessment=assessment, skill=reporting, level=1)
        people.append(person)
    held = Training.objects.create(
        title_fr="Rapportage financier",
        title_ar="التقارير المالية",
        starts_on=today - datetime.timedelta(days=30),
        ends_on=today - datetime.timedelta(days=29),
        format=Training.Format.WORKSHOP,
        cost=2000,
        cost_mad=2000,
        status=Training.Status.HELD,
        created_by=admin,
    )
    held.skills.set([reporting])
    Participation.objects.create(
        training=held, profile=people[1], attendance=Participation.Attendance.ATTENDED
    )
    planned = Training.objects.create(
        title_fr="Publier en IATI",
        title_ar="النشر وفق IATI",
        starts_on=today + datetime.timedelta(days=40),
        ends_on=today + datetime.timedelta(days=41),
        format=Training.Format.COURSE,
        status=Training.Status.PLANNED,
        created_by=admin,
    )
    planned.skills.set([iati])


@pytest.mark.parametrize("lang", ["ar", "fr"])
def test_the_administrator_reads_the_dashboard_the_gap_matrix_and_the_plan(open_page, lang):
    _team()
    page = sign_in(open_page(lang), "admin", lang)
    go(page, "header nav a[href='/capacity/']", "capacity-dashboard", lang)
    assert page.locator("#h-spending ~ ul.bars li").count() >= 1
    go(page, "main a[href='/capacity/gaps/']", "capacity-gaps", lang)
    row = page.locator("table.gap-matrix tbody tr", has_text=NAME)
    assert row.count() == 1
    assert "−2" in row.inner_text()  # the gap is written, not only coloured
    go(page, "main a[href='/capacity/plan/']", "capacity-plan", lang)
    assert NAME in page.locator("ol.plan-items").inner_text()


def test_the_gap_matrix_on_a_phone(open_page):
    _team()
    page = sign_in(open_page("ar", phone=True), "admin", "ar")
    page.goto("/capacity/gaps/")
    check_page(page, "capacity-gaps", "ar")
    card = page.locator("table.gap-matrix tbody tr", has_text=NAME)
    assert card.locator("td.gap-below").first.is_visible()
    assert (
        not card.locator("td.gap-not_required").first.is_visible()
        if card.locator("td.gap-not_required").count()
        else True
    )
