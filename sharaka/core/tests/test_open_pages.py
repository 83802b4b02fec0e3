"""`OpenPage`: pages of a list that is never counted in full (core/pagination.py)."""

import pytest

from sharaka.core.models import Theme
from sharaka.core.pagination import OpenPage

pytestmark = pytest.mark.django_db


@pytest.fixture
def themes():
    """Every theme by code: the seeded ones, a list of a known length that no test writes."""
    return Theme.objects.order_by("code")


def codes(page) -> list[str]:
    return [theme.code for theme in page]


def test_the_pages_follow_each_other_and_the_last_has_no_next(themes):
    every = list(themes.values_list("code", flat=True))
    assert len(every) > 10
    pages, number = [], 1
    while True:
        page = OpenPage(themes, number, per_page=4, counted=False)
        pages.append(codes(page))
        if not page.has_next:
            break
        number = page.next_page_number
    assert [code for page in pages for code in page] == every
    assert page.has_previous and page.previous_page_number == number - 1


def test_without_a_count_the_page_knows_no_total(themes):
    page = OpenPage(themes, 1, per_page=4, counted=False)
    assert page.num_pages is None and page.count is None and page.has_next and not page.has_previous


def test_the_count_stops_at_the_cap_and_says_so(themes):
    total = themes.count()
    exact = OpenPage(themes, 1, per_page=4, cap=total)
    capped = OpenPage(themes, 1, per_page=4, cap=total - 1)
    assert (exact.count, exact.capped, exact.num_pages) == (total, False, -(-total // 4))
    assert (capped.count, capped.capped, capped.num_pages) == (total - 1, True, None)


@pytest.mark.parametrize("asked", ["999", "0", "-3", "two", "", None, "99999999999999999999999999"])
def test_a_page_that_is_not_there_shows_the_first(themes, asked):
    page = OpenPage(themes, asked, per_page=4, counted=False)
    assert page.number == 1 and codes(page) == list(themes.values_list("code", flat=True)[:4])
