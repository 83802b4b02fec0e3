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


def index(kind: str, object_id: int, *texts) -> None:
    SearchEntry.objects.update_or_create(kind=kind, object_id=object_id, defaults={"text": text_of(*texts)})


def unindex(kind: str, object_id: int) -> None:
    SearchEntry.objects.filter(kind=kind, object_id=object_id).delete()


def matching_ids(kind: str, query: str):
    """A subquery of ids of `kind` whose text contains every word of the query.

    Each word is a `LIKE '%word%'`, which the trigram index over the texts serves (migration
    core/0007): on PostgreSQL `pg_trgm`'s GIN index under the entries' own `LIKE`; on SQLite the
    FTS5 trigram table, whose `LIKE` finds the entries' ids. Words under three letters, or with
    `%`, `_` or a backslash, are matched on the entries themselves there."""
    terms = search_terms(query)
    if not terms:
        return SearchEntry.objects.none().values("object_id")
    condition = Q(kind=kind)
    # FTS5's trigram LIKE finds nothing for a word under three letters: those are matched on the
    # entries themselves, like a word with a LIKE wildcard in it.
    indexed = [t for t in terms if len(t) >= 3 and not _LIKE_SPECIAL.search(t)]
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
    return entries.values("object_id")


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
