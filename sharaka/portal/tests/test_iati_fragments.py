"""The activity file streamed from kept fragments is, byte for byte, the file the writer writes from
scratch (but for its generated datetime), after every kind of change, and only the activities a
change touches are rebuilt."""

import datetime
import re
from decimal import Decimal
from unittest import mock

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from sharaka.core import kept
from sharaka.core.testing import make_organisation
from sharaka.portal.iati import fragments, writer
from sharaka.portal.models import ActivityFragment
from sharaka.portal.tests import iati_check
from sharaka.portal.tests.helpers import publishable_project, results_chain

pytestmark = pytest.mark.django_db

GENERATED = re.compile(rb'generated-datetime="[^"]*"')


def _without_stamp(data: bytes) -> bytes:
    return GENERATED.sub(b'generated-datetime=""', data, count=1)


def streamed() -> bytes:
    return _without_stamp(b"".join(fragments.activity_chunks()))


def from_scratch() -> bytes:
    return _without_stamp(b"".join(writer.activity_chunks()))


class Scene:
    pass


@pytest.fixture
def scene(personas):
    """Two public projects with partners, a co-financing plan, a budget, transactions, results and a
    public document, and a third project not published; every fragment built."""
    from sharaka.finance import services as finance
    from sharaka.finance.models import Funder
    from sharaka.projects import services as projects

    s = Scene()
    s.personas = personas
    s.undp = make_organisation(acronym="UNDPX", iati_identifier="XM-DAC-41114", name_fr="PNUD")
    s.project = publishable_project(funder=s.undp)
    s.other = publishable_project()
    s.hidden = publishable_project(published=False)
    for day in (datetime.date(2026, 1, 10), datetime.date(2026, 3, 1), datetime.date(2026, 4, 1)):
        finance.rate_set(actor=personas.finance, currency="EUR", date=day, rate="10.8532", source="BAM")
    s.funder = finance.funder_set(
        actor=personas.finance,
        project=s.project,
        data={
            "kind": Funder.Kind.PARTNER,
            "organisation": s.undp,
            "currency": "EUR",
            "cash": "100000.00",
            "rate_on": datetime.date(2026, 1, 15),
        },
    )
    finance.budget_line_set(
        actor=personas.finance, project=s.project, category="works", funder=s.funder, amount_mad="1085320.00"
    )
    s.tranche = finance.tranche_plan(
        actor=personas.finance,
        project=s.project,
        funder=s.funder,
        expected_on=datetime.date(2026, 6, 1),
        amount=Decimal("40000.00"),
        currency="EUR",
    )
    s.record = lambda **data: finance.transaction_record(
        actor=personas.finance,
        project=s.project,
        data={
            "type": "1",
            "provider": "UNDP",
            "receiver": "Commune d'Aourir (TGR)",
            "value_date": datetime.date(2026, 3, 5),
            "currency": "EUR",
            "amount": Decimal("1000.00"),
            "funder": s.funder,
            **data,
        },
    )
    s.record()
    s.implementer = projects.project_partner_add(
        actor=personas.officer,
        project=s.project,
        data={"organisation": make_organisation(acronym="IMPLX", name_fr="Association Tifawin"), "role": "4"},
    )
    s.chain = results_chain(s.project, personas.officer)
    s.document = projects.document_upload(
        actor=personas.officer,
        project=s.project,
        title="Rapport",
        kind="report",
        visibility="private",
        upload=SimpleUploadedFile("r.pdf", b"%PDF-1.4 rapport", content_type="application/pdf"),
    )
    kept.rebuild_all()
    assert ActivityFragment.objects.count() == 2
    assert streamed() == from_scratch()
    return s


def _edit_project(s):
    from sharaka.projects import services

    s.project.refresh_from_db()
    services.project_update(
        actor=s.personas.officer,
        project=s.project,
        data={"title_fr": "Eau potable, deuxième phase"},
        expected_version=s.project.version,
    )


def _record_transaction(s):
    s.record(amount=Decimal("2500.00"), value_date=datetime.date(2026, 4, 2))


def _rename_partner(s):
    from sharaka.partners import services

    s.undp.refresh_from_db()
    services.organisation_update(
        actor=s.personas.officer,
        organisation=s.undp,
        data={"name_fr": "Programme des Nations unies pour le développement"},
        expected_version=s.undp.version,
    )


def _update_result(s):
    from sharaka.results import services
    from sharaka.results.models import Period

    period = Period.objects.filter(indicator__result__project=s.project, actual__isnull=True).first()
    update = services.update_save(
        actor=s.personas.officer, period=period, update=None, data={"value": Decimal("7")}
    )
    for status in ("submitted", "approved"):
        actor = s.personas.president if status == "approved" else s.personas.officer
        update = services.update_move(actor=actor, update=update, to=status)


def _publish_document(s):
    from sharaka.projects import services

    services.document_update(
        actor=s.personas.officer,
        document=s.document,
        title="Rapport annuel",
        kind="report",
        visibility="public",
    )


def _unpublish_project(s):
    from sharaka.portal import services

    services.project_unpublish(actor=s.personas.officer, project=s.project, reason="Revue")


def _publish_project(s):
    from sharaka.portal import services

    services.project_publish(actor=s.personas.officer, project=s.hidden)


def _change_rate(s):
    from sharaka.finance import services

    services.rate_set(
        actor=s.personas.finance, currency="EUR", date=datetime.date(2026, 3, 2), rate="11.2000", source="BAM"
    )


def _remove_tranche(s):
    from sharaka.finance import services

    services.tranche_remove(actor=s.personas.finance, tranche=s.tranche)


def _remove_partner(s):
    from sharaka.projects import services

    services.project_partner_remove(actor=s.personas.officer, participation=s.implementer)


def _remove_budget_line(s):
    from sharaka.finance import services
    from sharaka.finance.models import BudgetLine

    services.budget_line_remove(actor=s.personas.finance, line=BudgetLine.objects.get(project=s.project))


# (change, activities rebuilt by the next export)
CHANGES = {
    "a project edited": (_edit_project, 1),
    "a transaction recorded": (_record_transaction, 1),
    "a partner organisation renamed": (_rename_partner, 1),
    "a result updated": (_update_result, 1),
    "a document published": (_publish_document, 1),
    "a project unpublished": (_unpublish_project, 0),
    "a project published": (_publish_project, 1),
    "a rate changed": (_change_rate, 0),
    "a tranche removed": (_remove_tranche, 1),
    "a partner removed": (_remove_partner, 1),
    "a budget line removed": (_remove_budget_line, 1),
}


@pytest.mark.parametrize("change", CHANGES)
def test_the_streamed_file_is_the_written_file_after(scene, change):
    make, rebuilt = CHANGES[change]
    before = streamed()
    make(scene)
    assert fragments.refresh() == rebuilt
    after = streamed()
    assert after == from_scratch()
    assert (after != before) == (change != "a rate changed")
    assert kept.differences_all() == {}


def test_a_transaction_to_come_enters_the_file_on_its_day(scene):
    from sharaka.finance import services

    today = timezone.localdate()
    services.rate_set(actor=scene.personas.finance, currency="EUR", date=today, rate="10.9", source="BAM")
    scene.record(value_date=today + datetime.timedelta(days=3), amount=Decimal("777.00"))
    assert b"777.00" not in streamed()
    assert streamed() == from_scratch()
    later = today + datetime.timedelta(days=3)
    with mock.patch("django.utils.timezone.localdate", return_value=later):
        assert fragments.refresh() == 1
        assert b"777.00" in streamed()
        assert streamed() == from_scratch()


def test_an_actual_end_to_come_enters_the_file_on_its_day(scene):
    ActivityFragment.objects.all().delete()
    today = timezone.localdate()
    end = today + datetime.timedelta(days=10)
    scene.other.actual_end = end
    scene.other.save(update_fields=["actual_end"])
    assert streamed() == from_scratch()
    assert f'iso-date="{end.isoformat()}" type="4"'.encode() not in streamed()
    with mock.patch("django.utils.timezone.localdate", return_value=end):
        assert fragments.refresh() == 1
        assert f'iso-date="{end.isoformat()}" type="4"'.encode() in streamed()
        assert streamed() == from_scratch()


def test_a_new_site_address_rebuilds_every_fragment(scene, settings):
    settings.SITE_URL = "https://transparence.aourir.ma/"
    assert fragments.refresh() == 2
    assert streamed() == from_scratch()


def test_a_new_version_of_the_writer_rebuilds_every_fragment(scene, monkeypatch):
    monkeypatch.setattr(fragments, "CODE", "another release")
    assert fragments.refresh() == 2
    assert streamed() == from_scratch()


def test_a_fragment_changed_behind_the_services_back_is_a_difference(scene):
    ActivityFragment.objects.filter(project=scene.other).update(xml=b"<iati-activity/>")
    assert kept.differences_all() == {"IATI activity fragments": [("activity fragment", scene.other.code)]}
    fragments.rebuild()
    assert kept.differences_all() == {}


def test_the_portal_serves_the_streamed_file_valid_against_the_schema(client, scene):
    response = client.get(reverse("portal:iati_activities"))
    data = b"".join(response.streaming_content)
    assert iati_check.problems(data) == []
    assert _without_stamp(data) == from_scratch()


def test_an_empty_file_is_the_same_too(db):
    assert streamed() == from_scratch()


def test_streaming_reads_one_query_per_chunk_of_fragments(scene, django_assert_num_queries, monkeypatch):
    for _ in range(3):
        publishable_project()
    fragments.rebuild()
    monkeypatch.setattr(fragments, "STREAM_CHUNK", 2)
    # The public ids, the ledger's head and the fresh fragments (nothing to rebuild, nothing
    # written), then one query per two activities (five: three chunks).
    with django_assert_num_queries(6):
        list(fragments.activity_chunks())


def test_only_what_a_change_touches_is_rebuilt_and_the_rest_is_not_written(scene, django_assert_num_queries):
    scene.record(amount=Decimal("12.00"))
    assert fragments.refresh() == 1
    assert b"12.00" in streamed()
    assert fragments.refresh() == 0
