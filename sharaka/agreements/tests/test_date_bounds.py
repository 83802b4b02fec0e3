"""Agreement dates and durations stay within the calendar Sharaka computes with."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from sharaka.agreements import services
from sharaka.agreements.models import Agreement
from sharaka.agreements.tests.conftest import make_agreement, put_at


def _create(client, personas, partner, **over):
    personas.officer.language = "en"
    personas.officer.save()
    client.force_login(personas.officer)
    data = {"kind": "twinning", "title_ar": "توأمة", "partners": [partner.pk]}
    data.update(over)
    return client.post(reverse("agreement_create"), data)


def test_an_agreement_starting_9999_12_01_for_1200_months_is_refused_on_the_form(
    client, personas, foreign_commune
):
    response = _create(client, personas, foreign_commune, starts_on="9999-12-01", duration_months="1200")

    assert response.status_code == 200
    assert response.context["form"].errors["starts_on"] == ["Enter a date between 1956-01-01 and 2100-12-31."]
    assert not Agreement.objects.exists()


def test_a_duration_ending_after_2100_is_refused_beside_the_duration(client, personas, foreign_commune):
    response = _create(client, personas, foreign_commune, starts_on="2026-07-01", duration_months="1200")

    assert response.context["form"].errors["duration_months"] == [
        "With this start, the period would end after 2100-12-31: shorten it."
    ]
    assert not Agreement.objects.exists()


def test_a_duration_ending_by_2100_is_accepted(client, personas, foreign_commune):
    assert (
        _create(client, personas, foreign_commune, starts_on="2026-07-01", duration_months="894").status_code
        == 302
    )
    assert Agreement.objects.get().ends_on == datetime.date(2100, 12, 31)


def test_the_service_refuses_the_same_dates_when_called_directly(personas, foreign_commune):
    with pytest.raises(ValidationError) as refused:
        make_agreement(
            personas.officer, foreign_commune, starts_on=datetime.date(9999, 12, 1), duration_months=1200
        )
    assert "starts_on" in refused.value.message_dict
    agreement = make_agreement(personas.officer, foreign_commune)
    with pytest.raises(ValidationError) as refused:
        services.agreement_update(
            actor=personas.officer, agreement=agreement, data={"duration_months": 1200}, expected_version=1
        )
    assert "duration_months" in refused.value.message_dict


def test_an_amendment_cannot_push_the_end_past_2100(personas, foreign_commune):
    agreement = put_at(make_agreement(personas.officer, foreign_commune), "deliberated")
    with pytest.raises(ValidationError) as refused:
        services.agreement_amend(
            actor=personas.officer, agreement=agreement, changes={"duration_months": 1200}, reason="Prolonger"
        )
    assert "duration_months" in refused.value.message_dict


def test_an_agreement_stored_before_the_bounds_still_opens_with_its_draft(client, personas, foreign_commune):
    agreement = make_agreement(personas.officer, foreign_commune)
    Agreement.objects.filter(pk=agreement.pk).update(
        starts_on=datetime.date(9999, 12, 1), duration_months=1200
    )
    client.force_login(personas.officer)

    assert client.get(agreement.get_absolute_url()).status_code == 200
    response = client.get(reverse("agreement_draft", kwargs={"pk": agreement.pk}) + "?language=fr")
    assert response.status_code == 200
    assert b"".join(response.streaming_content)[:2] == b"PK"
