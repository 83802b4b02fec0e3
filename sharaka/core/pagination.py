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
        # Without the list's order: how many rows there are (up to the cap) does not depend on it,
        # and the databases would otherwise sort every row before counting the first cap + 1.
        return self.object_list.order_by()[: self.cap + 1].count()

    @cached_property
    def count(self) -> int:
        return min(self._counted, self.cap)

    @cached_property
    def capped(self) -> bool:
        """True when there are more rows than the cap: the count shown is a floor."""
        return self._counted > self.cap


class OpenPage:
    """One page of a list that is never counted in full: `per_page` rows read with one more (is there a
    next page?), and, when `counted`, a count that stops at `cap` (an unordered `COUNT` over at most
    `cap + 1` rows). Pages go on past the cap, so every row stays reachable; without a count the page
    says "Page N" and offers "next" while rows follow. It answers what `partials/pagination.html`
    asks of a Django `Page` (`num_pages` is None when unknown).

    A page number past the last rows shows the first page (as Django's `get_page` shows the last);
    one that is not a number, or absurdly large, likewise."""

    MAX_PAGE = 1_000_000

    def __init__(self, queryset, number, *, per_page: int, cap: int = 1_000, counted: bool = True):
        try:
            self.number = int(number)
        except (TypeError, ValueError):
            self.number = 1
        if not 1 <= self.number <= self.MAX_PAGE:
            self.number = 1
        rows = self._read(queryset, per_page)
        if not rows and self.number > 1:
            self.number = 1
            rows = self._read(queryset, per_page)
        self.object_list = rows[:per_page]
        self.has_next = len(rows) > per_page
        self.has_previous = self.number > 1
        self.has_other_pages = self.has_next or self.has_previous
        self.next_page_number = self.number + 1
        self.previous_page_number = self.number - 1
        self.cap = cap
        if not counted:  # a count no cap makes cheap: "Page N", and "next" while rows follow
            self.count = self.capped = self.num_pages = None
            return
        counted_rows = queryset.order_by()[: cap + 1].count()
        self.capped = counted_rows > cap
        self.count = min(counted_rows, cap)
        self.num_pages = None if self.capped else max(1, -(-self.count // per_page))

    def _read(self, queryset, per_page) -> list:
        start = (self.number - 1) * per_page
        return list(queryset[start : start + per_page + 1])

    def __iter__(self):
        return iter(self.object_list)

    def __len__(self):
        return len(self.object_list)


def in_as_text(queryset, field: str, values):
    """`queryset.filter(<field>__in=values)`, the field read as text (an expression), for a list that
    walks the index of its own order and stops after a page.

    SQLite (a live database has no `ANALYZE` statistics) would otherwise take the field's own index
    (a status, say) and sort every row it finds; no index serves the expression, so it walks the
    order's index and checks the field on the way. PostgreSQL reads the same rows and picks by its
    statistics (a varchar is compared as text either way). Examples: the portal's projects and
    agreements, the sustainability dashboard's funded projects."""
    from django.db.models import TextField
    from django.db.models.functions import Cast

    alias = field.replace("__", "_") + "_text"
    return queryset.alias(**{alias: Cast(field, TextField())}).filter(**{f"{alias}__in": sorted(values)})
