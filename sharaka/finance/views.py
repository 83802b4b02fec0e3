"""The finance pages. Every project view goes through `access.get_project_for`; rules live in services."""

import os

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import prefetch_related_objects
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods

from sharaka.core import exports
from sharaka.core.forms import apply_errors
from sharaka.core.pagination import CappedPaginator
from sharaka.core.roles import Role, can
from sharaka.finance import access, imports, queries, reports, services
from sharaka.finance.forms import (
    AccountForm,
    AgreementTranchesForm,
    BudgetLineEditForm,
    BudgetLineForm,
    FunderEditForm,
    FunderForm,
    ImportForm,
    RateForm,
    RatesImportForm,
    ReportForm,
    ReverseForm,
    TrancheEditForm,
    TrancheForm,
    TransactionFilterForm,
    TransactionForm,
)
from sharaka.finance.models import ExchangeRate, FinancialReport, Transaction, TxType

PAGE_SIZE = 50


def _project_url(project):
    return reverse("finance_project", kwargs={"pk": project.pk})


# The dashboard's lists are paged: at a region's scale there are thousands of late tranches and
# accounts, and the page must weigh the same as at a commune's.
DASHBOARD_LIST_SIZE = 20
# The late tranches are counted up to this many (then "more than 1000", the oldest first): counting
# the tens of thousands of a national scale read 10,000 index rows per request.
LATE_CAP = 1_000


def finance_dashboard(request):
    access.require_view(request.user)
    projects = access.project_scope(request.user)
    late = CappedPaginator(
        access.own_money(request.user, queries.late_tranches(projects)), DASHBOARD_LIST_SIZE, cap=LATE_CAP
    ).get_page(request.GET.get("late_page"))
    for tranche in late:
        tranche.due = tranche.amount - tranche.received_amount  # a partly received tranche stays late
        if request.user.role == Role.PROJECT_MANAGER:
            tranche.mine = tranche.project.manager_id == request.user.pk
    accounts = None
    if can(request.user, "finance.view"):
        accounts = Paginator(queries.accounts_ordered(), DASHBOARD_LIST_SIZE).get_page(
            request.GET.get("accounts_page")
        )
        queries.add_balances(accounts.object_list)
    context = {
        **queries.dashboard(projects, funder_organisation=access.funder_organisation(request.user)),
        "late": late,
        "late_after": queries.LATE_AFTER_DAYS,
        "accounts": accounts,
        "dormant_count": queries.dormant_accounts().count() if accounts is not None else 0,
        "may_edit": access.may_edit(request.user),
    }
    return render(request, "finance/dashboard.html", context)


def finance_project(request, pk):
    user = request.user
    project = access.get_project_for(user, pk)
    f = queries.project_finance(project)
    # The totals stay the project's; the lines are the reader's own (access.own_money).
    f.funders = [x for x in f.funders if access.is_own(user, x)]
    f.lines = [line for line in f.lines if access.is_own(user, line.funder_obj)]
    f.tranches = [t for t in f.tranches if access.is_own(user, t.funder)]
    f.reports = [r for r in f.reports if access.is_own(user, r.funder)]
    prefetch_related_objects(f.tranches, "owner", "obligation__agreement")
    may_edit = access.may_edit(user)
    recent = access.own_money(user, project.finance_transactions.all())
    context = {
        "f": f,
        "project": project,
        "may_edit": may_edit,
        # owners' names, references and supporting documents are for the commune's staff
        "staff": access.reads_every_funder(user),
        "agreement_form": AgreementTranchesForm(project=project) if may_edit else None,
        "recent": recent.select_related("funder__organisation", "reversal")[:10],
    }
    return render(request, "finance/project.html", context)


def _form_page(request, project, form, title, *, on_valid, template="finance/form.html", multipart=False):
    if request.method == "POST" and form.is_valid():
        try:
            on_valid(form.cleaned_data)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("Saved."))
            return redirect(_project_url(project))
    context = {"form": form, "project": project, "title": title, "multipart": multipart}
    return render(
        request, template, context, status=200 if request.method == "GET" or not form.errors else 400
    )


@require_http_methods(["GET", "POST"])
def finance_funder_add(request, pk):
    project = access.get_project_for(request.user, pk, write=True)
    form = FunderForm(request.POST or None)
    return _form_page(
        request,
        project,
        form,
        _("Add a funder to the co-financing plan"),
        on_valid=lambda d: services.funder_set(actor=request.user, project=project, data=d),
    )


@require_http_methods(["GET", "POST"])
def finance_budget_line_add(request, pk):
    project = access.get_project_for(request.user, pk, write=True)
    form = BudgetLineForm(request.POST or None, project=project)
    return _form_page(
        request,
        project,
        form,
        _("Set a budget line"),
        on_valid=lambda d: services.budget_line_set(actor=request.user, project=project, **d),
    )


@require_http_methods(["GET", "POST"])
def finance_tranche_add(request, pk):
    project = access.get_project_for(request.user, pk, write=True)
    form = TrancheForm(request.POST or None, project=project)
    return _form_page(
        request,
        project,
        form,
        _("Plan a tranche"),
        on_valid=lambda d: services.tranche_plan(actor=request.user, project=project, **d),
    )


def _transaction_initial(request, project) -> dict:
    """`?tranche=` (the project page's "Record its receipt") or `?funder=`: a receipt from that funder,
    with the amount still due, the currency, the provider and the receiver already filled in."""
    from sharaka.finance.forms import open_tranches

    initial: dict = {}
    tranche_pk, funder_pk = request.GET.get("tranche", ""), request.GET.get("funder", "")
    if tranche_pk.isdigit():
        tranche = open_tranches(project).filter(pk=int(tranche_pk)).first()
        if tranche is not None:
            initial = {
                "tranche": tranche,
                "funder": tranche.funder,
                "currency": tranche.currency,
                "amount": tranche.amount - tranche.received_amount,
            }
    elif funder_pk.isdigit():
        funder = project.finance_funders.select_related("organisation").filter(pk=int(funder_pk)).first()
        if funder is not None:
            initial = {"funder": funder, "currency": funder.currency}
    if initial:
        initial["type"] = TxType.INCOMING_FUNDS
        initial = services.fill_parties(initial)
    return initial


@require_http_methods(["GET", "POST"])
def finance_transaction_add(request, pk):
    project = access.get_project_for(request.user, pk, write=True)
    initial = _transaction_initial(request, project) if request.method == "GET" else {}
    form = TransactionForm(request.POST or None, request.FILES or None, project=project, initial=initial)

    def record(data):
        services.transaction_record(actor=request.user, project=project, data=form.service_data())

    return _form_page(request, project, form, _("Record a transaction"), on_valid=record, multipart=True)


@require_http_methods(["GET", "POST"])
def finance_transaction_reverse(request, pk, tx_pk):
    project = access.get_project_for(request.user, pk, write=True)
    tx = get_object_or_404(project.finance_transactions, pk=tx_pk)
    form = ReverseForm(request.POST or None, initial={"value_date": timezone.localdate()})
    return _form_page(
        request,
        project,
        form,
        _("Reverse a transaction"),
        on_valid=lambda d: services.transaction_reverse(actor=request.user, tx=tx, **d),
    )


def finance_transaction_document(request, pk, tx_pk):
    """Supporting documents (invoices, suppliers' papers) are the commune's: staff only."""
    project = access.get_project_for(request.user, pk)
    if not access.reads_every_funder(request.user):
        raise Http404
    tx = get_object_or_404(project.finance_transactions, pk=tx_pk)
    if not tx.document:
        raise Http404
    return FileResponse(
        tx.document.open("rb"), as_attachment=True, filename=os.path.basename(tx.document.name)
    )


@require_http_methods(["GET", "POST"])
def finance_report_new(request, pk):
    project = access.get_project_for(request.user, pk, write=True)
    initial = {}
    funder_pk = request.GET.get("funder", "")
    if request.method == "GET" and funder_pk.isdigit():  # opened for one funder: its language is the default
        funder = project.finance_funders.select_related("organisation").filter(pk=int(funder_pk)).first()
        if funder is not None:
            initial = {"funder": funder, "language": services.default_report_language(funder)}
    form = ReportForm(request.POST or None, project=project, initial=initial)
    return _form_page(
        request,
        project,
        form,
        _("Issue a donor financial report"),
        on_valid=lambda d: services.report_issue(actor=request.user, project=project, **d),
    )


def _report_for(request, report_pk) -> FinancialReport:
    reports = access.own_money(request.user, FinancialReport.objects.all())  # another funder's: 404
    report = get_object_or_404(reports.select_related("project", "funder__organisation"), pk=report_pk)
    access.get_project_for(request.user, report.project_id)
    return report


def finance_report_xlsx(request, report_pk):
    report = _report_for(request, report_pk)
    data = reports.build(report)
    response = HttpResponse(
        reports.to_xlsx(data),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = f'attachment; filename="{reports.filename(report)}.xlsx"'
    return response


def finance_report_pdf(request, report_pk):
    report = _report_for(request, report_pk)
    response = HttpResponse(
        reports.to_pdf(reports.build(report), request=request), content_type="application/pdf"
    )
    response["Content-Disposition"] = f'attachment; filename="{reports.filename(report)}.pdf"'
    return response


@require_http_methods(["GET", "POST"])
def finance_import(request, pk):
    project = access.get_project_for(request.user, pk, write=True)
    form = ImportForm(request.POST or None, request.FILES or None)
    result = None
    if request.method == "POST" and form.is_valid():
        result = imports.run(
            actor=request.user,
            project=project,
            kind=form.cleaned_data["kind"],
            upload=form.cleaned_data["file"],
            apply=form.cleaned_data["confirm"],
        )
        if result.applied:
            messages.success(request, _("%(count)s rows imported.") % {"count": len(result.rows)})
            return redirect(_project_url(project))
    return render(request, "finance/import.html", {"form": form, "project": project, "result": result})


def finance_transactions(request):
    access.require_view(request.user)
    projects = access.visible_projects(request.user)
    filters = TransactionFilterForm(
        request.GET or None, projects=projects, funder_organisation=access.funder_organisation(request.user)
    )
    scope = access.project_scope(request.user)
    transactions = access.own_money(request.user, queries.within(Transaction.objects.all(), scope))
    qs = filters.filter(transactions).select_related("project", "funder__organisation", "reversal")
    staff = access.reads_every_funder(request.user)
    if exports.requested(request):
        rows = qs.order_by("-value_date", "-id")
        return exports.respond(request, rows, _transaction_columns(staff), name="transactions")
    page = CappedPaginator(qs.order_by("-value_date", "-id"), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "finance/transactions.html",
        {
            "page": page,
            "filters": filters,
            "may_edit": access.may_edit(request.user),
            "staff": staff,
        },
    )


def _transaction_columns(staff: bool) -> list:
    """The columns of the transactions page, in its order; the reference only for the commune's staff."""
    columns = [
        exports.Column(_l("Value date"), lambda tx: tx.value_date),
        exports.Column(_l("Project"), lambda tx: tx.project.code),
        exports.Column(_l("Type"), lambda tx: tx.type_label),
        exports.Column(_l("Funder"), lambda tx: str(tx.funder) if tx.funder else ""),
    ]
    if staff:
        columns.append(exports.Column(_l("Reference"), lambda tx: tx.reference))
    return [
        *columns,
        exports.Column(_l("Amount"), lambda tx: tx.amount),
        exports.Column(_l("Currency"), lambda tx: tx.currency),
        exports.Column(_l("In MAD"), lambda tx: tx.amount_mad),
    ]


@require_http_methods(["GET", "POST"])
def finance_rates(request):
    access.require_view(request.user)
    if request.method == "POST":
        access.require_edit(request.user)
    form = RateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.rate_set(actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("The rate was saved. Transactions already recorded keep their rate."))
            return redirect("finance_rates")
    rates = Paginator(ExchangeRate.objects.order_by("currency", "-date"), 100).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "finance/rates.html",
        {
            "form": form,
            "page": rates,
            "import_form": RatesImportForm(),
            "may_edit": access.may_edit(request.user),
        },
    )


@require_http_methods(["POST"])
def finance_rates_import(request):
    access.require_edit(request.user)
    form = RatesImportForm(request.POST, request.FILES)
    if form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            text = upload.read().decode("utf-8-sig")  # checked as UTF-8 text by the form
            count = services.rates_import_csv(actor=request.user, text=text)
        except ValidationError as error:
            for message in error.messages[:20]:
                messages.error(request, message)
            messages.error(request, _("Nothing was imported."))
        else:
            messages.success(request, _("%(count)s rates imported.") % {"count": count})
    elif "file" not in request.FILES:
        messages.error(request, _("Choose a CSV file."))
    else:  # why the upload check refused the file
        for message in form.errors["file"]:
            messages.error(request, message)
    return redirect("finance_rates")


@require_http_methods(["GET", "POST"])
def finance_account_add(request):
    access.require_edit(request.user)
    form = AccountForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.account_open(actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("Saved."))
            return redirect("finance_dashboard")
    return render(request, "finance/account_form.html", {"form": form}, status=400 if form.errors else 200)


# --- editing the plan, the budget and the tranches from the project page ----------------------------


def _initial(obj, names) -> dict:
    return {name: getattr(obj, name) for name in names}


def _removed(request, project, remove):
    """Run a removal service; its refusal (money was used) comes back as a message on the project page."""
    try:
        remove()
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("Removed."))
    return redirect(_project_url(project))


@require_http_methods(["GET", "POST"])
def finance_funder_edit(request, pk, funder_pk):
    project = access.get_project_for(request.user, pk, write=True)
    funder = get_object_or_404(project.finance_funders, pk=funder_pk)
    initial = _initial(funder, ["kind", "organisation", "name", "currency", "cash", "in_kind", "version"])
    initial["rate_on"] = funder.rate_date
    form = FunderEditForm(request.POST or None, initial=initial)

    def save(data):
        version = data.pop("version")
        services.funder_set(
            actor=request.user, project=project, data=data, funder=funder, expected_version=version
        )

    return _form_page(request, project, form, _("Change a funder"), on_valid=save)


@require_http_methods(["POST"])
def finance_funder_remove(request, pk, funder_pk):
    project = access.get_project_for(request.user, pk, write=True)
    funder = get_object_or_404(project.finance_funders, pk=funder_pk)
    return _removed(request, project, lambda: services.funder_remove(actor=request.user, funder=funder))


@require_http_methods(["GET", "POST"])
def finance_budget_line_edit(request, pk, line_pk):
    project = access.get_project_for(request.user, pk, write=True)
    line = get_object_or_404(project.budget_lines, pk=line_pk)
    initial = _initial(line, ["category", "funder", "description", "amount_mad", "version"])
    form = BudgetLineEditForm(request.POST or None, project=project, initial=initial)

    def save(data):
        version = data.pop("version")
        services.budget_line_set(
            actor=request.user, project=project, line=line, expected_version=version, **data
        )

    return _form_page(request, project, form, _("Change a budget line"), on_valid=save)


@require_http_methods(["POST"])
def finance_budget_line_remove(request, pk, line_pk):
    project = access.get_project_for(request.user, pk, write=True)
    line = get_object_or_404(project.budget_lines, pk=line_pk)
    return _removed(request, project, lambda: services.budget_line_remove(actor=request.user, line=line))


@require_http_methods(["GET", "POST"])
def finance_tranche_edit(request, pk, tranche_pk):
    project = access.get_project_for(request.user, pk, write=True)
    tranche = get_object_or_404(project.finance_tranches.select_related("project"), pk=tranche_pk)
    initial = _initial(tranche, ["funder", "expected_on", "currency", "amount", "note", "owner", "version"])
    form = TrancheEditForm(request.POST or None, tranche=tranche, initial=initial)

    def save(data):
        version = data.pop("version")
        services.tranche_set(actor=request.user, tranche=tranche, expected_version=version, **data)

    return _form_page(request, project, form, _("Change a tranche"), on_valid=save)


@require_http_methods(["POST"])
def finance_tranche_remove(request, pk, tranche_pk):
    project = access.get_project_for(request.user, pk, write=True)
    tranche = get_object_or_404(project.finance_tranches, pk=tranche_pk)
    return _removed(request, project, lambda: services.tranche_remove(actor=request.user, tranche=tranche))


@require_http_methods(["POST"])
def finance_tranches_from_agreement(request, pk):
    """The button on the project page: plan the tranches from an agreement's tranche calls."""
    project = access.get_project_for(request.user, pk, write=True)
    form = AgreementTranchesForm(request.POST, project=project)
    if not form.is_valid():
        messages.error(request, _("Choose an agreement that covers this project and calls tranches."))
        return redirect(_project_url(project))
    try:
        done = services.tranches_from_agreement(
            actor=request.user, project=project, agreement=form.cleaned_data["agreement"]
        )
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
        return redirect(_project_url(project))
    if done.created:
        count = len(done.created)
        messages.success(
            request,
            ngettext(
                "%(count)s tranche planned from the agreement.",
                "%(count)s tranches planned from the agreement.",
                count,
            )
            % {"count": count},
        )
    if done.moved:
        count = len(done.moved)
        messages.info(
            request,
            ngettext(
                "%(count)s tranche moved to the agreement's new due date.",
                "%(count)s tranches moved to the agreement's new due date.",
                count,
            )
            % {"count": count},
        )
    for message in done.skipped:
        messages.warning(request, message)
    if not (done.created or done.moved or done.skipped):
        messages.info(
            request, _("Nothing new: every tranche call of this agreement already has its tranche.")
        )
    return redirect(_project_url(project))
