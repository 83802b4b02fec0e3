"""One search over partners, contacts, projects and funding applications (their feedback and lessons),
the same on SQLite and PostgreSQL.

Services call `index(kind, pk, *texts)` when they write; `find(kind, query)` returns matching ids.
Every word of the query must appear (as a substring, so prefixes such as و and ال still match)
in the object's normalised text.
"""

import re

from django.db import connection
from django.db.models import Q
from django.db.models.expressions import RawSQL

from sharaka.core.models import SearchEntry
from sharaka.lib.text import normalize, search_terms


def text_of(*texts) -> str:
    """The normalised text an entry keeps for these texts."""
    return " ".join(normalize(str(t)) for t in texts if t)


def index(kind: str, object_id: int, *texts, year: int | None = None) -> None:
    SearchEntry.objects.update_or_create(
        kind=kind, object_id=object_id, defaults={"text": text_of(*texts), "year": year}
    )


def unindex(kind: str, object_id: int) -> None:
    SearchEntry.objects.filter(kind=kind, object_id=object_id).delete()


def matching_ids(kind: str, query: str, *, year: int | None = None):
    """A subquery of ids of `kind` whose text contains every word of the query (and, given a year,
    whose entry was filed under that year: `index(..., year=)`)."""
    entries = _entries(query).filter(kind=kind)
    if year is not None:
        entries = entries.filter(year=year)
    return entries.values("object_id")


def _entries(query: str):
    """The entries whose text contains every word of the query.

    Each word is a `LIKE '%word%'`, which the trigram index over the texts serves (migration
    core/0007): on PostgreSQL `pg_trgm`'s GIN index under the entries' own `LIKE`; on SQLite the
    FTS5 trigram table, whose `LIKE` finds the entries' ids. Words under three letters, or with
    `%`, `_` or a backslash, are matched on the entries themselves there."""
    terms = search_terms(query)
    if not terms:
        return SearchEntry.objects.none()
    condition = Q()
    # FTS5's trigram LIKE finds nothing for a word under three letters: those are matched on the
    # entries themselves, like a word with a LIKE wildcard in it.
    indexed = _trigram_terms(terms)
    for term in terms:
        if connection.vendor != "sqlite" or term not in indexed:
            condition &= Q(text__contains=term)
    entries = SearchEntry.objects.filter(condition)
    if connection.vendor == "sqlite" and indexed:
        likes = " AND ".join(["text LIKE %s"] * len(indexed))
        entries = entries.filter(
            id__in=RawSQL(
                f"SELECT rowid FROM core_searchentry_trigram WHERE {likes}", [f"%{t}%" for t in indexed]
            )
        )
    return entries


class Matches:
    """What one search finds of several kinds, looked up once.

    The search page shows up to 20 objects of each of a dozen kinds: asking the index once per kind
    read the same trigrams a dozen times (at region scale on SQLite, 5–10 ms each). The entries of
    the kinds asked are read in one query, up to `CAP` of them; `ids(kind)` then gives a list of ids,
    so that each kind's page of objects is read by primary key and ordered among its few matches, and
    a kind that found nothing costs no query at all.

    A search matching more than `CAP` entries (a word most project titles hold) hands the kinds seen
    in those entries their own subquery: their objects are dense in their own order's index, which
    the database walks and stops after the first page. The other kinds are looked up once more, without
    the kinds seen: usually they hold a few matches or none, and each would otherwise pay its own scan
    of its entries (at national scale on PostgreSQL "formation jeunes" matches 6,168 projects and
    nothing else; the contacts' subquery alone took 9 ms and each of ten other kinds about 1 ms, to
    find nothing). Past the cap again, every kind left gets its subquery. Which kinds the first
    lookup asks: `_looked_up_at_once`."""

    CAP = 2_000
    ROUNDS = 2

    def __init__(self, query: str, kinds):
        self.query = query
        self._ids: dict[str, list[int]] = {}  # the kinds read whole: their ids (none: an empty list)
        self._asked = set(kinds)
        self.lookups = 0
        entries = _entries(query)
        asked = _looked_up_at_once(query, kinds)
        while asked and self.lookups < self.ROUNDS:
            self.lookups += 1
            rows = list(entries.filter(kind__in=asked).values_list("kind", "object_id")[: self.CAP + 1])
            if len(rows) <= self.CAP:
                self._ids.update((kind, []) for kind in asked)
                for kind, object_id in rows:
                    self._ids[kind].append(object_id)
                return
            seen = {kind for kind, _ in rows}
            asked = [kind for kind in asked if kind not in seen]

    @property
    def complete(self) -> bool:
        """Whether every kind asked was read whole (none left to its own subquery)."""
        return self.lookups > 0 and self._asked <= self._ids.keys()

    def ids(self, kind: str):
        """The ids of `kind` found: a list, or a subquery for a kind with too many matches to read (or
        not looked up at once). A kind not asked finds nothing."""
        if kind in self._ids:
            return self._ids[kind]
        if kind not in self._asked:
            return []
        return matching_ids(kind, self.query)


# The kind with the most entries: one per project (100,000 at national scale, against 20,000 for
# every other kind together), so that one common word matches thousands of them.
MOST_ENTRIES = "project"


def _looked_up_at_once(query: str, kinds) -> list[str]:
    """The kinds whose entries `Matches` reads in its first lookup.

    On SQLite, every kind: each kind's own subquery reads the FTS5 trigram table again. On
    PostgreSQL, every kind when two words or more go to the trigram index: their trigrams together
    are selective, and the index finds the few entries holding them all (2 ms at region for "تحلية
    مياه", 108 entries; the projects' subquery instead walked the code index and probed 10,000
    projects at national scale, 53 ms). One word alone matches too many projects for that
    (PostgreSQL reads them all, 24 ms at region, or the index, 14 ms; "Tamraght" at national: 8,435
    entries, 28 ms to read 2,000 of them): the projects' subquery walks the code index, its matches
    dense, and stops early, while every other kind is read at once (at national one word's lookup of
    the 20,000 other entries took 4–5 ms, where the organisations' and the contacts' subqueries took
    6 and 8 ms and ten other kinds 1 ms each). A query with no word of three letters goes to each
    kind's subquery."""
    kinds = list(kinds)
    if connection.vendor == "sqlite":
        return kinds
    indexed = len(_trigram_terms(search_terms(query)))
    if indexed >= 2:
        return kinds
    if indexed == 1:
        return [kind for kind in kinds if kind != MOST_ENTRIES]
    return []


def _trigram_terms(terms: list[str]) -> list[str]:
    """The words a trigram index can serve: three letters or more, no `LIKE` wildcard or backslash."""
    return [t for t in terms if len(t) >= 3 and not _LIKE_SPECIAL.search(t)]


_LIKE_SPECIAL = re.compile(r"[%_\\]")


# What each kind of object is found by. The services that write one call `index_object(kind, obj)`
# in their transaction; `manage.py search_reindex` rebuilds every row from the database (after an
# upgrade that adds a kind, or a restore). Who sees which kind is decided by the search page.
def _agreement(agreement):
    return (
        agreement.reference,
        agreement.title_ar,
        agreement.title_fr,
        agreement.title_en,
        agreement.object_ar,
        agreement.object_fr,
        agreement.object_en,
    )


def _interaction(interaction):
    return (interaction.subject,)


def _document(document):
    return (document.title,)


def _inquiry(inquiry):
    return inquiry.reference, inquiry.name, inquiry.message


def _opportunity_inquiry(inquiry):
    return inquiry.reference, inquiry.name, inquiry.organisation_name, inquiry.message


def _iati_activity(activity):
    return (activity.identifier, *activity.titles.values())


TEXTS = {
    "agreement": ("agreements.Agreement", _agreement),
    "interaction": ("partners.Interaction", _interaction),
    "document": ("projects.Document", _document),
    "agreement_document": ("agreements.AgreementDocument", _document),
    "inquiry": ("portal.Inquiry", _inquiry),
    "opportunity_inquiry": ("promotion.OpportunityInquiry", _opportunity_inquiry),  # promotion
    "iati_activity": ("iati.ForeignActivity", _iati_activity),  # other publishers' activities (iati)
}


def index_object(kind: str, obj) -> None:
    index(kind, obj.pk, *TEXTS[kind][1](obj))


def reindex(kinds=None) -> int:
    """Rebuild the rows of `kinds` (all the kinds of TEXTS by default) from the database."""
    from django.apps import apps

    count = 0
    for kind in kinds or TEXTS:
        label, texts = TEXTS[kind]
        model = apps.get_model(label)
        SearchEntry.objects.filter(kind=kind).exclude(object_id__in=model.objects.values("pk")).delete()
        for obj in model.objects.order_by("pk").iterator(chunk_size=500):
            index(kind, obj.pk, *texts(obj))
            count += 1
    return count
