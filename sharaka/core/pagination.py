"""Pagination that never counts more rows than a person would page through.

Django's `Paginator` runs `COUNT(*)` over the whole filtered table on every page: a full scan of a
million transactions (seconds) to print "1,000,000 transactions". `CappedPaginator` counts at most
`cap + 1` rows (`SELECT COUNT(*) FROM (... LIMIT cap + 1)`), so the cost stays that of one bounded
index walk; beyond the cap the page says "more than N" and invites narrowing the filters.
"""

from django.core.paginator import Paginator
from django.utils.functional import cached_property


class CappedPaginator(Paginator):
    def __init__(self, object_list, per_page, cap: int = 10_000, **kwargs):
        super().__init__(object_list, per_page, **kwargs)
        self.cap = cap

    @cached_property
    def _counted(self) -> int:
        return self.object_list[: self.cap + 1].count()

    @cached_property
    def count(self) -> int:
        return min(self._counted, self.cap)

    @cached_property
    def capped(self) -> bool:
        """True when there are more rows than the cap: the count shown is a floor."""
        return self._counted > self.cap
