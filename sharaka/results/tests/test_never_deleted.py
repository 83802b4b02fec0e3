"""A period that was reported on is never deleted, whatever the path: its updates protect it, and
with it its indicator, result and project (docs/results.md, "Nothing is deleted")."""

import pytest
from django.db.models import ProtectedError

from sharaka.results.models import Period, Update
from sharaka.results.tests.helpers import make_chain, update_in

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("status", ["draft", "submitted", "approved", "returned"])
def test_a_period_with_an_update_cannot_be_deleted(world, status):
    result, indicator, (period,) = make_chain(world.project, world.personas.officer)
    update_in(period, world.personas.officer, status)
    for doomed in (period, indicator, result, world.project):
        with pytest.raises(ProtectedError):
            doomed.delete()
    assert Period.objects.filter(pk=period.pk).exists() and Update.objects.filter(period=period).count() == 1


def test_a_period_nobody_reported_on_goes_with_its_chain(world):
    result, _indicator, (period,) = make_chain(world.project, world.personas.officer)
    result.delete()
    assert not Period.objects.filter(pk=period.pk).exists()
