"""The API in a signed-in browser: every endpoint is also a page (DRF's browsable API)."""

import pytest
from django.test import Client


@pytest.mark.django_db
def test_a_signed_in_browser_reads_an_endpoint_as_a_page(world):
    client = Client()
    client.force_login(world.personas.officer)
    response = client.get("/api/v1/projects/", HTTP_ACCEPT="text/html")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/html")
    body = response.content.decode()
    assert "AOU-T-001" in body
    assert "<script>" not in body.replace('<script type="application/json"', "")  # CSP: no inline script
