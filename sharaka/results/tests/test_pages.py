"""The results pages: the chain from the top, progress and its chart, the forms, the update's road."""

import datetime
import re
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from sharaka.core.models import AuditEntry, Locality
from sharaka.projects.tests.helpers import arabic, form_fields, submit
from sharaka.results import services
from sharaka.results.models import Indicator, Period, Result, Update
from sharaka.results.tests.helpers import make_chain, update_in

pytestmark = pytest.mark.django_db


def _url(name, project, **kwargs):
    return reverse(name, kwargs={"pk": project.pk, **kwargs})


def _approve(world, period, value):
    update = services.update_save(
        actor=world.personas.manager, period=period, update=None, data={"value": value}
    )
    services.update_move(actor=world.personas.manager, update=update, to="submitted")
    return services.update_move(actor=world.personas.officer, update=update, to="approved")


def _big_chain(world, results, indicators, periods):
    officer = world.personas.officer
    for r in range(results):
        result = services.result_save(
            actor=officer,
            project=world.project,
            result=None,
            data={"type": ["3", "2", "1"][r % 3], "title_fr": f"Résultat {r}"},
        )
        for i in range(indicators):
            indicator = services.indicator_save(
                actor=officer,
                result=result,
                indicator=None,
                data={
                    "title_fr": f"Indicateur {r}.{i}",
                    "measure": "1",
                    "baseline_value": Decimal(0),
                    "baseline_year": 2025,
                },
            )
            for n in range(periods):
                period = services.period_save(
                    actor=officer,
                    indicator=indicator,
                    period=None,
                    data={
                        "start": datetime.date(2026, 1, 1) + datetime.timedelta(days=90 * n),
                        "end": datetime.date(2026, 1, 1) + datetime.timedelta(days=90 * n + 89),
                        "target": Decimal(10 * (n + 1)),
                    },
                )
                if n == 0:
                    _approve(world, period, Decimal(10))
                    update_in(period, world.personas.manager, "draft", Decimal(11))


def _queries(client, django_assert_max_num_queries, url, limit):
    with django_assert_max_num_queries(limit) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured.captured_queries)


def test_the_results_page_reads_in_a_bounded_number_of_queries(client, world, django_assert_max_num_queries):
    client.force_login(world.personas.officer)
    url = _url("results_project", world.project)
    _big_chain(world, 1, 1, 1)
    client.get(url)  # the session's first request may do its own bookkeeping: not counted
    small = _queries(client, django_assert_max_num_queries, url, 15)
    _big_chain(world, 3, 3, 4)
    large = _queries(client, django_assert_max_num_queries, url, 15)
    assert large == small


def test_the_chain_is_read_from_the_top(client, world):
    officer = world.personas.officer
    for kind, title in [("1", "Produit"), ("3", "Impact"), ("2", "Effet")]:
        services.result_save(
            actor=officer, project=world.project, result=None, data={"type": kind, "title_fr": title}
        )
    client.force_login(officer)
    html = client.get(_url("results_project", world.project)).content.decode()
    assert html.index("Impact") < html.index("Effet") < html.index("Produit")


def test_the_page_shows_each_indicator_with_its_baseline_periods_progress_and_share(client, world):
    _result, indicator, (first, second) = make_chain(world.project, world.personas.officer, periods=2)
    _approve(world, first, Decimal("100"))
    client.force_login(world.personas.officer)
    response = client.get(_url("results_project", world.project))
    html = response.content.decode()
    assert "الأسر المربوطة" in html  # the title in the reader's language
    assert (
        '<bdi dir="ltr" class="code">2026-01-01</bdi> – <bdi dir="ltr" class="code">2026-12-31</bdi>' in html
    )
    assert (
        '<bdi dir="ltr" class="code">2027-01-01</bdi> – <bdi dir="ltr" class="code">2027-12-31</bdi>' in html
    )
    assert 'class="badge progress-on_track"' in html
    assert re.search(r'id="share-on-track"><strong><bdi>1</bdi></strong>\D+<bdi>1</bdi>', html)
    assert "<svg" in html and 'class="actual"' in html
    # The chart's text alternative: the periods' table, with the target and the approved actual.
    assert "<caption" in html


def test_in_arabic_the_chart_runs_right_to_left(client, world):
    make_chain(world.project, world.personas.officer, periods=2)
    client.force_login(world.personas.officer)
    xs = {}
    for language in ("ar", "fr"):
        client.cookies["django_language"] = language
        world.personas.officer.language = language
        world.personas.officer.save(update_fields=["language"])
        html = client.get(_url("results_project", world.project)).content.decode()
        xs[language] = [float(x) for x in re.findall(r'<rect class="target" x="([\d.]+)"', html)]
    assert xs["fr"][0] < xs["fr"][1]
    assert xs["ar"][0] > xs["ar"][1]


def test_the_project_page_links_to_the_results_with_the_share_on_track(client, world):
    _result, _indicator, (period,) = make_chain(world.project, world.personas.officer)
    _approve(world, period, Decimal("100"))
    client.force_login(world.personas.officer)
    html = client.get(world.project.get_absolute_url()).content.decode()
    assert _url("results_project", world.project) in html
    assert re.search(r"<bdi>1</bdi>\D+<bdi>1</bdi>", html)


def _shows(html: str, number: str) -> bool:
    """Whether the page shows this number as a number (not inside a random token such as the CSRF one)."""
    return re.search(rf"(?<![\w.,]){re.escape(number)}(?![\w])", html) is not None


def test_a_partner_reads_approved_values_only(client, world):
    _result, _indicator, (period,) = make_chain(world.project, world.personas.officer)
    approved = _approve(world, period, Decimal("42"))
    draft = update_in(period, world.personas.manager, "draft", Decimal("77"))
    submitted = update_in(period, world.personas.manager, "submitted", Decimal("88"))
    client.force_login(world.personas.partner_viewer)
    html = client.get(_url("results_project", world.project)).content.decode()
    assert "<bdi>42</bdi>" in html
    assert not _shows(html, "77") and not _shows(html, "88")
    assert "update-approved" in html and "update-draft" not in html and "update-submitted" not in html
    period_html = client.get(_url("results_period", world.project, period_pk=period.pk)).content.decode()
    assert not _shows(period_html, "77") and not _shows(period_html, "88")
    for update in (draft, submitted):
        assert client.get(_url("results_update", world.project, update_pk=update.pk)).status_code == 404
    assert client.get(_url("results_update", world.project, update_pk=approved.pk)).status_code == 200
    # Another partner's viewer does not see the project at all.
    client.force_login(world.personas.outsider_partner_viewer)
    assert client.get(_url("results_project", world.project)).status_code == 404


def test_an_internal_reader_reads_everything_and_changes_nothing(client, world):
    _result, indicator, (period,) = make_chain(world.project, world.personas.officer)
    draft = update_in(period, world.personas.manager, "draft", Decimal("77"))
    client.force_login(world.personas.finance)
    assert (
        "<bdi>77</bdi>"
        in client.get(_url("results_period", world.project, period_pk=period.pk)).content.decode()
    )
    assert client.get(_url("results_update", world.project, update_pk=draft.pk)).status_code == 200
    before = AuditEntry.objects.count()
    for name, kwargs, data in [
        ("results_result_add", {}, {"type": "1", "title_fr": "x"}),
        ("results_indicator_edit", {"indicator_pk": indicator.pk}, {"title_fr": "x", "measure": "1"}),
        ("results_update_add", {"period_pk": period.pk}, {"value": "1"}),
        ("results_update_edit", {"update_pk": draft.pk}, {"value": "1"}),
        ("results_update_move", {"update_pk": draft.pk}, {"to": "submitted"}),
        ("results_period_lock", {"period_pk": period.pk}, {}),
    ]:
        assert client.post(_url(name, world.project, **kwargs), data).status_code == 403, name
    assert AuditEntry.objects.count() == before


def test_the_forms_build_the_chain(client, world):
    client.force_login(world.personas.manager)
    page = client.get(_url("results_result_add", world.project))
    response = submit(client, page, {"type": "2", "title_ar": "تحسين الولوج إلى الماء"})
    assert response.status_code == 302
    result = Result.objects.get()
    page = client.get(_url("results_indicator_add", world.project, result_pk=result.pk))
    response = submit(
        client,
        page,
        {
            "title_fr": "Taux de desserte",
            "measure": "2",
            "unit_fr": "%",
            "baseline_value": "35,5",
            "baseline_year": "2025",
        },
    )
    assert response.status_code == 302, form_fields(page)
    indicator = Indicator.objects.get()
    assert indicator.baseline_value == Decimal("35.50")
    page = client.get(_url("results_period_add", world.project, indicator_pk=indicator.pk))
    response = submit(client, page, {"start": "2026-01-01", "end": "2026-12-31", "target": "60"})
    assert response.status_code == 302
    assert Period.objects.get().target == Decimal("60")


def test_errors_show_on_the_same_page_in_arabic_with_what_was_typed(client, world):
    _result, indicator, (period,) = make_chain(world.project, world.personas.officer)
    client.force_login(world.personas.officer)
    page = client.get(_url("results_period_add", world.project, indicator_pk=indicator.pk))
    response = submit(
        client, page, {"start": "2027-06-30", "end": "2027-01-01", "target": "9999999999999999"}
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert arabic("A period cannot end before it starts.") in html
    assert 'value="9999999999999999"' in html
    # The bound of a value is said about values, not amounts.
    assert arabic("A value is at most %(max)s either way, with at most two decimals.").split("%")[0] in html
    assert Period.objects.count() == 1


def test_a_percentage_out_of_range_is_refused_beside_the_field(client, world):
    _result, indicator, _periods = make_chain(world.project, world.personas.officer)
    client.force_login(world.personas.officer)
    page = client.get(_url("results_indicator_edit", world.project, indicator_pk=indicator.pk))
    response = submit(client, page, {"measure": "2", "baseline_value": "150"})
    assert response.status_code == 200
    assert arabic("A percentage is between 0 and 100.") in response.content.decode()
    indicator.refresh_from_db()
    assert indicator.measure == "1"


def test_a_concurrent_edit_is_detected_and_what_was_typed_kept(client, world):
    _result, indicator, _periods = make_chain(world.project, world.personas.officer)
    client.force_login(world.personas.officer)
    page = client.get(_url("results_indicator_edit", world.project, indicator_pk=indicator.pk))
    services.indicator_save(
        actor=world.personas.manager, result=indicator.result, indicator=indicator, data={"unit_fr": "foyers"}
    )
    response = submit(client, page, {"unit_fr": "ménages"})
    assert response.status_code == 200
    html = response.content.decode()
    assert 'value="ménages"' in html
    indicator.refresh_from_db()
    assert indicator.unit_fr == "foyers"


def test_the_road_through_the_pages(client, world):
    """The manager writes a draft with its parts and submits it; the president returns it with a
    comment; the manager corrects and resubmits; the officer approves; the actual follows."""
    for n, (fr, ar) in enumerate([("Aourir centre", "أورير المركز"), ("Tamraght", "تامراغت")]):
        Locality.objects.create(
            name_fr=fr,
            name_ar=ar,
            name_en=fr,
            kind="village",
            latitude=Decimal("30.5"),
            longitude=Decimal(-9 - n),
        )
    _result, _indicator, (period,) = make_chain(world.project, world.personas.officer)
    p = world.personas
    client.force_login(p.manager)
    page = client.get(_url("results_update_add", world.project, period_pk=period.pk))
    tamraght = Locality.objects.get(name_fr="Tamraght")
    response = submit(
        client,
        page,
        {
            "value": "50",
            "narrative_ar": "تم ربط خمسين أسرة",
            "part_sex_female": "30",
            "part_sex_male": "20",
            f"part_locality_{tamraght.pk}": "50",
        },
    )
    assert response.status_code == 302
    update = Update.objects.get()
    assert sorted((d.dimension, d.value) for d in update.disaggregations.all()) == [
        ("locality", Decimal(50)),
        ("sex", Decimal(20)),
        ("sex", Decimal(30)),
    ]
    page = client.get(response.url)
    response = submit(
        client,
        page,
        {"to": "submitted"},
        action=_url("results_update_move", world.project, update_pk=update.pk),
    )
    assert response.status_code == 302
    client.force_login(p.president)
    move = _url("results_update_move", world.project, update_pk=update.pk)
    update.refresh_from_db()
    response = client.post(move, {"to": "returned", "reason": "", "version": update.version})
    assert response.status_code == 200
    assert arabic("Say why: a reason is required for this move.") in response.content.decode()
    update.refresh_from_db()
    assert update.status == "submitted"
    response = client.post(move, {"to": "returned", "reason": "Joindre la liste", "version": update.version})
    assert response.status_code == 302
    client.force_login(p.manager)
    page = client.get(_url("results_update_edit", world.project, update_pk=update.pk))
    assert submit(client, page, {"value": "55", "part_sex_male": "25"}).status_code == 302
    update.refresh_from_db()
    client.post(move, {"to": "submitted", "version": update.version})
    client.force_login(p.officer)
    update.refresh_from_db()
    assert client.post(move, {"to": "approved", "version": update.version}).status_code == 302
    period.refresh_from_db()
    assert period.actual == Decimal("55")
    html = client.get(_url("results_update", world.project, update_pk=update.pk)).content.decode()
    assert "Joindre la liste" in html
    assert (
        html.count('<li>\n      <p class="meta"><time') == 5
    )  # draft, submitted, returned, submitted, approved


def test_parts_larger_than_the_value_are_refused(client, world):
    _result, _indicator, (period,) = make_chain(world.project, world.personas.officer)
    client.force_login(world.personas.manager)
    page = client.get(_url("results_update_add", world.project, period_pk=period.pk))
    response = submit(client, page, {"value": "10", "part_age_0-14": "8", "part_age_15-24": "8"})
    assert response.status_code == 200
    assert 'value="8"' in response.content.decode()
    assert not Update.objects.exists()


def test_locks_through_the_pages(client, world):
    _result, _indicator, (period,) = make_chain(world.project, world.personas.officer)
    client.force_login(world.personas.president)
    lock = _url("results_period_lock", world.project, period_pk=period.pk)
    unlock = _url("results_period_unlock", world.project, period_pk=period.pk)
    assert client.post(lock).status_code == 302
    period.refresh_from_db()
    assert period.is_locked
    client.force_login(world.personas.manager)
    response = client.get(_url("results_update_add", world.project, period_pk=period.pk))
    assert response.status_code == 302
    assert client.post(unlock, {"reason": "x"}).status_code == 403
    client.force_login(world.personas.officer)
    response = client.post(unlock, {"reason": ""})
    assert response.status_code == 200
    period.refresh_from_db()
    assert period.is_locked
    assert client.post(unlock, {"reason": "Erreur de saisie signalée"}).status_code == 302
    period.refresh_from_db()
    assert not period.is_locked
    assert AuditEntry.objects.get(action="period.unlock").reason == "Erreur de saisie signalée"


def test_evidence_is_read_by_whoever_reads_its_update(client, world):
    _result, _indicator, (period,) = make_chain(world.project, world.personas.officer)
    update = update_in(period, world.personas.manager, "draft")
    client.force_login(world.personas.manager)
    upload = SimpleUploadedFile("liste.pdf", b"%PDF-1.4\n%%EOF\n", content_type="application/pdf")
    response = client.post(
        _url("results_evidence_upload", world.project, update_pk=update.pk),
        {"title": "Liste", "file": upload},
    )
    assert response.status_code == 302
    evidence = update.evidence.get()
    download = _url("results_evidence_download", world.project, update_pk=update.pk, evidence_pk=evidence.pk)
    response = client.get(download)
    assert response.status_code == 200 and response["Content-Disposition"].startswith("attachment")
    client.force_login(world.personas.partner_viewer)
    assert client.get(download).status_code == 404
    Update.objects.filter(pk=update.pk).update(status="approved")
    assert client.get(download).status_code == 200
    client.force_login(world.personas.prefecture)
    assert client.get(download).status_code == 404


def test_an_archived_project_is_read_only(client, world):
    _result, indicator, (period,) = make_chain(world.project, world.personas.officer)
    draft = update_in(period, world.personas.manager, "draft")
    world.project.archived_at = timezone.now()
    world.project.save(update_fields=["archived_at"])
    client.force_login(world.personas.officer)
    before = AuditEntry.objects.count()
    assert client.get(_url("results_project", world.project)).status_code == 200
    for name, kwargs, data in [
        ("results_result_add", {}, {"type": "1", "title_fr": "x"}),
        ("results_period_add", {"indicator_pk": indicator.pk}, {"start": "2027-01-01", "end": "2027-02-01"}),
        ("results_update_add", {"period_pk": period.pk}, {"value": "1"}),
        ("results_update_edit", {"update_pk": draft.pk}, {"value": "1"}),
    ]:
        assert client.post(_url(name, world.project, **kwargs), data).status_code == 302, name
    assert (
        client.post(
            _url("results_update_move", world.project, update_pk=draft.pk), {"to": "submitted"}
        ).status_code
        == 403
    )
    assert client.post(_url("results_period_lock", world.project, period_pk=period.pk)).status_code == 403
    assert AuditEntry.objects.count() == before


def test_another_manager_reads_but_neither_reports_nor_changes_the_chain(client, world):
    _result, indicator, (period,) = make_chain(world.project, world.personas.officer)
    draft = update_in(period, world.personas.manager, "draft")
    client.force_login(world.personas.other_manager)
    assert client.get(_url("results_project", world.project)).status_code == 200
    for name, kwargs in [
        ("results_result_add", {}),
        ("results_indicator_edit", {"indicator_pk": indicator.pk}),
        ("results_period_add", {"indicator_pk": indicator.pk}),
        ("results_update_add", {"period_pk": period.pk}),
        ("results_update_edit", {"update_pk": draft.pk}),
        ("results_evidence_upload", {"update_pk": draft.pk}),
    ]:
        assert client.get(_url(name, world.project, **kwargs)).status_code == 403, name
    html = client.get(_url("results_update", world.project, update_pk=draft.pk)).content.decode()
    assert _url("results_update_move", world.project, update_pk=draft.pk) not in html


def test_a_qualitative_indicator_is_reported_with_a_narrative_only(client, world):
    _result, _indicator, (period,) = make_chain(
        world.project, world.personas.officer, measure="5", baseline=None, title="Gouvernance du service"
    )
    client.force_login(world.personas.manager)
    page = client.get(_url("results_update_add", world.project, period_pk=period.pk))
    assert 'name="value"' not in page.content.decode()
    response = submit(client, page, {})
    assert response.status_code == 200 and not Update.objects.exists()
    response = submit(client, page, {"narrative_fr": "Le comité de gestion de l'eau se réunit chaque mois."})
    assert response.status_code == 302
    update = Update.objects.get()
    assert update.value is None and update.narrative_fr.startswith("Le comité")


def test_a_draft_corrected_meanwhile_by_someone_else_is_not_overwritten(client, world):
    _result, _indicator, (period,) = make_chain(world.project, world.personas.officer)
    draft = update_in(period, world.personas.manager, "draft", Decimal("10"))
    client.force_login(world.personas.manager)
    page = client.get(_url("results_update_edit", world.project, update_pk=draft.pk))
    services.update_save(
        actor=world.personas.officer,
        period=period,
        update=draft,
        data={"value": Decimal("12")},
        expected_version=1,
    )
    response = submit(client, page, {"value": "15"})
    assert response.status_code == 200
    assert 'value="15"' in response.content.decode()
    draft.refresh_from_db()
    assert draft.value == Decimal("12")


def test_the_period_and_update_pages_read_in_a_bounded_number_of_queries(
    client, world, django_assert_max_num_queries
):
    _result, _indicator, (period,) = make_chain(world.project, world.personas.officer)
    updates = [_approve(world, period, Decimal(n)) for n in (10, 20, 30)]
    client.force_login(world.personas.officer)
    period_url = _url("results_period", world.project, period_pk=period.pk)
    update_url = _url("results_update", world.project, update_pk=updates[-1].pk)
    with django_assert_max_num_queries(14):
        assert client.get(period_url).status_code == 200
    with django_assert_max_num_queries(16):
        assert client.get(update_url).status_code == 200


def test_with_htmx_a_move_answers_with_the_road_block_and_the_new_status(client, world):
    _result, _indicator, (period,) = make_chain(world.project, world.personas.officer)
    update = update_in(period, world.personas.manager, "submitted")
    client.force_login(world.personas.president)
    move = _url("results_update_move", world.project, update_pk=update.pk)
    refused = client.post(
        move, {"to": "returned", "reason": "", "version": update.version}, HTTP_HX_REQUEST="true"
    )
    assert refused.status_code == 200
    html = refused.content.decode()
    assert html.startswith('<section class="card" id="road"')
    assert arabic("Say why: a reason is required for this move.") in html
    response = client.post(move, {"to": "approved", "version": update.version}, HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    html = response.content.decode()
    assert 'id="update-status" class="badge update-approved" hx-swap-oob="true"' in html
    assert arabic("The update was approved: its value is now the period's actual.") in html
    update.refresh_from_db()
    assert update.status == "approved"


def test_a_partner_reads_the_approval_not_the_review_before_it(client, world):
    _result, _indicator, (period,) = make_chain(world.project, world.personas.officer)
    p = world.personas
    update = services.update_save(actor=p.manager, period=period, update=None, data={"value": Decimal("42")})
    services.update_move(actor=p.manager, update=update, to="submitted")
    services.update_move(actor=p.officer, update=update, to="returned", reason="Chiffre à vérifier")
    services.update_move(actor=p.manager, update=update, to="submitted")
    services.update_move(actor=p.officer, update=update, to="approved")
    url = _url("results_update", world.project, update_pk=update.pk)

    client.force_login(p.partner_viewer)
    road = client.get(url).context["history"]
    assert [c.new_status for c in road] == ["approved"]

    client.force_login(p.president)
    road = client.get(url).context["history"]
    assert [c.new_status for c in road] == ["draft", "submitted", "returned", "submitted", "approved"]
