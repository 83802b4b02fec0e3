"""The narrative progress report page: choose a date range, a language and a format, download it.

Whoever may see the project downloads it: the commune's staff, and the project's partner viewers
(the report holds approved values only, exactly what they may read). The form is sent by GET: a
download reads, it writes nothing.
"""

from django import forms
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET

from sharaka.core.forms import DateField, DateInput, SharakaForm
from sharaka.results import access, narrative

MAX_DAYS = 366 * 10


class ReportForm(SharakaForm):
    start = DateField(label=_("From"), widget=DateInput())
    end = DateField(label=_("To"), widget=DateInput())
    language = forms.ChoiceField(
        label=_("Language of the report"),
        choices=[("ar", _("Arabic")), ("fr", _("French")), ("en", _("English"))],
    )
    format = forms.ChoiceField(
        label=_("Format"), choices=[("pdf", _("PDF")), ("docx", _("Word (DOCX)"))], widget=forms.RadioSelect
    )

    def clean(self):
        data = super().clean()
        start, end = data.get("start"), data.get("end")
        if start and end:
            if end < start:
                raise ValidationError({"end": _("The range cannot end before it starts.")})
            if (end - start).days > MAX_DAYS:
                raise ValidationError({"end": _("The range covers at most ten years.")})
        return data


def _initial(request) -> dict:
    start, end = narrative.last_full_quarter(timezone.localdate())
    language = (get_language() or "ar").split("-")[0]
    return {
        "start": start,
        "end": end,
        "language": language if language in narrative.LANGUAGES else "ar",
        "format": "pdf",
    }


@require_GET
def results_report(request, pk):
    project = access.get_project_for(request.user, pk)  # 404 for those who may not see the project
    form = ReportForm(request.GET if "format" in request.GET else None, initial=_initial(request))
    if form.is_bound and form.is_valid():
        d = form.cleaned_data
        data = narrative.build(project, d["start"], d["end"], d["language"])
        if d["format"] == "docx":
            content, content_type = narrative.to_docx(data), narrative.DOCX_TYPE
        else:
            content, content_type = narrative.to_pdf(data), "application/pdf"
        response = HttpResponse(content, content_type=content_type)
        name = narrative.filename(project, d["start"], d["end"], d["language"], d["format"])
        response["Content-Disposition"] = f'attachment; filename="{name}"'
        return response
    return render(
        request,
        "results/report_form.html",
        {"project": project, "form": form, "may_report": access.may_report(request.user, project)},
    )
