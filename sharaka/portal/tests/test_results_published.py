"""The portal shows a project's results with approved values only, in every portal language, in
constant queries; a value waiting for approval never appears."""

import re

import pytest
from django.urls import reverse
from django.utils import translation

from sharaka.portal import chains
from sharaka.portal.tests.helpers import publishable_project, results_chain

pytestmark = pytest.mark.django_db


def _page(client, project, lang="fr"):
    return client.get(reverse("portal:project_detail", args=[project.pk]), {"lang": lang}).content.decode()


def test_it_shows_approved_values_and_never_a_submitted_one(client, personas):
    project = publishable_project()
    results_chain(project, personas.officer, approved="95", submitted="777")
    html = _page(client, project)
    assert "Ménages desservis" in html and "Pertes d&#x27;eau" in html
    assert ">95<" in html and ">39 %<" in html  # the approved actuals
    assert not re.search(
        r"(?<![\w.,])777(?!\w)", html
    )  # submitted, not approved: not a fact yet (a number, not a token)
    assert "Indicateurs en bonne voie" in html


def test_it_counts_the_indicators_on_track(client, personas):
    project = publishable_project()
    chain = results_chain(project, personas.officer)
    chains.attach([project])
    states = {i.pk: i.progress.state for i in chains.indicators(project)}
    assert states == {chain["served"].pk: "on_track", chain["losses"].pk: "off_track"}
    assert chains.on_track(project) == (1, 2)
    html = _page(client, project, "en")
    assert 'Indicators on track: <bdi class="num">1</bdi> of <bdi class="num">2</bdi>' in html
    assert "state-off_track" in html and "Off track" in html


@pytest.mark.parametrize(
    ("lang", "words"),
    [
        ("ar", ["النتائج", "خط الأساس", "الهدف"]),
        ("fr", ["Résultats", "Situation de départ", "Cible"]),
        ("en", ["Results", "Baseline", "Target"]),
        ("zgh", ["ⵜⵉⵢⴰⴼⵓⵜⵉⵏ", "ⵜⴰⵏⵇⵇⵉⴹⵜ ⵏ ⵜⵉⵣⵡⵓⵔⵉ", "ⴰⵏⵉⵎⵓⵜ"]),
    ],
)
def test_it_labels_the_results_in_every_portal_language(client, personas, lang, words):
    project = publishable_project()
    results_chain(project, personas.officer)
    html = _page(client, project, lang)
    for word in words:
        assert word in html, (lang, word)


def test_it_reads_the_chain_in_constant_queries(client, personas, django_assert_num_queries):
    project = publishable_project()
    # the project, 5 prefetches, its results (none), the answers, its sustainability plan (none: the
    # public summary, portal/afterwards.py, reads the plan and then its costs when there is one), the
    # money received and spent (two, from the running totals), the partners' public documents (one)
    with django_assert_num_queries(12):
        _page(client, project)
    results_chain(project, personas.officer)
    with django_assert_num_queries(14):  # + the indicators and the periods, whatever their number
        _page(client, project)
    results_chain(project, personas.officer, approved="120")  # twice the chain
    with django_assert_num_queries(14):
        html = _page(client, project)
    assert html.count('class="indicator"') == 4


def test_it_leaves_the_results_out_when_there_are_none(client):
    project = publishable_project()
    assert 'id="h-results"' not in _page(client, project)


def test_the_plain_values_are_exact_and_short():
    from decimal import Decimal

    assert [chains.plain(v) for v in (Decimal("120.00"), Decimal("12.50"), Decimal("-3.25"), None)] == [
        "120",
        "12.5",
        "-3.25",
        "",
    ]
    with translation.override("ar"):
        assert str(chains.LEVELS["3"])


def test_nothing_of_the_review_is_published(client, personas):
    """What stays in the results app: update narratives and values in review, the approver's
    comments, the baseline's and targets' comments, evidence. A marker in each, read everywhere
    the public reads."""
    from decimal import Decimal

    from django.core.files.uploadedfile import SimpleUploadedFile

    from sharaka.portal.iati import writer
    from sharaka.results import services

    officer = personas.officer
    project = publishable_project()
    chain = results_chain(project, officer)
    served = chain["served"]
    services.indicator_save(
        actor=officer,
        result=served.result,
        indicator=served,
        data={"baseline_comment": "MARKER-BASELINE-COMMENT"},
    )
    period = served.periods.order_by("start").first()
    services.period_save(
        actor=officer, indicator=served, period=period, data={"target_comment": "MARKER-TARGET-COMMENT"}
    )
    update = services.update_save(
        actor=officer,
        period=period,
        update=None,
        data={"value": Decimal("4321"), "narrative_fr": "MARKER-NARRATIVE"},
    )
    update = services.update_move(actor=officer, update=update, to="submitted")
    services.update_move(actor=officer, update=update, to="returned", reason="MARKER-RETURN-REASON")
    draft = services.update_save(
        actor=officer,
        period=period,
        update=None,
        data={"value": Decimal("8765"), "narrative_ar": "MARKER-AR"},
    )
    services.evidence_upload(
        actor=officer,
        update=draft,
        title="MARKER-EVIDENCE",
        upload=SimpleUploadedFile("proof.pdf", b"%PDF-1.4 proof", content_type="application/pdf"),
    )
    texts = [_page(client, project, lang) for lang in ("ar", "fr", "en", "zgh")] + [
        b"".join(writer.activity_chunks()).decode(),
        *(
            b"".join(client.get(reverse("portal:open_data_results", args=[fmt])).streaming_content).decode()
            for fmt in ("csv", "json")
        ),
    ]
    for text in texts:
        for marker in ("MARKER-", "4321", "8765"):
            assert marker not in text
