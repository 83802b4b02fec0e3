"""Each part of a match's score, with the sentence that justifies it (English, to read the numbers)."""

import datetime
import html
from decimal import Decimal

import pytest
from django.utils import translation
from django.utils.html import strip_tags

from sharaka.finance.models import Funder, Tally, Transaction
from sharaka.funding import matching
from sharaka.funding.models import Application, Call, CallStage
from sharaka.funding.testing import TODAY
from sharaka.funding.tests.matching_world import (
    budget,
    call,
    freeze,
    org,
    part,
    plan_row,
    project,
    rate,
    theme,
    weights,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english(monkeypatch):
    freeze(monkeypatch)
    with translation.override("en"):
        yield


def said(found) -> str:
    """The sentence as a reader sees it (tags out, entities read)."""
    return html.unescape(strip_tags(found.reason))


def only(made_project, made_call, key):
    weights(**{key: 5})
    ranking = matching.calls_for_project(
        made_project, calls=matching.calls_queryset().filter(pk=made_call.pk)
    )
    (match,) = ranking.matches
    assert [p.key for p in match.parts] == [key]
    return part(match, key)


def test_area_and_sector_count_shared_themes_and_sectors_and_a_same_category_half():
    water, infra = theme("area", "water_energy"), theme("objective", "infrastructure")
    p = project()
    p.themes.add(water, infra)
    from sharaka.projects.models import ProjectSector

    ProjectSector.objects.create(project=p, code="14020")
    ProjectSector.objects.create(project=p, code="23230")
    c = call(org("F1"), themes=[water], sectors=["14020", "23210"])

    found = only(p, c, "area_sector")

    # themes: 1 of the project's 2 shared (0.5); sectors: one same (1) and one same category (0.5) of 2
    assert found.score == pytest.approx((0.5 + 0.75) / 2)
    assert "Water and energy management" in said(found)
    assert "14020" in said(found) and "23230" in said(found)
    assert "counts half" in said(found)


def test_area_and_sector_count_half_when_the_call_names_none():
    p = project()
    p.themes.add(theme("area", "water_energy"))

    found = only(p, call(org("F1")), "area_sector")

    assert found.score == 0.5
    assert "names none" in said(found)


def test_budget_converts_the_funding_gap_to_the_calls_currency_and_finds_it_within_range():
    p = project()
    commune = plan_row(p, Funder.Kind.COMMUNE, cash="216000")
    budget(p, "1080000", commune)
    rate("EUR", "10.800000")
    c = call(org("F1"), currency="EUR", min_grant=Decimal("50000"), max_grant=Decimal("100000"))

    found = only(p, c, "budget")

    assert found.score == 1.0
    # gap 864,000 MAD at 10.80 = 80,000 EUR
    assert "funding gap" in said(found)
    assert "80,000.00" in said(found) and "50,000.00" in said(found) and "100,000.00" in said(found)


def test_budget_degrades_above_the_maximum():
    p = project()
    budget(p, "400000")
    c = call(org("F1"), max_grant=Decimal("100000"))

    found = only(p, c, "budget")

    assert found.score == pytest.approx(0.25)
    assert "above the call's range" in said(found) and "400,000.00" in said(found)


def test_budget_says_when_no_rate_exists_and_counts_half():
    p = project()
    budget(p, "400000")
    rate("USD", "9.900000", day=TODAY - datetime.timedelta(days=90))  # too old to apply
    c = call(org("F1"), currency="USD", max_grant=Decimal("100000"))

    found = only(p, c, "budget")

    assert found.score == 0.5
    assert "no recent exchange rate for" in said(found) and "USD" in said(found)


def test_budget_without_any_budget_is_unknown():
    found = only(project(), call(org("F1"), max_grant=Decimal("100000")), "budget")

    assert found.score == 0.5
    assert "no budget yet" in said(found)


def test_cofinancing_counts_confirmed_rows_only_and_in_kind_unless_the_call_wants_cash():
    p = project()
    commune = plan_row(p, Funder.Kind.COMMUNE, cash="200000", in_kind="100000")
    partner = plan_row(p, Funder.Kind.PARTNER, cash="300000", organisation=org("P1"))  # nothing recorded yet
    budget(p, "1000000", commune)
    required = {"cofinancing_rate": Decimal("40.00")}

    mixed = only(p, call(org("F1"), **required), "cofinancing")
    cash = only(p, call(org("F2"), cofinancing_counts=Call.Cofinancing.CASH, **required), "cofinancing")

    assert mixed.score == pytest.approx(0.75)  # 30 % of 40 %
    assert "30 %" in said(mixed) and "40 %" in said(mixed)
    assert cash.score == pytest.approx(0.5)  # 20 % in cash
    assert "in cash" in said(cash)

    # The partner's pledge is recorded: its row is confirmed.
    from sharaka.core.testing import make_user

    Transaction.objects.create(
        project=p,
        type="13",
        funder=partner,
        provider="P1",
        receiver="Commune d'Aourir",
        value_date=TODAY,
        currency="MAD",
        amount=Decimal("300000"),
        rate=Decimal(1),
        rate_date=TODAY,
        rate_source="MAD",
        amount_mad=Decimal("300000"),
        recorded_by=make_user("fin", "finance_officer"),
    )
    assert only(p, call(org("F3"), **required), "cofinancing").score == 1.0


def test_cofinancing_when_the_call_asks_none():
    found = only(project(), call(org("F1")), "cofinancing")

    assert found.score == 1.0 and "asks for none" in said(found)


@pytest.mark.parametrize(
    ("days", "kind", "expected"),
    [
        (130, CallStage.Kind.FULL_PROPOSAL, 1.0),
        (90, CallStage.Kind.FULL_PROPOSAL, 0.5),
        (45, CallStage.Kind.CONCEPT_NOTE, 0.5),
    ],
)
def test_time_is_full_at_twice_the_preparation_and_linear_down_to_once(days, kind, expected):
    found = only(project(), call(org("F1"), days=days, kind=kind), "time")

    assert found.score == pytest.approx(expected)
    assert f"in {days} days" in said(found)


def test_time_of_a_rolling_call_is_full():
    found = only(project(), call(org("F1"), days=None, rolling=True), "time")

    assert found.score == 1.0 and "rolling" in said(found)


@pytest.mark.parametrize(
    ("priority", "expected", "word"), [(1, 1.0, "high"), (2, 0.6, "medium"), (3, 0.3, "low")]
)
def test_priority_follows_the_pac_priority(priority, expected, word):
    found = only(project(priority=priority, pac_reference="PAC-3.2"), call(org("F1")), "priority")

    assert found.score == pytest.approx(expected)
    assert f"{word} priority" in said(found) and "PAC-3.2" in said(found)


def test_a_project_outside_the_pac_scores_zero_on_priority_and_is_flagged():
    weights(priority=5, time=5)
    p = project(pac_reference="", priority=1)
    (match,) = matching.calls_for_project(
        p, calls=matching.calls_queryset().filter(pk=call(org("F1")).pk)
    ).matches

    assert match.outside_pac
    assert part(match, "priority").score == 0.0
    assert "outside the commune's action programme" in said(part(match, "priority"))


def test_record_counts_agreements_money_rounds_applications_and_similar_projects(personas):
    from sharaka.agreements.models import Agreement, AgreementParty
    from sharaka.core.testing import share_project
    from sharaka.partners.models import NegotiationRound

    funder = org("F1")
    water = theme("area", "water_energy")
    p = project()
    p.themes.add(water)
    similar = project()
    similar.themes.add(water)
    share_project(similar, funder)
    agreement = Agreement.objects.create(kind="partnership", title_fr="Convention")
    AgreementParty.objects.create(agreement=agreement, organisation=funder)
    row = plan_row(similar, Funder.Kind.PARTNER, cash="1000", organisation=funder)
    Tally.objects.create(
        project=similar, funder=row, year=2026, type="1", amount_mad=Decimal("50000"), count=2
    )
    NegotiationRound.objects.create(
        organisation=funder,
        topic="Eau",
        round_number=1,
        date=TODAY,
        our_position="50 %",
        recorded_by=personas.officer,
    )
    past = call(funder, days=None, rolling=True)
    Application.objects.create(project=similar, call=past, status="awarded", created_by=personas.officer)

    found = only(p, call(funder), "record")

    assert found.score == 1.0  # 0.3 + 0.25 + 0.1 + 0.25 + 0.2, capped at 1
    for words in (
        "1 agreement",
        "2 transactions received",
        "1 negotiation round",
        "1 application awarded",
        "funded 1 project in the same area",
    ):
        assert words in said(found)


def test_record_of_one_agreement_alone():
    from sharaka.agreements.models import Agreement, AgreementParty

    funder = org("F1")
    AgreementParty.objects.create(
        agreement=Agreement.objects.create(kind="mou", title_fr="Lettre"), organisation=funder
    )

    found = only(project(), call(funder), "record")

    assert found.score == pytest.approx(0.3)
    assert "1 agreement" in said(found)


def test_record_of_a_stranger_is_zero():
    found = only(project(), call(org("F1")), "record")

    assert found.score == 0.0 and "nothing yet" in said(found)


def test_text_compares_the_same_language_and_keeps_the_best():
    p = project(title_fr="Pompage solaire de l'eau potable", title_en="Street lighting", title_ar="")
    c = call(org("F1"), title_fr="Pompage solaire pour l'eau potable rurale", title_en="Cultural heritage")

    found = only(p, c, "text")

    # fr: {pompage, solaire, eau, potable} against the same and "rurale": 4 / 5
    assert found.score == 1.0
    assert "in French" in said(found) and "pompage" in said(found)


def test_text_reads_arabic_without_diacritics_or_article():
    p = project(title_ar="تَحلية مياه البحر", title_fr="", title_en="")
    c = call(org("F1"), title_ar="تحلية المياه", title_en="")

    found = only(p, c, "text")

    assert found.score > 0 and "in Arabic" in said(found)


def test_text_with_no_word_in_common_is_zero():
    p = project(title_fr="Éclairage public", title_en="", title_ar="")
    found = only(p, call(org("F1"), title_fr="Patrimoine culturel"), "text")

    assert found.score == 0.0 and "no word in common" in said(found)
