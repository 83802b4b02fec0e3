"""Every list of the API added with the agreements', council's, funding's, promotion's and capacity's
endpoints costs the same number of queries for 2 rows as for 12 (no query per row). The lists of the
first endpoints are counted in test_api_behaviour.py, the workspace's in test_api_workspace.py."""

import datetime
from decimal import Decimal

import pytest
from django.core.files.base import ContentFile

from sharaka.api.tests.helpers import ApiClient, query_count
from sharaka.api.tests.test_api_access import _world_api

pytestmark = pytest.mark.django_db
DAY = datetime.date(2026, 3, 2)


def _opportunities(w, i):
    from sharaka.promotion.models import Opportunity

    Opportunity.objects.create(
        code=f"opp-{i}",
        kind="tourism",
        title_fr=f"Offre {i}",
        partner_sought="investor",
        owner=w.personas.officer,
    )


def _photos(w, i):
    from sharaka.promotion.expectations.catalogue import jpeg_bytes, world_opportunity
    from sharaka.promotion.models import Photo

    photo = Photo(
        opportunity=world_opportunity(w),
        sha256=f"{i:064}",
        caption_fr=f"Photo {i}",
        order=10 + i,
        uploaded_by=w.personas.officer,
    )
    photo.image.save(f"p{i}.jpg", ContentFile(jpeg_bytes()), save=False)
    photo.width, photo.height = 64, 48
    photo.save()


def _events(w, i):
    from sharaka.promotion.models import Event

    Event.objects.create(title_fr=f"Fête {i}", starts_on=DAY, ends_on=DAY)


def _sponsorships(w, i):
    from sharaka.core.testing import make_organisation
    from sharaka.promotion.expectations.events import world_events
    from sharaka.promotion.models import Sponsorship

    org = make_organisation(name_fr=f"Sponsor {i}", acronym=f"S{i}")
    Sponsorship.objects.create(
        event=world_events(w)["published"],
        organisation=org,
        amount=Decimal("100.00"),
        currency="EUR",
        agreed_on=DAY,
        recorded_by=w.personas.officer,
    )


def _trainings(w, i):
    from sharaka.capacity.models import Training

    Training.objects.create(
        title_fr=f"Atelier {i}", starts_on=DAY, ends_on=DAY, format="workshop", created_by=w.personas.officer
    )


def _participants(w, i):
    from sharaka.capacity.expectations.trainings import world_trainings
    from sharaka.capacity.models import Participation, StaffProfile

    training = world_trainings(w)
    person = StaffProfile.objects.create(
        full_name=f"Agent {i}", position=training.participations.first().profile.position
    )
    Participation.objects.create(training=training, profile=person)


def _staff(w, i):
    from sharaka.capacity.models import Position, StaffProfile

    StaffProfile.objects.create(full_name=f"Agent {i}", position=Position.objects.first())


def _skills(w, i):
    from sharaka.capacity.models import Position, Requirement, Skill, SkillLevel

    skill = Skill.objects.create(
        code=f"skill-{i}", name_ar="م", name_fr=f"C {i}", name_en=f"S {i}", order=100 + i
    )
    SkillLevel.objects.create(
        skill=skill, level=1, description_ar="أ", description_fr="a", description_en="a"
    )
    Requirement.objects.create(position=Position.objects.first(), skill=skill, level=2)


def _rates(w, i):
    from sharaka.finance.models import ExchangeRate

    ExchangeRate.objects.create(
        currency="EUR", date=DAY + datetime.timedelta(days=i), rate=Decimal("10.9"), source="BAM"
    )


def _accounts(w, i):
    from sharaka.finance.models import Account

    Account.objects.create(kind="aid_line", name=f"Compte {i}", reference=f"2-30-{i}", opened_on=DAY)


def _inquiries(w, i):
    from sharaka.portal.models import Inquiry

    Inquiry.objects.create(reference=f"Q{i:012}", message=f"Question {i}", due_on=DAY, project=w.project)


def _promotion_inquiries(w, i):
    from sharaka.promotion.expectations.catalogue import world_opportunity
    from sharaka.promotion.inquiries import inquiry_submit

    inquiry_submit(
        opportunity=world_opportunity(w),
        name=f"Nom {i}",
        organisation_name=f"Organisation {i}",
        country="FR",
        email=f"contact@org{i}.example",
        message="Nous aimerions en savoir plus.",
        language="fr",
        address=f"198.51.100.{i + 1}",
    )


def _schedules(w, i):
    from sharaka.results.models import DueReport, ReportingSchedule

    schedule = ReportingSchedule.objects.create(
        project=w.project,
        frequency="yearly",
        starts_on=DAY,
        days_to_report=10,
        responsible=w.personas.manager,
    )
    DueReport.objects.create(schedule=schedule, period_start=DAY, period_end=DAY, due_on=DAY)


def _negotiations(w, i):
    from sharaka.partners.models import NegotiationRound

    NegotiationRound.objects.create(
        organisation=w.organisation,
        topic="Calendrier",
        round_number=10 + i,
        date=DAY,
        our_position="x",
        recorded_by=w.personas.officer,
    )


def _reports(w, i):
    from sharaka.finance.models import FinancialReport

    FinancialReport.objects.create(
        project=w.project,
        funder=w.extra["finance"]["funder"],
        period_start=DAY,
        period_end=DAY,
        issued_by=w.personas.finance,
    )


def _evidence(w, i):
    from sharaka.sustainability.models import Evidence
    from sharaka.sustainability.url_expectations import world_sustainability

    Evidence.objects.create(
        plan=world_sustainability(w)["plan"],
        title=f"Pièce {i}",
        kind="council_decision",
        file=ContentFile(b"%PDF-1.4 x", name=f"e{i}.pdf"),
        content_type="application/pdf",
        size=10,
        sha256="0" * 64,
        uploaded_by=w.personas.officer,
    )


def _sustainability_project(w):
    from sharaka.sustainability.url_expectations import world_sustainability

    return world_sustainability(w)["project"].pk


def _opportunity_url(w):
    from sharaka.promotion.expectations.catalogue import world_opportunity

    return f"/api/v1/promotion/opportunities/{world_opportunity(w).pk}/"


def _event_url(w):
    from sharaka.promotion.expectations.events import world_events

    return f"/api/v1/promotion/events/{world_events(w)['published'].pk}/"


def _training_url(w):
    from sharaka.capacity.expectations.trainings import world_trainings

    return f"/api/v1/capacity/trainings/{world_trainings(w).pk}/"


LISTS = {
    "opportunities": (lambda w: "/api/v1/promotion/opportunities/", _opportunities),
    "an opportunity's photos": (_opportunity_url, _photos),
    "events": (lambda w: "/api/v1/promotion/events/", _events),
    "an event's sponsors": (_event_url, _sponsorships),
    "trainings": (lambda w: "/api/v1/capacity/trainings/", _trainings),
    "a training's participants": (_training_url, _participants),
    "staff": (lambda w: "/api/v1/capacity/staff/", _staff),
    "skills": (lambda w: "/api/v1/capacity/skills/", _skills),
    "rates": (lambda w: "/api/v1/finance/rates/", _rates),
    "accounts": (lambda w: "/api/v1/finance/accounts/", _accounts),
    "citizens' inquiries": (lambda w: "/api/v1/inquiries/?status=all", _inquiries),
    "showcase inquiries": (lambda w: "/api/v1/promotion/inquiries/", _promotion_inquiries),
    "reporting schedules": (lambda w: f"/api/v1/projects/{w.project.pk}/reporting/", _schedules),
    "negotiation rounds": (lambda w: f"/api/v1/partners/{w.organisation.pk}/negotiations/", _negotiations),
    "donor reports": (lambda w: f"/api/v1/projects/{w.project.pk}/finance/reports/", _reports),
    "a plan's evidence": (
        lambda w: f"/api/v1/projects/{_sustainability_project(w)}/sustainability/evidence/",
        _evidence,
    ),
}


@pytest.mark.parametrize("name", sorted(LISTS))
def test_a_list_costs_the_same_queries_for_2_rows_as_for_12(world, name):
    _world_api(world)
    url_for, add = LISTS[name]
    url = url_for(world)
    caller = ApiClient(world.personas.admin)
    caller.get("/api/v1/me/")  # the token's first use is written down once
    for i in range(2):
        add(world, i)
    few = query_count(caller, url)
    for i in range(2, 12):
        add(world, i)
    assert query_count(caller, url) == few, name
