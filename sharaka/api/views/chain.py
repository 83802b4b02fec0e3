"""The results chain written through the API (results, indicators, periods and their targets): each
row added or changed by the page's own form and service, a change only of the fields named, on top of
the row as it stands, with If-Match."""

from rest_framework import serializers
from rest_framework.response import Response

from sharaka.api.views.base import etag, expected_version
from sharaka.api.views.forms import form_data, json_object, on_top


def create(request, form_class, save, **where):
    """A new row: the form's fields from the body (no others) on the page's defaults, then the service."""
    form = on_top(form_class, form_data(json_object(request)), refused=("version",))
    return save(actor=request.user, data=form.data_for_service(), **where)


def change(request, obj, form_class, save, **where):
    """A row changed: the fields named on top of what the page's form holds, at the version read."""
    version = expected_version(request, obj)
    row = type(obj).objects.get(pk=obj.pk)  # the form's own copy: `obj` stays as read
    form = on_top(
        lambda data: form_class(data, instance=row),
        form_data(json_object(request)),
        refused=("version",),
        extra={"version": str(version)},
    )
    return save(actor=request.user, data=form.data_for_service(), expected_version=version, **where)


def answer(serializer, obj, rows, status=200) -> Response:
    """The row as it now stands, read again from `rows` (which prefetches what the serializer nests)."""
    obj = rows.get(pk=obj.pk)
    response = Response(serializer(obj).data, status=status)
    response["ETag"] = etag(obj)
    return response


class _Texts(serializers.Serializer):
    title_ar = serializers.CharField(required=False, allow_blank=True)
    title_fr = serializers.CharField(required=False, allow_blank=True)
    title_en = serializers.CharField(required=False, allow_blank=True)
    description_ar = serializers.CharField(required=False, allow_blank=True)
    description_fr = serializers.CharField(required=False, allow_blank=True)
    description_en = serializers.CharField(required=False, allow_blank=True)
    position = serializers.IntegerField(required=False, help_text="0 to 999: smaller numbers come first.")


class ResultIn(_Texts):
    """The fields of the page's result form (a title in one language at least)."""

    type = serializers.CharField(
        required=False, help_text="The IATI result type: 1 output, 2 outcome, 3 impact."
    )


class IndicatorIn(_Texts):
    """The fields of the page's indicator form (a title in one language at least)."""

    measure = serializers.CharField(
        required=False, help_text="The IATI measure: 1 unit, 2 percentage, 5 qualitative…"
    )
    unit_ar = serializers.CharField(required=False, allow_blank=True)
    unit_fr = serializers.CharField(required=False, allow_blank=True)
    unit_en = serializers.CharField(required=False, allow_blank=True)
    ascending = serializers.BooleanField(required=False)
    baseline_value = serializers.DecimalField(
        max_digits=None, decimal_places=2, required=False, allow_null=True
    )
    baseline_year = serializers.IntegerField(required=False, allow_null=True)
    baseline_comment = serializers.CharField(required=False, allow_blank=True)


class PeriodIn(serializers.Serializer):
    """The fields of the page's period form."""

    start = serializers.DateField(required=False)
    end = serializers.DateField(required=False)
    target = serializers.DecimalField(max_digits=None, decimal_places=2, required=False, allow_null=True)
    target_comment = serializers.CharField(required=False, allow_blank=True)
