from django.shortcuts import get_object_or_404
from django.urls import reverse
from drf_spectacular.utils import extend_schema
from rest_framework.response import Response

from sharaka.api import serializers as out
from sharaka.api.views.base import CURSOR, Api, Pages, form_filter, form_parameters
from sharaka.api.views.forms import form_data, valid
from sharaka.finance import access, queries, services
from sharaka.finance.forms import ReverseForm, TransactionFilterForm, TransactionForm
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
        response["Location"] = reverse("api:project_transactions", kwargs={"pk": project.pk})
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
        project = access.get_project_for(request.user, tx.project_id, write=True)
        data = valid(ReverseForm(form_data(request.data)))
        reversal = services.transaction_reverse(actor=request.user, tx=tx, **data)
        reversal = Transaction.objects.select_related("project", "funder__organisation").get(pk=reversal.pk)
        response = Response(out.TransactionStaffOut(reversal).data, status=201)
        response["Location"] = reverse("api:project_transactions", kwargs={"pk": project.pk})
        return response


class ProjectFinance(Api):
    """The project's co-financing plan, budget lines, tranches and running totals in MAD. The totals
    are the project's for every reader; the lines only the reader's own (a partner viewer's funder)."""

    serializer_class = out.ProjectFinanceOut

    def get(self, request, pk: int):
        user = request.user
        project = access.get_project_for(user, pk)
        f = queries.project_finance(project)
        f.funders = [x for x in f.funders if access.is_own(user, x)]
        f.lines = [line for line in f.lines if access.is_own(user, line.funder_obj)]
        f.tranches = [t for t in f.tranches if access.is_own(user, t.funder)]
        return Response(out.ProjectFinanceOut(f).data)
