"""The "My work" page: each person sees their own items, overdue first, at a fixed query cost; the
digest choice is audited; follow-ups reach the personal iCalendar feed."""

import datetime
import re

import icalendar
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from sharaka.agreements import ics
from sharaka.core.models import AuditEntry, User
from sharaka.partners.models import FollowUp
from sharaka.workspace.tests.work import DAY, TODAY, freeze, make_work

ALL_ITEMS = [
    "Envoyer la note conceptuelle",
    "Appeler le PNUD",
    "Visiter le chantier",
    "Rapport annuel au bailleur",
    "Appel de la deuxième tranche",
    "Fondation Atlas",
    "Commune Tiznit",
    "INQ-2026-0042",
    "AOU-T-001 · تحلية مياه البحر بالطاقة الشمسية",  # the report due on the project
]

# Whose each item is: the follow-up's owner; the obligation's owner, else the agreement's responsible;
# the late tranche's owner, else the project's manager; the inquiries for who answers them (the unit);
# the report for its schedule's responsible.
SEES = {
    "officer": {
        "Envoyer la note conceptuelle",
        "Appeler le PNUD",
        "Rapport annuel au bailleur",
        "INQ-2026-0042",
    },
    "manager": {
        "Visiter le chantier",
        "Appel de la deuxième tranche",
        "Commune Tiznit",
        "AOU-T-001 · تحلية مياه البحر بالطاقة الشمسية",
    },
    "finance": {"Fondation Atlas"},
    "admin": {"INQ-2026-0042"},
    "president": set(),
    "council": set(),
    "auditor": set(),
    "other_manager": set(),
}

NEVER = ["Relancer plus tard", "Déjà fait", "Visite annulée", "INQ-2026-0007"]


@pytest.fixture
def work(world, monkeypatch):
    freeze(monkeypatch)
    return make_work(world)


@pytest.mark.parametrize("persona", sorted(SEES))
def test_each_person_sees_only_their_own_items(client, world, work, persona):
    client.force_login(getattr(world.personas, persona))
    response = client.get(reverse("my_work"))
    assert response.status_code == 200
    html = response.content.decode()
    for text in ALL_ITEMS:
        assert (text in html) == (text in SEES[persona]), f"{persona}: {text}"
    for text in NEVER:
        assert text not in html


@pytest.mark.parametrize(
    "persona, status",
    [("partner_viewer", 403), ("outsider_partner_viewer", 403), ("prefecture", 403)],
)
def test_partners_and_the_prefecture_are_refused_like_on_the_search_page(
    client, world, work, persona, status
):
    client.force_login(getattr(world.personas, persona))
    assert client.get(reverse("my_work")).status_code == status
    assert client.get(reverse("search")).status_code == status


def test_the_public_is_sent_to_sign_in(client, work):
    response = client.get(reverse("my_work"))
    assert response.status_code == 302 and "login" in response["Location"]


def test_the_menu_links_to_my_work_for_the_staff(client, world, work):
    client.force_login(world.personas.council)
    assert f'href="{reverse("my_work")}"' in client.get(reverse("home")).content.decode()


def test_overdue_items_come_first_then_by_date_and_groups_with_overdue_first(client, world, work):
    FollowUp.objects.create(
        interaction=world.interaction,
        description="Plus tôt mais pas en retard",
        owner=world.personas.officer,
        due_date=TODAY + DAY,
    )
    client.force_login(world.personas.officer)
    html = client.get(reverse("my_work")).content.decode()
    order = [
        "Envoyer la note conceptuelle",  # 3 December: overdue
        "Plus tôt mais pas en retard",  # 8 December
        "Appeler le PNUD",  # 12 December
        "INQ-2026-0042",  # 10 December, but the inquiries' group has nothing overdue
        "Rapport annuel au bailleur",  # 17 December
    ]
    positions = [html.index(text) for text in order]
    assert positions == sorted(positions)
    assert html.count('class="overdue"') >= 2  # the overdue follow-up and the group's count


def test_the_counts_say_how_many_and_how_many_are_overdue(world, work):
    from sharaka.workspace import mywork

    groups = mywork.work_of(world.personas.manager, TODAY)
    # Groups with something overdue first, by their oldest item; then the others.
    assert [(g.kind, g.count, g.overdue) for g in groups] == [
        ("tranches", 1, 1),  # expected 28 October
        ("obligations", 1, 1),  # due 3 December
        ("reports", 1, 1),  # due 6 December
        ("follow_ups", 1, 0),  # due 9 December
    ]
    assert mywork.totals(groups) == (4, 3)


def test_the_page_costs_the_same_queries_for_few_or_many_items(
    client, world, work, django_assert_num_queries
):
    client.force_login(world.personas.officer)
    client.get(reverse("my_work"))
    with CaptureQueriesContext(connection) as few:
        client.get(reverse("my_work"))
    for i in range(30):
        FollowUp.objects.create(
            interaction=world.interaction,
            description=f"Tâche {i}",
            owner=world.personas.officer,
            due_date=TODAY + i * DAY,
        )
    make_work(world, "-b")  # a second agreement, tranches, inquiries and report
    with django_assert_num_queries(len(few)):
        html = client.get(reverse("my_work")).content.decode()
    assert "Tâche 29" in html


def test_choosing_a_digest_is_saved_and_audited(client, world, work):
    officer = world.personas.officer
    client.force_login(officer)
    response = client.post(reverse("my_work_digest"), {"digest": "weekly"})
    assert response.status_code == 302 and response["Location"] == reverse("my_work")
    assert User.objects.get(pk=officer.pk).digest == "weekly"
    entry = AuditEntry.objects.order_by("-id").first()
    assert (entry.action, entry.actor_id, entry.before, entry.after) == (
        "user.digest",
        officer.pk,
        {"digest": ""},
        {"digest": "weekly"},
    )
    page = client.get(reverse("my_work")).content.decode()
    assert re.search(r'<input type="radio" name="digest" value="weekly"[^>]* checked', page)


def test_an_unknown_digest_is_refused_on_the_page_and_nothing_is_written(client, world, work):
    client.force_login(world.personas.officer)
    before = AuditEntry.objects.count()
    response = client.post(reverse("my_work_digest"), {"digest": "hourly"})
    assert response.status_code == 200
    assert 'class="error"' in response.content.decode()
    assert AuditEntry.objects.count() == before
    assert User.objects.get(pk=world.personas.officer.pk).digest == ""


def test_follow_ups_are_in_the_personal_calendar_feed(world, work):
    calendar = icalendar.Calendar.from_ical(ics.calendar_for(world.personas.officer))
    events = {str(e["UID"]): e for e in calendar.walk("VEVENT")}
    mine = {uid: e for uid, e in events.items() if uid.startswith("follow-up-")}
    summaries = sorted(str(e["SUMMARY"]) for e in mine.values())
    assert len(mine) == 3  # two open ones of the page, and the one beyond the page's horizon
    assert any("Appeler le PNUD" in s for s in summaries)
    assert not any("Visiter le chantier" in s or "Déjà fait" in s for s in summaries)
    call = next(e for e in mine.values() if "Appeler le PNUD" in str(e["SUMMARY"]))
    assert call["DTSTART"].dt == datetime.date(2026, 12, 12)
    assert call["DTEND"].dt == datetime.date(2026, 12, 13)
    assert str(call["DESCRIPTION"]) == "برنامج الأمم المتحدة الإنمائي" or "Nations unies" in str(
        call["DESCRIPTION"]
    )
