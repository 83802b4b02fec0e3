"""The fuzzer's own parts do what the form test relies on: parse a page as a browser would, report a
field it cannot fill, and see a changed row or a stored override."""

from sharaka.core.tests.fuzz import database
from sharaka.core.tests.fuzz.forms import parse_forms
from sharaka.core.tests.fuzz.values import missing_strategies

PAGE = """<html><body>
<form method="post" action="/finance/rates/" enctype="multipart/form-data">
  <input type="hidden" name="csrfmiddlewaretoken" value="t">
  <input type="number" name="rate" step="0.000001" min="0" required>
  <select name="currency"><option value="MAD" selected>MAD</option><option value="EUR">EUR</option></select>
  <textarea name="source">
Bank Al-Maghrib</textarea>
  <input type="checkbox" name="areas" value="6"><input type="checkbox" name="areas" value="7" checked>
  <input type="file" name="file" accept=".csv">
  <input type="text" name="off" disabled>
  <button type="submit" name="to" value="signed">Sign</button>
</form>
<form method="get" action="/search/"><input type="search" name="q"></form>
<form method="post" action="/nowhere/"><input type="color" name="tint"></form>
</body></html>"""


def test_it_reads_each_field_as_a_browser_would_send_it():
    unknown = []
    rates, search, _ = parse_forms(PAGE, "http://testserver/finance/rates/", "administrator", unknown)

    assert (rates.method, rates.url_name, rates.multipart) == ("post", "finance_rates", True)
    fields = rates.fields
    assert (
        fields["rate"].kind == "number"
        and fields["rate"].required
        and fields["rate"].attrs["step"] == "0.000001"
    )
    assert fields["currency"].options == ["MAD", "EUR"] and fields["currency"].initial == ["MAD"]
    assert fields["source"].initial == ["Bank Al-Maghrib"]
    assert (
        fields["areas"].options == ["6", "7"]
        and fields["areas"].initial == ["7"]
        and fields["areas"].multiple
    )
    assert fields["file"].kind == "file" and fields["file"].attrs["accept"] == ".csv"
    assert fields["to"].options == ["signed"]
    assert "off" not in fields  # a disabled field is never sent
    assert (search.method, search.url_name, list(search.fields)) == ("get", "search", ["q"])


def test_it_reports_a_field_it_has_no_strategy_for():
    unknown = []
    *_, odd = parse_forms(PAGE, "http://testserver/finance/rates/", "administrator", unknown)

    assert unknown == [
        "<unresolved /nowhere/> on http://testserver/finance/rates/: input type 'color' (name 'tint')"
    ]
    assert odd.fields == {} and missing_strategies([odd]) == []


def test_it_sees_a_changed_row_and_a_stored_override():
    before = {"t": {1: (1, "Aourir"), 2: (2, "Agadir")}}
    after = {"t": {1: (1, "Aourir\u202e"), 3: (3, "Tiznit")}}

    changed = database.changes(before, after)

    assert changed == {"t": {"written": [(1, "Aourir\u202e"), (3, "Tiznit")], "deleted": 1}}
    assert database.forbidden_text(changed) == ["t: 'Aourir\\u202e'"]
    assert database.changes(before, before) == {}
