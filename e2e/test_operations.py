"""The administrator's operations page in a browser, in Arabic and French, on a desktop and a 375 px
phone (`check_page`: direction, axe-core, weight, no sideways scroll), with a scheduler's pass
recorded, a failed e-mail task with a long path and message, and a task a stopped worker left."""

import datetime
import uuid

import pytest

from e2e.actions import sign_in
from e2e.conftest import E2E
from e2e.pages import check_page

pytestmark = E2E


def _what_an_installation_records():
    from django.tasks import TaskResultStatus
    from django.utils import timezone
    from django_tasks_db.models import DBTaskResult

    from sharaka.operations import scheduler

    scheduler.run_due(timezone.now().replace(hour=10))  # the demo's day: every daily job done
    now = timezone.now()
    common = {"backend_name": "default", "run_after": now}
    DBTaskResult.objects.create(
        id=uuid.uuid4(),
        task_path="sharaka.partnerspace.services.send_submission_acknowledgement",
        status=TaskResultStatus.FAILED,
        args_kwargs={"args": [], "kwargs": {"attempt": 3}},
        exception_class_path="smtplib.SMTPRecipientsRefused",
        traceback="smtplib.SMTPRecipientsRefused: {'a.very.long.address.of.a.partner@example.org': "
        "(550, b'5.1.1 The email account that you tried to reach does not exist')}",
        finished_at=now,
        **common,
    )
    DBTaskResult.objects.create(
        id=uuid.uuid4(),
        task_path="sharaka.workspace.tasks.workspace_digest",
        status=TaskResultStatus.RUNNING,
        args_kwargs={"args": [], "kwargs": {}},
        started_at=now - datetime.timedelta(hours=2),
        **common,
    )


@pytest.mark.parametrize("phone", [False, True], ids=["desktop", "phone"])
@pytest.mark.parametrize("lang", ["ar", "fr"])
def test_the_operations_page_reads_in_each_language_and_fits_a_phone(open_page, lang, phone):
    _what_an_installation_records()
    page = sign_in(open_page(lang, phone=phone), "admin", lang)
    page.goto("/operations/")
    check_page(page, "operations", lang)
    assert page.locator("#jobs tbody tr").count() >= 8
    assert page.locator("#failed tbody tr").count() == 1
