"""A bulk update is all or nothing: one wrong row, or a hostile file, and nothing is written; every
refusal names its row. A forged period number never reaches another project's period."""

import io
import zipfile
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import translation

from sharaka.core.models import AuditEntry
from sharaka.results import bulk
from sharaka.results.models import Disaggregation, Update
from sharaka.results.tests.bulk_chain import make_chain, xlsx, xlsx_bytes

pytestmark = pytest.mark.django_db


@pytest.fixture
def chain(world):
    return make_chain(world)


def _check(world, content, name="updates.xlsx", actor=None, apply=True, submit=False):
    with translation.override("en"):  # the messages read in English here; in Arabic on the page
        return bulk.check(
            actor=actor or world.personas.manager,
            project=world.project,
            name=name,
            content=content,
            apply=apply,
            submit=submit,
        )


def _ledger():
    return AuditEntry.objects.count(), AuditEntry.objects.order_by("-id").values_list("id", flat=True).first()


def _nothing_written(world, before, outcome):
    assert not outcome.applied
    assert Update.objects.count() == 0 and Disaggregation.objects.count() == 0
    assert _ledger() == before


def test_one_bad_row_among_good_ones_writes_nothing(world, chain):
    before = _ledger()
    rows = [
        ["period", "value", "women"],
        [chain["q1"].pk, 10, 4],
        [chain["q2"].pk, 20, None],
        [chain["pct"].pk, 150, None],  # a percentage beyond 100: row 4
        [chain["qual"].pk, None, None],  # left empty: not an error, not written
    ]
    outcome = _check(world, xlsx_bytes(rows))
    _nothing_written(world, before, outcome)
    assert [n for n, _m in outcome.errors] == [4]
    # The same file without the wrong row goes through, whole.
    outcome = _check(world, xlsx_bytes(rows[:3]))
    assert outcome.applied and Update.objects.count() == 2


def test_a_row_the_service_refuses_is_named_and_nothing_is_written(world, chain):
    before = _ledger()
    rows = [
        ["period", "value", "women", "men"],
        [chain["q1"].pk, 10, 4, 5],
        [chain["q2"].pk, 10, 8, 7],  # 15 women and men in a value of 10: row 3
    ]
    outcome = _check(world, xlsx_bytes(rows))
    _nothing_written(world, before, outcome)
    assert outcome.errors[0][0] == 3 and "add up to more" in outcome.errors[0][1]


def test_a_forged_period_of_another_project_is_refused(world, chain, client):
    before = _ledger()
    outcome = _check(world, xlsx_bytes([["period", "value"], [chain["foreign"].pk, 5]]))
    _nothing_written(world, before, outcome)
    assert outcome.errors[0][0] == 2 and "not a period of this project" in outcome.errors[0][1]
    # Through the pages too: the officer may report on both projects, yet the world's project's
    # upload never writes into the other one.
    client.force_login(world.personas.officer)
    url = reverse("results_bulk", kwargs={"pk": world.project.pk})
    response = client.post(url, {"file": xlsx([["period", "value"], [chain["foreign"].pk, 5]])})
    assert response.status_code == 200 and response.context["token"] is None
    assert Update.objects.count() == 0


@pytest.mark.parametrize(
    ("rows", "row", "words"),
    [
        ([["period", "valeur"], [1, 2]], 1, "unknown column"),
        ([["period", "indicator"], [1, "x"]], 1, "missing column"),
        ([["period", "value", "value"], [1, 2, 3]], 1, "given twice"),
        ([["period", "value"], ["{q1}", "beaucoup"]], 2, "is not a number"),
        ([["period", "value"], ["{q1}", "1,234.5"]], 2, "thousands separators"),
        ([["period", "value"], ["{q1}", 1234567890123456]], 2, "largest value"),
        ([["period", "value"], ["{q1}", "12.345"]], 2, "more than two decimals"),
        ([["period", "value"], ["{q1}", 5], ["{q1}", 6]], 3, "already given in row 2"),
        ([["period", "value"], [999999, 5]], 2, "not a period of this project"),
        ([["period", "value"], ["{locked}", 5]], 2, "locked"),
        ([["period", "value"], ["{pct}", 100.5]], 2, "between 0 and 100"),
        ([["period", "value"], ["{q1}", -3]], 2, "negative"),
        ([["period", "value", "narrative_fr"], ["{q1}", 5, '=HYPERLINK("x")']], 2, "formula"),
        ([["period", "value", "narrative_fr"], ["{q1}", 5, "+33 6"]], 2, "formula"),
        ([["period", "value", "narrative_fr"], ["{q1}", 5, "@SUM(A1)"]], 2, "formula"),
        ([["period", "value"], ["{q1}", "-2"]], 2, "formula"),
        ([["period", "value"], ["{q1}", 5, "x"]], 2, "outside the template"),
        ([["period", "value"], ["{qual}", 5]], 2, "narrative"),
        ([["period", "value"]], None, "no value to report"),
    ],
)
def test_each_wrong_row_is_refused_with_its_number(world, chain, rows, row, words):
    rows = [[chain[c[1:-1]].pk if isinstance(c, str) and c.startswith("{") else c for c in r] for r in rows]
    before = _ledger()
    outcome = _check(world, xlsx_bytes(rows))
    _nothing_written(world, before, outcome)
    messages = " ".join(m for _n, m in outcome.errors)
    assert words in messages
    if row is None:
        assert outcome.file_error
    elif row == 1:
        assert outcome.file_error.startswith("Row 1:")
    else:  # beside the row, or (a formula cell) the whole file refused at that row
        assert row in [n for n, _m in outcome.errors] or outcome.file_error.startswith(f"Row {row}:")


def test_a_formula_cell_is_refused(world, chain):
    from openpyxl import Workbook

    wb = Workbook()
    wb.active.append(["period", "value"])
    wb.active.append([chain["q1"].pk, "=2*21"])  # openpyxl stores it as a formula cell
    out = io.BytesIO()
    wb.save(out)
    before = _ledger()
    outcome = _check(world, out.getvalue())
    _nothing_written(world, before, outcome)
    assert "Row 2:" in outcome.file_error and "formula" in outcome.file_error


def test_too_many_rows_are_refused(world, chain):
    rows = [["period", "value"]] + [[chain["q1"].pk, 1]] * (bulk.MAX_ROWS + 1)
    before = _ledger()
    outcome = _check(world, xlsx_bytes(rows))
    _nothing_written(world, before, outcome)
    assert "more than 2000 rows" in outcome.file_error


def _zip(members: dict) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return out.getvalue()


def _with_entities(chain) -> bytes:
    """A real workbook whose sheet declares entities (billion laughs, and an external file)."""
    source = zipfile.ZipFile(io.BytesIO(xlsx_bytes([["period", "value"], [chain["q1"].pk, 1]])))
    members = {info.filename: source.read(info) for info in source.infolist()}
    sheet = members["xl/worksheets/sheet1.xml"].decode()
    dtd = (
        '<!DOCTYPE x [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">'
        '<!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;"><!ENTITY p SYSTEM "file:///etc/passwd">]>'
    )
    if sheet.startswith("<?xml"):
        head, _sep, rest = sheet.partition("?>")
        sheet = head + "?>" + dtd + rest
    else:
        sheet = dtd + sheet
    members["xl/worksheets/sheet1.xml"] = sheet.replace("<v>1</v>", "<v>&c;</v>").encode()
    return _zip(members)


@pytest.mark.parametrize(
    ("name", "content", "words"),
    [
        ("updates.xlsx", b"%PDF-1.4 not a workbook", "does not match"),
        ("updates.xlsx", b"PK\x03\x04 broken", "does not match"),
        ("updates.xlsx", _zip({"xl/workbook.xml": b"<x/>", "xl/big.xml": b"0" * 25_000_000}), "20 MB"),
        ("updates.xlsx", _zip({"xl/workbook.xml": b"<workbook/>"}), "could not be read"),
        ("updates.xlsx", b"PK\x03\x04" + b"0" * (2 * 1024 * 1024 + 10), "larger than 2 MB"),
        ("updates.csv", "period,value\n1,2\n".encode("utf-16"), "does not match"),
        ("updates.csv", b"period,value\n1,\xff\xfe2\n", "does not match"),
        ("updates.csv", b"period,value\n" + b"1,2\n" * 300_000, "larger than 1 MB"),
        ("updates.exe", b"MZ\x90\x00", "Only these types"),
    ],
)
def test_hostile_files_are_refused_before_any_row(world, chain, name, content, words):
    before = _ledger()
    outcome = _check(world, content, name=name)
    _nothing_written(world, before, outcome)
    assert words in outcome.file_error


def test_xml_entities_are_refused(world, chain):
    before = _ledger()
    outcome = _check(world, _with_entities(chain))
    _nothing_written(world, before, outcome)
    assert "entities" in outcome.file_error


def test_too_many_csv_rows_are_refused(world, chain):
    content = ("period,value\n" + f"{chain['q1'].pk},1\n" * (bulk.MAX_ROWS + 1)).encode()
    outcome = _check(world, content, name="updates.csv")
    assert "more than 2000 rows" in outcome.file_error and Update.objects.count() == 0


def test_a_csv_with_semicolons_and_arabic_digits_is_read(world, chain):
    content = f"رقم الفترة;القيمة المحققة;السرد (بالعربية)\n{chain['q1'].pk};٤٥٫٥;تقدم جيد\n".encode()
    outcome = _check(world, content, name="updates.csv")
    assert outcome.applied, outcome.errors
    update = Update.objects.get()
    assert update.value == Decimal("45.50") and update.narrative_ar == "تقدم جيد"


def test_the_preview_in_arabic_names_each_wrong_row(client, world, chain):
    client.force_login(world.personas.manager)  # Arabic
    rows = [["period", "value"], [chain["q1"].pk, "كثير"], [chain["locked"].pk, 3], [chain["q2"].pk, 5]]
    response = client.post(reverse("results_bulk", kwargs={"pk": world.project.pk}), {"file": xlsx(rows)})
    assert response.status_code == 200
    html = response.content.decode()
    assert 'dir="rtl"' in html
    assert "الصف 2" in html and "ليست رقما" in html
    assert "الصف 3" in html and "مقفلة" in html
    assert "لم يُسجَّل أي شيء" in html
    assert response.context["token"] is None and 'name="token"' not in html
    assert Update.objects.count() == 0


def test_apply_reads_the_kept_file_never_a_reposted_one(client, world, chain):
    client.force_login(world.personas.manager)
    url = reverse("results_bulk", kwargs={"pk": world.project.pk})
    apply = reverse("results_bulk_apply", kwargs={"pk": world.project.pk})
    response = client.post(url, {"file": xlsx([["period", "value"], [chain["q1"].pk, 7]])})
    token = response.context["token"]
    # A file posted with the token is ignored: the kept one is applied.
    forged = xlsx([["period", "value"], [chain["foreign"].pk, 999]])
    assert client.post(apply, {"token": token, "file": forged}).status_code == 302
    assert list(Update.objects.values_list("period_id", "value")) == [(chain["q1"].pk, Decimal("7.00"))]


def test_a_token_is_bound_to_its_user_and_project(client, world, chain):
    client.force_login(world.personas.manager)
    response = client.post(
        reverse("results_bulk", kwargs={"pk": world.project.pk}),
        {"file": xlsx([["period", "value"], [chain["q1"].pk, 7]])},
    )
    token = response.context["token"]
    # Another user's session does not hold it.
    other = client.__class__()
    other.force_login(world.personas.officer)
    before = _ledger()
    response = other.post(reverse("results_bulk_apply", kwargs={"pk": world.project.pk}), {"token": token})
    assert response.status_code == 302 and Update.objects.count() == 0 and _ledger() == before
    # Nor does it apply to another project, even for the same user.
    session = client.session
    other_project = chain["foreign"].indicator.result.project
    assert bulk.take(session, token=token, user=world.personas.manager, project=other_project) is None
    # The other user's attempt did not spend it: its owner applies it on its project.
    response = client.post(reverse("results_bulk_apply", kwargs={"pk": world.project.pk}), {"token": token})
    assert response.status_code == 302 and Update.objects.count() == 1


def test_a_period_locked_between_preview_and_apply_is_refused(client, world, chain):
    from sharaka.results import services

    client.force_login(world.personas.manager)
    response = client.post(
        reverse("results_bulk", kwargs={"pk": world.project.pk}),
        {"file": xlsx([["period", "value"], [chain["q1"].pk, 7]])},
    )
    services.period_lock(actor=world.personas.officer, period=chain["q1"])
    before = _ledger()
    response = client.post(
        reverse("results_bulk_apply", kwargs={"pk": world.project.pk}), {"token": response.context["token"]}
    )
    assert response.status_code == 200 and "مقفلة" in response.content.decode()
    assert Update.objects.count() == 0 and _ledger() == before


# Who may: literal, never read from the code under test.
MAY_BULK = {
    "admin": 200,
    "officer": 200,
    "manager": 200,  # the world project's manager
    "other_manager": 403,
    "finance": 403,
    "president": 403,
    "council": 403,
    "auditor": 403,
    "partner_viewer": 403,  # reads the project, never writes to it
    "outsider_partner_viewer": 404,
    "prefecture": 404,
}


@pytest.mark.parametrize(("persona", "status"), MAY_BULK.items())
def test_who_may_upload(client, world, chain, persona, status):
    client.force_login(getattr(world.personas, persona))
    pk = world.project.pk
    assert client.get(reverse("results_bulk_template_xlsx", kwargs={"pk": pk})).status_code == status
    response = client.post(
        reverse("results_bulk", kwargs={"pk": pk}), {"file": xlsx([["period", "value"], [chain["q1"].pk, 7]])}
    )
    assert response.status_code == status
    if status != 200:
        with pytest.raises(Exception, match="report on its results"):
            _check(
                world,
                xlsx_bytes([["period", "value"], [chain["q1"].pk, 7]]),
                actor=getattr(world.personas, persona),
            )
    assert Update.objects.count() == 0
