"""A project's results chain and its sustainability plan, as their pages show them."""

from django.db.models import Prefetch
from django.http import Http404
from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import serializers
from rest_framework.response import Response

from sharaka.api import serializers as out
from sharaka.api.views.base import Api
from sharaka.results import access as results_access
from sharaka.results.models import Indicator, Period, Result
from sharaka.sustainability import access as sustainability_access
from sharaka.sustainability import queries as sustainability_queries
from sharaka.sustainability.models import Plan


class PeriodOut(serializers.Serializer):
    start = serializers.DateField()
    end = serializers.DateField()
    target = serializers.DecimalField(max_digits=None, decimal_places=2, allow_null=True)
    actual = serializers.DecimalField(
        max_digits=None, decimal_places=2, allow_null=True, help_text="From approved updates only."
    )
    locked = serializers.SerializerMethodField()

    def get_locked(self, period) -> bool:
        return period.locked_at is not None


class IndicatorOut(serializers.Serializer):
    id = serializers.IntegerField()
    title = out.BestText("title")
    titles = out.AllTexts("title")
    measure = out.choice("measure")
    unit = out.BestText("unit")
    ascending = serializers.BooleanField()
    baseline_value = serializers.DecimalField(max_digits=None, decimal_places=2, allow_null=True)
    baseline_year = serializers.IntegerField(allow_null=True)
    periods = PeriodOut(many=True)


class ResultOut(serializers.Serializer):
    id = serializers.IntegerField()
    type = out.choice("type")
    title = out.BestText("title")
    titles = out.AllTexts("title")
    indicators = IndicatorOut(many=True)


class ProjectResults(Api):
    """The project's results, indicators and periods with their targets and the values approved so
    far (drafts and updates waiting for approval are the commune's own work: not here)."""

    serializer_class = ResultOut

    @extend_schema(responses=ResultOut(many=True))
    def get(self, request, pk: int):
        project = results_access.get_project_for(request.user, pk)
        results = (
            Result.objects.filter(project=project)
            .order_by("position", "id")
            .prefetch_related(
                Prefetch(
                    "indicators",
                    queryset=Indicator.objects.order_by("position", "id").prefetch_related(
                        Prefetch("periods", queryset=Period.objects.order_by("start", "id"))
                    ),
                )
            )
        )
        return Response(ResultOut(results, many=True).data)


class CostOut(serializers.Serializer):
    what = serializers.CharField()
    amount_per_year_mad = serializers.DecimalField(
        max_digits=None, decimal_places=2, source="amount_per_year"
    )
    payer = out.choice("payer_kind")
    payer_detail = serializers.CharField()
    confirmed = serializers.BooleanField()


class PlanOut(serializers.Serializer):
    project = serializers.CharField(source="project.code")
    exit_strategy = serializers.CharField()
    handover_on = serializers.DateField(allow_null=True)
    maintainer = out.choice("maintainer_kind")
    maintainer_name = serializers.CharField()
    no_recurrent_cost = serializers.BooleanField()
    coverage_percent = serializers.SerializerMethodField()
    costs = CostOut(many=True)
    version = serializers.IntegerField()

    @extend_schema_field(serializers.DecimalField(max_digits=None, decimal_places=2))
    def get_coverage_percent(self, plan):
        return str(sustainability_queries.coverage(plan))


class ProjectSustainability(Api):
    """The project's sustainability plan: who keeps the results after the donor's money ends, the
    recurrent costs, who pays them and the share covered. The commune's staff only; 404 while the
    project has no plan."""

    serializer_class = PlanOut

    def get(self, request, pk: int):
        project = sustainability_access.get_project_for(request.user, pk, internal=True)
        plan = (
            Plan.objects.select_related("project").prefetch_related("costs").filter(project=project).first()
        )
        if plan is None:
            raise Http404
        return Response(PlanOut(plan).data)
