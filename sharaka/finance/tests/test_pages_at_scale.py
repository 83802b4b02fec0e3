"""The finance pages weigh the same with many rows: lists are paged, counts are capped, and a
filter over thousands of projects is a box to type a code in, not a drop-down of every project."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from sharaka.core.pagination import CappedPaginator
from sharaka.core.testing import make_project
from sharaka.finance import forms, services, views
from sharaka.finance.models import Account, Transaction
from sharaka.finance.tests.conftest import record

pytestmark = pytest.mark.django_db


def _late_tranches(money, count):
    for i in range(count):
        services.tranche_plan(
            actor=money["actor"],
            project=money["project"],
            funder=money["undp"],
            expected_on=datetime.date(2020, 1, 1) + datetime.timedelta(days=i),
            amount=Decimal(100 + i),
            currency="EUR",
        )


def test_the_dashboard_pages_its_late_tranches_oldest_first(client, world, money, monkeypatch):
    monkeypatch.setattr(views, "DASHBOARD_LIST_SIZE", 5)
    _late_tranches(money, 12)
    client.force_login(world.personas.finance)
    first = client.get(reverse("finance_dashboard"))
    late = first.context["late"]
    assert late.paginator.count == 12 and len(late.object_list) == 5
    assert [t.expected_on.day for t in late] == [1, 2, 3, 4, 5]
    html = first.content.decode()
    assert "late_page=2" in html
    last = client.get(reverse("finance_dashboard") + "?late_page=3").context["late"]
    assert [t.expected_on.day for t in last] == [11, 12]


def test_the_dashboard_pages_its_accounts_with_their_own_balances(client, world, money, monkeypatch):
    monkeypatch.setattr(views, "DASHBOARD_LIST_SIZE", 2)
    actor = money["actor"]
    accounts = [
        services.account_open(
            actor=actor,
            kind="earmarked",
            name=f"CAS {i}",
            reference=f"CAS-{i}",
            opened_on=datetime.date(2026, 1, 1),
        )
        for i in range(3)
    ]
    record(money, amount=Decimal("250.00"), account=accounts[2])
    client.force_login(world.personas.finance)
    page2 = client.get(reverse("finance_dashboard") + "?accounts_page=2").context["accounts"]
    assert [a.name for a in page2] == ["CAS 2"]
    received = Transaction.objects.get(account=accounts[2]).amount_mad
    assert page2[0].received == received and page2[0].paid == Decimal("0.00")
    assert Account.objects.count() == 3


def test_the_partner_chart_keeps_the_biggest_partners_and_one_bar_for_the_rest():
    from sharaka.finance.queries import _top

    rows = [{"label": f"P{i}", "received": Decimal(i), "paid": Decimal(0)} for i in range(1, 21)]
    top = _top(rows, 12)
    assert [r["label"] for r in top[:3]] == ["P20", "P19", "P18"]
    assert len(top) == 13 and top[-1]["received"] == sum(Decimal(i) for i in range(1, 9))
    assert _top(rows[:13], 12) == rows[:13]  # one more than the limit: no "others" bar for a single one


def test_the_capped_paginator_counts_no_further_than_its_cap(world, money):
    for i in range(7):
        record(money, amount=Decimal(10 + i))
    qs = Transaction.objects.order_by("-id")
    capped = CappedPaginator(qs, 2, cap=5)
    assert capped.count == 5 and capped.capped and capped.num_pages == 3
    exact = CappedPaginator(qs, 2, cap=50)
    assert exact.count == 7 and not exact.capped


def test_the_transaction_filter_becomes_a_code_box_beyond_a_hundred_projects(
    client, world, money, monkeypatch
):
    monkeypatch.setattr(forms, "CHOICES_LIMIT", 1)
    other = make_project(code="AOU-OTHER-9", manager=world.personas.manager)
    record(money, amount=Decimal("42.00"))
    client.force_login(world.personas.finance)
    url = reverse("finance_transactions")
    response = client.get(url)
    assert (
        'name="project"' in response.content.decode()
        and '<select name="project"' not in response.content.decode()
    )
    found = client.get(url, {"project": money["project"].code.lower()})
    assert [t.project_id for t in found.context["page"]] == [money["project"].pk]
    assert client.get(url, {"project": other.code}).context["page"].paginator.count == 0
    unknown = client.get(url, {"project": "NOPE-1"})
    assert unknown.context["page"].paginator.count == 0
    assert "NOPE-1" in unknown.content.decode()  # what was typed is kept, with the message beside it
    assert unknown.context["filters"].errors["project"]


def test_a_small_commune_keeps_its_drop_downs(client, world, money):
    client.force_login(world.personas.finance)
    html = client.get(reverse("finance_transactions")).content.decode()
    assert '<select name="project"' in html and '<select name="partner"' in html
