"""The public project page: money received and spent equal the finance books (in dirhams), the
documents partners sent that the unit made public, and constant queries."""

import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.db.models import Sum
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from sharaka.finance.models import Transaction
from sharaka.finance.tests.conftest import record
from sharaka.projects.models import Project

pytestmark = pytest.mark.django_db


def _publish(project):
    Project.objects.filter(pk=project.pk).update(published_at=timezone.now(), status="in_implementation")


def _book(project, types):
    total = Transaction.objects.filter(
        project=project, type__in=types, value_date__lte=timezone.localdate()
    ).aggregate(s=Sum("amount_mad"))["s"]
    return total or Decimal("0.00")


def test_received_and_spent_equal_the_finance_books(client, money):
    record(money, amount=Decimal("1000.00"))  # 1,000 EUR received at 10.8532
    record(money, amount=Decimal("333.33"), value_date=datetime.date(2026, 3, 1))
    record(
        money,
        type="4",
        currency="MAD",
        amount=Decimal("12000.50"),
        funder=money["commune"],
        budget_line=money["staff"],
        provider="Commune",
        receiver="Entreprise",
    )
    project = money["project"]
    _publish(project)
    response = client.get(reverse("portal:project_detail", args=[project.pk]))
    figures = response.context["money"]
    assert figures["received"] == _book(project, ["1"]) != 0
    assert figures["spent"] == _book(project, ["3", "4"]) == Decimal("12000.50")
    html = response.content.decode()
    assert "exchange rate recorded" in html or "سعر الصرف" in html


def test_partner_documents_appear_once_public_in_constant_queries(client, space):
    from django.core.files.base import ContentFile

    from sharaka.partnerspace.models import Submission

    project = space.world.project
    _publish(project)
    url = reverse("portal:project_detail", args=[project.pk])
    with CaptureQueriesContext(connection) as few:
        html = client.get(url).content.decode()
    assert "Rapport financier OTH" not in html  # accepted, not public
    for i in range(3):
        Submission.objects.create(
            obligation=space.yearly,
            organisation=space.world.organisation,
            title=f"Rapport public {i}",
            file=ContentFile(b"%PDF-1.4 p", name="p.pdf"),
            file_name="p.pdf",
            content_type="application/pdf",
            size=10,
            sha256="4" * 64,
            submitted_by=space.world.personas.partner_viewer,
            status="accepted",
            is_public=True,
        )
    with CaptureQueriesContext(connection) as many:
        html = client.get(url).content.decode()
    assert "Rapport public 2" in html
    assert len(many) == len(few)
