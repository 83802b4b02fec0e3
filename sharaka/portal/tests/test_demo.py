import io

import pytest
from django.core.management import call_command

from sharaka.core.testing import demo_loaded
from sharaka.portal.iati import writer
from sharaka.portal.models import Inquiry
from sharaka.portal.tests import iati_check
from sharaka.projects.models import Project

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker, tmp_path_factory):
    with demo_loaded(django_db_blocker, tmp_path_factory) as loaded:
        yield loaded


def test_it_publishes_the_demo_with_valid_iati_files_once(demo):
    published = Project.objects.public().count()
    assert published >= 5
    assert Inquiry.objects.filter(status="answered", answer_is_public=True).count() == 1
    for chunks in (writer.activity_chunks(), writer.organisation_chunks()):
        assert iati_check.problems(b"".join(chunks)) == []
    # The demo's results are in the activity file, with approved values only.
    from sharaka.results.models import Period, Update

    tree = iati_check.parse(b"".join(writer.activity_chunks()))
    published_periods = Period.objects.filter(indicator__result__project__in=Project.objects.public())
    assert len(tree.xpath("//result")) >= 10
    assert len(tree.xpath("//indicator/period")) == published_periods.count()
    assert len(tree.xpath("//period/actual")) == published_periods.exclude(actual=None).count() > 0
    waiting = Update.objects.filter(status="submitted", period__actual=None).first()
    assert waiting is not None  # a value awaiting approval, in a period with no approved value yet
    period = waiting.period
    start = period.start.isoformat()
    indicator_title = period.indicator.title_fr
    node = tree.xpath(
        f"//indicator[title/narrative[@xml:lang='fr']=$t]/period[period-start/@iso-date='{start}']",
        t=indicator_title,
    )
    assert len(node) == 1 and not node[0].xpath("actual")
    call_command("load_demo", stdout=io.StringIO())
    assert Project.objects.public().count() == published and Inquiry.objects.count() == 3
