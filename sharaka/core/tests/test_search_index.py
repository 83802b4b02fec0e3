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


def _found(ids) -> list[int]:
    """The ids `Matches.ids` gave: its list, or what its subquery finds."""
    return ids if isinstance(ids, list) else list(ids.values_list("object_id", flat=True))


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
        assert set(_found(found.ids(kind))) == expected, (kind, query)
    at_once = search._looked_up_at_once(query, ["project", "organisation", "contact"])
    everywhere = sum(len(search.matching_ids(kind, query)) for kind in at_once)
    # both roads taken across the queries (on PostgreSQL a word alone leaves the projects to their
    # subquery, and a query with no word of three letters every kind)
    if not at_once:
        assert found.lookups == 0 and not found.complete
    elif everywhere <= cap:
        assert found.lookups == 1 and found.complete == (len(at_once) == 3)


def test_past_the_cap_the_kinds_seen_get_their_subquery_and_the_others_one_more_lookup(monkeypatch):
    """A search matching many projects: the projects are read through their own subquery, and the
    contacts and organisations are looked up once more without them: the contact found is a list of
    ids, the organisations an empty list, so that neither costs a query of its own."""
    monkeypatch.setattr(search.Matches, "CAP", 2)
    for pk in range(1, 6):
        search.index("project", pk, f"Dessalement de l'eau de mer, tranche {pk}")
    search.index("contact", 7, "Responsable du dessalement, tranche nord")
    search.index("organisation", 3, "Office de l'eau potable")

    found = search.Matches("dessalement tranche", ["project", "organisation", "contact"])

    assert found.lookups == 2 and not found.complete
    assert sorted(found.ids("project").values_list("object_id", flat=True)) == [1, 2, 3, 4, 5]
    assert found.ids("organisation") == []
    # the contact was either seen among the first entries read (its own subquery) or read whole
    assert _found(found.ids("contact")) == [7]


def test_one_lookup_reads_only_the_kinds_asked():
    _entries()

    found = search.Matches("مياه البحر", ["organisation"])

    assert found.complete and found.ids("organisation") == [1] and found.ids("project") == []


def test_postgresql_leaves_the_projects_of_one_word_to_their_subquery_and_reads_several_words_at_once():
    kinds = ["project", "organisation", "contact"]
    every_kind = search._looked_up_at_once
    assert every_kind("مياه البحر", kinds) == every_kind("formation des jeunes", kinds) == kinds
    on_sqlite = connection.vendor == "sqlite"
    assert every_kind("مياه", kinds) == (kinds if on_sqlite else ["organisation", "contact"])
    assert every_kind("ab cd", kinds) == (kinds if on_sqlite else [])  # short words: no trigram


def test_one_word_finds_the_other_kinds_in_one_lookup_and_the_projects_through_their_subquery(
    django_assert_max_num_queries,
):
    """On PostgreSQL a word alone: the organisations and contacts in one lookup (the organisation
    found is a list of ids, the contacts an empty list: no query of their own), the projects through
    their subquery. On SQLite every kind in one lookup."""
    search.index("project", 1, "Dessalement de l'eau de mer")
    search.index("project", 2, "Route de Tamraght")
    search.index("organisation", 3, "Office du dessalement")
    search.index("contact", 7, "Responsable de la voirie")

    with django_assert_max_num_queries(1):
        found = search.Matches("dessalement", ["project", "organisation", "contact"])

    assert found.lookups == 1 and found.ids("organisation") == [3] and found.ids("contact") == []
    projects = found.ids("project")
    if connection.vendor == "sqlite":
        assert projects == [1]
    else:
        assert list(projects.values_list("object_id", flat=True)) == [1]
