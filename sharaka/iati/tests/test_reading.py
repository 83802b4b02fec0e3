"""Reading IATI activity files: our own export read back, the shapes other publishers write,
versions, hostile XML and a large file read in bounded memory."""

import datetime
import io
import os
from decimal import Decimal

import pytest

from sharaka.iati.reading import ActivityFile, Refused, read_activities
from sharaka.iati.tests.samples import ACTIVITY_201, activity_file


def _file(activities: str, version="2.01", prolog='<?xml version="1.0" encoding="UTF-8"?>\n') -> bytes:
    return activity_file(activities, version, prolog)


def _read(data: bytes) -> list:
    return list(read_activities(io.BytesIO(data)))


def test_it_reads_what_a_publisher_writes_in_several_languages_and_currencies():
    (activity,) = _read(_file(ACTIVITY_201))

    assert activity.identifier == "FR-6-AFD-CMA1234"
    assert activity.last_updated == "2025-11-02T10:00:00Z"
    assert activity.titles == {
        "fr": "Eau potable dans le Souss-Massa",
        "en": "Drinking water in Souss-Massa",
        "ar": "الماء الصالح للشرب في سوس ماسة",
    }
    assert activity.descriptions == [("1", {"fr": "Raccordement de douars au réseau."})]
    assert activity.status == "2"
    assert activity.dates == {"1": datetime.date(2024, 3, 1), "2": datetime.date(2024, 4, 15)}
    assert activity.reporting_org.ref == "FR-6"
    assert [(o.role, o.ref, o.names) for o in activity.participating] == [
        ("1", "FR-6", {"fr": "AFD"}),
        ("4", "", {"ar": "جمعية محلية"}),
    ]
    assert activity.countries == [("MA", Decimal("100"))]
    assert activity.sectors == [("1", "14020", Decimal("70")), ("1", "14030", None)]
    assert (activity.locations[0].latitude, activity.locations[0].longitude) == (
        Decimal("30.4920"),
        Decimal("-9.6270"),
    )
    (budget,) = activity.budgets
    assert (budget.value.value, budget.value.currency, budget.end) == (
        Decimal("1500000"),
        "EUR",
        datetime.date(2024, 12, 31),
    )
    (planned,) = activity.planned_disbursements
    assert (planned.value.value, planned.value.currency) == (Decimal("250000.50"), "USD")
    (commitment,) = activity.transactions  # the second one's amount cannot be read
    assert (commitment.type, commitment.value.value, commitment.receiver.ref) == (
        "2",
        Decimal("1500000"),
        "MA-COA-AOURIR",
    )


def test_it_reports_what_it_cannot_read_with_the_activity_instead_of_failing():
    (activity,) = _read(_file(ACTIVITY_201))

    assert sorted((p.code, p.activity) for p in activity.problems) == [
        ("bad-amount", "FR-6-AFD-CMA1234"),
        ("bad-date", "FR-6-AFD-CMA1234"),  # 30 February
        ("bad-percentage", "FR-6-AFD-CMA1234"),
    ]
    assert {p.params.get("value") for p in activity.problems} == {"1 000,00", "2027-02-30", "thirty"}


@pytest.mark.parametrize("version", ["2.01", "2.02", "2.03"])
def test_it_reads_versions_2_01_to_2_03(version):
    source = ActivityFile(io.BytesIO(_file(ACTIVITY_201, version=version)))

    assert [a.identifier for a in source] == ["FR-6-AFD-CMA1234"]
    assert source.version == version


@pytest.mark.parametrize(
    ("version", "code"),
    [("1.05", "version-1"), ("1.01", "version-1"), ("3.0", "version-unknown"), ("", "version-unknown")],
)
def test_it_refuses_other_versions_naming_them(version, code):
    with pytest.raises(Refused) as refused:
        _read(_file(ACTIVITY_201, version=version))

    assert refused.value.code == code
    assert refused.value.params == {"version": version}


def test_it_skips_an_activity_without_identifier_and_says_where():
    source = ActivityFile(io.BytesIO(_file("\n<iati-activity><title/></iati-activity>" + ACTIVITY_201)))

    assert [a.identifier for a in source] == ["FR-6-AFD-CMA1234"]
    assert [(p.code, p.params) for p in source.problems] == [("no-identifier", {"line": 3})]


def test_it_refuses_a_file_that_is_not_an_activity_file():
    with pytest.raises(Refused) as refused:
        _read(b'<?xml version="1.0"?><iati-organisations version="2.03"/>')
    assert refused.value.code == "not-activities"


BILLION_LAUGHS = """<?xml version="1.0"?>
<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>
<iati-activities version="2.03"><iati-activity><iati-identifier>&lol3;</iati-identifier></iati-activity></iati-activities>"""

EXTERNAL = """<?xml version="1.0"?>
<!DOCTYPE x [<!ENTITY secret SYSTEM "file:///etc/passwd">]>
<iati-activities version="2.03"><iati-activity><iati-identifier>&secret;</iati-identifier></iati-activity></iati-activities>"""


@pytest.mark.parametrize(
    "data",
    [
        BILLION_LAUGHS.encode(),
        EXTERNAL.encode(),
        EXTERNAL.replace("<!DOCTYPE", "<!doctype").encode(),
        EXTERNAL.encode("utf-16"),
        (
            "<?xml version='1.0'?>"
            + "<!-- x -->" * 10
            + '<!DOCTYPE iati-activities SYSTEM "http://example.org/x.dtd"><iati-activities version="2.03"/>'
        ).encode(),
    ],
    ids=["entity-expansion", "external-entity", "lower-case", "utf-16", "external-dtd"],
)
def test_it_refuses_a_document_type_before_reading_anything(data):
    with pytest.raises(Refused) as refused:
        _read(data)
    assert refused.value.code == "doctype"


def test_it_refuses_nesting_deeper_than_libxml2_allows():
    deep = "<x>" * 300 + "</x>" * 300
    with pytest.raises(Refused) as refused:
        _read(_file(f"<iati-activity><iati-identifier>A</iati-identifier>{deep}</iati-activity>"))
    assert refused.value.code == "malformed"


@pytest.mark.parametrize(
    "data",
    [
        b"",
        b"not xml at all",
        _file(ACTIVITY_201)[:-40],
        b"\xff\xfe\x00garbage",
        _file("<iati-activity>&nbsp;</iati-activity>"),
    ],
    ids=["empty", "text", "cut", "undecodable", "undeclared-entity"],
)
def test_it_refuses_broken_xml_with_a_reason_not_a_crash(data):
    with pytest.raises(Refused) as refused:
        _read(data)
    assert refused.value.code in {"malformed", "doctype"}


def test_it_leaves_out_a_narrative_longer_than_any_real_one():
    long_text = "x" * 100_001
    (activity,) = _read(
        _file(
            f"<iati-activity><iati-identifier>A</iati-identifier><title><narrative>{long_text}</narrative></title></iati-activity>"
        )
    )
    assert activity.titles == {}
    assert [p.code for p in activity.problems] == ["narrative-too-long"]


def test_it_refuses_a_text_node_over_libxml2s_limit():
    huge = "x" * 11_000_000
    with pytest.raises(Refused):
        _read(
            _file(
                f"<iati-activity><iati-identifier>A</iati-identifier><title><narrative>{huge}</narrative></title></iati-activity>"
            )
        )


def _rss_mb() -> float:
    """This process's resident memory (Linux), which counts libxml2's tree, unlike tracemalloc."""
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20


def test_it_reads_a_large_file_in_bounded_memory(tmp_path):
    path = tmp_path / "large.xml"
    activity = ACTIVITY_201.replace("FR-6-AFD-CMA1234", "FR-6-AFD-{n}")
    with open(path, "w", encoding="utf-8") as out:
        out.write('<?xml version="1.0" encoding="UTF-8"?>\n<iati-activities version="2.03">')
        for n in range(30_000):
            out.write(activity.replace("{n}", str(n)))
        out.write("</iati-activities>")
    size_mb = path.stat().st_size / 2**20
    before = _rss_mb()
    count, peak, last = 0, before, None
    for activity_read in read_activities(str(path)):
        count, last = count + 1, activity_read.identifier
        if count % 2_000 == 0:
            peak = max(peak, _rss_mb())
    assert size_mb > 60
    assert count == 30_000
    # Kept whole, lxml's tree of this file takes several hundred MB; freed as read, a few MB.
    assert peak - before < 40, (size_mb, peak - before)
    assert last == "FR-6-AFD-29999"


@pytest.mark.django_db
def test_it_reads_back_the_activity_file_sharaka_writes(personas):
    from sharaka.core.testing import make_organisation
    from sharaka.portal.iati import writer
    from sharaka.portal.tests.helpers import publishable_project, transaction

    undp = make_organisation(acronym="UNDP9", iati_identifier="XM-DAC-41114")
    project = publishable_project(
        funder=undp, title_fr="Eau potable à Tamraght", title_ar="الماء الصالح للشرب بتمراغت"
    )
    transaction(project, personas.officer, amount="50000.00", currency="EUR")
    data = b"".join(writer.activity_chunks())

    source = ActivityFile(io.BytesIO(data))
    (activity,) = list(source)

    assert source.version == "2.03"
    assert source.problems == [] and activity.problems == []
    assert activity.identifier.endswith(project.code)
    assert activity.titles["ar"] == "الماء الصالح للشرب بتمراغت"
    assert activity.titles["fr"] == "Eau potable à Tamraght"
    assert sorted((code, percentage) for _vocabulary, code, percentage in activity.sectors) == [
        ("14020", Decimal("40")),
        ("14030", Decimal("60")),
    ]
    assert activity.dates["2"] == datetime.date(2026, 2, 1)  # actual start
    assert "XM-DAC-41114" in {organisation.ref for organisation in activity.participating}
    (incoming,) = activity.transactions
    assert (incoming.value.value, incoming.value.currency) == (Decimal("50000.00"), "EUR")
