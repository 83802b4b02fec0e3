"""The e-mail digest of a person's work: opt-in, in the person's language, daily or on Mondays, once a
day, and nothing when there is nothing to say."""

import pytest
from django.conf import settings
from django.core import mail
from django.core.management import call_command
from django.urls import reverse

from sharaka.core.models import User
from sharaka.partners.models import FollowUp
from sharaka.workspace import digest
from sharaka.workspace.models import DigestSent
from sharaka.workspace.tests.work import DAY, TODAY, freeze, make_work

TUESDAY = TODAY + DAY


@pytest.fixture
def work(world, monkeypatch):
    freeze(monkeypatch)
    make_work(world)
    p = world.personas
    for person, language, choice in (
        (p.officer, "ar", "daily"),
        (p.manager, "fr", "weekly"),
        (p.finance, "en", ""),  # not opted in
    ):
        User.objects.filter(pk=person.pk).update(
            email=f"{person.username}@aourir.ma", language=language, digest=choice
        )
    return world


def _send(day, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        return digest.send_digests(today=day)


def test_each_opted_in_person_gets_their_digest_in_their_language(work, django_capture_on_commit_callbacks):
    assert _send(TODAY, django_capture_on_commit_callbacks) == 2  # a Monday: daily and weekly
    by_address = {m.to[0]: m for m in mail.outbox}
    assert set(by_address) == {"officer@aourir.ma", "manager@aourir.ma"}

    arabic = by_address["officer@aourir.ma"]
    assert arabic.subject == "شراكة — عملك ليوم 2026-12-07: 4 للإنجاز، منها 1 متأخرة"
    assert "متابعات مع الشركاء" in arabic.body and "Appeler le PNUD" in arabic.body
    link = settings.SITE_URL + reverse("partner_detail", kwargs={"pk": work.organisation.pk})
    assert link in arabic.body and f'href="{link}"' in arabic.alternatives[0][0]
    html, mimetype = arabic.alternatives[0]
    assert mimetype == "text/html" and 'lang="ar" dir="rtl"' in html and "<bdi>Appeler le PNUD</bdi>" in html

    french = by_address["manager@aourir.ma"]
    assert french.subject == "Sharaka — votre travail au 2026-12-07 : 4 à faire, dont 3 en retard"
    assert "Voici votre travail de la semaine dans Sharaka" in french.body
    assert "Tranches à relancer" in french.body and "Visiter le chantier" in french.body
    assert 'lang="fr" dir="ltr"' in french.alternatives[0][0]
    # Only their own items: the officer's follow-up is not in the manager's digest.
    assert "Appeler le PNUD" not in french.body


def test_a_second_run_the_same_day_sends_nothing(work, django_capture_on_commit_callbacks):
    assert _send(TODAY, django_capture_on_commit_callbacks) == 2
    assert _send(TODAY, django_capture_on_commit_callbacks) == 0
    assert len(mail.outbox) == 2
    assert DigestSent.objects.filter(sent_on=TODAY).count() == 2


def test_a_weekly_digest_waits_for_monday_and_a_daily_one_comes_every_day(
    work, django_capture_on_commit_callbacks
):
    _send(TODAY, django_capture_on_commit_callbacks)
    mail.outbox.clear()
    assert _send(TUESDAY, django_capture_on_commit_callbacks) == 1
    assert [m.to for m in mail.outbox] == [["officer@aourir.ma"]]


def test_nobody_who_did_not_choose_it_gets_a_digest(work, django_capture_on_commit_callbacks):
    User.objects.update(digest="")
    assert _send(TODAY, django_capture_on_commit_callbacks) == 0
    assert mail.outbox == [] and not DigestSent.objects.exists()


def test_nothing_is_sent_when_there_is_nothing_to_say(work, django_capture_on_commit_callbacks):
    FollowUp.objects.filter(owner=work.personas.officer).delete()
    from sharaka.agreements.models import Obligation
    from sharaka.portal.models import Inquiry

    Obligation.objects.filter(owner=work.personas.officer).update(state="done")
    Inquiry.objects.update(status="closed")
    User.objects.filter(pk=work.personas.manager.pk).update(digest="")
    assert _send(TODAY, django_capture_on_commit_callbacks) == 0
    assert mail.outbox == [] and not DigestSent.objects.exists()


def test_an_inactive_person_or_one_without_an_address_gets_nothing(work, django_capture_on_commit_callbacks):
    User.objects.filter(pk=work.personas.officer.pk).update(is_active=False)
    User.objects.filter(pk=work.personas.manager.pk).update(email="")
    assert _send(TODAY, django_capture_on_commit_callbacks) == 0


def test_the_command_runs_the_task_and_is_idempotent(work, django_capture_on_commit_callbacks, capsys):
    with django_capture_on_commit_callbacks(execute=True):
        call_command("workspace_digest", "--today", "2026-12-08")
        call_command("workspace_digest", "--today", "2026-12-08")
    out = capsys.readouterr().out
    assert "{'digests': 1}" in out and "{'digests': 0}" in out
    assert len(mail.outbox) == 1
