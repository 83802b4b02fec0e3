"""Reporting schedules (a project's or an agreement obligation's reports to a funder: how often, by
when, who makes them) and their due reports, as the schedule pages keep them. The commune's staff
read them; partners never see them."""

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.response import Response

from sharaka.api import serializers as out
from sharaka.api.errors import Invalid
from sharaka.api.views.base import IF_MATCH, Api, etag, expected_version
from sharaka.api.views.forms import changes_to, form_data, json_object, on_top, valid
from sharaka.results import access, schedules
from sharaka.results.forms_schedules import ReopenForm, ScheduleForm
from sharaka.results.models import DueReport, ReportingSchedule

# The schedule pages' own access helpers: who reads and who manages a project's, an obligation's, one.


class DueOut(serializers.Serializer):
    id = serializers.IntegerField()
    period_start = serializers.DateField()
    period_end = serializers.DateField()
    due_on = serializers.DateField()
    done_at = out.UTC(allow_null=True)


class ScheduleOut(serializers.Serializer):
    id = serializers.IntegerField()
    project = serializers.IntegerField(source="project_id", allow_null=True)
    obligation = serializers.IntegerField(source="obligation_id", allow_null=True)
    frequency = out.choice("frequency")
    starts_on = serializers.DateField()
    ends_on = serializers.DateField(allow_null=True)
    days_to_report = serializers.IntegerField()
    responsible = serializers.SerializerMethodField()
    active = serializers.BooleanField()
    version = serializers.IntegerField()
    due_reports = DueOut(many=True)

    def get_responsible(self, schedule) -> str:
        return out.person_name(schedule.responsible)


class ScheduleIn(serializers.Serializer):
    frequency = serializers.CharField(required=False, help_text="monthly, quarterly, half_yearly, yearly…")
    starts_on = serializers.DateField(required=False)
    ends_on = serializers.DateField(required=False, allow_null=True)
    days_to_report = serializers.IntegerField(required=False)
    responsible = serializers.IntegerField(required=False, help_text="A staff member's id.")


def _schedules(**owner):
    return (
        ReportingSchedule.objects.filter(**owner)
        .select_related("responsible")
        .prefetch_related("due_reports")
        .order_by("-active", "starts_on", "id")
    )


def _answer(schedule_pk: int, status=200) -> Response:
    schedule = _schedules(pk=schedule_pk).get()
    response = Response(ScheduleOut(schedule).data, status=status)
    response["ETag"] = etag(schedule)
    if status == 201:
        response["Location"] = reverse("api:reporting_schedule", kwargs={"pk": schedule.pk})
    return response


def _create(request, *, project=None, obligation=None):
    instance = ReportingSchedule(project=project, obligation=obligation)
    form = on_top(
        lambda data: ScheduleForm(data, instance=instance),
        form_data(json_object(request)),
        refused=("version",),
    )
    saved = schedules.schedule_save(
        actor=request.user, schedule=None, data=form.schedule_data(), project=project, obligation=obligation
    )
    return _answer(saved.pk, status=201)


class ProjectSchedules(Api):
    """A project's reporting schedules with their due reports (the commune's staff); POST adds one, as
    the page (the unit and the project's manager)."""

    serializer_class = ScheduleOut

    @extend_schema(responses=ScheduleOut(many=True))
    def get(self, request, pk: int):
        project = access.schedules_project_for(request.user, pk)
        return Response(ScheduleOut(_schedules(project=project), many=True).data)

    @extend_schema(request=ScheduleIn, responses={201: ScheduleOut})
    def post(self, request, pk: int):
        return _create(request, project=access.schedules_project_for(request.user, pk, write=True))


class ObligationSchedules(Api):
    """An agreement obligation's reporting schedules (the commune's staff); POST adds one (the unit)."""

    serializer_class = ScheduleOut

    @extend_schema(responses=ScheduleOut(many=True))
    def get(self, request, pk: int):
        obligation = access.schedules_obligation_for(request.user, pk)
        return Response(ScheduleOut(_schedules(obligation=obligation), many=True).data)

    @extend_schema(request=ScheduleIn, responses={201: ScheduleOut})
    def post(self, request, pk: int):
        return _create(request, obligation=access.schedules_obligation_for(request.user, pk, write=True))


class ActiveIn(serializers.Serializer):
    active = serializers.BooleanField(help_text="false: stopped, it owes nothing more; true: started again.")


class ScheduleDetail(Api):
    """One schedule with its due reports; PATCH changes it as the page (only the fields sent, If-Match)
    or stops and restarts it (`active`)."""

    serializer_class = ScheduleOut

    def get(self, request, pk: int):
        access.schedule_for(request.user, pk)
        return _answer(pk)

    @extend_schema(request=ScheduleIn, parameters=[IF_MATCH], responses={200: ScheduleOut})
    def patch(self, request, pk: int):
        schedule = access.schedule_for(request.user, pk, write=True)
        version = expected_version(request, schedule)
        body = dict(json_object(request))
        active = body.pop("active", None)
        if active is not None and not isinstance(active, bool):
            raise Invalid({"active": [_("Send true or false.")]})
        if body:
            form = on_top(
                lambda data: ScheduleForm(data, instance=ReportingSchedule.objects.get(pk=pk)),
                form_data(body),
                refused=("version",),
                extra={"version": str(version)},
            )
            schedules.schedule_save(
                actor=request.user,
                schedule=schedule,
                data=form.schedule_data(),
                project=schedule.project,
                obligation=schedule.obligation,
                expected_version=version,
            )
        if active is not None:
            schedules.schedule_set_active(
                actor=request.user, schedule=access.schedule_for(request.user, pk), active=active
            )
        return _answer(pk)


def _due(request, pk: int) -> DueReport:
    due = get_object_or_404(DueReport, pk=pk)
    due.schedule = access.schedule_for(request.user, due.schedule_id)
    return due


class DueDone(Api):
    """Mark a due report made, as the schedule page (the unit, the project's manager, or the person
    responsible)."""

    serializer_class = DueOut

    @extend_schema(request=None, responses={200: DueOut})
    def post(self, request, pk: int):
        due = _due(request, pk)
        if not schedules.may_mark(request.user, due):
            raise PermissionDenied
        schedules.due_report_done(actor=request.user, due=due)
        return Response(DueOut(DueReport.objects.get(pk=pk)).data)


class ReopenIn(serializers.Serializer):
    reason = serializers.CharField(help_text="Why it is reopened.")


class DueReopen(Api):
    """Open a report marked made again, saying why (whoever manages the schedule)."""

    serializer_class = DueOut

    @extend_schema(request=ReopenIn, responses={200: DueOut})
    def post(self, request, pk: int):
        due = _due(request, pk)
        if not schedules.may_manage(request.user, due.schedule):
            raise PermissionDenied
        body = form_data(json_object(request))
        data = valid(ReopenForm(changes_to(ReopenForm(), body)))
        schedules.due_report_reopen(actor=request.user, due=due, reason=data["reason"])
        return Response(DueOut(DueReport.objects.get(pk=pk)).data)
