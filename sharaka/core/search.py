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
    every kind asked are read in one query, up to `CAP` of them; `ids(kind)` then gives a list of ids,
    so that each kind's page of objects is read by primary key and ordered among its few matches. A
    search matching more than `CAP` entries (a word most texts hold) gives each kind the subquery
    instead: its objects are then dense in their own order's index, which the database walks and
    stops after the first page. Either way, one query and at most one more per kind (none for a kind
    that found nothing, when the matches were read whole)."""

    CAP = 2_000

    def __init__(self, query: str, kinds):
        self.query = query
        self._ids: dict[str, list[int]] = {}
        self.complete = False
        if not _read_whole(query):
            return
        rows = list(
            _entries(query).filter(kind__in=list(kinds)).values_list("kind", "object_id")[: self.CAP + 1]
        )
        self.complete = len(rows) <= self.CAP
        if self.complete:
            for kind, object_id in rows:
                self._ids.setdefault(kind, []).append(object_id)

    def ids(self, kind: str):
        """The ids of `kind` found: a list, or a subquery when the search found more than `CAP`."""
        if self.complete:
            return self._ids.get(kind, [])
        return matching_ids(kind, self.query)


def _read_whole(query: str) -> bool:
    """Whether `Matches` reads the entries of every kind at once. On SQLite, always: each kind's own
    subquery reads the FTS5 trigram table again. On PostgreSQL, when two words or more go to the
    trigram index: their trigrams together are selective, and the index finds the few entries
    holding them all (2 ms at region for "تحلية مياه", 108 entries; each kind's subquery instead
    walked its order's index and probed 10,000 projects at national scale, 53 ms). One word alone
    matches too many entries for that (PostgreSQL reads them all, 24 ms at region, or the index,
    14 ms): each kind's subquery then walks its order's index, its matches dense, and stops early."""
    if connection.vendor == "sqlite":
        return True
    return len(_trigram_terms(search_terms(query))) >= 2


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
