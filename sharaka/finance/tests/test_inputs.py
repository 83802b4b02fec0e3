"""What finance keeps of what people type and send: supporting documents, dates, text."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation

from sharaka.core.tests import samples
from sharaka.finance import imports
from sharaka.finance.models import ExchangeRate, Transaction
from sharaka.finance.tests.test_import import TX_ROWS, _xlsx
from sharaka.finance.tests.test_pages import _post_tx


@pytest.fixture
def officer(client, money):
    money["actor"].language = "en"
    money["actor"].save()
    client.force_login(money["actor"])
    return money["actor"]


@pytest.mark.parametrize("key", sorted(samples.HOSTILE))
def test_a_transaction_refuses_a_hostile_supporting_document_beside_the_field(client, money, officer, key):
    response = _post_tx(client, money, document=samples.hostile(key))

    assert response.status_code == 400
    assert "document" in response.context["form"].errors
    assert not Transaction.objects.exists()


def test_a_transaction_refuses_a_supporting_document_of_50_mb(client, money, officer):
    response = _post_tx(client, money, document=samples.oversized_pdf(50 * 1024 * 1024))

    assert response.status_code == 400
    assert "larger than 20 MB" in response.context["form"].errors["document"][0]


def test_a_transaction_keeps_a_real_pdf_under_a_clean_name(client, money, officer):
    upload = SimpleUploadedFile("../reçu\u202efdp.pdf", samples.PDF, content_type="application/pdf")

    assert _post_tx(client, money, document=upload).status_code == 302
    assert Transaction.objects.get().document.name.split("/")[-1].startswith("reçufdp")


def test_the_service_refuses_a_hostile_document_handed_to_it_directly(money):
    from django.core.exceptions import ValidationError

    from sharaka.finance.tests.conftest import record

    with pytest.raises(ValidationError) as refused:
        record(money, document=samples.hostile("html-named-pdf"))
    assert "document" in refused.value.message_dict


def test_a_provider_typed_with_a_right_to_left_override_is_stored_without_it(client, money, officer):
    assert (
        _post_tx(client, money, provider="UNDP\u202e PNUD\x00", receiver="Commune\u2066 d'Aourir").status_code
        == 302
    )
    tx = Transaction.objects.get()
    assert (tx.provider, tx.receiver) == ("UNDP PNUD", "Commune d'Aourir")


def test_a_value_date_of_year_one_is_refused_in_the_readers_language(client, money, officer):
    response = _post_tx(client, money, value_date="0001-01-01")

    assert response.status_code == 400
    assert response.context["form"].errors["value_date"] == [
        "Enter a date between 1956-01-01 and 2100-12-31."
    ]
    assert not Transaction.objects.exists()


def test_a_rate_dated_year_one_is_refused(client, personas):
    personas.finance.language = "fr"
    personas.finance.save()
    client.force_login(personas.finance)
    response = client.post(
        reverse("finance_rates"), {"currency": "CHF", "date": "0001-01-01", "rate": "11.2", "source": "BAM"}
    )
    assert response.status_code in (200, 400)
    assert response.context["form"].errors["date"] == ["Saisissez une date entre 1956-01-01 et 2100-12-31."]
    assert not ExchangeRate.objects.exists()


def _import_rates(client, personas, content: bytes):
    personas.finance.language = "en"
    personas.finance.save()
    client.force_login(personas.finance)
    csv = SimpleUploadedFile("rates.csv", content, content_type="text/csv")
    return client.post(reverse("finance_rates_import"), {"file": csv}, follow=True)


def test_a_rates_csv_line_of_year_9999_is_refused_and_nothing_imported(client, personas):
    response = _import_rates(
        client, personas, b"currency,date,rate,source\nUSD,2026-02-01,9.98,BAM\nEUR,9999-03-31,10.9,BAM\n"
    )
    shown = [str(m) for m in response.context["messages"]]
    assert "Line 2: Enter a date between 1956-01-01 and 2100-12-31." in shown
    assert not ExchangeRate.objects.exists()


def test_a_rates_csv_source_is_stored_without_bidi_controls_or_nul(client, personas):
    _import_rates(
        client,
        personas,
        "currency,date,rate,source\nUSD,2026-02-01,9.98,Bank\u202e Al-Maghrib\x00\n".encode(),
    )
    assert ExchangeRate.objects.get().source == "Bank Al-Maghrib"


def test_an_excel_import_stores_text_without_bidi_controls(money):
    # (a workbook cannot hold NUL or other control characters: openpyxl refuses to write them)
    rows = [("1", "2026-03-05", "EUR", "1000.00", "UNDP\u202e", "Commune\u2067", "VIR\u200f-10", "UNDP")]
    result = imports.run(
        actor=money["actor"], project=money["project"], kind="transactions", upload=_xlsx(rows), apply=True
    )
    assert result.applied, result.errors
    tx = Transaction.objects.get()
    assert (tx.provider, tx.receiver, tx.reference) == ("UNDP", "Commune", "VIR-10")


def test_an_excel_import_refuses_a_date_of_year_9999(money):
    rows = [TX_ROWS[0], ("1", "9999-03-05", "EUR", "1000.00", "UNDP", "Commune", "VIR-11", "UNDP")]
    with translation.override("en"):
        result = imports.run(
            actor=money["actor"],
            project=money["project"],
            kind="transactions",
            upload=_xlsx(rows),
            apply=True,
        )
    assert not result.applied
    assert result.errors == [(3, "Enter a date between 1956-01-01 and 2100-12-31.")]
    assert not Transaction.objects.exists()


def test_an_excel_import_refuses_html_named_xlsx(money):
    result = imports.run(
        actor=money["actor"],
        project=money["project"],
        kind="transactions",
        upload=SimpleUploadedFile("import.xlsx", b"<html><script>alert(1)</script></html>"),
        apply=True,
    )
    assert not result.applied and result.errors


def test_a_rates_import_says_why_it_refuses_a_file(client, personas):
    response = _import_rates(client, personas, b"MZ\x90\x00 not a csv")
    shown = [str(m) for m in response.context["messages"]]
    assert shown == ["The file's content does not match its name (.csv)."]
    assert not ExchangeRate.objects.exists()
