"""One search over partners, contacts, projects and funding applications (their feedback and lessons),
the same on SQLite and PostgreSQL.

Services call `index(kind, pk, *texts)` when they write; `find(kind, query)` returns matching ids.
Every word of the query must appear (as a substring, so prefixes such as و and ال still match)
in the object's normalised text.
"""

from django.db.models import Q

from sharaka.core.models import SearchEntry
from sharaka.lib.text import normalize, search_terms


def index(kind: str, object_id: int, *texts) -> None:
    text = " ".join(normalize(str(t)) for t in texts if t)
    SearchEntry.objects.update_or_create(kind=kind, object_id=object_id, defaults={"text": text})


def unindex(kind: str, object_id: int) -> None:
    SearchEntry.objects.filter(kind=kind, object_id=object_id).delete()


def matching_ids(kind: str, query: str):
    """A subquery of ids of `kind` whose text contains every word of the query."""
    terms = search_terms(query)
    condition = Q(kind=kind)
    for term in terms:
        condition &= Q(text__contains=term)
    if not terms:
        return SearchEntry.objects.none().values("object_id")
    return SearchEntry.objects.filter(condition).values("object_id")
