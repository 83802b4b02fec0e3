import io

import pytest
from django.core.management import call_command

from sharaka.portal.iati import writer
from sharaka.portal.models import Inquiry
from sharaka.portal.tests import iati_check
from sharaka.projects.models import Project

pytestmark = pytest.mark.django_db


def test_it_publishes_the_demo_with_valid_iati_files_once():
    call_command("load_demo", stdout=io.StringIO())
    published = Project.objects.public().count()
    assert published >= 5
    assert Inquiry.objects.filter(status="answered", answer_is_public=True).count() == 1
    for chunks in (writer.activity_chunks(), writer.organisation_chunks()):
        assert iati_check.problems(b"".join(chunks)) == []
    call_command("load_demo", stdout=io.StringIO())
    assert Project.objects.public().count() == published and Inquiry.objects.count() == 3
