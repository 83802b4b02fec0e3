from django.shortcuts import get_object_or_404
from django.urls import reverse
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.response import Response

from sharaka.api import serializers as out
from sharaka.api.views.base import (
    CURSOR,
    IF_MATCH,
    Api,
    Pages,
    expected_version,
    form_filter,
    form_parameters,
)
from sharaka.api.views.forms import form_data, json_object, on_top, valid
from sharaka.finance import access, queries, services
from sharaka.finance.forms import (
    BudgetLineEditForm,
    BudgetLineForm,
    FunderEditForm,
    FunderForm,
    ReverseForm,
    TrancheEditForm,
    TrancheForm,
    TransactionFilterForm,
    TransactionForm,
)
from sharaka.finance.models import Transaction

FILTERS = form_parameters(
    {
        "project": (str, "A project: its id, or its code at scales with many projects."),
        "type": (str, "IATI transaction type code."),
        "currency": (str, "ISO 4217 currency code."),
        "year": (int, "Year of the value date."),
        "partner": (str, "A funder: its organisation id, or its acronym at scales with many partners."),
    }
)


def _serializer(user):
    """The commune's staff read the parties, references and procurement; a partner viewer does not."""
    return out.TransactionStaffOut if access.reads_every_funder(user) else out.TransactionOut


class TransactionList(Api):
    """Every transaction whose money the reader reads (finance/access.py), the latest value date
    first, with the transaction list's filters."""

    serializer_class = out.TransactionStaffOut
    pagination_class = Pages
    ordering = ("-value_date", "-id")

    def filter_form(self, request, data):
        return TransactionFilterForm(
            data,
            projects=access.visible_projects(request.user),
            funder_organisation=access.funder_organisation(request.user),
        )

    @extend_schema(parameters=[*FILTERS, *CURSOR], responses=out.TransactionStaffOut(many=True))
    def get(self, request):
        access.require_view(request.user)
        scope = access.project_scope(request.user)
        transactions = access.own_money(request.user, queries.within(Transaction.objects.all(), scope))
        rows = form_filter(self, request, transactions).select_related("project", "funder__organisation")
        page = self.paginate_queryset(rows)
        return self.get_paginated_response(_serializer(request.user)(page, many=True).data)


class TransactionDetail(Api):
    """One transaction, to whoever reads its money (a partner viewer: its own funder's, without the
    parties, references or procurement)."""

    serializer_class = out.TransactionStaffOut

    def get(self, request, pk: int):
        access.require_view(request.user)
        scope = access.project_scope(request.user)
        transactions = access.own_money(request.user, queries.within(Transaction.objects.all(), scope))
        tx = get_object_or_404(transactions.select_related("project", "funder__organisation"), pk=pk)
        return Response(_serializer(request.user)(tx).data)


class TransactionIn(out.serializers.Serializer):
    """The fields of the page's "Record a transaction" form (a supporting document is added on the page)."""

    type = out.serializers.CharField(help_text="IATI transaction type code (1 to 13).")
    funder = out.serializers.IntegerField(
        required=False, allow_null=True, help_text="A funder of the project (its id)."
    )
    tranche = out.serializers.IntegerField(required=False, allow_null=True)
    budget_line = out.serializers.IntegerField(required=False, allow_null=True)
    account = out.serializers.IntegerField(required=False, allow_null=True)
    provider = out.serializers.CharField(required=False, allow_blank=True)
    receiver = out.serializers.CharField(required=False, allow_blank=True)
    value_date = out.serializers.DateField()
    currency = out.serializers.CharField()
    amount = out.serializers.CharField(help_text="A positive amount with at most 2 decimals, as a string.")
    reference = out.serializers.CharField(required=False, allow_blank=True)
    description = out.serializers.CharField(required=False, allow_blank=True)
    procedure = out.serializers.CharField(required=False, allow_blank=True)
    nature = out.serializers.CharField(required=False, allow_blank=True)
    amount_excl_tax_mad = out.serializers.CharField(required=False, allow_blank=True)
    international = out.serializers.BooleanField(required=False)
    procurement_reference = out.serializers.CharField(required=False, allow_blank=True)
    donor_rules = out.serializers.BooleanField(required=False)


class ProjectTransactions(Api):
    """A project's transactions the reader reads; POST records one as the page's form does (the rate
    of its value date, the tranche it settles, the reporting lock, the ledger entry)."""

    serializer_class = out.TransactionStaffOut
    pagination_class = Pages
    ordering = ("-value_date", "-id")

    @extend_schema(parameters=CURSOR, responses=out.TransactionStaffOut(many=True))
    def get(self, request, pk: int):
        project = access.get_project_for(request.user, pk)
        rows = access.own_money(request.user, project.finance_transactions.all()).select_related(
            "project", "funder__organisation"
        )
        page = self.paginate_queryset(rows)
        return self.get_paginated_response(_serializer(request.user)(page, many=True).data)

    @extend_schema(
        request=TransactionIn,
        responses={201: out.TransactionStaffOut, 400: out.ErrorOut, 403: out.ErrorOut, 404: out.ErrorOut},
    )
    def post(self, request, pk: int):
        project = access.get_project_for(request.user, pk, write=True)
        form = TransactionForm(form_data(request.data), project=project)
        valid(form)
        tx = services.transaction_record(actor=request.user, project=project, data=form.service_data())
        tx = Transaction.objects.select_related("project", "funder__organisation").get(pk=tx.pk)
        response = Response(out.TransactionStaffOut(tx).data, status=201)
        response["Location"] = reverse("api:transaction", kwargs={"pk": tx.pk})
        return response


class ReversalIn(out.serializers.Serializer):
    value_date = out.serializers.DateField(help_text="The date of the reversal.")
    reason = out.serializers.CharField()


class TransactionReversal(Api):
    """Correct a transaction by its exact opposite at the original's rate, with a reason, as the page's
    "Reverse" does: a transaction is never edited. The finance officer and the administrator."""

    serializer_class = out.TransactionStaffOut

    @extend_schema(request=ReversalIn, responses={201: out.TransactionStaffOut})
    def post(self, request, pk: int):
        tx = get_object_or_404(
            access.own_money(
                request.user, queries.within(Transaction.objects.all(), access.project_scope(request.user))
            ),
            pk=pk,
        )
        access.get_project_for(request.user, tx.project_id, write=True)
        data = valid(ReverseForm(form_data(request.data)))
        reversal = services.transaction_reverse(actor=request.user, tx=tx, **data)
        reversal = Transaction.objects.select_related("project", "funder__organisation").get(pk=reversal.pk)
        response = Response(out.TransactionStaffOut(reversal).data, status=201)
        response["Location"] = reverse("api:transaction", kwargs={"pk": reversal.pk})
        return response


class ProjectFinance(Api):
    """The project's co-financing plan, budget lines, tranches and running totals in MAD. The totals
    are the project's for every reader; the lines only the reader's own (a partner viewer's funder)."""

    serializer_class = out.ProjectFinanceOut

    def get(self, request, pk: int):
        return finance_answer(request, access.get_project_for(request.user, pk))


def finance_answer(request, project, status=200) -> Response:
    user = request.user
    f = queries.project_finance(project)
    f.funders = [x for x in f.funders if access.is_own(user, x)]
    f.lines = [line for line in f.lines if access.is_own(user, line.funder_obj)]
    f.tranches = [t for t in f.tranches if access.is_own(user, t.funder)]
    return Response(out.ProjectFinanceOut(f).data, status=status)


# --- the plan: funders, budget lines, tranches ----------------------------------------------------------
# Each added by the page's form and service (the finance officer and the administrator), answered with the
# project's finance as it now stands; each changed by PATCH (only the fields named, If-Match: the row's
# `version` as the finance answer gives it, in an ETag "finance.<kind>-<id>-v<version>").


def _plan_add(request, pk, form, save):
    """`form(project, data)` the page's form; `save(actor, project, cleaned_data)` its service."""
    project = access.get_project_for(request.user, pk, write=True)
    data = dict(on_top(lambda data: form(project, data), form_data(json_object(request))).cleaned_data)
    save(request.user, project, data)
    return finance_answer(request, project, status=201)


def _plan_change(request, project, row, form_class, names, save, form_kwargs=None):
    """`names` the fields the page's edit form opens with; `save(cleaned_data, version)` its service."""
    form_kwargs = form_kwargs or {}
    version = expected_version(request, row)
    initial = {name: getattr(row, name) for name in names}
    form = on_top(
        lambda data: form_class(data, initial=initial, **form_kwargs),
        form_data(json_object(request)),
        refused=("version",),
        extra={"version": str(version)},
    )
    data = dict(form.cleaned_data)
    data.pop("version")
    save(data, version)
    return finance_answer(request, project)


class FunderIn(serializers.Serializer):
    kind = serializers.CharField(required=False, help_text="partner, commune, state, beneficiaries or other.")
    organisation = serializers.IntegerField(required=False, allow_null=True, help_text="A partner's id.")
    name = serializers.CharField(required=False, allow_blank=True)
    currency = serializers.CharField(required=False)
    cash = serializers.DecimalField(max_digits=None, decimal_places=2, required=False)
    in_kind = serializers.DecimalField(max_digits=None, decimal_places=2, required=False)
    rate_on = serializers.DateField(
        required=False, help_text="The day of the rate a foreign pledge is valued at."
    )


class BudgetLineIn(serializers.Serializer):
    category = serializers.CharField(required=False)
    funder = serializers.IntegerField(required=False, help_text="A funder of the project's plan (its id).")
    amount_mad = serializers.DecimalField(max_digits=None, decimal_places=2, required=False)
    description = serializers.CharField(required=False, allow_blank=True)


class TrancheIn(serializers.Serializer):
    funder = serializers.IntegerField(required=False, help_text="A funder of the project's plan (its id).")
    expected_on = serializers.DateField(required=False)
    currency = serializers.CharField(required=False)
    amount = serializers.DecimalField(max_digits=None, decimal_places=2, required=False)
    note = serializers.CharField(required=False, allow_blank=True)
    owner = serializers.IntegerField(required=False, allow_null=True, help_text="A staff member's id.")


class ProjectFunders(Api):
    """Add a funder to the project's co-financing plan, as the page's form (foreign pledges valued at
    the rate of `rate_on`)."""

    serializer_class = out.ProjectFinanceOut

    @extend_schema(request=FunderIn, responses={201: out.ProjectFinanceOut})
    def post(self, request, pk: int):
        return _plan_add(
            request,
            pk,
            lambda project, data: FunderForm(data),
            lambda actor, project, data: services.funder_set(actor=actor, project=project, data=data),
        )


class ProjectFunder(Api):
    """Change a funder of the plan as the page's form: only the fields named, If-Match."""

    serializer_class = out.ProjectFinanceOut

    @extend_schema(request=FunderIn, parameters=[IF_MATCH], responses={200: out.ProjectFinanceOut})
    def patch(self, request, pk: int, funder_pk: int):
        project = access.get_project_for(request.user, pk, write=True)
        funder = get_object_or_404(project.finance_funders, pk=funder_pk)
        funder.rate_on = funder.rate_date
        return _plan_change(
            request,
            project,
            funder,
            FunderEditForm,
            ["kind", "organisation", "name", "currency", "cash", "in_kind", "rate_on"],
            lambda data, version: services.funder_set(
                actor=request.user, project=project, data=data, funder=funder, expected_version=version
            ),
        )

    @extend_schema(request=None, responses={204: None})
    def delete(self, request, pk: int, funder_pk: int):
        """Remove a funder that carries nothing yet (no money, report, line or tranche), as the page."""
        project = access.get_project_for(request.user, pk, write=True)
        services.funder_remove(
            actor=request.user, funder=get_object_or_404(project.finance_funders, pk=funder_pk)
        )
        return Response(status=204)


class ProjectBudgetLines(Api):
    """Set a budget line (a category and a funder: one line each), as the page's form."""

    serializer_class = out.ProjectFinanceOut

    @extend_schema(request=BudgetLineIn, responses={201: out.ProjectFinanceOut})
    def post(self, request, pk: int):
        return _plan_add(
            request,
            pk,
            lambda project, data: BudgetLineForm(data, project=project),
            lambda actor, project, data: services.budget_line_set(actor=actor, project=project, **data),
        )


class ProjectBudgetLine(Api):
    """Change a budget line as the page's form: only the fields named, If-Match."""

    serializer_class = out.ProjectFinanceOut

    @extend_schema(request=BudgetLineIn, parameters=[IF_MATCH], responses={200: out.ProjectFinanceOut})
    def patch(self, request, pk: int, line_pk: int):
        project = access.get_project_for(request.user, pk, write=True)
        line = get_object_or_404(project.budget_lines, pk=line_pk)
        return _plan_change(
            request,
            project,
            line,
            BudgetLineEditForm,
            ["category", "funder", "description", "amount_mad"],
            lambda data, version: services.budget_line_set(
                actor=request.user, project=project, line=line, expected_version=version, **data
            ),
            form_kwargs={"project": project},
        )

    @extend_schema(request=None, responses={204: None})
    def delete(self, request, pk: int, line_pk: int):
        """Remove a budget line no transaction uses, as the page."""
        project = access.get_project_for(request.user, pk, write=True)
        services.budget_line_remove(
            actor=request.user, line=get_object_or_404(project.budget_lines, pk=line_pk)
        )
        return Response(status=204)


class ProjectTranches(Api):
    """Plan a tranche the funder is expected to pay, as the page's form."""

    serializer_class = out.ProjectFinanceOut

    @extend_schema(request=TrancheIn, responses={201: out.ProjectFinanceOut})
    def post(self, request, pk: int):
        return _plan_add(
            request,
            pk,
            lambda project, data: TrancheForm(data, project=project),
            lambda actor, project, data: services.tranche_plan(actor=actor, project=project, **data),
        )


class ProjectTranche(Api):
    """Change a planned tranche as the page's form (a tranche from an agreement keeps its date; once
    money was received, only its note and owner change): only the fields named, If-Match."""

    serializer_class = out.ProjectFinanceOut

    @extend_schema(request=TrancheIn, parameters=[IF_MATCH], responses={200: out.ProjectFinanceOut})
    def patch(self, request, pk: int, tranche_pk: int):
        project = access.get_project_for(request.user, pk, write=True)
        tranche = get_object_or_404(project.finance_tranches.select_related("project"), pk=tranche_pk)
        return _plan_change(
            request,
            project,
            tranche,
            TrancheEditForm,
            ["funder", "expected_on", "currency", "amount", "note", "owner"],
            lambda data, version: services.tranche_set(
                actor=request.user, tranche=tranche, expected_version=version, **data
            ),
            form_kwargs={"tranche": tranche},
        )

    @extend_schema(request=None, responses={204: None})
    def delete(self, request, pk: int, tranche_pk: int):
        """Remove a planned tranche nobody paid against (one from an agreement: once its obligation
        is cancelled there), as the page."""
        project = access.get_project_for(request.user, pk, write=True)
        services.tranche_remove(
            actor=request.user, tranche=get_object_or_404(project.finance_tranches, pk=tranche_pk)
        )
        return Response(status=204)
