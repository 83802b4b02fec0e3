"""The "moved" message of the pipeline block: a refused move clears it, rather than leaving the
previous green "moved" beside the red error."""

from django.urls import reverse

HTMX = {"HTTP_HX_REQUEST": "true"}
EMPTY_MESSAGE = '<div id="pipeline-message" class="messages" role="status" hx-swap-oob="true"></div>'


def _move(client, project, to, reason="", **headers):
    return client.post(
        reverse("project_advance", kwargs={"pk": project.pk}),
        {"to": to, "reason": reason, "version": project.version},
        **headers,
    )


def test_a_move_made_says_so_and_a_refused_one_clears_it(client, world):
    client.force_login(world.personas.officer)

    moved = _move(client, world.project, "concept_note", **HTMX).content.decode()
    world.project.refresh_from_db()
    refused = _move(client, world.project, "abandoned", reason=" ", **HTMX).content.decode()

    assert (
        '<div id="pipeline-message" class="messages" role="status" hx-swap-oob="true"><p class="message success">'
        in moved
    )
    assert EMPTY_MESSAGE in refused
    assert 'id="move_reason_error"' in refused


def test_the_full_page_carries_no_out_of_band_message(client, world):
    client.force_login(world.personas.officer)

    html = client.get(world.project.get_absolute_url()).content.decode()

    assert html.count('id="pipeline-message"') == 1
