"""The portal's project page says who maintains what was built and who pays each yearly cost once the
partners' support ends (`portal/afterwards.py`, from `sustainability.queries.public_summary`), in the
four portal languages, in constant queries; nothing else of the plan (evidence, risks, checks,
warnings, the president's reason) ever reaches the public."""

import datetime

import pytest
from django.urls import reverse
from django.utils import translation

from sharaka.lib.money import format_amount
from sharaka.portal.tests.helpers import publishable_project
from sharaka.sustainability.testing import make_plan

pytestmark = pytest.mark.django_db

LANGUAGES = ("ar", "fr", "en", "zgh")


def _page(client, project, lang="fr"):
    response = client.get(reverse("portal:project_detail", args=[project.pk]), {"lang": lang})
    assert response.status_code == 200
    return response.content.decode()


def _planned(project, **overrides):
    return make_plan(
        project,
        costs=[
            ("Électricité du pompage", "6000", "commune_budget", True),
            ("Gardiennage", "2000", "nobody", False),
        ],
        maintainer_kind="association",
        maintainer_name="Association des usagers de l'eau",
        handover_on=datetime.date(2027, 6, 30),
        exit_strategy="Les usagers paient le service ; la commune inscrit l'électricité au budget.",
        **overrides,
    )


@pytest.mark.parametrize(
    ("lang", "words"),
    [
        (
            "ar",
            ["بعد انتهاء دعم الشركاء", "الجهة المكلفة بالصيانة", "جمعية", "ميزانية الجماعة", "لا أحد بعد"],
        ),
        (
            "fr",
            [
                "Après la fin du soutien des partenaires",
                "Entretien assuré par",
                "Une association",
                "Le budget de la commune",
                "Personne encore",
            ],
        ),
        (
            "en",
            [
                "After the partners' support ends",
                "Maintained by",
                "An association",
                "The commune&#x27;s budget",
                "Nobody yet",
            ],
        ),
        ("zgh", ["ⴷⴼⴼⵉⵔ ⵜⵉⴳⵉⵔⴰ ⵏ ⵜⵡⵉⵣⴰ", "ⵎⴰⴷ ⵜ ⵉⵜⵜⵃⴹⴰⵏ", "ⵜⴰⵎⵙⵙⵓⴷⵙⵜ", "ⵜⴰⵖⵉⵡⴰⵏⵜ", "ⵓⵔ ⵙⵓⵍ ⵉⵍⵍⵉ"]),
    ],
)
def test_it_says_who_maintains_and_who_pays_in_every_portal_language(client, personas, lang, words):
    project = publishable_project(status="completed", actual_end=datetime.date(2026, 6, 30))
    _planned(project)
    html = _page(client, project, lang)
    assert 'id="h-afterwards"' in html
    for word in words:
        assert word in html, (lang, word)
    assert "Association des usagers de l&#x27;eau" in html and "Électricité du pompage" in html
    assert 'datetime="2027-06-30"' in html  # the handover date
    assert '<bdi dir="ltr" class="num">75 %</bdi>' in html  # 6,000 of 8,000 MAD confirmed
    # Amounts by the application's money format: Western digits, the reader's separators and label.
    for amount in ("6000", "2000", "8000"):
        assert format_amount(amount, "MAD", lang) in html, (lang, amount)
    assert "٦" not in html and "٠" not in html  # no Eastern Arabic digits


def test_the_section_sits_after_the_facts_and_before_the_question_form(client, personas):
    project = publishable_project(status="completed", actual_end=datetime.date(2026, 6, 30))
    _planned(project)
    html = _page(client, project)
    assert html.index('id="h-facts"') < html.index('id="h-afterwards"') < html.index('id="h-write"')


def test_nothing_internal_of_the_plan_is_published(client, personas):
    """Markers in every internal field around the plan: the evidence's title and file name, the
    president's reason, a risk's description and mitigation, a check's findings, a warning's details.
    None appears on the page, in any language."""
    from django.core.files.base import ContentFile

    from sharaka.sustainability.models import Check, EarlyWarning, Evidence, Risk

    project = publishable_project(status="closed", actual_end=datetime.date(2025, 6, 30))
    plan = _planned(project)
    plan.waiver_reason = "MARKER-WAIVER-REASON"
    plan.waived_by = personas.president
    plan.save()
    Evidence.objects.create(
        plan=plan,
        title="MARKER-EVIDENCE-TITLE",
        kind=Evidence.Kind.MAINTENANCE_AGREEMENT,
        file=ContentFile(b"%PDF-1.4 agreement", name="marker-evidence-file.pdf"),
        content_type="application/pdf",
        size=18,
        sha256="1" * 64,
        uploaded_by=personas.officer,
    )
    Risk.objects.create(
        project=project,
        description="MARKER-RISK-DESCRIPTION",
        category=Risk.Category.FINANCIAL,
        likelihood=4,
        impact=5,
        score=20,
        mitigation="MARKER-RISK-MITIGATION",
        review_on=datetime.date(2026, 1, 1),
    )
    Check.objects.create(
        project=project,
        months=6,
        due_on=datetime.date(2025, 12, 30),
        checked_on=datetime.date(2025, 12, 30),
        working="no",
        findings="MARKER-CHECK-FINDINGS",
    )
    EarlyWarning.objects.create(
        project=project,
        rule="asset_not_working",
        key="MARKER-WARNING-KEY",
        since=datetime.date(2026, 1, 1),
        details={"findings": "MARKER-WARNING-DETAILS"},
    )
    for lang in LANGUAGES:
        html = _page(client, project, lang)
        assert 'id="h-afterwards"' in html, lang  # the summary is there...
        assert "MARKER" not in html, lang  # ...and nothing else of the plan
        assert "Ligne 10.20" in html  # the confirmed payer's budget line is public


def test_a_project_without_a_plan_has_no_section(client):
    project = publishable_project()
    for lang in LANGUAGES:
        html = _page(client, project, lang)
        assert 'id="h-afterwards"' not in html
        assert "h-facts" in html  # the page itself is whole


def test_a_plan_with_no_recurrent_cost_says_so(client):
    project = publishable_project(status="completed", actual_end=datetime.date(2026, 6, 30))
    make_plan(project)  # a training: nothing to pay afterwards, covered at 100 %
    html = _page(client, project, "en")
    assert "Nothing needs paying once the project ends." in html
    assert '<bdi dir="ltr" class="num">100 %</bdi>' in html


def test_a_plan_that_lists_nothing_yet_is_not_covered(client):
    project = publishable_project()
    make_plan(project, no_recurrent_cost=False)
    html = _page(client, project, "en")
    assert "No yearly cost is listed yet." in html
    assert '<bdi dir="ltr" class="num">0 %</bdi>' in html


def test_the_summary_takes_the_same_queries_for_2_or_12_costs(client, personas, django_assert_num_queries):
    from decimal import Decimal

    from sharaka.partners.models import Organisation
    from sharaka.sustainability.models import RecurrentCost

    project = publishable_project(status="completed", actual_end=datetime.date(2026, 6, 30))
    plan = _planned(project)
    # the project, 5 prefetches, its results (none), the answers, the plan, its costs, the money
    # received and spent (two, from the running totals), the partners' public documents (one)
    with django_assert_num_queries(13):
        _page(client, project)
    partner = Organisation.objects.order_by("pk").first()
    for n in range(10):
        RecurrentCost.objects.create(
            plan=plan,
            what=f"Coût {n}",
            amount_per_year=Decimal(1000 + n),
            payer_kind="follow_on_partner",
            payer_organisation=partner,
        )
    with django_assert_num_queries(13):
        html = _page(client, project)
    assert html.count("<tr>") >= 12


def test_the_portal_labels_exist_for_every_kind():
    from sharaka.portal import afterwards
    from sharaka.sustainability.models import Plan, RecurrentCost

    assert set(afterwards.MAINTAINERS) == set(Plan.Maintainer.values)
    assert set(afterwards.PAYERS) == set(RecurrentCost.Payer.values)
    with translation.override("zgh"):
        labels = [str(label) for label in [*afterwards.MAINTAINERS.values(), *afterwards.PAYERS.values()]]
    assert all(any("\u2d30" <= ch <= "\u2d7f" for ch in label) for label in labels), labels
