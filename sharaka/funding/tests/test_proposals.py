"""The proposal builder's drafts and sections, written from the project's data in the proposal's
language; reuse offers only awarded sections; lessons of decided applications. Also the fixture
(`rich`) that the other proposal tests use: a project with a results chain, a budget in MAD, a
co-financing plan, a sustainability plan and open risks."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from sharaka.core.models import Locality, Theme
from sharaka.core.testing import make_project
from sharaka.funding import proposals, services_proposals
from sharaka.funding.models import Application, Call, ProposalSection
from sharaka.funding.testing import TODAY, world_funding

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _today(monkeypatch):
    from django.utils import timezone

    monkeypatch.setattr(timezone, "localdate", lambda *a, **k: TODAY)


def enrich(world):
    """The world's project, made ready for a proposal."""
    from sharaka.finance.models import BudgetLine, ExchangeRate, Funder
    from sharaka.results import services as results
    from sharaka.sustainability.models import Plan, RecurrentCost, Risk

    officer = world.personas.officer
    project = world.project
    project.summary_fr = (
        "Les puits du douar sont saumâtres; une unité de dessalement solaire fournira l'eau potable."
    )
    project.summary_ar = "آبار الدوار مالحة؛ وستوفر وحدة لتحلية المياه بالطاقة الشمسية الماء الصالح للشرب."
    project.beneficiaries_women = 420
    project.beneficiaries_youth = 310
    project.save()
    place = Locality.objects.create(
        name_ar="إمي ميقي",
        name_fr="Imi Miki",
        name_en="Imi Miki",
        kind="douar",
        latitude=Decimal("30.49"),
        longitude=Decimal("-9.63"),
    )
    project.localities.add(place)
    project.themes.add(
        Theme.objects.get_or_create(kind="area", code="water_energy")[0],
        Theme.objects.get_or_create(kind="objective", code="infrastructure")[0],
        Theme.objects.get_or_create(kind="sdg", code="6")[0],
    )
    outcome = results.result_save(
        actor=officer, project=project, result=None,
        data={"type": "2", "title_fr": "Accès durable à l'eau potable", "title_ar": "ولوج مستدام إلى الماء الصالح للشرب"},
    )  # fmt: skip
    indicator = results.indicator_save(
        actor=officer, result=outcome, indicator=None,
        data={"title_fr": "Ménages raccordés", "title_ar": "الأسر المرتبطة بالشبكة", "title_en": "Households connected",
              "unit_fr": "ménages", "unit_ar": "أسرة", "measure": "1", "baseline_value": Decimal("0"), "baseline_year": 2025},
    )  # fmt: skip
    results.period_save(
        actor=officer, indicator=indicator, period=None,
        data={"start": datetime.date(2026, 1, 1), "end": datetime.date(2026, 12, 31), "target": Decimal("350")},
    )  # fmt: skip
    commune = Funder.objects.create(
        project=project,
        kind="commune",
        currency="MAD",
        cash=Decimal("250000.00"),
        cash_mad=Decimal("250000.00"),
    )
    partner = Funder.objects.create(
        project=project, kind="partner", organisation=world.organisation, currency="MAD",
        cash=Decimal("750000.00"), cash_mad=Decimal("750000.00"),
    )  # fmt: skip
    BudgetLine.objects.create(project=project, category="works", funder=partner, amount_mad=Decimal("812345.00"),
                              description="Unité de dessalement")  # fmt: skip
    BudgetLine.objects.create(
        project=project, category="training", funder=commune, amount_mad=Decimal("187655.00")
    )
    ExchangeRate.objects.create(
        currency="USD", date=datetime.date(2026, 11, 30), rate=Decimal("10.0000"), source="Bank Al-Maghrib"
    )
    plan = Plan.objects.create(
        project=project,
        exit_strategy="Le service des eaux de la commune reprend l'unité.",
        maintainer_kind="commune_service",
        maintainer_name="Service des eaux",
    )
    RecurrentCost.objects.create(
        plan=plan, what="Membranes", amount_per_year=Decimal("18000.00"), payer_kind="user_fees"
    )
    Risk.objects.create(
        project=project, description="Panne des membranes", category="technical", likelihood=3, impact=4, score=12,
        mitigation="Contrat de maintenance", review_on=datetime.date(2027, 1, 15),
    )  # fmt: skip
    return project


@pytest.fixture
def rich(world):
    enrich(world)
    return world_funding(world)["application"]


def test_the_french_draft_is_written_from_the_projects_data(rich):
    proposal = proposals.build(rich)
    assert [s.key for s in proposal.sections] == list(proposals.FAMILIES["short"])
    problem = proposal.section("problem")
    assert problem.is_saved and problem.text == "Les puits d'Imi Miki sont saumâtres."  # the saved text wins
    assert "Imi Miki" in problem.draft and "femmes: 420" in problem.draft
    objectives = proposal.section("objectives").text
    assert "Gestion de l'eau et de l'énergie" in objectives or "eau" in objectives
    budget = proposal.section("budget").text
    assert "1 000 000,00" in budget.replace("\u202f", " ").replace("\u00a0", " ")
    assert "100 000,00 USD" in budget.replace("\u202f", " ").replace("\u00a0", " ")  # at 10 MAD for 1 USD
    assert "2026-11-30" in budget
    assert "Service des eaux" in proposal.section("sustainability").text


def test_the_arabic_draft_is_in_arabic(rich):
    rich.language = "ar"
    rich.save()
    proposal = proposals.build(rich)
    assert "إمي ميقي" in proposal.section("problem").text or "إمي ميقي" in proposal.section("problem").draft
    assert "آبار الدوار مالحة" in proposal.section("summary").text
    assert "درهم" in proposal.section("budget").text


def test_words_are_counted_in_arabic_too():
    assert (
        proposals.count_words("الماءُ الصَّالحُ للشرب ، في الدوار") == 5
    )  # harakat inside words; ، alone is none
    assert proposals.count_words("L'eau potable — pour 420 ménages.") == 5
    assert proposals.count_words("") == 0


def test_the_demo_part_saves_the_drafted_sections_of_drafting_and_awarded_applications_once(world, rich):
    from collections import Counter
    from types import SimpleNamespace

    from sharaka.demo.parts import funding_proposals

    found = world_funding(world)
    world.project.is_fictional = True
    world.project.save()
    ProposalSection.objects.filter(application=rich).delete()
    considered = Application.objects.create(
        project=world.project, call=found["co_call"], status="considered", created_by=world.personas.officer
    )
    other = make_project(code="AOU-T-AWD", title_fr="Projet primé", is_fictional=True)
    awarded = Application.objects.create(
        project=other,
        call=found["lead_call"],
        status="awarded",
        language="en",
        created_by=world.personas.officer,
    )
    loader = SimpleNamespace(users={"officer": world.personas.officer}, created=Counter())
    funding_proposals.load(loader)
    keys = set(ProposalSection.objects.filter(application=rich).values_list("key", flat=True))
    assert keys == set(proposals.FAMILIES[Call.Family.SHORT])  # every section the data could draft
    assert "Imi Miki" in ProposalSection.objects.get(application=rich, key="problem").text
    assert ProposalSection.objects.filter(application=awarded).exists()  # awarded: drafted from sparse data
    assert not ProposalSection.objects.filter(application=considered).exists()
    count = ProposalSection.objects.count()
    funding_proposals.load(loader)  # idempotent
    assert ProposalSection.objects.count() == count


def test_saving_refuses_an_archived_project(world, rich):
    from django.utils import timezone as tz

    world.project.archived_at = tz.now()
    world.project.save()
    with pytest.raises(ValidationError):
        services_proposals.section_save(
            actor=world.personas.officer, application=rich, key="summary", text="x", expected_version=0
        )
