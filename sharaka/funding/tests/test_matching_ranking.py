"""The hard filter, the ranking and its weights, the PAC flag, the lead a co-applicant call needs."""

import datetime
import html
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import translation
from django.utils.html import strip_tags

from sharaka.agreements.models import Agreement, AgreementParty
from sharaka.funding import matching
from sharaka.funding.models import Call, CallStage
from sharaka.funding.testing import TODAY, world_funding
from sharaka.funding.tests.matching_world import budget, call, freeze, org, project, weights
from sharaka.partners.models import Organisation

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english(monkeypatch):
    freeze(monkeypatch)
    with translation.override("en"):
        yield


def sign_in(client, user, language="en"):
    user.language = language
    user.save(update_fields=["language"])
    client.force_login(user)


def reasons_of(c):
    return [html.unescape(strip_tags(r)) for r in matching.refusals(c, TODAY)]


# --- the hard filter ------------------------------------------------------------------------------


def test_a_call_where_the_commune_is_not_eligible_is_filtered_out():
    assert reasons_of(call(org("F1"), commune_role=Call.CommuneRole.NOT_ELIGIBLE)) == [
        "The commune is not eligible for this call, not even as a co-applicant."
    ]


def test_a_call_excluding_morocco_is_filtered_out():
    assert reasons_of(call(org("F1"), excluded_countries="DZ, ma")) == ["The call excludes Morocco."]


def test_a_closed_call_is_filtered_out():
    assert reasons_of(call(org("F1"), days=-1)) == ["The call is closed."]


def test_a_deadline_too_close_to_prepare_the_stage_is_filtered_out():
    (reason,) = reasons_of(call(org("F1"), days=59, kind=CallStage.Kind.FULL_PROPOSAL))

    assert "Too late to prepare" in reason and "in 59 days" in reason and "takes 60 days" in reason


def test_enough_time_a_rolling_call_and_a_co_applicant_role_pass():
    assert reasons_of(call(org("F1"), days=60, kind=CallStage.Kind.FULL_PROPOSAL)) == []
    assert reasons_of(call(org("F2"), days=None, rolling=True)) == []
    assert reasons_of(call(org("F3"), commune_role=Call.CommuneRole.CO_APPLICANT)) == []


def test_filtered_calls_are_listed_apart_with_their_reasons_not_ranked(client, personas):
    p = project()
    kept = call(org("F1"), title_en="Kept call")
    refused = call(org("F2"), title_en="Refused call", excluded_countries="MA")

    ranking = matching.calls_for_project(p)
    assert [m.call for m in ranking.matches] == [kept]
    assert [f.call for f in ranking.filtered] == [refused]

    sign_in(client, personas.officer)
    page = client.get(reverse("funding_project_calls", args=[p.pk])).content.decode()
    ranked, apart = page.split('class="card filtered"')
    assert "Kept call" in ranked and "Refused call" not in ranked
    assert "Refused call" in apart and "The call excludes Morocco." in apart


# --- weights -------------------------------------------------------------------------------------


def test_two_calls_swap_places_when_the_weights_change():
    p = project()
    budget(p, "100000")
    soon_but_fitting = call(org("F1"), days=70, max_grant=Decimal("200000"))  # time 1/6, budget 1
    late_but_small = call(org("F2"), days=200, max_grant=Decimal("25000"))  # time 1, budget 1/4

    weights(time=8, budget=2)
    assert [m.call for m in matching.calls_for_project(p).matches] == [late_but_small, soon_but_fitting]

    weights(time=2, budget=8)
    assert [m.call for m in matching.calls_for_project(p).matches] == [soon_but_fitting, late_but_small]


def test_a_weight_of_zero_removes_the_part_from_the_score_and_the_page():
    p = project()
    weights(time=3)
    (match,) = matching.calls_for_project(
        p, calls=matching.calls_queryset().filter(pk=call(org("F1")).pk)
    ).matches

    assert [part.key for part in match.parts] == ["time"]
    assert match.total == 100


def test_the_total_is_the_weighted_mean_out_of_100():
    p = project(priority=3)  # priority 0.3
    weights(priority=1, time=3)  # time 1
    call(org("F1"), days=200)
    (match,) = matching.calls_for_project(p).matches

    assert match.total == round(100 * (1 * 0.3 + 3 * 1.0) / 4)


# --- the PAC ------------------------------------------------------------------------------------


def test_a_project_outside_the_pac_is_flagged_on_the_ranking_and_the_call_page(client, personas):
    p = project(pac_reference="", title_en="Unplanned kiosk")
    c = call(org("F1"))
    sign_in(client, personas.officer)

    calls_page = client.get(reverse("funding_project_calls", args=[p.pk])).content.decode()
    projects_page = client.get(reverse("funding_call_projects", args=[c.pk])).content.decode()

    assert "Outside the PAC" in calls_page
    row = projects_page.split("Unplanned kiosk")[1].split("</li>")[0]
    assert "Outside the PAC" in row


# --- co-applicant calls -------------------------------------------------------------------------


def test_a_co_applicant_call_names_the_lead_it_needs_and_twinning_partners_first(client, personas):
    local = {"model": Organisation.Model.FOREIGN_LOCAL_GOVERNMENT, "legal_type": "foreign_local_authority"}
    plain = org("VA", name_en="Ville A", country="FR", **local)
    twin = org("VB", name_en="Ville B", country="FR", **local)
    org("VC", name_en="Ville C", country="ES", **local)  # another country
    org("AG", name_en="Agence", country="FR")  # another kind
    twinning = Agreement.objects.create(kind="twinning", title_fr="Jumelage")
    AgreementParty.objects.create(agreement=twinning, organisation=twin)
    c = call(
        org("F1"),
        commune_role=Call.CommuneRole.CO_APPLICANT,
        lead_model=Organisation.Model.FOREIGN_LOCAL_GOVERNMENT,
        lead_country="FR",
    )
    p = project()

    (match,) = matching.calls_for_project(p).matches

    assert match.lead_needed == "Foreign local government from France"
    assert match.candidates == [twin, plain]
    sign_in(client, personas.officer)
    page = client.get(reverse("funding_project_calls", args=[p.pk])).content.decode()
    assert "Lead needed: Foreign local government from France." in page
    assert page.index("Ville B") < page.index("Ville A")
    assert "Ville C" not in page and "Agence" not in page
    assert c.reference in page


def test_an_active_association_may_lead_but_is_not_called_a_twinning_partner(client, personas):
    association = {"model": Organisation.Model.LOCAL_ASSOCIATION, "legal_type": "moroccan_private"}
    org("ASSO", name_en="Association des usagers", country="MA", stage="active", **association)
    c = call(
        org("F1"),
        commune_role=Call.CommuneRole.CO_APPLICANT,
        lead_model=Organisation.Model.LOCAL_ASSOCIATION,
        lead_country="MA",
    )
    p = project()

    (match,) = matching.calls_for_project(p).matches

    assert [o.acronym for o in match.candidates] == ["ASSO"]
    assert not match.candidates[0].is_twin
    sign_in(client, personas.officer)
    page = client.get(reverse("funding_project_calls", args=[p.pk])).content.decode()
    assert "Association des usagers" in page and "twinning partner" not in page
    assert c.reference in page


def test_a_call_where_the_commune_leads_needs_no_lead():
    p = project()
    call(org("F1"))

    (match,) = matching.calls_for_project(p).matches

    assert match.lead_needed == "" and match.candidates == []


# --- the test world (funding/testing.py) ---------------------------------------------------------


def test_in_the_world_the_project_is_ranked_and_the_co_call_needs_a_french_local_authority(world):
    found = world_funding(world)

    ranking = matching.calls_for_project(world.project)

    assert {m.call for m in ranking.matches} == {found["lead_call"], found["co_call"]}
    assert [f.call for f in ranking.filtered] == [found["closed_call"]]
    co = next(m for m in ranking.matches if m.call == found["co_call"])
    assert co.lead_needed == "Foreign local government from France"
    assert co.candidates[0] == found["twin"]
    lead = next(m for m in ranking.matches if m.call == found["lead_call"])
    assert lead.application == found["application"]


def test_in_the_world_the_lead_call_ranks_the_commune_projects(world):
    found = world_funding(world)

    ranking = matching.projects_for_call(found["lead_call"])

    assert world.project.pk in [m.project.pk for m in ranking.matches]
    assert ranking.refused == []


def test_a_call_that_fails_the_filter_ranks_no_project_and_says_why(client, world):
    found = world_funding(world)
    sign_in(client, world.personas.officer)

    page = client.get(reverse("funding_call_projects", args=[found["closed_call"].pk])).content.decode()

    assert "The commune cannot answer this call now" in page
    assert "The call excludes Morocco." in page
    assert world.project.code not in page


def test_arabic_pages_keep_western_digits_and_isolate_the_figures(client, world):
    found = world_funding(world)
    sign_in(client, world.personas.officer, "ar")

    page = client.get(reverse("funding_project_calls", args=[world.project.pk])).content.decode()

    assert 'dir="rtl"' in page
    assert not any(ch in page for ch in "٠١٢٣٤٥٦٧٨٩")
    assert found["co_call"].reference in page
    assert "<bdi>90</bdi>" in page  # the co-call's full proposal is due in 90 days


# --- large rankings: the order kept by the state of the data ---------------------------------------


def test_a_large_ranking_keeps_its_order_until_the_ledger_moves(client, personas, monkeypatch):
    from django.db import transaction

    from sharaka.core import audit

    monkeypatch.setattr(matching, "CACHE_FROM", 0)  # every ranking counts as large here
    p = project()
    call(org("F1"), title_en="Call A", days=100)  # time 0.67
    later = call(org("F2"), title_en="Call B", days=70)  # time 0.17
    sign_in(client, personas.officer)
    url = reverse("funding_project_calls", args=[p.pk])

    def order():
        page = client.get(url).content.decode()
        return "AB" if page.index("Call A") < page.index("Call B") else "BA"

    assert order() == "AB"
    # Written without the services (no ledger entry): the kept order stays.
    later.stages.update(deadline=TODAY + datetime.timedelta(days=200))
    assert order() == "AB"
    with transaction.atomic():  # what every service does when it writes
        audit.record(actor=personas.officer, action="funding.call_update", obj=later)
    assert order() == "BA"


def test_a_large_ranking_shows_each_page_in_the_order_of_the_whole(client, personas, monkeypatch):
    monkeypatch.setattr(matching, "CACHE_FROM", 0)
    p = project()
    for i in range(30):
        call(org(f"F{i}"), title_en=f"Call number {i:02d}", days=65 + 3 * i)
    expected = [m.call.title_en for m in matching.calls_for_project(p).matches]
    sign_in(client, personas.officer)
    url = reverse("funding_project_calls", args=[p.pk])

    shown = "".join(client.get(f"{url}?page={n}").content.decode() for n in (1, 2, 3))  # 10 a page

    assert sorted(expected, key=shown.index) == expected
    assert shown.count("Why this score") == 30
