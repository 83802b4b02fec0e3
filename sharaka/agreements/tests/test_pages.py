"""The pages as personas see them: lists with constant queries, forms with bad input, the road swapped by htmx."""

import datetime
from decimal import Decimal
from unittest import mock

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from sharaka.agreements import services
from sharaka.agreements.models import Agreement, AgreementDocument, CouncilSession
from sharaka.agreements.tests.conftest import make_agreement, pdf, put_at
from sharaka.core.testing import make_organisation

HTMX = {"HTTP_HX_REQUEST": "true"}


def _many(count, personas, start=0):
    session = CouncilSession.objects.get_or_create(
        kind="ordinary", starts_on=datetime.date(2026, 5, 4), ends_on=datetime.date(2026, 5, 15)
    )[0]
    for i in range(start, start + count):
        partner = make_organisation(acronym=f"P{i}", iati_identifier=f"XM-P{i}", legal_type="foreign_private")
        agreement = make_agreement(personas.officer, partner, reference=f"AOU-{i:03d}")
        services.agreement_party_set(
            actor=personas.officer, agreement=agreement, organisation=partner, cash_amount=Decimal(100 + i)
        )
        put_at(agreement, ["idea", "deliberated", "visa_pending", "signed"][i % 4], session=session,
               received_on=datetime.date(2026, 6, 1), signed_on=datetime.date(2026, 6, 2))  # fmt: skip


def _queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


def test_it_makes_as_many_queries_for_30_agreements_as_for_5(client, personas):
    client.force_login(personas.officer)
    url = reverse("agreement_list")
    _many(5, personas)
    few = _queries(client, url)
    few_soon = _queries(client, url + "?soon=on&kind=twinning")
    _many(25, personas, start=5)

    assert _queries(client, url) == few
    assert _queries(client, url + "?soon=on&kind=twinning") == few_soon


def test_it_filters_by_state_partner_and_deadline_soon(client, personas):
    client.force_login(personas.officer)
    _many(8, personas)
    url = reverse("agreement_list")
    partner = Agreement.objects.get(reference="AOU-002").parties.exclude(organisation=None).get().organisation

    assert client.get(url + "?status=visa_pending").context["page"].paginator.count == 2
    assert client.get(url + f"?partner={partner.pk}").context["page"].paginator.count == 1
    with mock.patch("django.utils.timezone.localdate", return_value=datetime.date(2026, 6, 15)):
        soon = client.get(url + "?soon=on")
    # visa due 21 June (2 of them), posting due 10 June (overdue, 2), deliberated: transmission due 5 June (overdue, 2)
    assert soon.context["page"].paginator.count == 6
    assert "overdue" in soon.content.decode()


def test_it_shows_an_overdue_step_as_overdue(client, personas, foreign_commune):
    agreement = put_at(
        make_agreement(personas.officer, foreign_commune),
        "visa_pending",
        received_on=datetime.date(2026, 6, 1),
    )
    client.force_login(personas.officer)

    with mock.patch("django.utils.timezone.localdate", return_value=datetime.date(2026, 6, 25)):
        html = client.get(agreement.get_absolute_url()).content.decode()

    assert 'class="current overdue"' in html


def test_it_keeps_typed_values_and_saves_nothing_when_no_partner_is_named(client, personas):
    client.force_login(personas.officer)

    response = client.post(reverse("agreement_create"), {"kind": "twinning", "title_fr": "Mon titre tapé"})

    assert response.status_code == 200
    assert "Mon titre tapé" in response.content.decode()
    assert response.context["form"].errors["partners"]
    assert not Agreement.objects.exists()


def test_it_refuses_a_foreign_state_in_the_form_beside_the_field(client, personas, foreign_state):
    client.force_login(personas.officer)

    response = client.post(
        reverse("agreement_create"), {"kind": "mou", "title_fr": "Protocole", "partners": [foreign_state.pk]}
    )

    assert response.status_code == 200
    assert "(المادة 86)" in response.context["form"].errors["partners"][0]  # Arabic, the persona's language
    assert not Agreement.objects.exists()


def test_it_creates_an_agreement_from_the_form(client, personas, foreign_commune):
    client.force_login(personas.officer)

    response = client.post(
        reverse("agreement_create"),
        {"kind": "twinning", "title_ar": "توأمة", "partners": [foreign_commune.pk], "duration_months": "36"},
    )

    agreement = Agreement.objects.get()
    assert response.status_code == 302 and response["Location"] == agreement.get_absolute_url()
    assert client.get(response["Location"]).status_code == 200


def test_it_tells_a_stale_editor_on_the_page(client, personas, foreign_commune):
    agreement = make_agreement(personas.officer, foreign_commune)
    services.agreement_update(
        actor=personas.admin, agreement=agreement, data={"reference": "X-1"}, expected_version=1
    )
    client.force_login(personas.officer)

    response = client.post(
        reverse("agreement_edit", kwargs={"pk": agreement.pk}),
        {"kind": "twinning", "title_fr": "Autre", "version": "1", "reference": "X-2"},
    )

    assert response.status_code == 200 and response.context["form"].non_field_errors()
    assert Agreement.objects.get(pk=agreement.pk).reference == "X-1"


def test_it_answers_htmx_with_the_road_alone(client, personas, foreign_commune):
    agreement = make_agreement(personas.officer, foreign_commune)
    client.force_login(personas.officer)

    response = client.post(
        reverse("agreement_advance", kwargs={"pk": agreement.pk}),
        {"to": "qualified", "version": agreement.version},
        **HTMX,
    )

    html = response.content.decode()
    assert html.startswith('<section class="card pipeline road" id="road"') and "<html" not in html
    assert 'id="agreement-status" class="badge status-qualified" hx-swap-oob="true"' in html


def test_it_shows_a_refused_move_in_the_road_block(client, personas, foreign_commune):
    agreement = make_agreement(personas.officer, foreign_commune)
    client.force_login(personas.auditor)

    response = client.post(
        reverse("agreement_advance", kwargs={"pk": agreement.pk}),
        {"to": "qualified", "version": agreement.version},
        **HTMX,
    )

    assert response.status_code == 200 and "form-errors" in response.content.decode()
    assert Agreement.objects.get(pk=agreement.pk).status == "idea"


def test_it_lets_the_prefecture_see_only_what_was_transmitted_and_give_its_visa(
    client, personas, foreign_commune
):
    kept = make_agreement(personas.officer, foreign_commune, title_ar="", title_fr="Pas encore transmise")
    sent = put_at(
        make_agreement(personas.officer, foreign_commune, title_ar="", title_fr="Transmise"),
        "visa_pending",
        transmitted_on=datetime.date(2026, 6, 1),
        received_on=datetime.date(2026, 6, 1),
    )
    client.force_login(personas.prefecture)

    inbox = client.get(reverse("prefecture_inbox")).content.decode()
    assert "Transmise" in inbox and "Pas encore transmise" not in inbox
    assert client.get(kept.get_absolute_url()).status_code == 404
    response = client.post(
        reverse("agreement_advance", kwargs={"pk": sent.pk}),
        {"to": "visa_granted", "version": sent.version, "document": pdf("visa.pdf")},
    )
    assert response.status_code == 302
    assert Agreement.objects.get(pk=sent.pk).status == "visa_granted"
    assert AgreementDocument.objects.get(agreement=sent).kind == "visa"


def test_it_refuses_a_roll_call_line_it_cannot_read_and_keeps_the_text(client, personas):
    session = CouncilSession.objects.create(
        kind="ordinary",
        starts_on=datetime.date(2026, 10, 5),
        ends_on=datetime.date(2026, 10, 16),
        members_present=20,
    )
    item = session.items.create(title="Point")
    client.force_login(personas.council)

    response = client.post(
        reverse("item_vote", kwargs={"pk": session.pk, "item_pk": item.pk}),
        {"decision_number": "D-1", "majority": "votes_cast", "votes": "Ahmed: for\nFatima peut-être"},
    )

    assert response.status_code == 200
    assert "السطر 2" in response.context["form"].errors["votes"][0]
    assert "Fatima peut-être" in response.content.decode()
    assert not item.votes.exists()


def test_it_renders_the_session_page_with_its_deadlines(client, personas, foreign_commune, session):
    agreement = put_at(make_agreement(personas.officer, foreign_commune), "prior_consent")
    services.agreement_advance(
        actor=personas.officer,
        agreement=agreement,
        to="on_agenda",
        session=session,
        today=datetime.date(2026, 4, 1),
    )
    client.force_login(personas.council)

    html = client.get(session.get_absolute_url()).content.decode()

    assert "ناقص" in html  # no draft attached yet ("missing")
    assert str(agreement.title_ar) in html


def test_it_makes_a_known_number_of_queries_on_the_list_and_the_inbox(
    client, personas, django_assert_num_queries
):
    _many(30, personas)
    client.force_login(personas.officer)
    # session, user, partner choices (a drop-down up to 100, else a box), count, page,
    # parties with their organisations, holidays
    with django_assert_num_queries(7):
        client.get(reverse("agreement_list"))
    client.force_login(personas.prefecture)
    # session, user, holidays, waiting (with parties and organisations), already handled
    with django_assert_num_queries(5):
        client.get(reverse("prefecture_inbox"))


def test_it_lists_what_is_due_and_overdue_for_the_unit(client, personas, foreign_commune):
    agreement = make_agreement(personas.officer, foreign_commune)
    services.obligation_add(
        actor=personas.officer,
        agreement=agreement,
        data={
            "kind": "report",
            "title": "Rapport en retard",
            "due_on": datetime.date(2026, 6, 1),
            "owner": personas.officer,
        },
    )
    services.obligation_add(
        actor=personas.officer,
        agreement=agreement,
        data={
            "kind": "event",
            "title": "Dans trois mois",
            "due_on": datetime.date(2026, 9, 30),
            "owner": personas.officer,
        },
    )
    services.plan_action_add(
        actor=personas.officer,
        agreement=agreement,
        data={"title": "Atelier commun", "due_on": datetime.date(2026, 6, 20)},
    )
    client.force_login(personas.president)

    with mock.patch("django.utils.timezone.localdate", return_value=datetime.date(2026, 6, 10)):
        html = client.get(reverse("obligations_due")).content.decode()
        mine = client.get(reverse("obligations_due") + "?mine=1").content.decode()

    assert "Rapport en retard" in html and "Atelier commun" in html and "Dans trois mois" not in html
    assert 'class="overdue"' in html
    assert "Rapport en retard" not in mine  # the president owns none of them


def test_the_agreement_page_costs_the_same_queries_with_one_party_or_six(
    client, personas, foreign_commune, moroccan_body, django_assert_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from sharaka.agreements.tests.conftest import make_agreement
    from sharaka.core.testing import make_organisation

    agreement = make_agreement(personas.officer, foreign_commune)
    client.force_login(personas.officer)
    client.get(agreement.get_absolute_url())
    with CaptureQueriesContext(connection) as one_party:
        assert client.get(agreement.get_absolute_url()).status_code == 200
    for i in range(5):
        org = make_organisation(acronym=f"P{i}", iati_identifier=f"XM-DAC-9{i}", name_fr=f"Partenaire {i}")
        agreement.parties.create(organisation=org)
    with django_assert_num_queries(len(one_party)):
        client.get(agreement.get_absolute_url())


def test_the_partner_filter_becomes_an_acronym_box_beyond_a_hundred_partners(client, personas, monkeypatch):
    from sharaka.agreements import forms

    _many(3, personas)
    client.force_login(personas.officer)
    url = reverse("agreement_list")
    with_drop_down = _queries(client, url)
    monkeypatch.setattr(forms, "CHOICES_LIMIT", 2)
    assert _queries(client, url) == with_drop_down
    html = client.get(url).content.decode()
    assert 'name="partner"' in html and '<select name="partner"' not in html
    found = client.get(url, {"partner": "p1"})
    assert [a.reference for a, _ in found.context["rows"]] == ["AOU-001"]
    unknown = client.get(url, {"partner": "NOPE"})
    assert unknown.context["filters"].errors["partner"]
    assert "NOPE" in unknown.content.decode()  # what was typed is kept, with the message beside it
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    _many(20, personas, start=3)
    with CaptureQueriesContext(connection) as many:
        client.get(url)
    assert len(few) == len(many)


def test_a_few_partners_keep_their_drop_down(client, personas):
    _many(3, personas)
    client.force_login(personas.officer)
    html = client.get(reverse("agreement_list")).content.decode()
    assert '<select name="partner"' in html and "(P2)</option>" in html
    p2 = Agreement.objects.get(reference="AOU-002").parties.exclude(organisation=None).get().organisation
    found = client.get(reverse("agreement_list"), {"partner": p2.pk})
    assert [a.reference for a, _ in found.context["rows"]] == ["AOU-002"]
