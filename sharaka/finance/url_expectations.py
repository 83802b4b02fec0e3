"""Expected status of every named URL of the finance app, per role (see core/tests/test_url_access.py).

The world's project is shared with the partner viewer's organisation: they read its money. Only the
finance officer and the administrator write money; other readers get 403, prefecture staff 404.
"""

from sharaka.core.testing import expect, page, wrote


def _finance(w):
    """One funder, one transaction with a document, one issued report, a budget line and a tranche on the
    world's project, which the world's agreement covers with a tranche call."""
    if "finance" not in w.extra:
        import datetime
        from decimal import Decimal

        from django.core.files.uploadedfile import SimpleUploadedFile

        from sharaka.finance.models import BudgetLine, FinancialReport, Funder, Tranche, Transaction

        funder = Funder.objects.create(
            project=w.project,
            kind="partner",
            organisation=w.organisation,
            currency="MAD",
            cash=Decimal("1000.00"),
            cash_mad=Decimal("1000.00"),
        )
        report = FinancialReport.objects.create(
            project=w.project,
            funder=funder,
            period_start=datetime.date(2026, 1, 1),
            period_end=datetime.date(2026, 6, 30),
            issued_by=w.personas.finance,
        )
        tx = Transaction.objects.create(
            project=w.project,
            type="1",
            funder=funder,
            provider="UNDP",
            receiver="Commune",
            currency="MAD",
            value_date=datetime.date(2026, 3, 1),
            amount=Decimal("500.00"),
            rate=1,
            rate_date=datetime.date(2026, 3, 1),
            rate_source="MAD",
            amount_mad=Decimal("500.00"),
            document=SimpleUploadedFile("receipt.pdf", b"%PDF-1.4 test"),
            recorded_by=w.personas.finance,
        )
        line = BudgetLine.objects.create(
            project=w.project, category="works", funder=funder, amount_mad=Decimal("800.00")
        )
        tranche = Tranche.objects.create(
            project=w.project,
            funder=funder,
            expected_on=datetime.date(2026, 2, 1),
            currency="MAD",
            amount=Decimal("500.00"),
            owner=w.personas.manager,
        )
        # The world's agreement covers the project and calls a tranche: the project's finance page
        # then offers to plan the tranches from it (a form the fuzzer walks, core/tests/fuzz).
        from sharaka.agreements.models import Obligation
        from sharaka.agreements.url_expectations import world_agreement

        agreement = world_agreement(w)
        agreement.projects.add(w.project)
        Obligation.objects.create(
            agreement=agreement, kind="tranche", title="Première tranche", due_on=datetime.date(2026, 9, 1)
        )
        # The rows above were written without the services: the running totals, the dashboard's
        # totals and the tranche's received amount they keep are computed from them, as
        # `manage.py kept --rebuild` does after a bulk load, so that the services the URL walk and
        # the fuzzer then call (a funder renamed moves its money between totals) start consistent.
        from sharaka.finance import tally, totals

        tally.rebuild()
        totals.rebuild()
        w.extra["finance"] = {"funder": funder, "report": report, "tx": tx, "line": line, "tranche": tranche}
    return w.extra["finance"]


def _project(w):
    return {"pk": w.project.pk}


def _tx(w):
    return {"pk": w.project.pk, "tx_pk": _finance(w)["tx"].pk}


def _funder(w):
    return {"pk": w.project.pk, "funder_pk": _finance(w)["funder"].pk}


def _line(w):
    return {"pk": w.project.pk, "line_pk": _finance(w)["line"].pk}


def _tranche(w):
    return {"pk": w.project.pk, "tranche_pk": _finance(w)["tranche"].pk}


def _report(w):
    return {"report_pk": _finance(w)["report"].pk}


READERS = expect(200, prefecture=404)
WRITERS = expect(403, administrator=200, finance_officer=200, prefecture=404)

URLS = {
    "finance_dashboard": (None, READERS),
    "finance_transactions": (None, READERS),
    "finance_rates": (None, READERS),
    "finance_rates_import": (None, expect(405)),  # POST only
    "finance_account_add": (None, WRITERS),
    "finance_project": (_project, READERS),
    "finance_funder_add": (_project, WRITERS),
    "finance_budget_line_add": (_project, WRITERS),
    "finance_tranche_add": (_project, WRITERS),
    "finance_transaction_add": (_project, WRITERS),
    "finance_transaction_reverse": (_tx, WRITERS),
    "finance_transaction_document": (_tx, expect(200, prefecture=404, partner_viewer=404)),
    "finance_funder_edit": (_funder, WRITERS),
    "finance_funder_remove": (_funder, expect(405)),  # POST only (tests/test_editing.py: per role)
    "finance_budget_line_edit": (_line, WRITERS),
    "finance_budget_line_remove": (_line, expect(405)),
    "finance_tranche_edit": (_tranche, WRITERS),
    "finance_tranche_remove": (_tranche, expect(405)),
    "finance_tranches_from_agreement": (_project, expect(405)),
    "finance_report_new": (_project, WRITERS),
    "finance_import": (_project, WRITERS),
    "finance_report_xlsx": (_report, READERS),
    "finance_report_pdf": (_report, READERS),
}


# What a POST does, per role (core/tests/test_url_access.py): a status alone means nothing was
# written; wrote(...) means it succeeded and the ledger grew. Written out, never read from the code.
POST_WRITERS = expect(403, administrator=wrote(), finance_officer=wrote(), prefecture=404)


def _funder_pk(w):
    return str(_finance(w)["funder"].pk)


POSTS = {
    "finance_funder_add": (
        page(lambda w: {"kind": "commune", "name": "Commune d'Aourir", "currency": "MAD", "cash": "5000"}),
        POST_WRITERS,
    ),
    "finance_budget_line_add": (
        page(lambda w: {"category": "staff", "funder": _funder_pk(w), "amount_mad": "100"}),
        POST_WRITERS,
    ),
    "finance_tranche_add": (
        page(
            lambda w: {
                "funder": _funder_pk(w),
                "expected_on": "2026-09-01",
                "currency": "MAD",
                "amount": "100",
            }
        ),
        POST_WRITERS,
    ),
    # After the reported period (January to June): recorded.
    "finance_transaction_add": (
        page(
            lambda w: {
                "type": "1",
                "funder": _funder_pk(w),
                "provider": "PNUD",
                "receiver": "Commune d'Aourir",
                "value_date": "2026-08-03",
                "currency": "MAD",
                "amount": "100",
            }
        ),
        POST_WRITERS,
    ),
    "finance_transaction_reverse": (
        page(lambda w: {"value_date": "2026-08-03", "reason": "Virement en double"}),
        POST_WRITERS,
    ),
    "finance_report_new": (
        page(lambda w: {"funder": _funder_pk(w), "period_start": "2026-07-01", "period_end": "2026-09-30"}),
        POST_WRITERS,
    ),
    # One budget line for the world's funder, applied at once.
    "finance_import": (
        page(lambda w: {"kind": "budget", "confirm": "on", "file": _budget_xlsx()}),
        POST_WRITERS,
    ),
    "finance_rates": (
        page(
            lambda w: {"currency": "EUR", "date": "2026-08-03", "rate": "10.9", "source": "Bank Al-Maghrib"}
        ),
        POST_WRITERS,
    ),
    "finance_rates_import": (
        lambda w: {"file": _csv("currency,date,rate,source\nUSD,2026-08-03,9.98,Bank Al-Maghrib\n")},
        POST_WRITERS,
    ),
    "finance_account_add": (
        page(
            lambda w: {
                "kind": "earmarked",
                "name": "Compte d'affectation",
                "reference": "CAS-1",
                "opened_on": "2026-01-02",
            }
        ),
        POST_WRITERS,
    ),
    "finance_funder_edit": (page(lambda w: {"cash": "2000"}), POST_WRITERS),
    # The funder has a transaction and an issued report: it stays in the plan (a message says why).
    "finance_funder_remove": (None, expect(403, administrator=302, finance_officer=302, prefecture=404)),
    "finance_budget_line_edit": (page(lambda w: {"amount_mad": "900"}), POST_WRITERS),
    "finance_budget_line_remove": (None, POST_WRITERS),
    "finance_tranche_edit": (page(lambda w: {"amount": "600"}), POST_WRITERS),
    "finance_tranche_remove": (None, POST_WRITERS),
    # No agreement chosen: nothing planned (a message says why).
    "finance_tranches_from_agreement": (
        None,
        expect(403, administrator=302, finance_officer=302, prefecture=404),
    ),
}
GET_ONLY = {
    "finance_dashboard",
    "finance_transactions",
    "finance_project",
    "finance_transaction_document",
    "finance_report_xlsx",
    "finance_report_pdf",
}


def _csv(text):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile("rates.csv", text.encode(), content_type="text/csv")


def _budget_xlsx():
    import io

    from django.core.files.uploadedfile import SimpleUploadedFile
    from openpyxl import Workbook

    book = Workbook()
    book.active.append(["category", "funder", "description", "amount"])
    book.active.append(["training", "UNDP", "Ateliers", "100"])
    out = io.BytesIO()
    book.save(out)
    return SimpleUploadedFile("budget.xlsx", out.getvalue())
