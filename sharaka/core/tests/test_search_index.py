"""The trigram index under the search (migration core/0007): it finds exactly what "every word as a
substring" finds without it, stays in step as entries change, and is what the database reads."""

import pytest
from django.db import connection

from sharaka.core import search
from sharaka.core.models import SearchEntry
from sharaka.lib.text import normalize, search_terms

pytestmark = pytest.mark.django_db

TEXTS = [
    "تحلية مياه البحر بالطاقة الشمسية في أورير",
    "والمياه الصالحة للشرب للدواوير",
    "Formation des jeunes aux métiers du tourisme",
    "Réhabilitation de la médina de Tamraght, 50% financés",
    "ab_cd 10\\20 مشروع",
    "التراث الثقافي والسياحة",
]
QUERIES = [
    "مياه",
    "المياه",
    "البحر الشمسية",
    "formation jeunes",
    "FORMATION",
    "tamraght 50%",
    "50%",
    "ab_cd",
    "10\\20",
    "ab",
    "في",
    "تراث",
    "nothing here",
    "métiers tourisme",
]


def _entries():
    for n, text in enumerate(TEXTS, start=1):
        search.index("project", n, text)
    search.index("organisation", 1, TEXTS[0])  # another kind with the same words


def _expected(query) -> set[int]:
    terms = search_terms(query)
    return {n for n, text in enumerate(TEXTS, start=1) if all(t in normalize(text) for t in terms)}


@pytest.mark.parametrize("query", QUERIES)
def test_the_index_finds_what_every_word_as_a_substring_finds(query):
    _entries()
    found = set(search.matching_ids("project", query).values_list("object_id", flat=True))
    assert found == _expected(query)


def test_the_index_follows_the_entries_as_they_change():
    _entries()
    search.index("project", 1, "Station de dessalement")  # the text replaced
    search.unindex("project", 2)

    def found(query):
        return set(search.matching_ids("project", query).values_list("object_id", flat=True))

    assert found("dessalement") == {1}
    assert found("الشمسية") == set()  # the old text is gone from the index
    assert found("للدواوير") == set()  # the removed entry too
    SearchEntry.objects.filter(kind="project", object_id=3).delete()
    assert found("jeunes") == set()


def test_the_database_reads_the_trigram_index():
    _entries()
    SearchEntry.objects.bulk_create(  # a region's worth of one kind: the kind's index narrows nothing
        SearchEntry(kind="project", object_id=1000 + n, text=f"projet numero {n} de la commune d'aourir")
        for n in range(3000)
    )
    sql, params = search.matching_ids("project", "مياه البحر").query.sql_with_params()
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # As autovacuum leaves a live table: the GIN index's pending list merged, statistics read.
            cursor.execute("SELECT gin_clean_pending_list('core_searchentry_text_trgm'::regclass)")
            cursor.execute("ANALYZE core_searchentry")
            cursor.execute("EXPLAIN " + sql, params)
            assert "core_searchentry_text_trgm" in " ".join(row[0] for row in cursor.fetchall())
        else:
            cursor.execute("EXPLAIN QUERY PLAN " + sql, params)
            assert "core_searchentry_trigram VIRTUAL TABLE INDEX" in " ".join(
                str(row) for row in cursor.fetchall()
            )


@pytest.mark.parametrize("query", QUERIES)
@pytest.mark.parametrize("cap", [2_000, 1])
def test_one_lookup_of_every_kind_finds_what_each_kind_alone_finds(query, cap, monkeypatch):
    """`Matches` reads the entries of several kinds at once, or, past its cap, hands each kind its
    own subquery: the ids found are the same either way."""
    monkeypatch.setattr(search.Matches, "CAP", cap)
    _entries()
    search.index("contact", 7, TEXTS[2])

    found = search.Matches(query, ["project", "organisation", "contact"])

    for kind in ("project", "organisation", "contact"):
        expected = set(search.matching_ids(kind, query).values_list("object_id", flat=True))
        ids = found.ids(kind)
        got = set(ids) if isinstance(ids, list) else set(ids.values_list("object_id", flat=True))
        assert got == expected, (kind, query)
    everywhere = sum(len(search.matching_ids(kind, query)) for kind in ("project", "organisation", "contact"))
    # both roads taken across the queries (on PostgreSQL one word goes to each kind's subquery)
    assert found.complete == (search._read_whole(query) and everywhere <= cap)


def test_one_lookup_reads_only_the_kinds_asked():
    _entries()

    found = search.Matches("مياه البحر", ["organisation"])

    assert found.complete and found.ids("organisation") == [1] and found.ids("project") == []


def test_postgresql_reads_one_word_through_each_kinds_subquery_and_several_at_once():
    assert search._read_whole("مياه البحر") and search._read_whole("formation des jeunes")
    assert search._read_whole("مياه") == (connection.vendor == "sqlite")
    assert search._read_whole("ab cd") == (connection.vendor == "sqlite")  # short words: no trigram
