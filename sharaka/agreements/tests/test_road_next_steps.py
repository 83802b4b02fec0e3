"""Before choosing the next step of the legal road, the page says who makes each step and by when;
a refused move clears the previous "moved" message."""

import datetime
from unittest import mock

from django.urls import reverse

from sharaka.agreements.tests.conftest import make_agreement, put_at

HTMX = {"HTTP_HX_REQUEST": "true"}


def _next_steps(html: str) -> str:
    start = html.index('<ul class="plain next-steps"')
    return html[start : html.index("</ul>", start)]


def test_it_says_who_qualifies_a_new_agreement_and_who_may_abandon_it(client, personas, foreign_commune):
    agreement = make_agreement(personas.officer, foreign_commune)
    client.force_login(personas.officer)

    steps = _next_steps(client.get(agreement.get_absolute_url()).content.decode())

    assert "مكيفة قانونيا</strong> · مدير المنصة أو مكلف بالتعاون" in steps
    assert "متخلى عنها</strong> · مدير المنصة، مكلف بالتعاون أو الرئيس أو نائبه المفوض" in steps


def test_it_gives_the_prefecture_and_the_visa_deadline_while_the_visa_is_pending(
    client, personas, foreign_commune
):
    agreement = put_at(
        make_agreement(personas.officer, foreign_commune),
        "visa_pending",
        received_on=datetime.date(2026, 6, 1),
    )
    personas.officer.language = "fr"
    personas.officer.save(update_fields=["language"])
    client.force_login(personas.officer)  # who cannot make these moves reads them too

    with mock.patch("django.utils.timezone.localdate", return_value=datetime.date(2026, 6, 10)):
        steps = _next_steps(client.get(agreement.get_absolute_url()).content.decode())

    assert "<strong>Visée</strong> · Services de la préfecture · " in steps
    assert "<strong>Visa refusé</strong> · Services de la préfecture · " in steps
    assert "elle-même, à l'expiration du délai" in steps  # the tacit visa: made by the clock
    # 20 days after receipt, for each of the three
    assert (
        steps.count('Échéance du visa (le silence vaut visa): <time datetime="2026-06-21">21/06/2026</time>')
        == 3
    )


def test_a_refused_move_clears_the_moved_message(client, personas, foreign_commune):
    agreement = make_agreement(personas.officer, foreign_commune)
    client.force_login(personas.officer)

    response = client.post(
        reverse("agreement_advance", args=[agreement.pk]),
        {"to": "abandoned", "reason": "", "version": agreement.version},
        **HTMX,
    )

    html = response.content.decode()
    assert 'class="form-errors" role="alert"' in html or 'class="error"' in html
    assert '<div id="road-message" class="messages" role="status" hx-swap-oob="true"></div>' in html


def test_a_move_made_still_says_so(client, personas, foreign_commune):
    agreement = make_agreement(personas.officer, foreign_commune)
    client.force_login(personas.officer)

    response = client.post(
        reverse("agreement_advance", args=[agreement.pk]),
        {"to": "qualified", "reason": "", "version": agreement.version},
        **HTMX,
    )

    assert (
        'id="road-message" class="messages" role="status" hx-swap-oob="true"><p class="message success">'
        in (response.content.decode())
    )
