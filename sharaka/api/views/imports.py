"""Files of many rows sent at once, as the pages take them: a results template filled in the field
(values for many periods) and a project's budget lines or transactions from a spreadsheet. Sent
without `apply`, the file is checked and its rows answered (the page's preview); with `apply`, every
row is written in one transaction, or none when one is wrong."""

from django import forms
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.utils import translation
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.response import Response

from sharaka.api import serializers as out
from sharaka.api.errors import Invalid
from sharaka.api.views.base import Api
from sharaka.api.views.files import FILE_PARTS, FileAnswer
from sharaka.api.views.forms import with_files
from sharaka.finance import access as finance_access
from sharaka.finance import imports as finance_imports
from sharaka.finance import services as finance_services
from sharaka.finance.forms import ImportForm, RatesImportForm
from sharaka.results import access as results_access
from sharaka.results import bulk
from sharaka.results.views_bulk import BulkUploadForm


class ImportOut(serializers.Serializer):
    applied = serializers.BooleanField(help_text="false: a preview, nothing written.")
    rows = serializers.IntegerField(help_text="The rows read.")
    written = serializers.IntegerField(help_text="The rows written (applied only).")


def _refused(file_error: str, rows: list[tuple[int | None, str]]):
    """The file's refusal (`file`) and each row's (`rows.<number>`), as the page lists them."""
    errors: dict[str, list[str]] = {}
    if file_error:
        errors["file"] = [file_error]
    for number, message in rows:
        errors.setdefault("file" if number is None else f"rows.{number}", []).append(str(message))
    return Invalid(errors)


class ApplyIn(serializers.Serializer):
    file = serializers.FileField()
    apply = serializers.BooleanField(required=False, help_text="Write the rows; without it, a preview.")


class ResultsBulkIn(ApplyIn):
    submit = serializers.BooleanField(required=False, help_text="Submit the values for approval.")


class ResultsBulk(Api):
    """Report the values of many periods at once from the filled results template (XLSX or CSV), as
    the project's bulk page: each row is checked as the "Report a value" form; drafts, or submitted
    (`submit`). The unit and the project's manager."""

    serializer_class = ImportOut
    parser_classes = FILE_PARTS

    @extend_schema(request={"multipart/form-data": ResultsBulkIn}, responses={200: ImportOut, 201: ImportOut})
    def post(self, request, pk: int):
        project = results_access.get_project_for(request.user, pk)
        if not results_access.may_report(request.user, project):
            raise PermissionDenied
        data = with_files(request, _ResultsBulkForm).cleaned_data
        upload = data["file"]
        upload.seek(0)
        outcome = bulk.check(
            actor=request.user,
            project=project,
            name=upload.name,
            content=upload.read(),
            apply=data["apply"],
            submit=data["submit"],
        )
        if outcome.errors:
            raise _refused("", outcome.errors)
        answer = {"applied": outcome.applied, "rows": len(outcome.to_write), "written": outcome.created}
        return Response(ImportOut(answer).data, status=201 if outcome.applied else 200)


class _ResultsBulkForm(BulkUploadForm):
    apply = forms.BooleanField(required=False)


class ResultsTemplate(FileAnswer):
    """The project's results template to fill, one row per open period, in the language asked:
    `?format=xlsx` (default) or `csv`. Whoever may report on the project."""

    @extend_schema(
        parameters=[
            OpenApiParameter("format", OpenApiTypes.STR, OpenApiParameter.QUERY, enum=["xlsx", "csv"])
        ],
        responses={(200, "*/*"): OpenApiTypes.BINARY, 404: out.ErrorOut},
    )
    def get(self, request, pk: int):
        project = results_access.get_project_for(request.user, pk)
        if not results_access.may_report(request.user, project):
            raise PermissionDenied
        fmt = "csv" if request.query_params.get("format") == "csv" else "xlsx"
        language = (translation.get_language() or "ar").split("-")[0]
        language = language if language in bulk.LANGUAGES else "ar"
        if fmt == "csv":
            response = HttpResponse(bulk.template_csv(project, language), content_type=bulk.CSV_TYPE)
        else:
            response = HttpResponse(bulk.template_xlsx(project, language), content_type=bulk.XLSX_TYPE)
        response["Content-Disposition"] = f'attachment; filename="{bulk.filename(project, fmt)}"'
        return response


class FinanceImportIn(ApplyIn):
    kind = serializers.CharField(help_text="budget (budget lines) or transactions.")


class FinanceImport(Api):
    """A project's budget lines or transactions from a spreadsheet (.xlsx), as the finance import page:
    each row through the same checks as its form (the finance officer and the administrator)."""

    serializer_class = ImportOut
    parser_classes = FILE_PARTS

    @extend_schema(
        request={"multipart/form-data": FinanceImportIn}, responses={200: ImportOut, 201: ImportOut}
    )
    def post(self, request, pk: int):
        project = finance_access.get_project_for(request.user, pk, write=True)
        data = with_files(request, _FinanceImportForm).cleaned_data
        result = finance_imports.run(
            actor=request.user, project=project, kind=data["kind"], upload=data["file"], apply=data["apply"]
        )
        if result.errors:
            raise _refused("", result.errors)
        answer = {
            "applied": result.applied,
            "rows": len(result.rows),
            "written": len(result.rows) if result.applied else 0,
        }
        return Response(ImportOut(answer).data, status=201 if result.applied else 200)


class _FinanceImportForm(ImportForm):
    """The page's form, its `confirm` box called `apply` as every import of the API."""

    apply = forms.BooleanField(required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        del self.fields["confirm"]


class RatesImportIn(serializers.Serializer):
    file = serializers.FileField(help_text="CSV, UTF-8: currency, date (2026-03-31), rate, source.")


class RatesImport(Api):
    """Dated exchange rates from a CSV file, as the rates page: all or none (the finance officer and
    the administrator)."""

    serializer_class = ImportOut
    parser_classes = FILE_PARTS

    @extend_schema(request={"multipart/form-data": RatesImportIn}, responses={201: ImportOut})
    def post(self, request):
        finance_access.require_edit(request.user)
        data = with_files(request, RatesImportForm).cleaned_data
        text = data["file"].read().decode("utf-8-sig")  # checked as UTF-8 text by the form
        try:
            count = finance_services.rates_import_csv(actor=request.user, text=text)
        except ValidationError as error:
            raise Invalid({"file": [str(m) for m in error.messages[:20]]}) from None
        return Response(ImportOut({"applied": True, "rows": count, "written": count}).data, status=201)
