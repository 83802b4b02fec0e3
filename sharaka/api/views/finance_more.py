"""The rest of the finance pages through the API: the dated exchange rates, the commune's accounts, a
project's tranches planned from an agreement, and the donor financial reports (issued, then read as
XLSX or PDF), each through the finance pages' forms and services."""

from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.response import Response

from sharaka.api import serializers as out
from sharaka.api.views.base import CURSOR, Api, Pages
from sharaka.api.views.files import FileAnswer
from sharaka.api.views.finance import finance_answer
from sharaka.api.views.forms import form_data, json_object, on_top
from sharaka.core.roles import can
from sharaka.finance import access, reports, services
from sharaka.finance.forms import AccountForm, AgreementTranchesForm, RateForm, ReportForm
from sharaka.finance.models import Account, ExchangeRate, FinancialReport


class RateOut(serializers.Serializer):
    id = serializers.IntegerField()
    currency = serializers.CharField()
    date = serializers.DateField()
    rate = serializers.DecimalField(max_digits=None, decimal_places=6, help_text="Dirhams for one unit.")
    source = serializers.CharField()


class RateIn(serializers.Serializer):
    currency = serializers.CharField()
    date = serializers.DateField()
    rate = serializers.DecimalField(max_digits=None, decimal_places=6)
    source = serializers.CharField(help_text="For example Bank Al-Maghrib.")


class ExchangeRates(Api):
    """The dated exchange rates to MAD, the latest first (whoever reads money); POST enters or
    corrects one, as the rates page (the finance officer and the administrator): transactions already
    recorded keep their rate."""

    serializer_class = RateOut
    pagination_class = Pages
    ordering = ("-id",)

    @extend_schema(parameters=CURSOR, responses=RateOut(many=True))
    def get(self, request):
        access.require_view(request.user)
        page = self.paginate_queryset(ExchangeRate.objects.all())
        return self.get_paginated_response(RateOut(page, many=True).data)

    @extend_schema(request=RateIn, responses={201: RateOut})
    def post(self, request):
        access.require_edit(request.user)
        form = on_top(RateForm, form_data(json_object(request)))
        rate = services.rate_set(actor=request.user, **form.cleaned_data)
        return Response(RateOut(rate).data, status=201)


class AccountOut(serializers.Serializer):
    id = serializers.IntegerField()
    kind = out.choice("kind")
    name = serializers.CharField()
    reference = serializers.CharField()
    opened_on = serializers.DateField()


class AccountIn(serializers.Serializer):
    kind = serializers.CharField()
    name = serializers.CharField()
    reference = serializers.CharField(help_text="Budget line or account number.")
    opened_on = serializers.DateField()


class Accounts(Api):
    """The commune's accounts the money goes through (the commune's staff); POST opens one, as the
    finance page (the finance officer and the administrator)."""

    serializer_class = AccountOut

    @extend_schema(responses=AccountOut(many=True))
    def get(self, request):
        access.require_view(request.user)
        if not can(request.user, "finance.view"):  # as the dashboard: the commune's staff only
            raise Http404
        return Response(AccountOut(Account.objects.order_by("kind", "name", "id"), many=True).data)

    @extend_schema(request=AccountIn, responses={201: AccountOut})
    def post(self, request):
        access.require_edit(request.user)
        form = on_top(AccountForm, form_data(json_object(request)))
        return Response(
            AccountOut(services.account_open(actor=request.user, **form.cleaned_data)).data, status=201
        )


class FromAgreementIn(serializers.Serializer):
    agreement = serializers.IntegerField(help_text="An agreement covering the project that calls tranches.")


class FromAgreementOut(serializers.Serializer):
    created = serializers.ListField(child=serializers.IntegerField(), help_text="The tranches planned.")
    moved = serializers.ListField(child=serializers.IntegerField(), help_text="Those whose date moved.")
    skipped = serializers.ListField(child=serializers.CharField(), help_text="Calls left out, and why.")
    finance = out.ProjectFinanceOut()


class TranchesFromAgreement(Api):
    """Plan the project's tranches from an agreement's tranche calls, as the project's finance page:
    one per call, run again it only moves those whose date changed (the finance officer and the
    administrator). Answers what was planned, moved and left out (why), and the project's finance."""

    serializer_class = FromAgreementOut

    @extend_schema(request=FromAgreementIn, responses={200: FromAgreementOut})
    def post(self, request, pk: int):
        project = access.get_project_for(request.user, pk, write=True)
        form = on_top(
            lambda data: AgreementTranchesForm(data, project=project), form_data(json_object(request))
        )
        done = services.tranches_from_agreement(
            actor=request.user, project=project, agreement=form.cleaned_data["agreement"]
        )
        return Response(
            {
                "created": [t.pk for t in done.created],
                "moved": [t.pk for t in done.moved],
                "skipped": [str(text) for text in done.skipped],
                "finance": finance_answer(request, project).data,
            }
        )


class ReportOut(serializers.Serializer):
    id = serializers.IntegerField()
    funder = serializers.CharField(source="funder.display_name")
    period_start = serializers.DateField()
    period_end = serializers.DateField()
    language = serializers.CharField()
    issued_at = out.UTC()
    xlsx = serializers.SerializerMethodField()
    pdf = serializers.SerializerMethodField()

    def get_xlsx(self, report) -> str:
        return self.context["request"].build_absolute_uri(
            reverse("api:finance_report_xlsx", args=[report.pk])
        )

    def get_pdf(self, report) -> str:
        return self.context["request"].build_absolute_uri(reverse("api:finance_report_pdf", args=[report.pk]))


class ReportIn(serializers.Serializer):
    funder = serializers.IntegerField(help_text="A funder of the project's plan.")
    period_start = serializers.DateField()
    period_end = serializers.DateField()
    language = serializers.CharField(required=False, allow_blank=True, help_text="Empty: the funder's.")
    narrative = serializers.CharField(required=False, allow_blank=True)
    certifier_name = serializers.CharField(required=False, allow_blank=True)
    certifier_function = serializers.CharField(required=False, allow_blank=True)


def _reports(request):
    return access.own_money(request.user, FinancialReport.objects.all()).select_related(
        "funder__organisation"
    )


class ProjectReports(Api):
    """The donor financial reports issued for the project (a partner viewer its own funder's); POST
    issues one, as the page (the finance officer and the administrator): the period's transactions
    are locked from then on."""

    serializer_class = ReportOut

    @extend_schema(responses=ReportOut(many=True))
    def get(self, request, pk: int):
        project = access.get_project_for(request.user, pk)
        reports_ = _reports(request).filter(project=project).order_by("-issued_at", "-id")
        return Response(ReportOut(reports_, many=True, context={"request": request}).data)

    @extend_schema(request=ReportIn, responses={201: ReportOut})
    def post(self, request, pk: int):
        project = access.get_project_for(request.user, pk, write=True)
        form = on_top(lambda data: ReportForm(data, project=project), form_data(json_object(request)))
        report = services.report_issue(actor=request.user, project=project, **form.cleaned_data)
        return Response(
            ReportOut(_reports(request).get(pk=report.pk), context={"request": request}).data, status=201
        )


def _report_for(request, report_pk: int) -> FinancialReport:
    report = get_object_or_404(
        _reports(request).select_related("project"), pk=report_pk
    )  # another funder's: 404
    access.get_project_for(request.user, report.project_id)
    return report


class ReportXlsx(FileAnswer):
    """The report as a spreadsheet, in its language whoever downloads it."""

    @extend_schema(responses={(200, "*/*"): OpenApiTypes.BINARY, 404: out.ErrorOut})
    def get(self, request, report_pk: int):
        report = _report_for(request, report_pk)
        response = HttpResponse(
            reports.to_xlsx(reports.build(report)),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
        response["Content-Disposition"] = f'attachment; filename="{reports.filename(report)}.xlsx"'
        return response


class ReportPdf(FileAnswer):
    """The report as a PDF, in its language whoever downloads it."""

    @extend_schema(responses={(200, "*/*"): OpenApiTypes.BINARY, 404: out.ErrorOut})
    def get(self, request, report_pk: int):
        report = _report_for(request, report_pk)
        response = HttpResponse(
            reports.to_pdf(reports.build(report), request=request._request), content_type="application/pdf"
        )
        response["Content-Disposition"] = f'attachment; filename="{reports.filename(report)}.pdf"'
        return response
